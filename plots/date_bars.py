"""Labels of bars of dates: the period a chart's bars of dates are (`bar_period`, `whole_period`),
the places of their labels counted as a date axis ticks (`period_counts`, which the bars' labels
are thinned by, at steps that label them throughout), and each year written once, on the first
bar of that year (`written_once`), or of those kept at a step of their own (`named_among_kept`), or
left out of each, written once over them all (`years_left_out`); bars of moments are labelled as
briefly as tells them apart (`told_apart_briefly`)."""
from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .ticks import round_steps

# Bars of quarters or months: how many of them make a year, and the steps within a year their
# labels keep, as a date axis steps months. (Years' labels are whole numbers, which `ticks` thins
# to round steps as they are.)
PERIODS_A_YEAR = {"quarter": (4, (1, 2, 4)), "month": (12, (1, 2, 3, 4, 6, 12))}
# The steps in months the labels of bars of days or weeks keep once they keep one a month.
MONTH_STEPS = PERIODS_A_YEAR["month"][1]

# Bars of days or weeks are counted in places, DAY_PLACES a month, so that multiples of a round
# step are the days a date axis ticks: the odd days (2), the 1st, 8th, 15th and 22nd (7), the 1st
# and 15th (14), the 1st (DAY_PLACES) of a month. A day from the 29th on takes a place on no
# multiple of 7 (which a 29th would have, next to the 1st), and a month's last day an odd one: its
# label would stand a day before the 1st's (the chart's last bar, before none, keeps an even one,
# as a fifth Monday does below). A round day with no bar (a weekend's) gives its place
# to the bar after it (`_day_places`).
DAY_PLACES = 42
DAY_STEPS = (1, 2, 7, 14)
# A week (named by its Monday) takes the place of its Monday's week of the month, WEEK_PLACES a
# month: the month's first and third Mondays (2) or its first (WEEK_PLACES); a fifth Monday, a
# week before the next month's first, takes an odd place. A first Monday with no bar has the bar
# of the second stand in for it (`_week_places`), as a round day's bar has the one after it.
WEEK_PLACES = 6
WEEK_STEPS = (1, 2)


def _day_place(day: pd.Timestamp) -> int:
    """A day's place in its month (`DAY_PLACES`): the 1st 0, …, the 28th 27, a 29th 30 (29 when
    February ends on it), the 30th 31, the 31st 33."""
    if day.day <= 28:
        return day.day - 1
    if day.day == 29:
        return 29 if day.is_month_end else 30
    return {30: 31, 31: 33}[day.day]


# The days of the month on multiples of 7 places (`DAY_PLACES`). One with no bar has the first
# bar in the ROUND_DAY_REACH days after it (a weekend and a holiday) stand in for it, so that bars
# of weekdays only keep a label for each month whose 1st (and so its 8th, 15th and 22nd) falls on
# a Saturday or Sunday.
ROUND_DAYS = (1, 8, 15, 22)
ROUND_DAY_REACH = 3


def _day_places(days: pd.Series) -> list[int]:
    """The places of bars of `days` in their month (`_day_place`), a round day's (`ROUND_DAYS`)
    given to the bar that stands in for it when it has none.

    A bar of an even day standing in for the 1st or 15th (the Monday after a Sunday) joins the odd
    days' labels: its neighbours, when they are among those, take the place before theirs, so that
    those labels stay a bar apart. (One of an odd day standing in for the 8th or 22nd leaves them,
    which leaves a wider gap between two of them.) The chart's first bar stands in for no day
    before it: those days are not shown, not missing.
    """
    ordered = sorted(set(days))
    places = {day: _day_place(day) for day in ordered}
    stood_in = {}  # index in `ordered` of a bar standing in for a round day: whether it joined the odd days
    for at, (earlier, day) in enumerate(zip(ordered, ordered[1:]), start=1):
        after = earlier.day + 1 if (earlier.year, earlier.month) == (day.year, day.month) else 1
        missing = range(max(after, day.day - ROUND_DAY_REACH), day.day)
        for round_day in (round_day for round_day in ROUND_DAYS if round_day in missing):
            stood_in[at] = bool(places[day] % 2 and round_day % 2)
            places[day] = round_day - 1
    for at in (at for at, joined in stood_in.items() if joined):
        for neighbour in (at - 1, at + 1):
            if 0 <= neighbour < len(ordered) and neighbour not in stood_in and places[ordered[neighbour]] % 2 == 0:
                places[ordered[neighbour]] -= 1
    # A month's odd last day stands a day before the next 1st's label; the chart's last, before none,
    # keeps its place two days after the 29th or 27th: every other day's labels run to it.
    last = ordered[-1] if ordered else None
    if last is not None and last.is_month_end and last.day in (29, 31):
        places[last] = 30 if last.day == 29 else 32
    return [places[day] for day in days]


