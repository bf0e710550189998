"""One chart style: seaborn's white-grid theme under the matplotlibrc beside this file, and a
colour-blind-safe palette.

The style is applied per chart (`matplotlib.rc_context`), never globally (no
`seaborn.set_theme`): a reader running a notebook in Jupyter keeps their own matplotlib settings
and backend.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib
import seaborn as sns

from . import papers

RC = Path(__file__).with_name("matplotlibrc")

# Okabe & Ito's colour-blind-safe palette, darkest first (yellow left out: too little contrast).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
# Primary sources drawn beside the papers.
SOURCE_COLOUR = papers.NOT_A_PAPER
# Text colour on white: contrast ratio above 12:1.
TEXT = "#222222"
# Secondary text (source line, notes): 7:1 on white.
MUTED = "#555555"
# The subject of a rank (Azerbaijan among Israel's customers): Okabe–Ito vermilion is a paper's
# colour, so the highlight is the palette's sky blue, outlined; the label says it too.
HIGHLIGHT = "#56B4E9"
# Everything that is neither a paper nor the subject: light grey bars, dark outlines.
NEUTRAL = "#BBBBBB"

# The verdict badges' colours (_static/claimbook.css), for charts that count verdicts; the
# verdict's word is always written beside its colour.
VERDICT_COLOURS = {
    "reproduced": "#005a8c",
    "corroborated": "#006b4f",
    "consistent": "#6a3d9a",  # purple: olive read as the corroborated green
    "differs": "#a33c00",
    "not comparable": "#5c5c5c",
    "unchecked": "#ffffff",
}

# Every chart is this wide (inches). The page shows it at most 600 px wide and never wider than
# its column; on a 390 px phone the column measured 341 px in Chromium, so text of MIN_FONT
# points stays at least 10 CSS px: 11 * 341 / (4.9 * 72 + 2 * 5.76 pad) = 10.3 px.
WIDTH = 4.9
MIN_FONT = 11
PHONE_COLUMN_PX = 341
LICENCE = "CC BY 4.0"
BOOK = "claimbook"


@functools.cache
def theme() -> dict:
    """seaborn's white-grid theme, then the book's matplotlibrc over it (fonts, sizes, grid)."""
    rc = dict(sns.axes_style("whitegrid"))
    rc.update(matplotlib.rc_params_from_file(RC, use_default_template=False))
    return rc


def context() -> matplotlib.rc_context:
    """The book's style for the duration of a `with` block; the reader's settings after it."""
    return matplotlib.rc_context(rc=theme())


P = ParamSpec("P")
R = TypeVar("R")


def themed(func: Callable[P, R]) -> Callable[P, R]:
    """Run a chart function inside `context()` (text and marks take the style when drawn)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with context():
            return func(*args, **kwargs)

    return wrapper


def paper_colour(key: str) -> str:
    """The colour of a paper, from `data/papers.csv` (black for a primary source)."""
    return papers.colour(key)
