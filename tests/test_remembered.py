"""The app's memos (alt texts, a column's values, how a dataset's rows share an x, …): a value made
once; a full memo drops its least recently used entries, not all of them."""
from __future__ import annotations

import gc
import sys
import traceback
import types
from types import SimpleNamespace

import pytest

from app import create_app
from app.context import memo, remembered
from app.filter_values import _keep_values
from app.selection_queries import column_values
from app.store import DatasetUnreadable
from plots.sized_lru import SizedLRU, held_bytes
from tests.conftest import dashboard_site


def made_by(made: list):
    """A maker of `key`'s value that notes each value made in `made`."""
    return lambda key: lambda: made.append(key) or f"value {key}"


def test_a_remembered_value_is_made_once(app):
    made = []
    make = made_by(made)
    with app.app_context():
        kept = memo("test", 2)
        assert remembered(kept, 1, make(1)) == "value 1"
        assert remembered(kept, 1, make(1)) == "value 1"
        assert remembered(kept, (), lambda: ()) == () and kept.get(()) == ()
    assert made == [1]


def test_a_memo_filled_one_past_its_size_drops_only_its_least_recently_used_entry(app):
    made = []
    make = made_by(made)
    with app.app_context():
        kept = memo("test", 3)
        for key in (1, 2, 3):
            remembered(kept, key, make(key))
        remembered(kept, 1, make(1))  # asked again: now the most recently used
        remembered(kept, 4, make(4))
        assert [kept.holds(key) for key in (1, 2, 3, 4)] == [True, False, True, True]
        assert remembered(memo("test", 3), 3, make(3)) == "value 3"  # the same memo, by its name
    assert made == [1, 2, 3, 4]


def test_a_memo_bounded_by_bytes_drops_its_least_recently_used_entries_past_them(app):
    with app.app_context():
        kept = memo("test", 10, len)
        for key in ("abcd", "efgh", "ijk"):
            kept.put(key, key)
        assert [kept.holds(key) for key in ("abcd", "efgh", "ijk")] == [False, True, True]


def test_the_values_memo_filled_one_past_filter_values_cache_bytes_keeps_the_latest_columns(data_dir, monkeypatch):
    asked = []
    values = ("north", "south")

    def text_values(name, column, known=None):
        asked.append(column)
        return values

    # Room for two columns' values with their keys, as the memo counts them.
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir),
                      "FILTER_VALUES_CACHE_BYTES": 2 * (held_bytes(values) + held_bytes(("stations", "1", "a")))})
    monkeypatch.setattr(app.extensions["svgplots"].store, "text_values", text_values)
    info = SimpleNamespace(name="stations", version="1")

    def asked_for(column: str) -> tuple[str, ...]:
        with app.app_context():  # a request's: what one request read is not read again in it
            return column_values(info, column)

    for column in ("a", "b", "c"):
        assert asked_for(column) == values
    assert asked_for("b") == values  # the second most recent is still held
    assert asked_for("c") == values
    assert asked == ["a", "b", "c"]
    assert asked_for("a") == values  # the least recently used was dropped
    assert asked == ["a", "b", "c", "a"]


def test_a_column_the_values_memo_cannot_hold_is_read_once_a_request_however_many_charts_filter_by_it(
        data_dir, tmp_path, monkeypatch):
    (data_dir / "st.csv").write_text("t,station,v\n2024-01-01,north,1\n2024-01-02,south,2\n", encoding="utf-8")
    boards = tmp_path / "boards"
    boards.mkdir()
    charts = "".join(f'[[charts]]\nid = "c{number}"\ndataset = "st"\n' for number in range(3))
    (boards / "s.toml").write_text(f'title = "S"\n[[filters]]\ncolumn = "station"\n{charts}', encoding="utf-8")
    # FILTER_VALUES_CACHE_BYTES 0: too big to keep between requests, as a huge column is.
    site = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "RENDER_WORKERS": 0, "FILTER_VALUES_CACHE_BYTES": 0})
    store = site.extensions["svgplots"].store
    asked = []
    read = store.text_values
    monkeypatch.setattr(store, "text_values", lambda name, column, known=None:
                        asked.append((name, column)) or read(name, column, known))
    client = site.test_client()
    # The form's values, the query's check of the one chosen, and each chart's look-alike note read them.
    for path in ("/d/s?filter.station=north", "/d/s/c1?filter.station=north", "/d/s.pdf?filter.station=north"):
        asked.clear()
        assert client.get(path).status_code == 200
        assert asked == [("st", "station")], path


