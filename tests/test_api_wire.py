"""What the API and the forms answer to requests written by hand: a multipart body cut short or
without its boundary, an Idempotency-Key on a create, a charset that names UTF-8 another way; and the
words of a chart's refusal and alt text where the defaults leave a column out."""
from __future__ import annotations

import html

import pytest

from tests.conftest import WRITE_TOKEN, csrf_of, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
NAME_PART = b'--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nmp2\r\n'
FILE_PART = b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,2\n\r\n'
WHOLE = NAME_PART + FILE_PART + b"--XX--\r\n"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def create_form(client, body: bytes, content_type: str = "multipart/form-data; boundary=XX"):
    return client.post("/api/datasets", data=body, headers={**AUTH, "Content-Type": content_type})


def test_a_whole_multipart_body_creates_the_dataset(client):
    assert create_form(client, WHOLE).status_code == 201


@pytest.mark.parametrize("cut", [WHOLE[:-len(b"--\r\n")], WHOLE[:-len(b"\r\n--XX--\r\n")], NAME_PART + FILE_PART[:60]],
                         ids=["no closing dashes", "no closing boundary", "in a part's headers"])
def test_a_multipart_body_cut_short_is_400_saying_so_not_that_the_file_is_missing(client, cut):
    response = create_form(client, cut)
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert "file is required" not in error
    assert "cannot be read as multipart/form-data" in error and "closing boundary (--XX--)" in error
    assert "cut short" in error
    assert "mp2" not in names(client)


def test_a_multipart_content_type_without_a_boundary_is_400_saying_so(client):
    response = create_form(client, WHOLE, "multipart/form-data")
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert "file is required" not in error
    assert "names no boundary" in error and "boundary=" in error
    assert "mp2" not in names(client)


def test_a_multipart_body_of_another_boundary_is_400_naming_the_one_its_content_type_gives(client):
    response = create_form(client, WHOLE.replace(b"--XX", b"--YY"))
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert "none of its parts begins with the boundary its Content-Type names (--XX)" in error


