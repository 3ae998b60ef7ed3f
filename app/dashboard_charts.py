"""A dashboard file's [[charts]] tables: the chart each one describes and the checks of its fields
(its id, its keys, its values against its dataset), which stop the start with DashboardError naming
the file, the chart and the field, the error every check of a dashboard file raises. What a chart
field takes, as a refusal of a blank one says it, is in the words of plots, which reads the field
(`field_takes`)."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plots import ChartSpec, Limits, SpecError, normalise_fields, parse_spec
from plots.bar_order import top_over_cap
from plots.field_values import choice_of, int_in
from plots.refusals import Refusals, each_refusal, told_as_fields
from plots.spec import THEMES
from plots.text import listed_value, text_problem
from plots.toml_values import toml_shown, toml_value

from .store import Column

RESERVED_CHART_IDS = ("versions",)
# A dashboard's name (its file's) and a chart's id follow the store's naming rule, or begin with a digit:
# the releases before that rule took such names (`2024.toml`, a chart `1st`), and their files still
# start and the URLs embedded from them still draw. A dataset's name begins with a letter, as it always has.
DASHBOARD_NAME_REGEX = r"[a-z0-9][a-z0-9_-]{0,62}"
DASHBOARD_NAME_PATTERN = re.compile(DASHBOARD_NAME_REGEX)
DASHBOARD_NAME_RULE = "1 to 63 characters: lowercase letters, digits, - or _, the first a letter or a digit"
CHART_KEYS = ("id", "dataset", "caption")


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
