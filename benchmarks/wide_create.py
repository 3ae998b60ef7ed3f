"""Creating a dataset from a wide spreadsheet export, against a narrow upload of the same bytes and
against the code of an earlier revision, in the same run.

    python benchmarks/wide_create.py [--rounds 3] [--before REV] [--profile]

Each create is `POST /api/datasets` with a text/csv body, through the app's test client, on a new
SQLite file (a temporary data folder), in a fresh process, timed from the request to its answer
(the table read from the CSV, stored, and the answer's warnings made from the stored rows):

- wide text: 50,000 rows of 50 short text columns, each holding 3 distinct values (a spreadsheet's
  codes or categories), about 7.5 MB;
- wide integers: 100,000 rows of 25 integer columns, 0 to 999, about 9.7 MB;
- narrow (the baseline in every run): 50,000 rows of an integer and a text of about 145 characters,
  each row's its own, the bytes of the wide text CSV;
- before (with `--before REV`): the same creates with the whole repository as it was at revision
  REV (`git archive`), which must give the same answer: checked each round.

Printed: CPU seconds of each create (the median of the rounds; the ways take turns in each round:
on a shared machine CPU time moves less than wall time), split into reading the CSV into a table,
storing it and making the answer's warnings, and the ratios. `--profile` prints cProfile's costliest functions of the wide text create, as it is now.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "benchmark-write-token-0123456789"


def wide_text(rows: int = 50_000, columns: int = 50) -> str:
    """A CSV of short text columns, each of 3 values."""
    pick = random.Random(1)
    values = ["NW", "SE", "EA"]
    lines = [",".join(f"c{c}" for c in range(columns))]
    lines += [",".join(values[pick.randrange(3)] for _ in range(columns)) for _ in range(rows)]
    return "\n".join(lines) + "\n"


def wide_integers(rows: int = 100_000, columns: int = 25) -> str:
    """A CSV of integer columns, 0 to 999."""
    pick = random.Random(2)
    lines = [",".join(f"n{c}" for c in range(columns))]
    lines += [",".join(str(pick.randrange(1000)) for _ in range(columns)) for _ in range(rows)]
    return "\n".join(lines) + "\n"


def narrow(size: int, rows: int = 50_000) -> str:
    """A CSV of an integer and a text column, each text its own, of about `size` characters."""
    pick = random.Random(3)
    width = max(1, (size - 12) // rows - 8)
    letters = "abcdefghijklmnopqrstuvwxyz "
    lines = ["n,note"] + [f"{i},{''.join(pick.choice(letters) for _ in range(width)).strip() or 'x'}"
                          for i in range(rows)]
    return "\n".join(lines) + "\n"


def _without_times(answer: object) -> object:
    """The create's answer without the times it was made at, which differ from create to create."""
    if isinstance(answer, dict):
        return {key: _without_times(value) for key, value in answer.items() if key not in ("updated", "created")}
    if isinstance(answer, list):
        return [_without_times(value) for value in answer]
    return answer


def worker(root: str, csv_path: str, profile: bool) -> None:
    """Create a dataset from the CSV with the code under `root`; print its seconds and answer digest."""
    sys.path.insert(0, root)
    from app import create_app, datasets
    from app.views import api

    spent = {"parse": 0.0, "warnings": 0.0}

    def timed(module, name: str, part: str) -> None:
        real = getattr(module, name)

        def timing(*args, **kwargs):
            started = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                spent[part] += time.process_time() - started

        setattr(module, name, timing)

    timed(datasets, "table_from_csv", "parse")
    timed(api, "create_warnings", "warnings")
    body = Path(csv_path).read_bytes()
    with tempfile.TemporaryDirectory(prefix="wide-create-") as data:
        app = create_app({"TESTING": True, "DATA_DIR": data, "WRITE_TOKENS": TOKEN})
        client = app.test_client()
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"}
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.process_time()
        answer = client.post("/api/datasets?name=wide", data=body, headers=headers)
        seconds = time.process_time() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        assert answer.status_code == 201, answer.get_data(as_text=True)[:500]
        digest = hashlib.sha256(json.dumps(_without_times(answer.get_json()), sort_keys=True).encode()).hexdigest()
        app.extensions["svgplots"].store.close()
    print(json.dumps({"seconds": seconds, "answer": digest, **spent}))


def measured(root: Path, csv_path: Path, profile: bool = False) -> dict:
    """CPU seconds of one create, in a fresh process (`seconds`, of which `parse`: reading the CSV
    into a table, `warnings`: the answer's warnings, the rest storing it) and its answer's digest."""
    done = subprocess.run([sys.executable, __file__, "--worker", str(root), str(csv_path)]
                          + (["--profile"] if profile else []),
                          stdout=subprocess.PIPE, stderr=None if profile else subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def revision_tree(revision: str, into: Path) -> Path:
    """The repository as it was at `revision`, unpacked into `into`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", help="a revision whose whole code to measure too")
    parser.add_argument("--profile", action="store_true", help="print cProfile's costliest calls of the wide text create")
    parser.add_argument("--worker", nargs=2, metavar=("ROOT", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.profile)
        return
    with tempfile.TemporaryDirectory(prefix="wide-create-") as folder:
        folder = Path(folder)
        texts = {"wide text": wide_text(), "wide integers": wide_integers()}
        texts["narrow"] = narrow(len(texts["wide text"]))
        files = {}
        for name, text in texts.items():
            files[name] = folder / f"{name.replace(' ', '_')}.csv"
            files[name].write_text(text)
            print(f"{name}: {len(text.encode()) / 1e6:.1f} MB")
        if args.profile:
            measured(ROOT, files["wide text"], profile=True)
            return
        ways = {"ours": ROOT}
        if args.before:
            ways["before"] = revision_tree(args.before, Path(tempfile.mkdtemp(dir=folder)))
        seconds: dict[tuple[str, str], list[dict]] = {}
        for round_ in range(args.rounds):
            order = list(ways.items())
            order = order[round_ % len(order):] + order[:round_ % len(order)]
            for case, path in files.items():
                answers = {}
                for way, root in order:
                    found = measured(root, path)
                    answers[way] = found["answer"]
                    seconds.setdefault((case, way), []).append(found)
                assert len(set(answers.values())) == 1, f"{case}: the answers differ: {answers}"
        report(seconds, list(files), list(ways))


def report(seconds: dict[tuple[str, str], list[dict]], cases: list[str], ways: list[str]) -> None:
    """Each case's median CPU seconds per way, and its parts, with the ratios."""
    def median(case: str, way: str, part: str = "seconds") -> float:
        return statistics.median(found[part] for found in seconds[(case, way)])

    print(f"\n{'create':15} {'way':7} {'CPU s':>7} {'parse':>7} {'store':>7} {'warnings':>9} {'/narrow':>8}"
          + (f" {'before/ours':>12}" if "before" in ways else ""))
    for case in cases:
        for way in ways:
            total, parse, warnings = (median(case, way, part) for part in ("seconds", "parse", "warnings"))
            line = (f"{case:15} {way:7} {total:7.2f} {parse:7.2f} {total - parse - warnings:7.2f} {warnings:9.2f} "
                    f"{total / median('narrow', way):7.2f}x")
            if way == "ours" and "before" in ways:
                line += f" {median(case, 'before') / total:11.1f}x"
            print(line)


if __name__ == "__main__":
    main()
