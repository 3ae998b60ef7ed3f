"""What a CI job that fetches charts and pages reads to fail when a chart breaks, and to pass when
nothing is wrong, without reading words: every way a chart breaks is a status of 400 or more on its
image, or under `errors=image` a 200 whose `X-Chart-Error` begins with that status; a dashboard's page, the
front page and a dataset's page count their charts that cannot be drawn in `X-Chart-Errors` and mark each image
`data-error`; `/healthz` is the URL to wait on."""
from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest

from app import rendering
from tests.chart_jobs import slow_render_chart
from tests.conftest import ROOT, dashboard_site
from tests.test_durability import Server

BOARD = ('[[charts]]\nid = "c"\ndataset = "life"\nx = "day"\ny = ["a"]\n'
         '[[charts]]\nid = "bears"\ndataset = "animals"\nkind = "bar"\ny = ["Bear"]\n')
LIFE = "day,a\n2024-01-01,1\n2024-01-02,2\n"


@pytest.fixture
def life(tmp_path: Path):
    """A test client of a site whose dashboard `m` draws `life.csv` of its data folder (chart `c`) and the animals."""
    return dashboard_site(tmp_path, {"life.csv": LIFE}, BOARD).test_client()


def removed(path: Path, monkeypatch) -> None:
    path.unlink()


def column_renamed(path: Path, monkeypatch) -> None:
    path.write_text(LIFE.replace("day,a", "day,b"))


def made_unreadable(path: Path, monkeypatch) -> None:
    # As chmod 000 does for any user but root, who runs the tests here and reads any file.
    path.write_text(LIFE + "2024-01-03,3\n")  # a new size: the store reads the file again
    read_bytes = Path.read_bytes

    def refused(self: Path) -> bytes:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)
    monkeypatch.setattr(Path, "read_bytes", refused)


def written_otherwise(path: Path, monkeypatch) -> None:
    path.write_text(LIFE.replace(",", ";"))


BREAKS = {removed: 404, column_renamed: 404, made_unreadable: 422, written_otherwise: 422}


def image_error(client, url: str) -> tuple[int, str | None]:
    """The status of `url` and, asked again with `errors=image`, its `X-Chart-Error`, which must come with a 200."""
    plain = client.get(url)
    as_image = client.get(url + ("&" if "?" in url else "?") + "errors=image")
    assert as_image.status_code == 200 and as_image.headers["Content-Type"] == plain.headers["Content-Type"]
    header = as_image.headers.get("X-Chart-Error")
    if header is not None:  # an error image a cache must not keep as the chart
        assert as_image.headers["Cache-Control"] == "no-store"
    return plain.status_code, header


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("breaks", list(BREAKS), ids=lambda breaks: breaks.__name__)
def test_a_dashboard_chart_whose_data_broke_is_a_status_or_an_error_header(life, tmp_path, monkeypatch, breaks, fmt):
    assert image_error(life, f"/d/m/c.{fmt}") == (200, None)
    breaks(tmp_path / "data" / "life.csv", monkeypatch)
    status, header = image_error(life, f"/d/m/c.{fmt}")
    assert status == BREAKS[breaks]
    assert header.startswith(f"{status} ")
    assert image_error(life, f"/d/m/bears.{fmt}") == (200, None)  # the rest of the dashboard as it was


def test_a_bad_parameter_is_a_400_or_an_error_header(client):
    assert image_error(client, "/plot/animals.svg?kind=pie") == (
        400, "400 kind must be one of line, bar, barh, scatter, area, hist, box; got 'pie'")


def test_a_chart_of_a_source_that_is_down_is_a_503_or_an_error_header(tmp_path, app_over):
    site = app_over({"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
                    {"orders": {"source": "gone", "table": "orders"}})
    status, header = image_error(site.test_client(), "/plot/orders.svg")
    assert status == 503 and header.startswith("503 ")


def test_a_chart_stopped_at_the_render_time_limit_is_a_503_or_an_error_header(tmp_path, monkeypatch):
    from tests.conftest import writable_app
    site = writable_app(tmp_path, RENDER_WORKERS=1, RENDER_TIMEOUT=0.5)
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 60.0))
    status, header = image_error(site.test_client(), "/plot/animals.svg?y=Bear")
    assert status == 503 and header.startswith("503 ")


def chart_images(page: str) -> dict[str, str]:
    """Each <img> of a dashboard's page by its `data-chart`."""
    return {re.search(r'data-chart="([^"]*)"', tag)[1]: tag for tag in re.findall(r"<img [^>]*>", page)}


def test_a_dashboard_page_counts_its_charts_that_cannot_be_drawn_and_marks_each(life, tmp_path):
    answer = life.get("/d/m")
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "0"
    assert "data-error" not in answer.get_data(as_text=True)
    column_renamed(tmp_path / "data" / "life.csv", None)
    answer = life.get("/d/m")
    # The page still answers, and says why in the chart's place; a check reads the count.
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "1"
    images = chart_images(answer.get_data(as_text=True))
    assert "data-error=\"m.toml: chart &#39;c&#39;: y: no column &#39;a&#39;; the columns are day, b\"" in images["c"]
    assert "data-error" not in images["bears"]


def test_a_dashboard_page_whose_every_chart_broke_counts_them_all(tmp_path):
    board = BOARD.replace('dataset = "animals"', 'dataset = "life"').replace('y = ["Bear"]', 'y = ["a"]')
    client = dashboard_site(tmp_path, {"life.csv": LIFE}, board).test_client()
    (tmp_path / "data" / "life.csv").unlink()
    answer = client.get("/d/m")
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "2"
    assert all("data-error=" in tag for tag in chart_images(answer.get_data(as_text=True)).values())


