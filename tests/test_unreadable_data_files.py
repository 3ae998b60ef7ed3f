"""A data-folder file that cannot be read, drawn by a dashboard, stops start-up with one line naming
the dashboard's file and chart, the dataset, the data file and why; in a request it is a 422."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from app import DashboardError, create_app
from tests.conftest import ROOT, WRITE_TOKEN

BOARD = 'title = "Shop"\n[[charts]]\nid = "sales"\ndataset = "bad"\ny = ["b"]\n'


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder holding bad.csv, whose values are separated by semicolons, and a folder of one
    dashboard, shop.toml, drawing it."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "bad.csv").write_text("a;b\n1;2\n")
    (boards / "shop.toml").write_text(BOARD)
    return data, boards


def test_an_unreadable_file_a_dashboard_draws_stops_start_up_naming_dashboard_chart_and_file(folders):
    data, boards = folders
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
    assert str(caught.value) == (
        "shop.toml: chart 'sales': dataset: dataset 'bad' cannot be read as CSV: the header is one column, 'a;b': "
        "the file separates values with semicolons; save it as CSV with commas between values, or use the workbook "
        f"(.xlsx) itself, which the site reads as it is (the file {data / 'bad.csv'})")


def test_run_py_prints_one_line_for_an_unreadable_file_a_dashboard_draws(folders):
    data, boards = folders
    script = ("import sys, app.config as c; c.Config.DASHBOARD_DIRS = [sys.argv[1]];"
              "import run; sys.exit(run.main(['--port', '0', '--data-dir', sys.argv[2]]))")
    result = subprocess.run([sys.executable, "-c", script, str(boards), str(data)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: dashboard shop.toml: chart 'sales': dataset: dataset 'bad' cannot be read as CSV")
    assert line.endswith(f"(the file {data / 'bad.csv'})")


def test_only_files_and_links_to_files_named_like_csv_files_are_datasets(tmp_path: Path, caplog):
    # A folder named like one was listed and a 422 "(Is a directory)"; a link to nothing was listed as
    # "dataset 'dangle' was removed" while its page was a 404.
    data = tmp_path / "data"
    (data / "odd.csv").mkdir(parents=True)
    (data / "dangle.csv").symlink_to(tmp_path / "moved-away.csv")
    (tmp_path / "kept.csv").write_text("a,b\n1,2\n")
    (data / "linked.csv").symlink_to(tmp_path / "kept.csv")
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "odd" not in listed and "dangle" not in listed
    assert "error" not in listed["linked"] and client.get("/api/datasets/linked").status_code == 200
    for name in ("odd", "dangle"):
        assert client.get(f"/datasets/{name}").status_code == 404
        assert client.get(f"/api/datasets/{name}").status_code == 404
    said = [r.getMessage() for r in caplog.records if "in the data folder is not read" in r.getMessage()]
    assert (f"{data / 'dangle.csv'} in the data folder is not read: it is a link to nothing, and only files are "
            "datasets") in said
    assert f"{data / 'odd.csv'} in the data folder is not read: it is a folder, and only files are datasets" in said


def folder_of(tmp_path: Path, *names: str):
    """A data folder of small CSV files named `names`, and a client of the site reading it."""
    data = tmp_path / "data"
    data.mkdir()
    for name in names:
        (data / name).write_text("a,b\n1,2\n")
    return data, create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                             "RENDER_WORKERS": 0}).test_client()


def test_a_file_whose_name_is_no_dataset_name_is_named_in_a_line_not_left_out_silently(tmp_path: Path, caplog):
    # `Sales.csv` or `my data.csv` was left out of the site without a word, its page a plain 404.
    data, client = folder_of(tmp_path, "Sales.csv", "my data.csv", ".~hidden.csv", "fine.csv")
    listed = {d["name"] for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "fine" in listed and not listed & {"Sales", "my data"}
    said = [r.getMessage() for r in caplog.records if "in the data folder is not read" in r.getMessage()]
    assert (f"{data / 'Sales.csv'} in the data folder is not read: 'Sales' is no dataset name (1 to 63 characters: "
            "a lowercase letter, then lowercase letters, digits, - or _); rename the file to be read") in said
    assert any(line.startswith(f"{data / 'my data.csv'} in the data folder is not read") for line in said)
    assert not any(".~hidden" in line for line in said)


def test_each_file_that_is_no_dataset_is_named_once_on_one_line_whatever_its_name(tmp_path: Path, caplog):
    # `UP.CSV` was left out without a word; a name holding a line break broke its line in two; and
    # each line came again at the first request, the store's own files having changed the folder.
    data, client = folder_of(tmp_path, "UP.CSV", "sales.CSV", "nl\nx.csv", "fine.csv")
    client.get("/api/datasets")
    (data / "other.txt").write_text("the folder changes")
    client.get("/api/datasets")
    said = [r.getMessage() for r in caplog.records if "in the data folder is not read" in r.getMessage()]
    assert sorted(said) == sorted([
        f"{data / 'UP.CSV'} in the data folder is not read: 'UP' is no dataset name (1 to 63 characters: a lowercase "
        "letter, then lowercase letters, digits, - or _); rename the file to be read",
        f"{data / 'sales.CSV'} in the data folder is not read: only files ending .csv or .xlsx are datasets; rename it "
        "sales.csv to be read",
        f"'{data}/nl\\nx.csv' in the data folder is not read: 'nl\\nx' is no dataset name (1 to 63 characters: a "
        "lowercase letter, then lowercase letters, digits, - or _); rename the file to be read"])
    assert {d["name"] for d in client.get("/api/datasets").get_json()["datasets"]} >= {"fine"}


def test_a_link_whose_file_appears_or_goes_later_is_listed_or_left_out_then(tmp_path: Path):
    # A link's target coming or going leaves its folder's modification time as it was: the link
    # stayed out of the list (or in it) until some other file in the folder changed.
    data = tmp_path / "data"
    data.mkdir()
    (data / "later.csv").symlink_to(tmp_path / "later-target.csv")
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()

    def listed() -> set[str]:
        return {d["name"] for d in client.get("/api/datasets").get_json()["datasets"]}

    assert "later" not in listed()
    (tmp_path / "later-target.csv").write_text("a,b\n1,2\n")
    assert "later" in listed()
    assert client.get("/api/datasets/later").status_code == 200
    (tmp_path / "later-target.csv").unlink()
    assert "later" not in listed()
    assert client.get("/api/datasets/later").status_code == 404


def test_a_file_with_a_row_too_wide_is_a_422_naming_its_row_and_line(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "wide.csv").write_text("a,b\n1,2\n1,2,3\n")
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()
    response = client.get("/api/datasets/wide")
    assert response.status_code == 422
    assert response.get_json()["error"] == ("dataset 'wide' cannot be read as CSV: row 2 (line 3) has 3 values; the "
                                            "header has 2 columns: a, b")


def upload_refusal(client, raw: bytes) -> str:
    """What the API says of `raw` uploaded as a new dataset's CSV file."""
    response = client.post("/api/datasets", data={"name": "again", "file": (io.BytesIO(raw), "again.csv")},
                           headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert response.status_code == 400
    return response.get_json()["error"]


# What a CSV that is not UTF-8 is told to do, in the data folder: as Excel saves one so, or its workbook in its place.
EXCEL_ADVICE = ('save the file as UTF-8 (in Excel, Save As with the type "CSV UTF-8 (Comma delimited)"), or put the '
                "Excel workbook (.xlsx) itself in the data folder in the CSV's place")
# The same told of an upload, whose workbook is sent in its place.
UPLOAD_INSTEAD = "upload the Excel workbook (.xlsx) itself"


@pytest.mark.parametrize(("raw", "words"), [
    (b"", "it is empty; its first line must name the columns"),
    (b"\xef\xbb\xbf", "it is empty; its first line must name the columns"),
    (b"\n \n\t\r\n", "its first line must name the columns, separated by commas"),
    (b"a,b\n1,caf\xe9\n",
     "it is not valid UTF-8: the byte 0xe9 on line 2 (at offset 9) cannot be read; " + EXCEL_ADVICE),
    (b"a,b\n" + b"1,x\n" * 20_000 + b"2,\xff\n",
     "it is not valid UTF-8: the byte 0xff on line 20002 (at offset 80006) cannot be read; " + EXCEL_ADVICE),
    (b"a;b\n1;caf\xe9\n",
     "it is not valid UTF-8: the byte 0xe9 on line 2 (at offset 9) cannot be read; " + EXCEL_ADVICE),
    # As Excel's "CSV" saves it on Windows: Windows-1252, whose euro sign is the byte 0x80, and CRLF.
    (b"day,price\r\n2024-01-31,1\r\n2024-02-29,\x80 2\r\n",
     "it is not valid UTF-8: the byte 0x80 on line 3 (at offset 36) cannot be read; " + EXCEL_ADVICE),
    # Lines ended by a carriage return alone, as old Mac software saves them and the reader takes them.
    (b"a,b\r1,2\r3,caf\xe9\r",
     "it is not valid UTF-8: the byte 0xe9 on line 3 (at offset 13) cannot be read; " + EXCEL_ADVICE),
], ids=["empty", "a byte-order mark alone", "blank lines", "not UTF-8", "not UTF-8 past pandas' first chunk",
        "not UTF-8 with semicolons", "Windows-1252 with CRLF", "not UTF-8 with CR line ends"])
def test_a_file_pandas_cannot_read_is_a_422_in_the_words_of_an_upload(tmp_path: Path, raw, words):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bad.csv").write_bytes(raw)
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0,
                         "WRITE_TOKENS": WRITE_TOKEN}).test_client()
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["bad"]["error"] == f"dataset 'bad' cannot be read as CSV: {words}"
    for url in ("/api/datasets/bad", "/datasets/bad.json"):
        response = client.get(url)
        assert response.status_code == 422 and response.get_json()["error"] == listed["bad"]["error"]
    # An upload of the same bytes is refused in the same words, "the CSV" for "it".
    as_upload = "the CSV's " + words[4:] if words.startswith("its ") else "the CSV " + words[3:]
    assert upload_refusal(client, raw) == as_upload.replace(
        "put the Excel workbook (.xlsx) itself in the data folder in the CSV's place", UPLOAD_INSTEAD)


