"""`gap`: a line or area breaks where consecutive rows lie further apart than the chart's gap (a duration
where x holds dates, a number where it holds numbers), drawn whole or thinned per pixel column, and its
words count the gaps and name the longest; the kinds, x and values that cannot take it refused with a 400
saying what does; a dashboard file's gap checked as the site starts; the OpenAPI description gives it."""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from app.dashboards import DashboardError
from plots.describe import describe
from plots.downsample import pixel_columns_at, thin_line
from plots import line_gaps
from plots.line_gaps import gaps_after
from plots.render import build_figure, render_svg
from plots.spec_parser import parse_spec
from tests.conftest import chart_url_descriptions, dashboard_site, described, refusal, site_holding
from tests.test_http import SpecForm, image_query, submitted

# Daily readings of a shop closed from 2024-08-01 to 2024-08-31, and readings along a numeric x with a
# stretch from 10 to 20 without rows.
SHOP = "day,sales\n" + "".join(f"{d.date()},{i % 7 + 1}\n" for i, d in enumerate(pd.date_range("2024-07-01", "2024-09-30"))
                               if d.month != 8)
ALONG = "km,depth\n" + "".join(f"{k},{k % 3}\n" for k in [*range(0, 11), *range(20, 31)])
NAMED = "name,v\na,1\nb,2\nc,3\n"
COLUMNS = {"day": "datetime", "sales": "float"}


@pytest.fixture
def client(data_dir):
    """A site holding `shop`, `along` and `named`."""
    return site_holding(data_dir, {"shop": SHOP, "along": ALONG, "named": NAMED})


def pieces(svg: bytes, width: str = "1.6") -> int:
    """How many pieces the chart's line (the path as wide as a line: 1.6 points, an area's 1.2) is drawn
    in: each begins with a move."""
    return re.search(rf'<path d="([^"]*)"[^>]*stroke-width="{re.escape(width)}"', svg.decode()).group(1).count("M")


def drawn(client, url: str) -> bytes:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.data


def test_a_line_without_a_gap_joins_the_rows_either_side_of_a_month_without_rows(client):
    svg = drawn(client, "/plot/shop.svg?x=day&y=sales")
    assert pieces(svg) == 1
    assert "gap" not in described(svg)


def test_a_line_breaks_where_its_rows_lie_further_apart_than_its_gap(client):
    svg = drawn(client, "/plot/shop.svg?x=day&y=sales&gap=3d")
    assert pieces(svg) == 2
    assert ("the line breaks at 1 gap of more than 3 days between its rows, 32 days, "
            "from 2024-07-31 to 2024-09-01.") in described(svg), described(svg)


def test_an_area_breaks_at_its_gap_too(client):
    svg = drawn(client, "/plot/shop.svg?kind=area&x=day&y=sales&gap=1w")
    assert pieces(svg, "1.2") == 2
    assert "the area breaks at 1 gap of more than 1 week between its rows" in described(svg)


def test_a_gap_wider_than_every_distance_breaks_nothing_and_says_so(client):
    svg = drawn(client, "/plot/shop.svg?x=day&y=sales&gap=40d")
    assert svg != drawn(client, "/plot/shop.svg?x=day&y=sales") and pieces(svg) == 1
    assert "the line breaks at no gap of more than 40 days between its rows." in described(svg), described(svg)


def test_a_numeric_x_takes_a_number_as_its_gap(client):
    svg = drawn(client, "/plot/along.svg?x=km&y=depth&gap=2.5")
    assert pieces(svg) == 2
    assert "the line breaks at 1 gap of more than 2.5 between its rows, 10, from 10 to 20." in described(svg)


def test_several_gaps_are_counted_and_the_longest_named():
    days = pd.date_range("2024-01-01", "2024-03-31")
    rows = days[~(((days >= "2024-01-10") & (days < "2024-01-13")) | ((days >= "2024-02-01") & (days < "2024-02-08")))]
    frame = pd.DataFrame({"day": rows, "sales": np.arange(len(rows), dtype=float)})
    words = describe(parse_spec({"y": ["sales"], "gap": ["36h"]}, COLUMNS), frame)[1]
    assert ("the line breaks at 2 gaps of more than 36 hours between its rows, the longest 8 days, "
            "from 2024-01-31 to 2024-02-08.") in words, words


