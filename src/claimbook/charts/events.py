"""Dated events: a vertical timeline on one linear scale, the key events as dots at their
dates with leader lines to their labels, and each long empty span compressed to a marked break
(the dumbbell of dates is in dates.py)."""

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


# Inches per year on the timeline at least (the scale grows until the named events' labels
# fit beside the span they name); per line of a label (its size with line spacing) and between
# two labels; the height of a compressed empty span.
YEAR_IN = 0.11
LINE_IN = style.MIN_FONT * 1.25 / 72
PAD_IN = 0.05
GAP_IN = 0.45
# Where the labels start, right of the spine (at 0.48 of an axis 1.6 wide): room for the
# leader lines to fan out.
LABEL_X = 0.8
# The scale gives the labels this many times the room they need in all, so that a crowded
# year's labels stay near it (their leader lines short).
ROOM = 1.5


def year_rows(years: pd.Series, key: pd.DataFrame, lines: list[int]) -> tuple[callable, list, list]:
    """A date -> position map (inches from the top) on one linear scale, every empty span of
    10+ years (`compress`) drawn GAP_IN tall instead; the empty spans; and each key event's
    label centre: as near its date (`year_float`) as the labels before and after it allow,
    stacked in date order without overlap (each joined to its date by a leader line)."""
    _, cuts = compress(years)
    have = sorted(set(int(y) for y in years))
    first, last = have[0], have[-1] + 1
    heights = [n * LINE_IN + PAD_IN for n in lines]
    drawn = (last - first) - sum(b + 1 - a for a, b in cuts)
    scale = max(YEAR_IN, ROOM * sum(heights) / drawn)

    def pos(year: float) -> float:
        shift = 0.0
        for a, b in cuts:
            if year >= b + 1:
                shift += (b + 1 - a) * scale - GAP_IN
            elif year > a:
                return (a - first) * scale - shift + GAP_IN * (year - a) / (b + 1 - a)
        return (year - first) * scale - shift

    # Each label as near its date as the labels around it allow (`_stack`), a label after a
    # break never above the break's end (the break carries its own words).
    want = [pos(y) for y in key["year_float"]]
    floor = [max([pos(b + 1) for a, b in cuts if y >= b + 1] or [0.0]) for y in key["year_float"]]
    return pos, cuts, _stack(want, heights, floor)


def _stack(want: list[float], heights: list[float], floor: list[float]) -> list[float]:
    """Centres for labels of `heights` wanted at centres `want` (in order), none overlapping
    and none with its top above its `floor`: runs that would overlap are merged, each run
    placed where its labels' mean displacement is zero, or lower if a floor says so."""
    runs: list[tuple[list[int], float]] = []  # (labels, top of the run)
    for i in range(len(want)):
        members = [i]
        while True:
            offs = np.cumsum([0.0] + [heights[k] for k in members])
            top = max(
                float(np.mean([want[k] - offs[n] - heights[k] / 2 for n, k in enumerate(members)])),
                *(floor[k] - offs[n] for n, k in enumerate(members)),
            )
            if runs:
                prev, ptop = runs[-1]
                bottom = ptop + sum(heights[k] for k in prev)
                if bottom > top + 1e-9:
                    runs.pop()
                    members = prev + members
                    continue
            runs.append((members, top))
            break
    centres = [0.0] * len(want)
    for members, top in runs:
        y = top
        for k in members:
            centres[k] = y + heights[k] / 2
            y += heights[k]
    return centres


@style.themed
def timeline(events: pd.DataFrame, key: pd.DataFrame, title: str, note: str = "") -> Chart:
    """Every event as a small dot in its year (a dot strip: how many events the papers date
    there); the key events (`key`: `year_float`, `name`, `papers`) as dots on the spine at their
    dates, each joined by a leader line to its label, labels stacked in date order. One linear
    scale, except each empty span of 10+ years: a break of GAP_IN, marked and labelled."""
    k = key.sort_values("year_float").reset_index(drop=True)
    names = [wrap(f"{r['date']} {r['name']}", 40) for _, r in k.iterrows()]
    lines = [s.count("\n") + 1 for s in names]
    pos, cuts, centres = year_rows(
        pd.concat([events["year"], k["year_float"].astype(int)]), k, lines
    )
    span = max(
        pos(events["year"].max() + 1),
        max(c + (n * LINE_IN + PAD_IN) / 2 for c, n in zip(centres, lines, strict=True)),
    )
    fig, (ax,) = figure(span + 2.4)
    for year, g in events.groupby("year"):
        n = len(g)
        ax.scatter(
            0.015 * np.arange(n) + 0.01, [pos(year + 0.5)] * n, s=9, color=style.MUTED, linewidths=0
        )
    # The spine, broken at each compressed span (two short strokes mark the break).
    ends = [0.0] + [v for a, b in cuts for v in (pos(a), pos(b + 1))] + [span]
    for top, bottom in zip(ends[::2], ends[1::2], strict=True):
        ax.plot([0.48, 0.48], [top, bottom], color=style.TEXT, lw=1)
    for a, b in cuts:
        for y in (pos(a), pos(b + 1)):
            ax.plot([0.45, 0.51], [y + 0.03, y - 0.03], color=style.TEXT, lw=1)
    for r, name, y in zip(k.itertuples(), names, centres, strict=True):
        at = pos(r.year_float)
        ax.scatter([0.48], [at], s=30, color=style.SOURCE_COLOUR, zorder=3)
        # A straight leader: dots and labels are both in date order, so no two cross.
        ax.plot([0.48, LABEL_X], [at, y], color=style.MUTED, lw=0.7)
        text(ax, name, (LABEL_X, y), dx=2)
    for first, last in cuts:
        top, bottom = pos(first), pos(last + 1)
        ax.axhspan(top, bottom, color="#eeeeee")
        text(
            ax,
            f"{first}–{last}: no events (not to scale)",
            (LABEL_X, (top + bottom) / 2),
            dx=2,
            style="italic",
        )
    have = sorted(set(int(y) for y in events["year"]))
    after_gap = [b + 1 for _, b in cuts]
    ticks = [
        y
        for y in range(have[0], have[-1] + 1)
        if (y % 5 == 0 and all(abs(y - g) > 2 for g in after_gap)) or y == have[0] or y in after_gap
    ]
    ticks = [y for y in ticks if not any(a <= y <= b for a, b in cuts)]
    ax.set_yticks([pos(y) for y in ticks], [str(y) for y in ticks])
    ax.set_ylim(span, -0.1)
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
