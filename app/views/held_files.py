"""A form's file part held while the form is read: in memory up to werkzeug's own 500 KB, then in a
temporary file, as werkzeug holds it, but in memory again where the temporary folder refuses it.

werkzeug's `SpooledTemporaryFile` raises the OSError of a temporary folder that is full, read-only or
gone, and the upload it was reading was a 500, though the dataset store had room for it. The file is
read whole into memory once the form is read (`write_forms.file_bytes`), as a CSV body is, and the body is
held to MAX_CONTENT_LENGTH: so holding it in memory where no temporary file can hold it costs what the
upload costs anyway, and the upload goes on. A line logs that the folder refused it, once while it
does (`TemporaryFolderNotes`).
"""
from __future__ import annotations

import io
import logging
import tempfile
import threading

log = logging.getLogger(__name__)

# The bytes of a file part held in memory before it goes to a temporary file: werkzeug's own.
IN_MEMORY_BYTES = 500 * 1024


class TemporaryFolderNotes:
    """What the log said of the temporary folder: a line as it first refuses a form's file, for each
    cause, and one as a file is held there again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.refused = ""  # the cause last logged, while the folder refuses files ('' otherwise)

    def found_refusing(self, error: OSError) -> None:
        """The temporary folder refused a form's file for `error`: log it, unless that was logged already."""
        why = error.strerror or str(error)
        with self._lock:
            said, self.refused = self.refused, why
        if said != why:
            log.warning("a form's file could not be held in the temporary folder %s (%s): it is held in memory "
                        "instead, and uploads go on; make room there, or set TMPDIR to a folder the site may write "
                        "that has room", _temporary_folder(), why)

    def found_taking(self) -> None:
        """A form's file was held in the temporary folder: log it, if it refused one before."""
        with self._lock:
            said, self.refused = self.refused, ""
        if said:
            log.warning("the temporary folder %s holds form files again", _temporary_folder())


NOTES = TemporaryFolderNotes()


def _temporary_folder() -> str:
    try:
        return tempfile.gettempdir()
    except OSError:  # none of the folders it tries can be written
        return "(none usable: TMPDIR, /tmp, /var/tmp, /usr/tmp, the working folder)"


class HeldFile(io.RawIOBase):
    """A form's file part as it is read: in memory up to `in_memory` bytes, then in a temporary file
    (removed as it is closed, or at once where the system can), and back in memory, whole, where the
    temporary folder refuses it at any step (made, or written to as its disk fills)."""

    def __init__(self, in_memory: int | None = None) -> None:
        super().__init__()
        self._file: io.BytesIO | io.FileIO = io.BytesIO()
        self._in_memory = IN_MEMORY_BYTES if in_memory is None else in_memory
        self._on_disk = False
        self._refused = False  # the folder refused it once: kept in memory from then on

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._file.readinto(buffer)

    def read(self, size: int = -1) -> bytes:
        # At once from the file that holds it, not in RawIOBase's pieces of 8 KB.
        return self._file.read(size)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def write(self, data) -> int:
        data = bytes(data)
        if not self._on_disk and not self._refused and self._file.tell() + len(data) > self._in_memory:
            self._to_disk()
        if self._on_disk:
            at = self._file.tell()
            try:
                _write_all(self._file, data)
                return len(data)
            except OSError as error:
                self._back_in_memory(at, error)
        return self._file.write(data)

    def _to_disk(self) -> None:
        """Put what is held in memory in a temporary file, or keep it there where the folder refuses it."""
        disk = None
        try:
            disk = tempfile.TemporaryFile(buffering=0)
            _write_all(disk, self._file.getvalue())
        except OSError as error:
            if disk is not None:
                disk.close()
            self._refused = True
            NOTES.found_refusing(error)
            return
        self._file, self._on_disk = disk, True
        NOTES.found_taking()

    def _back_in_memory(self, at: int, error: OSError) -> None:
        """Hold in memory again the `at` bytes the temporary file holds before a write it refused."""
        disk = self._file
        disk.seek(0)
        held = io.BytesIO()
        while held.tell() < at and (piece := disk.read(at - held.tell())):
            held.write(piece)
        disk.close()
        self._file, self._on_disk, self._refused = held, False, True
        NOTES.found_refusing(error)

    def close(self) -> None:
        self._file.close()
        super().close()


def _write_all(file, data: bytes) -> None:
    """Write all of `data` to the unbuffered `file`, whose write may take part of it at a time."""
    view = memoryview(data)
    while view:
        view = view[file.write(view):]
