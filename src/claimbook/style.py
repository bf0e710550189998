"""One chart style: the matplotlibrc beside this file and a colour-blind-safe palette.

The style is applied per chart (`matplotlib.rc_context`), never globally: a reader running a
notebook in Jupyter keeps their own matplotlib settings and backend.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib

from . import papers

RC = Path(__file__).with_name("matplotlibrc")

# Okabe & Ito's colour-blind-safe palette, darkest first (yellow left out: too little contrast).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
# Primary sources drawn beside the papers.
SOURCE_COLOUR = papers.NOT_A_PAPER
# Text colour on white: contrast ratio above 12:1.
TEXT = "#222222"


def context() -> matplotlib.rc_context:
    """The book's style for the duration of a `with` block; the reader's settings after it."""
    return matplotlib.rc_context(fname=RC)


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
