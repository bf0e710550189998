"""The chart kinds the book uses. Each returns the figure, the plotted data and its alt text."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import style

# A bar chart switches to a log scale when its largest value exceeds its smallest this often.
LOG_RATIO = 50


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
    positive = rows["value"][rows["value"] > 0]
    log = len(positive) == n and n > 1 and positive.max() / positive.min() > LOG_RATIO
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(f"{unit} (log scale)" if log else unit)
    top = rows["value"].max()
    ax.set_xlim(right=top * (8 if log else 1.6) if top > 0 else 1)
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


@style.themed
def intervals(rows: pd.DataFrame, title: str, note: str) -> tuple[Figure, pd.DataFrame, str]:
    """Dots with whiskers: each percentage with its interval (`low`, `high`), labelled."""
    rows = rows.reset_index(drop=True)
    n = len(rows)
    fig, ax = _figure(8, 0.7 * n + 1.6)
    y = np.arange(n)[::-1]
    for yi, (_, r) in zip(y, rows.iterrows(), strict=True):
        colour = style.paper_colour(r["paper"])
        ax.errorbar(
            r["value"],
            yi,
            xerr=[[r["value"] - r["low"]], [r["high"] - r["value"]]],
            fmt="o",
            color=colour,
            capsize=4,
            markersize=7,
            markeredgecolor=style.TEXT,
            ecolor=style.TEXT,
        )
        label = f"{r['printed']} ({r['low']:.1f}–{r['high']:.1f}) · {r['short']}"
        _label(ax, label, (r["high"], yi), dx=6)
    ax.set_yticks(y, [_wrap(lbl) for lbl in rows["label"]])
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(f"percent of respondents; whiskers: {note}")
    ax.set_ylim(-0.7, n - 0.2)
    ax.set_title(_wrap(title, 70))
    data = rows[["label", "value", "low", "high", "printed", "paper"]]
    alt = f"Dot chart, {title}, with intervals ({note}): " + "; ".join(
        f"{r['label']}: {r['printed']} ({r['low']:.1f} to {r['high']:.1f}, {r['short']})"
        for _, r in rows.iterrows()
    )
    return fig, data, alt


@style.themed
def timeline(events: pd.DataFrame, title: str) -> tuple[Figure, pd.DataFrame, str]:
    """One row per relationship, one dot per event (merged across papers), sized by papers."""
    groups = list(dict.fromkeys(events["relationship"]))
    fig, ax = _figure(9, 0.6 * len(groups) + 1.8)
    for i, g in enumerate(groups):
        sub = events[events["relationship"] == g]
        yi = len(groups) - 1 - i
        ax.scatter(
            sub["year_float"],
            [yi] * len(sub),
            s=30 + 40 * (sub["n_papers"] - 1),
            color=[
                style.paper_colour(p) if n == 1 else style.SOURCE_COLOUR
                for p, n in zip(sub["first_paper"], sub["n_papers"], strict=True)
            ],
            alpha=0.85,
            edgecolors=style.TEXT,
            linewidths=0.5,
        )
    ax.set_yticks(range(len(groups))[::-1], groups)
    ax.set_ylim(-0.7, len(groups) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("year (dots: events; black and larger: told by more than one paper)")
    ax.set_title(_wrap(title, 70))
    data = events[["date", "relationship", "event", "papers"]]
    counts = events.groupby("relationship", sort=False).size()
    alt = (
        f"Timeline, {title}: "
        + "; ".join(f"{g}: {counts[g]} events" for g in groups)
        + (f"; from {events['date'].min()} to {events['date'].max()}" if len(events) else "")
    )
    return fig, data, alt


@style.themed
def share_windows(
    shares: pd.DataFrame, claims: pd.DataFrame, title: str, chosen: str
) -> tuple[Figure, pd.DataFrame, str]:
    """A supplier's share for every window of one length (x: the window's last year), the
    chosen window marked, and the papers' figures for that share as labelled dots."""
    fig, ax = _figure(8, 4.2)
    ax.plot(
        shares["last"],
        shares["share"],
        color=style.SOURCE_COLOUR,
        marker="o",
        markersize=3,
        linewidth=1.5,
        label="recomputed from SIPRI's register",
    )
    ax.grid(axis="y", visible=True)
    pick = shares[shares["window"] == chosen]
    if len(pick):
        ax.scatter(
            pick["last"],
            pick["share"],
            s=90,
            facecolors="none",
            edgecolors=style.SOURCE_COLOUR,
            linewidths=1.5,
            zorder=3,
        )
        ax.annotate(
            f"{chosen}: {pick['share'].iloc[0]:.1f}%",
            (pick["last"].iloc[0], pick["share"].iloc[0]),
            xytext=(6, -14),
            textcoords="offset points",
            fontsize=9,
            color=style.TEXT,
        )
    for _, c in claims.iterrows():
        ax.scatter(
            [c["last"]],
            [c["value"]],
            s=60,
            color=style.paper_colour(c["paper"]),
            marker="D",
            zorder=4,
            edgecolors=style.TEXT,
            linewidths=0.6,
        )
        ax.annotate(
            f"{c['printed']} · {c['short']} ({c['window']})",
            (c["last"], c["value"]),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=9,
            color=style.TEXT,
        )
    ax.set_ylim(0, 105)
    ax.set_xlabel("last year of the window")
    ax.set_ylabel("share of delivered TIV, percent")
    ax.legend(loc="lower left")
    ax.set_title(_wrap(title, 70))
    data = shares[["window", "first", "last", "share"]]
    alt = (
        f"Line chart, {title}: "
        + "; ".join(
            f"{w}: {v:.1f}%" for w, v in zip(shares["window"], shares["share"], strict=True)
        )
        + "".join(
            f"; the paper {c['short']} says {c['printed']} for {c['window']}"
            for _, c in claims.iterrows()
        )
    )
    return fig, data, alt
