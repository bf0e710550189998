"""The cache: a key for what is known before a run, and each run's recorded inputs after it."""

from __future__ import annotations

import json
import os
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
    return {j.page: runner.cache_key(j, root / "notebooks", root) for j in runner.grid()}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        (lambda r: append(r / "notebooks" / "trade.ipynb", " "), {"notebooks/trade"}),
        (lambda r: append(r / "requirements.lock", "\n"), "all"),
        (lambda r: append(r / "src" / "claimbook" / "runner.py", "\n# x\n"), "all"),
        (lambda r: append(r / "src" / "claimbook" / "kernels.py", "\n# x\n"), "all"),
        # Data and the modules a kernel imports are not in the key: they are recorded per run.
        (lambda r: append(r / "data" / "claims.csv", "\n"), set()),
        (lambda r: append(r / "src" / "claimbook" / "charts.py", "\n# x\n"), set()),
    ],
    ids=["template", "lock", "runner", "kernels", "data file", "module a kernel imports"],
)
def test_the_cache_key_holds_what_is_known_before_a_run(project, monkeypatch, change, changed):
    package = project / "src" / "claimbook"
    monkeypatch.setattr(runner, "EXECUTION", (package / "runner.py", package / "kernels.py"))
    before = keys(project)
    change(project)
    after = keys(project)
    differ = {page for page in before if before[page] != after[page]}
    assert differ == (set(before) if changed == "all" else changed)


def test_parameters_are_part_of_the_key(project):
    a = runner.cache_key(runner.job("timeline", {}), project / "notebooks", project)
    b = runner.cache_key(
        runner.job("timeline", {"year_from": "2000"}), project / "notebooks", project
    )
    assert a != b


def make_run(folder: Path, name: str, inputs: dict[str, str | None]) -> Path:
    """A finished execution in a job's cache folder that recorded these inputs."""
    entry = folder / name
    entry.mkdir(parents=True)
    (entry / "notebook.ipynb").write_text("{}")
    (entry / "inputs.json").write_text(json.dumps(inputs))
    return entry


