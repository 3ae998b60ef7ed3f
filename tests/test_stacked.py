"""`stack`: a bar, barh or area chart of several series draws them stacked on one another (`stacked`), values
below 0 stacked down from 0 apart from those above, or as shares of each x's total (`percent`); its legend
lists the series from the stack's top down, its words name the highest total; other kinds refuse it with
a 400 naming those that take it; a chart's data holds the same rows either way."""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.path import Path

from tests.conftest import dashboard_site, described, refusal, site_holding, writable_app
from tests.source_data import sources_toml, write_sqlite

# Sales of two regions over three months, the south's February a return (below 0).
SALES = "month,north,south\n2024-01,1,2\n2024-02,3,-1\n2024-03,4,38\n"
# Visits by two channels of three days, the last day none at all.
VISITS = "day,web,shop\n2024-05-01,1,3\n2024-05-02,2,2\n2024-05-03,0,0\n"
# Two steady series along x, for an area.
STEADY = "x,a,b\n1,1,2\n2,1,2\n3,1,2\n"
# One steady series and one that crosses 0 and back: its band passes from above the other's to below 0.
CROSSING = "x,a,b\n1,1,1\n2,1,-1\n3,1,1\n"
DAILY = "day,web,shop\n" + "".join(f"2024-0{m}-{d:02d},{d},{2 * d}\n" for m in (1, 2) for d in (1, 2, 3))
BLUE, ORANGE = "#1f77b4", "#e5720d"  # the first series' colour and the second's


@pytest.fixture
def client(data_dir):
    """A site holding `sales`, `visits`, `steady`, `daily` and `crossing`."""
    return site_holding(data_dir, {"sales": SALES, "visits": VISITS, "steady": STEADY, "daily": DAILY,
                                   "crossing": CROSSING})


def drawn(client, url: str) -> bytes:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return answer.data


def plot_box(svg: bytes) -> tuple[float, float]:
    """The plot's lower and upper edge in the SVG's units, down from its top: its spines' path,
    `M27.25 229.77V33.75M27.25 229.77H457.38`."""
    found = re.search(r'<path d="M[0-9.]+ ([0-9.]+)V([0-9.]+)M[^"]*" fill="none"[^>]*stroke-linecap="square"',
                      svg.decode())
    return float(found.group(1)), float(found.group(2))


def at_value(svg: bytes, value: float, low: float, high: float) -> float:
    """Where `value` stands up the plot of a value axis from `low` to `high`, in the SVG's units."""
    bottom, top = plot_box(svg)
    return bottom - (value - low) / (high - low) * (bottom - top)


