"""The word none: one value, in any case, that undoes what a dashboard chart's field adds, for every field."""
from __future__ import annotations

import dataclasses

import pytest

from plots import ChartSpec, parse_spec
from plots.line_gaps import read_gap
from plots.reference_lines import read_ylines
from plots.spec import FIELDS, NONE_WORD, unset_value

WEATHER = {"date": "datetime", "temperature_c": "float", "rain_mm": "float", "station": "text"}
# A base setting each field that `none` undoes, on a chart that takes it.
LINE = ChartSpec(kind="line", x="date", y=("temperature_c",))
BASES = {
    "resample": dataclasses.replace(LINE, resample="week"),
    "gap": dataclasses.replace(LINE, gap=read_gap("3d")),
    "top": ChartSpec(kind="bar", x="station", y=("rain_mm",), top=2),
    "series": dataclasses.replace(LINE, series="station"),
    "rolling": dataclasses.replace(LINE, rolling=7),
    "change": dataclasses.replace(LINE, change="percent"),
    "yline": dataclasses.replace(LINE, yline=read_ylines(["10"])),
}


def test_every_field_undone_by_none_is_written_with_the_one_word():
    undone = [name for name in FIELDS if unset_value(name) == NONE_WORD]
    assert undone == ["resample", "gap", "top", "series", "rolling", "change", "yline", "xline"]


@pytest.mark.parametrize("name", ["resample", "gap", "top", "series", "rolling", "change", "yline"])
@pytest.mark.parametrize("written", [NONE_WORD, NONE_WORD.upper(), NONE_WORD.title()])
def test_none_in_any_case_undoes_a_dashboard_chart_s_field(name, written):
    base = BASES[name]
    assert getattr(base, name) != getattr(ChartSpec(), name)
    spec = parse_spec({name: [written]}, WEATHER, base=base)
    assert getattr(spec, name) == getattr(ChartSpec(), name)
    assert spec.to_query(base)[name] == NONE_WORD
