"""The checks each claim collects: arithmetic, another paper, primary source, repetition.

A check has a kind, an outcome, its evidence (a sentence with the numbers) and the tolerance
it used. Whether it counts towards the verdict is the check's own business: a paper repeating
itself, or the headline of the article its footnote cites, is shown but never corroborates;
two papers citing the same source are marked as sharing it. How claims relate is data
(`data/relations.csv`); this module holds no per-claim special case.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .intervals import Interval, Tolerances, fmt, interval
from .reference import partial_year, span, usable

if TYPE_CHECKING:
    from ..ledger import Ledger

KINDS = ("arithmetic", "another paper", "primary source", "repetition")
OUTCOMES = ("agrees", "differs", "consistent", "not comparable")
# Additive quantities: a part of the period is a lower bound of the whole (units of the
# official figures table that are flows or stocks summed over time).
ADDITIVE = {"USD bn", "USD m", "bcm", "Mt"}
# Units a duration claim may have, in days.
DAYS = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}


@dataclass
class Check:
    """One piece of evidence about one claim."""

    claim_id: str
    kind: str
    outcome: str
    evidence: str
    tolerance: str = ""
    compared_with: list[str] = field(default_factory=list)
    relation_id: str = ""
    # Set when the compared claims cite the same source: agreement then shows only that both
    # copied it alike.
    shared_source: str = ""
    # A figure that bears on the claim but measures something else: shown, never compared.
    context: bool = False

    @property
    def independent(self) -> bool:
        """Whether agreement here is independent evidence (not the paper itself, not a source
        both sides cite)."""
        return self.kind != "repetition" and not self.shared_source

    @property
    def verdict(self) -> str:
        """What this check alone would make of the claim (the audit page shows it per check)."""
        if self.outcome == "differs":
            return "differs"
        if self.outcome == "agrees":
            if self.kind == "repetition":
                return "repetition"
            if self.shared_source:
                return "consistent"
            return "reproduced" if self.kind == "arithmetic" else "corroborated"
        return self.outcome

    @property
    def reason(self) -> str:
        return self.evidence

    def label(self) -> str:
        return f"{self.kind}:{self.outcome}"


def claim_interval(c: pd.Series, tol: Tolerances) -> Interval:
    return interval(c["value"], int(c["decimals"]), c["qualifier"], c["unit"], tol)


def show(c: pd.Series) -> str:
    from ..tables import format_value

    return (
        f"{format_value(c['value'], int(c['decimals']), c['unit'], c['qualifier'])} ({c['paper']})"
    )


def _stated(c: pd.Series) -> str:
    where = c.get("stated_in", "text")
    return "" if where in ("", "text") or not isinstance(where, str) else f" [{where}]"


def _tol_text(tol: Tolerances, *claims: pd.Series) -> str:
    parts = [f"rounding {tol.rounding!r}"]
    if any(c["qualifier"] == "about" for c in claims):
        parts.append(f"about ±{tol.about:.0%}")
    return ", ".join(parts)


# --- relations --------------------------------------------------------------------------------


def _recomputed(rel, subject, inputs, tol) -> list[Check]:
    """sum, share, growth: recompute the subject from its inputs and compare intervals."""
    ivs = [claim_interval(c, tol) for c in inputs]
    if rel["kind"] == "sum":
        got = ivs[0]
        for iv in ivs[1:]:
            got = got + iv
        how = " + ".join(show(c) for c in inputs)
    elif rel["kind"] == "share":
        got = (ivs[0] / ivs[1]).scale(100)
        how = f"{show(inputs[0])} ÷ {show(inputs[1])}"
    else:  # growth
        got = (ivs[1] / ivs[0]).scale(100, -100)
        how = f"{show(inputs[1])} ÷ {show(inputs[0])} − 1"
    stated = claim_interval(subject, tol)
    ids = [c["claim_id"] for c in inputs]
    if got.overlaps(stated):
        outcome = "agrees"
        text = f"{how} gives {got.text()}, consistent with the stated {show(subject)}."
    else:
        outcome = "differs"
        text = (
            f"{how} gives {got.text()}, but the paper states {show(subject)}: "
            f"a gap of {fmt(got.gap(stated), 4)}."
        )
    t = _tol_text(tol, subject, *inputs)
    out = [Check(subject["claim_id"], "arithmetic", outcome, text, t, ids, rel["relation_id"])]
    for c in inputs:
        others = [subject["claim_id"]] + [i for i in ids if i != c["claim_id"]]
        out.append(Check(c["claim_id"], "arithmetic", outcome, text, t, others, rel["relation_id"]))
    return out


def _pair_kind(c: pd.Series, o: pd.Series) -> str:
    return "repetition" if c["paper"] == o["paper"] else "another paper"


def _same(rel, members, tol) -> list[Check]:
    """same: every member against every other member, one check per pair."""
    out = []
    for c in members:
        for o in members:
            if o["claim_id"] == c["claim_id"]:
                continue
            a, b = claim_interval(c, tol), claim_interval(o, tol)
            kind = _pair_kind(c, o)
            if a.overlaps(b):
                outcome = "agrees"
                text = f"{show(c)}{_stated(c)} agrees with {show(o)}{_stated(o)}."
            else:
                outcome = "differs"
                text = (
                    f"{show(c)}{_stated(c)} does not overlap {show(o)}{_stated(o)} "
                    f"(gap {fmt(a.gap(b), 3)})."
                )
            if kind == "repetition":
                text = f"The paper repeats itself: {text}"
            elif rel.get("shared_source", ""):
                text += f" Both cite {rel['shared_source']}: not independent of each other."
            out.append(
                Check(
                    c["claim_id"],
                    kind,
                    outcome,
                    text,
                    _tol_text(tol, c, o),
                    [o["claim_id"]],
                    rel["relation_id"],
                    rel.get("shared_source", "") or "",
                )
            )
    return out


def _running_total(rel, earlier, later, tol) -> list[Check]:
    """running_total: the subject is a running total with an earlier cut-off than the inputs;
    a later total may only be larger (or equal)."""
    out = []
    a = claim_interval(earlier, tol)
    for c in later:
        b = claim_interval(c, tol)
        possible = b.hi > a.lo or (b.hi == a.lo and not (b.hi_open or a.lo_open))
        head = (
            f"Running totals with different cut-offs: {show(earlier)} to {earlier['period']} and "
            f"{show(c)} to {c['period']}; the later total may only be larger or equal"
        )
        if possible:
            outcome, text = "consistent", head + ", and it is (within rounding)."
        else:
            outcome = "differs"
            text = head + f", but it is below the earlier by at least {fmt(a.gap(b), 3)}."
        kind = _pair_kind(earlier, c)
        shared = rel.get("shared_source", "") or ""
        t = _tol_text(tol, earlier, c)
        rid = rel["relation_id"]
        out.append(Check(earlier["claim_id"], kind, outcome, text, t, [c["claim_id"]], rid, shared))
        out.append(Check(c["claim_id"], kind, outcome, text, t, [earlier["claim_id"]], rid, shared))
    return out


def _same_rate(rel, subject, inputs, tol) -> list[Check]:
    """same_rate: totals over different trailing spans; compare the implied yearly rates."""
    dur_a, total_b, dur_b = inputs
    rate_a = claim_interval(subject, tol) / claim_interval(dur_a, tol)
    rate_b = claim_interval(total_b, tol) / claim_interval(dur_b, tol)
    unit = f"{subject['unit']} per {dur_a['unit'].rstrip('s')}"
    totals = (
        "agree" if claim_interval(subject, tol).overlaps(claim_interval(total_b, tol)) else "differ"
    )
    text = (
        f"Totals {totals}: {show(subject)} over {show(dur_a)} vs {show(total_b)} over "
        f"{show(dur_b)}; implied rates {rate_a.words()} vs {rate_b.words()} {unit}"
    )
    if rate_a.overlaps(rate_b) and totals == "agree":
        outcome, text = "agrees", text + ": the rates overlap."
    elif rate_a.overlaps(rate_b):
        # Different totals over different spans: the same pace is possible, nothing pins it.
        outcome = "consistent"
        text += (
            ": the rates can be the same, but the totals themselves differ, so the two figures "
            "bound each other without confirming either."
        )
    else:
        outcome, text = "differs", text + f": the rates are {fmt(rate_a.gap(rate_b), 3)} apart."
    pairs = [(subject, total_b), (total_b, subject), (dur_a, dur_b), (dur_b, dur_a)]
    t = _tol_text(tol, subject, *inputs)
    shared = rel.get("shared_source", "") or ""
    return [
        Check(c["claim_id"], _pair_kind(c, o), outcome, text, t, [o["claim_id"]],
              rel["relation_id"], shared)
        for c, o in pairs
    ]  # fmt: skip


# A duration's quote saying "almost" or "nearly": at most the value, and close below it.
ALMOST = re.compile(r"\b(almost|nearly)\b", re.IGNORECASE)


def _within(inner: Interval, outer: Interval) -> bool:
    """Whether every value of `inner` lies in `outer` (open ends respected)."""
    lo_ok = inner.lo > outer.lo or (inner.lo == outer.lo and (inner.lo_open or not outer.lo_open))
    hi_ok = inner.hi < outer.hi or (inner.hi == outer.hi and (inner.hi_open or not outer.hi_open))
    return lo_ok and hi_ok


def _date_bounds(date: str) -> tuple[dt.date, dt.date]:
    return span(date)  # type: ignore[return-value]


def _duration(rel, subject, events: pd.DataFrame, tol) -> list[Check]:
    """duration: a span the paper states against two dated events of the same paper. The
    events' dates are only as precise as printed, so the span is an interval too."""
    start_id, end_id = rel["events"].split()
    s, e = events.loc[start_id], events.loc[end_id]
    s_lo, s_hi = _date_bounds(s["date"])
    e_lo, e_hi = _date_bounds(e["date"])
    per = DAYS[subject["unit"]]
    lo = max(0.0, (e_lo - s_hi).days / per)
    hi = (e_hi - s_lo).days / per
    got = Interval(lo, hi)
    stated = claim_interval(subject, tol)
    if subject["qualifier"] == "up_to" and ALMOST.search(str(subject.get("quote", ""))):
        # "almost 30 years": at most 30, and within the about-tolerance below it.
        stated = Interval(subject["value"] * (1 - tol.about), stated.hi, hi_open=stated.hi_open)
    head = (
        f"From {s['date']} ({s['event'].rstrip('.')}) to {e['date']} "
        f"({e['event'].rstrip('.')}), both as {subject['paper']} dates them: "
        f"{got.text(4)} {subject['unit']}"
    )
    if got.overlaps(stated) and _within(got, stated):
        outcome = "agrees"
        text = head + f", within the stated {show(subject)} ({stated.text(4)})."
    elif got.overlaps(stated):
        # The events are dated more coarsely than the span is stated: they bound it, they do
        # not pin it to the paper's precision.
        outcome = "consistent"
        text = head + (
            f": the stated {show(subject)} ({stated.text(4)}) lies within it, but the events' "
            "dates are too coarse to pin the span to the precision it is stated with."
        )
    else:
        outcome = "differs"
        text = head + f", but the paper states {show(subject)} (gap {fmt(got.gap(stated), 3)})."
    t = _tol_text(tol, subject) + "; event dates as precise as printed"
    return [
        Check(subject["claim_id"], "arithmetic", outcome, text, t, [start_id, end_id],
              rel["relation_id"])
    ]  # fmt: skip


