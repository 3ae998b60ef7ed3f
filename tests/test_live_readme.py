"""The README's "Pushing rows" examples, curl and requests, run as written against a real server."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import requests

from tests.conftest import ROOT
from tests.test_durability import TOKEN, Server

SALES = "month,units\n2024-01-01,5\n2024-02-01,7\n"
MORE = "month,units\n2024-05-01,3\n2024-06-01,4\n"


def readme_blocks(language: str) -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Pushing rows", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


@pytest.fixture
def server(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    started = Server(data_dir, tmp_path / "server.log")
    started.wait_until_up()
    yield started
    started.stop()


@pytest.fixture
def workdir(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "sales.csv").write_text(SALES)
    (folder / "more.csv").write_text(MORE)
    return folder


def run(command: list[str], workdir, server: Server) -> str:
    env = {**os.environ, "SITE": server.base, "TOKEN": TOKEN}
    done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_readme_curl_commands_create_append_and_delete(server, workdir):
    (block,) = readme_blocks("sh")
    script = "\n".join(line for line in block.splitlines() if not line.startswith(("TOKEN=", "SITE=")))
    answers = [json.loads(line) for line in run(["bash", "-euc", script], workdir, server).splitlines() if line]
    assert [a["ok"] for a in answers] == [True] * 4
    assert answers[0]["rows_total"] == 2
    assert answers[1]["rows_total"] == 3 and answers[2]["rows_total"] == 5
    assert answers[3] == {"ok": True, "deleted": "sales"}


def test_the_readme_requests_script_creates_and_pushes(server, workdir):
    (block,) = readme_blocks("python")
    printed = run([sys.executable, "-c", block], workdir, server)
    assert "'rows_added': 2" in printed and "'rows_total': 4" in printed
    rows = requests.get(f"{server.base}/datasets/sales.json", timeout=10).json()["rows"]
    assert rows[-1] == ["2024-04-01", 12]
    assert requests.get(f"{server.base}/plot/sales.svg?y=units", timeout=30).status_code == 200


def test_the_readme_requests_script_stops_with_the_sites_words_for_a_refused_csv(server, workdir):
    # As a spreadsheet in a language of decimal commas saves it: semicolons between values.
    (workdir / "sales.csv").write_bytes(b"\xef\xbb\xbfmonth;units\r\n2024-01-01;5\r\n")
    (block,) = readme_blocks("python")
    env = {**os.environ, "SITE": server.base, "TOKEN": TOKEN}
    done = subprocess.run([sys.executable, "-c", block], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("400: the header is one column, 'month;units': the file separates values with "
                           "semicolons; save it as CSV with commas between values, or use the workbook (.xlsx) itself, "
                           "which the site reads as it is\n")


def test_the_readme_requests_script_prints_the_creates_warnings(server, workdir):
    (workdir / "sales.csv").write_text("month,units\n31/01/2024,5\n29/02/2024,7\n")
    (block,) = readme_blocks("python")
    printed = run([sys.executable, "-c", block], workdir, server).splitlines()
    assert printed[0].startswith("warning: column 'month' is text, though most of its values are numbers or dates: "
                                 "row 1 holds '31/01/2024' (write dates as YYYY-MM-DD: 2024-01-31)")
    assert len(printed) == 2 and "'rows_added': 2" in printed[1]


def start_here() -> str:
    return (ROOT / "README.md").read_text().split("## Start here", 1)[1].split("\n## ", 1)[0]


def test_start_here_tells_where_to_upload_and_its_chart_url_draws_such_a_dataset(server):
    words = start_here()
    (form,) = re.findall(r"http://127\.0\.0\.1:5000(/upload)\b", words)
    assert requests.get(server.base + form, timeout=10).status_code == 200
    created = requests.post(f"{server.base}/api/datasets?name=sales", data=SALES,
                            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"}, timeout=10)
    assert created.status_code == 201 and created.json()["warnings"] == []
    (chart,) = re.findall(r"`(/plot/sales\.svg\?[^`]+)`", words)
    drawn = requests.get(server.base + chart, timeout=30)
    assert drawn.status_code == 200 and drawn.headers["Content-Type"].startswith("image/svg+xml")


def test_start_here_links_sections_the_readme_has():
    headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", (ROOT / "README.md").read_text(), flags=re.M)}
    anchors = re.findall(r"\]\(#([^)]+)\)", start_here())
    assert len(anchors) >= 4 and set(anchors) <= headings


def test_start_here_s_sample_charts_draw_with_the_parameters_it_names(client):
    # "(`/d/board/chart`: `a=1&b=2`)": each sample chart named answers, and its spec holds what is said of it.
    words = start_here().replace("\n", " ")
    named = re.findall(r"`(/d/[a-z]+/[a-z-]+)`(?::\s*`([^`]+)`)?", words)
    assert len(named) >= 3
    for path, query in named:
        answer = client.get(path + ".json")
        assert answer.status_code == 200, path
        spec = answer.get_json()["spec"]
        for pair in filter(None, query.split("&")):
            key, _, value = pair.partition("=")
            assert spec.get(key) == value, (path, key, spec.get(key))
    (split,) = re.findall(r"`(/d/stations/[a-z-]+)` splits them into a line a station\s*\(`([^`]+)`\)[^`]*`([^`]+)`", words)
    spec = client.get(split[0] + ".json").get_json()["spec"]
    for pair in (split[1] + "&" + split[2]).split("&"):
        key, _, value = pair.partition("=")
        assert spec.get(key) == value, (split[0], key, spec.get(key))
