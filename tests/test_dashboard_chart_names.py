"""A refreshing dashboard's page names each chart for what a screen reader is told of it (`data-name`): its
title, or what it draws, or, where the page could not draw it, its id in the dashboard's file."""
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
"""


def names(client) -> dict[str, str]:
    page = client.get("/d/m").get_data(as_text=True)
    return {chart: unescape(name) for chart, name in re.findall(r'data-chart="([^"]+)" data-name="([^"]*)"', page)}


def test_a_refreshing_dashboards_charts_are_named_by_title_by_what_they_draw_or_by_id(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": "day,herons\n1,2\n"}, BOARD)
    (tmp_path / "data" / "marsh.csv").unlink()  # removed since the site started: the page cannot draw it
    assert names(app.test_client()) == {"frogs": "Line chart of frogs by day", "toads": "Toads & newts",
                                        "herons": "The chart 'herons'"}


def test_a_dashboard_that_does_not_refresh_names_no_chart(tmp_path):
    app = dashboard_site(tmp_path, {"pond.csv": "day,frogs,toads\n1,3,4\n", "marsh.csv": "day,herons\n1,2\n"},
                         BOARD.replace("refresh = 60\n", ""))
    assert "data-name" not in app.test_client().get("/d/m").get_data(as_text=True)
