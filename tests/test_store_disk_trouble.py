"""An operator's disk trouble said in words: a store that starts read-only logs so, a data folder that
vanishes or cannot be listed is told of by its own datasets alone, and a form's file held while it is
read finds room in memory where the temporary folder has none."""
from __future__ import annotations

import errno
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import create_app, create_app_or_exit
from app.store.store_refusals import READONLY_MESSAGE, WRITE_IO_MESSAGE
from app.views import held_files
from tests.conftest import CSV_WRITE, WRITE_TOKEN, app_on_samples, csrf_at, writable_app
from tests.test_store_full import disk_full

PETS = "year,cats,dogs\n2020,1,2\n2021,3,4\n"


def test_a_store_that_starts_read_only_logs_one_line_saying_so_and_serves_its_reads(tmp_path, closing, caplog):
    # It started without a word: the first a log said of it was at the first write refused, if any.
    data = tmp_path / "data"
    closing(create_app({"TESTING": True, "DATA_DIR": str(data)}))  # made, with its samples
    url = f"sqlite:///file:{data / 'svgplots.sqlite'}?mode=ro&uri=true"
    with caplog.at_level(logging.WARNING):
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(data), "DATABASE_URL": url,
                                  "WRITE_TOKENS": WRITE_TOKEN}))
    said = [record.getMessage() for record in caplog.records]
    assert [line for line in said if "refuses writes" in line] == [
        "the dataset database refuses writes: it is read-only; let the site write its SQLite file and folder, or "
        "make the PostgreSQL database writable; writes answer 503 until then, and reads go on"]
    client = app.test_client()
    assert client.get("/plot/animals.svg").status_code == 200
    caplog.clear()
    refused = client.post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE)
    assert refused.status_code == 503 and refused.get_json()["error"] == READONLY_MESSAGE
    assert "refuses writes" not in caplog.text  # said once, at the start


def folder_site(tmp_path: Path, closing):
    """A site whose data folder holds `pets.csv`, its store kept in another folder, and the folder."""
    data, kept = tmp_path / "data", tmp_path / "kept"
    data.mkdir()
    kept.mkdir()
    (data / "pets.csv").write_text(PETS, encoding="utf-8")
    app = closing(app_on_samples({"TESTING": True, "DATA_DIR": str(data),
                                  "DATABASE_URL": f"sqlite:///{kept / 'svgplots.sqlite'}"}))
    client = app.test_client()
    assert client.get("/plot/pets.svg").status_code == 200  # listed, and read
    return client, data


def test_a_data_folder_gone_under_the_running_site_is_said_by_its_datasets_and_the_others_go_on(
        tmp_path, closing, caplog):
    # Its datasets were a 404 "no dataset 'pets'", as if the name were mistyped, and nothing was logged.
    client, data = folder_site(tmp_path, closing)
    with caplog.at_level(logging.WARNING):
        shutil.move(data, tmp_path / "elsewhere")
        page, chart = client.get("/datasets/pets"), client.get("/api/datasets/pets")
    for answer in (page, chart):
        assert answer.status_code == 503, answer.get_data(as_text=True)[:300]
        assert "Retry-After" not in answer.headers  # moved back by someone, not by waiting
    assert chart.get_json()["error"] == (
        "dataset 'pets' cannot be read now: the data folder holding its file is not there (moved, removed, or its "
        "disk unmounted); nothing was changed, and it is read again once the folder can be: whoever runs the site "
        "must see to it")
    assert "the data folder holding its file is not there" in page.get_data(as_text=True)
    assert client.get("/plot/pets.svg").status_code == 503
    assert [record.getMessage() for record in caplog.records if "data folder" in record.getMessage()] == [
        f"the data folder {data} is not there (moved, removed, or its disk unmounted): the datasets it held "
        "('pets') answer 503 saying so until it can be listed again"]
    # The stored datasets and the pages that list them go on.
    assert client.get("/plot/animals.svg").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/datasets/nothing").status_code == 404  # a name no folder held is still unknown
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        shutil.move(tmp_path / "elsewhere", data)
        assert client.get("/plot/pets.svg").status_code == 200
    assert f"the data folder {data} is listed again" in caplog.text