NO_ROWS = "it has a header but no rows; at least one row is needed to tell the column types"


@pytest.mark.parametrize("raw", [b"a,b\n", b"\xef\xbb\xbfa,b", b"a,b\r\n\r\n \t\n"],
                         ids=["a header", "a header without a line end", "a header and blank lines"])
def test_a_file_of_a_header_alone_is_a_422_in_the_words_of_an_upload(tmp_path: Path, raw):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bad.csv").write_bytes(raw)
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0,
                         "WRITE_TOKENS": WRITE_TOKEN}).test_client()
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["bad"] == {"name": "bad", "error": f"dataset 'bad' cannot be read as CSV: {NO_ROWS}"}
    page = client.get("/datasets/bad")
    assert page.status_code == 422 and NO_ROWS in page.get_data(as_text=True)
    assert upload_refusal(client, raw) == "the CSV " + NO_ROWS[3:]


def test_a_file_of_a_header_alone_a_dashboard_draws_stops_start_up_naming_it(folders):
    data, boards = folders
    (data / "bad.csv").write_text("a,b\n")
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
    assert str(caught.value) == (f"shop.toml: chart 'sales': dataset: dataset 'bad' cannot be read as CSV: {NO_ROWS} "
                                 f"(the file {data / 'bad.csv'})")


