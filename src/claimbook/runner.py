"""Execute notebooks with papermill: the book's grid or named notebooks, in parallel, cached.

A job's cache folder `CACHE/<key>/` is named by what is known before it runs: the template, the
parameters, the lock file, the Python version and the modules that execute notebooks. Each
execution inside it, `CACHE/<key>/<inputs>/`, holds `notebook.ipynb`, the `figures/` it wrote
and `inputs.json`: every file the run read (data tables, schemas, a SIPRI register, the modules
of the package its kernel imported, matplotlibrc; see `inputs`) with its SHA-256. An execution
is reused only when every one of those files still has that digest: editing a data file
re-executes the notebooks that read it and no other, editing a module the notebooks whose
kernels imported it (a forked kernel counts every module its server preloaded: `kernels`);
editing what only assembles the book (`book`, `cli`) executes nothing. A file modified while
the run was under way is recorded as changed, so the next build executes its readers again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import inputs, kernels, paths
from . import params as params_mod
from .errors import NotebookError, ParameterError


@dataclass(frozen=True)
class Job:
    """One notebook execution: which template, with which parameters, published as which page."""

    notebook: str
    parameters: dict[str, Any] = field(hash=False)
    page: str

    def label(self) -> str:
        changed = {
            k: v
            for k, v in self.parameters.items()
            if v != params_mod.NOTEBOOKS[self.notebook].defaults().get(k)
        }
        args = " ".join(f"{k}={v}" for k, v in changed.items())
        return f"{self.notebook}" + (f" ({args})" if args else "")


@dataclass
class Result:
    """What became of a job: cached, executed or failed, how long it took, where its output is."""

    job: Job
    status: str
    seconds: float
    output: Path | None = None
    error: str = ""


def template(notebook: str, notebooks: Path = paths.NOTEBOOKS) -> Path:
    """The template file of a notebook."""
    return notebooks / f"{notebook}.ipynb"


def page_of(notebook: str, values: dict[str, Any], grid_row: dict[str, Any]) -> str:
    """The book page a grid row is published as: `notebooks/<name>` or `notebooks/<name>/<v>`."""
    if not grid_row:
        return f"notebooks/{notebook}"
    return f"notebooks/{notebook}/" + "-".join(str(values[k]) for k in sorted(grid_row))


def grid() -> list[Job]:
    """Every page the book executes: each notebook with its defaults, plus its declared variants."""
    jobs = []
    for nb in params_mod.NOTEBOOKS.values():
        for row in nb.grid:
            values = params_mod.validate(nb, row)
            jobs.append(Job(nb.name, values, page_of(nb.name, values, row)))
    return jobs


def job(name: str, overrides: dict[str, Any]) -> Job:
    """A job for one notebook with validated overrides (ParameterError before anything runs)."""
    nb = params_mod.get(name)
    values = params_mod.validate(nb, overrides)
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:10]
    page = f"notebooks/{nb.name}" if values == nb.defaults() else f"run/{nb.name}-{digest}"
    return Job(nb.name, values, page)


# The modules that run a notebook (not imported by its kernel, so not recorded by it).
EXECUTION = (Path(__file__).resolve(), Path(kernels.__file__).resolve())


def cache_key(job: Job, notebooks: Path = paths.NOTEBOOKS, root: Path = paths.ROOT) -> str:
    """The job's cache folder name: its template and parameters, the lock file, Python's version
    and the modules that execute it (this one and `kernels`)."""
    h = hashlib.sha256()
    h.update(template(job.notebook, notebooks).read_bytes() + b"\0")
    h.update(json.dumps(job.parameters, sort_keys=True).encode() + b"\0")
    h.update((root / "requirements.lock").read_bytes() + b"\0")
    for module in EXECUTION:
        h.update(module.read_bytes() + b"\0")
    h.update(sys.version.encode())
    return h.hexdigest()[:24]


def digest(path: Path) -> str | None:
    """A file's SHA-256 (None when there is no such file)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


# How `inputs.json` names a file of the package (resolved against the runner's own package, so
# that a copy of the project run with its own package finds its own modules).
PACKAGE_PREFIX = "<package>/"
# The package folder whose modules kernels import (the runner's own).
PACKAGE = Path(__file__).resolve().parent


def _name(path: Path, root: Path) -> str:
    """How a file is named in `inputs.json`: in the package, in the root, or absolute."""
    for base, prefix in ((PACKAGE, PACKAGE_PREFIX), (root.resolve(), "")):
        if path.is_relative_to(base):
            return prefix + str(path.relative_to(base))
    return str(path)


def _file(name: str, root: Path) -> Path:
    """The file an `inputs.json` name stands for."""
    if name.startswith(PACKAGE_PREFIX):
        return PACKAGE / name.removeprefix(PACKAGE_PREFIX)
    return root / name  # an absolute name stays absolute