def relation_checks(
    relations: pd.DataFrame,
    claims: pd.DataFrame,
    tol: Tolerances | None = None,
    events: pd.DataFrame | None = None,
) -> list[Check]:
    """Every check every relation gives (same_survey relations give none: see feasibility)."""
    tol = tol or Tolerances()
    by_id = claims.set_index("claim_id", drop=False)
    out: list[Check] = []
    for _, rel in relations.iterrows():
        subject = by_id.loc[rel["subject"]]
        inputs = [by_id.loc[i] for i in str(rel.get("inputs", "") or "").split()]
        kind = rel["kind"]
        if kind in ("sum", "share", "growth"):
            out += _recomputed(rel, subject, inputs, tol)
        elif kind == "same":
            out += _same(rel, [subject, *inputs], tol)
        elif kind == "same_rate":
            out += _same_rate(rel, subject, inputs, tol)
        elif kind == "running_total":
            out += _running_total(rel, subject, inputs, tol)
        elif kind == "duration" and events is not None:
            out += _duration(rel, subject, events.set_index("event_id", drop=False), tol)
        elif kind == "not_comparable":
            members = [subject, *inputs]
            for c in members:
                others = [o["claim_id"] for o in members if o is not c]
                k = (
                    "repetition"
                    if all(o["paper"] == c["paper"] for o in members)
                    else ("another paper")
                )
                out.append(
                    Check(c["claim_id"], k, "not comparable", rel["reason"], "", others,
                          rel["relation_id"])
                )  # fmt: skip
    return out


