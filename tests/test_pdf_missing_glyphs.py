"""A character DejaVu Sans lacks, drawn in a PDF: a box, as in PNG, without embedding matplotlib's fallback font."""
from __future__ import annotations

import pandas as pd

from plots import parse_spec, render_report_pdf
from tests.test_pdf import fonts, pdf_text, saved

SUN = "\u65e5"  # a CJK ideograph: no DejaVu font has it
BOX = "\u25a1"  # a white square, which DejaVu has


def test_a_chart_title_character_dejavu_lacks_is_a_box_and_embeds_only_dejavu(client, tmp_path):
    chart = client.get("/plot/animals.pdf?title=A%E6%97%A5B%20Bears")
    assert chart.status_code == 200 and b"LastResort" not in chart.data
    path = saved(chart.data, tmp_path)
    assert {font["name"].split("+")[1] for font in fonts(path)} == {"DejaVuSans", "DejaVuSans-Bold"}
    text = pdf_text(path)
    assert f"A{BOX}B Bears" in text and SUN not in text
    assert "Bear" in text and "2010" in text


def test_a_report_draws_a_box_for_each_character_dejavu_lacks_in_any_of_its_texts(tmp_path):
    frame = pd.DataFrame({"kind": [f"brown{SUN}", "black"], "count": [3, 5]})
    spec = parse_spec({"kind": ["bar"], "x": ["kind"], "title": [f"Counts{SUN}"]}, {"kind": "text", "count": "integer"})
    body = render_report_pdf(f"Bears{SUN}{SUN}", ["by kind"], [(spec, frame, f"a caption{SUN}")])
    assert b"LastResort" not in body
    text = pdf_text(saved(body, tmp_path))
    assert all(words in text for words in (f"Bears{BOX}{BOX}", "by kind", f"Counts{BOX}", f"brown{BOX}",
                                           f"a caption{BOX}")), text
