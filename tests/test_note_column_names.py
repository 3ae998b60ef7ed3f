"""A chart's note names the column its dataset lacks as a refusal names one, quoted ('pond'), on the dashboard's
page, in its versions.json and on the chart's page, where it named it bare ("herons has no text column pond"),
which read as a word of the sentence."""
from __future__ import annotations

import re
from html import unescape

from tests.conftest import dashboard_site

BOARD = ('[[filters]]\ncolumn = "pond"\nlabel = "Pond"\n'
         '[[charts]]\nid = "herons"\ndataset = "herons"\ny = ["herons"]\n'
         '[[charts]]\nid = "frogs"\ndataset = "frogs"\ny = ["frogs"]\n')
FILES = {"herons.csv": "day,herons\n1,2\n2,4\n", "frogs.csv": "day,pond,frogs\n1,North,3\n2,South,5\n"}
SAID = "Not filtered by Pond: herons has no text column 'pond'."


def notes(page: str) -> list[str]:
    return [unescape(note) for note in re.findall(r'<span class="note">([^<]*)</span>', page)]


def test_a_note_quotes_the_column_its_dataset_lacks(tmp_path):
    client = dashboard_site(tmp_path, FILES, BOARD).test_client()
    assert notes(client.get("/d/m?filter.pond=North").get_data(as_text=True)) == [SAID]
    polled = client.get("/d/m/versions.json?filter.pond=North").get_json()["charts"]
    assert polled["herons"]["notes"] == [SAID] and polled["frogs"]["notes"] == []
    assert SAID in notes(client.get("/d/m/herons?filter.pond=North").get_data(as_text=True))
