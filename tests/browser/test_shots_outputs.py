"""What a run leaves behind: HAR 1.2, network and image JSON, shots.json and report.html."""
from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser

from shots import CheckResult
from shots.report import write_report

HAR_REQUEST_KEYS = {"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"}
HAR_RESPONSE_KEYS = {"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                     "headersSize", "bodySize"}
HAR_TIMINGS = {"blocked", "dns", "connect", "send", "wait", "receive", "ssl"}


class _ReportParser(HTMLParser):
    """Collects the report's images, links, table rows and text."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.rows = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.images.append(attributes.get("src", ""))
        elif tag == "a":
            self.links.append(attributes.get("href", ""))
        elif tag == "tr":
            self.rows += 1

    def handle_data(self, data):
        self.text.append(data)


def test_har_network_and_image_json_are_written_and_parse(check):
    result = check("/d/animals")
    out, page = result.out_dir, result.pages[0]
    log = json.loads((out / "d-animals.har").read_text())["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] and log["browser"]["name"] == "Chromium"
    [har_page] = log["pages"]
    assert har_page["title"] == page.capture.title and har_page["pageTimings"]["onLoad"] > 0
    assert len(log["entries"]) == len(page.capture.requests) >= 5
    for entry in log["entries"]:
        assert entry["pageref"] == har_page["id"]
        datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00"))
        assert HAR_REQUEST_KEYS <= entry["request"].keys()
        assert HAR_RESPONSE_KEYS <= entry["response"].keys()
        assert {"size", "mimeType"} <= entry["response"]["content"].keys()
        assert entry["timings"].keys() == HAR_TIMINGS
        assert all(value >= -1 for value in entry["timings"].values())
        assert entry["time"] >= 0 and entry["response"]["status"] == 200
        # bodySize is the body alone: the header bytes are headersSize, together the transfer size.
        response = entry["response"]
        headers = {h["name"].lower(): h["value"] for h in response["headers"]}
        assert response["headersSize"] > 100
        assert response["headersSize"] + response["bodySize"] == response["_transferSize"]
        assert response["bodySize"] == int(headers["content-length"])
        if "content-encoding" not in headers:
            assert response["bodySize"] == response["content"]["size"]

    network = json.loads((out / "d-animals.network.json").read_text())
    assert [row["url"] for row in network] == [e["request"]["url"] for e in log["entries"]]
    # The charts: Chromium asks for the favicon once per browser, so it may or may not be listed.
    svg_rows = [row for row in network if "/d/animals/" in row["url"]]
    assert svg_rows and all(row["mime_type"] == "image/svg+xml" for row in svg_rows)
    assert all(row["body_bytes"] > 1000 and row["time_ms"] > 0 for row in svg_rows)
    # On the wire: the headers and the (compressed) body; body_bytes are the decoded bytes.
    wire_body = {e["request"]["url"]: e["response"]["bodySize"] for e in log["entries"]}
    assert all(row["bytes"] == row["header_bytes"] + wire_body[row["url"]] for row in svg_rows)
    assert all(wire_body[row["url"]] < row["body_bytes"] for row in svg_rows)  # sent compressed

    images = json.loads((out / "d-animals.images.json").read_text())
    assert len(images) == len(page.images)
    assert all(i["drawn"] and i["natural_width"] > 0 and i["natural_height"] > 0 for i in images)
    assert {i["content_type"] for i in images} == {"image/svg+xml"}


def test_report_shows_each_verdict_thumbnail_and_network_table(check):
    result = check("/d/animals", "/mislabelled/", update_baselines=True)
    parser = _ReportParser()
    parser.feed(result.report_path.read_text())
    text = " ".join(parser.text)
    assert "d-animals.png" in parser.images and "mislabelled-+.png" in parser.images
    assert "d-animals.har" in parser.links and "mislabelled-+.network.json" in parser.links
    assert "updated" in text and "fail" in text
    assert "/mislabelled/chart.svg" in text and "text/plain" in text
    assert parser.rows > len(result.pages[0].capture.requests) + 3

    manifest = json.loads((result.out_dir / "shots.json").read_text())
    assert manifest["passed"] is False
    assert [(p["path"], p["verdict"]) for p in manifest["pages"]] == [("/d/animals", "updated"), ("/mislabelled/", "fail")]
    for page in manifest["pages"]:
        assert all((result.out_dir / name).is_file() for name in page["files"].values())


def test_a_new_run_replaces_the_files_of_the_previous_one(check, tmp_path):
    out = tmp_path / "runs"
    (out / "README.md").parent.mkdir(parents=True)
    (out / "README.md").write_text("kept")
    check("/mislabelled/", out_dir=out)
    assert (out / "mislabelled-+.png").exists()
    check("/d/no-such-dashboard@404", out_dir=out)
    assert not (out / "mislabelled-+.png").exists()
    assert (out / "d-no-such-dashboard.png").exists()
    assert (out / "README.md").read_text() == "kept"


def test_shots_json_and_the_report_name_each_baseline_no_page_matched(tmp_path):
    # The summary line gives only their count: a person needs the files' names to remove them.
    check = CheckResult([], tmp_path, tmp_path / "baselines",
                        unmatched_baselines=["d-gone.png", "d-old-chart.png"])
    parser = _ReportParser()
    parser.feed(write_report(check).read_text())
    text = " ".join(parser.text)
    assert "2 baselines matched no page" in text
    assert "Baselines no page matched" in text and "d-gone.png" in text and "d-old-chart.png" in text
    manifest = json.loads((tmp_path / "shots.json").read_text())
    assert manifest["unmatched_baselines"] == ["d-gone.png", "d-old-chart.png"]
    assert manifest["passed"] is False
