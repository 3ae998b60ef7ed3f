"""A split, resampled line breaks, per series, at each period its series has no rows in, as the line of
that series alone does, on every path (the frame's and each database's): a service's latency by hour,
p95 or mean, quiet for two hours, is drawn in two pieces, where another service's rows those hours
join nothing across them."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest

from tests.conftest import described, refusal
from tests.source_data import BIG_STORES, PATHS, path_clients
from tests.test_series_split import drawing

EVERY_PATH = (*PATHS, *BIG_STORES)
QUIET_HOURS = (3, 4)  # the hours service db has no rows in


def latency_frame() -> pd.DataFrame:
    """Rows `t, service, latency` every 5 minutes of eight hours for api, a minute later for db, but
    none of db's in its quiet hours."""
    rows = []
    for at, moment in enumerate(pd.date_range("2026-12-06 00:00", periods=8 * 12, freq="5min")):
        rows.append((moment, "api", 100.0 + at % 7))
        if moment.hour not in QUIET_HOURS:
            rows.append((moment + pd.Timedelta("1min"), "db", 40.0 + at % 5))
    return pd.DataFrame(rows, columns=["t", "service", "latency"])


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    frame = latency_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("quiet"), frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


def line_pieces(svg: bytes, width: str) -> list[int]:
    """How many pieces each series' line is drawn in (each begins with a move), in the legend's order:
    the paths as wide as a line (1.6 points, an area's 1.2) clipped to the plot, which the legend's
    are not."""
    return [d.count("M") for d in re.findall(rf'<path d="([^"]*)" clip-path="[^"]*"[^>]*stroke-width="{width}"',
                                             svg.decode())]


@pytest.mark.parametrize("query", ["kind=line&agg=p95", "kind=line&agg=mean", "kind=area&agg=mean"])
def test_a_split_resampled_line_breaks_where_its_own_series_has_no_rows_on_every_path(clients, query):
    width = "1.2" if "area" in query else "1.6"
    url = f"/plot/t.svg?x=t&y=latency&series=service&resample=hour&{query}"
    first = None
    for path in EVERY_PATH:
        answer = clients[path].get(url)
        assert answer.status_code == 200, (path, answer.get_data(as_text=True))
        # api has rows every hour: one piece; db none at 03:00 and 04:00: two, as db's line alone is.
        assert line_pieces(answer.data, width) == [1, 2], (path, described(answer.data))
        # Its words count the hours each series has a value in, as db's line alone says "6 hours".
        assert " by t, 8 hours, 8 hours of api and 6 of db. " in described(answer.data), (path, described(answer.data))
        first = first or drawing(answer.data)
        assert drawing(answer.data) == first, path


def test_a_split_resampled_series_breaks_as_its_line_alone_does(clients):
    client = clients["data folder"]
    alone = client.get("/plot/t.svg?x=t&y=latency&filter.service=db&resample=hour&agg=mean").data
    split = client.get("/plot/t.svg?x=t&y=latency&series=service&resample=hour&agg=mean").data
    assert line_pieces(alone, "1.6") == [2] == line_pieces(split, "1.6")[1:]
    assert described(alone).startswith("Line chart of latency by t, 6 hours. "), described(alone)
    csv = client.get("/plot/t.csv?x=t&y=latency&series=service&resample=hour&agg=mean").get_data(as_text=True)
    quiet = [line for line in csv.splitlines() if line.startswith(("2026-12-06T03:", "2026-12-06T04:"))]
    assert len(quiet) == 2 and all(line.endswith(",") for line in quiet), csv  # the break: db's empty cells


@pytest.mark.parametrize("path", ["data folder", "postgresql source"])
def test_a_gap_on_a_split_resampled_line_is_refused_saying_each_series_breaks_at_its_empty_periods(clients, path):
    said = refusal(clients[path], "/plot/t.json?x=t&y=latency&series=service&resample=hour&agg=p95&gap=90m")
    assert ("gap does not apply with resample=hour: a resampled line breaks at each empty hour already, each "
            "series' at each hour it has no rows in; use resample=none to break it at gaps in the rows") in said, said
