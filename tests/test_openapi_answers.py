"""The OpenAPI document describes the answers the API really gives: each status, body and header,
and the request bodies the routes take."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from fnmatch import fnmatch

import jsonschema  # comes with openapi-spec-validator (tests/requirements.txt), which checks the document
import pytest

from app import create_app
from tests.conftest import WRITE_TOKEN
from tests.error_image_text import error_title
from tests.source_data import sources_toml

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
NOTES = "day,note\n2024-01-01,hello\n"


@pytest.fixture
def app(tmp_path, data_dir):
    """The app with a data-folder file separated by semicolons and a source that cannot be reached."""
    (data_dir / "broken.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    sources = sources_toml(tmp_path / "sources.toml", {"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
                           {"orders": {"source": "gone", "table": "orders"}})
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(sources),
                       "WRITE_TOKENS": WRITE_TOKEN, "RENDER_WORKERS": 0})


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def operation(document: dict, path: str, method: str) -> dict:
    return document["paths"][path][method.lower()]


def check_answer(document: dict, path: str, method: str, response) -> dict:
    """Fail unless the document lists the response's status for the operation, with a schema its
    JSON body fits and the headers it carries (or says when it does not); returns the body. An error in another format (a CSV's
    as a line of text, an image's as an image) must be of a media type the document lists for it,
    and its body is returned as {"error": its message}."""
    described = operation(document, path, method)["responses"]
    status = str(response.status_code)
    assert status in described, f"{method} {path} answered {status}, which the document does not list: {list(described)}"
    if response.mimetype == "application/json":
        schema = {**described[status]["content"]["application/json"]["schema"], "components": document["components"]}
        jsonschema.Draft202012Validator.check_schema(schema)
        body = response.get_json()
        jsonschema.Draft202012Validator(schema).validate(body)
    else:
        assert response.mimetype in described[status]["content"], (method, path, status, response.mimetype)
        body = {"error": error_message(response)}
    for header in described[status].get("headers", {}):  # or the description says when it is left out
        assert header in response.headers or f"no {header}" in described[status]["description"], (status, header)
    return body


def error_message(response) -> str:
    """The message of an error answered as a line of text (`400 Bad Request: …`) or as an image, in its title."""
    if response.mimetype == "image/png":
        return error_title(response.data).partition(": ")[2]
    if response.mimetype == "image/svg+xml":
        return ET.fromstring(response.data).find("{http://www.w3.org/2000/svg}title").text.partition(": ")[2]
    return response.get_data(as_text=True).partition(": ")[2].rstrip("\n")


def documented_body(document: dict, path: str, method: str, content_type: str) -> bool:
    """Whether the operation's request body lists the content type (or a range that holds it)."""
    return any(fnmatch(content_type, key) for key in operation(document, path, method)["requestBody"]["content"])


def test_the_list_with_an_unreadable_file_and_an_unreachable_source_fits_its_schema(client, document):
    body = check_answer(document, "/api/datasets", "GET", client.get("/api/datasets"))
    errors = {item["name"]: item["error"] for item in body["datasets"] if "error" in item}
    assert set(errors) == {"broken", "orders"}
    assert "semicolons" in errors["broken"] and "cannot be opened" in errors["orders"]
    assert any(item["name"] == "animals" and "columns" in item for item in body["datasets"])


def test_an_unreadable_file_is_a_documented_422_with_the_message_of_the_list(client, document):
    response = client.get("/api/datasets/broken")
    assert response.status_code == 422
    assert "semicolons" in check_answer(document, "/api/datasets/{name}", "GET", response)["error"]


def test_a_source_dataset_whose_file_is_not_there_is_a_documented_503_without_retry_after(client, document):
    # The document said every source 503 carries Retry-After: one that no wait mends carries none, and says so.
    response = client.get("/api/datasets/orders")
    assert response.status_code == 503 and "Retry-After" not in response.headers
    assert "its SQLite file is not there" in check_answer(document, "/api/datasets/{name}", "GET", response)["error"]
    described = operation(document, "/api/datasets/{name}", "GET")["responses"]["503"]
    assert "Retry-After" in described["headers"] and not described["headers"]["Retry-After"].get("required")
    assert "cannot be reached right now (an outage) or took too long to answer" in described["description"]
    assert "Retry-After says when to ask again" in described["description"]
    assert ("not there, its path names a folder, it is no SQLite database, the site may not open it, it is in WAL "
            "mode in a folder the site may not write, it was moved in beside the log of the file it replaced, or it "
            "is empty, or missing, beside a log holding changes: no Retry-After") in described["description"]


def test_a_create_s_location_is_the_documented_api_url_and_its_url_the_page(client, document):
    response = client.post("/api/datasets?name=loc", data=NOTES, headers=AUTH, content_type="text/csv")
    body = check_answer(document, "/api/datasets", "POST", response)
    described = operation(document, "/api/datasets", "POST")["responses"]["201"]
    assert described["headers"]["Location"]["description"] == "/api/datasets/{name}"
    assert response.headers["Location"] == "/api/datasets/loc" and body["dataset"]["url"] == "/datasets/loc"
    assert "/api/datasets/{name}" in described["description"] and "/datasets/{name})" in described["description"]


def test_a_dataset_and_a_missing_one_fit_their_schemas(client, document):
    for name, status in (("animals", 200), ("nothing", 404)):
        response = client.get(f"/api/datasets/{name}")
        assert response.status_code == status
        check_answer(document, "/api/datasets/{name}", "GET", response)


@pytest.mark.parametrize(("content_type", "data"), [
    ("multipart/form-data", {"name": "notes", "title": "Notes", "file": (io.BytesIO(NOTES.encode()), "notes.csv")}),
    ("application/x-www-form-urlencoded", {"name": "notes", "title": "Notes", "file": NOTES}),
    ("text/csv", NOTES),
    ("application/csv", NOTES),
])
def test_every_body_a_create_takes_is_documented(client, document, content_type, data):
    url = "/api/datasets" if isinstance(data, dict) else "/api/datasets?name=notes&title=Notes"
    response = client.post(url, data=data, headers=AUTH, content_type=content_type)
    assert response.status_code == 201, response.get_json()
    check_answer(document, "/api/datasets", "POST", response)
    assert documented_body(document, "/api/datasets", "POST", content_type)


@pytest.mark.parametrize(("content_type", "data"), [
    ("application/json", '[{"day": "2024-01-02", "note": "a"}]'),
    ("application/vnd.api+json", '[{"day": "2024-01-02", "note": "a"}]'),
    ("text/csv", "day,note\n2024-01-02,a\n"),
    ("application/csv", "day,note\n2024-01-02,a\n"),
])
def test_every_body_an_append_takes_is_documented(client, document, content_type, data):
    assert client.post("/api/datasets?name=notes", data=NOTES, headers=AUTH, content_type="text/csv").status_code == 201
    response = client.post("/api/datasets/notes/rows", data=data, headers=AUTH, content_type=content_type)
    assert response.status_code == 200, response.get_json()
    check_answer(document, "/api/datasets/{name}/rows", "POST", response)
    assert documented_body(document, "/api/datasets/{name}/rows", "POST", content_type)


def test_a_body_no_route_takes_is_a_documented_415(client, document):
    create = client.post("/api/datasets?name=notes", data=NOTES, headers=AUTH, content_type="text/plain")
    append = client.post("/api/datasets/animals/rows", data="year=1", headers=AUTH,
                         content_type="application/x-www-form-urlencoded")
    for response, path in ((create, "/api/datasets"), (append, "/api/datasets/{name}/rows")):
        assert response.status_code == 415
        check_answer(document, path, "POST", response)
    assert not documented_body(document, "/api/datasets", "POST", "text/plain")
    assert not documented_body(document, "/api/datasets/{name}/rows", "POST", "application/x-www-form-urlencoded")


@pytest.mark.parametrize(("method", "url", "path"), [
    ("POST", "/api/datasets/orders/rows", "/api/datasets/{name}/rows"),
    ("DELETE", "/api/datasets/orders", "/api/datasets/{name}"),
    ("POST", "/api/datasets/broken/rows", "/api/datasets/{name}/rows"),
])
def test_writes_to_a_dataset_the_site_only_reads_are_a_documented_409(client, document, method, url, path):
    response = client.open(url, method=method, json=[], headers=AUTH)
    assert response.status_code == 409
    check_answer(document, path, method, response)


def test_a_key_sent_again_with_another_body_is_a_documented_422(client, document):
    assert client.post("/api/datasets?name=notes", data=NOTES, headers=AUTH, content_type="text/csv").status_code == 201
    keyed = {**AUTH, "Idempotency-Key": "batch-1"}
    first = client.post("/api/datasets/notes/rows", json=[{"day": "2024-01-02", "note": "a"}], headers=keyed)
    assert first.status_code == 200
    response = client.post("/api/datasets/notes/rows", json=[{"day": "2024-01-03", "note": "b"}], headers=keyed)
    assert response.status_code == 422
    assert "batch-1" in check_answer(document, "/api/datasets/{name}/rows", "POST", response)["error"]


# A value for each path parameter the document names, for URLs that reach the route.
PATH_VALUES = {"name": "animals", "dataset": "animals", "dashboard": "stations", "chart": "temperature"}


def documented_query_parameters(document: dict, path: str, method: str) -> list[str]:
    item = document["paths"][path]
    return [p["name"] for p in [*item.get("parameters", []), *operation(document, path, method).get("parameters", [])]
            if p["in"] == "query"]


def parameters_named(error: str) -> list[str]:
    """The parameters a refusal of an unknown one says its URL takes."""
    if error.endswith("takes no parameters"):
        return []
    # A dataset's rows say what v and errors take after the list, past a colon.
    return re.search(r"the parameters are ([^:]+)", error)[1].split(", ")


def test_every_operation_refuses_an_unknown_parameter_with_a_documented_400_naming_the_documented_ones(client,
                                                                                                       document):
    for path, item in document["paths"].items():
        url = path.format(**PATH_VALUES)
        for method, described in item.items():
            if method == "parameters":
                continue
            content_types = list(described.get("requestBody", {}).get("content", {}))
            # A create takes its name and title in the URL with a CSV body; the refusal comes before the body is read.
            content_type = "text/csv" if "text/csv" in content_types else None
            response = client.open(f"{url}?zzz=1", method=method.upper(), headers=AUTH, content_type=content_type)
            assert response.status_code == 400, (method, path, response.get_json())
            error = check_answer(document, path, method.upper(), response)["error"]
            assert "'zzz'" in error, (method, path, error)
            named = parameters_named(error)
            documented = documented_query_parameters(document, path, method)
            patterns = [name.replace("<column>", "*") for name in documented]
            assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in named), (path, named, documented)
            assert all(any(fnmatch(name, pattern) for name in named) for pattern in patterns), (path, named, documented)


