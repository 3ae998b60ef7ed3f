"""The OpenAPI document describes every URL a user embeds or downloads, as well as the API's: a dataset's
rows, a chart's image and data, a dashboard's report, each answering its errors in its own format."""
from __future__ import annotations

import re

import jsonschema  # comes with openapi-spec-validator (tests/requirements.txt), which checks the document
import pytest

from app import create_app
from plots.spec import FIELDS
from tests.conftest import chart_url_descriptions
from tests.source_data import sources_toml

# The routes the document leaves out, each with why.
NOT_DESCRIBED = {
    "static": "the stylesheet, scripts and icons the site's pages load",
    "index.index": "a page for people, as are the next three",
    "dashboards.dashboard": "",
    "charts.chart_page": "",
    "datasets.dataset": "",
    "uploads.upload_form": "the browser's forms, the next three too: the API's create and append do what they do",
    "uploads.upload": "",
    "appends.append_form": "",
    "appends.append": "",
    "health.healthz": "a load balancer's check that the dataset database answers",
    "robots.robots": "what a crawler may fetch",
    "search_engines.sitemap": "the pages a search engine may index, which robots.txt names",
    "search_engines.sitemap_file": "one file of the sitemap, for a site of more pages than one file holds",
    "seed.animal": "the first version's URLs, kept for the links made to them, the next two too",
    "seed.bears": "",
    "seed.divide": "",
}


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def documented_routes(app, document: dict) -> dict[tuple[str, str], str]:
    """(endpoint, method) -> the document's path for it: each path, its names filled in, as the app routes it."""
    adapter = app.url_map.bind("localhost")
    routes = {}
    for path, item in document["paths"].items():
        for method in item:
            if method != "parameters":
                endpoint, _ = adapter.match(re.sub(r"\{[^}]+\}", "x", path), method.upper())
                routes[(endpoint, method.upper())] = path
    return routes


def test_every_route_but_those_left_out_by_name_is_in_the_document(app, document):
    documented = documented_routes(app, document)
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if rule.endpoint not in NOT_DESCRIBED:
                assert (rule.endpoint, method) in documented, (rule.rule, method)
    assert not set(NOT_DESCRIBED) & {endpoint for endpoint, _ in documented}
    assert set(NOT_DESCRIBED) <= {rule.endpoint for rule in app.url_map.iter_rules()}


def test_each_format_of_a_file_is_a_path_of_its_own(document):
    for path in ("/datasets/{name}.json", "/datasets/{name}.csv", "/d/{dashboard}.pdf",
                 *(f"/plot/{{dataset}}.{extension}" for extension in ("svg", "png", "pdf", "json", "csv")),
                 *(f"/d/{{dashboard}}/{{chart}}.{extension}" for extension in ("svg", "png", "pdf", "json", "csv"))):
        assert "get" in document["paths"][path], path


@pytest.mark.parametrize(("url", "path", "status", "media_type"), [
    ("/datasets/animals.csv", "/datasets/{name}.csv", 200, "text/csv"),
    ("/datasets/animals.json", "/datasets/{name}.json", 200, "application/json"),
    ("/datasets/nosuch.csv", "/datasets/{name}.csv", 404, "text/plain"),
    ("/datasets/animals.csv?x=1", "/datasets/{name}.csv", 400, "text/plain"),
    ("/datasets/animals.csv?v=abc", "/datasets/{name}.csv", 400, "text/plain"),
    ("/datasets/nosuch.json", "/datasets/{name}.json", 404, "application/json"),
    ("/datasets/animals.json?errors=no", "/datasets/{name}.json", 400, "application/json"),
    ("/plot/animals.svg", "/plot/{dataset}.svg", 200, "image/svg+xml"),
    ("/plot/animals.png", "/plot/{dataset}.png", 200, "image/png"),
    ("/plot/animals.png?y=nosuch", "/plot/{dataset}.png", 404, "image/png"),
    ("/plot/animals.png?y=nosuch&errors=image", "/plot/{dataset}.png", 200, "image/png"),
    ("/plot/animals.svg?scale=2", "/plot/{dataset}.svg", 400, "image/svg+xml"),
    ("/plot/animals.pdf?y=nosuch", "/plot/{dataset}.pdf", 404, "text/plain"),
    ("/plot/animals.json?y=nosuch", "/plot/{dataset}.json", 404, "application/json"),
    ("/plot/animals.csv", "/plot/{dataset}.csv", 200, "text/csv"),
    ("/d/animals/bears.pdf", "/d/{dashboard}/{chart}.pdf", 200, "application/pdf"),
    ("/d/animals/nosuch.svg", "/d/{dashboard}/{chart}.svg", 404, "image/svg+xml"),
    ("/d/animals/bears.csv?kind=pie", "/d/{dashboard}/{chart}.csv", 400, "text/plain"),
    ("/d/animals.pdf", "/d/{dashboard}.pdf", 200, "application/pdf"),
    ("/d/nosuch.pdf", "/d/{dashboard}.pdf", 404, "text/plain"),
    ("/d/animals.pdf?title=x", "/d/{dashboard}.pdf", 400, "text/plain"),
])
def test_a_file_s_answer_is_documented_in_the_format_it_comes_in(client, document, url, path, status, media_type):
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (status, media_type)
    described = document["paths"][path]["get"]["responses"][str(status)]
    assert media_type in described["content"]
    if media_type == "application/json" and status >= 400:
        schema = {**described["content"][media_type]["schema"], "components": document["components"]}
        jsonschema.Draft202012Validator(schema).validate(response.get_json())


