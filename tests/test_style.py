"""Accessibility of the style: contrast (WCAG 2.1 formula) and colour-blind-safe marks."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from claimbook import charts, papers, paths, style


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_reference_values():
    # WCAG: black on white is 21:1; #767676 on white is the classic 4.54:1.
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_verdict_badges_have_text_contrast_of_at_least_4_5():
    css = (paths.ROOT / "_static" / "claimbook.css").read_text(encoding="utf-8")
    badges = re.findall(
        r"\.verdict-([a-z-]+) \{ background: (#[0-9a-fA-F]{6});( color: (#\w+);)?", css
    )
    # One badge per verdict, and one for a check that repeats the paper itself.
    from claimbook import checks

    expected = {v.replace(" ", "-") for v in checks.VERDICTS} | {"repetition"}
    assert {name for name, *_ in badges} == expected
    for name, background, _, text in badges:
        assert contrast(background, text or "#ffffff") >= 4.5, name


def test_chart_text_and_outlines_contrast_with_white():
    assert contrast(style.TEXT, "#ffffff") >= 4.5


def test_every_paper_has_its_own_colour_from_the_colour_blind_safe_palette():
    colours = [papers.colour(k) for k in papers.keys()]
    assert len(set(colours)) == len(colours) == len(papers.rows())
    # Okabe & Ito (2008), less yellow and black: the palette style.PALETTE states.
    assert set(colours) <= {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}
    assert papers.colour("not-a-paper") == style.SOURCE_COLOUR


def test_a_chart_leaves_the_readers_matplotlib_settings_and_backend_alone():
    import matplotlib

    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    with matplotlib.rc_context({"font.size": 17.0}):
        fig, _, _ = bars(ROWS, "t", "count")
        assert matplotlib.rcParams["font.size"] == 17.0
    # The chart itself was drawn in the book's style (matplotlibrc: font.size 11).
    assert fig.axes[0].xaxis.label.get_fontsize() == 11.0
    assert dict(matplotlib.rcParams) == before
    assert matplotlib.get_backend() == backend


ROWS = pd.DataFrame(
    {
        "label": ["a", "b"],
        "value": [1.0, 2.0],
        "printed": ["1", "2"],
        "paper": ["ismayilov2025", "karayel2024"],
        "short": ["Ismayilov 2025", "Karayel 2024"],
    }
)


def bars(rows: pd.DataFrame, title: str, axis: str):
    """One bar per row (charts.stacked: linear from zero), as (figure, its CSV rows, alt)."""
    chart = charts.stacked(rows.assign(unit=axis, end_text=rows["printed"]), title, axis)
    return chart.fig, chart.data, chart.alt


def test_every_bar_is_outlined_in_the_text_colour():
    fig, _, _ = bars(ROWS, "t", "count")
    edges = {tuple(round(x, 3) for x in p.get_edgecolor()[:3]) for p in fig.axes[0].patches}
    text = tuple(round(int(style.TEXT[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    assert edges == {text}