@pytest.mark.parametrize("x, gap, said", [
    # Tiny: the gap and the longest said as decimals, where they read "2e−06" and "4e−06".
    ([0.0, 1e-6, 5e-6], "2e-6", "breaks at 1 gap of more than 0.000002 between its rows, 0.000004, from"),
    # Huge: a pixel column of 4.6875e+17 and the longest 2e+20 in words, as the other numbers of a chart's words are.
    ([0.0, 1e20, 3e20], "1e15", "breaks at 2 gaps of more than 1000000000000000 and a pixel column "
                               "(468.8 quadrillion) between its rows, the longest 200 quintillion, from"),
])
def test_a_gap_s_words_say_tiny_and_huge_numbers_without_a_power_of_ten(x, gap, said):
    frame = pd.DataFrame({"km": x, "depth": [1.0, 2.0, 3.0]})
    words = describe(parse_spec({"x": ["km"], "y": ["depth"], "gap": [gap]}, {"km": "float", "depth": "float"}),
                     frame)[1]
    assert said in words, words
    assert not re.search(r"[0-9]e[+−-]?[0-9]", words), words


def test_a_thinned_line_breaks_at_a_gap_wider_than_its_bound_and_nowhere_else():
    # A reading a minute for a year, the sensor offline three days of August: thinned per pixel column (M4),
    # where a pixel column holds some 13 hours of rows, so that the points it keeps lie hours apart.
    minutes = pd.date_range("2024-01-01", "2024-12-31", freq="min")
    minutes = minutes[(minutes < "2024-08-01") | (minutes >= "2024-08-04")]
    frame = pd.DataFrame({"day": minutes, "sales": np.sin(np.arange(len(minutes)) / 500.0)})
    for gap, pieces in (("1h", 2), ("2d", 2), ("5d", 1)):
        figure = build_figure(parse_spec({"y": ["sales"], "gap": [gap]}, COLUMNS), frame)
        y = np.asarray(figure.axes[0].get_lines()[0].get_ydata(), dtype=float)
        assert len(y) < 4 * pixel_columns_at(640, figure.dpi) + 2  # thinned
        present = np.isfinite(y)
        assert int(present[0]) + int(np.sum(present[1:] & ~present[:-1])) == pieces, gap


def test_a_gap_narrower_than_a_pixel_column_is_neither_drawn_nor_counted_and_the_words_say_so():
    # 1,000 km over 200 pixel columns, some 5 km each: km 499 to 503 lies across two columns but within
    # 5 km, km 699 to 720 wider; a gap of 2 km is met at both.
    km = [k for k in range(1000) if not (500 <= k < 503 or 700 <= k < 720)]
    frame = pd.DataFrame({"km": km, "depth": np.arange(len(km)) % 7})
    spec = parse_spec({"x": ["km"], "y": ["depth"], "gap": ["2"], "width": ["200"]}, {"km": "integer", "depth": "integer"})
    svg = render_svg(spec, frame)
    assert pieces(svg) == 2
    assert ("the line breaks at 1 gap of more than 2 and a pixel column (4.995) between its rows, 21, "
            "from 699 to 720.") in described(svg)


def test_a_gap_wider_than_a_pixel_column_says_nothing_of_columns(client):
    words = described(drawn(client, "/plot/shop.svg?x=day&y=sales&gap=3d"))
    assert "the line breaks at 1 gap of more than 3 days between its rows, 32 days" in words
    assert "pixel column" not in words


def test_a_gap_is_found_alike_in_every_row_and_in_the_rows_thinning_keeps():
    minutes = pd.date_range("2024-01-01", periods=200_000, freq="min")
    minutes = minutes[(minutes < "2024-02-01") | (minutes >= "2024-02-02")]
    frame = pd.DataFrame({"day": minutes, "sales": np.cos(np.arange(len(minutes)) / 97.0)})
    spec = parse_spec({"y": ["sales"], "gap": ["2h"], "width": ["200"]}, COLUMNS)
    kept = thin_line(frame["day"].to_numpy(), frame["sales"].to_numpy(), 200)
    every = frame["day"].iloc[gaps_after(frame, spec)].tolist()
    thinned = frame.iloc[kept].reset_index(drop=True)
    assert every == thinned["day"].iloc[gaps_after(thinned, spec)].tolist() == [pd.Timestamp("2024-01-31 23:59")]


