"""The smaller image a phone asks for of a page's chart: drawn at the width a phone shows it, so that
its words are as big as on a desktop and its ticks, fewer, stand apart.

A chart drawn 640 pixels wide and shown 324 wide, on a phone held upright, drew its words at half
their size (tick labels of 6 pixels). The page names a second image, 360 pixels wide in the chart's ratio, for
the screens that show a chart about that wide (`<picture>`'s `<source media>`); any other screen,
a desktop's among them, asks for the chart as before. A dashboard's page, a dataset's page and a chart's
page name one, each the same way (`phone_image`); a refreshing dashboard's script moves it on with its
chart's image (static/refresh-sources.js).
"""
from __future__ import annotations

from collections.abc import Callable

from plots import ChartSpec

PHONE_WIDTH = 360
# A chart one to a row is shown 66px narrower than the screen (the page's and its box's margins): under
# 540px, nearer 360 than 640 as the eye reads a size (their geometric mean, 480). Two to a row, from 740
# to 1000px (a phone on its side, a tablet; static/site.css), show each 290 to 450px wide. The first
# starts at 100px: a page opened in an emulated screen (the screenshot check's, the browser tests') is
# laid out 0px wide for a moment, when Chromium's preload scanner read it as a phone's and asked for the
# small images, then dropped them as the page took the screen's width, requests failed in its log.
ONE_TO_A_ROW = "(min-width: 100px) and (max-width: 539.98px)"
TWO_TO_A_ROW = "(min-width: 740px) and (max-width: 999.98px)"


def phone_size(spec: ChartSpec) -> dict[str, str] | None:
    """The width and height a phone asks for `spec`'s chart at: 360 pixels wide, its height in the
    chart's ratio (100 at least, the least a chart takes); none for a chart that narrow already."""
    if spec.width <= PHONE_WIDTH:
        return None
    return {"width": str(PHONE_WIDTH), "height": str(max(100, round(spec.height * PHONE_WIDTH / spec.width)))}


def phone_media(columns: int) -> str:
    """The screens on which a page's grid of `columns` charts to a row shows each about 360 pixels wide."""
    return ONE_TO_A_ROW if columns == 1 else f"{ONE_TO_A_ROW}, {TWO_TO_A_ROW}"


def phone_image(spec: ChartSpec, src: Callable[[dict[str, str]], str]) -> dict:
    """The URL and size (`phone_src`, `phone_size`) of the smaller image a phone asks for of a page's chart
    drawn as `spec`, `src` giving the chart's image URL drawn at a width and height; none for a chart that
    narrow already. site/templates/_phone.html writes it as the `<source>` of the chart's `<picture>`."""
    size = phone_size(spec)
    return {"phone_size": size, "phone_src": src(size)} if size else {}
