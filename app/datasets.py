"""Dataset operations: create, append to and delete a dataset from plain values.

Everything is checked before anything is stored, and each write is one transaction: a refused
request stores nothing; an accepted one stores all of it and bumps the dataset's version. The
JSON API and the browser forms both write through here; reading the request is the views' job.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from plots.text import cut

from .column_cells import typed_without_values
from .column_warnings import empty_rows_warning, made_float_by
from .dashboards import Dashboard
from .store import (
    Appended,
    Column,
    DatasetConflict,
    DatasetInfo,
    NAME_RULE,
    TITLE_RULE,
    Precondition,
    Store,
    UploadLimits,
    WriteRejected,
    check_name,
    rows_from_csv,
    rows_from_json,
    table_from_csv,
    title_from_name,
    title_problem,
)
from .store.csv_headers import column_names
from .store.empty_rows import NONE, EmptyRows, in_sheet
from .store.file_text import NotUtf8, TwoMarks, utf8_text
from .store.json_rows import ONE_LIST, NotJson, json_lines
from .store.text_places import CSV, LINE_END, Place
from .store.dataset_titles import blank_title, stripped_title
from .store.upload_columns import ValueRefused, guessed_without_values, stored_names
from .store.workbooks import FIRST_SHEET, FORMATS_TAKEN, SheetText, WorkbookReading, is_workbook_file, sheet_text

# How compressed files begin. gzip's, xz's and zstd's first bytes are not UTF-8, and zip's hold
# control characters, which a header line may not: none of them begins a CSV or JSON body.
# bzip2's "BZh" is text, so its block size (1-9) and the magic number of its first block (or,
# for an empty stream, of its end) must follow: a column named "BZh_level" is not bzip2.
COMPRESSED = ((re.compile(rb"\x1f\x8b"), "gzip"), (re.compile(rb"PK\x03\x04"), "zip"),
              (re.compile(rb"BZh[1-9](?:\x31\x41\x59\x26\x53\x59|\x17\x72\x45\x38\x50\x90)"), "bzip2"),
              (re.compile(rb"\xfd7zXZ\x00"), "xz"), (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd"))
ROW_FORMATS = ("json", "csv")
# What a create takes as its name and title, in the words their refusals use (`check_name`,
# `check_title`), for a refusal of either given twice to end with.
SHEET_TAKES = "the name of a sheet of the Excel workbook (.xlsx) sent, or nothing for its first visible sheet"
CREATE_TAKES = {"name": NAME_RULE, "title": f"{TITLE_RULE} (blank for one made from the name)", "sheet": SHEET_TAKES}
# What a CSV upload that is not UTF-8 may be sent as instead: its workbook, which the site reads as it is.
WORKBOOK_SENT = "upload the Excel workbook (.xlsx) itself"
# The one reading of a request that names no sheet.


def decode_text(raw: bytes, what: str, of_csv: bool = False) -> str:
    """UTF-8 text of an uploaded CSV or JSON (a leading byte-order mark dropped); raises WriteRejected,
    a CSV's (`of_csv`) that is not UTF-8 saying how Excel saves one so, or that its workbook may be sent instead.

    A second mark is refused rather than dropped: a file holding two has been mangled on its way
    (a data-folder file holding two is refused with the same words)."""
    for magic, kind in COMPRESSED:
        if magic.match(raw):
            raise WriteRejected(f"{what} looks like a {kind} file; send it uncompressed, as {FORMATS_TAKEN}")
    try:
        return utf8_text(raw)
    except TwoMarks as error:
        raise WriteRejected(f"{what} {error} and send it again") from None
    except NotUtf8 as error:
        raise WriteRejected(f"{what} {error.csv_advice(WORKBOOK_SENT) if of_csv else error}") from None
    except ValueError as error:
        raise WriteRejected(f"{what} {error}") from None


def rows_text(raw: bytes, what: str, reading: WorkbookReading, limits: UploadLimits,
              of_csv: bool = True) -> tuple[str, SheetText | None]:
    """The CSV text of an upload's or an append's rows: its UTF-8 text (`decode_text`), or a workbook's sheet
    as CSV (`sheet_text`), recognised by its bytes (a zip or an OLE file) whatever its name or Content-Type,
    and that sheet; raises WriteRejected, and for a sheet named of a CSV, saying it names a workbook's."""
    if is_workbook_file(raw):
        sheet = sheet_text(raw, what, reading, limits)
        return sheet.text, sheet
    if reading.sheet:
        raise WriteRejected(f"sheet names a sheet of an Excel workbook (.xlsx), and {what} is no workbook: send the "
                            "CSV without sheet", "sheet")
    return decode_text(raw, what, of_csv), None


