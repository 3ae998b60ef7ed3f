"""A histogram of several series fills their bars see-through, so that one behind another shows, and
edges them in the series' own colour: filled so, a palette colour stands out from the background by
2:1 or less, where WCAG asks 3:1 of a graphic, which the colour itself gives."""
from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from app import create_app
from plots.style import THEMES

# Two series whose values lie apart: neither's bars cover the other's.
APART = "a,b\n" + "".join(f"{v},{v + 100}\n" for v in (1, 2, 2, 3, 3, 3, 4, 4, 5))


def luminance(rgb: np.ndarray) -> float:
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_series_of_a_histogram_of_several_is_edged_in_a_colour_of_3_to_1(data_dir, theme):
    (data_dir / "apart.csv").write_text(APART)
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    answer = client.get(f"/plot/apart.png?kind=hist&y=a&y=b&bins=20&theme={theme}")
    assert answer.status_code == 200
    pixels = np.asarray(Image.open(io.BytesIO(answer.data)).convert("RGB"), dtype=float) / 255
    background = np.array(to_rgb(THEMES[theme].background))
    for colour in THEMES[theme].palette[:2]:
        rgb = np.array(to_rgb(colour))
        # Pixels of the series' colour itself (anti-aliasing aside), and none much paler would do.
        edged = np.all(np.abs(pixels - rgb) < 0.04, axis=2)
        assert edged.sum() > 100, f"{colour}: {edged.sum()} pixels of the series' own colour"
        assert contrast(rgb, background) >= 3
