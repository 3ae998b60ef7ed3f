"""x bounds over rows none of which has an x leave out no row: such rows have no place on the chart
whatever its bounds. Its note and words say "No rows to draw", as they do without bounds, on every
path: a small stored dataset's frame, a big one's database and a source alike (they said "No rows
in this range" where a database chose the rows). Rows with an x that the bounds all leave out say
"No rows in this range" everywhere."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from tests.conftest import created, writable_app
from tests.source_data import write_tables

SVG = "{http://www.w3.org/2000/svg}"
# `gone` has no value in any row; `far`'s values all lie below xmin 100.
ROWS = 40
CSV = "gone,far,v\n" + "".join(f",{i},{i}\n" for i in range(ROWS))
# Station B's rows have no time; A's are all in 2020.
DATED = "when,station,v\n" + "".join(f"2020-01-{i % 28 + 1:02d},A,{i}\n,B,{i}\n" for i in range(ROWS))
NO_X = ["x=gone&y=v&xmin=100", "kind=area&x=gone&y=v&xmax=5", "kind=scatter&x=gone&y=v&xmin=1&xmax=2",
        "kind=bar&x=gone&y=v&xmin=100", "kind=bar&x=gone&y=v&agg=sum&xmin=0"]
LEFT_OUT = ["x=far&y=v&xmin=100", "kind=scatter&x=far&y=v&xmin=100", "kind=bar&x=far&y=v&xmin=100"]


def note_and_words(client, query: str, name: str = "gaps") -> tuple[list[str], str]:
    """The texts a chart's SVG draws and its words (its desc)."""
    answer = client.get(f"/plot/{name}.svg?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    svg = ET.fromstring(answer.data)
    return [text.text for text in svg.iter(f"{SVG}text")], svg.find(f"{SVG}desc").text


@pytest.fixture
def stored_sites(data_dir, store_url, closing):
    """Two sites over one store holding `gaps`: one shapes its rows in a frame, the other asks the
    store's database to (`pushdown_above_rows`)."""
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    frame_site = closing(writable_app(data_dir, **settings))
    created(frame_site.test_client(), "gaps", CSV)
    created(frame_site.test_client(), "dated", DATED)
    database_site = closing(writable_app(data_dir, **settings))
    database_site.extensions["svgplots"].store.database.pushdown_above_rows = 10
    return frame_site.test_client(), database_site.test_client()


@pytest.mark.parametrize("query", NO_X)
def test_bounds_over_rows_without_an_x_say_no_rows_to_draw_however_a_stored_dataset_is_charted(stored_sites, query):
    frame, database = (note_and_words(client, query) for client in stored_sites)
    assert database == frame
    texts, words = database
    assert "No rows to draw" in texts and "in this range" not in " ".join(texts)
    assert words.endswith(f", 0 rows. No rows to draw. {ROWS} rows have no gone and are not drawn."), words


@pytest.mark.parametrize("query", LEFT_OUT)
def test_bounds_leaving_out_every_row_with_an_x_say_no_rows_in_this_range_however_it_is_charted(stored_sites, query):
    frame, database = (note_and_words(client, query) for client in stored_sites)
    assert database == frame
    assert "No rows in this range" in database[0] and database[1].endswith(", 0 rows. No rows in this range."), database


@pytest.fixture(params=["sqlite", "postgresql"])
def source_site(request, tmp_path, app_over):
    """A site over a source table `gaps` of the same rows and one of none, `empty` (in SQLite, then
    PostgreSQL), whose dashboard `g` draws a line of `gaps` by `gone` from xmin 100."""
    frame = pd.DataFrame({"gone": [float("nan")] * ROWS, "far": [float(i) for i in range(ROWS)],
                          "v": list(range(ROWS))})
    empty = pd.DataFrame({"n": pd.Series([], dtype=float), "v": pd.Series([], dtype=float)})
    undated = pd.DataFrame({"when": pd.Series([pd.NaT] * ROWS, dtype="datetime64[ns]"),
                            "dated": pd.Series([pd.Timestamp(2020, 1, 1)] * ROWS), "station": ["B"] * ROWS,
                            "v": list(range(ROWS))})
    url = write_tables(request, tmp_path / "gaps.db", {"gaps": frame, "empty": empty, "undated": undated})
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "g.toml").write_text('title = "G"\n[[charts]]\nid = "c"\ndataset = "gaps"\nx = "gone"\ny = ["v"]\n'
                                   'xmin = 100\n[[charts]]\nid = "t"\ndataset = "undated"\nx = "when"\ny = ["v"]\n'
                                   '[[filters]]\ncolumn = "station"\n',
                                   encoding="utf-8")
    datasets = {name: {"source": "db", "table": name} for name in ("gaps", "empty", "undated")}
    return app_over({"db": {"url": url}}, datasets, boards).test_client()


@pytest.mark.parametrize("query", NO_X)
def test_bounds_over_a_sources_rows_without_an_x_say_no_rows_to_draw(source_site, query):
    texts, words = note_and_words(source_site, query)
    # A source's chart counts no rows without an x (README: a second pass over its rows).
    assert "No rows to draw" in texts and words.endswith(", 0 rows. No rows to draw."), (texts, words)


@pytest.mark.parametrize("query", LEFT_OUT)
def test_bounds_leaving_out_every_row_of_a_source_with_an_x_say_no_rows_in_this_range(source_site, query):
    texts, words = note_and_words(source_site, query)
    assert "No rows in this range" in texts and words.endswith(", 0 rows. No rows in this range."), (texts, words)


