"""Reported values as intervals of possible true values, and the audit's tolerances.

A value printed as "5.02" could be anything that rounds to it: [5.015, 5.025). The qualifier
widens or bounds it ("over 20" is (20, ∞); "about 40" is 40 ± the about-tolerance). How far a
printed number may be from the truth is the rounding rule, a tolerance the reader may change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# "about", "around", "nearly": the value within this relative tolerance (methods page).
ABOUT_TOLERANCE = 0.10
# A SIPRI edition revises older years: a share recomputed from it may move by this many
# percentage points from the figure an older fact sheet gave (methods page).
SIPRI_REVISION = 2.0
# How a printed number stands for its true value:
# - "half": half a unit of its last printed digit either side ("30" is [29.5, 30.5));
# - "significant": trailing zeros of a whole number are not significant, so half a unit of its
#   last non-zero digit ("30" is [25, 35), "7,000" is [6500, 7500)); decimals as "half";
# - "none": the printed value only.
ROUNDING_RULES = ("half", "significant", "none")
ROUNDING = "half"
# A part of a year leaves a plausible rest of it when the months left out run at no more than
# this many times its monthly pace: the vetting of official rows and the upper bound a part puts
# on a claim's year. Why 2: Azerbaijan's customs figures for 2021 (4.1 bn in January–November,
# 4.661 bn for the year) put December at 1.5 times the monthly pace, an ordinary year-end; a
# month at more than twice the pace of the eleven before it is what a reader should not take
# on trust (methods page).
PACE_FACTOR = 2.0


@dataclass(frozen=True)
class Tolerances:
    """The audit's three tolerances; the defaults are the methods page's."""

    about: float = ABOUT_TOLERANCE
    sipri_revision: float = SIPRI_REVISION
    rounding: str = ROUNDING
    pace_factor: float = PACE_FACTOR

    def __post_init__(self) -> None:
        if self.rounding not in ROUNDING_RULES:
            raise ValueError(
                f"rounding: {self.rounding!r} is not one of {', '.join(ROUNDING_RULES)}"
            )
        if not 0 <= self.about < 1:
            raise ValueError(f"about: {self.about!r} is not a fraction between 0 and 1")
        if self.sipri_revision < 0:
            raise ValueError(f"sipri_revision: {self.sipri_revision!r} is negative")
        if not self.pace_factor >= 1:
            raise ValueError(f"pace_factor: {self.pace_factor!r} is below 1 (the part's own pace)")

    def text(self) -> str:
        return (
            f"about ±{self.about:.0%}, SIPRI revision ±{self.sipri_revision:g} points, "
            f"rounding {self.rounding!r}, pace factor {self.pace_factor:g}"
        )


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
        return f"{left}{fmt(self.lo, digits)}, {fmt(self.hi, digits)}{right}"

    def words(self, digits: int = 3) -> str:
        """The interval as a reader says it: "more than 1.06", "1.17 to 1.23", "at most 5"."""

        def say(x: float) -> str:  # whole thousands in full: 7,000, not 7e+03
            return f"{x:,.0f}" if abs(x) >= 10**digits and not math.isinf(x) else fmt(x, digits)

        lo, hi = say(self.lo), say(self.hi)
        if math.isinf(self.hi) and math.isinf(self.lo):
            return "any value"
        if math.isinf(self.hi):
            return f"{'more than' if self.lo_open else 'at least'} {lo}"
        if math.isinf(self.lo):
            return f"{'less than' if self.hi_open else 'at most'} {hi}"
        return lo if lo == hi else f"{lo} to {hi}"


def _div(a: float, b: float) -> float:
    if b == 0:
        return math.inf
    if math.isinf(a) and math.isinf(b):
        return math.inf
    return a / b


def fmt(x: float, digits: int = 6) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}g}"


def half_width(value: float, decimals: int, rounding: str = ROUNDING) -> float:
    """How far the true value may lie from the printed one under the rounding rule."""
    if rounding == "none":
        return 0.0
    if rounding == "significant" and decimals == 0 and value != 0:
        zeros = 0
        whole = int(round(abs(value)))
        while whole and whole % 10 == 0:
            whole //= 10
            zeros += 1
        return 0.5 * 10**zeros
    return 0.5 * 10 ** (-decimals)


def interval(
    value: float, decimals: int, qualifier: str, unit: str = "", tol: Tolerances | None = None
) -> Interval:
    """A reported value as the interval of true values its printing allows."""
    tol = tol or Tolerances()
    half = half_width(value, decimals, tol.rounding)
    if qualifier == "rank" or unit == "rank":
        return Interval(value, value)
    if qualifier == "exact":
        return Interval(value - half, value + half, hi_open=half > 0)
    if qualifier == "about":
        spread = max(half, tol.about * abs(value))
        return Interval(value - spread, value + spread)
    if qualifier == "more_than":
        return Interval(value, math.inf, lo_open=True, hi_open=True)
    if qualifier == "at_least":
        return Interval(value, math.inf, hi_open=True)
    if qualifier == "up_to":
        return Interval(-math.inf if unit == "percent change" else 0.0, value, lo_open=True)
    raise ValueError(f"unknown qualifier {qualifier!r}")


# The largest sample size the feasibility check tries.
MAX_N = 10_000


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
