"""Every ledger quote is verbatim in its paper (whitespace-normalised), where the papers exist."""

from __future__ import annotations

import pandas as pd
import pytest

from claimbook import ledger, paths, quotes

needs_papers = pytest.mark.skipif(
    not paths.PAPERS.is_dir(), reason=f"papers folder {paths.PAPERS} absent: quotes not checked"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a  b\n\tc ", "a b c"), ("\n x \n", "x")],
)
def test_normalise_collapses_whitespace(text, expected):
    assert quotes.normalise(text) == expected


def test_line_end_hyphenation_is_joined_only_in_the_second_variant():
    plain, joined = quotes.variants("the Azer-\nbaijan economy; Baku-Tbilisi-Ceyhan")
    assert "Azer- baijan" in plain and "Azerbaijan economy" in joined
    assert "Baku-Tbilisi-Ceyhan" in joined  # hyphens inside a line are kept


def test_a_changed_quote_is_reported(tmp_path):
    (tmp_path / "p.txt").write_text("Trade reached 5.02 billion dollars in 2021.", "utf-8")
    papers = pd.DataFrame({"key": ["k2024"], "file": ["p.txt"]})
    table = pd.DataFrame(
        {"claim_id": ["a", "b"], "paper": ["k2024"] * 2, "quote": ["5.02 billion", "5.2 billion"]}
    )
    assert quotes.missing_quotes(table, papers, tmp_path) == ["b (k2024): '5.2 billion' not found"]


@needs_papers
@pytest.mark.parametrize("table", ["claims", "events"])
def test_every_quote_is_verbatim_in_its_paper(table):
    data = ledger.load()
    assert quotes.missing_quotes(getattr(data, table), data.papers) == []
