"""What every chart shares: a figure of the book's width, the title and the source line inside
the image, the marks' table (one row per mark) and the verdict shown beside each paper's mark.

A chart function returns a `Chart`; the page saves it (`figures.show`) with the title, sources
and licence also in the SVG's metadata, so a chart that travels keeps its origin.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import papers, style

# The columns of a chart's CSV: one row per mark. A paper's mark carries its claim_id and
# verdict; a source's mark its source; `family` is the axis' meaning (one per `panel`).
COLUMNS = [
    "panel",
    "family",
    "mark",
    "label",
    "x",
    "value",
    "low",
    "high",
    "unit",
    "printed",
    "period",
    "qualifier",
    "paper",
    "claim_id",
    "source",
    "verdict",
]

# Title and source-line widths in characters at 13 pt bold / 11 pt over style.WIDTH inches.
TITLE_CHARS = 43
FOOT_CHARS = 58


@dataclass
class Chart:
    """A drawn chart: the figure, its marks (the CSV), the alt text, the title and sources."""

    fig: Figure
    data: pd.DataFrame
    alt: str
    title: str
    sources: list[str] = field(default_factory=list)

    def meta(self) -> dict[str, str]:
        """The SVG's Dublin Core metadata: title, description (alt), source, rights."""
        return {
            "Title": self.title,
            "Description": self.alt,
            "Source": "; ".join(self.sources),
            "Rights": f"{style.BOOK}, {style.LICENCE}",
        }


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def figure(height: float, rows: int = 1, cols: int = 1, **kw) -> tuple[Figure, list[Axes]]:
    """A figure of the book's width outside pyplot (call inside `style.context()`)."""
    fig = Figure(figsize=(style.WIDTH, height))
    axes = fig.subplots(rows, cols, squeeze=False, **kw)
    return fig, [ax for row in axes for ax in row]


def source_name(key: str) -> str:
    """A paper's short label, or the source as written."""
    return papers.short(key) if key in papers.keys() else key


def finish(fig: Figure, title: str, sources: list[str], note: str = "") -> list[str]:
    """Title on top, the source line and licence at the bottom, both inside the image."""
    fig.suptitle(wrap(title, TITLE_CHARS), x=0.0, ha="left", color=style.TEXT)
    names = list(dict.fromkeys(source_name(s) for s in sources if s))
    foot = ("Note: " + note + "\n" if note else "") + (
        f"Source: {'; '.join(names)}. Chart: {style.BOOK}, {style.LICENCE}."
    )
    fig.supxlabel(
        "\n".join(wrap(line, FOOT_CHARS) for line in foot.split("\n")),
        x=0.0,
        ha="left",
        fontsize=style.MIN_FONT,
        color=style.MUTED,
        linespacing=1.3,
    )
    fit(fig)
    return names


def fit(fig: Figure, rounds: int = 4) -> None:
    """Keep every drawn thing within the figure's width: labels beside marks may run past the
    axes, and a tight crop would then widen the image (and shrink its text on a phone). The
    layout's area is narrowed by the overflow until nothing sticks out."""
    engine = fig.get_layout_engine()
    width = fig.get_figwidth()
    left, right = 0.0, 1.0
    for _ in range(rounds):
        fig.draw_without_rendering()
        box = fig.get_tightbbox()
        over, under = box.x1 - width, -box.x0
        if over <= 0.01 and under <= 0.01:
            return
        left += max(under, 0) / width
        right -= max(over, 0) / width
        if right - left < 0.6:
            raise ValueError(f"a chart's labels overflow its width by {over:.2f} in: wrap them")
        engine.set(rect=(left, 0, right - left, 1))


def marks(rows: list[dict]) -> pd.DataFrame:
    """The marks table in COLUMNS order (missing columns empty)."""
    df = pd.DataFrame(rows)
    for c in COLUMNS:
        if c not in df:
            df[c] = ""
    return df[COLUMNS + [c for c in df.columns if c not in COLUMNS]]


# Characters of 11 pt text that fit on one line across the figure (DejaVu Sans, ~6.1 pt each).
LINE_CHARS = 54
# Inches a row of a labelled-bar or dot chart takes: the mark (a bar BAR_IN thick, and room
# around it), and each line of its words.
MARK_IN, LINE_IN, BAR_IN = 0.4, 0.2, 0.22


def rows_layout(texts: list[str]) -> tuple[list[str], list[float], float]:
    """Words above marks, wrapped to the figure's width: the wrapped texts, each mark's y (in
    inches from the bottom; the first text on top) and the total height in inches."""
    wrapped = [wrap(t, LINE_CHARS) for t in texts]
    heights = [MARK_IN + LINE_IN * (w.count("\n") + 1) for w in wrapped]
    ys, top = [], sum(heights)
    for h in heights:
        top -= h
        ys.append(top + MARK_IN / 2)
    return wrapped, ys, sum(heights)


def label_above(ax: Axes, words: str, y: float) -> None:
    """A mark's words on the lines above it, from the axes' left edge."""
    ax.text(
        0,
        y + BAR_IN / 2 + 0.03,
        words,
        va="bottom",
        ha="left",
        fontsize=style.MIN_FONT,
        color=style.TEXT,
        transform=ax.get_yaxis_transform(),
        linespacing=1.15,
    )


def thousands(ax: Axes, which: str = "x") -> None:
    """Tick labels with thousands separators (60,000, not 60000)."""
    from matplotlib.ticker import StrMethodFormatter

    getattr(ax, f"{which}axis").set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def prepare(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with every column of COLUMNS (numbers NaN, text empty when absent)."""
    rows = rows.reset_index(drop=True).copy()
    for c in COLUMNS:
        if c not in rows:
            rows[c] = float("nan") if c in ("low", "high", "value") else ""
        elif c not in ("low", "high", "value", "x"):
            rows[c] = rows[c].fillna("")
    return rows


def sources_of(rows: pd.DataFrame) -> list[str]:
    """Who the marks come from, in order: the paper key, else the source."""
    return list(dict.fromkeys(p or s for p, s in zip(rows["paper"], rows["source"], strict=True)))


def paper_tag(short: str, verdict: str) -> str:
    """A paper's mark label: who says it and the verdict the audit gives it."""
    return f"{short} · {verdict}" if verdict else short


def text(ax: Axes, s: str, xy: tuple[float, float], dx: float = 5, dy: float = 0, **kw) -> None:
    """A label beside a mark, in the book's text colour and minimum size."""
    kw.setdefault("va", "center")
    kw.setdefault("ha", "left")
    ax.annotate(
        s,
        xy,
        xytext=(dx, dy),
        textcoords="offset points",
        fontsize=style.MIN_FONT,
        color=style.TEXT,
        **kw,
    )
