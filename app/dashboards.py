"""Dashboards: `site/dashboards/*.toml` files, each a titled grid of charts, checked as they are read: at start-up,
and again once edited while the site runs (`dashboard_files`)."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.exceptions import NotFound

from plots import Limits, SpecError
from plots.field_values import check_text, no_column_words
from plots.refusals import told_as_fields
from plots.selection import FILTER_PREFIX
from plots.spec import THEMES
from plots.unknown_names import unknown_name
from plots.field_refusals import field_takes
from plots.timerange import ACCEPTED, TimeRange, parse_range, utc_now
from plots.text import column_list, line_feeds, looking_like, quoted, quoted_name
from plots.toml_values import toml_shown, toml_value

from .config import ROOT
from .chart_tables import blank_refusal, load_chart
from .dashboard_charts import (DASHBOARD_NAME_PATTERN, DASHBOARD_NAME_RULE, Chart, DashboardError, file_error,
                               paragraphs, text_value)
from .store import DatasetInfo, Store, described_holding
from .store.not_found import not_found_words
from .store.toml_files import read_toml
from .store.dataset_titles import blank_title

log = logging.getLogger(__name__)
# DashboardError is the error of a bad file, raised by `load_dashboard` and named here for its callers.
__all__ = ["Dashboard", "DashboardError", "Filter", "folder_label", "load_dashboard"]

DASHBOARD_KEYS = ("title", "description", "columns", "refresh", "theme", "time_column", "from", "to", "filters",
                  "charts")
FILTER_KEYS = ("column", "label")


@dataclass(frozen=True)
class Filter:
    """A choice of values of one text column, offered above a dashboard's charts."""

    column: str
    label: str

    @property
    def parameter(self) -> str:
        """The query parameter that chooses its values: filter.<column>."""
        return FILTER_PREFIX + self.column


@dataclass(frozen=True)
class Dashboard:
    """A titled grid of charts, with the time range it opens on and the filters it offers.

    `time_column` is the date column a range narrows in charts whose x holds no dates (else their
    dataset's first date column); `has_dates` says whether any chart's dataset has dates at all.
    """

    name: str
    title: str
    description: str
    columns: int
    refresh: int
    charts: tuple[Chart, ...] = field(default_factory=tuple)
    range: TimeRange = TimeRange()
    time_column: str | None = None
    filters: tuple[Filter, ...] = ()
    has_dates: bool = False
    # When its file was last changed as it was read (ISO 8601, UTC, as a dataset's `updated`), "" where
    # not known: the sitemap dates its pages by it and their data's last write (`search_engines`).
    file_changed: str = ""
    # A digest of all its file says, which a report's render-cache key holds: the file may be edited while
    # the site runs, and a report of the dashboard as it was must not answer for it as it is.
    definition: str = ""

    @functools.cached_property
    def description_paragraphs(self) -> tuple[str, ...]:
        """The description as the paragraphs pages and reports show (`paragraphs`), split once."""
        return tuple(paragraphs(self.description))

    @functools.cached_property
    def filter_parameters(self) -> tuple[str, ...]:
        """The query parameters of the filters it offers (filter.station, …), in its file's order."""
        return tuple(offered.parameter for offered in self.filters)

    def filter_on(self, column: str) -> Filter | None:
        """The dashboard's filter on `column`, if it offers one."""
        return next((f for f in self.filters if f.column == column), None)

    @functools.cached_property
    def digests(self) -> Mapping[str, str]:
        """Per chart id, a short digest of what the dashboard's file says the chart draws beyond
        its image URL's query: the dataset, the spec fields (with the dashboard's theme), and the
        dashboard's range (a bound equal to it is left out of the URL) and time column. Worked out
        once: a dashboard read does not change (its file edited is read into another)."""
        start, end = (bound.text if bound is not None else None for bound in (self.range.start, self.range.end))
        return {chart.id: _digest({"dataset": chart.dataset, "fields": chart.fields, "from": start, "to": end,
                                   "time_column": self.time_column})
                for chart in self.charts}

    def chart(self, chart_id: str) -> Chart:
        """The chart of that id; raises NotFound naming those it looks like a typo of, then the first
        charts."""
        for chart in self.charts:
            if chart.id == chart_id:
                return chart
        words = not_found_words(chart_id, [c.id for c in self.charts], "its charts", "its page shows them all")
        raise NotFound(f"dashboard {quoted(self.name)} has no chart {quoted(chart_id)}{words}")


