"""Dashboards: TOML files checked at start-up; a bad one stops the site with one clear line."""
from __future__ import annotations

import contextlib
import re
import sqlite3
import subprocess
import sys
import warnings
from datetime import datetime
from html import unescape as html_unescape
from pathlib import Path

import pytest
from flask import request

import app.dashboard_files as dashboard_files
from app import DashboardError, SettingError, create_app
from app.config import DEFAULT_DASHBOARD_DIR
from app.dashboard_charts import paragraphs
from tests.conftest import ROOT, daily_shop
from tests.error_image_text import reason_image_url

GOOD_CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'


def start(tmp_path: Path, text: str, name: str = "board.toml"):
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('title = "T"\n' + GOOD_CHART.replace('["Bear"]', '["Bare"]'), ["board.toml", "chart 'c'", "y:", "'Bare'", "year, Bear, Deer, Wolf"]),
        (GOOD_CHART.replace('"animals"', '"zoo"'), ["board.toml", "chart 'c'", "dataset", "'zoo'", "animals"]),
        (GOOD_CHART + 'kind = "pie"\n', ["board.toml", "chart 'c'", "kind must be one of"]),
        (GOOD_CHART + "width = 9000\n", ["board.toml", "chart 'c'", "width", "2000"]),
        (GOOD_CHART + 'colour = "red"\n', ["board.toml", "chart 'c'", "unknown key 'colour'"]),
        (GOOD_CHART + GOOD_CHART, ["board.toml", "chart 'c'", "used twice"]),
        (GOOD_CHART.replace('id = "c"', 'id = "Has Space"'), ["board.toml", "chart 1", "id must be"]),
        (GOOD_CHART.replace('id = "c"', 'id = "versions"'), ["board.toml", "chart 1", "not 'versions'"]),
        ('title = "T"\n', ["board.toml", "charts must be a non-empty list"]),
        ("title = \n", ["board.toml", "not valid TOML"]),
        ('colums = 2\n' + GOOD_CHART, ["board.toml", "unknown key 'colums' (did you mean 'columns'?); the keys are"]),
        ('columns = 9\n' + GOOD_CHART, ["board.toml", "columns must be a whole number from 1 to 6"]),
        (GOOD_CHART + "xmin = 12:00:00\n", ["board.toml", "chart 'c'", "xmin must be a number, a date (2024-01-31),",
                                            "12:00:00"]),
        (GOOD_CHART + "xmax = {year = 2020}\n", ["board.toml", "chart 'c'", "xmax must be a number, a date (2024-01-31),",
                                                "got {year = 2020}"]),
        (GOOD_CHART + "xmin = 2024-01-01\n", ["board.toml", "chart 'c'", "xmin must be a number", "'2024-01-01'"]),
        (GOOD_CHART + "title = 2024-05-01\n", ["board.toml", "chart 'c'", "title must be text", "got 2024-05-01;",
                                                 'write it in quotes ("2024-05-01") to have it as text']),
        ('title = ""\n' + GOOD_CHART, ["board.toml: title must not be blank: it heads the page; leave it out to "
                                        "use 'Board'"]),
        ('title = " \t"\n' + GOOD_CHART, ["board.toml: title must not be blank"]),
        ('[[filters]]\ncolumn = "station"\nlabel = " "\n' + GOOD_CHART.replace('"animals"', '"stations"')
         .replace('["Bear"]', '["temperature_c"]'),
         ["board.toml: filter 1: label must not be blank: it names the filter's field; leave it out to use 'station'"]),
        ('[[filters]]\ncolumn = "station"\nlable = "Station"\n' + GOOD_CHART.replace('"animals"', '"stations"')
         .replace('["Bear"]', '["temperature_c"]'),
         ["board.toml: filter 1: unknown key 'lable' (did you mean 'label'?); the keys are column, label"]),
    ],
)
def test_bad_dashboard_stops_start_up_naming_file_chart_and_field(tmp_path, text, words):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(("field", "meant"), [("titel", "title"), ("xlable", "xlabel"), ("capton", "caption")])
def test_a_misspelt_chart_field_in_a_dashboard_file_names_the_field_it_looks_like(tmp_path, field, meant):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, GOOD_CHART + f'{field} = "Bears"\n')
    assert (f"board.toml: chart 'c': unknown key {field!r} (did you mean {meant!r}?); the keys are "
            "kind, x, y, title,") in str(caught.value)
    assert str(caught.value).endswith("resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, id, dataset, caption")


