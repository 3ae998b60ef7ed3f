"""What a browser's translation of a page (Chrome's Translate) must leave as it is: the names of datasets
and columns, the values of the data and of a dashboard's filters, the values a URL takes and the code and
URLs a reader copies, each inside an element marked `translate="no"`; the page's own words stay
translatable, and every page says it is in English (`<html lang="en">`)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

# Elements that have no end tag: they hold no text, and open nothing.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Texts(HTMLParser):
    """Each piece of a page's text, with whether a translation may change it and the tags it is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str | None], bool]] = []
        self.texts: list[tuple[str, bool, list[tuple[str, dict[str, str | None]]]]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in VOID:
            return
        translated = self.open[-1][2] if self.open else True
        if "translate" in attributes:
            translated = attributes["translate"] != "no"
        self.open.append((tag, attributes, translated))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and self.open and not {"script", "style", "title"} & {tag for tag, _, _ in self.open}:
            self.texts.append((data.strip(), self.open[-1][2], [(tag, attrs) for tag, attrs, _ in self.open]))


def page(client, url: str) -> _Texts:
    answer = client.get(url)
    assert answer.status_code in (200, 404), answer.get_data(as_text=True)[:300]
    texts = _Texts()
    texts.feed(answer.get_data(as_text=True))
    return texts


def translated(texts: _Texts, text: str) -> set[bool]:
    """Whether each piece of text that reads `text`, or starts with it as a word, may be translated (a piece
    may be there several times)."""
    found = {may for piece, may, _ in texts.texts if piece == text or piece.startswith(text + " ")}
    assert found, f"{text!r} is not on the page"
    return found


def inside(texts: _Texts, tag: str, css_class: str | None = None) -> list[tuple[str, bool]]:
    """The pieces of text within an element `tag` (of class `css_class`) and whether each may be translated."""
    return [(piece, may) for piece, may, within in texts.texts
            if any(t == tag and (css_class is None or css_class in (a.get("class") or "").split()) for t, a in within)]


@pytest.mark.parametrize("url", ["/", "/d/stations", "/d/stations/temperature", "/datasets/animals", "/upload",
                                 "/datasets/animals/append", "/d/nowhere"])
def test_every_page_says_it_is_in_english(client, url):
    assert page(client, url).lang == "en"


def test_a_dataset_pages_names_values_and_code_are_left_untranslated_its_words_translated(client):
    texts = page(client, "/datasets/animals")
    rows = inside(texts, "table", "data")
    assert len(rows) > 20 and not any(may for _, may in rows), rows
    assert translated(texts, "Bear") == {False}  # a column's name in the table of columns, a chart's caption
    assert translated(texts, "animals") == {False}  # the dataset's name, in code
    assert not any(may for _, may in inside(texts, "code"))
    for words in ("Dataset", "Columns", "Charts", "First rows", "whole number", "Line chart of", "Updated"):
        assert translated(texts, words) == {True}, words


def test_a_chart_pages_names_values_and_snippets_are_left_untranslated_its_words_translated(client):
    texts = page(client, "/d/stations/temperature?filter.station=Airport")
    assert translated(texts, "stations") == {False}  # the link to its dataset
    assert translated(texts, "Airport") == {False}  # the filter's value in the line of the rows shown
    assert translated(texts, "temperature_c") == {False}  # a Y column's box
    assert translated(texts, "line") == {False} and translated(texts, "mean") == {False}  # values a URL takes
    snippets = [(piece, may) for piece, may, within in texts.texts if any(t == "dd" for t, _ in within)]
    assert len(snippets) == 3 and not any(may for _, may in snippets), snippets
    assert not any(may for _, may in inside(texts, "table", "data"))
    for words in ("Embed", "Data behind the chart", "Kind", "X column", "Y columns", "Update chart", "Rows:"):
        assert translated(texts, words) == {True}, words


def test_a_chart_page_headed_by_its_id_leaves_it_untranslated(client):
    texts = page(client, "/d/stations/temperature?title=")
    [(heading, may)] = inside(texts, "h1")
    assert (heading, may) == ("temperature", False)


def test_a_dashboards_filter_values_are_left_untranslated_and_all_translated(client):
    texts = page(client, "/d/stations")
    options = inside(texts, "select")
    assert ("All", True) in options
    assert [may for piece, may in options if piece != "All"] == [False] * (len(options) - 1) and len(options) > 2
    assert translated(texts, "Time range") == {True}


def test_a_dataset_cards_column_names_are_left_untranslated_and_the_count_of_more_translated(client, data_dir):
    (data_dir / "wide.csv").write_text(",".join(f"c{n}" for n in range(10)) + "\n" + ",".join("1" * 10) + "\n")
    texts = page(client, "/")
    # Each name an element of its own (a <bdi>, set apart from its neighbours' direction).
    for name in ("year", "Bear", "Deer", "Wolf", *(f"c{n}" for n in range(8))):
        assert translated(texts, name) == {False}, name
    assert translated(texts, "and 2 more columns") == {True}
    assert translated(texts, "12 rows ·") == {True}


def test_a_dashboards_line_of_the_rows_shown_leaves_its_filter_values_untranslated_and_its_words_translated(client):
    texts = page(client, "/d/stations?filter.station=Airport")
    line = inside(texts, "p", "active")
    assert ("Airport", False) in line, line
    # The filter's label a piece of its own (a <bdi>), translated as the words around it are.
    assert [may for piece, may in line] == [True, False, True, True, True, False] and line[1][0][:4].isdigit(), line
    assert line[2:5] == [("onwards ·", True), ("Station", True), (":", True)], line
    assert line[0][0].startswith("Showing:"), line



def test_a_dashboards_range_leaves_its_bounds_and_moments_untranslated_and_its_words_translated(client):
    texts = page(client, "/d/stations?from=now-7d")
    line = inside(texts, "p", "active")
    assert [may for _, may in line] == [True, False, True, False, True], line
    # The moment now-7d stood for, rounded to its step (the hour): a time in UTC, or a date alone at midnight.
    moment = line[3][0]
    assert line[1] == ("now-7d", False) and re.fullmatch(r"\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d UTC)?", moment), line
    assert (line[0], line[2], line[4]) == (("Showing:", True), ("(", True), (") onwards", True)), line
    texts = page(client, "/d/stations?from=2025-02-01&to=2025-06-30")
    assert inside(texts, "p", "active") == [("Showing:", True), ("2025-02-01", False), ("to", True),
                                            ("2025-06-30", False)]


def test_a_chart_pages_range_leaves_its_bounds_and_moments_untranslated_and_its_words_translated(client):
    texts = page(client, "/d/stations/temperature?from=now-30d&filter.station=Airport")
    line = inside(texts, "p", "active")
    assert [may for _, may in line][:8] == [True, False, True, False, True, True, True, False], line
    assert (line[0], line[1], line[2], *line[4:8]) == (("Rows:", True), ("now-30d", False), ("(", True),
                                                       (") onwards ·", True), ("Station", True), (":", True),
                                                       ("Airport", False)), line
    texts = page(client, "/d/stations/temperature?from=2025-02-01&to=2025-06-30")
    assert inside(texts, "p", "active")[:4] == [("Rows:", True), ("2025-02-01", False), ("to", True),
                                                ("2025-06-30", False)]


def test_versions_json_gives_the_ranges_bounds_and_moments_as_values(client):
    parts = client.get("/d/stations/versions.json?from=now-7d").get_json()["showing_parts"]
    assert [part["value"] for part in parts] == [True, False, True, False], parts
    assert parts[0]["text"] == "now-7d" and parts[1]["text"] == " (" and parts[3]["text"] == ") onwards", parts
