"""A time range over a date column other than the chart's x, where none of the rows its filters
chose has a time there, says so: "No rows for this filter have a when", not "No rows in this range",
which would tell of rows whose times lie outside it. Every path alike: a small stored dataset's frame,
a big one's database, a data-folder file and a source, on the chart, in its words and on its page."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tests.conftest import created, writable_app
from tests.source_data import write_tables
from tests.test_bounds_over_rows_without_x import note_and_words

ROWS = 40
# No row of station A has a `when`; the one row of C has one, in 2021.
CSV = "when,station,v\n" + "".join(f",A,{i}\n" for i in range(ROWS)) + "2021-01-01,C,1\n"
UNTIMED = ["x=v&y=v&kind=scatter&from=2000-01-01&filter.station=A",
           "kind=bar&x=station&y=v&to=2030-01-01&filter.station=A", "kind=hist&y=v&from=2000-01-01&filter.station=A"]
SAID = "No rows for this filter have a when, the column the range chooses rows by"


@pytest.fixture
def stored_sites(data_dir, store_url, closing):
    """Two sites over one store holding `untimed`: one shapes its rows in a frame, the other asks the
    store's database to (`pushdown_above_rows`); the first reads a data-folder file `folder` of the same rows."""
    (data_dir / "folder.csv").write_text(CSV, encoding="utf-8")
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    frame_site = closing(writable_app(data_dir, **settings))
    created(frame_site.test_client(), "untimed", CSV)
    database_site = closing(writable_app(data_dir, **settings))
    database_site.extensions["svgplots"].store.database.pushdown_above_rows = 10
    return frame_site.test_client(), database_site.test_client()


@pytest.mark.parametrize("query", UNTIMED)
def test_a_range_over_a_filters_rows_without_times_says_they_have_none_however_it_is_stored(stored_sites, query):
    frame, database = (note_and_words(client, query, "untimed") for client in stored_sites)
    folder = note_and_words(stored_sites[0], query, "folder")
    assert database == frame == folder
    assert SAID in frame[0] and "in this range" not in " ".join(frame[0]), frame
    assert frame[1].endswith(f", 0 rows. {SAID}."), frame


def test_a_range_leaving_out_rows_with_times_still_says_no_rows_in_this_range(stored_sites):
    frame, database = (note_and_words(client, "x=v&y=v&kind=scatter&to=2020-01-01&filter.station=C", "untimed")
                       for client in stored_sites)
    # (The range alone left none, which a frame and a database alike name.)
    for texts, words in (frame, database):
        assert words.endswith(" in this range.") and "have a when" not in words, words


@pytest.fixture(params=["sqlite", "postgresql"])
def source_site(request, tmp_path, app_over):
    """A site over a source table `untimed` of the same rows (in SQLite, then PostgreSQL), whose
    dashboard `u` ranges its scatter plot `s` by `when`."""
    frame = pd.DataFrame({"when": pd.Series([pd.NaT] * ROWS + [pd.Timestamp(2021, 1, 1)], dtype="datetime64[ns]"),
                          "station": ["A"] * ROWS + ["C"], "v": [float(i) for i in range(ROWS)] + [1.0]})
    url = write_tables(request, tmp_path / "untimed.db", {"untimed": frame})
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "u.toml").write_text('time_column = "when"\n[[filters]]\ncolumn = "station"\n[[charts]]\nid = "s"\n'
                                   'dataset = "untimed"\nkind = "scatter"\nx = "v"\ny = ["v"]\n', encoding="utf-8")
    return app_over({"db": {"url": url}}, {"untimed": {"source": "db", "table": "untimed"}}, boards).test_client()


@pytest.mark.parametrize("query", UNTIMED)
def test_a_range_over_a_sources_rows_without_times_says_they_have_none(source_site, query):
    texts, words = note_and_words(source_site, query, "untimed")
    assert SAID in texts and words.endswith(f", 0 rows. {SAID}."), (texts, words)


def test_a_dashboards_range_over_rows_without_times_says_so_on_the_chart_page(source_site):
    page = source_site.get("/d/u/s?from=2000-01-01&filter.station=A")
    assert page.status_code == 200, page.get_data(as_text=True)
    [alt] = re.findall(r'<img id="chart"[^>]* alt="([^"]*)"', page.get_data(as_text=True))
    assert f", 0 rows. {SAID}." in html.unescape(alt) and "in this range" not in alt, alt
