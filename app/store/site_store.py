"""The site's datasets: those kept in the database, the CSV files of the data folder, and source datasets.

A CSV file in the data folder is a dataset the site only reads (a changed file is a new version
on the next request) and it hides a stored dataset of the same name. A source dataset (named in
the sources file, read from the user's own database) is read only too, and hides both. Everything
else lives in the database, where it can be created, appended to and deleted.

`chart_rows` is the one way the app reads what a chart draws: the dataset's columns, which
`plots.chart_frame` then shapes, or for a source dataset rows its database computed.
"""
from __future__ import annotations

from .chart_reads import ChartReads
from .site_writes import SiteWrites


class SiteStore(ChartReads, SiteWrites):
    """Stored datasets, data-folder CSV files and source datasets behind one `Store`.

    A source dataset wins over a file of the same name, and a file over a stored dataset.

    Its parts by job: which part holds a dataset (`site_parts`), reads (`site_reads`; what charts
    and their forms read in `chart_reads`) and writes (`site_writes`).
    """
