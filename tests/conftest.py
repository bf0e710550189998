"""Shared fixtures: a small valid data package in a temporary folder, built on the real schemas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimbook import paths

TESTS = Path(__file__).parent
GOOD = TESTS / "data" / "good"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the real datapackage.json, schemas, papers.csv and reference tables, with the
    small good claims, events, relations and event links of tests/data/good/."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA / "schemas", data / "schemas")
    shutil.copytree(paths.DATA / "reference", data / "reference")
    for name in ("datapackage.json", "papers.csv"):
        shutil.copy(paths.DATA / name, data / name)
    for f in GOOD.glob("*.csv"):
        shutil.copy(f, data / f.name)
    return data / "datapackage.json"


def _copy_project(dst: Path) -> Path:
    """What a clone of the working tree holds: its tracked files and the new ones git does
    not ignore (no build output, no environment, no hand runs' notebooks), copied to `dst`."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        src = paths.ROOT / name
        if src.is_file():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    return dst


@pytest.fixture(scope="session")
def copy_project():
    """`copy_project(dst)`: a copy of what a clone of the working tree would hold."""
    return _copy_project


def _one_builder(tmp_path_factory) -> None:
    """Under xdist, every module using the built copy is in the group "book", run by one
    worker: fail if a second worker builds it too (pytest 9.2 silently broke the grouping)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    builders = tmp_path_factory.getbasetemp().parent / "built-copy-builders"
    builders.mkdir(exist_ok=True)
    (builders / worker).touch()
    others = sorted(p.name for p in builders.iterdir() if p.name != worker)
    assert not others, (
        f"{worker} builds the book but {', '.join(others)} did too: `--dist loadgroup` did "
        "not keep the xdist_group 'book' on one worker (pytest-xdist#1386; see the pytest pin)"
    )


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """A clean copy of the project, built once with `claimbook build` (the slow part)."""
    _one_builder(tmp_path_factory)
    root = _copy_project(tmp_path_factory.mktemp("clone") / "project")
    env = dict(os.environ, CLAIMBOOK_ROOT=str(root), CLAIMBOOK_PAPERS=str(paths.PAPERS))
    exe = Path(sys.executable).parent / "claimbook"
    proc = subprocess.run([exe, "build"], cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    """Figures a page saves go to a temporary folder (never figures/); pyplot left closed."""
    import matplotlib.pyplot as plt

    monkeypatch.setenv("CLAIMBOOK_FIGURES", str(tmp_path))
    yield tmp_path
    plt.close("all")