def test_a_misspelt_chart_field_holding_a_toml_date_is_named_as_misspelt(tmp_path):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, GOOD_CHART + "xmni = 2024-05-01\n")
    assert "chart 'c': unknown key 'xmni' (did you mean 'xmin'?)" in str(caught.value)


CHART_TABLE_KEYS = ("kind, x, y, title, xlabel, ylabel, width, height, theme, xmin, xmax, ymin, ymax, legend, text, "
                    "bins, resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, id, dataset, caption")


@pytest.mark.parametrize(("key", "hint"), [("sclae", "did you mean 'scale'? "), ("scale", "")])
def test_scale_or_a_typo_of_it_in_a_dashboard_file_says_only_the_charts_png_url_takes_scale(tmp_path, key, hint):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, GOOD_CHART + f"{key} = 2\n")
    assert str(caught.value) == (
        f"board.toml: chart 'c': unknown key '{key}' ({hint}a dashboard file cannot set it: only the chart's .png "
        f"URL takes it, /d/board/c.png?scale=…); the keys are {CHART_TABLE_KEYS}")


def test_a_misspelt_dataset_key_is_named_before_the_dataset_it_leaves_out(tmp_path):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, GOOD_CHART.replace("dataset =", "datset ="))
    assert "board.toml: chart 'c': unknown key 'datset' (did you mean 'dataset'?)" in str(caught.value)


def test_a_typo_of_scale_on_a_dashboard_charts_svg_url_still_says_where_scale_applies(tmp_path):
    response = start(tmp_path, GOOD_CHART).test_client().get("/d/board/c.svg?sclae=2")
    assert response.status_code == 400
    assert ("unknown parameter 'sclae' (did you mean 'scale'? it applies to .png only); the parameters are kind, "
            in html_unescape(response.get_data(as_text=True)))


def test_good_dashboard_is_served(tmp_path):
    app = start(tmp_path, 'title = "Mine"\ncolumns = 1\n' + GOOD_CHART)
    client = app.test_client()
    assert b"Mine" in client.get("/d/board").data
    assert client.get("/d/board/c.svg").status_code == 200


def test_a_dashboard_file_saved_with_a_byte_order_mark_is_read_as_without_one(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "board.toml").write_bytes(b"\xef\xbb\xbf" + ('title = "Mine"\n' + GOOD_CHART).encode("utf-8"))
    client = create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]}).test_client()
    assert "<h1>Mine</h1>" in client.get("/d/board").get_data(as_text=True)


def test_sample_dashboards_load(app):
    assert list(app.extensions["svgplots"].dashboards) == ["animals", "stations", "weather"]


def test_run_py_prints_one_line_for_a_bad_dashboard(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "bad.toml").write_text(GOOD_CHART.replace('["Bear"]', '["Bare"]'))
    script = (
        "import sys, app.config as c; c.Config.DASHBOARD_DIRS = [sys.argv[1]];"
        "import run; sys.exit(run.main(['--port', '0']))"
    )
    result = subprocess.run([sys.executable, "-c", script, str(folder)], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: dashboard bad.toml: chart 'c': y: no column 'Bare'; the columns are year, Bear, Deer, Wolf"]


def test_default_dashboard_folder_is_site_dashboards():
    assert DEFAULT_DASHBOARD_DIR == ROOT / "site" / "dashboards"


def test_a_dashboard_with_no_file_is_a_404_saying_a_file_added_is_served_within_a_second(tmp_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(dashboard_files, "monotonic", lambda: now[0])
    client = start(tmp_path, GOOD_CHART).test_client()
    response = client.get("/d/newdash")
    assert response.status_code == 404
    assert html_unescape(response.get_data(as_text=True)).count(
        "<p class=\"error\">no dashboard 'newdash'; the dashboards are board (a dashboard file added to the site's "
        "dashboard folder is served within a second, with no restart)</p>") == 1
    (tmp_path / "boards" / "newdash.toml").write_text(GOOD_CHART)
    now[0] += 1  # the files are checked at most once a second
    assert client.get("/d/newdash").status_code == 200


def test_the_environment_may_name_one_dashboard_folder_as_a_plain_path(tmp_path, monkeypatch):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "mine.toml").write_text(GOOD_CHART)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", str(folder))
    app = create_app({"TESTING": True})
    assert list(app.extensions["svgplots"].dashboards) == ["mine"]


def test_the_environment_may_name_dashboard_folders_as_a_json_list(tmp_path, monkeypatch):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "mine.toml").write_text(GOOD_CHART)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", f'["{DEFAULT_DASHBOARD_DIR}", "{folder}"]')
    app = create_app({"TESTING": True})
    assert list(app.extensions["svgplots"].dashboards) == ["animals", "mine", "stations", "weather"]


