"""The built book as published: every page and figure citable, machine-readable verdicts, the
data zip, one repository setting behind every link, and the PDF edition.

All on the clean copy built once by `built_book` (conftest), copied per worker. That copy has
no git history, so its edition's date is CITATION.cff's release date (claimbook.citation says
why); expected values come from `citation.edition(copy)`, _toc.yml, figures/, the ledger and
the audit."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from frictionless import validate
from pypdf import PdfReader
from schemaorg import problems

from claimbook import book, citation, ledger

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("published")]

SVG = "{http://www.w3.org/2000/svg}"


def toc_pages(root: Path) -> list[str]:
    """Every page _toc.yml lists, in order, without suffix (a glob as the pages it matches)."""
    return book.toc_pages(root)


class Page(HTMLParser):
    """What a built page holds: meta tags, JSON-LD, ids, links, h1, figures and their
    citation blocks, and the text of its article."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.h1: list[str] = []
        self.figures: list[str] = []
        self.images: list[str] = []
        self._script = self._h1 = False
        self.feed(text)
        self.close()
        self.text = text

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a["content"])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = True
            self.jsonld.append("")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "h1":
            self._h1 = True
            self.h1.append("")
        if tag == "img" and (a.get("src") or "").startswith("_images/"):
            self.images.append(a["src"].removeprefix("_images/"))
        if tag == "figure" and (a.get("id") or "").startswith("fig-"):
            self.figures.append(a["id"].removeprefix("fig-"))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False
        if tag == "h1":
            self._h1 = False

    def handle_data(self, data):
        if self._script:
            self.jsonld[-1] += data
        if self._h1:
            self.h1[-1] += data


def page(html: Path, name: str) -> Page:
    return Page((html / f"{name}.html").read_text(encoding="utf-8"))


def title(p: Page) -> str:
    """The page's title as its h1 reads (the permalink sign dropped)."""
    return p.h1[0].replace("#", "").strip()


@pytest.fixture(scope="module")
def html(built_copy) -> Path:
    return built_copy / "_build" / "html"


@pytest.fixture(scope="module")
def edition(built_copy) -> citation.Edition:
    return citation.edition(built_copy)


# ---------------------------------------------------------------------------------------------
# Pages and figures
# ---------------------------------------------------------------------------------------------


def test_the_copy_without_git_dates_its_edition_from_citation_cff(edition, built_copy):
    cff = yaml.safe_load((built_copy / "CITATION.cff").read_text(encoding="utf-8"))
    assert edition.date == str(cff["date-released"])
    assert edition.date_source == "CITATION.cff: no git history"


def test_every_page_carries_citation_and_opengraph_meta_tags(html, edition, built_copy):
    for name in toc_pages(built_copy):
        p = page(html, name)
        expected = {
            "citation_title": [title(p)],
            "citation_author": [edition.author],
            "citation_date": [edition.date.replace("-", "/")],
            "citation_pdf_url": [edition.baseurl + "book.pdf"],
            "og:title": [title(p)],
            "og:url": [f"{edition.baseurl}{name}.html"],
            "og:site_name": [edition.title],
        }
        assert {k: p.meta.get(k) for k in expected} == expected, name


def test_every_page_ends_with_its_citation_version_and_date(html, edition, built_copy):
    for name in toc_pages(built_copy):
        p = page(html, name)
        block = p.text.split('<aside class="claimbook-cite"', 1)[1].split("</aside>", 1)[0]
        assert f"version {edition.version} of" in block, name
        assert f'<time datetime="{edition.date}">' in block, name
        assert f'href="{edition.baseurl}{name}.html"' in block, name
        assert f"@online{{{citation.bibtex_key(name)}," in block, name
        assert f"({edition.year}). {title(p)}. In <em>{edition.title}</em>" in block, name


def test_every_figure_has_its_anchor_permalink_bibtex_and_csv(html, edition, built_copy):
    shown = []
    for name in toc_pages(built_copy):
        p = page(html, name)
        for fig in p.figures:
            shown.append(fig)
            after = p.text.split(f'id="fig-{fig}"', 1)[1]
            block = after.split('<div class="claimbook-figcite">', 1)[1].split("</div>", 1)[0]
            assert f'href="{edition.baseurl}{name}.html#fig-{fig}"' in block
            assert f"@online{{claimbook-fig-{fig}," in block
            csv = re.search(rf'href="([^"]*/{re.escape(fig)}\.csv)"', after)[1]
            target = (html / name).parent / csv
            assert target.read_bytes() == (built_copy / "figures" / f"{fig}.csv").read_bytes()
    made = sorted(f.stem for f in (built_copy / "figures").glob("*.svg"))
    assert sorted(shown) == made, "a figure is missing from the pages, or shown twice"


