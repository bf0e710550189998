"""Shared fixtures: a small valid data package in a temporary folder, built on the real schemas."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimbook import paths

TESTS = Path(__file__).parent
GOOD = TESTS / "data" / "good"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the real datapackage.json, schemas and papers.csv with the small good tables."""
    data = tmp_path / "data"
    shutil.copytree(paths.DATA / "schemas", data / "schemas")
    for name in ("datapackage.json", "papers.csv"):
        shutil.copy(paths.DATA / name, data / name)
    for f in GOOD.glob("*.csv"):
        shutil.copy(f, data / f.name)
    return data / "datapackage.json"