# --- primary sources --------------------------------------------------------------------------


def _source_interval(value: float, tol: Tolerances, qualifier: str = "") -> Interval:
    """An official figure as printed (its printed digits, the same rounding rule), with the
    "about" tolerance when its source states it so (the row's `qualifier`)."""
    text = f"{value:.6g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return interval(float(text), decimals, qualifier or "exact", "", tol)


def qualifier_of(o: pd.Series) -> str:
    """An official row's qualifier: "about" or "" (as printed)."""
    q = o.get("qualifier", "")
    return q if isinstance(q, str) else ""


def _who(o: pd.Series) -> str:
    when = f", {o['reported_on']}" if isinstance(o["reported_on"], str) and o["reported_on"] else ""
    whose = (
        f"{o['reporter']}'s statistics, "
        if isinstance(o["reporter"], str) and o["reporter"]
        else ""
    )
    return f"{o['source_body']} ({whose}reported by {o['reported_by']}{when})"


def _ref(o: pd.Series) -> str:
    return f"official:{o['figure_id']}"


def _level_checks(c: pd.Series, rows: pd.DataFrame, tol: Tolerances) -> list[Check]:
    """A claim against official figures of its own measure: same period, partial period
    (a lower bound), containing period (an upper bound), per reporting country; a rank only
    for the same period (a rank over another span is shown, not compared)."""
    out = []
    mine = claim_interval(c, tol)
    c_span = span(c["period"])
    planned = c["measure"].endswith("(planned)")
    reporter = c.get("reporter", "") or ""
    by_reporter: dict[str, list[Check]] = {}
    for _, o in rows.iterrows():
        src = _source_interval(o["value"], tol, qualifier_of(o))
        bound = o.get("bound", "") if isinstance(o.get("bound", ""), str) else ""
        if bound == "upper":  # the figure bounds the measure from above (e.g. a combined share)
            src = Interval(-math.inf, src.hi, lo_open=True, hi_open=src.hi_open)
        elif bound == "lower":
            src = Interval(src.lo, math.inf, hi_open=True)
        value = f"rank {o['value']:g}" if o["unit"] == "rank" else f"{o['value']:g} {o['unit']}"
        stated = f"{_who(o)} gives {value} for {o['period']}"
        stated += f" ({o['quantity']}: an {bound} bound)" if bound else ""
        t = f"rounding {tol.rounding!r} on both; confidence {o['confidence']}"
        o_span = span(o["period"])
        o_reporter = o["reporter"] if isinstance(o["reporter"], str) else ""
        if c_span is None:
            text = f"{stated}; the paper gives no period, so this is shown, not compared."
            out.append(Check(c["claim_id"], "primary source", "not comparable", text, t, [_ref(o)]))
            continue
        inside = o_span[0] >= c_span[0] and o_span[1] <= c_span[1]
        holding = o_span[0] <= c_span[0] and o_span[1] >= c_span[1]
        if not (inside or holding):
            continue  # another period: a point of the series, not evidence for this claim
        if reporter and o_reporter and reporter != o_reporter:
            text = (
                f"{stated}; the paper cites {reporter}'s figures, and the two countries' "
                "bilateral statistics differ by design, so this is shown, not compared."
            )
            out.append(Check(c["claim_id"], "primary source", "not comparable", text, t, [_ref(o)]))
            continue
        if o_span == c_span:
            if mine.overlaps(src):
                outcome = "consistent" if planned else "agrees"
                text = f"{stated}, consistent with {show(c)}"
                text += " (the outcome met the plan)." if planned else "."
            elif planned:
                outcome = "not comparable"
                text = f"{stated}; the plan was {show(c)}: a plan not met is not an error."
            else:
                outcome = "differs"
                text = (
                    f"{stated}; {show(c)} is {fmt(abs(c['value'] - o['value']), 3)} {o['unit']} "
                    f"from it, at least {fmt(mine.gap(src), 4)} once rounding is allowed for."
                )
        elif o["unit"] == "rank" and c["unit"] == "rank":
            # A rank is not a sum: a part of the period fixes the whole's rank in neither
            # direction (the leader over eleven months can be overtaken in the twelfth, and
            # the runner-up can overtake it), nor does a longer span fix a part's.
            outcome = "not comparable"
            which = "a part of" if inside else "a span holding"
            text = (
                f"{stated}, {which} {c['period']}: a rank over one period fixes the rank over "
                f"another in neither direction, so {show(c)} is shown beside it, not compared."
            )
            t = f"confidence {o['confidence']}; a rank over another span bounds it neither way"
        elif inside and o["unit"] in ADDITIVE:
            # A part of the claim's period: the whole is at least the part, and (inside one
            # calendar year) at most the part with the rest of the year run at the pace factor
            # times its monthly pace: the rule that vets the official rows themselves.
            part = said_so_far(o, partial_year(o["period"]))
            whole = part is not None and c_span == (
                dt.date(part[0], 1, 1),
                dt.date(part[0], 12, 31),
            )
            top = src.hi * (1 + tol.pace_factor * (12 - part[1]) / part[1]) if whole else math.inf
            if not (mine.hi > src.lo or (mine.hi == src.lo and not mine.hi_open)):
                outcome = "differs"
                text = f"{stated}, a part of {c['period']}; {show(c)} is below it."
            elif mine.lo >= top:
                outcome = "differs"
                text = (
                    f"{stated}, {part[1]:.1f} of {c['period']}'s 12 months: even with the other "
                    f"{12 - part[1]:.1f} months at {tol.pace_factor:g} times its monthly pace the "
                    f"year comes to at most {fmt(top, 4)}, and {show(c)} is above that "
                    f"(by at least {fmt(mine.lo - top, 3)}); it fits only if those months ran at "
                    f"{(mine.lo / src.hi - 1) * part[1] / (12 - part[1]):.2f} times the pace or "
                    "more: the part would leave an implausible rest of the year."
                )
            else:
                outcome = "consistent"
                text = f"{stated}, a part of {c['period']}: a lower bound that {show(c)} meets"
                text += (
                    f", and below {fmt(top, 4)}, the most the year can reach with the rest at "
                    f"{tol.pace_factor:g} times the monthly pace."
                    if whole
                    else "."
                )
            t += "; a part of the period is a lower bound"
            if whole:
                t += f" and, at {tol.pace_factor:g} times its pace for the rest, an upper bound"
        elif holding and o["unit"] in ADDITIVE:
            if mine.lo < src.hi:
                outcome = "consistent"
                text = f"{stated}, a span holding {c['period']}: an upper bound {show(c)} meets."
            else:
                outcome = "differs"
                text = f"{stated}, a span holding {c['period']}; {show(c)} exceeds it."
            t += "; a longer span is an upper bound"
        else:
            continue
        check = Check(c["claim_id"], "primary source", outcome, text, t, [_ref(o)])
        out.append(check)
        by_reporter.setdefault(o_reporter, []).append(check)
    return _per_reporter(out, by_reporter)


