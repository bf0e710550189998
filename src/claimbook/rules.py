"""The data package's rules that a Table Schema cannot express, one named check each.

Frictionless checks every field on its own (type, constraints, unique, primary and foreign keys).
These checks take what it lets through: a cell with surrounding spaces or a number that is not
finite, a row whose fields must agree (a percent share within 0-100, an id that starts with its
paper's key), and columns holding space-separated lists of ids that must all exist. A check gets
one row as written (strings) and returns the problem as `column: what is wrong (why)`, or None.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Row = Mapping[str, str]
Check = Callable[[Row], str | None]

# The lead actors of an event, in this order; the others follow alphabetically.
ACTOR_LEAD = ["AZ", "TR", "IL"]
# Units whose value counts whole things: items, ranks, durations.
COUNTS = {"count", "rank", "days", "weeks", "months", "years"}
# Units of amounts and volumes (never negative); 'percent change' is absent: growth may be.
AMOUNTS = {
    "USD bn",
    "USD m",
    "USD thousand",
    "EUR bn",
    "EUR m",
    "AZN m",
    "TRY bn",
    "bcm",
    "bcm per year",
    "million tonnes",
    "million tonnes per year",
    "barrels per day",
    "MW",
    "km",
    "TIV m",
    "percent of capacity",
}


def trimmed(column: str, value: str) -> str | None:
    """A cell has no leading or trailing spaces (Frictionless would read ' 5.02' as 5.02)."""
    if value != value.strip():
        return f"{column}: {value!r} has leading or trailing spaces"
    return None


def finite(column: str, value: str) -> str | None:
    """A number is finite (Table Schema's number type admits NaN and INF)."""
    try:
        number = float(value)
    except ValueError:
        return None  # not a number at all: Frictionless says so
    if not math.isfinite(number):
        return f"{column}: {value!r} is not a finite number"
    return None


def _range(row: Row, column: str, why: str, low=None, high=None, whole=False) -> str | None:
    value = row[column]
    if value == "":
        return None
    number = float(value)
    if whole and not number.is_integer():
        return f"{column}: {value} is not a whole number ({why})"
    if low is not None and number < low:
        return f"{column}: {value} is below {low} ({why})"
    if high is not None and number > high:
        return f"{column}: {value} is above {high} ({why})"
    return None


def _date(text: str) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first day it can mean, or None if no such day."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def percent_share(row: Row) -> str | None:
    """A percent share lies within 0-100 (a growth rate is 'percent change', unbounded)."""
    if row["unit"] != "percent":
        return None
    return _range(row, "value", "a percent share lies within 0-100", low=0, high=100)


def whole_counts(row: Row) -> str | None:
    """A count, rank or duration is a non-negative whole number."""
    if row["unit"] not in COUNTS:
        return None
    why = "a count, rank or duration is a non-negative whole number"
    return _range(row, "value", why, low=0, whole=True)


def whole_head_counts(row: Row) -> str | None:
    """A number of students is a head count: a whole number."""
    if row["unit"] != "students":
        return None
    return _range(row, "value", "a head count is a whole number", whole=True)


def non_negative_amounts(row: Row) -> str | None:
    """An amount or volume is non-negative."""
    if row["unit"] not in AMOUNTS:
        return None
    return _range(row, "value", "an amount or volume is non-negative", low=0)


def rank_unit_and_qualifier(row: Row) -> str | None:
    """The qualifier 'rank' and the unit 'rank' go together."""
    if row["qualifier"] == "rank" and row["unit"] != "rank":
        return (
            f"unit: {row['unit']!r} breaks a rule: the qualifier 'rank' goes with the unit 'rank'"
        )
    if row["unit"] == "rank" and row["qualifier"] != "rank":
        why = "the unit 'rank' goes with the qualifier 'rank'"
        return f"qualifier: {row['qualifier']!r} breaks a rule: {why}"
    return None


def _starts_with_paper(row: Row, column: str, what: str) -> str | None:
    prefix = row["paper"] + "-"
    if not row[column].startswith(prefix):
        why = f"{what} starts with its paper's key"
        return f"{column}: {row[column]!r} does not start with {prefix!r} ({why})"
    return None


def claim_id_names_paper(row: Row) -> str | None:
    """A claim id starts with its paper's key."""
    return _starts_with_paper(row, "claim_id", "a claim id")


def event_id_names_paper(row: Row) -> str | None:
    """An event id starts with its paper's key."""
    return _starts_with_paper(row, "event_id", "an event id")


def ordered_period(row: Row) -> str | None:
    """A period is real dates, and a span START/END runs from its start to a later end."""
    period = row["period"]
    if period == "":
        return None
    ends = [_date(p) for p in period.split("/")]
    if None in ends or ends != sorted(ends):
        why = "a period span runs from its start to a later end"
        return f"period: {period!r} is not a valid period ({why})"
    return None


def real_date(row: Row) -> str | None:
    """A date exists in the calendar (the pattern lets 1992-13 and 1992-02-30 through)."""
    if _date(row["date"]) is None:
        return f"date: {row['date']!r} is not a real date (a date must exist in the calendar)"
    return None


def event_id_carries_year(row: Row) -> str | None:
    """An event id carries the year of its date, so that ids sort and read by year."""
    year = row["date"][:4]
    if f"-{year}-" not in row["event_id"]:
        why = "an event id carries the year of its date"
        return f"event_id: {row['event_id']!r} does not carry the year {year} ({why})"
    return None


def actors_in_order(row: Row) -> str | None:
    """Actors are ordered AZ, TR, IL, then the others alphabetically, each once."""
    codes = row["actors"].split("-")
    lead = sorted((c for c in codes if c in ACTOR_LEAD), key=ACTOR_LEAD.index)
    expected = lead + sorted(c for c in codes if c not in ACTOR_LEAD)
    if codes != expected or len(set(codes)) != len(codes):
        why = "actors are ordered AZ, TR, IL, then the others alphabetically"
        return f"actors: {row['actors']!r} is not in order ({why})"
    return None


def _explained(row: Row, why: str) -> str | None:
    return f"reason: is empty ({why})" if row["reason"] == "" else None


def not_comparable_says_why(row: Row) -> str | None:
    """A not_comparable relation says why the look-alikes differ."""
    if row["kind"] != "not_comparable":
        return None
    return _explained(row, "a not_comparable relation says why")


def disagreeing_dates_say_why(row: Row) -> str | None:
    """Dates that disagree are explained: which date each paper gives."""
    if row["dates_agree"] != "no":
        return None
    return _explained(row, "dates that disagree are explained")


def relation_arity(row: Row) -> str | None:
    """A share or growth relation has two inputs; a same_rate relation three."""
    expected = {"share": 2, "growth": 2, "same_rate": 3}.get(row["kind"])
    n = len(row["inputs"].split(" "))
    if expected is None or n == expected:
        return None
    why = {
        2: "a share or growth relation has two inputs",
        3: "a same_rate relation has three inputs: durationA totalB durationB",
    }[expected]
    return f"inputs: has {n} item(s), not {expected} ({why})"


def relation_names_its_members(row: Row) -> str | None:
    """A duration names its start and end events; every other relation the claims it relates."""
    if row["kind"] == "duration":
        if row["events"] == "":
            return "events: is empty (a duration names its start and end events)"
        return None
    if row["inputs"] == "":
        return "inputs: is empty (a relation other than a duration names the claims it relates)"
    return None


# The row checks of each table (by resource name), run on rows whose every field is valid.
ROWS: dict[str, tuple[Check, ...]] = {
    "claims": (
        percent_share,
        whole_counts,
        non_negative_amounts,
        rank_unit_and_qualifier,
        claim_id_names_paper,
        ordered_period,
    ),
    "events": (real_date, event_id_names_paper, event_id_carries_year, actors_in_order),
    "relations": (not_comparable_says_why, relation_names_its_members, relation_arity),
    "event_links": (disagreeing_dates_say_why,),
    "official_figures": (percent_share, whole_head_counts, ordered_period),
}


@dataclass(frozen=True)
class ListKey:
    """A column of space-separated ids, each of which must be a `reference` of `resource`
    (a foreign key over a list, which a Table Schema cannot declare)."""

    field: str
    resource: str
    reference: str

    def missing(self, row: Row, known: set[str]) -> list[str]:
        """The ids of the row's list that `known` (the referenced column's values) lacks."""
        return [item for item in row[self.field].split() if item not in known]


# The list keys of each table (by resource name).
LIST_KEYS: dict[str, tuple[ListKey, ...]] = {
    "relations": (
        ListKey("inputs", "claims", "claim_id"),
        ListKey("events", "events", "event_id"),
    ),
    "event_links": (ListKey("events", "events", "event_id"),),
}