def test_the_upload_form_says_its_body_was_cut_short(client):
    token = csrf_of(client.get("/upload"))
    body = (b'--XX\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token.encode() + b"\r\n"
            + WHOLE[:-len(b"--\r\n")])
    response = client.post("/upload", data=body, headers={"Content-Type": "multipart/form-data; boundary=XX"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "closing boundary (--XX--)" in page and "cut short" in page
    assert "mp2" not in names(client)


@pytest.mark.parametrize("body, content_type", [(b"a,b\n1,2\n", "text/csv"), (WHOLE, "multipart/form-data; boundary=XX")],
                         ids=["csv", "form"])
def test_an_idempotency_key_on_a_create_is_400_saying_it_applies_to_appends(client, body, content_type):
    url = "/api/datasets?name=mp2" if content_type == "text/csv" else "/api/datasets"
    response = client.post(url, data=body, headers={**AUTH, "Content-Type": content_type, "Idempotency-Key": "k1"})
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert "Idempotency-Key" in error and "appends (POST /api/datasets/<name>/rows) only" in error
    assert "GET /api/datasets/<name>" in error
    assert "mp2" not in names(client)


def test_an_idempotency_key_on_a_create_is_refused_only_with_a_valid_token(client):
    response = client.post("/api/datasets?name=ik1", data="a,b\n1,2\n",
                           headers={"Content-Type": "text/csv", "Idempotency-Key": "k1"})
    assert response.status_code == 401


@pytest.mark.parametrize("charset", ["utf-8-sig", "UTF-8-SIG", "utf_8_sig", "UTF8", "UTF_8", "cp65001", "us-ascii"])
def test_a_body_declared_utf_8_sig_creates_the_dataset_its_mark_dropped(client, charset):
    response = client.post("/api/datasets?name=sig", data=b"\xef\xbb\xbfa,b\n1,2\n",
                           headers={**AUTH, "Content-Type": f"text/csv; charset={charset}"})
    assert response.status_code == 201
    assert [column["name"] for column in response.get_json()["dataset"]["columns"]] == ["a", "b"]


def test_rows_declared_utf_8_sig_are_appended(client):
    assert client.post("/api/datasets?name=sig", data="a,b\n1,2\n",
                       headers={**AUTH, "Content-Type": "text/csv"}).status_code == 201
    response = client.post("/api/datasets/sig/rows", data='\ufeff[{"a": 3, "b": 4}]'.encode(),
                           headers={**AUTH, "Content-Type": "application/json; charset=Utf-8-Sig"})
    assert response.status_code == 200 and response.get_json()["rows_total"] == 2


def test_a_body_declared_in_another_charset_is_still_415(client):
    response = client.post("/api/datasets?name=lat", data=b"a,b\n1,2\n",
                           headers={**AUTH, "Content-Type": "text/csv; charset=latin-1"})
    assert response.status_code == 415 and "charset=latin-1" in response.get_json()["error"]


def file_part(content_type: str) -> bytes:
    """A create form's body whose file part declares `content_type`."""
    return (NAME_PART + b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            + f"Content-Type: {content_type}\r\n\r\n".encode() + b"a,b\n1,2\n\r\n--XX--\r\n")


@pytest.mark.parametrize(("content_type", "words"), [
    ("text/csv; charset=latin-1", "the file part declares charset=latin-1; send it as UTF-8 (charset=utf-8)"),
    ("text/csv; header=absent", "the file part declares header=absent, a CSV without a header line"),
])
def test_a_file_part_declaring_what_a_body_is_refused_for_is_a_415_as_the_body_is(client, content_type, words):
    response = create_form(client, file_part(content_type))
    assert response.status_code == 415 and words in response.get_json()["error"]
    assert "mp2" not in names(client)
    assert create_form(client, file_part("text/csv; charset=utf-8")).status_code == 201


def field_part(content_type: str, csv: bytes) -> bytes:
    """A create form's body whose CSV is a plain field part (no filename), as `curl -F 'file=<a.csv;type=...'`
    sends it, declaring `content_type`."""
    return (NAME_PART + b'--XX\r\nContent-Disposition: form-data; name="file"\r\n'
            + f"Content-Type: {content_type}\r\n\r\n".encode() + csv + b"\r\n--XX--\r\n")


@pytest.mark.parametrize(("content_type", "words"), [
    ("text/csv; charset=latin-1", "the file part declares charset=latin-1; send it as UTF-8 (charset=utf-8)"),
    ("text/csv; header=absent", "the file part declares header=absent, a CSV without a header line"),
])
@pytest.mark.parametrize("csv", [b"a,b\n1,2\n", "city,n\ncaf\u00e9,2\n".encode("latin-1")], ids=["ascii", "latin-1"])
def test_a_csv_sent_as_a_field_part_declaring_what_a_file_part_is_refused_for_is_the_same_415(client, content_type,
                                                                                             words, csv):
    response = create_form(client, field_part(content_type, csv))
    assert response.status_code == 415 and words in response.get_json()["error"]
    assert "mp2" not in names(client)
    assert create_form(client, field_part("text/csv; charset=utf-8", b"a,b\n1,2\n")).status_code == 201


HEADER_ABSENT = ("the body declares header=absent, a CSV without a header line; the site reads a CSV's first line as "
                 "the columns' names: send a header line naming them above the rows, with header=present or no header "
                 "parameter; nothing was stored")


@pytest.mark.parametrize("content_type", ["text/csv; header=absent", "text/csv; charset=utf-8; Header=ABSENT",
                                          "application/csv; header=absent"])
def test_a_csv_body_declaring_it_has_no_header_line_is_415_not_created_from_its_first_row_as_names(client,
                                                                                                 content_type):
    response = client.post("/api/datasets?name=nohead", data=b"2024-01-01,5\n2024-01-02,6\n",
                           headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 415 and response.get_json()["error"] == HEADER_ABSENT
    assert "nohead" not in names(client)


def test_an_append_declaring_it_has_no_header_line_is_415_and_stores_nothing(client):
    assert client.post("/api/datasets?name=head", data="d,v\n2024-01-01,5\n",
                       headers={**AUTH, "Content-Type": "text/csv; header=present"}).status_code == 201
    response = client.post("/api/datasets/head/rows", data=b"d,v\n2024-01-02,6\n",
                           headers={**AUTH, "Content-Type": "text/csv; header=absent"})
    assert response.status_code == 415 and response.get_json()["error"] == HEADER_ABSENT
    assert client.get("/api/datasets/head").get_json()["dataset"]["row_count"] == 1


def test_a_body_declaring_a_charset_that_holds_a_nul_is_415(client):
    response = client.post("/api/datasets?name=nul", data=b"a,b\n1,2\n",
                           headers={**AUTH, "Content-Type": 'text/csv; charset="utf\x008"'})
    assert response.status_code == 415 and "send it as UTF-8" in response.get_json()["error"]


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_a_histogram_of_the_only_numeric_column_advises_naming_it_as_y_and_that_draws(client, data_dir, kind):
    (data_dir / "ints.csv").write_text("n\n1\n2\n5\n3\n")
    response = client.get(f"/plot/ints.json?kind={kind}")
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert f"kind={kind}&" not in error and "y=n" in error
    assert client.get(f"/plot/ints.svg?kind={kind}&y=n").status_code == 200


def test_a_line_of_the_only_numeric_column_still_advises_the_kinds_that_draw_it_alone(client, data_dir):
    (data_dir / "ints.csv").write_text("n\n1\n2\n5\n3\n")
    error = client.get("/plot/ints.json").get_json()["error"]
    assert "kind=hist&y=n" in error and "choose another x" in error


WIDE_COLUMNS = [f"c{i}" for i in range(25)]


@pytest.fixture
def wide(data_dir):
    rows = [",".join(str(row * 10 + i) for i in range(25)) for row in range(3)]
    (data_dir / "wide.csv").write_text("x," + ",".join(WIDE_COLUMNS) + "\n"
                                       + "".join(f"{row},{line}\n" for row, line in enumerate(rows)))


def svg_desc(svg: str) -> str:
    return html.unescape(svg.split("<desc", 1)[1].split(">", 1)[1].split("</desc>", 1)[0])


def test_a_default_y_past_the_series_cap_names_the_columns_left_out_in_its_words(client, wide):
    desc = svg_desc(client.get("/plot/wide.svg").get_data(as_text=True))
    assert "c19" in desc and "last value: c0" in desc
    assert "5 more numeric columns are not drawn, as at most 20 are by default" in desc
    assert "c20, c21, c22, c23 and c24" in desc and "name the columns to draw with y (y=c20)" in desc


def test_the_column_the_words_advise_is_written_as_a_url_takes_it(client, data_dir):
    names = [f"c{i}" for i in range(20)] + ["temp (°C) & more"]
    (data_dir / "wider.csv").write_text("x," + ",".join(names) + "\n0," + ",".join("1" * 21) + "\n")
    desc = svg_desc(client.get("/plot/wider.svg").get_data(as_text=True))
    assert "(y=temp%20%28%C2%B0C%29%20%26%20more)" in desc
    assert client.get("/plot/wider.svg?y=temp%20%28%C2%B0C%29%20%26%20more").status_code == 200


def test_a_y_the_url_names_says_nothing_of_the_columns_it_leaves_out(client, wide):
    desc = svg_desc(client.get("/plot/wide.svg?y=c0,c1").get_data(as_text=True))
    assert "not drawn" not in desc


def test_a_dashboard_page_alt_text_names_the_columns_left_out_as_its_image_does(data_dir, wide, tmp_path):
    boards = tmp_path / "dashboards"
    boards.mkdir()
    (boards / "wide.toml").write_text('[[charts]]\nid = "all"\ndataset = "wide"\n')
    client = writable_app(data_dir, DASHBOARD_DIRS=[str(boards)]).test_client()
    page = html.unescape(client.get("/d/wide").get_data(as_text=True))
    desc = svg_desc(client.get("/d/wide/all.svg").get_data(as_text=True))
    assert "5 more numeric columns are not drawn" in desc and desc in page


def test_the_words_quote_a_column_name_holding_what_separates_a_list_of_names(client, data_dir):
    # `a,b` is one column, not `a` and `b`; so is `a;b` among the last values, which `; ` separates.
    names = [f"c{i}" for i in range(19)] + ["a;b", "a,b", "..", ".", "-neg", "x and y", "d0", "d1"]
    values = ",".join(str(i) for i in range(1, len(names) + 1))
    (data_dir / "odd.csv").write_text("x," + ",".join(f'"{name}"' for name in names) + f"\n0,{values}\n")
    desc = svg_desc(client.get("/plot/odd.svg").get_data(as_text=True))
    assert desc.startswith("Line chart of c0, c1, ") and ", c18, 'a;b' by x, 1 row." in desc
    assert "; c18 19; 'a;b' 20. " in desc
    assert "as at most 20 are by default: 'a,b', .., ., -neg, 'x and y' and 2 more; " in desc
    above = svg_desc(client.get("/plot/odd.svg?kind=scatter&y=c0%0Aa,b%0Aa;b&ymax=10").get_data(as_text=True))
    assert "'a,b' and 'a;b' lie above ymax 10" in above, above
