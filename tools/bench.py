"""Benchmark the book build against the naive pipeline; `make bench` runs it.

In a fresh temporary copy of the project (CLAIMBOOK_ROOT points every process at it), each step
is timed `--repeat` times as its own subprocess (naive and clean alternately), then run once
more with its peak memory sampled over the process tree:

- naive: papermill on every notebook of the grid one after another (no cache), then the stage
  assembled and a full `jupyter-book build --all` from scratch;
- clean: `claimbook build` with `_build` deleted (empty cache);
- no-op: `claimbook build` again, nothing changed;
- one notebook: `claimbook build` after a new, distinct edit of one template's markdown, from a
  cache that is warm for the unedited template.

Prints a Markdown table and the targets (held or MISSED), and writes both to `_build/bench.md`
of the real project. Exits non-zero only when a step fails, never for a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from claimbook import figures, paths, runner

# The notebook template whose first markdown cell the one-notebook step edits.
TOUCHED = "energy"
# Sampling interval of the memory poller, in seconds.
POLL = 0.1
# What the copy leaves out (names anywhere, and data/staging, which the build never reads).
IGNORED_NAMES = {".git", ".venv", "_build", "__pycache__"}
SUMMARY = re.compile(r"notebooks: (\d+) executed, (\d+) cached(?:, (\d+) failed)?")
MIB = 1024 * 1024
R = TypeVar("R")


class StepFailed(Exception):
    """A measured step exited non-zero (a build error, not a missed target)."""

    def cause(self) -> str:
        """The last non-empty line of the output: usually the exception."""
        lines = [ln.strip() for ln in str(self).splitlines() if ln.strip()]
        return lines[-1] if lines else "unknown error"


@dataclass
class Run:
    """One timed repetition of a step."""

    seconds: float
    peak_rss: int
    executed: int


@dataclass
class Step:
    """A measured step and its repetitions."""

    name: str
    runs: list[Run] = field(default_factory=list)
    # Peak memory of one more run, sampled; the timed runs are not (the sampler costs CPU).
    memory: int = 0

    def median(self) -> float:
        return median([r.seconds for r in self.runs])

    def peak_rss(self) -> int:
        return max([self.memory, *(r.peak_rss for r in self.runs)])

    def executed(self) -> list[int]:
        return [r.executed for r in self.runs]


@dataclass(frozen=True)
class Target:
    """A target the build should meet, and whether it did."""

    text: str
    held: bool
    detail: str

    def line(self) -> str:
        return f"- {self.text}: {self.detail} — {'held' if self.held else 'MISSED'}"


# --- pure parts (unit-tested) ------------------------------------------------------------


def parse_summary(output: str) -> tuple[int, int, int] | None:
    """(executed, cached, failed) from the last `notebooks: N executed, M cached` line."""
    matches = SUMMARY.findall(output)
    if not matches:
        return None
    executed, cached, failed = matches[-1]
    return int(executed), int(cached), int(failed or 0)


def median(values: Sequence[float]) -> float:
    """The median of the values (ValueError when there are none)."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def ratio(value: float, base: float) -> float:
    """value / base, infinite when the base is zero."""
    return value / base if base > 0 else float("inf")


def floor_seconds(notebook_seconds: Sequence[float], cores: int, sphinx: float) -> float:
    """The best any build could do: the notebooks spread over every core, plus one Sphinx run."""
    return sum(notebook_seconds) / max(cores, 1) + sphinx


def within(
    text: str, step: Step, limit: float, base: float, base_name: str, executed: int | None = None
) -> Target:
    """Target: the step's median ≤ limit × base, and (if given) exactly `executed` notebooks
    executed in every run."""
    value = step.median()
    held = value <= limit * base
    detail = f"{value:.1f} s vs {limit} × {base:.1f} s {base_name} = {limit * base:.1f} s"
    detail += f" ({ratio(value, base):.2f} ×)"
    if executed is not None:
        counts = step.executed()
        held = held and all(c == executed for c in counts)
        detail += f"; executed {', '.join(map(str, counts))} (want {executed})"
    return Target(text, held, detail)


