"""The book: page assembly, atomic publishing, one slow end-to-end build from a clean copy."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimbook import book, papers, params, paths, runner
from claimbook.errors import BuildError
from claimbook.runner import Job, Result

# Tests here edit the built copy, rebuild and put it back: one worker runs them in turn.
pytestmark = pytest.mark.xdist_group("book")


def executed(tmp_path: Path, outputs: list | None = None) -> Result:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"tags": ["parameters"]},
                "source": "papers = []",
                "outputs": [],
            },
            {
                "cell_type": "code",
                "metadata": {"tags": ["injected-parameters"]},
                "source": "papers = ['karayel2024']",
                "outputs": [],
            },
            {
                "cell_type": "code",
                "metadata": {"papermill": {"duration": 1.5}},
                "source": "1",
                "outputs": outputs or [],
            },
        ],
        "metadata": {"papermill": {"start_time": "2026-01-01"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "notebook.ipynb").write_text(json.dumps(nb), "utf-8")
    return Result(
        Job("claims", {"papers": ["karayel2024"]}, "notebooks/claims"), "executed", 1, tmp_path
    )


def test_published_page_hides_parameter_cells_and_shows_the_parameters_used(tmp_path):
    nb = json.loads(book.publishable(executed(tmp_path)))
    tags = [c["metadata"].get("tags", []) for c in nb["cells"]]
    assert "remove-cell" in tags[0] and "remove-cell" in tags[1]
    table = nb["cells"][2]
    assert table["cell_type"] == "markdown" and "| `papers` | `karayel2024` |" in table["source"]
    assert "claimbook run claims -p papers karayel2024" in table["source"]
    # Run times are dropped so that an unchanged result gives a byte-identical page.
    assert "papermill" not in nb["metadata"] and "papermill" not in nb["cells"][3]["metadata"]


def test_a_page_per_paper_is_titled_with_the_papers_short_label(tmp_path):
    result = executed(tmp_path)
    nb = json.loads((tmp_path / "notebook.ipynb").read_text())
    nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "# Audit\n\nText."})
    (tmp_path / "notebook.ipynb").write_text(json.dumps(nb), "utf-8")
    page = json.loads(book.publishable(result, "Audit: Karayel 2024"))
    assert page["cells"][0]["source"] == "# Audit: Karayel 2024\n\nText."
    # "Karayel 2024" is karayel2024's short label in data/papers.csv.
    assert params.NOTEBOOKS["audit"].page_title({"paper": "karayel2024"}) == "Audit: Karayel 2024"
    assert params.NOTEBOOKS["trade"].page_title({}) is None


def test_a_page_with_an_error_output_is_not_published(tmp_path):
    error = [{"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": []}]
    with pytest.raises(BuildError, match="notebooks/claims.ipynb: cell 2 has an error output"):
        book.publishable(executed(tmp_path, error))


def test_write_if_changed_keeps_the_mtime_of_unchanged_files(tmp_path):
    f = tmp_path / "a.txt"
    assert book.write_if_changed(f, b"x")
    os.utime(f, (1, 1))
    assert not book.write_if_changed(f, b"x") and f.stat().st_mtime == 1
    assert book.write_if_changed(f, b"y") and f.read_bytes() == b"y"


def test_publish_swaps_in_the_new_book(tmp_path):
    old, new = tmp_path / "html", tmp_path / "built"
    old.mkdir(), new.mkdir()
    (old / "index.html").write_text("old"), (new / "index.html").write_text("new")
    book.publish(new, old)
    assert (old / "index.html").read_text() == "new"
    assert not (tmp_path / "html.old").exists() and not (tmp_path / "html.new").exists()


def build(root: Path) -> subprocess.CompletedProcess:
    """`claimbook build` in a copy of the project, as a user runs it."""
    env = dict(os.environ, CLAIMBOOK_ROOT=str(root))
    exe = Path(sys.executable).parent / "claimbook"
    return subprocess.run([exe, "build"], cwd=root, env=env, capture_output=True, text=True)


def summary(proc: subprocess.CompletedProcess) -> str:
    return next(ln for ln in proc.stdout.splitlines() if ln.startswith("notebooks: "))


@contextlib.contextmanager
def edited(path: Path, text: str):
    """`path` holds `text` inside the block and its old content again after it."""
    good = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        yield good
    finally:
        path.write_text(good, encoding="utf-8")


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


@pytest.mark.slow
def test_end_to_end_build_shows_the_introduction_and_every_claim(built_copy):
    html = built_copy / "_build" / "html"
    intro = (html / "intro.html").read_text(encoding="utf-8")
    for author in ("Mehdiyev", "Karayel", "Hajizade", "Ismayilov"):
        assert author in intro
    # The first screen: the findings, then one line per theme page (its own opening's first
    # sentence, linked), and only then the headline figure.
    assert intro.index("Key findings") < intro.index("verdicts-by-paper.svg")
    assert intro.index("Theme by theme") < intro.index("verdicts-by-paper.svg")
    assert 'href="notebooks/trade.html"' in intro and "2.34 + 2.68 = 5.02" in intro
    claims_page = (html / "notebooks" / "claims.html").read_text(encoding="utf-8")
    with open(built_copy / "data" / "claims.csv", encoding="utf-8") as fh:
        ids = [r["claim_id"] for r in csv.DictReader(fh)]
    missing = [i for i in ids if i not in claims_page]
    assert not missing
    assert "Traceback" not in claims_page


@pytest.mark.slow
def test_the_committed_figures_are_what_the_build_makes(built_copy):
    made = {f.name: f.read_bytes() for f in (built_copy / "figures").iterdir()}
    committed = {f.name: f.read_bytes() for f in paths.FIGURES.iterdir()}
    assert sorted(made) == sorted(committed), "figures/ is stale: run `make book` and commit it"
    changed = [name for name in made if made[name] != committed[name]]
    assert not changed, f"figures differ from the build (re-commit them): {changed[:5]}"


@pytest.mark.slow
def test_every_launch_link_opens_a_notebook_that_runs_with_its_pages_parameters(built_copy):
    html = built_copy / "_build" / "html"
    runner.prepare(built_copy)  # what Binder's postBuild and `make lab` run
    links = set()
    for page in html.rglob("*.html"):
        links |= set(
            re.findall(
                r"mybinder\.org/v2/gh/[^\"?]+\?urlpath=lab/tree/([^\"&]+)",
                page.read_text(encoding="utf-8"),
            )
        )
    assert links, "no launch links found"
    missing = [p for p in links if not (built_copy / p).is_file()]
    assert not missing
    assert links == {f"{j.page}.ipynb" for j in runner.grid()}
    # Each audit page's notebook audits that page's paper: papermill injected its parameter.
    for key in papers.keys():
        nb = json.loads((built_copy / f"notebooks/audit/{key}.ipynb").read_text("utf-8"))
        injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"]["tags"]]
        assert f'paper = "{key}"' in "".join(injected[0]["source"])


@pytest.mark.slow
def test_a_notebook_that_raises_fails_the_build_naming_notebook_and_cell(built_copy):
    html = built_copy / "_build" / "html"
    before = tree_digest(html)
    template = built_copy / "notebooks" / "energy.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": "1 / 0",
            "outputs": [],
            "execution_count": None,
            "id": "boom",
        }
    )
    with edited(template, json.dumps(nb)):
        proc = build(built_copy)
    assert proc.returncode == 2
    # The appended cell is the template's last: its number counts the template's cells.
    number = len(nb["cells"])
    assert f"notebooks/energy.ipynb [energy]: cell {number} (1 / 0) raised ZeroDivisionError" in (
        proc.stderr
    )
    assert "IPKernelApp" not in proc.stderr
    assert tree_digest(html) == before


@pytest.mark.slow
def test_a_failed_build_leaves_the_last_good_book_byte_identical(built_copy):
    html = built_copy / "_build" / "html"
    before = tree_digest(html)
    intro = built_copy / "intro.md"
    bad = intro.read_text(encoding="utf-8") + "\nSee {cite:t}`nosuchkey1999`.\n"
    with edited(intro, bad):
        proc = build(built_copy)
    assert proc.returncode == 2
    assert "jupyter-book failed" in proc.stderr and "_build/html was left as it was" in proc.stderr
    assert "nosuchkey1999" in proc.stderr
    assert tree_digest(html) == before


@pytest.mark.slow
def test_nothing_changed_executes_nothing_and_one_template_changed_executes_one(built_copy):
    proc = build(built_copy)
    assert proc.returncode == 0 and summary(proc).startswith("notebooks: 0 executed")
    template = built_copy / "notebooks" / "students.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\nEdited."
    with edited(template, json.dumps(nb)):
        proc = build(built_copy)
    assert proc.returncode == 0, proc.stderr
    assert summary(proc).startswith("notebooks: 1 executed, ")
    assert "students: done in" in proc.stdout
    page = (built_copy / "_build" / "html" / "notebooks" / "students.html").read_text("utf-8")
    assert "Edited." in page


AUDITS = {f"notebooks/audit/{k}" for k in papers.keys()}


def rerun(root: Path) -> set[str]:
    """Run the book's grid against the cache of `root`; the pages that executed."""
    results = runner.run(
        runner.grid(),
        cache=root / "_build" / "cache",
        root=root,
        notebooks=root / "notebooks",
        progress=lambda line: None,
    )
    return {r.job.page for r in results if r.status == "executed"}


