"""The command line: serve the site (default), check it in a headless browser, export its charts.

    python run.py [serve] [--host 127.0.0.1] [--port 5000] [--data-dir DIR] [--database-url URL] [--sources FILE]
    python run.py shots [--url URL] [--out chrome-debug] [--update-baselines] [--page PATH ...]
    python run.py export [--out DIR] [--format svg|png|pdf] [--data-dir DIR] [--database-url URL] [--sources FILE]

An option may come before the command as well as after it: `run.py --port 5099 serve`.
"""
from __future__ import annotations

import argparse
import gc
import io
import os
import re
import secrets
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from werkzeug.test import TestResponse



def _app(args: argparse.Namespace, **settings):
    from app import create_app_or_exit

    if args.data_dir:
        settings["DATA_DIR"] = str(Path(args.data_dir).resolve())
    if args.database_url:
        settings["DATABASE_URL"] = args.database_url
    if args.sources:
        settings["SOURCES"] = str(Path(args.sources).resolve())
    return create_app_or_exit(settings or None)


def _render_server_ended(address: str) -> None:
    """The site's pools start render servers of their own once the one forked at its start has ended."""
    from app.renderpool import render_server_ended

    render_server_ended(address)


def serve(args: argparse.Namespace) -> int:
    """Serve the site with a threaded server, so a page's charts load at the same time, until SIGTERM
    or Ctrl-C, which let the requests in flight finish."""
    from plots.worker import fork_render_server

    # Before the web app is imported: render workers share the renderer's pages and never the app's.
    render_server = fork_render_server(ended=_render_server_ended)
    from app import SettingError
    from app.auth import ensure_write_token
    from app.http_server import AddressUnavailable, SiteRequestHandler, SiteServer, serve_until_stopped, site_url
    from app.renderpool import site_stops

    app = _app(args, RENDER_SERVER=render_server)
    try:
        # With no token configured, the data folder's: the same at every start with that folder.
        token = ensure_write_token(app)
    except SettingError as error:
        sys.exit(f"error: {error}")
    try:
        server = SiteServer(args.host, args.port, app, handler=SiteRequestHandler,
                            client_seconds=app.config["CLIENT_TIMEOUT"],
                            client_addresses=app.config["LOG_CLIENT_ADDRESSES"],
                            queries=app.config["LOG_QUERIES"])
    except AddressUnavailable as error:
        sys.exit(f"error: {error}")
    # Said once the port is the site's: a start that stops prints no address it never served on.
    if token:
        print(f"Write token: {token}", flush=True)
    print(f"Serving on {site_url(args.host, server.port)}", flush=True)
    # Start-up's objects never become garbage; frozen, an upload's full collections skip scanning them.
    gc.freeze()
    # A signal to the whole group reaches the render server too: told, it ends with the site.
    serve_until_stopped(server, stopping=site_stops)
    return 0


