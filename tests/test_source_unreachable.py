"""Why a source cannot be reached, and whether its 503 carries Retry-After: the reason's own say,
whether waiting may mend it, never its words."""
from __future__ import annotations

from sqlalchemy.engine import make_url

from app.store.source_config import Source
from app.store.source_unreachable import MISSING_WHY, Unreachable, unavailable

SOURCE = Source("db", make_url("sqlite:///src.db"))


def test_retry_after_follows_whether_waiting_mends_the_reason_not_its_words():
    # The words of a file not there, said of a reason waiting may mend: Retry-After, and "try again".
    waited = unavailable("ev", SOURCE, retry_after=7, why=Unreachable(MISSING_WHY.words, waiting_mends=True))
    assert waited.retry_after == 7
    assert waited.message == f"the source 'db' of dataset 'ev' cannot be reached right now: {MISSING_WHY.words}; " \
                             "try again in a moment"
    # Words no reason had before, of one someone must mend: none, and what to do alone.
    mended = unavailable("ev", SOURCE, retry_after=7, why=Unreachable("its file is made of cheese: "
                                                                      "put a database there", waiting_mends=False))
    assert mended.retry_after is None
    assert mended.message == ("the source 'db' of dataset 'ev' cannot be opened: its file is made of cheese: put a "
                              "database there")
    assert mended.unreachable == Unreachable("its file is made of cheese: put a database there", waiting_mends=False)


def test_a_reason_of_no_words_is_an_outage_to_wait_out():
    error = unavailable("ev", SOURCE, retry_after=3)
    assert error.retry_after == 3
    assert error.message == "the source 'db' of dataset 'ev' cannot be reached right now; try again in a moment"
