"""theme=print: a chart's series told apart in gray (a black-and-white printer, a photocopy, an e-ink
screen) by their dashes, markers and hatches, which their legend entries show too; every other
theme draws as it did."""
from __future__ import annotations

import io
import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from PIL import Image

from app import create_app
from plots import build_figure, chart_frame, parse_spec, render_chart
from plots.series_looks import DASHES, HATCHES, MARKERS
from plots.style import THEMES
from tests.conftest import refusal
from tests.test_looks import cie_lab


def _spec(query: dict[str, str], frame: pd.DataFrame):
    types = {name: "text" if frame[name].dtype == object else "float" for name in frame.columns}
    return parse_spec({name: [value] for name, value in query.items()}, types)


def _alone(frame: pd.DataFrame, shown: str) -> pd.DataFrame:
    """`frame` with every series but `shown` missing: drawn where and as it is among the others."""
    return frame.assign(**{name: np.nan for name in frame.columns if name not in ("x", shown)})


def _lightness(rgb: np.ndarray) -> np.ndarray:
    """Each pixel's CIE L* (0 black to 100 white): the gray a reader without colour sees it as."""
    channel = rgb[..., :3] / 255.0
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    y = linear @ np.array([0.2126, 0.7152, 0.0722])
    return np.where(y > (6 / 29) ** 3, 116 * np.cbrt(y) - 16, y * (29 / 3) ** 3)


def _gray(png: bytes) -> np.ndarray:
    """A PNG's pixels in gray (`_lightness`)."""
    return _lightness(np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float))


def _share_apart(a: np.ndarray, b: np.ndarray, series: np.ndarray) -> float:
    """The share of the `series` pixels (where some series is drawn) that differ between two gray
    images by more than 10 L*, as a reader tells two grays apart."""
    return float((np.abs(a - b) > 10)[series].mean())


def _series_pixels(images: list[np.ndarray]) -> np.ndarray:
    """The pixels of images of one chart, each with one series drawn, that differ among them: where
    the series are drawn, not the chart's frame, ticks and grid, which each draws alike."""
    stacked = np.stack(images)
    return stacked.max(axis=0) - stacked.min(axis=0) > 0.5


def _dashes(line) -> tuple:
    """A line's dash pattern as set, before scaling by its width (matplotlib keeps it unexposed)."""
    offset, pattern = line._unscaled_dash_pattern
    return offset, tuple(pattern or ())


def test_the_light_and_dark_palettes_first_colours_fall_together_in_gray():
    # Why the print theme exists: blue and red, orange and green are as light as each other.
    for theme, pairs in (("light", [(0, 3), (1, 2)]), ("dark", [(0, 3), (1, 2)])):
        palette = THEMES[theme].palette
        for a, b in pairs:
            assert abs(cie_lab(palette[a])[0] - cie_lab(palette[b])[0]) < 4


def test_a_print_chart_is_the_light_theme_in_its_colours():
    assert THEMES["print"].palette == THEMES["light"].palette
    assert THEMES["print"].background == THEMES["light"].background
    assert THEMES["print"].patterned and not any(THEMES[name].patterned for name in ("light", "dark", "auto"))


def test_each_of_twenty_print_lines_has_dashes_and_a_marker_apart_from_every_other():
    frame = pd.DataFrame({"x": np.arange(30.0), **{f"s{i}": np.arange(30.0) + i for i in range(20)}})
    spec = _spec({"theme": "print", "height": "600"}, frame)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    lines = [line for line in ax.lines if line.get_label().startswith("s")]
    looks = [(_dashes(line), line.get_marker()) for line in lines]
    assert len(lines) == 20 and len(set(looks)) == 20
    assert lines[0].get_linestyle() == "-" and lines[0].get_marker() == "None"  # as the light theme draws it
    # Markers spread along the line, never one on every point.
    assert all(len(line.get_markevery()) < 30 for line in lines if line.get_marker() != "None")


@pytest.mark.parametrize("theme", ["light", "dark", "auto"])
def test_a_colour_theme_draws_every_line_solid_and_unmarked(theme):
    frame = pd.DataFrame({"x": np.arange(5.0), "a": np.arange(5.0), "b": np.arange(5.0) + 1})
    spec = _spec({"theme": theme}, frame)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    drawn = [line for line in ax.lines if line.get_label() in ("a", "b")]
    assert [(line.get_linestyle(), line.get_marker()) for line in drawn] == [("-", "None")] * 2