@pytest.mark.parametrize("name", ["2024", "null", "true"])
def test_the_environment_may_name_a_dashboard_folder_that_json_would_read_as_a_number_or_a_word(tmp_path,
                                                                                                 monkeypatch, name):
    # Read as JSON, 2024 was the number and the start refused it as no folder nor list of them.
    (tmp_path / name).mkdir()
    (tmp_path / name / "mine.toml").write_text(GOOD_CHART)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", name)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data")})
    assert list(app.extensions["svgplots"].dashboards) == ["mine"]


def test_a_dashboard_file_a_later_folder_replaces_is_not_read(tmp_path, monkeypatch):
    # Its own errors stopped the start, though the site would never serve it.
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "mine.toml").write_text(GOOD_CHART.replace('"animals"', '"gone"'))
    (new / "mine.toml").write_text('title = "Mine"\n' + GOOD_CHART)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", f'["{old}", "{new}"]')
    client = create_app({"TESTING": True}).test_client()
    assert "<h1>Mine</h1>" in client.get("/d/mine").get_data(as_text=True)


@pytest.mark.parametrize(("setting", "words"), [
    ("no-such-folder", "DASHBOARD_DIRS names 'no-such-folder', which is no folder; name the folders that hold the "
                       "dashboard files"),
    (5, "DASHBOARD_DIRS must be a folder of dashboard files or a list of them"),
])
def test_a_dashboard_folders_setting_the_site_cannot_use_stops_the_start_saying_why(tmp_path, setting, words):
    with pytest.raises(SettingError, match=re.escape(words)):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DASHBOARD_DIRS": setting})


@pytest.mark.parametrize("setting", ["", '[""]', '["site/dashboards", ""]'])
def test_an_empty_path_among_the_dashboard_folders_stops_the_start_rather_than_read_the_working_folder(
        tmp_path, monkeypatch, setting):
    # Read as the folder the site starts in, whose pyproject.toml stopped the start as a bad dashboard.
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", setting)
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path)})
    shown = "''" if setting == "" else setting.replace('"', "'")
    assert str(caught.value) == (f"DASHBOARD_DIRS names an empty path ({shown}), which would be the folder the "
                                 "site starts in; name the folders that hold the dashboard files, or leave it "
                                 "unset for site/dashboards")


def test_a_dashboard_folder_the_site_may_not_read_stops_the_start_saying_so(tmp_path, monkeypatch):
    folder = tmp_path / "boards"
    folder.mkdir()
    iterdir = Path.iterdir

    def refused(path: Path):  # as chmod 000 does for any user but root
        if path == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return iterdir(path)

    monkeypatch.setattr(Path, "iterdir", refused)
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DASHBOARD_DIRS": [str(folder)]})
    assert str(caught.value) == f"{folder}/: the folder cannot be read (Permission denied); let the site's user read it"


def test_a_chart_with_more_rows_than_it_may_draw_shows_its_error_and_the_page_still_answers(tmp_path, data_dir):
    # A bar chart of daily rows: a few categories over the week the page opens on, too many over
    # the year a reader may choose. The page and its versions.json (which auto-refresh polls) were
    # a 422 then; only the chart's own image is.
    client = daily_shop(tmp_path, data_dir)
    assert client.get("/d/shop").status_code == 200
    page = client.get("/d/shop?from=2024-01-01")
    assert page.status_code == 200
    assert "This chart cannot be drawn: a bar chart may show at most 100 categories" in page.get_data(as_text=True)
    versions = client.get("/d/shop/versions.json?from=2024-01-01")
    assert versions.status_code == 200
    charts = versions.get_json()["charts"]
    assert client.get(charts["days"]["src"]).status_code == 422 and client.get(charts["bears"]["src"]).status_code == 200
    assert client.get("/d/shop.pdf?from=2024-01-01").status_code == 200


