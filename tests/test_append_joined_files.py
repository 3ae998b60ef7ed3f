"""An append's CSV refused for a cell its column's type does not take says what to do where the cell
is not a value written another way but a line of another kind, as a create's warning does: the header
line again (two files joined, the second beginning with a byte-order mark or not) or a totals row."""
from __future__ import annotations

import pytest

from tests.conftest import CSV_WRITE, writable_app

HEADER_AGAIN = "(the header line again, as where two files are joined: remove that line)"


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created = client.post("/api/datasets?name=readings", data="day,v,note\n2024-01-01,1,a\n", headers=CSV_WRITE)
    assert created.status_code == 201, created.get_json()
    return client


@pytest.mark.parametrize("second", ["day,v,note", "\ufeffday,v,note", "Day, V ,note", "note,day,v"])
def test_two_files_joined_are_refused_naming_the_header_line_again(client, second):
    body = f"day,v,note\n2024-01-02,2,b\n{second}\n2024-01-03,3,c\n"
    response = client.post("/api/datasets/readings/rows", data=body.encode(), headers=CSV_WRITE)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith("row 2, column 'day' (line 3): expected an ISO 8601 date or time"), error
    assert error.endswith(HEADER_AGAIN), error
    assert client.get("/api/datasets/readings").get_json()["dataset"]["row_count"] == 1


def test_a_totals_row_is_refused_saying_to_remove_it(client):
    body = "day,v,note\n2024-01-02,2,b\nTotal,3,\n"
    error = client.post("/api/datasets/readings/rows", data=body, headers=CSV_WRITE).get_json()["error"]
    assert error.endswith("got 'Total' (a totals row: remove it, a chart adds rows up itself with agg=sum)"), error


def test_a_word_that_is_no_header_is_refused_as_before(client):
    body = "day,v,note\n2024-01-02,2,b\nday,x,y\n"
    error = client.post("/api/datasets/readings/rows", data=body, headers=CSV_WRITE).get_json()["error"]
    assert error == ("row 2, column 'day' (line 3): expected an ISO 8601 date or time such as 2024-05-01 or "
                     "2024-05-01T12:30:00Z, got 'day'")
