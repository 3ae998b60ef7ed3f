"""PDF: charts and dashboard reports read back with poppler's tools, as a person's viewer would."""
from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.artist import Artist
from PIL import Image

import run
from app import create_app
from plots import CHART_KINDS, FORMATS, Kind, ReportChart, parse_spec, register_kind, render_chart, render_report_pdf
from tests.conftest import JSON_WRITE, ROOT, writable_app

A4_LANDSCAPE = (842, 595)  # points, rounded


def run_tool(*args: str) -> str:
    """The standard output of a poppler tool; fails the test when it fails."""
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=True).stdout


def saved(body: bytes, folder: Path, name: str = "doc.pdf") -> Path:
    path = folder / name
    path.write_bytes(body)
    return path


def pdf_text(path: Path) -> str:
    """The document's text as pdftotext extracts it, runs of white space made one space."""
    return " ".join(run_tool("pdftotext", str(path), "-").split())


def page_sizes(path: Path) -> list[tuple[int, int]]:
    """Each page's media box in points, rounded."""
    info = run_tool("pdfinfo", "-f", "1", "-l", "1000", str(path))
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    return [(round(float(width)), round(float(height))) for width, height in sizes]


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: each font's name, type and whether it is embedded and a subset."""
    rows = run_tool("pdffonts", str(path)).splitlines()[2:]
    found = []
    for row in rows:
        match = re.match(r"(\S+)\s+(.+?)\s+(Identity-H|Custom|Builtin|WinAnsi|Standard)\s+(yes|no)\s+(yes|no)", row)
        assert match, row
        found.append({"name": match[1], "type": match[2], "emb": match[4], "sub": match[5]})
    return found


def words_on_page(path: Path, page: int) -> list[tuple[str, float, float]]:
    """Each word pdftotext finds on `page` (from 1), with its top and bottom in points from the page's top."""
    boxes = run_tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [(html.unescape(word), float(top), float(bottom)) for top, bottom, word in
            re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', boxes)]


def top_of(words: list[tuple[str, float, float]], word: str) -> float:
    """Where `word` first starts on a page, in points from its top."""
    return next(top for found, top, _ in words if found == word)


def rendered_pages(path: Path, folder: Path) -> list[Image.Image]:
    """Every page drawn by pdftoppm at 50 dpi, as greyscale images."""
    run_tool("pdftoppm", "-r", "50", "-png", str(path), str(folder / "page"))
    return [Image.open(p).convert("L") for p in sorted(folder.glob("page-*.png"))]


def inked_share(image: Image.Image) -> float:
    """The share of the image's pixels that are not near white."""
    histogram = image.histogram()
    return sum(histogram[:200]) / (image.width * image.height)


def client_of_park(tmp_path: Path, data_dir: Path, park: str):
    """A client of an app whose one dashboard, park, is the TOML text `park`."""
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "park.toml").write_text(park)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]}).test_client()


@pytest.fixture
def captioned_client(tmp_path, data_dir):
    """An app whose one dashboard has a description and a caption under each chart."""
    return client_of_park(
        tmp_path, data_dir,
        'title = "Park report"\ndescription = "Sightings counted by the rangers."\ncolumns = 2\n'
        '[[charts]]\nid = "bears"\ndataset = "animals"\ncaption = "Bears seen each year."\nkind = "bar"\n'
        'y = ["Bear"]\ntitle = "Bear count"\n'
        '[[charts]]\nid = "wolves"\ndataset = "animals"\ncaption = "Wolves seen each year."\ny = ["Wolf"]\n'
        'title = "Wolf count"\n'
        '[[charts]]\nid = "rain"\ndataset = "weather"\ncaption = "Rain summed per year."\nkind = "bar"\n'
        'x = "date"\ny = ["rainfall_mm"]\nresample = "year"\nagg = "sum"\ntitle = "Yearly rain"\n')


def test_pdf_is_a_registered_format_of_the_plots_registry():
    fmt = FORMATS["pdf"]
    assert (fmt.media_type, fmt.extension, fmt.disposition) == ("application/pdf", "pdf", "inline")
    assert FORMATS["svg"].disposition is None and FORMATS["png"].disposition is None


