"""Browser tests: one headless Chromium and one live server for the whole session.

Starting Chromium costs ~1.5 s and a cold chart ~50 ms, so both are shared by every test; each
test writes its screenshots and reports into its own temporary directory. There is no skip: when
Chromium is missing, every test here errors with BrowserMissing saying what to install.

The server answers `/` with the site as `python run.py shots` starts it (the sample data only),
so that its pages can be compared with the committed baselines, and mounts the cases that must
fail beside it: `/extra` (the site with a broken and a live dashboard), `/mislabelled` and
`/unlabelled`, `/slow`, images that take as long as a test asks, `/images`, a page of a chart
and a logo, and `/moving`, pages that send the browser on to another (those four in `side_pages.py`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app
from app.config import DEFAULT_DASHBOARD_DIR
from shots import Browser, CheckResult, LiveServer, Settings, check_site
from tests.browser.page_clock import FAKE_CLOCK_JS
from tests.browser.side_pages import (IMAGES_PREFIX, MISLABELLED_PREFIX, MOVING_PREFIX, SLOW_PREFIX, UNLABELLED_PREFIX,
                                     images_app, mislabelled_app, moving_app, slow_app, unlabelled_app)
from tests.conftest import writable_app
from tests.source_data import sources_toml, write_sqlite

BASELINE_DIR = Path(__file__).resolve().parents[1] / "baselines"

EXTRA_PREFIX = "/extra"

# A dataset whose `Gone` column disappears after start-up: the dashboard file is valid when the
# site loads it (dashboards are checked at start-up), and its chart fails at request time.
ZOO_BEFORE = "year,Bear,Gone\n2019,3,1\n2020,5,2\n2021,4,3\n"
ZOO_AFTER = "year,Bear\n2019,3\n2020,5\n2021,4\n"
# `bad` comes first: the index shows each dashboard's first chart as its thumbnail.
BROKEN_DASHBOARD = """\
title = "Broken"
description = "One chart of this dashboard names a column its dataset no longer has."
columns = 2

[[charts]]
id = "bad"
dataset = "zoo"
kind = "line"
y = ["Gone"]

[[charts]]
id = "ok"
dataset = "zoo"
kind = "line"
y = ["Bear"]
"""

# A dashboard that polls for new data every second; `pond` changes while a test watches it.
POND = "day,frogs\n1,3\n2,5\n"
LIVE_DASHBOARD = """\
title = "Live"
refresh = 1

[[charts]]
id = "frogs"
dataset = "pond"
kind = "line"
y = ["frogs"]

[[charts]]
id = "bears"
dataset = "animals"
kind = "bar"
y = ["Bear"]
"""

# The live dashboard as a wall screen would poll it, every minute.
WALL_DASHBOARD = LIVE_DASHBOARD.replace("refresh = 1\n", "refresh = 60\n")

# A dashboard that polls every second a chart of an SQLite source, whose file a test takes away (its
# charts then answer 503) and puts back; the source is tried again a second after it was found down.
# Versioned by its rows, not by the clock's period, which may end while a test waits for its chart.
MARSH = pd.DataFrame({"day": [1, 2, 3], "herons": [2.0, 4.0, 3.0]})
MARSH_DATASETS = {"herons": {"source": "marsh", "table": "herons", "version_sql": "SELECT count(*) FROM herons"}}
MARSH_DASHBOARD = """\
title = "Marsh"
refresh = 1

[[charts]]
id = "herons"
dataset = "herons"
kind = "line"
y = ["herons"]
"""

# A dashboard whose filter column holds more values than a select lists: the form offers a field.
CROWD = "day,who,visits\n" + "".join(f"2025-01-{n % 28 + 1:02d},name{n:03d},{n}\n" for n in range(250))
CROWD_DASHBOARD = """\
title = "Crowd"

[[charts]]
id = "visits"
dataset = "crowd"
kind = "bar"
x = "who"
y = ["visits"]

