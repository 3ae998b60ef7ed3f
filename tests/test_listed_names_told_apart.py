"""Refusals that list a dataset's column names, a dashboard file's and an upload's, write each as the
rest of the site lists one (`plots.text.column_list`, `listed_value`): a name in another Unicode form
than it looks (`cafe` and a combining accent beside `café`) or holding a character that draws as
nothing (`v` and a zero width space beside `v`) quoted, those characters escaped."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from app import DashboardError, create_app
from plots.text import shown_value
from tests.conftest import CSV_WRITE, created, dashboard_site, writable_app
from tests.test_pdf import pdf_text, saved

# A date column and two text columns whose names look like others: `day` ends in a zero width space,
# `café` is written with e and the combining accent.
HEADER = "day\u200b,cafe\u0301,n"
ROWS = "2024-01-01,a,1\n2024-01-02,b,2\n"
CHART = '[[charts]]\nid = "c"\ndataset = "t"\ny = ["n"]\n'


def start(tmp_path: Path, board: str):
    return dashboard_site(tmp_path, {"t.csv": f"{HEADER}\n{ROWS}"}, board + CHART)


@pytest.mark.parametrize(("board", "said"), [
    ('time_column = "date"\n', "time_column: this dashboard's datasets have no date column 'date'; "
                              "the date columns are 'day\\u200b'"),
    ('[[filters]]\nlabel = "L"\n', "column is missing: name a text column of this dashboard's datasets; "
                                    "the text columns are 'cafe\\u0301'"),
    ('[[filters]]\ncolumn = "nope"\n', "column: this dashboard's datasets have no text column 'nope'; "
                                       "the text columns are 'cafe\\u0301'"),
    ('[[filters]]\ncolumn = "cafe\u0301"\nlabel = " "\n', "label must not be blank: it names the filter's field; "
                                                        "leave it out to use 'cafe\\u0301'"),
    ('[[filters]]\ncolumn = "caf\u00e9"\n[[filters]]\ncolumn = "cafe\u0301"\n',
     "filter 2: column 'cafe\\u0301' is filtered twice"),
])
def test_a_dashboard_file_s_refusal_lists_look_alike_column_names_apart(tmp_path, board, said):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, board)
    assert said in str(caught.value)



def test_a_dashboard_chart_s_unknown_key_in_another_unicode_form_is_quoted_apart(tmp_path):
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, {"t.csv": f"{HEADER}\n{ROWS}"}, CHART + '"sca\u0301le" = 2\n')
    assert "unknown key 'sca\\u0301le' (did you mean 'scale'? a dashboard file cannot set it" in str(caught.value)

def test_a_csv_row_of_another_width_lists_the_header_s_look_alike_names_apart(tmp_path):
    client = writable_app(tmp_path).test_client()
    refused = client.post("/api/datasets?name=w", data="v\u200b,cafe\u0301,a;b\n1,2\n", headers=CSV_WRITE)
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert ("row 1 (line 2) has 2 values; the header has 3 columns: 'v\\u200b', 'cafe\\u0301', 'a;b'"
            in refused.get_json()["error"])


def test_an_append_s_unknown_column_in_another_unicode_form_is_told_apart(tmp_path):
    client = writable_app(tmp_path).test_client()
    created(client, "cols", "n,caf\u00e9s\n1,a\n")
    refused = client.post("/api/datasets/cols/rows", data="n,cafe\u0301\n2,b\n", headers=CSV_WRITE)
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert "unknown column 'cafe\\u0301' and missing column 'cafés'" in refused.get_json()["error"]


@pytest.fixture
def two_forms(tmp_path):
    """A dashboard filtering two datasets by `place`: `a` writes café composed, `b` as e and U+0301."""
    return two_forms_client(tmp_path, "caf\u00e9,1\nbar,2\n", "cafe\u0301,5\nbar,7\n")


def two_forms_client(tmp_path, a_rows: str, b_rows: str):
    """A client of a dashboard filtering datasets `a` and `b` (their `place,n` rows) by `place`."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "a.csv").write_text("place,n\n" + a_rows, encoding="utf-8")
    (data / "b.csv").write_text("place,n\n" + b_rows, encoding="utf-8")
    charts = "".join(f'[[charts]]\nid = "{name}"\ndataset = "{name}"\nkind = "bar"\nx = "place"\ny = ["n"]\n'
                     for name in "ab")
    (boards / "m.toml").write_text('[[filters]]\ncolumn = "place"\nlabel = "Place"\n' + charts, encoding="utf-8")
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]}).test_client()


@pytest.mark.parametrize(("chosen", "drawn", "empty", "held"), [
    ("caf\u00e9", "a", "b", "'cafe\\u0301'"), ("cafe\u0301", "b", "a", "café")])
def test_a_filter_value_written_otherwise_in_another_dataset_is_said_to_choose_none_of_its_rows(
        two_forms, chosen, drawn, empty, held):
    assert two_forms.get(f"/d/m/{drawn}.json", query_string={"filter.place": chosen}).get_json()["rows"] == [
        [chosen, 1 if drawn == "a" else 5]]
    assert two_forms.get(f"/d/m/{empty}.json", query_string={"filter.place": chosen}).get_json()["rows"] == []
    page = html.unescape(two_forms.get("/d/m", query_string={"filter.place": chosen}).get_data(as_text=True))
    figures = dict(re.findall(r'<figure class="chart">\s*<a href="/d/m/(\w)[^"]*"[^>]*>(.*?)</figure>', page, re.S))
    assert "No rows" not in figures[drawn]
    said = (f"No rows of {empty} hold Place {shown_value(chosen)}: it holds {held}, which looks the same but is "
            "written otherwise; choose that to draw its rows.")
    assert said in figures[empty]
    chart_page = two_forms.get(f"/d/m/{empty}", query_string={"filter.place": chosen}).get_data(as_text=True)
    assert said in html.unescape(chart_page)
    # A value the other dataset holds as it is written is no look-alike: no note.
    assert "No rows" not in two_forms.get("/d/m", query_string={"filter.place": "bar"}).get_data(as_text=True)


def test_the_report_says_a_chart_holds_the_value_chosen_written_otherwise(two_forms, tmp_path):
    report = two_forms.get("/d/m.pdf", query_string={"filter.place": "caf\u00e9"})
    assert "No rows of b hold Place café: it holds 'cafe\\u0301'" in pdf_text(saved(report.data, tmp_path, "m.pdf"))
