"""Screenshot against baseline: a per-pixel colour threshold and a maximum differing ratio."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw


@dataclass(frozen=True)
class Tolerance:
    """How different a screenshot may be and still match (as Playwright's toHaveScreenshot).

    `pixel_threshold` is the largest colour difference one pixel may have and still count as
    equal, as a fraction of full scale on any RGB channel (0 = exact, 1 = anything goes);
    `max_diff_ratio` is the largest share of pixels that may differ beyond it.
    """

    pixel_threshold: float = 0.1
    max_diff_ratio: float = 0.001

    def __post_init__(self) -> None:
        if not 0.0 <= self.pixel_threshold <= 1.0:
            raise ValueError(f"pixel_threshold must be between 0 and 1, got {self.pixel_threshold}")
        if not 0.0 <= self.max_diff_ratio <= 1.0:
            raise ValueError(f"max_diff_ratio must be between 0 and 1, got {self.max_diff_ratio}")


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

    @property
    def ratio(self) -> float:
        """Share of pixels that differ beyond the threshold."""
        return self.differing_pixels / self.total_pixels if self.total_pixels else 0.0


def _rgb(data: bytes | Path) -> Image.Image:
    raw = data.read_bytes() if isinstance(data, Path) else data
    # RGB, never RGBA: ImageChops on RGBA compares alpha only (BROWSER.md).
    return Image.open(io.BytesIO(raw)).convert("RGB")


def _on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(image, (0, 0))
    return canvas


def compare_images(actual: bytes | Path, expected: bytes | Path, tolerance: Tolerance = Tolerance()) -> Comparison:
    """Compare two PNGs; a size mismatch never matches."""
    raw_actual, raw_expected = (d.read_bytes() if isinstance(d, Path) else d for d in (actual, expected))
    if raw_actual == raw_expected:  # Chromium repeats itself byte for byte: skip decoding
        size = Image.open(io.BytesIO(raw_actual)).size  # reads the header only
        return Comparison(True, 0, size[0] * size[1], size, size, "identical")
    a, e = _rgb(raw_actual), _rgb(raw_expected)
    size = (max(a.width, e.width), max(a.height, e.height))
    a_full, e_full = _on_canvas(a, size), _on_canvas(e, size)
    delta = ImageChops.difference(a_full, e_full)
    if delta.getbbox() is None and a.size == e.size:
        return Comparison(True, 0, size[0] * size[1], a.size, e.size, "identical")
    red, green, blue = delta.split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # largest channel delta
    cutoff = int(tolerance.pixel_threshold * 255)
    mask = worst.point(lambda v: 255 if v > cutoff else 0)
    differing = mask.histogram()[255]
    total = size[0] * size[1]
    ratio = differing / total
    if a.size != e.size:
        message = (f"size differs: expected {e.width}x{e.height}, got {a.width}x{a.height}; "
                   f"{differing} pixels ({ratio:.3%}) differ")
        matches = False
    else:
        matches = ratio <= tolerance.max_diff_ratio
        verb = "within" if matches else "over"
        message = (f"{differing} of {total} pixels ({ratio:.3%}) differ beyond threshold "
                   f"{tolerance.pixel_threshold:g}; {verb} the allowed {tolerance.max_diff_ratio:.3%}")
    diff = None if matches else _diff_picture(e_full, mask)
    return Comparison(matches, differing, total, a.size, e.size, message, diff)


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


def write_difference(actual: bytes, expected_path: Path, comparison: Comparison,
                     out_dir: Path, stem: str) -> dict[str, Path]:
    """Write `<stem>.expected.png`, `.diff.png` and `.side-by-side.png` next to the actual."""
    out_dir.mkdir(parents=True, exist_ok=True)
    expected, diff = _rgb(expected_path), comparison.diff
    if diff is None:  # matched: nothing to show
        return {}
    files = {
        "expected": out_dir / f"{stem}.expected.png",
        "diff": out_dir / f"{stem}.diff.png",
        "side_by_side": out_dir / f"{stem}.side-by-side.png",
    }
    files["expected"].write_bytes(expected_path.read_bytes())
    diff.save(files["diff"])
    side_by_side(expected, _rgb(actual), diff).save(files["side_by_side"])
    return files
