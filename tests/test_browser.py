"""The built book in a real browser: every page loads cleanly, looks right and links correctly.

One headless Chromium for the module. Each page is visited once (fixture `visits`) and what the
browser saw is recorded; the tests below only assert on those records. The book is served from
127.0.0.1 and every request to any other host is refused and reported.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from claimbook import book, paths, runner

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
# Without Debian's chromium the browser tests are skipped, saying why and how to install it;
# CI sets CLAIMBOOK_REQUIRE_BROWSER=1, and a missing browser is then an error, not a skip.
if not Path(CHROMIUM).exists():
    why = f"no browser at {CHROMIUM}; install it with: sudo apt-get install chromium"
    if os.environ.get("CLAIMBOOK_REQUIRE_BROWSER"):
        raise RuntimeError(f"CLAIMBOOK_REQUIRE_BROWSER is set and there is {why}")
    pytest.skip(f"browser tests: {why}", allow_module_level=True)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOST = "127.0.0.1"
WIDE, NARROW = 1280, 390
PNG = b"\x89PNG\r\n\x1a\n"


# The book's pages, plus Sphinx's own index page (search.html has its own test, with a query;
# index.html is only a redirect to the root page).
PAGES = [*(f"{p}.html" for p in book.toc_pages()), "genindex.html"]
SPECIAL = {"index.html", "search.html", "genindex.html"}
NOTEBOOK_PAGES = [p for p in PAGES if p.startswith("notebooks/")]
# Folders of _build/html that hold assets, not pages.
ASSETS = {"_static", "_sources", "_images", "_downloads"}


def shot_name(page: str, width: int) -> str:
    return f"{page.removesuffix('.html').replace('/', '-')}-{width}.png"


# ---------------------------------------------------------------------------------------------
# Serving and browsing
# ---------------------------------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def html(built_copy) -> Path:
    return built_copy / "_build" / "html"


@pytest.fixture(scope="module")
def server(html):
    """The built HTML on http://127.0.0.1:<free port>/."""
    httpd = ThreadingHTTPServer((HOST, 0), partial(QuietHandler, directory=str(html)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


# What the page tells us once loaded, at whatever width the viewport has.
IMAGES_JS = """() => [...document.images].map(i => ({
    src: i.getAttribute('src'), complete: i.complete, naturalWidth: i.naturalWidth,
    alt: i.getAttribute('alt')}))"""
HEADINGS_JS = """() => {
    const article = document.querySelector('main article.bd-article');
    if (!article) return null;
    return [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(
        h => [Number(h.tagName[1]), h.textContent.replace('#', '').trim()]);
}"""
LAUNCH_JS = """() => [...document.querySelectorAll('a[href]')]
    .map(a => a.href).filter(h => h.includes('mybinder.org') || h.includes('urlpath='))"""
# The document's width, and the outermost elements that stick out of the viewport without a
# scrolling box of their own around them (what makes the whole page scroll sideways).
OVERFLOW_JS = """() => {
    const vw = document.documentElement.clientWidth;
    const culprits = [];
    const walk = (el) => {
        for (const child of el.children) {
            const style = getComputedStyle(child);
            if (style.display === 'none' || style.position === 'fixed') continue;
            if (child.getBoundingClientRect().right > vw + 1) {
                const id = child.id ? '#' + child.id : '';
                const cls = child.classList.length ? '.' + [...child.classList].join('.') : '';
                culprits.push(child.tagName.toLowerCase() + id + cls);
                continue;
            }
            if (!['visible', 'clip'].includes(style.overflowX)) continue;
            walk(child);
        }
    };
    walk(document.body);
    return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 8)};
}"""
# Each claim table's box: how wide its table is and how wide the box shows it.
TABLES_JS = """() => [...document.querySelectorAll('article.bd-article .claimbook-cards')].map(
    b => ({id: (b.querySelector('table') || {}).id || '', scroll: b.scrollWidth,
           client: b.clientWidth}))"""
# Each chart image in the article: its displayed width and its container's (the figure).
FIGURES_JS = """() => [...document.querySelectorAll('article.bd-article figure img')].map(i => ({
    src: i.currentSrc, width: i.getBoundingClientRect().width,
    container: i.closest('figure').parentElement.getBoundingClientRect().width}))"""
# After a resize: let layout run, then wait for the theme's CSS transitions (sidebars sliding
# away at the narrow breakpoint) to finish, so measurements and screenshots see the end state.
SETTLE_JS = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    await frame();
    const finite = document.getAnimations().filter(
        a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map(a => a.finished.catch(() => null)));
    await frame();
}"""


def visit(browser, url: str, shots: Path | None = None, page_name: str = "", wait_for=None):
    """Open `url` in a fresh context and record everything the tests look at."""
    rec = {
        "console_errors": [],
        "failed_requests": [],
        "external_requests": [],
        "requests": [],
        "crash": None,
    }
    context = browser.new_context(viewport={"width": WIDE, "height": 900})
    context.set_default_timeout(30_000)

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:  # never leave the machine; the request event below reports it
            r.abort()

    def on_request(req):
        rec["requests"].append(req.url)
        if not is_local(req.url):
            rec["external_requests"].append(req.url)

    def on_failed(req):
        if is_local(req.url):  # external ones are refused on purpose and reported above
            rec["failed_requests"].append(f"{req.url}: {req.failure}")

    def on_response(resp):
        if resp.status >= 400:
            rec["failed_requests"].append(f"{resp.url}: HTTP {resp.status}")

    def on_console(msg):
        if msg.type == "error":
            rec["console_errors"].append(f"console.error: {msg.text} ({msg.location})")

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("request", on_request)
        page.on("requestfailed", on_failed)
        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda exc: rec["console_errors"].append(f"pageerror: {exc}"))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if wait_for:
            wait_for(page, rec)
        rec["images"] = page.evaluate(IMAGES_JS)
        rec["headings"] = page.evaluate(HEADINGS_JS)
        rec["launch_links"] = page.evaluate(LAUNCH_JS)
        rec["figures_wide"] = page.evaluate(FIGURES_JS)
        rec["tables_wide"] = page.evaluate(TABLES_JS)
        if shots is not None:
            page.screenshot(path=shots / shot_name(page_name, WIDE), full_page=True)
        page.set_viewport_size({"width": NARROW, "height": 844})
        page.evaluate(SETTLE_JS)
        page.wait_for_load_state("networkidle")
        rec["narrow"] = page.evaluate(OVERFLOW_JS)
        rec["figures_narrow"] = page.evaluate(FIGURES_JS)
        rec["tables_narrow"] = page.evaluate(TABLES_JS)
        if shots is not None:
            page.screenshot(path=shots / shot_name(page_name, NARROW), full_page=True)
    except PlaywrightError as exc:
        rec["crash"] = f"{type(exc).__name__}: {exc}"
    finally:
        context.close()
    return rec


@pytest.fixture(scope="module")
def screenshots(built_copy) -> tuple[Path, Path]:
    """Where screenshots go: in the built copy, and a copy in the project for people to view."""
    made, shared = built_copy / "_build" / "screenshots", paths.BUILD / "screenshots"
    made.mkdir(parents=True, exist_ok=True)
    shared.mkdir(parents=True, exist_ok=True)
    return made, shared


@pytest.fixture(scope="module")
def visits(chromium, server, screenshots) -> dict[str, dict]:
    """Every page visited once: console, requests, images, headings, launch links, overflow."""
    made, shared = screenshots
    records = {}
    for page in PAGES:
        records[page] = visit(chromium, server + page, made, page)
        for width in (WIDE, NARROW):
            shot = made / shot_name(page, width)
            if shot.is_file():
                shutil.copyfile(shot, shared / shot.name)
    return records


def seen(visits, page: str) -> dict:
    rec = visits[page]
    assert rec["crash"] is None, f"{page} could not be visited: {rec['crash']}"
    return rec


# ---------------------------------------------------------------------------------------------
# 1. Every page loads cleanly
# ---------------------------------------------------------------------------------------------


def test_every_built_page_is_one_the_tests_visit(html):
    built = {
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in ASSETS
    }
    assert built - SPECIAL == set(PAGES) - SPECIAL
    assert SPECIAL <= built


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_console_errors(visits, page):
    assert seen(visits, page)["console_errors"] == []


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_failed_requests(visits, page):
    assert seen(visits, page)["failed_requests"] == []


@pytest.mark.parametrize("page", PAGES)
def test_page_requests_nothing_from_another_host(visits, page):
    rec = seen(visits, page)
    assert rec["requests"], "no requests recorded at all"
    assert rec["external_requests"] == []


# ---------------------------------------------------------------------------------------------
# 2. Images load and have alt text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loaded_and_has_alt_text(visits, page):
    images = seen(visits, page)["images"]
    broken = [i["src"] for i in images if not i["complete"] or i["naturalWidth"] <= 0]
    assert broken == [], "images that did not load"
    no_alt = [i["src"] for i in images if not (i["alt"] or "").strip()]
    assert no_alt == [], "images without alt text"


# ---------------------------------------------------------------------------------------------
# 3. Internal links and anchors (static: the HTML files themselves)
# ---------------------------------------------------------------------------------------------


class LinksAndIds(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])


def parse(file: Path) -> LinksAndIds:
    parser = LinksAndIds()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.mark.parametrize("page", [*PAGES, "search.html"])
def test_every_internal_link_and_anchor_resolves(html, page):
    base = f"http://{HOST}/{page}"
    cache: dict[Path, set[str]] = {}
    problems = []
    for href in parse(html / page).hrefs:
        href = href.strip()
        if not href or href == "#":
            continue
        parts = urlsplit(href)
        if parts.scheme in ("mailto", "tel", "javascript", "data"):
            continue
        if parts.scheme or parts.netloc:
            if parts.hostname != HOST:
                continue  # an external link: not checked here
        target_url = urlsplit(urljoin(base, href))
        rel = PurePosixPath(unquote(target_url.path).lstrip("/"))
        target = html / rel if str(rel) not in ("", ".") else html
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{href}: no file {target.relative_to(html)}")
            continue
        fragment = unquote(target_url.fragment)
        if fragment and target.suffix == ".html":
            if target not in cache:
                cache[target] = parse(target).ids
            if fragment not in cache[target]:
                problems.append(f"{href}: no id {fragment!r} in {target.relative_to(html)}")
    assert problems == []


# ---------------------------------------------------------------------------------------------
# 4. Search
# ---------------------------------------------------------------------------------------------


def test_search_finds_socar(chromium, server):
    def results(page, rec):
        page.wait_for_selector("#search-results li", timeout=20_000)
        rec["results"] = page.locator("#search-results li").all_inner_texts()

    rec = visit(chromium, server + "search.html?q=SOCAR", wait_for=results)
    assert rec["crash"] is None, rec["crash"]
    assert len(rec["results"]) >= 1
    assert rec["console_errors"] == []
    assert rec["failed_requests"] == []
    assert rec["external_requests"] == []


# ---------------------------------------------------------------------------------------------
# 5. Launch buttons
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def launchable(built_copy) -> Path:
    """The copy as Binder has it: postBuild's `claimbook prepare` has written the per-paper
    notebooks the audit pages' buttons open."""
    runner.prepare(built_copy)
    return built_copy


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_launch_button_opens_a_notebook_that_exists_on_binder(visits, launchable, page):
    links = seen(visits, page)["launch_links"]
    assert links, "no launch (Binder) button on a notebook page"
    for link in links:
        urlpath = parse_qs(urlsplit(link).query).get("urlpath", [""])[0]
        assert urlpath.startswith("lab/tree/"), link
        path = urlpath.removeprefix("lab/tree/")
        assert (launchable / path).is_file(), f"{link}: {path} is not on Binder"


# ---------------------------------------------------------------------------------------------
# 6. Headings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_headings_are_in_order(visits, page):
    headings = seen(visits, page)["headings"]
    assert headings is not None, "no main article.bd-article on the page"
    h1 = [text for level, text in headings if level == 1]
    assert len(h1) == 1, f"{len(h1)} <h1> in the article: {h1}"
    jumps = []
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            jumps.append(f"h{previous} -> h{level} ({text!r})")
        previous = level
    assert jumps == []


# ---------------------------------------------------------------------------------------------
# 7. Screenshots
# ---------------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_every_page_at_both_widths(visits, screenshots):
    missing, bad = [], []
    for page in PAGES:
        for width in (WIDE, NARROW):
            for folder in screenshots:
                shot = folder / shot_name(page, width)
                if not shot.is_file() or shot.stat().st_size == 0:
                    missing.append(str(shot))
                    continue
                w, h = png_size(shot.read_bytes())
                if w < width or h <= 0:
                    bad.append(f"{shot}: {w}x{h}")
    assert missing == []
    assert bad == []


# ---------------------------------------------------------------------------------------------
# 8. No sideways scrolling on a phone
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_does_not_scroll_sideways_at_390px(visits, page):
    narrow = seen(visits, page)["narrow"]
    assert narrow["scrollWidth"] <= NARROW + 1, f"sticks out: {narrow['culprits']}"


@pytest.mark.parametrize("width", ["wide", "narrow"])
@pytest.mark.parametrize("page", PAGES)
def test_claim_tables_show_every_column_without_scrolling_their_box(visits, page, width):
    """A claim table is a stack of cards at both widths: no column hidden to the right."""
    boxes = seen(visits, page)[f"tables_{width}"]
    if page in NOTEBOOK_PAGES:  # every notebook page ends with its table of claims
        assert boxes, "no claim table found: the measurement looks for the wrong class"
    hidden = [t for t in boxes if t["scroll"] > t["client"] + 1]
    assert not hidden, f"tables scrolling inside their box: {hidden}"


# ---------------------------------------------------------------------------------------------
# 9. Citable pages, as a browser (and a crawler running scripts) reads them
# ---------------------------------------------------------------------------------------------

# What a citation manager, a search engine or a reader sees: meta tags, JSON-LD, the page's
# "Cite this page" block and each figure's citation (and, asked apart, /favicon.ico).
CITABLE_JS = """() => {
    const meta = {};
    for (const m of document.querySelectorAll('meta[name], meta[property]')) {
        meta[m.getAttribute('name') || m.getAttribute('property')] = m.getAttribute('content');
    }
    const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map(s => JSON.parse(s.textContent));
    const cite = document.querySelector('aside.claimbook-cite');
    const figures = [...document.querySelectorAll('figure[id^="fig-"]')].map(f => {
        let el = f.nextElementSibling;
        while (el && !el.classList.contains('claimbook-figcite')) el = el.nextElementSibling;
        return {id: f.id, permalink: el && el.querySelector('a').href,
                bibtex: el && el.querySelector('pre').textContent};
    });
    const visible = el => el && el.getBoundingClientRect().height > 0;
    return {meta, jsonld, figures,
            cite: cite && cite.innerText, citeVisible: visible(cite),
            ids: [...document.querySelectorAll('[id]')].map(e => e.id)};
}"""


@pytest.fixture(scope="module")
def citable(chromium, server) -> dict[str, dict]:
    pages = ["intro.html", "notebooks/trade.html", "notebooks/audit/karayel2024.html"]

    def read(page, rec):
        rec["citable"] = page.evaluate(CITABLE_JS)
        rec["citable"]["favicon"] = page.request.get(server + "favicon.ico").status

    return {p: visit(chromium, server + p, wait_for=read) for p in pages}


def test_a_browser_reads_version_date_and_citation_meta_tags(citable, built_copy):
    from claimbook import citation

    ed = citation.edition(built_copy)
    for page, rec in citable.items():
        assert rec["crash"] is None and rec["console_errors"] == [], page
        c = rec["citable"]
        assert c["meta"]["citation_author"] == ed.author
        assert c["meta"]["citation_date"] == ed.date.replace("-", "/")
        assert c["meta"]["citation_pdf_url"] == ed.baseurl + "book.pdf"
        assert c["meta"]["og:url"] == ed.baseurl + page
        assert c["citeVisible"], f"{page}: no visible 'Cite this page'"
        assert f"version {ed.version} of {ed.date}" in c["cite"]
        assert c["favicon"] == 200


def test_a_browser_reads_each_figures_permalink_and_bibtex(citable, built_copy):
    from claimbook import citation

    ed = citation.edition(built_copy)
    figures = citable["notebooks/trade.html"]["citable"]["figures"]
    assert figures, "no figure on the trade page"
    for f in figures:
        assert f["permalink"] == f"{ed.baseurl}notebooks/trade.html#{f['id']}"
        assert f["bibtex"].startswith(f"@online{{claimbook-{f['id']},")


def test_a_browser_reads_the_audit_pages_claim_reviews(citable):
    from schemaorg import problems

    c = citable["notebooks/audit/karayel2024.html"]["citable"]
    [reviews] = c["jsonld"]
    assert reviews and all(problems(r) == [] for r in reviews)
    anchors = {r["url"].split("#", 1)[1] for r in reviews}
    assert anchors <= set(c["ids"])
    assert {r["itemReviewed"]["author"]["name"] for r in reviews} == {"Zehra Karayel"}


# ---------------------------------------------------------------------------------------------
# 10. Charts fit their column and their text stays legible (charts.md), at both widths
# ---------------------------------------------------------------------------------------------


def smallest_text_px(svg: Path, shown_width: float) -> float:
    """The smallest font of an SVG chart, in CSS px, when the image is shown this wide: fonts
    are in SVG user units (points, matplotlib's), scaled by shown width / SVG width."""
    text = svg.read_text(encoding="utf-8")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', text).group(1))
    sizes = [float(m) for m in re.findall(r"font-size:\s*([\d.]+)px", text)]
    return min(sizes) * shown_width / width


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", ["wide", "narrow"])
def test_every_chart_fits_its_column_with_text_of_at_least_10px(visits, html, page, width):
    shown = seen(visits, page)[f"figures_{width}"]
    for fig in shown:
        assert fig["width"] <= fig["container"] + 0.5, fig
        if fig["src"].endswith(".svg"):
            svg = html / unquote(urlsplit(fig["src"]).path).lstrip("/")
            assert smallest_text_px(svg, fig["width"]) >= 10, (fig, width)
