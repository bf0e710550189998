"""What the sentence-by-sentence re-read of mehdiyev2025, amity2023 and ismayilov2025 corrected in
the ledger: one test per class of error, each naming the paper's sentence that gives the expected
value (the texts are in the papers folder; tests/test_quotes.py checks every quote is verbatim)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from claimbook import ledger


@functools.cache
def data() -> ledger.Ledger:
    return ledger.load()


def claim(claim_id: str) -> pd.Series:
    return data().claims.set_index("claim_id").loc[claim_id]


@pytest.mark.parametrize(
    ("claim_id", "cited"),
    [
        # mehdiyev2025: "A report by the Stockholm International Peace Research Institute (SIPRI)
        # shows that Israel supplied 60 percent of Azerbaijan's arms imports between 2015 and
        # 2019." The "(von Essen, 2023)" closes the next sentence, on the US$5 billion.
        (
            "mehdiyev2025-israel-arms-share-2015-2019",
            "SIPRI (named in the sentence); von Essen 2023 (after the following sentence)",
        ),
        # mehdiyev2025: "following Abbas' 2011 visit to Baku, which was the first recorded
        # official visit ..." carries no citation; "(Veliyev, 2023)" ends the paragraph two
        # sentences later.
        ("mehdiyev2025-abbas-visit-first-official", "Veliyev 2023 (two sentences later)"),
        # ismayilov2025's introduction: "(Yagublu, 2013, pp. 71–78)" closes the paragraph that
        # opens with "The Azerbaijanis created the first Turkish-Muslim state ..." and
        # "Ottoman Turkey was the first state to officially recognize ...".
        (
            "ismayilov2025-adr-first-democratic-state",
            "Yagublu 2013 (at the end of the paragraph, pp. 71–78)",
        ),
        (
            "ismayilov2025-ottoman-first-recognition-intro",
            "Yagublu 2013 (at the end of the paragraph, pp. 71–78)",
        ),
    ],
)
def test_a_citation_the_sentence_does_not_carry_says_where_it_stands(claim_id, cited):
    assert claim(claim_id)["cited_source"] == cited
