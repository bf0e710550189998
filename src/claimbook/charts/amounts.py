"""Amounts side by side: a total and its parts as stacked bars, and dot plots of one quantity
from several sources (open-ended marks for "more than", whiskers for "about")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from .. import style
from .base import (
    BAR_IN,
    Chart,
    figure,
    finish,
    label_above,
    marks,
    prepare,
    rows_layout,
    sources_of,
    thousands,
    wrap,
)

# Open-ended marks ("more than 5"): an arrow this many points long, pointing right.
ARROW = 24


def _colour(row: pd.Series) -> str:
    return style.paper_colour(row["paper"]) if row["paper"] else style.SOURCE_COLOUR


def _open_arrow(ax, x: float, y: float, colour: str) -> None:
    """An arrow from the mark to the right: the value is a lower bound."""
    ax.annotate(
        "",
        xy=(x, y),
        xytext=(ARROW, 0),
        textcoords="offset points",
        arrowprops={"arrowstyle": "<|-", "color": colour, "lw": 1.8, "shrinkA": 0, "shrinkB": 4},
    )


@style.themed
def stacked(rows: pd.DataFrame, title: str, axis: str, note: str = "") -> Chart:
    """Horizontal bars from zero; a row's several marks stack (a total's parts). `rows` holds
    the marks table (charts.base.COLUMNS); `label` is the bar's row, written above it with the
    row's last `end_text` (so the value axis keeps the figure's width on a phone). A
    `more_than` bar ends in an arrow (open-ended); a source's bar is dark, a paper's in its
    colour (or the row's `colour`)."""
    rows = prepare(rows)
    labels = list(dict.fromkeys(rows["label"]))
    ends = [rows[rows["label"] == lbl]["end_text"].iloc[-1] for lbl in labels]
    texts = [f"{lbl}: {e}" if e else lbl for lbl, e in zip(labels, ends, strict=True)]
    words, ys, height = rows_layout(texts)
    fig, (ax,) = figure(height + 1.9)
    span = float(rows.groupby("label")["value"].sum().max())
    y_of = dict(zip(labels, ys, strict=True))
    start = dict.fromkeys(labels, 0.0)
    for _, r in rows.iterrows():
        y = y_of[r["label"]]
        own = r.get("colour")
        colour = own if isinstance(own, str) and own else _colour(r)
        ax.barh(
            y,
            r["value"],
            left=start[r["label"]],
            color=colour,
            height=BAR_IN,
            edgecolor=style.TEXT,
            linewidth=0.6,
            hatch="//" if r["qualifier"] == "more_than" else None,
        )
        mid = start[r["label"]] + r["value"] / 2
        inside = r.get("inside", "")
        if isinstance(inside, str) and inside and r["value"] > 0.22 * span:
            light = colour.lower() in ("#ffffff", style.NEUTRAL.lower(), style.HIGHLIGHT.lower())
            ax.text(
                mid,
                y,
                inside,
                ha="center",
                va="center",
                fontsize=style.MIN_FONT,
                color=style.TEXT if light else "white",
            )
        start[r["label"]] += r["value"]
        if r["qualifier"] == "more_than":
            _open_arrow(ax, start[r["label"]], y, colour)
    for lbl, w in zip(labels, words, strict=True):
        label_above(ax, w, y_of[lbl])
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(0, height)
    ax.set_xlim(0, span * 1.2)
    ax.set_xlabel(axis)
    if span >= 1000:
        thousands(ax)
    sources = sources_of(rows)
    finish(fig, title, sources, note)
    alt = f"Bar chart: {title}. " + "; ".join(
        f"{r['label']}: {r['printed']}" for _, r in rows.iterrows()
    )
    return Chart(
        fig,
        marks(rows.drop(columns=["inside", "end_text"], errors="ignore").to_dict("records")),
        alt,
        title,
        sources,
    )


@style.themed
def dots(rows: pd.DataFrame, title: str, axis: str, note: str = "") -> Chart:
    """A dot plot for a phone's width: one row per mark, its words (`label`: who and when, then
    `tag`: the printed value and verdict) on a line above its dot, so the value axis keeps the
    full width; panels by `panel` share that axis (`group` draws a rule within a panel). A
    source's dot is a circle (open for part of a year), a paper's a diamond in its colour;
    `low`/`high` a bar (a range); an arrow for "more than"."""
    rows = prepare(rows)
    for c, v in (("group", ""), ("partial", False), ("kind", "paper")):
        rows[c] = rows[c].fillna(v) if c in rows else v
    panels = list(dict.fromkeys(rows["panel"]))
    layouts = {
        p: rows_layout(
            [f"{r['label']}: {r['tag']}" for _, r in rows[rows["panel"] == p].iterrows()]
        )
        for p in panels
    }
    heights = [layouts[p][2] for p in panels]
    fig, axes = figure(
        sum(heights) + 0.45 * len(panels) + 1.6,
        len(panels),
        1,
        sharex=True,
        gridspec_kw={"height_ratios": heights},
    )
    hi = pd.to_numeric(rows["high"], errors="coerce")
    span = float(np.nanmax([rows["value"].max(), hi.max() if hi.notna().any() else 0]))
    for ax, panel in zip(axes, panels, strict=True):
        sub = rows[rows["panel"] == panel].reset_index(drop=True)
        words, ys, height = layouts[panel]
        sub["y"] = ys
        for i, r in sub.iterrows():
            colour = _colour(r)
            lo, up = (
                pd.to_numeric(r["low"], errors="coerce"),
                pd.to_numeric(r["high"], errors="coerce"),
            )
            if pd.notna(lo) and pd.notna(up):
                ax.plot([lo, up], [r["y"]] * 2, color=colour, lw=2.5, solid_capstyle="butt")
            if r["qualifier"] in ("more_than", "at_least"):
                _open_arrow(ax, r["value"], r["y"], colour)
            label_above(ax, words[i], r["y"])
        shape = ["open" if p else k for k, p in zip(sub["kind"], sub["partial"], strict=True)]
        sns.scatterplot(
            data=sub.assign(shape=shape),
            x="value",
            y="y",
            hue="shape",
            style="shape",
            palette={"paper": style.TEXT, "source": style.SOURCE_COLOUR, "open": "white"},
            markers={"paper": "D", "source": "o", "open": "o"},
            s=70,
            edgecolor=style.TEXT,
            linewidth=1.0,
            ax=ax,
            legend=False,
            zorder=3,
        )
        for _, r in sub[sub["kind"] == "paper"].iterrows():
            ax.scatter(
                [r["value"]],
                [r["y"]],
                marker="D",
                s=70,
                color=_colour(r),
                edgecolor=style.TEXT,
                linewidth=0.8,
                zorder=4,
            )
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(0, height)
        ax.set_ylabel("")
        ax.set_xlabel(axis)
        if panel:
            ax.set_title(
                wrap(panel, 44), fontsize=style.MIN_FONT + 1, loc="left", fontweight="bold"
            )
        groups = list(dict.fromkeys(sub["group"]))
        for g in groups[1:]:
            ax.axhline(sub[sub["group"] == g]["y"].max() + 0.2, color=style.NEUTRAL, lw=0.8)
    axes[-1].set_xlim(0, span * 1.15)
    if span >= 1000:
        thousands(axes[-1])
    sources = sources_of(rows)
    finish(fig, title, sources, note)
    alt = f"Dot plot: {title}. " + "; ".join(
        f"{r['panel'] + ', ' if r['panel'] else ''}{r['label']}: {r['printed']}"
        + f" ({r['paper'] or r['source']})"
        for _, r in rows.iterrows()
    )
    keep = rows.drop(
        columns=["tag", "who", "kind", "group", "partial", "x2", "series"], errors="ignore"
    )
    return Chart(fig, marks(keep.to_dict("records")), alt, title, sources)
