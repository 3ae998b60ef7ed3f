"""A chart whose x is the dataset's only numeric column has nothing left to draw: the refusal says
that column is the x, not that the dataset has no numbers, and what to do instead."""
from __future__ import annotations

import pytest

from plots.spec import SpecError
from plots.spec_parser import parse_spec

SECONDS = {"t": "datetime", "v": "integer"}


def test_the_only_numeric_column_as_x_is_refused_saying_it_is_the_x():
    with pytest.raises(SpecError) as caught:
        parse_spec({"x": ["v"]}, SECONDS)
    message = caught.value.message
    assert caught.value.status == 400 and caught.value.field == "y"
    assert "has none" not in message
    assert "column 'v' is the x" in message and "no other numeric column" in message
    assert "choose another x" in message and "kind=hist&y=v" in message


def test_the_kind_the_refusal_suggests_draws_the_column():
    assert parse_spec({"kind": ["hist"], "y": ["v"]}, SECONDS).y == ("v",)


def test_a_dataset_without_numbers_is_still_refused_as_having_none():
    # In the words of every other missing column (a range's "has no date column; the columns are …").
    with pytest.raises(SpecError) as caught:
        parse_spec({}, {"t": "datetime", "name": "text", "cafe\u0301": "text"})
    assert caught.value.message == ("y: the chart needs at least one numeric column and this dataset has no numeric "
                                    "column; the columns are t (datetime), name (text), 'cafe\\u0301' (text)")


def test_the_refusal_reaches_a_chart_url(client, data_dir):
    (data_dir / "secs.csv").write_text("t,v\n2024-01-01T00:00:00,1\n2024-01-01T00:00:01,2\n")
    response = client.get("/plot/secs.json?x=v")
    assert response.status_code == 400
    assert "column 'v' is the x" in response.get_json()["error"]
