"""A dataset's page (/datasets/<name>): its columns, first rows and charts, and links to its rows and
to the form to append rows to it."""
from __future__ import annotations

import functools

import pandas as pd
from flask import Blueprint, current_app, make_response, render_template, request, url_for
from werkzeug.http import dump_cookie

from plots import ChartSpec
from plots.spec import refuse_repeated
from plots.kind import kind_of
from plots.text import cut, shown_value
from plots.unit_ticks import named_unit
from plots.value_text import date_precision

from ..column_warnings import page_warnings
from ..context import current_site
from ..report_dates import data_moments, moment_words
from ..export import frame_json_rows
from ..query_parameters import refuse_unknown_parameters
from ..store import DatasetInfo, Snapshot
from ..store.text_places import DATA_ROWS, sheet_place
from ..store.types import ANY_ORDER
from ..tracking_tags import ignores_tracking_tags
from .chart_alt import CHART_ERRORS_HEADER, chart_words
from .dataset_charts import page_chart_request, page_chart_src, page_charts
from .dataset_rows import parameters_elsewhere, rows_url
from .link_previews import dataset_preview
from .phone_charts import phone_image, phone_media
from .table_cells import money_decimals

bp = Blueprint("datasets", __name__)
# The "Added N rows." notice of a dataset's page goes from the append form to the page in a cookie,
# not in the URL, where anyone could link to the page with a notice of any number. It lives for a
# minute, on the dataset's page only, and is shown once.
ADDED_COOKIE = "svgplots_added"
ADDED_COOKIE_SECONDS = 60
# An upload's or an append's warning of its rows of no value (`column_warnings.empty_rows_warning`),
# which the stored rows do not tell from others, goes from the form to the page so too, beside the
# create's warnings: shown once.
EMPTY_ROWS_COOKIE = "svgplots_empty_rows"
# The sheet of a workbook the upload form just created the dataset from, for the page shown next to tell of
# its header row again among its rows in the sheet's words (its row there, the sheet's name): a dataset keeps
# no note of the file it came from, so later views say it in words true of a CSV's rows too. Shown once.
SHEET_COOKIE = "svgplots_sheet"
# The most a cookie's name and value take, its attributes aside, as a browser keeps it.
COOKIE_BYTES = 3800
# A column's type as the page names it to a reader, where the JSON keeps the exact type (`integer`, `float`, ...).
TYPE_WORDS = {"integer": "whole number", "float": "number", "datetime": "date and time", "text": "text"}
# What a dataset's page takes: `added`, which the append form's redirect carried before the notice
# came in a cookie. Links with it are still around; it shows no notice, and any other is refused.
PAGE_PARAMETERS = ("added",)
# What `added` is, in the words its refusal given twice ends with.
ADDED_TAKES = ("the number of rows an append added, which links made before the append form's notice came in a "
               "cookie carry (the page shows no notice for it)")


@bp.get("/datasets/<slug:name>")
@ignores_tracking_tags
def dataset(name: str):
    """A dataset: its columns (and what its create warned of: those of numbers or dates written another
    way, say, and the rows of no value the form's upload or append just stored), the first rows, a chart
    of each numeric column, a form to append rows; `X-Chart-Errors` the number of those charts it knows
    cannot be drawn, each marked `data-error`."""
    refuse_unknown_parameters(request.args.keys(), PAGE_PARAMETERS, f"a dataset's page (/datasets/{name})",
                              parameters_elsewhere(name))
    refuse_repeated("added", request.args.getlist("added"), ADDED_TAKES)
    added = request.cookies.get(ADDED_COOKIE)
    empty_rows = request.cookies.get(EMPTY_ROWS_COOKIE)
    sheet = request.cookies.get(SHEET_COOKIE)
    place = DATA_ROWS if sheet is None else sheet_place(sheet, ())
    notice = f"Added {added} row{'' if added == '1' else 's'}." if added and added.isdigit() else None
    # The first rows, and those that show each date column's format (frame_json_rows writes them so).
    snapshot = current_site().store.head(name, current_app.config["TABLE_ROWS"])
    info = snapshot.info
    planned = page_charts(info, snapshot)
    requests = [page_chart_request(info, chart) for chart in planned]
    charts = [{
        "chart": chart,
        "column": chart.column,
        # What it draws, which tells the charts of one column apart (a line per value of a text column).
        "kind": kind_of(chart_request.spec).label,
        "x": chart_request.spec.x if kind_of(chart_request.spec).uses_x else None,
        "filters": [(column, shown_value(value)) for column, value in chart.filters],
        "src": page_chart_src(info, chart),
        **phone_image(chart_request.spec, functools.partial(page_chart_src, info, chart)),
        "alt": words.alt,
        "error": words.error,
        # Why its rows cannot be drawn, where its image answers a 422 for them: marked on its image.
        "cannot_draw": words.error if words.status is not None else None,
        "draws": words.draws,
        "spec": chart_request.spec,
    } for chart, chart_request, words in zip(planned, requests, chart_words(requests))]
    units = [named_unit(c.name) for c in info.columns]
    table_rows = frame_json_rows(snapshot.frame, current_app.config["TABLE_ROWS"])
    response = make_response(render_template(
        "dataset.html",
        info=info,
        type_words=type_words(info, snapshot.frame),
        rows_urls={fmt: rows_url(info, fmt) for fmt in ("csv", "json")},
        charts=charts,
        phone_media=phone_media(2),
        preview=dataset_preview(info, charts),
        table_columns=[c.name for c in info.columns],
        table_units=units,
        table_decimals=money_decimals(table_rows, units),  # amounts to the cent, or whole where all are
        table_rows=table_rows,
        rows_heading=rows_heading(snapshot, current_app.config["TABLE_ROWS"]),
        default_spec=ChartSpec(),
        notice=notice,
        updated=updated_words(info),
        warnings=page_warnings(current_site().store, info, place) + ([empty_rows] if empty_rows else []),
    ))
    response.headers[CHART_ERRORS_HEADER] = str(sum(1 for chart in charts if chart["cannot_draw"]))
    for cookie in (ADDED_COOKIE, EMPTY_ROWS_COOKIE, SHEET_COOKIE):
        if request.cookies.get(cookie) is not None:  # shown once, to this browser only
            response.delete_cookie(cookie, path=url_for("datasets.dataset", name=name), secure=request.is_secure,
                                   httponly=True, samesite="Strict")
            response.headers["Cache-Control"] = "no-store"
    return response