def _per_reporter(out: list[Check], by_reporter: dict[str, list[Check]]) -> list[Check]:
    """A claim naming no reporter differs only from what every reporting country gives: when
    one country's statistics fit it, the other's gap is shown, not held against it."""
    fits = [r for r, cs in by_reporter.items() if r and all(c.outcome != "differs" for c in cs)]
    if not fits:
        return out
    for r, cs in by_reporter.items():
        if r and r not in fits:
            for c in cs:
                if c.outcome == "differs":
                    c.outcome = "not comparable"
                    c.evidence += (
                        f" The paper names no reporter, {' and '.join(fits)}'s statistics do not "
                        "contradict it, and the two countries' bilateral statistics differ by "
                        "design: shown, not held against it."
                    )
    return out


def _shift_year(period: str) -> str:
    """`2019-01/2019-09` -> `2020-01/2020-09`; `2022` -> `2023`."""
    return "/".join(str(int(p[:4]) + 1) + p[4:] for p in period.split("/"))


def _growth_checks(c: pd.Series, rows: pd.DataFrame, tol: Tolerances) -> list[Check]:
    """A growth claim ("X growth", "X planned growth") against official levels of X for the
    same window one year apart."""
    out = []
    by_period = {p: r for p, r in zip(rows["period"], [r for _, r in rows.iterrows()], strict=True)}
    planned = "planned growth" in c["measure"]
    mine = claim_interval(c, tol)
    c_year = span(c["period"])
    for period, before in by_period.items():
        after = by_period.get(_shift_year(period))
        if after is None:
            continue
        got = (
            _source_interval(after["value"], tol, qualifier_of(after))
            / _source_interval(before["value"], tol, qualifier_of(before))
        ).scale(100, -100)
        text = (
            f"{_who(after)}: {after['value']:g} {after['unit']} in {after['period']} against "
            f"{before['value']:g} in {before['period']} is a change of {got.text(4)}%"
        )
        t = f"rounding {tol.rounding!r} on both levels"
        ids = [_ref(before), _ref(after)]
        o_span = span(after["period"])
        if c_year is None:
            outcome = "not comparable"
            text += f"; the paper's {show(c)} gives no window, so this is shown, not compared."
        elif not (o_span[0] >= c_year[0] and o_span[1] <= c_year[1]):
            continue
        elif partial_year(after["period"]) and not partial_year(c["period"] or ""):
            outcome = "not comparable"
            text += f"; a part of the year, while {show(c)} is for {c['period']}."
        elif got.overlaps(mine):
            outcome = "consistent" if planned else "agrees"
            text += f", consistent with {show(c)}."
        else:
            outcome = "not comparable" if planned else "differs"
            text += f"; {show(c)} " + ("was the plan." if planned else "differs from it.")
        out.append(Check(c["claim_id"], "primary source", outcome, text, t, ids))
    return out