def sheet_empty_rows(empty: EmptyRows, sheet: SheetText | None) -> EmptyRows:
    """The rows of no value of an upload's CSV text, placed by a workbook's sheet's rows where it was one."""
    return empty if sheet is None else in_sheet(empty, sheet.sheet, sheet.place.row_of_line)


def text_place(sheet: SheetText | None, place: Place) -> Place:
    """The words a refusal of an upload's CSV text names it in: those of the workbook's sheet it was read
    from (its rows, not the text's lines), else `place`'s."""
    return place if sheet is None else sheet.place


def sheet_warnings(sheet: SheetText | None, what: str, appended: bool = False) -> list[dict]:
    """The warnings of a workbook's sheet read for a create, or where `appended` an append (`SheetText.warnings`);
    [] for a CSV."""
    return [] if sheet is None else sheet.warnings(what, appended)


def check_title(title: str | None, name: str) -> str:
    """The title to store: the given one, or one made from the name when it shows nothing (blank, or
    only characters that draw as nothing, as a page's heading would then be empty); raises WriteRejected."""
    given = stripped_title(title or "")
    title = title_from_name(name) if blank_title(given) else given
    problem = title_problem(title)
    if problem:
        raise WriteRejected(problem, "title")
    return title


class Created(NamedTuple):
    """A dataset created (`info`), its float columns' cells as the CSV wrote them (`Table.written`),
    and its rows of commas alone (`Table.empty`) in `what` (the CSV, the file, the body); `left_out`, the
    warning of its totals row left out (`Table.left_out`)."""

    info: DatasetInfo
    written: Mapping[str, Sequence[str]]
    empty: EmptyRows = NONE
    what: str = "the CSV"
    sheet: SheetText | None = None
    left_out: tuple[dict, ...] = ()

    @property
    def place(self) -> Place:
        """The words of the text the dataset was created from: a CSV's, or the workbook's sheet's."""
        return text_place(self.sheet, CSV)

    def empty_rows_warnings(self) -> list[dict]:
        """The create's warning of its rows of commas alone (`empty_rows_warning`), naming each column of
        whole numbers they made float, after those of a workbook's sheet as it was read (`sheet_warnings`) and
        of a totals row left out; [] for none."""
        read = sheet_warnings(self.sheet, self.what) + list(self.left_out)
        if not self.empty.rows:
            return read
        return read + [empty_rows_warning(self.empty, self.info, self.what, made_float_by(self.empty, self.written))]

    def as_written(self, warnings: list[dict]) -> list[dict]:
        """A create's `warnings` (`column_warnings.create_warnings`, of what is stored) with each cell `value`
        as the CSV wrote it, cut past 100 characters (`cut`): a float column's cell is stored as a float
        (9007199254740993 as 9007199254740992.0), which its message names; a text column's is stored as written. None for
        a row the CSV did not write (appended since, were the stored rows read after an append)."""
        return [{**warning, "value": self._cell(self.written[warning["column"]], warning["row"])}
                if warning["row"] is not None and warning["column"] in self.written else warning
                for warning in warnings]

    @staticmethod
    def _cell(cells: Sequence[str], row: int) -> str | None:
        return cut(cells[row - 1]) if 0 < row <= len(cells) else None


