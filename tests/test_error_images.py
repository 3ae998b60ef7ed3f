"""Error images: the message fitted to the size the chart asked for, in the theme it asked for."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest

from plots import error_svg, errors, fitted_text, line_breaks
from plots.layout import text_size
from tests.error_image_text import error_png

SVG = "{http://www.w3.org/2000/svg}"
FROM_YESTERDAY = "/plot/weather.svg?from=yesterday"
TOO_MANY_BARS = "/plot/weather.svg?kind=bar&x=date"
SIZES = [(640, 360), (300, 150), (200, 100), (100, 100), (100, 300), (2000, 100)]


def drawn(svg: bytes) -> tuple[str, list[str], ET.Element]:
    """An error image's heading, its message lines and its root."""
    root = ET.fromstring(svg)
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    return texts[0], texts[1:], root


def message_of(svg: bytes) -> str:
    """The whole message an error image names in its title."""
    return ET.fromstring(svg).find(f"{SVG}title").text.split(": ", 1)[1]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_an_error_image_keeps_the_value_it_refused_at_every_size(client, width, height):
    svg = client.get(f"{FROM_YESTERDAY}&width={width}&height={height}").data
    heading, lines, root = drawn(svg)
    assert (root.get("width"), root.get("height")) == (str(width), str(height))
    shown = " ".join(lines)
    assert shown.startswith("from must be") and shown.endswith("got 'yesterday'")
    if shown != message_of(svg):
        assert "…; got 'yesterday'" in shown  # the list of what is allowed is cut, and says so


@pytest.mark.parametrize(("width", "height"), [(640, 360), (300, 150), (2000, 100)])
def test_an_error_image_with_room_for_the_whole_message_draws_it_whole(client, width, height):
    svg = client.get(f"{FROM_YESTERDAY}&width={width}&height={height}").data
    assert " ".join(drawn(svg)[1]) == message_of(svg)


def test_the_message_shrinks_to_fit_before_it_is_cut():
    message = "kind must be one of line, bar, barh, scatter, area, hist, box; got 'pie'"
    roomy = ET.fromstring(error_svg(400, "Bad Request", message, 640, 360))
    small = ET.fromstring(error_svg(400, "Bad Request", message, 200, 100))
    sizes = [float(next(root.iter(f"{SVG}text")).get("font-size")) for root in (roomy, small)]
    message_sizes = [float(list(root.iter(f"{SVG}text"))[1].get("font-size")) for root in (roomy, small)]
    assert sizes[1] < sizes[0] and message_sizes[1] < message_sizes[0]
    assert " ".join(drawn(error_svg(400, "Bad Request", message, 200, 100))[1]) == message
    assert min(message_sizes) >= 10  # no smaller than a readable size


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_heading_is_whole_or_the_status_alone_never_cut_mid_word(client, width, height):
    heading = drawn(client.get(f"{TOO_MANY_BARS}&width={width}&height={height}").data)[0]
    assert heading in ("422 Unprocessable Content", "422")
    if width >= 300:
        assert heading == "422 Unprocessable Content"


@pytest.mark.parametrize(("width", "height"), [(200, 100), (100, 100)])
def test_a_message_without_a_refused_value_loses_its_end_with_an_ellipsis(client, width, height):
    lines = drawn(client.get(f"{TOO_MANY_BARS}&width={width}&height={height}").data)[1]
    shown = " ".join(lines)
    assert shown.startswith("a bar chart may show at most") and shown.endswith("…")
    assert all("…" not in line for line in lines[:-1])


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_got_within_a_quoted_value_is_no_refused_value_to_keep(client, separator):
    # The value quoted is the column asked for: what follows ", got " in it is no value the message
    # refused, and keeping that alone would drop what the message is about ("x…, got b'; the…").
    lines = drawn(client.get(f"/plot/weather.svg?x={quote(f'a{separator} got b')}&width=100&height=100").data)[1]
    shown = " ".join(lines)
    assert shown.startswith(f"x: no column 'a{separator} got b'; the columns are") and shown.endswith("…"), lines


