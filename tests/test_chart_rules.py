"""The rules of charts.md that can be checked mechanically, over the committed figures (what
`make book` made) and the chart code. Expected values come from charts.md itself: two marks at
least, one meaning per axis, no log scale, a paper's mark traceable to its claim and verdict,
title/source/licence in the SVG and the source line and licence drawn inside the image, text of
at least 10 px on a phone column of style.PHONE_COLUMN_PX (341 px)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from claimbook import papers, paths, style

FIGURES = sorted((paths.ROOT / "figures").glob("*.svg"))
CHARTS = sorted((paths.ROOT / "src" / "claimbook" / "charts").glob("*.py"))
NS = {
    "svg": "http://www.w3.org/2000/svg",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cc": "http://creativecommons.org/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


def ids(figures):
    return [f.stem for f in figures]


def test_there_are_figures():
    assert FIGURES, "figures/ is empty: run make book"


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_every_figure_has_at_least_two_marks_that_are_not_one_claim_twice(svg):
    data = pd.read_csv(svg.with_suffix(".csv"), dtype=str).fillna("")
    assert len(data) >= 2
    who = data["claim_id"].where(
        data["claim_id"] != "", data["source"] + data["period"] + data["label"]
    )
    assert who.nunique() >= 2, "the same claim drawn twice is one mark"


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_one_declared_family_per_axis(svg):
    data = pd.read_csv(svg.with_suffix(".csv"), dtype=str).fillna("")
    assert (data["family"] != "").all(), "every mark declares its measure family"
    # Panels of one figure share one value axis in these charts, so one family per figure;
    # a figure whose panels each have their own scale says so in an `axis` column (the
    # panel's axis label), and then keeps one family per panel, each panel one axis.
    if "axis" in data and (data["axis"] != "").all():
        assert (data.groupby("panel")["axis"].nunique() == 1).all()
        assert (data.groupby("axis")["family"].nunique() == 1).all()
    else:
        assert data["family"].nunique() == 1, sorted(set(data["family"]))


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_a_papers_mark_carries_claim_period_qualifier_and_verdict(svg):
    data = pd.read_csv(svg.with_suffix(".csv"), dtype=str).fillna("")
    for column in ("claim_id", "period", "qualifier", "verdict", "source", "unit"):
        assert column in data.columns
    mine = data[data["paper"].isin(papers.keys())]
    assert (mine["claim_id"] != "").all() and (mine["verdict"] != "").all()
    assert (mine["qualifier"] != "").all()


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_svg_metadata_holds_title_source_and_licence(svg):
    root = ET.parse(svg).getroot()
    meta = root.find("svg:metadata", NS)
    assert meta is not None
    text = {
        tag: "".join(e.itertext())
        for tag in ("title", "source", "rights")
        for e in meta.iter(f"{{{NS['dc']}}}{tag}")
    }
    assert text.get("title") and text.get("source")
    assert style.LICENCE in text.get("rights", "")


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_source_line_and_licence_are_drawn_inside_the_image(svg):
    root = ET.parse(svg).getroot()
    drawn = " ".join("".join(t.itertext()) for t in root.iter(f"{{{NS['svg']}}}text"))
    assert "Source:" in drawn and style.LICENCE in drawn


@pytest.mark.parametrize("svg", FIGURES, ids=ids(FIGURES))
def test_text_is_at_least_10px_on_a_phone(svg):
    """The image shown at the phone's column width (or its natural size if smaller): the
    smallest font in SVG user units times column / width stays at least 10 CSS px."""
    root = ET.parse(svg).getroot()
    width = float(re.match(r"[\d.]+", root.get("width")).group())  # points: SVG user units
    sizes = [
        float(m) for m in re.findall(r"font-size:\s*([\d.]+)px", svg.read_text(encoding="utf-8"))
    ]
    assert sizes, "text is stored as text (svg.fonttype none)"
    shown = min(style.PHONE_COLUMN_PX, width * 4 / 3)
    assert min(sizes) * shown / width >= 10, (min(sizes), width)


@pytest.mark.parametrize("code", CHARTS, ids=[c.stem for c in CHARTS])
def test_no_chart_uses_a_log_scale(code):
    src = code.read_text(encoding="utf-8")
    assert not re.search(r"set_[xy]scale\(|log\s*=\s*True|symlog|loglog|semilog", src)
