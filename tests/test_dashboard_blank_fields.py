"""A blank value of a dashboard chart's field stops the start, naming the file, the chart, the field as
written, what it takes and what leaving it out gives: read as a URL's blank value is, left out, it
drew the default while the file seemed to set the field (`kind = ""` drew a line, `theme = ""` a
light chart on a dark dashboard). A blank title, xlabel or ylabel is text, and means none, as a URL's
`title=` does."""
from __future__ import annotations

import pytest

from plots.reference_lines import XLINE_TAKES, YLINE_TAKES
from plots.spec import FIELDS
from plots.field_refusals import SEVERAL_VALUES
from tests.test_dashboard_author_words import GOOD_CHART, boards_folder, refusal_of, start

# Each field whose blank value says nothing: what it takes, and what leaving it out gives.
BLANK_REFUSED = {
    "kind": ("one of line, bar, barh, scatter, area, hist, box", "for line"),
    "width": ("a whole number of CSS pixels from 100 to 2000", "for 640"),
    "height": ("a whole number of CSS pixels from 100 to 2000", "for 360"),
    "theme": ("one of light, dark, auto, print", "for light"),
    "xmin": ("a number, a date where x holds dates, or auto to fit the data", "to fit the data"),
    "xmax": ("a number, a date where x holds dates, or auto to fit the data", "to fit the data"),
    "ymin": ("a number, or auto to fit the data", "to fit the data"),
    "ymax": ("a number, or auto to fit the data", "to fit the data"),
    "legend": ("true, false or auto (shown for more than one series)", "for auto"),
    "text": ("one of font, path", "for font"),
    "bins": ("a whole number from 1 to 200", "for 20"),
    "resample": ("one of hour, day, week, month, quarter, year, none", "for none"),
    "agg": ("one of mean, sum, min, max, median, count, or a percentile from p1 to p99 (p90, p95, p99 …)",
            "for mean"),
    "gap": ("a duration where x holds dates, a count and a unit s, m (minutes), h, d or w (gap=3d, gap=12h), or a "
            "number above 0 where x holds numbers (gap=2.5); none joins every row", "for none"),
    "stack": ("one of none, stacked, percent", "for none"),
    "sort": ("one of none, value, -value, x, -x", "for none"),
    "top": ("a whole number from 1 to 100, or none for every category", "for none"),
    "rolling": ("a whole number of points from 2 to 365, or none for the values as they are", "for none"),
    "cumulative": ("true or false", "for false"),
    "change": ("percent (each series' percent change since the first value drawn) or none for the values as they are", "for none"),
    "yline": (YLINE_TAKES, "for none"),
    "xline": (XLINE_TAKES, "for none"),
}


@pytest.mark.parametrize("key", BLANK_REFUSED)
@pytest.mark.parametrize("value", ['""', '"  "', '[""]'])
def test_a_blank_chart_field_stops_the_start_naming_what_it_takes_and_what_leaving_it_out_gives(tmp_path, key,
                                                                                                 value):
    takes, default = BLANK_REFUSED[key]
    message = refusal_of(tmp_path, GOOD_CHART + f"{key} = {value}\n")
    assert message == f"board.toml: chart 'c': {key} = {value} is blank: give {takes}, or leave {key} out {default}"


@pytest.mark.parametrize("key", [key for key in FIELDS if key not in SEVERAL_VALUES])
@pytest.mark.parametrize(("values", "shown"), [('["bar", ""]', "['bar', '']"), ('["", "bar"]', "['', 'bar']"),
                                               ('[" ", ""]', "[' ', '']")])
def test_a_blank_value_in_a_list_where_one_value_is_taken_is_told_first_that_it_holds_a_list(tmp_path, key, values,
                                                                                              shown):
    # Told of its blank value first, as it was, the file was fixed to a list that was refused in turn.
    assert refusal_of(tmp_path, GOOD_CHART + f"{key} = {values}\n").startswith(
        f"board.toml: chart 'c': {key} holds a list of 2 values, {shown}, where it takes one value: ")


def test_a_blank_chart_theme_on_a_dashboard_with_a_theme_names_the_dashboard_s(tmp_path):
    message = refusal_of(tmp_path, 'theme = "dark"\n' + GOOD_CHART + 'theme = ""\n')
    assert message == ("board.toml: chart 'c': theme = \"\" is blank: give one of light, dark, auto, print, or leave theme "
                       "out for the dashboard's, dark")


@pytest.mark.parametrize("value", ['""', '" "'])
def test_a_blank_dashboard_theme_stops_the_start_in_a_blank_chart_field_s_words(tmp_path, value):
    # Left out, every chart was drawn light, whatever the file seemed to choose.
    message = refusal_of(tmp_path, f"theme = {value}\n" + GOOD_CHART)
    assert message == f"board.toml: theme = {value} is blank: give one of light, dark, auto, print, or leave theme out for light"


@pytest.mark.parametrize("key", ["title", "xlabel", "ylabel"])
def test_a_blank_title_or_axis_title_is_no_text_as_in_a_url(tmp_path, key):
    client = start([boards_folder(tmp_path, {"board.toml": GOOD_CHART + f'{key} = ""\n'})]).test_client()
    chart = client.get("/d/board/c.svg")
    assert chart.status_code == 200
    assert chart.data == client.get(f"/plot/animals.svg?y=Bear&{key}=").data
