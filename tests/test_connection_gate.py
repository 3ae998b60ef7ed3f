"""The gate between the SQL store's transactions and a reopen of its file: each thread's count of
its shared holds stays true when a hold is ended in another thread (a generator closed there)."""
from __future__ import annotations

import threading

from app.store.connection_gate import ConnectionGate


class SlowCount(list):
    """A thread's count of holds whose reading, in the thread that owns it, gives another thread
    the moment between the read and the write of `count += 1` (the interpreter may switch there)."""

    def __init__(self, owner: threading.Thread, between: threading.Event, done: threading.Event):
        super().__init__([0])
        self.owner, self.between, self.done, self.slow = owner, between, done, False

    def __getitem__(self, index):
        value = super().__getitem__(index)
        if self.slow and threading.current_thread() is self.owner:
            self.slow = False
            self.between.set()
            self.done.wait(1.0)  # the other thread's release, unless the gate keeps it out meanwhile
        return value


def test_a_hold_ended_in_another_thread_while_this_one_takes_one_leaves_its_count_true():
    gate = ConnectionGate(timeout=5.0, busy_message="busy")
    between, done = threading.Event(), threading.Event()
    count = SlowCount(threading.current_thread(), between, done)
    gate._threads.held = count
    first = gate.hold()

    def elsewhere() -> None:
        between.wait(5.0)
        gate.release(first)  # a generator holding the gate, closed in this thread
        done.set()

    other = threading.Thread(target=elsewhere)
    other.start()
    count.slow = True
    second = gate.hold()
    other.join(5.0)
    gate.release(second)
    assert not gate.held_here() and count == [0] and gate._shared == 0