DIGEST_LENGTH = 8


def _digest(definition: Mapping[str, Any]) -> str:
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _refuse_unknown_keys(table: Mapping[str, Any], keys: Sequence[str], path: Path, where: str) -> None:
    """Raise DashboardError for the first key of `table` that is none of `keys`, naming them and the
    one it looks like a typo of."""
    unknown = next((key for key in table if key not in keys), None)
    if unknown is not None:
        raise file_error(path, where, unknown_name(unknown, keys, "key"))


def _name(value: Any, path: Path, where: str, key: str, default: str, names: str, limit: int | None = None) -> str:
    """Text that a page shows as the name of something (`names`: "heads the page"): `default` when
    left out, refused when blank, which would leave a heading or a form field without a name: so
    is text of nothing but characters that draw as nothing (a zero width space, a joiner), as a
    column name of only those is; and refused past `limit` characters, in a chart title's words."""
    text = text_value(value, path, where, key, default)
    if limit is not None:
        try:
            check_text(key, text, limit)
        except SpecError as error:
            raise file_error(path, where, error.message) from None
    if not text.strip():
        raise file_error(path, where, f"{key} must not be blank: it {names}; leave it out to use "
                                      f"{toml_shown(default)}")
    if blank_title(text):
        raise file_error(path, where, f"{key} must not be blank: it holds only characters that draw as nothing, "
                                      f"and it {names}; leave it out to use {toml_shown(default)}")
    return text


