"""A filter's values across datasets, kept in the values memo beside their columns' entries: each text
counted once while those entries hold it, and counted again once an entry is not the one it was."""
from __future__ import annotations

from types import SimpleNamespace

from app.filter_values import _shared_bytes
from plots.sized_lru import SizedLRU, held_bytes


def test_a_column_entry_read_again_after_it_was_dropped_has_the_filter_s_texts_counted_again():
    # The column's tuple dropped and read anew: the new tuple, made as the old is freed, may be put
    # where the old one was in memory, and looked the same to a check by its address.
    kept = SizedLRU(10**7, held_bytes)
    entry = ("sa", "1", "sensor")
    texts = [f"sensor-{number:04d}" for number in range(300)]
    kept.put(entry, tuple(texts))
    shared = _shared_bytes(kept, [SimpleNamespace(name="sa", version="1")], "sensor", tuple(texts), True).kept
    assert shared.counted_alone(kept)
    for _ in range(20):  # each time, a tuple made as the last was freed, as a read anew makes one
        kept.drop(entry)
        kept.put(entry, tuple(texts))
        assert not shared.counted_alone(kept)