def _week_place(monday: pd.Timestamp) -> int:
    """A week's place in its month (`WEEK_PLACES`): 0 to 3 for its first to fourth Monday, 5 for a fifth."""
    week = (monday.day - 1) // 7
    return week if week < 4 else 5


def _week_places(mondays: pd.Series) -> list[int]:
    """The places of bars of `mondays` in their month (`_week_place`), a month's first Monday's
    given to the bar of its second when it has none.

    Without it, every month whose first week is missing went unlabelled at a step of months: 33 of
    40 weeks from 2024-01-01 were labelled January, March, May, July, August and September. The
    third Monday of a month whose second stands in for its first takes an odd place, so that labels
    of the first and third Mondays stay two weeks apart or more. The chart's first bar stands in
    for no week before it: those weeks are not shown, not missing.
    """
    ordered = sorted(set(mondays))
    places = {monday: _week_place(monday) for monday in ordered}
    for earlier, monday in zip(ordered, ordered[1:]):
        # In days on the calendar: a week across a change of clocks is 167 or 169 hours.
        if places[monday] == 1 and (monday.date() - earlier.date()).days > 7:
            places[monday] = 0
            third = monday + pd.DateOffset(days=7)
            if third in places:
                places[third] = 3
    # A fifth Monday stands a week before the next month's first; the chart's last, before none,
    # keeps its place two weeks after the third: labels of first and third Mondays run to it.
    if ordered and places[ordered[-1]] == 5:
        places[ordered[-1]] = 4
    return [places[monday] for monday in mondays]


def whole_period(moments: pd.Series) -> str | None:
    """The coarsest resample period (year, quarter, month, week or day) whose starts all `moments`
    are: all the 1st of January, of a quarter's first month or of a month; all Mondays, the nearest
    two a week apart; or all midnights, the nearest two a day apart. None when some have a time of
    day or are missing, or there are none, or midnights lie further apart (Mondays a fortnight
    apart): the places of weeks and days in their month (`period_counts`) keep a round step only
    where the bars fill them, and missing ones would leave months unlabelled.
    """
    if not pd.api.types.is_datetime64_any_dtype(moments) or moments.empty or moments.isna().any():
        return None
    if not (moments == moments.dt.normalize()).all():
        return None
    day, month = moments.dt.day, moments.dt.month
    if (day == 1).all():
        if (month == 1).all():
            return "year"
        return "quarter" if ((month - 1) % 3 == 0).all() else "month"
    # In days on the calendar, not hours elapsed: a day across a change of clocks is 23 or 25 hours.
    wall = moments.dt.tz_localize(None) if moments.dt.tz is not None else moments
    nearest = wall.drop_duplicates().sort_values().diff().min()  # NaT for one moment
    if (moments.dt.day_of_week == 0).all() and not nearest > pd.Timedelta(days=7):
        return "week"
    return "day" if not nearest > pd.Timedelta(days=1) else None


def bar_period(moments: pd.Series, resample: str | None) -> str | None:
    """The period each bar of `moments` stands for: the resample step, or, not resampled, the
    coarsest period whose starts they all are (`whole_period`); None for neither, or for one date
    alone, which could be a day's as well.

    Bars are labelled and thinned by it: bars of the 1st of each month read "2019-05" as bars
    resampled to months do (`data.category_labels`), while a week's Monday and a day are dates.
    """
    if resample is not None:
        return resample
    return whole_period(moments) if moments.nunique() > 1 else None


# Bars' counts (periods or places since the year 0) and the steps their labels may be thinned to.
BarCounts = tuple[list[int], tuple[int, ...]]


