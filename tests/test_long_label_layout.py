"""Long category names are shortened with a few measurements each, to the same labels as when every
shorter start was measured in turn."""
from __future__ import annotations

import random
import warnings
from dataclasses import dataclass

import pandas as pd
import pytest

from plots import fitted_text, parse_spec, render_svg, told_apart
from plots.fitted_text import shorten
from plots.graphemes import cluster_cut
from plots.layout import line_extent
from plots.layout import text_size
from plots.ticks import TICK_SIZE
from plots.told_apart import _apart, shorten_apart

# Scripts whose letters keep their form, one whose letters join (Arabic), and letters with marks.
ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyzAVTWYfiflffi .,'-0123456789",
    "cjk": "日本語中文abc ",
    "cyrillic and greek": "абвгдежзийклмнопрстуфхцчшщыэюяαβγδεζηθλμπσω ",
    "marks": "aeiouAEIOU\u0301\u0300\u0308\u0327 ",
    "hindi and thai": ("कखगचजटडतदनपबमयरलवसह\u093e\u093f\u0940\u0941\u094d\u0902"
                       "กขคงจดตทนบปมยรลว\u0e31\u0e34\u0e35\u0e48\u0e49 "),
    "arabic": "ابتثجحخدذرسشصضطظعغفقكلمنهوي ",
}


def _ended_one_by_one(text: str, size: float, max_width: float, weight: str) -> str:
    """The cut as it was made before: each shorter start ending a grapheme cluster measured in turn,
    the longest first."""
    first, count = cluster_cut(text, 1), len(text)
    while count > first and line_extent(text[:count] + "…", size, weight)[0] > max_width:
        count = max(cluster_cut(text, count - 1), first)
    return text[:count].rstrip() + "…"


def shorten_one_by_one(text: str, size: float, max_width: float, weight: str = "normal") -> str:
    """`shorten` as it was before, cutting with `_ended_one_by_one`, then at a word's end as it does."""
    width = line_extent(text, size, weight)[0]
    if width <= max_width:
        return text
    ended = _ended_one_by_one(text, size, max_width, weight)
    words = fitted_text._word_end(text, len(ended) - 1)
    if words and line_extent(text[:words] + "…", size, weight)[0] >= fitted_text.WORD_END_SHARE * max_width:
        ended = text[:words].rstrip() + "…"
    return ended if line_extent(ended, size, weight)[0] < width else text


@dataclass(frozen=True)
class _OneByOne:
    """Text measured in points, shortened as before (`shorten_one_by_one`)."""

    size: float

    def shorten(self, text: str, most: float) -> str:
        return shorten_one_by_one(text, self.size, most)

    def width(self, text: str) -> float:
        return text_size(text, self.size)[0]

    def surely_wider(self, text: str, most: float) -> bool:
        return False  # every text measured whole

    def fits(self, text: str, most: float) -> bool:
        return self.width(text) <= most

    def ended_narrower(self, form: str, text: str) -> None:
        return None  # every form measured whole


def label_set(rng: random.Random, alphabet: str, count: int) -> list[str]:
    """`count` distinct labels of up to 30 characters of `alphabet`, many sharing a start or an
    end with another (as "Average daily …" names do), a few short."""
    stems = ["".join(rng.choice(alphabet) for _ in range(rng.randint(4, 22))) for _ in range(3)]
    labels: set[str] = set()
    while len(labels) < count:
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        label = rng.choice([rng.choice(stems) + tail, tail + rng.choice(stems), tail, tail * 3])[:30].strip()
        labels.add(label or "x")
    return sorted(labels, key=lambda _: rng.random())


@pytest.fixture(autouse=True)
def _no_missing_glyph_warnings():
    # The test machine's fonts have no CJK glyphs: each label drawn would warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_labels_shortened_apart_are_those_cut_one_by_one(alphabet):
    rng = random.Random(f"shorten {alphabet}")
    for count in (1, 4, 25):
        texts = label_set(rng, ALPHABETS[alphabet], count)
        for most in (4.0, 9.0, 25.0, 47.5, 90.0):
            found = shorten_apart(texts, TICK_SIZE, most)
            assert found == _apart(texts, _OneByOne(TICK_SIZE), most), (texts, most)


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_a_shortened_text_is_the_one_cut_one_by_one(alphabet):
    rng = random.Random(f"one text {alphabet}")
    for size, weight in ((TICK_SIZE, "normal"), (11.0, "bold")):
        for text in label_set(rng, ALPHABETS[alphabet], 12):
            for most in (1.0, 12.0, 33.3, 70.0):
                assert shorten(text, size, most, weight) == shorten_one_by_one(text, size, most, weight), (text, most)


def test_a_long_label_is_cut_with_a_few_measurements(monkeypatch):
    rng = random.Random("measurements")
    texts = [label_set(rng, ALPHABETS["cjk"], 1)[0][:4] + "".join(rng.choice("日本語中文abc") for _ in range(24))
             for _ in range(40)]
    calls = []

    def counted(text: str, size: float, weight: str):
        calls.append(text)
        return line_extent(text, size, weight)

    monkeypatch.setattr(fitted_text, "line_extent", counted)
    for most in (20.0, 60.0):
        calls.clear()
        shortened = [shorten(text, TICK_SIZE, most) for text in texts]
        assert all(short.endswith("…") for short in shortened), shortened
        # Every start tried in turn takes over 20 a label at 20 points; the search about 4.
        assert len(calls) <= 8 * len(texts), (most, len(calls))


def test_the_long_label_chart_is_drawn_as_when_cut_one_by_one(monkeypatch):
    rng = random.Random(3)
    names = ["".join(rng.choice("日本語中文abc ") for _ in range(60)).strip() + str(i) for i in range(30)]
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(30)]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "width": ["900"], "height": ["150"]},
                      {"name": "text", "v": "float"})
    svg = render_svg(spec, frame)
    monkeypatch.setattr(fitted_text, "_ended", _ended_one_by_one)
    monkeypatch.setattr(fitted_text, "shorten", shorten_one_by_one)
    monkeypatch.setattr(told_apart, "shorten", shorten_one_by_one)
    assert svg == render_svg(spec, frame)
