"""A dashboard's PDF report says when the data it draws is of, to the minute in UTC: a stored dataset's last
write, a data-folder file's modification time, a source dataset's the period of its cache_seconds its rows
were read in; never the time the report was drawn."""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from contextlib import closing as closed
from pathlib import Path

from app import create_app
from app.report_dates import DataMoment, data_line
from tests.test_pdf import pdf_text, saved

UTC = dt.timezone.utc
MARCH_FIRST = dt.datetime(2025, 3, 1, 9, 12, 30, tzinfo=UTC)


def said(moment: dt.datetime) -> str:
    """A moment as a report says it: its day, its month in words, its year, then its minute in UTC."""
    return f"{moment.day} {moment:%B} {moment.year}, {moment:%H:%M} UTC"


def written(client, name: str) -> dt.datetime:
    """When the API says stored dataset `name` was last written."""
    updated = client.get(f"/api/datasets/{name}").get_json()["dataset"]["updated"]
    return dt.datetime.fromisoformat(updated.replace("Z", "+00:00"))


def dated_file(folder: Path, name: str, when: dt.datetime, text: str = "year,units\n2001,3\n2002,5\n") -> Path:
    """A CSV file `name` in `folder` last modified at `when`."""
    path = folder / name
    path.write_text(text)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def site_of(tmp_path: Path, data_dir: Path, board: str, **settings):
    """A test client of an app on the samples and `data_dir` whose one dashboard, park, draws `board`'s
    charts (each `id = dataset`), drawing in this process."""
    folder = tmp_path / "boards"
    folder.mkdir(parents=True, exist_ok=True)
    charts = "".join(f'[[charts]]\nid = "{name}"\ndataset = "{name}"\n' for name in board.split())
    (folder / "park.toml").write_text(f'title = "Park report"\n{charts}')
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)],
                       "RENDER_WORKERS": 0, **settings}).test_client()


def report_text(client, tmp_path: Path) -> str:
    """The words of the park dashboard's report as pdftotext reads them."""
    response = client.get("/d/park.pdf")
    assert response.status_code == 200
    return pdf_text(saved(response.data, tmp_path))


def test_a_report_says_when_its_stored_dataset_was_last_written_not_its_version(tmp_path, data_dir):
    client = site_of(tmp_path, data_dir, "animals")
    text = report_text(client, tmp_path)
    assert f"Data as of {said(written(client, 'animals'))}: animals" in text
    assert "version" not in text


def test_a_report_says_when_a_data_folder_file_was_last_modified_each_dataset_its_own_day(tmp_path, data_dir):
    dated_file(data_dir, "sales.csv", MARCH_FIRST)
    client = site_of(tmp_path, data_dir, "sales animals")
    text = report_text(client, tmp_path)
    assert (f"Data as of: sales 1 March 2025, 09:12 UTC; animals {said(written(client, 'animals'))}"
            in text), text


def test_datasets_of_one_day_name_the_day_once_and_of_one_minute_the_moment_once(tmp_path, data_dir):
    dated_file(data_dir, "early.csv", MARCH_FIRST)
    dated_file(data_dir, "late.csv", MARCH_FIRST.replace(hour=17, minute=45))
    text = report_text(site_of(tmp_path, data_dir, "early late"), tmp_path)
    assert "Data as of 1 March 2025: early 09:12 UTC; late 17:45 UTC" in text, text
    dated_file(data_dir, "late.csv", MARCH_FIRST.replace(second=59))
    text = report_text(site_of(tmp_path / "again", data_dir, "early late"), tmp_path)
    assert "Data as of 1 March 2025, 09:12 UTC: early, late" in text, text


def test_a_file_copied_in_again_with_the_same_bytes_is_dated_anew_and_its_report_drawn_again(tmp_path, data_dir):
    # Its version is a hash of its bytes: the render cache's key holds its modification time too.
    path = dated_file(data_dir, "sales.csv", MARCH_FIRST)
    client = site_of(tmp_path, data_dir, "sales")
    assert "Data as of 1 March 2025, 09:12 UTC: sales" in report_text(client, tmp_path)
    later = dt.datetime(2025, 4, 2, 8, 30, tzinfo=UTC).timestamp()
    os.utime(path, (later, later))
    assert "Data as of 2 April 2025, 08:30 UTC: sales" in report_text(client, tmp_path)


def drawn_at(client, at: dt.datetime, monkeypatch) -> bytes:
    """The park dashboard's report as its site draws it with the clocks a report reads moved to `at`, each going on
    from there: the app's (its CLOCK setting, which a time range counts back from), its sources' and `time.time`,
    which date a source's rows where there are sources and where there are none. `datetime.now()`, `time.gmtime()`
    and `time.strftime()` are not moved: no report reads them."""
    site = client.application
    site.config["CLOCK"] = lambda: at.replace(tzinfo=None)
    if site.extensions["svgplots"].store.sources is not None:
        site.extensions["svgplots"].store.sources.clock = lambda: at.timestamp()
    system = time.time
    with monkeypatch.context() as moved:
        offset = at.timestamp() - system()
        moved.setattr(time, "time", lambda: system() + offset)
        response = client.get("/d/park.pdf")
    assert response.status_code == 200
    return response.data