def check_targets(steps: dict[str, Step], floor: float) -> list[Target]:
    """The four targets: clean, no-op and one-notebook against naive; clean against the floor."""
    naive = steps["naive"].median()
    return [
        within("clean ≤ 0.6 × naive", steps["clean"], 0.6, naive, "naive"),
        within("no-op ≤ 0.03 × naive, 0 executed", steps["noop"], 0.03, naive, "naive", 0),
        within("one notebook ≤ 0.2 × naive, 1 executed", steps["one"], 0.2, naive, "naive", 1),
        within("clean ≤ 1.15 × floor", steps["clean"], 1.15, floor, "floor"),
    ]


LABELS = {
    "naive": "(a) naive: papermill one by one + full jupyter-book",
    "clean": "(b) claimbook build, empty cache",
    "noop": "(c) claimbook build, nothing changed",
    "one": "(d) claimbook build, one notebook changed",
}


def executed_cell(counts: Sequence[int]) -> str:
    """`13` when every run executed the same number, else each run's count."""
    return str(counts[0]) if len(set(counts)) == 1 else ", ".join(map(str, counts))


def render_table(steps: dict[str, Step]) -> str:
    """The Markdown table: step | median s | runs | ratio to naive | peak memory MiB | executed."""
    naive = steps["naive"].median()
    lines = [
        "| step | median s | runs | ratio to naive | peak memory MiB | notebooks executed |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for name, step in steps.items():
        runs = ", ".join(f"{r.seconds:.1f}" for r in step.runs)
        lines.append(
            f"| {LABELS.get(name, name)} | {step.median():.1f} | {runs} "
            f"| {ratio(step.median(), naive):.2f} | {step.peak_rss() / MIB:.0f} "
            f"| {executed_cell(step.executed())} |"
        )
    return "\n".join(lines)


def render_report(
    steps: dict[str, Step], floor: float, floor_detail: str, targets: list[Target], notes: str
) -> str:
    """The whole report: table, memory method, floor and the targets."""
    return "\n".join(
        [
            "# Build benchmark",
            "",
            notes,
            "",
            render_table(steps),
            "",
            f"Floor: {floor:.1f} s ({floor_detail}).",
            "",
            "Targets:",
            "",
            *(t.line() for t in targets),
            "",
        ]
    )


# --- measuring ----------------------------------------------------------------------------


def ignore(src: str, names: list[str]) -> set[str]:
    """shutil.copytree's ignore: build output, VCS, venv, caches, egg-info and data/staging."""
    skip = {n for n in names if n in IGNORED_NAMES or n.endswith(".egg-info")}
    if Path(src).name == "data" and "staging" in names:
        skip.add("staging")
    return skip


def copy_project(src: Path, dst: Path) -> Path:
    """A fresh copy of the working tree, without anything a build makes."""
    shutil.copytree(src, dst, ignore=ignore, symlinks=True)
    return dst


def tree_memory(pid: int) -> int:
    """The summed PSS of a process and all its descendants (0 once it is gone).

    PSS (proportional set size) counts a page shared by n processes as 1/n in each (RSS where
    the system does not report PSS)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        total += getattr(info, "pss", info.rss)
    return total


def have_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def children_maxrss() -> int:
    """The largest RSS of any finished child so far, in bytes (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def measure(
    cmd: list[str], env: dict[str, str], cwd: Path, log: Path, sample: bool = True
) -> tuple[float, int, str]:
    """Run a command, output to `log`; return (seconds, peak memory in bytes, output); peak 0
    unless `sample`.

    Raises StepFailed with the end of the output when it exits non-zero.
    """
    sampled = sample and have_psutil()
    before = children_maxrss()
    peak = 0
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        while sampled and proc.poll() is None:
            peak = max(peak, tree_memory(proc.pid))
            time.sleep(POLL)
        proc.wait()
        seconds = time.perf_counter() - start
    if sample and not sampled:
        peak = max(children_maxrss(), before)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        tail = "\n".join(text.splitlines()[-60:])
        raise StepFailed(f"{' '.join(cmd[:3])} exited {proc.returncode} (log {log}):\n{tail}")
    return seconds, peak, text


def memory_method() -> str:
    if have_psutil():
        return (
            f"Peak memory MiB: the largest summed PSS of the step's whole process tree (psutil, "
            f"sampled every {POLL} s; a page shared by n processes counts 1/n in each), in one "
            "more run of the step; the timed runs are not sampled (reading every process's "
            "PSS ten times a second took about a fifth of a core from the build)."
        )
    return (
        "Peak memory MiB: resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, the largest single "
        "child process so far (psutil unavailable; not a tree total), max over runs."
    )


@dataclass
class Bench:
    """The copy being measured and how to run commands in it."""

    root: Path
    work: Path
    env: dict[str, str]
    jobs: int | None
    progress: Callable[[str], None] = print
    retried: list[str] = field(default_factory=list)

    def build_cmd(self) -> list[str]:
        exe = Path(sys.executable).parent / "claimbook"
        return [str(exe), "build"] + (["--jobs", str(self.jobs)] if self.jobs else [])

    def build(self, tag: str, sample: bool = False) -> Run:
        """`claimbook build` in the copy, timed; its memory sampled only when `sample`."""
        seconds, peak, text = measure(
            self.build_cmd(), self.env, self.root, self.work / f"{tag}.log", sample
        )
        summary = parse_summary(text)
        if summary is None:
            raise StepFailed(f"{tag}: no `notebooks: ...` summary line in the build output")
        return Run(seconds, peak, summary[0])

    def naive(self, tag: str, sample: bool = False) -> tuple[Run, dict]:
        """The naive pipeline in a subprocess; returns the run and its per-part times."""
        out = self.work / tag
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--naive-worker", str(out)]
        seconds, peak, _ = measure(cmd, self.env, self.root, self.work / f"{tag}.log", sample)
        times = json.loads((out / "times.json").read_text(encoding="utf-8"))
        shutil.rmtree(out, ignore_errors=True)
        return Run(seconds, peak, len(times["notebooks"])), times


def retrying(b: Bench, what: str, attempt: Callable[[], R]) -> R:
    """Run `attempt`; after a failure, note it and try once more (a second failure is the
    step's). Parallel kernel start-ups occasionally die (a ZMQ port race), which is a finding,
    not a reason to lose the whole benchmark."""
    try:
        return attempt()
    except StepFailed as e:
        b.retried.append(f"{what} failed and was retried: {e.cause()}")
        b.progress(f"[{what}] FAILED ({e.cause()}); retrying once")
        return attempt()


def report_run(progress: Callable[[str], None], step: str, i: int, n: int, run: Run) -> None:
    peak = f", peak {run.peak_rss / MIB:.0f} MiB" if run.peak_rss else ""
    progress(f"[{step} {i}/{n}] {run.seconds:.1f} s, {run.executed} executed{peak}")


def naive_run(b: Bench, step: Step, i: int, repeat: int) -> dict:
    """The i-th naive run: timed, or, past `repeat`, sampled for memory only."""
    if i > repeat:
        run, t = retrying(b, "naive memory run", lambda: b.naive("naive-memory", sample=True))
        step.memory = run.peak_rss
        return t
    run, t = retrying(b, f"naive run {i}", lambda: b.naive(f"naive-{i}"))
    step.runs.append(run)
    report_run(b.progress, step.name, i, repeat, run)
    return t


def build_run(b: Bench, step: Step, i: int, repeat: int, before: Callable[[int], None]) -> None:
    """`before(i)` (untimed), then the i-th `claimbook build`: timed, or, past `repeat`,
    sampled for memory only (sampling takes CPU from the build, so that run's time is not
    counted)."""

    def attempt() -> Run:
        before(i)
        return b.build(f"{step.name}-{i}", sample=i > repeat)

    run = retrying(b, f"{step.name} run {i}", attempt)
    if i > repeat:
        step.memory = run.peak_rss
        return
    step.runs.append(run)
    report_run(b.progress, step.name, i, repeat, run)


def bench_builds(b: Bench, repeat: int, step: Step, before: Callable[[int], None]) -> None:
    """`repeat` timed builds, then one sampled for memory."""
    for i in range(1, repeat + 2):
        build_run(b, step, i, repeat, before)


def edit_markdown(template: Path, original: bytes, n: int) -> None:
    """Write the template with the n-th distinct edit to its first markdown cell."""
    nb = json.loads(original)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    source = "".join(cell["source"]) + f"\n\n<!-- bench edit {n} -->"
    cell["source"] = source.splitlines(keepends=True)
    template.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def bench_one_notebook(b: Bench, repeat: int, step: Step) -> None:
    """Per repetition: restore the template, warm the cache (untimed), edit it anew, build."""
    template = b.root / "notebooks" / f"{TOUCHED}.ipynb"
    original = template.read_bytes()

    def before(i: int) -> None:
        template.write_bytes(original)
        b.build(f"one-warm-{i}")
        edit_markdown(template, original, i)

    try:
        bench_builds(b, repeat, step, before)
    finally:
        template.write_bytes(original)


def clean_cache(b: Bench) -> Callable[[int], None]:
    return lambda _i: shutil.rmtree(b.root / "_build", ignore_errors=True)


def run_all(b: Bench, repeat: int) -> tuple[dict[str, Step], list[dict]]:
    """Naive and clean runs alternately (this machine's speed drifts over minutes: a drift
    should move both, not the ratio between them), then no-op and one notebook."""
    steps = {name: Step(name) for name in ("naive", "clean", "noop", "one")}
    times = []
    for i in range(1, repeat + 2):
        t = naive_run(b, steps["naive"], i, repeat)
        times += [t] if i <= repeat else []
        build_run(b, steps["clean"], i, repeat, clean_cache(b))
    bench_builds(b, repeat, steps["noop"], lambda _i: None)
    bench_one_notebook(b, repeat, steps["one"])
    return steps, times


def floor_of(times: list[dict], cores: int) -> tuple[float, str]:
    """The floor (median over naive runs) and how it was computed."""
    floors = [floor_seconds(list(t["notebooks"].values()), cores, t["sphinx"]) for t in times]
    nb = median([sum(t["notebooks"].values()) for t in times])
    sphinx = median([t["sphinx"] for t in times])
    detail = (
        f"median over naive runs of Σ notebook execution / {cores} cores + one full Sphinx "
        f"build; medians: Σ notebooks {nb:.1f} s, jupyter-book {sphinx:.1f} s"
    )
    return median(floors), detail


def notebook_lines(times: list[dict]) -> list[str]:
    """Each notebook's median bare execution time in the naive runs."""
    pages = list(times[0]["notebooks"])
    return [f"- {p}: {median([t['notebooks'][p] for t in times]):.1f} s" for p in pages]


# --- the naive pipeline (run in a subprocess by `--naive-worker`) ------------------------


def execute_plain(job: runner.Job, out: Path, notebooks: Path) -> float:
    """papermill as a reader runs it, with its defaults, on one job into
    `out/notebook.ipynb` (figures in `out/figures`); seconds. No cache, no pool, no tuning."""
    import papermill as pm

    out.mkdir(parents=True, exist_ok=True)
    os.environ[figures.FIGURES_ENV] = str(out / "figures")
    start = time.perf_counter()
    pm.execute_notebook(
        str(runner.template(job.notebook, notebooks)),
        str(out / "notebook.ipynb"),
        parameters=job.parameters,
        cwd=str(notebooks),
        progress_bar=False,
    )
    return time.perf_counter() - start


def full_jupyter_book(stage: Path) -> float:
    """`jupyter-book build --all` from scratch on the stage (same strictness as the build)."""
    shutil.rmtree(stage / "_build", ignore_errors=True)
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe), "build", str(stage), "--all", "--warningiserror", "--keep-going", "--quiet"]
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True)
    return time.perf_counter() - start