def appended_empty_rows_warnings(done: Appended, what: str) -> list[dict]:
    """An append's warning of its rows of no value in `what` (the body, the file, the pasted text), after
    those of a workbook's error values (`Appended.read_warnings`), as `Created.empty_rows_warnings` gives a
    create's; [] for none."""
    empty = [empty_rows_warning(done.empty, done.info, what, created=False)] if done.empty.rows else []
    return list(done.read_warnings) + empty


def create_dataset(store: Store, name: str | None, title: str | None, raw: bytes, limits: UploadLimits,
                   what: str = "the CSV", sent_as: str | None = None,
                   name_given_as: str = "the form's field name", reading: WorkbookReading = FIRST_SHEET) -> Created:
    """A new dataset from CSV bytes, or a workbook's sheet as `reading` reads it (`rows_text`), its column
    types inferred; raises WriteRejected or DatasetConflict, storing nothing. A CSV refused that looks
    like JSON says so, and that JSON rows are appended to a dataset, not made into one: `sent_as` is the
    Content-Type of a body sent as CSV, which those words name; None for a form's file.
    `name_given_as`: where the request gives the name, which a create without one is told."""
    if not name:
        raise WriteRejected(f"the dataset's name is missing: give it as {name_given_as}; a name is {NAME_RULE}", "name")
    name = check_name(name)
    title = check_title(title, name)
    store.check_name_free(name)
    if what == "the CSV" and is_workbook_file(raw):
        what = "the workbook"
    text, sheet = rows_text(raw, what, reading, limits)
    try:
        table = table_from_csv(text, limits, text_place(sheet, CSV))
    except WriteRejected as error:
        if sheet is not None or _other_format(text, "csv", ()) is None:
            raise
        looks = "the file looks like JSON" if sent_as is None else f"{what} looks like JSON (it was sent as {sent_as})"
        raise WriteRejected(f"{error.message}; {looks}, and a dataset is created from a CSV only: a header "
                            "line naming the columns, then one line per row; rows sent as JSON, with Content-Type: "
                            "application/json, are appended to a dataset (POST /api/datasets/<name>/rows)") from None
    return Created(store.create(name, title, table), table.written, sheet_empty_rows(table.empty, sheet), what, sheet,
                   table.left_out)


def csv_content_type_advice(raw: bytes) -> str | None:
    """Words that say a body sent with a Content-Type that cannot create a dataset looks like CSV,
    and the Content-Type to send it with; None when it does not (or is no UTF-8 text)."""
    try:
        text = decode_text(raw, "the body")
    except WriteRejected:
        return None
    other = _other_format(text, "json", ())
    return None if other is None else _send_as(other, "the body")


def rows_content_type_advice(raw: bytes, columns: Sequence[Column]) -> str | None:
    """Words that say a body of rows sent with a Content-Type that cannot be appended looks like
    JSON or CSV (to a dataset of `columns`), and the Content-Type to send it with; None when it
    looks like neither (or is no UTF-8 text)."""
    try:
        text = decode_text(raw, "the body")
    except WriteRejected:
        return None
    other = _other_format(text, "csv", ()) or _other_format(text, "json", columns)
    return None if other is None else _send_as(other, "the body")


def _send_as(other: tuple[str, str], what: str, sent_as: str | None = None) -> str:
    """Words that say `what` looks like the `other` format, and the Content-Type to send it with
    (`sent_as`: the one it was sent with, where the words before do not name it)."""
    if other[0] == JSON_LINES:
        words = f"{what} looks like JSON Lines, one object a line: {ONE_LIST}"
    else:
        words = f"{what} looks like {other[0]}: send it with Content-Type: {other[1]}"
    return words if sent_as is None else f"{words} (it was sent as {sent_as})"


