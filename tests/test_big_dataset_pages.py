"""The pages of a stored dataset of many rows, asked of its database, not read whole, on SQLite and
PostgreSQL: the dataset's page and the index as its frame makes them, the warnings and refusals
naming its cells, its dashboard's PDF report, each of the version asked for.

Two sites share each database, as in test_stored_pushdown.py: one reads every dataset whole (no
dataset here has more rows than its threshold), the other asks the database about datasets of
more than 1,000 rows, and fails a test that reads one whole. Besides the samples (the weather's
10,958 rows among them), `readings` (3,000 rows of four stations sharing their times, in three
writes, two stations stored with the line breaks of an older version), `ledger` (12,000 rows: dates
alone in its first rows, a time and a fraction of a second far below them, text columns whose
cells that make them text come after the first 10,000, a float column without values) and
`tallies` (1,500 rows of text columns only, mostly numbers and dates written another way).
"""
from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, event, make_url, select, update
from sqlalchemy.engine.default import CACHE_HIT

from app.export_numbers import number_to_read
from app.store import DatasetConflict, sql_big_reads
from app.store.schema import datasets, selectable_rows_table
from plots import Limits
from tests.conftest import CSV_WRITE, writable_app
from tests.postgres import sites_on_each_backend
from tests.test_stored_pushdown import readings_csv

THRESHOLD = 1_000
BIG = ["readings", "ledger", "tallies", "weather"]
DASHBOARD = """title = "Ledger"
columns = 2

[[charts]]
id = "levels"
dataset = "ledger"
kind = "line"
x = "when"
y = ["level"]

[[charts]]
id = "counted"
dataset = "readings"
kind = "bar"
x = "station"
y = ["level"]
agg = "count"

[[charts]]
id = "readings"
dataset = "readings"
kind = "line"
y = ["reading"]
"""


def ledger_csv() -> str:
    lines = ["when,level,amount,price,code,empty"]
    for i in range(1, 12_001):
        when = f"2024-01-{1 + i % 28:02d}"
        if i == 5_000:
            when += "T06:30:00"
        elif i == 8_000:
            when += "T07:00:00.250000"
        amount = '"1,5"' if i == 11_500 else f"{i % 97}.5"
        price = {3: '"1,5"', 7: "n/a", 10_400: "Total"}.get(i, str(i % 50))
        code = "00042" if i == 10_500 else str(100 + i % 900)
        lines.append(f"{when},{i % 7},{amount},{price},{code},")
    return "\n".join(lines) + "\n"


def tallies_csv() -> str:
    lines = ["label,counted,day"]
    for i in range(1, 1_501):
        counted = '"1,5"' if i == 1_200 else str(i % 60)
        day = "31.01.2024" if i == 1_300 else "2024-02-03"
        lines.append(f"item {i % 40},{counted},{day}")
    return "\n".join(lines) + "\n"


def two_sites(data_dir, store_url, **settings):
    """The frame path's app, and the app of a site that asks the database about datasets of more than
    THRESHOLD rows, both with the dashboard `ledger`; neither keeps a chart it drew."""
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0, **settings}
    loader = writable_app(data_dir, **settings)  # the dashboard's datasets are there before a site starts with it
    try:
        client = loader.test_client()
        for seed, (start, count) in enumerate([(0, 1200), (1200, 600), (1800, 1200)]):
            path = "/api/datasets?name=readings" if seed == 0 else "/api/datasets/readings/rows"
            assert client.post(path, data=readings_csv(seed, start, count), headers=CSV_WRITE).status_code in (200, 201)
        for name, text in (("ledger", ledger_csv()), ("tallies", tallies_csv())):
            answer = client.post(f"/api/datasets?name={name}", data=text, headers=CSV_WRITE)
            assert answer.status_code == 201, answer.data
        with loader.extensions["svgplots"].store.database._engine.begin() as conn:  # as an older version stored them
            dataset_id = conn.execute(select(datasets.c.id).where(datasets.c.name == "readings")).scalar()
            rows = selectable_rows_table(dataset_id, ["datetime", "text", "integer", "float"])
            for old, stored in (("Hill Top", "Hill\r\nTop"), ("Old Mill", "Old\rMill")):
                conn.execute(update(rows).where(rows.c.c1 == old).values(c1=stored))
    finally:
        loader.extensions["svgplots"].store.close()
    folder = data_dir.parent / "dashboards"
    folder.mkdir(exist_ok=True)
    (folder / "ledger.toml").write_text(DASHBOARD, encoding="utf-8")
    frame_site = writable_app(data_dir, DASHBOARD_DIRS=[str(folder)], **settings)
    asking_site = writable_app(data_dir, DASHBOARD_DIRS=[str(folder)], **settings)
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = THRESHOLD
    return frame_site, asking_site


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_sites(request, tmp_path_factory) -> Iterator[tuple]:
    """The two sites over one database of each backend, for the module's tests that do not write."""
    yield from sites_on_each_backend(request, tmp_path_factory, "big_dataset_pages", two_sites)


