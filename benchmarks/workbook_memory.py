"""The peak memory of reading a workbook of 200,000 rows, against reading the same rows as CSV, measured in
the same run.

    python benchmarks/workbook_memory.py [--rows 200000] [--rounds 1]

The workbook (one sheet: a date and time, a float, a whole number and a text of four stations, as openpyxl
writes it) is made in a temporary folder, and its CSV is the text its sheet is read into
(`workbooks.sheet_text`), so that both hold the same rows. Each read runs in a process of its own, which
imports what it needs, then reads the file's bytes and reports how far its peak resident memory (VmHWM in
/proc) grew past what it held before the read:

- `sheet text`: the workbook's sheet read into CSV text alone, the step a workbook adds to a CSV's path;
- `upload`: a create's reading of the file into typed rows (`tables.table_from_csv`, its limit of rows
  raised past the file's), the CSV's text, and the workbook's through its sheet's text;
- `data folder`: a data-folder file read into a frame (`csv_files.read_csv_file`,
  `workbook_files.read_workbook_file`).

Printed: each way's median growth in MB and the workbook's against the CSV's, as a ratio.
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATIONS = ("Airport", "Harbour", "Hill", "Old town")
# The reads each child may make, by name: (what it reads, the file it reads).
READS = {
    "csv upload": "csv", "xlsx upload": "xlsx", "xlsx sheet text": "xlsx",
    "csv data folder": "csv", "xlsx data folder": "xlsx",
}


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (VmHWM)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def rss_mb() -> float:
    """This process's resident memory now, in MB (VmRSS)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def make_files(folder: Path, rows: int) -> tuple[Path, Path]:
    """A workbook of `rows` rows under a header, and the CSV its sheet is read into, in `folder`."""
    from openpyxl import Workbook

    from app.store.upload_limits import UploadLimits
    from app.store.workbooks import FIRST_SHEET, sheet_text

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(["time", "temperature", "count", "station"])
    start = datetime.datetime(2024, 1, 1)
    for row in range(rows):
        sheet.append([start + datetime.timedelta(minutes=10 * row), round(10 + (row % 997) * 0.0173, 4),
                      row % 1000, STATIONS[row % len(STATIONS)]])
    book = folder / "walk.xlsx"
    workbook.save(book)
    text = sheet_text(book.read_bytes(), "the file", FIRST_SHEET, UploadLimits(max_rows=rows)).text
    csv_file = folder / "walk.csv"
    csv_file.write_text(text, "utf-8")
    return book, csv_file


def child(read: str, path: Path, rows: int) -> None:
    """Make the read named `read` of the file at `path` and print the growth of the peak memory, in MB."""
    import gc
    import importlib

    from app.store.csv_files import read_csv_file
    from app.store.tables import table_from_csv
    from app.store.upload_limits import UploadLimits
    from app.store.workbook_files import read_workbook_file
    from app.store.workbooks import FIRST_SHEET, sheet_text
    for module in ("openpyxl", "pandas"):  # imported before the baseline, as a site that has read a workbook has
        importlib.import_module(module)

    limits = UploadLimits(max_rows=rows)
    gc.collect()
    before = rss_mb()
    raw = path.read_bytes()
    if read == "csv upload":
        kept = table_from_csv(raw.decode("utf-8"), limits)
    elif read == "xlsx upload":
        sheet = sheet_text(raw, "the file", FIRST_SHEET, limits)
        kept = table_from_csv(sheet.text, limits, sheet.place)
    elif read == "xlsx sheet text":
        kept = sheet_text(raw, "the file", FIRST_SHEET, limits)
    elif read == "csv data folder":
        kept = read_csv_file(raw)
    else:
        kept = read_workbook_file(raw)
    print(f"{peak_mb() - before:.1f}")
    del kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("READ", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.rows)
        return
    with tempfile.TemporaryDirectory() as folder:
        book, csv_file = make_files(Path(folder), args.rows)
        files = {"xlsx": book, "csv": csv_file}
        print(f"{args.rows} rows: workbook {book.stat().st_size / 2 ** 20:.1f} MB, "
              f"CSV {csv_file.stat().st_size / 2 ** 20:.1f} MB")
        grown: dict[str, list[float]] = {read: [] for read in READS}
        for _ in range(args.rounds):
            for read, kind in READS.items():
                out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", read,
                                      str(files[kind])], cwd=ROOT, check=True, capture_output=True, text=True)
                grown[read].append(float(out.stdout.split()[-1]))
        median = {read: statistics.median(values) for read, values in grown.items()}
        print(f"{'read':<18} {'peak growth MB':>14} {'against the CSV':>16}")
        for read, value in median.items():
            base = median["csv data folder" if "folder" in read else "csv upload"]
            print(f"{read:<18} {value:>14.1f} {value / base:>15.2f}x")


if __name__ == "__main__":
    main()