def _int(value: Any, path: Path, where: str, key: str, lo: int, hi: int, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        kind = ", which is not a number" if isinstance(value, bool) else ", which is text" \
            if isinstance(value, str) else ""
        raise file_error(path, where, f"{key} must be a whole number from {lo} to {hi}, got {toml_shown(value)}{kind}")
    return value


def _line_feeds(value: Any) -> Any:
    """`value` as read from TOML with every CRLF and lone CR in its text a line feed, in lists and
    tables too.

    TOML keeps a CR written as the escape \\r, as programs that save Windows text write it; taken as
    the line end it is meant to be, it neither reaches the PDF report (whose fonts cannot draw it)
    nor stops a chart title, which refuses CR as every drawn text does.
    """
    if isinstance(value, str):
        return line_feeds(value)
    if isinstance(value, list):
        return [_line_feeds(item) for item in value]
    if isinstance(value, dict):
        return {key: _line_feeds(item) for key, item in value.items()}
    return value


def _moment_as_text(value: Any) -> Any:
    """A TOML date or date-time as the text a URL would give (2024-01-31, 2024-01-31T08:00:00+02:00);
    any other value as it is."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load_dashboard(path: Path, store: Store, limits: Limits, hidden: Mapping[str, str] | None = None,
                   logged: set[str] | None = None) -> Dashboard:
    """Read and check one dashboard file; raises DashboardError naming file, chart and field.

    `hidden`: per source dataset that hides another of its name, the sentence saying so, which a
    chart's error over it ends with (the chart was likely written for the dataset it hides).
    `logged`: the warnings logged already of the file as it is now, which its loading does not log
    again, and to which it adds those it logs; None logs each."""
    name = path.stem
    if not DASHBOARD_NAME_PATTERN.fullmatch(name):
        raise file_error(path, "", f"the file name must be {DASHBOARD_NAME_RULE}")
    try:
        raw = _line_feeds(read_toml(path))
    except ValueError as error:
        raise file_error(path, "", str(error)) from None
    # Asked once the file is read: a change made as it was read dates it later, never earlier, than what was read.
    changed = _file_changed(path)
    _refuse_unknown_keys(raw, DASHBOARD_KEYS, path, "")
    entries = raw.get("charts")
    if not isinstance(entries, list) or not entries:
        raise file_error(path, "", "charts must be a non-empty list of [[charts]] tables")
    theme = raw.get("theme")
    if theme is not None and not text_value(theme, path, "", "theme").strip():
        # Left out, every chart is drawn light, whatever the file seems to choose: as a chart's blank field.
        raise file_error(path, "", blank_refusal("theme", theme, limits))
    if theme is not None and theme not in THEMES:
        # In the words a chart's theme is refused with.
        raise file_error(path, "", f"theme must be {field_takes('theme')}; got {toml_shown(theme)}")
    # Every dataset the charts name described at once: the database's in one read, each source's in one transaction.
    described = store.infos([entry["dataset"] for entry in entries
                             if isinstance(entry, dict) and isinstance(entry.get("dataset"), str)])
    charts: list[Chart] = []
    infos: dict[str, DatasetInfo] = {}
    for number, entry in enumerate(entries, start=1):
        charts.append(load_chart(path, number, entry, store, limits, seen={c.id for c in charts},
                                 described=described, theme=theme, infos=infos, hidden=hidden or {},
                                 logged=logged))
    # A chart whose dataset is not described is one of a source database that cannot be reached now.
    unreachable = any(chart.dataset not in infos for chart in charts)
    infos = _described_for_columns(raw, infos, store)
    return Dashboard(
        name=name,
        # A dashboard's title heads its page and report as a chart's heads its image: the same cap.
        title=_name(raw.get("title"), path, "", "title", name.capitalize(), "heads the page", limits.max_title),
        description=text_value(raw.get("description"), path, "", "description"),
        columns=_int(raw.get("columns"), path, "", "columns", 1, 6, 2),
        refresh=_int(raw.get("refresh"), path, "", "refresh", 0, 86400, 0),
        charts=tuple(charts),
        range=_range(raw, path, infos, unreachable),
        time_column=_time_column(raw.get("time_column"), path, infos, unreachable),
        filters=_filters(raw.get("filters"), path, infos, limits.max_label, unreachable),
        # A dataset that cannot be reached now may have dates: the range form is shown for it.
        has_dates=unreachable or any(c.type == "datetime" for info in infos.values() for c in info.columns),
        file_changed=changed,
        definition=_digest({"file": repr(raw)}),
    )


def _described_for_columns(raw: Mapping[str, Any], infos: dict[str, DatasetInfo],
                           store: Store) -> dict[str, DatasetInfo]:
    """`infos`, the descriptions of the file's charts' datasets, read again where its `time_column` or a
    filter's column is no column of that type of any (`described_holding`: a source's table with the
    column added since it was described, at most once in a few seconds a dataset), so that a file edited
    to name a column just added is served, not refused until it is edited again."""
    filters = raw.get("filters")
    named = {"datetime": [raw.get("time_column")],  # a value of another type, refused as the file is checked
             "text": [entry.get("column") for entry in filters if isinstance(entry, dict)]
             if isinstance(filters, list) else []}
    missing = {}
    for kind, names in named.items():
        held = {c.name for info in infos.values() for c in info.columns if c.type == kind}
        missing.update({name: kind for name in names
                        if isinstance(name, str) and name.strip() and looking_like(name, held) is None})
    return {name: described_holding(store, info, missing) for name, info in infos.items()}


def _file_changed(path: Path) -> str:
    """When the file at `path` was last changed (ISO 8601, UTC, to the second), "" where it cannot be asked;
    a time still to come (a clock ahead where the file was written or copied) is read as now, as the
    sitemap's lastmod, a moment past, must be."""
    try:
        seconds = path.stat().st_mtime
    except OSError:
        return ""
    changed = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return min(changed, dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _range(raw: Mapping[str, Any], path: Path, infos: Mapping[str, DatasetInfo], unchecked: bool = False) -> TimeRange:
    """The range the dashboard opens on: `from` and `to` as in URLs (a TOML date is a date too); one
    of the datasets must have dates for it to narrow (`unchecked`: some dataset cannot be reached
    now, and may)."""
    fields = {}
    for key in ("from", "to"):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, dt.time):
            written = f"{toml_value(value)}, a time of day with no date"
        else:
            value = _moment_as_text(value)
            written = toml_shown(value)
        if not isinstance(value, str) or not value.strip():
            raise file_error(path, "", f"{key} must be {ACCEPTED}; got {written}")
        fields[key] = [value]
    if fields and not unchecked and not _date_columns(infos):
        # Else the page opens on a range that narrows nothing, and every chart says it is drawn whole.
        given = " and ".join(fields)
        datasets = ", ".join(sorted(infos))
        raise file_error(path, "", f"{given} {'needs' if len(fields) == 1 else 'need'} a date column to choose the "
                                   f"rows by, and no dataset of this dashboard has one ({datasets}); leave {given} "
                                   f"out to draw every row")
    try:
        default = parse_range(fields)
        default.resolved(utc_now())  # from must not be after to
        return default
    except SpecError as error:
        raise file_error(path, "", told_as_fields(error)) from None


