"""If-Match and If-None-Match on the API's writes: an append or a delete is done only while If-Match
names the dataset's current ETag (as GET /api/datasets/<name> hands it out) or is `*`, and If-None-Match
names none of its ETags; else a 412 that stores nothing."""
from __future__ import annotations

import html
import io
import json

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, csrf_at, writable_app

ROWS = json.dumps([{"day": 3, "v": 1.5}])
STALE = '"0123456789abcdef0123456789abcdef"'


@pytest.fixture
def app(data_dir, store_url, closing):
    """A writable app on a fresh database of each backend."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url))


@pytest.fixture
def series(client):
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n2,1.0\n", headers=CSV_WRITE).status_code == 201


def described(client, encoding: str = "identity") -> tuple[str, dict]:
    """The dataset's ETag as its description is sent with `encoding`, and the description."""
    answer = client.get("/api/datasets/series", headers={"Accept-Encoding": encoding})
    return answer.headers["ETag"], json.loads(client.get("/api/datasets/series").get_data())["dataset"]


def append(client, if_match: str | None, key: str | None = None):
    headers = {**JSON_WRITE, **({"If-Match": if_match} if if_match else {}), **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/datasets/series/rows", data=ROWS, headers=headers)


def delete(client, if_match: str):
    return client.delete("/api/datasets/series", headers={"Authorization": CSV_WRITE["Authorization"], "If-Match": if_match})


def test_an_append_with_a_stale_etag_is_a_412_naming_the_current_one_and_stores_nothing(client, series):
    etag, before = described(client)
    answer = append(client, STALE)
    assert answer.status_code == 412
    error = answer.get_json()["error"]
    assert f"its ETag is now {etag}" in error and "nothing was stored" in error
    assert described(client) == (etag, before)


def test_an_append_with_the_current_etag_is_done(client, series):
    etag, before = described(client)
    answer = append(client, etag)
    assert answer.status_code == 200
    assert answer.get_json()["rows_total"] == before["row_count"] + 1
    assert append(client, etag).status_code == 412  # the append moved the version on


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_etag_of_the_compressed_description_names_it_too(client, series, encoding):
    etag, _ = described(client, encoding)
    assert etag.endswith(('-br"', '-gz"'))
    assert append(client, etag).status_code == 200


def test_a_star_is_met_by_any_version(client, series):
    assert append(client, "*").status_code == 200
    assert delete(client, "*").status_code == 200
    assert client.get("/api/datasets/series").status_code == 404


def test_a_weak_etag_never_matches(client, series):
    etag, _ = described(client)
    assert append(client, f"W/{etag}").status_code == 412


def test_a_delete_with_a_stale_etag_is_a_412_and_deletes_nothing(client, series):
    etag, before = described(client)
    answer = delete(client, STALE)
    assert answer.status_code == 412
    assert "nothing was deleted" in answer.get_json()["error"]
    assert described(client) == (etag, before)
    assert delete(client, etag).status_code == 200
    assert client.get("/api/datasets/series").status_code == 404


@pytest.mark.parametrize("method", ["append", "delete"])
@pytest.mark.parametrize("if_match", ["", " ", " , "])
def test_an_empty_if_match_is_a_412_that_writes_nothing(client, series, method, if_match):
    # A script whose read of the ETag failed sends `If-Match: ` with nothing in it: that names no
    # version, so none meets it, and the write it meant to guard must not be done unguarded.
    etag, before = described(client)
    headers = {"Authorization": CSV_WRITE["Authorization"], "If-Match": if_match}
    if method == "delete":
        answer = client.delete("/api/datasets/series", headers=headers)
    else:
        answer = client.post("/api/datasets/series/rows", data=ROWS, headers={**JSON_WRITE, **headers})
    assert answer.status_code == 412
    error = answer.get_json()["error"]
    assert error.startswith("If-Match is empty: it names no ETag, so no version of dataset 'series' meets it")
    assert f"its ETag is now {etag}" in error
    assert error.endswith("nothing was deleted" if method == "delete" else "nothing was stored")
    assert described(client) == (etag, before)


def test_a_write_between_the_check_and_the_append_is_caught_by_the_store(app, client, series, monkeypatch):
    etag, before = described(client)
    store = app.extensions["svgplots"].store
    first_look = store.before_append

    def another_write_meanwhile(name, key=None, digest=None):
        seen = first_look(name, key, digest)  # the dataset as the request's early check sees it
        store.append(name, seen[0].columns, [(9, 9.5)])  # another client's append lands now
        return seen

    monkeypatch.setattr(store, "before_append", another_write_meanwhile)
    answer = append(client, etag)
    assert answer.status_code == 412
    assert described(client)[1]["row_count"] == before["row_count"] + 1  # the other append's row only


def test_a_repeat_of_a_keyed_append_is_answered_as_the_first_though_its_etag_moved_on(client, series):
    etag, _ = described(client)
    first = append(client, etag, key="batch-1").get_json()
    again = append(client, etag, key="batch-1")
    assert again.status_code == 200
    assert again.get_json() == first | {"replayed": True}


@pytest.mark.parametrize(("path", "method"), [("/api/datasets/{name}/rows", "post"), ("/api/datasets/{name}", "delete")])
def test_the_openapi_document_gives_each_write_its_if_match_and_its_412(client, path, method):
    operation = client.get("/api/openapi.json").get_json()["paths"][path][method]
    assert "If-Match" in [parameter["name"] for parameter in operation["parameters"]]
    assert "412" in operation["responses"]


MISSING = "If-Match names a version of dataset 'nope', which does not exist, so no ETag (nor *) matches it"


@pytest.mark.parametrize("if_match", ["*", STALE, ""])
def test_a_delete_of_a_missing_dataset_with_if_match_is_a_412_saying_it_does_not_exist(client, if_match):
    answer = client.delete("/api/datasets/nope", headers={"Authorization": CSV_WRITE["Authorization"],
                                                          "If-Match": if_match})
    assert answer.status_code == 412
    assert answer.get_json()["error"].startswith(MISSING) and "nothing was deleted" in answer.get_json()["error"]
    # Without the header, a 404 as before.
    assert client.delete("/api/datasets/nope", headers={"Authorization": CSV_WRITE["Authorization"]}).status_code == 404


@pytest.mark.parametrize("if_match", ["*", STALE, ""])
def test_an_append_to_a_missing_dataset_with_if_match_is_a_412(client, if_match):
    answer = client.post("/api/datasets/nope/rows", data=ROWS, headers={**JSON_WRITE, "If-Match": if_match})
    assert answer.status_code == 412 and answer.get_json()["error"].startswith(MISSING)
    assert client.post("/api/datasets/nope/rows", data=ROWS, headers=JSON_WRITE).status_code == 404


@pytest.mark.parametrize("if_match", ["*", STALE, ""])
def test_a_create_with_if_match_is_a_412_that_stores_nothing(client, if_match):
    csv = client.post("/api/datasets?name=nope", data="day,v\n1,0.5\n", headers={**CSV_WRITE, "If-Match": if_match})
    form = client.post("/api/datasets", data={"name": "nope", "file": "day,v\n1,0.5\n"},
                       headers={"Authorization": CSV_WRITE["Authorization"], "If-Match": if_match})
    for answer in (csv, form):
        assert answer.status_code == 412
        assert answer.get_json()["error"].startswith(MISSING) and "nothing was stored" in answer.get_json()["error"]
    assert client.get("/api/datasets/nope").status_code == 404
    assert client.post("/api/datasets?name=nope", data="day,v\n1,0.5\n", headers=CSV_WRITE).status_code == 201


def test_a_create_of_a_name_taken_with_if_match_is_still_a_409(client, series):
    answer = client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers={**CSV_WRITE, "If-Match": "*"})
    assert answer.status_code == 409


