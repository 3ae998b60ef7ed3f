"""Screenshot against baseline: a per-pixel colour threshold and a maximum differing ratio for the
page, and a tighter rule inside each chart's area."""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from PIL import Image, ImageChops, ImageDraw

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ToleranceError(ValueError):
    """A tolerance out of its range: which one, what it allows and the value given."""

    def __init__(self, setting: str, allowed: str, value: float) -> None:
        self.setting, self.allowed, self.value = setting, allowed, value
        super().__init__(self.message(setting))

    def message(self, name: str) -> str:
        """The refusal with the tolerance called `name` (the command line's option, say)."""
        return f"{name} must be {self.allowed}, got {self.value}"


@dataclass(frozen=True)
class Tolerance:
    """How different a screenshot may be and still match (as Playwright's toHaveScreenshot).

    `pixel_threshold` is the largest colour difference one pixel may have and still count as
    equal, as a fraction of full scale on any RGB channel (0 = exact, 1 = anything goes);
    `max_diff_ratio` is the largest share of pixels that may differ beyond it. Inside a chart's
    area a changed bar or point is a few hundred pixels, far under the page's ratio, and a bar
    shifted by less than `pixel_threshold` counts as equal: there `chart_pixel_threshold` and
    `chart_max_pixels` judge alone (Chromium draws the same chart to the same pixels run after run).
    """

    pixel_threshold: float = 0.1
    max_diff_ratio: float = 0.001
    chart_pixel_threshold: float = 0.01
    chart_max_pixels: int = 0

    def __post_init__(self) -> None:
        for name in ("pixel_threshold", "max_diff_ratio", "chart_pixel_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ToleranceError(name, "between 0 and 1", value)
        if self.chart_max_pixels < 0:
            raise ToleranceError("chart_max_pixels", "0 or more", self.chart_max_pixels)


Box = tuple[int, int, int, int]  # left, top, right, bottom in screenshot pixels (right, bottom excluded)


def drawn_box(rect: Sequence[float]) -> Box:
    """The pixels Chromium draws an image laid out on `rect` (left, top, right, bottom in CSS pixels) on: an
    edge on half a pixel on the next one (10.5 on 11, where round() takes the even one, 10), one on a quarter
    on the nearest (10.25 on 10, 10.75 on 11): an image at 10.5 is drawn to the very pixels it is at 11."""
    left, top, right, bottom = (math.floor(value + 0.5) for value in rect)
    return left, top, right, bottom


@dataclass(frozen=True)
class Area:
    """A part of the screenshot judged on its own: a chart image, named by its URL."""

    name: str
    box: Box
    # Where the baseline shows it (recorded as the baseline was written), which it is judged against:
    # the page may have grown or shrunk above it since; None where that is not known (then, in place).
    expected_box: Box | None = None
    # The chart drawn again on `expected_box`'s pixels, where the page shows it elsewhere, which is judged
    # in its place (`moved_charts`); None where it was not.
    drawn_again: Image.Image | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class AreaDifference:
    """How many pixels of one area differ beyond the chart threshold."""

    area: Area
    differing_pixels: int
    total_pixels: int
    allowed: int

    @property
    def matches(self) -> bool:
        """Whether the area is within its allowed count of differing pixels."""
        return self.differing_pixels <= self.allowed


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing one screenshot with its baseline."""

    matches: bool
    differing_pixels: int
    total_pixels: int
    actual_size: tuple[int, int]
    expected_size: tuple[int, int]
    message: str
    diff: Image.Image | None = None  # the diff picture, when they differ
    areas: tuple[AreaDifference, ...] = ()  # each chart's own verdict (sizes apart, of those whose place the baseline records)
    page_matches: bool = True  # the page-wide rule's own verdict, the charts' aside

    @property
    def ratio(self) -> float:
        """Share of pixels that differ beyond the threshold."""
        return self.differing_pixels / self.total_pixels if self.total_pixels else 0.0


def not_a_png(path: Path) -> str | None:
    """Why a baseline file cannot be compared with (not a PNG image), or None when it can."""
    raw = path.read_bytes()
    try:
        if raw.startswith(PNG_SIGNATURE):
            Image.open(io.BytesIO(raw)).load()
            return None
        first_line = raw[:80].split(b"\n", 1)[0].decode("utf-8", "replace")
        what = f"it starts with {first_line!r}" if raw else "it is empty"
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's ways of saying "broken image"
        what = f"it cannot be decoded: {exc}"
    # An un-pulled Git LFS file is a text pointer: pulling brings the approved image back.
    fix = "a Git LFS pointer: run `git lfs pull`" if raw.startswith(b"version https://git-lfs") else (
        "re-make it with --update-baselines")
    return f"baseline {path.name} is not a PNG image ({what}); {fix}"


def one_colour(screenshot: Image.Image, box: Box) -> bool:
    """Whether every pixel of `box` in the `screenshot` (`rgb_image`) is the same colour (nothing drawn there)."""
    inside = within(box, screenshot.size)
    if inside is None:
        return False  # outside the screenshot (past its height limit): nothing to judge
    return all(low == high for low, high in screenshot.crop(inside).getextrema())


def within(box: Box, size: tuple[int, int]) -> Box | None:
    """The part of `box` inside an image of `size`, or None where none of it is."""
    left, top, right, bottom = max(0, box[0]), max(0, box[1]), min(size[0], box[2]), min(size[1], box[3])
    return (left, top, right, bottom) if right > left and bottom > top else None


def rgb_image(data: bytes | Path) -> Image.Image:
    """A PNG's pixels in RGB, decoded (a page's screenshot once for all its charts)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    # RGB, never RGBA: ImageChops on RGBA compares alpha only (BROWSER.md).
    return Image.open(io.BytesIO(raw)).convert("RGB")


