"""The memos of a function's answers (a stored dataset's SQL table, a report's wrapped text, the
widths of characters wrapped) hold at most their bytes, however big their entries: filled past them
with big ones, the least recently used are dropped. Each bound is lowered here, so that a few entries
pass it."""
from __future__ import annotations

from app.store.stored_values import stored_relation
from app.store.types import Column
from plots import line_breaks, pdf


def test_the_stored_tables_kept_filled_past_their_bytes_with_wide_datasets_stay_within_them(monkeypatch):
    bound = 1024 * 1024
    monkeypatch.setattr(stored_relation.kept, "max_bytes", bound)
    columns = tuple(Column(f"reading_{number:02d}_" + "n" * 100, "text") for number in range(50))
    relations = [stored_relation(dataset_id, columns) for dataset_id in range(900_001, 900_025)]
    kept = stored_relation.kept
    assert bound // 2 < kept.size <= bound
    assert 1 < len(kept) < len(relations)
    assert stored_relation(900_024, columns) is relations[-1]  # the last one read is kept


def test_the_wrapped_report_text_kept_filled_past_its_bytes_with_long_captions_stays_within_them(monkeypatch):
    bound = 256 * 1024
    monkeypatch.setattr(pdf._wrapped.kept, "max_bytes", bound)
    # Captions of 20,000 characters, the most a report prints, which differ in their first line only:
    # wrapped, their other lines are measured once.
    captions = [f"{number:02d} " + ("measured " * 2_300)[:19_997] for number in range(24)]
    for caption in captions:
        assert pdf._wrapped(caption, pdf.CAPTION_SIZE, 400.0).startswith(f"{caption[:3]}measured")
    kept = pdf._wrapped.kept
    assert bound // 2 < kept.size <= bound
    assert 1 < len(kept) < len(captions)
    assert sum(len(key[0]) + len(kept.peek(key)) for key in kept.held_keys()) <= bound


def test_the_character_widths_kept_filled_past_their_bytes_with_many_characters_stay_within_them(monkeypatch):
    bound = 16 * 1024
    monkeypatch.setattr(line_breaks._advance.kept, "max_bytes", bound)
    # Latin, Greek and Cyrillic letters, each a character of its own.
    letters = (range(0x100, 0x180), range(0x391, 0x3A2), range(0x3A3, 0x3CA), range(0x400, 0x460))
    characters = [chr(code) for codes in letters for code in codes]
    for character in characters:
        assert line_breaks._advance(character, 9.0, "normal") > 0
    kept = line_breaks._advance.kept
    assert bound // 2 < kept.size <= bound
    assert 1 < len(kept) < len(characters)
