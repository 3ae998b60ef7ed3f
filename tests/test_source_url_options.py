"""A PostgreSQL source's URL holding an option its driver refuses before connecting (`sslmode=bogus`,
`port=99999`, an option it does not know) is a mistake in the sources file, not an outage: a 422
naming the option (never its value, nor the URL's host, user or password), and not held down."""
from __future__ import annotations

import logging

import pytest

from app import create_app
from tests.source_data import sources_toml

PASSWORD = "s3cret-pw"


@pytest.fixture
def shop(tmp_path, closing, monkeypatch):
    """A client of the site over the source 'shop' at `url` (from $SHOP_URL), its dataset 'orders'."""

    def make(url: str, **source):
        monkeypatch.setenv("SHOP_URL", url)
        path = sources_toml(tmp_path / "s.toml", {"shop": {"url_env": "SHOP_URL", **source}},
                            {"orders": {"source": "shop", "table": "orders"}})
        (tmp_path / "data").mkdir()
        return closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                   "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []})).test_client()

    return make


@pytest.mark.parametrize(("url", "said"), [
    (f"postgresql+psycopg://shop_reader:{PASSWORD}@127.0.0.1:5432/shop_db?sslmode=bogus",
     "gives a value of 'sslmode' its database driver refuses (correct sslmode there)"),
    (f"postgresql+psycopg://shop_reader:{PASSWORD}@127.0.0.1:99999/shop_db",
     "gives a value of 'port' its database driver refuses (correct port there)"),
    (f"postgresql+psycopg://shop_reader:{PASSWORD}@127.0.0.1:5432/shop_db?keepalives=often",
     "gives a value of 'keepalives' its database driver refuses (correct keepalives there)"),
    (f"postgresql+psycopg://shop_reader:{PASSWORD}@127.0.0.1:5432/shop_db?sslmod=require",
     "gives an option its database driver does not know, 'sslmod' (remove it or correct its name)"),
], ids=["sslmode", "port", "integer", "unknown"])
def test_a_url_option_the_driver_refuses_is_422_naming_the_option_and_is_not_held(shop, caplog, url, said):
    client = shop(url, hold_seconds=600)
    with caplog.at_level(logging.WARNING):
        for attempt in range(2):  # not held down: asked again, and told again
            response = client.get("/plot/orders.json?y=total")
            assert response.status_code == 422, (attempt, response.get_json())
            assert "Retry-After" not in response.headers
            error = response.get_json()["error"]
            assert error == (f"dataset 'orders' cannot be read: the URL of its source 'shop' {said}; it is a mistake "
                             "in the URL, not an outage")
            for secret in ("shop_reader", PASSWORD, "127.0.0.1", "shop_db", "bogus", "99999", "often"):
                assert secret not in error
    assert "invalid" in caplog.text  # the log has the driver's own words


def test_a_host_that_cannot_be_found_is_still_a_source_that_cannot_be_reached(shop):
    client = shop(f"postgresql+psycopg://shop_reader:{PASSWORD}@db-host.invalid:5432/shop_db")
    response = client.get("/plot/orders.json?y=total")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "the source 'shop' of dataset 'orders' cannot be reached right now" in response.get_json()["error"]