def test_a_chart_whose_column_went_away_shows_its_error_and_the_rest_still_draw(tmp_path, data_dir):
    (data_dir / "zoo.csv").write_text("year,lions,tigers\n2020,1,2\n2021,3,4\n")
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "zoo.toml").write_text('[[charts]]\nid = "lions"\ndataset = "zoo"\ny = ["lions"]\n'
                                     '[[charts]]\nid = "tigers"\ndataset = "zoo"\ny = ["tigers"]\n')
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]})
    (data_dir / "zoo.csv").write_text("year,tigers\n2020,2\n2021,4\n2022,6\n")
    client = app.test_client()
    page = client.get("/d/zoo")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(f'src="{reason_image_url("/d/zoo/lions.svg")}"', html)  # its v: a digest of why
    assert "This chart cannot be drawn: zoo.toml: chart &#39;lions&#39;: y: no column &#39;lions&#39;" in html
    assert 'src="/d/zoo/tigers.svg?v=' in html
    broken = client.get("/d/zoo/lions.svg")
    assert broken.status_code == 404 and b"lions" in broken.data
    versions = client.get("/d/zoo/versions.json").get_json()["charts"]
    assert versions["lions"]["version"] is None and versions["tigers"]["version"]


def start_drawing_here(folder: Path, data_dir: Path, text: str | bytes):
    """The app with one dashboard, board.toml, written in `folder`; charts are drawn in this process,
    where a test sees matplotlib's warnings."""
    folder.mkdir()
    (folder / "board.toml").write_bytes(text if isinstance(text, bytes) else text.encode())
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)],
                       "RENDER_WORKERS": 0})


# A dashboard saved on Windows: CRLF line ends in the file, and in its text the \r\n escapes a
# program writes for Windows text (and a lone \r, an old Mac's line end).
WINDOWS_BOARD = (
    'title = "Zoo\\r\\nreport"\n'
    'description = """Line one\nLine two\nLine\\rthree"""\n'
    '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\ncaption = "First\\r\\nsecond"\n'
).replace("\n", "\r\n").encode()


def test_crlf_line_ends_in_dashboard_text_draw_in_the_pdf_report_without_warnings(tmp_path, data_dir):
    client = start_drawing_here(tmp_path / "boards", data_dir, WINDOWS_BOARD).test_client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = client.get("/d/board.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert [str(warning.message) for warning in caught] == []


def test_crlf_line_ends_in_dashboard_text_leave_no_cr_on_the_page(tmp_path, data_dir):
    client = start_drawing_here(tmp_path / "boards", data_dir, WINDOWS_BOARD).test_client()
    page = client.get("/d/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "\r" not in html
    assert "<h1>Zoo\nreport</h1>" in html
    assert '<p class="lead">Line one Line two Line three</p>' in html  # one paragraph, as a line feed is
    assert "<figcaption>First second</figcaption>" in html


# Text wrapped by hand to fit the file, with a blank line between paragraphs, and markup to escape.
PARAGRAPHS_BOARD = (
    'title = "Zoo"\n'
    'description = """\nBears <b>and</b> deer,\nwrapped by hand.\n\nA second & last\nparagraph.\n"""\n'
    + GOOD_CHART + 'caption = """Counted each\nspring.\n  \n\n\nSee <the> notes."""\n'
)


def test_a_blank_line_in_a_description_starts_a_paragraph_and_a_line_feed_is_a_space(tmp_path, data_dir):
    client = start_drawing_here(tmp_path / "boards", data_dir, PARAGRAPHS_BOARD).test_client()
    page = client.get("/d/board").get_data(as_text=True)
    assert ('<p class="lead">Bears &lt;b&gt;and&lt;/b&gt; deer, wrapped by hand.</p>'
            '<p class="lead">A second &amp; last paragraph.</p>\n') in page
    assert "<figcaption><p>Counted each spring.</p><p>See &lt;the&gt; notes.</p></figcaption>" in page
    index = client.get("/").get_data(as_text=True)
    assert ("<p>Bears &lt;b&gt;and&lt;/b&gt; deer, wrapped by hand.</p><p>A second &amp; last paragraph.</p>"
            in index)


def test_a_blank_line_in_a_caption_starts_a_paragraph_on_the_chart_page(tmp_path, data_dir):
    client = start_drawing_here(tmp_path / "boards", data_dir, PARAGRAPHS_BOARD).test_client()
    page = client.get("/d/board/c").get_data(as_text=True)
    assert '<p class="lead">Counted each spring.</p><p class="lead">See &lt;the&gt; notes.</p>\n' in page


def test_a_caption_of_one_paragraph_stays_text_beside_its_notes(tmp_path, data_dir):
    # The range leaves the animals chart whole (its dataset has no dates), which its note says.
    board = ('from = "2000-01-01"\n' + WEATHER_CHART.replace('id = "c"', 'id = "w"')
             + GOOD_CHART + 'caption = "Counted\\neach spring."\n')
    client = start_drawing_here(tmp_path / "boards", data_dir, board).test_client()
    page = client.get("/d/board").get_data(as_text=True)
    assert re.search(r'<figcaption>Counted each spring\. <span class="note">[^<]+</span></figcaption>', page), page


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("One line", ["One line"]),
    ("Wrapped\nby hand", ["Wrapped by hand"]),
    ("\nOne\n\nTwo\n", ["One", "Two"]),
    ("One\n \t\n\n\nTwo", ["One", "Two"]),  # a line of spaces is blank too; many blank lines are one break
])
def test_paragraphs_break_at_blank_lines_only(text, expected):
    assert paragraphs(text) == expected


