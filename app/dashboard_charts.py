"""A dashboard file's [[charts]] tables: the chart each one describes and the checks of its fields
(its id, its keys, its values against its dataset), which stop the start with DashboardError naming
the file, the chart and the field, the error every check of a dashboard file raises. What a chart
field takes, as a refusal of a blank one says it, is in the words of plots, which reads the field
(`field_takes`)."""
from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plots import ChartSpec, Limits, SpecError, normalise_fields, parse_spec
from plots.bar_order import top_over_cap
from plots.field_values import choice_of, int_in
from plots.formats import format_options
from plots.refusals import Refusals, each_refusal, told_as_fields
from plots.spec import BOUNDS, FIELDS, TEXT_FIELDS, THEMES, format_value, or_list, unset_value
from plots.unknown_names import unknown_name
from plots.field_refusals import SEVERAL_VALUES, field_takes
from plots.spec_parser import check_fields_alone
from plots.name_guesses import did_you_mean
from plots.text import listed_value, quoted, text_problem
from plots.toml_values import toml_shown, toml_value

from .column_cells import with_cell_named
from .store import Column, DatasetInfo, DatasetNotFound, DatasetUnreadable, Store, StoreError, StoreTryLater, read_info
from .store.not_found import dataset_list

RESERVED_CHART_IDS = ("versions",)
# A dashboard's name (its file's) and a chart's id follow the store's naming rule, or begin with a digit:
# the releases before that rule took such names (`2024.toml`, a chart `1st`), and their files still
# start and the URLs embedded from them still draw. A dataset's name begins with a letter, as it always has.
DASHBOARD_NAME_REGEX = r"[a-z0-9][a-z0-9_-]{0,62}"
DASHBOARD_NAME_PATTERN = re.compile(DASHBOARD_NAME_REGEX)
DASHBOARD_NAME_RULE = "1 to 63 characters: lowercase letters, digits, - or _, the first a letter or a digit"
CHART_KEYS = ("id", "dataset", "caption")

log = logging.getLogger(__name__)


class DashboardError(ValueError):
    """A dashboard file that cannot be used; the message names the file, the chart and the field."""


class ChartFieldsRefused(SpecError):
    """A refusal of a dashboard chart's own fields, met as it is drawn (`Chart.refused`), in the words
    of the start's refusals, naming the file and the chart: a 400, or the 404 of a column its dataset
    has no more. No parameter of the URL asking for the chart mends it, so it is an answer of its own,
    never told among the URL's refusals as one of its parameters (`query_parameters.request_checks`)."""


@dataclass(frozen=True)
class Chart:
    """One chart of a dashboard: where its data comes from and its spec fields as the file wrote them
    (`written`, the file's values, for a refusal to quote; `fields`, the same as a URL's text)."""

    id: str
    dataset: str
    caption: str
    written: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""  # the name of the dashboard file that describes it, for a refusal to name
    theme: str | None = None  # the dashboard's, drawn unless the chart names its own
    # The columns and limits the spec was last made over, with that spec (`spec`), or None: the one
    # thing a chart keeps that changes, in a cell of its own, as a frozen dataclass's fields cannot be
    # set; the pair is put in whole, so that a thread never reads one spec with another's key.
    _last_spec: list = field(default_factory=lambda: [None], init=False, repr=False, compare=False)

    @functools.cached_property
    def fields(self) -> Mapping[str, list[str]]:
        """Its spec fields as a URL's text (`normalise_fields`), the dashboard's theme among them unless
        the chart names its own; raises SpecError for a value no field takes, as the file is loaded."""
        fields = normalise_fields(self.written)
        if self.theme is not None and "theme" not in fields:
            fields["theme"] = [self.theme]
        return fields

    def fields_under(self, limits: Limits) -> Mapping[str, list[str]]:
        """Its fields (`fields`) as its spec is made of them under `limits`: a `top` above the bars a chart may
        draw (`LIMITS.max_categories`, lowered below the file's ranking) read as that many, so that the site
        starts and the chart draws its first bars, as its words count them ("the first 5 of 360 months
        drawn") and its file's loading warns (`load_chart`). A URL's own `top` above the cap is refused."""
        if top_over_cap(self.fields, limits) is None:
            return self.fields
        return {**self.fields, "top": [str(limits.max_categories)]}

    @property
    def title(self) -> str:
        """Its title as the file wrote it, "" for none: what names it where its spec cannot be made over
        its dataset (a column gone, its source down), as where it can."""
        return "".join(self.fields.get("title", ()))

    def spec_alone(self, limits: Limits) -> ChartSpec:
        """Its spec as far as its file gives it without its dataset, where its spec cannot be made over
        that (a column gone, its source down): its title and the width, height and theme its file gives
        (`file_look`), which its <img> and a phone's image are sized by and its image saying why drawn in."""
        return ChartSpec(title=self.title, **self.file_look(limits))

    def spec(self, columns: Sequence[Column], limits: Limits) -> ChartSpec:
        """The chart's spec over the dataset's current columns; raises SpecError (for a misspelt
        field, naming the chart table's own keys among the ones it takes).

        Kept for the columns it was last made over: a dashboard's page and each poll of its
        versions.json ask for every chart's spec, and a chart read keeps its fields (an edited file is
        read into new charts), so a wall of many charts is not parsed again at each poll. A refusal is not kept."""
        key = (tuple(columns), limits)
        kept = self._last_spec[0]  # read once: another thread may keep another meanwhile
        if kept is not None and kept[0] == key:
            return kept[1]
        spec = parse_spec(self.fields_under(limits), {c.name: c.type for c in columns}, limits=limits,
                          others=CHART_KEYS)
        self._last_spec[0] = (key, spec)
        return spec

    def refused(self, error: SpecError) -> SpecError:
        """`error`, a refusal of the chart's fields as it is drawn (its source out of reach at start, or
        its dataset changed since), in the words the start refuses them with: the numbers it got as the
        file wrote them (`as_the_file_wrote`), told as the file's fields, naming the file and the chart
        ("shop.toml: chart 'c': 2 fields are refused: (1) …"), its status kept: a column its dataset has
        no more (its file rewritten without it) is the 404 "shop.toml: chart 'c': y: no column 'lions'; …".

        It is a ChartFieldsRefused, of no field: the file's field is no parameter of the URL asking for
        the chart, for a form to mark."""
        return ChartFieldsRefused(fields_refusal(self.file, self.id, error, self.written), status=error.status)

    def file_look(self, limits: Limits) -> dict[str, int | str]:
        """The width, height and theme its file gives it (its theme its own, else its dashboard's), each it
        gives, read alone, as none depends on the dataset: what its `<img>` and its image saying why are
        sized by, and that image drawn in, where its spec cannot be made (a column gone), which sized them
        640 × 360 and drew it light whatever its file said. A size refused since (`limits`) is left out: the
        default."""
        look: dict[str, int | str] = {}
        for name in ("width", "height", "theme"):
            given = next((value for value in self.fields.get(name, ()) if value.strip()), None)
            if given is not None:
                try:
                    look[name] = (choice_of(name, given, THEMES) if name == "theme"
                                  else int_in(name, given, limits.min_size, limits.max_size))
                except SpecError:  # checked as the file was loaded
                    pass
        return look

    @functools.cached_property
    def caption_paragraphs(self) -> tuple[str, ...]:
        """The caption as the paragraphs pages and reports show (`paragraphs`), split once."""
        return tuple(paragraphs(self.caption))


