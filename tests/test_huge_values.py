"""Values near the largest double (1.8e308): drawn by every kind with ticks in their own units."""
from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pandas as pd
import pytest

from plots import build_figure, chart_frame, describe, parse_spec
from tests.conftest import CSV_WRITE
from tests.test_source_values import sqlite_file

SVG = "{http://www.w3.org/2000/svg}"
LARGEST = "1.7976931348623157e308"

# name: (CSV, the largest magnitude in v)
DATASETS = {
    "plusminus": ("x,v\n1,9e307\n2,-9e307\n3,1e307\n", 9e307),
    "one_huge": ("x,v\n1,1.7e308\n2,1\n3,5\n", 1.7e308),
    "largest": (f"x,v\n1,{LARGEST}\n2,-{LARGEST}\n3,0\n", 1.7976931348623157e308),
}
# The axis each kind's values run along: "y" labels sit left of the plot, "x" ones under it.
VALUE_AXIS = {"line": "y", "area": "y", "scatter": "y", "bar": "y", "box": "y", "barh": "x", "hist": "x"}


@pytest.fixture
def huge(in_process_client):
    """Upload the DATASETS."""
    for name, (csv, _) in DATASETS.items():
        assert in_process_client.post(f"/api/datasets?name={name}", data=csv, headers=CSV_WRITE).status_code == 201
    return in_process_client


def get_without_warnings(client, url: str):
    """GET `url`, failing the test on any warning (numpy's overflow ones among them) but a
    ResourceWarning, which the garbage of earlier tests (a database connection) may give here."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get(url)
    assert [str(w.message) for w in caught if not issubclass(w.category, ResourceWarning)] == []
    return response


def marks(root: ET.Element) -> list[ET.Element]:
    """What is drawn inside the plot (lines, areas, points, bars): the shapes clipped to it."""
    shapes = (f"{SVG}path", f"{SVG}use", f"{SVG}image")
    return [shape for clipped in root.iter() if clipped.get("clip-path") for shape in clipped.iter()
            if shape.tag in shapes]


def value_axis_reading(root: ET.Element, axis: str) -> tuple[list[float], int]:
    """The numbers of `axis`' tick labels and the power of ten its offset text names (0: none)."""
    anchor = "end" if axis == "y" else "middle"
    texts = [t for t in root.iter(f"{SVG}text") if t.get("font-size") == "9"]
    numbers = [float(t.text.replace("\u2212", "-")) for t in texts
               if t.get("text-anchor") == anchor and re.fullmatch(r"\u2212?\d+(\.\d+)?", t.text)]
    offsets = [int(t.text[2:].replace("\u2212", "-")) for t in texts if re.fullmatch(r"1e\u2212?\d+", t.text)]
    assert len(offsets) <= 1
    return numbers, offsets[0] if offsets else 0


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar", "barh", "hist", "box"])
@pytest.mark.parametrize("name", DATASETS)
def test_values_near_the_largest_double_are_drawn_with_ticks_in_their_units(huge, name, kind):
    response = get_without_warnings(huge, f"/plot/{name}.svg?kind={kind}")
    assert response.status_code == 200, response.data[:400]
    root = ET.fromstring(response.data)
    drawn = marks(root)
    assert drawn, "nothing was drawn in the plot"
    places = [shape.get(name) for shape in drawn for name in ("d", "x", "y", "transform") if shape.get(name)]
    assert places and not [place for place in places if re.search(r"nan|inf", place, re.I)]
    numbers, power = value_axis_reading(root, VALUE_AXIS[kind])
    assert len(numbers) >= 3
    largest = DATASETS[name][1]
    # The highest tick is within a tick step of the largest value, in the values' own units.
    assert largest / 2 <= float(f"{max(numbers)}e{power}") <= largest * 1.2


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("kind", ["line", "bar", "hist"])
@pytest.mark.parametrize("extension", ["json", "csv"])
def test_the_data_of_a_chart_of_huge_values_is_given_as_it_is(huge, name, kind, extension):
    response = get_without_warnings(huge, f"/plot/{name}.{extension}?kind={kind}")
    assert response.status_code == 200
    if extension == "json":
        assert max(abs(v) for _, v in response.get_json()["rows"]) == DATASETS[name][1]
    else:
        assert f",{DATASETS[name][1]!r}\n" in response.get_data(as_text=True)