def test_a_data_folder_the_site_may_not_list_is_said_by_its_datasets_not_a_500_everywhere(
        tmp_path, closing, monkeypatch):
    # Every page, a stored dataset's chart too, was a 500 logged with "PermissionError: [Errno 13]".
    client, data = folder_site(tmp_path, closing)
    listed = Path.iterdir

    def refused(folder: Path):
        if folder == data:
            raise PermissionError(13, "Permission denied", str(folder))
        return listed(folder)

    monkeypatch.setattr(Path, "iterdir", refused)
    os.chmod(data, 0o700)  # its permissions changed: it is listed again
    refusal = client.get("/api/datasets/pets")
    assert refusal.status_code == 503
    assert "the data folder holding its file cannot be read (Permission denied)" in refusal.get_json()["error"]
    for url in ("/plot/animals.svg", "/", "/api/datasets", "/datasets/animals"):
        assert client.get(url).status_code == 200, url


# A CSV past the 500 KB that werkzeug holds of a form's file in memory before it takes a temporary file.
SPILLED = "when,count\n" + "".join(f"{10_000_000 + i},{i}\n" for i in range(40_000))


def multipart(fields: dict[str, str], csv: str) -> tuple[bytes, str]:
    """A multipart form of `fields` and the file part `file` holding `csv`, and its Content-Type: made
    here, as the test client would hold a body this big in a temporary file of its own to send it."""
    boundary = "held-file-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="counts.csv"\r\n'
                 f"Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n")
    return "".join(parts).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


class FillingDisk(io.BytesIO):
    """A temporary file on a disk with `ROOM` bytes left: it takes them, a part of a write at a time, as
    a file does, then refuses the rest with ENOSPC."""

    ROOM = 100_000

    def __init__(self, *args, **kwargs):
        super().__init__()

    def write(self, data) -> int:
        room = self.ROOM - self.tell()
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(bytes(data)[:room])


def refusing(code: int, words: str):
    def temporary_file(*args, **kwargs):
        raise OSError(code, words)
    return temporary_file