def test_an_execution_is_reused_only_while_every_file_it_read_is_unchanged(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.csv").write_text("a\n")
    (root / "data" / "b.csv").write_text("b\n")
    entry = make_run(
        tmp_path / "cache" / "key",
        "run1",
        {
            "data/a.csv": runner.digest(root / "data" / "a.csv"),
            "data/missing.csv": None,  # looked for and not found: still a match while absent
            "<package>/ledger.py": runner.digest(runner.PACKAGE / "ledger.py"),
        },
    )
    assert runner.lookup(tmp_path / "cache" / "key", root) == entry
    (root / "data" / "b.csv").write_text("changed\n")  # not read by the run: still reused
    assert runner.lookup(tmp_path / "cache" / "key", root) == entry
    (root / "data" / "a.csv").write_text("changed\n")
    assert runner.lookup(tmp_path / "cache" / "key", root) is None
    (root / "data" / "a.csv").write_text("a\n")
    (root / "data" / "missing.csv").write_text("now here\n")
    assert runner.lookup(tmp_path / "cache" / "key", root) is None


def test_of_several_executions_the_one_matching_the_current_files_is_reused(tmp_path):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    data = root / "data" / "a.csv"
    data.write_text("old\n")
    old = make_run(tmp_path / "key", "old", {"data/a.csv": runner.digest(data)})
    data.write_text("new\n")
    new = make_run(tmp_path / "key", "new", {"data/a.csv": runner.digest(data)})
    assert runner.lookup(tmp_path / "key", root) == new
    data.write_text("old\n")  # back to the old data (a git checkout): the old run fits again
    assert runner.lookup(tmp_path / "key", root) == old


def test_a_complete_record_names_its_files_an_incomplete_one_everything(tmp_path):
    root = tmp_path / "root"
    (root / "data" / "staging").mkdir(parents=True)
    (root / "data" / "a.csv").write_text("a\n")
    (root / "data" / "b.csv").write_text("b\n")
    (root / "data" / "staging" / "scratch.csv").write_text("s\n")
    listing = tmp_path / "inputs.txt"
    listing.write_text(
        f"{(root / 'data' / 'a.csv').resolve()}\n{runner.PACKAGE / 'stats.py'}\nend\n"
    )
    assert set(runner.read_inputs(listing, root)) == {"data/a.csv", "<package>/stats.py"}
    # A kernel killed before it exited wrote no `end`: every data file and package file count.
    listing.write_text(f"{(root / 'data' / 'a.csv').resolve()}\n")
    read = set(runner.read_inputs(listing, root))
    assert {"data/a.csv", "data/b.csv", "<package>/stats.py", "<package>/matplotlibrc"} <= read
    assert "data/staging/scratch.csv" not in read
    assert set(runner.read_inputs(tmp_path / "no-listing.txt", root)) == read


def test_a_file_edited_while_the_run_read_it_is_not_trusted_next_time(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    data = root / "data" / "a.csv"
    data.write_text("before\n")

    def execute(job, out, notebooks):  # the run reads the file, then an editor saves it
        out.mkdir(parents=True)
        (out / "notebook.ipynb").write_text("{}")
        (out / "inputs.txt").write_text(f"{data.resolve()}\nend\n")
        data.write_text("saved during the run\n")
        return 1.0

    monkeypatch.setattr(runner, "execute", execute)
    _, entry = runner._execute_into_cache(
        runner.job("claims", {}), tmp_path / "key", tmp_path, root
    )
    assert json.loads((entry / "inputs.json").read_text()) == {"data/a.csv": runner.CHANGED}
    assert runner.lookup(tmp_path / "key", root) is None


def test_a_job_keeps_its_newest_executions_only(tmp_path):
    folder = tmp_path / "key"
    for i in range(runner.KEEP + 3):
        entry = make_run(folder, f"run{i}", {})
        os.utime(entry, (1000 + i, 1000 + i))
    runner.prune(folder, runner.KEEP)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted(f"run{i}" for i in range(3, runner.KEEP + 3))


def fake_execute(failures: list[Exception]):
    """An `execute` that raises the given exceptions in turn, then writes a notebook."""

    def execute(job, out, notebooks):
        out.mkdir(parents=True, exist_ok=True)
        (out / "kernel.log").write_text("kernel said something\n")
        if failures:
            raise failures.pop(0)
        (out / "notebook.ipynb").write_text("{}")
        (out / "inputs.txt").write_text("end\n")
        return 1.0

    return execute


def test_a_kernel_that_fails_to_start_is_tried_once_more(tmp_path, monkeypatch):
    monkeypatch.setattr(
        runner,
        "execute",
        fake_execute([RuntimeError("Kernel died before replying to kernel_info")]),
    )
    job = runner.job("claims", {})
    seconds, entry = runner._execute_into_cache(job, tmp_path / "key", tmp_path, tmp_path)
    assert seconds == 1.0 and entry.parent == tmp_path / "key"
    assert (entry / "notebook.ipynb").exists()
    assert json.loads((entry / "inputs.json").read_text()) == {}


def test_any_other_failure_is_one_line_naming_the_notebook_and_keeps_the_kernel_log(
    tmp_path, monkeypatch
):
    from claimbook.errors import NotebookError

    monkeypatch.setattr(runner, "execute", fake_execute([OSError("disk full\nmore detail")]))
    with pytest.raises(NotebookError) as e:
        runner._execute_into_cache(runner.job("claims", {}), tmp_path / "key", tmp_path, tmp_path)
    message = str(e.value)
    assert message.startswith("notebooks/claims.ipynb [claims]: could not execute (OSError: disk")
    assert "\n" not in message and not (tmp_path / "key").exists()
    assert (tmp_path / "key.kernel.log").read_text() == "kernel said something\n"