def naive_worker(out: Path, root: Path = paths.ROOT) -> dict:
    """Every grid notebook one after another, then assemble (with the includes generated from
    the data, as `claimbook build` does) and a full Jupyter Book build."""
    from claimbook import book, ledger

    times: dict = {"notebooks": {}}
    results = []
    for job in runner.grid():
        dest = out / job.page.replace("/", "-")
        seconds = execute_plain(job, dest, root / "notebooks")
        times["notebooks"][job.page] = seconds
        results.append(runner.Result(job, "executed", seconds, dest))
        print(f"naive: {job.page} in {seconds:.1f} s", flush=True)
    stage = out / "stage"
    book.assemble(results, stage, root, ledger.load(root / "data" / "datapackage.json"))
    times["sphinx"] = full_jupyter_book(stage)
    (out / "times.json").write_text(json.dumps(times, indent=1), encoding="utf-8")
    return times


# --- command line --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python tools/bench.py", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per step (default 3)")
    parser.add_argument(
        "--jobs", type=int, default=None, help="claimbook build --jobs (default: cores)"
    )
    parser.add_argument("--naive-worker", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def notes_line(repeat: int, jobs: int | None, cores: int, load: tuple[float, float]) -> str:
    return (
        f"{cores} cores; claimbook build --jobs {jobs or 'default (cores)'}; "
        f"{repeat} repetitions per step, each step a subprocess in a fresh copy of the project; "
        f"1-minute load average {load[0]:.1f} at the start, {load[1]:.1f} at the end "
        "(other work on the machine inflates every time)."
    )


def copy_env(root: Path) -> dict[str, str]:
    """The environment of every measured process: the copy's data and the copy's package.

    The venv's install may point at a working tree that others are editing; PYTHONPATH puts
    the copy's `src` first so builds, kernels and Sphinx all import the copy.
    """
    env = dict(os.environ, CLAIMBOOK_ROOT=str(root), CLAIMBOOK_PAPERS=str(paths.PAPERS))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root / "src"), env.get("PYTHONPATH")]))
    env.pop("CLAIMBOOK_FIGURES", None)
    return env