def never_read_whole(monkeypatch, asking_site):
    """Fail the test where the site reads a dataset of more than THRESHOLD rows whole (one of fewer,
    animals say, whose rows a page looks at to tell whether an x repeats, is read as its frame)."""
    database = asking_site.extensions["svgplots"].store.database
    read = database.read

    def read_whole(name, columns=None):
        snapshot = read(name, columns)
        if snapshot.info.rows > THRESHOLD:
            raise AssertionError(f"dataset {name!r} was read whole")
        return snapshot

    monkeypatch.setattr(database, "read", read_whole)


@pytest.fixture
def sites(shared_sites, monkeypatch):
    """The frame path's client and the client of the site that asks the database, which fails a
    test that reads a dataset whole."""
    frame_site, asking_site = shared_sites
    never_read_whole(monkeypatch, asking_site)
    return frame_site.test_client(), asking_site.test_client()


@pytest.fixture
def own_sites(data_dir, store_url, closing):
    """The two sites, made for one test: one that writes."""
    return tuple(closing(app) for app in two_sites(data_dir, store_url))


def same_answers(sites, urls) -> list[str]:
    """The URLs of `urls` whose answers (status and body) differ between the two sites."""
    frame_client, asking_client = sites
    differ = []
    for url in urls:
        theirs, ours = frame_client.get(url), asking_client.get(url)
        if (ours.status_code, ours.data) != (theirs.status_code, theirs.data):
            differ.append(url)
    return differ


def test_a_big_stored_datasets_page_is_the_page_its_frame_makes(sites):
    assert same_answers(sites, [f"/datasets/{name}" for name in BIG]) == []


def test_the_index_lists_big_stored_datasets_as_their_frames_do(sites):
    assert same_answers(sites, ["/"]) == []


def test_a_big_datasets_first_rows_are_written_as_its_later_rows_need(sites):
    # The first 100 rows hold dates alone; row 8,000 a fraction of a second: all are written as times.
    page = sites[1].get("/datasets/ledger").get_data(as_text=True)
    assert "2024-01-02T00:00:00Z" in page and "<td>2024-01-02</td>" not in page and "T07:00:00.25Z" not in page


def test_a_big_datasets_rows_split_by_a_text_column_draw_a_line_per_value(sites):
    page = sites[1].get("/datasets/readings").get_data(as_text=True)
    assert "filter.station=North" in page and "kind=scatter" not in page


def test_a_big_datasets_page_warns_of_the_cells_its_frame_shows(sites):
    page = sites[1].get("/datasets/ledger").get_data(as_text=True)
    warnings = re.findall(r'<p class="error">(.*?)</p>', page, re.S)
    # price: among its first 10,000 cells with a value; code: its one leading zero, at row 10,500;
    # empty: no value at all; amount: all numbers among its first 10,000 cells, not pointed out.
    assert [re.search(r"&#39;(\w+)&#39;", words)[1] for words in warnings] == ["price", "code", "empty"]
    assert "row 3 holds &#39;1,5&#39;" in warnings[0] and "Total" not in warnings[0]  # row 10,400: not looked at
    assert "row 10500 holds &#39;00042&#39;" in warnings[1]


