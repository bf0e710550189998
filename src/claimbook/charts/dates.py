"""A dumbbell per event that two papers date differently: each paper's date a dot."""

from __future__ import annotations

import pandas as pd

from .. import style
from .base import Chart, figure, finish, marks, text, wrap


@style.themed
def dumbbell(pairs: pd.DataFrame, title: str, note: str = "") -> Chart:
    """One small panel per event (`link`, `name`): each paper's date as a dot in its colour at
    the middle of what the date covers (`span`: a year, the part of it the paper names, a
    month), a bar over that span, the dots joined, each labelled with the paper and the date
    as it gives it (`when`)."""
    links = list(dict.fromkeys(pairs["link"]))
    # A panel grows by a line for each date beyond two (its labels stack below the line).
    extra = [max(pairs[pairs["link"] == k]["when"].nunique() - 2, 0) for k in links]
    fig, axes = figure(
        1.5 * len(links) + 0.25 * sum(extra) + 1.4,
        len(links),
        1,
        gridspec_kw={"height_ratios": [1.5 + 0.25 * e for e in extra]},
    )
    for ax, link in zip(axes, links, strict=True):
        sub = pairs[pairs["link"] == link].sort_values("year_float").reset_index(drop=True)
        lo, hi = sub["year_float"].min(), sub["year_float"].max()
        ax.plot([lo, hi], [0, 0], color=style.MUTED, lw=3, zorder=1)
        dates = list(dict.fromkeys(sub["when"]))
        for j, date in enumerate(dates):
            same = sub[sub["when"] == date].reset_index(drop=True)
            # Papers giving the same date: dots stacked a little apart, one label for them;
            # behind them a bar over what the date covers (a year, part of it, a month).
            first, last = same["span"].iloc[0]
            ax.plot(
                [first, last],
                [0, 0],
                color=style.paper_colour(same["paper"].iloc[0]),
                lw=9,
                alpha=0.35,
                solid_capstyle="butt",
                zorder=2,
            )
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
            # The earliest date's label above the line, each later one below it, a line
            # lower than the one before (three dates within two years would meet side by side).
            text(
                ax,
                f"{date}: {who}",
                (same["year_float"].iloc[0], 0),
                dx=0,
                dy=10 if left else -10 - 15 * (j - 1),
                ha="center",
                va="bottom" if left else "top",
            )
        ax.set_title(
            wrap(sub["name"].iloc[0], 46), fontsize=style.MIN_FONT, loc="left", fontweight="bold"
        )
        mid = (lo + hi) / 2
        ax.set_xlim(mid - 2.5, mid + 2.5)
        ax.set_ylim(-1.9 - 0.9 * extra[links.index(link)], 1.9)
        ax.set_yticks([])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["left"]].set_visible(False)
    sources = list(dict.fromkeys(pairs["paper"]))
    finish(fig, title, sources, note)
    alt = f"Dumbbell chart: {title}. " + "; ".join(
        f"{r['name']}: {r['short']} {r['when']}" for _, r in pairs.iterrows()
    )
    rows = [
        {
            "panel": r["link"],
            "family": "date",
            "mark": "event",
            "label": r["name"],
            "x": r["date"],
            "value": round(r["year_float"], 4),
            "low": round(r["span"][0], 4),
            "high": round(r["span"][1], 4),
            "unit": "year",
            "printed": r["when"],
            "period": r["date"],
            "qualifier": "exact",
            "paper": r["paper"],
            "claim_id": r["event_id"],
            "verdict": "dated differently",
        }
        for _, r in pairs.iterrows()
    ]
    return Chart(fig, marks(rows), alt, title, sources)
