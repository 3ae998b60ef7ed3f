"""The refusals of a field some kinds take none of (a sort, a stack, a log scale, a gap, a running total, a
percent change, an xline, a resample, x bounds) refuse it under exactly the kinds plots/kind_fields.py's
table says take none of it, as `parse_spec` reads a URL's fields: one table for which kind takes what."""
from __future__ import annotations

import pytest

from plots import SpecError, parse_spec
from plots.kind import CHART_KINDS
from plots.kind_fields import KIND_TAKES, takes

COLUMNS = {"date": "datetime", "a": "float", "b": "float"}
# A value of each field other than its default, which every kind that takes the field draws over COLUMNS.
ASKED = {"sort": "-value", "top": "3", "stack": "stacked", "gap": "3d", "rolling": "3", "cumulative": "true",
         "change": "percent", "xline": "2024-01-01", "yscale": "log", "resample": "week", "xmin": "2024-01-01",
         "xmax": "2024-02-01"}
# A histogram's x bounds bound its values: numbers.
ASKED_OF = {("hist", "xmin"): "1", ("hist", "xmax"): "1"}


def test_every_field_of_the_table_is_asked_here():
    assert set(ASKED) == set(KIND_TAKES)


@pytest.mark.parametrize("kind", list(CHART_KINDS))
@pytest.mark.parametrize("field", list(KIND_TAKES))
def test_a_field_is_refused_under_exactly_the_kinds_the_table_says_take_none_of_it(kind, field):
    value = ASKED_OF.get((kind, field), ASKED[field])
    fields = {"kind": [kind], "x": ["date"], "y": ["a", "b"], field: [value]}
    if takes(CHART_KINDS[kind], field):
        parse_spec(fields, COLUMNS)
        return
    with pytest.raises(SpecError) as refused:
        parse_spec(fields, COLUMNS)
    assert refused.value.field == field
    assert kind in refused.value.message  # kind=line, a hist chart, a box plot
