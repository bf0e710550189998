"""The methods page's generated part: every rule with a worked example from the ledger, the
judgement calls, and the wording they are built from."""

from __future__ import annotations

import datetime as dt

import pytest

from claimbook import audit, ledger, methods


@pytest.mark.parametrize(
    ("end", "named"),
    [
        # The months a span ending on `end` leaves out of its calendar year, by the calendar.
        (dt.date(2021, 11, 30), "December"),
        (dt.date(2021, 10, 31), "November and December"),
        (dt.date(2021, 7, 31), "August to December"),
    ],
)
def test_the_months_a_part_year_leaves_out_are_named(end, named):
    assert methods._months_after(end) == named


def test_the_methods_page_shows_every_rule_with_an_example_and_the_judgement_calls():

    text = methods.worked_examples(ledger.load())
    titles = [title for title, _, _ in methods._rules(audit.Tolerances())]
    for title in titles:
        assert f"### {title}\n" in text, title
    # The rules the second reading added or sharpened each have an example from the ledger.
    for title in titles[titles.index("Ranks with the revision tolerance of their shares") :][:7]:
        section = text.split(f"### {title}\n")[1].split("\n### ")[0]
        assert "Example (`" in section, title
    # The disputed cases, as the page states them (values from the tests above).
    assert "must pass United States (8.9%, 0.8 points ahead)" in text
    # karayel2024's 5.02 against Azerbaijan's January–November 2021 (4.1): a check the pace
    # factor decides, listed with the factor from which it would fit.
    assert "`karayel2024-trade-2021-total` against `az-customs-turnover-2021-jan-nov`" in text
    assert "*Pace factor 2.*" in text and "*“Since” a year.*" in text
    assert "*A year so far, said on a day.* `tr-trade-ministry-turnover-2021-to-dec14`" in text
    assert "*A rank from the press.*" in text and "Azerbaijan 23.45%, Qatar 19.95%" in text
    # Azerbaijan's customs: rank 2 over January–November 2021 with a turnover of 4.1, and
    # 4.661 for the year: December added 4.661 - 4.1 = 0.561.
    assert "*A rank over eleven months.* `az-customs-tr-rank-trade-partners-2021-jan-nov`" in text
    assert "December added 0.561" in text and "its own December," in text
    assert "*A source shared by the next footnote.* `trade-2021-turnover`" in text
    # The relation examples end with their own check's outcome, not the claim's verdict.
    parts = text.split("### A total from its parts (reproduced or differs)\n")[1].split("\n### ")[0]
    assert "Outcome of this check: " in parts and "Verdict" not in parts
