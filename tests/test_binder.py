"""Binder, simulated: a fresh clone, a fresh environment from the lock, `postBuild` exactly as
written (a plain, non-editable install), then every template run the ways a reader runs it —
plain `papermill` from the repository root, one with a non-default parameter, one with
`jupyter nbconvert --execute` — and nothing tracked may change."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from claimbook import params

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("binder")]


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))}:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def binder(tmp_path_factory, copy_project) -> tuple[Path, dict[str, str]]:
    """A clone of the working tree (its tracked and new files, committed) and an environment
    whose PATH starts with a fresh venv that has the lock and `postBuild` installed."""
    work = tmp_path_factory.mktemp("binder")
    clone = copy_project(work / "repo")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "clone"]):
        run([*git, *cmd], clone, os.environ)
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], work, os.environ)
    uv = Path(sys.executable).parent / "uv"
    # Not compiled at install (14 s of two cores for the whole lock): the reader's processes
    # below may write bytecode (PYTHONDONTWRITEBYTECODE is not passed on), so the first to
    # import pandas or matplotlib compiles just what it imports, once.
    sync = ["pip", "sync", "-q", "--python", venv / "bin" / "python", clone / "requirements.lock"]
    run([uv, *sync], work, os.environ)
    # Binder's user: nothing of this project's environment or test set-up leaks in.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMBOOK_", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    env["HOME"] = str(work / "home")
    run(["bash", "postBuild"], clone, env)
    return clone, env


def test_postbuild_installs_a_plain_copy_that_finds_the_project_from_the_working_directory(
    binder,
):
    clone, env = binder
    where = run(
        [
            "python",
            "-c",
            "import claimbook, claimbook.paths as p; print(claimbook.__file__); print(p.ROOT)",
        ],
        clone / "notebooks",
        env,
    )
    package, root = where.stdout.split()
    assert "site-packages" in package
    assert Path(root) == clone.resolve()


# A reader's own parameters for each template: what they change is checked on the timeline.
NON_DEFAULT = {
    "claims": {"papers": "amity2023"},
    "trade": {"papers": "karayel2024,hajizade2023"},
    "energy": {"papers": "karayel2024"},
    "arms": {"papers": "mehdiyev2025"},
    "students": {"papers": "ismayilov2025"},
    "surveys": {"sample_size": "200", "confidence": "0.99"},
    "military": {"papers": "hajizade2023"},
    "timeline": {"year_from": "2000", "relationships": "AZ-TR,TR-IL"},
    "audit": {"paper": "amity2023"},
    "consistency": {"papers": "karayel2024,hajizade2023"},
}


def test_every_template_runs_with_plain_papermill_and_nbconvert_and_changes_no_tracked_file(
    binder, tmp_path
):
    clone, env = binder
    assert set(NON_DEFAULT) == set(params.NOTEBOOKS)
    # Every template with a reader's parameters (`papermill -p`, values as typed in a shell);
    # the audit notebook that the Karayel page's button opens, as it is; and one template
    # as it is with `jupyter nbconvert --execute`.
    papermill = [
        [
            "papermill",
            f"notebooks/{name}.ipynb",
            str(tmp_path / f"{name}.ipynb"),
            *(arg for key, value in values.items() for arg in ("-p", key, value)),
        ]
        for name, values in NON_DEFAULT.items()
    ]
    papermill.append(["papermill", "notebooks/audit/karayel2024.ipynb", str(tmp_path / "k.ipynb")])
    nbconvert = [
        "jupyter",
        "nbconvert",
        "--execute",
        "--to",
        "notebook",
        "--output-dir",
        str(tmp_path / "nbconvert"),
        "notebooks/surveys.ipynb",
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        procs = list(pool.map(lambda cmd: run(cmd, clone, env), [*papermill, nbconvert]))
    assert len(procs) == len(params.NOTEBOOKS) + 2
    status = run(["git", "status", "--porcelain", "--untracked-files=no"], clone, env)
    assert status.stdout == "", f"a hand run changed tracked files:\n{status.stdout}"
    # Their figures went under _build/, not into the committed figures/; the timeline's shows
    # the reader's parameters: only 2000 onwards, only the two relationships.
    plotted = pd.read_csv(clone / "_build" / "figures" / "timeline.csv", dtype=str)
    assert set(plotted["relationship"]) == {"AZ-TR", "TR-IL"}
    assert plotted["date"].str[:4].astype(int).min() >= 2000
    with open(clone / "data" / "events.csv", encoding="utf-8") as fh:
        assert len(plotted) < sum(1 for _ in csv.DictReader(fh))
