"""Every error answer names the kind of failure it is in its X-Chart-Error-Kind header, for a CI job
that tells a source past its timeout from one out of reach, or a source's refused query from a file
the site cannot read, where each pair shares a status and only their words differ."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.source_data import slow_query

KIND = "X-Chart-Error-Kind"


def codes_file(path: Path) -> str:
    """An SQLite file of table `codes` (code, n): 150 codes, more than a bar chart may draw."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE codes (code TEXT, n INTEGER)")
        conn.executemany("INSERT INTO codes VALUES (?, ?)", [(f"c{i:03d}", i) for i in range(150)])
    conn.close()
    return f"sqlite:///{path}"


@pytest.fixture
def kinds_app(tmp_path: Path, app_over):
    """The app over source `db` (datasets `codes`, `slow`, past the 0.5 s timeout, and `gone`, a table it
    lacks), source `away` (dataset `missing`, its SQLite file not there), and `broken.csv` in the data
    folder, which is no CSV the site reads."""
    url = codes_file(tmp_path / "codes.db")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "broken.csv").write_bytes(b'a,b\n1,"2\n')
    return app_over({"db": {"url": url}, "away": {"url": f"sqlite:///{tmp_path / 'nothere.db'}"}},
                    {"codes": {"source": "db", "table": "codes"}, "slow": {"source": "db", "sql": slow_query("sqlite")},
                     "gone": {"source": "db", "table": "nosuch"}, "missing": {"source": "away", "table": "t"}},
                    SOURCE_TIMEOUT=0.5)


@pytest.mark.parametrize("url, status, kind", [
    ("/plot/slow.svg?y=y", 503, "source-timeout"),
    ("/plot/missing.svg?y=v", 503, "source-unreachable"),
    ("/plot/gone.svg?y=v", 422, "source-refused"),
    ("/plot/broken.svg?y=b", 422, "file-unreadable"),
    ("/plot/codes.svg?kind=bar&x=code&y=n", 422, "data-unfit"),
    ("/plot/codes.svg?kind=nosuch", 400, "bad-parameter"),
    ("/plot/codes.svg?y=nosuch", 404, "not-found"),
    ("/plot/nosuch.svg?y=v", 404, "not-found"),
])
def test_a_charts_refusal_names_its_kind_in_every_format(kinds_app, url, status, kind):
    client = kinds_app.test_client()
    for form in (url, url.replace(".svg", ".json"), url.replace(".svg", ".csv")):
        response = client.get(form)
        assert response.status_code == status, (form, response.data[:300])
        assert response.headers[KIND] == kind, form
    # As a 200 image, beside X-Chart-Error, which a script of any origin may read.
    image = client.get(url + "&errors=image")
    assert image.status_code == 200 and image.headers["X-Chart-Error"].startswith(f"{status} ")
    assert image.headers[KIND] == kind
    assert KIND in image.headers["Access-Control-Expose-Headers"].split(", ")


def test_a_source_locked_by_a_writer_is_told_apart_from_one_past_its_timeout(kinds_app, tmp_path):
    writer = sqlite3.connect(tmp_path / "codes.db", isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        response = kinds_app.test_client().get("/plot/codes.json?kind=bar&x=code&y=n&top=10&sort=-value")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 503 and response.headers[KIND] == "source-locked"


def test_a_method_a_chart_does_not_take_and_a_good_chart(kinds_app):
    client = kinds_app.test_client()
    refused = client.post("/plot/codes.svg?y=n")
    assert refused.status_code == 405 and refused.headers[KIND] == "request-refused"
    drawn = client.get("/plot/codes.svg?kind=bar&x=code&y=n&top=10&sort=-value")
    assert drawn.status_code == 200 and KIND not in drawn.headers


def test_a_charts_page_names_the_kind_its_image_names(client):
    for query, status, kind in (("?kind=nosuch", 400, "bad-parameter"), ("?y=nosuch", 404, "not-found"), ("", 200, None)):
        page = client.get(f"/d/weather/temperature{query}")
        image = client.get(f"/d/weather/temperature.svg{query}")
        assert page.status_code == image.status_code == status, (query, page.status_code, image.status_code)
        assert page.headers.get(KIND) == image.headers.get(KIND) == kind, query


@pytest.mark.parametrize("query", ["?bins=20", "?froom=2024-01-01", "?from=yesterday", "?range=now-2d", "?from=2024-01-01"])
def test_a_dashboards_page_names_the_kind_its_report_and_versions_name(client, query):
    page = client.get(f"/d/weather{query}", follow_redirects=True)
    report = client.get(f"/d/weather.pdf{query}")
    polled = client.get(f"/d/weather/versions.json{query}")
    assert page.status_code == report.status_code == polled.status_code, query
    assert page.headers.get(KIND) == report.headers.get(KIND) == polled.headers.get(KIND), query


def test_every_kind_is_named_once_in_the_readme_and_the_openapi_description(client):
    from app.error_kinds import ERROR_KINDS, KINDS, SPEC_KINDS
    from tests.conftest import ROOT
    assert len(set(KINDS)) == len(KINDS)
    assert {name for _, name in ERROR_KINDS} | set(SPEC_KINDS.values()) | {"file-unreadable", "source-refused",
                                                                           "request-refused", "server-error"} == set(KINDS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("- **Why, without reading words.**", 1)[1].split("- **In a browser.**", 1)[0]
    assert re.findall(r"^  \| `([a-z-]+)` \|", table, re.MULTILINE) == list(KINDS)
    described = client.get("/api/openapi.json").get_json()
    answer = described["paths"]["/api/datasets/{name}"]["get"]["responses"]["404"]
    assert answer["headers"][KIND]["schema"]["enum"] == list(KINDS)
