"""A dashboard's PDF report says its description and captions whole, as the dashboard's page does."""
from __future__ import annotations

import html
import re
import uuid
from pathlib import Path

import plots.pdf
from plots import CHART_KINDS, Kind, ReportChart, parse_spec, render_report_pdf
from tests.test_pdf import (client_of_park, draw_then_fail, page_sizes, pdf_text, run_tool, saved, top_of,
                            words_on_page)


FOOTER_TOP = 595 - 32  # points from a page's top: under it, each page's title and number


def placed_words(path: Path, page: int) -> list[tuple[str, float, float]]:
    """Each word pdftotext finds on `page` (from 1) in reading order, with its left and top in points."""
    boxes = run_tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [(html.unescape(word), float(left), float(top)) for left, top, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', boxes)]


def left_of(path: Path, page: int, word: str) -> float:
    """Where `word` first starts on `page`, in points from the page's left."""
    return next(left for found, left, _ in placed_words(path, page) if found == word)


def column_text(path: Path, right: float = 842) -> str:
    """The words of every page left of `right` points and above its footer, in reading order: text
    that runs on from one page to the next reads on."""
    return " ".join(word for page in range(1, len(page_sizes(path)) + 1)
                    for word, left, top in placed_words(path, page) if left < right and top < FOOTER_TOP)


def sentences(word: str, count: int) -> str:
    """`count` numbered sentences, each starting with `word`, as long as a paragraph of a report."""
    sentence = "was counted along the north trail and the lake shore this spring."
    return " ".join(f"{word}{n} {sentence}" for n in range(count))


CHARTS = ''.join(f'[[charts]]\nid = "c{n}"\ndataset = "animals"\ny = ["Bear"]\ntitle = "Chart{n}"\n' for n in range(4))


def test_a_report_holds_every_paragraph_of_a_long_description_whole(tmp_path, data_dir):
    paragraphs = [sentences("First", 12), sentences("Second", 12), sentences("Third", 12)]
    description = "\n\n".join(paragraphs)
    client = client_of_park(tmp_path, data_dir, f'title = "Park report"\ndescription = """{description}"""\n{CHARTS}')
    path = saved(client.get("/d/park.pdf").data, tmp_path)
    text = pdf_text(path)
    for paragraph in paragraphs:
        assert paragraph in text
    assert "…" not in text
    # Each paragraph from a new line, in order, and the charts' grid under them.
    words = words_on_page(path, 1)
    tops = [top_of(words, word) for word in ("First0", "First11", "Second0", "Second11", "Third0")]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # The grid starts under them, its first row shrunk a little to fit there.
    assert top_of(words, "Chart0") > max(bottom for word, _, bottom in words if word.startswith("Third"))


def test_a_description_longer_than_a_page_continues_on_the_next_and_the_charts_follow_it(tmp_path, data_dir):
    paragraphs = [sentences(f"P{n}x", 12) for n in range(12)]
    description = "\n\n".join(paragraphs)
    client = client_of_park(tmp_path, data_dir, f'title = "Park report"\ndescription = """{description}"""\n{CHARTS}')
    path = saved(client.get("/d/park.pdf").data, tmp_path)
    text = column_text(path)
    for paragraph in paragraphs:
        assert paragraph in text
    assert "…" not in pdf_text(path)
    first, second = words_on_page(path, 1), words_on_page(path, 2)
    assert "P0x0" in [word for word, _, _ in first] and "P11x11" in [word for word, _, _ in second]
    assert "Chart0" not in [word for word, _, _ in first]
    # When its data is of under its end, then the charts, on the next page: their first row does not fit
    # in what is left of it.
    assert top_of(second, "Data") > next(bottom for word, _, bottom in second if word == "P11x11")
    assert "Chart0" not in [word for word, _, _ in second] and top_of(words_on_page(path, 3), "Chart0") < 80


def test_a_reports_long_caption_and_its_notes_are_whole(animals_frame, tmp_path):
    spec = parse_spec({"y": ["Bear"], "title": ["Bears"]}, {c: "integer" for c in animals_frame})
    caption = sentences("Sentence", 30)  # far more than 12 lines of a cell
    notes = ("Not filtered by Station: animals has no text column station.",)
    body = render_report_pdf("Park", [], [ReportChart(spec, animals_frame, caption, notes=notes)])
    path = saved(body, tmp_path)
    assert f"{caption} {notes[0]}" in column_text(path, right=842 / 2) and "…" not in pdf_text(path)
    words = words_on_page(path, 1)
    assert top_of(words, "Bears") < top_of(words, "Sentence0")  # under its chart


def test_a_caption_taller_than_a_page_continues_at_the_top_of_the_next_in_its_column(animals_frame, tmp_path):
    spec = parse_spec({"y": ["Bear"], "title": ["Bears"]}, {c: "integer" for c in animals_frame})
    columns = {c: "integer" for c in animals_frame}
    caption = sentences("Long", 50)
    charts = [ReportChart(spec, animals_frame, caption),
              ReportChart(parse_spec({"y": ["Wolf"], "title": ["Wolves"]}, columns), animals_frame, "Short one."),
              ReportChart(parse_spec({"y": ["Deer"], "title": ["Deer"]}, columns), animals_frame, "Next row.")]
    path = saved(render_report_pdf("Park", ["Header line."], charts, columns=2), tmp_path)
    assert caption in column_text(path, right=842 / 2) and "…" not in pdf_text(path)
    first, second = words_on_page(path, 1), words_on_page(path, 2)
    first_words, second_words = [w for w, _, _ in first], [w for w, _, _ in second]
    assert "Long0" in first_words and "Long49" not in first_words and "Long49" in second_words
    # The rest of the caption starts at the top of the next page.
    continued = min(top for word, top, _ in second)
    assert continued < 60 and continued == min(top for word, top, _ in second if word.startswith("Long"))
    # The next row follows the caption's end, not beside or under its first part.
    text = column_text(path, right=842 / 2)
    assert text.index("Long49") < text.index("Deer") and "Deer" not in first_words
    # In the caption's column: its left edge as on the page before.
    rest = next(word for word in second_words if word.startswith("Long"))
    assert abs(left_of(path, 1, "Long0") - left_of(path, 2, rest)) < 1


SEEN = sentences("Seen", 1)


def test_a_short_description_and_captions_are_laid_out_as_before(tmp_path, data_dir):
    # Where each text starts on the page, in points from its top, as reports have always placed them.
    client = client_of_park(
        tmp_path, data_dir,
        'title = "Park report"\ndescription = "Sightings counted by the rangers."\ncolumns = 2\n'
        + "".join(f'[[charts]]\nid = "c{n}"\ndataset = "animals"\ny = ["Bear"]\ntitle = "Chart{n}"\n'
                  f'caption = "Under{n} {SEEN}"\n' for n in range(6)))
    path = saved(client.get("/d/park.pdf").data, tmp_path)
    placed = {page: {word: round(top_of(words, word), 1) for word in ("Park", "Sightings", "Data", *(
        f"{kind}{n}" for n in range(6) for kind in ("Chart", "Under")))
                     if word in [found for found, _, _ in words]}
              for page in (1, 2) for words in [words_on_page(path, page)]}
    assert placed == {
        1: {"Park": 31.2, "Sightings": 56.2, "Data": 70.8, "Chart0": 109.5, "Under0": 293.8, "Chart1": 109.5,
            "Under1": 293.8, "Chart2": 348.6, "Under2": 533.0, "Chart3": 348.6, "Under3": 533.0},
        2: {"Park": 571.8, "Chart4": 44.5, "Under4": 228.9, "Chart5": 44.5, "Under5": 228.9}}


def test_a_description_past_the_reports_most_characters_is_cut_with_a_line_saying_where(tmp_path, data_dir):
    from app.reports import REPORT_TEXT_MOST

    paragraphs = [sentences(f"P{n}x", 40) for n in range(REPORT_TEXT_MOST // 2800 + 2)]
    description = "\n\n".join(paragraphs)
    total = sum(len(paragraph) for paragraph in paragraphs)
    assert total > REPORT_TEXT_MOST
    client = client_of_park(tmp_path, data_dir, f'title = "Park report"\ndescription = """{description}"""\n{CHARTS}')
    path = saved(client.get("/d/park.pdf").data, tmp_path)
    text = column_text(path)
    assert paragraphs[0] in text and paragraphs[-1][:40] not in text
    assert (f"The description is cut here, after {REPORT_TEXT_MOST:,} of its {total:,} characters; "
            "the dashboard's page shows it whole.") in text
    assert "Chart0" in text  # and the charts follow


def test_a_caption_past_the_reports_most_characters_is_cut_with_a_line_saying_where(tmp_path, data_dir):
    from app.reports import REPORT_TEXT_MOST

    count = REPORT_TEXT_MOST // 60 + 10
    caption = sentences("S", count)
    client = client_of_park(tmp_path, data_dir, 'title = "Park report"\n[[charts]]\nid = "c"\ndataset = "animals"\n'
                                                f'y = ["Bear"]\ncaption = "{caption}"\n')
    text = column_text(saved(client.get("/d/park.pdf").data, tmp_path))
    assert caption[:REPORT_TEXT_MOST - 100] in text and f"S{count - 1} was" not in text
    assert (f"The caption is cut here, after {REPORT_TEXT_MOST:,} of its {len(caption):,} characters; "
            "the dashboard's page shows it whole.") in text


def test_a_report_drawn_again_for_a_chart_that_failed_wraps_each_caption_once(monkeypatch, animals_frame):
    # Wrapping a long caption takes time: the report is drawn again, its failed chart's cell saying
    # why, with the lines found the first time.
    wrapped = []
    wrap = plots.pdf.wrap_text
    monkeypatch.setattr(plots.pdf, "wrap_text", lambda text, *rest: wrapped.append(text) or wrap(text, *rest))
    monkeypatch.setitem(CHART_KINDS, "failing", Kind("failing", "Failing chart", draw_then_fail))
    columns = {c: "integer" for c in animals_frame}
    failing = parse_spec({"kind": ["failing"], "y": ["Bear"], "title": ["Half drawn"]}, columns)
    fine = parse_spec({"y": ["Wolf"], "title": ["Wolves"]}, columns)
    captions = [f"{sentences('Wolf', 3)} {uuid.uuid4()}", f"{sentences('Bear', 3)} {uuid.uuid4()}"]
    render_report_pdf("Mixed", [], [(fine, animals_frame, captions[0]), (failing, animals_frame, captions[1])])
    assert sorted(text for text in wrapped if text in captions) == sorted(captions)


def test_a_long_title_is_whole_on_the_first_page_and_each_page_ends_with_it_shortened(animals_frame, tmp_path):
    # A title of 194 characters (a dashboard's may have 200) was cut to two lines, "Big board" and
    # "TTTT…", and each page's foot showed the pieces of that.
    title = "Big board " + "T" * 180 + " <&>"
    chart = parse_spec({"y": ["Bear"], "title": ["Bears"]}, {c: "integer" for c in animals_frame})
    path = saved(render_report_pdf(title, ["Counted by the rangers."], [(chart, animals_frame, "A caption.")] * 6),
                 tmp_path)
    pages = len(page_sizes(path))
    assert pages > 1
    top = [word for word, _, top in placed_words(path, 1) if top < top_of(words_on_page(path, 1), "Counted")]
    assert top[:2] == ["Big", "board"] and top[-1] == "<&>" and "".join(top[2:-1]) == "T" * 180, top
    for page in range(1, pages + 1):
        foot = [word for word, _, top in placed_words(path, page) if top > FOOTER_TOP]
        assert foot[:2] == ["Big", "board"] and re.fullmatch("T+…", foot[2]), foot
        assert foot[3:] == ["page", str(page), "of", str(pages)], foot
