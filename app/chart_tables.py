"""A dashboard file's [[charts]] table loaded: its keys and values checked as the file wrote them (no
unknown key, empty list, list where one value is taken or blank value), then its fields against its
dataset as it is described now, each refusal a DashboardError naming the file, the chart and the field."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plots import ChartSpec, Limits, SpecError, normalise_fields
from plots.bar_order import top_over_cap
from plots.field_refusals import SEVERAL_VALUES, field_takes
from plots.field_values import NoColumn
from plots.formats import format_options
from plots.name_guesses import did_you_mean
from plots.spec import BOUNDS, FIELDS, TEXT_FIELDS, format_value, or_list, unset_value
from plots.spec_parser import check_fields_alone
from plots.text import quoted
from plots.toml_values import toml_shown, toml_value
from plots.unknown_names import unknown_name

from .column_cells import with_cell_named
from .dashboard_charts import (CHART_KEYS, DASHBOARD_NAME_PATTERN, DASHBOARD_NAME_RULE, RESERVED_CHART_IDS, Chart,
                               DashboardError, chart_where, fields_refusal, file_error, text_value)
from .store import (DatasetInfo, DatasetNotFound, DatasetUnreadable, Store, StoreError, StoreTryLater,
                    described_holding, read_info)
from .store.not_found import dataset_list

log = logging.getLogger(__name__)


def _refuse_unknown_chart_keys(entry: Mapping[str, Any], path: Path, where: str, url: str) -> None:
    """Raise DashboardError for the first key of a [[charts]] table that is neither a chart field nor
    one of CHART_KEYS, naming the keys it takes and the one it looks like a typo of.

    An output format's option (a .png's scale), or a key that looks more like one than like any key
    the table takes (`scále` like scale, not yscale), is named as a parameter of the chart's URL
    alone, with that URL (`url`, the chart's without its extension): a URL's own refusal, "it applies to .png only", would read as
    if the file could set it."""
    keys = [*FIELDS, *CHART_KEYS]
    unknown = next((key for key in entry if key not in keys), None)
    if unknown is None:
        return
    for option, extensions in format_options().items():
        alone = did_you_mean(unknown, [option])
        if unknown == option or alone and did_you_mean(unknown, [*keys, option]) == alone:
            meant = "" if unknown == option else f"did you mean {option!r}? "
            takes = "URL takes" if len(extensions) == 1 else "URLs take"
            owners = or_list([f".{extension}" for extension in extensions])
            raise file_error(path, where, f"unknown key {quoted(unknown)} ({meant}a dashboard file cannot set it: only "
                                          f"the chart's {owners} {takes} it, {url}.{extensions[0]}?{option}=…); "
                                          f"the keys are {', '.join(keys)}")
    raise file_error(path, where, unknown_name(unknown, keys, "key"))


def _refuse_empty_lists(entry: Mapping[str, Any], path: Path, where: str) -> None:
    """Raise DashboardError for a chart field given as an empty list, which would read as the field
    left out (y = [] drawing every numeric column) while the file seems to say something else."""
    empty = next((key for key, value in entry.items() if key in FIELDS and value == []), None)
    if empty == "y":
        raise file_error(path, where, 'y = [] names no column: name one or more numeric columns (y = ["a", "b"]), '
                                      "or leave y out to draw every numeric column")
    if empty is not None:
        raise file_error(path, where, f"{empty} = [] gives no value: give one, or leave {empty} out for its default")


# The values of a list a refusal shows, before "…".
SHOWN_ITEMS = 3


def _refuse_lists_of_several(entry: Mapping[str, Any], path: Path, where: str, limits: Limits) -> None:
    """Raise DashboardError for a chart field that takes one value (all but y) given a list of more
    than one (title = ["a", "b"]), saying that it holds a list and what it takes, the first values
    shown: a file's field is written once, so the words of a URL's field given twice do not fit it."""
    for key, value in entry.items():
        if key in FIELDS and key not in SEVERAL_VALUES and isinstance(value, list) and len(value) > 1:
            shown = toml_shown(value[:SHOWN_ITEMS])
            shown = shown if len(value) <= SHOWN_ITEMS else shown[:-1] + ", …]"
            raise file_error(path, where, f"{key} holds a list of {len(value)} values, {shown}, where it takes one "
                                          f"value: {field_takes(key, limits)}")


# What a chart's column field takes instead of a blank name, said after the field as written.
COLUMN_FIELDS = {
    "x": 'name a column (x = "date"), or leave x out to place the rows by the first column',
    "y": 'name one or more numeric columns (y = ["a", "b"]), or leave y out to draw every numeric column',
}


def _left_out(name: str, theme: str | None) -> str:
    """What a chart of a dashboard of `theme` draws with the field `name` left out, as words after "leave
    it out": "for line", "to fit the data"."""
    if name == "theme" and theme is not None:
        return f"for the dashboard's, {theme}"
    if name in BOUNDS:
        return "to fit the data"
    default = getattr(ChartSpec(), name)
    return f"for {format_value(default) if default not in (None, ()) else unset_value(name)}"


def _refuse_blank_values(entry: Mapping[str, Any], path: Path, where: str, limits: Limits,
                         theme: str | None) -> None:
    """Raise DashboardError for a chart field whose value is blank, alone or in a list (kind = "",
    x = "", y = ["a", ""]): a URL's blank value is left out, keeping the chart's own, so the chart
    would draw its default (or other columns) while the file seems to set the field. A blank title,
    xlabel or ylabel is text, and asks for none, as a URL's `title=` does. (`theme`: the dashboard's.)"""
    for key, value in entry.items():
        if key not in FIELDS or key in TEXT_FIELDS:
            continue
        values = value if isinstance(value, list) else [value]
        if not any(isinstance(item, str) and not item.strip() for item in values):
            continue
        if key in COLUMN_FIELDS:
            raise file_error(path, where, f"{key} = {toml_value(value)} names a blank column: {COLUMN_FIELDS[key]}")
        raise file_error(path, where, blank_refusal(key, value, limits, theme))


def blank_refusal(key: str, value: Any, limits: Limits, theme: str | None = None) -> str:
    """Why a dashboard file's blank `value` of the field `key` is refused, a chart's or the dashboard's
    own theme: "kind = "" is blank: give one of line, bar, …, or leave kind out for line". (`theme`:
    the dashboard's, what a chart's theme left out gives.)"""
    return (f"{key} = {toml_value(value)} is blank: give {field_takes(key, limits)}, or leave {key} out "
            f"{_left_out(key, theme)}")




def load_chart(path: Path, number: int, entry: Any, store: Store, limits: Limits, seen: set[str],
               described: Mapping[str, DatasetInfo | StoreError], theme: str | None = None,
               infos: dict[str, DatasetInfo] | None = None, hidden: Mapping[str, str] | None = None,
               logged: set[str] | None = None) -> Chart:
    """The chart of the `number`th [[charts]] table of a dashboard file, its fields checked against
    its dataset; raises DashboardError naming the file, the chart and the field.

    `seen`: the ids of the file's charts before it; `described`: the file's datasets as `Store.infos`
    read them all at once, each or the StoreError `info` of it raises; `theme`: the dashboard's;
    `infos`: given, it gets the chart's dataset described (left out when its source cannot be
    reached now); `hidden` and `logged` as for `dashboards.load_dashboard`."""
    if not isinstance(entry, dict):
        raise file_error(path, f"chart {number}: ", f"must be a [[charts]] table of the chart's fields (id, dataset, "
                                                    f"kind, …), got {toml_shown(entry)}")
    chart_id = entry.get("id")
    if chart_id is None:
        raise file_error(path, f"chart {number}: ", f"id is missing: give each chart an id of {DASHBOARD_NAME_RULE} "
                                                    "(not 'versions'), its name in the chart's URL")
    if (not isinstance(chart_id, str) or not DASHBOARD_NAME_PATTERN.fullmatch(chart_id)
            or chart_id in RESERVED_CHART_IDS):
        raise file_error(path, f"chart {number}: ",
                         f"id must be {DASHBOARD_NAME_RULE} (not 'versions'), got {toml_shown(chart_id)}")
    where = chart_where(chart_id)
    if chart_id in seen:
        raise file_error(path, where, "id is used twice")
    _refuse_unknown_chart_keys(entry, path, where, f"/d/{path.stem}/{chart_id}")
    _refuse_empty_lists(entry, path, where)
    # A list where one value is taken is told first: a blank among its values is no matter while it is one.
    _refuse_lists_of_several(entry, path, where, limits)
    _refuse_blank_values(entry, path, where, limits, theme)
    dataset = entry.get("dataset")
    if dataset is None:
        raise file_error(path, where, f"dataset is missing: name the dataset the chart draws; the datasets are "
                                      f"{dataset_list(store.names())}")
    if not isinstance(dataset, str):
        raise file_error(path, where, f"dataset must be a dataset's name, as text, got {toml_shown(dataset)}; the "
                                      f"datasets are {dataset_list(store.names())}")
    info = None
    hiding = f"; {hidden[dataset]}" if hidden and dataset in hidden else ""
    try:
        # Every key but CHART_KEYS is a field by now (`_refuse_unknown_chart_keys`).
        written = {key: value for key, value in entry.items() if key not in CHART_KEYS}
        normalise_fields(written)  # a value no field takes is refused before the caption is read
        chart = Chart(chart_id, dataset, text_value(entry.get("caption"), path, where, "caption"), written,
                      path.name, theme)
        fields = chart.fields_under(limits)
        try:
            info = read_info(described[dataset])
        except StoreTryLater:
            # A source database that is down or slow: what its columns decide is checked as the chart is drawn.
            check_fields_alone(fields, limits, others=CHART_KEYS)
            return _warned_of_top(chart, limits, logged)
        if infos is not None and dataset in infos:
            info = infos[dataset]  # as a chart before it found it: read again where it named a column just added
        info = _described_for_fields(chart, info, store, limits)
    except DatasetNotFound as error:
        raise file_error(path, where, f"dataset: {error.message}{hiding}") from None
    except DatasetUnreadable as error:
        found = f" (the file {error.file})" if error.file is not None else ""
        raise file_error(path, where, f"dataset: {error.message}{found}{hiding}") from None
    except SpecError as error:
        raise DashboardError(fields_refusal(path.name, chart_id, with_cell_named(error, store, info), entry)
                             + hiding) from None
    if infos is not None:
        infos[dataset] = info
    return _warned_of_top(chart, limits, logged)


def _warned_of_top(chart: Chart, limits: Limits, logged: set[str] | None = None) -> Chart:
    """`chart`, warned of as its file is loaded (at the start, and again each time the file is read once
    edited) where its `top` is above the bars a chart may draw, which it draws in its place
    (`Chart.fields_under`). A warning in `logged`, said already of the same content of its file, is not
    said again (the file tried again while its datasets cannot be described); one said is added to it."""
    top = top_over_cap(chart.fields, limits)
    if top is None:
        return chart
    cap = limits.max_categories
    said = (f"{chart.file}: {chart_where(chart.id)}top = {top} is more than the {cap} bars a chart may draw "
            f"(LIMITS.max_categories): it draws the first {cap}")
    if logged is None or said not in logged:
        log.warning("%s", said)
        if logged is not None:
            logged.add(said)
    return chart


def _described_for_fields(chart: Chart, info: DatasetInfo, store: Store, limits: Limits) -> DatasetInfo:
    """The description `chart`'s fields are checked against: `info`, or where they name a column it
    lacks, the dataset's description read again where that is another (`described_holding`: a
    source's table with the column added since it was described, at most once in a few seconds a
    dataset), as a chart's URL has it read. Raises the SpecError of its fields over the columns there are."""
    try:
        chart.spec(info.columns, limits)
        return info
    except NoColumn as refusal:
        now = described_holding(store, info, {refusal.name: None})
        if now is info:
            raise refusal from None
    chart.spec(now.columns, limits)
    return now
