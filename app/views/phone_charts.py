"""The smaller image a phone asks for of a page's chart: drawn at the width a phone shows it, so that
its words are as big as on a desktop and its ticks, fewer, stand apart.

A chart drawn 640 pixels wide and shown 324 wide, on a phone held upright, drew its words at half
their size (tick labels of 6 pixels). The page names a second image, 360 pixels wide in the chart's ratio, for
the screens that show a chart about that wide (`<picture>`'s `<source media>`); any other screen,
a desktop's among them, asks for the chart as before. A dashboard's page, a dataset's page and a chart's
page name one, each the same way (`phone_image`); a refreshing dashboard's script moves it on with its
chart's image (static/refresh-sources.js).

A chart's page names more (`fitted_images`): its chart, one to a row, is shown as wide as the screen less the
page's margins, however wide its form asks it to be, so that a chart 1200 pixels wide on a screen of 600 was
shown 534 wide, its words at less than half their size. It asks, on each screen narrower than the chart shows
whole, for the chart drawn at the next width up of a few fixed ones (640, 800, 960 … pixels: a handful of
images in the cache per chart, not one per screen), never more than 160 pixels wider than it is shown.
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
ONE_TO_A_ROW_END = 540
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


# A chart one to a row is shown this much narrower than the screen: the page's margins, 24px each side, and its
# box's padding and border, 9px each side (static/site.css); at most as wide as the page's 1400px less its box's.
PAGE_MARGINS = 66
WIDEST_SHOWN = 1400 - 18
# The widths a chart's page asks its chart drawn at on a screen that shows it narrower than its own width: from
# 640, where the phone's image ends (540px screens show it 474 wide), every 160 pixels.
FITTED_STEP = 160
FITTED_FROM = 640


def fitted_images(spec: ChartSpec, src: Callable[[dict[str, str]], str]) -> list[dict[str, str]]:
    """The images a chart page's chart drawn as `spec` is asked for at on the screens from 540 pixels wide that
    show it narrower than it is drawn: each `media`, the image URL (`srcset`, from `src` as `phone_image`'s)
    and its `width` and `height`, drawn at the step of `FITTED_STEP` pixels at or next above the width the
    screen shows it; none for a chart of 640 pixels or narrower. site/templates/_phone.html writes each as a
    `<source>` after the phone's."""
    images, low = [], ONE_TO_A_ROW_END
    for width in range(FITTED_FROM, spec.width, FITTED_STEP):
        last = width >= WIDEST_SHOWN  # a screen wider than the page shows the chart this wide at most
        media = f"(min-width: {low}px)" + ("" if last else f" and (max-width: {width + PAGE_MARGINS - 0.02:.2f}px)")
        size = {"width": str(width), "height": str(max(100, round(spec.height * width / spec.width)))}
        images.append({"media": media, "srcset": src(size), **size})
        if last:
            break
        low = width + PAGE_MARGINS
    return images
