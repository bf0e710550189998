"""Find a ledger quote in its paper's text: the check that every quote is verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import paths

# A word split by the extraction at a line end: "Azer-\nbaijan" (the quote writes "Azerbaijan").
_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


def variants(paper_text: str) -> tuple[str, str]:
    """The paper as normalised text, and with line-end hyphenation joined."""
    return normalise(paper_text), normalise(_LINE_HYPHEN.sub(r"\1\2", paper_text))


def missing_quotes(
    table: pd.DataFrame, papers: pd.DataFrame, folder: Path = paths.PAPERS
) -> list[str]:
    """Every row whose quote is not verbatim in its paper, as `id (paper): quote` lines."""
    texts = {
        p.key: variants((folder / p.file).read_text(encoding="utf-8")) for p in papers.itertuples()
    }
    id_col = table.columns[0]
    problems = []
    for row in table.itertuples(index=False):
        row = row._asdict()
        quote = normalise(row["quote"])
        if not any(quote in t for t in texts[row["paper"]]):
            problems.append(f"{row[id_col]} ({row['paper']}): {row['quote']!r} not found")
    return problems
