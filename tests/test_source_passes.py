"""Each statement a source's chart sends may be a pass over a slow view (a query sleeping seconds
before its first row): a histogram asks whether its values are whole numbers in the statement that
finds their range."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.source_data import module_tables
from tests.statements import statements_run

MINUTES = 28_800  # 20 days: a line 300 pixels wide is thinned (M4), more than four rows a pixel column


def latency_frame() -> pd.DataFrame:
    """A latency in whole milliseconds, held as floats, each minute, and the host that served it."""
    minutes = np.arange(MINUTES)
    return pd.DataFrame({"ts": pd.date_range("2024-01-01", periods=MINUTES, freq="min"),
                         "latency_ms": (minutes * 7 % 97).astype(float),
                         "host": [f"h{m % 5}" for m in minutes]})


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def latency_url(request, tmp_path_factory) -> Iterator[str]:
    """The latencies as a table `latency` of an SQLite file, then of a PostgreSQL database."""
    with module_tables(request, tmp_path_factory, {"latency": latency_frame()}) as url:
        yield url


@pytest.fixture
def client(tmp_path: Path, latency_url: str, source_client):
    """The site over the latencies."""
    return source_client(tmp_path, latency_url, ["latency"])


def passes(client, query: str, status: int = 200) -> list[str]:
    """The statements reading the source's table that answering the chart of `query`, 300 pixels wide,
    with `status` sends, the source described already: by the same chart a pixel wider, asked first."""
    assert client.get(f"/plot/latency.svg?{query}&width=301").status_code == status
    with statements_run() as run:
        response = client.get(f"/plot/latency.svg?{query}")
    assert response.status_code == status, response.data[:300]
    return [statement for statement in run if re.search(r'\blatency\b', statement)]


def test_a_histogram_of_whole_numbers_finds_its_range_and_whether_they_are_whole_in_one_statement(client):
    sent = passes(client, "kind=hist&y=latency_ms&bins=10")
    assert len(sent) == 2, sent  # the range, then the counts of its bins

