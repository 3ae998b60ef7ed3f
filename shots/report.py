"""What a run leaves in chrome-debug/: per-page PNG, HAR and JSON, shots.json and report.html."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any, Iterable

from .network import to_har, to_json
from .results import CheckResult, PageResult
from .site_urls import page_name

MANIFEST = "shots.json"
REPORT = "report.html"
# The name of each file a run writes, recorded before the file is written: a run stopped while it wrote
# one (Ctrl-C) leaves a file its shots.json does not list, which the next run finds here.
WRITTEN = "shots.files"


def _remove(out_dir: Path, names: Iterable[object]) -> None:
    for name in names:
        # Only plain names: a record must never make us delete outside the out dir.
        if isinstance(name, str) and "/" not in name and "\\" not in name and name not in ("", ".", ".."):
            (out_dir / name).unlink(missing_ok=True)


def start_run(out_dir: Path) -> None:
    """Create the out dir and remove the files the previous run wrote, as its record of them (`WRITTEN`)
    and its shots.json list them, and those three of its own, and nothing else."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        written = (out_dir / WRITTEN).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        written = []  # no record: no run before, or one before runs kept it
    _remove(out_dir, written)
    _remove(out_dir, _listed_files(out_dir / MANIFEST))
    _remove(out_dir, (WRITTEN, MANIFEST, REPORT))


def _listed_files(manifest: Path) -> list[object]:
    """The files of each page a run's shots.json lists; none where it is not there, is cut as it was
    written (the run's record lists its pages' files) or is of another shape than a run writes."""
    try:
        pages = json.loads(manifest.read_text()).get("pages", [])
    except (OSError, ValueError, AttributeError):
        return []
    files = (page.get("files") for page in pages if isinstance(page, dict)) if isinstance(pages, list) else ()
    return [name for listed in files if isinstance(listed, dict) for name in listed.values()]


def record_files(out_dir: Path, names: Iterable[str]) -> None:
    """Add `names` to the run's record of the files it writes (`WRITTEN`), before it writes them."""
    with open(out_dir / WRITTEN, "a", encoding="utf-8") as record:
        record.writelines(f"{name}\n" for name in names)


def _dump(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=False) + "\n")


def write_page_files(result: PageResult, out_dir: Path, browser_version: str = "") -> None:
    """Write `<slug>.png`, `.har`, `.network.json` and `.images.json` for one page."""
    capture, stem = result.capture, result.slug
    files = {"png": f"{stem}.png", "har": f"{stem}.har",
             "network": f"{stem}.network.json", "images": f"{stem}.images.json"}
    if not capture.png:
        del files["png"]
    record_files(out_dir, files.values())
    if capture.png:
        (out_dir / files["png"]).write_bytes(capture.png)
    har = to_har(capture.requests, page_url=capture.final_url or result.url, title=capture.title,
                 started_wall=capture.started_wall, on_content_load_ms=capture.on_content_load_ms,
                 on_load_ms=capture.on_load_ms, browser_version=browser_version)
    _dump(out_dir / files["har"], har)
    _dump(out_dir / files["network"], to_json(capture.requests))
    _dump(out_dir / files["images"], [image.as_dict() for image in result.images])
    result.files = {**files, **result.files}


def page_summary(result: PageResult) -> dict[str, Any]:
    """A page's verdict as JSON."""
    comparison = result.comparison
    return {
        "path": result.target.path,
        "url": result.url,
        "redirected_from": result.redirected_from or None,
        "redirects_to": result.redirects_to or None,
        "expected_status": result.target.expected_status,
        "verdict": result.verdict,
        "problems": result.problems,
        "notes": result.notes,
        "warnings": result.warnings,
        "title": result.capture.title,
        "screenshot": {"shots_taken": result.capture.shots_taken, "stable": result.capture.stable},
        "comparison": None if comparison is None else {
            "matches": comparison.matches, "differing_pixels": comparison.differing_pixels,
            "ratio": comparison.ratio, "message": comparison.message},
        "accessibility": None if result.accessibility is None else [v.as_dict() for v in result.accessibility],
        "console": result.capture.console,
        "timings_s": {k: round(v, 4) for k, v in result.capture.timings.items()},
        "seconds": round(result.seconds, 4),
        "files": result.files,
    }


