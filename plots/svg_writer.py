"""A compact SVG writer: what matplotlib's SVG backend asks its XML writer to write, made small.

matplotlib writes six decimals on every number, `style` attributes, a comment per text drawn as
outlines and one path per grid line. `CompactWriter` takes the same calls and writes one element
per line with presentation attributes instead of `style` (a page's Content-Security-Policy may
block style attributes of an inline SVG; attributes survive), numbers rounded to two decimals of
a point, no comments, and consecutive stroked paths of one style merged. Ids are marked as they
are written and named by `finish`, after a hash of the whole chart.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from .value_text import printable

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Decimals kept of coordinates, in points (1/72 inch): 0.01 pt is a seventh of a device pixel at 3×.
DECIMALS = 2

# Ids are written between these marks and named once the whole chart is known (see `finish`).
_MARK = "\x01"
_MARKED = re.compile(_MARK + "([^" + _MARK + "]*)" + _MARK)
_URL = re.compile(r"url\(#([^)]+)\)")
_ATTR_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"})
_TEXT_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What an attribute value must not hold as it is: markup, line breaks, anything but plain ASCII.
_UNSAFE = re.compile(r'[&<>"\x00-\x1f\x7f-\U0010ffff]')
# Attributes holding one number or a list of numbers in user units (points): rounded.
_LENGTHS = frozenset({"x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r",
                      "stroke-width", "stroke-dasharray", "stroke-dashoffset", "font-size"})
_NUMBER = re.compile(r"-?\d+\.?\d*(?:e-?\d+)?")
# translate() and rotate() hold coordinates and angles; scale() and matrix() are left alone, as
# a scale of 0.0675 rounded would grow the text by 4 %.
_MOVES = re.compile(r"(translate|rotate)\(([^)]*)\)")
_DEFAULTS = {"text-anchor": "start", "font-style": "normal", "font-weight": "400"}
_SHORT_HEX = re.compile(r"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3$")
_OPACITY = ("opacity", "fill-opacity", "stroke-opacity")
# A text's anchor once it is written right to left, where "start" is its right end.
_RIGHT_TO_LEFT_ANCHORS = {"start": "end", "end": "start", "middle": "middle"}
_ANCHOR = re.compile(r"text-anchor:\s*(\w+)")
# The bidirectional types of code points Python's Unicode tables hold none for (unassigned in its
# Unicode version), as Unicode's DerivedBidiClass.txt gives them (its @missing lines) and the text
# layout library reads them: right to left in the blocks set aside for right-to-left scripts,
# neutral among the default-ignorable code points, noncharacters and currency signs, and left to
# right everywhere else.
_UNASSIGNED_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdcf\ufdf0-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
_UNASSIGNED_NEUTRAL = re.compile("[\u2060-\u206f\u20a0-\u20cf\ufdd0-\ufdef\ufff0-\ufff8\U000e0000-\U000e0fff]")
# Code points of right-to-left blocks Python's tables do not know yet that the text layout library knows as
# no strong direction (marks, digits, symbols assigned since: Garay's digits and marks, Arabic ones).
_ASSIGNED_LATER_NEUTRAL = re.compile(
    "[\u0897\ufbc3-\ufbd2\ufd90-\ufd91\ufdc8-\ufdce\U00010d40-\U00010d49\U00010d69-\U00010d6e"
    "\U00010ed0-\U00010ed8\U00010efa-\U00010eff]")

# Path data as matplotlib's converter writes it: "M 52.14 229.77 \nL 52.14 36.04 \n".
# A line to a point straight below or beside the previous one: "V y" or "H x" (one level: after
# a V or H the previous point is no longer written out, so the next line stays an L).
_VERTICAL = re.compile(r"(?<=[ML])(-?[\d.]+) (-?[\d.]+)L\1 (-?[\d.]+)(?=[MLQCz]|$)")
_HORIZONTAL = re.compile(r"(?<=[ML])(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) \2(?=[MLQCzHV]|$)")
_NEGATIVE_ZERO = re.compile(r"-0(?=[ MLQCzHV]|$)")
_LEADING_ZERO = re.compile(r"(?<![\d.])0\.")


def short_number(value: float) -> str:
    """`value` with at most two decimals, no trailing zeros and no leading zero: 0.8 → ".8"."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    if text == "-0":
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def _round_numbers(text: str) -> str:
    return _NUMBER.sub(lambda m: short_number(float(m.group())), text)


def _round_moves(transform: str) -> str:
    def moves(m: re.Match) -> str:
        args = [short_number(float(n)) for n in _NUMBER.findall(m.group(2))]
        if args[0] == "0" and (m.group(1) == "rotate" or args[1:] in ([], ["0"])):
            return ""  # turns and moves by nothing
        if m.group(1) == "translate" and args[1:] == ["0"]:
            args.pop()
        return f"{m.group(1)}({' '.join(args)})"

    return " ".join(_MOVES.sub(moves, transform).split())


