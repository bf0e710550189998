"""Ranks and survey percentages: the ranked list a rank comes from (the subject highlighted, the
gap to its neighbours named) and dots with intervals for survey results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from .. import style
from .base import Chart, figure, finish, marks, prepare, text, wrap


@style.themed
def ranked(
    panels: list[tuple[str, pd.DataFrame]],
    subject: str,
    title: str,
    axis: str,
    sources: list[str],
    note: str = "",
) -> Chart:
    """One panel per (heading, table of `name`, `value`, `rank`, `tag`): bars from zero in rank
    order, the subject highlighted and labelled with its rank and the gaps to the ranks above
    and below it; every bar carries its value."""
    sizes = [len(t) for _, t in panels]
    fig, axes = figure(
        0.48 * sum(sizes) + 0.9 * len(panels) + 1.3,
        len(panels),
        1,
        gridspec_kw={"height_ratios": sizes},
    )
    span = max(float(t["value"].max()) for _, t in panels)
    rows = []
    for ax, (heading, t) in zip(axes, panels, strict=True):
        t = t.reset_index(drop=True)
        colours = {
            r["name"]: style.HIGHLIGHT if r["name"] == subject else style.NEUTRAL
            for _, r in t.iterrows()
        }
        sns.barplot(
            data=t,
            y="name",
            x="value",
            hue="name",
            palette=colours,
            ax=ax,
            edgecolor=style.TEXT,
            linewidth=0.6,
            legend=False,
            orient="h",
        )
        for i, r in t.iterrows():
            text(ax, r["tag"], (r["value"], i), dx=4)
            # Ranks the subject could hold within the edition's revisions: shaded rows.
            if r.get("reachable") is True:
                ax.axhspan(i - 0.5, i + 0.5, color=style.NEUTRAL, alpha=0.2, lw=0, zorder=0)
            # A paper's rank drawn where it puts the subject: a diamond at that row's start.
            if isinstance(r.get("claimed"), str) and r["claimed"]:
                paper, said = r["claimed"].split(" ", 1)
                ax.scatter(
                    0,
                    i,
                    marker="D",
                    s=60,
                    zorder=5,
                    clip_on=False,
                    color=style.paper_colour(paper),
                    edgecolor=style.TEXT,
                    lw=0.6,
                )
                rows.append(
                    {
                        "panel": heading,
                        "family": axis,
                        "mark": "paper rank",
                        "label": said,
                        "x": r["rank"],
                        "value": r["rank"],
                        "unit": "rank",
                        "printed": said,
                        "period": r["period"],
                        "qualifier": "rank",
                        "source": paper,
                    }
                )
        first, _, rest = heading.partition("\n")
        ax.set_title(
            "\n".join([first, *(wrap(line, 36) for line in rest.split("\n") if line)]),
            fontsize=style.MIN_FONT,
            loc="left",
        )
        ax.set_xlim(0, span * 1.8)
        ax.set_ylabel("")
        ax.set_xlabel(axis)
        ax.set_yticks(range(len(t)), [f"{r['rank']}. {r['name']}" for _, r in t.iterrows()])
        for _, r in t.iterrows():
            rows.append(
                {
                    "panel": heading,
                    "family": axis,
                    "mark": "bar",
                    "label": r["name"],
                    "x": r["rank"],
                    "value": r["value"],
                    "unit": axis,
                    "printed": r["tag"],
                    "period": r["period"],
                    "qualifier": "exact",
                    "source": sources[-1],
                }
            )
    finish(fig, title, sources, note)
    alt = f"Ranked bar chart: {title}. " + "; ".join(
        f"{r['panel']}: {r['x']}. {r['label']} {r['printed']}" for r in rows
    )
    return Chart(fig, marks(rows), alt, title, sources)


@style.themed
def survey(rows: pd.DataFrame, title: str, axis: str, note: str) -> Chart:
    """Each survey percentage as a dot (the paper's colour) under its question, with two
    intervals: a dark bar for the assumed sample size, a thin line for the smallest sample the
    printed decimals allow (`low_min`, `high_min`); the label names the verdict and that n."""
    rows = prepare(rows)
    n = len(rows)
    fig, (ax,) = figure(1.05 * n + 1.9)
    rows = rows.assign(y=np.arange(n)[::-1].astype(float))
    for _, r in rows.iterrows():
        c = style.paper_colour(r["paper"])
        ax.text(
            0,
            r["y"] + 0.22,
            wrap(r["label"], 58),
            va="bottom",
            ha="left",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
            transform=ax.get_yaxis_transform(),
        )
        if pd.notna(r.get("low_min")):
            ax.plot([r["low_min"], r["high_min"]], [r["y"]] * 2, color=c, lw=1.4)
            ax.plot([r["low_min"], r["high_min"]], [r["y"]] * 2, "|", color=c, ms=10)
        ax.plot([r["low"], r["high"]], [r["y"]] * 2, color=style.TEXT, lw=5, solid_capstyle="butt")
        low = min(r["low"], r["low_min"]) if pd.notna(r.get("low_min")) else r["low"]
        text(ax, r["tag"], (low, r["y"]), dx=-9, ha="right")
    sns.scatterplot(
        data=rows,
        x="value",
        y="y",
        hue="paper",
        palette={p: style.paper_colour(p) for p in rows["paper"]},
        s=90,
        edgecolor=style.TEXT,
        linewidth=0.8,
        ax=ax,
        legend=False,
        zorder=4,
    )
    ax.set_yticks([])
    ax.set_ylim(-0.5, n - 0.1)
    ax.set_xlim(0, 100)
    ax.set_xlabel(axis)
    ax.set_ylabel("")
    ax.spines["left"].set_visible(False)
    sources = list(dict.fromkeys(rows["paper"]))
    finish(fig, title, sources, note)
    alt = f"Dot chart with intervals: {title}. " + "; ".join(
        f"{r['label']}: {r['printed']} ({r['low']:.1f}–{r['high']:.1f})" for _, r in rows.iterrows()
    )
    keep = rows.drop(columns=["y", "tag", "who", "kind"], errors="ignore")
    return Chart(fig, marks(keep.to_dict("records")), alt, title, sources)
