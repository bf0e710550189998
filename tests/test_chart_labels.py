"""Labels stand where their mark can be told apart: lines ending together are named at their
peaks, a crowded year of the timeline is drawn tall enough for its labels, the investment dot
plot draws a paper's repeated figure once and no panel with a single mark."""

from __future__ import annotations

import pandas as pd
import pytest

from claimbook import charts
from claimbook.charts.events import LINE_IN, PAD_IN, YEAR_IN, year_rows
from claimbook.paths import ROOT

WINDOWS = ["2005-2009", "2010-2014", "2015-2019"]
CLAIMS = pd.DataFrame(
    columns=["window", "value", "tag", "paper", "label", "printed", "period", "qualifier"]
    + ["claim_id", "verdict"]
)


def labels(shares: pd.DataFrame) -> dict[str, tuple[float, float]]:
    chart = charts.share_lines(shares, CLAIMS, "t", "percent", ["SIPRI"])
    return {t.get_text(): t.xy for t in chart.fig.axes[0].texts}


def test_lines_ending_at_one_share_are_named_at_their_own_peaks():
    # A peaks at 70 in the first window, B at 80 in the second; both end at 0, C ends at 50.
    shares = pd.DataFrame(
        {
            "window": WINDOWS * 3,
            "supplier": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
            "share": [70, 5, 0, 10, 80, 0, 20, 15, 50],
        }
    )
    got = labels(shares)
    assert got["A"] == (0, 70) and got["B"] == (1, 80) and got["C"] == (2, 50)
    assert "A, B" not in got and "B, A" not in got


def test_lines_equal_in_every_window_keep_one_label_at_their_end():
    shares = pd.DataFrame(
        {"window": WINDOWS * 2, "supplier": ["A"] * 3 + ["B"] * 3, "share": [9, 4, 0] * 2}
    )
    assert set(labels(shares)) == {"A, B"}


def test_a_crowded_year_holds_its_labels_and_the_break_holds_none():
    # Three two-line labels in 1993 need 3 * (2 lines + pad) of room, more than one year; the
    # 1922–1990 span has no event and is squeezed.
    key = pd.DataFrame({"year_float": [1918.0, 1993.1, 1993.5, 1993.9, 2020.0]})
    years = pd.Series([1918, 1921, 1991, 1993, 2000, 2010, 2020])
    pos, cuts, centres = year_rows(years, key, [2, 2, 2, 2, 1])
    assert cuts == [(1922, 1990)]
    assert pos(1994) - pos(1993) == pytest.approx(3 * (2 * LINE_IN + PAD_IN) / YEAR_IN)
    half = [(n * LINE_IN + PAD_IN) / YEAR_IN / 2 for n in (2, 2, 2, 2, 1)]
    for y, c, h in zip(key["year_float"].astype(int), centres, half, strict=True):
        assert pos(y) <= c - h and c + h <= pos(y + 1) + 1e-9
        assert not pos(1922) < c < pos(1991)
    assert all(
        b - a >= ha + hb - 1e-9
        for a, b, ha, hb in zip(centres, centres[1:], half, half[1:], strict=False)
    )


def test_the_investment_figure_draws_a_papers_repeated_figure_once_and_no_lone_panel():
    # Karayel 2024 prints 12 bn for two measures: one mark, both measures on its label.
    rows = pd.read_csv(ROOT / "figures" / "investment.csv")
    twelve = rows[(rows["paper"] == "karayel2024") & (rows["value"] == 12)]
    assert len(twelve) == 1
    assert "non-hydrocarbon" in twelve["label"].iloc[0]
    assert "(cumulative)" in twelve["label"].iloc[0]
    assert rows.groupby("panel").size().min() >= 2