@pytest.mark.parametrize("bounds", [{}, {"xmin": ["2024-07-15"], "xmax": ["2024-09-15"]}])
def test_a_chart_s_gaps_are_found_once_for_its_drawing_and_its_words(monkeypatch, bounds):
    # Within x bounds too, where the line runs on to a row beyond each and the words name the rows within.
    frame = pd.read_csv(io.StringIO(SHOP), parse_dates=["day"])
    spec = parse_spec({"x": ["day"], "y": ["sales"], "gap": ["3d"], **bounds}, COLUMNS)
    searches = []
    search = line_gaps._gaps_and_x
    monkeypatch.setattr(line_gaps, "_gaps_and_x", lambda *given: searches.append(1) or search(*given))
    svg = render_svg(spec, frame)
    assert len(searches) == 1
    assert pieces(svg) == 2
    assert "the line breaks at 1 gap of more than 3 days between its rows, 32 days, " \
           "from 2024-07-31 to 2024-09-01." in described(svg)


@pytest.mark.parametrize("query, said", [
    ("kind=bar&x=day&y=sales&gap=3d", "gap does not apply to kind=bar, which joins no rows; it applies to kind=line "
                                      "or kind=area"),
    ("kind=hist&y=sales&gap=3d", "gap does not apply to kind=hist"),
    ("kind=scatter&x=day&y=sales&gap=3d", "gap does not apply to kind=scatter"),
    ("x=day&y=sales&gap=3", "gap=3 is a number, but x='day' holds dates: give a duration"),
    ("x=day&y=sales&gap=1M", "gap must be one length, and months and years are not, got '1M'; write it in days"),
    ("x=day&y=sales&gap=3x", "gap's unit must be s, m (minutes), h, d or w, got '3x'"),
    ("x=day&y=sales&gap=0d", "gap must be above 0, got '0d'"),
    ("x=day&y=sales&gap=soon", "gap must be a duration or a number, got 'soon'"),
    ("x=day&y=sales&gap=3d&resample=week", "gap does not apply with resample=week: a resampled line breaks at each "
                                           "empty week already; use resample=none"),
    ("x=day&y=sales&gap=3d&resample=week&agg=sum", "gap does not apply with resample=week: a resampled sum is 0 at "
                                                   "each empty week, its line unbroken from its first week to its "
                                                   "last; use resample=none"),
])
def test_a_gap_that_makes_no_sense_is_a_400_saying_what_it_takes(client, query, said):
    assert said in refusal(client, f"/plot/shop.json?{query}")


@pytest.mark.parametrize("gap, said", [
    ("1e400", "gap must be a number a 64-bit float holds, got '1e400'"),
    ("nan", "gap must be a duration or a number, got 'nan'"),
    ("inf", "gap must be a duration or a number, got 'inf'"),
    ("-1", "gap must be above 0, got '-1'"),
    ("-2.5", "gap must be above 0, got '-2.5'"),
    ("1e-400", "gap must be above 0, got '1e-400', closer to 0 than a 64-bit float holds"),
])
def test_a_number_gap_no_float_holds_or_not_above_0_is_a_400_saying_so(client, gap, said):
    message = refusal(client, f"/plot/along.json?x=km&y=depth&gap={gap}")
    assert client.get(f"/plot/along.svg?x=km&y=depth&gap={gap}").status_code == 400
    assert said in message and "a number above 0 where x holds numbers (gap=2.5)" in message


def test_a_duration_below_0_is_a_400_saying_it_must_be_above_0(client):
    assert "gap must be above 0, got '-3d'" in refusal(client, "/plot/shop.json?x=day&y=sales&gap=-3d")


def test_a_duration_over_numbers_and_a_gap_over_text_are_400s(client):
    assert "gap=3d is a duration, but x='km' holds numbers: give a number (gap=3)" in refusal(
        client, "/plot/along.json?x=km&y=depth&gap=3d")
    assert "gap does not apply to x='name', which holds text" in refusal(client, "/plot/named.json?x=name&y=v&gap=1")


def test_gap_is_named_among_the_parameters_a_refusal_lists(client):
    assert ", gap" in refusal(client, "/plot/shop.json?gapp=3d")


