"""theme=print: bars a pixel or two wide told apart by lines across them, twenty series of bars
each hatched its own way, areas' fills hatched as bars are, and a PDF's hatches drawn by poppler's
cairo output too."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from PIL import Image

from plots import build_figure, chart_frame, render_chart
from plots.kinds import fit_bars_to_pixels
from plots.style import THEMES
from tests.test_pdf import run_tool
from tests.test_series_in_gray import _alone, _bar_crops, _lightness, _spec


def _apart(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels of two gray crops that differ by more than 10 L*, as a reader tells two grays apart."""
    return float((np.abs(a - b) > 10).mean())


def _thin_bar_crops(count: int, kind: str, categories: int = 40) -> tuple[list[np.ndarray], list]:
    """The gray pixels of one bar of each of `count` series of `categories` categories, each series
    drawn alone as a PNG draws it (its bars' sides on whole pixels): a few pixels across, 120 along;
    and the figure of each."""
    frame = pd.DataFrame({"x": [f"c{i:02d}" for i in range(categories)],
                          **{f"s{i}": [10.0] * categories for i in range(count)}})
    spec = _spec({"theme": "print", "kind": kind, "x": "x", "width": "640", "height": "640"}, frame)
    crops, figures = [], []
    for i in range(count):
        fig = build_figure(spec, chart_frame(spec, _alone(frame, f"s{i}")))
        fit_bars_to_pixels(fig.axes[0], kind == "barh")
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        gray = _lightness(np.asarray(canvas.buffer_rgba(), dtype=float))
        box = fig.axes[0].containers[i].patches[categories // 2].get_window_extent()
        if kind == "barh":
            top, bottom = gray.shape[0] - round(box.y1), gray.shape[0] - round(box.y0)
            crops.append(gray[top:bottom, round(box.x0) + 3: round(box.x0) + 123].T)
        else:
            top = gray.shape[0] - round(box.y1)
            crops.append(gray[top + 3: top + 123, round(box.x0): round(box.x1)])
        figures.append(fig)
    return crops, figures


def test_print_bars_a_pixel_or_two_wide_differ_in_gray():
    # Hatched as wide bars, a bar two pixels wide was a column of dots whichever way its strokes
    # leaned: "///" and "\\\\\\" alike, "|||" often nothing at all. Lines across them differ.
    crops, _ = _thin_bar_crops(10, "bar")
    assert all(1 <= crop.shape[1] <= 2 for crop in crops), [crop.shape for crop in crops]
    for a, b in itertools.combinations(range(10), 2):
        assert _apart(crops[a], crops[b]) > 0.2, (a, b)


def test_thin_horizontal_bars_have_upright_lines_across_them():
    crops, figures = _thin_bar_crops(4, "barh")
    assert all(1 <= crop.shape[1] <= 3 for crop in crops), [crop.shape for crop in crops]
    for a, b in itertools.combinations(range(4), 2):
        assert _apart(crops[a], crops[b]) > 0.2, (a, b)
    assert {bar.get_hatch() for bar in figures[1].axes[0].containers[1]} == {"|||"}


def test_the_legend_shows_a_thin_bars_lines_as_drawn():
    _, figures = _thin_bar_crops(3, "bar")
    fig = figures[0]
    FigureCanvasAgg(fig).draw()
    shown = [patch for legend in fig.legends for patch in legend.get_patches()]
    drawn = [container.patches[0] for container in fig.axes[0].containers]
    assert [(p.get_hatch(), p.get_hatchcolor()) for p in shown] == [(p.get_hatch(), p.get_hatchcolor()) for p in drawn]
    assert [p.get_hatch() for p in drawn] == [None, "---", "--"]


def test_a_thin_histograms_bins_have_lines_across_them():
    values = np.random.default_rng(1).normal(size=200)
    frame = pd.DataFrame({"a": values, "b": values + 1})
    spec = _spec({"theme": "print", "kind": "hist", "y": "a,b", "bins": "150"}, frame)
    fig = build_figure(spec, chart_frame(spec, frame))
    hatches = {artist.get_hatch() for artist in fig.axes[0].patches if artist.get_visible()}
    assert hatches == {None, "---"}  # the second series' thin look, not its wide hatch "///"


def test_twenty_print_bar_series_each_differ_in_gray_from_every_other():
    # Series 11 to 20 were hatched as series 1 to 10 again, the eleventh unhatched as the first.
    crops = _bar_crops("print", 20)
    for a, b in itertools.combinations(range(20), 2):
        assert _apart(crops[a], crops[b]) > 0.2, (a, b)


def _area_collections(theme: str) -> list:
    frame = pd.DataFrame({"x": np.arange(6.0), **{f"s{i}": np.arange(6.0) + i for i in range(3)}})
    spec = _spec({"theme": theme, "kind": "area"}, frame)
    return list(build_figure(spec, chart_frame(spec, frame)).axes[0].collections)


def test_print_area_fills_are_hatched_as_bars_are_in_their_lines_colour():
    drawn = _area_collections("print")
    fills = [collection for collection in drawn if len(collection.get_facecolor())]
    hatches = [collection for collection in drawn if not len(collection.get_facecolor())]
    assert [fill.get_hatch() for fill in fills] == [None, None, None]
    # Over the second and third fills, each right after its own, a hatch at full opacity in the fill's colour.
    assert drawn == [fills[0], fills[1], hatches[0], fills[2], hatches[1]]
    assert [hatch.get_hatch() for hatch in hatches] == ["///", "\\\\\\"]
    for fill, hatch in zip(fills[1:], hatches):
        assert np.allclose(hatch.get_hatchcolor()[0], (*fill.get_facecolor()[0][:3], 1.0))
        assert hatch.get_alpha() is None and np.allclose(hatch.get_edgecolor()[0][3], 1.0)


def test_light_area_fills_are_not_hatched():
    assert [fill.get_hatch() for fill in _area_collections("light")] == [None, None, None]


def _drawn_by(tool: str, pdf: bytes, folder) -> np.ndarray:
    """A one-page PDF drawn by a poppler tool at 96 dpi, in gray."""
    (folder / "chart.pdf").write_bytes(pdf)
    run_tool(tool, "-r", "96", "-png", "-singlefile", str(folder / "chart.pdf"), str(folder / tool))
    return _lightness(np.asarray(Image.open(folder / f"{tool}.png").convert("RGB"), dtype=float))


def test_a_print_pdfs_hatches_are_drawn_by_pdftocairo_as_by_pdftoppm(tmp_path):
    # A PDF hatch is a pattern of strokes; pdftocairo stroked it with the opacity of the bar's edge,
    # 0 for bars without one, and drew the bars plain. Their edge is now opaque and of no width.
    frame = pd.DataFrame({"x": ["a", "b"], "s0": [3.0, 4.0], "s1": [3.0, 4.0]})
    for kind, fields in (("bar", {"x": "x"}), ("hist", {"y": "s0,s1"})):
        pdfs = {theme: render_chart("pdf", _spec({"theme": theme, "kind": kind, **fields}, frame), frame)
                for theme in ("light", "print")}
        for tool in ("pdftoppm", "pdftocairo"):
            light, printed = (_drawn_by(tool, pdfs[theme], tmp_path) for theme in ("light", "print"))
            # The second series' hatch, in its bars and its legend swatch: white strokes over its colour.
            assert (np.abs(light - printed) > 10).sum() > 1000, (kind, tool)


def test_a_print_areas_hatch_is_as_dark_as_its_ink_in_a_pdf_drawn_by_poppler(tmp_path):
    # The fill's opacity, 0.3, applied to its hatch too: pdftocairo drew the strokes some 80 L*, as
    # pale as the fill (87), where its ink, the line's orange, is 61; pdftoppm drew none at all.
    frame = pd.DataFrame({"x": np.arange(6.0), "s0": [np.nan] * 6, "s1": [10.0] * 6})
    spec = _spec({"theme": "print", "kind": "area", "legend": "false"}, frame)
    pdf = render_chart("pdf", spec, frame)
    ink = _lightness(np.array(to_rgb(THEMES["print"].palette[1])) * 255)
    for tool in ("pdftocairo", "pdftoppm"):
        gray = _drawn_by(tool, pdf, tmp_path)
        middle = gray[gray.shape[0] // 2 - 40: gray.shape[0] // 2 + 40, gray.shape[1] // 2 - 40: gray.shape[1] // 2 + 40]
        fill = np.percentile(middle, 95)
        assert fill > ink + 20, tool  # the pale fill, inside the area
        assert np.percentile(middle, 5) < ink + 5, (tool, np.percentile(middle, 5), ink)
