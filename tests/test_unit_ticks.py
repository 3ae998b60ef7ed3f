"""A column named with its unit in brackets, `share (%)`, `revenue ($)` or `amount (USD)`, has its value axis
labelled with that unit: `12%`, `$1.5B`, `USD 1.2k`, as a spreadsheet's number format writes them, and its
words, the bounds its notes and words name among them, say each value with it."""
from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.text import Text

from plots import build_figure, chart_frame, describe, parse_spec
from plots.unit_ticks import UnitFormatter, named_unit

MINUS = "\N{MINUS SIGN}"


def tick_texts(columns: dict[str, list], kind: str = "line", **fields: str) -> list[str]:
    """Every text a `kind` chart of `columns` (each a float y column) by a whole-number x draws."""
    names = list(columns)
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": [",".join(names)], **{k: [v] for k, v in fields.items()}},
                      {"day": "integer", **{name: "float" for name in names}})
    rows = len(next(iter(columns.values())))
    frame = pd.DataFrame({"day": list(range(rows)), **columns})
    figure = build_figure(spec, chart_frame(spec, frame), dpi=72)
    return [text.get_text() for text in figure.findobj(Text) if text.get_text()]


@pytest.mark.parametrize(("name", "unit"), [
    ("share (%)", "%"), ("share(%)", "%"), ("revenue ($)", "$"), ("price [€]", "€"), ("cost (US$)", "US$"),
    ("amount (USD)", "USD"), ("price [EUR]", "EUR"), ("cost(GBP)", "GBP"),
    ("share", None), ("humidity_pct", None), ("weight (kg)", None), ("(%) of total", None),
    ("speed (RPM)", None), ("amount (usd)", None), ("rank (TOP)", None), ("amount (USDT)", None),
])
def test_the_unit_a_column_is_named_with_is_a_percent_or_currency_sign_or_code_in_brackets_at_its_end(name, unit):
    assert named_unit(name) == unit


def test_an_axis_of_percentages_writes_each_tick_with_a_percent_sign():
    texts = tick_texts({"share (%)": [12.5, -3.0, 4.0]})
    assert {"12%", "0%", f"{MINUS}2%"} <= set(texts)
    assert "12" not in texts


def test_an_axis_of_billions_of_dollars_writes_them_short_with_the_sign():
    texts = tick_texts({"amount ($)": [1.2e9, 3.4e9, 2e9]})
    assert {"$1.5B", "$2.0B", "$3.5B"} <= set(texts)
    assert "1e9" not in texts


def test_an_axis_of_negative_amounts_writes_the_minus_before_the_sign():
    texts = tick_texts({"amount ($)": [1234.5, 12.0, -1234.0]})
    assert {f"{MINUS}$1.0k", "$0", "$0.5k"} <= set(texts)


def test_a_bar_chart_across_writes_the_unit_on_its_value_axis():
    assert {"$0", "$2.00k"} <= set(tick_texts({"amount ($)": [100.0, 2000.0, 1500.0]}, kind="barh"))


def test_a_stack_of_shares_of_amounts_labels_its_axis_of_percent_of_each_total_as_numbers():
    texts = tick_texts({"north ($)": [1000.0, 3000.0], "south ($)": [3000.0, 1000.0]}, kind="bar", stack="percent")
    assert {"0", "40", "100", "percent of each total"} <= set(texts)
    assert not any(text.startswith("$") for text in texts), texts
    assert {"$0", "$4.0k"} <= set(tick_texts({"north ($)": [1000.0, 3000.0], "south ($)": [3000.0, 1000.0]},
                                             kind="bar", stack="stacked"))


def test_columns_of_two_units_are_labelled_as_numbers():
    texts = tick_texts({"amount ($)": [1.0, 2.0], "share (%)": [3.0, 4.0]})
    assert not any(text.endswith("%") or text.startswith("$") for text in texts)


def formatted(unit: str, ticks: list[float]) -> list[str]:
    """The labels an axis of values in `unit` spanning `ticks` writes at them."""
    formatter = UnitFormatter(unit)
    formatter.create_dummy_axis()
    formatter.axis.set_view_interval(min(ticks), max(ticks))
    formatter.set_locs(ticks)
    return [formatter(tick) for tick in ticks]


def test_amounts_from_a_trillion_are_written_short_in_trillions():
    assert formatted("$", [1e12, 1.5e12, 2e12]) == ["$1.0T", "$1.5T", "$2.0T"]
    assert formatted("USD", [-2.5e12, 0.0]) == [f"USD {MINUS}2.5T", "USD 0"]
    texts = tick_texts({"amount ($)": [1e12, 3e12, 2e12]})
    assert {"$1.00T", "$1.25T", "$3.00T"} <= set(texts)
    assert not any(text.endswith("B") for text in texts), texts