def everything(root: Path = paths.ROOT) -> list[Path]:
    """What a run is taken to have read when its record is incomplete: every data file and
    every file of the package."""
    data = [p for p in (root / "data").rglob("*") if p.is_file() and "staging" not in p.parts]
    return sorted(p.resolve() for p in [*data, *PACKAGE.iterdir()] if p.is_file())


# What `inputs.json` holds for a file modified while the run was reading it: no digest matches
# it, so the next build executes the notebook again.
CHANGED = "changed during the run"


def read_inputs(
    listing: Path, root: Path = paths.ROOT, since: float | None = None
) -> dict[str, str | None]:
    """The files a finished run read (from its `inputs` listing) with their digests; a file
    modified at or after `since` (the run's start) gets CHANGED instead of its digest."""
    files = inputs.recorded(listing)
    if files is None:
        files = everything(root)
    read = {}
    for f in files:
        try:
            changed = since is not None and f.stat().st_mtime >= since
        except OSError:
            changed = False
        read[_name(f, root)] = CHANGED if changed else digest(f)
    return read


def prune(folder: Path, keep: int) -> None:
    """Keep the `keep` newest executions of a job's cache folder; remove the others."""
    runs = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in runs[: max(len(runs) - keep, 0)]:
        shutil.rmtree(old, ignore_errors=True)