@pytest.mark.parametrize("temporary_file", [
    refusing(errno.ENOSPC, "No space left on device"),  # full as the file is made
    refusing(errno.EROFS, "Read-only file system"),  # remounted read-only
    FillingDisk,  # filling up as the file is written
], ids=["full", "read-only", "fills-up"])
def test_a_form_file_is_held_in_memory_where_the_temporary_folder_refuses_it(
        temporary_file, data_dir, closing, monkeypatch, caplog):
    # It was a 500 ("OSError: [Errno 28] No space left on device" from werkzeug's SpooledTemporaryFile)
    # though the dataset store had room: an upload form's CSV over 500 KB could not be sent at all.
    app = closing(writable_app(data_dir))
    client = app.test_client()
    token = csrf_at(client, "/upload")
    monkeypatch.setattr(held_files, "NOTES", held_files.TemporaryFolderNotes())  # this process's log said nothing yet
    monkeypatch.setattr(tempfile, "TemporaryFile", temporary_file)
    with caplog.at_level(logging.WARNING):
        body, content_type = multipart({"csrf_token": token, "token": WRITE_TOKEN, "name": "counts", "title": ""},
                                       SPILLED)
        uploaded = client.post("/upload", data=body, content_type=content_type)
        body, content_type = multipart({"name": "more"}, SPILLED)
        created = client.post("/api/datasets", data=body, content_type=content_type,
                              headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert uploaded.status_code == 303, uploaded.get_data(as_text=True)[:300]
    assert created.status_code == 201, created.get_data(as_text=True)[:300]
    for name in ("counts", "more"):  # every row, none lost where the file went back to memory
        assert client.get(f"/datasets/{name}.csv").get_data(as_text=True) == SPILLED
    warned = [record.getMessage() for record in caplog.records if "temporary folder" in record.getMessage()]
    assert len(warned) == 1, warned  # once while the folder refuses, not at each upload
    assert warned[0].startswith("a form's file could not be held in the temporary folder ")
    assert "it is held in memory instead, and uploads go on; make room there" in warned[0]


def test_the_forms_refused_by_a_full_disk_carry_retry_after_as_the_api_does(data_dir, store_url, closing, monkeypatch):
    # The API's 503 said Retry-After: 60; the same refusal of the upload and append forms said none, so
    # a script posting them could not tell when to try again.
    app = closing(writable_app(data_dir, DATABASE_URL=store_url))
    client = app.test_client()
    backend = type(app.extensions["svgplots"].store.database.backend)
    listed = client.get("/api/datasets").get_json()

    def full(self, conn, table, rows):
        raise disk_full(backend)

    monkeypatch.setattr(backend, "insert_rows", full)
    uploaded = client.post("/upload", data={
        "csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "fresh", "title": "",
        "file": (io.BytesIO(b"a,b\n1,2\n"), "fresh.csv")})
    added = client.post("/datasets/animals/append", data={
        "csrf_token": csrf_at(client, "/datasets/animals/append"), "token": WRITE_TOKEN,
        "rows": "year,Bear,Deer,Wolf\n2031,1,2,3\n"})
    for page in (uploaded, added):
        assert page.status_code == 503 and page.headers.get("Retry-After") == "60"
        assert "disk is full: nothing was stored" in page.get_data(as_text=True)
    monkeypatch.undo()  # room made: the next write is stored
    assert client.post("/api/datasets/animals/rows", data="year,Bear,Deer,Wolf\n2031,1,2,3\n",
                       headers=CSV_WRITE).status_code == 200
    assert client.get("/api/datasets").get_json()["datasets"] != listed["datasets"]


# Run in a process of its own, whose file-size limit (`ulimit -f`) is set once a dataset is stored: a
# write past it fails as one past a disk quota does, with EFBIG (EDQUOT), which SQLite calls a disk I/O
# error, not "database or disk is full".
FILE_SIZE_LIMITED = """
import json, os, resource, signal, sys
from app import create_app, create_app_or_exit
data, samples, token = sys.argv[1:4]  # samples: an empty folder, of no datasets or dashboards
app = create_app({"TESTING": True, "DATA_DIR": data, "SAMPLE_DATA_DIR": samples, "DASHBOARD_DIRS": [samples],
                  "WRITE_TOKENS": token})
client = app.test_client()
csv = {"Authorization": "Bearer " + token, "Content-Type": "text/csv"}
rows = "a,b\\n" + "".join(f"{i},{i}\\n" for i in range(20000))
seen = {"created": client.post("/api/datasets?name=kept", data="a,b\\n1,2\\n", headers=csv).status_code}
before, files = client.get("/datasets/kept.csv").get_data(), sorted(os.listdir(data))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write is refused (EFBIG), the process not killed
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
refused = client.post("/api/datasets/kept/rows", data=rows, headers=csv)
seen.update(status=refused.status_code, retry_after=refused.headers.get("Retry-After"),
            error=refused.get_json()["error"], read=client.get("/datasets/kept.csv").get_data() == before,
            files=sorted(os.listdir(data)) == files)
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
seen["after"] = client.post("/api/datasets/kept/rows", data=rows, headers=csv).status_code
app.extensions["svgplots"].store.close()
print(json.dumps(seen))
"""


def test_a_write_past_a_quota_or_file_size_limit_is_a_503_saying_so_not_a_database_out_of_reach(tmp_path, closing):
    # It was "the dataset database cannot be reached right now; try again in a moment", Retry-After: 5, and
    # the log said "the dataset database is out of reach (disk I/O error)": an outage, where the database
    # answered and only the disk refused the write.
    (tmp_path / "samples").mkdir()
    done = subprocess.run([sys.executable, "-c", FILE_SIZE_LIMITED, str(tmp_path / "data"), str(tmp_path / "samples"),
                           WRITE_TOKEN], capture_output=True, text=True, cwd=Path(__file__).parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"created": 201, "status": 503, "retry_after": "60", "error": WRITE_IO_MESSAGE, "read": True,
                    "files": True, "after": 200}
    assert ("the dataset database refuses writes: its disk refused a write (disk I/O error); make room on it, raise "
            "the site's disk quota or file-size limit, or check the disk (and whether it was remounted read-only)"
            ) in done.stderr
    assert "out of reach" not in done.stderr and "unhandled error" not in done.stderr
    documented = closing(app_on_samples({"TESTING": True, "DATA_DIR": str(tmp_path / "data")})).test_client().get(
        "/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]["503"]["description"]
    assert "a disk quota or file-size limit reached" in documented


def test_a_start_on_a_data_folder_the_site_may_not_list_stops_in_one_line_saying_so(data_dir, monkeypatch):
    # The start ended in a traceback, "PermissionError: [Errno 13] Permission denied".
    listed = Path.iterdir

    def refused(folder: Path):
        if folder == data_dir:
            raise PermissionError(13, "Permission denied", str(folder))
        return listed(folder)

    monkeypatch.setattr(Path, "iterdir", refused)
    with pytest.raises(SystemExit) as stopped:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert str(stopped.value) == (f"error: the data folder {data_dir} cannot be read (Permission denied), where the "
                                  "site reads its CSV files; let the site's user read it (or name another with "
                                  "--data-dir)")
