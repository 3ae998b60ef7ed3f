"""What `held_bytes` counts of what a memo keeps: its text, numbers and containers, and the fields of
its dataclasses however deep, each object once, told apart by their types."""
from __future__ import annotations

import sys
from dataclasses import dataclass

from app.views.chart_alt import Described, Refusal
from plots.sized_lru import held_bytes

LONG = "w" * 10_000


@dataclass(frozen=True)
class Slotted:
    """A dataclass whose objects have no `__dict__`."""

    __slots__ = ("inner",)
    inner: object


def test_an_alt_text_memos_entry_counts_its_words_and_the_characters_it_names():
    # The entry itself, and its text of a byte a character at least.
    itself = sys.getsizeof(Described(""))
    assert held_bytes(Described(LONG)) >= itself + len(LONG)
    assert held_bytes(Described("", (LONG,))) >= itself + len(LONG)


def test_each_dataclass_of_a_type_counts_its_own_fields():
    # The fields of a type are found once: the second of its objects still counts what it holds.
    first, second = Refusal("m" * 500, None, 422), Refusal(LONG, "y", 422)
    assert held_bytes((first, second)) >= held_bytes(first) + len(LONG)


def test_a_dataclass_in_a_dataclass_and_in_containers_is_counted_through():
    assert held_bytes(Slotted(Slotted((LONG,)))) >= len(LONG)
    assert held_bytes({"k": [Described(LONG)]}) >= len(LONG)
    assert held_bytes(frozenset({("a", Refusal(LONG, None, 400))})) >= len(LONG)


def test_an_object_held_twice_is_counted_once_and_a_dataclass_type_as_its_own_size():
    words = Described(LONG)
    assert held_bytes((words, words)) == held_bytes(words) + sys.getsizeof((words, words))
    assert held_bytes(Described) == sys.getsizeof(Described)
    assert held_bytes("text") == sys.getsizeof("text")


TEXTS = [f"value {i}" + "é" * (i % 3) for i in range(200)]  # a filter's values: many texts, some not ASCII


def own_sizes(*objects: object) -> int:
    return sum(sys.getsizeof(item) for item in objects)


def test_many_texts_are_each_counted_with_their_container():
    for container in (tuple(TEXTS), list(TEXTS), frozenset(TEXTS)):
        assert held_bytes(container) == own_sizes(container, *TEXTS)


def test_a_text_among_many_held_twice_or_counted_before_is_counted_once():
    twice = (*TEXTS, TEXTS[0])
    assert held_bytes(twice) == own_sizes(twice, *TEXTS)
    values = tuple(TEXTS)
    before = (TEXTS[5], values)
    assert held_bytes(before) == own_sizes(before, values, *TEXTS)


def test_many_values_of_several_types_are_each_counted():
    mixed = (*TEXTS, 7, 2.5, None, b"x" * 100, ("inner", LONG))
    assert held_bytes(mixed) == own_sizes(mixed, *TEXTS, 7, 2.5, None, b"x" * 100, mixed[-1], "inner", LONG)
