"""The claim audit: intervals (`intervals`), official figures vetted (`reference`), the checks
each claim collects (`evidence`) and the verdict derived from independent evidence only
(`verdicts`). `audit(data, **tolerances)` is the entry point; `claimbook.checks` re-exports it.
"""

from .evidence import (
    KINDS,
    OUTCOMES,
    STUDY_YEARS,
    Check,
    official_checks,
    relation_checks,
    sipri_checks,
)
from .intervals import (
    ABOUT_TOLERANCE,
    MAX_N,
    ROUNDING,
    ROUNDING_RULES,
    SIPRI_REVISION,
    Interval,
    Tolerances,
    feasible_n,
    interval,
)
from .reference import PACE_FACTOR, usable, vet
from .verdicts import (
    COLUMNS,
    GRID,
    VERDICTS,
    as_json,
    audit,
    counts,
    derive,
    evidence,
    evidence_html,
    evidence_table,
    reference_table,
    sensitivity,
    tolerances,
    verdicts,
)

__all__ = [
    "ABOUT_TOLERANCE",
    "COLUMNS",
    "GRID",
    "KINDS",
    "MAX_N",
    "OUTCOMES",
    "PACE_FACTOR",
    "ROUNDING",
    "ROUNDING_RULES",
    "SIPRI_REVISION",
    "STUDY_YEARS",
    "VERDICTS",
    "Check",
    "Interval",
    "Tolerances",
    "as_json",
    "audit",
    "counts",
    "derive",
    "evidence",
    "evidence_html",
    "evidence_table",
    "feasible_n",
    "interval",
    "official_checks",
    "reference_table",
    "relation_checks",
    "sensitivity",
    "sipri_checks",
    "tolerances",
    "usable",
    "verdicts",
    "vet",
]