def test_chart_pdf_is_served_inline_under_the_chart_name(client):
    for url, name in (("/plot/animals.pdf?y=Bear", "animals.pdf"), ("/d/animals/bears.pdf", "bears.pdf")):
        first, again = client.get(url), client.get(url)  # the second is a render-cache hit
        for response in (first, again):
            assert response.status_code == 200
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.headers["Content-Disposition"] == f'inline; filename="{name}"'
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.data.startswith(b"%PDF-1.")
        assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]


def test_svg_and_png_answers_carry_no_content_disposition(client):
    for url in ("/d/animals/bears.svg", "/d/animals/bears.png", "/d/animals/bears.svg", "/d/animals/bears.png"):
        assert "Content-Disposition" not in client.get(url).headers


def test_chart_pdf_has_selectable_text_in_embedded_truetype_subsets(client, tmp_path):
    path = saved(client.get("/d/animals/bears.pdf").data, tmp_path)
    text = pdf_text(path)
    assert "Bears" in text and "2010" in text and "year" in text
    embedded = fonts(path)
    assert {font["name"].split("+")[1] for font in embedded} == {"DejaVuSans", "DejaVuSans-Bold"}
    for font in embedded:
        assert font["type"] == "CID TrueType" and font["emb"] == "yes" and font["sub"] == "yes", font


def test_a_byte_order_mark_in_drawn_text_is_left_out_of_a_pdf(client, animals_frame, tmp_path):
    # U+FEFF passes the text rule (it is printable) and draws nothing in SVG and PNG.
    chart = client.get("/plot/animals.pdf?title=%EF%BB%BFBears%20by%20year")
    assert chart.status_code == 200
    assert "Bears by year" in pdf_text(saved(chart.data, tmp_path))
    frame = pd.DataFrame({"kind": ["\ufeffbrown", "black"], "count": [3, 5]})
    spec = parse_spec({"kind": ["bar"], "x": ["kind"], "title": ["\ufeffCounts"]}, {"kind": "text", "count": "integer"})
    report = saved(render_report_pdf("\ufeffBears", ["\ufeffby kind"], [(spec, frame, "\ufeffcaption")]), tmp_path, "r.pdf")
    text = pdf_text(report)
    assert all(words in text for words in ("Bears", "by kind", "Counts", "brown", "caption"))


def test_chart_pdf_page_is_the_chart_size_in_points(client, tmp_path):
    assert page_sizes(saved(client.get("/plot/animals.pdf").data, tmp_path)) == [(480, 270)]
    assert page_sizes(saved(client.get("/plot/animals.pdf?width=800&height=600").data, tmp_path)) == [(600, 450)]


