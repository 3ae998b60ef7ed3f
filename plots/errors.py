"""A small SVG that shows an error message, so a broken embedded chart explains itself.

The message is wrapped to the image's width from measured text (`fitted_text`), its font shrunk as far as
MESSAGE_SIZES allow for it to fit. What still does not fit is cut where it matters least: a message
that ends with the value it refused ("…; got 'yesterday'") keeps that value and loses the end of
the rule before it (the list of what is allowed), any other loses its end as a lone label does
(`shorten`: at a word's end where that keeps half the line); cut text ends with "…".
The heading is the status and its title, or the status alone where the title does not fit whole.
The `<title>` always holds the whole message.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape

from .auto_theme import dark_scheme_style
from .field_values import one_of
from .fitted_text import shorten, shorten_by_start, wrapped_lines
from .layout import least_width, text_size
from .line_breaks import surely_wider_count
from .spec import DEFAULT_LIMITS
from .style import FONT_FAMILY, THEMES
from .value_text import printable

_ID = "\x00"  # where the ids' prefix goes, once the content it is a hash of is known

# Pixel sizes of the message's font, largest first: it shrinks to the first at which the message
# fits, and to no less than the last, which stays readable; then the message is cut.
MESSAGE_SIZES = (13, 12, 11, 10)
HEADING_LARGER = 3  # the heading's pixels over the message's; it may shrink to 1 over to fit whole
LINE_STEP = 18 / 13  # from one message line's baseline to the next, per pixel of the font
HEADING_GAP = 1.55  # message line steps from the heading's baseline to the message's first
DESCENT = 0.24  # how far DejaVu Sans reaches under the baseline, per pixel of the font
# Where a message names the value it refused: all that follows is kept when the message is cut.
# Messages write it both ways ("…; got 'pie'", "…, got 'abc'"), and before any other value they quote.
_REFUSED_VALUE = re.compile(r"[;,] got ")
# A quote that opens a value a message quotes ('a, got b'), not one within a word (a chart's).
_VALUE_QUOTE = re.compile(r"(?<!\w)['\"]")
# Lines past those an image shows that a message is wrapped to before it is cut (`_in_sight`), so that the
# lines shown, and the one cut with "…", are wrapped as the whole message's are.
SPARE_LINES = 2


@dataclass(frozen=True)
class ErrorColours:
    """An error image's box, its border and its text."""

    fill: str
    stroke: str
    ink: str


# Per theme of `style.THEMES`, but for "auto", which is the light one repainted for readers who
# prefer a dark colour scheme, as a chart is (`auto_theme`). Light is the site's own error box
# (static/site.css); dark keeps the text 8:1 over its box and the border 5:1 over the dark theme's
# background.
ERROR_COLOURS = {
    "light": ErrorColours(fill="#fff5f5", stroke="#d1242f", ink="#82071e"),
    "dark": ErrorColours(fill="#2d1e21", stroke="#f85149", ink="#ffa198"),
}
ERROR_COLOURS["print"] = ERROR_COLOURS["light"]  # the light theme's, its series patterned


@dataclass(frozen=True)
class ErrorLayout:
    """Where an error image's text goes, in CSS pixels, and the texts it says whole, made printable:
    its `status`, its `whole_heading` (the status and title, which `heading` may draw as the status
    alone) and its `message`."""

    status: str
    whole_heading: str
    message: str
    pad: float
    heading: str
    heading_size: int
    heading_baseline: float
    lines: tuple[str, ...]
    message_size: int
    first_baseline: float
    step: float

    @property
    def title(self) -> str:
        """The status, title and whole message: an SVG's `<title>`, a PNG's Title text chunk."""
        return f"{self.whole_heading}: {self.message}"


def error_size(width: int, height: int) -> tuple[int, int]:
    """An error image's size in CSS pixels: `width`×`height` within a chart's limits."""
    return (max(DEFAULT_LIMITS.min_size, min(int(width), DEFAULT_LIMITS.max_size)),
            max(DEFAULT_LIMITS.min_size, min(int(height), DEFAULT_LIMITS.max_size)))


def error_colours(theme: str) -> ErrorColours:
    """The colours of an error image in `theme` (one of `style.THEMES`; "auto" drawn light)."""
    if theme not in THEMES:
        raise ValueError(f"theme must be {one_of(THEMES)}, got {theme!r}")
    return ERROR_COLOURS["light" if theme == "auto" else theme]


def error_layout(status: int, title: str, message: str, width: int, height: int) -> ErrorLayout:
    """Where the heading and message of an error image `width`×`height` CSS pixels go (the size as
    `error_size` gives it), with its texts whole, all made printable: what an SVG and a PNG of the
    error both draw and say."""
    status_text, heading, message = printable(str(status)), printable(f"{status} {title}"), printable(message)
    return _laid_out(status_text, heading, message, width, height)


