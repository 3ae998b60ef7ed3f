"""A URL with several bad parameters is refused naming each of them at once, in the order written,
each in the words it is refused with alone: a user does not fix one, ask again and meet the next."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import refusal
from tests.error_image_text import error_message


def told_at_once(*messages: str) -> str:
    """The message of a refusal of several parameters, each refused in `messages`."""
    listed = "; ".join(f"({number}) {message}" for number, message in enumerate(messages, 1))
    return f"{len(messages)} parameters are refused: {listed}"


def svg_message(client, url: str) -> str:
    """The whole message of the 400 error image `url` answers, as its title names it (a PNG's Title)."""
    answer = client.get(url)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    return error_message(answer.data)


def page_errors(page: str) -> list[str]:
    """The refusals a page shows above its form."""
    return [unescape(text) for text in re.findall(r'<p class="error" role="alert"[^>]*>Not applied: ([^<]*)</p>', page)]


def invalid_fields(page: str) -> set[str]:
    """The names of a page's form fields marked invalid."""
    return set(re.findall(r'name="([^"]+)"[^>]*aria-invalid="true"', page))


@pytest.mark.parametrize("extension", ["json", "csv", "svg", "png", "pdf"])
def test_a_chart_url_names_every_bad_parameter_in_the_order_written(client, extension):
    url = f"/plot/weather.{extension}?width=abc&kind=pie&theme=neon"
    alone = [refusal(client, f"/plot/weather.json?{part}") for part in ("width=abc", "kind=pie", "theme=neon")]
    answer = client.get(url)
    assert answer.status_code == 400
    if extension == "json":
        message = answer.get_json()["error"]
    elif extension in ("svg", "png"):  # an error image, whose title holds the whole message
        message = svg_message(client, url)
    else:
        message = answer.get_data(as_text=True).removeprefix("400 Bad Request: ").rstrip("\n")
    assert message == told_at_once(*alone)


def test_the_first_version_s_animal_chart_names_every_bad_parameter_in_the_order_written(client):
    parts = ["type=Cat", "width=abc", "kind=bar", "froom=1", "scale=2"]
    alone = [svg_message(client, f"/animal.svg?{part}" + ("" if part.startswith("type=") else "&type=Bear"))
             for part in parts]
    assert svg_message(client, "/animal.svg?" + "&".join(parts)) == told_at_once(*alone)


def test_a_misspelt_parameter_is_told_with_a_bad_value_of_another(client):
    alone = [refusal(client, "/plot/weather.json?theme=neon"), refusal(client, "/plot/weather.json?widht=500")]
    assert "did you mean 'width'" in alone[1]
    assert refusal(client, "/plot/weather.json?theme=neon&widht=500") == told_at_once(*alone)


def test_the_query_s_own_parameters_the_range_and_a_format_s_option_are_told_with_the_chart_fields(client):
    parts = ["scale=3", "v=1", "v=2", "from=garbage", "height=5", "errors=text"]
    url = "/plot/weather.json?" + "&".join(parts)
    alone = [refusal(client, f"/plot/weather.json?{part}")
             for part in ("scale=3", "v=1&v=2", "from=garbage", "height=5", "errors=text")]
    assert refusal(client, url) == told_at_once(*alone)


def test_a_dashboard_chart_s_url_names_every_bad_parameter(client):
    base = "/d/weather/temperature.json"
    parts = ["kind=pie", "range=now-7d", "width=abc", "filter.nope=x"]
    alone = [refusal(client, f"{base}?{part}") for part in parts]
    assert refusal(client, f"{base}?{'&'.join(parts)}") == told_at_once(*alone)


def test_one_bad_parameter_is_told_in_its_own_words(client):
    message = refusal(client, "/plot/weather.json?kind=pie&width=500")
    assert message == "kind must be one of line, bar, barh, scatter, area, hist, box; got 'pie'"


def test_a_column_there_is_not_is_a_404_of_its_own(client):
    answer = client.get("/plot/weather.json?y=Nope&width=abc&theme=neon")
    assert answer.status_code == 404
    assert answer.get_json()["error"] == client.get("/plot/weather.json?y=Nope").get_json()["error"]


def test_a_404_met_after_a_bad_parameter_is_left_for_later_and_the_400s_are_told(client):
    answer = client.get("/plot/weather.json?width=abc&filter.station=Nowhere&theme=neon")
    assert answer.status_code == 400
    alone = [refusal(client, "/plot/weather.json?width=abc"), refusal(client, "/plot/weather.json?theme=neon")]
    assert answer.get_json()["error"] == told_at_once(*alone)


def test_a_check_of_one_field_against_another_waits_until_each_reads_well(client):
    # An x bound is read as x's type, which a bad kind leaves unknown: it is told once the kind is mended.
    assert refusal(client, "/plot/weather.json?kind=pie&xmin=garbage") == refusal(client, "/plot/weather.json?kind=pie")


def test_a_chart_page_names_every_bad_field_and_marks_each(client):
    answer = client.get("/d/weather/temperature?width=abc&kind=pie&theme=neon")
    assert answer.status_code == 400
    base = "/d/weather/temperature.json"
    alone = [refusal(client, f"{base}?{part}") for part in ("width=abc", "kind=pie", "theme=neon")]
    page = answer.get_data(as_text=True)
    assert page_errors(page) == [told_at_once(*alone)]
    assert invalid_fields(page) == {"width", "kind", "theme"}


def test_a_dashboard_page_names_every_bad_parameter_and_marks_each(client):
    answer = client.get("/d/weather?froom=2024-01-01&from=garbage&to=later")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    alone = []
    for part in ("froom=2024-01-01", "from=garbage", "to=later"):
        alone += page_errors(client.get(f"/d/weather?{part}").get_data(as_text=True))
    assert page_errors(page) == [told_at_once(*alone)]
    assert invalid_fields(page) >= {"from", "to"}


def test_a_dataset_s_rows_name_every_bad_parameter(client):
    parts = ["v=1&v=2", "froom=x", "title=t"]
    alone = [refusal(client, f"/datasets/weather.json?{part}") for part in parts]
    assert refusal(client, f"/datasets/weather.json?{'&'.join(parts)}") == told_at_once(*alone)


@pytest.mark.parametrize("url", ["/d/weather/versions.json", "/d/weather.pdf"])
def test_a_dashboard_s_versions_and_report_name_every_bad_parameter(client, url):
    def message(query: str) -> str:
        answer = client.get(f"{url}?{query}")
        assert answer.status_code == 400
        if url.endswith(".json"):
            return answer.get_json()["error"]
        return answer.get_data(as_text=True).removeprefix("400 Bad Request: ").rstrip("\n")

    assert message("froom=2024-01-01&to=later") == told_at_once(message("froom=2024-01-01"), message("to=later"))
