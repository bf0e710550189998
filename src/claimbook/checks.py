"""The claim audit: reported values as intervals, relations evaluated, one verdict per claim.

A reported value becomes an interval from its printed precision and its qualifier ("5.02" is
[5.015, 5.025); "over 20" is (20, ∞); "about 40" is 40 ± 10 %). Relations between claims are
data (`data/relations.csv`); this module evaluates them and holds no per-claim special case.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .ledger import Ledger

# "about", "around", "nearly": the value within this relative tolerance (methods page).
ABOUT_TOLERANCE = 0.10
# Verdicts, strongest first: a claim gets the first that any of its relations gives it.
VERDICTS = ("differs", "reproduced", "corroborated", "not comparable", "unchecked")
# The largest sample size the feasibility check tries.
MAX_N = 10_000
# A SIPRI edition revises older years: a share recomputed from it may move by this many
# percentage points from the figure an older fact sheet gave (methods page).
SIPRI_REVISION = 2.0


@dataclass(frozen=True)
class Interval:
    """A closed-or-open interval of possible true values."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def overlaps(self, other: Interval) -> bool:
        """Whether some value lies in both (touching closed ends count)."""
        lo = max(self.lo, other.lo)
        hi = min(self.hi, other.hi)
        if lo < hi:
            return True
        if lo > hi:
            return False
        lo_open = self.lo_open if self.lo >= other.lo else other.lo_open
        hi_open = self.hi_open if self.hi <= other.hi else other.hi_open
        return not (lo_open or hi_open)

    def gap(self, other: Interval) -> float:
        """The distance between two intervals that do not overlap (0 when they do)."""
        return max(0.0, max(self.lo, other.lo) - min(self.hi, other.hi))

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __truediv__(self, other: Interval) -> Interval:
        """Quotient of two positive intervals."""
        return Interval(
            _div(self.lo, other.hi),
            _div(self.hi, other.lo),
            self.lo_open or other.hi_open,
            self.hi_open or other.lo_open,
        )

    def scale(self, factor: float, shift: float = 0.0) -> Interval:
        return Interval(
            self.lo * factor + shift, self.hi * factor + shift, self.lo_open, self.hi_open
        )

    def text(self, digits: int = 6) -> str:
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        return f"{left}{_fmt(self.lo, digits)}, {_fmt(self.hi, digits)}{right}"


def _div(a: float, b: float) -> float:
    if b == 0:
        return math.inf
    if math.isinf(a) and math.isinf(b):
        return math.inf
    return a / b


def _fmt(x: float, digits: int) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}g}"


def interval(value: float, decimals: int, qualifier: str, unit: str = "") -> Interval:
    """A reported value as the interval of true values its printing allows."""
    half = 0.5 * 10 ** (-decimals)
    if qualifier == "rank" or unit == "rank":
        return Interval(value, value)
    if qualifier == "exact":
        return Interval(value - half, value + half, hi_open=True)
    if qualifier == "about":
        spread = max(half, ABOUT_TOLERANCE * abs(value))
        return Interval(value - spread, value + spread)
    if qualifier == "more_than":
        return Interval(value, math.inf, lo_open=True, hi_open=True)
    if qualifier == "at_least":
        return Interval(value, math.inf, hi_open=True)
    if qualifier == "up_to":
        return Interval(-math.inf if unit == "percent change" else 0.0, value, lo_open=True)
    raise ValueError(f"unknown qualifier {qualifier!r}")


@dataclass
class Finding:
    """What one relation says of one claim."""

    claim_id: str
    verdict: str
    reason: str
    compared_with: list[str] = field(default_factory=list)
    relation_id: str = ""


def _iv(c: pd.Series) -> Interval:
    return interval(c["value"], int(c["decimals"]), c["qualifier"], c["unit"])


def _show(c: pd.Series) -> str:
    from .tables import format_value

    return (
        f"{format_value(c['value'], int(c['decimals']), c['unit'], c['qualifier'])} ({c['paper']})"
    )


