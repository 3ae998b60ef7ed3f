"""Reference lines: `yline=100:Target` draws a thin dashed line across the plot at a value, labelled at its
right end, `xline=2024-03-01:Launch` one up the plot at a date or number; the value axis widens to hold a
yline unless a y bound fixes it (then a line beyond is not drawn, and the words say so); the alt text says
each line and where each series ends beside a yline; bad ones are a 400 saying what is allowed, and a
dashboard file's stop the start naming the file, the chart and the field."""
from __future__ import annotations

import io
import itertools
import re

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from plots import build_figure, chart_frame, parse_spec
from plots.line_labels import LABEL_SIZE

from tests.conftest import dashboard_site, described, refusal, site_holding, writable_app
from tests.source_data import sources_toml, write_sqlite

# A month's sales crossing a target of 100 in April.
SALES = "day,sales,cost\n2024-01-01,80,70\n2024-02-01,90,95\n2024-03-01,95,90\n2024-04-01,105,92\n2024-05-01,110,98\n"
STEADY = "x,a\n1,1\n2,3\n3,1\n"
NAMES = "who,n\nann,1\nbob,2\n"
INK = {"light": "#1f2328", "dark": "#e6e8eb"}  # each theme's ink, which the lines are drawn in


@pytest.fixture
def client(data_dir):
    """A site holding `sales`, `steady` and `names`."""
    return site_holding(data_dir, {"sales": SALES, "steady": STEADY, "names": NAMES})


def drawn(client, url: str) -> bytes:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.data


def plot_frame(svg: bytes) -> tuple[float, float, float, float]:
    """The plot's left, right, lower and upper edge in the SVG's units, from its spines' path,
    `M27.25 229.77V33.75M27.25 229.77H457.38`."""
    found = re.search(r'<path d="M([0-9.]+) ([0-9.]+)V([0-9.]+)M[0-9.]+ [0-9.]+H([0-9.]+)" fill="none"', svg.decode())
    left, bottom, top, right = (float(v) for v in found.groups())
    return left, right, bottom, top


def dashed(svg: bytes) -> list[tuple[str, float]]:
    """The reference lines drawn: ("H", y) for a line across the plot, ("V", x) for one up it."""
    lines = []
    for d in re.findall(r'<path d="([^"]+)"[^>]*stroke-dasharray="4,3"', svg.decode()):
        across = re.fullmatch(r"M([0-9.]+) ([0-9.]+)H([0-9.]+)", d)
        up = re.fullmatch(r"M([0-9.]+) ([0-9.]+)V([0-9.]+)", d)
        lines.append(("H", float(across.group(2))) if across else ("V", float(up.group(1))))
    return lines