def test_a_sample_dashboard_page_counts_no_chart_that_cannot_be_drawn(client):
    for name in ("animals", "stations", "weather"):
        assert client.get(f"/d/{name}").headers["X-Chart-Errors"] == "0"
    assert client.head("/d/animals").headers["X-Chart-Errors"] == "0"  # as `curl -sI` reads it


def marked(page: str) -> dict[str, str]:
    """The `src` of each <img> of a page marked `data-error`, and why (as the page writes it)."""
    return {re.search(r'src="([^"]*)"', tag)[1]: re.search(r'data-error="([^"]*)"', tag)[1]
            for tag in re.findall(r"<img [^>]*>", page) if "data-error=" in tag}


def test_the_front_page_counts_the_small_charts_that_cannot_be_drawn_and_marks_each(life, tmp_path):
    answer = life.get("/")
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "0"
    assert marked(answer.get_data(as_text=True)) == {}
    column_renamed(tmp_path / "data" / "life.csv", None)  # the dashboard's first chart, its card's, draws `a`
    answer = life.get("/")
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "1"
    ((src, why),) = marked(answer.get_data(as_text=True)).items()
    assert src.startswith("/d/m/c.svg?")
    assert why == "m.toml: chart &#39;c&#39;: y: no column &#39;a&#39;; the columns are day, b"
    assert life.get(src.replace("&amp;", "&")).status_code == 404
    (tmp_path / "data" / "life.csv").unlink()  # its dataset gone: its card's chart cannot be drawn either
    answer = life.get("/")
    assert answer.headers["X-Chart-Errors"] == "1"
    assert list(marked(answer.get_data(as_text=True)).values()) == [
        "no dataset &#39;life&#39;; the datasets are animals, stations, weather"]


@pytest.fixture
def few_values(data_dir: Path):
    """A test client of a site whose charts may draw 3 values, holding the dataset `big` of 4 rows."""
    from plots.spec import Limits
    from tests.conftest import created, writable_app
    client = writable_app(data_dir, LIMITS=Limits(max_points=3)).test_client()
    created(client, "big", "day,v\n1,1\n2,2\n3,3\n4,4\n")
    created(client, "small", "day,v\n1,1\n2,2\n")
    return client


def test_a_dataset_page_counts_its_charts_that_cannot_be_drawn_and_marks_each(few_values):
    answer = few_values.get("/datasets/big")
    assert answer.status_code == 200 and answer.headers["X-Chart-Errors"] == "1"
    ((src, why),) = marked(answer.get_data(as_text=True)).items()
    assert why == "this chart would draw 4 values and at most 3 are allowed; narrow it with xmin/xmax"
    assert few_values.get(src.replace("&amp;", "&")).status_code == 422
    answer = few_values.get("/datasets/small")
    assert answer.headers["X-Chart-Errors"] == "0" and marked(answer.get_data(as_text=True)) == {}


def test_the_front_page_counts_a_dataset_cards_chart_of_more_rows_than_it_may_draw(few_values):
    page = few_values.get("/")
    big = {src: why for src, why in marked(page.get_data(as_text=True)).items() if src.startswith("/plot/big.svg?")}
    assert list(big.values()) == ["this chart would draw 4 values and at most 3 are allowed; narrow it with xmin/xmax"]
    assert not any(src.startswith("/plot/small.svg?") for src in marked(page.get_data(as_text=True)))
    assert page.headers["X-Chart-Errors"] == str(len(marked(page.get_data(as_text=True))))


def test_the_sample_front_page_and_dataset_pages_count_no_chart_that_cannot_be_drawn(client):
    for url in ("/", "/datasets/animals", "/datasets/stations", "/datasets/weather"):
        assert client.get(url).headers["X-Chart-Errors"] == "0", url
        assert client.head(url).headers["X-Chart-Errors"] == "0", url  # as `curl -sI` reads it


def test_the_chart_page_of_a_chart_that_cannot_be_drawn_answers_its_images_status(life, tmp_path):
    assert life.get("/d/m/c").status_code == 200
    column_renamed(tmp_path / "data" / "life.csv", None)
    assert life.get("/d/m/c").status_code == life.get("/d/m/c.svg").status_code == 404


def test_healthz_is_kept_out_of_search_and_of_caches(client):
    for answer in (client.get("/healthz"), client.head("/healthz")):
        assert answer.status_code == 200
        assert answer.headers["X-Robots-Tag"] == "noindex"
        assert answer.headers["Cache-Control"] == "no-store"


def readme_wait(base: str, seconds: int) -> subprocess.CompletedProcess:
    """The README's command that waits for the site, run for the site at `base`, giving up after `seconds`."""
    section = (ROOT / "README.md").read_text().split("## Checking charts in CI", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"`(timeout 60 sh -c .*?healthz; do sleep 1; done')`", section)
    command = command.replace("http://127.0.0.1:5000", base).replace("timeout 60", f"timeout {seconds}")
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=seconds + 30)


def test_the_readme_wait_ends_once_the_site_answers(tmp_path):
    server = Server(tmp_path / "data", tmp_path / "server.log")  # started, not waited for
    try:
        waited = readme_wait(server.base, 60)
        assert waited.returncode == 0 and waited.stdout.endswith("ok\n"), waited.stderr
    finally:
        server.stop()


def test_the_readme_wait_runs_out_for_a_site_whose_dashboard_file_went_bad(tmp_path, monkeypatch):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "m.toml").write_text('[[charts]]\nid = "c"\ndataset = "gone"\n')
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", str(boards))
    server = Server(tmp_path / "data", tmp_path / "server.log")
    try:
        assert readme_wait(server.base, 5).returncode == 124  # timeout's status: the site never answered
        assert server.process.wait(timeout=30) != 0
        assert "m.toml: chart 'c'" in server.log.read_text()
    finally:
        server.stop()