# (file edited, the pages that must re-execute and why). Every other page must come from the
# cache. The expected pages follow from what each page's code reads (pages/, checks.py).
READERS = [
    # Only the timeline (its dumbbell) and the consistency page show which events the papers
    # date differently; every other page comes from the cache.
    ("data/event_links.csv", {"notebooks/timeline", "notebooks/consistency"}),
]
# (The lock file and the package source re-execute every page: tests/test_runner.py checks
# the key; executing all fourteen again here would only cost minutes.)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "expected"), READERS, ids=[r[0] for r in READERS])
def test_an_edited_input_re_executes_the_pages_that_read_it_and_no_other(
    built_copy, monkeypatch, name, expected
):
    monkeypatch.setenv("CLAIMBOOK_ROOT", str(built_copy))
    assert rerun(built_copy) == set()
    path = built_copy / name
    with edited(path, path.read_text(encoding="utf-8") + "\n"):
        ran = rerun(built_copy)
    assert ran == expected
    assert rerun(built_copy) == set()  # back as it was: the earlier executions fit again


@pytest.mark.slow
def test_bad_data_stops_the_build_naming_file_line_column_and_keeps_the_book(built_copy):
    html = built_copy / "_build" / "html"
    before = tree_digest(html)
    claims = built_copy / "data" / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",exact,", ",roughly,", 1)
    with edited(claims, "".join(lines)):
        proc = build(built_copy)
    assert proc.returncode == 2
    assert "data/claims.csv:4: qualifier: 'roughly' is not one of" in proc.stderr
    assert "Traceback" not in proc.stderr and "notebooks:" not in proc.stdout
    assert tree_digest(html) == before