def write_report(check: CheckResult) -> Path:
    """Write shots.json and report.html; return the report's path.

    A run stopped early (`CheckResult.stopped_by`) is reported, of the pages checked until then, as
    not finished.
    """
    _dump(check.out_dir / MANIFEST, {
        "passed": check.passed, "finished": not check.stopped_by, "stopped_by": check.stopped_by or None,
        "summary": check.summary(), "browser_version": check.browser_version,
        "axe_version": check.axe_version or None, "notes": check.notes, "warnings": check.warnings,
        "baseline_dir": str(check.baseline_dir), "unvisited": check.unvisited,
        "unmatched_baselines": check.unmatched_baselines,
        "pages": [page_summary(p) for p in check.pages]})
    path = check.out_dir / REPORT
    path.write_text(render_report(check))
    return path


_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
.pass, .updated { background: #2e7d32; } .redirect { background: #546e7a; } .fail { background: #c62828; } .new { background: #ef6c00; }
tr.bad td { background: #fdecea; }
section { border-top: 2px solid #eee; padding-top: 8px; margin-top: 24px; }
.shots { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.shots figure { margin: 0; } .shots img { width: 320px; border: 1px solid #ccc; }
figcaption { font-size: 12px; color: #555; }
code { font-size: 12px; }
"""


def _badge(verdict: str) -> str:
    return f'<span class="verdict {escape(verdict)}">{escape(verdict)}</span>'


def _figure(name: str | None, caption: str) -> str:
    if not name:
        return ""
    src = escape(name)
    return f'<figure><a href="{src}"><img src="{src}" alt="{escape(caption)}"></a><figcaption>{escape(caption)}</figcaption></figure>'


def _network_table(result: PageResult) -> str:
    rows = []
    for e in result.capture.requests:
        bad = bool(e.error) or (e.status or 0) >= 400
        rows.append(
            f'<tr class="{"bad" if bad else ""}"><td>{escape(e.method)}</td>'
            f'<td><code>{escape(page_name(e.url))}</code></td><td class="num">{e.status or ""}</td>'
            f"<td>{escape(e.mime_type)}</td><td>{escape(e.resource_type)}</td>"
            f'<td class="num">{e.encoded_bytes:,}</td><td class="num">{e.duration_ms:.0f} ms</td>'
            f"<td>{escape(e.error)}</td></tr>")
    head = "<tr><th>method</th><th>url</th><th>status</th><th>content type</th><th>type</th><th>bytes</th><th>time</th><th>error</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _images_table(number: int, result: PageResult) -> str:
    # Each row numbered as the page's lines name its image (`image 2 /plot/a.svg`), and its anchor
    # says page and image apart: `#page-3-image-2`.
    rows = []
    for i in result.images:
        rows.append(
            f'<tr id="page-{number}-image-{i.number}" class="{"bad" if i.problems else ""}"><td class="num">{i.number}</td>'
            f'<td>{"chart" if i.chart else "other image"}</td>'
            f'<td>{escape(i.name)}</td><td><code>{escape(page_name(i.src))}</code></td>'
            f'<td class="num">{i.status or ""}</td><td>{escape(i.content_type)}</td>'
            f'<td class="num">{i.natural_width}×{i.natural_height}</td><td>{escape("; ".join(i.problems)) or "ok"}</td></tr>')
    head = "<tr><th>image</th><th>kind</th><th>name</th><th>src</th><th>status</th><th>content type</th><th>natural size</th><th>verdict</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>" if rows else "<p>No images.</p>"


def _accessibility_table(result: PageResult) -> str:
    if result.accessibility is None:
        return "<p>Not audited.</p>"
    rows = []
    for v in result.accessibility:
        elements = "<br>".join(f"<code>{escape(e)}</code>" for e in v.elements)
        rows.append(f'<tr class="bad"><td><a href="{escape(v.help_url)}">{escape(v.rule)}</a></td>'
                    f"<td>{escape(v.impact)}</td><td>{escape(v.help)}</td><td>{elements}</td></tr>")
    head = "<tr><th>rule</th><th>impact</th><th>what is wrong</th><th>elements</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>" if rows else "<p>No violations.</p>"


def _page_section(number: int, result: PageResult) -> str:
    files = result.files
    problems = "".join(f"<li>{escape(p)}</li>" for p in result.problems)
    notes = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
    warnings = "".join(f"<li>warning: {escape(w)}</li>" for w in result.warnings)
    console = "".join(f"<li><code>{escape(str(m.get('level')))}</code> {escape(str(m.get('message')))}</li>"
                      for m in result.capture.console)
    shots = _figure(files.get("png"), "actual" if "diff" in files else "screenshot")
    if "diff" in files:
        shots = _figure(files.get("expected"), "expected (baseline)") + shots + _figure(files["diff"], "diff (red = differs)")
    links = " · ".join(f'<a href="{escape(name)}">{escape(kind)}</a>' for kind, name in files.items())
    return f"""<section id="page-{number}">
<h2>{_badge(result.verdict)} <a href="{escape(result.url)}">{escape(result.described)}</a></h2>
<p>{escape(result.capture.title)} · expected HTTP {result.target.expected_status} · {result.seconds:.2f} s ·
{result.capture.shots_taken} shots{"" if result.capture.stable else " (never two alike)"}{f" · {result.capture.masked} elements masked" if result.capture.masked else ""} · files: {links}</p>
{f"<ul>{problems}</ul>" if problems else ""}{f"<ul>{notes}</ul>" if notes else ""}{f'<ul class="warnings">{warnings}</ul>' if warnings else ""}
<div class="shots">{shots}</div>
<h3>Images</h3>{_images_table(number, result)}
<h3>Accessibility</h3>{_accessibility_table(result)}
<h3>Network</h3>{_network_table(result)}
<h3>Console</h3>{f"<ul>{console}</ul>" if console else "<p>No messages.</p>"}
</section>"""


def _unmatched_list(check: CheckResult) -> str:
    # The summary gives only their count; the files are what a person must look at or remove.
    if not check.unmatched_baselines:
        return ""
    items = "".join(f"<li><code>{escape(name)}</code></li>" for name in check.unmatched_baselines)
    return (f'<h2 id="unmatched-baselines">Baselines no page matched</h2>'
            f"<p>Remove each one whose page is gone, and each record of charts' places (<code>.charts.json</code>) "
            f"whose baseline is gone.</p><ul>{items}</ul>")


def render_report(check: CheckResult) -> str:
    """The whole report as one self-contained HTML page (images linked relatively); its pages are
    numbered from 1 in the order they were checked, as the command line's lines number them."""
    index_rows = "".join(
        f'<tr><td>{_badge(p.verdict)}</td><td><a href="#page-{n}">{escape(p.described)}</a></td>'
        f'<td class="num">{len(p.images)}</td><td class="num">{len(p.capture.requests)}</td>'
        f'<td>{escape(p.problems[0]) if p.problems else ""}{" …" if len(p.problems) > 1 else ""}</td></tr>'
        for n, p in enumerate(check.pages, start=1))
    overall = "pass" if check.passed else "fail"
    stopped = f"<p><strong>Not finished: stopped by {escape(check.stopped_by)}.</strong></p>" if check.stopped_by else ""
    audit = f"axe-core {check.axe_version}" if check.axe_version else "no accessibility audit"
    notes = "".join(f"<li>{escape(n)}</li>" for n in check.notes)
    warnings = "".join(f"<li>warning: {escape(w)}</li>" for w in check.warnings)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Screenshot check: {overall}</title>
<link rel="icon" href="data:,"><style>{_CSS}</style></head><body>
<h1>{_badge(overall)} Screenshot check</h1>
<p>{escape(check.summary())} · Chromium {escape(check.browser_version)} · {escape(audit)} · baselines in <code>{escape(str(check.baseline_dir))}</code></p>
{stopped}{f"<ul>{notes}</ul>" if notes else ""}{f'<ul class="warnings">{warnings}</ul>' if warnings else ""}{_unmatched_list(check)}
<table><tr><th>verdict</th><th>page</th><th>images</th><th>requests</th><th>first problem</th></tr>{index_rows}</table>
{"".join(_page_section(n, p) for n, p in enumerate(check.pages, start=1))}
</body></html>
"""
