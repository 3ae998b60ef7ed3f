"""run.py's command line: options before or after the command, export's --out, and serve's port."""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import socket
import subprocess
import sys

import pytest

import run
from app import http_server
from tests.conftest import ROOT


@pytest.fixture
def commands(monkeypatch) -> list[tuple[str, dict]]:
    """Each command run.main would start, with the options it got, instead of starting it."""
    started = []
    monkeypatch.setattr(run, "serve", lambda args: started.append(("serve", vars(args))) or 0)
    monkeypatch.setattr(run, "export", lambda args: started.append(("export", vars(args))) or 0)
    return started


@pytest.mark.parametrize("argv", [
    ["--data-dir", "D", "--sources", "S.toml", "export", "--out", "O"],
    ["export", "--data-dir", "D", "--sources", "S.toml", "--out", "O"],
    ["--data-dir", "D", "export", "--out", "O", "--sources", "S.toml"],
])
def test_export_keeps_the_data_options_given_before_or_after_it(commands, argv):
    assert run.main(argv) == 0
    ((command, options),) = commands
    assert command == "export"
    assert (options["data_dir"], options["sources"], options["out"]) == ("D", "S.toml", "O")
    assert options["database_url"] is None and options["format"] == "svg"


@pytest.mark.parametrize("argv", [
    ["--port", "5099", "--data-dir", "D", "serve"],
    ["serve", "--port", "5099", "--data-dir", "D"],
    ["--port", "5099", "serve", "--data-dir", "D"],
    ["--port", "5099", "--data-dir", "D"],
])
def test_serve_keeps_the_options_given_before_or_after_it(commands, argv):
    assert run.main(argv) == 0
    ((command, options),) = commands
    assert command == "serve"
    assert (options["host"], options["port"], options["data_dir"]) == ("127.0.0.1", 5099, "D")


def test_serve_without_options_has_the_defaults_the_help_names(commands, capsys):
    assert run.main(["serve"]) == 0
    ((_, options),) = commands
    assert (options["host"], options["port"], options["data_dir"], options["sources"]) == ("127.0.0.1", 5000, None, None)
    with pytest.raises(SystemExit):
        run.main(["--help"])
    assert "(default 127.0.0.1)" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["--port", "5099", "export"], "argument --port: 'export' does not use it; it is an option of serve"),
    (["--data-dir", "D", "shots"], "argument --data-dir: 'shots' does not use it; it is an option of serve and export"),
    (["export", "--out", "D", "--port", "5099"], "argument --port: 'export' does not use it; it is an option of serve"),
    (["export", "--host=0.0.0.0"], "argument --host: 'export' does not use it; it is an option of serve"),
    (["shots", "--data-dir", "D"], "argument --data-dir: 'shots' does not use it; it is an option of serve and export"),
])
def test_an_option_the_command_does_not_use_is_a_usage_error(commands, capsys, argv, words):
    with pytest.raises(SystemExit) as stopped:
        run.main(argv)
    assert stopped.value.code == 2 and not commands
    assert words in capsys.readouterr().err


