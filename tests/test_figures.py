"""Figures are saved deterministically, with alt text, caption, sources and a re-run line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from claimbook import charts, figures

ROWS = pd.DataFrame(
    {
        "label": [
            "Türkiye–Azerbaijan trade turnover (2021)",
            "Türkiye exports to Azerbaijan (2021)",
        ],
        "value": [5.02, 2.34],
        "printed": ["5.02 USD bn", "2.34 USD bn"],
        "paper": ["karayel2024", "karayel2024"],
        "short": ["Karayel 2024", "Karayel 2024"],
    }
)


def bars(rows: pd.DataFrame, title: str, axis: str):
    """One bar per row (charts.stacked: linear from zero), as (figure, its CSV rows, alt)."""
    chart = charts.stacked(rows.assign(unit=axis, end_text=rows["printed"]), title, axis)
    return chart.fig, chart.data, chart.alt


def test_the_same_chart_saved_twice_is_byte_identical(tmp_path):
    for run in ("a", "b"):
        fig, data, _ = bars(ROWS, "Trade", "USD bn")
        figures.save(fig, "trade", data, tmp_path / run)
    for ext in ("svg", "png", "csv"):
        assert (tmp_path / "a" / f"trade.{ext}").read_bytes() == (
            tmp_path / "b" / f"trade.{ext}"
        ).read_bytes()
    svg = (tmp_path / "a" / "trade.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_a_clip_box_moved_below_the_printed_precision_gives_the_same_svg(tmp_path):
    # Two axes 1e-13 of the figure apart: the drawing is the same to every printed digit, but
    # matplotlib's clip-path ids hash the exact floats (so a plain savefig differs).
    plain, saved = [], []
    for n, left in enumerate((0.2, 0.2 + 1e-13)):
        fig = Figure(figsize=(4, 3), layout="none")
        fig.add_subplot().plot([0, 1], [0, 1])
        fig.subplots_adjust(left=left)
        raw = tmp_path / f"raw{n}.svg"
        fig.savefig(raw, format="svg", metadata={"Date": None})
        plain.append(raw.read_bytes())
        saved.append(figures.save(fig, "line", pd.DataFrame(), tmp_path / str(n)).read_bytes())
    assert plain[0] != plain[1]
    assert saved[0] == saved[1]
    assert b'<clipPath id="clip1">' in saved[0] and b"url(#clip1)" in saved[0]


def test_the_csv_holds_the_plotted_values(tmp_path):
    fig, data, _ = bars(ROWS, "Trade", "USD bn")
    figures.save(fig, "trade", data, tmp_path)
    csv = pd.read_csv(tmp_path / "trade.csv")
    assert list(csv["value"]) == [5.02, 2.34] and set(csv["unit"]) == {"USD bn"}


def test_alt_text_says_what_the_chart_shows():
    _, _, alt = bars(ROWS, "Trade", "USD bn")
    plt.close("all")
    assert alt.startswith("Bar chart: Trade. ")
    assert "Türkiye exports to Azerbaijan (2021): 2.34 USD bn" in alt


def test_bars_stay_linear_from_zero_however_wide_the_range():
    # charts.md: "Bars start at zero on a linear scale"; a log axis would make lengths lie.
    rows = ROWS.assign(value=[60905.0, 10.0])
    fig, _, _ = bars(rows, "Students", "count")
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
    assert "log" not in ax.get_xlabel()


def test_the_svg_carries_title_source_and_licence_metadata(tmp_path):
    fig, data, _ = bars(ROWS, "Trade", "USD bn")
    meta = {
        "Title": "Trade in 2021",
        "Description": "alt",
        "Source": "Karayel 2024",
        "Rights": "claimbook, CC BY 4.0",
    }
    figures.save(fig, "trade", data, tmp_path, meta)
    svg = (tmp_path / "trade.svg").read_text(encoding="utf-8")
    for value in meta.values():
        assert value in svg


def test_the_page_shows_caption_alt_sources_csv_and_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMBOOK_FIGURES", str(tmp_path))
    fig, data, alt = bars(ROWS, "Trade", "USD bn")
    command = "claimbook run trade -p papers karayel2024"
    shown = figures.show(fig, "trade-2021", data, "Trade in 2021.", alt, ["karayel2024"], command)
    md = shown._repr_markdown_()
    assert md.startswith("```{figure} /figures/trade-2021.svg\n:alt: Bar chart: Trade")
    assert "Trade in 2021. Sources: {cite:t}`karayel2024`." in md
    assert "{download}`Data (CSV) </figures/trade-2021.csv>`" in md
    assert "**Re-run**: `claimbook run trade -p papers karayel2024`" in md
    assert 'alt="Bar chart: Trade' in shown._repr_html_()


@pytest.mark.parametrize("name", ["Trade", "trade_2021", "trade 2021", ""])
def test_figure_names_are_lower_case_words(tmp_path, name):
    fig, data, _ = bars(ROWS, "Trade", "USD bn")
    with pytest.raises(ValueError, match="lower-case words"):
        figures.save(fig, name, data, tmp_path)
    plt.close(fig)