def test_a_column_s_values_read_error_raised_again_in_a_request_keeps_where_the_read_failed(app, monkeypatch):
    # The error met reading a column's values is kept for the request and raised for each chart:
    # each raise a copy under the frames of the read, none of them cleared by a later raise.
    def text_values(name, column, known=None):
        raise DatasetUnreadable("dataset 'stations' cannot be read")

    monkeypatch.setattr(app.extensions["svgplots"].store, "text_values", text_values)
    info = SimpleNamespace(name="stations", version="1")
    raised = []
    with app.app_context():
        for _ in range(2):
            with pytest.raises(DatasetUnreadable) as caught:
                column_values(info, "station")
            raised.append(caught.value)
    frames = [[frame.name for frame in traceback.extract_tb(each.__traceback__)] for each in raised]
    assert frames[0][-1] == frames[1][-1] == "text_values"  # where the read failed
    assert raised[0] is not raised[1] and frames[0] == frames[1]


def test_the_values_memo_filled_past_its_bytes_with_columns_of_long_names_and_no_values_stays_within_them(
        data_dir, monkeypatch):
    bound = 16 * 1024
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "FILTER_VALUES_CACHE_BYTES": bound})
    monkeypatch.setattr(app.extensions["svgplots"].store, "text_values", lambda name, column, known=None: ())
    info = SimpleNamespace(name="stations", version="1")
    for number in range(100):
        with app.app_context():
            column_values(info, f"{number:03d}" + "c" * 197)  # the longest name a column may have
    kept = app.extensions["svgplots.memo.values"]
    assert 0 < sum(len(repr(key)) for key in kept.held_keys()) <= kept.size <= bound


@pytest.mark.parametrize("values", [(), ("a",), ("a", "b" * 100)])
def test_a_columns_values_count_each_string_they_hold(values):
    assert held_bytes(values + ("more",)) > held_bytes(values)


def sensors_site(tmp_path, datasets: dict[str, list[str]]):
    """A site of a file for each of `datasets` (a name and its rows' sensors) and a dashboard `m` drawing
    each, filtered by its `sensor` column."""
    files = {f"{name}.csv": "t,sensor,v\n" + "".join(f"2024-01-01,{s},1\n" for s in sensors)
             for name, sensors in datasets.items()}
    charts = "".join(f'[[charts]]\nid = "{name}"\ndataset = "{name}"\ny = ["v"]\n' for name in datasets)
    return dashboard_site(tmp_path, files, f'title = "S"\n[[filters]]\ncolumn = "sensor"\n{charts}')


def test_a_filter_s_values_of_one_dataset_s_column_are_counted_once_in_the_values_memo(data_dir, tmp_path):
    # 3,000 values of one dataset's column: the filter's entry keeps none of them, where it kept them
    # again beside the column's own entry, the memo counting them twice.
    sensors = [f"sensor-{number:04d}" for number in range(3000)]
    site = sensors_site(tmp_path, {"st": sensors})
    client = site.test_client()
    first = client.get("/d/m/versions.json").get_data()
    kept = site.extensions["svgplots.memo.values"]
    assert len(kept) == 2
    column = held_bytes(tuple(sensors)) + held_bytes(kept.held_keys()[0])
    assert column < kept.size < column + 1024
    assert client.get("/d/m/versions.json").get_data() == first
    assert client.get("/d/m?filter.sensor=sensor-2999").status_code == 200  # a value of the column, checked


def test_a_filter_s_values_across_datasets_count_each_text_once_beside_their_columns_entries(tmp_path):
    # Two datasets' 300 sensors each, 150 shared: the filter's entry counted their texts again on top of
    # each column's entry. A column's entry dropped, the filter's counts the texts it then holds alone.
    first = [f"sensor-{number:04d}" for number in range(300)]
    second = [f"sensor-{number:04d}" for number in range(150, 450)]
    site = sensors_site(tmp_path, {"sa": first, "sb": second})
    client = site.test_client()
    answer = client.get("/d/m/versions.json").get_json()
    kept = site.extensions["svgplots.memo.values"]
    sizes = {key: size for key, (_, size) in kept._items.items()}
    columns = [key for key in sizes if len(key) == 3]
    (filtered,) = [key for key in sizes if len(key) == 2]
    assert sorted(key[0] for key in columns) == ["sa", "sb"]
    texts = sum(map(str.__sizeof__, sorted(set(first) | set(second))))  # 450 texts, about 22 kB
    assert sizes[filtered] < texts // 4  # the tuple of 450 of them and the key, no text again
    dropped = next(key for key in columns if key[0] == "sa")
    kept.drop(dropped)
    assert not kept.holds(filtered)  # it relied on the column's entry for the texts it did not count
    assert client.get("/d/m/versions.json").get_json()["filters"] == answer["filters"]
    assert kept.holds(dropped) and kept.holds(filtered)  # both read anew
    assert kept._items[filtered][1] < texts // 4