def write_report(text: str, build: Path = paths.BUILD) -> Path:
    build.mkdir(parents=True, exist_ok=True)
    path = build / "bench.md"
    path.write_text(text, encoding="utf-8")
    return path


def benchmark(repeat: int, jobs: int | None) -> str:
    """Run every step in a temporary copy of the project; return the report."""
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="claimbook-bench-"))
    load = os.getloadavg()[0]
    root = copy_project(paths.ROOT, work / "project")
    b = Bench(root, work, copy_env(root), jobs)
    steps, times = run_all(b, repeat)
    shutil.rmtree(work, ignore_errors=True)  # kept, with the logs, when a step failed
    floor, detail = floor_of(times, cores)
    notes = notes_line(repeat, jobs, cores, (load, os.getloadavg()[0])) + "\n\n" + memory_method()
    notes += "\n\nRetried runs: " + ("; ".join(b.retried) if b.retried else "none") + "."
    report = render_report(steps, floor, detail, check_targets(steps, floor), notes)
    return (
        report
        + "\nNaive run, median bare execution per notebook:\n\n"
        + ("\n".join(notebook_lines(times)) + "\n")
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.naive_worker:
        naive_worker(args.naive_worker)
        return
    try:
        report = benchmark(args.repeat, args.jobs)
    except StepFailed as e:
        print(f"bench: a step FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    print(report)
    print(f"written to {paths.display(write_report(report))}")


if __name__ == "__main__":
    main()
