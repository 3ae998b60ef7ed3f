"""Values nearer zero than about 2e-287, which matplotlib took for a point at 0: drawn by every kind
with ticks in their own units, as values near the largest double are (tests/test_huge_values.py)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from plots.magnitude import MAX_DRAWN, MIN_DRAWN, drawn_exponent, in_units
from tests.conftest import CSV_WRITE
from tests.test_huge_values import VALUE_AXIS, get_without_warnings, marks, value_axis_reading

# name: (CSV, the largest magnitude in v, the power of ten the value axis is labelled in)
DATASETS = {
    "tiny": ("x,v\n1,1e-300\n2,2e-300\n3,3e-300\n", 3e-300, -300),
    "subnormal": ("x,v\n1,1e-320\n2,2e-320\n3,3e-320\n", 3e-320, -320),
    "negative": ("x,v\n1,-1e-300\n2,-2e-300\n3,-3e-300\n", 3e-300, -300),
    "with_zero": ("x,v\n1,-1e-300\n2,0\n3,3e-300\n", 3e-300, -300),
}


@pytest.fixture
def tiny(in_process_client):
    """Upload the DATASETS."""
    for name, (csv, _, _) in DATASETS.items():
        assert in_process_client.post(f"/api/datasets?name={name}", data=csv, headers=CSV_WRITE).status_code == 201
    return in_process_client


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar", "barh", "hist", "box"])
@pytest.mark.parametrize("name", DATASETS)
def test_values_nearest_zero_are_drawn_with_ticks_in_their_units(tiny, name, kind):
    response = get_without_warnings(tiny, f"/plot/{name}.svg?kind={kind}")
    assert response.status_code == 200, response.data[:400]
    root = ET.fromstring(response.data)
    assert marks(root), "nothing was drawn in the plot"
    numbers, power = value_axis_reading(root, VALUE_AXIS[kind])
    _, largest, expected_power = DATASETS[name]
    assert power == expected_power and len(numbers) >= 3
    # The ticks span the values, in the values' own units (not -0.04 to 0.04 around a flat 0).
    reach = max(abs(float(f"{number}e{power}")) for number in numbers)
    assert largest <= reach <= largest * 1.5


@pytest.mark.parametrize(("bounds", "labels", "power"), [
    ("ymin=0&ymax=5e-300", [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], -300),
    ("ymin=-1e-310&ymax=1e-310", [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0], -310),
    ("ymin=0&ymax=5", [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 0),
])
def test_bounds_on_an_axis_of_values_nearest_zero_are_labelled_in_the_values_units(tiny, bounds, labels, power):
    response = get_without_warnings(tiny, f"/plot/with_zero.svg?kind=line&{bounds}")
    assert response.status_code == 200
    assert value_axis_reading(ET.fromstring(response.data), "y") == (labels, power)


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_an_x_column_of_values_nearest_zero_is_drawn_with_x_ticks_in_its_units(tiny, kind):
    assert tiny.post("/api/datasets?name=narrow", data="x,v\n1e-300,1\n2e-300,3\n3e-300,2\n",
                     headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(tiny, f"/plot/narrow.svg?kind={kind}")
    assert response.status_code == 200, response.data[:400]
    root = ET.fromstring(response.data)
    assert marks(root)
    numbers, power = value_axis_reading(root, "x")
    assert power == -300 and min(numbers) <= 1.0 and max(numbers) >= 3.0


def test_values_from_1e_280_are_drawn_as_they_are():
    assert drawn_exponent([1e-280, -3e-281]) == 0 and drawn_exponent([0.0, None]) == 0


@pytest.mark.parametrize("largest", [2e-287, 1e-300, 5e-324, -3e-320])
def test_values_nearer_zero_are_drawn_scaled_up_into_the_range_drawn_as_it_is(largest):
    exponent = drawn_exponent([largest, 0.0])
    assert exponent < 0
    assert MIN_DRAWN <= abs(in_units(largest, exponent)) < MIN_DRAWN * 10 <= MAX_DRAWN


def test_numbers_nearest_zero_are_written_to_the_digits_a_double_holds_of_them(tiny):
    # A subnormal double holds a few significant digits, or one: written to 4 (6 under a bar) as
    # any other number, 1e-323 read "9.881e−324", 5e-324 "4.94066e−324", and 1e-320 "9.99989e−321".
    noted = get_without_warnings(tiny, "/plot/tiny.svg?ymin=0&ymax=1e-323").get_data(as_text=True)
    assert "All values lie above ymax 1e\u2212323" in noted and "ymax 1 times 10 to the power of \u2212323" in noted
    assert tiny.post("/api/datasets?name=least", data="x,v\n5e-324,1\n1e-320,2\n",
                     headers=CSV_WRITE).status_code == 201
    bars = get_without_warnings(tiny, "/plot/least.svg?kind=bar").get_data(as_text=True)
    assert ">5e\u2212324<" in bars and ">1e\u2212320<" in bars
    assert "x from 5 times 10 to the power of \u2212324 to 1 times 10 to the power of \u2212320" in bars