def said_on_its_last_day(o: pd.Series) -> bool:
    """A figure for a period ending on a day (not a month), said on that very day."""
    period = str(o["period"])
    return len(period) == len("2021-01/2021-12-14") and period[-10:] == str(o["reported_on"])


def said_so_far(o: pd.Series, part: tuple[int, float] | None) -> tuple[int, float] | None:
    """A figure for the year so far, said on the day its period ends mid-month (a minister's
    "since early 2021" on 14 December): monthly statistics come out after the month, so it
    rests on the complete months before that day. Counting the days up to the speech would
    cap the year from a month the figure cannot hold."""
    if part is None or not said_on_its_last_day(o):
        return part
    return part[0], float(dt.date.fromisoformat(o["period"][-10:]).month - 1)


# The longest a student stays enrolled (a degree with a preparatory year, or a master's after a
# bachelor's): everyone enrolled in a year went within this many years before it.
STUDY_YEARS = 7


def _stock_check(c: pd.Series, o: pd.Series, tol: Tolerances) -> Check | None:
    """A count of those who went over a span against the number enrolled in one year of it:
    everyone enrolled that year went at most STUDY_YEARS before it, so, if that falls inside
    the span, the span's count is at least the year's. None when the year is not inside, or
    when the figure counts a group the claim's does not hold (`within` empty)."""
    c_span, o_span = span(c["period"]), span(o["period"])
    if (
        o.get("within") != "yes"
        or not c["measure"].endswith("(cumulative)")
        or o["unit"] != "students"
        or c_span is None
        or o_span is None
        or o_span[1] > c_span[1]
        or o_span[0].year - STUDY_YEARS < c_span[0].year
    ):
        return None
    mine = claim_interval(c, tol)
    src = _source_interval(o["value"], tol, qualifier_of(o))
    head = (
        f"{_who(o)} gives {o['value']:g} {o['unit']} for {o['period']} ({o['quantity']}). "
        f"Everyone enrolled in {o['period']} started at most {STUDY_YEARS} years before it, "
        f"inside {c['period']}, so a count of everyone over {c['period']} is at least that "
        "year's"
    )
    if mine.hi > src.lo:
        return Check(
            c["claim_id"], "primary source", "consistent", head + f"; {show(c)} meets that.",
            "a one-year enrolment inside the span is a lower bound", [_ref(o)],
        )  # fmt: skip
    # The gap between the printed counts: a count of people is a whole number, so the rounding
    # intervals (which decide the outcome above) would only blur it by one.
    gap = o["value"] - c["value"]
    return Check(
        c["claim_id"],
        "primary source",
        "differs",
        head + f"; {show(c)} is {fmt(gap)} below it ({gap / o['value']:.0%} of that year's "
        "count, more than the nationals already living there could plausibly make up). The "
        "paper names no narrower group (a "
        "programme, a cohort); its source may count one (students sent through state "
        "channels, say), but as worded the count cannot hold.",
        "a one-year enrolment inside the span is a lower bound",
        [_ref(o)],
    )


