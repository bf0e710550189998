"""Sphinx extension: every page and figure citable, and the book findable.

- each page ends with "Cite this page" (version, commit date, permalink, APA, BibTeX);
- the `figure-citation` directive, written under every figure by `claimbook.figures`, gives the
  figure's permalink (its `fig-<name>` anchor) and BibTeX; it is resolved here, at build time,
  so that executed notebooks (and their cache) do not depend on the version or the address;
- `citation_*` meta tags (Google Scholar) and OpenGraph tags, a page's first figure as its image;
- the audit pages carry their claims' verdicts as schema.org ClaimReview JSON-LD;
- author–year citations in round brackets: "Karayel (2024)", "(Hajizade, 2023)";
- /favicon.ico at the site root (browsers ask for it whatever the page declares).

The edition (version, date, repository, base URL) comes from the `claimbook_edition` value
that claimbook.book puts in the staged _config.yml (see claimbook.citation).
"""

from __future__ import annotations

import dataclasses
import html
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import citation

# The page the PDF edition is published at, relative to the base URL (see claimbook.publish).
PDF = "book.pdf"


def _round_brackets_style() -> type:
    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_() -> BracketStyle:
        return BracketStyle(left="(", right=")")

    @dataclasses.dataclass
    class AuthorYearRound(AuthorYearReferenceStyle):
        """author_year with round brackets: the textual form puts only the year in them."""

        bracket_textual: BracketStyle = dataclasses.field(default_factory=round_)
        bracket_parenthetical: BracketStyle = dataclasses.field(default_factory=round_)
        bracket_author: BracketStyle = dataclasses.field(default_factory=round_)
        bracket_label: BracketStyle = dataclasses.field(default_factory=round_)
        bracket_year: BracketStyle = dataclasses.field(default_factory=round_)

    return AuthorYearRound


def edition(app: Sphinx) -> citation.Edition | None:
    values = app.config.claimbook_edition
    return citation.edition_from(values) if values else None


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def details(summary: str, body: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{body}</details>"


def apa_html(apa: str) -> str:
    """APA text with its *italic* book title as <em>."""
    head, _, rest = apa.partition("*")
    title, _, tail = rest.partition("*")
    return f"{esc(head)}<em>{esc(title)}</em>{esc(tail)}" if title else esc(apa)


class figure_citation(nodes.General, nodes.Element):
    """Where a figure's citation goes; filled in when the page is written."""


class FigureCitation(SphinxDirective):
    """`{figure-citation} <name>`: the permalink and BibTeX of figure `fig-<name>`.

    The directive only marks the place: the text is made when the page is written (event
    doctree-resolved), so a new version or date rewrites the pages without re-reading them."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        # The page it is on, known only here: in the single-page HTML every figure is written
        # into the root page, and its permalink must still name its own page.
        return [figure_citation(name=self.arguments[0], page=self.env.docname)]


def fill_figure_citations(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    ed = edition(app)
    for node in list(doctree.findall(figure_citation)):
        name, page = node["name"], node["page"]
        if ed is None:  # built without claimbook.book (plain jupyter-book): nothing to add
            node.replace_self([])
            continue
        link = ed.url(page, f"fig-{name}")
        text = (
            f'<div class="claimbook-figcite"><small><a class="reference external" '
            f'href="{esc(link)}">Permalink to figure {esc(name)}</a></small>'
            + details(
                "Cite this figure (APA, BibTeX)",
                f"<p>{apa_html(citation.figure_apa(ed, name, page))}</p>"
                f"<pre>{esc(citation.figure_bibtex(ed, name, page))}</pre>",
            )
            + "</div>"
        )
        node.replace_self(nodes.raw("", text, format="html"))


def first_paragraph(doctree: nodes.document | None, limit: int = 200) -> str:
    for p in doctree.findall(nodes.paragraph) if doctree is not None else []:
        text = " ".join(p.astext().split())
        if len(text) > 40:
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""


def first_figure(doctree: nodes.document | None) -> str | None:
    """The name of the first book figure on the page (its SVG is figures/<name>.svg)."""
    for img in doctree.findall(nodes.image) if doctree is not None else []:
        # As written (`/figures/<name>.svg`): the HTML builder has rewritten `uri` to _images/.
        uri = Path(img.get("original_uri") or img.get("uri", ""))
        if uri.parent.name == "figures" and uri.suffix == ".svg":
            return uri.stem
    return None


def meta(kind: str, key: str, value: str) -> str:
    return f'<meta {kind}="{esc(key)}" content="{esc(value)}" />\n'


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Meta tags, the page's citation block, its ClaimReview data and its OpenGraph image."""
    ed = edition(app)
    if ed is None or doctree is None or app.builder.name != "html":
        return
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ed.title
    url = ed.url(pagename)
    tags = [
        meta("name", "citation_title", title),
        meta("name", "citation_author", ed.author),
        # Google Scholar's form of a date: YYYY/MM/DD.
        meta("name", "citation_date", ed.date.replace("-", "/")),
        meta("name", "citation_publication_date", ed.date.replace("-", "/")),
        meta("name", "citation_inbook_title", ed.title),
        meta("name", "citation_public_url", url),
        meta("name", "citation_pdf_url", ed.baseurl + PDF),
        meta("property", "og:title", title),
        meta("property", "og:type", "website" if pagename == app.config.root_doc else "article"),
        meta("property", "og:url", url),
        meta("property", "og:site_name", ed.title),
    ]
    description = first_paragraph(doctree)
    if description:
        tags.append(meta("property", "og:description", description))
    figure = first_figure(doctree)
    if figure:
        # OpenGraph readers take raster images: the figure's PNG, copied beside its SVG.
        png = Path(app.srcdir) / "figures" / f"{figure}.png"
        if png.is_file():
            out = Path(app.outdir) / "_images" / png.name
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, out)
            tags.append(meta("property", "og:image", f"{ed.baseurl}_images/{png.name}"))
            alt = next((i.get("alt", "") for i in doctree.findall(nodes.image)), "")
            if alt:
                tags.append(meta("property", "og:image:alt", alt))
    reviews = Path(app.srcdir) / citation.CLAIMREVIEW.format(paper=Path(pagename).name)
    if pagename.startswith("notebooks/audit/") and reviews.is_file():
        # `</` cannot end the script early inside JSON: escape it as JSON allows.
        data = json.dumps(json.loads(reviews.read_text(encoding="utf-8")), ensure_ascii=False)
        data = data.replace("</", "<\\/")
        tags.append(f'<script type="application/ld+json">{data}</script>\n')
    context["metatags"] = context.get("metatags", "") + "".join(tags)
    if "body" in context:
        context["body"] += cite_block(ed, title, pagename)


