"""What the API's error answers say: values of a JSON append as JSON writes them, JSON under
`/api` itself, and a too-large body's advice that works for a create too."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from app import create_app
from app.store.workbooks import XLSX_TYPE
from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, writable_app

TWICE = ("the Authorization header was given 2 times (or holds 2 credentials separated by commas, which cannot be "
         "told from that: a server joins a header given twice with commas); give it once, with one token: "
         "'Authorization: Bearer <token>'")


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


@pytest.mark.parametrize("sent", [
    pytest.param([f"Bearer {WRITE_TOKEN}", f"Bearer {WRITE_TOKEN}"], id="twice"),
    pytest.param([f"Bearer {WRITE_TOKEN},Bearer {WRITE_TOKEN}"], id="joined-as-a-server-joins-them"),
    pytest.param(["Bearer wrong-token", f"Bearer {WRITE_TOKEN}"], id="a-wrong-one-first"),
    pytest.param([f"Bearer {WRITE_TOKEN}", "Basic dXNlcjpwYXNz"], id="another-scheme-second"),
])
def test_a_write_sending_its_authorization_header_twice_is_told_so_and_to_send_one(client, sent):
    before = client.get("/api/datasets/typed").headers["ETag"]
    headers = Headers([("Content-Type", "application/json"), *(("Authorization", value) for value in sent)])
    for answer in (client.post("/api/datasets/typed/rows", json=[], headers=headers),
                   client.post("/api/datasets?name=other", data="x\n1\n", headers=headers),
                   client.delete("/api/datasets/typed", headers=headers)):
        assert answer.status_code == 400, answer.get_data(as_text=True)
        assert answer.get_json()["error"] == TWICE
    assert client.get("/api/datasets/typed").headers["ETag"] == before
    assert client.get("/api/datasets/other").status_code == 404
    assert client.get("/api/datasets/typed", headers=headers).status_code == 200  # reads are public


def test_one_authorization_header_of_a_token_holding_a_comma_is_told_the_token_is_not_valid(client):
    answer = client.post("/api/datasets/typed/rows", json=[], headers={"Authorization": f"Bearer {WRITE_TOKEN},x"})
    assert answer.status_code == 401 and answer.get_json()["error"].startswith("the write token is not valid")


@pytest.mark.parametrize("sent", [
    pytest.param({"headers": {"Authorization": f"Bearer {WRITE_TOKEN},b c"}}, id="one-header"),
    pytest.param({"environ_overrides": {"HTTP_AUTHORIZATION": f"Bearer {WRITE_TOKEN},b c"}}, id="as-a-server-passes-it"),
])
def test_a_token_holding_a_comma_and_a_space_is_one_token_that_is_not_valid(client, sent):
    # What follows its comma, "b c", reads as credentials, but of no scheme there is: a second header
    # is not told from it by that, and it was refused as one ("given 2 times").
    answer = client.post("/api/datasets/typed/rows", json=[], **sent)
    assert answer.status_code == 401
    assert answer.get_json()["error"] == (
        "the write token is not valid: no write token holds a comma (a server joins a header given twice with one: "
        "send the Authorization header once); use a token set in the server's SVGPLOTS_WRITE_TOKENS environment "
        "variable or its WRITE_TOKENS setting")


def test_a_token_set_in_a_list_may_hold_a_comma_and_a_wrong_one_is_not_told_that_none_does(data_dir):
    # WRITE_TOKENS given as a list keeps a token's comma: it is written, and the 401 of another
    # token holding a comma said that no write token holds one.
    client = writable_app(data_dir, WRITE_TOKENS=["with,comma"]).test_client()
    ok = client.post("/api/datasets?name=commas", data="d,v\n2024-01-01,1\n",
                     headers={"Authorization": "Bearer with,comma", "Content-Type": "text/csv"})
    assert ok.status_code == 201, ok.get_json()
    answer = client.post("/api/datasets/commas/rows", json=[], headers={"Authorization": "Bearer with,other"})
    assert answer.status_code == 401
    assert answer.get_json()["error"] == ("the write token is not valid; use a token set in the server's "
                                          "SVGPLOTS_WRITE_TOKENS environment variable or its WRITE_TOKENS setting")


@pytest.mark.parametrize("token", ["\ud800", f"{WRITE_TOKEN}\udcff", "\u0442\u043e\u043a\u0435\u043d"])
def test_a_token_holding_a_character_no_header_carries_is_not_valid_not_a_500(client, token):
    # A real header arrives as Latin-1, which holds no lone surrogate; a client library may still pass one.
    for answer in (client.post("/api/datasets/typed/rows", json=[], headers={"Authorization": f"Bearer {token}"}),
                   client.delete("/api/datasets/typed", headers={"Authorization": f"Bearer {token}"})):
        assert answer.status_code == 401 and answer.get_json()["error"].startswith("the write token is not valid; ")
    assert client.get("/api/datasets/typed").status_code == 200


def test_a_latin_1_token_of_write_tokens_is_still_taken(data_dir):
    # The start takes a token of Latin-1 characters (a header carries them): it matches as ever.
    client = writable_app(data_dir, WRITE_TOKENS=["caf\u00e9-token"]).test_client()
    answer = client.post("/api/datasets?name=latin", data="d,v\n2024-01-01,1\n",
                         headers={"Authorization": "Bearer caf\u00e9-token", "Content-Type": "text/csv"})
    assert answer.status_code == 201, answer.get_json()


NO_MEDIA_TYPE = "which names no media type (one is written type/subtype, as text/csv)"


@pytest.mark.parametrize(("sent", "shown"), [
    (";;;", "';;;'"),
    ("; charset=utf-8", "'; charset=utf-8'"),
    (";" * 300, "'" + ";" * 100 + "…' (300 characters)"),
])
def test_a_content_type_naming_no_media_type_is_quoted_as_sent_and_told_what_is_allowed(client, sent, shown):
    headers = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": sent}
    appended = client.post("/api/datasets/typed/rows", data="[]", headers=headers)
    assert appended.status_code == 415
    assert appended.get_json()["error"] == (
        f"Content-Type {shown}, {NO_MEDIA_TYPE}, cannot be appended; send application/json (a list of objects, one "
        "per row), text/csv (a header line, then one line per row) or "
        f"{XLSX_TYPE} (an Excel workbook, its sheet's first row naming the columns); the body looks like JSON: send it with "
        "Content-Type: application/json")
    created = client.post("/api/datasets?name=other", data="[]", headers=headers)
    assert created.status_code == 415
    assert created.get_json()["error"] == (
        f"Content-Type {shown}, {NO_MEDIA_TYPE}, cannot create a dataset; send a multipart/form-data form with the "
        "fields name, title and file (the CSV or the Excel workbook, and sheet), or a text/csv or "
        f"{XLSX_TYPE} body with ?name=&title= in the URL")


def test_a_body_sent_without_a_content_type_is_told_it_has_none(client):
    appended = client.post("/api/datasets/typed/rows", data=b"hello", headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert appended.status_code == 415
    assert appended.get_json()["error"].startswith("Content-Type none cannot be appended; send application/json")


def test_the_openapi_document_gives_each_write_s_400_for_an_authorization_header_given_twice(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, method in [("/api/datasets", "post"), ("/api/datasets/{name}/rows", "post"), ("/api/datasets/{name}", "delete")]:
        assert "an Authorization header given twice" in paths[path][method]["responses"]["400"]["description"], path


def test_a_write_sending_its_authorization_header_twice_where_writes_are_off_is_told_they_are(data_dir, monkeypatch):
    # The 403 that says writes are turned off comes first: no token would be taken, once or twice.
    monkeypatch.delenv("SVGPLOTS_WRITE_TOKENS", raising=False)
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}).test_client()
    headers = Headers([("Content-Type", "application/json"), ("Authorization", f"Bearer {WRITE_TOKEN}"),
                       ("Authorization", f"Bearer {WRITE_TOKEN}")])
    answer = client.post("/api/datasets/animals/rows", json=[], headers=headers)
    assert answer.status_code == 403
    assert answer.get_json()["error"].startswith("writes are turned off: no write token is configured")


# Rows as JSON Lines (NDJSON), one object a line, as many exports and log shippers write them.
JSON_LINES = ('{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": "y"}\n'
              '{"d": "2024-01-03T00:00:00", "i": 3, "f": 3.5, "s": "z"}\n')
ONE_LIST = ("send its rows as one JSON list of objects, [{\"column\": value, ...}, ...], the lines joined by commas "
            "between [ and ], with Content-Type: application/json")


def test_json_lines_sent_as_json_are_told_to_send_one_list_of_the_rows(client):
    answer = client.post("/api/datasets/typed/rows", data=JSON_LINES, headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == f"the body is JSON Lines, one object a line (2 lines); {ONE_LIST}"
    assert client.get("/api/datasets/typed").get_json()["dataset"]["row_count"] == 1


@pytest.mark.parametrize("content_type, status", [("application/x-ndjson", 415), ("text/csv", 400)])
def test_json_lines_sent_as_another_type_are_told_to_send_one_list_of_the_rows(client, content_type, status):
    # Told to send it as application/json alone, a client would be refused again.
    answer = client.post("/api/datasets/typed/rows", data=JSON_LINES,
                         headers={**JSON_WRITE, "Content-Type": content_type})
    assert answer.status_code == status
    assert answer.get_json()["error"].endswith(f"the body looks like JSON Lines, one object a line: {ONE_LIST}"
                                               + ("" if status == 415 else " (it was sent as text/csv)"))


@pytest.mark.parametrize("body", ["", " \r\n"])
def test_an_empty_json_body_is_told_what_an_append_takes(client, body):
    answer = client.post("/api/datasets/typed/rows", data=body, headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == ('the body is empty; send the rows as a JSON list of objects, one per row: '
                                          '[{"column": value, ...}, ...] ([] for none)')


ROW = '{"d": "2024-01-02T00:00:00", "i": 2, "f": 2.5, "s": "y"}'
SHAPE = 'send the rows as one JSON list of objects, one per row: [{"column": value, ...}, ...]'


@pytest.mark.parametrize("body, said", [
    (f"[{ROW}][{ROW}]", "at line 1, column 59, where it reads '[{\"d\": \"2024-01-02T0…': more follows the first "
                        f"JSON value; {SHAPE}, every row in that one list"),
    (f"[{ROW}]\n[{ROW}]", "at line 2, column 1, where it reads '[{\"d\": \"2024-01-02T0…': more follows the first "
                          f"JSON value; {SHAPE}, every row in that one list"),
    (f"[{ROW}, ", "at line 1, column 60, the end of the body: a value is expected: a number, text in double quotes, "
                  f"true, false, null, a list or an object; {SHAPE}"),
    ("[{'d': 1}]", "at line 1, column 3, where it reads \"'d': 1}]\": a column's name in double quotes is expected "
                   f"(JSON writes names and text in double quotes, not single ones); {SHAPE}"),
    (f"[{ROW},]", "at line 1, column 59, where it reads ']': a value is expected: a number, text in double quotes, "
                  f"true, false, null, a list or an object (JSON takes no comma before a closing ]); {SHAPE}"),
    ('[{"s": "a\tb"}]', "at line 1, column 10, where it reads '\\tb\"}]': text in double quotes holds the control "
                        f"character U+0009 as it is; JSON writes a tab as \\t and a line break as \\n; {SHAPE}"),
])
def test_a_json_body_broken_after_its_start_is_told_where_and_the_shape_an_append_takes(client, body, said):
    answer = client.post("/api/datasets/typed/rows", data=body, headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == f"the body is not valid JSON {said}"
    assert client.get("/api/datasets/typed").get_json()["dataset"]["row_count"] == 1


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize("url, allow", [("/api/datasets/typed", "GET, HEAD, DELETE, OPTIONS"),
                                        ("/api/datasets/typed/rows", "POST, OPTIONS")])
def test_a_put_or_patch_of_a_dataset_says_how_to_replace_or_rename_it(client, method, url, allow):
    answer = client.open(url, method=method, data="d,i,f,s\n2024-01-02T00:00:00,2,2.5,y\n", headers=CSV_WRITE)
    assert answer.status_code == 405 and answer.headers["Allow"] == allow
    assert answer.get_json()["error"] == (
        f"{method} {url} is not allowed; allowed: {allow}. The API changes no dataset in place: POST "
        "/api/datasets/typed/rows appends rows; to replace its rows, delete it (DELETE /api/datasets/typed) and "
        "create it again (POST /api/datasets) from all the rows it should hold (those it holds now are at "
        "/datasets/typed.csv); to rename it, create the new one from those rows, then delete this one")
    assert client.get("/api/datasets/typed").get_json()["dataset"]["row_count"] == 1


@pytest.mark.parametrize("body, got", [
    ('{"rows": [{"i": 2}]}', 'got {"rows": [{"i": 2}]}; send the list under \'rows\' alone, not within an object'),
    ('{"i": 2}', 'got {"i": 2}; send even one row within a list: [{...}]'),
    ('"rows"', "got 'rows'"),
    ("null", "got null"),
])
def test_a_json_body_that_is_no_list_is_told_what_it_got_and_what_to_send(client, body, got):
    answer = client.post("/api/datasets/typed/rows", data=body, headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == (
        f'the JSON must be a list of objects, one per row: [{{"column": value, ...}}, ...], {got}')
    assert client.get("/api/datasets/typed").get_json()["dataset"]["row_count"] == 1


@pytest.mark.parametrize("body, said", [
    ('{"rows": [{"i": "\\ud800"}]}', 'got {"rows": [{"i": "\\ud800"}]}'),
    ('[["\\udfff"]]', 'row 1 must be a JSON object mapping column names to values, got ["\\udfff"]'),
    ('[{"d": "2024-01-02", "i": 2, "f": 1, "s": ["\\ud800x"]}]', 'got ["\\ud800x"]'),
    ('{"\\ud800": 1}', 'got {"\\ud800": 1}'),
])
def test_a_lone_surrogate_in_the_json_a_refusal_quotes_is_written_as_sent(client, body, said):
    # It was quoted as a character UTF-8 cannot encode, and the refusal became a 500.
    answer = client.post("/api/datasets/typed/rows", data=body, headers=JSON_WRITE)
    assert answer.status_code == 400, answer.data[:300]
    assert said in answer.get_json()["error"]
    assert client.get("/api/datasets/typed").get_json()["dataset"]["row_count"] == 1