def compact_path(data: str) -> str:
    """matplotlib's path data ("M 1.5 2 \\nL 1.5 3 \\n") in short form ("M1.5 2V3")."""
    # Plain replacements: the converter always writes "C x y … \n" with these spaces.
    data = data.replace(" \n", "").replace("\n", "").replace("M ", "M").replace("L ", "L")
    data = data.replace("Q ", "Q").replace("C ", "C")
    data = _VERTICAL.sub(r"\1 \2V\3", data)
    data = _HORIZONTAL.sub(r"\1 \2H\3", data)
    data = _NEGATIVE_ZERO.sub("0", data)
    data = _LEADING_ZERO.sub(".", data)
    return data.replace(" -", "-")


def right_to_left(text: str) -> bool:
    """Whether matplotlib lays `text` out right to left: its first strongly directional character
    (Unicode's bidirectional types L, R and AL) is of a right-to-left script.

    matplotlib leaves the base direction of each line to its text layout library (raqm with
    SheenBidi), which finds it by rules P2 and P3 of the Unicode bidirectional algorithm: the
    first character of type L, R or AL before the paragraph's end, skipping what an isolate
    (LRI, RLI or FSI up to its PDI) holds, and left to right when there is none. A browser lays an
    SVG `<text>` out left to right unless told otherwise, so such a text needs `direction="rtl"`.
    """
    if text.isascii():  # no right-to-left letter; digits, punctuation and Latin letters alike
        return False
    isolates = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch) or _unassigned_kind(ch)
        if kind in ("LRI", "RLI", "FSI"):
            isolates += 1
        elif kind == "PDI":
            isolates = max(isolates - 1, 0)
        elif kind == "B":  # a paragraph separator ends the paragraph whose direction is found
            return False
        elif isolates == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def _unassigned_kind(ch: str) -> str:
    """The bidirectional type of a code point Python's Unicode tables do not know (see above)."""
    if _ASSIGNED_LATER_NEUTRAL.match(ch):
        return "ON"
    if _UNASSIGNED_RIGHT_TO_LEFT.match(ch):
        return "R"
    if _UNASSIGNED_NEUTRAL.match(ch) or (ord(ch) & 0xFFFE) == 0xFFFE:
        return "BN"
    return "L"


def _right_to_left_css(style: str) -> str:
    """A `<text>`'s CSS `style`, written right to left and anchored at the same side of its box."""
    found = _ANCHOR.search(style)
    anchor = _RIGHT_TO_LEFT_ANCHORS[found.group(1) if found else "start"]
    if found:
        style = style[:found.start(1)] + anchor + style[found.end(1):]
    else:
        style = style.rstrip().rstrip(";") + ("; " if style.strip() else "") + f"text-anchor: {anchor}"
    return style.rstrip().rstrip(";") + "; direction: rtl"


def _colour(value: str) -> str:
    m = _SHORT_HEX.match(value)
    return f"#{m.group(1)}{m.group(2)}{m.group(3)}" if m else value