def test_a_page_with_figures_shows_its_first_as_its_opengraph_image(html, edition, built_copy):
    for name in toc_pages(built_copy):
        p = page(html, name)
        if not p.figures:
            # A page with no figure of its own shows none as its image, or one it shows again
            # (the introduction's headline figure, cited where it is made).
            shown = [f"{edition.baseurl}_images/{Path(i).stem}.png" for i in p.images]
            assert p.meta.get("og:image", [None])[0] in [None, *shown], name
            continue
        assert p.meta["og:image"] == [f"{edition.baseurl}_images/{p.figures[0]}.png"]
        png = html / "_images" / f"{p.figures[0]}.png"
        assert png.read_bytes() == (built_copy / "figures" / png.name).read_bytes()


def test_author_year_citations_are_in_round_brackets(html):
    text = re.sub(r"<[^>]+>", "", (html / "intro.html").read_text(encoding="utf-8"))
    for author, year in [("Mehdiyev", 2025), ("Karayel", 2024), ("Hajizade", 2023)]:
        assert f"{author} ({year})" in text
        assert f"{author} [{year}]" not in text


def test_favicon_ico_is_served_at_the_site_root(html, built_copy):
    assert (html / "favicon.ico").read_bytes() == (
        built_copy / "_static" / "favicon.ico"
    ).read_bytes()


# ---------------------------------------------------------------------------------------------
# Verdicts and data
# ---------------------------------------------------------------------------------------------


def test_audit_pages_publish_every_claims_verdict_as_claim_review(html, edition, built_copy):
    from claimbook import checks

    data = ledger.load(built_copy / "data" / "datapackage.json")
    audit = checks.audit(data).set_index("claim_id")
    for key in data.papers["key"]:
        p = page(html, f"notebooks/audit/{key}")
        assert len(p.jsonld) == 1
        reviews = json.loads(p.jsonld[0])
        mine = data.claims[data.claims["paper"] == key]
        assert len(reviews) == len(mine)
        for r in reviews:
            assert problems(r) == []
            url, anchor = r["url"].split("#")
            assert url == f"{edition.baseurl}notebooks/audit/{key}.html"
            assert anchor in p.ids, f"{key}: no element with id {anchor}"
            claim_id = anchor.removeprefix("claim-")
            assert r["reviewRating"]["alternateName"] == audit.loc[claim_id, "verdict"]