@pytest.mark.parametrize(("bounds", "labels", "power"), [
    ("ymin=0&ymax=5", [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 0),
    ("ymin=-1e100&ymax=1e100", [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0], 100),
    ("ymin=0&ymax=1e-5", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], -5),
])
def test_bounds_on_an_axis_of_huge_values_are_labelled_in_the_values_units(huge, bounds, labels, power):
    response = get_without_warnings(huge, f"/plot/plusminus.svg?kind=line&{bounds}")
    assert response.status_code == 200
    assert value_axis_reading(ET.fromstring(response.data), "y") == (labels, power)


def test_values_up_to_1e300_are_labelled_as_before(huge):
    assert huge.post("/api/datasets?name=e300", data="x,v\n1,1e300\n2,-1e300\n", headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(huge, "/plot/e300.svg")
    assert value_axis_reading(ET.fromstring(response.data), "y") == ([-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5,
                                                                       0.75, 1.0], 300)


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_an_x_column_of_huge_values_is_drawn_with_x_ticks_in_its_units(huge, kind):
    csv = f"x,v\n-{LARGEST},1\n0,3\n9e307,2\n"
    assert huge.post("/api/datasets?name=wide", data=csv, headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(huge, f"/plot/wide.svg?kind={kind}")
    assert response.status_code == 200, response.data[:400]
    root = ET.fromstring(response.data)
    assert marks(root)
    numbers, power = value_axis_reading(root, "x")
    assert power == 308 and min(numbers) <= -1.5 and max(numbers) >= 0.5


@pytest.mark.parametrize("query", ["bins=1", "bins=200", "xmin=0&xmax=50", "xmin=-1e150"])
def test_a_histogram_of_huge_values_is_drawn_with_any_bins_and_bounds(huge, query):
    response = get_without_warnings(huge, f"/plot/largest.svg?kind=hist&{query}")
    assert response.status_code == 200, response.data[:400]
    assert marks(ET.fromstring(response.data))


@pytest.mark.parametrize("kind", ["line", "bar", "hist"])
def test_a_png_of_huge_values_is_drawn(huge, kind):
    response = get_without_warnings(huge, f"/plot/largest.png?kind={kind}")
    assert response.status_code == 200 and response.data[:8] == b"\x89PNG\r\n\x1a\n"


REPEATED = "x,d,v\na,2020-01-01,1.7e308\na,2020-01-02,1.7e308\nb,2020-02-01,-1e308\nb,2020-02-02,-1e308\n"


@pytest.mark.parametrize("query", ["kind=bar", "kind=bar&agg=median", "kind=barh&agg=mean",
                                   "x=d&resample=month", "kind=bar&x=d&resample=month&agg=median"])
def test_a_mean_or_median_of_values_near_the_largest_double_is_that_value(huge, query):
    assert huge.post("/api/datasets?name=repeated", data=REPEATED, headers=CSV_WRITE).status_code == 201
    rows = get_without_warnings(huge, f"/plot/repeated.json?y=v&{query}").get_json()["rows"]
    assert [v for _, v in rows] == [1.7e308, -1e308]
    response = get_without_warnings(huge, f"/plot/repeated.svg?y=v&{query}")
    assert response.status_code == 200 and marks(ET.fromstring(response.data))


@pytest.mark.parametrize(("query", "combined"), [
    ("kind=bar&x=c&agg=mean", 5e-324), ("kind=bar&x=c&agg=median", 5e-324), ("kind=bar&x=c&agg=sum", 1e-323),
    ("x=d&resample=day&agg=mean", 5e-324), ("x=d&resample=day&agg=sum", 1e-323)])
def test_the_tiniest_values_beside_huge_ones_are_combined_as_they_are(huge, query, combined):
    # The huge values' column was added up halved, every value of it, which rounded 5e-324 to 0:
    # a mean of 5e-324 and 5e-324 was 0.
    csv = "c,d,v\na,2024-01-01,1e308\nb,2024-01-02,5e-324\nb,2024-01-02,5e-324\n"
    assert huge.post("/api/datasets?name=tiniest", data=csv, headers=CSV_WRITE).status_code == 201
    rows = get_without_warnings(huge, f"/plot/tiniest.json?y=v&{query}").get_json()["rows"]
    assert [v for _, v in rows] == [1e308, combined]


@pytest.mark.parametrize("query", ["kind=bar&agg=sum", "x=d&resample=month&agg=sum"])
@pytest.mark.parametrize("extension", ["svg", "json", "csv"])
def test_a_sum_past_the_largest_double_is_a_422_naming_the_column(huge, query, extension):
    assert huge.post("/api/datasets?name=repeated", data=REPEATED, headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(huge, f"/plot/repeated.{extension}?y=v&{query}")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "the sum of v in one" in text and "1.798e+308" in text and "agg=mean" in text


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_categories_of_huge_numbers_are_labelled_short(huge, kind):
    assert huge.post("/api/datasets?name=wide", data="x,v\n-9e307,1\n0,3\n9e307,2\n",
                     headers=CSV_WRITE).status_code == 201
    root = ET.fromstring(get_without_warnings(huge, f"/plot/wide.svg?kind={kind}").data)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("font-size") == "9"]
    # Written as the value axis writes numbers: with the minus sign.
    assert {"\N{MINUS SIGN}9e+307", "0", "9e+307"} <= set(labels)
    # Said in the words as their other numbers are: a screen reader spells "9e+307" out.
    assert ("x from \N{MINUS SIGN}9 times 10 to the power of 307 to 9 times 10 to the power of 307"
            in root.find(f"{SVG}desc").text)


@pytest.mark.parametrize("value", ["1.7e308", "-1.7e308", LARGEST, f"-{LARGEST}", "1e17"])
@pytest.mark.parametrize("extension", ["svg", "json", "csv"])
def test_a_histogram_of_one_value_of_any_magnitude_is_drawn(huge, value, extension):
    # Adding 1 to a one-value range changed nothing near 1.7e308; scaled to be drawn, edges rounded below it.
    assert huge.post("/api/datasets?name=constant", data=f"x,v\n1,{value}\n2,{value}\n",
                     headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(huge, f"/plot/constant.{extension}?kind=hist&y=v")
    assert response.status_code == 200, response.data[:400]
    if extension == "svg":
        assert marks(ET.fromstring(response.data))
    elif extension == "json":
        assert [row[-1] for row in response.get_json()["rows"]] == [float(value)] * 2


@pytest.mark.parametrize("value", [1.7e308, -1.7e308, float(LARGEST), 1e17])
def test_a_source_histogram_of_one_value_of_any_magnitude_is_drawn_as_from_a_csv_file(tmp_path, value, source_client):
    url = sqlite_file(tmp_path / "constant.db", {"constant": ("x INTEGER, v REAL", [(1, value), (2, value)])})
    client = source_client(tmp_path, url, ["constant"], files={"constant_csv.csv": f"x,v\n1,{value!r}\n2,{value!r}\n"})
    for extension in ("svg", "json", "csv"):
        source, csv = (client.get(f"/plot/{name}.{extension}?kind=hist&y=v") for name in ("constant", "constant_csv"))
        assert source.status_code == 200, source.data[:400]
        if extension == "json":
            assert source.get_json()["rows"] == csv.get_json()["rows"]
        else:
            assert source.data == csv.data


@pytest.mark.parametrize("bounds", [{}, {"xmax": ["2"]}])
def test_an_integer_series_beside_huge_values_is_counted_in_the_histograms_bins(bounds):
    # The bins are drawn in units of 1e8 here: the integers must be divided as the floats are.
    frame = pd.DataFrame({"v": [9e307, -9e307, 1e307], "i": [1, 2, 3]})
    spec = parse_spec({"kind": ["hist"], "y": ["v,i"], **bounds}, {"v": "float", "i": "integer"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    counted = [sum(bar.get_height() for bar in bars) for bars in ax.containers]  # per series, in spec.y order
    assert counted == ([3, 3] if not bounds else [1, 2])  # xmax=2 leaves out 9e307, 1e307 and 3


def test_huge_values_close_together_are_labelled_from_an_offset_in_their_units(huge):
    # As matplotlib labels any axis whose ticks share their leading digits: short labels under
    # "1e298+1.7e308", not ten digits each running into each other.
    values = "".join(f"{k},{1.7e308 + k * 1e298!r}\n" for k in range(-2, 3))
    assert huge.post("/api/datasets?name=close", data="x,v\n" + values, headers=CSV_WRITE).status_code == 201
    root = ET.fromstring(get_without_warnings(huge, "/plot/close.svg?kind=hist&y=v&width=300").data)
    texts = [t.text for t in root.iter(f"{SVG}text") if t.get("font-size") == "9"]
    assert "1e298+1.7e308" in texts
    numbers, _ = value_axis_reading(root, "x")
    assert len(numbers) >= 3 and all(abs(n) <= 3 for n in numbers)


def test_counted_histogram_values_can_be_joined_as_any_frames_can():
    # Their bins ride in attrs, which pandas compares when it joins frames: an array there could
    # not be compared.
    spec = parse_spec({"kind": ["hist"], "y": ["v"]}, {"v": "float"})
    first, second = (chart_frame(spec, pd.DataFrame({"v": [1.0, 2.0, 4.0]})) for _ in range(2))
    assert len(pd.concat([first, second])) == 6


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("bound", ["ymin=0", "ymax=0"])
def test_a_box_plot_of_huge_values_with_a_y_bound_is_drawn_without_warnings(huge, name, bound):
    # Its statistics (whose mean and notches overflow) are worked out on the values themselves to
    # say which boxes lie beyond the bound.
    response = get_without_warnings(huge, f"/plot/{name}.svg?kind=box&{bound}")
    assert response.status_code == 200
    assert marks(ET.fromstring(response.data))


def test_a_box_from_near_the_lowest_to_near_the_largest_double_reaches_past_a_bound_between():
    # Its quartiles lie between -1.7e308 and 1.7e308, whose difference is past the largest double.
    frame = pd.DataFrame({"v": [-1.7e308, 1.7e308]})
    spec = parse_spec({"kind": ["box"], "y": ["v"], "ymin": ["0"]}, {"v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    assert desc == ("Box plot of v, 2 rows. v from \N{MINUS SIGN}1.7 times 10 to the power of 308 to 1.7 times 10 "
                    "to the power of 308, 2 values, median 0, quartiles \N{MINUS SIGN}8.5 times 10 to the power of 307 and "
                    "8.5 times 10 to the power of 307. The box of v is cut off "
                    "at ymin 0 (marked by a triangle).")


def test_a_huge_bound_is_written_in_its_shortest_form_not_in_false_digits(client):
    # 1e100 was written back as 10000000000000000159028911097599180468360808563945281389781327557747…
    refused = client.get("/plot/animals.json?ymin=1e100&ymax=0")
    assert refused.status_code == 400 and "got ymin=1e100 and ymax=0" in refused.get_json()["error"]
    # Written as a URL reads it back: "1e+100" pasted into a query string is "1e 100".
    spec = client.get("/plot/animals.json?ymax=1e100").get_json()["spec"]
    assert spec["ymax"] == "1e100"
    assert client.get("/plot/animals.json?" + urlencode(spec)).get_json()["spec"] == spec
    page = client.get("/d/animals/all?ymax=1e100").get_data(as_text=True)
    assert "ymax=1e100" in page and "10000000000000000" not in page
    assert client.get("/plot/animals.json?ymax=12345678").get_json()["spec"]["ymax"] == "12345678"


@pytest.mark.parametrize(("csv", "power"), [
    (f"x,v\n1,{LARGEST}\n2,-9e307\n3,0\n", "1e308"),
    ("x,v\n1,1e-300\n2,3e-300\n3,2e-300\n", "1e\u2212300"),
], ids=["huge", "tiny"])
@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_a_column_drawn_along_both_axes_is_labelled_in_its_units_on_both(huge, csv, power, kind):
    # One column of the frame, it was divided once as a y and again as the x: its ticks read
    # "1e299" for values of 1e308, and "1e-280" for values of 1e-300.
    assert huge.post("/api/datasets?name=both", data=csv, headers=CSV_WRITE).status_code == 201
    response = get_without_warnings(huge, f"/plot/both.svg?kind={kind}&x=v&y=v")
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    assert marks(root)
    assert [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"1e\u2212?\d+", t.text or "")] == [power, power]