@pytest.mark.parametrize("url", [FROM_YESTERDAY, TOO_MANY_BARS, "/plot/animals.svg?y=Bearz"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_line_of_an_error_image_is_inside_it(client, url, width, height):
    _, _, root = drawn(client.get(f"{url}&width={width}&height={height}").data)
    for element in root.iter(f"{SVG}text"):
        size, weight = float(element.get("font-size")), element.get("font-weight", "normal")
        line_width, _ = text_size(element.text, size, weight)
        assert float(element.get("x")) + line_width <= width
        assert float(element.get("y")) + 0.24 * size <= height


def colours(svg: bytes) -> tuple[str, str, str]:
    """An error image's box fill, its border and its text colour."""
    root = ET.fromstring(svg)
    box, group = root.find(f"{SVG}rect"), root.find(f"{SVG}g")
    return box.get("fill"), box.get("stroke"), group.get("fill")


def test_an_error_image_of_a_dark_chart_is_dark(client):
    from plots.errors import ERROR_COLOURS
    from plots.style import THEMES

    light = client.get("/plot/animals.svg?kind=pie").data
    dark = client.get("/plot/animals.svg?kind=pie&theme=dark").data
    assert colours(light) == ("#fff5f5", "#d1242f", "#82071e")
    assert colours(dark) == tuple(vars(ERROR_COLOURS["dark"]).values())
    assert colours(dark)[0] != colours(light)[0]
    assert drawn(dark)[1] == drawn(light)[1]
    # Dark as the dark theme's charts are: a dark box, light text.
    assert _luminance(colours(dark)[0]) < 0.1 < _luminance(colours(dark)[2])
    assert _luminance(THEMES["dark"].background) < 0.1


def test_a_dark_chart_png_gets_a_dark_error_image_too(client):
    from plots.errors import ERROR_COLOURS

    response = client.get("/plot/animals.png?kind=pie&theme=dark&errors=image")
    assert response.status_code == 200
    fill = ERROR_COLOURS["dark"].fill
    assert error_png(response.data).getpixel((100, 300)) == tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))


def test_an_auto_error_image_is_light_and_turns_dark_for_a_dark_colour_scheme(client):
    from plots.errors import ERROR_COLOURS

    auto = client.get("/plot/animals.svg?kind=pie&theme=%20Auto").data.decode()
    assert colours(auto.encode()) == ("#fff5f5", "#d1242f", "#82071e")
    style = auto.split("</desc>", 1)[1].split("</style>", 1)[0]
    assert style.startswith("<style>@media (prefers-color-scheme: dark){")
    dark = ERROR_COLOURS["dark"]
    for rule in (f'[fill="#fff5f5"]{{fill:{dark.fill}}}', f'[stroke="#d1242f"]{{stroke:{dark.stroke}}}',
                 f'[fill="#82071e"]{{fill:{dark.ink}}}'):
        assert rule in style
    # The rules reach this image alone.
    label = ET.fromstring(auto).get("aria-labelledby")
    assert style.count(f'[aria-labelledby="{label}"] ') == 3


def test_an_auto_error_image_shares_no_ids_with_the_same_light_one():
    light = ET.fromstring(error_svg(400, "Bad Request", "no", theme="light")).get("aria-labelledby")
    auto = ET.fromstring(error_svg(400, "Bad Request", "no", theme="auto")).get("aria-labelledby")
    assert light != auto


@pytest.mark.parametrize("query", ["theme=purple", "theme=dark&theme=dark"])
def test_an_error_about_the_theme_is_drawn_light(client, query):
    response = client.get(f"/plot/animals.svg?{query}")
    assert response.status_code == 400 and "theme" in message_of(response.data)
    assert colours(response.data)[0] == "#fff5f5"


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(("query", "follows"), [("", True), ("&theme=light", False)])
def test_an_error_image_of_a_dashboard_chart_takes_the_dashboard_s_theme_unless_the_url_names_one(
        client, query, follows):
    """stations.toml sets theme = "auto": its charts' errors follow the reader's scheme as they do."""
    image = client.get(f"/d/stations/temperature.svg?from=yesterday{query}")
    assert image.status_code == 400
    assert ("prefers-color-scheme: dark" in image.get_data(as_text=True)) is follows



# Each long word takes a line of an image 200 pixels wide: the fourth and last line starts "dddd".
FOUR_LINES = "the chart cannot be drawn, " + "b" * 26 + " " + "c" * 26 + " dddd "


def test_a_cut_message_ends_as_a_lone_label_does_at_a_word_end_that_keeps_half_its_line():
    # Cut at its last word's end, the last line would say "dddd…" in a line's room; cut as a lone
    # label is, within the long word after it, it shows as much as fits.
    message = FOUR_LINES + "e" * 24 + " and more words after it that never fit"
    lines = drawn(error_svg(400, "Bad Request", message, 200, 100))[1]
    assert len(lines) == 4 and lines[-1].startswith("dddd eeeeeeeeee") and lines[-1].endswith("e…"), lines


def test_a_cut_message_ends_at_a_word_end_without_the_comma_before_it():
    message = FOUR_LINES + "eeee, ffff, gggg, " + "h" * 30 + " and more words after it"
    lines = drawn(error_svg(400, "Bad Request", message, 200, 100))[1]
    assert lines[-1] == "dddd eeee, ffff, gggg…", lines