def test_a_file_s_etag_answers_the_documented_304_and_412(client, document):
    for url, path in (("/datasets/animals.csv", "/datasets/{name}.csv"), ("/plot/animals.svg", "/plot/{dataset}.svg")):
        etag = client.get(url).headers["ETag"]
        responses = document["paths"][path]["get"]["responses"]
        assert "ETag" in responses["200"]["headers"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304 and "304" in responses
        stale = client.get(url, headers={"If-Match": '"other"'})
        assert stale.status_code == 412 and stale.mimetype in responses["412"]["content"]


def test_the_parameters_a_file_takes_are_those_it_lists(client, document):
    def names(path: str) -> set[str]:
        return {p["name"] for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"}

    assert names("/datasets/{name}.csv") == {"v", "errors"}
    assert set(FIELDS) <= names("/plot/{dataset}.svg") and set(FIELDS) <= names("/d/{dashboard}/{chart}.csv")
    assert "scale" in names("/plot/{dataset}.png") and "scale" not in names("/plot/{dataset}.svg")
    assert names("/d/{dashboard}.pdf") == {"from", "to", "filter.<column>"}
    for name in names("/plot/{dataset}.png") - {"filter.<column>"}:
        # Blank, each keeps its default: a parameter the URL did not take would be a 400 naming it.
        response = client.get(f"/plot/animals.png?{name}=")
        assert response.status_code == 200, (name, response.headers.get("X-Chart-Error"), response.data[:600])
    assert client.get("/datasets/animals.csv?v=&errors=").status_code == 200


@pytest.fixture
def troubled_client(tmp_path, data_dir):
    """A client of the app with a data-folder file separated by semicolons and a source that cannot be reached."""
    (data_dir / "broken.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    sources = sources_toml(tmp_path / "sources.toml", {"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
                           {"orders": {"source": "gone", "table": "orders"}})
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(sources),
                       "RENDER_WORKERS": 0}).test_client()


@pytest.mark.parametrize(("url", "path", "status", "media_type"), [
    ("/datasets/broken.csv", "/datasets/{name}.csv", 422, "text/plain"),
    ("/datasets/orders.json", "/datasets/{name}.json", 503, "application/json"),
    ("/plot/broken.svg", "/plot/{dataset}.svg", 422, "image/svg+xml"),
    ("/plot/orders.png", "/plot/{dataset}.png", 503, "image/png"),
    ("/plot/orders.csv", "/plot/{dataset}.csv", 503, "text/plain"),
])
def test_a_file_of_a_dataset_that_cannot_be_read_now_is_a_documented_422_or_503(troubled_client, url, path, status,
                                                                                media_type):
    document = troubled_client.get("/api/openapi.json").get_json()
    response = troubled_client.get(url)
    assert (response.status_code, response.mimetype) == (status, media_type)
    described = document["paths"][path]["get"]["responses"][str(status)]
    assert media_type in described["content"]
    for header in described.get("headers", {}):  # or the description says when it is left out
        assert header in response.headers or f"no {header}" in described["description"], header


@pytest.mark.parametrize("path", ["/datasets/{name}.csv", "/plot/{dataset}.svg", "/d/{dashboard}/{chart}.json"])
def test_a_file_s_503_says_when_it_carries_retry_after_and_when_not(document, path):
    # A source's outage or timeout carries it; a file not there, a folder, no database, one the site
    # may not open, one in WAL mode in a folder the site may not write, one moved in beside an old log
    # or a log beside an empty file does not, as no wait mends those.
    described = document["paths"][path]["get"]["responses"]["503"]
    assert "Retry-After says when to ask again" in described["description"]
    for case in ("an outage", "took too long", "not there", "names a folder", "no SQLite database",
                 "the site may not open it", "in WAL mode in a folder the site may not write",
                 "moved in beside the log of the file it replaced",
                 "beside a log holding changes: no Retry-After"):
        assert case in described["description"], case
    assert "left out of a 503 that waiting does not mend" in described["headers"]["Retry-After"]["description"]


def test_the_axis_titles_say_where_each_is_drawn_on_a_barh_and_a_histogram(client):
    # "down the side of a barh (a histogram's values) (at most …)" read as one axis titling another's.
    for name, words in (("xlabel", "The title of the axis x places rows along, or of a histogram's values; on a "
                                   "barh it runs down the side. At most 100 characters; blank, none."),
                        ("ylabel", "The title of the value axis, or of a histogram's counts; on a barh it runs "
                                   "across. At most 100 characters; blank, none.")):
        described = chart_url_descriptions(client, name)
        assert described and all(text.startswith(words) for text in described.values()), described


def test_a_chart_url_points_to_readmes_chart_parameters_once_and_each_field_says_only_what_it_takes(client, document):
    chart_paths = [path for path in document["paths"] if path.startswith(("/plot/", "/d/{dashboard}/{chart}."))]
    assert len(chart_paths) == 10
    for path in chart_paths:
        operation = document["paths"][path]["get"]
        assert operation["description"] == "README's “Chart parameters” section lists what each parameter takes."
        assert not [p["name"] for p in operation["parameters"] if "README" in p.get("description", "")], path
    for name in FIELDS:
        for path, words in chart_url_descriptions(client, name).items():
            assert words.endswith(".") and "See " not in words, (path, name, words)
    assert "README" not in document["paths"]["/d/{dashboard}.pdf"]["get"].get("description", "")