def test_a_refusal_names_the_cell_of_a_big_datasets_column(sites):
    # amount is text for row 11,500's '1,5', after the first 10,000 cells; code for its leading zero.
    urls = ["/plot/ledger.svg?y=amount", "/plot/ledger.svg?y=code", "/plot/ledger.json?y=price",
            "/plot/tallies.svg", "/plot/tallies.svg?from=2024-01-01", "/plot/tallies.svg?y=counted"]
    assert same_answers(sites, urls) == []
    assert b"row 11500 holds '1,5'" in sites[1].get("/plot/ledger.svg?y=amount").data
    assert b"row 1200 holds '1,5'" in sites[1].get("/plot/tallies.json").data  # no numeric column


def test_text_appended_to_a_big_datasets_float_column_without_values_says_it_was_guessed(sites):
    frame_client, asking_client = sites
    theirs, ours = (client.post("/api/datasets/ledger/rows", data="when,level,amount,price,code,empty\n"
                                "2024-03-01,1,2,3,4,word\n", headers=CSV_WRITE) for client in sites)
    assert ours.status_code == theirs.status_code == 400
    assert ours.get_json() == theirs.get_json() and "no values" in ours.get_json()["error"]


def test_a_big_datasets_report_is_the_report_its_frame_draws(sites):
    assert same_answers(sites, ["/d/ledger.pdf", "/d/ledger.pdf?from=2024-01-03&to=2024-01-09"]) == []


def test_a_big_datasets_report_says_why_a_chart_of_too_many_values_cannot_be_drawn(shared_sites, sites, monkeypatch):
    # The line of 12,000 levels and that of 3,000 readings are refused; the bars are drawn.
    for app in shared_sites:
        monkeypatch.setattr(app.extensions["svgplots"], "limits", Limits(max_points=2_500))
    assert same_answers(sites, ["/d/ledger.pdf"]) == []


def test_a_report_computes_the_charts_of_a_big_dataset_in_one_snapshot(sites, monkeypatch):
    computed = sql_big_reads.chart_rows
    snapshots = []

    def noted(conn, dataset_id, name, *args, **kwargs):
        snapshots.append((name, conn))
        return computed(conn, dataset_id, name, *args, **kwargs)

    monkeypatch.setattr(sql_big_reads, "chart_rows", noted)
    assert sites[1].get("/d/ledger.pdf").status_code == 200
    [ledger, counted, readings] = snapshots
    assert [ledger[0], counted[0], readings[0]] == ["ledger", "readings", "readings"]
    assert counted[1] is readings[1] and ledger[1] is not counted[1]


def test_what_a_page_asks_of_a_big_dataset_is_of_the_version_it_read(own_sites, monkeypatch):
    frame_site, asking_site = own_sites
    store = asking_site.extensions["svgplots"].store
    with asking_site.app_context():
        before = store.info("readings")
        # A row repeating a station's time, and one whose station is missing: no line per station now.
        appended = "time,station,level,reading\n2024-01-01T00:00:00,North,1,0.5\n2024-01-01T00:10:00,,2,0.5\n"
        assert frame_site.test_client().post("/api/datasets/readings/rows", data=appended,
                                             headers=CSV_WRITE).status_code == 200
        after = store.info("readings")
        asked = store.x_splits(before, "time", ["station"], 6)
        now = store.x_splits(after, "time", ["station"], 6)
        assert asked.rows == 3000 and asked.texts[0].pairs == 3000 and asked.texts[0].missing is False
        assert now.rows == 3002 and now.texts[0].pairs == 3001 and now.texts[0].missing is True
        assert store.value_counts(before, ["reading"]) == {"reading": store.value_counts(after, ["reading"])["reading"] - 2}
        assert len(list(store.column_cells(before, "station"))) == 3000
        assert len(list(store.column_cells(after, "station"))) == 3002


