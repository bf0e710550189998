"""Values over time: a series by year in panels (the official series as lines, partial years as
open dots, the papers' figures as labelled diamonds, an undated "more than" as a band across
every year). Shares window by window: `shares.py`."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation, blended_transform_factory

from .. import style
from .base import Chart, figure, finish, fit, marks, prepare, sources_of, wrap

# A line of 11 pt words (1.2 line spacing), the gap below the panel's top edge and room for a
# source's tag above its dot, in points: the words are stacked in points from the top, so they
# never run into each other whatever height the layout gives the panel.
LINE_PT, TOP_PT, TAG_PT = 13.5, 4.0, 22.0
# Characters of 11 pt words across a panel: a paper's words, right-aligned at its mark's year,
# are wrapped to the room left of it.
PANEL_CHARS = 46
# Where a source's tag may stand around its dot (offset points, alignment), tried in order.
TAG_PLACES = [
    ((0, 8), "center", "bottom"),
    ((0, -8), "center", "top"),
    ((7, 0), "left", "center"),
    ((-7, 0), "right", "center"),
]


def _colour(paper: str) -> str:
    return style.paper_colour(paper) if paper else style.SOURCE_COLOUR


def _words_width(x_frac: float) -> int:
    """Characters that fit left of a point `x_frac` of the panel's width across."""
    return max(int(PANEL_CHARS * x_frac) - 1, 16)


# An undated "more than" band reaches this multiple of its value (a strip, not a flood).
BAND_DEPTH = 1.3


@style.themed
def by_year(
    rows: pd.DataFrame, title: str, axis: str, note: str = "", height: float = 2.3
) -> Chart:
    """One panel per `panel` (stacked, one year axis, one value axis): each source `series` a
    line through its full-year values, partial years (`partial`) as open circles, spans
    (`x2` > `x`) as a horizontal segment, the papers' figures as diamonds; a `more_than` figure
    has an upward arrow. A paper's figure with no year (`kind` "band") is not put at a year: it
    is a shaded band from its value up, across every year, its words at the top of the panel.

    The papers' words stand in lines above the panel's frame (outside the value axis, which
    runs only as high as the marks need: a leader line never reads as a value), the mark
    furthest right first, each right-aligned at its mark's year and joined to it by a line
    that drops past the words below it (which end further left) and never crosses another. A
    band's words stand at the top inside the panel, in its shade. A source's tag
    takes the first place around its dot (above, below, right, left) that touches no other
    word, mark or line."""
    rows = prepare(rows)
    for column, value in (("partial", False), ("kind", "paper")):
        rows[column] = rows[column].fillna(value) if column in rows else value
    rows["x2"] = pd.to_numeric(rows["x2"], errors="coerce") if "x2" in rows else float("nan")
    rows["x"] = pd.to_numeric(rows["x"], errors="coerce")
    panels = list(dict.fromkeys(rows["panel"]))
    fig, axes = figure(height * len(panels) + 1.3, len(panels), 1, sharex=True, sharey=True)
    xs = pd.concat([rows["x"].dropna(), rows["x2"].dropna()])
    lo, hi = xs.min() - 0.8, xs.max() + 0.8
    dated = rows[rows["kind"] != "band"]
    top = float(dated["value"].max())
    words_pts = []
    for ax, panel in zip(axes, panels, strict=True):
        sub = rows[rows["panel"] == panel]
        _series_lines(ax, sub)
        _marks(ax, sub)
        words_pts.append(_words(ax, sub, lo, hi))
        ax.set_title(panel, fontsize=style.MIN_FONT + 1, loc="left")
        ax.grid(axis="y", visible=True)
        ax.set_ylabel(axis)
    # Provisional: the room the words need is known only once the layout has sized the panel.
    axes[0].set_ylim(0, top * 1.6)
    axes[-1].set_xlim(lo, hi)
    axes[-1].xaxis.get_major_locator().set_params(integer=True)
    sources = sources_of(rows)
    finish(fig, title, sources, note)
    # Room at the top for the papers' words, measured on the final layout: the marks and the
    # tags above them stay below the lowest line of words.
    tall = min(ax.get_window_extent().height * 72 / fig.dpi for ax in axes)
    room = (max(words_pts) + TAG_PT) / tall
    axes[0].set_ylim(0, top / max(1 - room, 0.3))
    fit(fig)
    # Tags are placed on the final layout (they stand inside their panel, so adding them does
    # not change it).
    for ax, panel in zip(axes, panels, strict=True):
        _tags(ax, rows[(rows["panel"] == panel) & (rows["kind"] == "source")])
    alt = f"Chart by year: {title}. " + "; ".join(
        f"{r['panel']}, {r['period'] or 'no year given'}: {r['printed']} ({r['who']})"
        for _, r in rows.iterrows()
    )
    keep = rows.drop(
        columns=["tag", "who", "kind", "partial", "x2", "series"],
        errors="ignore",
    )
    return Chart(fig, marks(keep.to_dict("records")), alt, title, sources)


def _series_lines(ax: Axes, sub: pd.DataFrame) -> None:
    for (_series, paper), s in sub[sub["kind"] == "source"].groupby(
        ["series", "paper"], sort=False
    ):
        full = s[~s["partial"].astype(bool) & (s["x2"].isna())].sort_values("x")
        # A line joins consecutive years only: a missing year breaks it.
        run = (full["x"].diff().fillna(1) > 1.01).cumsum()
        for _, seg in full.groupby(run):
            if len(seg) > 1:
                ax.plot(seg["x"], seg["value"], color=_colour(paper), lw=1.5, zorder=2)


