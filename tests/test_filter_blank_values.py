"""A filter's 404 for a value no row holds names the values a filter can choose: a source's column may
hold the empty text (or only spaces), which a blank `filter.<column>=` cannot ask for (it asks for no
value), so the refusal named `''` among them as a value to write."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from app import create_app
from tests.source_data import sources_toml, write_sqlite


def test_a_sources_blank_values_are_not_named_as_values_to_choose(tmp_path):
    frame = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
                          "who": ["", "  ", "a&b", "zed"], "val": [1.0, 2.0, 3.0, 4.0]})
    url = write_sqlite(tmp_path / "events.db", {"events": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}},
                           {"events": {"source": "db", "table": "events"}})
    data = tmp_path / "data"
    data.mkdir()
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources), "RENDER_WORKERS": 0,
                         "CLOCK": lambda: datetime(2025, 6, 15, 12, 30, 5)}).test_client()
    response = client.get("/plot/events.json?y=val&filter.who=nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == ("filter.who: column 'who' holds no value 'nope'; "
                                            "its values are 'a&b', 'zed'")