def test_a_chart_page_of_a_sources_rows_without_an_x_says_no_rows_to_draw(source_site):
    page = source_site.get("/d/g/c")
    assert page.status_code == 200, page.get_data(as_text=True)
    [alt] = re.findall(r'<img id="chart"[^>]* alt="([^"]*)"', page.get_data(as_text=True))
    assert html.unescape(alt).endswith(", 0 rows. No rows to draw."), alt


@pytest.mark.parametrize("query", ["kind=hist&y=v&xmin=0", "x=n&y=v&xmin=0", "kind=bar&x=n&y=v&xmax=0"])
def test_bounds_over_a_source_of_no_rows_say_no_rows_to_draw(source_site, query):
    # As a chart of a frame of no rows says: no bound left out a row.
    texts, words = note_and_words(source_site, query, "empty")
    assert "No rows to draw" in texts and words.endswith(", 0 rows. No rows to draw."), (texts, words)


# A histogram's xmin and xmax set where its bins run: they choose no rows, so rows without values
# say "No values to draw" with them as without them; "in this range" is for values beyond them.
HIST_NO_VALUES = ["kind=hist&y=gone&xmin=0", "kind=hist&y=gone&xmax=5", "kind=hist&y=gone&xmin=0&xmax=5&bins=4"]


@pytest.mark.parametrize("query", HIST_NO_VALUES)
def test_a_histograms_bounds_over_rows_without_values_say_no_values_to_draw_however_it_is_stored(stored_sites, query):
    frame, database = (note_and_words(client, query) for client in stored_sites)
    assert database == frame
    texts, words = database
    assert "No values to draw" in texts and "in this range" not in " ".join(texts)
    assert words.endswith(f", {ROWS} rows. No values to draw."), words


@pytest.mark.parametrize("query", HIST_NO_VALUES)
def test_a_histograms_bounds_over_a_sources_rows_without_values_say_no_values_to_draw(source_site, query):
    texts, words = note_and_words(source_site, query)
    assert "No values to draw" in texts and words.endswith(f", {ROWS} rows. No values to draw."), (texts, words)


def test_a_histograms_values_all_beyond_its_bounds_say_where_they_lie(source_site):
    texts, words = note_and_words(source_site, "kind=hist&y=far&xmin=100")
    assert f"All {ROWS} values lie below xmin 100" in texts, texts


# A time range over the chart's x chooses rows by it as x bounds do: rows without an x it leaves out
# have no place on the chart whatever its range, and say what the chart without the range says.
RANGED = ["x=when&y=v&from=2000-01-01", "kind=scatter&x=when&y=v&to=2030-01-01",
          "kind=bar&x=when&y=v&from=2000-01-01&to=2030-01-01", "kind=area&x=when&y=v&from=2000-01-01"]


@pytest.mark.parametrize("query", RANGED)
def test_a_time_range_over_a_sources_rows_without_an_x_says_no_rows_to_draw(source_site, query):
    texts, words = note_and_words(source_site, query, "undated")
    assert "No rows to draw" in texts and words.endswith(", 0 rows. No rows to draw."), (texts, words)


def test_a_time_range_leaving_out_every_row_of_a_source_with_an_x_says_no_rows_in_this_range(source_site):
    texts, words = note_and_words(source_site, "x=dated&y=v&from=2030-01-01", "undated")
    assert "No rows in this range" in texts and words.endswith(", 0 rows. No rows in this range."), (texts, words)


def test_a_dashboards_range_over_a_sources_rows_without_an_x_says_no_rows_to_draw_on_the_chart_page(source_site):
    page = source_site.get("/d/g/t?from=2000-01-01")
    assert page.status_code == 200, page.get_data(as_text=True)
    [alt] = re.findall(r'<img id="chart"[^>]* alt="([^"]*)"', page.get_data(as_text=True))
    assert ", 0 rows. No rows to draw." in html.unescape(alt) and "in this range" not in alt, alt


# A filter that chose rows, none of which has an x, left some: they have no place on the chart, and it
# says so as x bounds over them do, counting them where its rows are counted (not a source's), on every
# path and with a range over x too: tests/test_range_over_a_filters_rows_without_x.py.


def test_a_dashboards_filter_of_a_sources_rows_without_an_x_says_no_rows_to_draw_on_the_chart_page(source_site):
    page = source_site.get("/d/g/t?filter.station=B")
    assert page.status_code == 200, page.get_data(as_text=True)
    [alt] = re.findall(r'<img id="chart"[^>]* alt="([^"]*)"', page.get_data(as_text=True))
    assert ", 0 rows. No rows to draw." in html.unescape(alt) and "for this filter" not in alt, alt


def test_a_time_range_leaving_out_every_row_of_a_stored_dataset_with_an_x_says_no_rows_in_this_range(stored_sites):
    frame, database = (note_and_words(client, "x=when&y=v&to=2010-01-01", "dated") for client in stored_sites)
    assert database == frame and "No rows in this range" in frame[0], frame


def test_a_dashboards_report_of_a_range_over_a_sources_rows_without_an_x_says_no_rows_to_draw(source_site, tmp_path):
    from tests.test_pdf import pdf_text, saved

    answer = source_site.get("/d/g.pdf?from=2000-01-01")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    text = pdf_text(saved(answer.data, tmp_path))
    assert "No rows to draw" in text and "in this range" not in text, text
