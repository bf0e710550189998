"""One verdict per claim, derived from its independent evidence only; tables of the evidence.

Verdicts, strongest first (methods page):
- differs: some check finds the claim impossible beside its evidence (an arithmetic gap,
  another paper, a primary source, or the paper contradicting itself);
- reproduced: recomputed from other figures of the same paper, or from its own dated events;
- corroborated: another paper (not citing the same source) or a primary source agrees;
- consistent: evidence bounds it and it lies within (a partial-period figure, a running total
  with another cut-off, a rank within the edition's revisions, a plan met, or another paper
  that cites the same source) but nothing independent pins it;
- not comparable: only figures that look alike but measure something else;
- unchecked: nothing independent to check it against (a paper repeating itself is shown).
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

import pandas as pd

from .evidence import Check, official_checks, relation_checks, sipri_checks
from .intervals import ABOUT_TOLERANCE, PACE_FACTOR, ROUNDING, SIPRI_REVISION, Tolerances

if TYPE_CHECKING:
    from ..ledger import Ledger

VERDICTS = ("differs", "reproduced", "corroborated", "consistent", "not comparable", "unchecked")
COLUMNS = ["claim_id", "paper", "verdict", "reason", "compared_with", "checks"]
UNCHECKED = "Nothing independent in the papers or the sources to check it against."


def _rank(check: Check) -> int:
    """Which verdict a check can give the claim (an index into VERDICTS)."""
    if check.outcome == "differs":
        return 0
    if check.outcome == "agrees" and check.independent:
        return 1 if check.kind == "arithmetic" else 2
    if check.outcome == "consistent" or (check.outcome == "agrees" and check.shared_source):
        return 3
    if check.outcome == "not comparable":
        return 4
    return 5  # a repetition agreeing: shown, never evidence


# Between checks that give the same verdict, the one the reason quotes: a primary source
# says most about the claim, the paper itself least; a figure shown only for context comes
# after any check that weighed the claim.
_QUOTED_FIRST = ("primary source", "arithmetic", "another paper", "repetition")


def derive(checks: list[Check]) -> tuple[str, Check | None]:
    """The verdict a claim's checks give, and the check that decides it."""
    best = min(
        checks, key=lambda c: (_rank(c), c.context, _QUOTED_FIRST.index(c.kind)), default=None
    )
    if best is None or _rank(best) == 5:
        return "unchecked", best
    return VERDICTS[_rank(best)], best


def labels(checks: list[Check]) -> str:
    """`kind:outcome` of each check, in order, once each, `;`-separated."""
    return ";".join(dict.fromkeys(c.label() for c in checks))