def period_counts(moments: pd.Series, resample: str | None) -> BarCounts | None:
    """Bars of periods of `resample` (`moments` their starts) counted in periods or places since the
    year 0, with the steps their labels may be thinned to (`tick_hints.count_ticks`); None for other bars
    (bars resampled to years, whose labels thin as whole numbers, and moments with a time of day).

    Bars not resampled count as the coarsest period whose starts their moments all are
    (`bar_period`): bars of the 1st of each month thin as bars of months do, bars of midnights
    as bars of days, and bars of the 1st of January count in years (as their labels, the years,
    would thin as whole numbers, but in any order they come in).

    Quarters and months are counted in themselves (2002 Q1: 8008), with round steps within a year,
    then round numbers of years (2002 Q1, 2002 Q3 or 2002 Q1, 2003 Q1, not 2002 Q1, 2003 Q4). Days
    and weeks are counted in places in their month (`DAY_PLACES`, `WEEK_PLACES`), with round steps
    within a month, then round steps of months and years (the 1st and 15th, or the first Monday of
    each quarter, not every n-th day or week from the first bar's).

    Only steps that label the bars throughout are given (`_labelled_throughout`): bars that do not
    fill their periods may leave a step's multiples far apart. Where the step of a month (of a year,
    for bars of months or quarters) does not, or a step does not and no other labels two bars but
    each bar's, None: the bars are thinned every n-th, as bars of dates of no period are, and their
    last labelled too (`every_nth_ticks.every_nth_apart`).
    """
    if not pd.api.types.is_datetime64_any_dtype(moments) or moments.isna().any():
        return None
    period = bar_period(moments, resample)
    if period in PERIODS_A_YEAR:
        per_year, within_year = PERIODS_A_YEAR[period]
        counts = [moment.year * per_year + (moment.month - 1) * per_year // 12 for moment in moments]
        within, filled = within_year, per_year
    elif period in ("day", "week"):
        if period == "day":
            places, within_month, in_month = DAY_PLACES, DAY_STEPS, _day_places(moments)
        else:
            places, within_month, in_month = WEEK_PLACES, WEEK_STEPS, _week_places(moments)
        counts = [(moment.year * 12 + moment.month - 1) * places + place for moment, place in zip(moments, in_month)]
        per_year = 12 * places
        within, filled = (*within_month, *(places * months for months in MONTH_STEPS)), places
    elif period == "year" and resample is None:
        per_year, within, filled = 1, (1,), 1
        counts = [moment.year for moment in moments]
    else:
        return None
    span = max(counts, default=0) - min(counts, default=0) + 1
    years = itertools.takewhile(lambda step: step <= span, (per_year * step for step in round_steps()))
    steps = tuple(dict.fromkeys([*within, *years]))
    wall = moments.dt.tz_localize(None) if moments.dt.tz is not None else moments
    days, counted = wall.to_numpy().astype("datetime64[D]").astype(np.int64), np.asarray(counts)
    kept = tuple(step for step in steps if _labelled_throughout(days, counted, step, period))
    # Bars of days or weeks that fill them, a weekend, a holiday or a few weeks' outage missing, have
    # a bar on (or standing in for) each month's start, and bars of months or quarters one in each
    # year's first: the step of those (`filled`) labels them throughout. Dates a random 1 to 29 days
    # apart leave months on end without one, and the steps of years left them, twice a year's gap
    # allowed, labelled a few of their bars by chance (2024-01-01, 2025-01-01 and, standing in,
    # 2027-01-03): the last year of bars, to 2028-02-02, went unlabelled.
    if filled not in kept:
        return None
    # Irregular bars: some step leaves stretches unlabelled, and every other but each bar's labels
    # one bar at most (2024-01-01 plus 0, 1, 4, 9, … days: only every two years' 1st of January,
    # 2024-01-01, over two years). Regular bars a step labels one of are few (four days).
    if len(kept) < len(steps) and all(step == 1 or np.count_nonzero(counted % step == 0) < 2 for step in kept):
        return None
    return counts, kept


def _labelled_throughout(days: np.ndarray, counts: np.ndarray, step: int, period: str) -> bool:
    """Whether the bars of `days` (days since 1970 on the calendar, counted in `counts` as
    `period_counts` counts bars of `period`) whose counts are multiples of `step` label the bars
    throughout: none lies further from the last such bar before it (or, before the first, from
    that one) than twice as far as regular bars' labels at that step lie apart (`_days_apart`), so
    that a round day lost to an outage leaves a gap, not a stretch.

    The steps assume bars that fill their periods, as bars of days or weeks do, a weekend or a
    holiday missing (a round day without a bar has the bar after it stand in for it). Bars of
    2024-01-01 plus 0, 1, 4, 9, … days fill nothing: thinned to the 1st of each month, three of them
    kept their labels, the 1st of January, of May and, standing in, 4 February 2025, and the last
    eight bars, over a year, none. A step with no multiple among the bars keeps no label, and is
    passed over as ever."""
    labelled = np.sort(days[counts % step == 0])
    if not len(labelled):
        return True
    before = np.searchsorted(labelled, days, side="right") - 1
    apart = np.where(before >= 0, days - labelled[np.maximum(before, 0)], labelled[0] - days)
    return int(apart.max()) <= 2 * _days_apart(step, period)


def _days_apart(step: int, period: str) -> float:
    """The most days two labels of regular bars of `period` kept at `step` of `period_counts`'
    counts lie apart (a month taken as 31 days): every other day's, the 29th and the next 1st, 3
    days; the 1st, 8th, 15th and 22nd's, the 22nd and the next 1st, 10 days; and a round day's bar
    may stand in a few days late (ROUND_DAY_REACH). A month's first Monday lies up to 6 days into it."""
    if period == "day":
        return (step + 3 if step < DAY_PLACES else step / DAY_PLACES * 31) + ROUND_DAY_REACH
    if period == "week":
        return 7 * step + 7 if step < WEEK_PLACES else step / WEEK_PLACES * 31 + 6
    return step * {"month": 31, "quarter": 92, "year": 366}[period]


# A bar's label of a date, as `data.category_labels` writes it: the date, then perhaps its time.
DATE_LABEL = re.compile(r"(?P<date>(?P<month>(?P<year>[0-9]{4})-[0-9]{2})-[0-9]{2})(?: (?P<time>.+))?")
# A bar's label that starts with its year, as `data.category_labels` writes a date (2019-05-03),
# a moment (2019-05-03 12:00) and a month (2019-05). A quarter's (2019 Q2) keeps its year: its
# labels are few, and without the year the first of each year is wide enough to thin them all.
YEAR_FIRST = re.compile(r"(?P<year>[0-9]{4})-(?P<rest>.+)")


def told_apart_briefly(labels: Sequence[str], moments: pd.Series) -> list[str]:
    """Labels of bars of `moments` with a time (2024-03-10 06:30:00) in the shortest form that keeps
    them apart and reads no closer together than they are: their dates alone where those differ and
    no two moments lie within a day ("03-10" under "2024", not "03-10 00:00:00"), else to the minute
    where no two lie within one, else as they are (23:00 and the next 00:00 keep their hours). Other
    labels are kept as they are, and an empty one (a missing moment) stays empty."""
    found = [DATE_LABEL.fullmatch(label) for label in labels if label]
    if not found or not all(match and match["time"] for match in found):
        return list(labels)
    wall = moments.dt.tz_localize(None) if moments.dt.tz is not None else moments
    nearest = wall.dropna().drop_duplicates().sort_values().diff().min()  # NaT for one moment
    distinct = len({match[0] for match in found})
    for unit, brief in ((pd.Timedelta(days=1), lambda match: match["date"]),
                        (pd.Timedelta(minutes=1), lambda match: f"{match['date']} {match['time'][:5]}")):
        if not nearest < unit and len({brief(match) for match in found}) == distinct:
            return [brief(DATE_LABEL.fullmatch(label)) if label else "" for label in labels]
    return list(labels)


def written_once(labels: Sequence[str], counted: BarCounts | None) -> tuple[list[str], str]:
    """Labels of bars of dates (2019-05-03, or 2019-05-03 12:00) with what they all start with
    written once, as the axis' offset, or of dates of several years with each year written once,
    on the first bar of that year: the labels and the offset.

    Bars all of one year read "05-03" over "2019"; days all of one month "03" over "2019-05", as
    bars of that month are labelled; moments all of one day "12:00" over "2019-05-03". The
    shorter labels fit under a short chart turned upwards, where whole dates would be cut. Bars
    of several years (dates, moments or months) name the year where it changes
    (`years_where_they_change`, `counted` the counts and steps the bars are thinned by). Other
    labels (months of one year, quarters, years, or one date alone: no start to share) are kept as
    they are, with no offset. An empty label (a missing date) stays empty.
    """
    written = [label for label in labels if label]
    found = [DATE_LABEL.fullmatch(label) for label in written]
    if len(set(written)) < 2:
        return list(labels), ""
    if all(found):
        timed = [match["time"] is not None for match in found]
        if any(timed) != all(timed):
            return list(labels), ""
        # Moments of one month and several days are not written "03 12:00", which reads as neither a
        # date nor a time.
        for part in ("date", "year") if all(timed) else ("month", "year"):
            if len({match[part] for match in found}) == 1:
                shared = found[0][part]
                return [label[len(shared) + 1:] if label else "" for label in labels], shared
    return years_where_they_change(labels, counted), ""


def years_left_out(labels: Sequence[str]) -> tuple[list[str], str]:
    """Labels of bars of days or weeks (2024-12-30, 2025-01-06) without their years, and the years
    they span written once ("2024–2025", or "2025"), for an axis' offset: "12-30", "01-06" read in
    order under it. Other labels are kept as they are, with no offset: months of several years
    without them ("01", "03", … "01") would read as days, and repeat; days of three years or more
    ("01-01", "07-08", "02-21" over "2024–2026") could be of any of them."""
    found = [DATE_LABEL.fullmatch(label) if label else None for label in labels]
    years = sorted({match["year"] for match in found if match})
    if not years or int(years[-1]) - int(years[0]) > 1 or not all(
            match and not match["time"] for label, match in zip(labels, found) if label):
        return list(labels), ""
    # Each written label is a date, its year and a "-" first.
    return ([label[len(match["year"]) + 1:] if match else "" for label, match in zip(labels, found)],
            "–".join(dict.fromkeys((years[0], years[-1]))))


def years_where_they_change(labels: Sequence[str], counted: BarCounts | None) -> list[str]:
    """Labels of bars of several years (2023-10, 2023-11, …, 2024-01) with the year written only
    where it is not the bar before's: "2023-10", "11", "12", "2024-01", "02". Read from the left,
    each label is of the last year written before it, as a calendar's months follow their year.

    A month and day keep both ("12-31", "2024-01-01", "01-02"), and a moment its date: thinned to
    one label a month, the labels still name the month. Thinned labels must not borrow the year
    before theirs, nor go without one: a label drops its year only where the bar that writes it
    (for the first year's, it or the second year's first) is kept whenever this one is
    (`_kept_with`), as bars thinned by `counted` (`period_counts`) keep them; bars thinned every
    n-th (`counted` None) are named anew among those kept (`named_among_kept`), and drop it in
    every year alike. Labels not all of a year and more (years alone, quarters, texts), or all of
    one year, are kept as they are.
    """
    found = [YEAR_FIRST.fullmatch(label) if label else None for label in labels]
    if not all(match for label, match in zip(labels, found) if label):
        return list(labels)
    years = [match["year"] if match else None for match in found]
    if len(set(years) - {None}) < 2:
        return list(labels)
    # The first year's labels have no year before them to borrow: thinned, they read as the year
    # before the next one written, the second year's first bar's where that is kept with them.
    first = next(year for year in years if year)
    second = next(at for at, year in enumerate(years) if year not in (None, first))  # the second year's first bar
    shortened, year, writer, first_year = [], None, None, True
    for at, (label, match) in enumerate(zip(labels, found)):
        if match is None:
            shortened.append(label)
            continue
        if match["year"] == year and (_kept_with(at, writer, counted)
                                      or first_year and _kept_with(at, second, counted)):
            shortened.append(match["rest"])
            continue
        shortened.append(label)
        if match["year"] != year:
            first_year = year is None
            year, writer = match["year"], at
    return shortened


def _kept_with(at: int, writer: int, counted: BarCounts | None) -> bool:
    """Whether the bar at `writer` keeps its label wherever thinning keeps the one at `at`: on
    every step both are on multiples of, for bars thinned by what they count (`tick_hints.count_ticks`;
    the first bar of a year on its first month, day or week is kept with all of that year's);
    always for others, which keep every n-th label from the first, named anew among those kept
    (`named_among_kept`, which `bar_kinds` has `every_nth_ticks` call): it writes the year on
    the first kept of each year, whichever the n."""
    if counted is None:
        return True
    counts, steps = counted
    return all(counts[writer] % step == 0 for step in steps if counts[at] % step == 0)


def named_among_kept(labels: Sequence[str], kept: Sequence[int]) -> list[str]:
    """The labels of the bars at `kept` (indices into `labels`, the bars' labels written whole)
    where thinning keeps only those, at a step of their own: each year written on the first of
    them and where it changes ("2024-12-27", "2025-01-03", "01-10").

    `written_once` leaves a year out of a label only where the bar that writes it is kept with it
    on every round step; a step of no round number may keep "07" without "2025-01", to be read
    as a month of the year before."""
    chosen = [labels[at] for at in kept]
    return years_where_they_change(chosen, (list(range(len(chosen))), (1,)))
