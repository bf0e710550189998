"""The book's charts. Each function draws inside the book's style (`style.themed`) on a figure
outside pyplot and returns a `Chart`: the figure, its marks (one CSV row each), alt text, title
and sources. Bars are linear from zero; no chart uses a log scale."""

from __future__ import annotations

from . import events
from .amounts import stacked
from .base import COLUMNS, Chart
from .dates import dumbbell
from .dots import dots
from .events import timeline
from .ranks import ranked, survey
from .series import by_year
from .shares import share_lines

__all__ = [
    "COLUMNS",
    "events",
    "Chart",
    "by_year",
    "dots",
    "dumbbell",
    "ranked",
    "share_lines",
    "stacked",
    "survey",
    "timeline",
]
