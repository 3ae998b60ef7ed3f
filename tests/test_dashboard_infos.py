"""A dashboard's page, its report and its versions.json read the descriptions of the datasets it draws
all at once (`Store.infos`): one read of the database for its stored datasets, however many there
are and however many charts and filters ask for them, as the front page reads every dataset's."""
from __future__ import annotations

import re
import traceback
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.chart_tables import load_chart
from app.store import DatasetReplaced, DatasetUnreadable, StoreError, read_info
from app.store.site_reads import SiteReads
from plots import DEFAULT_LIMITS
from tests.statements import rows_reads, statements_run

DATASETS = ("aa", "bb", "cc")
# A statement reading the database's catalog of datasets (a description, or a list of them).
CATALOG_READ = re.compile(r"\bFROM datasets\b")


def _site_config(folder) -> dict:
    """The settings of a site whose database holds DATASETS, each drawn by a chart of dashboard `m`,
    which filters them all by their text column, and of `n`, which has no filters."""
    stored, boards, data = folder / "stored", folder / "boards", folder / "data"
    for made in (stored, boards, data):
        made.mkdir()
    for name in DATASETS:  # loaded into the database as the site starts
        (stored / f"{name}.csv").write_text("t,g,v\n2024-01-01,x,1\n2024-01-02,y,2\n", encoding="utf-8")
    charts = "".join(f'[[charts]]\nid = "{name}"\ndataset = "{name}"\ny = ["v"]\n' for name in DATASETS)
    (boards / "m.toml").write_text(f'title = "M"\n[[filters]]\ncolumn = "g"\n{charts}', encoding="utf-8")
    (boards / "n.toml").write_text(f'title = "N"\n{charts}', encoding="utf-8")  # the same charts, no filters
    return {"TESTING": True, "DATA_DIR": str(data), "SAMPLE_DATA_DIR": str(stored), "DASHBOARD_DIRS": [str(boards)],
            "RENDER_WORKERS": 0}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Flask:
    """A site of `_site_config`."""
    app = create_app(_site_config(tmp_path_factory.mktemp("infos")))
    yield app
    app.extensions["svgplots"].store.close()


def reads_noted(monkeypatch) -> list[tuple]:
    """The store's reads of descriptions, `info` and `infos`, each noted with what it asked for."""
    asked = []
    for method in ("info", "infos"):
        read = getattr(SiteReads, method)
        monkeypatch.setattr(SiteReads, method, lambda store, *args, read=read, method=method:
                            asked.append((method, *args)) or read(store, *args))
    return asked


def test_loading_a_dashboard_file_describes_its_datasets_in_one_read(tmp_path, monkeypatch):
    asked = reads_noted(monkeypatch)
    app = create_app(_site_config(tmp_path))
    app.extensions["svgplots"].store.close()
    assert asked == [("infos", list(DATASETS))] * 2  # one for each file, not one `info` for each chart


@pytest.mark.parametrize("path", ["/d/m", "/d/m?filter.g=x", "/d/m/versions.json", "/d/m.pdf"])
def test_a_dashboard_reads_its_stored_datasets_descriptions_in_one_read(site, path):
    client = site.test_client()
    assert client.get(path).status_code == 200  # its charts' rows read and kept
    with statements_run() as run:
        answer = client.get(path)
    assert answer.status_code == 200
    catalog = [statement for statement in run if CATALOG_READ.search(statement)]
    assert len(catalog) == 1, catalog  # not one for each dataset, nor again for the filter's values


@pytest.mark.parametrize("path", ["/d/m/bb", "/d/m/bb?filter.g=x", "/d/m/bb.svg?filter.g=y"])
def test_a_dashboard_chart_s_page_and_filtered_image_describe_its_datasets_as_the_dashboard_s_page_does(
        site, monkeypatch, path):
    asked = reads_noted(monkeypatch)
    assert site.test_client().get(path).status_code == 200
    assert asked == [("infos", list(DATASETS))]  # not `info` of its own dataset, then them all for the filter


def test_a_chart_s_page_of_a_dashboard_without_filters_reads_its_own_dataset_alone(site, monkeypatch):
    # No filter's values to read: the page waits on no other chart's database.
    asked = reads_noted(monkeypatch)
    assert site.test_client().get("/d/n/bb").status_code == 200
    assert asked == [("info", "bb")]


@pytest.mark.parametrize("path", ["/d/n/bb", "/d/m/bb", "/d/m/bb?filter.g=x", "/d/n/bb.svg?title=Read+once",
                                  "/d/m/bb.json?filter.g=y"])
def test_a_dashboard_chart_drawn_from_rows_held_at_the_version_it_read_reads_the_catalog_once(site, path):
    client = site.test_client()
    assert client.get("/d/n/bb").status_code == 200  # its rows read, and held at their version
    with statements_run() as run:
        answer = client.get(path)
    assert answer.status_code == 200
    catalog = [statement for statement in run if CATALOG_READ.search(statement)]
    assert len(catalog) == 1, catalog  # its description, not again for its rows nor to see whether it is big


