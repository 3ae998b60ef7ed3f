"""A column a chart's field or a filter names in another case than the dataset writes it is a 404
naming it in its own case, and one it names without the unit in brackets its name ends with is a 404
asking whether that column was meant."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from plots.name_guesses import unit_left_off

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def cased(data_dir):
    (data_dir / "cased.csv").write_text("day,UPPER,Region\n2024-01-01,1,North\n2024-01-02,2,South\n")


@pytest.mark.parametrize(("query", "said"), [
    ("y=upper", "y: no column 'upper' (a column is named in its own case: y=UPPER); the columns are day, UPPER, Region"),
    ("kind=bar&x=region", "x: no column 'region' (a column is named in its own case: x=Region); the columns are day, "
                          "UPPER, Region"),
    ("filter.region=North", "filter.region: dataset 'cased' has no text column 'region' (a column is named in its own "
                            "case: filter.Region); the text columns are Region"),
])
def test_a_column_named_in_another_case_is_a_404_naming_it_in_its_own(client, cased, query, said):
    response = client.get(f"/plot/cased.json?{query}")
    assert response.status_code == 404 and response.get_json()["error"] == said
    image = client.get(f"/plot/cased.svg?{query}")
    assert ET.fromstring(image.data).find(f"{SVG}title").text == f"404 Not Found: {said}"


@pytest.fixture
def units(data_dir):
    (data_dir / "gifts.csv").write_text("Month,amount (£),rain [mm],Region\n2024-01-01,5,1.5,North\n"
                                        "2024-02-01,7,0.5,South\n")


@pytest.mark.parametrize(("query", "said"), [
    ("y=amount", "y: no column 'amount' (did you mean 'amount (£)'?); the columns are Month, amount (£), rain [mm], "
                 "Region"),
    ("y=Amount%28GBP%29", "y: no column 'Amount(GBP)' (did you mean 'amount (£)'?); the columns are Month, "
                          "amount (£), rain [mm], Region"),
    ("y=RAIN", "y: no column 'RAIN' (did you mean 'rain [mm]'?); the columns are Month, amount (£), rain [mm], Region"),
    ("y=amount%C2%A3", "y: no column 'amount£'; the columns are Month, amount (£), rain [mm], Region"),
    ("x=month", "x: no column 'month' (a column is named in its own case: x=Month); the columns are Month, "
                "amount (£), rain [mm], Region"),
])
def test_a_column_named_without_its_unit_in_brackets_is_a_404_asking_whether_it_was_meant(client, units, query, said):
    response = client.get(f"/plot/gifts.json?{query}")
    assert response.status_code == 404 and response.get_json()["error"] == said


def test_a_name_of_a_long_run_of_spaces_is_compared_in_one_pass_over_it():
    # The unit's pattern once began with spaces, tried again from each of them: 50,000 took seconds.
    spaced = "amount" + " " * 50_000 + "x"
    assert unit_left_off(spaced, ["amountx (£)", "amount (£)"]) == ["amountx (£)"]
    assert unit_left_off("amount (£)" + " " * 50_000 + "x", ["amount (£)"]) == []