def _recomputed(rel: pd.Series, subject: pd.Series, inputs: list[pd.Series]) -> list[Finding]:
    """sum, share, growth: recompute the subject from its inputs and compare intervals."""
    ivs = [_iv(c) for c in inputs]
    if rel["kind"] == "sum":
        got = ivs[0]
        for iv in ivs[1:]:
            got = got + iv
        how = " + ".join(_show(c) for c in inputs)
    elif rel["kind"] == "share":
        got = (ivs[0] / ivs[1]).scale(100)
        how = f"{_show(inputs[0])} ÷ {_show(inputs[1])}"
    else:  # growth
        got = (ivs[1] / ivs[0]).scale(100, -100)
        how = f"{_show(inputs[1])} ÷ {_show(inputs[0])} − 1"
    stated = _iv(subject)
    ids = [c["claim_id"] for c in inputs]
    if got.overlaps(stated):
        verdict = "reproduced"
        reason = f"{how} gives {got.text()}, consistent with the stated {_show(subject)}."
    else:
        verdict = "differs"
        reason = (
            f"{how} gives {got.text()}, but the paper states {_show(subject)}: "
            f"a gap of {_fmt(got.gap(stated), 4)}."
        )
    findings = [Finding(subject["claim_id"], verdict, reason, ids, rel["relation_id"])]
    for c in inputs:
        others = [subject["claim_id"]] + [i for i in ids if i != c["claim_id"]]
        findings.append(Finding(c["claim_id"], verdict, reason, others, rel["relation_id"]))
    return findings


def _same(rel: pd.Series, members: list[pd.Series]) -> list[Finding]:
    """same: every member against every other; any gap makes it differ."""
    findings = []
    for c in members:
        others = [o for o in members if o["claim_id"] != c["claim_id"]]
        apart = [o for o in others if not _iv(c).overlaps(_iv(o))]
        ids = [o["claim_id"] for o in others]
        if apart:
            gaps = "; ".join(f"{_show(o)} (gap {_fmt(_iv(c).gap(_iv(o)), 3)})" for o in apart)
            reason = f"{_show(c)} does not overlap {gaps}."
            findings.append(Finding(c["claim_id"], "differs", reason, ids, rel["relation_id"]))
        else:
            reason = f"{_show(c)} agrees with " + ", ".join(_show(o) for o in others) + "."
            findings.append(Finding(c["claim_id"], "corroborated", reason, ids, rel["relation_id"]))
    return findings


def _same_rate(rel: pd.Series, subject: pd.Series, inputs: list[pd.Series]) -> list[Finding]:
    """same_rate: totals over different spans; compare the totals and the yearly rates."""
    dur_a, total_b, dur_b = inputs
    rate_a = _iv(subject) / _iv(dur_a)
    rate_b = _iv(total_b) / _iv(dur_b)
    unit = f"{subject['unit']} per {dur_a['unit'].rstrip('s')}"
    totals = "agree" if _iv(subject).overlaps(_iv(total_b)) else "differ"
    text = (
        f"Totals {totals}: {_show(subject)} over {_show(dur_a)} vs {_show(total_b)} over "
        f"{_show(dur_b)}; implied rates {rate_a.text()} vs {rate_b.text()} {unit}"
    )
    if rate_a.overlaps(rate_b):
        verdict, reason = "corroborated", text + ": the rates overlap."
    else:
        verdict, reason = "differs", text + f": the rates are {_fmt(rate_a.gap(rate_b), 3)} apart."
    pairs = [(subject, total_b), (total_b, subject), (dur_a, dur_b), (dur_b, dur_a)]
    return [
        Finding(c["claim_id"], verdict, reason, [o["claim_id"]], rel["relation_id"])
        for c, o in pairs
    ]


