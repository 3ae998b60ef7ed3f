"""The first 503 of a source that cannot be reached says to come back after its `hold_seconds`, as
the 503s of its hold do, not after a fixed 5 s."""
from __future__ import annotations

import pytest

from app import create_app
from tests.source_data import sources_toml


@pytest.mark.parametrize("hold_seconds", [2, 600])
def test_the_first_503_of_a_source_that_cannot_be_reached_has_the_retry_after_of_its_hold(tmp_path, closing,
                                                                                         hold_seconds):
    path = sources_toml(tmp_path / "s.toml", {"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}",
                                                       "hold_seconds": hold_seconds}},
                        {"orders": {"source": "gone", "table": "orders"}})
    (tmp_path / "data").mkdir()
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                 "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []})).test_client()
    first = client.get("/plot/orders.json?y=total")
    assert first.status_code == 503 and first.headers["Retry-After"] == str(hold_seconds)