def test_a_chart_title_with_a_crlf_line_end_is_a_title_of_two_lines(tmp_path, data_dir):
    # Chart titles refuse CR, as all drawn text does: the file used to stop the site.
    app = start_drawing_here(tmp_path / "boards", data_dir, GOOD_CHART + 'title = "Bears\\r\\nby year"\n')
    client = app.test_client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert client.get("/d/board/c.svg").status_code == 200
        assert client.get("/d/board.pdf").status_code == 200
    assert [str(warning.message) for warning in caught] == []
    assert "Bears\nby year" in client.get("/d/board/c").get_data(as_text=True)


WEATHER_CHART = '[[charts]]\nid = "c"\ndataset = "weather"\nx = "date"\ny = ["temperature_c"]\n'


def test_toml_dates_in_xmin_and_xmax_bound_a_chart_as_the_same_dates_written_as_text(tmp_path, data_dir):
    as_dates = start_drawing_here(tmp_path / "dates", data_dir,
                                  WEATHER_CHART + "xmin = 2000-03-01\nxmax = 2000-06-30T12:00:00+02:00\n")
    as_text = start_drawing_here(tmp_path / "text", data_dir,
                                 WEATHER_CHART + 'xmin = "2000-03-01"\nxmax = "2000-06-30T12:00:00+02:00"\n')
    drawn = as_dates.test_client().get("/d/board/c.svg")
    assert drawn.status_code == 200
    assert drawn.data == as_text.test_client().get("/d/board/c.svg").data
    page = as_dates.test_client().get("/d/board/c").get_data(as_text=True)
    assert 'name="xmin" value="2000-03-01"' in page  # as a URL writes it, the time left out at midnight
    assert 'name="xmax" value="2000-06-30T10:00:00"' in page  # the offset's moment in UTC, as times are kept


def test_a_toml_local_date_and_time_in_xmin_is_read_as_that_moment(tmp_path, data_dir):
    app = start_drawing_here(tmp_path / "boards", data_dir, WEATHER_CHART + "xmin = 2000-03-01T08:30:00\n")
    page = app.test_client().get("/d/board/c").get_data(as_text=True)
    assert 'name="xmin" value="2000-03-01T08:30:00"' in page


# Caching: how long a dashboard's answers may be kept.

WEATHER_BOARD = ('title = "Weather"\n[[charts]]\nid = "t"\ndataset = "weather"\nkind = "{kind}"\nx = "date"\n'
                 'y = ["temperature_c"]\nresample = "year"\ntitle = "{title}"\n')
