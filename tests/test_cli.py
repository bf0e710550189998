"""The CLI is thin: each command calls one plain function; errors are one line per problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimbook import cli, paths


def test_check_calls_check_with_the_package(monkeypatch, capsys):
    seen = {}
    monkeypatch.setattr(cli, "check", lambda package: seen.setdefault("package", package) and "ok")
    assert cli.main(["check", "--package", "x/datapackage.json"]) == 0
    assert seen["package"] == Path("x/datapackage.json")


def test_check_defaults_to_the_project_package(monkeypatch):
    seen = {}
    monkeypatch.setattr(cli, "check", lambda package: seen.setdefault("package", package) and "ok")
    cli.main(["check"])
    assert seen["package"] == paths.DATAPACKAGE


def test_build_passes_jobs(monkeypatch):
    from claimbook import book

    seen = {}
    monkeypatch.setattr(book, "build", lambda n_jobs: seen.setdefault("jobs", n_jobs))
    assert cli.main(["build", "--jobs", "1"]) == 0
    assert seen["jobs"] == 1


def test_check_success_prints_one_summary_line(package, capsys):
    assert cli.main(["check", "--package", str(package)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("ok: 6 claims, 4 events, 5 papers")


def test_check_failure_exits_2_with_one_line_per_problem(package, capsys):
    claims = package.parent / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(",5.02,", ",abc,"), "utf-8")
    assert cli.main(["check", "--package", str(package)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("claims.csv:4: value: 'abc' is not a number")
    assert err[-1] == "claimbook check: 1 problem(s) found"


def test_console_script_exits_2_without_a_traceback(package):
    claims = package.parent / "claims.csv"
    claims.write_text("", "utf-8")
    exe = Path(sys.executable).parent / "claimbook"
    proc = subprocess.run([exe, "check", "--package", package], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "claims.csv:1: file is empty" in proc.stderr


COMMANDS = sorted(cli.build_parser()._subparsers._group_actions[0].choices)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main([command, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "Example:" in out and f"claimbook {command}" in out
