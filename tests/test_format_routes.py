"""Chart URLs are driven by the output-format registry: a new format is one registry entry away."""
from __future__ import annotations

import pytest

from app import create_app
from app.views.dataset_rows import rows_parameters_take
from plots import FORMATS, Format, register_format
from plots.formats import FormatOption
from tests.worker_jobs import loaded_modules



def render_summary(spec, frame, limits, *, shout: bool = False) -> bytes:
    text = f"{spec.kind} of {', '.join(spec.y)}: {len(frame)} rows\n"
    return (text.upper() if shout else text).encode()


@pytest.fixture
def summary_format():
    fmt = register_format(Format("summary", "text/plain", "sum", render_summary,
                                 options={"shout": lambda raw, _: raw == "1"}))
    yield fmt
    del FORMATS["summary"]


@pytest.fixture
def in_process_client(data_dir):
    """Formats registered in this process are not in render workers' processes: draw in-process."""
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}).test_client()


def test_a_registered_format_is_served_at_its_extension(summary_format, in_process_client):
    response = in_process_client.get("/plot/animals.sum?y=Bear&kind=bar")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.data == b"bar of Bear: 12 rows\n"
    assert in_process_client.get("/plot/animals.sum?y=Bear&kind=bar&shout=1").data == b"BAR OF BEAR: 12 ROWS\n"
    assert in_process_client.get("/d/animals/bears.sum").status_code == 200


def test_a_format_option_on_another_format_is_a_400_naming_where_it_applies(summary_format, in_process_client):
    response = in_process_client.get("/plot/animals.svg?shout=1")
    assert response.status_code == 400
    assert b"shout applies to .sum only" in response.data


def test_an_unknown_extension_is_a_404_listing_the_formats_never_other_bytes(client):
    response = client.get("/plot/animals.gif")
    assert response.status_code == 404
    assert response.mimetype == "text/plain"  # as a chart URL's other errors, with their CORS headers
    assert b"no chart format .gif" in response.data and b".svg, .png" in response.data
    assert client.get("/d/animals/bears.pdfx").status_code == 404


def test_the_chart_page_links_every_registered_format(summary_format, in_process_client):
    page = in_process_client.get("/d/animals/bears").get_data(as_text=True)
    for extension in ("svg", "png", "sum", "json", "csv"):
        assert f"/d/animals/bears.{extension}" in page


def test_a_render_worker_draws_charts_without_importing_the_web_app(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 9.0})
    assert app.test_client().get("/plot/animals.svg?title=In+a+worker").status_code == 200
    loaded = app.extensions["svgplots"].pool.run(loaded_modules)
    assert "plots" in loaded and "matplotlib" in loaded
    assert "flask" not in loaded and "app" not in loaded



@pytest.mark.parametrize("url", ["/plot/animals.json?scale=9", "/plot/animals.csv?y=Bear&scale=2",
                                 "/d/animals/bears.json?scale=2", "/d/animals/bears.csv?scale=1",
                                 "/datasets/animals.json?scale=2", "/datasets/animals.csv?scale=3"])
def test_a_format_option_on_data_is_a_400_naming_where_it_applies(client, url):
    response = client.get(url)
    extension = url.split("?")[0].rpartition(".")[2]
    assert response.status_code == 400
    assert f"scale applies to .png only, not .{extension}".encode() in response.data
    if extension == "json":
        # A dataset's rows take v and errors only, and say so, and what each takes.
        takes = "; ".join(rows_parameters_take("animals").values())
        taken = f"; the parameters are v, errors: {takes}" if url.startswith("/datasets/") else ""
        assert response.get_json() == {"ok": False, "status": 400, "title": "Bad Request",
                                       "error": f"scale applies to .png only, not .json{taken}"}
    assert client.get(url.split("scale=")[0].rstrip("?&")).status_code == 200


def test_a_registered_format_s_option_on_data_is_a_400_too(summary_format, in_process_client):
    response = in_process_client.get("/plot/animals.json?shout=1")
    assert response.status_code == 400
    assert b"shout applies to .sum only, not .json" in response.data


@pytest.fixture
def sized_format():
    """A format whose option says what it takes, in words of the site's limits."""
    fmt = register_format(Format("sized", "text/plain", "sz", render_summary, options={
        "size": FormatOption(lambda raw, _: raw, lambda limits: f"a size up to {limits.max_size}")}))
    yield fmt
    del FORMATS["sized"]


def test_a_format_option_given_twice_is_a_400_in_the_words_its_format_registers(sized_format, client):
    response = client.get("/plot/animals.sz?y=Bear&size=&size=")
    assert response.status_code == 400
    assert b"size was given 2 times; give it once: a size up to 2000" in response.data


def test_a_format_option_of_a_parser_alone_given_twice_is_a_400_naming_it(summary_format, client):
    response = client.get("/plot/animals.sum?y=Bear&shout=1&shout=")
    assert response.status_code == 400
    assert b"shout was given 2 times; give it once" in response.data