def test_a_big_dataset_made_again_is_not_read_as_the_version_asked_for(own_sites):
    frame_site, asking_site = own_sites
    store = asking_site.extensions["svgplots"].store
    client = frame_site.test_client()
    with asking_site.app_context():
        before = store.info("tallies")
        assert client.delete("/api/datasets/tallies", headers=CSV_WRITE).status_code in (200, 204)
        assert client.post("/api/datasets?name=tallies", data=tallies_csv(), headers=CSV_WRITE).status_code == 201
        with pytest.raises(DatasetConflict, match="made again"):
            store.value_counts(before, ["counted"])
        with pytest.raises(DatasetConflict, match="made again"):
            store.column_cells(before, "counted")


def test_a_big_dataset_replaced_while_its_report_is_drawn_is_busy(own_sites, data_dir, store_url, closing,
                                                                 monkeypatch):
    frame_site, asking_site = own_sites
    store = asking_site.extensions["svgplots"].store
    asked = store.charts_rows
    # A site without the dashboard, which refuses to delete a dataset it draws.
    client = closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0)).test_client()

    def replaced_meanwhile(name, charts):
        if name == "ledger":
            answers = []
            done = threading.Thread(target=lambda: answers.extend((
                client.delete("/api/datasets/ledger", headers=CSV_WRITE).status_code,
                client.post("/api/datasets?name=ledger", data=tallies_csv(), headers=CSV_WRITE).status_code)))
            done.start()
            done.join()
            assert answers == [200, 201]
        return asked(name, charts)

    monkeypatch.setattr(store, "charts_rows", replaced_meanwhile)
    answer = asking_site.test_client().get("/d/ledger.pdf")
    assert answer.status_code == 503 and b"was replaced while it was read; try again" in answer.data


SUMS = """title = "Sums"
columns = 2

[[charts]]
id = "sums"
dataset = "huge"
kind = "bar"
x = "cat"
y = ["v"]
agg = "sum"

[[charts]]
id = "line"
dataset = "huge"
kind = "line"
x = "w"
y = ["v"]
"""


def huge_sites(data_dir, store_url, closing) -> tuple:
    """The frame path's app and the asking site's, over `huge`: 150 rows of one category whose values
    of 1e308 sum past the largest double, with the dashboard `sums` of their sum and of a line."""
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    loader = closing(writable_app(data_dir, **settings))
    rows = "cat,v,w\n" + "".join(f"a,1e308,{i}\n" for i in range(150))
    assert loader.test_client().post("/api/datasets?name=huge", data=rows, headers=CSV_WRITE).status_code == 201
    folder = data_dir.parent / "sums"
    folder.mkdir()
    (folder / "sums.toml").write_text(SUMS, encoding="utf-8")
    frame_site, asking_site = (closing(writable_app(data_dir, DASHBOARD_DIRS=[str(folder)], **settings))
                               for _ in range(2))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = 100
    return frame_site, asking_site


def pdf_words(report: bytes, tmp_path) -> str:
    """The report's text as pdftotext extracts it, runs of white space made one space."""
    (tmp_path / "report.pdf").write_bytes(report)
    return " ".join(subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
                                   timeout=60, check=True).stdout.split())


def test_a_chart_the_database_refuses_leaves_the_next_chart_of_a_big_datasets_report_drawn(
        data_dir, store_url, closing, tmp_path):
    # On PostgreSQL the refused sum aborted the charts' transaction, and the line's query after it failed.
    _, asking_site = huge_sites(data_dir, store_url, closing)
    report = asking_site.test_client().get("/d/sums.pdf")
    assert report.status_code == 200
    assert "of v in one cat is beyond the largest" in pdf_words(report.data, tmp_path)


def test_a_float_sum_past_the_largest_double_is_refused_in_the_same_words_for_big_and_small_datasets(
        data_dir, store_url, closing):
    frame_site, asking_site = huge_sites(data_dir, store_url, closing)
    sites = frame_site.test_client(), asking_site.test_client()
    urls = ["/d/sums/sums.svg", "/d/sums/sums.json", "/d/sums.pdf", "/plot/huge.svg?kind=bar&x=cat&agg=sum"]
    assert same_answers(sites, urls) == []
    error = sites[1].get("/d/sums/sums.json").get_json()["error"]
    assert "the sum of v in one cat is beyond the largest number a chart can hold" in error