def bears_on(cell: str) -> list[str]:
    """The ledger measures an official row bears on: its `bears_on` cell, `; `-separated."""
    return [m for m in cell.split("; ") if m] if isinstance(cell, str) else []


def _context_checks(c: pd.Series, rows: pd.DataFrame, tol: Tolerances) -> list[Check]:
    """Figures that bear on a claim without measuring its quantity: shown, never compared;
    except a one-year enrolment inside the span of a count of those who went (a lower bound)."""
    out = []
    for _, o in rows.iterrows():
        stock = _stock_check(c, o, tol)
        if stock is not None:
            out.append(stock)
    rows = rows[[_stock_check(c, o, tol) is None for _, o in rows.iterrows()]]
    return out + [
        Check(
            c["claim_id"],
            "primary source",
            "not comparable",
            f"{_who(o)} gives {o['value']:g} {o['unit']} for {o['period']} ({o['quantity']}): "
            f"it bears on {show(c)} but measures something else, so it is shown, not compared.",
            "",
            [_ref(o)],
            context=True,
        )
        for _, o in rows.iterrows()
    ]


def official_checks(data: Ledger, tol: Tolerances | None = None) -> list[Check]:
    """Each claim against the vetted official figures (flagged rows are never evidence)."""
    tol = tol or Tolerances()
    official = data.tables.get("official_figures")
    if official is None:
        return []
    good = usable(official, tol.pace_factor)
    out: list[Check] = []
    # The rows of each measure, and the rows bearing on each, looked up once (the audit runs
    # for every claim, and again for each tolerance of the methods page's sensitivity table).
    of = dict(tuple(good.groupby("measure", sort=False)))
    bearing: dict[str, list] = {}
    for i, cell in good.get("bears_on", pd.Series(dtype=str)).items():
        for m in bears_on(cell):
            bearing.setdefault(m, []).append(i)
    for _, c in data.claims.iterrows():
        m = c["measure"]
        if m in bearing:
            out += _context_checks(c, good.loc[bearing[m]], tol)
        if c["unit"] == "percent change":
            rows = of.get(m.removesuffix(" planned growth").removesuffix(" growth"))
            if rows is not None:
                out += _growth_checks(c, rows, tol)
            continue
        rows = of.get(m.removesuffix(" (planned)"))
        if rows is None:
            continue
        rows = rows[rows["unit"] != "rank"] if c["unit"] != "rank" else rows[rows["unit"] == "rank"]
        if len(rows):
            out += _level_checks(c, rows, tol)
    return out


