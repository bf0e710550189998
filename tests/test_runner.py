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


def fake_execute(failures: list[Exception]):
    """An `execute` that raises the given exceptions in turn, then writes a notebook."""

    def execute(job, out, notebooks):
        out.mkdir(parents=True, exist_ok=True)
        (out / "kernel.log").write_text("kernel said something\n")
        if failures:
            raise failures.pop(0)
        (out / "notebook.ipynb").write_text("{}")
        return 1.0

    return execute


def test_a_kernel_that_fails_to_start_is_tried_once_more(tmp_path, monkeypatch):
    monkeypatch.setattr(
        runner,
        "execute",
        fake_execute([RuntimeError("Kernel died before replying to kernel_info")]),
    )
    job = runner.job("claims", {})
    assert runner._execute_into_cache(job, tmp_path / "entry", tmp_path) == 1.0
    assert (tmp_path / "entry" / "notebook.ipynb").exists()


def test_any_other_failure_is_one_line_naming_the_notebook_and_keeps_the_kernel_log(
    tmp_path, monkeypatch
):
    from claimbook.errors import NotebookError

    monkeypatch.setattr(runner, "execute", fake_execute([OSError("disk full\nmore detail")]))
    with pytest.raises(NotebookError) as e:
        runner._execute_into_cache(runner.job("claims", {}), tmp_path / "entry", tmp_path)
    message = str(e.value)
    assert message.startswith("notebooks/claims.ipynb [claims]: could not execute (OSError: disk")
    assert "\n" not in message and not (tmp_path / "entry").exists()
    assert (tmp_path / "entry.kernel.log").read_text() == "kernel said something\n"