def test_dashboard_pdf_says_title_description_data_times_chart_titles_and_captions(captioned_client, tmp_path):
    response = captioned_client.get("/d/park.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="park.pdf"'
    text = pdf_text(saved(response.data, tmp_path))
    for words in ("Park report", "Sightings counted by the rangers.", "Data as of ",
                  "Bear count", "Wolf count", "Yearly rain", "Bears seen each year.", "Wolves seen each year.",
                  "Rain summed per year.", "page 1 of 1"):
        assert words in text, words
    # When each dataset's data is of, in the line under the description (tests/test_report_dates.py), not its version.
    line = text.split("Data as of ", 1)[1].split(" Bear count")[0]
    assert "animals" in line and "weather" in line and "UTC" in line and "version" not in text


def test_dashboard_pdf_pages_are_a4_landscape_and_each_one_draws(client, tmp_path):
    path = saved(client.get("/d/weather.pdf").data, tmp_path)
    # Nine charts two a row: two rows fit under the header on the first page, two on the next, the
    # ninth alone on the last.
    assert page_sizes(path) == [A4_LANDSCAPE] * 3
    pages = rendered_pages(path, tmp_path)
    assert len(pages) == 3
    for page in pages:
        assert (page.width, page.height) == (585, 414)
        assert inked_share(page) > 0.03  # charts, not a blank page
    assert "page 3 of 3" in pdf_text(path)


def test_dashboard_pdf_fonts_are_embedded_subsets(client, tmp_path):
    embedded = fonts(saved(client.get("/d/animals.pdf").data, tmp_path))
    assert len(embedded) == 2
    assert all(font["type"] == "CID TrueType" and font["emb"] == font["sub"] == "yes" for font in embedded)


def test_a_dense_scatter_pdf_draws_its_points_as_an_image_in_a_vector_page(client, tmp_path):
    path = saved(client.get("/plot/weather.pdf?kind=scatter&x=temperature_c&y=humidity_pct").data, tmp_path)
    images = [row.split() for row in run_tool("pdfimages", "-list", str(path)).splitlines()[2:]]
    # One raster layer (its colour and its opacity) at twice a screen's resolution; the rest is vector.
    assert [(row[2], row[12], row[13]) for row in images] == [("image", "192", "192"), ("smask", "192", "192")]
    (page,) = rendered_pages(path, tmp_path)
    assert (page.width, page.height) == (334, 188)
    assert inked_share(page) > 0.1
    assert "humidity_pct" in pdf_text(path)


def test_the_same_pdf_request_gives_the_same_bytes_in_other_processes(client, data_dir):
    urls = ["/d/weather.pdf", "/d/animals/all.pdf", "/plot/weather.pdf?kind=scatter&x=temperature_c&y=humidity_pct"]
    here = [hashlib.sha256(client.get(url).data).hexdigest() for url in urls]
    script = ("import hashlib, sys\nfrom app import create_app\n"
              "client = create_app({'TESTING': True, 'DATA_DIR': sys.argv[1], 'RENDER_WORKERS': 0}).test_client()\n"
              "for url in sys.argv[2:]:\n    print(hashlib.sha256(client.get(url).data).hexdigest())\n")
    # Drawn here in render workers, there in the process itself, with another string hash seed.
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    done = subprocess.run([sys.executable, "-c", script, str(data_dir), *urls], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == here


def test_a_pdf_render_leaves_svg_png_bytes_and_matplotlib_settings_as_they_were(animals_frame):
    spec = parse_spec({"kind": ["area"], "title": ["Before and after"]}, {c: "integer" for c in animals_frame})
    before = render_chart("svg", spec, animals_frame), render_chart("png", spec, animals_frame)
    settings = dict(matplotlib.rcParams)
    assert render_chart("pdf", spec, animals_frame) == render_chart("pdf", spec, animals_frame)
    assert (render_chart("svg", spec, animals_frame), render_chart("png", spec, animals_frame)) == before
    assert dict(matplotlib.rcParams) == settings


def test_pdf_errors_are_4xx_text_that_says_what_was_wrong(client):
    for url, status, words in (("/plot/nope.pdf", 404, "no dataset 'nope'"),
                               ("/d/nope.pdf", 404, "no dashboard 'nope'"),
                               ("/d/animals/nope.pdf", 404, "no chart 'nope'"),
                               ("/plot/animals.pdf?width=5", 400, "width"),
                               ("/d/animals/bears.pdf?scale=2", 400, "scale applies to .png only")):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.mimetype == "text/plain", url
        assert not response.data.startswith(b"%PDF") and words in response.get_data(as_text=True), url
        assert "Content-Disposition" not in response.headers


def test_dashboard_pdf_is_cached_until_one_of_its_datasets_changes(data_dir, tmp_path):
    app = writable_app(data_dir)
    client = app.test_client()
    cache = app.extensions["svgplots"].cache
    first = client.get("/d/animals.pdf")
    hits = cache.hits
    again = client.get("/d/animals.pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and cache.hits == hits + 1
    appended = client.post("/api/datasets/animals/rows", headers=JSON_WRITE,
                           json=[{"year": 2022, "Bear": 31, "Deer": 160, "Wolf": 12}])
    assert appended.status_code == 200
    changed = client.get("/d/animals.pdf")
    assert changed.headers["ETag"] != first.headers["ETag"]
    # The rows appended drawn, the line under the title saying when they were written (tests/test_report_dates.py).
    updated = datetime.fromisoformat(client.get("/api/datasets/animals").get_json()["dataset"]["updated"][:-1])
    text = pdf_text(saved(changed.data, tmp_path))
    assert "2022" in text and "2022" not in pdf_text(saved(first.data, tmp_path, "first.pdf"))
    assert f"{updated.day} {updated:%B %Y}, {updated:%H:%M} UTC: animals" in text


def test_a_report_chart_whose_column_went_away_says_so_and_the_rest_still_draw(tmp_path, data_dir):
    (data_dir / "zoo.csv").write_text("year,lions,tigers\n2020,1,2\n2021,3,4\n")
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "zoo.toml").write_text('[[charts]]\nid = "lions"\ndataset = "zoo"\ny = ["lions"]\ntitle = "Lions"\n'
                                     '[[charts]]\nid = "tigers"\ndataset = "zoo"\ny = ["tigers"]\ntitle = "Tigers"\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]}).test_client()
    (data_dir / "zoo.csv").write_text("year,tigers\n2020,2\n2021,4\n2022,6\n")
    response = client.get("/d/zoo.pdf")
    assert response.status_code == 200
    text = pdf_text(saved(response.data, tmp_path))
    assert "Lions: this chart cannot be drawn" in text and "no column 'lions'" in text
    assert "Tigers" in text and "2022" in text


def test_a_report_takes_as_many_pages_as_its_charts_need_in_its_columns(animals_frame, tmp_path):
    columns = {c: "integer" for c in animals_frame}
    charts = [(parse_spec({"y": [name], "title": [f"{name} alone"]}, columns), animals_frame, f"Only {name}.")
              for name in ("Bear", "Deer", "Wolf")]
    one_a_row = saved(render_report_pdf("Three charts", ["One a row."], charts, columns=1), tmp_path, "one.pdf")
    assert page_sizes(one_a_row) == [A4_LANDSCAPE] * 3
    text = pdf_text(one_a_row)
    assert "Three charts" in text and "page 3 of 3" in text and "Only Wolf." in text
    side_by_side = saved(render_report_pdf("Three charts", [], charts, columns=3), tmp_path, "three.pdf")
    assert page_sizes(side_by_side) == [A4_LANDSCAPE]


def counted_report_draws(monkeypatch) -> list:
    """Each whole drawing of a report, counted."""
    import plots.pdf

    draws = []
    whole = plots.pdf._report_pdf
    monkeypatch.setattr(plots.pdf, "_report_pdf", lambda *args: draws.append(1) or whole(*args))
    return draws


def test_a_report_chart_that_cannot_be_drawn_shows_why_in_its_cell(monkeypatch, animals_frame, tmp_path):
    import pandas as pd

    days = pd.DataFrame({"day": [f"d{i:03}" for i in range(150)], "value": range(150)})
    too_many = parse_spec({"kind": ["bar"], "title": ["Every day"]}, {"day": "text", "value": "integer"})
    fine = parse_spec({"y": ["Bear"], "title": ["Bears still draw"]}, {c: "integer" for c in animals_frame})
    draws = counted_report_draws(monkeypatch)
    body = render_report_pdf("Mixed", [], [ReportChart(too_many, days), ReportChart(fine, animals_frame),
                                           ReportChart(too_many, days)])
    text = pdf_text(saved(body, tmp_path))
    assert "Every day: this chart cannot be drawn" in text and "at most 100 categories" in text
    assert "Bears still draw" in text
    assert len(draws) == 1  # charts that fail before they are drawn cost no second drawing of the report


class FailsWhenDrawn(Artist):
    """An artist that raises as matplotlib draws it, as values it cannot handle do."""

    def draw(self, renderer) -> None:
        raise OverflowError("cannot convert float infinity to integer")


def draw_then_fail(ax, frame, spec) -> None:
    ax.plot(frame[spec.x], frame[spec.y[0]])
    ax.add_artist(FailsWhenDrawn())


@pytest.fixture
def failing_kind():
    yield register_kind(Kind("failing", "Failing chart", draw_then_fail))
    del CHART_KINDS["failing"]


def test_a_report_chart_that_fails_while_drawn_shows_why_and_the_page_still_draws(monkeypatch, failing_kind,
                                                                                  animals_frame, tmp_path):
    columns = {c: "integer" for c in animals_frame}
    failing = parse_spec({"kind": ["failing"], "y": ["Bear"], "title": ["Half drawn"]}, columns)
    fine = parse_spec({"y": ["Wolf"], "title": ["Wolves still draw"]}, columns)
    draws = counted_report_draws(monkeypatch)
    path = saved(render_report_pdf("Mixed", [], [(fine, animals_frame, ""), (failing, animals_frame, "")]), tmp_path)
    assert len(draws) == 2  # drawn again: the failed chart's half cannot be taken back
    text = pdf_text(path)
    assert "Half drawn: this chart cannot be drawn" in text and "cannot convert float infinity" in text
    assert "Wolves still draw" in text
    assert [inked_share(page) > 0.01 for page in rendered_pages(path, tmp_path)] == [True]


def test_each_report_row_is_as_tall_as_its_own_charts_and_a_chart_taller_than_a_page_fits_one(animals_frame,
                                                                                                tmp_path):
    columns = {c: "integer" for c in animals_frame}
    short = [(parse_spec({"y": ["Bear"], "title": [f"Short{n}"]}, columns), animals_frame, f"Caption{n}.")
             for n in range(6)]
    tall = parse_spec({"y": ["Wolf"], "title": ["Tallest"], "width": ["100"], "height": ["2000"]}, columns)
    path = saved(render_report_pdf("Rows", [], [*short, (tall, animals_frame, "Under the tall one.")], columns=3),
                 tmp_path)
    # The two rows of short charts share the first page; the tall chart's row is the next page, alone.
    assert page_sizes(path) == [A4_LANDSCAPE] * 2
    first, second = words_on_page(path, 1), words_on_page(path, 2)
    assert {f"Short{n}" for n in range(6)} <= {word for word, _, _ in first}
    row_step = top_of(first, "Short3") - top_of(first, "Short0")
    assert 120 < row_step < 200  # a row of 480×270 charts three a row, with its caption: not the page
    assert top_of(first, "Caption0.") < top_of(first, "Short3")
    assert top_of(second, "Tallest") < 60
    footer = top_of(second, "page")
    under_tall = next(bottom for word, _, bottom in second if word == "tall")
    assert 450 < under_tall < footer  # as tall as the page allows, its caption still on it
    assert all(inked_share(page) > 0.004 for page in rendered_pages(path, tmp_path))  # each page draws


@pytest.mark.parametrize("size", [{}, {"width": ["2000"], "height": ["100"]}])
def test_a_report_cell_that_cannot_be_drawn_shows_its_whole_heading_and_reason(tmp_path, size):
    days = pd.DataFrame({"day": [f"d{i:03}" for i in range(150)], "value": range(150)})
    title = "Visitors counted at every gate of the park on each day of the season, by gate and by hour of the day"
    too_many = parse_spec({"kind": ["bar"], "title": [title], **size}, {"day": "text", "value": "integer"})
    path = saved(render_report_pdf("Gates", [], [(too_many, days, "Under the box.")], columns=3), tmp_path)
    text = pdf_text(path)
    assert f"{title}: this chart cannot be drawn" in text
    assert "a bar chart may show at most 100 categories and this one has 150" in text
    words = words_on_page(path, 1)
    # Heading, then reason, all inside the box, which ends above the caption.
    assert top_of(words, "Visitors") < top_of(words, "drawn") < top_of(words, "categories") < top_of(words, "Under")


def test_run_py_export_pdf_writes_every_chart_and_each_dashboard_report(client, data_dir, tmp_path):
    out = tmp_path / "export"
    done = subprocess.run([sys.executable, "run.py", "export", "--out", str(out), "--format", "pdf",
                           "--data-dir", str(data_dir)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    dashboards = client.application.extensions["svgplots"].dashboards
    boards = {name: [chart.id for chart in board.charts] for name, board in dashboards.items()}
    assert {"animals", "weather"} <= set(boards) and "recent-rain" in boards["weather"]
    expected = {f"{name}.pdf" for name in boards} | {f"{name}/{chart}.pdf" for name, charts in boards.items()
                                                      for chart in charts}
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == expected
    assert (out / "weather.pdf").read_bytes() == client.get("/d/weather.pdf").data
    assert (out / "animals" / "bears.pdf").read_bytes() == client.get("/d/animals/bears.pdf").data
    assert done.stdout.count("200 ") == len(expected)


def test_run_py_export_lists_the_registered_formats(tmp_path):
    done = subprocess.run([sys.executable, "run.py", "export", "--out", str(tmp_path), "--format", "gif"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "argument --format: no output format 'gif'; the formats are svg, png, pdf" in done.stderr


def test_run_py_export_quotes_a_format_it_has_not_as_every_refusal_quotes_a_value(capsys):
    # repr wrote the decomposed accent as the é it looks like.
    with pytest.raises(SystemExit) as stopped:
        run.main(["export", "--format", "pde\u0301"])
    assert stopped.value.code == 2
    assert "argument --format: no output format 'pde\\u0301'; the formats are svg, png, pdf" in capsys.readouterr().err


def test_a_dashboard_report_is_narrowed_by_the_range_and_filters_it_names(client, tmp_path):
    whole = client.get("/d/stations.pdf")
    narrowed = client.get("/d/stations.pdf?from=2025-03-01&to=2025-03-31&filter.station=Harbour")
    assert whole.status_code == narrowed.status_code == 200
    assert whole.data != narrowed.data and whole.headers["ETag"] != narrowed.headers["ETag"]
    text = pdf_text(saved(narrowed.data, tmp_path))
    assert "Time range: 2025-03-01 to 2025-03-31" in text
    assert "Station: Harbour" in text
    assert client.get("/d/stations.pdf?filter.station=Atlantis").status_code == 404
    assert client.get("/d/stations.pdf?from=yesterday").status_code == 400


def test_a_dashboard_page_links_its_report_for_the_rows_it_shows(client, tmp_path):
    page = client.get("/d/stations?from=2025-03-01&to=2025-03-31&filter.station=Harbour").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" type="application/pdf">PDF report</a>', page)
    assert link, "the dashboard page has no PDF report link"
    url = link.group(1).replace("&amp;", "&")
    assert url.startswith("/d/stations.pdf?")
    report = client.get(url)
    assert report.status_code == 200 and report.headers["Content-Type"] == "application/pdf"
    text = pdf_text(saved(report.data, tmp_path))
    assert "Time range: 2025-03-01 to 2025-03-31" in text and "Station: Harbour" in text
    assert '<a href="/d/animals.pdf" type="application/pdf">' in client.get("/d/animals").get_data(as_text=True)


def test_pdfs_may_be_embedded_and_fetched_from_other_sites(client):
    headers = client.get("/d/animals/bears.pdf").headers
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" not in headers.get("Content-Security-Policy", "")


def test_a_report_breaks_description_and_caption_lines_at_paragraphs_as_the_page_does(tmp_path, data_dir):
    # Text wrapped by hand in the file runs on; a blank line starts the next paragraph on a new line.
    client = client_of_park(
        tmp_path, data_dir,
        'title = "Park report"\ndescription = """Counted by\nthe rangers.\n\nSecond paragraph."""\n'
        '[[charts]]\nid = "bears"\ndataset = "animals"\ny = ["Bear"]\n'
        'caption = """Seen each\nspring.\n\nNot counted in winter."""\n')
    words = words_on_page(saved(client.get("/d/park.pdf").data, tmp_path), 1)
    for first, joined, next_paragraph in (("Counted", "rangers.", "Second"), ("Seen", "spring.", "Not")):
        assert top_of(words, joined) == top_of(words, first)
        assert top_of(words, next_paragraph) > top_of(words, first)


def test_a_report_says_under_each_chart_which_of_its_rows_it_could_not_choose_as_the_page_does(client, tmp_path):
    # The weather and animals charts have no station column, and animals no dates: drawn
    # unfiltered (and whole), with the page's notes under them in the report too.
    query = "?from=2025-03-01&filter.station=Harbour"
    page = client.get("/d/stations" + query).get_data(as_text=True)
    notes = [html.unescape(note) for note in re.findall(r'<span class="note">([^<]*)</span>', page)]
    assert sorted(notes) == sorted(["Not filtered by Station: weather has no text column 'station'.",
                                    "Drawn whole: animals has no date column for the time range.",
                                    "Not filtered by Station: animals has no text column 'station'."])
    text = pdf_text(saved(client.get("/d/stations.pdf" + query).data, tmp_path))
    for note in notes:
        assert note in text
    assert "Not filtered" not in pdf_text(saved(client.get("/d/stations.pdf?from=2025-03-01").data, tmp_path, "b.pdf"))


def test_reports_of_the_same_rows_asked_for_in_other_words_each_say_their_own(data_dir, tmp_path):
    # At this clock both URLs choose the same rows; each report says the range as its URL asked it.
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                      "CLOCK": lambda: datetime(2026, 12, 1, 10, 0, 0)})
    client = app.test_client()
    relative = client.get("/d/stations.pdf?from=now-23M/M&to=now/d")
    absolute = client.get("/d/stations.pdf?from=2025-01-01&to=2026-12-01")
    assert relative.status_code == absolute.status_code == 200
    assert relative.headers["ETag"] != absolute.headers["ETag"]
    absolute_text = pdf_text(saved(absolute.data, tmp_path, "absolute.pdf"))
    assert "Time range: 2025-01-01 to 2026-12-01" in absolute_text and "now-" not in absolute_text
    again = client.get("/d/stations.pdf?from=now-23M/M&to=now/d")
    assert again.data == relative.data
    assert "Time range: now-23M/M (2025-01-01) to now/d (2026-12-01)" in pdf_text(saved(again.data, tmp_path))


LONG_CAPTION = ("Bears counted by the rangers on their spring walks along the north trail and the lake shore, "
                "before the snow melts; the counts of the last two years are provisional and may still "
                "change once the autumn survey has been checked against the camera traps, so read them as "
                "a guide rather than a census, Rangers wrote.")


def test_a_report_shows_a_long_caption_whole_above_the_next_row(tmp_path, data_dir):
    # As the dashboard's page shows it: whole, its cell as tall as it needs.
    assert len(LONG_CAPTION.split()) >= 50
    charts = "".join(f'[[charts]]\nid = "c{n}"\ndataset = "animals"\ny = ["Bear"]\ntitle = "Row{n // 3}"\n'
                     + (f'caption = "{LONG_CAPTION}"\n' if n == 0 else "") for n in range(6))
    client = client_of_park(tmp_path, data_dir, f'title = "Park report"\ncolumns = 3\n{charts}')
    path = saved(client.get("/d/park.pdf").data, tmp_path)
    assert LONG_CAPTION in pdf_text(path) and "…" not in pdf_text(path)
    words = words_on_page(path, 1)
    caption_end = next(bottom for word, _, bottom in words if word == "wrote.")
    assert top_of(words, "Bears") < caption_end < top_of(words, "Row1")


def test_long_captions_do_not_squeeze_their_charts_to_fit_the_first_page(animals_frame, tmp_path):
    # Rows may shrink to fit one more on the first page, but only their charts' height shrinks, by
    # FIRST_PAGE_SHRINK at most: never the captions', which would squeeze the charts further.
    from plots.pdf import FIRST_PAGE_SHRINK

    columns = {c: "integer" for c in animals_frame}
    charts = [(parse_spec({"y": ["Bear"], "title": [f"Chart{n}"]}, columns), animals_frame,
               f"Under{n} {LONG_CAPTION}") for n in range(6)]
    path = saved(render_report_pdf("Park", ["Header line."] * 4, charts, columns=3), tmp_path)
    words = words_on_page(path, 1)
    natural = ((842 - 2 * 32 - 2 * 12) / 3 - 2 * 6) * 270 / 480  # points: a 480×270 chart a cell wide
    # From the chart's title, near its top, to its caption, right under it.
    drawn = top_of(words, "Under0") - top_of(words, "Chart0")
    assert drawn >= FIRST_PAGE_SHRINK * natural - 2


def test_a_row_of_wide_short_charts_is_as_tall_as_the_smallest_chart_drawn(animals_frame, tmp_path):
    # 2000×100 drawn a third of a page wide would be 12 points tall: drawn at the least height the
    # limits allow instead, its row makes room for that, and its caption stays above the next row.
    columns = {c: "integer" for c in animals_frame}
    charts = [(parse_spec({"y": ["Bear"], "title": [f"Chart{n}"], "width": ["2000"], "height": ["100"]}, columns),
               animals_frame, f"Under{n}") for n in range(6)]
    words = words_on_page(saved(render_report_pdf("Wide", [], charts, columns=3), tmp_path), 1)
    under = next(bottom for word, _, bottom in words if word == "Under0")
    assert top_of(words, "Chart0") < under < top_of(words, "Chart3")
