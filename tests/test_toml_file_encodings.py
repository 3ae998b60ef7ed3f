"""Dashboard and sources files are UTF-8 text, as TOML is: one saved in another encoding stops the
start with a line saying so and what to do, in the words an upload is refused with, rather than
Python's codec error; one saved "UTF-8 with BOM" is read as UTF-8."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, SourceConfigError, create_app
from app.store import load_sources

DASHBOARD = 'title = "Café"\n[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'
SOURCES = '# Café\n[sources.shop]\nurl = "sqlite:///shop.db"\n[datasets.orders]\nsource = "shop"\ntable = "orders"\n'
BOM = "\ufeff".encode()


def dashboard_refusal(tmp_path: Path, raw: bytes) -> str:
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    (folder / "m.toml").write_bytes(raw)
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})
    return str(caught.value)


def sources_refusal(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "sources.toml"
    path.write_bytes(raw)
    with pytest.raises(SourceConfigError) as caught:
        load_sources(path, required=True)
    return str(caught.value)


@pytest.mark.parametrize(("refusal", "text", "name"), [(dashboard_refusal, DASHBOARD, "m.toml"),
                                                       (sources_refusal, SOURCES, "sources.toml")])
def test_a_toml_file_in_latin_1_is_said_not_to_be_utf8_naming_the_line(tmp_path, refusal, text, name):
    raw = text.encode("latin-1")
    offset = raw.index(b"\xe9")
    assert refusal(tmp_path, raw) == (f"{name}: the file is not valid UTF-8: the byte 0xe9 on line 1 (at offset "
                                      f"{offset}) cannot be read; save the file as UTF-8")
    later = b"\n\n" + raw
    assert f"the byte 0xe9 on line 3 (at offset {offset + 2})" in refusal(tmp_path, later)


@pytest.mark.parametrize(("refusal", "text", "name"), [(dashboard_refusal, DASHBOARD, "m.toml"),
                                                       (sources_refusal, SOURCES, "sources.toml")])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_toml_file_in_utf16_or_utf32_is_said_to_be_one(tmp_path, refusal, text, name, encoding):
    wide = "UTF-32" if encoding == "utf-32" else "UTF-16"
    assert refusal(tmp_path, text.encode(encoding)) == f"{name}: the file looks like {wide} text; save it as UTF-8"


@pytest.mark.parametrize(("refusal", "text", "name"), [(dashboard_refusal, DASHBOARD, "m.toml"),
                                                       (sources_refusal, SOURCES, "sources.toml")])
def test_a_toml_file_beginning_with_two_byte_order_marks_is_said_to(tmp_path, refusal, text, name):
    assert refusal(tmp_path, BOM * 2 + text.encode()) == (
        f"{name}: the file begins with the byte-order mark U+FEFF twice; UTF-8 text may begin with one at most: "
        "remove the second (an invisible character)")


def test_a_toml_file_saved_as_utf8_with_bom_is_read(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "m.toml").write_bytes(BOM + DASHBOARD.encode())
    client = create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]}).test_client()
    assert "Café" in client.get("/d/m").get_data(as_text=True)
    path = tmp_path / "sources.toml"
    path.write_bytes(BOM + SOURCES.encode())
    assert list(load_sources(path, required=True).datasets) == ["orders"]
