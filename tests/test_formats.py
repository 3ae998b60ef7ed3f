"""Output formats: one registry maps a name to a media type and a render function."""
from __future__ import annotations

import dataclasses

import pytest

from plots import (FORMATS, ChartSpec, Format, Limits, SpecError, UnknownFormat, describe, parse_spec,
                   register_format, render_chart, render_png, render_svg)

ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}


def render_text(spec: ChartSpec, frame, limits: Limits, *, upper: bool = False) -> bytes:
    """The chart's title and description as plain text: the toy format of these tests."""
    title, desc = describe(spec, frame)
    text = f"{title}\n{desc}\n"
    return (text.upper() if upper else text).encode("utf-8")


@pytest.fixture
def text_format():
    """A `text` format, registered for one test only."""
    fmt = register_format(Format("text", "text/plain", "txt", render_text, options={"upper": lambda raw, _: raw == "1"}))
    yield fmt
    del FORMATS["text"]


@pytest.fixture
def spec() -> ChartSpec:
    return parse_spec({"y": ["Bear"]}, ANIMALS)


def test_svg_png_and_pdf_are_registered_with_their_media_types():
    assert {name: (fmt.media_type, fmt.extension, tuple(fmt.options)) for name, fmt in FORMATS.items()} == {
        "svg": ("image/svg+xml", "svg", ()), "png": ("image/png", "png", ("scale",)),
        "pdf": ("application/pdf", "pdf", ())}


def test_render_chart_draws_the_same_bytes_as_the_render_functions(spec, animals_frame):
    assert render_chart("svg", spec, animals_frame, Limits()) == render_svg(spec, animals_frame)
    assert render_chart("png", spec, animals_frame, Limits(), scale=2) == render_png(spec, animals_frame, scale=2)


def test_a_registered_format_is_drawn_by_render_chart(text_format, spec, animals_frame):
    body = render_chart("text", spec, animals_frame, Limits())
    assert body.startswith(b"Line chart of Bear by year\n")
    assert render_chart("text", spec, animals_frame, Limits(), upper=True).startswith(b"LINE CHART OF BEAR")


def test_an_unknown_format_is_a_lookup_error_naming_the_formats(spec, animals_frame):
    with pytest.raises(LookupError) as caught:
        render_chart("gif", spec, animals_frame, Limits())
    assert isinstance(caught.value, UnknownFormat)
    assert "'gif'" in str(caught.value) and "svg, png" in str(caught.value)


def test_an_option_the_format_does_not_declare_is_refused(spec, animals_frame):
    with pytest.raises(TypeError, match="svg format takes no option 'scale'"):
        render_chart("svg", spec, animals_frame, Limits(), scale=2)


def test_values_matplotlib_cannot_draw_are_a_422(text_format, spec, animals_frame, monkeypatch):
    def overflow(*args, **options):
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setitem(FORMATS, "text", dataclasses.replace(text_format, render=overflow))
    with pytest.raises(SpecError) as caught:
        render_chart("text", spec, animals_frame, Limits())
    assert caught.value.status == 422
    assert "cannot be drawn from these values (cannot convert float infinity" in caught.value.message


def test_a_spec_error_while_drawing_keeps_its_status_and_message(animals_frame):
    spec = parse_spec({"kind": ["bar"]}, ANIMALS)
    with pytest.raises(SpecError) as caught:
        render_chart("svg", spec, animals_frame, Limits(max_categories=5))
    assert caught.value.status == 422 and caught.value.field == "kind"
    assert "at most 5 categories" in caught.value.message


def test_png_scale_is_parsed_within_the_limits():
    png = FORMATS["png"]
    assert png.parse_options({"scale": "2", "v": "7", "kind": "bar"}, Limits()) == {"scale": 2}
    assert png.parse_options({}, Limits()) == {}
    assert png.parse_options({"scale": "5"}, Limits(max_scale=5)) == {"scale": 5}
    assert FORMATS["svg"].parse_options({"scale": "2"}, Limits()) == {}


@pytest.mark.parametrize("raw", ["0", "4", "2.0", "-1", "", "two", "²", "9" * 5000])
def test_a_bad_png_scale_is_a_400_saying_what_is_allowed(raw):
    with pytest.raises(SpecError) as caught:
        FORMATS["png"].parse_options({"scale": raw}, Limits())
    assert caught.value.status == 400 and caught.value.field == "scale"
    assert caught.value.message.startswith(("scale must be a whole number of device pixels per CSS pixel from 1 to 3, "
                                            "written with the digits 0 to 9 only, got ",
                                            "scale must be between 1 and 3 device pixels per CSS pixel, got "))


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="'svg' is registered already"):
        register_format(Format("svg", "text/plain", "txt", render_text))
    assert FORMATS["svg"].media_type == "image/svg+xml"


def test_a_format_is_a_frozen_value_that_keeps_its_own_options():
    options = {"upper": lambda raw, _: True}
    fmt = Format("text", "text/plain", "txt", render_text, options=options)
    options["extra"] = options["upper"]
    assert tuple(fmt.options) == ("upper",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fmt.name = "other"  # type: ignore[misc]