def _on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(image, (0, 0))
    return canvas


def _cut(image: Image.Image, cutoff: int) -> Image.Image:
    red, green, blue = image.split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # largest channel delta
    return worst.point(lambda v: 255 if v > cutoff else 0)


def _judge_areas(actual: Image.Image, expected: Image.Image, delta: Image.Image, areas: Sequence[Area],
                 tolerance: Tolerance) -> tuple[list[AreaDifference], Image.Image]:
    """Each area's count of pixels beyond the chart threshold, judged against its place in the baseline
    (`expected_box`) where that is known, as drawn again there where it was (`drawn_again`), else against the
    same place when the screenshots' sizes agree; and a mask of them all, where the baseline shows them (the
    diff picture's ground)."""
    mask = Image.new("L", delta.size, 0)
    judged = []
    cutoff = int(tolerance.chart_pixel_threshold * 255)
    for area in areas:
        if area.expected_box is not None:
            box, place = within(area.box, actual.size), within(area.expected_box, expected.size)
            if box != area.box or place != area.expected_box:
                continue  # not wholly in both screenshots: nothing to set side by side
            drawn = area.drawn_again if area.drawn_again is not None else actual.crop(box)
            cut = _cut(ImageChops.difference(drawn, expected.crop(place)), cutoff)
        elif actual.size == expected.size:
            place = within(area.box, delta.size)
            if place is None:
                continue
            cut = _cut(delta.crop(place), cutoff)
        else:
            continue  # it moved with the page, and where to is not known: the page's verdict says it
        mask.paste(cut, place[:2])
        judged.append(AreaDifference(area, cut.histogram()[255], cut.width * cut.height, tolerance.chart_max_pixels))
    return judged, mask


