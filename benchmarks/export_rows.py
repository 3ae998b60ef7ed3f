"""What writing a chart's or a dataset's rows as CSV and JSON costs: the site's way, a column at a
time (`app.export.frame_csv`, `frame_json_rows`), against the way before, a row at a time through
the CSV writer, each value made a cell on its own (`rows_one_by_one_csv`, `rows_one_by_one_json`).

    python benchmarks/export_rows.py [--rows 220000] [--rounds 3]

The rows are those of a big stored dataset: a time every hour and 1 minute, six numbers (five whole,
one with a fraction) and a text of two letters, which are 220,000 rows past the 200,000 a store
reads whole. Printed: median seconds of each way, rows a second, and the ratio new / old, for CSV and
for JSON; the two ways take turns in each round, and their bytes are checked equal each round.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from app import export  # noqa: E402


# The line ending the CSV writer is told rows end with: CRLF, then each other character the export
# quotes a text for holding as one a reader may end a line at (`export.LINE_BREAKS`), and the
# separators a spreadsheet may split a line at besides the comma (`export.SPLIT_AT`).
LINE_END = export.LINE_BREAKS + export.SPLIT_AT


class LineFeedRows:
    """Where the CSV writer of the way before wrote its rows, each ending with a line feed.

    The writer is told that rows end with CRLF and the other characters a reader may end a line at
    (LINE_END), since it quotes only a field holding a character of the line ending it writes: so a
    text holding a lone carriage return, U+2028, a semicolon or a tab is quoted, as one holding a line
    feed is. A row of
    one text of white space only is quoted too, which the writer does not do.
    """

    def __init__(self) -> None:
        self.out = io.StringIO()

    def write(self, row: str) -> None:
        line = row.removesuffix(LINE_END)
        if line and line.isspace():
            line = f'"{line}"'
        self.out.write(line + "\n")


def rows_one_by_one_csv(frame: pd.DataFrame) -> str:
    """`export.frame_csv` as it was written before: a row at a time through Python's CSV writer."""
    rows = LineFeedRows()
    writer = csv.writer(rows, lineterminator=LINE_END)
    writer.writerow([export.cell_text(str(c)) for c in frame.columns])
    for row in export._dates_as_text(frame, export._date_precisions(frame)).itertuples(index=False, name=None):
        writer.writerow([export.cell_text(v) for v in row])
    return rows.out.getvalue()


def rows_one_by_one_json(frame: pd.DataFrame) -> list[list]:
    """`export.frame_json_rows` as it was made before: a row at a time, a value at a time."""
    texts = export._dates_as_text(frame, export._date_precisions(frame))
    return [[export._json_value(v) for v in row] for row in texts.itertuples(index=False, name=None)]


def dataset(rows: int) -> pd.DataFrame:
    """A date column, six numbers and one text column, as a big stored dataset reads."""
    i = np.arange(rows)
    return pd.DataFrame({
        "date": pd.Series(pd.Timestamp("2000-01-01", tz="UTC") + pd.to_timedelta(i * 61, unit="min")),
        "a": i, "b": i % 10 + 0.5, "c": i % 7, "d": i % 3, "e": i % 5,
        "label": pd.array(np.where(i % 2 == 0, "x,y", "yz"), dtype="string"),
        "f": i * 3,
    })


def timed(make, frame: pd.DataFrame):
    """Seconds and result of `make(frame)`."""
    started = time.perf_counter()
    made = make(frame)
    return time.perf_counter() - started, made


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=220_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    frame = dataset(args.rows)
    ways = {"CSV": (export.frame_csv, rows_one_by_one_csv), "JSON": (export.frame_json_rows, rows_one_by_one_json)}
    for name, (new, old) in ways.items():
        seconds: dict[str, list[float]] = {"new": [], "old": []}
        for _ in range(args.rounds):
            new_seconds, new_made = timed(new, frame)
            old_seconds, old_made = timed(old, frame)
            if json.dumps(new_made) != json.dumps(old_made):
                print(f"{name}: the two ways wrote different bytes", file=sys.stderr)
                return 1
            seconds["new"].append(new_seconds)
            seconds["old"].append(old_seconds)
        new_median, old_median = (statistics.median(seconds[way]) for way in ("new", "old"))
        print(f"{name} of {args.rows:,} rows: a column at a time {new_median:.2f} s "
              f"({args.rows / new_median:,.0f} rows/s), a row at a time {old_median:.2f} s "
              f"({args.rows / old_median:,.0f} rows/s): {new_median / old_median:.2f}x "
              f"({old_median / new_median:.1f} times as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