def test_a_yline_is_a_dashed_line_across_the_plot_at_its_value_labelled_at_the_right_end(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&ymin=0&ymax=200&yline=100:Target")
    left, right, bottom, top = plot_frame(svg)
    assert dashed(svg) == [("H", pytest.approx(bottom - (bottom - top) / 2, abs=0.02))]
    assert re.search(r'<path d="M([0-9.]+) [0-9.]+H([0-9.]+)"[^>]*stroke-dasharray', svg.decode()).groups() == (
        f"{left:g}", f"{right:g}")
    label = re.search(r'<text[^>]*text-anchor="end"[^>]*x="([0-9.]+)" y="([0-9.]+)">Target</text>', svg.decode())
    assert right - 5 < float(label.group(1)) < right  # inside the plot, at its right end
    assert float(label.group(2)) < bottom - (bottom - top) / 2  # above the line


def labels_drawn(svg: bytes) -> list[str]:
    """The lines' labels an SVG draws, each at their own size (`line_labels.LABEL_SIZE`), in the order drawn."""
    return re.findall(rf'<text font-size="{LABEL_SIZE:g}"[^>]*>([^<]*)</text>', svg.decode())


def test_a_yline_without_a_label_is_labelled_with_its_value(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&yline=100")
    assert labels_drawn(svg) == ["100"]


@pytest.mark.parametrize(("url", "labels"), [
    ("/plot/sales.svg?x=day&y=sales&yline=-1.5", ["\N{MINUS SIGN}1.5"]),
    # Every digit of its URL, where the axis' lone tick wrote "1015", "5.005", "100005" twice and "1.000005e6".
    ("/plot/sales.svg?x=day&y=sales&yline=1015.37", ["1015.37"]),
    ("/plot/sales.svg?x=day&y=sales&yline=5.0055", ["5.0055"]),
    ("/plot/sales.svg?x=day&y=sales&yline=100005.2&yline=100005.4", ["100,005.2", "100,005.4"]),  # as "100,000"
    ("/plot/steady.svg?x=x&y=a&xline=1000005", ["1000005"]),
    ("/plot/sales.svg?x=day&y=sales&yline=2000000", ["2000000"]),  # whole, not "2" under the axis' "1e6"
    ("/plot/sales.svg?x=day&y=sales&yline=1e20", ["1e20"]),  # as the axis' offset text writes it
    ("/plot/steady.svg?x=x&y=a&xline=-0.5", ["\N{MINUS SIGN}0.5"]),
    ("/plot/sales.svg?x=day&y=sales&change=percent&yline=10&yline=-2.5:Floor&yline=-2.5",
     ["10%", "Floor", "\N{MINUS SIGN}2.5%"]),
    ("/plot/priced.svg?x=week&y=sales+($)&yline=5&yline=-10&yline=1500",
     ["$5", "\N{MINUS SIGN}$10", "$1.5k"]),
    ("/plot/priced.svg?x=week&y=margin+(%)&yline=10", ["10%"]),
    ("/plot/priced.svg?x=week&y=cost+(USD)&yline=-0.5", ["USD \N{MINUS SIGN}0.5"]),
    ("/plot/priced.svg?x=week&y=sales+($)&yline=5&yscale=log", ["5"]),  # as the log axis writes its ticks, bare
    ("/plot/sales.svg?x=day&y=sales&xline=2024-03-01", ["2024-03-01"]),  # a date as the URL writes it
])
def test_a_line_without_a_label_is_labelled_with_its_value_as_its_axis_writes_one(data_dir, url, labels):
    client = site_holding(data_dir, {"sales": SALES, "steady": STEADY, "priced": PRICED})
    assert labels_drawn(drawn(client, url)) == labels


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_lines_are_drawn_in_the_theme_s_ink_not_a_series_colour(client, theme):
    svg = drawn(client, f"/plot/sales.svg?x=day&y=sales&yline=100&theme={theme}").decode()
    assert re.search(rf'stroke-dasharray="4,3"[^>]*stroke="{INK[theme]}"', svg)


def test_theme_auto_repaints_the_lines_in_a_dark_scheme(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&yline=100&theme=auto").decode()
    assert re.search(r'stroke-dasharray="4,3"[^>]*stroke="#1f2328"', svg)
    assert '[stroke="#1f2328"]{stroke:#e6e8eb}' in svg


def test_the_value_axis_widens_to_hold_a_yline_past_the_values(client):
    plain = drawn(client, "/plot/sales.svg?x=day&y=sales")
    assert ">150</text>" not in plain.decode()  # the values reach 110
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&yline=150")
    _, _, bottom, top = plot_frame(svg)
    [(_, y)] = dashed(svg)
    assert top < y < bottom
    assert re.search(r'text-anchor="end"[^>]*>150</text>', svg.decode())  # the axis ticks it too


def test_a_yline_beyond_a_y_bound_is_not_drawn_and_the_words_say_so(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&ymax=120&yline=150:Stretch&yline=100:Target")
    _, _, bottom, top = plot_frame(svg)
    assert len(dashed(svg)) == 1  # Target's alone
    assert "A line marking Stretch at 150 lies above ymax 120 and is not drawn" in described(svg)


def test_the_words_say_each_line_and_where_the_series_ends_beside_it(client):
    words = described(drawn(client, "/plot/sales.svg?x=day&y=sales&yline=100:Target&xline=2024-03-01:Launch"))
    assert "A line marks Target at 100; the series is above it from 2024-04-01." in words
    assert "A line marks Launch at day 2024-03-01." in words


def test_the_words_name_each_series_beside_a_yline_of_several(client):
    words = described(drawn(client, "/plot/sales.svg?x=day&y=sales&y=cost&yline=92"))
    assert "A line marks 92; sales is above it from 2024-03-01, cost is above it from 2024-05-01." in words
    words = described(drawn(client, "/plot/sales.svg?x=day&y=sales&y=cost&yline=60&yline=120"))
    assert "A line marks 60; sales is above it throughout, cost is above it throughout." in words
    assert "A line marks 120; sales is at or below it throughout, cost is at or below it throughout." in words


# Sales in dollars and a margin in percent, over a whole-number week.
PRICED = "week,sales ($),margin (%),cost (USD)\n-3,80,5.5,70\n-2,-20,-1.5,95\n-1,105,12,92\n"


@pytest.mark.parametrize(("y", "line", "said"), [
    ("sales+($)", "100:Target", "A line marks Target at $100; the series is above it from \N{MINUS SIGN}1."),
    ("sales+($)", "-10", "A line marks \N{MINUS SIGN}$10; the series is above it from \N{MINUS SIGN}1."),
    ("margin+(%)", "10:Goal", "A line marks Goal at 10%; the series is above it from \N{MINUS SIGN}1."),
    ("cost+(USD)", "-0.5", "A line marks USD \N{MINUS SIGN}0.5; the series is above it throughout."),
    ("sales+($)&change=percent", "10:Goal",
     "A line marks Goal at 10%; the series is above it from \N{MINUS SIGN}1."),
])
def test_a_ylines_value_is_said_as_the_words_say_a_value_of_its_axis_with_its_unit(data_dir, y, line, said):
    client = site_holding(data_dir, {"priced": PRICED})
    words = described(drawn(client, f"/plot/priced.svg?x=week&y={y}&yline={line}"))
    assert said in words


def test_a_line_beyond_a_bound_is_said_with_the_bound_as_the_words_say_it(data_dir):
    client = site_holding(data_dir, {"priced": PRICED})
    query = "x=week&y=sales+($)&ymax=200&yline=250:Stretch&xline=-4.5&xmin=-3"
    words = described(drawn(client, f"/plot/priced.svg?{query}"))
    assert "A line marking Stretch at $250 lies above ymax $200 and is not drawn" in words
    assert "A line marking week \N{MINUS SIGN}4.5 lies below xmin \N{MINUS SIGN}3 and is not drawn" in words


def test_a_yline_on_a_histogram_counts_its_rows_and_is_said_without_the_values_unit(data_dir):
    client = site_holding(data_dir, {"priced": PRICED})
    words = described(drawn(client, "/plot/priced.svg?kind=hist&y=sales+($)&yline=1"))
    assert "sales ($) from \N{MINUS SIGN}$20 to $105" in words and "A line marks 1." in words


def test_an_xline_is_a_dashed_line_up_the_plot_at_its_number(client):
    svg = drawn(client, "/plot/steady.svg?x=x&y=a&xline=2.5:Mid")
    left, right, _, _ = plot_frame(svg)
    assert dashed(svg) == [("V", pytest.approx(left + (right - left) * 0.75, abs=0.02))]
    assert re.search(r"rotate\(-90\)\">Mid</text>", svg.decode())


def test_an_xline_past_the_rows_widens_the_x_axis_unless_a_bound_fixes_it(client):
    svg = drawn(client, "/plot/steady.svg?x=x&y=a&xline=9")
    left, right, _, _ = plot_frame(svg)
    [(_, x)] = dashed(svg)
    assert left < x < right and x > left + (right - left) * 0.9
    bounded = drawn(client, "/plot/steady.svg?x=x&y=a&xline=9&xmax=3")
    assert dashed(bounded) == []
    assert "A line marking x 9 lies above xmax 3 and is not drawn" in described(bounded)


def test_a_label_s_own_colon_is_written_escaped(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&yline=100:Ratio%203%5C:1")
    assert ">Ratio 3:1</text>" in svg.decode()
    assert "A line marks Ratio 3:1 at 100" in described(svg)


def test_a_time_s_own_colons_need_no_escape(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&xline=2024-03-01T12:00:Noon")
    assert "A line marks Noon at day 2024-03-01T12:00." in described(svg)


@pytest.mark.parametrize(("query", "message"), [
    ("x=day&y=sales&yline=abc", "yline must be a number, or a number, a colon and a label (yline=100, "
                                "yline=100:Target; a colon in a label is written \\:"),
    ("x=day&y=sales&yline=100:3:1", "got '100:3:1' (a colon in a label is written \\:, yline=100:3\\:1)"),
    ("x=day&y=sales&yline=inf", "yline must be a number"),
    ("x=day&y=sales&yline=1e308", "yline must be a finite number between -1e150 and 1e150, got yline=1e308"),
    ("x=day&y=sales&" + "&".join(f"yline={n}" for n in range(6)), "yline takes at most 5 lines, got 6"),
    ("x=day&y=sales&yline=none&yline=3", "yline=none draws no line and cannot stand beside another yline"),
    ("x=day&y=sales&yscale=log&yline=0", "yline must be above 0 with yscale=log"),
    ("kind=bar&x=day&y=sales&y=cost&stack=percent&yline=150",
     "yline must be from 0 to 100 with stack=percent, whose value axis is percent of each total, got yline=150"),
    ("kind=bar&x=day&y=sales&xline=2024-03-01",
     "xline does not apply to kind=bar, whose x axis holds categories; it applies to kind=line, kind=scatter or "
     "kind=area"),
    ("kind=hist&y=sales&xline=2", "xline does not apply to kind=hist, whose x axis holds bins of the values"),
    ("kind=box&y=sales&xline=2", "xline does not apply to kind=box, whose x axis holds the series"),
    ("x=day&y=sales&xline=2", "xline must be a date like 2024-03-01 where x holds dates"),
])
def test_a_bad_line_is_a_400_saying_what_is_allowed(client, query, message):
    assert message in refusal(client, f"/plot/sales.json?{query}")
    assert client.get(f"/plot/sales.svg?{query}").status_code == 400


def test_an_xline_over_an_x_of_text_is_a_400(client):
    assert refusal(client, "/plot/names.json?x=who&y=n&xline=2") == (
        "xline does not apply to x='who', which holds text: choose a number or date column as x")


@pytest.mark.parametrize("xline", ["0001-01-01", "9999-12-31T23:59:59"])
def test_an_xline_at_either_end_of_the_calendar_widens_the_date_axis_to_it(client, xline):
    svg = drawn(client, f"/plot/sales.svg?x=day&y=sales&xline={xline}")
    left, right, _, _ = plot_frame(svg)
    [(_, x)] = dashed(svg)
    assert left <= x <= right


def test_a_number_xline_over_dates_and_a_date_over_numbers_are_400s(client):
    assert "xline must be a number where x holds numbers" in refusal(client, "/plot/steady.json?x=x&y=a&xline=2024-03-01")


@pytest.mark.parametrize("extension", ["png", "pdf"])
def test_every_format_draws_the_lines(client, extension):
    with_lines = drawn(client, f"/plot/sales.{extension}?x=day&y=sales&yline=100:Target&xline=2024-03-01")
    assert with_lines != drawn(client, f"/plot/sales.{extension}?x=day&y=sales")


def test_a_percent_stack_draws_a_yline_on_its_0_to_100_axis(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=day&y=sales&y=cost&stack=percent&yline=50:Half")
    _, _, bottom, top = plot_frame(svg)
    assert dashed(svg) == [("H", pytest.approx((bottom + top) / 2, abs=0.02))]


def test_a_log_scale_draws_a_yline_at_its_place_on_the_log_axis(client):
    svg = drawn(client, "/plot/sales.svg?x=day&y=sales&yscale=log&ymin=10&ymax=1000&yline=100")
    _, _, bottom, top = plot_frame(svg)
    assert dashed(svg) == [("H", pytest.approx((bottom + top) / 2, abs=0.02))]


def test_a_label_s_byte_order_mark_is_left_out_of_a_pdf_as_a_title_s_is(client):
    assert client.get("/plot/sales.pdf?x=day&y=sales&yline=100:%EF%BB%BFTarget").status_code == 200


def test_a_chart_s_data_holds_the_same_rows_with_lines(client):
    plain = client.get("/plot/sales.csv?x=day&y=sales").data
    assert client.get("/plot/sales.csv?x=day&y=sales&yline=100&xline=2024-03-01").data == plain


BOARD = 'title = "Shop"\n[[charts]]\nid = "c"\ndataset = "sales"\nx = "day"\ny = ["sales"]\n'


def test_a_dashboard_file_s_chart_draws_its_lines(tmp_path):
    board = BOARD + 'yline = [100, "90:Floor"]\nxline = [2024-03-01, "2024-02-01:Launch"]\n'
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    svg = drawn(client, "/d/m/c.svg")
    assert sorted(kind for kind, _ in dashed(svg)) == ["H", "H", "V", "V"]
    words = described(svg)
    assert "A line marks Floor at 90; the series is above it from 2024-03-01" in words
    assert "A line marks day 2024-03-01. A line marks Launch at day 2024-02-01" in words
    assert client.get("/d/m.pdf").status_code == 200  # its report draws them too
    assert dashed(drawn(client, "/d/m/c.svg?yline=none")) == [("V", pytest.approx(dashed(svg)[2][1])),
                                                              ("V", pytest.approx(dashed(svg)[3][1]))]


def test_a_chart_page_carries_its_lines_to_its_image(tmp_path):
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD).test_client()
    page = client.get("/d/m/c?yline=100:Target&yline=120").get_data(as_text=True)
    src = re.search(r'<img[^>]*src="(/d/m/c\.svg\?[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "yline=100%3ATarget%0A120" in src  # one a line, as y's names with commas are
    assert len(dashed(drawn(client, src))) == 2


@pytest.mark.parametrize(("field", "message"), [
    ('yline = ["abc"]', "m.toml: chart 'c': yline must be a number, or a number, a colon and a label"),
    ("xline = [1, 2, 3, 4, 5, 6]", "m.toml: chart 'c': xline takes at most 5 lines, got 6"),
    ('kind = "bar"\nxline = 2024-03-01', "m.toml: chart 'c': xline does not apply to kind=bar"),
])
def test_a_dashboard_file_s_bad_line_stops_the_start_naming_file_chart_and_field(tmp_path, field, message):
    with pytest.raises(Exception) as caught:
        dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD + field + "\n")
    assert str(caught.value).startswith(message)


def test_a_source_s_chart_draws_the_lines_as_a_stored_dataset_s(client, tmp_path, data_dir, closing):
    table = write_sqlite(tmp_path / "sales.db", {"sales": pd.read_csv(io.StringIO(SALES), parse_dates=["day"])})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": table}},
                           {"sourced": {"source": "shop", "table": "sales"}})
    source = closing(writable_app(data_dir, SOURCES=str(sources), RENDER_WORKERS=0)).test_client()
    query = "x=day&y=sales&yline=100:Target&xline=2024-03-01"
    stored, sourced = drawn(client, f"/plot/sales.svg?{query}"), drawn(source, f"/plot/sourced.svg?{query}")
    assert dashed(sourced) == dashed(stored) and len(dashed(stored)) == 2
    assert "A line marks Target at 100; the series is above it from 2024-04-01" in described(sourced)


@pytest.mark.parametrize(("field", "got"), [
    ("yline = [true]", "; got true"), ("yline = [100, false]", "; got false"), ("xline = [true]", "; got true"),
    ("yline = [1e999]", "; got 1e999"),
])
def test_a_dashboard_file_s_line_no_number_is_quoted_as_the_file_wrote_it(tmp_path, field, got):
    with pytest.raises(Exception) as caught:
        dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD + field + "\n")
    assert str(caught.value).startswith(f"m.toml: chart 'c': {field.split()[0]} must be ")
    assert str(caught.value).endswith(got)  # as written, not the text 'true' the file did not write


def drawn_labels(query: str) -> tuple[list[tuple[str, Bbox]], Bbox, list[Bbox]]:
    """The lines' labels, each with its box as matplotlib draws it, the plot's box, and the reference
    lines' (drawn 1 point wide; pixels)."""
    fields: dict[str, list[str]] = {}
    for name, value in (part.split("=", 1) for part in query.split("&")):
        fields.setdefault(name, []).append(value)
    spec = parse_spec(fields, {"day": "datetime", "sales": "integer", "cost": "integer"})
    fig = build_figure(spec, chart_frame(spec, pd.read_csv(io.StringIO(SALES), parse_dates=["day"])), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    lines = [line.get_window_extent(renderer) for line in ax.lines if line.get_linewidth() == 1.0]
    return [(text.get_text(), text.get_window_extent(renderer)) for text in ax.texts], ax.bbox, lines


@pytest.mark.parametrize("query", [
    "x=day&y=sales&yline=100:Target&yline=101:Stretch",  # closer than a label's height
    "x=day&y=sales&" + "&".join(f"yline={n}:Line {n}" for n in range(100, 105)),
    "x=day&y=sales&yline=110:Target",  # near the plot's top: above it, the label left the plot
    "x=day&y=sales&ymax=110&yline=110:Target",  # on the top
    "x=day&y=sales&ymin=80&yline=80:Floor&yline=81:Low",  # on the bottom
    "x=day&y=sales&xline=2024-01-01:Launch",  # on the left edge: beside it on the left, outside
    "x=day&y=sales&xline=2024-01-01:Launch&xline=2024-01-03:End",
    "x=day&y=sales&yline=108:Target&xline=2024-05-01:Launch",  # a yline's label at the top right meets an xline's
])
def test_the_lines_labels_stand_apart_inside_the_plot(query):
    labels, plot, _ = drawn_labels(query)
    assert len(labels) == query.count("line=")
    for text, box in labels:
        assert plot.x0 - 0.01 <= box.x0 and box.x1 <= plot.x1 + 0.01, text
        assert plot.y0 - 0.01 <= box.y0 and box.y1 <= plot.y1 + 0.01, text
    for (one, box), (other, second) in itertools.combinations(labels, 2):
        assert not box.overlaps(second), (one, other)


@pytest.mark.parametrize("line", ["yline=100:The sales target the board set for the quarter, the year and the region",
                                  "xline=2024-03-01:Launch of the new product line"])
def test_a_label_longer_than_a_phone_s_plot_is_wrapped_inside_it_whole(line):
    [(text, box)], plot, _ = drawn_labels(f"x=day&y=sales&width=360&height=203&{line}")
    assert " ".join(text.split()) == line.split(":", 1)[1]  # wrapped, not cut at the plot's frame
    assert plot.x0 - 0.01 <= box.x0 and box.x1 <= plot.x1 + 0.01
    assert plot.y0 - 0.01 <= box.y0 and box.y1 <= plot.y1 + 0.01


def test_a_label_between_two_lines_close_together_crosses_neither_where_it_has_room():
    labels, _, lines = drawn_labels("x=day&y=sales&yline=100:Target&yline=101:Stretch")
    assert len(lines) == 2
    for (text, box), line in itertools.product(labels, lines):
        assert not box.overlaps(line), text  # Target under its line, Stretch over its own