IMMUTABLE = "public, max-age=31536000, immutable"


def image_src(client, page: str = "/d/board") -> str:
    html = client.get(page).get_data(as_text=True)
    return html_unescape(re.search(r'<img[^>]+src="(/d/board/[^"]+)"', html).group(1))


def test_an_edited_chart_gets_a_new_image_url_and_its_old_url_is_no_longer_immutable(tmp_path, data_dir):
    # The site restarted on an edited file: the data version is the same, the drawing is not.
    before = start_drawing_here(tmp_path / "before", data_dir, WEATHER_BOARD.format(kind="line", title="Old"))
    after = start_drawing_here(tmp_path / "after", data_dir, WEATHER_BOARD.format(kind="bar", title="New"))
    old_client, new_client = before.test_client(), after.test_client()
    old_src, new_src = image_src(old_client), image_src(new_client)
    assert old_src != new_src
    old, new = old_client.get(old_src), new_client.get(new_src)
    assert old.headers["Cache-Control"] == new.headers["Cache-Control"] == IMMUTABLE
    assert old.data != new.data
    # An embed of the old URL: the chart as it is now, for caches to check again.
    stale = new_client.get(old_src)
    assert stale.status_code == 200 and stale.data == new.data
    assert stale.headers["Cache-Control"] == "public, no-cache"
    # As is one pinned by the data version alone, as pages used to write it.
    version = new_client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    assert re.fullmatch(rf"/d/board/t\.svg\?v={version}_[0-9a-f]{{8}}", new_src)
    assert new_client.get(f"/d/board/t.svg?v={version}").headers["Cache-Control"] == "public, no-cache"


def test_a_new_dashboard_range_gives_images_that_leave_it_out_a_new_url(tmp_path, data_dir):
    # The image URL leaves out a bound equal to the dashboard's, so the range is part of the definition.
    board = WEATHER_BOARD.format(kind="line", title="T")
    urls = [image_src(start_drawing_here(tmp_path / folder, data_dir, head + board).test_client())
            for folder, head in (("march", "from = 2000-03-01\n"), ("june", "from = 2000-06-01\n"))]
    assert all("from=" not in url for url in urls)
    assert urls[0] != urls[1]


def test_every_page_versions_json_and_the_fast_layer_agree_on_the_versioned_url(tmp_path, data_dir):
    app = start_drawing_here(tmp_path / "boards", data_dir, WEATHER_BOARD.format(kind="line", title="T"))
    routed = []
    app.before_request(lambda: routed.append(request.path))
    client = app.test_client()
    src = image_src(client)
    assert client.get("/d/board/versions.json").get_json()["charts"]["t"]["src"] == src
    assert image_src(client, "/d/board/t") == src  # the chart's own page
    thumbnail = html_unescape(re.search(r'src="(/d/board/t.svg[^"]*)"', client.get("/").get_data(as_text=True))[1])
    assert thumbnail.endswith("&" + src.partition("?")[2])  # the index's, smaller: the same v
    routed.clear()
    first = client.get(src)
    hit = client.get(src)  # answered by the layer ahead of Flask
    assert first.headers["Cache-Control"] == hit.headers["Cache-Control"] == IMMUTABLE
    assert routed == ["/d/board/t.svg"]
    # The data version alone pins no dashboard chart, through that layer either.
    version = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    routed.clear()
    for stale in (f"/d/board/t.svg?v={version}", f"/d/board/t.svg?v={version}_00000000"):
        assert [client.get(stale).headers["Cache-Control"] for _ in range(2)] == ["public, no-cache"] * 2
    assert routed == ["/d/board/t.svg"] * 2  # each URL's second answer came from that layer


def stopped_clock() -> datetime:
    """The app's clock in the tests of reports: a Sunday at noon, now-1M/M moving on in a day and a half."""
    return datetime(2025, 3, 30, 12, 0, 0)


