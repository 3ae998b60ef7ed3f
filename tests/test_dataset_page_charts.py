"""A dataset's page draws each numeric column honestly: a dataset's only number is drawn as a
histogram, not against itself."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

IMAGE = re.compile(r'<img src="([^"]+)"[^>]*alt="([^"]*)"')


def page_charts(client, name: str) -> list[tuple[str, dict[str, list[str]], str]]:
    """The charts of a dataset's page: each image's URL, its query and its alt text."""
    response = client.get(f"/datasets/{name}")
    assert response.status_code == 200
    found = []
    for src, alt in IMAGE.findall(response.get_data(as_text=True)):
        src = html.unescape(src)
        found.append((src, parse_qs(urlsplit(src).query), html.unescape(alt)))
    return found


def test_a_dataset_with_one_number_draws_its_histogram_not_a_diagonal(client, data_dir):
    (data_dir / "alone.csv").write_text("v,name\n1,a\n2,b\n")
    [(src, query, alt)] = page_charts(client, "alone")
    assert query["kind"] == ["hist"] and query["y"] == ["v"]
    assert alt.startswith("Histogram of v") and "by v" not in alt
    assert client.get(src).status_code == 200