def compare_images(actual: bytes | Path, expected: bytes | Path, tolerance: Tolerance = Tolerance(),
                   areas: Sequence[Area] = ()) -> Comparison:
    """Compare two PNGs, and each chart area by the chart rule, at its `expected_box` (where the baseline
    shows it) when it has one, else in place when the sizes agree; a size mismatch never matches."""
    raw_actual, raw_expected = (d.read_bytes() if isinstance(d, Path) else d for d in (actual, expected))
    if raw_actual == raw_expected:  # Chromium repeats itself byte for byte: skip decoding
        size = Image.open(io.BytesIO(raw_actual)).size  # reads the header only
        return Comparison(True, 0, size[0] * size[1], size, size, "identical")
    a, e = rgb_image(raw_actual), rgb_image(raw_expected)
    size = (max(a.width, e.width), max(a.height, e.height))
    a_full, e_full = _on_canvas(a, size), _on_canvas(e, size)
    delta = ImageChops.difference(a_full, e_full)
    if delta.getbbox() is None and a.size == e.size:
        return Comparison(True, 0, size[0] * size[1], a.size, e.size, "identical")
    mask = _cut(delta, int(tolerance.pixel_threshold * 255))
    differing = mask.histogram()[255]
    total = size[0] * size[1]
    ratio = differing / total
    judged, area_mask = _judge_areas(a, e, delta, areas, tolerance)
    mask = ImageChops.lighter(mask, area_mask)
    if a.size != e.size:
        message = (f"size differs: expected {e.width}x{e.height}, got {a.width}x{a.height}; "
                   f"{differing} pixels ({ratio:.3%}) differ")
        page_matches = False
    else:
        page_matches = ratio <= tolerance.max_diff_ratio
        verb = "within" if page_matches else "over"
        message = (f"{differing} of {total} pixels ({ratio:.3%}) differ beyond threshold "
                   f"{tolerance.pixel_threshold:g}; {verb} the allowed {tolerance.max_diff_ratio:.3%}")
    matches = page_matches and all(area.matches for area in judged)
    diff = None if matches else _diff_picture(e_full, mask)
    return Comparison(matches, differing, total, a.size, e.size, message, diff, tuple(judged), page_matches)


def _diff_picture(expected: Image.Image, mask: Image.Image) -> Image.Image:
    # As pixelmatch draws it: the expected image faded to grey, differing pixels in red.
    faded = Image.blend(expected.convert("L"), Image.new("L", expected.size, 255), 0.75).convert("RGB")
    faded.paste((255, 0, 0), (0, 0), mask)
    return faded


def side_by_side(expected: Image.Image, actual: Image.Image, diff: Image.Image) -> Image.Image:
    """Expected | actual | diff in one picture, each panel labelled."""
    gap, header = 16, 24
    panels = [("expected", expected), ("actual", actual), ("diff", diff)]
    width = sum(p.width for _, p in panels) + gap * (len(panels) - 1)
    height = header + max(p.height for _, p in panels)
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    x = 0
    for label, panel in panels:
        draw.text((x + 4, 6), label, fill=(0, 0, 0))
        canvas.paste(panel, (x, header))
        x += panel.width + gap
    return canvas


# Where the elements of the --mask selectors are in the full-page screenshot (document pixels).
MASK_RECTS_JS = """
const rects = [];
for (const selector of arguments[0]) {
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push([r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY]);
  }
}
return rects;
"""

MASK_COLOUR = (255, 0, 255)  # Playwright's mask colour: obviously not part of the page


def paint_masks(png: bytes, rects: list[list[float]]) -> bytes:
    """The PNG with each rectangle (document px) filled with MASK_COLOUR."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in rects:
        draw.rectangle((math.floor(left), math.floor(top), math.ceil(right) - 1, math.ceil(bottom) - 1), fill=MASK_COLOUR)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def difference_files(out_dir: Path, stem: str) -> dict[str, Path]:
    """Where `write_difference` writes the baseline, the diff and the three side by side."""
    return {
        "expected": out_dir / f"{stem}.expected.png",
        "diff": out_dir / f"{stem}.diff.png",
        "side_by_side": out_dir / f"{stem}.side-by-side.png",
    }


def write_difference(actual: bytes, expected_path: Path, comparison: Comparison,
                     out_dir: Path, stem: str) -> dict[str, Path]:
    """Write `<stem>.expected.png`, `.diff.png` and `.side-by-side.png` next to the actual."""
    out_dir.mkdir(parents=True, exist_ok=True)
    expected, diff = rgb_image(expected_path), comparison.diff
    if diff is None:  # matched: nothing to show
        return {}
    files = difference_files(out_dir, stem)
    files["expected"].write_bytes(expected_path.read_bytes())
    diff.save(files["diff"])
    side_by_side(expected, rgb_image(actual), diff).save(files["side_by_side"])
    return files
