"""Save a chart as SVG + PNG + the CSV of its plotted data, byte-identical across runs, and show
it on the page with its caption, alt text, sources and a "cite / CSV / re-run" line."""

from __future__ import annotations

import base64
import html
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure as MplFigure

from . import papers, paths, style

BOOK = "Azerbaijan, Türkiye and Israel: five papers, every claim checked"


# Set by the runner to the run's own folder; a hand run (Jupyter, papermill) leaves it unset.
FIGURES_ENV = "CLAIMBOOK_FIGURES"


def out_dir() -> Path:
    """Where a run's figures go: the runner's folder for this run, else `_build/figures/`.
    Never the committed `figures/`: only `claimbook build` copies figures there."""
    return Path(os.environ.get(FIGURES_ENV) or paths.HAND_FIGURES)


def save(
    fig: MplFigure,
    name: str,
    data: pd.DataFrame,
    folder: Path | None = None,
    meta: dict[str, str] | None = None,
) -> Path:
    """Write `name`.svg, .png and .csv deterministically (no dates, fixed ids). `meta` adds
    Dublin Core fields to the SVG (Title, Description, Source, Rights) and text chunks to the
    PNG, so that a chart that travels keeps its title, sources and licence."""
    meta = meta or {}
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise ValueError(f"figure name {name!r}: use lower-case words joined by '-'")
    folder = folder or out_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with style.context():
        svg = io.StringIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None, **meta})
        (folder / f"{name}.svg").write_text(numbered_clips(svg.getvalue()), encoding="utf-8")
        png = {"Title": meta["Title"], "Source": meta["Source"]} if meta else {}
        if meta:
            png["Copyright"] = meta["Rights"]
        fig.savefig(folder / f"{name}.png", format="png", metadata={"Software": None, **png})
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", float_format="%.6g")
    return folder / f"{name}.svg"


# matplotlib names a clip path by hashing its rectangle's floats: a difference far below the
# printed precision (seen between a build that runs every notebook and one that runs one)
# renames it. Numbered in order of appearance instead, the SVG depends only on what it draws.
CLIP_ID = re.compile(r'<clipPath id="(p[0-9a-f]{10})"')


def numbered_clips(svg: str) -> str:
    """`svg` with matplotlib's hashed clip-path ids replaced by clip1, clip2, … in order."""
    for n, old in enumerate(CLIP_ID.findall(svg), 1):
        svg = svg.replace(f'id="{old}"', f'id="clip{n}"').replace(f"url(#{old})", f"url(#clip{n})")
    return svg


def show(
    fig: MplFigure,
    name: str,
    data: pd.DataFrame,
    caption: str,
    alt: str,
    sources: list[str],
    command: str,
    meta: dict[str, str] | None = None,
) -> Figure:
    """Save the figure and return what the page displays: caption, alt text, sources, and the
    command that re-makes it."""
    folder = out_dir()
    save(fig, name, data, folder, meta)
    return Figure(name, caption, alt, sources, command, folder)


@dataclass
class Figure:
    """A saved figure as the book shows it: MyST figure for the book, HTML for Jupyter."""

    name: str
    caption: str
    alt: str
    sources: list[str]
    command: str
    # Where the files are: the run's own folder, left out of the repr that the executed
    # notebook stores as text/plain (it would differ between runs and machines).
    folder: Path = field(repr=False)

    def cites(self) -> str:
        known = papers.keys()
        keys = [s for s in self.sources if s in known]
        others = [s for s in self.sources if s not in known]
        parts = [f"{{cite:t}}`{k}`" for k in keys] + others
        return ", ".join(parts)

    def _repr_markdown_(self) -> str:
        alt = self.alt.replace("\n", " ")
        return (
            f"```{{figure}} /figures/{self.name}.svg\n:alt: {alt}\n:name: fig-{self.name}\n"
            f":width: 100%\n\n{self.caption} Sources: {self.cites()}.\n```\n\n"
            f"<small>**Cite** as figure `{self.name}` of *{BOOK}* (CC BY 4.0) · "
            f"{{download}}`Data (CSV) </figures/{self.name}.csv>` · "
            f"**Re-run**: `{self.command}`</small>\n\n"
            # Permalink and BibTeX: made by claimbook.citable when the page is written (they
            # name the version and address, which the executed notebook must not depend on).
            f"```{{figure-citation}} {self.name}\n```\n"
        )

    def _repr_html_(self) -> str:
        png = base64.b64encode((self.folder / f"{self.name}.png").read_bytes()).decode()
        return (
            f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(self.alt)}" '
            f'style="max-width:100%"><figcaption>{html.escape(self.caption)} Sources: '
            f"{html.escape(', '.join(self.sources))}. Re-run: <code>{html.escape(self.command)}"
            "</code></figcaption></figure>"
        )
