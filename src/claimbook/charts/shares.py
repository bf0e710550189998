"""Shares window by window (SIPRI): every supplier's share as a line named at its end (labels
spread so none overlaps), or at its peak when another line ends at the same share; the papers'
figures as diamonds on their windows."""

from __future__ import annotations

import pandas as pd
import seaborn as sns

from .. import style
from .base import Chart, figure, finish, marks
from .labels import spread
from .series import _colour

# Share points between two line-end labels (about 19 pt at the chart's height: 11 pt text
# and room between, so labels of lines ending a point apart never touch).
LABEL_GAP = 13.0
# A paper's diamond sits this far (in windows) right of its window, so the SIPRI point it
# restates stays visible beside it rather than under it.
BESIDE = 0.16


@style.themed
def share_lines(
    shares: pd.DataFrame,
    claims: pd.DataFrame,
    title: str,
    axis: str,
    sources: list[str],
    note: str = "",
    highlight: str = "",
) -> Chart:
    """Each supplier's share window by window (`window`, `supplier`, `share`) as a line with
    its name at the end, and the papers' figures (`window`, `value`, `tag`) as diamonds."""
    fig, (ax,) = figure(4.6)
    order = list(dict.fromkeys(shares["window"]))
    x_of = {w: i for i, w in enumerate(order)}
    shares = shares.assign(x=shares["window"].map(x_of))
    names = list(dict.fromkeys(shares["supplier"]))
    # The last window's leader in black, the page's supplier in the highlight colour, the rest
    # in greys dark enough for 3:1 against white; every line is also named at its end.
    latest = shares[shares["x"] == shares["x"].max()]
    leader = latest.loc[latest["share"].idxmax(), "supplier"]
    greys = iter(["#555555", "#6b6b6b", "#808080", "#8a8a8a"] * 3)
    palette = {n: "#000000" if n == leader else next(greys) for n in names}
    if highlight in palette:
        palette[highlight] = style.HIGHLIGHT
    dashes = {
        n: d for n, d in zip(names, ["", (4, 2), (1, 1.5), (6, 2, 1, 2), (2, 2)], strict=False)
    }
    sns.lineplot(
        data=shares,
        x="x",
        y="share",
        hue="supplier",
        style="supplier",
        palette=palette,
        dashes=dashes,
        markers=True,
        markersize=6,
        linewidth=1.8,
        ax=ax,
        legend=False,
    )
    # Each line is named at its end, unless another line ends at the same share: then at its
    # peak window, where it can be told apart (only lines equal in every window share a name).
    wide = shares.pivot(index="supplier", columns="x", values="share").loc[names]
    end = wide[wide.columns.max()]
    same = {n: tuple(wide.loc[n]) for n in names}
    at_end = [n for n in names if (end == end[n]).sum() == 1 or _twins(n, same, end)]
    ends = (
        pd.DataFrame({"supplier": at_end, "share": [end[n] for n in at_end]})
        .groupby("share", sort=True)["supplier"]
        .agg(", ".join)
        .reset_index()
    )
    ys = spread(list(ends["share"]), LABEL_GAP, 1.5, 103)
    for (_, r), y in zip(ends.iterrows(), ys, strict=True):
        x = len(order) - 1
        moved = abs(y - r["share"]) > 1
        ax.annotate(
            r["supplier"],
            (x, r["share"]),
            xytext=(x + 0.12, y),
            va="center",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
            arrowprops={"arrowstyle": "-", "color": style.MUTED, "lw": 0.7} if moved else None,
        )
    for n in (n for n in names if n not in at_end):
        x = int(wide.loc[n].idxmax())
        ax.annotate(
            n,
            (x, wide.loc[n].max()),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
        )
    for _, c in claims.iterrows():
        x = x_of[c["window"]] + BESIDE
        ax.scatter(
            [x],
            [c["value"]],
            marker="D",
            s=80,
            color=_colour(c["paper"]),
            edgecolor=style.TEXT,
            linewidth=0.8,
            zorder=5,
        )
        # The paper's label sits at the top of the chart, an arrow to its diamond.
        ax.annotate(
            c["tag"],
            (x, c["value"]),
            xytext=(x, 97),
            ha="center",
            va="center",
            fontsize=style.MIN_FONT,
            color=style.TEXT,
            arrowprops={"arrowstyle": "-", "color": style.MUTED, "lw": 0.8},
        )
    ax.set_xticks(range(len(order)), [w.replace("-", "–\n") for w in order])
    ax.set_xlim(-0.3, len(order) - 0.2)
    ax.set_ylim(0, 105)
    ax.grid(axis="y", visible=True)
    ax.set_ylabel(axis)
    ax.set_xlabel("")
    finish(fig, title, sources, note)
    alt = (
        f"Line chart: {title}. "
        + "; ".join(
            f"{r['supplier']} {r['window']}: {r['share']:.1f}%" for _, r in shares.iterrows()
        )
        + "".join(f"; {c['tag']} for {c['window']}" for _, c in claims.iterrows())
    )
    rows = [
        {
            "panel": "shares",
            "family": axis,
            "mark": "line",
            "label": r["supplier"],
            "x": r["window"],
            "value": round(r["share"], 3),
            "unit": "percent",
            "printed": f"{r['share']:.1f}%",
            "period": r["window"],
            "qualifier": "exact",
            "source": sources[-1],
        }
        for _, r in shares.iterrows()
    ] + [
        {
            "panel": "shares",
            "family": axis,
            "mark": "paper",
            "label": c["label"],
            "x": c["window"],
            "value": c["value"],
            "unit": "percent",
            "printed": c["printed"],
            "period": c["period"],
            "qualifier": c["qualifier"],
            "paper": c["paper"],
            "claim_id": c["claim_id"],
            "verdict": c["verdict"],
        }
        for _, c in claims.iterrows()
    ]
    return Chart(fig, marks(rows), alt, title, sources)


def _twins(name: str, values: dict[str, tuple], end: pd.Series) -> bool:
    """Whether every line ending where `name` ends is the same as it in every window."""
    return all(values[o] == values[name] for o in end.index if end[o] == end[name])
