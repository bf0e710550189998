"""Pages on the real ledger: computed shares, survey intervals, and no claim left off the book."""

from __future__ import annotations

import ast
import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from claimbook import ledger, paths
from claimbook.pages import Page


@pytest.fixture
def figures_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMBOOK_FIGURES", str(tmp_path))
    yield tmp_path
    plt.close("all")


def test_student_shares_are_computed_from_the_papers_counts(figures_dir):
    page = Page.load("students")
    page.shares(
        "s",
        "Shares",
        "caption",
        pairs=[
            (
                "Azerbaijani students who went to Türkiye to study (cumulative)",
                "Azerbaijani students who went abroad to study (cumulative)",
            ),
            (
                "Turkish students at Azerbaijani universities (cumulative)",
                "International students at Azerbaijani universities (cumulative)",
            ),
        ],
    )
    plotted = (figures_dir / "s.csv").read_text(encoding="utf-8")
    # karayel2024: 10,645 of 27,943 = 38.095...%; 33,955 of 60,905 = 55.751...% (arithmetic).
    assert "38.1% (10,645 of 27,943)" in plotted and "55.8% (33,955 of 60,905)" in plotted


def test_survey_intervals_use_the_assumed_sample_size(figures_dir):
    page = Page.load("surveys", sample_size=100, confidence=0.95)
    page.survey(
        "v",
        "Surveys",
        "caption",
        measures=["Turkish public choosing Azerbaijan as most reliable energy supplier"],
    )
    row = pd.read_csv(figures_dir / "v.csv").iloc[0]
    # karayel2024's 66% with n = 100 (z² = 3.8415): centre 0.679207 / 1.038415 = 0.654080,
    # half-width 1.959964 * sqrt(0.002244 + 0.000096) / 1.038415 = 0.091304 (by hand).
    assert row["value"] == 66
    assert (row["low"], row["high"]) == pytest.approx((56.278, 74.538), abs=0.001)


def test_a_paper_subset_shows_only_that_papers_claims(figures_dir):
    page = Page.load("trade", papers=["hajizade2023"])
    assert set(page.claims(topics=["trade", "investment"])["paper"]) == {"hajizade2023"}


def remaining_topics() -> set[str]:
    topics = set()
    for nb in paths.NOTEBOOKS.glob("*.ipynb"):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"])
            for node in ast.walk(ast.parse(src)) if cell["cell_type"] == "code" else []:
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "remaining":
                    topics |= set(ast.literal_eval(node.args[0]))
    return topics


def test_every_topic_ends_on_a_theme_page_so_every_claim_is_shown():
    schema = json.loads((paths.DATA / "schemas" / "claims.json").read_text(encoding="utf-8"))
    enum = next(f for f in schema["fields"] if f["name"] == "topic")["constraints"]["enum"]
    assert remaining_topics() == set(enum)
    assert set(ledger.load().claims["topic"]) <= set(enum)


def test_a_figure_carries_the_command_that_remakes_its_page(figures_dir):
    page = Page.load("surveys", sample_size=400)
    shown = page.survey(
        "v", "Surveys", "caption", measures=list(page.claims(topics=["survey"])["measure"])
    )
    assert shown[0].command == "claimbook run surveys -p sample_size 400"


def test_a_given_sipri_register_is_parsed_once_per_page(figures_dir, monkeypatch):
    from claimbook import sipri

    small = paths.ROOT / "tests" / "data" / "sipri_register_small.csv"
    page = Page.load("arms", sipri_register=str(small))
    calls = []
    real = sipri.read_register
    monkeypatch.setattr(sipri, "read_register", lambda p: calls.append(p) or real(p))
    page.tiv(), page.edition(), page.tiv(), page.edition()
    assert len(calls) == 1


def test_a_flagged_official_row_is_not_drawn_as_official():
    # Azerbaijan's January–November 2022 exports to Türkiye (3.323 bn) leave 1.47 bn for
    # December beside the full year: flagged by the audit's vetting, so no chart draws it.
    shown = Page.load("trade").official(["Azerbaijan exports to Türkiye"])
    assert "2022-01/2022-11" not in set(shown["period"])
    assert "2021-01/2021-11" in set(shown["period"])


def test_the_consistency_chart_leaves_out_a_paper_repeating_itself():
    # hajizade2023's 10 bcm plan in the text and in its footnote's headline is one paper.
    measures = Page.load("consistency").measures_told_twice()
    assert "Azerbaijan gas exports to Türkiye (planned)" not in measures
    assert "STAR refinery investment" in measures
