"""A setting an earlier release read by a name it no longer has, still set in an upgraded site's
environment, is warned of at start naming the setting this release reads, the value to give it and
what the site does until then."""
from __future__ import annotations

import logging

from app import create_app


def start_warnings(data_dir, caplog, closing) -> list[str]:
    """The warnings of SVGPLOTS_ variables a start logs."""
    with caplog.at_level(logging.WARNING):
        closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}))
    return [record.getMessage() for record in caplog.records if "SVGPLOTS_" in record.getMessage()]


def test_the_sqlite_file_setting_of_an_earlier_release_is_warned_of_with_the_url_to_set(data_dir, tmp_path,
                                                                                        monkeypatch, caplog, closing):
    # It was only guessed at as a misspelling, "did you mean SVGPLOTS_DATABASE_URL?", whose value is a URL,
    # not the path it held: the site opened the data folder's store and that file's datasets were gone.
    old = tmp_path / "old" / "store.sqlite"
    monkeypatch.setenv("SVGPLOTS_DATABASE", str(old))
    assert start_warnings(data_dir, caplog, closing) == [
        f"SVGPLOTS_DATABASE was renamed SVGPLOTS_DATABASE_URL, and this release does not read it: set "
        f"SVGPLOTS_DATABASE_URL=sqlite:///{old} and unset SVGPLOTS_DATABASE; until then the site opens the store "
        "SVGPLOTS_DATABASE_URL names, or else the data folder's svgplots.sqlite, and shows none of that file's datasets"]


def test_the_source_cache_setting_of_an_earlier_release_is_warned_of_naming_its_new_name(data_dir, monkeypatch,
                                                                                         caplog, closing):
    monkeypatch.setenv("SVGPLOTS_SOURCE_FRAME_CACHE_BYTES", "1000000")
    assert start_warnings(data_dir, caplog, closing) == [
        "SVGPLOTS_SOURCE_FRAME_CACHE_BYTES was renamed SVGPLOTS_SOURCE_CHART_CACHE_BYTES, and this release does not "
        "read it: set SVGPLOTS_SOURCE_CHART_CACHE_BYTES=1000000 and unset SVGPLOTS_SOURCE_FRAME_CACHE_BYTES; until "
        "then source datasets' chart rows are kept up to its default, 32 MB"]
