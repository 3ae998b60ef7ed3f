"""Link previews: what a chat, a social site or an issue tracker shows of a page's URL pasted into it,
read from the page's Open Graph and Twitter card tags (`_preview.html`).

A previewer shows no SVG, so a preview's image is the chart as a PNG of PREVIEW_WIDTH by
PREVIEW_HEIGHT pixels, the size most of them show whole (1.91 to 1): the chart drawn PREVIEW_FIELDS
big at PREVIEW_SCALE, as a page's chart is, its words readable at a thumbnail's size. Its URL
carries the `v` of the page's own images: a previewer keeps an image by its URL, often for days,
and a `v` makes changed data a new URL that it fetches anew, where one without would keep showing
the chart as it was first fetched. Every URL is absolute, on the request's host as the site works it
out (behind PROXIES, the X-Forwarded-Host that TRUSTED_HOSTS allows), as the embed snippets are.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from flask import request, url_for

from plots.graphemes import cluster_start
from plots.text import counted, one_line

from ..dashboards import Dashboard
from ..store import DatasetInfo
from .chart_versions import chart_url
from .dataset_charts import page_chart_src

T = TypeVar("T")

PREVIEW_SCALE = 2
PREVIEW_FIELDS = {"width": "600", "height": "315", "scale": str(PREVIEW_SCALE)}
PREVIEW_WIDTH = int(PREVIEW_FIELDS["width"]) * PREVIEW_SCALE
PREVIEW_HEIGHT = int(PREVIEW_FIELDS["height"]) * PREVIEW_SCALE
# The characters a previewer shows of a description (two or three lines of a card) and of an image's
# alt text (X takes 420 at most): longer ones are cut at a word, as "…" says.
DESCRIPTION_CHARACTERS = 200
IMAGE_ALT_CHARACTERS = 420


@dataclass(frozen=True)
class PreviewImage:
    """A preview's image: its absolute URL, a PNG of PREVIEW_WIDTH by PREVIEW_HEIGHT, and its alt text."""

    url: str
    alt: str
    width: int = PREVIEW_WIDTH
    height: int = PREVIEW_HEIGHT
    type: str = "image/png"


@dataclass(frozen=True)
class LinkPreview:
    """What a page's preview tags say besides its title (the page's own): its description, its own
    absolute URL ("" for an error page's, which names none) and the image of its chart, None for a
    page without one."""

    description: str
    url: str
    image: PreviewImage | None = None


def shortened(text: str, limit: int) -> str:
    """`text` on one line, cut at the last word that fits `limit` characters with "…" after it."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = cluster_start(text, limit - 1)
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.·–-") + "…"


def absolute(path: str) -> str:
    """`path` (of the site, the path it is served under in it, as url_for writes one) as an absolute
    URL on the request's host and scheme, as the embed snippets are."""
    return request.host_url.rstrip("/") + path


def preview(description: str, page_path: str, image_path: str | None = None, alt: str = "") -> LinkPreview:
    """The preview of the page being answered: `description` shortened, the URL of the page as it
    shows (`page_path`: what it draws, never a parameter it refused or a tracking tag), and the chart
    `image_path` (an image URL of the site, a PNG as `preview_fields` sizes it) with its `alt` text,
    if any."""
    image = None if image_path is None else PreviewImage(absolute(image_path), shortened(alt, IMAGE_ALT_CHARACTERS))
    return LinkPreview(shortened(description, DESCRIPTION_CHARACTERS), absolute(page_path), image)


def preview_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """A chart URL's spec `fields` at the preview's size, with the PNG's scale."""
    return {**fields, **PREVIEW_FIELDS}


def dashboard_chart_image(board: Dashboard, chart: str, fields: Mapping[str, str], version: str,
                          selection: Sequence[tuple[str, str]]) -> str:
    """The preview image URL of the dashboard's chart `chart` with its `fields` laid over it, of the
    rows `selection` chooses, at data `version`."""
    return chart_url("charts.chart_file", preview_fields(fields), version, selection, dashboard=board.name,
                     chart=chart, fmt="png")


def dashboard_preview(board: Dashboard, cells: Sequence[Mapping], page_path: str) -> LinkPreview:
    """A dashboard's preview: its description, or else the charts it shows, the page's URL as it
    shows (`page_path`) and the one of its `cells` (the page's charts) whose cell names the PNG for it
    (`preview_src`, made by `dashboard_chart_image`: the first that draws rows, else the first that
    can be drawn), if any."""
    titles = [one_line(cell["spec"].title) or cell["chart"].id for cell in cells]
    shows = f"{counted(len(cells), 'chart')}: {', '.join(titles)}" if cells else "No charts"
    description = board.description or shows
    drawn = next((cell for cell in cells if "preview_src" in cell), None)
    if drawn is None:
        return preview(description, page_path)
    return preview(description, page_path, drawn["preview_src"], drawn["alt"])


def dataset_preview(info: DatasetInfo, charts: Sequence[Mapping]) -> LinkPreview:
    """A dataset's preview: its rows and columns, and the first of its page's `charts` (each its
    PageChart, `chart`, with its alt text, `error` and whether it `draws` anything) that draws values,
    else the first that can be drawn."""
    description = f"Dataset {info.name}: {_rows_and_columns(info)}"
    page_path = url_for("datasets.dataset", name=info.name)
    drawn = _first_drawn(charts)
    if drawn is None:
        return preview(description, page_path)
    image = page_chart_src(info, drawn["chart"], PREVIEW_FIELDS, "png")
    return preview(description, page_path, image, drawn["alt"])


def upload_form_preview() -> LinkPreview:
    """The upload form's preview: what it does, and no image (it shows no chart)."""
    return preview("Create a dataset from a CSV file: its first line names the columns, each line after it is a "
                   "row.", url_for("uploads.upload_form"))


def append_form_preview(info: DatasetInfo) -> LinkPreview:
    """The append form's preview: the dataset it adds rows to, its rows and columns, and no image."""
    return preview(f"Append rows to the dataset {info.name} ({_rows_and_columns(info)}) from a CSV file or pasted "
                   "rows.", url_for("appends.append_form", name=info.name))


def error_preview(message: str) -> LinkPreview:
    """An error page's preview: the error's `message`, so that a pasted broken link shows why it is
    broken; no URL, as the page names none of its own (it is not indexed, and its message shows a long
    one's first characters alone), and no image (it shows no chart)."""
    return LinkPreview(shortened(message, DESCRIPTION_CHARACTERS), "")


def _rows_and_columns(info: DatasetInfo) -> str:
    """A dataset's rows and columns as its previews name them: `12 rows; columns year, Bear`."""
    return f"{counted(info.rows, 'row')}; columns {', '.join(c.name for c in info.columns)}"


def _first_drawn(charts: Sequence[Mapping]) -> Mapping | None:
    """The chart a page's preview shows of its `charts` that can be drawn, as far as their words know
    (each one's `error`, why not, is None): `previewed`'s."""
    return previewed([chart for chart in charts if chart["error"] is None], lambda chart: chart["draws"])


def previewed(drawable: Sequence[T], draws: Callable[[T], bool]) -> T | None:
    """The one of a page's charts that can be drawn (`drawable`, in the page's order) its link preview
    shows: the first that `draws` rows, else the first: a card shows a chart, not an empty plot's note
    ("No rows in this range", "No values to draw"), where any has some. None where none can be drawn."""
    return next((chart for chart in drawable if draws(chart)), drawable[0] if drawable else None)
