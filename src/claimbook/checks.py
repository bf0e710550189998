"""The claim audit's stable entry point: re-exports `claimbook.audit` (intervals, evidence,
verdicts) for the pages, the CLI and the generated includes, and holds the survey
feasibility (GRIM) table.

`audit(data, about=0.10, sipri_revision=2.0, rounding="half", pace_factor=2.0)` gives one row
per claim: claim_id, paper, verdict, reason, compared_with, checks. `VERDICTS` lists the verdicts,
strongest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .audit import (  # noqa: F401  (re-exported)
    ABOUT_TOLERANCE,
    COLUMNS,
    GRID,
    MAX_N,
    PACE_FACTOR,
    ROUNDING,
    ROUNDING_RULES,
    SIPRI_REVISION,
    STUDY_YEARS,
    VERDICTS,
    Check,
    Interval,
    Tolerances,
    as_json,
    audit,
    counts,
    derive,
    evidence,
    evidence_html,
    evidence_table,
    feasible_n,
    interval,
    reference_table,
    sensitivity,
    tolerances,
    usable,
    verdicts,
    vet,
)
from .audit.evidence import (  # noqa: F401  (re-exported)
    bears_on,
    official_checks,
    qualifier_of,
    relation_checks,
    show,
    sipri_checks,
)

if TYPE_CHECKING:
    from .ledger import Ledger

# Older names the pages use: a check is what a finding was (claim_id, verdict, reason,
# compared_with, relation_id).
Finding = Check


def vet_usable(official: pd.DataFrame, **tol) -> pd.DataFrame:
    """The official figures a page may draw as official: those the vetting (under the page's
    tolerances) does not flag."""
    return usable(official, tolerances(**tol).pace_factor)


def evaluate(
    relations: pd.DataFrame, claims: pd.DataFrame, events: pd.DataFrame | None = None, **tol
) -> list[Check]:
    """Every check every relation gives."""
    return relation_checks(relations, claims, tolerances(**tol), events)


def official_findings(data: Ledger, **tol) -> list[Check]:
    return official_checks(data, tolerances(**tol))


def sipri_findings(data: Ledger, **tol) -> list[Check]:
    return sipri_checks(data, tolerances(**tol))


def survey_feasibility(data: Ledger) -> pd.DataFrame:
    """For each survey percentage printed with decimals, the smallest possible sample size;
    and for each same_survey group, the smallest size that fits all its percentages at once."""
    claims = data.claims.set_index("claim_id", drop=False)
    rows = []
    pct = claims[(claims["unit"] == "percent") & (claims["decimals"] > 0)]
    pct = pct[pct["topic"] == "survey"]
    for _, c in pct.iterrows():
        n = feasible_n([(c["value"], int(c["decimals"]))])
        rows.append({"claims": c["claim_id"], "percentages": show(c), "smallest n": n})
    rel = data.tables["relations"]
    for _, r in rel[rel["kind"] == "same_survey"].iterrows():
        members = [claims.loc[i] for i in [r["subject"], *r["inputs"].split()]]
        n = feasible_n([(m["value"], int(m["decimals"])) for m in members])
        rows.append(
            {
                "claims": " ".join(m["claim_id"] for m in members),
                "percentages": ", ".join(show(m) for m in members) + " (together)",
                "smallest n": n,
            }
        )
    return pd.DataFrame(rows, columns=["claims", "percentages", "smallest n"])


def page_tolerances(parameters: dict) -> dict:
    """The audit tolerances among a page's parameters (the audit and consistency notebooks
    have them; other pages audit with the defaults)."""
    keys = ("about", "sipri_revision", "rounding", "pace_factor")
    return {k: parameters[k] for k in keys if k in parameters}


def told_by_papers(relations: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """Measures that more than one paper tells (same, same_rate, running_total relations whose
    claims come from at least two papers), in relation order: a paper repeating itself is not
    a quantity told by more than one paper."""
    by_id = claims.set_index("claim_id")
    out: list[str] = []
    for _, r in relations[
        relations["kind"].isin(("same", "same_rate", "running_total"))
    ].iterrows():
        ids = [r["subject"], *str(r["inputs"] or "").split()]
        if len({by_id.loc[i, "paper"] for i in ids}) < 2:
            continue
        for i in ids:
            if by_id.loc[i, "measure"] not in out:
                out.append(by_id.loc[i, "measure"])
    return out
