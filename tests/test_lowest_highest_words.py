"""A chart's words name each series' lowest and highest value and where it was, after its last
value ("last value: v 20, lowest 1.1 (2000-01), highest 21.1 (2015-07)"): the first thing a reader who
cannot see a line asks of it. The same words whether the line was drawn whole, thinned per pixel column
or resampled."""
from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd

from plots import chart_frame, describe, parse_spec
from plots.downsample import thin_line


def words(kind: str, frame: pd.DataFrame, **fields: str) -> str:
    """The alt text of a `kind` chart of `frame`'s columns, `x` and `y` among `fields`."""
    types = {name: "datetime" if str(frame[name].dtype).startswith("datetime") else
             "text" if frame[name].dtype == object else "float" for name in frame.columns}
    query = {"kind": [kind], **{key: value.split("&") for key, value in fields.items()}}
    spec = parse_spec(query, types)
    return describe(spec, chart_frame(spec, frame))[1]


DAYS = pd.date_range("2024-01-01", periods=6, freq="D")


def test_a_lines_words_name_its_lowest_and_highest_value_and_their_x():
    frame = pd.DataFrame({"day": DAYS, "v": [3.5, 1.1, 8.0, 21.1, 2.0, 4.0]})
    assert words("line", frame, x="day", y="v").endswith(
        "last value: v 4, lowest 1.1 (2024-01-02), highest 21.1 (2024-01-04).")


def test_of_values_that_tie_the_first_is_named():
    frame = pd.DataFrame({"day": DAYS, "v": [5.0, 1.0, 9.0, 1.0, 9.0, 3.0]})
    assert "lowest 1 (2024-01-02), highest 9 (2024-01-03)" in words("area", frame, x="day", y="v")


def test_a_series_of_one_value_names_no_lowest_nor_highest():
    frame = pd.DataFrame({"day": DAYS, "v": [2.0] * 6})
    assert words("scatter", frame, x="day", y="v").endswith("last value: v 2.")


def test_each_series_names_its_own_after_its_last_value():
    frame = pd.DataFrame({"day": DAYS, "a": [1.0, 2, 3, 4, 5, 6], "b": [9.0, np.nan, 0.5, 7, np.nan, np.nan]})
    assert words("line", frame, x="day", y="a&b").endswith(
        "last value: a 6, lowest 1 (2024-01-01), highest 6 (2024-01-06); "
        "b 7 at day 2024-01-04, lowest 0.5 (2024-01-03), highest 9 (2024-01-01).")


def test_a_bar_charts_words_name_its_bars_as_their_labels_do():
    frame = pd.DataFrame({"animal": ["Bear", "Deer", "Wolf"], "n": [29.0, 170.0, 9.0]})
    assert words("bar", frame, x="animal", y="n").endswith("rows. n: Bear 29, Deer 170, Wolf 9.")


def test_a_resampled_line_names_the_periods_of_its_lowest_and_highest():
    days = pd.date_range("2024-01-01", "2024-03-31", freq="D")
    values = np.where(days.month == 2, 10.0, 1.0)
    values[days.month == 3] = 4.0
    frame = pd.DataFrame({"day": days, "v": values})
    assert words("line", frame, x="day", y="v", resample="month").endswith(
        "last value: mean of v 4, lowest 1 (2024-01), highest 10 (2024-02).")


def test_past_five_series_the_words_name_the_lowest_and_highest_of_them_all():
    # Twelve series: their last values, then one lowest and one highest, naming the series.
    frame = pd.DataFrame({"day": DAYS, **{f"s{k}": [float(k + d) for d in range(6)] for k in range(12)}})
    frame.loc[2, "s7"] = -3.0
    said = words("line", frame, x="day", y="&".join(frame.columns[1:]))
    last = "; ".join(f"s{k} {k + 5}" for k in range(12))
    assert said.endswith(f"last value: {last}. lowest s7 −3 (2024-01-03), highest s11 16 (2024-01-06).")
    assert said.count("lowest") == 1


def test_a_line_thinned_per_pixel_column_names_the_whole_lines_lowest_and_highest():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"t": np.arange(100_000, dtype=float), "v": np.cumsum(rng.normal(0, 1, 100_000))})
    chosen = thin_line(frame["t"].to_numpy(), frame["v"].to_numpy(), 200)
    assert chosen is not None and len(chosen) < 1000
    whole, thinned = words("line", frame, x="t", y="v"), words("line", frame.iloc[chosen], x="t", y="v")
    ends = re.search(r"lowest .*", whole).group(0)
    low, high = frame["v"].idxmin(), frame["v"].idxmax()
    assert ends.startswith(f"lowest {describe_number(frame['v'][low])} ({low}), ")
    assert f"highest {describe_number(frame['v'][high])} ({high})" in ends
    assert thinned.endswith(ends)


def describe_number(value: float) -> str:
    """`value` as the words write it (4 significant digits, a minus sign)."""
    return f"{value:.4g}".replace("-", "\u2212")


def test_the_weather_pages_thinned_line_names_the_days_of_its_coldest_and_warmest(client):
    weather = pd.read_csv(Path(__file__).parent.parent / "site" / "data" / "weather.csv")
    coldest, warmest = weather["temperature_c"].idxmin(), weather["temperature_c"].idxmax()
    page = client.get("/plot/weather.svg?x=date&y=temperature_c").get_data(as_text=True)
    desc = html.unescape(re.search(r"<desc[^>]*>([^<]*)</desc>", page).group(1))
    assert (f"lowest {describe_number(weather['temperature_c'][coldest])} ({weather['date'][coldest]}), "
            f"highest {describe_number(weather['temperature_c'][warmest])} ({weather['date'][warmest]})") in desc


