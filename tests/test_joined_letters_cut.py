"""Long labels of letters that join (Arabic) or run right to left (Hebrew) are cut with a few
measurements each, as other scripts' are, to the same start as when every shorter start was
measured in turn, though a letter joined to the next may be narrower (`fitted_text.NARROWING`)."""
from __future__ import annotations

import random
import unicodedata
import warnings

import pandas as pd
import pytest
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font

from plots import fitted_text, parse_spec, render_svg
from plots.fitted_text import NARROWING, _ended, shorten
from plots.layout import line_extent
from plots.style import FONT_FAMILY
from plots.ticks import TICK_SIZE
from tests.test_long_label_layout import _ended_one_by_one

ZWJ, ZWNJ, TATWEEL = "\u200d", "\u200c", "\u0640"
ARABIC = "ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآؤئ"
ALPHABETS = {
    "arabic": ARABIC + "لا ",
    "arabic with marks and joiners": ARABIC + "\u064b\u064e\u064f\u0650\u0651\u0652" + ZWJ + ZWNJ + TATWEEL + " ",
    "persian and urdu": "پچژگکیۀےھڈڑںٹابتسشلمنهوی۱۲۳ ",
    "hebrew with points": "אבגדהוזחטיכךלמםנןסעפףצץקרשת\u05b0\u05b4\u05b7\u05b8\u05bc ",
    "devanagari": "कखगचजटडतदनपबमयरलवसह\u093e\u093f\u0940\u0941\u094d\u0902 ",
    "mixed": "ابتجدسشلمنهوي" + "אבגד" + "abcXYZfi" + "0123١٢٣" + " ()-.:" + ZWJ,
}


@pytest.fixture(autouse=True)
def _no_missing_glyph_warnings():
    # The test machine's fonts have no Devanagari glyphs: each text measured would warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def start_widths(text: str, size: float, weight: str) -> list[float]:
    """The width of each start of `text` with "…" after it."""
    return [line_extent(text[:count] + "…", size, weight)[0] for count in range(1, len(text) + 1)]


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_a_text_is_cut_to_the_start_cut_one_by_one_at_every_width_a_start_takes(alphabet):
    rng = random.Random(f"joined {alphabet}")
    narrowed = 0  # cuts where a longer start is narrower than a shorter one: the search must see past them
    for size, weight in ((TICK_SIZE, "normal"), (11.0, "bold")):
        for _ in range(25):
            text = "".join(rng.choice(ALPHABETS[alphabet]) for _ in range(rng.randint(2, 40)))
            widths = start_widths(text, size, weight)
            narrowed += sum(later < earlier for earlier, later in zip(widths, widths[1:]))
            # Each width a start takes and a hair less: every cut lands on each rise and fall.
            for most in [1.0, *(width - less for width in sorted(set(widths)) for less in (0.0, 1e-6))]:
                assert _ended(text, size, most, weight) == _ended_one_by_one(text, size, most, weight), (
                    text, size, weight, most)
    if alphabet not in ("hebrew with points", "devanagari"):
        assert narrowed > 0


def test_a_long_label_of_joined_letters_is_cut_with_a_few_measurements(monkeypatch):
    rng = random.Random("joined measurements")
    texts = ["".join(rng.choice(ALPHABETS["arabic"]) for _ in range(28)).strip() for _ in range(40)]
    calls = []

    def counted(text: str, size: float, weight: str):
        calls.append(text)
        return line_extent(text, size, weight)

    monkeypatch.setattr(fitted_text, "line_extent", counted)
    for most in (20.0, 60.0):
        calls.clear()
        shortened = [shorten(text, TICK_SIZE, most) for text in texts]
        assert all(short.endswith("…") for short in shortened), shortened
        # Every start tried in turn, the longest first, takes over 20 a label here; the search about 8.
        assert len(calls) <= 10 * len(texts), (most, len(calls))


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_no_arabic_letter_joined_to_the_next_narrows_a_text_by_more_than_narrowing(weight):
    font = FT2Font(findfont(FontProperties(family=FONT_FAMILY, weight=weight)))
    letters = [chr(code) for code in font.get_charmap() if 0x0600 <= code < 0x0700 or 0x0750 <= code < 0x0780
               or 0x08A0 <= code < 0x0900]
    assert len(letters) > 100
    most = 0.0
    for before in ("", "ب", "ا"):  # the letter alone, at a word's end, and after one that joins no letter after it
        for letter in letters:
            ended = line_extent(before + letter + "…", TICK_SIZE, weight)[0]
            # A joiner widens nothing itself: the letter's change of form is all the text narrows by.
            for added in (ZWJ, TATWEEL, "ب", "ا", "ل", "ه"):
                narrower = ended - line_extent(before + letter + added + "…", TICK_SIZE, weight)[0]
                assert narrower <= NARROWING * TICK_SIZE, (unicodedata.name(letter), added, narrower / TICK_SIZE)
                most = max(most, narrower)
    assert most > 0.5 * TICK_SIZE  # the joined forms do narrow texts: the search has to allow for it


def test_the_long_arabic_label_chart_is_drawn_as_when_cut_one_by_one(monkeypatch):
    rng = random.Random(3)
    names = ["".join(rng.choice(ALPHABETS["arabic"]) for _ in range(60)).strip() + str(i) for i in range(30)]
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(30)]})
    for width, height in (("900", "150"), ("2000", "100")):
        spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "width": [width], "height": [height]},
                          {"name": "text", "v": "float"})
        svg = render_svg(spec, frame)
        with monkeypatch.context() as patched:
            patched.setattr(fitted_text, "_ended", _ended_one_by_one)
            assert svg == render_svg(spec, frame)
