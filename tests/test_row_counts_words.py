"""Pages count a dataset's rows in words that agree with the number: "1 row", "2 rows"."""
from __future__ import annotations

import re

from app import create_app


def _client(data_dir, rows: int):
    (data_dir / "counted.csv").write_text("x,v\n" + "".join(f"{i},{i * 2}\n" for i in range(rows)))
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


def _counts(html: str) -> list[str]:
    return re.findall(r"\b\d+ rows?\b", html)


def test_one_row_is_one_row_on_the_index_and_the_dataset_page(data_dir):
    client = _client(data_dir, 1)
    index = client.get("/").get_data(as_text=True)
    page = client.get("/datasets/counted").get_data(as_text=True)
    assert '1 row · <span translate="no"><bdi>x</bdi>, <bdi>v</bdi></span>' in index
    assert "1 row." in page
    assert "1 rows" not in _counts(index) and "1 rows" not in _counts(page)  # "731 rows" of another is not one


def test_two_rows_are_rows(data_dir):
    client = _client(data_dir, 2)
    assert '2 rows · <span translate="no"><bdi>x</bdi>, <bdi>v</bdi></span>' in client.get("/").get_data(as_text=True)
    assert "2 rows." in client.get("/datasets/counted").get_data(as_text=True)


def test_a_dataset_of_one_column_has_a_thumbnail_of_one_column(data_dir):
    (data_dir / "solo.csv").write_text("v\n1\n2\n")
    index = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client().get("/").get_data(as_text=True)
    assert 'alt="Histogram of v, 2 rows.' in index
    assert not re.search(r"\b1 columns\b", index)