def sipri_checks(data: Ledger, tol: Tolerances | None = None) -> list[Check]:
    """Each claim whose measure SIPRI's register covers, recomputed over the claim's period: a
    share within the edition's revision tolerance; a rank with the same tolerance on the shares
    it is made of (a rank whose neighbours are within it is consistent, not different)."""
    from .. import sipri

    tol = tol or Tolerances()
    how = data.tables.get("sipri_measures")
    tiv = data.tables.get("sipri_tiv")
    if how is None or tiv is None:
        return []
    edition = data.edition("sipri_tiv")
    r = tol.sipri_revision
    t = f"SIPRI revision ±{r:g} points on every share"
    src = "sipri:sipri_tiv"  # like "official:<figure_id>": an id; the edition is in the text
    out = []
    for _, m in how.iterrows():
        for _, c in data.claims[data.claims["measure"] == m["measure"]].iterrows():
            s = span(c["period"])
            if s is None:
                continue
            first, last = s[0].year, s[1].year
            window = f"{first}–{last}"
            if m["computation"] == "share":
                shares = sipri.supplier_shares(tiv, m["recipient"], first, last)
                row = shares[shares["supplier"] == m["supplier"]]
                got = float(row["share_percent"].iloc[0]) if len(row) else 0.0
                text = (
                    f"SIPRI's register ({edition}) gives {m['supplier']} {got:.1f}% of "
                    f"{m['recipient']}'s arms imports in {window} (±{r:g} points for revisions)"
                )
                ok = claim_interval(c, tol).overlaps(Interval(got - r, got + r))
                outcome = "agrees" if ok else "differs"
                text += f", {'consistent with' if ok else 'against'} {show(c)}."
            else:
                ranks = sipri.recipient_ranks(tiv, m["supplier"], first, last)
                shares = dict(zip(ranks["recipient"], ranks["share_percent"], strict=True))
                mine = shares.get(m["recipient"], 0.0)
                got = int(ranks.set_index("recipient")["rank"].get(m["recipient"], len(ranks) + 1))
                others = {k: v for k, v in shares.items() if k != m["recipient"]}
                best = 1 + sum(v > mine + r for v in others.values())
                worst = 1 + sum(v >= mine - r for v in others.values())
                near = ", ".join(f"{k} {v:.1f}%" for k, v in others.items() if abs(v - mine) <= r)
                text = (
                    f"SIPRI's register ({edition}) puts {m['recipient']} at rank {got} among "
                    f"{m['supplier']}'s arms recipients in {window} with {mine:.1f}% of the "
                    f"volume; counting any recipient within ±{r:g} points of that share as able "
                    f"to swap places with it, its rank could be {best}–{worst}"
                    + (f" (within {r:g} points: {near})" if near else "")
                )
                claimed = int(c["value"])
                if claimed < got:
                    # The recipients the claim needs it to overtake, with the gaps.
                    ahead = sorted(others.items(), key=lambda kv: -kv[1])[claimed - 1 : got - 1]
                    text += (
                        "; to be rank "
                        + str(claimed)
                        + " it must pass "
                        + ", ".join(
                            f"{k} ({v:.1f}%, {v - mine:.1f} points ahead)" for k, v in ahead
                        )
                    )
                if claimed == got:
                    outcome, text = "agrees", text + f"; the paper says {show(c)}."
                elif best <= claimed <= worst:
                    outcome = "consistent"
                    text += f"; the paper's {show(c)} is consistent within the edition's revisions."
                else:
                    outcome, text = "differs", text + f"; the paper says {show(c)}."
            out.append(Check(c["claim_id"], "primary source", outcome, text, t, [src]))
    return out