def output_folder(path: str) -> Path:
    """--out as a folder that exists, made if need be; exits with one line saying why it cannot be."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        sys.exit(f"error: --out {out} is a file, not a folder; give a folder to write the charts into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        sys.exit(f"error: cannot make the --out folder {out}: {error.strerror or error}")
    return out


def export(args: argparse.Namespace) -> int:
    """Write every dashboard chart in --format under --out/<dashboard>/<chart>.<extension>; with
    pdf, each dashboard's report as --out/<dashboard>.pdf too (a name Windows keeps for a device,
    con, written con_, as `saved_file_name` writes it).

    A chart whose answer is not 200 writes no file, and one an earlier export left under its name is
    removed (it no longer shows the chart as it is); its line says why, and the exit status is 1."""
    from app.responses import saved_file_name
    from plots import format_named

    fmt = format_named(args.format)
    # Before the app is built, so that a bad --out leaves no data folder or database behind.
    out = output_folder(args.out)
    app = _app(args)
    client = app.test_client()
    failures = 0
    for name, dashboard in app.extensions["svgplots"].dashboards.items():
        # Saved as a browser saves each: a name Windows keeps for a device (con) given a `_`, con_.svg.
        folder = out / saved_file_name(name)
        files = [(f"/d/{name}/{chart.id}.{fmt.extension}", folder / saved_file_name(f"{chart.id}.{fmt.extension}"))
                 for chart in dashboard.charts]
        if fmt.name == "pdf":
            files.append((f"/d/{name}.pdf", out / saved_file_name(f"{name}.pdf")))
        for url, path in files:
            response = client.get(url)
            if response.status_code == 200:
                write_export(path, response.data)
                print(f"200 {path}")
                continue
            failures += 1
            removed = remove_earlier_export(path)
            done = ("not written, and the file an earlier export left there removed, as it no longer shows "
                    "the chart as it is" if removed else "not written")
            print(f"{response.status_code} {path} {done}: {failure_text(response)}")
    return 1 if failures else 0


def failure_text(response: TestResponse) -> str:
    """What a failed answer says, "<title>: <message>" on one line: an error SVG's <title>, an error
    PNG's Title text chunk or a text answer's body, less the status each starts with."""
    text = ""
    if response.mimetype == "image/png":
        text = _png_title(response.data)
    elif response.mimetype == "image/svg+xml":
        try:
            title = ET.fromstring(response.data).find("{http://www.w3.org/2000/svg}title")
        except ET.ParseError:
            title = None
        text = "" if title is None else title.text or ""
    elif response.mimetype == "text/plain":
        text = response.get_data(as_text=True)
    text = " ".join(text.strip().splitlines()).removeprefix(f"{response.status_code} ")
    return text or response.status.partition(" ")[2]


def _png_title(data: bytes) -> str:
    """The Title text chunk of the PNG `data` (an error image's status, title and message), or ""."""
    from PIL import Image  # imported with the format registry already, as export needs it

    try:
        with Image.open(io.BytesIO(data)) as image:
            return str(getattr(image, "text", {}).get("Title", ""))
    except OSError:  # not a PNG Pillow can read (UnidentifiedImageError is one)
        return ""


def remove_earlier_export(path: Path) -> bool:
    """Remove the file an earlier export wrote at `path`, if any; exits with one line naming the file
    and why it cannot be removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        sys.exit(f"error: cannot remove {path}, which no longer shows its chart as it is: {error.strerror or error}")
    return True


def write_export(path: Path, data: bytes) -> None:
    """Write one exported file, making its folder; exits with one line naming the file and why not.

    The bytes go to a temporary file in the same folder, renamed over `path` once whole: an export cut
    short leaves the earlier file or none, never part of one."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # os.open rather than tempfile: its 0o666 less the umask is the mode write_bytes would give.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        sys.exit(f"error: cannot write {path}: {error.strerror or error}")


# Options that more than one command reads, and their defaults. Each may come before the command or
# after it (`run.py --port 5099 serve`, `run.py serve --port 5099`): the parsers leave an option
# that was not given unset, and the defaults are filled in once the command is known.
SERVE_DEFAULTS = {"host": "127.0.0.1", "port": 5000}
DATA_DEFAULTS = {"data_dir": None, "database_url": None, "sources": None}
# The modules `shots` imports that serving the site does not, and the packages (in
# requirements.txt) that install them: pillow is imported as PIL.
SHOTS_PACKAGES = {"selenium": "selenium", "PIL": "pillow"}

COMMAND_DEFAULTS = {"serve": {**SERVE_DEFAULTS, **DATA_DEFAULTS}, "export": DATA_DEFAULTS, "shots": {}}


# A whole number as the command line takes one: the digits 0-9 alone, a minus before them for the
# refusal to say it is out of range. int() takes more (+80, 8_0, " 80", other scripts' digits: ٨٠).
WHOLE_NUMBER = re.compile("-?[0-9]+")


def port_number(text: str) -> int:
    """--port as a number a server can listen on: 0 (a free port, which "Serving on" names) to 65535."""
    if not WHOLE_NUMBER.fullmatch(text):
        # Imported here: a command line that is taken imports no more than it needs (`shots` none of plots).
        from plots.text import listed_value

        # As every refusal of the site quotes a value: 'cafe\u0301' apart from 'café', which repr wrote alike.
        raise argparse.ArgumentTypeError(f"invalid port {listed_value(text)}: give a whole number")
    # int() reads at most 4,300 digits (sys.get_int_max_str_digits): one with more but for leading zeros
    # is out of range all the same, and named cut as a message cuts a long value.
    digits = text.lstrip("-").lstrip("0") or "0"
    port = (-1 if text.startswith("-") else 1) * int(digits) if len(digits) <= 5 else None
    if port is None or not 0 <= port <= 65535:
        from plots.text import cut

        shown = cut(text) if port is None else port
        raise argparse.ArgumentTypeError(f"port {shown} is out of range: give 1 to 65535, or 0 for a free port")
    return port


def not_blank(setting: str) -> Callable[[str], str]:
    """A data option's text as given, refused where it is blank (`--sources ''`, or "$SOURCES" of an unset
    shell variable), which would leave the setting (`setting`: DATA_DIR) to its default unsaid."""
    def given(text: str) -> str:
        if not text.strip():
            # Imported here, where it is needed: a command line that is taken imports no more than it needs.
            from app.config import blank_setting_refusal

            option = option_text(setting.lower())
            raise argparse.ArgumentTypeError(f"blank: {blank_setting_refusal(setting, f'leave {option} out')}")
        return text

    return given


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """--host and --port, and the data options."""
    parser.add_argument("--host", default=argparse.SUPPRESS, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=port_number, default=argparse.SUPPRESS,
                        help="port, 1 to 65535, or 0 for a free one (default 5000)")
    add_data_options(parser)


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """Where the datasets live: --data-dir, --database-url, --sources."""
    parser.add_argument("--data-dir", type=not_blank("DATA_DIR"), default=argparse.SUPPRESS,
                        help="folder of the dataset database and of extra <name>.csv datasets")
    parser.add_argument("--database-url", type=not_blank("DATABASE_URL"), default=argparse.SUPPRESS,
                        help="where stored datasets live (default sqlite:///<data-dir>/svgplots.sqlite; "
                        "postgresql+psycopg://user:password@host:port/db for several instances)")
    parser.add_argument("--sources", type=not_blank("SOURCES"), default=argparse.SUPPRESS,
                        help="the sources file: your own databases' tables and queries as datasets "
                        "(default site/sources.toml)")


def refuse_unused_option(parser: argparse.ArgumentParser, command: str, name: str) -> None:
    """Exit with a usage error for the shared option `name` (`data_dir`) given to a command that does
    not read it, naming the commands that do."""
    users = " and ".join(c for c, defaults in COMMAND_DEFAULTS.items() if name in defaults)
    parser.error(f"argument {option_text(name)}: '{command}' does not use it; it is an option of {users}")


def option_text(name: str) -> str:
    """A shared option as the command line writes it: `--data-dir` for `data_dir`."""
    return f"--{name.replace('_', '-')}"


def refuse_unused_after_command(parser: argparse.ArgumentParser, command: str, unknown: list[str]) -> None:
    """Exit as `refuse_unused_option` does for a shared option written after a command that does not
    read it (`export --port 5099`), which the command's own parser left unrecognized."""
    options = {option_text(name): name for name in COMMAND_DEFAULTS["serve"]}
    for argument in unknown:
        name = options.get(argument.split("=", 1)[0])
        if name is not None:
            refuse_unused_option(parser, command, name)


def fill_shared_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Give the command's shared options that were not given their defaults; exit with a usage error
    on one the command does not read, rather than ignore it."""
    command = args.command or "serve"
    wanted = COMMAND_DEFAULTS[command]
    for name in COMMAND_DEFAULTS["serve"]:
        if hasattr(args, name) and name not in wanted:
            refuse_unused_option(parser, command, name)
    for name, default in wanted.items():
        if not hasattr(args, name):
            setattr(args, name, default)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(
        prog="run.py", description="Server-rendered SVG charts.",
        epilog="An option may come before the command or after it. --host and --port are serve's; "
        "--data-dir, --database-url and --sources are serve's and export's.")
    commands = parser.add_subparsers(dest="command")
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
        if error.name not in SHOTS_PACKAGES:
            raise
        shots_cli, missing = None, SHOTS_PACKAGES[error.name]
    else:
        shots_cli.add_arguments(shots_parser)

    # Known arguments first: without its package, `shots --page /` must still say what to install.
    args, unknown = parser.parse_known_args(argv)
    if args.command == "shots" and shots_cli is None:
        # A set-up failure, as `shots --help` lists them: exit status 2.
        shots_parser.exit(2, f"error: 'shots' needs the {missing} package: python3 -m pip install -r requirements.txt\n")
    if unknown:
        refuse_unused_after_command(parser, args.command or "serve", unknown)
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    fill_shared_options(parser, args)
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