BIG = 2**53  # from here on a double holds every other integer only: 2**53 + 1 reads as 2**53


def test_integers_past_2_53_are_compared_as_integers():
    # As doubles 2**53 + 1 and 2**53 tie, and the first of them was named the lowest.
    frame = pd.DataFrame({"t": [1, 2, 3], "v": [BIG + 1, BIG, BIG + 2]})
    assert words("line", frame, x="t", y="v").endswith(
        f"last value: v {BIG + 2}, lowest {BIG} (2), highest {BIG + 2} (3).")


def test_a_series_of_integers_past_2_53_that_differ_names_its_lowest_and_highest():
    # As doubles the two were one value, and the words named neither.
    frame = pd.DataFrame({"k": ["a", "b", "c"], "v": pd.array([BIG + 1, None, BIG], dtype="Int64")})
    assert words("line", frame, x="k", y="v").endswith(
        f"last value: v {BIG}, lowest {BIG} (c), highest {BIG + 1} (a).")


def test_past_five_series_an_integer_and_a_float_are_compared_exactly():
    series = {"s0": [float(BIG), 0.0], "s1": [BIG + 1, 1], **{f"s{k}": [k, k] for k in range(2, 6)}}
    said = words("line", pd.DataFrame({"t": [1, 2], **series}), x="t", y="&".join(series))
    assert said.endswith(f"lowest s0 0 (2), highest s1 {BIG + 1} (1)."), said


def test_a_long_bar_name_is_said_once_cut_as_a_label_is():
    name = "Wolf " * 60
    frame = pd.DataFrame({"animal": ["Bear", name, "Deer"], "n": [1.0, 9.0, np.nan]})
    said = words("bar", frame, x="animal", y="n")
    assert said.endswith(f"n: Bear 1, {name[:199]}… 9, Deer none."), said
    assert said.count(name[:199]) == 1, said


def test_past_five_series_the_x_a_last_value_names_is_not_said_again():
    frame = pd.DataFrame({"day": DAYS[:3], **{f"s{k}": [float(k), float(k + 1), np.nan] for k in range(6)}})
    said = words("line", frame, x="day", y="&".join(frame.columns[1:]))
    assert said.endswith("s5 6 at day 2024-01-02. lowest s0 0 (2024-01-01), highest s5 6 (its last value)."), said


LONG = "Grey wolf of the northern forests"  # longer than a bar's drawn label: the chart cuts it short


def test_a_long_bar_name_the_x_span_names_is_not_said_again_by_a_lowest_or_highest():
    # The span named the first and last bars, and the lowest and highest said those names again.
    names = [LONG, *(f"c{k}" for k in range(8)), f"{LONG}, south"]  # too many to say each bar
    frame = pd.DataFrame({"animal": names, "n": [1.0, *[3.0] * 8, 9.0], "m": [5.0, 1.0, *[2.0] * 8]})
    said = words("bar", frame, x="animal", y="n&m")
    assert (f"animal from {LONG} to {LONG}, south. n lowest 1 (the first bar), "
            "highest 9 (the last bar); m lowest 1 (c0), highest 5 (the first bar).") in said, said
    assert said.count(LONG) == 2, said


def test_a_short_bar_name_the_x_span_names_is_said_again():
    frame = pd.DataFrame({"animal": ["Bear", *(f"c{k}" for k in range(8)), "Wolf"], "n": [1.0, *[3.0] * 8, 9.0]})
    assert "animal from Bear to Wolf. n lowest 1 (Bear), highest 9 (Wolf)." in words("bar", frame, x="animal", y="n")


def test_a_few_bars_of_a_long_name_are_said_without_the_span_that_would_name_it_again():
    frame = pd.DataFrame({"animal": [LONG, "Bear", "Deer"], "n": [9.0, np.nan, np.nan]})
    said = words("bar", frame, x="animal", y="n")
    assert said.endswith(f"bar. n: {LONG} 9, Bear none, Deer none."), said


def test_past_five_series_a_long_bar_name_the_x_span_names_is_not_said_again():
    frame = pd.DataFrame({"animal": ["Bear", LONG], **{f"s{k}": [float(k), float(k + 1)] for k in range(7)}})
    said = words("bar", frame, x="animal", y="&".join(frame.columns[1:]))
    assert said.endswith("lowest s0 0 (Bear), highest s6 7 (the last bar)."), said
    assert said.count(LONG) == 1, said


def test_a_long_name_a_lines_x_span_names_is_not_said_again():
    frame = pd.DataFrame({"animal": [LONG, "Bear", "Deer"], "n": [1.0, 9.0, 5.0]})
    said = words("line", frame, x="animal", y="n")
    assert said.endswith(f"animal from {LONG} to Deer. last value: n 5, lowest 1 (the first category), "
                         "highest 9 (Bear)."), said


def test_each_series_lowest_and_highest_are_found_once_for_its_words(monkeypatch):
    # The last value is said to the place its series' lowest and highest are told apart to, and those are
    # said after it: each series' values are searched for them once, where the last value's words searched
    # them again; past five series the lowest and highest of them all are found of the same search.
    import plots.series_extremes as series_extremes
    searched = []

    def compared(values):
        searched.append(values.name)
        return compared_values(values)

    compared_values = series_extremes.compared_values
    monkeypatch.setattr(series_extremes, "compared_values", compared)
    for count in (2, 12):
        searched.clear()
        frame = pd.DataFrame({"day": DAYS, **{f"s{k}": [float(k + d) for d in range(6)] for k in range(count)}})
        said = words("line", frame, x="day", y="&".join(frame.columns[1:]))
        assert "lowest" in said, said
        assert sorted(searched) == sorted(frame.columns[1:]), (count, searched)
