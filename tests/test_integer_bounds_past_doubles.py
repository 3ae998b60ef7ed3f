"""An x bound past 2**53 between two doubles (`xmax=9007199254740993`, held as the double
9007199254740992) chooses the same rows of an integer column whether a frame compares them or the
database does: each integer is met as the double it rounds to, as the frame compares them."""
from __future__ import annotations

import pandas as pd
import pytest

from app.store.source_conditions import integer_bound
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import write_sqlite

IDS = "id,v\n1,0\n9007199254740993,1\n9007199254740995,2\n"


IDS_TO_THE_LAST = ("id,v\n1,0\n9223372036854775807,1\n9223372036854775300,2\n-9223372036854775808,3\n"
                   "-9223372036854775300,4\n")


@pytest.mark.parametrize(("csv", "query", "ids"), [
    (IDS, "kind=scatter&xmax=9007199254740993", [1, 9007199254740993]),
    (IDS, "kind=bar&xmin=9007199254740995", [9007199254740995]),
    (IDS, "kind=line&xmin=9007199254740994&xmax=9007199254740995", [9007199254740993, 9007199254740995]),
    # The greatest 64-bit integer and the least are the doubles 2**63 and -2**63, as are integers
    # 508 nearer zero.
    (IDS_TO_THE_LAST, "kind=scatter&xmin=9223372036854775807", [9223372036854775300, 9223372036854775807]),
    (IDS_TO_THE_LAST, "kind=scatter&xmax=-9223372036854775808", [-9223372036854775808, -9223372036854775300]),
])
def test_a_bound_between_doubles_chooses_the_same_rows_computed_by_the_database(tmp_path, csv, query, ids):
    rows = []
    for pushdown_above_rows in (200_000, 0):  # a frame shapes the rows, then the database computes them
        folder = tmp_path / str(pushdown_above_rows)
        folder.mkdir()
        site = writable_app(folder, RENDER_WORKERS=0)
        site.extensions["svgplots"].store.database.pushdown_above_rows = pushdown_above_rows
        client = site.test_client()
        assert client.post("/api/datasets?name=ids", data=csv, headers=CSV_WRITE).status_code == 201
        answer = client.get(f"/plot/ids.json?x=id&y=v&{query}")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        rows.append(answer.get_json()["rows"])
    framed, computed = rows
    assert [row[0] for row in framed] == ids
    assert computed == framed


def test_a_bound_between_doubles_chooses_the_same_rows_of_a_source_as_of_a_file(tmp_path, source_client):
    url = write_sqlite(tmp_path / "ids.db", {"ids": pd.DataFrame({"id": [1, 9007199254740993, 9007199254740995],
                                                                  "v": [0, 1, 2]})})
    client = source_client(tmp_path, url, ["ids"], files={"ids_file.csv": IDS})
    query = "x=id&y=v&kind=scatter&xmax=9007199254740993"
    source, file = (client.get(f"/plot/{name}.json?{query}") for name in ("ids", "ids_file"))
    assert source.status_code == file.status_code == 200, source.get_data(as_text=True)
    assert source.get_json()["rows"] == file.get_json()["rows"] == [[1, 0], [9007199254740993, 1]]


@pytest.mark.parametrize(("value", "op"), [
    *((value, op) for value in (2.0 ** 53, 2.0 ** 53 + 4, -(2.0 ** 53) - 4, 2.0 ** 62, -(2.0 ** 62), 2.0 ** 63 - 1024,
                                -(2.0 ** 63 - 1024)) for op in (">=", "<=")),
    (2.0 ** 63, ">="), (-(2.0 ** 63), "<="),
])
def test_an_integer_bound_meets_the_integers_that_round_to_the_double(value, op):
    found = integer_bound(op, value)
    assert -2 ** 63 <= found < 2 ** 63
    meets = (lambda whole: float(whole) >= value) if op == ">=" else (lambda whole: float(whole) <= value)
    around = range(found - 2048, found + 2048)
    assert [whole for whole in around if meets(whole) and -2 ** 63 <= whole < 2 ** 63] == \
        [whole for whole in around if (whole >= found if op == ">=" else whole <= found) and -2 ** 63 <= whole < 2 ** 63]


@pytest.mark.parametrize(("value", "op"), [(9007199254740991.0, ">="), (1e150, ">="), (2.0 ** 63, "<="),
                                           (-(2.0 ** 63), ">=")])
def test_a_bound_every_integer_near_it_meets_exactly_or_every_one_or_none_meets_is_left_as_it_is(value, op):
    assert integer_bound(op, value) == value