def verdicts(
    claims: pd.DataFrame,
    relations: pd.DataFrame,
    sources: list[Check] | None = None,
    tol: Tolerances | None = None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per claim: claim_id, paper, verdict, reason, compared_with (space-separated),
    checks (`kind:outcome;...`). `sources` are checks against primary sources."""
    every = relation_checks(relations, claims, tol, events) + list(sources or [])
    by_claim: dict[str, list[Check]] = {}
    for c in every:
        by_claim.setdefault(c.claim_id, []).append(c)
    rows = []
    for _, c in claims.iterrows():
        mine = by_claim.get(c["claim_id"], [])
        verdict, why = derive(mine)
        if verdict == "unchecked":
            reason = UNCHECKED
            if why is not None:
                reason = f"Only its own paper repeats it, which is not evidence: {why.evidence}"
            compared = ""
        else:
            reason, compared = why.evidence, " ".join(why.compared_with)
        rows.append(
            {
                "claim_id": c["claim_id"],
                "paper": c["paper"],
                "verdict": verdict,
                "reason": reason,
                "compared_with": compared,
                "checks": labels(mine),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def tolerances(
    about: float = ABOUT_TOLERANCE,
    sipri_revision: float = SIPRI_REVISION,
    rounding: str = ROUNDING,
    pace_factor: float = PACE_FACTOR,
) -> Tolerances:
    return Tolerances(float(about), float(sipri_revision), rounding, float(pace_factor))


def evidence(data: Ledger, **tol) -> list[Check]:
    """Every check of every claim of the loaded data package."""
    t = tolerances(**tol)
    events = data.events if "events" in data.tables else None
    return (
        relation_checks(data.tables["relations"], data.claims, t, events)
        + official_checks(data, t)
        + sipri_checks(data, t)
    )


def audit(
    data: Ledger,
    about: float = ABOUT_TOLERANCE,
    sipri_revision: float = SIPRI_REVISION,
    rounding: str = ROUNDING,
    pace_factor: float = PACE_FACTOR,
) -> pd.DataFrame:
    """The audit of the loaded data package: one row per claim (see `verdicts`), under the
    given tolerances (defaults: the methods page's)."""
    t = tolerances(about, sipri_revision, rounding, pace_factor)
    events = data.events if "events" in data.tables else None
    sources = official_checks(data, t) + sipri_checks(data, t)
    return verdicts(data.claims, data.tables["relations"], sources, t, events)


def as_json(data: Ledger, **tol) -> str:
    """The full evidence: every claim with its verdict and every check behind it."""
    table = audit(data, **tol)
    by_claim: dict[str, list[Check]] = {}
    for c in evidence(data, **tol):
        by_claim.setdefault(c.claim_id, []).append(c)
    out = {
        "tolerances": tolerances(**tol).__dict__,
        "claims": [
            {
                **{k: row[k] for k in ("claim_id", "paper", "verdict", "reason")},
                "compared_with": row["compared_with"].split(),
                "checks": [
                    {
                        "kind": c.kind,
                        "outcome": c.outcome,
                        "independent": c.independent,
                        "shared_source": c.shared_source,
                        "evidence": c.evidence,
                        "tolerance": c.tolerance,
                        "compared_with": c.compared_with,
                        "relation_id": c.relation_id,
                    }
                    for c in by_claim.get(row["claim_id"], [])
                ],
            }
            for _, row in table.iterrows()
        ],
    }
    return json.dumps(out, ensure_ascii=False, indent=1)


def evidence_table(data: Ledger, paper: str | None = None, **tol) -> pd.DataFrame:
    """One row per check (of one paper's claims, or all): claim, kind, outcome, whether it
    counts, the evidence, the tolerance and what it was compared with."""
    rows = []
    papers = data.claims.set_index("claim_id")["paper"]
    for c in evidence(data, **tol):
        if paper and papers[c.claim_id] != paper:
            continue
        counts = "no: the paper itself" if c.kind == "repetition" else (
            f"bounds only: both cite {c.shared_source}" if c.shared_source else "yes"
        )  # fmt: skip
        rows.append(
            {
                "claim": c.claim_id,
                "check": c.kind,
                "outcome": c.outcome,
                "independent": counts,
                "evidence": c.evidence,
                "tolerance": c.tolerance,
                "compared with": " ".join(c.compared_with),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "claim", "check", "outcome", "independent", "evidence", "tolerance", "compared with"
        ],
    )  # fmt: skip


def evidence_html(data: Ledger, paper: str | None = None, **tol) -> str:
    """The evidence table as HTML in three groups, each anchored for the introduction's
    dashboard: the paper repeating itself (`checks-repetition`), agreement with a paper citing
    the same source (`checks-shared`), and every other check (`checks-all`)."""
    from .. import tables

    table = evidence_table(data, paper, **tol)
    # A repetition is the paper stating a number again; two alike but different numbers of one
    # paper (not comparable) are listed with the other checks.
    rep = (table["check"] == "repetition") & (table["outcome"] != "not comparable")
    shared = table["independent"].str.startswith("bounds only")
    groups = [
        ("checks-repetition", "Repeated by the paper itself: shown, never corroboration", rep),
        ("checks-shared", "Agreement with a paper citing the same source: consistent only", shared),
        ("checks-all", "Every other check", ~rep & ~shared),
    ]
    out = []
    for anchor, title, mask in groups:
        part = table[mask]
        out.append(
            f'<p class="verdict-group" id="{anchor}">{html.escape(title)} '
            f"({part['claim'].nunique()} claim(s), {len(part)} check(s)).</p>"
        )
        if len(part):
            out.append(tables.to_html(part, table_id=f"table-{anchor}"))
    return "".join(out)


def counts(data: Ledger, **tol) -> pd.DataFrame:
    """Per claim: its verdict, whether its own paper repeats it, whether a paper citing the
    same source agrees with it (the dashboard counts these apart from the verdicts)."""
    table = audit(data, **tol)
    rep: set[str] = set()
    shared: set[str] = set()
    for c in evidence(data, **tol):
        if c.kind == "repetition" and c.outcome != "not comparable":
            rep.add(c.claim_id)
        elif c.shared_source:
            shared.add(c.claim_id)
    return table.assign(
        repeated=table["claim_id"].isin(rep), shared_source=table["claim_id"].isin(shared)
    )


def reference_table(data: Ledger, **tol) -> pd.DataFrame:
    """Every official figure: its provenance, its vetting, and the claims it is evidence for
    (or why it is not used)."""
    from .reference import vet

    official = data.tables["official_figures"]
    vetted = vet(official, tolerances(**tol).pace_factor).set_index("figure_id")
    # A row weighed against a claim is evidence for it; a row only shown beside one (another
    # quantity, span or reporter: "not comparable") is not.
    used: dict[str, set[str]] = {}
    shown: dict[str, set[str]] = {}
    for c in official_checks(data, tolerances(**tol)):
        into = shown if c.outcome == "not comparable" else used
        for ref in c.compared_with:
            into.setdefault(ref.removeprefix("official:"), set()).add(c.claim_id)
    # Claims of each measure: a row of another period is context for them (this table shows it;
    # the energy page draws its gas series whole, the trade page only the years a paper gives).
    series: dict[str, list[str]] = {}
    for _, c in data.claims.iterrows():
        series.setdefault(c["measure"], []).append(c["claim_id"])
    rows = []
    for _, o in official.iterrows():
        flag = vetted.loc[o["figure_id"], "flag"]
        claims = sorted(used.get(o["figure_id"], ()))
        beside = sorted(shown.get(o["figure_id"], set()) - set(claims))
        if flag:
            status = f"flagged, not used: {flag}"
        elif claims:
            status = "evidence for " + ", ".join(claims)
            if beside:
                status += "; shown beside " + ", ".join(beside) + ", not compared"
        elif beside:
            status = (
                "shown beside " + ", ".join(beside) + ", not compared: another quantity, span "
                "or reporter (each claim's audit row says which)"
            )
        elif vetted.loc[o["figure_id"], "vetting"]:
            status = "used to vet the rows beside it (no claim of this measure and period)"
        elif o["measure"] in series:
            status = (
                "context for "
                + ", ".join(series[o["measure"]])
                + ": the same measure in a period no claim gives, shown here, not compared"
            )
        else:
            status = "not used: no claim of this measure and period"
        rows.append(
            {
                "figure": o["figure_id"],
                "quantity": o["quantity"],
                "period": o["period"],
                "value": f"{o['value']:g} {o['unit']}",
                "source": o["source_body"],
                "reporter": o["reporter"] or "",
                "reported": f"{o['reported_by']}, {o['reported_on'] or 'date: none found'}",
                "url": o["url"] or "none found",
                "vetting": vetted.loc[o["figure_id"], "vetting"],
                "status": status,
            }
        )
    return pd.DataFrame(rows)


# The parameter grid of the methods page's sensitivity table: each tolerance moved alone.
GRID = (
    {},
    {"about": 0.05},
    {"about": 0.20},
    {"sipri_revision": 0.5},
    {"sipri_revision": 3.0},
    {"rounding": "significant"},
    {"rounding": "none"},
    {"pace_factor": 1.5},
    {"pace_factor": 3.0},
)


def sensitivity(data: Ledger, grid=GRID) -> pd.DataFrame:
    """Verdict counts under each setting of the grid, and the claims whose verdict moves from
    the defaults' (with the new verdict)."""
    base = audit(data).set_index("claim_id")["verdict"]
    rows = []
    for setting in grid:
        t = tolerances(**setting)
        got = audit(data, **setting).set_index("claim_id")["verdict"]
        moved = [f"{cid}: {base[cid]} → {got[cid]}" for cid in got.index if got[cid] != base[cid]]
        row = {
            "about": f"±{t.about:.0%}",
            "SIPRI revision": f"±{t.sipri_revision:g}",
            "rounding": t.rounding,
            "pace factor": f"{t.pace_factor:g}",
        }
        row.update({v: int((got == v).sum()) for v in VERDICTS})
        row["verdicts that move"] = "; ".join(moved) or "none"
        rows.append(row)
    return pd.DataFrame(rows)
