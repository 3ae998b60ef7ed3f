"""PDF charts read back with poppler's tools, as a person's viewer would."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from PIL import Image

from app import create_app
from plots import FORMATS, parse_spec, render_chart
from tests.conftest import ROOT


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


def rendered_pages(path: Path, folder: Path) -> list[Image.Image]:
    """Every page drawn by pdftoppm at 50 dpi, as greyscale images."""
    run_tool("pdftoppm", "-r", "50", "-png", str(path), str(folder / "page"))
    return [Image.open(p).convert("L") for p in sorted(folder.glob("page-*.png"))]


def inked_share(image: Image.Image) -> float:
    """The share of the image's pixels that are not near white."""
    histogram = image.histogram()
    return sum(histogram[:200]) / (image.width * image.height)


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


def test_chart_pdf_page_is_the_chart_size_in_points(client, tmp_path):
    assert page_sizes(saved(client.get("/plot/animals.pdf").data, tmp_path)) == [(480, 270)]
    assert page_sizes(saved(client.get("/plot/animals.pdf?width=800&height=600").data, tmp_path)) == [(600, 450)]


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
    urls = ["/d/animals/all.pdf", "/plot/weather.pdf?kind=scatter&x=temperature_c&y=humidity_pct"]
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
                               ("/d/animals/nope.pdf", 404, "no chart 'nope'"),
                               ("/plot/animals.pdf?width=5", 400, "width"),
                               ("/d/animals/bears.pdf?scale=2", 400, "scale applies to .png only")):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.mimetype == "text/plain", url
        assert not response.data.startswith(b"%PDF") and words in response.get_data(as_text=True), url
        assert "Content-Disposition" not in response.headers
