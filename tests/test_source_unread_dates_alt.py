"""A chart of a source whose x, a date column, holds values the site reads as no moment (a zone's name, a
date in another order, a word), each a missing value it does not draw, says how many in its alt text,
as its dataset's description counted them: no rows are read for it."""
from __future__ import annotations

import html
import re
from pathlib import Path

from tests.test_source_unread_dates import CELLS
from tests.test_source_values import sqlite_file


def _alts(tmp_path: Path, source_client, cells: list) -> list[str]:
    url = sqlite_file(tmp_path / "dates.db", {"logged": ("ts DATETIME, v INTEGER", cells)})
    client = source_client(tmp_path, url, ["logged"])
    pages = [client.get("/datasets/logged") for _ in range(2)]  # the second's words are kept from the first's
    assert all(page.status_code == 200 for page in pages)
    alts = [[html.unescape(alt) for alt in re.findall(r'<img[^>]* alt="([^"]*)"', page.get_data(as_text=True))]
            for page in pages]
    assert alts[0] == alts[1]
    return alts[0]


def test_a_chart_whose_x_holds_values_that_are_no_moment_says_how_many_in_its_alt_text(tmp_path, source_client):
    [alt] = _alts(tmp_path, source_client, CELLS)
    assert alt.endswith("last value: v 5, lowest 1 (2024-03-30T10:00:00Z), highest 5 (2024-04-01T08:00:00Z). "
                        "5 values of ts are no date or time the site reads, each a missing value, "
                        "not drawn; its dataset's page names them."), alt


def test_one_such_value_is_said_as_one(tmp_path, source_client):
    [alt] = _alts(tmp_path, source_client, [("2024-03-30", 1), ("31/01/2024", 2), ("2024-03-31", 3)])
    assert "1 value of ts is no date or time the site reads, each a missing value" in alt, alt


def test_a_chart_whose_x_holds_moments_blanks_and_words_for_missing_says_nothing_of_them(tmp_path, source_client):
    [alt] = _alts(tmp_path, source_client, [cell for cell in CELLS if cell[1] not in (2, 4, 6, 10, 11)])
    assert "no date or time the site reads" not in alt
