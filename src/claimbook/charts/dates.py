"""A dumbbell per event that two papers date differently: each paper's date a dot."""

from __future__ import annotations

import pandas as pd

from .. import style
from .base import Chart, figure, finish, marks, text, wrap


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