def evaluate(relations: pd.DataFrame, claims: pd.DataFrame) -> list[Finding]:
    """Every finding every relation gives (same_survey relations give none: see feasibility)."""
    by_id = claims.set_index("claim_id", drop=False)
    findings: list[Finding] = []
    for _, rel in relations.iterrows():
        subject = by_id.loc[rel["subject"]]
        inputs = [by_id.loc[i] for i in rel["inputs"].split()]
        kind = rel["kind"]
        if kind in ("sum", "share", "growth"):
            findings += _recomputed(rel, subject, inputs)
        elif kind == "same":
            findings += _same(rel, [subject, *inputs])
        elif kind == "same_rate":
            findings += _same_rate(rel, subject, inputs)
        elif kind == "not_comparable":
            for c in [subject, *inputs]:
                others = [o["claim_id"] for o in [subject, *inputs] if o is not c]
                findings.append(
                    Finding(
                        c["claim_id"], "not comparable", rel["reason"], others, rel["relation_id"]
                    )
                )
    return findings


def _span(period: str) -> tuple[int, int] | None:
    if not period:
        return None
    parts = period.split("/")
    return int(parts[0][:4]), int(parts[-1][:4])


def _source_value(value: float) -> tuple[float, int]:
    text = f"{value:.6g}"
    return float(text), (len(text.split(".")[1]) if "." in text else 0)


def official_findings(data: Ledger) -> list[Finding]:
    """Each claim against the official figures of the same measure and the same period."""
    official = data.tables.get("official_figures")
    if official is None:
        return []
    findings = []
    for _, o in official[official["measure"].fillna("") != ""].iterrows():
        same = data.claims[
            (data.claims["measure"] == o["measure"]) & (data.claims["period"] == o["period"])
        ]
        value, decimals = _source_value(o["value"])
        source = interval(value, decimals, "exact")
        who = f"{o['source_body']} (reported by {o['reported_by']}"
        who += f", {o['reported_on']})" if isinstance(o["reported_on"], str) else ")"
        for _, c in same.iterrows():
            mine = _iv(c)
            stated = f"{who} gives {value:g} {o['unit']} for {o['period']}"
            if mine.overlaps(source):
                verdict, reason = "corroborated", f"{stated}, consistent with {_show(c)}."
            else:
                verdict = "differs"
                reason = f"{stated}; {_show(c)} is {_fmt(mine.gap(source), 4)} away."
            ref = f"official: {o['source_body']}, {o['period']}"
            findings.append(Finding(c["claim_id"], verdict, reason, [ref], "official"))
    return findings


def sipri_findings(data: Ledger) -> list[Finding]:
    """Each claim whose measure SIPRI's register covers, recomputed over the claim's period."""
    from . import sipri

    how = data.tables.get("sipri_measures")
    tiv = data.tables.get("sipri_tiv")
    if how is None or tiv is None:
        return []
    edition = data.edition("sipri_tiv")
    findings = []
    for _, m in how.iterrows():
        for _, c in data.claims[data.claims["measure"] == m["measure"]].iterrows():
            span = _span(c["period"] or "")
            if span is None:
                continue
            first, last = span
            window = f"{first}–{last}"
            if m["computation"] == "share":
                shares = sipri.supplier_shares(tiv, m["recipient"], first, last)
                row = shares[shares["supplier"] == m["supplier"]]
                got = float(row["share_percent"].iloc[0]) if len(row) else 0.0
                source = Interval(got - SIPRI_REVISION, got + SIPRI_REVISION)
                text = (
                    f"SIPRI's register ({edition}) gives {m['supplier']} {got:.1f}% of "
                    f"{m['recipient']}'s arms imports in {window} (±{SIPRI_REVISION:g} points "
                    "for revisions)"
                )
            else:
                ranks = sipri.recipient_ranks(tiv, m["supplier"], first, last)
                row = ranks[ranks["recipient"] == m["recipient"]]
                got = float(row["rank"].iloc[0]) if len(row) else math.inf
                source = Interval(got, got)
                text = (
                    f"SIPRI's register ({edition}) puts {m['recipient']} at rank {got:.0f} among "
                    f"{m['supplier']}'s arms recipients in {window}"
                )
            if _iv(c).overlaps(source):
                verdict, reason = "corroborated", f"{text}, consistent with {_show(c)}."
            else:
                verdict, reason = "differs", f"{text}; the paper says {_show(c)}."
            findings.append(Finding(c["claim_id"], verdict, reason, [f"SIPRI {edition}"], "sipri"))
    return findings


