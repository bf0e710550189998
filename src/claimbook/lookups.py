"""What the notebook templates look up in the data by name — measures and topics written as
literals in their code — checked against the data, so a misspelt name fails `claimbook check`
(naming the notebook and the name) instead of giving an empty chart and a green build."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from . import paths
from .ledger import Ledger

# Keyword arguments whose literal list of strings names rows of a table by one column.
KEYWORDS = {
    "measures": ("claims", "measure"),
    "topics": ("claims", "topic"),
    "official": ("official_figures", "measure"),
    "official_totals": ("official_figures", "measure"),
}


def names_in(template: Path) -> dict[tuple[str, str], set[str]]:
    """The measure and topic names a template's code cells pass as `measures=[...]` and
    `topics=[...]` literals, or as a name the template assigns a literal list to
    (`TRADE = [...]` then `measures=TRADE`); other computed lists are checked when the page
    runs."""
    found: dict[tuple[str, str], set[str]] = {where: set() for where in KEYWORDS.values()}
    cells = json.loads(Path(template).read_text(encoding="utf-8"))["cells"]
    trees = [ast.parse("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    lists = {
        node.targets[0].id: node.value
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.List)
    }
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                value = lists.get(kw.value.id) if isinstance(kw.value, ast.Name) else kw.value
                if kw.arg in KEYWORDS and isinstance(value, ast.List):
                    found[KEYWORDS[kw.arg]].update(
                        e.value for e in value.elts if isinstance(e, ast.Constant)
                    )
    return found


def unknown(data: Ledger, notebooks: Path = paths.NOTEBOOKS) -> list[str]:
    """One line per name a template of `notebooks` asks for that its table does not have
    (none when there is no such folder)."""
    problems = []
    for template in sorted(Path(notebooks).glob("*.ipynb")):
        for (table, column), names in names_in(template).items():
            if not names:
                continue
            known = set(data.tables[table][column])
            path = next(r["path"] for r in data.descriptor["resources"] if r["name"] == table)
            where = f"data/{path}"
            for name in sorted(names - known):
                problems.append(f"{paths.display(template)}: {column} {name!r} is not in {where}")
    return problems