def cite_block(ed: citation.Edition, title: str, page: str) -> str:
    return (
        '<aside class="claimbook-cite" aria-label="Cite this page">'
        f"<p><strong>Cite this page</strong> · version {esc(ed.version)} of "
        f'<time datetime="{esc(ed.date)}">{esc(ed.date)}</time> '
        f'<span class="claimbook-date-source">({esc(ed.date_source)})</span> · '
        f'<a class="reference external" href="{esc(ed.url(page))}">permalink</a></p>'
        f'<p class="claimbook-apa">{apa_html(citation.page_apa(ed, title, page))}</p>'
        + details("BibTeX", f"<pre>{esc(citation.page_bibtex(ed, title, page))}</pre>")
        + "</aside>"
    )


def note_dependencies(app: Sphinx, doctree: nodes.document) -> None:
    """An audit page is rewritten when its ClaimReview file changes."""
    docname = app.env.docname
    if docname.startswith("notebooks/audit/"):
        rel = citation.CLAIMREVIEW.format(paper=Path(docname).name)
        if (Path(app.srcdir) / rel).is_file():
            app.env.note_dependency(rel)


def favicon(app: Sphinx, exception: Exception | None) -> None:
    """Put _static/favicon.ico at the site root, where browsers look for it."""
    ico = Path(app.srcdir) / "_static" / "favicon.ico"
    if exception is None and app.builder.format == "html" and ico.is_file():
        shutil.copyfile(ico, Path(app.outdir) / "favicon.ico")


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinxcontrib.bibtex.plugin import register_plugin

    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", _round_brackets_style()
    )
    # Set by claimbook.book in the staged _config.yml; pages are rewritten when it changes.
    app.add_config_value("claimbook_edition", {}, "html")
    app.add_node(figure_citation)
    app.add_directive("figure-citation", FigureCitation)
    app.connect("doctree-resolved", fill_figure_citations)
    app.connect("html-page-context", page_context)
    app.connect("doctree-read", note_dependencies)
    app.connect("build-finished", favicon)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
