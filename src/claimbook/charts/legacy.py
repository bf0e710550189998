"""The first chart kind, kept for hand use: one bar per claim, coloured by paper. It returns the
figure, the plotted data and its alt text. Bars are always linear from zero."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import style


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A new figure outside pyplot: nothing registers it with a backend or shows it twice in
    Jupyter. Call inside `style.context()` (chart functions are `style.themed`)."""
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _label(ax: Axes, text: str, xy: tuple[float, float], dx: float = 4) -> None:
    """A mark's value label: just right of the mark, in the book's text colour."""
    ax.annotate(
        text,
        xy,
        xytext=(dx, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=9,
        color=style.TEXT,
    )


def _wrap(text: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


@style.themed
def bars(rows: pd.DataFrame, title: str, unit: str) -> tuple[Figure, pd.DataFrame, str]:
    """Horizontal bars, one per claim, coloured by paper, each labelled with value and paper.

    `rows` needs: label (what the bar is), value, printed (value as the paper prints it),
    paper, short (paper label). All rows share one unit, named on the axis.
    """
    rows = rows.reset_index(drop=True)
    n = len(rows)
    fig, ax = _figure(8, 0.55 * n + 1.4)
    y = np.arange(n)[::-1]
    colours = [style.paper_colour(p) for p in rows["paper"]]
    # Fills are Okabe–Ito; the dark outline gives every bar at least 3:1 contrast on white.
    ax.barh(y, rows["value"], color=colours, height=0.6, edgecolor=style.TEXT, linewidth=0.6)
    ax.set_yticks(y, [_wrap(lbl) for lbl in rows["label"]])
    # Bars start at zero on a linear axis (charts.md): a log axis would make lengths lie.
    ax.set_xlabel(unit)
    top = rows["value"].max()
    ax.set_xlim(right=top * 1.6 if top > 0 else 1)
    if rows["value"].min() < 0:
        ax.axvline(0, color=style.TEXT, linewidth=0.8)
    for yi, (_, r) in zip(y, rows.iterrows(), strict=True):
        _label(ax, f"{r['printed']} · {r['short']}", (r["value"], yi))
    ax.set_title(_wrap(title, 70))
    data = rows[["label", "value", "printed", "paper"]].assign(unit=unit)
    alt = f"Bar chart, {title}, in {unit}: " + "; ".join(
        f"{r['label']}: {r['printed']} ({r['short']})" for _, r in rows.iterrows()
    )
    return fig, data, alt