def lookup(folder: Path, root: Path, memo: dict[str, str | None] | None = None) -> Path | None:
    """The newest execution in a job's cache folder whose inputs are all unchanged, if any."""
    memo = {} if memo is None else memo
    runs = [p for p in folder.glob("*/inputs.json") if (p.parent / "notebook.ipynb").exists()]
    for listing in sorted(runs, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            recorded = json.loads(listing.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for name, sha in recorded.items():
            if name not in memo:
                memo[name] = digest(_file(name, root))
            if memo[name] != sha:
                break
        else:
            return listing.parent
    return None


def execute(job: Job, out: Path, notebooks: Path = paths.NOTEBOOKS) -> float:
    """Run one notebook with papermill into `out/notebook.ipynb` (figures in `out/figures/`).

    Runs in its own working directory; on failure raises NotebookError naming notebook and cell.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    forked = bool(os.environ.get(kernels.ADDRESS))
    os.environ["CLAIMBOOK_FIGURES"] = str(out / "figures")
    os.environ[inputs.ENV] = str(out / "inputs.txt")
    # The kernel inherits this process's stderr; keep its chatter in a log beside the output.
    saved = os.dup(2)
    log = os.open(out / "kernel.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 2)
    with tempfile.TemporaryDirectory(prefix=f"claimbook-{job.notebook}-") as cwd:
        try:
            pm.execute_notebook(
                str(template(job.notebook, notebooks)),
                str(out / "notebook.ipynb"),
                parameters=job.parameters,
                cwd=cwd,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                # Inside `kernels.server()` the kernel is forked from it; else a fresh one.
                **({"kernel_manager_class": kernels.manager_class()} if forked else {}),
            )
        except PapermillExecutionError as e:
            number, source = failed_cell(out / "notebook.ipynb")
            raise NotebookError(
                f"notebooks/{job.notebook}.ipynb [{job.label()}]: cell {number} "
                f"({source}) raised {e.ename}: {e.evalue}"
            ) from None
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(log)
    return time.perf_counter() - start


def failed_cell(path: Path) -> tuple[int, str]:
    """The failed cell of an executed notebook: its number in the template (from 1, as in
    Jupyter's cell order, not counting papermill's injected cells) and its first line."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return 0, "notebook unreadable"
    added = {"injected-parameters", "papermill-error-cell-tag"}
    template_cells = [c for c in cells if not added & set(c.get("metadata", {}).get("tags", []))]
    for number, cell in enumerate(template_cells, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            lines = "".join(cell["source"]).strip().splitlines() or [""]
            first = lines[0]
            return number, first if len(first) <= 60 else first[:57] + "..."
    return 0, "failed cell not found"


# Executions kept per job (one per state of its inputs: switching back to older data finds them).
KEEP = 5
# Kernels started at the same moment can race for ports; such a start is tried once more.
KERNEL_START_FAILURES = ("Kernel died before replying", "Kernel didn't respond")


def _execute_into_cache(
    job: Job, folder: Path, notebooks: Path, root: Path, since: float | None = None
) -> tuple[float, Path]:
    """Worker: execute into a temporary folder and move it into the job's cache folder (named
    by the digest of the inputs it read) only on success; returns seconds and that folder.

    A file it read that was modified at or after `since` (the start of the whole run, when the
    kernel server imported the package; by default the start of this execution) is recorded as
    CHANGED: its digest now may not be what the kernel saw.

    A kernel that fails to start is tried once more; any other failure becomes a NotebookError
    (one line) and the kernel's log is kept beside the cache as `<folder>.kernel.log`."""
    tmp = folder.with_name(folder.name + f".tmp-{os.getpid()}")
    for attempt in (1, 2):
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            started = time.time() if since is None else since
            seconds = execute(job, tmp, notebooks)
            read = read_inputs(tmp / "inputs.txt", root, since=started)
            text = json.dumps(read, indent=0, sort_keys=True)
            (tmp / "inputs.json").write_text(text, encoding="utf-8")
            entry = folder / hashlib.sha256(text.encode()).hexdigest()[:16]
            folder.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(entry, ignore_errors=True)
            tmp.rename(entry)
            os.utime(entry)  # the newest execution of the folder, whatever the clock did
            prune(folder, KEEP)
            return seconds, entry
        except NotebookError:
            _keep_log(tmp, folder)
            raise
        except Exception as e:  # noqa: BLE001 - anything papermill or the kernel raises
            if attempt == 1 and any(m in str(e) for m in KERNEL_START_FAILURES):
                continue
            log = _keep_log(tmp, folder)
            raise NotebookError(
                f"notebooks/{job.notebook}.ipynb [{job.label()}]: could not execute "
                f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}); "
                f"kernel log: {paths.display(log)}"
            ) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    raise AssertionError("unreachable")


def _keep_log(tmp: Path, entry: Path) -> Path:
    log = entry.with_name(entry.name + ".kernel.log")
    if (tmp / "kernel.log").exists():
        shutil.copy(tmp / "kernel.log", log)
    return log


def run(
    jobs: list[Job],
    n_jobs: int | None = None,
    cache: Path = paths.CACHE,
    root: Path = paths.ROOT,
    notebooks: Path = paths.NOTEBOOKS,
    progress: Callable[[str], None] = print,
) -> list[Result]:
    """Execute the jobs (cache hits reused), up to `n_jobs` at once; report progress per line.

    Raises NotebookError naming every failed notebook after the others have finished.
    """
    n_jobs = n_jobs or os.cpu_count() or 1
    cache.mkdir(parents=True, exist_ok=True)
    total = len(jobs)
    results: dict[Job, Result] = {}
    todo: list[tuple[Job, Path]] = []
    memo: dict[str, str | None] = {}
    for j in jobs:
        folder = cache / cache_key(j, notebooks, root)
        entry = lookup(folder, root, memo)
        if entry is not None:
            results[j] = Result(j, "cached", 0.0, entry)
            progress(f"[{len(results)}/{total}] {j.label()}: cached")
        else:
            todo.append((j, folder))
            progress(f"[queued] {j.label()}")
    start = time.perf_counter()
    since = time.time()  # before the kernel server imports the package
    if todo:
        server = kernels.server(log=cache / "kernel-server.log")
        with server, ProcessPoolExecutor(max_workers=min(n_jobs, len(todo))) as pool:
            running: dict[Future, Job] = {}
            for j, folder in todo:
                running[pool.submit(_execute_into_cache, j, folder, notebooks, root, since)] = j
                progress(f"[running] {j.label()}")
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    j = running.pop(fut)
                    try:
                        seconds, entry = fut.result()
                        results[j] = Result(j, "executed", seconds, entry)
                        progress(f"[{len(results)}/{total}] {j.label()}: done in {seconds:.1f} s")
                    except NotebookError as e:
                        results[j] = Result(j, "failed", 0.0, None, str(e))
                        progress(f"[{len(results)}/{total}] {j.label()}: failed")
    ordered = [results[j] for j in jobs]
    counts = {s: sum(r.status == s for r in ordered) for s in ("executed", "cached", "failed")}
    progress(
        f"notebooks: {counts['executed']} executed, {counts['cached']} cached, "
        f"{counts['failed']} failed in {time.perf_counter() - start:.1f} s"
    )
    failed = [r.error for r in ordered if r.status == "failed"]
    if failed:
        raise NotebookError("\n".join(failed))
    return ordered


def run_named(
    names: list[str],
    overrides: dict[str, str],
    n_jobs: int | None = None,
    root: Path = paths.ROOT,
    progress: Callable[[str], None] = print,
) -> list[Path]:
    """Execute the named notebooks (or the whole grid when none is named) with overrides.

    Every parameter is checked before anything executes. Each result is copied to
    `_build/run/<page>/` (notebook.ipynb and figures/); returns those folders.
    """
    if names:
        jobs = [job(n, overrides) for n in names]
    else:
        if overrides:
            raise ParameterError(
                "parameters given without a notebook; name the notebook they are for"
            )
        jobs = grid()
    results = run(
        jobs, n_jobs, root / "_build" / "cache", root, root / "notebooks", progress=progress
    )
    folders = []
    for r in results:
        dest = root / "_build" / "run" / r.job.page.removeprefix("notebooks/").replace("/", "-")
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(r.output, dest)
        folders.append(dest)
        progress(f"{r.job.label()}: {paths.display(dest / 'notebook.ipynb', root)}")
    return folders
