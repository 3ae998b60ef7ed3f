"""The front page's card of a dataset of many columns names its first few and counts the rest, so that
a site of a few datasets of hundreds of columns each does not send their every name on its front page
(the dataset's own page lists them all)."""
from __future__ import annotations

import re


def card_words(client, name: str) -> str:
    """The line under dataset `name`'s card on the front page: its rows and columns, as text."""
    page = client.get("/").get_data(as_text=True)
    card = re.search(rf'href="/datasets/{name}".*?<p class="muted">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]*>", "", card[1])


def wide_csv(columns: int) -> str:
    """A CSV of a date and `columns` - 1 numbers, named long, of two rows."""
    names = ["day"] + [f"reading_{n:03d}_of_the_north_building" for n in range(1, columns)]
    return ",".join(names) + "\n" + "".join(f"2024-01-0{day}," + ",".join("1" * (columns - 1)) + "\n" for day in (1, 2))


def test_a_card_of_a_dataset_of_300_columns_names_its_first_8_and_counts_the_others(client, data_dir):
    (data_dir / "wide.csv").write_text(wide_csv(300), encoding="utf-8")
    names = ", ".join(["day"] + [f"reading_{n:03d}_of_the_north_building" for n in range(1, 8)])
    assert card_words(client, "wide") == f"2 rows · {names} and 292 more columns"


def test_the_front_page_holds_no_name_of_a_wide_datasets_columns_past_its_first_8(client, data_dir):
    (data_dir / "wide.csv").write_text(wide_csv(300), encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert "reading_007_of_the_north_building" in page
    assert "reading_008_of_the_north_building" not in page
    assert "reading_299_of_the_north_building" not in page


def test_a_card_of_a_dataset_of_8_columns_names_them_all(client, data_dir):
    (data_dir / "eight.csv").write_text(wide_csv(8), encoding="utf-8")
    assert card_words(client, "eight").endswith("reading_007_of_the_north_building")


def test_a_card_of_a_dataset_of_9_columns_counts_the_one_more(client, data_dir):
    (data_dir / "nine.csv").write_text(wide_csv(9), encoding="utf-8")
    assert card_words(client, "nine").endswith("reading_007_of_the_north_building and 1 more column")