def codes_sites(data_dir, store_url, closing) -> tuple:
    """The frame path's app and the asking site's (threshold 1,000), over `codes`: 3,000 rows of a
    column of whole numbers kept as text for row 2,500's leading zero and a column of words."""
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    loader = closing(writable_app(data_dir, **settings))
    rows = "when,code,word,v\n" + "".join(
        f"2024-01-01T00:{i // 60 % 60:02d}:{i % 60:02d},{'00042' if i == 2_500 else 100 + i % 900},w{i % 3},{i}\n"
        for i in range(1, 3_001))
    assert loader.test_client().post("/api/datasets?name=codes", data=rows, headers=CSV_WRITE).status_code == 201
    frame_site, asking_site = (closing(writable_app(data_dir, **settings)) for _ in range(2))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = THRESHOLD
    return frame_site, asking_site


def rows_fetched(monkeypatch, asking_site) -> list[int]:
    """The number of rows of each piece the asking site reads of a dataset's rows table from now on."""
    database = asking_site.extensions["svgplots"].store.database
    read, fetched = database._rows_of, []

    def counted(name, query):
        rows = read(name, query)
        fetched.append(len(rows))
        return rows

    monkeypatch.setattr(database, "_rows_of", counted)
    return fetched


@pytest.mark.parametrize(("url", "columns"), [("/plot/codes.svg?y=code", 1), ("/datasets/codes", 2)])
def test_the_cells_a_big_datasets_text_column_is_named_by_are_read_once(data_dir, store_url, closing, monkeypatch,
                                                                        url, columns):
    # A chart of the codes as numbers names their leading zero; the page warns of it, and looks at the words.
    frame_site, asking_site = codes_sites(data_dir, store_url, closing)
    fetched = rows_fetched(monkeypatch, asking_site)
    assert same_answers((frame_site.test_client(), asking_site.test_client()), [url]) == []
    assert b"00042" in asking_site.test_client().get(url).data
    assert 0 < sum(fetched) <= 3_000 * columns


@pytest.mark.parametrize(("later", "finer"), [("", []), ("2024-06-01T06:30:00", ["T06:30:00"]),
                                              ("2024-06-01T06:30:00.250000", ["T06:30:00.250000"])])
def test_a_big_datasets_dates_alone_are_looked_through_once_for_a_finer_row(data_dir, store_url, closing,
                                                                             later, finer):
    # 1,200 days: the first 100 shown; a time of day, or one with a fraction of a second, at row 1,150 or none.
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    site = closing(writable_app(data_dir, **settings))
    days = [f"{2024 + i // 336}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}" for i in range(1_200)]
    days[1_149] = later or days[1_149]
    assert site.test_client().post("/api/datasets?name=daily", data="day,v\n" + "".join(
        f"{day},{i}\n" for i, day in enumerate(days)), headers=CSV_WRITE).status_code == 201
    store = site.extensions["svgplots"].store.database
    store.pushdown_above_rows = THRESHOLD
    looked = []
    event.listen(store._engine, "before_cursor_execute", lambda *args: looked.append(args[2]))
    head = store.head("daily", 100).frame
    searches = [statement for statement in looked if "rowid >" in statement]
    # A search for a time of day; only where one is found, one for a fraction of a second.
    assert len(searches) == (2 if later else 1)
    assert [moment.isoformat()[10:] for moment in head["day"].iloc[100:]] == finer


def test_a_big_datasets_first_rows_are_asked_again_without_compiling_the_queries_again(data_dir, store_url, closing):
    # SQLAlchemy keeps a statement's compiled form by the table it names: the page's queries name the
    # same rows table each time, as its charts' do, and are compiled once.
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    site = closing(writable_app(data_dir, **settings))
    rows = "day,v\n" + "".join(f"2024-01-{1 + i % 28:02d},{i}\n" for i in range(1_200))
    assert site.test_client().post("/api/datasets?name=daily", data=rows, headers=CSV_WRITE).status_code == 201
    store = site.extensions["svgplots"].store.database
    store.pushdown_above_rows = THRESHOLD
    store.head("daily", 100)
    compiled = []

    def noted(conn, cursor, statement, parameters, context, executemany):
        if "rows_" in statement:
            compiled.append((statement, context.cache_hit))

    event.listen(store._engine, "before_cursor_execute", noted)
    store.head("daily", 100)
    assert compiled  # the first rows, and a search for a time of day
    assert [statement for statement, hit in compiled if hit != CACHE_HIT] == []


