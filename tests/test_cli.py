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


def test_sipri_calls_refresh_with_the_register(monkeypatch, capsys):
    seen = {}
    monkeypatch.setattr(
        cli,
        "refresh_sipri",
        lambda register, package: seen.update(register=register, package=package) or "done",
    )
    assert cli.main(["sipri", "--register", "reg.csv"]) == 0
    assert seen == {"register": Path("reg.csv"), "package": paths.DATAPACKAGE}


def test_sipri_refresh_rewrites_aggregates_and_records_the_edition(tmp_path):
    import json
    import shutil

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data, ignore=shutil.ignore_patterns("staging"))
    small = Path(__file__).parent / "data" / "sipri_register_small.csv"
    cli.refresh_sipri(small, data / "datapackage.json")
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    tiv = next(r for r in descriptor["resources"] if r["name"] == "sipri_tiv")
    stamp = [ln for ln in small.read_text(encoding="utf-8").splitlines() if "Data generated" in ln]
    assert tiv["sources"][0]["version"].removeprefix("Data generated: ") in stamp[0]
    assert (data / "reference" / "sipri_tiv.csv").read_text() != (
        paths.DATA / "reference" / "sipri_tiv.csv"
    ).read_text()


def test_audit_prints_one_row_per_claim(monkeypatch, capsys):
    from claimbook import ledger

    assert cli.main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "claim_id,paper,verdict,reason,compared_with,checks"
    assert len(lines) - 1 == len(ledger.load().claims)


def test_audit_markdown_is_a_table(capsys):
    assert cli.main(["audit", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| claim_id | paper | verdict | reason | compared_with | checks |"
    assert all(line.startswith("| ") for line in lines[2:])
