"""What a chart field's refusal and a misspelt name's guess read like: values quoted as the
dashboard file wrote them, and typos of short names answered with the name they look like."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from app import DashboardError, create_app
from plots import SpecError, normalise_fields
from plots.name_guesses import did_you_mean

GOOD_CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'
# The date words of a range's from and to (`timerange.ACCEPTED`), which an x bound is written in too.
BOUND_TAKES = ("xmin must be a number, a date (2024-01-31), a date and time (2024-01-31T08:00:00, UTC unless it names "
               "an offset), or auto to fit the data")


def refusal(fields: dict) -> SpecError:
    with pytest.raises(SpecError) as caught:
        normalise_fields(fields)
    return caught.value


def dashboard_refusal(tmp_path: Path, text: str) -> str:
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "board.toml").write_text(text)
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})
    return str(caught.value)


def test_a_table_in_a_bound_is_quoted_as_toml_writes_it():
    assert refusal({"xmin": {"year": 2020}}).message == f"{BOUND_TAKES}; got {{year = 2020}}"


def test_a_time_in_a_bound_is_quoted_as_toml_writes_it_and_said_to_have_no_date():
    assert refusal({"xmin": time(12)}).message == f"{BOUND_TAKES}; got 12:00:00, a time of day with no date"


def test_a_table_in_a_text_field_is_quoted_as_toml_writes_it():
    message = refusal({"title": {"text": "Bears", "size": 2}}).message
    assert message == 'title must be text, a number or a list of them, got {text = "Bears", size = 2}'


@pytest.mark.parametrize(("value", "written"), [(date(2024, 5, 1), "2024-05-01"),
                                                (datetime(2024, 5, 1, 8), "2024-05-01T08:00:00")])
def test_a_date_in_a_text_field_is_quoted_as_written_and_said_to_want_quotes(value, written):
    assert refusal({"title": value}).message == (f"title must be text, a number or a list of them, got {written}; "
                                                f'write it in quotes ("{written}") to have it as text')


@pytest.mark.parametrize(("line", "words"), [
    ("ymin = 2024-05-01", "ymin must be a number (or auto to fit the data) written with the digits 0 to 9"),
    ("width = 2024-05-01T08:00:00", "width must be a whole number of CSS pixels from 100 to 2000"),
    ("kind = 2024-05-01", "kind must be one of line, bar"),
])
def test_a_date_in_a_field_that_takes_no_text_is_refused_in_that_field_s_words_not_told_to_be_quoted(tmp_path, line,
                                                                                                     words):
    message = dashboard_refusal(tmp_path, f"{GOOD_CHART}{line}\n")
    assert message.startswith(f"board.toml: chart 'c': {words}") and line.split(" = ")[1] in message, message
    assert "quotes" not in message


def test_a_dashboard_chart_s_table_bound_stops_the_start_quoting_it_as_written(tmp_path):
    message = dashboard_refusal(tmp_path, GOOD_CHART + "xmin = {year = 2020}\n")
    assert message.startswith("board.toml: chart 'c': ")
    assert message.endswith(f"{BOUND_TAKES}; got {{year = 2020}}")
    assert "dict" not in message and "'year'" not in message


def test_a_dashboard_chart_s_time_bound_stops_the_start_quoting_it_as_written(tmp_path):
    message = dashboard_refusal(tmp_path, GOOD_CHART + "xmin = 12:00:00\n")
    assert message.endswith(f"{BOUND_TAKES}; got 12:00:00, a time of day with no date")


@pytest.mark.parametrize(("typo", "meant"), [("agr", "agg"), ("agh", "agg"), ("ag", "agg"), ("aggg", "agg"),
                                             ("binz", "bins"), ("frm", "from"), ("knid", "kind")])
def test_a_short_parameter_one_letter_off_is_answered_with_the_one_it_looks_like(client, typo, meant):
    answer = client.get(f"/plot/stations.json?{typo}=1")
    assert answer.status_code == 400
    assert f"unknown parameter '{typo}' (did you mean '{meant}'?); the parameters are" in answer.get_json()["error"]


def test_a_two_letter_parameter_with_its_letters_swapped_is_answered_with_it(client):
    answer = client.get("/plot/stations.json?ot=2025-06-30")
    assert answer.status_code == 400
    assert "unknown parameter 'ot' (did you mean 'to'?)" in answer.get_json()["error"]


@pytest.mark.parametrize("typo", ["yy", "xy", "tt", "vv", "z"])
def test_a_one_or_two_letter_parameter_one_letter_off_is_not_guessed(client, typo):
    answer = client.get(f"/plot/stations.json?{typo}=1")
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error.startswith(f"unknown parameter '{typo}'; the parameters are ")
    assert "did you mean" not in error


def test_a_one_letter_parameter_in_another_case_is_answered_with_it(client):
    answer = client.get("/plot/stations.json?Y=temperature_c")
    assert answer.status_code == 400
    assert "unknown parameter 'Y' (did you mean 'y'?)" in answer.get_json()["error"]


def test_a_short_typo_as_close_to_two_names_is_not_guessed():
    assert did_you_mean("agx", ["agg", "age", "other"]) == ""
    assert did_you_mean("agx", ["agg", "other"]) == " (did you mean 'agg'?)"


def test_a_chart_field_typo_in_a_dashboard_file_is_answered_with_the_field(tmp_path):
    message = dashboard_refusal(tmp_path, GOOD_CHART + 'agr = "sum"\n')
    assert message.startswith("board.toml: chart 'c': unknown key 'agr' (did you mean 'agg'?); the keys are ")