def test_the_same_data_draws_the_same_report_bytes_whenever_it_is_drawn(tmp_path, data_dir, monkeypatch):
    dated_file(data_dir, "sales.csv", MARCH_FIRST)
    first = drawn_at(site_of(tmp_path, data_dir, "sales"), dt.datetime(2025, 3, 3, 10, 0, 30, tzinfo=UTC), monkeypatch)
    # Another site, not a cache hit, a day and some minutes later by each clock a report reads: a report that said
    # when it was drawn would differ.
    again = drawn_at(site_of(tmp_path / "again", data_dir, "sales"), dt.datetime(2025, 3, 4, 16, 47, 10, tzinfo=UTC),
                     monkeypatch)
    assert first == again
    assert "Data as of 1 March 2025, 09:12 UTC: sales" in pdf_text(saved(again, tmp_path))


def orders_sources(tmp_path: Path, version_sql: str | None = None) -> Path:
    """A sources file of dataset orders, a table of an SQLite database, with `version_sql` when given."""
    db = tmp_path / "shop.db"
    with closed(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE orders (day DATETIME, total REAL)")
        conn.execute("INSERT INTO orders VALUES ('2024-01-01', 3), ('2024-01-02', 5)")
    sources = tmp_path / "sources.toml"
    versioned = "" if version_sql is None else f'version_sql = "{version_sql}"\n'
    sources.write_text(f'[sources.shop]\nurl = "sqlite:///{db}"\ncache_seconds = 300\n'
                       f'[datasets.orders]\nsource = "shop"\ntable = "orders"\n{versioned}')
    return sources


def report_at(client, tmp_path: Path, at: dt.datetime) -> bytes:
    """The park dashboard's report as its site draws it with its sources' clock at `at`."""
    client.application.extensions["svgplots"].store.sources.clock = lambda: at.timestamp()
    response = client.get("/d/park.pdf")
    assert response.status_code == 200
    return response.data


def test_a_source_dataset_is_said_read_at_the_start_of_its_cache_seconds_period(tmp_path, data_dir):
    client = site_of(tmp_path, data_dir, "orders", SOURCES=str(orders_sources(tmp_path)))
    store = client.application.extensions["svgplots"].store
    try:
        # Read at 14:08:42, in the period of 300 seconds from 14:05.
        text = pdf_text(saved(report_at(client, tmp_path, dt.datetime(2025, 3, 1, 14, 8, 42, tzinfo=UTC)), tmp_path))
        assert "Data as of 1 March 2025, 14:05 UTC: orders (read from its database then)" in text, text
        # The next period is another version: its report is drawn anew, saying its own moment.
        text = pdf_text(saved(report_at(client, tmp_path, dt.datetime(2025, 3, 1, 14, 10, 1, tzinfo=UTC)), tmp_path))
        assert "Data as of 1 March 2025, 14:10 UTC: orders (read from its database then)" in text, text
    finally:
        store.close()


def test_a_source_versioned_by_its_version_sql_draws_the_same_report_bytes_in_every_clock_period(tmp_path, data_dir):
    sources = orders_sources(tmp_path, "SELECT count(*) FROM orders")
    first = site_of(tmp_path, data_dir, "orders", SOURCES=str(sources))
    again = site_of(tmp_path / "again", data_dir, "orders", SOURCES=str(sources))  # another process, in effect
    try:
        early = report_at(first, tmp_path, dt.datetime(2025, 3, 1, 14, 8, 42, tzinfo=UTC))
        late = report_at(again, tmp_path, dt.datetime(2025, 3, 2, 9, 31, 5, tzinfo=UTC))
        assert early == late
        text = pdf_text(saved(late, tmp_path))
        assert "Data as of: orders (its database tells no time)" in text, text
    finally:
        for client in (first, again):
            client.application.extensions["svgplots"].store.close()


def test_the_data_line_says_a_source_not_read_and_a_time_not_known():
    at = MARCH_FIRST.replace(second=0)
    line = data_line({"monthly": DataMoment(at), "orders": DataMoment(None, read=True),
                      "old": DataMoment(None), "shop": DataMoment(None, read=True, timed=False)})
    assert line == ("Data as of: monthly 1 March 2025, 09:12 UTC; orders could not be read; "
                    "old (when it last changed is not known); shop (its database tells no time)")
    assert data_line({"monthly": DataMoment(at), "orders": DataMoment(at.replace(minute=14), read=True)}) == (
        "Data as of 1 March 2025: monthly 09:12 UTC; orders read 09:14 UTC")
    assert data_line({}) == ""


def test_the_dashboard_page_says_its_report_tells_how_current_its_data_is(tmp_path, data_dir):
    page = site_of(tmp_path, data_dir, "animals").get("/d/park").get_data(as_text=True)
    [line] = re.findall(r'<p class="muted">Download: (.*?)</p>', page, re.S)
    assert "with how current their data is" in line and "version" not in line


def test_the_api_description_says_the_report_tells_how_current_its_data_is(client):
    report = client.get("/api/openapi.json").get_json()["paths"]["/d/{dashboard}.pdf"]["get"]
    said = " ".join(str(report.get(field, "")) for field in ("summary", "description"))
    assert "how current its data is" in said and "version" not in said