[[filters]]
column = "who"
label = "Who"
"""

# A dashboard that polls for new data every second, of dates and a filter: its form's line says the
# rows shown, which a poll writes anew.
CROWD_LIVE_DASHBOARD = """\
title = "Crowd, live"
refresh = 1

[[charts]]
id = "visits"
dataset = "crowd"
kind = "line"
x = "day"
y = ["visits"]

[[filters]]
column = "who"
label = "Who"
"""

# A dashboard that polls every second, with a filter whose values a select lists: a pond written to
# `ponds` while a test watches it joins the select's options.
PONDS = "day,pond,frogs\n1,North,3\n2,South,5\n"
PONDS_DASHBOARD = ('title = "Ponds"\nrefresh = 1\n[[charts]]\nid = "frogs"\ndataset = "ponds"\ny = ["frogs"]\n'
                   '[[filters]]\ncolumn = "pond"\nlabel = "Pond"\n')

# A dashboard that polls every second, of charts one to a row, more than a screen's height shows: the
# charts past its first rows are asked for as they come into view, a poll's new data or not.
TALL = "day,n\n1,3\n2,5\n"
TALL_CHARTS = 12
TALL_DASHBOARD = 'title = "Tall"\ncolumns = 1\nrefresh = 1\n' + "".join(
    f'[[charts]]\nid = "c{n}"\ndataset = "tall"\ny = ["n"]\n' for n in range(1, TALL_CHARTS + 1))

# A dashboard of six columns, and a dataset, whose words run long: one unbroken word of 200
# characters (the most a column name may hold) in the dashboard's title, its description, its first
# chart's caption and a column name. A narrow screen must wrap them, and fit the columns to its width.
LONG_WORD = "Sightings" * 22 + "xy"
TALLY = f"year,{LONG_WORD},Deer\n2019,3,10\n2020,5,12\n2021,4,9\n"
WIDE_CHART = """
[[charts]]
id = "{id}"
dataset = "animals"
kind = "line"
y = ["{animal}"]
caption = "{caption}"
"""
WIDE_DASHBOARD = f"""\
title = "{LONG_WORD}"
description = "Counted by {LONG_WORD}"
columns = 6
""" + "".join(WIDE_CHART.format(id=f"c{n}", animal=animal, caption=f"Seen by {LONG_WORD}" if n == 1 else animal)
              for n, animal in enumerate(("Bear", "Deer", "Wolf") * 2, start=1))

@dataclass(frozen=True)
class LiveSite:
    """The server under test: its base URL, the data folder of the site under /extra and the SQLite
    file of its source `marsh`."""

    url: str
    data_dir: Path
    marsh: Path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The one headless Chromium of the test session."""
    with Browser() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """On a free port: the sample site at /, the site with broken, live (and wall), crowd (and live), ponds,
    tall, wide and marsh dashboards (and the tally dataset, and the herons of the SQLite source marsh) under /extra, a
    mislabelled chart under /mislabelled and unlabelled fields under /unlabelled, slow images and a
    page of them under /slow, a chart and a logo under /images, pages that send the browser on to
    another under /moving."""
    root = tmp_path_factory.mktemp("site")
    sample_dir, data_dir, dashboard_dir = root / "sample", root / "data", root / "dashboards"
    for folder in (sample_dir, data_dir, dashboard_dir):
        folder.mkdir()
    # As `python run.py shots` starts the site: sample data only, in a fresh data folder.
    sample = create_app({"DATA_DIR": str(sample_dir)})
    (data_dir / "zoo.csv").write_text(ZOO_BEFORE)
    (dashboard_dir / "broken.toml").write_text(BROKEN_DASHBOARD)
    (data_dir / "pond.csv").write_text(POND)
    (dashboard_dir / "live.toml").write_text(LIVE_DASHBOARD)
    (dashboard_dir / "wall.toml").write_text(WALL_DASHBOARD)
    (data_dir / "crowd.csv").write_text(CROWD)
    (dashboard_dir / "crowd.toml").write_text(CROWD_DASHBOARD)
    (dashboard_dir / "crowd-live.toml").write_text(CROWD_LIVE_DASHBOARD)
    (data_dir / "ponds.csv").write_text(PONDS)
    (dashboard_dir / "ponds.toml").write_text(PONDS_DASHBOARD)
    (data_dir / "tall.csv").write_text(TALL)
    (dashboard_dir / "tall.toml").write_text(TALL_DASHBOARD)
    (data_dir / "tally.csv").write_text(TALLY)
    (dashboard_dir / "wide.toml").write_text(WIDE_DASHBOARD)
    marsh = root / "marsh.db"
    sources = {"marsh": {"url": write_sqlite(marsh, {"herons": MARSH}), "hold_seconds": 1}}
    (dashboard_dir / "marsh.toml").write_text(MARSH_DASHBOARD)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir),
                      "SOURCES": str(sources_toml(root / "sources.toml", sources, MARSH_DATASETS)),
                      "DASHBOARD_DIRS": [str(DEFAULT_DASHBOARD_DIR), str(dashboard_dir)]})
    # The store re-reads a CSV whose size changed: from now on the `bad` chart has no column.
    (data_dir / "zoo.csv").write_text(ZOO_AFTER)
    chart = app.test_client().get("/d/animals/bears.svg")
    assert chart.status_code == 200, chart.data[:200]
    site = DispatcherMiddleware(sample, {EXTRA_PREFIX: app, MISLABELLED_PREFIX: mislabelled_app(chart.data),
                                         UNLABELLED_PREFIX: unlabelled_app(), SLOW_PREFIX: slow_app(),
                                         IMAGES_PREFIX: images_app(), MOVING_PREFIX: moving_app()})
    with LiveServer(site) as server:
        yield LiveSite(server.url, data_dir, marsh)


