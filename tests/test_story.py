"""The pages' generated openings and titles say what the data show, with their whole
denominators: expected values are counted by hand from data/*.csv or taken from the papers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from claimbook import checks, ledger
from claimbook.pages import Page
from claimbook.pages.audit import most_common


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMBOOK_FIGURES", str(tmp_path))
    yield tmp_path
    plt.close("all")


def test_a_tied_verdict_count_names_every_verdict_with_that_count():
    # amity2023 in the ledger: 4 reproduced, 4 unchecked, 1 consistent, 1 not comparable.
    counts = pd.Series({"unchecked": 4, "reproduced": 4, "consistent": 1, "not comparable": 1})
    title = most_common(counts, 10)
    assert title == "reproduced and unchecked are the most common verdicts (4 of 10 each)"
    assert most_common(pd.Series({"unchecked": 21, "corroborated": 4}), 25).startswith(
        "unchecked is the most common verdict (21 of 25)"
    )


def test_no_verdict_reason_says_a_claim_is_charted():
    # Whether a chart draws a claim is the table's own `charted` column; a reason written
    # before the theme pages must never contradict it.
    audit = checks.audit(ledger.load())
    assert not audit["reason"].str.contains("charted").any()


def test_a_figure_its_paper_states_again_is_listed_once_on_the_military_page():
    page = Page.load("military")
    text = page.figures_list(["humanitarian"]).data
    # hajizade2023 states the 1,000 apartments in its text and in the headline its footnote
    # 36 cites (data/claims.csv): one line, the repetition named on it.
    assert text.count("Apartments built by Azerbaijan in Kahramanmaraş") == 1
    assert "stated again in its footnote 36" in text


def test_timeline_and_consistency_count_the_same_events_told_by_several_papers():
    links = ledger.load().tables["event_links"]
    # 25 links; two join one paper's two tellings (ismayilov2025 twice: the 1992 visit and
    # the 1997 declaration), so 23 events are told by two or more papers.
    assert len(links) == 25
    timeline, consistency = Page.load("timeline"), Page.load("consistency")
    assert len(timeline.key_events()) == 23 == len(consistency.linked_events())
    assert "23 of them are told by more than one paper" in " ".join(timeline.findings())
    assert "Of the 23 events several papers tell, 4 are dated differently." in " ".join(
        consistency.findings()
    )


def test_the_consistency_opening_names_the_repetitions_and_the_whole_denominator():
    page = Page.load("consistency")
    told = page._told_twice_rows()
    # relations.csv: 25 quantities told more than once; 8 are one paper repeating itself
    # (verdict "repetition"), 13 are told by two or more papers.
    assert len(told) == 25
    opening = " ".join(page.findings())
    assert "8 repeat a figure" in opening and "25 quantities told more than once" in opening
    assert page.agreement().startswith("7 of the 13 quantities two or more papers give agree")


def test_socar_totals_carry_the_span_their_paper_gives(figures_dir):
    page = Page.load("consistency")
    page.same_quantity("q", "caption")
    plotted = pd.read_csv(figures_dir / "q.csv", dtype=str).fillna("")
    socar = plotted[plotted["panel"] == "SOCAR investment in Türkiye"].set_index("paper")
    # mehdiyev2025: "over $18.5bn in the past seventeen years"; karayel2024: "in the last 15
    # years has reached 18 billion".
    assert socar.loc["mehdiyev2025", "label"] == "Mehdiyev 2025 · the past 17 years"
    assert socar.loc["karayel2024", "label"] == "Karayel 2024 · the past 15 years"


def test_an_audit_page_opens_with_what_its_verdicts_show():
    opening = " ".join(Page.load("audit", paper="amity2023").findings())
    # amity2023: 4 reproduced + 0 corroborated of 10 claims; 4 unchecked.
    assert opening.startswith("Of the 10 claims of Amity op-ed 2023, 4 stand on independent")
    assert "4 have nothing independent to check against" in opening
