"""An operator's disk trouble said in words: a store that starts read-only logs so, a data folder that
vanishes or cannot be listed is told of by its own datasets alone, and a form's file held while it is
read finds room in memory where the temporary folder has none."""
from __future__ import annotations

import logging

from app import create_app
from app.store.store_refusals import READONLY_MESSAGE
from tests.conftest import CSV_WRITE, WRITE_TOKEN


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