@pytest.mark.parametrize(("query", "status", "words"), [
    ("?from=2025-03-01&filter.station=Harbour", 200, None),
    ("?from=garbage", 400, "from must be a date"),
    ("?from=2025-01-01&from=2025-02-01", 400, "from was given 2 times"),
    ("?title=x", 400, "title applies to a chart's URL"),
    ("?filter.nope=1", 400, "unknown parameter 'filter.nope'; the parameters are from, to, filter.station"),
    ("?filter.station=Nowhere", 404, "holds no value 'Nowhere'"),
])
def test_a_dashboards_versions_answers_are_documented(client, document, query, status, words):
    response = client.get(f"/d/stations/versions.json{query}")
    assert response.status_code == status, response.get_json()
    body = check_answer(document, "/d/{dashboard}/versions.json", "GET", response)
    assert words is None or words in body["error"]


def test_a_dashboard_chart_that_cannot_be_drawn_has_a_documented_null_version(tmp_path, data_dir):
    (data_dir / "readings.csv").write_text("day,value\n2024-01-01,1\n", encoding="utf-8")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "board.toml").write_text('title = "B"\n[[charts]]\nid = "c"\ndataset = "readings"\nx = "day"\n'
                                       'y = ["value"]\n', encoding="utf-8")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                         "RENDER_WORKERS": 0}).test_client()
    document = client.get("/api/openapi.json").get_json()
    (data_dir / "readings.csv").write_text("day,other\n2024-01-01,1\n", encoding="utf-8")  # its column gone
    response = client.get("/d/board/versions.json")
    assert response.status_code == 200
    chart = check_answer(document, "/d/{dashboard}/versions.json", "GET", response)["charts"]["c"]
    assert chart["version"] is None and "cannot be drawn" in chart["alt"]


