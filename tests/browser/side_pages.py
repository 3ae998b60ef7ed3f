"""Pages mounted beside the site under test (tests/browser/conftest.py's `live_site`), each the case a
screenshot check must find: a chart mislabelled and fields unlabelled, images that take as long as a
test asks and a page of them, a page of a chart and a logo, and pages that send the browser on to another.
"""
from __future__ import annotations

import time
from typing import Iterator

from flask import Flask, Response, redirect, request


MISLABELLED_PREFIX = "/mislabelled"
MISLABELLED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mislabelled chart</title>
<link rel="icon" href="data:,"></head>
<body><h1>A real chart served as text/plain</h1>
<img id="mislabelled" src="{prefix}/chart.svg" width="640" height="360" alt="Bears as text">
</body></html>"""


UNLABELLED_PREFIX = "/unlabelled"
UNLABELLED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unlabelled fields</title>
<link rel="icon" href="data:,"></head>
<body><main><h1>A field without a label and a table the keyboard cannot scroll</h1>
<textarea id="snippet" readonly rows="2">&lt;img src="/d/animals/bears.svg"&gt;</textarea>
<div id="rows" style="overflow: auto; height: 60px; width: 200px">
<table><tbody>{rows}</tbody></table></div>
</main></body></html>"""


def unlabelled_app() -> Flask:
    """A page that breaks two WCAG rules, as the chart pages did before they were fixed."""
    app = Flask("unlabelled")

    @app.get("/")
    def page() -> str:
        return UNLABELLED_PAGE.format(rows="".join(f"<tr><td>row {n}</td></tr>" for n in range(20)))

    return app


def mislabelled_app(svg: bytes) -> Flask:
    """A page whose chart is a real SVG sent as text/plain (Chromium then draws nothing)."""
    app = Flask("mislabelled")

    @app.get("/")
    def page() -> str:
        return MISLABELLED_PAGE.format(prefix=MISLABELLED_PREFIX)

    @app.get("/chart.svg")
    def chart() -> Response:
        return Response(svg, mimetype="text/plain")

    return app


SLOW_PREFIX = "/slow"
# It draws a bar, as a chart does: a chart of one colour fails the check, however fast.
SLOW_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">'
            '<rect width="640" height="360" fill="#ddd"/><rect x="40" y="60" width="80" height="260" fill="#1f77b4"/></svg>')


SLOW_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A late chart</title>
<link rel="icon" href="data:,"></head>
<body><h1>One chart answers quickly, one late</h1>
<img src="{prefix}/plot/quick.svg" width="640" height="360" alt="Quick">
<img src="{prefix}/plot/late.svg?ms={ms}" width="640" height="360" alt="Late">
</body></html>"""


def slow_app() -> Flask:
    """Charts answered `ms` milliseconds late (`/plot/<name>.svg?ms=2000`): a chart that loads slowly;
    `/page?ms=2000` shows a quick chart and one that late; `/late?ms=2000` is a page itself answered that late,
    and `/to-late?ms=2000` redirects to it; `/cut?ms=2000` sends its <head> at once and the rest that late."""
    app = Flask("slow")

    @app.get("/cut")
    def cut() -> Response:
        late = int(request.args.get("ms", "0")) / 1000

        def halves() -> Iterator[str]:
            # Enough bytes for Chromium to parse the <head> before the timeout: a short one alone waited for more.
            yield SLOW_PAGE.partition("</head>")[0] + " " * 2048
            time.sleep(late)
            yield "</head>" + SLOW_PAGE.format(prefix=SLOW_PREFIX, ms=0).partition("</head>")[2]
        return Response(halves(), mimetype="text/html")

    @app.get("/to-late")
    def to_late() -> Response:
        return redirect(f"late?ms={int(request.args.get('ms', '0'))}", 302)

    @app.get("/late")
    def late() -> str:
        time.sleep(int(request.args.get("ms", "0")) / 1000)
        return SLOW_PAGE.format(prefix=SLOW_PREFIX, ms=0)

    @app.get("/page")
    def page() -> str:
        return SLOW_PAGE.format(prefix=SLOW_PREFIX, ms=int(request.args.get("ms", "0")))

    @app.get("/plot/<name>.svg")
    def image(name: str) -> Response:
        time.sleep(int(request.args.get("ms", "0")) / 1000)
        return Response(SLOW_SVG, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})

    return app


IMAGES_PREFIX = "/images"
# A logo of one colour and without alt text, as a decorative image may be: a chart may not.
LOGO_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32">'
            '<rect width="32" height="32" fill="#1f77b4"/></svg>')
IMAGES_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A chart and a logo</title>
<link rel="icon" href="data:,"></head>
<body><header><img src="{prefix}/{logo}.svg" width="32" height="32" alt=""></header>
<main><h1>Bears</h1><img src="/d/animals/bears.svg" width="640" height="360" alt="Bears by year"></main>
</body></html>"""


def images_app() -> Flask:
    """`/`: one of the site's charts and an .svg logo beside it; `/?logo=gone`: a logo that is not there."""
    app = Flask("images")

    @app.get("/")
    def page() -> str:
        return IMAGES_PAGE.format(prefix=IMAGES_PREFIX, logo=request.args.get("logo", "logo"))

    @app.get("/logo.svg")
    def logo() -> Response:
        return Response(LOGO_SVG, mimetype="image/svg+xml")

    return app


MOVING_PREFIX = "/moving"
MOVING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,">{head}</head>
<body><main><h1>{title}</h1></main></body></html>"""


def moving_app() -> Flask:
    """Pages that send the browser on to `there`: `script` by `location.replace` and `refresh` by a meta
    refresh once they have loaded, `old` by a 301; `path` writes `there` in the address bar by
    `history.replaceState`, and `query`, which stays, another query and fragment."""
    app = Flask("moving")
    heads = {"there": "", "script": "<script>location.replace('there')</script>",
             "refresh": '<meta http-equiv="refresh" content="0; url=there">',
             "path": "<script>history.replaceState(null, '', 'there')</script>",
             "query": "<script>history.replaceState(null, '', '?tab=2#top')</script>"}

    @app.get("/<any(there, script, refresh, path, query):name>")
    def page(name: str) -> str:
        return MOVING_PAGE.format(title=name.capitalize(), head=heads[name])

    @app.get("/old")
    def old() -> Response:
        return redirect("there", 301)

    return app
