"""The note over a plot that draws no rows names what left none: the time range or x bounds ("in this
range"), the filters ("for this filter"), or both together."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from tests.source_data import sources_toml, write_sqlite

# North sells in January, East in March.
SALES = "day,region,amount\n2024-01-10,North,5\n2024-01-20,North,7\n2024-03-10,East,3\n2024-03-20,East,4\n"
# A dashboard whose filter offers West too, a region of the depots only.
BOARD = """\
[[filters]]
column = "region"

[[charts]]
id = "sales"
dataset = "sales"
x = "day"
y = ["amount"]

[[charts]]
id = "depots"
dataset = "depots"
kind = "bar"
x = "region"
y = ["staff"]
"""


@pytest.fixture
def client(tmp_path: Path):
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "sales.csv").write_text(SALES)
    (data / "depots.csv").write_text("region,staff\nNorth,3\nWest,4\n")
    (boards / "shop.toml").write_text(BOARD)
    rows = pd.read_csv(data / "sales.csv", parse_dates=["day"])
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": write_sqlite(tmp_path / "lake.db", {"lake": rows})}},
                           {"lake": {"source": "db", "table": "lake"}})
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)],
                       "SOURCES": str(sources)}).test_client()


def note_and_alt(client, url: str) -> tuple[list[str], str]:
    """The texts an empty chart draws and its description."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    svg = response.get_data(as_text=True)
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg), re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)


@pytest.mark.parametrize("dataset", ["sales", "lake"])
@pytest.mark.parametrize(("query", "note"), [
    ("filter.region=East&xmax=2024-02-01", "No rows for this filter in this range"),
    ("filter.region=North&from=2024-02-01", "No rows for this filter in this range"),
    ("xmax=2023-12-31", "No rows in this range"),
])
def test_a_plot_without_rows_names_what_left_none(client, dataset, query, note):
    texts, alt = note_and_alt(client, f"/plot/{dataset}.svg?x=day&y=amount&{query}")
    assert note in texts and alt.endswith(f", 0 rows. {note}.")


@pytest.mark.parametrize("dataset", ["sales", "lake"])
def test_a_range_that_leaves_no_rows_by_itself_is_named_alone(client, dataset):
    # Rows read whole are chosen here, where it is seen what left none; a database that chooses
    # them is asked which did.
    texts, alt = note_and_alt(client, f"/plot/{dataset}.svg?x=day&y=amount&from=2030-01-01&filter.region=East")
    assert "No rows in this range" in texts and alt.endswith(", 0 rows. No rows in this range."), (texts, alt)


@pytest.mark.parametrize("query", ["filter.region=West", "filter.region=West&from=2024-01-01"])
def test_a_filter_whose_value_only_another_dataset_holds_says_no_rows_are_for_it(client, query):
    texts, alt = note_and_alt(client, f"/d/shop/sales.svg?{query}")
    assert "No rows for this filter" in texts and alt.endswith(", 0 rows. No rows for this filter.")
