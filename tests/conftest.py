"""Shared fixtures: a small valid data package in a temporary folder, built on the real schemas."""

from __future__ import annotations

import fcntl
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


def _session_folder(tmp_path_factory) -> Path:
    """A folder of this test session's that every xdist worker sees (each worker's own
    base folder sits inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """A clean copy of the project built with `claimbook build` once per test session (the
    slow part): the first worker to ask builds it under a lock, the others wait and reuse it.
    Never changed afterwards: tests that edit or rebuild take `built_copy`."""
    shared = _session_folder(tmp_path_factory)
    root, failed = shared / "built-book" / "project", shared / "built-book" / "failed"
    with open(shared / "built-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not root.exists() and not failed.exists():
            _copy_project(root)
            env = dict(os.environ, CLAIMBOOK_ROOT=str(root), CLAIMBOOK_PAPERS=str(paths.PAPERS))
            exe = Path(sys.executable).parent / "claimbook"
            proc = subprocess.run([exe, "build"], cwd=root, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                failed.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    assert not failed.exists(), failed.read_text(encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_copy(built_book, tmp_path_factory) -> Path:
    """This worker's own copy of the built project, for the tests that read the book and those
    that edit an input, rebuild and put it back (one worker runs each module: xdist_group)."""
    return Path(shutil.copytree(built_book, tmp_path_factory.mktemp("clone") / "project"))


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    """Figures a page saves go to a temporary folder (never figures/); pyplot left closed."""
    import matplotlib.pyplot as plt

    monkeypatch.setenv("CLAIMBOOK_FIGURES", str(tmp_path))
    yield tmp_path
    plt.close("all")