@pytest.fixture(scope="session")
def writable_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a site that takes writes with WRITE_TOKEN, an empty data folder beside the sample data, for the
    pages a form sent is answered with: the upload and append forms' refusals, which the session's site, taking
    no writes, refuses whole. Tests send it only forms it refuses, so that it holds what it started with."""
    data_dir = tmp_path_factory.mktemp("writable") / "data"
    data_dir.mkdir()
    with LiveServer(writable_app(data_dir)) as server:
        yield server.url


@pytest.fixture(scope="session")
def committed_baselines() -> Path:
    """tests/baselines/: the approved screenshots, made with `run.py shots --update-baselines`."""
    return BASELINE_DIR


@pytest.fixture
def check(browser: Browser, live_site: LiveSite, tmp_path: Path) -> Callable[..., CheckResult]:
    """Run the screenshot check on the live site with the session's browser.

    Baselines go to a temporary directory unless a test passes `baseline_dir` (it replaces the
    one of `settings`), so that only the baseline tests read the committed ones and no test
    writes into tests/baselines. Pages are audited with axe-core only when a test passes
    settings that ask for it (`accessibility` below).
    """
    def run(*pages: str, baseline_dir: Path | None = None, settings: Settings = Settings(axe_script=None),
            **options) -> CheckResult:
        options.setdefault("out_dir", tmp_path / "chrome-debug")
        settings = replace(settings, baseline_dir=baseline_dir or tmp_path / "baselines")
        return check_site(live_site.url, list(pages) or None, browser=browser, settings=settings, **options)

    return run


@pytest.fixture(scope="session")
def accessibility() -> Settings:
    """Settings that audit every page with the installed axe-core, and fail when it is missing."""
    settings = Settings(require_axe=True)
    assert settings.axe_script is not None and settings.axe_script.is_file(), (
        f"axe-core is not installed at {settings.axe_script}: run `npm ci` (tests/run.sh does)")
    return settings


@pytest.fixture
def clocked(browser: Browser) -> Iterator[object]:
    """The session's browser, its pages' timers on the test's clock (`page_clock.py`) until the test ends."""
    driver = browser.driver
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_CLOCK_JS})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.get("about:blank")