def test_the_data_zip_linked_from_the_introduction_validates(html, tmp_path, edition):
    p = page(html, "intro")
    link = next(h for h in p.hrefs if h.endswith("claimbook-data.zip"))
    with zipfile.ZipFile(io.BytesIO((html / link).read_bytes())) as zf:
        zf.extractall(tmp_path)
    report = validate(tmp_path / f"claimbook-data-{edition.version}" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


# ---------------------------------------------------------------------------------------------
# One repository setting
# ---------------------------------------------------------------------------------------------

# Addresses on GitHub or GitHub Pages, and Binder launch links (the Binder service's own
# address, which the rerun page names, launches nothing).
GITHUBISH = re.compile(r"https?://(?:[\w.-]*github\.(?:com|io)|mybinder\.org/v2/)[^\"'<>\s)]*")


def test_changing_the_repository_setting_changes_every_link(built_copy, tmp_path):
    fork = tmp_path / "fork"
    shutil.copytree(built_copy, fork)
    config = fork / "_config.yml"
    old = citation.DEFAULT_REPOSITORY
    new = "https://github.com/example-org/fork-book"
    config.write_text(config.read_text(encoding="utf-8").replace(f"url: {old}", f"url: {new}"))
    env = dict(os.environ, CLAIMBOOK_ROOT=str(fork))
    exe = Path(sys.executable).parent / "claimbook"
    proc = subprocess.run([exe, "build"], cwd=fork, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    links: dict[str, set[str]] = {}
    for f in (fork / "_build" / "html").rglob("*.html"):
        for url in GITHUBISH.findall(f.read_text(encoding="utf-8")):
            links.setdefault(url, set()).add(f.name)
    binder = "https://mybinder.org/v2/gh/example-org/fork-book/main?urlpath="
    allowed = (new, "https://example-org.github.io/fork-book/", binder)
    stray = sorted(u for u in links if not u.startswith(allowed))
    assert stray == [], "links that do not follow the setting"
    kinds = {
        "launch": binder,
        "repository button": f'{new}"',
        "issue button": f"{new}/issues/new",
        "permalink": "https://example-org.github.io/fork-book/notebooks/",
    }
    text = " ".join(f'{u}"' for u in links)
    assert {k: v in text for k, v in kinds.items()} == dict.fromkeys(kinds, True)
    cite = (fork / "_build" / "html" / "pages" / "cite.html").read_text(encoding="utf-8")
    assert new in cite and old not in cite


# ---------------------------------------------------------------------------------------------
# The PDF edition
# ---------------------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text as compared: ligatures (ﬁ) undone, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def pdf(built_copy) -> PdfReader:
    env = dict(os.environ, CLAIMBOOK_ROOT=str(built_copy))
    exe = Path(sys.executable).parent / "claimbook"
    proc = subprocess.run([exe, "pdf"], cwd=built_copy, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return PdfReader(built_copy / "_build" / "pdf" / "book.pdf")


@pytest.fixture(scope="module")
def pdf_pages(pdf) -> list[str]:
    return [plain(p.extract_text()) for p in pdf.pages]


def test_the_pdf_opens_with_a_title_page(pdf_pages, edition):
    first = pdf_pages[0]
    assert first.startswith(plain(edition.title))
    assert f"Version {edition.version} of {edition.date}" in first
    assert "How to cite" in first and "@online{claimbook," in first


def test_every_pdf_page_names_version_and_date(pdf_pages, edition):
    footer = plain(f"{edition.title} · version {edition.version} of {edition.date}")
    assert all(footer in text for text in pdf_pages)


def squeeze(text: str) -> str:
    """Text without any whitespace: a bookmark drops the space where its heading wrapped."""
    return re.sub(r"\s+", "", plain(text))


def outline(reader: PdfReader) -> list[tuple[str, int, float]]:
    """The PDF's bookmarks (Chromium makes one per heading): title, page index, top."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page_no = reader.get_destination_page_number(item)
                out.append((squeeze(item.title), page_no, float(item.top)))

    walk(reader.outline)
    return out


def test_every_chapter_starts_a_pdf_page(pdf, pdf_pages, html, built_copy):
    """Every chapter has a bookmark, on a page of its own: at the top of the page (a page's
    text order puts a bibliography's labels first, so the text alone cannot tell)."""
    chapters = [title(page(html, name)) for name in toc_pages(built_copy)]
    assert len(pdf_pages) >= len(chapters) + 2  # the title page and the contents
    marks = outline(pdf)
    height = float(pdf.pages[0].mediabox.height)
    placed = {}
    for chapter in chapters:
        found = [(n, top) for t, n, top in marks if t == squeeze(chapter)]
        assert found, f"no bookmark for {chapter!r}"
        # The last of its name: the introduction and the title page have sections named
        # "How to re-run" and "How to cite" before the chapters of those names.
        placed[chapter] = found[-1]
    # The introduction follows the contents directly; every other chapter opens a page.
    late = [c for c in chapters[1:] if placed[c][1] < 0.85 * height]
    assert late == []
    pages = [n for n, _ in placed.values()]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    assert all(plain(c) in pdf_pages[placed[c][0]] for c in chapters)


def test_every_figure_is_in_the_pdf(pdf_pages, built_copy):
    """The SVG figures are printed as vector drawings with their text as text: each figure's
    longest text (its title, mostly) is in the PDF, and so is its permalink line."""
    everything = " ".join(pdf_pages)
    missing = []
    for svg in sorted((built_copy / "figures").glob("*.svg")):
        texts = [plain("".join(t.itertext())) for t in ElementTree.parse(svg).iter(f"{SVG}text")]
        longest = max(texts, key=len)
        if longest not in everything or f"Permalink to figure {svg.stem}" not in everything:
            missing.append(svg.stem)
    assert missing == []


def test_figure_permalinks_in_the_pdf_name_each_figures_own_page(pdf, html, edition, built_copy):
    """The single page holds every figure, yet each permalink goes to the figure's own page."""
    links = {
        annot.get_object().get("/A", {}).get("/URI")
        for p in pdf.pages
        for annot in p.get("/Annots") or []
    }
    expected = {
        edition.url(name, f"fig-{fig}")
        for name in toc_pages(built_copy)
        for fig in page(html, name).figures
    }
    assert expected and expected <= links


def test_the_pdf_ends_with_the_bibliography(pdf_pages, built_copy):
    bib = (built_copy / "references.bib").read_text(encoding="utf-8")
    titles = [
        plain(t.replace("{", "").replace("}", ""))
        for t in re.findall(r"title\s*=\s*\{(.+)\},", bib)
    ]
    # The bibliography's heading stands on its first page (and in the contents, earlier):
    # from its last mention to the end is the bibliography, however many pages it takes.
    half = len(pdf_pages) // 2
    start = min(
        i for i, text in enumerate(pdf_pages) if i > half and "bibliography" in text.lower()
    )
    tail = fold(" ".join(pdf_pages[start:]))
    # A title's opening words: a page break (and its footer) may split a long title.
    assert [t for t in titles if fold(t)[:40] not in tail] == []


def fold(text: str) -> str:
    """Lower case without accents or spaces: the bibliography style lower-cases titles, Turkish
    'İ' lower-cases to 'i' plus a dot in Python but to 'ı' plus a dot in the PDF, and the PDF
    breaks long words such as '2001/2002' at line ends."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())
    return kept.replace("ı", "i")