def _form_takes_csv(name: str, what: str) -> str:
    """Words that say `what`, a file or text the append form sent, looks like JSON, which the form
    does not read, and where JSON rows are appended."""
    return (f"{what} looks like JSON: this form adds rows from CSV only, a header line naming the columns, then "
            f"one line per row; rows as JSON are appended by POST /api/datasets/{name}/rows, sent with "
            "Content-Type: application/json")


def append_rows(store: Store, name: str, raw: bytes, fmt: str, limits: UploadLimits, what: str = "the body",
                key: str | None = None, sent_as: str | None = None,
                precondition: Precondition | None = None, reading: WorkbookReading = FIRST_SHEET,
                place: Place = CSV) -> Appended:
    """Append the rows of a CSV or JSON body (`fmt` is 'csv' or 'json'; a workbook's sheet as `reading` reads
    it is read as CSV, whatever `fmt`: `rows_text`), all or none, at most once
    per idempotency `key`. `sent_as`: the Content-Type that chose `fmt`; a body refused that looks
    like the other format says so, and the type to send it with (None: the append form's CSV, which
    looking like JSON is told that JSON rows go to the API). `precondition` (a client's
    If-Match) is asked of the dataset before the body is read, and again by the store as it writes.

    The same request again with a key stores nothing and answers as the first append with that
    key did, even if its rows would be refused now; another request (another body or format)
    with it raises KeyReused. An empty list with a key is kept as any other append, so the key
    cannot be used for other rows later. `place`: the words a refusal of CSV rows names them in (those of
    rows pasted with tabs between values, say); a workbook's sheet's own, where it is one.
    """
    digest = None
    if is_workbook_file(raw):
        fmt = "csv"
    if key is not None:
        # The sheet read is part of the request: the same workbook's other sheet is other rows.
        hashed = hashlib.sha256(f"{fmt}\n".encode() if reading.sheet is None else f"{fmt}\n{reading.sheet}\n".encode())
        hashed.update(raw)  # not prefixed by concatenation, which would copy the whole body
        digest = hashed.hexdigest()
    # Before the body is read: a retry gets the first answer even when its rows would be refused
    # now (the upload limits were lowered since, say). The store refuses a file or a source's
    # dataset first, even while its database cannot be reached.
    info, first = store.before_append(name, key, digest)
    if first is not None:
        return _answered_again(first, raw, fmt, limits, reading, what, place)
    if precondition is not None:  # refused before its rows are: a failed condition performs nothing
        precondition(info)
    text, sheet = rows_text(raw, what, reading, limits, of_csv=fmt != "json")
    try:
        rows = (rows_from_json(text, info.columns, limits, dataset=info.name) if fmt == "json" else
                rows_from_csv(text, info.columns, limits, dataset=info.name, place=text_place(sheet, place)))
    except WriteRejected as error:
        why = _typed_without_values(store, info, error)
        # A body is told the Content-Type of the format it looks like; the append form's CSV, where JSON goes.
        other = (_other_format(text, fmt, info.columns) if sheet is None and (sent_as is not None or fmt == "csv")
                 else None)
        if other is None and why is None:
            raise
        message = error.message if why is None else f"{error.message}; {why}"
        if other is None:
            raise WriteRejected(message) from None
        if isinstance(error, NotJson):  # the Content-Type of the CSV it looks like, not the shape of JSON rows
            message = error.where
        advice = _send_as(other, what, sent_as) if sent_as is not None else _form_takes_csv(info.name, what)
        raise WriteRejected(f"{message}; {advice}") from None
    read_warnings = tuple(sheet_warnings(sheet, what, appended=True)) + rows.left_out
    if not rows and key is None:
        return Appended(info, 0, False, read_warnings=read_warnings)
    return replace(store.append(name, info.columns, rows, key, digest, precondition),
                   empty=sheet_empty_rows(rows.empty, sheet), read_warnings=read_warnings)