def test_a_dashboard_chart_s_page_reads_rows_appended_since_with_the_catalog_row_they_are_of(tmp_path):
    app = create_app(_site_config(tmp_path))
    try:
        client = app.test_client()
        assert client.get("/d/n/bb").status_code == 200
        store = app.extensions["svgplots"].store
        store.append("bb", store.info("bb").columns, [("2024-01-03T00:00:00", "z", 77)])
        with statements_run() as run:
            answer = client.get("/d/n/bb")
        assert answer.status_code == 200
        assert "<td>77</td>" in answer.get_data(as_text=True)  # the row appended, in the page's table
        catalog = [statement for statement in run if CATALOG_READ.search(statement)]
        # Its description, then the rows of the version the snapshot finds, with their catalog row;
        # not a read more first to see whether the database computes its chart.
        assert len(catalog) == 2, catalog
        assert len(rows_reads(run)) == 1
    finally:
        app.extensions["svgplots"].store.close()


def test_a_filtered_dashboard_chart_s_first_page_reads_each_small_dataset_s_values_with_its_rows(tmp_path):
    app = create_app(_site_config(tmp_path))
    try:
        app.extensions["svgplots"].store.database._frames.clear()  # not the rows kept as they loaded
        with statements_run() as run:
            answer = app.test_client().get("/d/m/bb?filter.g=x")
        assert answer.status_code == 200
        assert "<td>2024-01-01</td>" in answer.get_data(as_text=True)  # the row of x alone
        assert "<td>2024-01-02</td>" not in answer.get_data(as_text=True)
        catalog = [statement for statement in run if CATALOG_READ.search(statement)]
        # The descriptions, then each dataset's rows with the catalog row they are of, once: not a
        # read first to see whether the database computes its values; the chart's rows are those kept.
        assert len(catalog) == 1 + len(DATASETS), catalog
        assert len(rows_reads(run)) == len(DATASETS)
    finally:
        app.extensions["svgplots"].store.close()


def test_a_big_dataset_s_filter_values_are_computed_by_its_database(tmp_path):
    app = create_app(_site_config(tmp_path))
    try:
        app.extensions["svgplots"].store.database.pushdown_above_rows = 1  # each dataset's 2 rows: big
        with statements_run() as run:
            answer = app.test_client().get("/d/m/bb?filter.g=x")
        assert answer.status_code == 200
        distinct = [statement for statement in rows_reads(run) if "DISTINCT" in statement]
        assert len(distinct) == len(DATASETS), run  # its values found by the database, not read whole
    finally:
        app.extensions["svgplots"].store.close()


@pytest.mark.parametrize("path", ["/d/m/bb.svg?filter.g=", "/d/m/bb.svg?filter.g=%20&filter.g="])
def test_a_dashboard_chart_s_image_with_a_blank_filter_reads_its_own_dataset_alone(site, monkeypatch, path):
    # A blank filter asks for no value (the form's "All"): no other dataset's values are read for it.
    asked = reads_noted(monkeypatch)
    assert site.test_client().get(path).status_code == 200
    assert asked == [("info", "bb")]


def _read_failed(error: StoreError) -> StoreError:
    """`error` as `Store.infos` keeps it: raised where the read failed, and caught there."""
    def read_the_dataset():
        raise error

    try:
        read_the_dataset()
    except StoreError as kept:
        return kept
    raise AssertionError("not raised")


@pytest.mark.parametrize("error", [DatasetUnreadable("dataset 'aa' cannot be read", Path("aa.csv")),
                                   DatasetReplaced("aa", ("v",))], ids=["unreadable", "replaced"])
def test_a_dataset_error_raised_for_each_chart_keeps_where_the_read_failed(error):
    # The one error `dashboard_infos` keeps is raised for every chart and filter of its dataset: each
    # raise is a copy of it, whose traceback holds that raise's frames and the read's, and no later
    # raise takes them from an earlier one, which a handler may log once the request is answered.
    kept = _read_failed(error)
    read_frames = traceback.extract_tb(kept.__traceback__)
    raised = []
    for _ in range(3):
        with pytest.raises(type(error)) as caught:
            read_info(kept)
        raised.append(caught.value)
    frames = [[frame.name for frame in traceback.extract_tb(each.__traceback__)] for each in raised]
    assert frames[0][-1] == "read_the_dataset"  # where the read failed, after two more raises
    assert frames[0] == frames[1] == frames[2]
    assert traceback.extract_tb(kept.__traceback__) == read_frames  # the one kept is left as it was
    for each in raised:
        assert each is not kept and type(each) is type(kept)
        assert (each.args, vars(each)) == (kept.args, vars(kept))  # its message, file, retry_after …


def test_a_dataset_error_raised_for_each_chart_of_a_dashboard_file_keeps_where_the_read_failed(tmp_path):
    # Loading a file raises the one error `Store.infos` kept for a dataset at each of its charts, with
    # the frames of the read that failed, and none of an earlier chart's raise.
    kept = _read_failed(StoreError("the database broke"))
    read_frames = traceback.extract_tb(kept.__traceback__)
    raised = []
    for number, chart_id in enumerate(("one", "two"), start=1):
        with pytest.raises(StoreError) as caught:
            load_chart(tmp_path / "m.toml", number, {"id": chart_id, "dataset": "aa"}, None, DEFAULT_LIMITS,
                       seen=set(), described={"aa": kept})
        raised.append([frame.name for frame in traceback.extract_tb(caught.value.__traceback__)])
    assert raised[0][-1] == raised[1][-1] == "read_the_dataset"
    assert raised[0] == raised[1]  # the second raise holds no frames of the first
    assert traceback.extract_tb(kept.__traceback__) == read_frames