def alive_bytes(kept: SizedLRU) -> int:
    """The bytes of the objects the memo `kept` holds alive through its keys and values, each counted
    once, as `gc` finds what each object refers to (whether `held_bytes` would see it or not)."""
    seen: set[int] = set()
    left = [part for key, (value, _) in kept._items.items() for part in (key, value)]
    total = 0
    while left:
        item = left.pop()
        if id(item) in seen or isinstance(item, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        left.extend(gc.get_referents(item))
    return total


def two_columns_and_their_filter(kept: SizedLRU) -> tuple[tuple, tuple, tuple]:
    """The column entries of two datasets' 300 sensors each, 150 shared, put in `kept`, and the entry
    of a filter's values across both: their keys, `sa`'s, `sb`'s and the filter's."""
    infos = [SimpleNamespace(name="sa", version="1"), SimpleNamespace(name="sb", version="1")]
    first = tuple(f"sensor-{number:04d}" for number in range(300))
    second = tuple(f"sensor-{number:04d}" for number in range(150, 450))  # texts of their own, as a read makes
    kept.put(("sa", "1", "sensor"), first)
    kept.put(("sb", "1", "sensor"), second)
    filtered = ("sensor", (("sa", "1"), ("sb", "1")))
    _keep_values(kept, filtered, infos, "sensor", tuple(sorted(set(first) | set(second))), True)
    assert kept.holds(filtered)
    return ("sa", "1", "sensor"), ("sb", "1", "sensor"), filtered


def test_a_column_entry_the_values_memo_drops_takes_the_filter_s_entry_relying_on_it_along():
    # The filter's entry counted none of the texts the column entries hold. The memo dropped sa's entry
    # as the least recently used, and the filter's kept its 300 texts alive (150 of them its alone, and
    # sa's whole tuple), about 20 kB the memo no longer counted, until the filter was read again.
    kept = SizedLRU(10**7, held_bytes, held_bytes)
    first, second, filtered = two_columns_and_their_filter(kept)
    kept.max_bytes = kept.size + 100
    kept.put(("sc", "1", "sensor"), ("s" * 200,))  # past the bound: the least recently used, sa's, out
    assert not kept.holds(first)
    assert not kept.holds(filtered)
    assert kept.holds(second)
    assert alive_bytes(kept) <= kept.size


def test_a_filter_s_entry_read_keeps_the_column_entries_it_relies_on_as_recently_used():
    kept = SizedLRU(10**7, held_bytes, held_bytes)
    first, second, filtered = two_columns_and_their_filter(kept)
    kept.put("other", "o" * 100)
    assert kept.get(filtered) is not None
    kept.max_bytes = kept.size + 100
    kept.put("more", "m" * 200)  # past the bound: the least recently used out, "other" now
    assert not kept.holds("other")
    assert kept.holds(first) and kept.holds(second) and kept.holds(filtered)


def test_a_column_entry_read_again_after_it_was_dropped_drops_the_filter_s_entry_counted_beside_it():
    # The column's tuple dropped and read anew: the new tuple, made as the old is freed, is put where
    # the old one was in memory (a few texts: Python keeps freed small tuples to give out again), and
    # looked the same to a check by its address.
    kept = SizedLRU(10**7, held_bytes)
    entry = ("sa", "1", "sensor")
    texts = ["sensor-1", "sensor-2", "sensor-3"]
    infos = [SimpleNamespace(name="sa", version="1"), SimpleNamespace(name="sb", version="1")]
    kept.put(entry, tuple(texts))
    for _ in range(20):  # each time, a tuple made as the last was freed, as a read anew makes one
        _keep_values(kept, "filtered", infos, "sensor", tuple(texts), True)
        assert kept.holds("filtered")
        kept.drop(entry)
        kept.put(entry, tuple(texts))
        assert not kept.holds("filtered")
