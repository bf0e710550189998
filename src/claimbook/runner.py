"""Execute notebooks with papermill: the book's grid or named notebooks, in parallel, cached.

Each notebook runs in a fresh standard kernel (papermill's default), several at once in a
process pool across the cores. An execution is cached in `CACHE/<key>/` (`notebook.ipynb` and
the `figures/` it wrote), the key being everything that can change its output and is known
before it runs: the template, the parameters, the lock file, Python's version, the package
source, and the digests of the data tables the notebook declares in the registry (`params`;
the ledger refuses to read a table the running notebook did not declare, so a declaration
cannot go stale). Editing `data/events.csv` re-executes exactly the notebooks that declare
events; editing one template, that notebook; editing the package, every notebook; editing
nothing, none. Going back to older data finds its executions again. An execution during
which a declared input changed is shown once but not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import figures, ledger, paths
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
        for row in nb.grid():
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


# The package's own files: a change to any of them re-executes every notebook.
PACKAGE = Path(__file__).resolve().parent


def digest(path: Path) -> str:
    """A file's SHA-256 ('missing' when there is no such file)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "missing"


def package_digest(package: Path = PACKAGE) -> str:
    """A digest of the package source (its modules and matplotlibrc), bytecode left out."""
    h = hashlib.sha256()
    for f in sorted(package.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(package)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def inputs(job: Job, root: Path = paths.ROOT) -> list[Path]:
    """The data files a job reads: the tables its notebook declares (and those their keys name)
    with their schemas and the descriptor, and a SIPRI register given as a parameter."""
    nb = params_mod.NOTEBOOKS[job.notebook]
    files = ledger.resource_files(root / "data" / "datapackage.json", nb.tables)
    register = job.parameters.get("sipri_register")
    if register:
        files.append(Path(register))  # absolute: params.coerce resolves path parameters
    return files


def cache_key(
    job: Job, notebooks: Path = paths.NOTEBOOKS, root: Path = paths.ROOT, code: str = ""
) -> str:
    """The job's cache folder name: its template and parameters, the lock file, Python's
    version, the package source and the digests of the data files the notebook declares.
    `code` is `package_digest()`, computed once per build by the caller."""
    h = hashlib.sha256()
    h.update(template(job.notebook, notebooks).read_bytes() + b"\0")
    h.update(json.dumps(job.parameters, sort_keys=True).encode() + b"\0")
    h.update((root / "requirements.lock").read_bytes() + b"\0")
    h.update((code or package_digest()).encode() + sys.version.encode() + b"\0")
    for f in inputs(job, root):
        h.update(paths.display(f, root).encode() + b"\0" + digest(f).encode() + b"\0")
    return h.hexdigest()[:24]


def execute(job: Job, out: Path, notebooks: Path = paths.NOTEBOOKS) -> float:
    """Run one notebook with papermill into `out/notebook.ipynb` (figures in `out/figures/`).

    Runs in its own working directory; on failure raises NotebookError naming notebook and cell.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    # The kernel inherits this worker's environment: figures go to the run's own folder.
    os.environ[figures.FIGURES_ENV] = str(out / "figures")
    # The kernel inherits this process's stderr; keep its chatter in a log beside the output.
    saved = os.dup(2)
    log = os.open(out / "kernel.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 2)
    try:
        pm.execute_notebook(
            str(template(job.notebook, notebooks)),
            str(out / "notebook.ipynb"),
            parameters=job.parameters,
            # As when a reader opens the notebook in Jupyter: the root is found from here.
            cwd=str(notebooks),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            # Every cell has finished and its outputs are in: stop the kernel at once rather
            # than wait for the interpreter's own shutdown (about a second per notebook).
            shutdown_kernel="immediate",
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


# Kernels started at the same moment can race for ports; such a start is tried once more.
KERNEL_START_FAILURES = ("Kernel died before replying", "Kernel didn't respond")


def _execute_into_cache(
    job: Job, entry: Path, notebooks: Path, root: Path, code: str
) -> tuple[float, Path | None]:
    """Worker: execute into a temporary folder and move it to the cache entry on success;
    returns seconds and the entry, or None as the entry when a declared input changed while
    the notebook ran (the output is then used once but not kept: it may mix two versions).

    A kernel that fails to start is tried once more; any other failure becomes a NotebookError
    (one line) and the kernel's log is kept beside the cache as `<entry>.kernel.log`."""
    tmp = entry.with_name(entry.name + f".tmp-{os.getpid()}")
    for attempt in (1, 2):
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            seconds = execute(job, tmp, notebooks)
            if cache_key(job, notebooks, root, code) != entry.name:
                kept = entry.with_name(entry.name + ".changed-during-run")
                shutil.rmtree(kept, ignore_errors=True)
                tmp.rename(kept)
                return seconds, kept
            shutil.rmtree(entry, ignore_errors=True)
            tmp.rename(entry)
            return seconds, entry
        except NotebookError:
            _keep_log(tmp, entry)
            raise
        except Exception as e:  # noqa: BLE001 - anything papermill or the kernel raises
            if attempt == 1 and any(m in str(e) for m in KERNEL_START_FAILURES):
                continue
            log = _keep_log(tmp, entry)
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
    code = package_digest()
    for j in jobs:
        entry = cache / cache_key(j, notebooks, root, code)
        if (entry / "notebook.ipynb").is_file():
            results[j] = Result(j, "cached", 0.0, entry)
            progress(f"[{len(results)}/{total}] {j.label()}: cached")
        else:
            todo.append((j, entry))
            progress(f"[queued] {j.label()}")
    start = time.perf_counter()
    if todo:
        with ProcessPoolExecutor(max_workers=min(n_jobs, len(todo))) as pool:
            running: dict[Future, Job] = {}
            for j, entry in todo:
                running[pool.submit(_execute_into_cache, j, entry, notebooks, root, code)] = j
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


def prepare(root: Path = paths.ROOT) -> list[Path]:
    """Write a ready-to-run copy of each page the book makes from a template with parameters
    (the audit page of each paper) at the page's own path, `notebooks/<name>/<value>.ipynb`,
    with those parameters injected (papermill's prepare-only). The page's launch button opens
    that copy. The copies are not tracked (git ignores them): Binder's postBuild and
    `make lab` make them."""
    import papermill as pm

    written = []
    for j in grid():
        if j.page == f"notebooks/{j.notebook}":
            continue
        out = root / f"{j.page}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        pm.execute_notebook(
            str(template(j.notebook, root / "notebooks")),
            str(out),
            parameters=j.parameters,
            prepare_only=True,
            progress_bar=False,
            log_output=False,
        )
        written.append(out)
    return written


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
