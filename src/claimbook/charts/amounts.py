"""Amounts side by side: a total and its parts as stacked bars (open-ended marks for "more
than", open dotted bars for part of a year). Dot plots of one quantity are in `dots.py`."""

from __future__ import annotations

import pandas as pd

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
        # Part of a year only (`partial`): an open, dotted bar, a lower bound of the year's.
        part = str(r.get("partial", "")) == "True"
        ax.barh(
            y,
            r["value"],
            left=start[r["label"]],
            color="white" if part else colour,
            height=BAR_IN,
            edgecolor=style.TEXT,
            linewidth=0.6 if not part else 1.0,
            hatch="//" if r["qualifier"] == "more_than" else ("..." if part else None),
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
        marks(
            rows.drop(columns=["inside", "end_text", "partial"], errors="ignore").to_dict("records")
        ),
        alt,
        title,
        sources,
    )
