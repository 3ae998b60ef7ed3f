"""One log line when the dataset database goes out of reach, and one when it answers again.

Every request that needs the database answers 503 while it is out of reach; logging each would
bury the one fact a reader wants, when the outage began and when it ended. The store's transactions
tell it (`store/outage_notes.OutageNoted`): the first to find the database out of reach, with the reason
its driver gives (`Connection refused`; never its URL, user or password), and the first begun since
then to find it answering again, whatever asked (a request, /healthz), so that an outage's end is logged with no
health check polling, and the next outage too. A database the site does not open until someone
mends it (an SQLite store file empty, or missing, beside a log holding changes) is logged so,
saying what to do, not to wait, though an outage was logged before it; an outage found after it is
logged too, its line saying to wait. Writes refused while the database answers (its disk full, the
store read-only) are logged once as they begin, and once as a write is stored again. The state is this process's:
each gunicorn worker logs an outage it sees once.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)
# What a driver quotes, which libpq does of the host, user and database it names ('could not translate
# host name "db" to address'): a quote mark at either end of a word, not an apostrophe within one.
QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")


def driver_reason(said: str, url: URL) -> str:
    """The reason a database driver gives in its message `said`, in one line that names nothing of
    the database's `url`: of its first line, what follows the last "failed: " (libpq's 'connection to
    server at "db", port 5432 failed: Connection refused' is "Connection refused"), without a
    severity, what it quotes, or the URL's host, port, user, password or database written as a word
    of its own; "" when nothing is left."""
    reason = said.strip().partition("\n")[0].rpartition("failed: ")[2]
    return naming_nothing_of(re.sub(r"^\s*(FATAL|ERROR):", "", reason), url)[:200]


def naming_nothing_of(text: str, url: URL) -> str:
    """`text`, a driver's words, in one line without what it quotes, or the database `url`'s host,
    port, user, password or database written as a word of its own (each "…"): libpq's `could not
    translate host name "db" to address` is `could not translate host name to address`."""
    hidden = (url.host, url.port, url.username, url.password, url.database)
    text = QUOTED.sub("", text)
    for part in {str(part) for part in hidden if part not in (None, "")}:
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "…", text)
    return re.sub(r"\s+([:;,.)])", r"\1", " ".join(text.split()))


def logged_words(said: str, url: URL) -> str:
    """A driver's message `said` as a warning logs it: on one line (libpq's tells its host and port on one
    and what to check on the next), the lines joined with "; ", and `url`'s password written "***"
    wherever the message holds it (a driver may quote the connection string it was given): as it is,
    or any of its characters percent-encoded as a URL may write them, or escaped as libpq writes it."""
    if url.password:
        said = re.sub("".join(f"(?:{'|'.join(_written_forms(character))})" for character in url.password),
                      "***", said)
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return "".join(line if at == 0 else (" " if lines[at - 1][-1] in ".:;,?!" else "; ") + line
                   for at, line in enumerate(lines))


def _written_forms(character: str) -> list[str]:
    """Patterns of the ways a URL or a libpq connection string may write `character` of a password."""
    forms = [re.escape(character), "(?i:" + "".join(f"%{byte:02X}" for byte in character.encode("utf-8")) + ")"]
    if character == " ":
        forms.append(r"\+")
    if character in "\\'":
        forms.insert(0, re.escape("\\" + character))
    return forms


class StoreOutage:
    """Whether this process last found the dataset database out of reach, logging each change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down = False
        # What the line logging a database not opened said to do, while it is so ('' otherwise).
        self._unopened = ""
        # How many times it was found out of reach: an answer to a block begun before the last of them
        # (`found_back`'s `began`) says nothing of the database since.
        self.outages = 0
        # What the line logging writes refused (a full disk, a read-only store) said, while they are so ('' otherwise).
        self.unwritable = ""

    def found_down(self, reason: str) -> None:
        """The database did not answer, for `reason` (the driver's, `driver_reason`): log it, unless
        it was out of reach already; after a line saying it cannot be opened too, which said not to wait."""
        with self._lock:
            changed = not self.down or bool(self._unopened)
            if not self.down:
                self.outages += 1
            self.down, self._unopened = True, ""
        if changed:
            log.warning("the dataset database is out of reach (%s); requests that need it answer 503 "
                        "until it answers again", reason)

    def found_unopened(self, why: str) -> None:
        """The database is not opened until someone mends it, for `why` (the file, and what to do):
        log it, unless that was logged already: after an outage too, whose line said to wait. Its 503s
        carry no Retry-After."""
        with self._lock:
            if not self.down:
                self.outages += 1
            said, self._unopened, self.down = self._unopened, why, True
        if said != why:
            log.warning("the dataset database cannot be opened: %s. Until one of these is done, requests that need it "
                        "answer 503 saying so: waiting does not mend it", why)

    def found_back(self, began: int) -> None:
        """The database answered a block begun when `outages` was `began`: log it, if it was out of
        reach and the block began after it was found so."""
        with self._lock:
            if not self.down or began != self.outages:
                return
            self.down, self._unopened = False, ""
        log.warning("the dataset database answers again")

    def found_unwritable(self, why: str) -> None:
        """The database answers but refuses writes, for `why` (a full disk, a read-only store): log it,
        unless that was logged already."""
        with self._lock:
            said, self.unwritable = self.unwritable, why
        if said != why:
            log.warning("the dataset database refuses writes: %s; writes answer 503 until then, and reads go on", why)

    def found_writable(self) -> None:
        """A write was stored: log it, if writes were refused."""
        with self._lock:
            said, self.unwritable = self.unwritable, ""
        if said:
            log.warning("the dataset database takes writes again")
