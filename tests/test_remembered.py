"""The memos of alt texts and of a column's values: made once, and never more than their size."""
from __future__ import annotations

from app.context import remembered


def test_a_remembered_value_is_made_once_and_a_full_memo_is_emptied_before_a_new_one_is_kept():
    memo: dict = {}
    made = []

    def make(key):
        return lambda: made.append(key) or f"value {key}"

    assert remembered(memo, 1, make(1), size=2) == "value 1"
    assert remembered(memo, 1, make(1), size=2) == "value 1"
    assert remembered(memo, 2, make(2), size=2) == "value 2"
    assert made == [1, 2] and len(memo) == 2
    assert remembered(memo, 3, make(3), size=2) == "value 3"
    assert memo == {3: "value 3"}
    assert remembered(memo, (), lambda: (), size=2) == () and memo[()] == ()