@pytest.mark.parametrize("hashing", ["on", "off"])
def test_postgresql_sorts_only_the_pairs_of_a_big_datasets_x_and_text(data_dir, postgres_database_url, closing,
                                                                      hashing):
    # Its distinct values, a few of all the rows, are found as the database chooses (by hashing them);
    # after the pairs, the setting is the database's own again, whatever it is.
    engine = create_engine(postgres_database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            name = make_url(postgres_database_url).database
            conn.exec_driver_sql(f"ALTER DATABASE {name} SET enable_hashagg = {hashing}")
    finally:
        engine.dispose()
    site = closing(writable_app(data_dir, DATABASE_URL=postgres_database_url, RENDER_WORKERS=0))
    rows = "t,station,kind,v\n" + "".join(f"{i // 3},s{i % 3},k{i % 2},{i}\n" for i in range(1_500))
    assert site.test_client().post("/api/datasets?name=shared", data=rows, headers=CSV_WRITE).status_code == 201
    database = site.extensions["svgplots"].store.database
    database.pushdown_above_rows = THRESHOLD
    hashed = []

    def noted(conn, cursor, statement, *args):
        if "rows_" in statement:
            hashed.append((statement, cursor.connection.execute("SHOW enable_hashagg").fetchone()[0]))

    event.listen(database._engine, "before_cursor_execute", noted)
    with site.app_context():
        splits = site.extensions["svgplots"].store.x_splits(database.info("shared"), "t", ["station", "kind"], 6)
    assert [split.values for split in splits.texts] == [("s0", "s1", "s2"), ("k0", "k1")]
    sorted_only = ["off" if "count(*)" in statement else hashing for statement, _ in hashed]
    assert [setting for _, setting in hashed] == sorted_only
    assert sum("count(*)" in statement for statement, _ in hashed) == 2  # the pairs of each text column


def test_a_float_mean_whose_sum_passes_the_largest_double_is_drawn_alike_for_big_and_small_datasets(
        data_dir, store_url, closing):
    # 150 values of 2**1023 and 2**1022 by turns: their sum in a day or a category is past the largest
    # double, their mean 1.5 * 2**1022 is not; the database path refused it, the frame path drew it.
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    loader = closing(writable_app(data_dir, **settings))
    rows = "t,cat,v\n" + "".join(f"2024-01-0{1 + i // 50}T{i % 50 // 4:02d}:{i % 4 * 15:02d}:00,a,{2.0 ** (1023 - i % 2)!r}\n"
                                 for i in range(150))
    assert loader.test_client().post("/api/datasets?name=vast", data=rows, headers=CSV_WRITE).status_code == 201
    frame_site, asking_site = (closing(writable_app(data_dir, **settings)) for _ in range(2))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = 100
    sites = frame_site.test_client(), asking_site.test_client()
    queries = ["kind=bar&x=cat&y=v&agg=mean", "x=t&y=v&resample=day&agg=mean", "kind=bar&x=t&y=v&resample=day"]
    for query in queries:
        answer = sites[1].get(f"/plot/vast.json?{query}")
        assert answer.status_code == 200, answer.data[:400]
        # Written to 15 digits, as a mean past 2**53 is: 6.74134925573368e+307.
        mean = number_to_read(1.5 * 2.0**1022)
        assert [row[-1] for row in answer.get_json()["rows"]] in ([mean], [mean] * 3)
    assert same_answers(sites, [f"/plot/vast.{ext}?{query}" for query in queries for ext in ("json", "svg")]) == []
    error = sites[1].get("/plot/vast.json?kind=bar&x=cat&y=v&agg=sum").get_json()["error"]
    assert "the sum of v in one cat is beyond the largest number a chart can hold" in error
    assert "agg=mean" in error
