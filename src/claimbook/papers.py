"""The papers the book covers: their keys, short labels and chart colours, from `data/papers.csv`
and nowhere else. Adding a paper is a row there (plus its entry in `references.bib`).

Read without validation: `claimbook check` and every page validate the table through the
ledger; these are the few facts parameter checks and chart colours need before a ledger exists.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from . import paths
from .errors import DataError

# The colour of anything that is not a paper (primary sources).
NOT_A_PAPER = "#000000"


@functools.cache
def _rows(table: Path) -> tuple[dict[str, str], ...]:
    try:
        text = table.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        where = paths.display(table)
        problem = f"{where}: file not found; run inside the project or set CLAIMBOOK_ROOT"
        raise DataError([problem]) from None
    return tuple(csv.DictReader(text.splitlines()))


def rows(table: Path | None = None) -> tuple[dict[str, str], ...]:
    """Every row of the papers table, in its order."""
    return _rows(Path(table or paths.DATA / "papers.csv"))


def keys(table: Path | None = None) -> tuple[str, ...]:
    """The papers' citation keys, in the table's order."""
    return tuple(r["key"] for r in rows(table))


def colour(key: str, table: Path | None = None) -> str:
    """A paper's chart colour (black for a source that is not a paper)."""
    return next((r["colour"] for r in rows(table) if r["key"] == key), NOT_A_PAPER)


def short(key: str, table: Path | None = None) -> str:
    """A paper's short label ("Karayel 2024"), or the key itself for an unknown paper."""
    return next((r["short"] for r in rows(table) if r["key"] == key), key)