def _answered_again(first: Appended, raw: bytes, fmt: str, limits: UploadLimits, reading: WorkbookReading,
                    what: str, place: Place) -> Appended:
    """The first answer of an append replayed by its Idempotency-Key, with the warnings it gave: the store keeps
    its counts alone, so its body's rows of no value, its totals row left out and a workbook's error values
    (`sheet_warnings`) are read again, the same body as the key's digest says; none where they cannot be read now
    (limits lowered since)."""
    try:
        text, sheet = rows_text(raw, what, reading, limits)
        columns, name = first.info.columns, first.info.name
        rows = (rows_from_json(text, columns, limits, dataset=name) if fmt == "json" else
                rows_from_csv(text, columns, limits, dataset=name, place=text_place(sheet, place)))
    except WriteRejected:
        return first
    return replace(first, empty=sheet_empty_rows(rows.empty, sheet),
                   read_warnings=tuple(sheet_warnings(sheet, what, appended=True)) + rows.left_out)


def _typed_without_values(store: Store, info: DatasetInfo, error: WriteRejected) -> str | None:
    """Words to add to the refusal of text in a float column that holds no value: its type was
    guessed at the create, from no values (one appended since would have been a number); None for
    any other refusal, or when the column cannot be read now (the refusal is said without the
    reason then). The column is read only for such a refusal."""
    if not isinstance(error, ValueRefused) or not error.text or info.column_types().get(error.column) != "float":
        return None
    if not typed_without_values(store, info, error.column):
        return None
    return (f"{guessed_without_values(error.column)}, which stays fixed: for text, delete the dataset "
            f"(DELETE /api/datasets/{info.name}) and create it again with values in this column")


# Rows of JSON objects one a line, which application/json does not take as they are: told to send one list.
JSON_LINES = "JSON Lines"
# How a JSON list or object begins: a CSV header may begin with "[" too (`[unit],value`).
JSON_START = re.compile(r'\s*(?:\[\s*(?:[\[{\]"]|-?[0-9]|true\b|false\b|null\b)|\{\s*["}])')


def _other_format(text: str, fmt: str, columns: Sequence[Column]) -> tuple[str, str] | None:
    """The other format a body refused as `fmt` looks like, and its Content-Type: JSON when it
    begins as a list or an object does; CSV when it does not, and its first line, read as a
    header, names several columns or one of `columns`. None when it looks like neither."""
    if fmt == "csv":
        if not JSON_START.match(text):
            return None
        return (JSON_LINES if json_lines(text) else "JSON", "application/json")
    start = text.lstrip()
    if not start or start[0] in "[{":  # JSON with a mistake in it (a comma too many, say)
        return None
    end = LINE_END.search(start)
    try:
        names = column_names(next(csv.reader([start if end is None else start[:end.start()]]), []))
    except csv.Error:  # a name longer than a value may be
        return None
    named = set(stored_names(names, columns)) & {column.name for column in columns}
    return ("CSV", "text/csv") if len(names) > 1 or named else None


def dashboards_using(dashboards: Mapping[str, Dashboard], name: str) -> list[str]:
    """Names of the dashboards with a chart of the dataset."""
    return [d.name for d in dashboards.values() if any(c.dataset == name for c in d.charts)]


def delete_dataset(store: Store, dashboards: Mapping[str, Dashboard], name: str,
                   precondition: Precondition | None = None) -> None:
    """Remove a dataset if `precondition` (a client's If-Match) lets it; refused (DatasetConflict)
    while a dashboard draws it, or when it is a file or a source's."""
    store.check_deletable(name)
    store.info(name)
    users = dashboards_using(dashboards, name)
    if users:
        raise DatasetConflict(f"dataset {name!r} is drawn by the dashboard{'s' if len(users) > 1 else ''} "
                              f"{', '.join(users)}; remove its charts from the dashboard files first")
    store.delete(name, precondition)  # which asks `precondition` of the dataset as its transaction finds it
