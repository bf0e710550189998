"""Dated events: a vertical timeline with the key events named beside their year (a crowded
year drawn taller) and the empty span compressed (the dumbbell of dates is in dates.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from .base import Chart, figure, finish, marks, text, wrap

# Years with no event at all in this span are drawn as a break GAP units tall.
GAP = 2.0


def compress(years: pd.Series) -> tuple[callable, list[tuple[int, int]]]:
    """A year -> position map that squeezes every run of 10+ empty years into GAP, and the
    spans squeezed (first and last empty year)."""
    have = sorted(set(int(y) for y in years))
    cuts = [(a + 1, b - 1) for a, b in zip(have, have[1:], strict=False) if b - a > 10]

    def pos(year: float) -> float:
        shift = 0.0
        for first, last in cuts:
            if year >= last + 1:
                shift += (last - first + 1) - GAP
        return year - have[0] - shift

    return pos, cuts


# Inches per plain year on the timeline; per line of a label (its size with line spacing) and
# between two labels. A year whose named events need more room is drawn taller.
YEAR_IN = 0.11
LINE_IN = style.MIN_FONT * 1.25 / 72
PAD_IN = 0.05


def year_rows(years: pd.Series, key: pd.DataFrame, lines: list[int]) -> tuple[callable, list, list]:
    """A year -> position map where each year is one unit tall or as tall as its named
    events' labels (`lines` each) stacked, empty spans squeezed to a GAP; the empty spans;
    and each key event's label centre, stacked in its own year's row in date order."""
    _, cuts = compress(years)
    need: dict[int, float] = {}
    for y, n in zip(key["year_float"].astype(int), lines, strict=True):
        need[y] = need.get(y, 0.0) + (n * LINE_IN + PAD_IN) / YEAR_IN
    have = sorted(set(int(y) for y in years))
    segs, p, y = [], 0.0, have[0]
    while y <= have[-1]:
        cut = next((c for c in cuts if c[0] == y), None)
        end, h = (cut[1] + 1, max(GAP, (LINE_IN + PAD_IN) / YEAR_IN)) if cut else (y + 1, 0.0)
        h = h or max(1.0, need.get(y, 0.0))
        segs.append((y, end, p, h))
        p, y = p + h, end
    segs.append((y, y + 1, p, 1.0))

    def pos(year: float) -> float:
        for y0, y1, p0, h in segs:
            if year < y1 or (y0, y1, p0, h) == segs[-1]:
                return p0 + h * (year - y0) / (y1 - y0)

    centres, used = [], {}
    for y, n in zip(key["year_float"].astype(int), lines, strict=True):
        h = (n * LINE_IN + PAD_IN) / YEAR_IN
        top = pos(y) + (max(1.0, need[y]) - need[y]) / 2 + used.get(y, 0.0)
        centres.append(top + h / 2)
        used[y] = used.get(y, 0.0) + h
    return pos, cuts, centres


@style.themed
def timeline(events: pd.DataFrame, key: pd.DataFrame, title: str, note: str = "") -> Chart:
    """Every event as a small dot in its year's row (a dot strip: how many events the papers
    date there); the key events (`key`: `year_float`, `name`, `papers`) named beside their
    year, stacked in date order in a row made as tall as they need. Empty spans: a break."""
    k = key.sort_values("year_float").reset_index(drop=True)
    names = [wrap(f"{r['date']} {r['name']}", 44) for _, r in k.iterrows()]
    pos, cuts, centres = year_rows(
        pd.concat([events["year"], k["year_float"].astype(int)]),
        k,
        [s.count("\n") + 1 for s in names],
    )
    span = pos(events["year"].max() + 1)
    fig, (ax,) = figure(YEAR_IN * span + 2.4)
    for year, g in events.groupby("year"):
        n = len(g)
        ax.scatter(
            0.015 * np.arange(n) + 0.01, [pos(year + 0.5)] * n, s=9, color=style.MUTED, linewidths=0
        )
    ax.axvline(0.48, color=style.TEXT, lw=1)
    for name, y in zip(names, centres, strict=True):
        ax.scatter([0.48], [y], s=40, color=style.SOURCE_COLOUR, zorder=3)
        ax.plot([0.48, 0.58], [y, y], color=style.MUTED, lw=0.7)
        text(ax, name, (0.58, y), dx=2)
    for first, last in cuts:
        top, bottom = pos(first), pos(last + 1)
        ax.axhspan(top + 0.1, bottom - 0.1, color="#eeeeee")
        text(ax, f"{first}–{last}: no events", (0.58, (top + bottom) / 2), dx=2, style="italic")
    have = sorted(set(int(y) for y in events["year"]))
    after_gap = [b + 1 for _, b in cuts]
    ticks = [
        y
        for y in range(have[0], have[-1] + 1)
        if (y % 5 == 0 and all(abs(y - g) > 2 for g in after_gap)) or y == have[0] or y in after_gap
    ]
    ticks = [y for y in ticks if not any(a <= y <= b for a, b in cuts)]
    ax.set_yticks([pos(y) for y in ticks], [str(y) for y in ticks])
    ax.set_ylim(span, -0.5)
    ax.set_xlim(0, 1.6)
    ax.set_xticks([])
    ax.grid(False)
    ax.spines[["bottom", "left"]].set_visible(False)
    sources = list(dict.fromkeys(events["paper"]))
    finish(fig, title, sources, note)
    alt = f"Timeline: {title}. " + "; ".join(f"{r['date']}: {r['name']}" for _, r in k.iterrows())
    rows = [
        {
            "panel": "events",
            "family": "event count per year",
            "mark": "event",
            "label": r["event"],
            "x": r["date"],
            "value": r["year"],
            "unit": "year",
            "period": r["date"],
            "qualifier": "exact",
            "paper": r["paper"],
            "claim_id": r["event_id"],
            "verdict": r["status"],
            "date": r["date"],
            "relationship": r["relationship"],
        }
        for _, r in events.iterrows()
    ]
    rows += [
        {
            "panel": "key events",
            "family": "event count per year",
            "mark": "key",
            "label": r["name"],
            "x": r["date"],
            "value": int(r["year_float"]),
            "unit": "year",
            "period": r["date"],
            "qualifier": "exact",
            "source": r["papers"],
            "date": r["date"],
            "relationship": r["relationship"],
        }
        for _, r in k.iterrows()
    ]
    return Chart(fig, marks(rows), alt, title, sources)
