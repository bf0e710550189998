"""The PDF edition and the release files (HTML tarball, its SHA-256, a manifest).

The PDF is the book's single-page HTML (`jupyter-book build --builder singlehtml`, the same
stage the HTML book is built from) printed by Chromium through Playwright: both are already
what the browser tests use, so the PDF needs nothing more than the HTML book does (no TeX Live,
about a gigabyte less), and it looks like the HTML book: same fonts, same SVG figures. A title
page (title, version, date, how to cite) is put in front; every printed page's footer gives
the version and date.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import yaml

from . import citation, paths
from .errors import BuildError

CHROMIUM = os.environ.get("CLAIMBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PDF = "book.pdf"

# What the printed book leaves out: navigation, buttons, the theme's header and footer, and
# the per-page citation widgets (the title page says how to cite; each figure keeps its
# permalink). Each chapter starts on a new page.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
.bd-footer-article, .prev-next-area, .header-article, .skip-link,
.claimbook-figcite details, .headerlink, #pst-back-to-top, .search-button-field,
.bd-search { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-page-width, .bd-container,
.bd-container__inner { max-width: none !important; width: 100% !important; padding: 0 !important;
  margin: 0 !important; }
/* In the single page, each chapter is a section inside the root page's toctree. */
.toctree-wrapper > section { break-before: page; }
figure, img { break-inside: avoid; }
/* The theme hides each section's first h1 in print (it shows the page title above): here
   every chapter title must be printed. Long tables break across pages instead of clipping. */
.bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
.bd-main .bd-content table { break-inside: auto !important; }
/* What scrolls sideways on screen wraps on paper. */
.claimbook-table { overflow: visible !important; font-size: 7.5pt !important; }
.claimbook-table table { width: 100% !important; }
.claimbook-table td, .claimbook-table th { overflow-wrap: anywhere; padding: 2px 4px !important; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
details { display: none; }
.claimbook-titlepage { break-after: page; display: flex; flex-direction: column;
  justify-content: center; min-height: 240mm; }
.claimbook-titlepage .claimbook-title { font-size: 2.1em; font-weight: 700; line-height: 1.2;
  margin-bottom: 0.6em; }
.claimbook-titlepage h2 { font-size: 1.3em; }
/* The theme's print-only table of contents follows the title page, on a page of its own. */
#jb-print-docs-body > h1 { display: none; }
#jb-print-docs-body { break-after: page; }
.claimbook-titlepage pre { white-space: pre-wrap; font-size: 0.75em; }
"""

FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 14mm;color:#555;display:flex;'
    'justify-content:space-between;"><span>{title} · version {version} of {date}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


def title_page(ed: citation.Edition) -> str:
    """The PDF's first page: title, author, version and date, how to cite, where it lives."""
    e = html.escape
    return (
        '<section class="claimbook-titlepage">'
        f'<p class="claimbook-title">{e(ed.title)}</p>'
        f"<p><strong>{e(ed.author)}</strong></p>"
        f"<p>Version {e(ed.version)} of {e(ed.date)} ({e(ed.date_source)})</p>"
        f'<p>Online: <a href="{e(ed.baseurl)}">{e(ed.baseurl)}</a><br>'
        f'Sources and data: <a href="{e(ed.repository)}">{e(ed.repository)}</a></p>'
        "<h2>How to cite</h2>"
        f"<p>{e(citation.book_apa(ed)).replace('*', '')}</p>"
        f"<pre>{e(citation.book_bibtex(ed))}</pre>"
        "<p>Text, data compilation and figures: CC BY 4.0. Code: MIT.</p>"
        "</section>"
    )


def singlehtml(stage: Path) -> Path:
    """The book as one HTML page, built from the stage `claimbook build` assembled."""
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe), "build", str(stage), "--builder", "singlehtml", "--warningiserror"]
    cmd += ["--keep-going", "--quiet"]
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
        raise BuildError(
            f"jupyter-book (singlehtml) failed (exit {proc.returncode}):\n" + "\n".join(lines[-20:])
        )
    # index.html only redirects to the root page, which holds the whole book.
    root_doc = yaml.safe_load((stage / "_toc.yml").read_text(encoding="utf-8"))["root"]
    return stage / "_build" / "singlehtml" / f"{root_doc}.html"


