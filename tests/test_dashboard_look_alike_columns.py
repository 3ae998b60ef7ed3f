"""A dashboard file names a column in any Unicode form its header's name looks like ("é" as U+00E9
where the header writes "e" then U+0301; "Pays" where it ends in a zero width space): its filters
and its time column as its charts' x and y, as a URL's filter does."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError
from tests.conftest import dashboard_site

# The header writes é as e and the combining accent, and "Pays" with a zero width space after it.
HEADER = "date,arrive\u0301e,Pays\u200b,n"
ROWS = "2024-01-01,2024-03-01,France,1\n2024-01-02,2024-01-01,Spain,2\n2024-01-03,2024-02-01,France,3\n"
CHART = '[[charts]]\nid = "c"\ndataset = "trips"\nkind = "bar"\nx = "Pays"\ny = ["n"]\n'


def start(tmp_path: Path, board: str):
    return dashboard_site(tmp_path, {"trips.csv": f"{HEADER}\n{ROWS}"}, board)


def test_a_filter_s_column_may_be_written_as_it_looks(tmp_path):
    app = start(tmp_path, '[[filters]]\ncolumn = "Pays"\n' + CHART)
    client = app.test_client()
    page = client.get("/d/m")
    assert page.status_code == 200
    response = client.get("/d/m/c.json", query_string={"filter.Pays": "Spain"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rows"] == [["Spain", 2]]
    assert response.get_json()["selection"]["filters"] == {"Pays\u200b": ["Spain"]}  # as the dataset spells it


def test_a_time_column_may_be_written_as_it_looks(tmp_path):
    client = start(tmp_path, 'time_column = "arriv\u00e9e"\nfrom = 2024-02-01\n' + CHART).test_client()
    response = client.get("/d/m/c.json")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["selection"]["time_column"] == "arrive\u0301e"
    assert response.get_json()["rows"] == [["France", 2.0]]  # arrivals of 2024-03-01 and 2024-02-01


def test_a_filter_written_in_both_forms_is_filtered_twice(tmp_path):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, '[[filters]]\ncolumn = "Pays"\n[[filters]]\ncolumn = "Pays\u200b"\n' + CHART)
    assert str(caught.value) == "m.toml: filter 2: column 'Pays\\u200b' is filtered twice"


def test_a_long_column_filtered_twice_is_cut_as_a_chart_refusal_cuts_it(tmp_path):
    # Names may be 200 characters: a refusal naming one column shows its first 100, as a chart's does.
    long = "p" * 150
    board = (f'[[filters]]\ncolumn = "{long}"\nlabel = "Place"\n[[filters]]\ncolumn = "{long}"\nlabel = "Place"\n'
             + CHART.replace("Pays", long))
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, {"trips.csv": f"date,{long},n\n2024-01-01,France,1\n"}, board)
    assert str(caught.value) == f"m.toml: filter 2: column '{'p' * 100}…' (150 characters) is filtered twice"


def test_a_column_that_looks_like_none_is_still_refused(tmp_path):
    with pytest.raises(DashboardError, match="time_column: this dashboard's datasets have no date column 'arrival'"):
        start(tmp_path, 'time_column = "arrival"\n' + CHART)
    with pytest.raises(DashboardError, match=r"filter 1: column: this dashboard's datasets have no text column "
                                             r"'Land'; the text columns are 'Pays\\u200b'"):
        start(tmp_path, '[[filters]]\ncolumn = "Land"\n' + CHART)


def test_a_second_dataset_writing_a_filter_s_column_in_another_form_is_filtered_too(tmp_path):
    # The filter's column is "Région" as north's header writes it (composed, é one character); sales'
    # header writes it with e and the combining accent, as its charts' x and y may be written.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "north.csv").write_text("R\u00e9gion,n\nNord,1\nSud,2\n", encoding="utf-8")
    (tmp_path / "data" / "sales.csv").write_text("Re\u0301gion,n\nNord,5\nSud,7\n", encoding="utf-8")
    charts = "".join(f'[[charts]]\nid = "{name}"\ndataset = "{name}"\nkind = "bar"\nx = "R\u00e9gion"\ny = ["n"]\n'
                     for name in ("north", "sales"))
    client = start(tmp_path, '[[filters]]\ncolumn = "R\u00e9gion"\n' + charts).test_client()
    response = client.get("/d/m/sales.json", query_string={"filter.R\u00e9gion": "Nord"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rows"] == [["Nord", 5]]
    assert response.get_json()["selection"]["filters"] == {"Re\u0301gion": ["Nord"]}  # as sales spells it
    assert "Not filtered by" not in client.get("/d/m?filter.R%C3%A9gion=Nord").get_data(as_text=True)


def test_a_blank_filter_label_quotes_the_long_column_it_would_use_cut_as_every_refusal_quotes_one(tmp_path):
    # listed_value wrote all 150 characters, where every other refusal of the file cuts them (toml_shown).
    long = "p" * 150
    board = f'[[filters]]\ncolumn = "{long}"\nlabel = " "\n' + CHART.replace("Pays", long)
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, {"trips.csv": f"date,{long},n\n2024-01-01,France,1\n"}, board)
    assert str(caught.value) == ("m.toml: filter 1: label must not be blank: it names the filter's field; leave it out "
                                 f"to use '{'p' * 100}…' (150 characters)")


def test_a_time_column_no_dataset_has_is_refused_in_the_words_of_every_missing_column(tmp_path):
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, {"trips.csv": "Pays,n\nFrance,1\n"}, 'time_column = "day"\n' + CHART)
    assert str(caught.value) == ("m.toml: time_column: this dashboard's datasets have no date column 'day'; "
                                 "the date columns are (none)")