def error_svg(status: int, title: str, message: str, width: int = 640, height: int = 360,
              theme: str = "light") -> bytes:
    """An SVG of `width`×`height` CSS pixels with the status, title and message fitted to it, in
    the colours of `theme` (one of `style.THEMES`).

    Like a chart it is an image with a `<title>` (the status, title and whole message) and a
    `<desc>` (what the image is) for screen readers, and its ids are named after a hash of its
    content, so that two errors pasted into one page do not share them. Its root says it is an
    error, and its status: `class="chart-error" data-status="422"`.
    """
    colours = error_colours(theme)
    width, height = error_size(width, height)
    laid = error_layout(status, title, message, width, height)
    desc = f"An image in place of a chart that could not be drawn, showing the error {laid.whole_heading}."
    text = "".join(
        f'  <text x="{_number(laid.pad)}" y="{_number(laid.first_baseline + laid.step * i)}" '
        f'font-size="{laid.message_size}">{escape(line)}</text>\n' for i, line in enumerate(laid.lines))
    body = (
        f' <title id="{_ID}-title">{escape(laid.title)}</title>\n'
        f' <desc id="{_ID}-desc">{escape(desc)}</desc>\n'
        f' <rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="{colours.fill}" '
        f'stroke="{colours.stroke}"/>\n'
        f' <g font-family="{FONT_FAMILY}, sans-serif" fill="{colours.ink}">\n'
        f'  <text x="{_number(laid.pad)}" y="{_number(laid.heading_baseline)}" font-size="{laid.heading_size}" '
        f'font-weight="bold">{escape(laid.heading)}</text>\n'
        f"{text}"
        f" </g>\n"
        f"</svg>\n"
    )
    # printable() turned any NUL of the text into U+FFFD: only the ids hold _ID. The theme is hashed
    # too: an auto image's style reaches every image of its ids on a page.
    prefix = "e" + hashlib.sha256(f"{width}x{height}\n{theme}\n{body}".encode("utf-8")).hexdigest()[:8]
    # Marked as an error on its root, for a script that reads the image and cannot tell it by its
    # status (`errors=image` answers a 200) nor by its size (the chart's).
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-error" data-status="{laid.status}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{_ID}-title" aria-describedby="{_ID}-desc">\n')
    svg = (root + body).replace(_ID, prefix).encode("utf-8")
    return _following_colour_scheme(svg) if theme == "auto" else svg


def _following_colour_scheme(svg: bytes) -> bytes:
    """The light error image with a style that repaints it in the dark error colours for readers
    who prefer a dark colour scheme, right after its title and description (as a chart's)."""
    light, dark = ERROR_COLOURS["light"], ERROR_COLOURS["dark"]
    pairs = {light.fill: dark.fill, light.stroke: dark.stroke, light.ink: dark.ink}
    anchor = svg.index(b"</desc>") + len(b"</desc>")
    return svg[:anchor] + dark_scheme_style(svg, pairs) + svg[anchor:]


def _laid_out(status: str, heading: str, message: str, width: int, height: int) -> ErrorLayout:
    """The heading and message lines of an error image `width`×`height` pixels, at the largest
    font of MESSAGE_SIZES at which the whole message fits, else at the smallest and cut."""
    pad = max(8.0, min(20.0, min(width, height) / 10))
    room_w = width - 2 * pad
    for message_size in MESSAGE_SIZES:
        heading_text, heading_size = _fitted_heading(status, heading, message_size, room_w)
        heading_baseline = pad + heading_size
        step = message_size * LINE_STEP
        first = heading_baseline + HEADING_GAP * step
        fits = max(1, int((height - pad - DESCENT * message_size - first) / step) + 1)
        # A message surely longer than the lines that fit is not wrapped to see it (`_surely_past`).
        over = _surely_past(message, message_size, room_w, fits) is not None
        lines = [] if over else _first_lines(message, message_size, room_w, fits + 1)
        if (lines and len(lines) <= fits) or message_size == MESSAGE_SIZES[-1]:
            if not lines or len(lines) > fits:
                lines = _cut_message(message, message_size, room_w, fits)
            return ErrorLayout(status, heading, message, pad, heading_text, heading_size, heading_baseline,
                               tuple(lines), message_size, first, step)
    raise AssertionError("the last of MESSAGE_SIZES always lays out")


def _fitted_heading(status: str, heading: str, message_size: int, width: float) -> tuple[str, int]:
    """The heading and its font size: whole, at the largest size from HEADING_LARGER over the
    message's down to 1 over that fits `width`, else the status alone (a title cut mid-way says
    nothing the status does not)."""
    for size in range(message_size + HEADING_LARGER, message_size, -1):
        if text_size(heading, size, "bold")[0] <= width:
            return heading, size
    return shorten(status, message_size + 1, width, "bold"), message_size + 1


