"""Vetting the official figures before they are used as evidence.

Each row must say what it measures, for which period, who issued it, who reported it and when,
and where (a URL, or "none found" in `not_found`). Rows are checked against each other: the
parts of a turnover must add up to it, and a partial-year figure must leave a plausible rest of
the year beside the full-year figure of the same reporter. A flagged row is shown with its
reason and never used as evidence.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .intervals import PACE_FACTOR, half_width

# A partial-year figure is flagged when the full-year figure of the same reporter implies that
# the months left out ran at more than PACE_FACTOR times the partial period's monthly pace (the
# default; the audit's `pace_factor` tolerance, see claimbook.audit.intervals).

# The bilateral trade measures: a turnover and its two directions (ledger wording).
TURNOVER = "Türkiye–Azerbaijan trade turnover"
DIRECTIONS = ("Türkiye exports to Azerbaijan", "Azerbaijan exports to Türkiye")

# Provenance every row must carry; `reported_on` and `url` may instead be named in not_found.
REQUIRED = ("measure", "period", "source_body", "reported_by")
FINDABLE = ("reported_on", "url")


def _bounds(date: str, end: bool) -> dt.date:
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        y, m = parts
        if not end:
            return dt.date(y, m, 1)
        return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)


def span(period: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a period covers: `2021`, `2021-03`, `2021-01/2021-11`; an academic
    year `2017/2018` covers both calendar years. None for an empty period."""
    if not isinstance(period, str) or not period:
        return None
    first, _, last = period.partition("/")
    return _bounds(first, False), _bounds(last or first, True)


def partial_year(period: str) -> tuple[int, float] | None:
    """(year, months covered) when a period is a span inside one calendar year short of it."""
    s = span(period)
    if s is None or s[0].year != s[1].year or "/" not in period:
        return None
    year = s[0].year
    if s[0] == dt.date(year, 1, 1) and s[1] == dt.date(year, 12, 31):
        return None
    return year, ((s[1] - s[0]).days + 1) / 365 * 12


def _precision(value: float) -> float:
    text = f"{value:.6g}"
    return half_width(value, len(text.split(".")[1]) if "." in text else 0)


# Vettings already made, by the table's content hash and the pace factor: the audit vets the
# table once per call, and the methods page's sensitivity table calls it for every tolerance
# (about half of the build's time before its notebooks start).
_VETTED: dict[tuple[int, float], pd.DataFrame] = {}


def vet(official: pd.DataFrame, pace_factor: float = PACE_FACTOR) -> pd.DataFrame:
    """One row per official figure: figure_id, flag (empty when usable, else why not) and
    vetting (what was checked). Row order is the table's."""
    key = (int(pd.util.hash_pandas_object(official.astype(str)).sum()), float(pace_factor))
    if key not in _VETTED:
        if len(_VETTED) > 16:
            _VETTED.clear()
        _VETTED[key] = _vet(official, pace_factor)
    return _VETTED[key].copy()


def _vet(official: pd.DataFrame, pace_factor: float) -> pd.DataFrame:
    flags: dict[str, list[str]] = {f: [] for f in official["figure_id"]}
    notes: dict[str, list[str]] = {f: [] for f in official["figure_id"]}
    for _, r in official.iterrows():
        missing = [c for c in REQUIRED if not isinstance(r[c], str) or not r[c]]
        not_found = r["not_found"] if isinstance(r["not_found"], str) else ""
        missing += [
            c
            for c in FINDABLE
            if (not isinstance(r[c], str) or not r[c]) and c not in not_found.split()
        ]
        if missing:
            flags[r["figure_id"]].append(
                "provenance incomplete: no " + ", ".join(missing) + " and not marked 'none found'"
            )
    # A bound ("exceeded 2 bn") is not a count: it takes part in neither check below.
    bounded = official["bound"].fillna("").astype(str) != "" if "bound" in official else False
    counts = official[~bounded] if "bound" in official else official
    by = counts.groupby(["reporter", "period"], sort=False)
    for (reporter, period), rows in by:
        parts = rows[rows["measure"].isin(DIRECTIONS)]
        total = rows[rows["measure"] == TURNOVER]
        if len(parts) == 2 and len(total) == 1:
            got = float(parts["value"].sum())
            t = total.iloc[0]
            slack = float(sum(_precision(v) for v in parts["value"])) + _precision(t["value"])
            ids = [*parts["figure_id"], t["figure_id"]]
            text = (
                f"{reporter}'s two directions for {period} add up to {got:.4g} against the "
                f"turnover {t['value']:g}"
            )
            if abs(got - t["value"]) > slack:
                for i in ids:
                    flags[i].append(text + ": parts and total contradict each other")
            else:
                for i in ids:
                    notes[i].append(text + " (consistent)")
    # Partial year against the full year of the same reporter: for the turnover, either its own
    # partial figure or the sum of both directions' partial figures.
    for _, full in counts[counts["measure"] == TURNOVER].iterrows():
        if partial_year(full["period"]) or span(full["period"]) is None:
            continue
        s = span(full["period"])
        if s[0] != dt.date(s[0].year, 1, 1) or s[1] != dt.date(s[0].year, 12, 31):
            continue
        same = counts[(counts["reporter"] == full["reporter"])]
        for period, rows in same.groupby("period", sort=False):
            p = partial_year(period)
            if p is None or p[0] != s[0].year:
                continue
            mine = rows[rows["measure"] == TURNOVER]
            both = rows[rows["measure"].isin(DIRECTIONS)]
            if len(mine):
                part, ids, what = float(mine["value"].iloc[0]), list(mine["figure_id"]), "turnover"
            elif len(both) == 2:
                part, ids = float(both["value"].sum()), list(both["figure_id"])
                what = "two directions together"
            else:
                continue
            months = p[1]
            rest = full["value"] - part
            pace = part / months
            rest_pace = rest / (12 - months) if months < 12 else 0.0
            text = (
                f"{full['reporter']}'s {what} for {period} ({part:.4g} over {months:.1f} months, "
                f"{pace:.3g} a month) against its full year {full['period']} ({full['value']:g}) "
                f"leaves {rest:.3g} for the other {12 - months:.1f} months"
            )
            if rest < 0:
                for i in ids:
                    flags[i].append(text + ": the part exceeds the whole year")
            elif rest_pace > pace_factor * pace:
                for i in ids:
                    flags[i].append(
                        text + f", {rest_pace / pace:.1f} times the monthly pace (more than "
                        f"{pace_factor:g}): partial and full year contradict each other; the "
                        "later full-year figure is kept"
                    )
            else:
                for i in [*ids, full["figure_id"]]:
                    notes[i].append(text + f", {rest_pace / pace:.1f} times the pace (plausible)")
    return pd.DataFrame(
        {
            "figure_id": list(official["figure_id"]),
            "flag": ["; ".join(flags[f]) for f in official["figure_id"]],
            "vetting": ["; ".join(notes[f]) for f in official["figure_id"]],
        }
    )


def usable(official: pd.DataFrame, pace_factor: float = PACE_FACTOR) -> pd.DataFrame:
    """The official rows the audit may use as evidence (none flagged)."""
    v = vet(official, pace_factor).set_index("figure_id")
    return official[[not v.loc[f, "flag"] for f in official["figure_id"]]]
