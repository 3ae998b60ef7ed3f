"""How the image that answers a failed SVG or PNG chart looks: the size and theme the chart asked
for (or its dashboard gives it), and a PNG's scale, so that the error fills the chart's box on the page in its colours;
and which errors `errors=image` answers as a 200 image.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import current_app, g, request
from werkzeug.datastructures import MultiDict

from plots import ChartSpec, SpecError
from plots.formats import parse_scale
from plots.style import THEMES


def asked_query(tail: str) -> MultiDict:
    """The query the request asked with: its own, or where its ? came percent-encoded and there is
    none, the query its path holds after the file's name, in `tail` (its size and theme are the chart's)."""
    if tail.startswith("?") and not request.args:
        return MultiDict(parse_qsl(tail[1:], keep_blank_values=True))
    return request.args


def errors_mode(raw: str) -> str:
    """The mode an `errors` value asks for, read as a chart field's words are: in any case, white space
    around it ignored (`errors=IMAGE` as `theme=Dark`)."""
    return raw.strip().lower()


def error_theme(asked: MultiDict, extension: str) -> str:
    """The theme the failed chart asked for in `asked`, read as a chart reads it, else its
    dashboard's; light when neither names one, or the URL one it could not read (the error may be
    about the theme). A `theme=auto` one follows the reader's colour scheme in an SVG only: as a
    PNG chart draws it light, so is its error (an SVG drawn in its place)."""
    names = asked.getlist("theme")
    if not names and g.get("chart_base") is not None:
        theme = g.chart_base.theme
    else:
        theme = names[0].strip().lower() if len(names) == 1 else ""
    if theme == "auto" and extension != "svg":
        return "light"
    return theme if theme in THEMES else "light"


def error_scale(asked: MultiDict) -> int:
    """The scale a failed PNG chart asked for in `asked`, so that its error has the chart's pixels; 1
    (a PNG's default) where it asked none or one it could not read (the error may be about the scale)."""
    names = asked.getlist("scale")
    if len(names) == 1:
        try:
            return parse_scale(names[0], current_app.config["LIMITS"])  # read as the chart reads it
        except SpecError:
            pass
    return 1


def error_size(asked: MultiDict) -> tuple[int, int]:
    """The size the failed chart asked for in `asked` (or its dashboard gives it), so the error
    fills the same box on the page."""
    limits = current_app.config["LIMITS"]
    sizes = []
    for name in ("width", "height"):
        raw = asked.get(name, "")
        # Digits past the largest size's are too large already; int() refuses over 4300 of them.
        valid = (raw.isascii() and raw.isdigit() and len(raw) <= len(str(limits.max_size))
                 and limits.min_size <= int(raw) <= limits.max_size)
        base = g.get("chart_base") or ChartSpec  # the dashboard's chart's size, else a chart's
        sizes.append(int(raw) if valid else getattr(base, name))
    return sizes[0], sizes[1]


# The refusals of how a request asks for a chart rather than of the chart: a method the URL does
# not take (405, with its Allow), an Accept-Encoding refusing every coding (406), an If-Match
# naming another version (412) and a Range past the file's end (416, with its Content-Range).
# Under errors=image they keep their status: a 200 would tell a client that its write was taken,
# its encoding sent, its condition met or its range read.
EXCHANGE_STATUSES = frozenset({405, 406, 412, 416})


def drawn_as_image(status: int) -> bool:
    """Whether `errors=image` answers an error of `status` as a 200 image: a GET's or a HEAD's (what an
    <img> sends) refusal of the chart itself, a 4xx of its parameters or data, or a 503 (its data out
    of reach for now), but for EXCHANGE_STATUSES."""
    return (request.method in ("GET", "HEAD") and status not in EXCHANGE_STATUSES
            and (400 <= status < 500 or status == 503))
