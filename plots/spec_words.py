"""A chart's words from its spec alone: its title and what it draws (`spec_summary`), the words of an
image true of every version of its data (`spec_words`), its axis titles, and how a title reads as the
first sentence of words that follow it."""
from __future__ import annotations

from .counted_rows import counts_rows
from .kind import kind_of
from .series_split import SeriesSplit
from .spec import NONE_WORD, ChartSpec, listed
from .text import names_counted, names_listed, one_line, shown_value


def spec_summary(spec: ChartSpec, split: SeriesSplit | None = None) -> tuple[str, str]:
    """The chart's title and what it draws, from its spec alone ("Line chart of value by t"); of a chart
    split into a series per value of a column (`series=region`), the y column and the split ("Line chart of
    sales by region by day"), and, where `split` gives them, the values drawn, its series as the spec of the
    wide table it draws names them ("… of sales by region (East, North, South, West) by day"), past the
    first few counted, as the words count the values left out, so that the title stays short ("… (s00,
    s01, s02, s03, s04 and 15 more) …"); where it found none among its rows, the split alone, as a spec names it."""
    if split is not None and split.measure and not split.drawn:  # no series found: the split named alone
        series = f"{_counted(spec, names_listed([split.measure]))[0]} by {shown_value(split.column)}"
    elif split is not None and split.measure:
        measure, column = _counted(spec, names_listed([split.measure]))[0], shown_value(split.column)
        shown = names_counted(spec.y)
        values = listed(shown) if len(shown) < len(spec.y) else ", ".join(shown)
        series = f"{measure} by {column} ({values})"
    elif spec.series is not None:
        series = f"{', '.join(_counted(spec, names_listed(spec.y)))} by {shown_value(spec.series)}"
    else:
        series = ", ".join(_counted(spec, names_listed(spec.y)))
    kind = kind_of(spec)
    label = _stacked_label(spec, kind.label, split)
    if kind.uses_x:
        summary = f"{label} of {series} by {shown_value(spec.x) if spec.x else 'row number'}"
    else:
        summary = f"{label} of {series}"
    return spec.title or summary, summary


def _counted(spec: ChartSpec, names: list[str]) -> list[str]:
    """The series `names` as a chart that counts its rows draws them (`counts_rows`): "count of status", the
    values it holds counted, and "count of rows"; as they are where it counts none. A count said as its
    column's name alone reads as that column's values ("Bar chart of status by ts")."""
    return [f"count of {name}" for name in names] if counts_rows(spec) else names


def _stacked_label(spec: ChartSpec, label: str, split: SeriesSplit | None) -> str:
    """A kind's label ("Bar chart") as a chart of `spec` draws it: "Stacked bar chart" where its series stand
    on one another, "100% stacked bar chart" as shares of each total, which a reader of words alone would not
    know until their end, or, in words of the spec alone (an embed snippet's), at all. Several series stack;
    a split (`series=`) stacks its values, known to be several only where `split` found them."""
    several = len(spec.y) > 1 or (spec.series is not None and split is None)
    if spec.stack == NONE_WORD or not several:
        return label
    return f"{'100% stacked' if spec.stack == 'percent' else 'Stacked'} {label[0].lower()}{label[1:]}"


def spec_words(spec: ChartSpec) -> str:
    """What the chart is, in words from its spec alone: its title, then what it draws ("Bears. Bar
    chart of Bear by year."); the summary alone when it is the title (an untitled chart's).

    True of every version of the data, unlike `describe`'s words of its rows: the alt text of an
    image whose URL shows whatever the rows are when it is read (an embed snippet's). On one line,
    as an alt text is: the title may hold line breaks. Ended with the axis titles the chart gives, as
    `describe`'s words are ("x axis: temperature, °C. y axis: humidity, %."): a unit, "°C", is said
    nowhere else.
    """
    title, summary = spec_summary(spec)
    words = ". ".join([summary, *axis_title_words(spec)]) + "."
    return one_line(words if desc_repeats_title(title, summary) else f"{title_sentence(title)} {words}")


# The marks a title may end its sentence with itself: an alt text adds no full stop after them.
SENTENCE_ENDS = tuple(".!?…。！？؟")


def title_sentence(title: str) -> str:
    """`title` as the first sentence of an alt text: ended with a full stop, unless it ends in a mark
    that ends a sentence ("Done?", "Bears."), which "Bears.." would follow with another; white space
    at its end left out, which "Bears ." would keep before the full stop."""
    title = title.rstrip()
    return title if title.endswith(SENTENCE_ENDS) else f"{title}."


def desc_repeats_title(title: str, desc: str) -> bool:
    """Whether `desc` starts by saying `title`, as an untitled chart's does (its title is the
    summary its description starts with: "Line chart of value by t, 30 rows. …").

    Then the description alone names the chart: the title and the description read one after the
    other would say the summary twice."""
    return desc == title or desc.startswith((f"{title}, ", f"{title}. "))


def axis_title_words(spec: ChartSpec) -> list[str]:
    """The axis titles `spec` gives, as the words end with them: "x axis: week", "y axis: °C"; a
    horizontal kind's by where they are drawn, xlabel down the side and ylabel across (barh: "axis down
    the side: year", "axis across: km/h").

    A small chart shortens them or leaves them out where its plot or its names need the room, and
    the rest of the words name the columns, not these (a unit, "°C", is said nowhere else); a title
    the chart makes of its columns ("year", "mean of v") the words say already."""
    axes = ("axis down the side", "axis across") if kind_of(spec).horizontal else ("x axis", "y axis")
    given = zip(axes, (spec.xlabel, spec.ylabel))
    return [f"{axis}: {one_line(title)}" for axis, title in given if title is not None and title.strip()]
