"""A refreshing dashboard's page names each chart for what a screen reader is told of it (`data-name`): its
title, or what it draws, or, where the page could not draw it, what its file says it draws (its id only where the
file names no column it draws); versions.json names each as the page would then, for a chart drawn again."""
from __future__ import annotations

import re
from html import unescape

from tests.conftest import dashboard_site

BOARD = """\
title = "Pond"
refresh = 60

[[charts]]
id = "frogs"
dataset = "pond"
y = ["frogs"]

[[charts]]
id = "toads"
dataset = "pond"
y = ["toads"]
title = "Toads & newts"

[[charts]]
id = "herons"
dataset = "marsh"
y = ["herons"]

[[charts]]
id = "egrets"
dataset = "marsh"
kind = "bar"
x = "day"
y = ["egrets", "herons"]

[[charts]]
id = "marsh"
dataset = "marsh"
title = "The marsh"

[[charts]]
id = "all"
dataset = "marsh"
"""


def names(client) -> dict[str, str]:
    page = client.get("/d/m").get_data(as_text=True)
    return {chart: unescape(name) for chart, name in re.findall(r'data-chart="([^"]+)" data-name="([^"]*)"', page)}


MARSH = "day,herons,egrets\n1,2,5\n"


def test_a_refreshing_dashboards_charts_are_named_by_title_or_by_what_they_draw(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": MARSH}, BOARD)
    assert names(app.test_client()) == {"frogs": "Line chart of frogs by day", "toads": "Toads & newts",
                                        "herons": "Line chart of herons by day",
                                        "egrets": "Bar chart of egrets, herons by day", "marsh": "The marsh",
                                        "all": "Line chart of herons, egrets by day"}


def test_charts_the_page_cannot_draw_are_named_by_title_or_by_what_their_file_says_they_draw(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": MARSH}, BOARD)
    (tmp_path / "data" / "marsh.csv").unlink()  # removed since the site started: the page cannot draw them
    assert names(app.test_client()) == {"frogs": "Line chart of frogs by day", "toads": "Toads & newts",
                                        "herons": "Line chart of herons", "egrets": "Bar chart of egrets, herons by day",
                                        "marsh": "The marsh", "all": "The chart 'all'"}


def test_versions_json_names_each_chart_as_the_page_would_then(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": MARSH}, BOARD)
    client = app.test_client()
    (tmp_path / "data" / "marsh.csv").unlink()
    opened = names(client)
    charts = client.get("/d/m/versions.json").get_json()["charts"]
    assert {chart: charts[chart]["name"] for chart in charts} == opened
    (tmp_path / "data" / "marsh.csv").write_text(MARSH)  # drawn again: named as its spec names it
    charts = client.get("/d/m/versions.json").get_json()["charts"]
    assert charts["herons"]["name"] == "Line chart of herons by day" and charts["all"]["name"] == (
        "Line chart of herons, egrets by day")


def test_a_dashboard_that_does_not_refresh_names_no_chart(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": MARSH},
                         BOARD.replace("refresh = 60\n", ""))
    assert "data-name" not in app.test_client().get("/d/m").get_data(as_text=True)


WRITTEN_OTHERWISE = """\
title = "Marsh"
refresh = 60

[[charts]]
id = "birds"
dataset = "marsh"
kind = " Bar"
x = "day"
y = "egrets,herons"
"""


def test_a_chart_the_page_cannot_draw_is_named_as_its_spec_would_name_it_however_its_file_writes_kind_and_y(
        tmp_path):
    # The file's kind read as the spec reads it (" Bar" is bar) and its y split at commas, as the
    # spec splits it: "The chart 'birds'" and "Line chart of egrets,herons" named what it never drew.
    app = dashboard_site(tmp_path, {"marsh.csv": MARSH}, WRITTEN_OTHERWISE)
    client = app.test_client()
    drawn = names(client)
    assert drawn == {"birds": "Bar chart of egrets, herons by day"}
    (tmp_path / "data" / "marsh.csv").unlink()
    assert names(client) == {"birds": "Bar chart of egrets, herons by day"}
