"""The command line: serve the site (default), check it in a headless browser, export its charts.

    python run.py [serve] [--host 127.0.0.1] [--port 5000] [--data-dir DIR] [--database-url URL] [--sources FILE]
    python run.py shots [--url URL] [--out chrome-debug] [--update-baselines] [--page PATH ...]
    python run.py export [--out DIR] [--format svg|png|pdf]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _app(args: argparse.Namespace, **settings):
    from app import create_app_or_exit

    if getattr(args, "data_dir", None):
        settings["DATA_DIR"] = str(Path(args.data_dir).resolve())
    if getattr(args, "database_url", None):
        settings["DATABASE_URL"] = args.database_url
    if getattr(args, "sources", None):
        settings["SOURCES"] = str(Path(args.sources).resolve())
    return create_app_or_exit(settings or None)


def serve(args: argparse.Namespace) -> int:
    """Serve the site with a threaded server, so a page's charts load at the same time."""
    from plots.worker import fork_render_server

    # Before the web app is imported: render workers share the renderer's pages and never the app's.
    render_server = fork_render_server()
    from werkzeug.serving import WSGIRequestHandler, run_simple

    from app.auth import ensure_write_token

    class Handler(WSGIRequestHandler):
        """Answers name the site, not the server's or Python's versions."""

        def version_string(self) -> str:
            return "svgplots"

    app = _app(args, RENDER_SERVER=render_server)
    if token := ensure_write_token(app):
        print(f"Write token: {token}", flush=True)
    print(f"Serving on http://{args.host}:{args.port}/", flush=True)
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False, use_debugger=False,
               request_handler=Handler)
    return 0


def export(args: argparse.Namespace) -> int:
    """Write every dashboard chart in --format under --out/<dashboard>/<chart>.<extension>; with
    pdf, each dashboard's report as --out/<dashboard>.pdf too."""
    from plots import format_named

    fmt = format_named(args.format)
    app = _app(args)
    out = Path(args.out)
    client = app.test_client()
    failures = 0
    for name, dashboard in app.extensions["svgplots"].dashboards.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        files = [(f"/d/{name}/{chart.id}.{fmt.extension}", out / name / f"{chart.id}.{fmt.extension}")
                 for chart in dashboard.charts]
        if fmt.name == "pdf":
            files.append((f"/d/{name}.pdf", out / f"{name}.pdf"))
        for url, path in files:
            response = client.get(url)
            path.write_bytes(response.data)
            print(f"{response.status_code} {path}")
            failures += response.status_code != 200
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="run.py", description="Server-rendered SVG charts.")
    commands = parser.add_subparsers(dest="command")

    def add_serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        p.add_argument("--port", type=int, default=5000, help="port (default 5000)")
        add_data_options(p)

    def add_data_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", help="folder of the dataset database and of extra <name>.csv datasets")
        p.add_argument("--database-url", help="where stored datasets live (default sqlite:///<data-dir>/svgplots.sqlite; "
                       "postgresql+psycopg://user:password@host:port/db for several instances)")
        p.add_argument("--sources", help="the sources file: your own databases' tables and queries as datasets "
                       "(default site/sources.toml)")

    add_serve_options(parser)
    add_serve_options(commands.add_parser("serve", help="serve the site (the default)"))
    export_parser = commands.add_parser("export", help="write every dashboard chart as a file (SVG by default)")
    export_parser.add_argument("--out", default="export", help="folder to write to (default ./export)")
    export_parser.add_argument("--format", default="svg", help="an output format of the chart registry: svg "
                               "(default), png, pdf, …; pdf also writes each dashboard as one report")
    add_data_options(export_parser)
    shots_parser = commands.add_parser("shots", help="check every page in headless Chromium")
    try:
        from shots import cli as shots_cli
    except ModuleNotFoundError as error:
        # The browser check needs selenium and pillow; serving the site does not.
        if error.name not in ("selenium", "PIL"):
            raise
        shots_cli, missing = None, error.name
    else:
        shots_cli.add_arguments(shots_parser)

    # Known arguments first: without its package, `shots --page /` must still say what to install.
    args, unknown = parser.parse_known_args(argv)
    if args.command == "shots" and shots_cli is None:
        sys.exit(f"error: 'shots' needs the {missing} package: python3 -m pip install -r requirements.txt")
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "export":
        # Only export needs the format registry: importing it imports matplotlib, and so pillow,
        # whose absence `shots` must be able to report itself.
        from plots import UnknownFormat, format_named

        try:
            format_named(args.format)
        except UnknownFormat as error:
            export_parser.error(f"argument --format: {error}")
        return export(args)
    if args.command == "shots":
        return shots_cli.main(args)
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
