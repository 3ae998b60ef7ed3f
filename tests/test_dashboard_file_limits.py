"""A dashboard file's range, title and refused values, checked at start-up in one line."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, create_app

ANIMALS_CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'
WEATHER_CHART = '[[charts]]\nid = "w"\ndataset = "weather"\nx = "date"\ny = ["temperature_c"]\n'


def start(tmp_path: Path, text: str):
    """The app over one dashboard file, board.toml, holding `text`."""
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    (folder / "board.toml").write_text(text)
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})


def refusal(tmp_path: Path, text: str) -> str:
    """The one line a dashboard file of `text` stops the start with."""
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, text)
    return str(caught.value)


@pytest.mark.parametrize(("head", "given"), [
    ("from = 2025-06-01\n", "from needs"),
    ('to = "now"\n', "to needs"),
    ('from = "now-30d"\nto = "now"\n', "from and to need"),
])
def test_a_range_on_a_dashboard_whose_datasets_have_no_dates_stops_the_start(tmp_path, head, given):
    fields = given.rsplit(" ", 1)[0]
    assert refusal(tmp_path, head + ANIMALS_CHART) == (
        f"board.toml: {given} a date column to choose the rows by, and no dataset of this dashboard has one "
        f"(animals); leave {fields} out to draw every row")


def test_a_range_on_a_dashboard_with_one_dataset_of_dates_is_taken(tmp_path):
    app = start(tmp_path, "from = 2025-01-01\n" + ANIMALS_CHART + WEATHER_CHART)
    assert app.extensions["svgplots"].dashboards["board"].range.start.text == "2025-01-01"


def test_a_dashboard_title_past_a_chart_titles_cap_stops_the_start(tmp_path):
    assert refusal(tmp_path, f'title = "{"t" * 5000}"\n' + ANIMALS_CHART) == (
        "board.toml: title must be at most 200 characters, got 5000")


def test_a_dashboard_title_of_200_characters_is_taken(tmp_path):
    app = start(tmp_path, f'title = "{"t" * 200}"\n' + ANIMALS_CHART)
    assert app.extensions["svgplots"].dashboards["board"].title == "t" * 200


def test_a_long_refused_chart_id_is_cut_in_its_line(tmp_path):
    message = refusal(tmp_path, ANIMALS_CHART.replace('id = "c"', f'id = "{"c" * 300}"'))
    assert message.startswith("board.toml: chart 1: id must be")
    assert message.endswith(f"got '{'c' * 100}…' (300 characters)")


def test_a_long_refused_filter_column_is_cut_in_its_line(tmp_path):
    message = refusal(tmp_path, f'[[filters]]\ncolumn = "{"s" * 300}"\n' + ANIMALS_CHART)
    assert f"have no text column '{'s' * 100}…' (300 characters);" in message


@pytest.mark.parametrize(("head", "words"), [
    (f'theme = "{"d" * 300}"\n', f"theme must be one of light, dark, auto, print; got '{'d' * 100}…' (300 characters)"),
    (f'theme = ["{"d" * 300}"]\n', f"theme must be text, got ['{'d' * 100}…' (300 characters)]"),
    (f'columns = "{"9" * 300}"\n', f"columns must be a whole number from 1 to 6, got '{'9' * 100}…' (300 characters), "
                                   "which is text"),
])
def test_a_long_refused_dashboard_field_is_cut_in_its_line(tmp_path, head, words):
    assert refusal(tmp_path, head + ANIMALS_CHART) == f"board.toml: {words}"


def test_a_filter_label_past_an_axis_labels_cap_stops_the_start(tmp_path):
    text = ('[[charts]]\nid = "s"\ndataset = "stations"\n'
            f'[[filters]]\ncolumn = "station"\nlabel = "{"l" * 101}"\n')
    assert refusal(tmp_path, text) == "board.toml: filter 1: label must be at most 100 characters, got 101"


def test_a_long_unknown_key_is_cut_in_its_line(tmp_path):
    message = refusal(tmp_path, ANIMALS_CHART + f'{"k" * 300} = 1\n')
    assert f"unknown key '{'k' * 100}…' (300 characters)" in message
    assert "k" * 101 not in message
