"""Dot plots of one quantity from several sources: one row per mark (or per `row` of marks),
its words above it; open-ended marks for "more than", bars for a range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns

from .. import style
from .amounts import _colour, _open_arrow
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


def _row_words(rows: pd.DataFrame) -> list[str]:
    """Each row's words: its first mark's label, then every mark's tag."""
    return [
        f"{g['label'].iloc[0]}: " + "; ".join(g["tag"]) for _, g in rows.groupby("row", sort=False)
    ]


@style.themed
def dots(rows: pd.DataFrame, title: str, axis: str, note: str = "") -> Chart:
    """A dot plot for a phone's width: one row per mark, its words (`label`: who and when, then
    `tag`: the printed value and verdict) on a line above its dot, so the value axis keeps the
    full width; panels by `panel` share that axis (`group` draws a rule within a panel), unless
    rows carry an `axis` column: then each panel has its own scale and its own axis label (the
    panel's `axis`), for panels whose values mean different things (one year's value, a total
    over years), which never share a scale. A
    source's dot is a circle (open for part of a year), a paper's a diamond in its colour;
    `low`/`high` a bar (a range); an arrow for "more than"."""
    rows = prepare(rows)
    for c, v in (("group", ""), ("partial", False), ("kind", "paper"), ("bar", "")):
        rows[c] = rows[c].fillna(v) if c in rows else v
    # Marks with one `row` share a line and its words (the row's label, then each mark's tag).
    if "row" not in rows:
        rows["row"] = ""
    rows["row"] = [w or f"mark {i}" for i, w in enumerate(rows["row"].fillna(""))]
    panels = list(dict.fromkeys(rows["panel"]))
    layouts = {p: rows_layout(_row_words(rows[rows["panel"] == p])) for p in panels}
    heights = [layouts[p][2] for p in panels]
    # A panel's heading takes 0.45 in, and 0.2 in more for each line it wraps to beyond one:
    # without it the headings squeeze the rows and a row's dot falls on the next row's words.
    headings = sum(0.45 + 0.2 * wrap(p, 44).count("\n") for p in panels if p)
    own = "axis" in rows
    # A panel with its own scale shows its own ticks and axis label: 0.55 in more each.
    fig, axes = figure(
        sum(heights)
        + max(headings, 0.45 * len(panels))
        + 1.6
        + (0.55 * (len(panels) - 1) if own else 0),
        len(panels),
        1,
        sharex=not own,
        gridspec_kw={"height_ratios": heights},
    )
    hi = pd.to_numeric(rows["high"], errors="coerce")
    span = float(np.nanmax([rows["value"].max(), hi.max() if hi.notna().any() else 0]))
    for ax, panel in zip(axes, panels, strict=True):
        sub = rows[rows["panel"] == panel].reset_index(drop=True)
        words, ys, height = layouts[panel]
        lines = list(dict.fromkeys(sub["row"]))
        sub["y"] = sub["row"].map(dict(zip(lines, ys, strict=True)))
        for w, y in zip(words, ys, strict=True):
            label_above(ax, w, y)
        for _, r in sub.iterrows():
            colour = _colour(r)
            lo, up = (
                pd.to_numeric(r["low"], errors="coerce"),
                pd.to_numeric(r["high"], errors="coerce"),
            )
            if pd.notna(lo) and pd.notna(up):
                ax.plot([lo, up], [r["y"]] * 2, color=colour, lw=2.5, solid_capstyle="butt")
            if r["qualifier"] in ("more_than", "at_least"):
                _open_arrow(ax, r["value"], r["y"], colour)
        # A whole and its part on one row (`bar`: whole, part): bars from zero, the part
        # drawn within the whole (its words say "of which").
        for _, r in sub[sub["bar"] != ""].iterrows():
            whole = r["bar"] == "whole"
            ax.barh(
                r["y"],
                r["value"],
                height=BAR_IN * (1 if whole else 0.6),
                color=style.NEUTRAL if whole else style.SOURCE_COLOUR,
                edgecolor=style.TEXT,
                linewidth=0.6,
                zorder=2 if whole else 3,
            )
        sub = sub[sub["bar"] == ""]
        shape = ["open" if p else k for k, p in zip(sub["kind"], sub["partial"], strict=True)]
        if len(sub):
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
        ax.set_xlabel(wrap(sub["axis"].iloc[0], 56) if own else axis)
        if own:
            top = pd.to_numeric(sub["high"], errors="coerce").max()
            ax.set_xlim(0, float(np.nanmax([sub["value"].max(), top])) * 1.15)
        if panel:
            ax.set_title(
                wrap(panel, 44), fontsize=style.MIN_FONT + 1, loc="left", fontweight="bold"
            )
        groups = list(dict.fromkeys(sub["group"]))
        for g in groups[1:]:
            ax.axhline(sub[sub["group"] == g]["y"].max() + 0.2, color=style.NEUTRAL, lw=0.8)
    if not own:
        axes[-1].set_xlim(0, span * 1.15)
    if span >= 1000:
        for ax in axes if own else axes[-1:]:
            thousands(ax)
    sources = sources_of(rows)
    finish(fig, title, sources, note)
    alt = f"Dot plot: {title}. " + "; ".join(
        f"{r['panel'] + ', ' if r['panel'] else ''}{r['label']}: {r['printed']}"
        + f" ({r['paper'] or r['source']})"
        for _, r in rows.iterrows()
    )
    keep = rows.drop(
        columns=["tag", "who", "kind", "group", "partial", "x2", "series", "row", "bar"],
        errors="ignore",
    )
    return Chart(fig, marks(keep.to_dict("records")), alt, title, sources)