def test_the_openapi_document_gives_a_create_its_412(client):
    responses = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]
    assert "does not exist" in responses["412"]["description"]


def test_a_delete_landing_after_the_check_of_a_create_with_if_match_lets_no_create_through(app, client, series,
                                                                                             monkeypatch):
    store = app.extensions["svgplots"].store
    deleted = []

    def then_deleted(look):
        def looked(name, *args):
            try:
                return look(name, *args)
            finally:
                if name == "series" and not deleted:
                    deleted.append(name)
                    store.delete(name)  # another client's delete lands right after the request looked

        return looked

    for look in ("info", "check_name_free"):  # whichever the create asks first
        monkeypatch.setattr(store, look, then_deleted(getattr(store, look)))
    answer = client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers={**CSV_WRITE, "If-Match": "*"})
    assert deleted and answer.status_code in (409, 412)
    assert client.get("/api/datasets/series").status_code == 404  # deleted by the other client, not created again


def append_by_form(client, if_match: str | None, name: str = "series"):
    """The append form posted as a script may post it: with the form's CSRF token and an If-Match."""
    csrf = csrf_at(client, "/datasets/series/append")
    form = {"csrf_token": csrf, "token": WRITE_TOKEN, "rows": "day,v\n3,1.5\n"}
    return client.post(f"/datasets/{name}/append", data=form, headers={"If-Match": if_match} if if_match else {})


