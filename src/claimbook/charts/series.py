"""Values over time: a series by year in panels (the official series as lines, partial years as
open dots, the papers' figures as labelled diamonds). Shares window by window: `shares.py`."""

from __future__ import annotations

import pandas as pd

from .. import style
from .base import Chart, figure, finish, marks, prepare, sources_of, text, wrap

# A line of 10 pt words, and a source's tag above its dot, as fractions of a panel's height.
LINE_FRAC, TAG_FRAC = 0.075, 0.1


def _colour(paper: str) -> str:
    return style.paper_colour(paper) if paper else style.SOURCE_COLOUR


@style.themed
def by_year(
    rows: pd.DataFrame, title: str, axis: str, note: str = "", height: float = 2.3
) -> Chart:
    """One panel per `panel` (stacked, one year axis, one value axis): each source `series` a
    line through its full-year values, partial years (`partial`) as open circles, spans
    (`x2` > `x`) as a horizontal segment, the papers' figures as diamonds; a `more_than` figure
    has an upward arrow. A source's mark carries its `tag` just above it; the papers' words
    stand in lines at the top of the panel, each joined to its diamond by a thin line (beside
    the marks they would run off a phone's width)."""
    rows = prepare(rows)
    defaults = {"dx": 6.0, "dy": 0.0, "ha": "left", "va": "center", "partial": False}
    for column, value in defaults.items():
        rows[column] = rows[column].fillna(value) if column in rows else value
    rows["x2"] = pd.to_numeric(rows["x2"], errors="coerce") if "x2" in rows else float("nan")
    panels = list(dict.fromkeys(rows["panel"]))
    fig, axes = figure(height * len(panels) + 1.3, len(panels), 1, sharex=True, sharey=True)
    top = float(rows["value"].max())
    for ax, panel in zip(axes, panels, strict=True):
        sub = rows[rows["panel"] == panel]
        for (_series, paper), s in sub[sub["kind"] == "source"].groupby(
            ["series", "paper"], sort=False
        ):
            full = s[~s["partial"].astype(bool) & (s["x2"].isna())].sort_values("x")
            # A line joins consecutive years only: a missing year breaks it.
            run = (full["x"].diff().fillna(1) > 1.01).cumsum()
            for _, seg in full.groupby(run):
                if len(seg) > 1:
                    ax.plot(seg["x"], seg["value"], color=_colour(paper), lw=1.5, zorder=2)
        for _, r in sub.iterrows():
            colour = _colour(r["paper"])
            if pd.notna(r["x2"]):
                ax.plot([r["x"], r["x2"]], [r["value"]] * 2, color=colour, lw=3, zorder=2)
                x = (r["x"] + r["x2"]) / 2
            else:
                x = r["x"]
                marker = "D" if r["kind"] == "paper" else "o"
                face = "white" if r["partial"] else colour
                ax.scatter(
                    [x],
                    [r["value"]],
                    marker=marker,
                    s=60,
                    facecolor=face,
                    edgecolor=colour if r["kind"] == "paper" else style.TEXT,
                    linewidth=1.4,
                    zorder=4,
                )
            if r["qualifier"] == "more_than":
                ax.annotate(
                    "",
                    xy=(x, r["value"]),
                    xytext=(0, 24),
                    textcoords="offset points",
                    arrowprops={
                        "arrowstyle": "<|-",
                        "color": colour,
                        "lw": 1.8,
                        "shrinkA": 0,
                        "shrinkB": 4,
                    },
                )
            if r["kind"] == "source":
                text(ax, r["tag"], (x, r["value"]), dx=0, dy=9, ha="center", va="bottom")
        papers = sub[sub["kind"] == "paper"].reset_index(drop=True)
        at = 0.97
        for _, r in papers.iterrows():
            x = (r["x"] + r["x2"]) / 2 if pd.notna(r["x2"]) else r["x"]
            words = wrap(r["tag"], 46)
            ax.annotate(
                words,
                (x, r["value"]),
                xytext=(0.02, at),
                textcoords="axes fraction",
                ha="left",
                va="top",
                fontsize=style.MIN_FONT,
                color=style.TEXT,
                arrowprops={"arrowstyle": "-", "color": style.MUTED, "lw": 0.8, "shrinkB": 5},
            )
            at -= LINE_FRAC * (words.count("\n") + 1.5)
        ax.set_title(panel, fontsize=style.MIN_FONT + 1, loc="left")
        ax.grid(axis="y", visible=True)
        ax.set_ylabel(axis)
    # Room at the top for the papers' words: the marks and the tags above them stay below
    # the lines of words (each LINE_FRAC of the panel, half a line between two papers).
    words = max(
        sum(
            wrap(t, 46).count("\n") + 1.5
            for t in rows[(rows["panel"] == p) & (rows["kind"] == "paper")]["tag"]
        )
        for p in panels
    )
    axes[0].set_ylim(0, top / max(0.97 - LINE_FRAC * words - TAG_FRAC, 0.3))
    xs = pd.concat([rows["x"], rows["x2"].dropna()])
    axes[-1].set_xlim(xs.min() - 0.8, xs.max() + 0.8)
    axes[-1].xaxis.get_major_locator().set_params(integer=True)
    sources = sources_of(rows)
    finish(fig, title, sources, note)
    alt = f"Chart by year: {title}. " + "; ".join(
        f"{r['panel']}, {r['period']}: {r['printed']} ({r['who']})" for _, r in rows.iterrows()
    )
    keep = rows.drop(
        columns=["tag", "who", "kind", "partial", "x2", "series", "dx", "dy", "ha", "va"],
        errors="ignore",
    )
    return Chart(fig, marks(keep.to_dict("records")), alt, title, sources)
