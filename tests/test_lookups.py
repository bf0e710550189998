"""Names the notebooks look up in the data: a misspelt measure or topic fails `claimbook check`
with one line naming the notebook and the name, and fails the page that asks for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimbook import cli, ledger, lookups, paths
from claimbook.errors import UnknownNameError
from claimbook.pages import Page


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for d in ("data", "notebooks"):
        shutil.copytree(paths.ROOT / d, tmp_path / d)
    return tmp_path


def misspell(template: Path, old: str, new: str) -> None:
    """Replace the string literal `"old"` in the template's code (quoted as JSON stores it)."""
    text = template.read_text(encoding="utf-8")
    quoted = json.dumps(f'"{old}"', ensure_ascii=False)[1:-1]
    assert quoted in text
    template.write_text(text.replace(quoted, quoted.replace(old, new), 1), encoding="utf-8")


def test_the_names_a_template_writes_are_found():
    found = lookups.names_in(paths.NOTEBOOKS / "trade.ipynb")
    # Written in notebooks/trade.ipynb's first chart.
    assert "Türkiye–Azerbaijan trade turnover" in found[("claims", "measure")]
    assert lookups.names_in(paths.NOTEBOOKS / "military.ipynb")[("claims", "topic")] >= {
        "aid",
        "military",
    }


def test_every_name_the_notebooks_ask_for_exists():
    assert lookups.unknown(ledger.load()) == []


@pytest.mark.parametrize(
    ("notebook", "old", "new", "line"),
    [
        (
            "trade",
            "Türkiye–Azerbaijan trade turnover",
            "Turkey-Azerbaijan trade turnover",
            "notebooks/trade.ipynb: measure 'Turkey-Azerbaijan trade turnover' is not in "
            "data/claims.csv",
        ),
        (
            "military",
            "humanitarian",
            "humanitarain",
            "notebooks/military.ipynb: topic 'humanitarain' is not in data/claims.csv",
        ),
    ],
)
def test_a_misspelt_name_fails_check_with_one_line(project, capsys, notebook, old, new, line):
    misspell(project / "notebooks" / f"{notebook}.ipynb", old, new)
    code = cli.main(["check", "--package", str(project / "data" / "datapackage.json")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert [e.replace(str(project) + "/", "") for e in err[:-1]] == [line]
    assert err[-1] == "claimbook check: 1 problem(s) found"


def test_a_page_that_asks_for_an_unknown_measure_raises_naming_it():
    page = Page.load("trade")
    with pytest.raises(UnknownNameError, match="notebook 'trade' asks for measure 'nope'"):
        page.claims(measures=["Türkiye–Azerbaijan trade turnover", "nope"])