def source_board_app(tmp_path: Path, data_dir: Path, url: str):
    """The app with a source `shop` at `url` (cache_seconds 30), its table `w` as dataset `shopw`, and
    a dashboard `board` charting it and the weather sample; the clock stopped and unversioned charts
    kept for an hour."""
    (tmp_path / "sources.toml").write_text(f'[sources.shop]\nurl = "{url}"\ncache_seconds = 30\n\n'
                                           '[datasets.shopw]\nsource = "shop"\ntable = "w"\n')
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "board.toml").write_text('[[charts]]\nid = "w"\ndataset = "shopw"\nx = "day"\ny = ["v"]\n'
                                       '[[charts]]\nid = "t"\ndataset = "weather"\nx = "date"\ny = ["temperature_c"]\n')
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(tmp_path / "sources.toml"),
                       "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0, "CHART_MAX_AGE": 3600,
                       "CLOCK": stopped_clock})


def test_a_report_with_a_relative_range_is_kept_no_longer_than_its_sources_allow(tmp_path, data_dir):
    database = tmp_path / "shop.db"
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("CREATE TABLE w (day DATETIME, v REAL)")
        connection.executemany("INSERT INTO w VALUES (?, ?)", [(f"2025-03-{day:02d}", day) for day in range(1, 29)])
    client = source_board_app(tmp_path, data_dir, f"sqlite:///{database}").test_client()
    # The range stays right for a day and a half; the source's charts for 30 seconds.
    chart = client.get("/d/board/w.svg?from=now-1M/M")
    report = client.get("/d/board.pdf?from=now-1M/M")
    assert report.status_code == chart.status_code == 200
    assert report.headers["Cache-Control"] == chart.headers["Cache-Control"] == "public, max-age=30, must-revalidate"


def test_a_report_drawn_while_a_source_is_down_is_not_kept_whatever_its_range(tmp_path, data_dir):
    client = source_board_app(tmp_path, data_dir, f"sqlite:///{tmp_path / 'missing.db'}").test_client()
    report = client.get("/d/board.pdf?from=now-1M/M")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert report.headers["Cache-Control"] == "public, no-cache"


def test_a_report_with_a_relative_range_is_kept_no_longer_than_an_unversioned_chart(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "board.toml").write_text(WEATHER_BOARD.format(kind="line", title="T"))
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                         "RENDER_WORKERS": 0, "CHART_MAX_AGE": 3600, "CLOCK": stopped_clock}).test_client()
    # The range stays right for a day and a half, longer than an unversioned chart is kept.
    for url in ("/d/board.pdf?from=now-1M/M", "/d/board/t.svg?from=now-1M/M"):
        assert client.get(url).headers["Cache-Control"] == "public, max-age=3600, must-revalidate", url
    # A report's URL takes no `v`, which could pin nothing: its bytes follow the dashboard's file as
    # well as its data.
    version = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    pinned = client.get(f"/d/board.pdf?v=weather={version}")
    assert pinned.status_code == 400
    assert pinned.get_data(as_text=True) == ("400 Bad Request: v applies to a chart's URL (such as /d/board/t.svg), "
                                             "not the dashboard's .pdf report; the parameters are from, to\n")


def test_a_dashboards_filter_parameters_are_those_its_page_form_and_messages_name(app, client):
    board = app.extensions["svgplots"].dashboards["stations"]
    assert board.filter_parameters == tuple(f"filter.{offered.column}" for offered in board.filters) != ()
    page = client.get("/d/stations").get_data(as_text=True)
    assert re.findall(r'<select name="(filter\.[^"]+)"', page) == list(board.filter_parameters)
    refused = html_unescape(client.get("/d/stations?froom=x").get_data(as_text=True))
    assert f"the parameters are from, to, range, {', '.join(board.filter_parameters)}" in refused


def test_versions_json_takes_what_the_page_s_auto_refresh_sends_and_refuses_anything_else(tmp_path):
    client = start(tmp_path, 'refresh = 30\n[[filters]]\ncolumn = "station"\n'
                             '[[charts]]\nid = "t"\ndataset = "stations"\ny = ["temperature_c"]\n').test_client()
    page = client.get("/d/board?from=now-7d&filter.station=Airport").get_data(as_text=True)
    [polled] = re.findall(r'data-versions="([^"]+)"', page)
    assert client.get(html_unescape(polled)).status_code == 200
    for sent, named in (("froom=now-7d", "unknown parameter 'froom' (did you mean 'from'?)"),
                        ("v=1", "v applies to a chart's URL (such as /d/board/t.svg), not the dashboard's versions.json")):
        refused = client.get(f"/d/board/versions.json?{sent}")
        assert refused.status_code == 400
        assert refused.get_json()["error"] == f"{named}; the parameters are from, to, filter.station"