@pytest.mark.parametrize("url", ["/plot/weather.svg?x=temperature_c,rainfall_mm", "/plot/weather.svg?to=%27now%27"])
@pytest.mark.parametrize("width", [100, 120, 140])
@pytest.mark.parametrize("height", [100, 150, 200, 300])
def test_no_line_of_an_error_image_starts_with_the_punctuation_of_a_split_word(client, url, width, height):
    # Seen: "temperature_c" then ", rainfall_mm"; "to must be a date (2024-01-31)…" then "; got …".
    lines = drawn(client.get(f"{url}&width={width}&height={height}").data)[1]
    assert not any(line[:1] in ",;:.)…" for line in lines[1:]), lines


THOUSANDS = "/plot/weather.svg?" + "&".join(f"p{i}=1" for i in range(300))


def test_a_refusal_of_thousands_of_parameters_wraps_only_what_its_image_can_show(client, monkeypatch):
    # Each unknown parameter is refused by name, some 250 characters of words each: the message of a URL
    # of 300 is 60,000 characters, of a URL of 8,000 (64 KB) two million, whose wrapping, measured line by
    # line in the server process, took minutes. The image shows its start and "…".
    wrapped = []

    def wrapped_lines(text, *args):
        wrapped.append(len(text))
        return fitted_text.wrapped_lines(text, *args)

    monkeypatch.setattr(errors, "wrapped_lines", wrapped_lines)
    response = client.get(THOUSANDS)
    assert response.status_code == 400
    message, lines = message_of(response.data), drawn(response.data)[1]
    assert message.startswith("300 parameters are refused: (1) unknown parameter 'p0'") and len(message) > 60_000
    assert " ".join(lines).startswith("300 parameters are refused: (1) unknown parameter 'p0'")
    assert lines[-1].endswith("…")
    assert wrapped and max(wrapped) < 20_000  # what 640 by 360 pixels may show, and some
    assert len(wrapped) <= 2  # at the smallest size alone: at a larger one it surely does not fit


def test_a_refusal_of_thousands_of_parameters_measures_the_lines_it_shows_and_few_more(client, monkeypatch):
    # Its start in sight is wrapped to some 100 lines at 640 by 360 pixels, each measured, to show 22
    # and cut the next to end the last: measuring a line at the largest size takes some 10 ms.
    wrapped = []

    def words_fitting(*args):
        wrapped.append(args)
        return line_breaks.words_fitting(*args)

    monkeypatch.setattr(fitted_text, "words_fitting", words_fitting)
    lines = drawn(client.get(THOUSANDS).data)[1]
    assert lines[-1].endswith("…")
    assert len(wrapped) <= len(lines) + 8, (len(wrapped), len(lines))


def test_a_refusal_cut_short_ends_with_all_that_follows_its_lines_wrapped_and_cut_as_a_lone_label_is(client):
    svg = client.get(THOUSANDS).data
    lines, root = drawn(svg)[1:]
    size, room = float(list(root.iter(f"{SVG}text"))[1].get("font-size")), 640 - 2 * 20
    whole = fitted_text.wrap_text(errors._in_sight(message_of(svg), size, room, len(lines)), size, room).split("\n")
    assert len(whole) > 3 * len(lines)
    assert lines[:-1] == whole[: len(lines) - 1]
    last = fitted_text.shorten(" ".join(whole[len(lines) - 1:]), size, room)
    assert lines[-1] == errors._trimmed([last.removesuffix("…")]) + "…"


def test_a_long_line_is_shortened_as_any_longer_line_that_starts_with_it():
    start = "kind must be one of line, bar, barh, scatter, area, hist, box; " * 6
    short = fitted_text.shorten_by_start(start, 10, 200.0)
    assert short is not None and short.endswith("…")
    for more in ("", " ", "x" * 500, " and so on" * 90):
        assert fitted_text.shorten(start + more, 10, 200.0) == short
    assert fitted_text.shorten_by_start(start[:40], 10, 200.0) is None  # too short to tell: a longer one cuts further


def test_an_error_layout_holds_the_texts_it_says_whole_and_printable():
    laid = errors.error_layout(422, "Unprocessable\x00 Entity", "kind\x01 must be line; got 'pie'", 150, 100)
    assert (laid.status, laid.whole_heading, laid.message) == ("422", "422 Unprocessable\ufffd Entity",
                                                               "kind\ufffd must be line; got 'pie'")
    assert laid.title == "422 Unprocessable\ufffd Entity: kind\ufffd must be line; got 'pie'"
    assert laid.heading == "422"  # the heading drawn: the title does not fit at this width
