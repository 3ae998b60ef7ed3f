"""The render cache: least recently used out first, never more bytes than its bound."""
from __future__ import annotations

import threading

from app.cache import RenderCache, Rendered
from plots import ChartSpec
from plots.spec_parser import _parse_spec_remembered, parse_spec


def item(size: int, tag: str = "") -> Rendered:
    return Rendered(b"x" * size, tag or str(size), "1")


def held(key, size: int) -> int:
    """The bytes the render cache counts for `size` bytes under `key`: the key's text too."""
    return size + len(repr(key))


def test_a_hit_returns_what_was_put_and_counts_as_a_hit():
    cache = RenderCache(1000)
    cache.put(("animals", "v1", ("line",), "svg", 1), item(10, "a"))
    assert cache.get(("animals", "v1", ("line",), "svg", 1)).etag == "a"
    assert cache.get(("animals", "v2", ("line",), "svg", 1)) is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_byte_bound_is_never_exceeded_and_the_least_recently_used_goes_first():
    cache = RenderCache(100)
    for key in "abc":
        cache.put(key, item(30, key))
    cache.get("a")  # now b is the least recently used
    cache.put("d", item(30, "d"))
    assert cache.size <= 100
    assert cache.get("b") is None
    assert [cache.get(k).etag for k in "acd"] == ["a", "c", "d"]


def test_a_body_larger_than_the_whole_cache_is_not_kept_and_evicts_nothing():
    cache = RenderCache(100)
    cache.put("small", item(40))
    cache.put("huge", item(101))
    assert cache.get("huge") is None and cache.get("small") is not None
    assert cache.size == held("small", 40)


def test_putting_a_key_again_replaces_it_and_its_size():
    cache = RenderCache(100)
    cache.put("a", item(60))
    cache.put("a", item(20))
    assert cache.size == held("a", 20) and len(cache) == 1


def test_many_threads_keep_the_bound_and_the_size_exact():
    cache = RenderCache(10_000)

    def work(offset: int) -> None:
        for i in range(500):
            cache.put((offset, i % 50), item(100 + i % 7))
            cache.get((offset, (i * 7) % 50))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.size <= 10_000
    assert cache.size == sum(held(k, len(cache.peek(k).body)) for k in cache.held_keys())


def test_the_bound_counts_each_key_with_its_bytes():
    # A key holds the chart's spec and rows chosen: a filter of long values made keys of KBs, counted as nothing.
    cache = RenderCache(12_000)
    keys = [("animals", "1", ("line",), ("x" * 5_000 + str(n),), "svg") for n in range(3)]
    for key in keys:
        cache.put(key, item(100))
    assert len(cache) == 2 and cache.get(keys[0]) is None
    assert cache.size == 2 * held(keys[1], 100) <= 12_000


def test_a_chart_asked_twice_is_rendered_once_and_each_format_and_spec_apart(client, app):
    cache = app.extensions["svgplots"].cache
    first = client.get("/animal.svg?type=Bear")
    again = client.get("/animal.svg?type=Bear")
    assert first.status_code == again.status_code == 200 and first.data == again.data
    assert cache.hits == 1
    client.get("/animal.svg?type=Bear&theme=dark")
    client.get("/plot/animals.png?y=Bear")
    assert cache.hits == 1 and len(cache) == 3


def test_a_spec_asked_in_every_format_and_version_is_parsed_and_kept_once(client):
    # What else a URL takes (an SVG's errors, a PNG's scale) is only for the message refusing a
    # parameter: the parse cache keeps one spec for every URL drawing the same chart.
    _parse_spec_remembered.cache_clear()
    for url in ("/d/weather/temperature.svg?width=300&v=1", "/d/weather/temperature.png?width=300&v=2",
                "/d/weather/temperature.pdf?width=300", "/d/weather/temperature.json?width=300&v=3",
                "/d/weather/temperature?width=300"):
        assert client.get(url).status_code == 200, url
    # The URLs' width laid over the dashboard chart's own spec, one entry for all five; the chart's own
    # spec is kept by the chart (`dashboard_charts.Chart.spec`), made before the cache was cleared.
    assert _parse_spec_remembered.cache_info().currsize == 1


def test_specs_of_a_dataset_of_many_long_column_names_are_parsed_each_time_not_kept():
    # Kept, each parse's key would hold every column's name: some 70 KB, in each of 1,024 places.
    names = [f"{number:02d}" + "\U0001F600" * 198 for number in range(50)]
    columns = {"t": "datetime", **{name: "float" for name in names}}
    _parse_spec_remembered.cache_clear()
    for number in range(1100):
        assert parse_spec({"y": [names[number % 50]], "title": [f"chart {number}"]}, columns).title == f"chart {number}"
    assert _parse_spec_remembered.cache_info().currsize == 0
    assert parse_spec({"y": ["v"]}, {"t": "datetime", "v": "float"}).y == ("v",)
    assert _parse_spec_remembered.cache_info().currsize == 1


def test_an_image_request_builds_its_render_cache_key_once(client, monkeypatch):
    # The key looks the chart up, stores it and is what the layer ahead of Flask answers its URL by.
    built = []
    key = ChartSpec.key
    monkeypatch.setattr(ChartSpec, "key", lambda spec: built.append(spec) or key(spec))
    for url in ("/plot/weather.svg?kind=hist&y=temperature_c", "/d/weather/temperature.png?width=300"):
        built.clear()
        assert client.get(url).status_code == 200
        assert len(built) == 1, url


def test_asking_whether_a_key_is_held_counts_nothing_and_leaves_the_order():
    cache = RenderCache(1000)
    for key in "ab":
        cache.put(key, item(10, key))
    assert cache.holds("a") and not cache.holds("c")
    assert (cache.hits, cache.misses) == (0, 0)
    assert cache.held_keys() == ["a", "b"]  # a, asked about, is still the least recently used