def test_switching_a_charts_kind_to_one_without_resample_leaves_its_dashboards_resample_out(client):
    response = client.get("/d/stations/temperature.json?kind=hist")  # the dashboard's chart: weekly means
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "resample" not in response.json["spec"]
    assert response.json["rows"] == client.get("/d/stations/temperature.json?kind=hist&resample=none").json["rows"]
    # The URL's own resample is the reader's, and refused.
    assert client.get("/d/stations/temperature.json?kind=hist&resample=month").json["error"] == (
        "resample does not apply to a hist chart, which draws every value; use it with line, bar, barh, scatter or area")


def test_a_histogram_leaves_a_dashboard_chart_s_resample_out_and_refuses_its_date_bound_saying_how_to_undo_it(client):
    response = client.get("/d/weather/recent-rain.json?kind=hist")
    assert response.status_code == 400
    assert response.json["error"] == ("xmin must be a number on a histogram, whose x axis holds the values it counts; "
                                      "xmin=2024-01-01T00:00:00 comes from the dashboard's chart: xmin=auto removes it")
    assert client.get("/d/weather/recent-rain.svg?kind=hist&xmin=auto").status_code == 200


def test_a_box_plot_leaves_a_dashboard_chart_s_resample_and_bound_out(client):
    response = client.get("/d/weather/recent-rain.json?kind=box")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert not {"resample", "xmin"} & set(response.json["spec"])
    assert client.get("/d/weather/recent-rain.svg?kind=box").status_code == 200


@pytest.mark.parametrize("query", ["kind=hist&resample=none", "kind=scatter&x=temperature_c&resample=none"])
def test_a_dashboards_date_bound_over_an_axis_of_numbers_is_a_400_saying_how_to_undo_it(client, query):
    # recent-rain starts at xmin = 2024-01-01: as a histogram, or over an x of numbers, that date
    # was compared with numbers, a 500.
    response = client.get(f"/d/weather/recent-rain.json?{query}")
    assert response.status_code == 400
    assert response.json["error"].endswith("xmin=2024-01-01T00:00:00 comes from the dashboard's chart: "
                                           "xmin=auto removes it")
    assert client.get(f"/d/weather/recent-rain.json?{query}&xmin=auto").status_code == 200


def test_a_dashboards_agg_stays_when_a_url_switches_to_a_chart_it_does_nothing_for(client):
    # windiest-years is a barh of the yearly max: as a histogram its agg combines nothing, and is no
    # reason to refuse the URL, which did not ask for it.
    assert client.get("/d/weather/windiest-years.json?kind=hist&resample=none").status_code == 200
    assert client.get("/d/weather/windiest-years.json?kind=line").json["spec"]["agg"] == "max"
    response = client.get("/d/weather/windiest-years.json?kind=hist&resample=none&agg=sum")
    assert response.status_code == 400 and response.json["error"].startswith("agg does not apply to kind=hist")


def test_a_dashboard_chart_with_an_agg_that_combines_nothing_stops_start_up(tmp_path):
    with pytest.raises(DashboardError, match="chart 'c': agg does not apply to kind=line without resample"):
        start(tmp_path, GOOD_CHART + 'agg = "sum"\n')
    (tmp_path / "bars").mkdir()
    assert start(tmp_path / "bars", GOOD_CHART + 'kind = "bar"\nagg = "sum"\n').test_client().get("/d/board/c.svg").status_code == 200


def test_a_chart_page_s_table_shows_numbers_without_their_arithmetic_s_last_digits(client):
    page = client.get("/d/stations/temperature").get_data(as_text=True)
    shown = re.findall(r"<td>(-?[0-9][0-9.e+-]*)</td>", page)
    assert shown and all(len(number.lstrip("-").replace(".", "")) <= 15 for number in shown), shown
    assert "<td>1.46</td>" in page  # a mean of the sample's stations, 1.4600000000000002 as a double sums it
    rows = client.get("/d/stations/temperature.json").json["rows"]
    assert 1.46 in [value for row in rows for value in row]  # the data's combined values, as a spreadsheet shows them
