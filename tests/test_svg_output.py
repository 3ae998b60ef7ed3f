"""SVG output: small, plain XML with no page-wide style, rounded numbers and ids no other chart has."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import brotli
import pandas as pd
import pytest

from plots import KINDS, ChartSpec, error_svg, parse_spec, render_svg
from plots.svg_writer import compact_path, short_number
from tests.error_image_text import error_status

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}
BENCHMARK_SPEC = ChartSpec(kind="line", x="year", y=("Bear",), title="Bear sightings per year")


def spec_for(kind: str, **fields) -> ChartSpec:
    return parse_spec({"kind": [kind], **{k: [v] for k, v in fields.items()}}, ANIMALS)


def ids_and_references(svg: bytes) -> tuple[list[str], set[str]]:
    """Every id an SVG defines and every id it refers to (url(#…), href="#…", aria-labelledby)."""
    root = ET.fromstring(svg)
    ids, refs = [], set()
    for element in root.iter():
        if "id" in element.attrib:
            ids.append(element.attrib["id"])
        for name, value in element.attrib.items():
            refs.update(re.findall(r"url\(#([^)]+)\)", value))
            if name in (XLINK_HREF, "href") and value.startswith("#"):
                refs.add(value[1:])
            if name in ("aria-labelledby", "aria-describedby"):
                refs.update(value.split())
    return ids, refs


def test_the_benchmark_chart_is_at_most_6000_bytes_and_2000_as_brotli(animals_frame):
    svg = render_svg(BENCHMARK_SPEC, animals_frame)
    assert len(svg) <= 6000
    assert len(brotli.compress(svg, quality=5)) <= 2000


@pytest.mark.parametrize("text", ["font", "path"])
def test_no_doctype_metadata_comments_or_page_wide_style(animals_frame, text):
    svg = render_svg(spec_for("line", text=text, title="A <!-- b --> c"), animals_frame).decode()
    assert svg.startswith("<svg ")
    for absent in ("<!DOCTYPE", "<?xml", "<metadata", "rdf:", "<style", "<!--", "\x01"):
        assert absent not in svg
    assert "A &lt;!-- b --&gt; c" in svg  # the user's text, escaped, not a comment


@pytest.mark.parametrize("kind", KINDS)
def test_coordinates_have_at_most_two_decimals(animals_frame, kind):
    root = ET.fromstring(render_svg(spec_for(kind, text="path"), animals_frame))
    for element in root.iter():
        for name in ("d", "x", "y", "width", "height"):
            value = element.get(name, "")
            assert not re.search(r"\d\.\d{3}", value), (element.tag, name, value)
        moves = re.findall(r"(?:translate|rotate)\(([^)]*)\)", element.get("transform", ""))
        assert not any(re.search(r"\d\.\d{3}", m) for m in moves), element.get("transform")


@pytest.mark.parametrize("text", ["font", "path"])
def test_a_chart_is_an_accessible_image_with_title_and_description_first(animals_frame, text):
    root = ET.fromstring(render_svg(spec_for("bar", text=text, title="Bears"), animals_frame))
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
    assert first.text == "Bears" and second.text.startswith("Bar chart of")


def accessible_name(svg: bytes) -> str:
    """What a screen reader reads for the chart: the texts of the elements `aria-labelledby` names, in order."""
    root = ET.fromstring(svg)
    texts = {element.get("id"): element.text for element in root.iter() if element.get("id")}
    return " ".join(texts[ref] for ref in root.get("aria-labelledby").split())


@pytest.mark.parametrize("kind", ["line", "box"])
def test_an_untitled_chart_is_named_by_its_description_alone_and_keeps_its_title_for_the_tooltip(
        animals_frame, kind):
    svg = render_svg(spec_for(kind), animals_frame)
    root = ET.fromstring(svg)
    summary = root.find(f"{SVG}title").text  # the summary the description starts with
    name = accessible_name(svg)
    assert name == root.find(f"{SVG}desc").text
    assert name.startswith(summary + ", ") and name.count(summary) == 1, name


def test_a_titled_chart_is_named_by_its_title_then_its_description(animals_frame):
    svg = render_svg(spec_for("line", title="Bears"), animals_frame)
    assert accessible_name(svg).startswith("Bears Line chart of Bear, Deer, Wolf by year, 12 rows.")


def test_text_is_text_by_default_and_outlines_with_text_path(animals_frame):
    font = ET.fromstring(render_svg(spec_for("line", title="Bears"), animals_frame))
    path = ET.fromstring(render_svg(spec_for("line", title="Bears", text="path"), animals_frame))
    assert "Bears" in [t.text for t in font.iter(f"{SVG}text")]
    assert "DejaVu Sans" in font.get("font-family")
    assert not list(path.iter(f"{SVG}text")) and list(path.iter(f"{SVG}use"))


@pytest.mark.parametrize("text", ["font", "path"])
def test_two_charts_in_one_page_share_no_id(animals_frame, text):
    one = render_svg(spec_for("line", text=text, title="Bears"), animals_frame)
    other = render_svg(spec_for("line", text=text, title="Wolves", y="Wolf"), animals_frame)
    one_ids, one_refs = ids_and_references(one)
    other_ids, other_refs = ids_and_references(other)
    assert one_refs <= set(one_ids) and other_refs <= set(other_ids)  # every reference resolves
    assert len(set(one_ids)) == len(one_ids) >= 3  # title, desc, the plot's clip path (and glyphs)
    assert not set(one_ids) & set(other_ids)
    prefix = one_ids[0].split("-")[0]
    assert all(i.startswith(prefix + "-") for i in one_ids)


def test_ids_follow_from_the_chart_alone(animals_frame):
    spec = spec_for("scatter", text="path", title="Same")
    first = ids_and_references(render_svg(spec, animals_frame))[0]
    render_svg(spec_for("bar", title="Something else in between"), animals_frame)
    assert ids_and_references(render_svg(spec, animals_frame))[0] == first


def test_no_style_attribute_that_a_page_policy_could_block(animals_frame):
    svg = render_svg(spec_for("line", y="Bear,Wolf", title="Two"), animals_frame).decode()
    assert " style=" not in svg
    assert 'stroke-linejoin="round"' in svg.split(">", 1)[0]  # what matplotlib's page-wide style did


def test_a_dense_scatter_keeps_its_inline_image(animals_frame):
    frame = pd.DataFrame({"x": range(300_000), "y": [i % 997 for i in range(300_000)]})
    spec = parse_spec({"kind": ["scatter"]}, {"x": "integer", "y": "integer"})
    root = ET.fromstring(render_svg(spec, frame))
    images = list(root.iter(f"{SVG}image"))
    assert len(images) == 1 and images[0].get(XLINK_HREF).startswith("data:image/png;base64,iVBOR")


def test_an_error_svg_is_an_accessible_image_with_ids_of_its_own():
    one, other = error_svg(400, "Bad Request", "width must be at most 2000"), error_svg(404, "Not Found", "no")
    root = ET.fromstring(one)
    assert root.get("role") == "img"
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    assert root.find(f"{SVG}title").text == "400 Bad Request: width must be at most 2000"
    one_ids, one_refs = ids_and_references(one)
    assert one_refs == set(one_ids) and len(one_ids) == 2
    assert not set(one_ids) & set(ids_and_references(other)[0])


@pytest.mark.parametrize(
    ("data", "short"),
    [
        ("M 0 270 \nL 480 270 \nL 480 0 \nL 0 0 \nz\n", "M0 270H480V0L0 0z"),
        ("M 52.14 229.77 \nL 52.14 36.04 \n", "M52.14 229.77V36.04"),
        ("M 0.5 -0 \nL -0.25 10.05 \nC 1 2 3 4 5 6 \n", "M.5 0L-.25 10.05C1 2 3 4 5 6"),
        ("M 1 2 \nL 12 2 \nL 1 20 \n", "M1 2H12L1 20"),
    ],
)
def test_path_data_is_written_short(data, short):
    assert compact_path(data) == short


@pytest.mark.parametrize(("value", "text"), [(0.8, ".8"), (-0.25, "-.25"), (52.141797, "52.14"), (-0.001, "0"),
                                             (480.0, "480"), (10.006, "10.01")])
def test_numbers_are_rounded_to_two_decimals_without_zeros(value, text):
    assert short_number(value) == text


def test_errors_image_answers_an_error_as_a_200_image_with_the_error_in_a_header(client):
    default = client.get("/plot/animals.svg?kind=pie")
    response = client.get("/plot/animals.svg?kind=pie&errors=image")
    assert (default.status_code, response.status_code) == (400, 200)
    assert response.data == default.data  # the same drawing of the same error
    assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Chart-Error"].startswith("400 kind must be one of line")
    assert "X-Chart-Error" in response.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize(("url", "status"), [("/plot/nothing.svg?errors=image", "404"),
                                             ("/d/animals/bears.png?scale=9&errors=image", "400"),
                                             ("/plot/animals.svg?y=B%C3%A4re&errors=image", "404")])
def test_errors_image_works_for_every_error_of_a_chart_url(client, url, status):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["X-Chart-Error"].split(" ")[0] == status
    assert response.headers["X-Chart-Error"].isascii()
    assert error_status(response.data) == status
    if ".png" not in url:
        assert ET.fromstring(response.data).get("role") == "img"


@pytest.mark.parametrize(("y", "shown"), [
    ("caf%C3%A9%E2%82%AC", r"'caf\xe9\u20ac'"),  # café€: what a header cannot carry, escaped
    ("%25E2%2582%25AC", "'%E2%82%AC'"),  # the text %E2%82%AC, as it is: not the euro sign
    ("a%5Cu20ac", r"'a\\u20ac'"),  # the text a\u20ac: its backslash doubled, as the message writes it
    ("%5Cxe9", r"'\\xe9'"),  # the text \xe9, apart from é
    ("%C3%A9", r"'\xe9'"),
    ("B%C3%A4re%2050%25", r"'B\xe4re 50%'"),
])
def test_an_error_header_escapes_only_what_a_header_cannot_carry_and_writes_names_as_the_message(client, y, shown):
    header = client.get(f"/plot/animals.svg?y={y}&errors=image").headers["X-Chart-Error"]
    assert shown in header and header.isascii() and header.isprintable()
    message = client.get(f"/plot/animals.json?y={y}").get_json()["error"]
    assert header == f"404 {message}".encode("ascii", "backslashreplace").decode("ascii")


def test_errors_image_on_a_chart_that_draws_changes_nothing(client):
    plain, asked = client.get("/plot/animals.svg?y=Bear"), client.get("/plot/animals.svg?y=Bear&errors=image")
    assert asked.status_code == 200 and asked.data == plain.data
    assert "X-Chart-Error" not in asked.headers


@pytest.mark.parametrize("query", ["errors=png", "errors=image&errors=image", "errors=imag"])
def test_errors_takes_only_image_and_a_bad_value_is_a_400(client, query):
    response = client.get(f"/plot/animals.svg?{query}")
    assert response.status_code == 400
    assert "X-Chart-Error" not in response.headers
    assert "errors must be image" in ET.fromstring(response.data).find(f"{SVG}title").text


@pytest.mark.parametrize("url", ["/plot/animals.svg?errors=image", "/d/animals/bears.png?errors=image"])
@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_errors_image_leaves_another_method_s_405_as_it_is(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405 and response.headers["Allow"].startswith("GET, HEAD")
    assert "X-Chart-Error" not in response.headers


@pytest.mark.parametrize("url", ["/plot/animals.svg?y=Bear&errors=image", "/d/animals/bears.svg?errors=image"])
def test_errors_image_leaves_a_failed_if_match_and_a_refused_encoding_as_they_are(client, url):
    etag = client.get(url).headers["ETag"]  # the chart is cached: its next answers may come ahead of Flask
    stale = client.get(url, headers={"If-Match": '"0123456789abcdef"'})
    assert stale.status_code == 412 and "X-Chart-Error" not in stale.headers
    assert client.get(url, headers={"If-Match": etag}).status_code == 200
    refused = client.get(url, headers={"Accept-Encoding": "identity;q=0"})
    assert refused.status_code == 406 and "X-Chart-Error" not in refused.headers
    assert "Content-Encoding" not in refused.headers


def test_errors_image_still_draws_a_head_s_refusal_of_the_chart_as_a_200(client):
    response = client.head("/plot/animals.svg?kind=pie&errors=image")
    assert response.status_code == 200 and response.headers["X-Chart-Error"].startswith("400 kind must be")
