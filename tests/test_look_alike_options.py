"""A misspelt parameter that looks like another format's option (`sclae`, png's `scale`) or another
URL's parameter is refused naming it and where it applies, whatever the format asked for."""
from __future__ import annotations

from html import unescape

import pytest

from plots import SpecError, parse_spec
from tests.error_image_text import answer_text

PARAMETERS = ("kind, x, y, title, xlabel, ylabel, width, height, theme, xmin, xmax, ymin, ymax, legend, text, bins, "
              "resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, v, errors, from, to, filter.<column>")


@pytest.mark.parametrize("extension", ["svg", "pdf", "json", "csv"])
def test_a_typo_of_scale_on_a_format_without_it_names_scale_and_where_it_applies(client, extension):
    response = client.get(f"/plot/weather.{extension}?sclae=2")
    assert response.status_code == 400
    assert ("unknown parameter 'sclae' (did you mean 'scale'? it applies to .png only); the parameters are "
            f"{PARAMETERS}") in unescape(response.get_data(as_text=True))


def test_a_typo_of_scale_on_a_png_names_scale_as_one_it_takes(client):
    response = client.get("/plot/weather.png?sclae=2")
    assert response.status_code == 400
    assert "unknown parameter 'sclae' (did you mean 'scale'?); the parameters are " in answer_text(response)


def test_a_typo_of_a_chart_parameter_on_a_dashboards_page_names_where_it_applies(client):
    response = client.get("/d/stations?titel=Rain")
    assert response.status_code == 400
    assert ("unknown parameter 'titel' (did you mean 'title'? it applies to a chart's URL (such as /d/stations/"
            in unescape(response.get_data(as_text=True)))


def test_a_name_like_nothing_is_refused_without_a_guess():
    with pytest.raises(SpecError) as caught:
        parse_spec({"zzz": ["1"]}, {"x": "integer", "v": "float"})
    assert caught.value.message.startswith("unknown parameter 'zzz'; the parameters are kind, x, y")