@pytest.mark.parametrize("raw", [b'"date";"v"\r\n"2024-01-01";"1,5"\r\n', b'"date"\t"v"\n"2024-01-01"\t"1"\n'],
                         ids=["semicolons", "tabs"])
def test_a_file_of_quoted_names_separated_by_semicolons_or_tabs_is_refused_in_the_words_of_an_upload(
        tmp_path: Path, raw):
    data = tmp_path / "data"
    data.mkdir()
    (data / "quoted.csv").write_bytes(raw)
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0,
                         "WRITE_TOKENS": WRITE_TOKEN}).test_client()
    response = client.get("/api/datasets/quoted")
    words = upload_refusal(client, raw)
    assert words.startswith(f"the header line, {raw.splitlines()[0].decode()!r}, is quoted names with")
    assert response.status_code == 422
    assert response.get_json()["error"] == f"dataset 'quoted' cannot be read as CSV: {words}"


@pytest.mark.parametrize(("body", "line", "offset"), [
    (b"day,v\n2024-01-01,1\n2024-01-02,2\x00\x00\x00\x00", 3, 31),  # a tail a crash left as zeros
    (b"day,station\n2024-01-01,No\x00rth\n", 2, 25),
    (b"day,v\r2024-01-01,1\r2024-01-02,2\x00", 3, 31),  # lines ended by a carriage return alone
])
def test_a_file_holding_a_nul_byte_is_a_422_naming_its_line_and_offset(tmp_path: Path, body, line, offset):
    # Its column was text holding NULs, without a word: a chart found no number in `v`, and a filter
    # of the value its dashboard offered was refused, as no text value holds one.
    data, client = folder_of(tmp_path)
    (data / "zeros.csv").write_bytes(body)
    answer = client.get("/plot/zeros.json")
    assert answer.status_code == 422
    assert answer.get_json()["error"] == (
        f"dataset 'zeros' cannot be read as CSV: it holds the byte 0x00 (NUL) on line {line} (at offset {offset}), "
        "which no value holds: remove it (a file a crash cut short may end in a run of them)")
