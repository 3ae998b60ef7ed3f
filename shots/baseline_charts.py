"""Where a baseline shows each chart: `<slug>.charts.json` beside `<slug>.png`, written with it, so that a
page whose size changed (a row of text more above its charts) still has each chart compared with its
own place in the baseline."""
from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Iterable, Sequence

from .compare import Box
from .site_urls import page_name

PLACES_SUFFIX = ".charts.json"  # `<slug>.charts.json` records the charts of `<slug>.png`


def chart_key(src: str) -> str:
    """A chart's URL without its data version `v`, named as a page's URL is (`page_name`: its path and
    query, `%2f` as `%2F`, `%41` as `A`): the same chart at another version, however its escapes are written."""
    path, _, query = page_name(src).partition("?")
    kept = "&".join(piece for piece in query.split("&") if piece and piece.partition("=")[0] != "v")
    return path + (f"?{kept}" if kept else "")


def places_path(baseline: Path) -> Path:
    """The file beside `baseline` that says where it shows each chart."""
    return baseline.with_name(f"{baseline.stem}{PLACES_SUFFIX}")


def _digest(baseline: Path) -> str:
    return hashlib.sha256(baseline.read_bytes()).hexdigest()


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` as the file `path` at once: into a temporary file beside it, then renamed over it, so
    that a run stopped while writing (Ctrl-C) leaves the file as it was or as it is now, never cut."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open rather than tempfile, whose file is its owner's alone: 0o666 less the umask is the mode a
    # file written anew has.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_places(baseline: Path, charts: Iterable[tuple[str, Box]]) -> None:
    """Record beside `baseline`, just written, the place of each chart (its URL, its box) it shows."""
    places = [{"chart": chart_key(src), "box": list(box)} for src, box in charts]
    record = json.dumps({"baseline_sha256": _digest(baseline), "charts": places}, indent=2) + "\n"
    write_whole(places_path(baseline), record.encode())


def write_baseline(baseline: Path, png: bytes, charts: Iterable[tuple[str, Box]]) -> None:
    """Write the baseline, then beside it where it shows each chart, each file whole (`write_whole`).

    The PNG first: its record names the digest of the PNG it was written for, so that a run stopped
    between the two leaves a record that `read_places` finds not to match, never a PNG with another's places."""
    write_whole(baseline, png)
    write_places(baseline, charts)


def read_places(baseline: Path) -> dict[str, list[Box]]:
    """The places of the charts `baseline` shows, by `chart_key`, in the page's order; none when none
    were recorded for this very file (a baseline written before, or replaced since by another PNG)."""
    try:
        recorded = json.loads(places_path(baseline).read_text())
        if recorded["baseline_sha256"] != _digest(baseline):
            return {}
        places: dict[str, list[Box]] = {}
        for chart in recorded["charts"]:
            left, top, right, bottom = (int(value) for value in chart["box"])
            places.setdefault(str(chart["chart"]), []).append((left, top, right, bottom))
        return places
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # missing or not as written: no places
        return {}


def baseline_places(charts: Sequence[tuple[str, Box]], places: dict[str, list[Box]]) -> list[Box | None]:
    """For each chart (its URL, its box), its place in the baseline: the n-th chart of a URL at that
    URL's n-th place there, when that place has its size; None where the baseline has none such."""
    seen: dict[str, int] = {}
    found: list[Box | None] = []
    for src, box in charts:
        key = chart_key(src)
        index = seen[key] = seen.get(key, -1) + 1
        candidates = places.get(key, [])
        place = candidates[index] if index < len(candidates) else None
        same_size = place is not None and (place[2] - place[0], place[3] - place[1]) == (box[2] - box[0], box[3] - box[1])
        found.append(place if same_size else None)
    return found
