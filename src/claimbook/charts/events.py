"""Dated events: a vertical timeline with the key events named and the empty span compressed,
and a dumbbell per event that two papers date differently."""

from __future__ import annotations

import textwrap

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


def _two_lines(s: str, width: int = 44) -> str:
    """At most two lines; a longer name ends in an ellipsis (the table has the full text)."""
    lines = textwrap.wrap(s, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "\n".join(lines)


@style.themed
def timeline(events: pd.DataFrame, key: pd.DataFrame, title: str, note: str = "") -> Chart:
    """Every event as a small dot in its year's row (a dot strip: how many events the papers
    date there); the key events (`key`: `year_float`, `name`, `papers`) named on the right,
    labels spread evenly and joined to their year. Long empty spans become a break."""
    pos, cuts = compress(pd.concat([events["year"], key["year_float"].astype(int)]))
    span = pos(events["year"].max() + 1)
    fig, (ax,) = figure(0.46 * len(key) + 2.4)
    for year, g in events.groupby("year"):
        n = len(g)
        ax.scatter(
            0.015 * np.arange(n) + 0.01, [pos(year + 0.5)] * n, s=9, color=style.MUTED, linewidths=0
        )
    ax.axvline(0.48, color=style.TEXT, lw=1)
    k = key.sort_values("year_float").reset_index(drop=True)
    # Evenly spread label slots; the slot nearest each break's middle names the break, so
    # its words never stand on a key event's label.
    slots = list(np.linspace(0, span, len(k) + len(cuts) + 2)[1:-1])
    breaks = []
    for first, last in cuts:
        near = min(slots, key=lambda s: abs(s - (pos(first) + GAP / 2)))
        slots.remove(near)
        breaks.append((near, first, last))
    for (_, r), slot in zip(k.iterrows(), slots, strict=True):
        y = pos(r["year_float"])
        ax.scatter([0.48], [y], s=40, color=style.SOURCE_COLOUR, zorder=3)
        ax.plot([0.48, 0.54, 0.58], [y, slot, slot], color=style.MUTED, lw=0.7)
        text(ax, _two_lines(f"{r['date']} {r['name']}"), (0.58, slot), dx=2)
    for slot, first, last in breaks:
        y = pos(first) + GAP / 2
        ax.axhspan(pos(first) + 0.1, pos(first) + GAP - 0.1, xmax=0.46 / 1.6, color="#eeeeee")
        ax.plot([0.3, 0.54, 0.58], [y, slot, slot], color=style.MUTED, lw=0.7, ls=":")
        text(ax, f"{first}–{last}: no events", (0.58, slot), dx=2, style="italic")
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


@style.themed
def dumbbell(pairs: pd.DataFrame, title: str, note: str = "") -> Chart:
    """One small panel per event (`link`, `name`): each paper's date as a dot in its colour,
    the dots joined, each labelled with the paper and the date it gives."""
    links = list(dict.fromkeys(pairs["link"]))
    fig, axes = figure(1.5 * len(links) + 1.4, len(links), 1)
    for ax, link in zip(axes, links, strict=True):
        sub = pairs[pairs["link"] == link].sort_values("year_float").reset_index(drop=True)
        lo, hi = sub["year_float"].min(), sub["year_float"].max()
        ax.plot([lo, hi], [0, 0], color=style.MUTED, lw=3, zorder=1)
        dates = list(dict.fromkeys(sub["date"]))
        for j, date in enumerate(dates):
            same = sub[sub["date"] == date].reset_index(drop=True)
            # Papers giving the same date: dots stacked a little apart, one label for them.
            for k, r in same.iterrows():
                ax.scatter(
                    [r["year_float"]],
                    [0.28 * (k - (len(same) - 1) / 2)],
                    s=70,
                    color=style.paper_colour(r["paper"]),
                    edgecolor=style.TEXT,
                    zorder=3,
                )
            who = ", ".join(same["short"])
            left = j == 0
            # The earlier date's label above the line, the later one's below it.
            text(
                ax,
                f"{date}: {who}",
                (same["year_float"].iloc[0], 0),
                dx=0,
                dy=10 if left else -10,
                ha="center",
                va="bottom" if left else "top",
            )
        ax.set_title(
            wrap(sub["name"].iloc[0], 46), fontsize=style.MIN_FONT, loc="left", fontweight="bold"
        )
        mid = (lo + hi) / 2
        ax.set_xlim(mid - 2.5, mid + 2.5)
        ax.set_ylim(-1.9, 1.9)
        ax.set_yticks([])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["left"]].set_visible(False)
    sources = list(dict.fromkeys(pairs["paper"]))
    finish(fig, title, sources, note)
    alt = f"Dumbbell chart: {title}. " + "; ".join(
        f"{r['name']}: {r['short']} {r['date']}" for _, r in pairs.iterrows()
    )
    rows = [
        {
            "panel": r["link"],
            "family": "date",
            "mark": "event",
            "label": r["name"],
            "x": r["date"],
            "value": round(r["year_float"], 4),
            "unit": "year",
            "printed": r["date"],
            "period": r["date"],
            "qualifier": "exact",
            "paper": r["paper"],
            "claim_id": r["event_id"],
            "verdict": "dated differently",
        }
        for _, r in pairs.iterrows()
    ]
    return Chart(fig, marks(rows), alt, title, sources)
