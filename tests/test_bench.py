"""The benchmark's pure parts: summary parsing, medians, ratios, targets, the table.

No benchmark runs here: speed is measured by `make bench`, not asserted in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import bench
import psutil
import pytest
from bench import Run, Step


def step(name: str, seconds: list[float], executed: int = 0, rss: int = 100 * bench.MIB) -> Step:
    return Step(name, [Run(s, rss, executed) for s in seconds])


def steps(naive=100.0, clean=40.0, noop=2.0, one=15.0, noop_n=0, one_n=1) -> dict[str, Step]:
    return {
        "naive": step("naive", [naive, naive + 10, naive - 10], 13),
        "clean": step("clean", [clean, clean + 1, clean - 1], 13),
        "noop": step("noop", [noop] * 3, noop_n),
        "one": step("one", [one] * 3, one_n),
    }


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("notebooks: 13 executed, 0 cached, 0 failed in 41.2 s\n", (13, 0, 0)),
        ("x\nnotebooks: 0 executed, 13 cached, 0 failed in 0.0 s\nbook: done", (0, 13, 0)),
        ("notebooks: 1 executed, 12 cached\n", (1, 12, 0)),
        ("notebooks: 2 executed, 11 cached\nnotebooks: 1 executed, 12 cached", (1, 12, 0)),
        ("book: 3 file(s) changed in the stage\n", None),
    ],
)
def test_the_summary_line_gives_executed_cached_failed(output, expected):
    assert bench.parse_summary(output) == expected


def test_median_ratio_and_floor():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([1.0, 2.0, 3.0, 10.0]) == 2.5
    with pytest.raises(ValueError):
        bench.median([])
    assert bench.ratio(30.0, 60.0) == 0.5
    assert bench.ratio(1.0, 0.0) == float("inf")
    assert bench.floor_seconds([5.0, 5.0, 6.0, 4.0], 2, 30.0) == 40.0
    assert bench.floor_seconds([5.0], 0, 1.0) == 6.0


def test_every_target_holds_when_the_build_is_fast_enough():
    targets = bench.check_targets(steps(), floor=40.0)
    assert [t.held for t in targets] == [True, True, True, True]
    assert all(t.line().endswith("held") for t in targets)


@pytest.mark.parametrize(
    ("kwargs", "floor", "missed"),
    [
        ({"clean": 61.0}, 100.0, "clean ≤ 0.6 × naive"),
        ({"noop": 3.5}, 40.0, "no-op ≤ 0.03 × naive, 0 executed"),
        ({"noop_n": 1}, 40.0, "no-op ≤ 0.03 × naive, 0 executed"),
        ({"one": 20.5}, 40.0, "one notebook ≤ 0.2 × naive, 1 executed"),
        ({"one_n": 2}, 40.0, "one notebook ≤ 0.2 × naive, 1 executed"),
        ({}, 34.0, "clean ≤ 1.15 × floor"),
    ],
)
def test_a_missed_target_is_reported_as_missed(kwargs, floor, missed):
    targets = {t.text: t for t in bench.check_targets(steps(**kwargs), floor)}
    assert not targets[missed].held
    assert targets[missed].line().endswith("MISSED")
    assert all(t.held for text, t in targets.items() if text != missed)


def test_the_table_has_one_row_per_step_with_median_runs_ratio_memory_and_count():
    s = steps()
    s["one"].runs[1].executed = 2
    lines = bench.render_table(s).splitlines()
    assert lines[0] == (
        "| step | median s | runs | ratio to naive | peak memory MiB | notebooks executed |"
    )
    assert len(lines) == 2 + 4
    naive, clean, noop, one = (line.split(" | ") for line in lines[2:])
    assert naive[1:] == ["100.0", "100.0, 110.0, 90.0", "1.00", "100", "13 |"]
    assert clean[1:] == ["40.0", "40.0, 41.0, 39.0", "0.40", "100", "13 |"]
    assert noop[1:] == ["2.0", "2.0, 2.0, 2.0", "0.02", "100", "0 |"]
    assert one[-1] == "1, 2, 1 |"


def test_the_report_holds_the_table_the_floor_and_every_target():
    s = steps()
    targets = bench.check_targets(s, 40.0)
    report = bench.render_report(s, 40.0, "how", targets, "notes")
    assert bench.render_table(s) in report
    assert "Floor: 40.0 s (how)." in report
    assert all(t.line() in report for t in targets)


def test_the_copy_leaves_out_build_output_and_staging_only_under_data(tmp_path: Path):
    names = [".git", ".venv", "_build", "__pycache__", "x.egg-info", "staging", "notebooks"]
    assert bench.ignore(str(tmp_path / "data"), names) == set(names) - {"notebooks"}
    assert "staging" not in bench.ignore(str(tmp_path / "pages"), names)


def test_each_edit_of_the_template_is_distinct_and_only_touches_markdown(tmp_path: Path):
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["x = 1"], "metadata": {}},
            {"cell_type": "markdown", "source": ["# Energy\n", "\n", "Gas."], "metadata": {}},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    original = json.dumps(nb).encode()
    path = tmp_path / "energy.ipynb"
    edits = []
    for n in (1, 2):
        bench.edit_markdown(path, original, n)
        edits.append(json.loads(path.read_text(encoding="utf-8")))
    assert edits[0] != edits[1]
    for edited in edits:
        assert edited["cells"][0] == nb["cells"][0]
        assert "".join(edited["cells"][1]["source"]).startswith("# Energy\n\nGas.")


def test_tree_memory_adds_the_children_and_is_zero_once_the_process_is_gone():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.5)
        alone = psutil.Process().memory_full_info().pss
        assert bench.tree_memory(os.getpid()) > alone  # the child's share is added
    finally:
        child.kill()
        child.wait()
    assert bench.tree_memory(child.pid) == 0


def test_a_steps_memory_is_its_sampled_run_and_its_median_the_timed_runs_only():
    # Three timed runs (not sampled: peak 0) and one sampled run of 300 MiB that took 60 s
    # (the sampler's cost): the median is the middle of 40, 41, 39, the peak the sampled run's.
    step = bench.Step("clean", [bench.Run(s, 0, 13) for s in (40.0, 41.0, 39.0)])
    step.memory = 300 * bench.MIB
    assert step.median() == 40.0 and step.peak_rss() == 300 * bench.MIB
