"""The cache key changes exactly when something that can change a notebook's output changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimbook import paths, runner


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    for d in ("data", "notebooks", "src/claimbook"):
        shutil.copytree(paths.ROOT / d, root / d, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(paths.ROOT / "requirements.lock", root / "requirements.lock")
    return root


def keys(root: Path) -> dict[str, str]:
    shared = runner.inputs_digest(root)
    return {j.page: runner.cache_key(j, shared, root / "notebooks") for j in runner.grid()}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        (lambda r: append(r / "notebooks" / "trade.ipynb", " "), {"notebooks/trade"}),
        (lambda r: append(r / "data" / "claims.csv", ""), set()),  # no change, no re-execution
        (lambda r: append(r / "data" / "claims.csv", "\n"), "all"),
        (lambda r: append(r / "data" / "schemas" / "events.json", " "), "all"),
        (lambda r: append(r / "src" / "claimbook" / "charts.py", "\n# x\n"), "all"),
        (lambda r: append(r / "src" / "claimbook" / "matplotlibrc", "\n"), "all"),
        (lambda r: append(r / "requirements.lock", "\n"), "all"),
    ],
    ids=["template", "nothing", "ledger", "schema", "package source", "matplotlibrc", "lock"],
)
def test_cache_key_changes_with_every_input(project, change, changed):
    before = keys(project)
    change(project)
    after = keys(project)
    differ = {page for page in before if before[page] != after[page]}
    assert differ == (set(before) if changed == "all" else changed)


def test_parameters_are_part_of_the_key(project):
    shared = runner.inputs_digest(project)
    a = runner.cache_key(runner.job("timeline", {}), shared, project / "notebooks")
    b = runner.cache_key(
        runner.job("timeline", {"year_from": "2000"}), shared, project / "notebooks"
    )
    assert a != b
