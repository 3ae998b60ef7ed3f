"""A source's line thinned by its database (M4), on SQLite and PostgreSQL, keeps the x margin the
whole line keeps where several rows share its first or last x (two readings of one time), as the
same rows in a data-folder CSV file draw it: the few rows M4 keeps hold one of them, which alone
tells no run, so its axis ran from spine to spine and its ticks stood elsewhere. Of the rows of one
time it keeps those the CSV file's line keeps too, at its ends and in every pixel column: SQLite
kept the first it read of a column's last time where the frame keeps the last, and PostgreSQL kept
every row of it, drawing a short vertical stroke."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.source_data import write_tables
from tests.test_tick_labels import x_tick_labels

ROWS = 3000  # 15 a pixel column at width=200: thinned by the database
ENDS = [(False, True), (True, False), (True, True), (False, False)]  # whether the first, the last time repeats


def minutes(first_repeats: bool, last_repeats: bool, same_reading: bool, every: int = 0) -> pd.DataFrame:
    """ROWS minutes from the last days of February into March, whose first or last time (or both)
    is read twice (and with `every`, each `every`-th minute too): a random walk read the same again,
    or readings going up and down between 0 and 2 each minute, whose twice-read times read 0.5 and
    1.5 in that order (as the database orders rows of one time, by their reading), neither a pixel
    column's lowest or highest (SQLite's M4 kept one of those rows, the first it read, where a
    frame keeps the last)."""
    rng = np.random.default_rng(3)
    values = np.cumsum(rng.normal(0, 1, ROWS)).round(3) if same_reading else np.arange(ROWS) % 2 * 2.0
    frame = pd.DataFrame({"t": pd.date_range("2024-02-28 12:00", periods=ROWS, freq="min"), "v": values})
    again = [frame.iloc[[i]] for i, repeats in ((0, first_repeats), (-1, last_repeats)) if repeats]
    if every:
        again.append(frame.iloc[every:-1:every])
    frame = pd.concat([frame, *again]).sort_values("t", kind="stable", ignore_index=True)
    if not same_reading:
        twice = frame["t"].duplicated(keep=False)
        frame.loc[twice, "v"] = np.where(frame["t"][twice].duplicated(), 1.5, 0.5)
    return frame


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    """Which database holds the source's table (`write_tables`)."""
    return request


def charts(tmp_path: Path, backend, source_client, frame: pd.DataFrame, width: int) -> tuple[bytes, bytes]:
    """The line of `frame` `width` pixels wide as a source's table and as a CSV file in the data folder."""
    url = write_tables(backend, tmp_path / "ends.db", {"ends": frame})
    (tmp_path / "csv").mkdir()
    source = source_client(tmp_path, url, ["ends"])
    csv = source_client(tmp_path / "csv", url, [], files={"ends.csv": frame.to_csv(index=False)})
    answers = [client.get(f"/plot/ends.svg?y=v&width={width}") for client in (source, csv)]
    assert [answer.status_code for answer in answers] == [200, 200]
    return answers[0].data, answers[1].data


@pytest.mark.parametrize("width", [200, 640])
@pytest.mark.parametrize("ends", ENDS)
def test_a_thinned_source_line_of_a_time_read_twice_is_the_chart_of_a_csv_of_the_same_rows(
        tmp_path: Path, backend, source_client, ends, width):
    ours, theirs = charts(tmp_path, backend, source_client, minutes(*ends, same_reading=True), width)
    assert ours == theirs


@pytest.mark.parametrize("width", [200, 640])
@pytest.mark.parametrize("ends", ENDS)
def test_a_thinned_source_line_of_two_readings_of_one_time_is_the_chart_of_a_csv_of_the_same_rows(
        tmp_path: Path, backend, source_client, ends, width):
    ours, theirs = charts(tmp_path, backend, source_client, minutes(*ends, same_reading=False), width)
    ticks = x_tick_labels(ours)
    assert ticks == x_tick_labels(theirs)
    assert any(label.startswith("Mar") for _, label in ticks)
    assert ours == theirs


@pytest.mark.parametrize("width", [200, 640])
def test_a_thinned_source_line_keeps_the_rows_of_one_time_a_csv_of_the_same_rows_keeps(
        tmp_path: Path, backend, source_client, width):
    # Every 7th minute read twice besides both ends: some are a pixel column's first or last time.
    frame = minutes(True, True, same_reading=False, every=7)
    url = write_tables(backend, tmp_path / "ends.db", {"ends": frame})
    (tmp_path / "csv").mkdir()
    source = source_client(tmp_path, url, ["ends"])
    csv = source_client(tmp_path / "csv", url, [], files={"ends.csv": frame.to_csv(index=False)})
    answers = {extension: [client.get(f"/plot/ends.{extension}?y=v&width={width}") for client in (source, csv)]
               for extension in ("json", "csv", "svg")}
    assert {extension: [a.status_code for a in pair] for extension, pair in answers.items()} == \
        {extension: [200, 200] for extension in answers}
    # The rows the chart draws (every row: its data is not thinned), and the line itself.
    [ours, theirs] = [{k: v for k, v in json.loads(a.data).items() if k != "version"} for a in answers["json"]]
    assert ours == theirs
    assert answers["csv"][0].data == answers["csv"][1].data
    assert answers["svg"][0].data == answers["svg"][1].data