def test_a_gap_changes_the_drawing_only(client):
    gapped, joined = (client.get(f"/plot/shop.json?x=day&y=sales{extra}").get_json() for extra in ("&gap=3d", ""))
    assert gapped["rows"] == joined["rows"] and gapped["spec"]["gap"] == "3d"


ROWS = {"s.csv": "t,v,w\n2024-01-01,1,4\n2024-01-02,2,3\n2024-01-09,3,2\n2024-01-10,4,1\n"}


def test_a_dashboard_chart_s_gap_and_a_url_undoing_it(tmp_path):
    client = dashboard_site(tmp_path, ROWS, '[[charts]]\nid = "c"\ndataset = "s"\ngap = "2d"\n').test_client()
    assert client.get("/d/m/c.json").get_json()["spec"]["gap"] == "2d"
    assert pieces(client.get("/d/m/c.svg").data) == 2
    assert pieces(client.get("/d/m/c.svg?gap=none").data) == 1
    # Left out under a kind the URL asks for that joins no rows; the URL's own is refused.
    assert "gap" not in client.get("/d/m/c.json?kind=bar").get_json()["spec"]
    said = client.get("/d/m/c.json?kind=bar&gap=3d").get_json()["error"]
    assert "gap does not apply to kind=bar" in said and "gap=none undoes it" not in said, said


@pytest.mark.parametrize("chart, said", [
    ('gap = "2 fortnights"', "chart 'c': gap's unit must be s, m (minutes), h, d or w"),
    ('gap = 2', "chart 'c': gap=2 is a number, but x='t' holds dates"),
    ('kind = "box"\ngap = "2d"', "chart 'c': gap does not apply to kind=box"),
])
def test_a_dashboard_file_s_bad_gap_is_refused_as_the_site_starts(tmp_path, chart, said):
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, ROWS, f'[[charts]]\nid = "c"\ndataset = "s"\n{chart}\n')
    assert said in str(caught.value), str(caught.value)


def test_the_openapi_description_gives_gap_to_every_chart_url(client):
    described = chart_url_descriptions(client, "gap")
    assert described
    for path, words in described.items():
        assert "a duration where x holds dates" in words, path


@pytest.fixture
def page_client(tmp_path):
    """A site whose dashboard `m` draws `s`'s v by its dates t, as a line, in chart `c`."""
    return dashboard_site(tmp_path, ROWS, '[[charts]]\nid = "c"\ndataset = "s"\n').test_client()


def test_a_chart_page_carries_its_gap_through_its_form(page_client):
    form = SpecForm(page_client.get("/d/m/c?gap=2d").get_data(as_text=True))
    assert ("gap", "2d") in form.fields and ("shown.gap", "2d") in form.fields
    sent = submitted(page_client, form, title="Sales")
    assert sent.status_code == 200 and image_query(sent.get_data(as_text=True))["gap"] == ["2d"]


@pytest.mark.parametrize("changed", [{"kind": "bar"}, {"kind": "scatter"}, {"resample": "week"}, {"x": "v"}])
def test_a_chart_picked_in_the_form_that_has_no_place_for_the_gap_it_carries_draws_none(page_client, changed):
    form = SpecForm(page_client.get("/d/m/c?gap=2d").get_data(as_text=True))
    sent = submitted(page_client, form, **changed)
    assert sent.status_code == 200, sent.get_data(as_text=True)[:500]
    assert image_query(sent.get_data(as_text=True)).get("gap", ["none"]) == ["none"]


def test_a_url_s_own_gap_on_a_kind_that_joins_no_rows_is_refused_by_the_page(page_client):
    assert page_client.get("/d/m/c?kind=bar&gap=2d").status_code == 400


def test_a_dashboard_chart_s_gap_is_none_on_a_kind_picked_in_the_form_that_takes_none(tmp_path):
    client = dashboard_site(tmp_path, ROWS, '[[charts]]\nid = "c"\ndataset = "s"\ngap = "2d"\n').test_client()
    sent = submitted(client, SpecForm(client.get("/d/m/c").get_data(as_text=True)), kind="bar")
    assert sent.status_code == 200, sent.get_data(as_text=True)[:500]
    # Left out under a kind that joins no rows: the page's links name no gap.
    assert "gap" not in image_query(sent.get_data(as_text=True))