def type_words(info: DatasetInfo, frame: pd.DataFrame) -> list[str]:
    """Each column's type in a reader's words (`TYPE_WORDS`), its exact name kept in the JSON: a column of dates and
    times whose rows shown (`frame`) are all midnights, written as dates alone, a `date`."""
    words = []
    for column in info.columns:
        if (column.type == "datetime" and column.name in frame.columns and frame[column.name].notna().any()
                and pd.api.types.is_datetime64_any_dtype(frame[column.name])
                and date_precision(frame[column.name].dropna()) == "D"):
            words.append("date")
        else:
            words.append(TYPE_WORDS.get(column.type, column.type))
    return words


def updated_words(info: DatasetInfo) -> str | None:
    """When a dataset's rows last changed, as a report's "Data as of" says it (`7 December 2026, 20:10 UTC`): a
    stored dataset's last write, a data-folder file's modification time; None for a source dataset, whose
    database tells no such time, and where it is not known."""
    if info.source is not None:
        return None
    moment = data_moments({info.name: info}, current_site().store.file_path, 0)[info.name]
    return None if moment.at is None else moment_words(moment.at)


def with_sheet_named(response, name: str, sheet: str | None):
    """`response`, the redirect of the form's upload to the dataset `name`'s page, naming the workbook's `sheet`
    it was created from (None: it was a CSV) for the page to tell of its rows in that sheet's words, once."""
    if sheet is None:
        return response
    response.set_cookie(SHEET_COOKIE, sheet, max_age=ADDED_COOKIE_SECONDS, path=url_for("datasets.dataset", name=name),
                        secure=request.is_secure, httponly=True, samesite="Strict")
    return response


def with_empty_rows_warning(response, name: str, warnings: list[dict]):
    """`response`, the redirect of a form's upload or append to the dataset `name`'s page, carrying the
    messages of its warnings of its rows of no value and of a workbook's error values (`warnings`:
    `Created.empty_rows_warnings`, `appended_empty_rows_warnings`; [] for none) for the page to show once."""
    if not warnings:
        return response
    # A workbook's error values read as missing values are warned of before them, one warning a column.
    words = " ".join(warning["message"] for warning in warnings)
    # A browser keeps no cookie past 4096 bytes: words of long column names are cut to fit.
    limit = len(words)
    while len(dump_cookie(EMPTY_ROWS_COOKIE, cut(words, limit))) > COOKIE_BYTES:
        limit = limit * 3 // 4
    response.set_cookie(EMPTY_ROWS_COOKIE, cut(words, limit), max_age=ADDED_COOKIE_SECONDS,
                        path=url_for("datasets.dataset", name=name), secure=request.is_secure, httponly=True,
                        samesite="Strict")
    return response


def rows_heading(snapshot: Snapshot, most: int) -> str:
    """The heading of a dataset page's rows: which rows they are, where a source's database chose them
    (the first by a column, oldest first, or any it returned, another on each view maybe)."""
    if snapshot.order is None:
        return "First rows"
    shown = min(len(snapshot.frame), most)
    if snapshot.order == ANY_ORDER:
        return f"{shown:,} rows, in the order the database returns them"
    return f"First {shown:,} rows by {snapshot.order}, oldest first"