def test_a_print_svg_writes_each_lines_dashes():
    frame = pd.DataFrame({"x": np.arange(10.0), **{f"s{i}": np.arange(10.0) * i for i in range(5)}})
    svg = render_chart("svg", _spec({"theme": "print"}, frame), frame).decode()
    dasharrays = {part.split('"')[0] for part in svg.split('stroke-dasharray="')[1:]}
    # Four dash patterns past the solid first line, each written (in the plot and the legend).
    assert len(dasharrays) == len(DASHES) - 1


def test_the_legend_shows_each_series_dashes_marker_and_hatch_as_drawn():
    frame = pd.DataFrame({"x": ["p", "q", "r"], **{f"s{i}": [1.0, 2.0, 3.0] for i in range(6)}})
    # A histogram draws the values of each y, whatever the rows' x, which it refuses.
    for kind, fields in (("line", {"x": "x"}), ("area", {"x": "x"}), ("bar", {"x": "x"}),
                         ("hist", {"y": "s0,s1,s2,s3,s4,s5"})):
        spec = _spec({"theme": "print", "kind": kind, **fields}, frame)
        fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
        FigureCanvasAgg(fig).draw()
        ax = fig.axes[0]
        shown = [artist for legend in fig.legends for artist in (*legend.get_lines(), *legend.get_patches())]
        if kind in ("line", "area"):
            drawn = [line for line in ax.lines if line.get_label().startswith("s")]
            entries = [artist for artist in shown if hasattr(artist, "get_marker")]
            assert [(_dashes(e), e.get_marker()) for e in entries] == \
                [(_dashes(line), line.get_marker()) for line in drawn], kind
            assert len(set(_dashes(e) for e in entries)) == len(DASHES), kind
        else:
            hatches = [container.patches[0].get_hatch() for container in ax.containers]
            assert [patch.get_hatch() for patch in shown] == hatches == list(HATCHES[:6]), kind


def test_print_lines_drawn_alone_differ_in_gray_where_light_ones_do_not():
    # The same values in each series: alone, each draws in the same place, told apart only by its look.
    frame = pd.DataFrame({"x": np.arange(40.0), **{f"s{i}": np.sin(np.arange(40.0) / 5) for i in range(4)}})

    def grays(theme: str) -> list[np.ndarray]:
        spec = _spec({"theme": theme, "legend": "false"}, frame)
        return [_gray(render_chart("png", spec, _alone(frame, f"s{i}"))) for i in range(4)]

    light, printed = grays("light"), grays("print")
    # Blue and red (s0 and s3) print as one gray in the light theme: hardly a pixel tells them apart.
    assert _share_apart(light[0], light[3], _series_pixels(light)) < 0.02
    for a, b in itertools.combinations(range(4), 2):
        assert _share_apart(printed[a], printed[b], _series_pixels(printed)) > 0.2, (a, b)


def _bar_crops(theme: str, count: int) -> list[np.ndarray]:
    """The gray pixels inside the bar of each of `count` series of one category, each drawn alone:
    some 17 pixels wide, wide enough for their hatches (`series_looks.THIN_BAR`)."""
    frame = pd.DataFrame({"x": ["only"], **{f"s{i}": [10.0] for i in range(count)}})
    spec = _spec({"theme": theme, "kind": "bar", "x": "x", "legend": "false", "width": "2000"}, frame)
    crops = []
    for i in range(count):
        fig = build_figure(spec, chart_frame(spec, _alone(frame, f"s{i}")))
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        gray = _lightness(np.asarray(canvas.buffer_rgba(), dtype=float))
        box = fig.axes[0].containers[i].patches[0].get_window_extent()
        top = gray.shape[0] - int(box.y1)
        crops.append(gray[top + 3: top + 3 + 120, int(box.x0) + 2: int(box.x0) + 2 + 12])
    return crops


