"""One chart style: the matplotlibrc beside this file and a colour-blind-safe palette."""

from __future__ import annotations

from pathlib import Path

import matplotlib

RC = Path(__file__).with_name("matplotlibrc")

# Okabe & Ito's colour-blind-safe palette, darkest first (yellow left out: too little contrast).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
# One colour per paper, fixed so that a paper looks the same on every chart.
PAPER_COLOURS = {
    "mehdiyev2025": "#0072B2",
    "amity2023": "#D55E00",
    "karayel2024": "#009E73",
    "hajizade2023": "#CC79A7",
    "ismayilov2025": "#E69F00",
}
# Primary sources drawn beside the papers.
SOURCE_COLOUR = "#000000"
# Text colour on white: contrast ratio above 12:1.
TEXT = "#222222"


def use() -> None:
    """Apply the book's style (and the non-interactive Agg backend) to matplotlib."""
    matplotlib.rc_file(RC)
    matplotlib.use("agg")


def paper_colour(key: str) -> str:
    """The colour of a paper (black for anything that is not one of the five)."""
    return PAPER_COLOURS.get(key, SOURCE_COLOUR)
