"""A label of a long value is shortened from a start of it: what cannot be shown is not measured (a
value of 131,072 characters measured whole took seconds), and the label is the one measuring it
whole gives."""
from __future__ import annotations

from plots import fitted_text, layout

LONG = "Northern harbour station " + "x" * 20_000
OTHERS = ["Southern pier", "Eastern quay"]


def measured_lengths(monkeypatch) -> list[int]:
    """The length of each line of text measured from now on (each measured anew, not one kept)."""
    lengths: list[int] = []
    measure = layout.text_metrics

    def noted(text: str, font: tuple):
        lengths.append(len(text))
        return measure(text, font)

    monkeypatch.setattr(layout, "text_metrics", noted)
    return lengths


def test_a_long_label_is_shortened_measuring_no_more_of_it_than_can_be_shown(monkeypatch):
    lengths = measured_lengths(monkeypatch)
    short = fitted_text.shorten(LONG, 9.0, 150.0)
    assert short.startswith("Northern harbour") and short.endswith("…")
    assert max(lengths) < 1_000


def test_labels_beside_a_long_one_are_shortened_apart_measuring_no_more_of_it_than_can_be_shown(monkeypatch):
    lengths = measured_lengths(monkeypatch)
    shortened = fitted_text.shorten_apart([LONG, *OTHERS], 9.0, 150.0)
    assert shortened == [fitted_text.shorten(LONG, 9.0, 150.0), *OTHERS]
    assert max(lengths) < 1_000


def test_a_long_label_is_shortened_as_measuring_it_whole_shortens_it(monkeypatch):
    shortened = [fitted_text.shorten(LONG, 9.0, most) for most in (20.0, 150.0, 400.0)]
    apart = fitted_text.shorten_apart([LONG, *OTHERS], 9.0, 150.0)
    monkeypatch.setattr(fitted_text, "KEPT_LINE", len(LONG))  # every line measured whole
    assert shortened == [fitted_text.shorten(LONG, 9.0, most) for most in (20.0, 150.0, 400.0)]
    assert apart == fitted_text.shorten_apart([LONG, *OTHERS], 9.0, 150.0)
