"""Output formats in a registry: a format's name gives its media type, extension and render function.

Adding a format is one `register_format` call; `render_chart` looks the format up by name, so the
same call draws any of them. A format registered at import time of `plots` exists in every process
(render workers included); one registered later exists only in the process that registered it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .field_values import int_in, whole_number_takes
from .pdf import render_pdf
from .render import render_png, render_svg
from .spec import DEFAULT_LIMITS, ChartSpec, Limits, SpecError
from .text import quoted

# (spec, frame, limits, **options) -> the chart's bytes
RenderFn = Callable[..., bytes]
# (the parameter's raw text, limits) -> its value; raises SpecError naming the parameter
OptionParser = Callable[[str, Limits], Any]


def _no_words(limits: Limits) -> str:
    return ""


@dataclass(frozen=True)
class FormatOption:
    """An extra query parameter of a format (png's scale): how its raw text is read, and what it
    takes in words, for a refusal of it (given twice, say) to end with."""

    parse: OptionParser
    # limits -> what it takes ("a whole number from 1 to 3, …"); "" when there are no words for it.
    takes: Callable[[Limits], str] = _no_words


@dataclass(frozen=True)
class Format:
    """One output format: what it is called, how it is served, and the function that draws it."""

    name: str  # as in render_chart(name, ...)
    media_type: str  # the response's Content-Type, e.g. image/svg+xml
    extension: str  # of a file of this format, without the dot, e.g. svg
    render: RenderFn
    # The extra query parameters this format accepts (names, e.g. png's "scale"), each a FormatOption
    # or only its parser (an option with no words for what it takes).
    options: Mapping[str, FormatOption | OptionParser] = field(default_factory=dict, hash=False)
    # For a document to keep rather than an image in a page (pdf): how a browser should offer it,
    # "inline" (shown, saved under the URL's file name) or "attachment" (saved at once), sent as
    # Content-Disposition; None sends no such header.
    disposition: str | None = None

    def __post_init__(self) -> None:
        # A copy, so that the caller's mapping changing later cannot change a registered format.
        options = {name: option if isinstance(option, FormatOption) else FormatOption(option)
                   for name, option in self.options.items()}
        object.__setattr__(self, "options", options)
        if self.disposition not in (None, "inline", "attachment"):
            raise ValueError(f"format {self.name!r}: disposition must be None, 'inline' or 'attachment', "
                             f"got {self.disposition!r}")

    def parse_options(self, args: Mapping[str, str], limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
        """The options present in `args` (parameter name -> raw text), parsed; raises SpecError naming a bad one.

        Parameters that are not this format's options are left out, so that `args` can be a whole
        query string (a MultiDict gives each parameter's first value).
        """
        return {name: option.parse(args[name], limits) for name, option in self.options.items() if name in args}


class UnknownFormat(LookupError):
    """No format is registered under the name asked for."""


# What a PNG's scale counts, as its refusal names it.
SCALE_UNIT = "device pixels per CSS pixel"


def scale_takes(limits: Limits) -> str:
    """What a PNG's scale takes, in the words `parse_scale` refuses a value with."""
    return whole_number_takes(limits.min_scale, limits.max_scale, SCALE_UNIT)


def parse_scale(raw: str, limits: Limits) -> int:
    """A PNG's device pixels per CSS pixel: a whole number from `limits.min_scale` to `limits.max_scale`,
    read as every whole-number chart field is (`int_in`, spaces around it aside)."""
    return int_in("scale", raw, limits.min_scale, limits.max_scale, SCALE_UNIT)


def _png(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS, *, scale: int = 1) -> bytes:
    # render_png takes its scale third (render_png(spec, frame, 2)), where a format takes its limits.
    return render_png(spec, frame, scale, limits)


FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    """Add `fmt` to the registry under its name; raises ValueError when the name is taken."""
    if fmt.name in FORMATS:
        raise ValueError(f"an output format named {fmt.name!r} is registered already")
    FORMATS[fmt.name] = fmt
    return fmt


def format_options() -> dict[str, list[str]]:
    """Every registered format's option -> the extensions of the formats that take it (scale: png)."""
    owners: dict[str, list[str]] = {}
    for fmt in FORMATS.values():
        for option in fmt.options:
            owners.setdefault(option, []).append(fmt.extension)
    return owners


def only_for(extensions: list[str]) -> str:
    """The formats of `extensions` as a refusal of their option elsewhere words them (".png only")."""
    return f"{', '.join(f'.{extension}' for extension in extensions)} only"


def format_named(name: str) -> Format:
    """The format registered as `name`; raises UnknownFormat (a LookupError) listing the formats."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise UnknownFormat(f"no output format {quoted(name)}; the formats are {', '.join(FORMATS) or '(none)'}")
    return fmt


def render_chart(fmt_name: str, spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS,
                 **options: Any) -> bytes:
    """The chart as bytes in the format registered as `fmt_name`, drawn with its `options` (say, scale=2).

    Raises UnknownFormat (a LookupError) for a format that is not registered and TypeError for an
    option the format does not declare. Raises SpecError (422) for a chart that cannot be drawn:
    too many values or categories, or values matplotlib cannot draw (say, a range so wide that it
    overflows), which are a request that is valid but undrawable, not a server failure.
    """
    fmt = format_named(fmt_name)
    unknown = [name for name in options if name not in fmt.options]
    if unknown:
        raise TypeError(f"the {fmt.name} format takes no option {unknown[0]!r}; "
                        f"its options are {', '.join(fmt.options) or '(none)'}")
    try:
        return fmt.render(spec, frame, limits, **options)
    except (ValueError, OverflowError, FloatingPointError, ZeroDivisionError) as error:
        if isinstance(error, SpecError):
            raise
        raise SpecError(f"the chart cannot be drawn from these values ({error}); "
                        "check the range parameters or the data", status=422) from None


register_format(Format("svg", "image/svg+xml", "svg", render_svg))
register_format(Format("png", "image/png", "png", _png, options={"scale": FormatOption(parse_scale, scale_takes)}))
register_format(Format("pdf", "application/pdf", "pdf", render_pdf, disposition="inline"))