def test_a_dashboard_chart_whose_source_file_is_not_there_has_a_documented_503_status(tmp_path, data_dir):
    # Its image's 503 carries no Retry-After, as no wait mends it: the status's description said every
    # 503 was a source down for a moment.
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "board.toml").write_text('title = "B"\n[[charts]]\nid = "c"\ndataset = "orders"\ny = ["total"]\n',
                                       encoding="utf-8")
    sources = sources_toml(tmp_path / "sources.toml", {"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
                           {"orders": {"source": "gone", "table": "orders"}})
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(sources),
                         "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0}).test_client()
    document = client.get("/api/openapi.json").get_json()
    chart = check_answer(document, "/d/{dashboard}/versions.json", "GET", client.get("/d/board/versions.json"))
    assert chart["charts"]["c"]["status"] == 503
    image = client.get(chart["charts"]["c"]["src"])
    assert image.status_code == 503 and "Retry-After" not in image.headers
    charts = operation(document, "/d/{dashboard}/versions.json", "GET")["responses"]["200"]["content"]
    status = charts["application/json"]["schema"]["properties"]["charts"]["additionalProperties"]["properties"]
    described = status["status"]["description"]
    assert "down for a moment" not in described
    assert "with Retry-After where waiting may mend it" in described
    assert "without where someone must (a source's SQLite file not there" in described


def test_every_read_documents_the_304_and_412_its_etag_earns(client, document):
    for path, item in document["paths"].items():
        if "get" not in item:
            continue
        url = path.format(**PATH_VALUES)
        described = operation(document, path, "GET")
        headers = {p["name"] for p in described.get("parameters", []) if p["in"] == "header"}
        assert {"If-None-Match", "If-Match"} <= headers, (path, headers)
        etag = client.get(url).headers["ETag"]
        assert "ETag" in described["responses"]["200"].get("headers", {}), path
        not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304 and "304" in described["responses"], (path, list(described["responses"]))
        assert all(header in not_modified.headers for header in described["responses"]["304"].get("headers", {}))
        stale = client.get(url, headers={"If-Match": '"stale"'})
        assert stale.status_code == 412
        assert etag in check_answer(document, path, "GET", stale)["error"]