def run_py(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_export_with_the_data_dir_before_the_command_keeps_its_database_there(tmp_path):
    chosen, elsewhere, out = tmp_path / "chosen", tmp_path / "elsewhere", tmp_path / "out"
    # A run that ignored --data-dir would write to `elsewhere`, not into the repository's instance folder.
    done = run_py("--data-dir", str(chosen), "export", "--out", str(out), env={"SVGPLOTS_DATA_DIR": str(elsewhere)})
    assert done.returncode == 0, done.stderr
    assert (chosen / "svgplots.sqlite").is_file()
    assert not elsewhere.exists()
    assert (out / "animals" / "bears.svg").read_bytes().startswith(b"<svg")


def test_export_to_a_file_says_in_one_line_that_out_must_be_a_folder(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    done = run_py("export", "--data-dir", str(tmp_path / "data"), "--out", str(a_file))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"error: --out {a_file} is a file, not a folder; give a folder to write the charts into\n"
    assert a_file.read_text() == "not a folder" and not (tmp_path / "data").exists()


def test_export_to_a_folder_that_cannot_be_made_says_why_in_one_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    inside_a_file = tmp_path / "a-file" / "charts"
    done = run_py("export", "--data-dir", str(tmp_path / "data"), "--out", str(inside_a_file))
    assert done.returncode == 1
    assert done.stderr == f"error: cannot make the --out folder {inside_a_file}: Not a directory\n"


def test_serve_on_a_port_in_use_stops_with_one_line_and_prints_no_address(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_py("serve", "--port", str(port), "--data-dir", str(tmp_path))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"error: port {port} is in use (another server?); choose another with --port\n"


def test_serve_says_where_it_serves_once_the_port_is_its_own(tmp_path, monkeypatch, capsys):
    answered = []

    def serving(server: http_server.SiteServer) -> None:
        # By now the site's port takes connections, and the line names it, not the 0 asked for.
        with socket.create_connection(("127.0.0.1", server.port), timeout=10):
            answered.append(capsys.readouterr().out)
        server.server_close()

    monkeypatch.setenv("SVGPLOTS_RENDER_WORKERS", "0")
    monkeypatch.setattr("plots.worker.fork_render_server", lambda ended=None: "")
    monkeypatch.setattr(http_server.SiteServer, "serve_forever", serving)
    try:
        assert run.main(["serve", "--port", "0", "--data-dir", str(tmp_path)]) == 0
    finally:
        gc.unfreeze()
    [out] = answered
    assert re.fullmatch(r"Write token: \S+\nServing on http://127\.0\.0\.1:[1-9][0-9]*/\n", out), out


@pytest.mark.parametrize("argv, words", [
    (["--port", "99999"], "argument --port: port 99999 is out of range: give 1 to 65535, or 0 for a free port"),
    (["serve", "--port", "-5"], "argument --port: port -5 is out of range: give 1 to 65535, or 0 for a free port"),
    (["--port=65536", "serve"], "argument --port: port 65536 is out of range"),
    (["--port", "abc"], "argument --port: invalid port 'abc': give a whole number"),
    (["--port", "8o\u0301"], "argument --port: invalid port '8o\\u0301': give a whole number"),
])
def test_a_port_no_server_can_listen_on_is_a_usage_error(commands, capsys, argv, words):
    # 99999 was served on 34463 (the port modulo 65536), and -5 stopped with an OverflowError's traceback.
    with pytest.raises(SystemExit) as stopped:
        run.main(argv)
    assert stopped.value.code == 2 and not commands
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("argv, line", [
    (["--sources", ""], "run.py: error: argument --sources: blank: give the sources file's path, or leave --sources "
                        "out for site/sources.toml when there is one"),
    (["export", "--data-dir="], "run.py export: error: argument --data-dir: blank: give the data folder's path, or "
                                "leave --data-dir out for the app's instance folder (./instance)"),
    (["serve", "--database-url", " "], "run.py serve: error: argument --database-url: blank: give a database URL, or "
                                       "leave --database-url out for the data folder's SQLite file"),
])
def test_a_blank_data_option_is_a_usage_error_saying_what_it_takes(commands, capsys, argv, line):
    # `--sources "$SOURCES"` of an unset shell variable: the site started on the default, not a word said.
    with pytest.raises(SystemExit) as stopped:
        run.main(argv)
    assert stopped.value.code == 2 and not commands
    assert [said for said in capsys.readouterr().err.splitlines() if " error: " in said] == [line]


@pytest.mark.parametrize("port", ["+80", " 80", "80 ", "8_0", "\u0668\u0660", "0x50"])
def test_a_port_in_a_form_int_takes_beyond_the_digits_0_9_is_a_usage_error(commands, capsys, port):
    # int() took +80, 8_0, white space around the digits and other scripts' digits (Arabic-Indic 80).
    with pytest.raises(SystemExit) as stopped:
        run.main(["--port", port])
    assert stopped.value.code == 2 and not commands
    [line] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("run.py: error:")]
    assert line == f"run.py: error: argument --port: invalid port {port!r}: give a whole number"


def test_the_command_lines_copies_of_the_number_rules_are_the_same_rule():
    # Copies, not imports: run.py takes --port without shots' packages, and shots' options are read
    # without importing plots. A URL's number (plots.field_values.NUMBER) is the rule they copy.
    from plots.field_values import NUMBER
    from shots import cli as shots_cli

    assert run.WHOLE_NUMBER.pattern == shots_cli.WHOLE_NUMBER.pattern
    assert shots_cli.DECIMAL_NUMBER.pattern == NUMBER.pattern


@pytest.mark.parametrize("port", ["9" * 5000, "-" + "1" * 5000], ids=["5000 nines", "minus 5000 ones"])
def test_a_port_of_more_digits_than_int_reads_is_out_of_range_in_the_site_s_words(commands, capsys, port):
    # int() reads at most 4,300 digits: its ValueError went to argparse, "invalid port_number value: '999…'".
    with pytest.raises(SystemExit) as stopped:
        run.main(["--port", port])
    assert stopped.value.code == 2 and not commands
    [line] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("run.py: error:")]
    assert line == (f"run.py: error: argument --port: port {port[:100]}… is out of range: give 1 to 65535, "
                    f"or 0 for a free port")


@pytest.mark.parametrize("port", ["0", "1", "65535", "0" * 5000 + "80"], ids=["0", "1", "65535", "80 after 5000 zeros"])
def test_a_port_in_range_or_0_for_a_free_one_is_taken(commands, port):
    assert run.main(["--port", port]) == 0
    assert commands[0][1]["port"] == int(port.lstrip("0") or "0")


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_every_option_of_shots():
    from shots.cli import add_arguments
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    synopsis = readme_section("Other commands").split("- `python3 run.py shots ", 1)[1].split("`", 1)[0]
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--") and o != "--help"]
    assert options and all(re.search(rf"\[{o}\b|\| {o}\]", synopsis) for o in options), synopsis


def test_the_readme_names_every_benchmark_script():
    listed = readme_section("Other commands").split("- `benchmarks/`:", 1)[1]
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py") if p.name != "__init__.py"}
    assert scripts and {s for s in scripts if f"`{s}`" not in listed} == set()


@pytest.mark.parametrize("script", sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.name != "__init__.py"))
def test_every_benchmark_script_imports(script):
    # A benchmark is run by hand, seldom: a name it imports from another that moved breaks it unseen.
    importlib.import_module(f"benchmarks.{script}")
