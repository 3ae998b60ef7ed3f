"""A dataset's rows as .json or .csv refuse a parameter they do not take (a chart's `x`, say) naming
where it applies and what the download takes: its parameters, each in the words a bad value of it
is refused with there."""
from __future__ import annotations

import pytest

from tests.test_refused_parameters import error_text as answered_text


def error_text(response) -> str:
    """What a download's error says: its JSON's error, its CSV's text after the status."""
    return answered_text(response).removeprefix("400 Bad Request: ").rstrip("\n")


def takes_words(client, fmt: str) -> tuple[str, str]:
    """What the download's `v` and `errors` take, as its refusals of a bad one say it."""
    twice = error_text(client.get(f"/datasets/animals.{fmt}?v=1&v=2"))
    bad = error_text(client.get(f"/datasets/animals.{fmt}?errors=png"))
    assert twice.startswith("v was given 2 times; give it once: ") and ", got 'png'" in bad
    return twice.removeprefix("v was given 2 times; give it once: "), bad.split(", got 'png'")[0]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(("sent", "start"), [
    ("x=1", "x applies to a chart's URL (such as /plot/animals.svg), not .{fmt}; "),
    ("filter.year=2020", "filter.year applies to a chart's URL (such as /plot/animals.svg), not .{fmt}; "),
    ("scale=2", "scale applies to .png only, not .{fmt}; "),
    ("xx=1", "unknown parameter 'xx'; "),
])
def test_a_download_refusing_a_parameter_says_what_it_takes(client, fmt, sent, start):
    response = client.get(f"/datasets/animals.{fmt}?{sent}")
    assert response.status_code == 400
    v, errors = takes_words(client, fmt)
    assert v.startswith("v is the version the dataset's page and /api/datasets/animals write into its rows' URLs") and errors.startswith("errors must be image")
    assert error_text(response) == f"{start.format(fmt=fmt)}the parameters are v, errors: {v}; {errors}"
