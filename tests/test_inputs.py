"""What a notebook run read: recorded only under the runner, complete only after a clean exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claimbook import inputs, paths


def test_nothing_is_recorded_outside_the_runner(tmp_path, monkeypatch):
    monkeypatch.delenv(inputs.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    inputs.read(tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_process_that_exits_records_its_files_modules_and_end(tmp_path):
    listing = tmp_path / "inputs.txt"
    code = "from claimbook import ledger\nledger.load(lazy=True).papers"
    env = dict(os.environ, **{inputs.ENV: str(listing)})
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    lines = listing.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == inputs.END
    files = inputs.recorded(listing)
    package = Path(inputs.__file__).resolve().parent
    assert (paths.DATA / "papers.csv").resolve() in files
    assert (paths.DATA / "claims.csv").resolve() not in files  # papers name no other table
    assert package / "ledger.py" in files and package / "matplotlibrc" in files
    assert package / "charts.py" not in files  # never imported by this process


def test_a_listing_without_its_end_line_is_incomplete(tmp_path):
    listing = tmp_path / "inputs.txt"
    listing.write_text("/some/file.csv\n")
    assert inputs.recorded(listing) is None
    assert inputs.recorded(tmp_path / "missing.txt") is None
    listing.write_text("/some/file.csv\nend\n")
    assert inputs.recorded(listing) == [Path("/some/file.csv")]
    # One `end` per cell run: only the last one closes the listing, none is a file.
    listing.write_text("/some/file.csv\nend\n/other.csv\nend\n")
    assert inputs.recorded(listing) == [Path("/other.csv"), Path("/some/file.csv")]


def test_any_project_file_opened_for_reading_is_recorded_without_asking(tmp_path):
    listing = tmp_path / "inputs.txt"
    build = paths.ROOT / "_build"
    code = (
        "import claimbook.inputs, pathlib, sys\n"
        f"open({str(paths.ROOT / 'README.md')!r}).read()\n"  # a reader that never calls read()
        f"pathlib.Path({str(paths.ROOT / 'CITATION.cff')!r}).read_bytes()\n"
        f"open({str(tmp_path / 'written.txt')!r}, 'w').write('x')\n"  # written, not read
        f"pathlib.Path({str(build)!r}).mkdir(exist_ok=True)\n"
        f"open({str(build / 'probe-output.txt')!r}, 'w').close()\n"
        f"open({str(build / 'probe-output.txt')!r}).read()\n"  # the build's own output
        "open('/etc/hostname').read()\n"  # outside the project and the shared folders
    )
    env = dict(os.environ, **{inputs.ENV: str(listing)})
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    (build / "probe-output.txt").unlink()
    files = inputs.recorded(listing)
    assert (paths.ROOT / "README.md").resolve() in files
    assert (paths.ROOT / "CITATION.cff").resolve() in files
    assert not [f for f in files if f.is_relative_to(build.resolve()) or "hostname" in f.name]
    assert not [f for f in files if f.name == "written.txt" or "__pycache__" in f.parts]