def verdicts(
    claims: pd.DataFrame, relations: pd.DataFrame, sources: list[Finding] | None = None
) -> pd.DataFrame:
    """One row per claim: claim_id, paper, verdict, reason, compared_with (space-separated).
    `sources` are findings against primary sources (official figures, SIPRI)."""
    best: dict[str, Finding] = {}
    for f in evaluate(relations, claims) + list(sources or []):
        held = best.get(f.claim_id)
        if held is None or VERDICTS.index(f.verdict) < VERDICTS.index(held.verdict):
            best[f.claim_id] = f
    rows = []
    for _, c in claims.iterrows():
        f = best.get(c["claim_id"])
        if f is None:
            f = Finding(
                c["claim_id"],
                "unchecked",
                "Nothing in the papers or the sources to check it against; it is still charted.",
            )
        rows.append(
            {
                "claim_id": c["claim_id"],
                "paper": c["paper"],
                "verdict": f.verdict,
                "reason": f.reason,
                "compared_with": " ".join(f.compared_with),
            }
        )
    return pd.DataFrame(rows, columns=["claim_id", "paper", "verdict", "reason", "compared_with"])


def feasible_n(percents: list[tuple[float, int]], max_n: int = MAX_N) -> int | None:
    """The smallest sample size n for which every (percent, decimals) is a possible rounding of
    k/n for some whole k: the GRIM test applied to percentages. None if none up to max_n."""
    for n in range(1, max_n + 1):
        ok = True
        for value, decimals in percents:
            half = 0.5 * 10 ** (-decimals)
            lo, hi = (value - half) * n / 100, (value + half) * n / 100
            k = math.ceil(lo - 1e-9)  # the smallest whole k with k/n at or above the low end
            if k >= hi - 1e-9 or k > n:
                ok = False
                break
        if ok:
            return n
    return None


def audit(data: Ledger) -> pd.DataFrame:
    """The audit of the loaded data package: one row per claim (see `verdicts`)."""
    return verdicts(
        data.claims, data.tables["relations"], official_findings(data) + sipri_findings(data)
    )


def survey_feasibility(data: Ledger) -> pd.DataFrame:
    """For each survey percentage printed with decimals, the smallest possible sample size;
    and for each same_survey group, the smallest size that fits all its percentages at once."""
    claims = data.claims.set_index("claim_id", drop=False)
    rows = []
    pct = claims[(claims["unit"] == "percent") & (claims["decimals"] > 0)]
    pct = pct[pct["topic"] == "survey"]
    for _, c in pct.iterrows():
        n = feasible_n([(c["value"], int(c["decimals"]))])
        rows.append({"claims": c["claim_id"], "percentages": _show(c), "smallest n": n})
    rel = data.tables["relations"]
    for _, r in rel[rel["kind"] == "same_survey"].iterrows():
        members = [claims.loc[i] for i in [r["subject"], *r["inputs"].split()]]
        n = feasible_n([(m["value"], int(m["decimals"])) for m in members])
        rows.append(
            {
                "claims": " ".join(m["claim_id"] for m in members),
                "percentages": ", ".join(_show(m) for m in members) + " (together)",
                "smallest n": n,
            }
        )
    return pd.DataFrame(rows, columns=["claims", "percentages", "smallest n"])