def _cut_message(message: str, size: int, width: float, fits: int) -> list[str]:
    """`message` wrapped to `width` pixels and cut to `fits` lines, ended with "…" where it is cut.

    The value a message refused, and what follows it, is kept whole where it fits: the rule before
    it loses its end words ("kind must be one of line, bar,…; got 'pie'"). Any other message, or
    one whose value leaves no room, loses its own end.
    """
    found = _refused_value(message)
    if found:
        rule, refused = message[: found.start()], _in_sight(message[found.start():], size, width, fits)
        # Words of the rule past those in sight leave too little room for the value whatever is cut.
        words = _in_sight(rule, size, width, fits).split(" ")
        for kept in range(len(words) - 1, 0, -1):
            text = f"{_trimmed(words[:kept])}…{refused}"
            if _surely_past(text, size, width, fits) is not None:
                continue  # surely more lines than fit: no need to wrap it to see
            lines = _first_lines(text, size, width, fits + 1)
            if len(lines) <= fits:
                return lines
        # The field the rule names, then as much of the value as fits.
        message = f"{_trimmed(words[:1])}…{refused}"
    lines = wrapped_lines(_in_sight(message, size, width, fits), size, width)
    shown = list(islice(lines, fits))
    following = next(lines, None)
    if following is None:
        return shown
    # The last line shown is all that follows joined and cut to fit: wrapped as far as its cut reads.
    rest = [shown.pop(), following]
    while (short := shorten_by_start(" ".join(rest), size, width)) is None:
        line = next(lines, None)
        if line is None:  # all of it is wrapped
            short = shorten(" ".join(rest), size, width)
            break
        rest.append(line)
    return [*shown, _ended(short)]


def _first_lines(text: str, size: float, width: float, most: int) -> list[str]:
    """The first `most` lines of `text` wrapped to `width` pixels, or all where it takes fewer."""
    return list(islice(wrapped_lines(text, size, width), most))


def _in_sight(text: str, size: float, width: float, fits: int) -> str:
    """`text`, or, where it surely takes more than `fits` lines of `width` pixels and SPARE_LINES more
    however it is wrapped (by its least width, `least_width`), its start that surely does and then holds
    SPARE_LINES lines' least width more (the last line shown is the rest of the text joined and cut to
    fit, `_ended`): what follows is never drawn, and is not wrapped. A message may be of any length (a URL
    of thousands of unknown parameters is refused naming each), and wrapping measures each line: its
    whole would take minutes to wrap, in the server process, where an image shows a few hundred
    characters of it."""
    past = _surely_past(text, size, width, fits + SPARE_LINES)
    if past is None:
        return text
    # The room its characters take, wherever lines break: a paragraph's least width but the 1.0 it adds once.
    more = _surely_wider_start(text[past:], size, SPARE_LINES * 2 * width,
                               lambda paragraph: least_width(paragraph, size) - 1.0)
    return text if more is None else text[: past + more]


def _surely_past(text: str, size: float, width: float, lines: int) -> int | None:
    """How many of `text`'s first characters surely take more than `lines` lines of `width` pixels
    however they are wrapped; None where the whole text may take no more."""
    # A paragraph starts a line of its own.
    return _surely_wider_start(text, size, lines * width, lambda paragraph: max(width, least_width(paragraph, size)))


def _surely_wider_start(text: str, size: float, room: float, taken: Callable[[str], float]) -> int | None:
    """How many of `text`'s first characters surely take more than `room` pixels, each of its paragraphs
    taking `taken(paragraph)` of it; None where the whole text may take no more."""
    at = 0
    for paragraph in text.split("\n"):
        count = surely_wider_count(paragraph, size, room)
        if count <= len(paragraph):
            return at + count
        room -= taken(paragraph)
        at += len(paragraph) + 1
        if room < 0:
            return at
    return None


def _refused_value(message: str) -> re.Match | None:
    """Where `message` names the value it refused, if it does: a "; got " or ", got " with no quoted
    value before it (in "no column 'a, got b'; the columns are …" it is that value's own text)."""
    found = _REFUSED_VALUE.search(message)
    if found is None or _VALUE_QUOTE.search(message, 0, found.start()):
        return None
    return found


def _trimmed(words: list[str]) -> str:
    """`words` as text that "…" may follow: without a trailing comma, colon or opening bracket."""
    return " ".join(words).rstrip(",;:( ")


def _ended(short: str) -> str:
    """The last line shown of a message cut short, from `short`, all the message from that line on
    cut as a lone label is (`shorten`: at its last whole word where that keeps half the line, else
    within a word), ended with "…" after no comma or colon."""
    return _trimmed([short.removesuffix("…")]) + "…"


def _number(value: float) -> str:
    """A coordinate as short as it is exact to a tenth of a pixel: 20, 63.9."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