def _marks(ax: Axes, sub: pd.DataFrame) -> None:
    for _, r in sub.iterrows():
        colour = _colour(r["paper"])
        if r["kind"] == "band":
            # No year: a dashed line across the whole width at its value, a faint narrow strip
            # just above it and arrows up at both ends: open-ended like "more than", without
            # washing over the marks above it.
            ax.axhspan(r["value"], r["value"] * BAND_DEPTH, color=colour, alpha=0.07, lw=0,
                       zorder=1)  # fmt: skip
            ax.axhline(r["value"], color=colour, lw=1.4, ls="--", zorder=1)
            across = blended_transform_factory(ax.transAxes, ax.transData)
            for end in (0.02, 0.98):
                ax.plot([end] * 2, [r["value"], r["value"] * BAND_DEPTH], transform=across,
                        color=colour, lw=1.4, zorder=1)  # fmt: skip
                ax.plot([end], [r["value"] * BAND_DEPTH], transform=across, color=colour,
                        marker="^", ms=6, lw=0, zorder=1)  # fmt: skip
            continue
        if pd.notna(r["x2"]):
            ax.plot([r["x"], r["x2"]], [r["value"]] * 2, color=colour, lw=3, zorder=2)
            x = (r["x"] + r["x2"]) / 2
        else:
            x = r["x"]
            marker = "D" if r["kind"] == "paper" else "o"
            ax.scatter(
                [x],
                [r["value"]],
                marker=marker,
                s=60,
                facecolor="white" if r["partial"] else colour,
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


def _below_top(ax: Axes, points: float):
    """x in data, y `points` below the panel's top edge (above it if negative)."""
    down = ScaledTranslation(0, -points / 72, ax.figure.dpi_scale_trans)
    return blended_transform_factory(ax.transData, ax.transAxes + down)


def _strip(sub: pd.DataFrame, lo: float, hi: float) -> list[tuple[pd.Series, str, float]]:
    """The papers' words, the mark furthest right first, each wrapped to the room left of its
    mark, with the points from the top of the words' strip to each one's first line."""
    papers = sub[sub["kind"] == "paper"].copy()
    papers["mid"] = [
        (a + b) / 2 if pd.notna(b) else a for a, b in zip(papers["x"], papers["x2"], strict=True)
    ]
    out, at = [], 0.0
    for _, r in papers.sort_values("mid", ascending=False).iterrows():
        words = wrap(r["tag"], _words_width((r["mid"] - lo) / (hi - lo)))
        out.append((r, words, at))
        at += LINE_PT * (words.count("\n") + 1.5)
    return out


def _words(ax: Axes, sub: pd.DataFrame, lo: float, hi: float) -> float:
    """The bands' words at the top of a panel, the papers' words in a strip above its frame
    (`_strip`); the points of the panel's height the bands' words take."""
    at = TOP_PT
    for _, r in sub[sub["kind"] == "band"].iterrows():
        words = wrap(r["tag"], PANEL_CHARS)
        ax.text(
            lo + 0.02 * (hi - lo),
            1,
            words,
            transform=_below_top(ax, at),
            ha="left",
            va="top",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
        )
        at += LINE_PT * (words.count("\n") + 1.5)
    strip = _strip(sub, lo, hi)
    tall = strip[-1][2] + LINE_PT * (strip[-1][1].count("\n") + 1) if strip else 0.0
    for r, words, down in strip:
        ax.annotate(
            words,
            (r["mid"], r["value"]),
            xytext=(r["mid"], 1),
            textcoords=_below_top(ax, down - tall - TOP_PT),
            ha="right",
            va="top",
            multialignment="left",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
            arrowprops={
                "arrowstyle": "-",
                "color": style.MUTED,
                "lw": 0.8,
                "shrinkA": 1,
                "shrinkB": 5,
                "relpos": (1.0, 0.0),
            },
        )
    return at


def _obstacles(ax: Axes) -> tuple[list[Bbox], list[Path]]:
    """What a tag must not touch, in display units: the words and marks already drawn (boxes)
    and the lines (paths)."""
    boxes, paths = [], []
    for t in ax.texts:
        if t.get_text():
            # The words alone (an annotation's own extent takes in its leader line too).
            boxes.append(Text.get_window_extent(t))
        patch = getattr(t, "arrow_patch", None)
        if patch is not None:
            paths.append(patch.get_path())
    for c in ax.collections:
        for x, y in c.get_offsets():
            px, py = ax.transData.transform((x, y))
            r = 5.5  # a 60 pt² marker's half-width and its edge, in pixels at 100 dpi
            boxes.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    for line in ax.lines:
        paths.append(Path(line.get_transform().transform(line.get_xydata())))
    return boxes, paths


def _tags(ax: Axes, sources: pd.DataFrame) -> None:
    """Each source's tag in the first place around its dot that touches nothing drawn."""
    ax.figure.draw_without_rendering()
    inside = ax.get_window_extent()
    for _, r in sources.sort_values("x").iterrows():
        x = (r["x"] + r["x2"]) / 2 if pd.notna(r["x2"]) else r["x"]
        boxes, paths = _obstacles(ax)
        tried = []
        for offset, ha, va in TAG_PLACES:
            t = ax.annotate(
                r["tag"],
                (x, r["value"]),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=style.MIN_FONT,
                color=style.TEXT,
            )
            t.set_in_layout(False)
            box = t.get_window_extent().expanded(1.0, 1.0)
            hits = sum(box.overlaps(b) for b in boxes) + sum(
                p.intersects_bbox(box, filled=False) for p in paths
            )
            hits += 0 if inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1) else 1
            tried.append((hits, len(tried), t))
            if hits == 0:
                break
        best = min(tried, key=lambda h: h[:2])[2]
        for _, _, t in tried:
            if t is not best:
                t.remove()
