"""What the API's error answers say: values of a JSON append as JSON writes them, JSON under
`/api` itself, and a too-large body's advice that works for a create too."""
from __future__ import annotations

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir).test_client()
    created = client.post("/api/datasets?name=typed", data="d,i,f,s\n2024-01-01T00:00:00,1,1.5,x\n",
                          headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    return client


@pytest.mark.parametrize("row, sent", [
    ({"i": True}, "got true"),
    ({"f": False}, "got false"),
    ({"s": {"a": None}}, 'got {"a": null}'),
    ({"d": [1, "é"]}, 'got [1, "é"]'),
    ({"i": 1.5}, "got 1.5"),
])
def test_a_refused_json_value_is_written_as_json_writes_it(client, row, sent):
    answer = client.post("/api/datasets/typed/rows", json=[{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": "y", **row}],
                         headers=JSON_WRITE)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert sent in error
    assert "True" not in error and "False" not in error and "None" not in error


def test_a_row_that_is_no_object_keeps_the_messages_quotes_for_text(client):
    answer = client.post("/api/datasets/typed/rows", json=["row"], headers=JSON_WRITE)
    assert answer.status_code == 400
    assert "got 'row'" in answer.get_json()["error"]


def test_api_itself_answers_json_as_every_url_under_it(client):
    for path in ("/api", "/api/nope"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.mimetype == "application/json", path
        assert answer.get_json()["ok"] is False


def test_a_body_over_the_limit_says_how_to_create_a_dataset_in_parts(data_dir):
    client = writable_app(data_dir, MAX_CONTENT_LENGTH=1000).test_client()
    answer = client.post("/api/datasets?name=big", data="x\n" + "1\n" * 1000, headers=CSV_WRITE)
    assert answer.status_code == 413
    assert "create it from the first of them and append the rest" in answer.get_json()["error"]


@pytest.mark.parametrize("row, sent", [
    ('{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": 1e400}', "got 1e400"),
    ('{"d": 1e3, "i": 2, "f": 2.5, "s": "y"}', "got 1e3"),
    ('{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": {"a": [1E5, 2.0]}}', 'got {"a": [1E5, 2.0]}'),
    ('[1e400]', "got [1e400]"),
])
def test_a_refused_number_is_written_as_it_was_sent_not_as_its_float(client, row, sent):
    answer = client.post("/api/datasets/typed/rows", data=f"[{row}]", headers=JSON_WRITE)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert sent in error
    assert "Infinity" not in error and "100000.0" not in error


def test_a_refused_value_nested_as_deeply_as_the_parser_allows_is_quoted_cut_short(client):
    nested = '{"a": ' * 700 + "1" + "}" * 700
    answer = client.post("/api/datasets/typed/rows", headers=JSON_WRITE,
                         data=f'[{{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": {nested}}}]')
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert 'got {"a": {"a": {"a": ' in answer.get_json()["error"]