def _time_column(value: Any, path: Path, infos: Mapping[str, DatasetInfo], unchecked: bool = False) -> str | None:
    """The date column a range narrows when a chart's x holds no dates; one of the datasets must have
    it (`unchecked`: some dataset cannot be reached now, and may)."""
    if value is None:
        return None
    name = text_value(value, path, "", "time_column")
    dates = _date_columns(infos)
    # Written in another Unicode form than the dataset's header ("daté" as e and a combining
    # accent), it is that column, as a chart's x and y and a URL's column are.
    found = looking_like(name, dates)
    # A blank name is none of a dataset's, one that cannot be reached now among them, as a filter's is.
    if found is None and not (unchecked and name.strip()):
        # In the words of every other missing column, a filter's among them (`no_column_words`).
        raise file_error(path, "", f"time_column: this dashboard's datasets have "
                                   f"{no_column_words(name, dates, kind='date')}")
    return found or name


def _date_columns(infos: Mapping[str, DatasetInfo]) -> list[str]:
    """The names of the date columns of the dashboard's datasets, sorted."""
    return sorted({c.name for info in infos.values() for c in info.columns if c.type == "datetime"})


def _filters(entries: Any, path: Path, infos: Mapping[str, DatasetInfo], max_label: int,
             unchecked: bool = False) -> tuple[Filter, ...]:
    """The [[filters]] tables: each names a text column of at least one of the dashboard's datasets
    (`unchecked`: some dataset cannot be reached now, and may have it; a filter applies only to the
    datasets that have its column)."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise file_error(path, "", "filters must be a list of [[filters]] tables")
    texts = sorted({c.name for info in infos.values() for c in info.columns if c.type == "text"})
    filters: list[Filter] = []
    for number, entry in enumerate(entries, start=1):
        where = f"filter {number}: "
        if not isinstance(entry, dict):
            raise file_error(path, where, f"must be a [[filters]] table of a column and its label, got "
                                          f"{toml_shown(entry)}")
        _refuse_unknown_keys(entry, FILTER_KEYS, path, where)
        column = entry.get("column")
        if column is None:
            raise file_error(path, where, f"column is missing: name a text column of this dashboard's datasets; "
                                          f"the text columns are {column_list(texts)}")
        # A name in another Unicode form than the dataset's header is that column (`looking_like`).
        found = looking_like(column, texts) if isinstance(column, str) else None
        if found is None and isinstance(column, str) and not (unchecked and column.strip()):
            # In the words of every other missing column, a URL's filter's among them (`no_column_words`).
            raise file_error(path, where, f"column: this dashboard's datasets have "
                                          f"{no_column_words(column, texts, kind='text')}")
        if found is None and not isinstance(column, str):
            raise file_error(path, where, f"column must name a text column of this dashboard's datasets, got "
                                          f"{toml_shown(column)}; the text columns are {column_list(texts)}")
        column = found or column
        if any(f.column == column for f in filters):
            raise file_error(path, where, f"column {quoted_name(column)} is filtered twice")
        filters.append(Filter(column, _name(entry.get("label"), path, where, "label", column,
                                            "names the filter's field", max_label)))
    return tuple(filters)


def folder_label(folder: Path) -> str:
    """A dashboard folder as a page names it: relative to the project when inside it (site/dashboards/),
    else its full path, with a trailing slash either way."""
    path = Path(folder).resolve()
    try:
        shown = path.relative_to(ROOT).as_posix()
    except ValueError:
        shown = str(path)
    return shown.rstrip("/") + "/"