def test_print_bars_drawn_alone_differ_in_gray_by_their_hatch():
    light, printed = _bar_crops("light", 4), _bar_crops("print", len(HATCHES))
    assert np.abs(light[0] - light[3]).mean() < 2  # blue and red bars: one gray, 1 L* apart
    for a, b in itertools.combinations(range(len(HATCHES)), 2):
        assert (np.abs(printed[a] - printed[b]) > 10).mean() > 0.2, (a, b)


def test_print_scatter_series_have_a_marker_each():
    frame = pd.DataFrame({"x": np.arange(5.0), **{f"s{i}": np.arange(5.0) + i for i in range(4)}})
    spec = _spec({"theme": "print", "kind": "scatter"}, frame)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    paths = [tuple(map(tuple, collection.get_paths()[0].vertices.round(3))) for collection in ax.collections]
    assert len(paths) == 4 and len(set(paths)) == 4
    assert len({to_hex(collection.get_facecolor()[0]) for collection in ax.collections}) == 4  # colours kept


def test_a_print_lines_markers_do_not_gather_at_the_ends_of_a_gap():
    # Rows 0 to 59 and 140 to 199, broken at gap=5: the places of the markers that fall in the gap found the
    # nearest point at its ends, a marker there beside the one of its own place (59 beside 56 and 141 beside
    # 140, some ten pixels apart): each marker now stands within half a step of its place.
    x = np.concatenate([np.arange(60.0), np.arange(140.0, 200.0)])
    frame = pd.DataFrame({"x": x, "a": np.sin(x / 10), "b": np.cos(x / 10), "c": x / 100})
    spec = _spec({"theme": "print", "gap": "5"}, frame)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    for line in (line for line in ax.lines if line.get_label() in ("b", "c")):
        marked = np.sort(line.get_xdata()[line.get_markevery()].astype(float))
        step = (x.max() - x.min()) / round(spec.width / 45)
        assert np.diff(marked).min() > step / 2, (line.get_label(), marked)


def test_a_lone_value_of_a_print_line_is_drawn_as_its_marker():
    frame = pd.DataFrame({"x": np.arange(5.0), "a": np.arange(5.0), "b": [np.nan, np.nan, 2.0, np.nan, np.nan]})
    spec = _spec({"theme": "print"}, frame)
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    dots = [line for line in ax.lines if line.get_label() == "_dots"]
    assert [dot.get_marker() for dot in dots] == [MARKERS[1]]


def test_a_chart_url_takes_theme_print_in_every_format(client):
    for extension in ("svg", "png", "pdf"):
        answer = client.get(f"/plot/animals.{extension}?theme=print")
        assert answer.status_code == 200, extension
    svg = client.get("/plot/animals.svg?theme=print").get_data(as_text=True)
    assert "stroke-dasharray" in svg and "stroke-dasharray" not in client.get("/plot/animals.svg").get_data(as_text=True)


def test_a_refused_theme_lists_print(client):
    assert "theme must be one of light, dark, auto, print; got 'grey'" in refusal(client, "/plot/animals.json?theme=grey")


def test_the_chart_pages_form_offers_print_and_keeps_it_chosen(client):
    page = client.get("/d/animals/all?theme=print").get_data(as_text=True)
    assert '<option value="print" selected>print</option>' in page


def test_the_openapi_description_names_print_among_the_themes(client):
    description = client.get("/api/openapi.json").get_data(as_text=True)
    assert "or print (light, each series told apart in gray" in description


def _board(tmp_path, theme: str):
    folder = tmp_path / theme
    folder.mkdir()
    (folder / "board.toml").write_text(f'theme = "{theme}"\n[[charts]]\nid = "c"\ndataset = "animals"\nkind = "bar"\n')
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]}).test_client()


def test_a_dashboard_of_theme_print_draws_its_charts_and_report_so(tmp_path):
    printed, light = _board(tmp_path, "print"), _board(tmp_path, "light")
    assert "<pattern" in printed.get("/d/board/c.svg").get_data(as_text=True)  # the bars' hatches
    assert "<pattern" not in light.get("/d/board/c.svg").get_data(as_text=True)
    # The report's bars are hatched: the PDF holds a pattern for each hatch.
    assert b"/PatternType" in printed.get("/d/board.pdf").get_data()
    assert b"/PatternType" not in light.get("/d/board.pdf").get_data()