def print_pdf(page_html: Path, out: Path, ed: citation.Edition) -> Path:
    """Print the single-page book to `out` with Chromium, a title page in front."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise BuildError(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (`make chromium`) or set "
            "CLAIMBOOK_CHROMIUM"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    footer = FOOTER.format(
        title=html.escape(ed.title), version=html.escape(ed.version), date=html.escape(ed.date)
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page()
                page.goto(page_html.resolve().as_uri(), wait_until="load")
                page.wait_for_load_state("networkidle")
                page.add_style_tag(content=PRINT_CSS)
                page.evaluate(
                    # Before the theme's print-only contents (or the article, without it).
                    "html => (document.querySelector('#jb-print-docs-body')"
                    " || document.querySelector('article.bd-article'))"
                    ".insertAdjacentHTML('beforebegin', html)",
                    title_page(ed),
                )
                page.emulate_media(media="print")
                page.pdf(
                    path=str(tmp),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                    tagged=True,
                    outline=True,
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise BuildError(f"Chromium could not print the book: {exc}".splitlines()[0]) from exc
    tmp.replace(out)
    return out


def pdf(root: Path = paths.ROOT, log: Callable[[str], None] = print) -> Path:
    """`make pdf`: build the book (cached), then _build/pdf/book.pdf from its single page."""
    from . import book

    book.build(root=root, log=log)
    stage = root / "_build" / "stage"
    log("pdf: building the single-page HTML")
    page_html = singlehtml(stage)
    out = print_pdf(page_html, root / "_build" / "pdf" / PDF, citation.edition(root))
    log(f"pdf: wrote {paths.display(out, root)}")
    return out


# ---------------------------------------------------------------------------------------------
# Release files
# ---------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def html_tarball(html_dir: Path, out: Path, folder: str, mtime: int) -> int:
    """A gzipped tar of the HTML book under `folder/`: sorted, owned by 0, every file dated
    `mtime` (the commit's time), so one commit gives the same bytes; returns the file count."""
    files = sorted(p for p in html_dir.rglob("*") if p.is_file())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for f in files:
            info = tarfile.TarInfo(f"{folder}/{f.relative_to(html_dir).as_posix()}")
            info.size = f.stat().st_size
            info.mtime = mtime
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(f, "rb") as fh:
                tar.addfile(info, fh)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=mtime) as gz:
        gz.write(raw.getvalue())
    return len(files)


def release(
    root: Path = paths.ROOT,
    html_dir: Path | None = None,
    pdf_file: Path | None = None,
    out: Path | None = None,
    tag: str | None = None,
) -> list[Path]:
    """The files a release attaches: `claimbook-<version>-html.tar.gz`, its `.sha256` (the
    format `sha256sum -c` reads), `claimbook-<version>-manifest.json` (version, commit, date,
    file count, checksums) and the PDF as `claimbook-<version>.pdf` when there is one. A
    `tag` (the release's git tag) must be `v<version>`."""
    ed = citation.edition(root)
    if tag is not None and tag != f"v{ed.version}":
        raise BuildError(
            f"tag {tag!r} does not match pyproject.toml's version {ed.version}: "
            f"tag v{ed.version}, or change the version first"
        )
    html_dir = html_dir or root / "_build" / "html"
    pdf_file = pdf_file or root / "_build" / "pdf" / PDF
    out = out or root / "_build" / "release"
    if not (html_dir / "index.html").is_file():
        raise BuildError(f"no book in {paths.display(html_dir, root)}: run `make book` first")
    stamp = citation.git(root, "log", "-1", "--format=%ct")
    mtime = int(stamp) if stamp else 0
    name = f"claimbook-{ed.version}"
    tarball = out / f"{name}-html.tar.gz"
    count = html_tarball(html_dir, tarball, f"{name}-html", mtime)
    digest = sha256(tarball)
    checksum = out / f"{tarball.name}.sha256"
    checksum.write_text(f"{digest}  {tarball.name}\n", encoding="utf-8")
    made = [tarball, checksum]
    manifest = {
        "name": ed.title,
        "version": ed.version,
        "commit": ed.commit,
        "date": ed.date,
        "date_source": ed.date_source,
        "repository": ed.repository,
        "url": ed.baseurl,
        "html": {"file": tarball.name, "sha256": digest, "files": count},
    }
    if pdf_file.is_file():
        pdf_out = out / f"{name}.pdf"
        pdf_out.write_bytes(pdf_file.read_bytes())
        manifest["pdf"] = {"file": pdf_out.name, "sha256": sha256(pdf_out)}
        made.append(pdf_out)
    manifest_file = out / f"{name}-manifest.json"
    manifest_file.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    made.append(manifest_file)
    return made
