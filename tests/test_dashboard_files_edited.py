"""A dashboard file edited, added, made bad or removed while the site runs is served as it is now from the
next check on (at the next request where DASHBOARD_CHECK_SECONDS is 0, as most tests here set it; within a
second by default, a request in between statting nothing), with no restart: an edited one as edited (its
sitemap lastmod the edit's), a new one at its URL, a bad one as a 503 naming the file, the chart and the field
(or the line) for its dashboard alone, logged once, and a removed one as a 404."""
from __future__ import annotations

import html
import logging
import os
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests

import app.dashboard_files as dashboard_files
from app import create_app
from app.config import STORE_FILE
from app.store import StoreUnavailable, same_tick
from app.store.same_tick import SAME_TICK_NS
from tests.conftest import ROOT, free_port
from tests.sample_store import with_samples_loaded
from tests.test_serving import readme_gunicorn_process, stop, wait_until_up
from tests.file_times import on_a_filesystem_of_two_second_times

CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'
ZOO = 'title = "Zoo before"\n' + CHART
FARM = 'title = "Farm"\n' + CHART


def site(tmp_path: Path, files: dict[str, str], written_ns: int = 978393600 * 10**9, **settings):
    """A test client of the site on the samples, serving the dashboard `files` of a folder of its own (their
    times `written_ns`: 2001-01-02 unless told), checked for edits at every request unless `settings` say
    otherwise (DASHBOARD_CHECK_SECONDS=None: the default)."""
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    with_samples_loaded(data_dir)
    with sqlite3.connect(data_dir / STORE_FILE) as conn:  # data written long ago: a lastmod is the file's
        conn.execute("UPDATE datasets SET updated = '2001-01-01T00:00:00Z'")
    conn.close()
    for name in files:
        os.utime(folder / name, ns=(written_ns, written_ns))
    settings = {"DASHBOARD_CHECK_SECONDS": 0, **settings}
    if settings["DASHBOARD_CHECK_SECONDS"] is None:
        del settings["DASHBOARD_CHECK_SECONDS"]
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)],
                      "RENDER_WORKERS": 0, **settings})
    return app.test_client(), folder


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_edited_dashboard_file_is_served_as_edited_at_the_next_request(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    assert "Zoo before" in text_of(client.get("/d/zoo"))
    (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo after edit"))
    page = text_of(client.get("/d/zoo"))
    assert "Zoo after edit" in page and "Zoo before" not in page
    assert "Zoo after edit" in text_of(client.get("/"))


def test_an_edit_of_the_same_size_is_seen_by_its_modification_time(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    assert "Zoo before" in text_of(client.get("/d/zoo"))
    (folder / "zoo.toml").write_text(ZOO.replace("before", "B4FORE"))
    os.utime(folder / "zoo.toml", (1009929600, 1009929600))  # 2002-01-02: the editor's save
    assert "Zoo B4FORE" in text_of(client.get("/d/zoo"))


def write_within_the_tick(path: Path, text: str, tick_ns: int) -> None:
    """`path` written in place (its inode kept), its times left in the tick `tick_ns`, as a second save
    within it leaves them."""
    with path.open("r+") as file:
        file.write(text)
        file.truncate()
    os.utime(path, ns=(tick_ns, tick_ns))


def test_a_file_rewritten_to_the_same_size_within_the_tick_it_was_read_in_at_start_is_read_again(tmp_path,
                                                                                                 monkeypatch):
    # Its stat's every field as it was: served as first read until the next edit.
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    client, folder = site(tmp_path, {"zoo.toml": ZOO}, written_ns=tick)
    write_within_the_tick(folder / "zoo.toml", ZOO.replace("before", "B4FORE"), tick)
    page = text_of(client.get("/d/zoo"))
    assert "Zoo B4FORE" in page and "Zoo before" not in page


def test_a_file_edited_then_rewritten_to_the_same_size_within_that_edit_s_tick_is_read_again(tmp_path, monkeypatch):
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    assert "Zoo before" in text_of(client.get("/d/zoo"))
    write_within_the_tick(folder / "zoo.toml", ZOO.replace("Zoo before", "Zoo edited"), tick)  # a new size
    assert "Zoo edited" in text_of(client.get("/d/zoo"))
    write_within_the_tick(folder / "zoo.toml", ZOO.replace("Zoo before", "Zoo EDITED"), tick)  # the same size
    page = text_of(client.get("/d/zoo"))
    assert "Zoo EDITED" in page and "Zoo edited" not in page


def test_a_file_read_within_a_tick_of_its_times_is_compared_no_more_once_they_are_older(tmp_path, monkeypatch):
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    client, folder = site(tmp_path, {"zoo.toml": ZOO, "farm.toml": FARM}, written_ns=tick)
    os.utime(folder / "farm.toml", ns=(0, 0))  # 1970: older than any tick, compared by its times alone
    hashed = []
    digest = same_tick.bytes_digest
    monkeypatch.setattr(same_tick, "bytes_digest", lambda raw: hashed.append(raw) or digest(raw))
    for _ in range(2):
        assert "Zoo before" in text_of(client.get("/d/zoo"))
    assert hashed == [ZOO.encode()] * 2  # its bytes compared at each check while within the tick
    monkeypatch.setattr(same_tick, "time_ns", lambda: tick + SAME_TICK_NS + 1)
    for _ in range(2):
        assert "Zoo before" in text_of(client.get("/d/zoo"))
    assert hashed == [ZOO.encode()] * 3  # once more, found the same past the tick: a write now would move its times


def test_an_edited_charts_image_is_drawn_as_edited_not_answered_from_before(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    for _ in range(2):  # the second answered ahead of Flask, from the render cache
        assert "Line chart of Bear by year</title>" in client.get("/d/zoo/c.svg").get_data(as_text=True)
    (folder / "zoo.toml").write_text(ZOO.replace('y = ["Bear"]', 'y = ["Wolf"]'))
    svg = client.get("/d/zoo/c.svg").get_data(as_text=True)
    assert "Line chart of Wolf by year</title>" in svg and "of Bear" not in svg


def test_an_edited_dashboards_report_is_drawn_as_edited(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    before = client.get("/d/zoo.pdf")
    assert before.status_code == 200
    (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo after edit"))
    after = client.get("/d/zoo.pdf")
    assert after.status_code == 200 and after.data != before.data


def test_a_dashboard_file_added_while_the_site_runs_is_served(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    assert client.get("/d/farm").status_code == 404
    (folder / "farm.toml").write_text(FARM)
    assert client.get("/d/farm").status_code == 200
    assert client.get("/d/farm/c.svg").status_code == 200
    assert "/d/farm" in client.get("/").get_data(as_text=True)


def test_a_dashboard_file_removed_while_the_site_runs_is_a_404(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO, "farm.toml": FARM})
    assert client.get("/d/zoo").status_code == 200
    (folder / "zoo.toml").unlink()
    answer = client.get("/d/zoo")
    assert answer.status_code == 404
    assert "no dashboard 'zoo'; the dashboards are farm" in text_of(answer)
    assert client.get("/d/zoo/c.svg").status_code == 404
    assert 'href="/d/zoo"' not in client.get("/").get_data(as_text=True)


def test_a_file_made_bad_is_a_503_naming_file_chart_and_field_for_its_dashboard_alone(tmp_path, caplog):
    client, folder = site(tmp_path, {"zoo.toml": ZOO, "farm.toml": FARM})
    assert client.get("/d/zoo").status_code == 200
    (folder / "zoo.toml").write_text(ZOO.replace('["Bear"]', '["Bare"]'))
    said = "zoo.toml: chart 'c': y: no column 'Bare'; the columns are year, Bear, Deer, Wolf"
    for url in ("/d/zoo", "/d/zoo/c", "/d/zoo/c.svg", "/d/zoo/versions.json", "/d/zoo.pdf"):
        answer = client.get(url)
        assert answer.status_code == 503, url
        assert said in text_of(answer), url
    assert client.get("/d/farm").status_code == 200
    assert client.get("/d/farm/c.svg").status_code == 200
    logged = [record.getMessage() for record in caplog.records if "is refused" in record.getMessage()]
    assert len(logged) == 1 and said in logged[0] and str(folder / "zoo.toml") in logged[0]


def test_a_file_no_longer_valid_toml_is_refused_naming_its_line(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    (folder / "zoo.toml").write_text(ZOO + "columns = \n")
    answer = client.get("/d/zoo")
    assert answer.status_code == 503
    assert re.search(r"zoo\.toml: not valid TOML: .*line 6", text_of(answer))


def test_a_file_mended_is_served_again_and_said_so(tmp_path, caplog):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    (folder / "zoo.toml").write_text(ZOO.replace('["Bear"]', '["Bare"]'))
    assert client.get("/d/zoo").status_code == 503
    caplog.set_level(logging.WARNING)
    (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo mended"))
    assert "Zoo mended" in text_of(client.get("/d/zoo"))
    assert any("is read again and served: it is mended" in record.getMessage() for record in caplog.records)


def test_a_file_edited_while_the_database_cannot_describe_its_datasets_is_served_as_it_was_then_read(tmp_path,
                                                                                                    monkeypatch, caplog):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    store = client.application.extensions["svgplots"].store
    described = store.infos

    def down(*args, **kwargs):
        raise StoreUnavailable("the dataset database cannot be reached")

    monkeypatch.setattr(store, "infos", down)
    (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo after edit"))
    files = client.application.extensions["svgplots.dashboard_files"]
    for _ in range(2):  # tried again at each request, said once
        assert files.check() is True and "Zoo before" in files.dashboards["zoo"].title
    assert len([record for record in caplog.records if "cannot be read again now" in record.getMessage()]) == 1
    monkeypatch.setattr(store, "infos", described)
    assert "Zoo after edit" in text_of(client.get("/d/zoo"))


def test_a_file_rewritten_within_its_tick_while_the_database_cannot_describe_its_datasets_is_read_once_it_can(
        tmp_path, monkeypatch):
    # Its stat's every field as it was, and its times older than a tick before the database answers again.
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    client, folder = site(tmp_path, {"zoo.toml": ZOO}, written_ns=tick)
    store = client.application.extensions["svgplots"].store
    described = store.infos

    def down(*args, **kwargs):
        raise StoreUnavailable("the dataset database cannot be reached")

    monkeypatch.setattr(store, "infos", down)
    write_within_the_tick(folder / "zoo.toml", ZOO.replace("before", "B4FORE"), tick)
    files = client.application.extensions["svgplots.dashboard_files"]
    assert files.check() is True and "Zoo before" in files.dashboards["zoo"].title
    monkeypatch.setattr(same_tick, "time_ns", lambda: tick + SAME_TICK_NS + 1)
    assert files.check() is True and "Zoo before" in files.dashboards["zoo"].title
    monkeypatch.setattr(store, "infos", described)
    page = text_of(client.get("/d/zoo"))
    assert "Zoo B4FORE" in page and "Zoo before" not in page


class Clock:
    """The monotonic clock the dashboard files' checks read, moved by the test (`moved`)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def moved(self, seconds: float) -> None:
        self.now += seconds


def counted_stats(monkeypatch) -> list[Path]:
    """The dashboard folders and files a check stats from now on (`path_stamp`), as a list the test reads."""
    statted: list[Path] = []
    stamp = dashboard_files.path_stamp

    def counting(path):
        statted.append(Path(path))
        return stamp(path)

    monkeypatch.setattr(dashboard_files, "path_stamp", counting)
    return statted


def test_by_default_an_edit_is_served_within_a_second_and_requests_in_between_stat_nothing(tmp_path, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(dashboard_files, "monotonic", clock)
    client, folder = site(tmp_path, {"zoo.toml": ZOO, "farm.toml": FARM}, DASHBOARD_CHECK_SECONDS=None)
    assert client.application.config["DASHBOARD_CHECK_SECONDS"] == 1
    for _ in range(2):  # the second answered ahead of Flask, from the render cache
        assert "of Bear by year</title>" in client.get("/d/zoo/c.svg").get_data(as_text=True)
    statted = counted_stats(monkeypatch)
    (folder / "zoo.toml").write_text(ZOO.replace('y = ["Bear"]', 'y = ["Wolf"]').replace("Zoo before", "Zoo after"))
    clock.moved(0.75)
    assert "of Bear by year</title>" in client.get("/d/zoo/c.svg").get_data(as_text=True)
    assert "Zoo before" in text_of(client.get("/d/zoo"))
    assert statted == []
    clock.moved(0.25)  # a second after the start's reading
    assert "of Wolf by year</title>" in client.get("/d/zoo/c.svg").get_data(as_text=True)
    assert {folder, folder / "zoo.toml", folder / "farm.toml"} <= set(statted)
    assert "Zoo after" in text_of(client.get("/d/zoo"))
    checked = len(statted)
    clock.moved(0.5)  # the next check a second after the last, not after the start
    assert "Zoo after" in text_of(client.get("/d/zoo"))
    assert len(statted) == checked


def test_a_check_every_5_seconds_sees_an_added_file_5_seconds_after_the_last_check(tmp_path, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(dashboard_files, "monotonic", clock)
    client, folder = site(tmp_path, {"zoo.toml": ZOO}, DASHBOARD_CHECK_SECONDS=5)
    clock.moved(5)
    assert client.get("/d/farm").status_code == 404  # checked: nothing changed
    (folder / "farm.toml").write_text(FARM)
    clock.moved(4.5)
    answer = client.get("/d/farm")
    assert answer.status_code == 404
    assert "a dashboard file added to the site's dashboard folder is served within 5 seconds, with no restart" in (
        text_of(answer))
    clock.moved(0.5)
    assert client.get("/d/farm").status_code == 200


def test_checked_at_every_request_the_404_says_a_file_added_is_served_at_once(tmp_path):
    client, _ = site(tmp_path, {"zoo.toml": ZOO})
    answer = client.get("/d/farm")
    assert answer.status_code == 404
    assert "(a dashboard file added to the site's dashboard folder is served at once, with no restart)" in (
        text_of(answer))


def lastmod(client, path: str) -> str:
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    found = re.search(rf"<loc>http://localhost{re.escape(path)}</loc><lastmod>([^<]*)</lastmod>", sitemap)
    assert found, sitemap
    return found.group(1)


def test_the_sitemaps_lastmod_of_an_edited_dashboard_is_the_edits(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    assert lastmod(client, "/d/zoo") == "2001-01-02T00:00:00Z"
    (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo after edit"))
    os.utime(folder / "zoo.toml", (1009929600, 1009929600))
    assert lastmod(client, "/d/zoo") == "2002-01-02T00:00:00Z"
    assert lastmod(client, "/d/zoo/c") == "2002-01-02T00:00:00Z"


def test_a_later_folders_file_removed_gives_the_earlier_folders_file_of_its_name(tmp_path):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    later = tmp_path / "later"
    later.mkdir()
    (later / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo of the later folder"))
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                         "DASHBOARD_DIRS": [str(folder), str(later)], "RENDER_WORKERS": 0,
                         "DASHBOARD_CHECK_SECONDS": 0}).test_client()
    assert "Zoo of the later folder" in text_of(client.get("/d/zoo"))
    (later / "zoo.toml").unlink()
    assert "Zoo before" in text_of(client.get("/d/zoo"))


@pytest.mark.parametrize("name", [".#zoo.toml", "notes.TOML"])
def test_files_that_are_no_dashboard_stay_none_when_added(tmp_path, name):
    client, folder = site(tmp_path, {"zoo.toml": ZOO})
    (folder / name).write_text("not = [toml")
    assert client.get("/d/zoo").status_code == 200
    assert client.get("/").status_code == 200


def test_each_gunicorn_worker_serves_an_edited_file_as_edited(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "zoo.toml").write_text(ZOO)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with_samples_loaded(data_dir)
    port = free_port()
    command, env = readme_gunicorn_process(data_dir, port)
    env.update(SVGPLOTS_DASHBOARD_DIRS=str(folder), SVGPLOTS_RENDER_WORKERS="1",
               SVGPLOTS_DASHBOARD_CHECK_SECONDS="0")
    access_log = tmp_path / "access.log"
    with access_log.open("w") as out:  # each line names the worker that answered
        process = subprocess.Popen([*command, "--access-logformat", '%(p)s "%(r)s"'], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"

    def logged_after(before: int) -> str:
        """The access log's line after its first `before`, once written (the worker writes it after its answer)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lines = access_log.read_text().splitlines()
            if len(lines) > before:
                return lines[before]
            time.sleep(0.01)
        raise AssertionError(f"no access log line after {before}")

    def titles_by_worker(title: str) -> dict[str, str]:
        """Each worker's answer to /d/zoo, asked until both have answered (at most 200 times)."""
        seen: dict[str, str] = {}
        for _ in range(200):
            before = len(access_log.read_text().splitlines())
            page = requests.get(base + "/d/zoo", timeout=30).text
            seen[logged_after(before).split()[0]] = title if title in page else page
            if len(seen) == 2:
                break
        return seen

    try:
        wait_until_up(process, base + "/healthz")
        first = titles_by_worker("Zoo before")
        assert list(first.values()) == ["Zoo before"] * 2
        (folder / "zoo.toml").write_text(ZOO.replace("Zoo before", "Zoo after edit"))
        assert titles_by_worker("Zoo after edit") == dict.fromkeys(first, "Zoo after edit")
    finally:
        stop(process)
