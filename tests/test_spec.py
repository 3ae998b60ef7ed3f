"""ChartSpec parsing: defaults, overrides, and errors that name the field."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone

import pytest

from plots import ChartSpec, SpecError, normalise_fields, parse_spec, spec_checks
from plots.kind import kind_of
from plots.timerange import ACCEPTED

ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}
WEATHER = {"date": "datetime", "temperature_c": "float", "station": "text"}


def parse(columns=ANIMALS, base=None, **fields):
    return parse_spec({k: v if isinstance(v, list) else [v] for k, v in fields.items()}, columns, base=base)


def test_defaults_are_first_column_by_every_numeric_other_column():
    spec = parse()
    assert (spec.kind, spec.x, spec.y, spec.width, spec.height, spec.theme, spec.text) == (
        "line", "year", ("Bear", "Deer", "Wolf"), 640, 360, "light", "font")


def test_y_accepts_repeated_and_comma_separated_columns():
    assert parse(y=["Bear", "Deer,Wolf"]).y == ("Bear", "Deer", "Wolf")


def test_query_overrides_base_spec_and_keeps_the_rest():
    base = ChartSpec(kind="bar", x="year", y=("Bear",), title="Bears")
    spec = parse(base=base, theme="dark")
    assert (spec.kind, spec.y, spec.title, spec.theme) == ("bar", ("Bear",), "Bears", "dark")


def test_blank_form_fields_keep_the_base_value():
    base = ChartSpec(kind="bar", x="year", y=("Bear",), width=500)
    spec = parse(base=base, kind="", width="", xmin="")
    assert (spec.kind, spec.width, spec.xmin) == ("bar", 500, None)


@pytest.mark.parametrize("blank", ["\n", "\r\n", " \t\r\n ", "   ", "\u200b", " \u200d\u2060\n"])
@pytest.mark.parametrize("field", ["title", "xlabel", "ylabel"])
def test_a_title_or_label_of_only_white_space_is_the_empty_text_which_draws_none(field, blank):
    base = ChartSpec(kind="bar", x="year", y=("Bear",), title="Bears", xlabel="Year", ylabel="Count")
    assert getattr(parse(base=base, **{field: blank}), field) == ""
    assert parse(base=base, **{field: blank}) == parse(base=base, **{field: ""})
    assert getattr(parse(base=base, **{field: "\nTwo\nlines"}), field) == "\nTwo\nlines"  # the rest is kept


def test_date_bounds_parse_when_x_holds_dates():
    spec = parse(WEATHER, xmin="2020-01-01")
    assert spec.xmin == datetime(2020, 1, 1)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"kind": "pie"}, "kind", ["line", "bar", "box", "'pie'"]),
        ({"y": "Nope"}, "y", ["'Nope'", "Bear", "Deer", "Wolf"]),
        ({"x": "Nope"}, "x", ["'Nope'", "year"]),
        ({"width": "5000"}, "width", ["100", "2000", "5000"]),
        ({"height": "tall"}, "height", ["'tall'"]),
        ({"theme": "neon"}, "theme", ["light", "dark"]),
        ({"text": "bitmap"}, "text", ["font", "path"]),
        ({"bins": "0"}, "bins", ["1", "200"]),
        ({"legend": "maybe"}, "legend", ["true", "false"]),
        ({"ymin": "low"}, "ymin", ["number", "'low'"]),
        ({"xmax": "inf"}, "xmax", ["finite"]),
        ({"ymin": "5", "ymax": "1"}, "ymin", ["less than"]),
        ({"title": "x" * 201}, "title", ["200"]),
        ({"title": "bell\x07"}, "title", ["control"]),
        ({"xlabel": "y" * 101}, "xlabel", ["100"]),
        ({"resample": "month"}, "resample", ["date"]),
        ({"agg": "mode"}, "agg", ["mean", "sum"]),
        ({"colour": "red"}, "colour", ["'colour'", "kind", "width"]),
        ({"kind": ["bar", "line"]}, "kind", ["once"]),
    ],
)
def test_each_bad_field_is_named_with_what_is_allowed(fields, field, words):
    with pytest.raises(SpecError) as caught:
        parse(**fields)
    assert caught.value.field == field
    assert caught.value.message.startswith(field) or f"'{field}'" in caught.value.message
    for word in words:
        assert word in caught.value.message


def test_an_unknown_field_names_the_field_it_looks_like_and_every_field():
    with pytest.raises(SpecError) as caught:
        parse(titel="Bears")
    assert caught.value.field == "titel"
    assert caught.value.message.startswith(
        "unknown parameter 'titel' (did you mean 'title'?); the parameters are kind, x,")
    assert caught.value.message.endswith(", resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline")


def test_an_unknown_field_is_named_with_the_others_the_caller_takes_and_may_be_a_typo_of_one():
    with pytest.raises(SpecError) as caught:
        parse_spec({"form": ["2024-01-01"]}, ANIMALS, others=("from", "to", "filter.<column>"))
    assert caught.value.message == ("unknown parameter 'form' (did you mean 'from'?); the parameters are kind, x, y, "
                                    "title, xlabel, ylabel, width, height, theme, xmin, xmax, ymin, ymax, legend, "
                                    "text, bins, resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, from, to, filter.<column>")
    with pytest.raises(SpecError) as caught:  # a name standing for many is never guessed
        parse_spec({"filter.column": ["x"]}, ANIMALS, others=("filter.<column>",))
    assert "did you mean" not in caught.value.message


@pytest.mark.parametrize(("sent", "meant"), [("FROM", "from"), ("Title", "title"), ("TITEL", "title"), ("Y", "y")])
def test_an_unknown_field_in_other_letter_case_names_the_field_it_looks_like(sent, meant):
    with pytest.raises(SpecError) as caught:
        parse_spec({sent: ["x"]}, ANIMALS, others=("from", "to"))
    assert caught.value.message.startswith(f"unknown parameter {sent!r} (did you mean {meant!r}?); ")


@pytest.mark.parametrize("y", [["Bear", "Deer", "Bear"], ["Bear,Deer,Bear"]])
def test_a_column_named_twice_in_y_is_refused_naming_it(y):
    with pytest.raises(SpecError) as caught:
        parse_spec({"y": y}, ANIMALS)
    assert caught.value.message == "y names the column 'Bear' twice; name each column once"
    assert caught.value.field == "y"


def test_the_others_a_caller_takes_are_made_only_to_refuse_a_field():
    made = []

    def others():
        made.append(1)
        return ("from", "to")

    parse_spec({"title": ["Bears"]}, ANIMALS, others=others)
    assert made == []
    with pytest.raises(SpecError) as caught:
        parse_spec({"form": ["2024-01-01"]}, ANIMALS, others=others)
    assert made == [1]
    assert caught.value.message.endswith("resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, from, to")


def test_unknown_column_is_a_404_naming_the_columns():
    with pytest.raises(SpecError) as caught:
        parse(y="Nope")
    assert caught.value.status == 404
    assert "year, Bear, Deer, Wolf" in caught.value.message


def test_text_column_as_y_is_rejected_listing_numeric_columns():
    with pytest.raises(SpecError, match="numeric columns are temperature_c"):
        parse(WEATHER, y="station")


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_a_bar_charts_x_cannot_also_be_a_y_as_its_values_are_the_categories(kind):
    with pytest.raises(SpecError) as caught:
        parse(kind=kind, x="Bear", y="Bear,Wolf")
    assert caught.value.status == 400 and caught.value.field == "y"
    assert "column 'Bear' is the x of this" in caught.value.message and "choose another x or other y columns" in caught.value.message
    assert parse(kind="line", x="Bear", y="Bear").y == ("Bear",)  # a line of a column against itself draws


def test_a_bar_chart_of_a_column_against_itself_is_a_400_not_a_500(client):
    # Its repeated values were grouped into a frame holding the column twice.
    response = client.get("/plot/weather.json?kind=bar&x=temperature_c&y=temperature_c&agg=sum")
    assert response.status_code == 400 and "is the x of this bar chart" in response.get_json()["error"]


def test_to_query_rebuilds_the_same_spec():
    spec = parse(WEATHER, kind="bar", y="temperature_c", xmin="2020-01-01", resample="month", agg="sum", legend="false")
    again = parse_spec({k: [v] for k, v in spec.to_query().items()}, WEATHER)
    assert again == spec


def test_to_query_over_a_base_rebuilds_a_spec_that_unsets_the_bases_fields():
    # A None over a base that sets the field was written blank, which keeps the base's: a chart
    # page that undid its dashboard's resample drew the resampled chart in its image.
    base = parse(WEATHER, y="temperature_c", xmin="2020-01-01", ymax="30", resample="week", legend="true",
                 title="Weekly")
    spec = parse(WEATHER, base=base, xmin="auto", ymax="AUTO", resample="none", legend="auto", title="")
    assert (spec.xmin, spec.ymax, spec.resample, spec.legend, spec.title) == (None, None, None, None, "")
    query = spec.to_query(base)
    assert query == {"xmin": "auto", "ymax": "auto", "resample": "none", "legend": "auto", "title": ""}
    assert parse_spec({k: [v] for k, v in query.items()}, WEATHER, base=base) == spec
    # A blank value still keeps the base's.
    assert parse(WEATHER, base=base, xmin="", legend=" ") == base


@pytest.mark.parametrize(("field", "value", "words"), [
    ("xmin", "soon", "(the x column holds dates; or auto to fit the data)"),
    ("ymax", "high", "ymax must be a number (or auto to fit the data)"),
    ("legend", "maybe", "legend must be true, false or auto"),
])
def test_a_bad_bound_or_legend_names_auto_among_what_is_allowed(field, value, words):
    with pytest.raises(SpecError, match=r".*" + words.replace("(", r"\(").replace(")", r"\)")):
        parse(WEATHER, **{field: value})


def test_spec_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse().kind = "bar"  # type: ignore[misc]


def test_dashboard_values_of_any_toml_type_become_query_values():
    assert normalise_fields({"y": ["Bear", "Deer"], "width": 500, "legend": False}) == {
        "y": ["Bear", "Deer"], "width": ["500"], "legend": ["false"]}


def test_toml_dates_in_xmin_and_xmax_become_the_text_a_url_would_give():
    plus_two = timezone(timedelta(hours=2))
    assert normalise_fields({"xmin": date(2024, 1, 31), "xmax": [datetime(2024, 1, 31, 8, tzinfo=plus_two)]}) == {
        "xmin": ["2024-01-31"], "xmax": ["2024-01-31T08:00:00+02:00"]}


@pytest.mark.parametrize(("value", "written", "said"), [(date(2024, 5, 1), "2024-05-01", ""),
                                                        (time(12), "12:00:00", ", a time of day with no date")])
def test_a_toml_date_in_a_field_that_takes_none_is_refused_saying_to_quote_it(value, written, said):
    with pytest.raises(SpecError) as caught:
        normalise_fields({"title": value})
    assert caught.value.field == "title"
    assert caught.value.message == (f"title must be text, a number or a list of them, got {written}{said}; "
                                    f'write it in quotes ("{written}") to have it as text')


def test_a_time_of_day_in_xmin_is_refused_naming_what_xmin_takes():
    with pytest.raises(SpecError) as caught:
        normalise_fields({"xmin": time(12)})
    assert caught.value.field == "xmin"
    assert caught.value.message == ("xmin must be a number, a date (2024-01-31), a date and time (2024-01-31T08:00:00, "
                                    "UTC unless it names an offset), or auto to fit the data; got 12:00:00, a time of "
                                    "day with no date")
    assert ACCEPTED.startswith("a date (2024-01-31), a date and time (2024-01-31T08:00:00, UTC unless it names an "
                               "offset), or now")


@pytest.mark.parametrize(("kind", "fields", "field"), [("hist", {"resample": "month"}, "resample"),
                                                       ("box", {"resample": "year"}, "resample"),
                                                       ("box", {"xmin": "2020-01-01"}, "xmin"),
                                                       ("line", {"bins": "30"}, "bins"),
                                                       ("box", {"bins": "30"}, "bins")])
def test_fields_that_a_kind_would_ignore_are_refused(kind, fields, field):
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, kind=kind, y="temperature_c", **fields)
    assert caught.value.field == field and kind in caught.value.message


def test_bins_given_to_a_histogram_are_kept_and_a_base_histograms_bins_survive_a_change_of_kind():
    assert parse(WEATHER, kind="hist", y="temperature_c", bins="40").bins == 40
    base = ChartSpec(kind="hist", x="date", y=("temperature_c",), bins=40)
    assert parse(WEATHER, base=base, kind="line").kind == "line"


@pytest.mark.parametrize(("columns", "fields", "mended"), [
    (WEATHER, {"xmin": "2024-01-31T08:00:00 02:00"}, "xmin=2024-01-31T08:00:00%2B02:00"),
    (WEATHER, {"ymax": "1e 5"}, "ymax=1e%2B5"),
    (ANIMALS, {"xmin": "-2e 3"}, "xmin=-2e%2B3"),
])
def test_a_bound_with_a_space_where_a_plus_belongs_is_refused_saying_to_write_it_as_2b(columns, fields, mended):
    with pytest.raises(SpecError) as caught:
        parse(columns, **fields)
    (name, raw), = fields.items()
    assert caught.value.message.endswith(
        f"got {raw!r}; a + in a URL's query string arrives as a space: write it as %2B, as in {mended}")


@pytest.mark.parametrize("fields", [{"ymin": "1 5 x"}, {"ymin": "five"}, {"xmin": "2024-01-31 8 8"}])
def test_a_bad_bound_no_plus_would_mend_gets_no_word_about_plus(fields):
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, **fields)
    assert "%2B" not in caught.value.message


@pytest.mark.parametrize(("kind", "fields", "where"), [
    ("line", {}, "kind=line without resample"),
    ("scatter", {}, "kind=scatter without resample"),
    ("area", {"resample": "none"}, "kind=area without resample"),
    ("hist", {}, "kind=hist, which combines no rows"),
    ("box", {}, "kind=box, which combines no rows"),
])
def test_an_agg_where_no_rows_are_combined_is_refused_as_bins_is_saying_where_it_applies(kind, fields, where):
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, kind=kind, y="temperature_c", agg="sum", **fields)
    assert caught.value.status == 400 and caught.value.field == "agg"
    assert caught.value.message.startswith(f"agg does not apply to {where}")
    assert "resample" in caught.value.message and "kind=bar or kind=barh" in caught.value.message


@pytest.mark.parametrize("fields", [{"kind": "line", "resample": "month"}, {"kind": "scatter", "resample": "week"},
                                    {"kind": "bar"}, {"kind": "barh", "x": "station"},
                                    {"kind": "bar", "resample": "year"}])
def test_an_agg_where_rows_are_combined_is_taken(fields):
    assert parse(WEATHER, y="temperature_c", agg="sum", **fields).agg == "sum"


def test_an_agg_that_asks_for_no_change_is_taken_where_it_does_nothing():
    # A chart page's form sends the agg it shows whatever the kind: the default, or its dashboard's.
    assert parse(WEATHER, kind="hist", y="temperature_c", agg="mean").agg == "mean"
    base = parse(WEATHER, y="temperature_c", resample="week", agg="sum")
    assert parse(WEATHER, base=base, resample="none", agg="sum").agg == "sum"
    # Another one is refused; the base's, not named, stays (as a base histogram's bins do).
    with pytest.raises(SpecError, match="^agg does not apply to kind=line without resample"):
        parse(WEATHER, base=base, resample="none", agg="max")
    assert parse(WEATHER, base=base, resample="none").agg == "sum"
    assert parse(WEATHER, base=base, kind="hist", resample="none").agg == "sum"


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "hist", "resample": "none"}, "xmin",
     "xmin must be a number on a histogram, whose x axis holds the values it counts; xmin=2024-01-01T00:00:00 comes "
     "from the dashboard's chart: xmin=auto removes it"),
    ({"x": "temperature_c", "y": "temperature_c", "xmin": "auto"}, "resample",
     "resample needs x to be a date column; 'temperature_c' holds numbers; resample=week comes from the dashboard's "
     "chart: resample=none removes it"),
    ({"x": "temperature_c", "y": "temperature_c", "resample": "none"}, "xmin",
     "xmin must be a number here: x 'temperature_c' holds numbers; xmin=2024-01-01T00:00:00 comes from the "
     "dashboard's chart: xmin=auto removes it"),
    ({"x": "station", "resample": "none"}, "xmin",
     "xmin and xmax need x to be a number or date column; 'station' holds text; xmin=2024-01-01T00:00:00 comes "
     "from the dashboard's chart: xmin=auto removes it"),
])
def test_a_base_value_the_chart_now_refuses_is_said_to_come_from_the_dashboard_with_how_to_undo_it(fields, field,
                                                                                                 message):
    base = parse(WEATHER, y="temperature_c", resample="week", xmin="2024-01-01")
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, base=base, **fields)
    assert caught.value.field == field and caught.value.message == message


def test_every_base_value_the_chart_now_refuses_is_named_at_once_with_one_undo():
    base = parse(WEATHER, y="temperature_c", resample="week", xmin="2024-01-01")
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, base=base, x="temperature_c", y="temperature_c")
    assert caught.value.field == "resample"
    assert caught.value.message == (
        "resample needs x to be a date column; 'temperature_c' holds numbers, and xmin must be a number here; "
        "resample=week and xmin=2024-01-01T00:00:00 come from the dashboard's chart: resample=none&xmin=auto removes "
        "them")


def test_a_base_value_of_a_field_the_kind_takes_none_of_is_left_out_where_the_request_s_own_is_refused():
    base = parse(WEATHER, y="temperature_c", resample="week", xmin="2024-01-01", xmax="2024-06-01")
    boxed = parse(WEATHER, base=base, kind="box")  # a box plot takes no resample and no x bounds
    assert (boxed.resample, boxed.xmin, boxed.xmax) == (None, None, None)
    assert parse(WEATHER, base=base, kind="hist", xmin="auto", xmax="auto").resample is None
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, base=base, kind="box", resample="month")
    assert caught.value.message == ("resample does not apply to a box chart, which draws every value; use it with "
                                    "line, bar, barh, scatter or area")


def test_fields_the_url_gives_that_the_kind_refuses_are_named_at_once_each_with_its_advice():
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, kind="box", y="temperature_c", resample="week", xmin="2024-01-01")
    assert caught.value.message == ("resample does not apply to a box chart, which draws every value, and xmin and "
                                    "xmax do not apply to a box plot; resample: use it with line, bar, barh, scatter "
                                    "or area; xmin: bound its values with ymin and ymax")


def test_a_value_the_url_gives_itself_is_refused_saying_where_it_applies():
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, kind="hist", y="temperature_c", resample="week")
    assert caught.value.message == ("resample does not apply to a hist chart, which draws every value; use it with "
                                    "line, bar, barh, scatter or area")


@pytest.mark.parametrize(("columns", "fields", "message"), [
    # A date bound over the values a histogram counts, or over an x of numbers: a TypeError, a 500.
    (WEATHER, {"kind": "hist", "resample": "none"},
     "xmin must be a number on a histogram, whose x axis holds the values it counts; "),
    (WEATHER, {"kind": "scatter", "x": "temperature_c", "y": "temperature_c", "resample": "none"},
     "xmin must be a number here: x 'temperature_c' holds numbers; "),
])
def test_a_base_date_bound_over_an_axis_of_numbers_is_refused_naming_it(columns, fields, message):
    base = parse(WEATHER, y="temperature_c", resample="week", xmin="2024-01-01")
    with pytest.raises(SpecError) as caught:
        parse(columns, base=base, **fields)
    assert caught.value.field == "xmin"
    assert caught.value.message == message + "xmin=2024-01-01T00:00:00 comes from the dashboard's chart: xmin=auto removes it"


def test_a_base_number_bound_over_an_x_of_dates_is_refused_naming_it():
    base = parse(WEATHER, kind="hist", y="temperature_c", xmax="30")
    with pytest.raises(SpecError) as caught:
        parse(WEATHER, base=base, kind="line", x="date")
    assert caught.value.message == ("xmax must be a date here: x 'date' holds dates; xmax=30 comes from the "
                                    "dashboard's chart: xmax=auto removes it")


def test_an_agg_on_a_line_of_repeated_x_is_a_400_not_the_rows_as_they_are(client, data_dir):
    # The chart echoed agg=sum and drew [1, 10] and [1, 15].
    (data_dir / "unsorted.csv").write_text("x,v\n1,10\n1,15\n0,3\n")
    response = client.get("/plot/unsorted.json?agg=sum")
    assert response.status_code == 400 and response.json["error"].startswith("agg does not apply to kind=line")
    assert client.get("/plot/unsorted.json?kind=bar&agg=sum").json["rows"] == [[0, 3], [1, 25]]


def test_x_bounds_without_an_x_column_say_what_they_need_and_not_what_no_column_holds():
    spec = ChartSpec(xmin=1.0)  # a dataset of no columns has no x
    found = spec_checks._misfits(spec, kind_of(spec), {}, frozenset())
    assert [misfit.problem for misfit in found] == ["xmin and xmax need x to be a number or date column"]


def test_a_specs_key_is_made_once_and_names_every_field():
    spec = ChartSpec(kind="bar", x="year", y=("Bear", "Deer"), title="Bears", width=800)
    assert spec.key() is spec.key()
    assert spec.key() == tuple(getattr(spec, f.name) for f in dataclasses.fields(ChartSpec))
    # The key kept is no field: equal specs are equal, and a changed copy has a key of its own.
    assert spec == ChartSpec(kind="bar", x="year", y=("Bear", "Deer"), title="Bears", width=800)
    retitled = dataclasses.replace(spec, title="Wolves")
    assert retitled.key() != spec.key() and retitled.key()[FIELD_INDEX["title"]] == "Wolves"
    assert "_key" not in dataclasses.asdict(spec) and repr(spec).count("_key") == 0


def test_a_pickled_spec_keeps_its_key():
    import pickle

    spec = ChartSpec(kind="line", x="year", y=("Bear",))
    spec.key()
    again = pickle.loads(pickle.dumps(spec))
    assert again == spec and again.key() == spec.key()


FIELD_INDEX = {f.name: at for at, f in enumerate(dataclasses.fields(ChartSpec))}
