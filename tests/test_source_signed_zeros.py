"""A float of -0.0 read from a PostgreSQL source is 0.0, as the site's stores, an SQLite source and
a data-folder file give it: in its rows, downloads and charts, and in what the database computes
of them (a group's min, max or sum)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psycopg
import pytest

from tests.postgres import database, libpq_url

# -0.0 alone on a day (its min and max are -0.0), beside 0.0 on another, and other values.
CELLS = [("2024-01-01", -0.0), ("2024-01-02", -0.0), ("2024-01-02", 0.0), ("2024-01-03", 1.5),
         ("2024-01-04", -2.5), ("2024-01-05", -0.0)]
URLS = ["/datasets/{}.json", "/datasets/{}.csv", "/plot/{}.json?x=day&y=v", "/plot/{}.csv?x=day&y=v",
        "/plot/{}.json?x=day&y=v&resample=day&agg=min", "/plot/{}.json?x=day&y=v&resample=day&agg=max",
        "/plot/{}.json?x=day&y=v&resample=day&agg=sum", "/plot/{}.csv?kind=bar&x=day&y=v&agg=min",
        "/plot/{}.json?kind=hist&y=v&bins=4", "/plot/{}.svg?x=day&y=v", "/plot/{}.svg?kind=bar&x=day&y=v&agg=max",
        "/plot/{}.svg?kind=hist&y=v&bins=4", "/plot/{}.svg?kind=box&y=v"]


@pytest.fixture(scope="module")
def zeros_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database whose table `zeros` keeps the sign of its -0.0 values."""
    with database(postgres_url, "svgplots_source_zeros", "CREATE TABLE zeros (day date, v double precision)",
                  ("INSERT INTO zeros VALUES (%s, %s)", CELLS)) as url:
        yield url


@pytest.fixture
def client(tmp_path: Path, zeros_url: str, source_client):
    """The site with `zeros` as a source dataset and, the same values, as a data-folder CSV file."""
    text = "day,v\n" + "".join(f"{day},{v!r}\n" for day, v in CELLS)
    return source_client(tmp_path, zeros_url, ["zeros"], files={"zeros_csv.csv": text})


def test_the_database_keeps_the_sign_of_minus_zero(zeros_url: str):
    # Else the site would have no sign to drop.
    with psycopg.connect(libpq_url(zeros_url)) as conn:
        values = [v for (v,) in conn.execute("SELECT v FROM zeros ORDER BY day, v")]
    assert np.copysign(1.0, values[0]) == -1.0


@pytest.mark.parametrize("url", URLS)
def test_a_postgresql_sources_minus_zero_is_zero_as_in_a_data_folder_file(client, url):
    source, csv = (client.get(url.format(name)) for name in ("zeros", "zeros_csv"))
    assert source.status_code == 200 and csv.status_code == 200, (source.data[:300], csv.data[:300])
    if url.split("?")[0].endswith(".json"):
        assert signed(source.json["rows"]) == signed(csv.json["rows"]), url
    else:
        assert source.data == csv.data, url
    assert b"-0.0" not in source.data and b"-0," not in source.data and b"\xe2\x88\x920<" not in source.data


def signed(value):
    """`value` (parsed JSON) with each float as (its value, its sign), so that -0.0 and 0.0 differ."""
    if isinstance(value, list):
        return [signed(v) for v in value]
    if isinstance(value, float):
        return (value, float(np.copysign(1.0, value)))
    return value