class CompactWriter:
    """Writes what matplotlib's SVG writer is asked to, one element per line, attributes compacted.

    Takes the calls of matplotlib's private XML writer (`start`, `end`, `element`, `data`,
    `comment`, `close`, `flush`). `style` becomes presentation attributes, numbers are rounded,
    comments (text-as-path writes each text as one) are dropped, and a stroked path without fill
    that follows one with the same attributes is merged into it.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._tags: list[str] = []
        self._open = False  # a start tag is written without its closing ">"
        self._text: list[str] = []
        self._path: tuple[str, list[str]] | None = None  # attributes and data of a path that may grow
        self.font_family: str | None = None  # of the first text; texts of that family leave it out
        self._styles: dict[tuple[str, str], str] = {}

    def _flush(self, child: bool = True) -> None:
        if self._open:
            # A line break after a start tag only when an element follows: in <text> it would show.
            self.lines.append(">\n" if child else ">")
            self._open = False
        if self._text:
            self.lines.append(printable("".join(self._text)).translate(_TEXT_ESCAPE))
            self._text = []
        if self._path is not None:
            attrs, data = self._path
            self.lines.append(f'<path d="{"".join(data)}"{attrs}/>\n')
            self._path = None

    def _attributes(self, tag: str, attrib: dict) -> str:
        parts = []
        for name, value in attrib.items():
            if not value:
                continue
            if name == "style":
                # A chart repeats a handful of styles (every tick label has the same one).
                converted = self._styles.get((tag, value))
                if converted is None:
                    converted = self._styles[(tag, value)] = self._style(tag, value)
                parts.append(converted)
            else:
                parts.append(self._attribute(tag, name, value))
        return "".join(parts)

    def _style(self, tag: str, style: str) -> str:
        """CSS declarations as presentation attributes."""
        declarations = [d.partition(":") for d in style.split(";") if d.strip()]
        names = [n.strip() for n, _, _ in declarations]
        if len(set(names)) < len(names):  # a fallback list (image-rendering): stays CSS
            return self._attribute(tag, "style", style)
        return "".join(self._attribute(tag, n, v.strip()) for (_, _, v), n in zip(declarations, names))

    def _attribute(self, tag: str, name: str, value: str) -> str:
        """One attribute, compacted, with a space before it; "" when it says what SVG's default does."""
        if name == "d":
            return f' d="{value}"'  # numbers and command letters only
        if _UNSAFE.search(value):
            if value.startswith("data:"):
                value = value.replace(",\n", ",", 1)  # matplotlib breaks the line after "base64,"
            value = printable(value).translate(_ATTR_ESCAPE)
        if "url(#" in value:  # a clip path, a hatch pattern
            value = _URL.sub(lambda m: f"url(#{_MARK}{m.group(1)}{_MARK})", value)
        elif name in _LENGTHS and tag != "svg":
            if name == "font-size" and value.endswith("px"):
                value = value[:-2]
            try:
                value = short_number(float(value))
            except ValueError:  # a list, as in stroke-dasharray
                value = _round_numbers(value)
        elif name == "transform":
            value = _round_moves(value)
            if not value:
                return ""
        elif name in ("fill", "stroke"):
            value = _colour(value)
        elif name in _OPACITY and value.startswith("0."):
            value = value[1:]
        elif name == "id":
            value = _MARK + value + _MARK
        elif name == "aria-labelledby":
            value = " ".join(_MARK + token + _MARK for token in value.split())
        elif name in ("xlink:href", "href") and value.startswith("#"):
            value = "#" + _MARK + value[1:] + _MARK
        elif name == "font-family" and tag == "text":
            if self.font_family is None:
                self.font_family = value
            if value == self.font_family:
                return ""
        if _DEFAULTS.get(name) == value:
            return ""
        return f' {name}="{value}"'

    def start(self, tag: str, attrib: dict | None = None, **extra: str) -> int:
        """Open an element; returns its depth, for `close`."""
        self._flush()
        self._tags.append(tag)
        self.lines.append(f"<{tag}{self._attributes(tag, {**(attrib or {}), **extra})}")
        self._open = True
        return len(self._tags) - 1

    def end(self, tag: str | None = None, indent: bool = True) -> None:
        """Close the innermost open element."""
        name = self._tags.pop()
        if tag is not None and tag != name:
            raise ValueError(f"expected end({name}), got end({tag})")
        if self._open and not self._text:
            self.lines.append("/>\n")
            self._open = False
            return
        self._flush(child=False)
        self.lines.append(f"</{name}>\n")

    def element(self, tag: str, text: str | None = None, attrib: dict | None = None, **extra: str) -> None:
        """A whole element: start, text, end."""
        attrib = {**(attrib or {}), **extra}
        if tag == "path" and not text:
            data = attrib.pop("d", "")
            attrs = self._attributes(tag, attrib)
            if self._path is not None and self._path[0] == attrs and _mergeable(attrs):
                self._path[1].append(data)
                return
            self._flush()
            self._path = (attrs, [data])
            return
        if tag == "text" and text and right_to_left(text):
            attrib["style"] = _right_to_left_css(attrib.get("style", ""))
        self.start(tag, attrib)
        if text:
            self.data(text)
        self.end(indent=False)

    def text(self, style: str, x: float, y: float, angle: float, text: str) -> None:
        """A `<text>` at (x, y) turned by `angle` degrees about it: what `element` writes for
        matplotlib's attributes, without formatting the numbers twice; right to left where
        matplotlib lays it out so (`right_to_left`)."""
        self._flush()
        if right_to_left(text):
            style = _right_to_left_css(style)
        attrs = self._styles.get(("text", style))
        if attrs is None:
            attrs = self._styles[("text", style)] = self._style("text", style)
        x_text, y_text = short_number(x), short_number(y)
        turn = short_number(angle)
        turned = "" if turn == "0" else f' transform="rotate({turn} {x_text} {y_text})"'
        self.lines.append(f'<text{attrs} x="{x_text}" y="{y_text}"{turned}>'
                          f'{printable(text).translate(_TEXT_ESCAPE)}</text>\n')

    def data(self, text: str) -> None:
        """Text content of the open element."""
        self._flush(child=False)
        self._text.append(text)

    def comment(self, comment: str) -> None:
        """Comments are left out."""

    def close(self, depth: int) -> None:
        """Close open elements down to and including the one `start` returned `depth` for."""
        while len(self._tags) > depth:
            self.end()

    def flush(self) -> None:
        """Write out a path kept back for merging."""
        self._flush()


def _mergeable(attrs: str) -> bool:
    """Whether paths with these attributes draw the same merged into one: opaque strokes, no fill."""
    return (' fill="none"' in attrs and " stroke=" in attrs and "opacity" not in attrs
            and "dasharray" not in attrs and " id=" not in attrs)


def finish(svg: str) -> bytes:
    """The document as bytes, its ids named `c<hash>-<n>` after a hash of the whole chart.

    Two charts pasted inline into one page then never share an id; the same chart always gets
    the same ones.
    """
    prefix = "c" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:8]
    names: dict[str, str] = {"title": f"{prefix}-title", "desc": f"{prefix}-desc"}

    def name(m: re.Match) -> str:
        key = m.group(1)
        found = names.get(key)
        if found is None:
            found = names[key] = f"{prefix}-{len(names) - 1}"
        return found

    return _MARKED.sub(name, svg).encode("utf-8")
