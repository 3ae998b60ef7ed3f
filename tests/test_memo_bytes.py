"""The memos of a page's words (alt texts, a column's cells, how rows share an x, a big download's
digest) hold at most their bytes, however big their entries: filled past them with big ones, the
least recently used are dropped. Each bound is lowered here, so that a few entries pass it."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from app import column_cells, create_app
from app.context import MEMO_PREFIX
from app.views import chart_alt, dataset_charts, dataset_rows

# The bound each memo is given here: a few of the big entries below pass it.
BOUND = 64 * 1024


def site(data_dir: Path, tmp_path: Path | None = None, board: str | None = None):
    """A test client of an app over `data_dir`, with a dashboard `m` of `board` where given."""
    settings = {"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}
    if board is not None:
        boards = tmp_path / "boards"
        boards.mkdir()
        (boards / "m.toml").write_text(board, encoding="utf-8")
        settings["DASHBOARD_DIRS"] = [str(boards)]
    app = create_app(settings)
    return app, app.test_client()


def text_held(app, name: str) -> int:
    """The characters of the text of the keys and values the memo `name` holds: less than the bytes
    they hold, each character at least one byte."""
    kept = app.extensions[MEMO_PREFIX + name]
    return sum(len(repr(key)) + len(repr(kept.peek(key))) for key in kept.held_keys())


def test_the_alt_text_memo_filled_past_its_bytes_with_charts_filtered_by_long_values_stays_within_them(
        data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(chart_alt, "ALT_MEMO_BYTES", BOUND)
    values = [f"{number:02d}" + "v" * 20_000 for number in range(12)]
    rows = "".join(f"2024-01-{day:02d},{value},{day}\n" for day, value in enumerate(values, 1))
    (data_dir / "st.csv").write_text("t,station,value\n" + rows, encoding="utf-8")
    app, client = site(data_dir, tmp_path, 'title = "M"\n[[filters]]\ncolumn = "station"\n'
                                           '[[charts]]\nid = "c"\ndataset = "st"\ny = "value"\n')
    for value in values:  # each page's chart words kept under its key, which holds the value
        assert client.get(f"/d/m/c?filter.station={quote(value)}").status_code == 200
    assert BOUND // 2 < text_held(app, "alt") <= BOUND
    assert app.extensions[MEMO_PREFIX + "alt"].size <= BOUND


def test_the_column_cells_memo_filled_past_its_bytes_with_warnings_of_long_cells_stays_within_them(
        data_dir, monkeypatch):
    bound = 8 * 1024
    monkeypatch.setattr(column_cells, "MEMO_BYTES", bound)
    names = [f"n{number}" for number in range(8)]
    for name in names:
        # A text column of numbers but one long cell: the warning of it names that cell cut, some 600
        # characters with its column's name and what to do, a few KB held; a few of them pass the bound.
        rows = "".join(f"2024-01-{day:02d},{day}\n" for day in range(1, 20)) + "2024-01-20,x" + "y" * 20_000 + "\n"
        (data_dir / f"{name}.csv").write_text("t,value\n" + rows, encoding="utf-8")
    app, client = site(data_dir)
    for name in names:
        assert client.get(f"/datasets/{name}").status_code == 200
    kept = app.extensions[MEMO_PREFIX + "column_cells"]
    assert 1 < len(list(kept.held_keys())) < len(names)
    assert bound // 2 < kept.size <= bound


def test_the_shared_x_memo_filled_past_its_bytes_with_long_split_values_stays_within_them(data_dir, monkeypatch):
    bound = 16 * 1024
    monkeypatch.setattr(dataset_charts, "SHARED_X_MEMO_BYTES", bound)
    for number in range(24):
        # Six stations of names as long as a title takes share each date: a chart per station.
        stations = [f"{number:02d}{station}" + "s" * 180 for station in range(6)]
        rows = "".join(f"2024-01-{day:02d},{station},{day}\n" for day in range(1, 4) for station in stations)
        (data_dir / f"w{number}.csv").write_text("t,station,value\n" + rows, encoding="utf-8")
    app, client = site(data_dir)
    assert client.get("/").status_code == 200  # the front page asks every dataset
    assert bound // 2 < text_held(app, "shared_x") <= bound
    assert app.extensions[MEMO_PREFIX + "shared_x"].size <= bound


def test_the_rows_digests_memo_filled_past_its_bytes_with_many_date_columns_stays_within_them(
        data_dir, monkeypatch):
    bound = 16 * 1024
    monkeypatch.setattr(dataset_rows, "ROWS_DIGESTS_MEMO_BYTES", bound)
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 2)
    header = ",".join(f"date_{column}" for column in range(50))
    rows = "".join(",".join(f"2024-01-{day:02d}" for _ in range(50)) + "\n" for day in range(1, 4))
    for number in range(12):
        (data_dir / f"d{number}.csv").write_text(f"{header}\n{rows}", encoding="utf-8")
    app, client = site(data_dir)
    for number in range(12):
        assert client.get(f"/datasets/d{number}.csv").status_code == 200
    assert app.extensions[MEMO_PREFIX + "rows_digests"].size <= bound
    assert 0 < len(app.extensions[MEMO_PREFIX + "rows_digests"]) < 12


def test_a_memo_made_anew_with_the_store_keeps_counting_its_keys(app):
    from app.context import bytes_memo, forget_store

    with app.app_context():
        bytes_memo("alt", BOUND).put("k" * 100, "words")
    forget_store(app, "other")
    kept = app.extensions[MEMO_PREFIX + "alt"]
    kept.put("k" * 100, "words")
    assert kept.max_bytes == BOUND and kept.size > 100


def test_a_value_put_with_the_bytes_its_maker_counted_is_bounded_by_them_with_its_keys():
    from plots.sized_lru import SizedLRU

    def never(value):
        raise AssertionError("counted again")

    kept = SizedLRU(1000, never, key_size=len)
    kept.put("ab", object(), size=400)
    kept.put("cd", object(), size=500)
    assert kept.size == 904 and len(kept) == 2
    kept.put("ef", object(), size=200)  # past the bound: the least recently used let go
    assert kept.held_keys() == ["cd", "ef"] and kept.size == 704
    kept.put("gh", object(), size=1001)  # more than the bound alone: not kept
    assert kept.held_keys() == ["cd", "ef"]


def test_values_kept_under_a_prefix_are_made_once_a_key_anew_when_asked_and_not_kept_past_a_clear():
    from plots.sized_lru import SizedLRU, held_bytes, kept_under

    memo = SizedLRU(10_000, held_bytes, held_bytes)
    made = []

    def make(value):
        return lambda: made.append(value) or value

    kept = kept_under(memo, ("t", "7"), memo.generation)
    assert [kept("a", make(1)), kept("a", make(2)), kept("b", make(3))] == [1, 1, 3]
    assert kept("a", make(4), True) == 4 and kept("a", make(5)) == 4
    assert made == [1, 3, 4] and memo.held_keys() == [("t", "7", "b"), ("t", "7", "a")]
    memo.clear()  # a store replaced meanwhile: what the reader made is not kept
    assert kept("a", make(6)) == 6 and len(memo) == 0
