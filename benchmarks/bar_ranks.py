"""What ranking a sorted bar chart's categories costs (`sort=-value`, `sort=x`): the site's way, numpy's
sorts over the whole column (`plots.bar_order._ranks`), against the way before, a loop of Python over
every category, each keyed and looked up in a dict of the sorted distinct keys (`looped_ranks`, kept
here, which the site no longer uses).

    python benchmarks/bar_ranks.py [--categories 100,5000,100000] [--rounds 7]

The columns are those a bar chart is sorted by: its values (floats, some missing), whole numbers past
2**53, dates, and text categories (product names of mixed case). 100 categories are the most a bar chart
draws without `top`; with `top` a chart ranks every category of its rows (5,000 products, or 100,000).
Printed: median milliseconds of each way and the ratio old / new for each column and size; the two
ways take turns in each round, and their ranks are checked equal each round.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from plots.bar_order import _ranks, _text_key  # noqa: E402


def looped_ranks(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`_ranks` as the site ranked before: a loop of Python over every value."""
    missing = column.isna().to_numpy()
    values = [None if gone else value for value, gone in zip(column.tolist(), missing)]
    text = pd.api.types.is_string_dtype(column) or pd.api.types.is_object_dtype(column) and any(
        isinstance(value, str) for value in values)
    keyed = [None if value is None else _text_key(str(value)) if text else value for value in values]
    distinct = sorted({key for key in keyed if key is not None})
    rank = {key: at for at, key in enumerate(distinct)}
    return np.array([0 if key is None else rank[key] for key in keyed], dtype=np.int64), missing


def columns(count: int) -> dict[str, pd.Series]:
    """The columns ranked, `count` values each."""
    rng = np.random.default_rng(7)
    values = np.round(rng.gamma(2.0, 50.0, count), 2)
    values[rng.random(count) < 0.02] = np.nan
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    names = ["".join(rng.choice(letters, 8)) for _ in range(count)]
    return {
        "values": pd.Series(values),
        "ints past 2**53": pd.Series(2**60 + rng.integers(0, 2**40, count), dtype="int64"),
        "dates": pd.Series(pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.permutation(count), unit="D")),
        "text": pd.Series(names, dtype=object),
    }


def timed(rank: Callable, column: pd.Series) -> tuple[float, np.ndarray]:
    """Seconds of one ranking of `column`, and its ranks."""
    start = time.perf_counter()
    ranks, _missing = rank(column)
    return time.perf_counter() - start, ranks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--categories", default="100,5000,100000")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"{'column':<16} {'categories':>10} {'before ms':>10} {'now ms':>9} {'before / now':>12}")
    for count in (int(part) for part in args.categories.split(",")):
        for name, column in columns(count).items():
            before, now = [], []
            for _ in range(args.rounds):
                seconds_before, old = timed(looped_ranks, column)
                seconds_now, new = timed(_ranks, column)
                if not np.array_equal(old, new):
                    raise SystemExit(f"{name} of {count}: the ranks differ")
                before.append(seconds_before)
                now.append(seconds_now)
            old_ms, new_ms = statistics.median(before) * 1e3, statistics.median(now) * 1e3
            print(f"{name:<16} {count:>10,} {old_ms:>10.3f} {new_ms:>9.3f} {old_ms / new_ms:>11.1f}x")


if __name__ == "__main__":
    main()