def test_ticks_written_short_take_up_to_three_decimals():
    assert formatted("$", [1.125e6, 1.25e6]) == ["$1.125M", "$1.250M"]


def test_ticks_the_short_form_needs_more_decimals_for_are_written_as_plain_numbers_grouped_by_thousands():
    assert formatted("$", [1000000.3]) == ["$1,000,000.3"]
    assert formatted("$", [1000000.0, 1002500.0, 1005000.0]) == ["$1,000,000", "$1,002,500", "$1,005,000"]
    assert formatted("USD", [-1002500.0, 0.0]) == [f"USD {MINUS}1,002,500", "USD 0"]
    assert formatted("€", [-1002500.0, 0.0]) == [f"{MINUS}€1,002,500", "€0"]


def test_an_axis_of_amounts_whose_ticks_differ_in_the_fourth_decimal_of_millions_writes_them_whole():
    texts = tick_texts({"amount ($)": [1000000.0, 1020000.0, 1010000.0]})
    ticks = [text for text in texts if text.startswith("$")]
    assert {"$1,000,000", "$1,002,500", "$1,020,000"} <= set(ticks), texts
    assert len(set(ticks)) == len(ticks)


def test_amounts_too_near_zero_for_six_decimals_are_labelled_under_a_power_of_ten_each_told_apart():
    texts = tick_texts({"amount ($)": [1e-7, 3e-7, 2e-7]})
    assert {"1.00", "1.25", "3.00", f"1e{MINUS}7"} <= set(texts), texts
    assert "$0" not in texts


def test_amounts_past_a_thousand_trillion_are_labelled_under_a_power_of_ten():
    texts = tick_texts({"amount ($)": [8.6e15, 9.4e15]})
    assert {"8.6", "9.4", "1e15"} <= set(texts), texts
    assert not any(text.endswith(("T", "B")) for text in texts), texts


def test_amounts_close_together_far_from_zero_are_labelled_from_an_offset_as_any_axis_is():
    texts = tick_texts({"amount ($)": [1000000.1, 1000000.5, 1000000.3]})
    assert "+1e6" in texts and "0.10" in texts
    assert not any(text.startswith("$") for text in texts)


def test_a_nearly_flat_axis_of_percentages_written_whole_writes_each_tick_with_a_percent_sign():
    texts = tick_texts({"uptime (%)": [99.9991, 99.9999, 99.9995, 99.9993]})
    assert {"99.9991%", "99.9995%", "99.9999%"} <= set(texts), texts
    assert "99.9995" not in texts


def test_a_nearly_flat_axis_of_amounts_written_whole_writes_each_tick_with_the_sign():
    texts = tick_texts({"price ($)": [20.0013, 20.0032, 20.002, 20.0018]})
    assert {"$20.00125", "$20.00200", "$20.00325"} <= set(texts), texts
    assert "20.00200" not in texts


def test_counts_of_amounts_are_labelled_as_numbers():
    spec = parse_spec({"kind": ["bar"], "x": ["shop"], "y": ["amount ($)"], "agg": ["count"]},
                      {"shop": "text", "amount ($)": "float"})
    frame = pd.DataFrame({"shop": ["a", "a", "b"], "amount ($)": [1000.0, 2000.0, 3000.0]})
    texts = [text.get_text() for text in build_figure(spec, chart_frame(spec, frame), dpi=72).findobj(Text)]
    assert "2" in texts and not any(text.startswith("$") for text in texts)


def words(columns: dict[str, list], kind: str = "line") -> str:
    """The alt text of a `kind` chart of `columns` by a whole-number x."""
    names = list(columns)
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": [",".join(names)]},
                      {"day": "integer", **{name: "float" for name in names}})
    frame = pd.DataFrame({"day": list(range(len(next(iter(columns.values()))))), **columns})
    return describe(spec, chart_frame(spec, frame))[1]


def test_the_words_say_each_percentage_with_its_sign():
    assert (f"last value: share (%) 4%, lowest {MINUS}3% (1), highest 12.5% (0)"
            in words({"share (%)": [12.5, -3.0, 4.0]}))


def test_the_words_say_each_amount_with_its_currency_sign_after_a_minus():
    assert (f"last value: amount ($) {MINUS}$1,234.00, lowest {MINUS}$1,234.00 (2), highest $1,234.50 (0)"
            in words({"amount ($)": [1234.5, 12.0, -1234.0]}))
    assert "amount ($) from $100 to $2,000" in words({"amount ($)": [100.0, 2000.0, 1500.0]}, kind="hist")


