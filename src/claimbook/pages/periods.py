"""Periods and numbers as the pages print and place them: a period on a year axis, the months
a part-year covers, a value with the decimals its source gives."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass


def ledger_decimals(value: float) -> int:
    """Decimal places of a source's value as stored (4.661 -> 3)."""
    text = f"{value:.6g}"
    return len(text.split(".")[1]) if "." in text else 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def span(period: str) -> str:
    """A period as a reader reads it: 2015/2019 -> 2015–2019, 2021-01/2021-11 -> 2021-01–11."""
    return (period or "").replace("/", "–")


@dataclass(frozen=True)
class When:
    """Where a period sits on a year axis: `x` (its middle), `partial` (less than a year), and
    for a total over several years its first year `x` and end `x2` with the `years` it spans."""

    x: float
    partial: bool = False
    x2: float | None = None
    years: int = 1


def when(period: str) -> When:
    """A period of the data (2021, 2021-03, 2021-01/2021-11, 2021-01/2021-12-14, an academic
    year 2017/2018, a span 2020/2024) on a year axis. A span of two or more calendar years
    (the last minus the first at least 2) is a total over those years; two consecutive years
    are an academic year, drawn at its autumn start."""
    first, _, last = period.partition("/")
    if not last:
        y, *m = first.split("-")
        if not m:
            return When(int(y) + 0.5)
        return When(int(y) + (int(m[0]) - 0.5) / 12, partial=True)
    if "-" in first:
        a, b = first.split("-")[:2], last.split("-")[:2]
        start = int(a[0]) + (int(a[1]) - 1) / 12
        end = int(b[0]) + int(b[1]) / 12
        return When((start + end) / 2, partial=True)
    a, b = int(first), int(last)
    if b - a >= 2:
        return When(a, x2=b + 1, years=b - a + 1)
    return When(b + 0.75)


def months(period: str) -> str:
    """The months a part-year period covers: 2021-01/2021-11 -> Jan–Nov, 2021-01/2021-12-14 ->
    Jan–14 Dec, 2020-03 -> Mar; a whole year or a span as written."""

    def one(d: str) -> str:
        parts = d.split("-")
        if len(parts) < 2:
            return d
        name = calendar.month_abbr[int(parts[1])]
        return f"{int(parts[2])} {name}" if len(parts) == 3 else name

    first, _, last = period.partition("/")
    if "-" not in first:
        return span(period)
    return one(first) if not last else f"{one(first)}–{one(last)}"


def number(value: float, decimals: int | None = None) -> str:
    """A value for a sentence, with the decimals the data has (4.661, 5.02, 12)."""
    d = ledger_decimals(value) if decimals is None else decimals
    return f"{value:,.{d}f}"