def chart_where(chart_id: str) -> str:
    """Where a refusal of a chart's field is in its dashboard file, as it says it: "chart 'c': "."""
    return f"chart {chart_id!r}: "


def fields_refusal(file: str, chart_id: str, error: SpecError, entry: Mapping[str, Any]) -> str:
    """The words of `error`, a refusal of the chart `chart_id`'s fields (`entry`, as the dashboard file
    `file` wrote them), as its start and its drawing both say them: the file and the chart named, the
    values it got as the file wrote them (`as_the_file_wrote`), several told as the file's fields
    (`told_as_fields`)."""
    return f"{file}: {chart_where(chart_id)}{told_as_fields(as_the_file_wrote(error, entry))}"


def file_error(path: Path, where: str, message: str) -> DashboardError:
    """The error of a dashboard file: its name, then `where` in it ("chart 'c': ", or nothing), then
    `message`."""
    return DashboardError(f"{path.name}: {where}{message}")


def text_value(value: Any, path: Path, where: str, key: str, default: str = "") -> str:
    """A text field of a dashboard file (`default` when left out); raises DashboardError for one
    that is no text or holds characters a page cannot show."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise file_error(path, where, f"{key} must be text, got {toml_shown(value)}")
    problem = text_problem(value, allow="\t\n")  # line ends are line feeds by now (`dashboards._line_feeds`)
    if problem:
        raise file_error(path, where, f"{key} {problem}; only printable text, tabs and line breaks are allowed")
    return value


# A line of nothing but spaces and tabs is as blank as an empty one; several in a row are one break.
BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def paragraphs(text: str) -> list[str]:
    """A description or caption as the paragraphs a page shows: a blank line starts a new one, and
    a single line feed is a space.

    TOML text is often wrapped by hand to fit the file, so a lone line feed is no break.
    """
    found = (" ".join(block.split("\n")).strip() for block in BLANK_LINES.split(text))
    return [paragraph for paragraph in found if paragraph]


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


def as_the_file_wrote(error: SpecError, entry: Mapping[str, Any]) -> SpecError:
    """`error`, the refusal of a chart's fields (`entry`, as the file wrote them), with each value it got
    written as the file wrote it where that is a number, true or false: a chart reads its fields as a
    URL's text, and `got '500.5'`, `got 'inf'` or `ymin '1e-400' is too small` would say the file wrote
    them as text, in quotes. Each of several fields refused at once (`Refusals`) is written so, in its
    own part; `error` itself where none is."""
    parts = each_refusal(error)
    written = [_part_as_written(part, entry) for part in parts]
    if all(new is old for new, old in zip(written, parts)):
        return error
    return Refusals(written, error.settings) if isinstance(error, Refusals) else written[0]


def _part_as_written(part: SpecError, entry: Mapping[str, Any]) -> SpecError:
    value = entry.get(part.field) if part.field is not None else None
    # A list's values each (yline = [true]), as a lone value: the one the refusal got is quoted as written.
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, (int, float)):  # a bool is an int
            continue
        text = listed_value(normalise_fields({part.field: item})[part.field][0])
        said = next((said for said in (f"got {text}", f"{part.field} {text}") if said in part.message), None)
        if said is not None:
            return SpecError(part.message.replace(said, said.replace(text, toml_value(item)), 1), part.field,
                             part.status)
    return part


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
        chart.spec(info.columns, limits)
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