def bars(svg: bytes, colour: str) -> list[tuple[float, float, float, float]]:
    """The bars of one colour in the plot, in the order drawn: (left, right, upper, lower) in the SVG's
    units, down from the plot's top (a legend's sample, drawn outside the plot, and a bar of no value,
    `M0 0z`, which draws nothing, left out)."""
    found = []
    for d in re.findall(rf'<path d="([^"]+)" clip-path="[^"]+" fill="{colour}"', svg.decode()):
        if d == "M0 0z":
            continue
        m = re.fullmatch(r"M([-0-9.]+) ([-0-9.]+)H([-0-9.]+)V([-0-9.]+)L[-0-9.]+ [-0-9.]+z", d)
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        found.append((min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
    return found


def test_stacked_bars_stand_each_on_the_one_before_across_the_whole_slot(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked&ymin=0&ymax=50")
    north, south = bars(svg, BLUE), bars(svg, ORANGE)
    assert north[0][:2] == pytest.approx(south[0][:2])  # one bar a month, not two side by side
    # January: north 1 from 0, south 2 on it, up to 3; March: south 38 on north's 4, up to 42.
    assert north[0][2:] == pytest.approx((at_value(svg, 1, 0, 50), at_value(svg, 0, 0, 50)), abs=0.02)
    assert south[0][2:] == pytest.approx((at_value(svg, 3, 0, 50), at_value(svg, 1, 0, 50)), abs=0.02)
    assert south[2][2:] == pytest.approx((at_value(svg, 42, 0, 50), at_value(svg, 4, 0, 50)), abs=0.02)


def test_side_by_side_bars_stay_so_without_a_stack(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&ymin=0&ymax=50")
    north, south = bars(svg, BLUE), bars(svg, ORANGE)
    assert north[0][1] == pytest.approx(south[0][0], abs=0.02)  # side by side, touching
    assert south[0][2:] == pytest.approx((at_value(svg, 2, 0, 50), at_value(svg, 0, 0, 50)), abs=0.02)


def test_a_value_below_0_is_stacked_down_from_0_apart_from_those_above(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked&ymin=-5&ymax=45")
    north, south = bars(svg, BLUE), bars(svg, ORANGE)
    # February: north 3 up from 0, south's -1 down from 0, not from the north's 3 down to 2.
    assert north[1][2:] == pytest.approx((at_value(svg, 3, -5, 45), at_value(svg, 0, -5, 45)), abs=0.02)
    assert south[1][2:] == pytest.approx((at_value(svg, 0, -5, 45), at_value(svg, -1, -5, 45)), abs=0.02)


def test_the_value_axis_spans_the_stacks_totals_by_default(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked")
    bottom, top = plot_box(svg)
    highest = min(bar[2] for bar in bars(svg, ORANGE))
    # The stack of 42 reaches near the plot's top, within it: unstacked, the axis ended near 38.
    assert top <= highest < top + (bottom - top) * 0.1


def test_stacked_horizontal_bars_run_each_on_from_the_one_before(client):
    svg = drawn(client, "/plot/sales.svg?kind=barh&x=month&y=north&y=south&stack=stacked&ymin=0&ymax=50")
    north, south = bars(svg, BLUE), bars(svg, ORANGE)
    assert north[0][1] == pytest.approx(south[0][0], abs=0.02)
    assert north[0][2:] == pytest.approx(south[0][2:], abs=0.02)  # one row of bars, not two


def test_percent_bars_fill_the_axis_and_a_total_of_0_draws_nothing_and_says_so(client):
    svg = drawn(client, "/plot/visits.svg?kind=bar&x=day&y=web&y=shop&stack=percent")
    bottom, top = plot_box(svg)
    web, shop = bars(svg, BLUE), bars(svg, ORANGE)
    assert len(web) == len(shop) == 2  # the third day draws nothing
    for one, other in zip(web, shop):
        assert (one[3], other[2]) == pytest.approx((bottom, top), abs=0.05)  # from 0 to 100 %, the axis' ends
        assert one[2] == pytest.approx(other[3], abs=0.02)
    assert web[0][3] - web[0][2] == pytest.approx((bottom - top) * 0.25, abs=0.05)  # 1 of 4
    assert web[1][3] - web[1][2] == pytest.approx((bottom - top) * 0.5, abs=0.05)  # 2 of 4
    assert "stacked as percent of each total; 1 total is 0 and draws nothing (2024-05-03)" in described(svg)


def area_tops(svg: bytes) -> list[set[float]]:
    """The heights of the two areas' lines (1.2 points wide), in the SVG's units (the legend's samples after
    them left out)."""
    lines = re.findall(r'<path d="([^"]*)"[^>]*stroke-width="1.2"', svg.decode())
    return [{round(float(y), 1) for y in re.findall(r"[ML][-0-9.]+ ([-0-9.]+)", line)} for line in lines[:2]]


def test_a_stacked_area_s_top_line_is_the_sum_of_the_series(client):
    svg = drawn(client, "/plot/steady.svg?kind=area&x=x&y=a&y=b&stack=stacked&ymin=0&ymax=4")
    assert area_tops(svg) == [{round(at_value(svg, 1, 0, 4), 1)}, {round(at_value(svg, 3, 0, 4), 1)}]


def test_an_unstacked_area_s_lines_stand_at_their_own_values(client):
    svg = drawn(client, "/plot/steady.svg?kind=area&x=x&y=a&y=b&ymin=0&ymax=4")
    assert area_tops(svg) == [{round(at_value(svg, 1, 0, 4), 1)}, {round(at_value(svg, 2, 0, 4), 1)}]


def test_the_legend_lists_the_stack_from_its_top_down(client):
    def legend_fills(url: str) -> list[str]:
        # The legend's samples, drawn without the plot's clip.
        fills = re.findall(r'<path d="M[0-9.]+ [0-9.]+H[0-9.]+V[0-9.]+L[0-9.]+ [0-9.]+z" fill="(#[0-9a-f]+)"/>',
                           drawn(client, url).decode())
        return fills[1:]  # after the figure's background
    assert legend_fills("/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked") == [ORANGE, BLUE]
    assert legend_fills("/plot/sales.svg?kind=bar&x=month&y=north&y=south") == [BLUE, ORANGE]


def test_the_words_say_stacked_and_name_the_highest_total_with_its_x(client):
    words = described(drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked"))
    assert "stacked; highest total 42 (2024-03)." in words
    assert "stacked" not in described(drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south"))


def test_the_highest_total_is_said_as_the_words_say_a_value_with_its_unit_and_minus_sign(data_dir):
    # Every total below 0: the highest the least far below it.
    spent = "quarter,north ($),south ($)\nQ1,-1000,-2000\nQ2,-3000,-1500.25\n"
    client = site_holding(data_dir, {"spent": spent})
    words = described(drawn(client, "/plot/spent.svg?kind=bar&x=quarter&y=north+($)&y=south+($)&stack=stacked"))
    assert "stacked; highest total \N{MINUS SIGN}$3,000.00 (Q1)." in words  # totals of cents
    assert "north ($): Q1 \N{MINUS SIGN}$1,000, Q2 \N{MINUS SIGN}$3,000; " in words  # said alike


def test_stacked_bars_of_resampled_rows_stack_the_periods_sums(client):
    svg = drawn(client, "/plot/daily.svg?kind=bar&x=day&y=web&y=shop&resample=month&agg=sum&stack=stacked")
    assert "stacked; highest total 18 (2024-01)" in described(svg)  # 1+2+3 and 2+4+6; each month alike


def test_one_series_draws_as_it_does_unstacked(client):
    alone = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north")
    stacked = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&stack=percent")
    assert bars(stacked, BLUE) == bars(alone, BLUE)
    assert "stacked" not in described(stacked)


def test_print_theme_keeps_a_hatch_per_series(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked&theme=print").decode()
    fills = re.findall(r'<path d="M[^"]+" clip-path="[^"]+" fill="([^"]+)"', svg)
    hatched = re.search(r'fill="(url\(#[^)]+\))"', svg).group(1)
    assert fills == [BLUE] * 3 + [hatched] * 3  # the north plain, the south hatched, bar after bar of it
    legend = re.findall(r'<path d="M[0-9.]+ [0-9.]+H[0-9.]+V[0-9.]+L[0-9.]+ [0-9.]+z" fill="([^"]+)"/>', svg)[1:]
    assert legend == [hatched, BLUE]  # the stack's top first, told apart as the bars are


def test_the_chart_s_data_holds_each_series_own_values_either_way(client):
    url = "/plot/sales.csv?kind=bar&x=month&y=north&y=south"
    stacked = client.get(url + "&stack=stacked").get_data(as_text=True)
    assert stacked == client.get(url).get_data(as_text=True)
    # Months written 2024-01 are dates, each its first day.
    assert stacked.splitlines()[1:] == ["2024-01-01,1,2", "2024-02-01,3,-1", "2024-03-01,4,38"]
    assert client.get(url.replace(".csv", ".json") + "&stack=percent").get_json()["spec"]["stack"] == "percent"


@pytest.mark.parametrize("kind", ["line", "scatter", "hist", "box"])
def test_a_stack_on_a_kind_that_stacks_nothing_is_a_400_naming_those_that_do(client, kind):
    said = refusal(client, f"/plot/sales.json?kind={kind}&y=north&y=south&stack=stacked")
    assert (f"stack=stacked does not apply to kind={kind}, which stacks no series; it applies to kind=bar, "
            f"kind=barh or kind=area") in said


def test_an_unknown_stack_is_a_400_naming_the_ones_there_are(client):
    said = refusal(client, "/plot/sales.json?kind=bar&x=month&y=north&stack=pile")
    assert "stack" in said and "none, stacked, percent" in said, said


def test_a_dashboard_file_s_chart_stacks_its_series(tmp_path):
    board = ('title = "Sales"\n[[charts]]\nid = "regions"\ndataset = "sales"\nkind = "bar"\nx = "month"\n'
             'y = ["north", "south"]\nstack = "stacked"\n')
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    svg = drawn(client, "/d/m/regions.svg")
    assert "stacked; highest total 42 (2024-03)" in described(svg)


@pytest.mark.parametrize("kind", ["line", "scatter", "hist", "box"])
def test_a_dashboard_chart_s_stack_is_left_out_under_a_kind_its_url_asks_that_stacks_nothing(tmp_path, kind):
    board = ('title = "Sales"\n[[charts]]\nid = "regions"\ndataset = "sales"\nkind = "bar"\nx = "month"\n'
             'y = ["north", "south"]\nstack = "stacked"\n')
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    answer = client.get(f"/d/m/regions.json?kind={kind}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "stack" not in answer.get_json()["spec"]  # none, the default
    assert client.get("/d/m/regions.json?kind=area").get_json()["spec"]["stack"] == "stacked"  # an area stacks
    # The URL's own stack is the reader's, and refused.
    assert (f"stack=stacked does not apply to kind={kind}, which stacks no series"
            in refusal(client, f"/d/m/regions.json?kind={kind}&stack=stacked"))


def test_the_chart_page_s_form_has_a_stack_select(tmp_path):
    board = ('title = "Sales"\n[[charts]]\nid = "regions"\ndataset = "sales"\nkind = "bar"\nx = "month"\n'
             'y = ["north", "south"]\nstack = "percent"\n')
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    page = client.get("/d/m/regions").get_data(as_text=True)
    select = re.search(r'<label>Stack <select name="stack"[^>]*>(.*?)</select>', page).group(1)  # named for what it does
    assert re.findall(r'<option value="([^"]+)"', select) == ["none", "stacked", "percent"]
    assert '<option value="percent" selected>' in select
    # A line chosen in the form with the select left on the stack it showed draws the line, unstacked.
    answer = client.get("/d/m/regions?kind=line&stack=percent&shown.stack=percent")
    assert answer.status_code == 200 and "Not applied" not in answer.get_data(as_text=True)
    # A URL's own stack with a line is refused by the page as by its image.
    answer = client.get("/d/m/regions?kind=line&stack=percent")
    assert answer.status_code == 400 and client.get("/d/m/regions.svg?kind=line&stack=percent").status_code == 400
    # So does a line asked with no stack at all: the chart's own, percent, is not asked of it.
    answer = client.get("/d/m/regions?kind=line")
    assert answer.status_code == 200 and "Not applied" not in answer.get_data(as_text=True)


def test_a_stack_reaching_past_ymax_is_marked_and_said_so(client):
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked&ymax=40")
    assert "1 bar is cut off at ymax 40 (marked by a triangle)" in described(svg)  # 4 + 38; 38 alone is within
    assert re.search(r'<use xlink:href="#[^"]+" x="[0-9.]+" y="[0-9.]+" fill="#fff"', svg.decode())


def test_a_stacked_bar_lying_wholly_above_ymax_is_told_from_one_cut_at_it(client):
    # March: north from 0 to 4 is cut at 3; south from 4 to 42 lies wholly above it, none of it drawn.
    svg = drawn(client, "/plot/sales.svg?kind=bar&x=month&y=north&y=south&stack=stacked&ymax=3")
    assert "1 bar lies above ymax 3 and 1 is cut off at ymax 3 (marked by triangles)" in described(svg)
    # South's marked in its own colour, as a bar lying beyond is; north's cut in the background's.
    marks = re.findall(r'<use xlink:href="#[^"]+" x="[0-9.]+" y="[0-9.]+" fill="(#[0-9a-f]+)"', svg.decode())
    assert sorted(marks) == sorted([ORANGE, "#fff"]), marks


def test_a_source_s_stacked_bars_of_sums_draw_and_hold_what_the_stored_dataset_s_do(client, tmp_path, data_dir,
                                                                                    closing):
    frame = pd.read_csv(io.StringIO(DAILY), parse_dates=["day"])
    table = write_sqlite(tmp_path / "daily.db", {"daily": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": table}},
                           {"sourced": {"source": "shop", "table": "daily"}})
    source = closing(writable_app(data_dir, SOURCES=str(sources), RENDER_WORKERS=0)).test_client()
    query = "kind=bar&x=day&y=web&y=shop&resample=month&agg=sum&stack=stacked"
    stored, sourced = drawn(client, f"/plot/daily.svg?{query}"), drawn(source, f"/plot/sourced.svg?{query}")
    assert bars(sourced, ORANGE) == bars(stored, ORANGE) and len(bars(stored, ORANGE)) == 2
    assert "stacked; highest total 18 (2024-01)" in described(sourced)
    assert (source.get(f"/plot/sourced.csv?{query}").get_data(as_text=True).splitlines()[1:]
            == ["2024-01-01,6,12", "2024-02-01,6,12"])


def test_a_stacked_area_within_x_bounds_fits_its_axis_to_the_stacks(client):
    svg = drawn(client, "/plot/steady.svg?kind=area&x=x&y=a&y=b&stack=stacked&xmin=1.5&xmax=2.5")
    ticks = re.findall(r">([^<]*)</text>", svg.decode())
    assert "3" in ticks[ticks.index("x") - 4:ticks.index("x")]  # up the side: to the stacks' 3, not the b's 2


def test_a_stacked_area_s_series_beyond_a_y_bound_are_those_whose_band_ends_there(client):
    svg = drawn(client, "/plot/steady.svg?kind=area&x=x&y=a&y=b&stack=stacked&ymin=2.5")
    texts = re.findall(r">([^<]*)</text>", svg.decode())
    # The a's band, 0 to 1, lies below; the b's, 1 to 3, reaches into the plot, though b's own 2 does not.
    assert "a (below 2.5)" in texts and "b" in texts
    assert "a lies below ymin 2.5" in described(svg) and "All values" not in described(svg)


@pytest.mark.parametrize("stack", ["stacked", "percent"])
def test_a_stack_on_a_log_value_axis_is_a_400_saying_why(client, stack):
    said = refusal(client, f"/plot/sales.json?kind=bar&x=month&y=north&y=south&stack={stack}&yscale=log")
    assert (f"stack={stack} does not apply with yscale=log: a stack's bars are read by their lengths, which a log "
            f"scale does not keep") in said and "use stack=none with yscale=log, or yscale=linear" in said, said
    assert client.get("/plot/sales.json?kind=bar&x=month&y=north&y=south&yscale=log").status_code == 200


def area_fills(svg: bytes, colour: str) -> list[Path]:
    """The filled areas of one colour, translucent, as paths in the SVG's units: each drawn as a path
    defined once (`<path d=… id=…>`) and placed by a `<use>` of that colour."""
    text = svg.decode()
    found = []
    for ref, dx, dy in re.findall(rf'<use xlink:href="#([^"]+)" x="([-0-9.]+)" y="([-0-9.]+)" fill="{colour}" '
                                  rf'fill-opacity="\.3"', text):
        d = re.search(rf'<path d="([^"]+)" id="{ref}"', text).group(1)
        points, at = [], (0.0, 0.0)
        for command, numbers in re.findall(r"([MLHVZmlhvz])([^MLHVZmlhvz]*)", d):
            values = [float(v) for v in re.findall(r"-?[0-9.]+", numbers)]
            if command in "Zz":
                continue
            relative = command.islower()
            for step in (zip(values[::2], values[1::2]) if command in "MLml" else values):
                if command in "MLml":
                    at = (at[0] + step[0], at[1] + step[1]) if relative else step
                elif command in "Hh":
                    at = (at[0] + step if relative else step, at[1])
                else:
                    at = (at[0], at[1] + step if relative else step)
                points.append(at)
        found.append(Path(np.array(points) + (float(dx), float(dy))))
    return found


def test_a_stacked_area_s_bands_cross_none_where_a_series_changes_sign(client):
    svg = drawn(client, "/plot/crossing.svg?kind=area&x=x&y=a&y=b&stack=stacked&ymin=-2&ymax=3")
    bottom, top = plot_box(svg)
    a, b = area_fills(svg, BLUE), area_fills(svg, ORANGE)
    # Points all over the plot, none on a band's edge: each lies within one band at most.
    grid = np.array([(x, y) for x in np.arange(0.37, 600, 3.1) for y in np.arange(top + 0.41, bottom, 1.3)])
    in_a = np.any([band.contains_points(grid) for band in a], axis=0)
    in_b = np.any([band.contains_points(grid) for band in b], axis=0)
    assert in_a.any() and in_b.any()
    assert not (in_a & in_b).any()
    # At x=2 the b's -1 is a band below 0, under the a's band from 0 to 1.
    middle = (grid[in_a][:, 0].min() + grid[in_a][:, 0].max()) / 2
    assert b[-1].contains_point((middle, at_value(svg, -0.5, -2, 3)))
    assert any(band.contains_point((middle, at_value(svg, 0.5, -2, 3))) for band in a)



def test_a_thinned_stacked_area_within_x_bounds_fits_its_axis_to_the_stacks_it_shows(data_dir):
    # 1200 rows, far more than 4 a pixel column of a chart 100 pixels wide: thinned per column (M4). Past
    # x=1000 the b's value is 50, stacks of 50 to 52 beyond xmax, which the line runs on to; within, at most 4.
    rows = "x,a,b\n" + "".join(f"{i},{i % 3},{2 if i <= 1000 else 50}\n" for i in range(1200))
    client = site_holding(data_dir, {"long": rows})
    svg = drawn(client, "/plot/long.svg?kind=area&x=x&y=a&y=b&stack=stacked&xmax=1000&width=100").decode()
    top = re.findall(r'<path d="([^"]*)"[^>]*stroke="#e5720d" stroke-width="1.2"', svg)[0]
    assert len(re.findall(r"[-0-9.]+", top)) < 1000  # thinned: fewer numbers than the 1000 points drawn whole
    ticks = re.findall(r">([^<]*)</text>", svg)
    up_the_side = [float(tick) for tick in ticks[:ticks.index("x")] if tick not in ("0", "1000")]
    assert max(up_the_side) == 4, ticks  # the stacks within x=1000, not those of 50 beyond it


def test_a_dashboard_s_filter_stacks_the_rows_it_chooses(tmp_path):
    shop = "month,region,north,south\n2024-01,a,1,2\n2024-01,b,5,1\n2024-03,a,4,38\n2024-03,b,1,1\n"
    board = ('title = "Shop"\n[[filters]]\ncolumn = "region"\nlabel = "Region"\n[[charts]]\nid = "regions"\n'
             'dataset = "shop"\nkind = "bar"\nx = "month"\ny = ["north", "south"]\nstack = "stacked"\nagg = "sum"\n')
    client = dashboard_site(tmp_path, {"shop.csv": shop}, board).test_client()
    assert "stacked; highest total 44 (2024-03)" in described(drawn(client, "/d/m/regions.svg"))
    assert "stacked; highest total 42 (2024-03)" in described(drawn(client, "/d/m/regions.svg?filter.region=a"))
    assert "stacked; highest total 6 (2024-01)" in described(drawn(client, "/d/m/regions.svg?filter.region=b"))


def test_stacked_bands_between_equal_neighbours_warn_of_no_division_by_zero():
    import warnings

    from plots.stacking import area_bands

    # a steps from 1 to 1 (before - after is 0) and b from 0 to 0 (0 / 0) beside c's crossing of 0.
    values = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [1.0, -1.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bands = area_bands(np.array([1.0, 2.0, 3.0]), values, np.array([True, True]))
    assert list(bands.x) == [1.0, 1.5, 2.0, 2.5, 3.0]
    assert bands.crossings[2].tolist() == [False, True, False, True, False]


def test_stacked_bands_of_x_no_step_of_which_is_known_split_where_a_series_crosses_0():
    from plots.stacking import area_bands

    # No x is finite (`wide` is None): every step is one a crossing is added in.
    values = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, 1.0]])
    bands = area_bands(np.array([np.nan, np.nan, np.nan]), values)
    assert bands.values.shape == (2, 5)
    assert bands.crossings[1].tolist() == [False, True, False, True, False]
    assert bands.values[1].tolist() == [1.0, 0.0, -1.0, 0.0, 1.0]