def test_the_words_of_values_of_two_units_say_each_series_values_with_its_own_unit():
    said = words({"amount ($)": [1.0, 2.0], "share (%)": [3.0, 4.0]})
    assert ("last value: amount ($) $2, lowest $1 (0), highest $2 (1); share (%) 4%, lowest 3% (0), highest 4% (1)"
            in said)
    said = words({"amount ($)": [1.0, 2.0], "temp (°C)": [3.0, 4.0]})
    assert "last value: amount ($) $2, lowest $1 (0), highest $2 (1); temp (°C) 4, lowest 3 (0), highest 4 (1)" in said


def test_an_axis_of_amounts_in_a_currency_code_writes_the_code_before_each_tick_and_the_minus_after_it():
    texts = tick_texts({"amount (USD)": [1234.5, 12.0, -1234.0]})
    assert {f"USD {MINUS}1.0k", "USD 0", "USD 0.5k"} <= set(texts)
    assert not any(text.startswith("$") for text in texts)


def test_an_axis_of_billions_in_a_currency_code_writes_them_short_after_the_code():
    assert {"EUR 1.5B", "EUR 2.0B", "EUR 3.5B"} <= set(tick_texts({"price [EUR]": [1.2e9, 3.4e9, 2e9]}))


def test_three_capitals_that_are_no_currency_code_label_the_axis_as_numbers():
    texts = tick_texts({"speed (RPM)": [1200.0, 3000.0]})
    assert "1500" in texts and not any(text.startswith("RPM") for text in texts)


def test_the_words_say_each_amount_with_its_currency_code_before_it():
    assert (f"last value: amount (GBP) GBP {MINUS}1,234.00, lowest GBP {MINUS}1,234.00 (2), highest GBP 1,234.50 (0)"
            in words({"amount (GBP)": [1234.5, 12.0, -1234.0]}))


def bounded(columns: dict[str, list], kind: str, **bounds: str) -> tuple[str, list[str]]:
    """The alt text of a `kind` chart of `columns` by a whole-number x within `bounds`, and the texts it draws."""
    names = list(columns)
    spec = parse_spec({"kind": [kind], "x": ["day"], "y": [",".join(names)], **{k: [v] for k, v in bounds.items()}},
                      {"day": "integer", **{name: "float" for name in names}})
    frame = pd.DataFrame({"day": list(range(len(next(iter(columns.values()))))), **columns})
    shaped = chart_frame(spec, frame)
    drawn = build_figure(spec, shaped, dpi=72).findobj(Text)
    return describe(spec, shaped)[1], [text.get_text() for text in drawn if text.get_text()]


BOXED = [-100.0, 10.0, 11.0, 12.0, 13.0, 14.0, 200.0, 12.0, 11.0, 10.0]  # an outlier below 0 and one above 50


def test_a_box_plots_outliers_beyond_its_bounds_are_told_with_the_unit_of_its_values():
    said, _ = bounded({"amount ($)": BOXED}, "box", ymin="0", ymax="50")
    assert "1 outlier of amount ($) lies below ymin $0 and 1 of amount ($) above ymax $50, off the plot" in said
    said, _ = bounded({"amount (USD)": BOXED}, "box", ymin="0", ymax="50")
    assert "lies below ymin USD 0 and 1 of amount (USD) above ymax USD 50, off the plot" in said


def test_the_note_over_a_plot_whose_values_lie_beyond_its_bounds_writes_the_bound_with_the_unit():
    said, drawn = bounded({"share (%)": [1.0, 2.0, 3.0]}, "line", ymin="500")
    assert "All values lie below ymin 500%" in drawn
    assert said.endswith("All values lie below ymin 500%.")


def test_a_stack_of_shares_bounds_are_written_as_its_axis_of_percent_of_each_total_writes_them():
    said, drawn = bounded({"north ($)": [1000.0, 3000.0], "south ($)": [3000.0, 1000.0]}, "bar", stack="percent",
                          ymax="60")
    assert "ymax 60" in said and "$60" not in said, said
    assert not any("$" in text.replace(" ($)", "") for text in drawn), drawn


def test_a_histograms_bound_of_counts_is_written_without_the_unit_of_its_values():
    said, _ = bounded({"amount (EUR)": [1000.0, 2000.0, 3000.0, 3000.0]}, "hist", ymax="1")
    assert "amount (EUR) from EUR 1,000 to EUR 3,000" in said
    assert "cut off at ymax 1 (marked by a triangle)" in said
