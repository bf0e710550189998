"""The audit: intervals from printed precision and qualifier, each verdict from a small fixture,
and the feasibility (GRIM) check."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from claimbook import checks
from claimbook.checks import Interval


@pytest.mark.parametrize(
    ("value", "decimals", "qualifier", "unit", "expected"),
    [
        (5.02, 2, "exact", "USD bn", Interval(5.015, 5.025, hi_open=True)),  # "5.02" (issue text)
        (18.5, 1, "exact", "USD bn", Interval(18.45, 18.55, hi_open=True)),
        (17, 0, "exact", "count", Interval(16.5, 17.5, hi_open=True)),
        (20, 0, "more_than", "USD bn", Interval(20, math.inf, True, True)),  # "over 20": (20, ∞)
        (7000, 0, "at_least", "count", Interval(7000, math.inf, hi_open=True)),
        (40, 0, "about", "percent", Interval(36, 44)),  # ±10 % of 40
        (0.4, 1, "about", "percent", Interval(0.35, 0.45)),  # rounding wins over 10 %
        (30, 0, "up_to", "years", Interval(0, 30, lo_open=True)),
        (2, 0, "rank", "rank", Interval(2, 2)),
    ],
)
def test_interval_from_precision_and_qualifier(value, decimals, qualifier, unit, expected):
    got = checks.interval(value, decimals, qualifier, unit)
    assert (got.lo, got.hi, got.lo_open, got.hi_open) == pytest.approx(
        (expected.lo, expected.hi, expected.lo_open, expected.hi_open)
    )


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (Interval(1, 2, hi_open=True), Interval(2, 3), False),  # [1,2) and [2,3] only touch
        (Interval(1, 2), Interval(2, 3), True),  # closed ends meet
        (Interval(1, 5), Interval(2, 3), True),
        (Interval(20, math.inf, True, True), Interval(19.45, 19.55), False),
    ],
)
def test_overlap(a, b, overlap):
    assert a.overlaps(b) is overlap and b.overlaps(a) is overlap


def claim(cid, value, decimals=0, qualifier="exact", unit="USD bn", paper="a2020"):
    return {
        "claim_id": cid,
        "paper": paper,
        "value": value,
        "decimals": decimals,
        "qualifier": qualifier,
        "unit": unit,
    }


def relation(rid, kind, subject, inputs, reason=""):
    return {
        "relation_id": rid,
        "kind": kind,
        "subject": subject,
        "inputs": inputs,
        "reason": reason,
    }


def audit(claims, relations):
    v = checks.verdicts(pd.DataFrame(claims), pd.DataFrame(relations))
    return dict(zip(v["claim_id"], v["verdict"], strict=True)), v.set_index("claim_id")


def test_sum_of_parts_reproduces_the_total():
    # 2.34 + 2.68 = 5.02: the parts' intervals add to [5.01, 5.03), which holds [5.015, 5.025).
    got, v = audit(
        [claim("t", 5.02, 2), claim("x", 2.34, 2), claim("m", 2.68, 2)],
        [relation("r", "sum", "t", "x m")],
    )
    assert got == {"t": "reproduced", "x": "reproduced", "m": "reproduced"}
    assert v.loc["t", "compared_with"] == "x m"


def test_a_total_its_parts_cannot_reach_differs_with_the_gap():
    got, v = audit(
        [claim("t", 6.1, 1), claim("x", 2.3, 1), claim("m", 2.7, 1)],
        [relation("r", "sum", "t", "x m")],
    )
    assert got["t"] == "differs" and "a gap of 0.9" in v.loc["t", "reason"]


def test_share_from_part_and_whole():
    # 10,645 ÷ 27,943 = 38.10 %: "38.1" is reproduced, "40" is not.
    claims = [
        claim("p", 10645, unit="count"),
        claim("w", 27943, unit="count"),
        claim("s", 38.1, 1, unit="percent"),
        claim("bad", 40, unit="percent"),
    ]
    got, _ = audit(
        claims, [relation("r1", "share", "s", "p w"), relation("r2", "share", "bad", "p w")]
    )
    assert got["s"] == "reproduced" and got["bad"] == "differs"


def test_growth_from_two_levels():
    # 8.4 → 10: (10/8.4 − 1) = 19.0 %; "19" is reproduced.
    claims = [
        claim("g", 19, unit="percent change"),
        claim("e", 8.4, 1, unit="bcm"),
        claim("l", 10, unit="bcm"),
    ]
    got, _ = audit(claims, [relation("r", "growth", "g", "e l")])
    assert got["g"] == "reproduced"


def test_same_quantity_in_two_papers_corroborates_or_differs():
    claims = [
        claim("a", 5.02, 2),
        claim("b", 5, 0, "more_than", paper="b2021"),
        claim("c", 19.5, 1),
        claim("d", 20, 0, "more_than", paper="b2021"),
    ]
    got, v = audit(claims, [relation("r1", "same", "a", "b"), relation("r2", "same", "c", "d")])
    assert got["a"] == got["b"] == "corroborated"
    assert got["c"] == got["d"] == "differs" and "gap" in v.loc["c", "reason"]


def test_same_rate_compares_totals_and_yearly_rates():
    # 18 over 15 years = [1.1667, 1.2333]; more than 18.5 over 17 years: (1.057, ∞): rates overlap.
    claims = [
        claim("ta", 18.5, 1, "more_than"),
        claim("da", 17, unit="years"),
        claim("tb", 18, 0, paper="b2021"),
        claim("db", 15, unit="years", paper="b2021"),
    ]
    got, v = audit(claims, [relation("r", "same_rate", "ta", "da tb db")])
    # The totals (18.5, ∞) and [17.5, 18.5) do not overlap: the rates only show the same pace is
    # possible, so every member is consistent, not corroborated.
    assert got == dict.fromkeys(["ta", "da", "tb", "db"], "consistent")
    assert "Totals differ" in v.loc["ta", "reason"] and "can be the same" in v.loc["ta", "reason"]


def test_same_rate_corroborates_only_when_the_totals_agree_too():
    # 18 over 15 years [1.1667, 1.2333] a year; 19 over 16 years [1.1515, 1.2258]: rates overlap,
    # totals [17.5, 18.5) and [18.5, 19.5) only touch at the open 18.5: consistent. With 18 and
    # 18 the totals agree and the rates [1.1667, 1.2333] and [1.0294, 1.0882] (over 17 years) do
    # not overlap: differs.
    claims = [
        claim("ta", 18, 0),
        claim("da", 15, unit="years"),
        claim("tb", 19, 0, paper="b2021"),
        claim("db", 16, unit="years", paper="b2021"),
    ]
    got, _ = audit(claims, [relation("r", "same_rate", "ta", "da tb db")])
    assert got["ta"] == "consistent"
    claims[2], claims[3] = (
        claim("tb", 18, 0, paper="b2021"),
        claim("db", 15, unit="years", paper="b2021"),
    )
    got, _ = audit(claims, [relation("r", "same_rate", "ta", "da tb db")])
    assert got["ta"] == "corroborated"
    claims[3] = claim("db", 17, unit="years", paper="b2021")
    got, _ = audit(claims, [relation("r", "same_rate", "ta", "da tb db")])
    assert got["ta"] == "differs"


def test_not_comparable_carries_its_reason_and_unrelated_claims_are_unchecked():
    claims = [claim("a", 40, unit="percent"), claim("b", 40, unit="percent"), claim("c", 1)]
    got, v = audit(claims, [relation("r", "not_comparable", "a", "b", "Energy needs vs oil.")])
    assert got == {"a": "not comparable", "b": "not comparable", "c": "unchecked"}
    assert v.loc["a", "reason"] == "Energy needs vs oil."


def test_the_strongest_verdict_wins():
    # a is corroborated by b but its parts do not add up to it: it differs.
    claims = [
        claim("a", 5.02, 2),
        claim("b", 5.02, 2, paper="b2021"),
        claim("x", 1, 0),
        claim("y", 1, 0),
    ]
    got, _ = audit(claims, [relation("r1", "same", "a", "b"), relation("r2", "sum", "a", "x y")])
    assert got["a"] == "differs" and got["b"] == "corroborated"


@pytest.mark.parametrize(
    ("percents", "n"),
    [
        ([(95.1, 1)], 41),  # 39/41 = 95.12 %, and no smaller n rounds to 95.1
        ([(94.9, 1)], 39),  # 37/39 = 94.87 %
        ([(95.1, 1), (94.9, 1)], 350),  # 333/350 = 95.14 % and 332/350 = 94.86 %
        ([(50.0, 1)], 2),  # 1/2
        ([(33.3, 1)], 3),  # 1/3 = 33.33 %
    ],
)
def test_feasibility_gives_the_smallest_possible_sample(percents, n):
    assert checks.feasible_n(percents) == n
    smaller = checks.feasible_n(percents, max_n=n - 1) if n > 1 else None
    assert smaller is None


# The real ledger against the primary sources and its own relations (values by hand).
@pytest.fixture(scope="module")
def real_audit():
    from claimbook import ledger

    return checks.audit(ledger.load()).set_index("claim_id")


@pytest.mark.parametrize(
    ("claim_id", "verdict", "because"),
    [
        # karayel2024: 2.34 + 2.68 = 5.02 (arithmetic) -> its stated total is reproduced.
        # Azerbaijan's customs gives 4.661 for 2021, but the paper cites Türkiye's figures, so
        # that figure is shown, not compared (bilateral statistics differ by design).
        ("karayel2024-trade-2021-tr-exports", "reproduced", "gives [5.01, 5.03)"),
        # mehdiyev2025's 60 % (2015–2019) vs SIPRI's 59.69 % (787.2 of 1318.8 TIV, 12 Feb 2026).
        ("mehdiyev2025-israel-arms-share-2015-2019", "corroborated", "59.7%"),
        # amity2023's "2nd biggest destination" 2018–2022 vs SIPRI's rank 3, the United States
        # 0.8 points ahead (8.0 % vs 8.9 % printed): within the ±2 points of the revisions.
        ("amity2023-arms-export-rank-2018-2022", "consistent", "could be 2–4"),
        ("amity2023-arms-export-rank-2018-2022", "consistent", "must pass United States"),
        # karayel2024 19.5 (2002–2020) vs hajizade2023 "over $20 billion" (2021 data): a later
        # running total may be larger.
        ("karayel2024-invest-az-in-tr-2002-2020", "consistent", "may only be larger"),
        # hajizade2023 "exceeding $5 billion" (2021, Türkiye's MFA) agrees with karayel2024's
        # 5.02; Türkiye's own 4.5 for January–November (said on 14 December, November's figures
        # the latest out) allows up to 4.55 + 2 × 4.55 / 11 = 5.377 for the year: no primary
        # source contradicts it, and the other paper agrees, but from the MFA page both draw on
        # (hajizade2023 footnote 25; karayel2024 footnote 39): consistent, not corroborated. Of
        # the two checks that make it consistent, the reason quotes the primary source.
        ("hajizade2023-trade-2021-total", "consistent", "a lower bound that more than 5 USD bn"),
        ("hajizade2023-trade-2021-total", "consistent", "below 5.377"),
        # karayel2024's 5.02 is above Azerbaijan's 4.661 but names no reporter: it differs only
        # from every reporter, and Türkiye's part allows it; its parts 2.34 + 2.68 reproduce it.
        ("karayel2024-trade-2021-total", "reproduced", "gives [5.01, 5.03)"),
        # mehdiyev2025 over 18.5 in 17 years vs karayel2024 18 in 15: the rates (1.057, ∞) and
        # [1.167, 1.233] overlap, but the totals (18.5, ∞) and [17.5, 18.5) do not: consistent.
        ("karayel2024-socar-investment-tr-15-years", "consistent", "totals themselves differ"),
        ("mehdiyev2025-socar-investment-years", "consistent", "totals themselves differ"),
    ],
)
def test_real_ledger_verdicts_checked_by_hand(real_audit, claim_id, verdict, because):
    row = real_audit.loc[claim_id]
    assert row["verdict"] == verdict and because in row["reason"], row["reason"]


def test_every_claim_has_exactly_one_verdict_and_a_reason(real_audit):
    from claimbook import ledger

    assert sorted(real_audit.index) == sorted(ledger.load().claims["claim_id"])
    assert set(real_audit["verdict"]) <= set(checks.VERDICTS)
    assert (real_audit["reason"].str.len() > 10).all()