def stamped_out(html: Path) -> dict[Path, bytes]:
    """Every file of a built book, with the stamps Sphinx adds by design removed: the
    `?v=<checksum>` it appends to an asset link when the asset is already in the output
    (present after an incremental build, absent after one from scratch)."""
    files = {}
    for f in html.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            if f.suffix == ".html":
                data = re.sub(rb"\?v=[0-9a-f]{8}\b", b"", data)
            files[f.relative_to(html)] = data
    return files


@pytest.mark.slow
def test_two_builds_from_the_same_inputs_give_the_same_html(built_copy):
    html = built_copy / "_build" / "html"
    assert build(built_copy).returncode == 0  # the book of the inputs as they are now
    before = stamped_out(html)
    # A second, full Sphinx build of the same stage (the notebooks come from the cache).
    shutil.rmtree(built_copy / "_build" / "stage" / "_build")
    (built_copy / "_build" / "published.digest").unlink()
    proc = build(built_copy)
    assert proc.returncode == 0, proc.stderr
    after = stamped_out(html)
    assert sorted(before) == sorted(after)
    # Beyond the asset checksums (removed above), only the build-info hash file may differ.
    differ = sorted(str(p) for p in before if before[p] != after[p])
    assert differ == [] or differ == [".buildinfo"], differ[:10]