def test_the_append_form_with_a_stale_etag_is_a_412_that_stores_nothing(client, series):
    etag, before = described(client)
    answer = append_by_form(client, STALE)
    assert answer.status_code == 412
    assert f"its ETag is now {etag}" in html.unescape(answer.get_data(as_text=True))  # the form, shown again
    assert described(client) == (etag, before)
    assert append_by_form(client, etag).status_code == 303
    assert described(client)[1]["row_count"] == before["row_count"] + 1


def test_the_append_form_of_a_missing_dataset_with_if_match_is_a_412(client, series):
    answer = append_by_form(client, "*", name="nope")
    assert answer.status_code == 412 and "which does not exist" in answer.get_data(as_text=True)
    assert append_by_form(client, None, name="nope").status_code == 404


def create_by_form(client, if_match: str | None, name: str, header: str = "If-Match"):
    """The upload form posted as a script may post it: with the form's CSRF token and an If-Match
    (or the `header` given)."""
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": name, "title": "",
            "file": (io.BytesIO(b"day,v\n1,0.5\n"), f"{name}.csv")}
    return client.post("/upload", data=form, headers={header: if_match} if if_match else {})


@pytest.mark.parametrize("if_match", ["*", STALE])
def test_the_upload_form_with_if_match_is_refused_as_the_api_create_is(client, series, if_match):
    missing = create_by_form(client, if_match, "nope")
    assert missing.status_code == 412 and MISSING in html.unescape(missing.get_data(as_text=True))
    assert client.get("/api/datasets/nope").status_code == 404
    assert create_by_form(client, if_match, "series").status_code == 409
    assert create_by_form(client, None, "nope").status_code == 303


def unless(client, if_none_match: str, method: str = "append", if_match: str | None = None):
    """An append or a delete sent with If-None-Match (and If-Match, where given)."""
    headers = {"Authorization": CSV_WRITE["Authorization"], "If-None-Match": if_none_match,
               **({"If-Match": if_match} if if_match else {})}
    if method == "delete":
        return client.delete("/api/datasets/series", headers=headers)
    return client.post("/api/datasets/series/rows", data=ROWS, headers={**headers, **JSON_WRITE})


@pytest.mark.parametrize("method", ["append", "delete"])
@pytest.mark.parametrize("tag", ["*", "current", "weak", "gzip"])
def test_a_write_whose_if_none_match_names_the_dataset_is_a_412_that_writes_nothing(client, series, method, tag):
    etag, before = described(client)
    if_none_match = {"*": "*", "current": etag, "weak": f"W/{etag}", "gzip": described(client, "gzip")[0]}[tag]
    answer = unless(client, if_none_match if tag == "*" else f"{STALE}, {if_none_match}", method)
    assert answer.status_code == 412
    error = answer.get_json()["error"]
    assert error.startswith("If-None-Match is *" if tag == "*" else "If-None-Match names the current version")
    assert f"its ETag is {etag}" in error and "RFC 9110, 13.1.2" in error
    assert error.endswith("nothing was deleted" if method == "delete" else "nothing was stored")
    assert described(client) == (etag, before)
    # With If-Match the same: both are asked, and If-None-Match fails it.
    assert unless(client, if_none_match, method, if_match=etag).status_code == 412
    assert described(client) == (etag, before)


@pytest.mark.parametrize("method", ["append", "delete"])
def test_a_write_whose_if_none_match_names_another_version_is_done(client, series, method):
    assert unless(client, STALE, method).status_code == 200


def test_the_append_form_whose_if_none_match_names_the_dataset_is_a_412_that_stores_nothing(client, series):
    etag, before = described(client)
    csrf = csrf_at(client, "/datasets/series/append")
    form = {"csrf_token": csrf, "token": WRITE_TOKEN, "rows": "day,v\n3,1.5\n"}
    answer = client.post("/datasets/series/append", data=form, headers={"If-None-Match": "*"})
    assert answer.status_code == 412 and "If-None-Match is *" in html.unescape(answer.get_data(as_text=True))
    assert described(client) == (etag, before)


def test_a_create_with_if_none_match_star_is_made_while_the_name_is_free(client, series):
    csv = client.post("/api/datasets?name=fresh", data="day,v\n1,0.5\n", headers={**CSV_WRITE, "If-None-Match": "*"})
    assert csv.status_code == 201
    assert create_by_form(client, "*", "other", header="If-None-Match").status_code == 303
    taken = client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers={**CSV_WRITE, "If-None-Match": "*"})
    assert taken.status_code == 409  # as without it: the name is taken (RFC 9110, 13.2.1)
    assert unless(client, "*", "delete").status_code == 412


def test_a_write_of_a_missing_dataset_with_if_none_match_is_the_404_it_is_without(client):
    answer = client.post("/api/datasets/nope/rows", data=ROWS, headers={**JSON_WRITE, "If-None-Match": "*"})
    assert answer.status_code == 404
