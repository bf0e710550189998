"""The cache key (everything that can change a notebook's output, known before it runs) and the
execution of one job into the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimbook import params, paths, runner
from claimbook.errors import NotebookError


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    for d in ("data", "notebooks"):
        shutil.copytree(paths.ROOT / d, root / d)
    shutil.copy(paths.ROOT / "requirements.lock", root / "requirements.lock")
    return root


def keys(root: Path, code: str = "code") -> dict[str, str]:
    return {j.page: runner.cache_key(j, root / "notebooks", root, code) for j in runner.grid()}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def declaring(table: str) -> set[str]:
    """The grid's pages whose notebook declares `table` or a table whose keys name it (the
    expected set is read from the registry and the schemas' foreign keys, by hand below)."""
    return {j.page for j in runner.grid() if table in TABLES_READ[j.notebook]}


# What each notebook reads, written out by hand from the registry's declarations plus the
# tables their foreign keys name (claims -> papers; events -> papers; relations -> claims and
# events, since a duration relation names two events; event_links -> events): an independent
# statement of what the key must cover.
# Every page that shows verdicts reads what the audit reads (checks.audit).
AUDIT = {
    *("claims", "relations", "events", "official_figures", "sipri_tiv", "sipri_measures"),
    "papers",
}
TABLES_READ = {
    "claims": {*AUDIT, "events"},
    "trade": AUDIT,
    "energy": AUDIT,
    "students": AUDIT,
    "military": AUDIT,
    "surveys": AUDIT,
    "arms": AUDIT,
    "timeline": {"events", "event_links", "papers"},
    "consistency": {*AUDIT, "event_links", "events"},
    "audit": {*AUDIT, "events"},
}


def test_the_hand_written_reading_list_covers_every_notebook():
    assert set(TABLES_READ) == set(params.NOTEBOOKS)


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        (lambda r: append(r / "notebooks" / "trade.ipynb", " "), {"notebooks/trade"}),
        (lambda r: append(r / "requirements.lock", "\n"), "all"),
        (lambda r: append(r / "data" / "events.csv", "\n"), declaring("events")),
        (
            lambda r: append(r / "data" / "reference" / "sipri_tiv.csv", "\n"),
            declaring("sipri_tiv"),
        ),
        (lambda r: append(r / "data" / "schemas" / "relations.json", " "), declaring("relations")),
        (lambda r: append(r / "data" / "papers.csv", "\n"), "all"),
        (lambda r: append(r / "data" / "datapackage.json", " "), "all"),
        (lambda r: (r / "data" / "staging").mkdir(), set()),
    ],
    ids=["template", "lock", "events", "sipri", "a schema", "papers", "descriptor", "other file"],
)
def test_the_key_changes_for_exactly_the_notebooks_that_read_what_changed(project, change, changed):
    before = keys(project)
    change(project)
    after = keys(project)
    differ = {page for page in before if before[page] != after[page]}
    assert differ == (set(before) if changed == "all" else changed)


def test_event_links_are_read_by_the_timeline_and_consistency_pages_only():
    # The README's example, stated independently of the registry: only these two pages show
    # the events that papers date differently.
    assert declaring("event_links") == {"notebooks/timeline", "notebooks/consistency"}


def test_the_package_source_and_the_parameters_are_in_the_key(project):
    assert keys(project, "code a") != keys(project, "code b")
    a = runner.cache_key(runner.job("timeline", {}), project / "notebooks", project, "c")
    b = runner.cache_key(
        runner.job("timeline", {"year_from": "2000"}), project / "notebooks", project, "c"
    )
    assert a != b


def test_the_package_digest_follows_its_source_not_its_bytecode(tmp_path):
    package = tmp_path / "claimbook"
    shutil.copytree(runner.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = runner.package_digest(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"bytecode")
    assert runner.package_digest(package) == before
    append(package / "charts" / "base.py", "\n# an edit\n")
    assert runner.package_digest(package) != before


def test_a_sipri_register_given_as_a_parameter_is_in_the_key(project, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("a register\n")
    job = runner.Job(
        "arms", {**params.NOTEBOOKS["arms"].defaults(), "sipri_register": str(register)}, "p"
    )
    before = runner.cache_key(job, project / "notebooks", project, "c")
    register.write_text("another edition\n")
    assert runner.cache_key(job, project / "notebooks", project, "c") != before


def fake_execute(failures: list[Exception], during=None):
    """An `execute` that raises the given exceptions in turn, then writes a notebook (and calls
    `during()`, standing for an editor saving a file while the notebook runs)."""

    def execute(job, out, notebooks):
        out.mkdir(parents=True, exist_ok=True)
        (out / "kernel.log").write_text("kernel said something\n")
        if failures:
            raise failures.pop(0)
        (out / "notebook.ipynb").write_text("{}")
        if during:
            during()
        return 1.0

    return execute


def test_an_execution_lands_in_its_entry(project, monkeypatch):
    monkeypatch.setattr(runner, "execute", fake_execute([]))
    job = runner.job("claims", {})
    entry = project / "cache" / runner.cache_key(job, project / "notebooks", project, "c")
    seconds, where = runner._execute_into_cache(job, entry, project / "notebooks", project, "c")
    assert seconds == 1.0 and where == entry and (entry / "notebook.ipynb").exists()


def test_an_input_edited_while_the_notebook_ran_is_not_cached(project, monkeypatch):
    events = project / "data" / "events.csv"
    monkeypatch.setattr(runner, "execute", fake_execute([], lambda: append(events, "\n")))
    job = runner.job("timeline", {})
    entry = project / "cache" / runner.cache_key(job, project / "notebooks", project, "c")
    _, where = runner._execute_into_cache(job, entry, project / "notebooks", project, "c")
    assert where != entry and (where / "notebook.ipynb").exists()
    assert not entry.exists()


def test_a_kernel_that_fails_to_start_is_tried_once_more(tmp_path, monkeypatch):
    monkeypatch.setattr(
        runner,
        "execute",
        fake_execute([RuntimeError("Kernel died before replying to kernel_info")]),
    )
    job = runner.job("claims", {})
    entry = tmp_path / runner.cache_key(job, paths.NOTEBOOKS, paths.ROOT, "c")
    seconds, where = runner._execute_into_cache(job, entry, paths.NOTEBOOKS, paths.ROOT, "c")
    assert seconds == 1.0 and where == entry
    assert (entry / "notebook.ipynb").exists()


def test_any_other_failure_is_one_line_naming_the_notebook_and_keeps_the_kernel_log(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(runner, "execute", fake_execute([OSError("disk full\nmore detail")]))
    entry = tmp_path / "key"
    with pytest.raises(NotebookError) as e:
        runner._execute_into_cache(
            runner.job("claims", {}), entry, paths.NOTEBOOKS, paths.ROOT, "c"
        )
    message = str(e.value)
    assert message.startswith("notebooks/claims.ipynb [claims]: could not execute (OSError: disk")
    assert "\n" not in message and not entry.exists()
    assert (tmp_path / "key.kernel.log").read_text() == "kernel said something\n"
