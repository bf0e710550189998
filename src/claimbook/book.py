"""Assemble the executed notebooks and pages, run Jupyter Book strictly, publish atomically.

The book is assembled in `STAGE` (a mirror of the repository's book files, with executed
notebooks in place of the templates). Files are rewritten only when their content changed,
so Sphinx's own incremental build re-reads only changed pages. The new HTML replaces
`_build/html` only when the whole build succeeded; a failed build leaves the last good book.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import citation, findings, generated, ledger, paths
from . import params as params_mod
from .errors import BuildError, DataError
from .runner import Result

# Book sources copied from the repository into the stage (globs relative to ROOT).
SOURCES = ("_config.yml", "_toc.yml", "references.bib", "*.md", "pages/*.md", "_static/*")
# Cell tags that hide papermill's parameters cells on the page.
HIDE = "remove-cell"


def code_digest(root: Path = paths.ROOT) -> str:
    """A digest of the package source and the lock file: what renders pages besides the data."""
    import hashlib

    h = hashlib.sha256()
    files = sorted((root / "src" / "claimbook").rglob("*.py")) + [root / "requirements.lock"]
    for f in files:
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def staged_config(path: Path, root: Path = paths.ROOT) -> bytes:
    """_config.yml for the stage: as written, plus the code digest as a Sphinx config value, so
    that Sphinx's incremental build re-reads every page when the code that renders them changes
    (Sphinx tracks its configuration, not an extension's source)."""
    import yaml

    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["claimbook_code_digest"] = code_digest(
        root
    )
    # The one repository setting resolved, and the edition every page cites (citation.py).
    config = citation.stage_config(config, root)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True).encode()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write bytes only when they differ, so unchanged files keep their mtime; True if written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def toc_pages(root: Path = paths.ROOT) -> list[str]:
    """Every page `_toc.yml` lists, in its order: the root, each `file`, and each `glob`
    expanded against the pages the grid makes (sorted, as Jupyter Book sorts a glob)."""
    import fnmatch

    import yaml

    from . import runner

    made = sorted(j.page for j in runner.grid())
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            if "glob" in node:
                pages.extend(p for p in made if fnmatch.fnmatch(p, node["glob"]))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc.get("parts", []))
    return pages


def shown_value(v: Any, help: str = "") -> str:
    """A parameter's value in the page's parameters box: code, a list comma-separated; an
    empty value said in words, with what its help says empty means ("empty: all of
    data/papers.csv"), since an empty code span shows as a blank."""
    text = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
    if text:
        return f"`{text}`"
    meaning = re.search(r"empty: ([^)]*)", help)
    return f"*empty: {meaning.group(1)}*" if meaning else "*empty*"


def publishable(result: Result, title: str | None = None) -> bytes:
    """The executed notebook as the page shows it: parameter cells hidden, a parameters table,
    and the page's own title as its heading when it has one (a page per paper names it)."""
    nb = json.loads((result.output / "notebook.ipynb").read_text(encoding="utf-8"))
    if title:
        first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        text = "".join(first["source"])
        first["source"] = re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.M)
    insert_at = 0
    for i, cell in enumerate(nb["cells"]):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            if HIDE not in tags:
                tags.append(HIDE)
            insert_at = i + 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise BuildError(
                    f"notebooks/{result.job.notebook}.ipynb: cell {i} has an error output; "
                    "no page is published with an error"
                )
    nb_spec = params_mod.NOTEBOOKS[result.job.notebook]
    rows = "\n".join(
        f"| `{k}` | {shown_value(v, nb_spec.param(k).help)} |"
        for k, v in result.job.parameters.items()
    )
    text = (
        "```{admonition} Parameters used on this page\n:class: note dropdown\n\n"
        f"| parameter | value |\n|---|---|\n{rows}\n\n"
        f"Re-run: `{params_mod.command(result.job.notebook, result.job.parameters)}`\n```"
    )
    if result.job.parameters:
        nb["cells"].insert(
            insert_at,
            {"cell_type": "markdown", "metadata": {}, "source": text, "id": "claimbook-params"},
        )
    # papermill stamps run times into metadata; drop them so unchanged outputs stay byte-equal.
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def assemble(
    results: list[Result],
    stage: Path = paths.STAGE,
    root: Path = paths.ROOT,
    data: ledger.Ledger | None = None,
    includes: Path | None = None,
) -> int:
    """Mirror the book's sources and executed notebooks into the stage, with the includes
    generated from the data (dashboard, worked examples, citations): made from `data`, or
    copied from the folder `includes` where `checked_data` keeps them; return the count of
    files written."""
    expected: set[Path] = set()
    written = 0

    def write_generated(rel: str, text: str | bytes) -> None:
        nonlocal written
        expected.add(stage / rel)
        data_ = text if isinstance(text, bytes) else text.encode()
        written += write_if_changed(stage / rel, data_)

    if includes is not None:
        for f in sorted(includes.rglob("*")):
            if f.is_file() and f.name != SUMMARY:
                write_generated(str(f.relative_to(includes)), f.read_bytes())
    elif data is not None:
        generated.write(data, write_generated)
        citation.write(data, root, write_generated)
    for pattern in SOURCES:
        for src in sorted(root.glob(pattern)):
            if src.is_file():
                dst = stage / src.relative_to(root)
                expected.add(dst)
                content = staged_config(src, root) if src.name == "_config.yml" else None
                written += write_if_changed(dst, content or src.read_bytes())
    # The introduction's line per theme: each page's own opening, as the run made it.
    write_generated(
        f"{generated.FOLDER}/themes.md",
        findings.themes(
            [
                (
                    r.job.page,
                    params_mod.NOTEBOOKS[r.job.notebook].page_title(r.job.parameters),
                    r.output / "notebook.ipynb",
                )
                for r in results
            ]
        ),
    )
    for r in results:
        dst = stage / f"{r.job.page}.ipynb"
        expected.add(dst)
        title = params_mod.NOTEBOOKS[r.job.notebook].page_title(r.job.parameters)
        written += write_if_changed(dst, publishable(r, title))
        figures = r.output / "figures"
        if figures.is_dir():
            for fig in sorted(figures.iterdir()):
                expected.add(stage / "figures" / fig.name)
                written += write_if_changed(stage / "figures" / fig.name, fig.read_bytes())
                written += write_if_changed(root / "figures" / fig.name, fig.read_bytes())
    produced = {
        f.name
        for r in results
        if (r.output / "figures").is_dir()
        for f in (r.output / "figures").iterdir()
    }
    for stale in sorted((root / "figures").glob("*")):
        if stale.is_file() and stale.name not in produced:
            stale.unlink()
    for f in sorted(stage.rglob("*")):
        if f.is_file() and "_build" not in f.relative_to(stage).parts and f not in expected:
            f.unlink()
            written += 1
    return written


def jupyter_book(stage: Path, log: Callable[[str], None] = print) -> Path:
    """Run `jupyter-book build` on the stage, warnings as errors; return its HTML folder."""
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe), "build", str(stage), "--warningiserror", "--keep-going", "--quiet"]
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
        shown = [ln for ln in lines if "WARNING" in ln or "ERROR" in ln or "rror" in ln]
        detail = "\n".join((shown or lines)[-20:])
        raise BuildError(
            f"jupyter-book failed (exit {proc.returncode}); _build/html was left as it was:\n"
            f"{detail}"
        )
    return stage / "_build" / "html"


def stage_digest(stage: Path) -> str:
    """A digest of everything in the stage that Jupyter Book reads (not its own output)."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(stage.rglob("*")):
        rel = f.relative_to(stage)
        if f.is_file() and rel.parts[0] != "_build":
            h.update(str(rel).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def publish(built: Path, html: Path = paths.HTML) -> None:
    """Replace `html` with a copy of `built`, swapping folders so readers never see a half book."""
    new = html.with_name(html.name + ".new")
    old = html.with_name(html.name + ".old")
    shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(built, new)
    if html.exists():
        html.rename(old)
    new.rename(html)
    shutil.rmtree(old, ignore_errors=True)


# The summary line of a checked data package, kept beside its generated includes.
SUMMARY = "summary.txt"


def checked_data(root: Path, cache: Path, log: Callable[[str], None] = print) -> Path:
    """Validate the data package and the names the notebooks ask for, then make the includes
    generated from the data (dashboard, worked examples, sensitivity table, citations): once
    per state of what they depend on (the package source, every data file, the names the
    templates look up, `_config.yml` and the edition), kept in `cache/data-<digest>/`. Nothing
    changed: nothing is validated or computed again (seconds saved on every build). Returns
    that folder."""
    import hashlib

    from . import lookups, runner

    h = hashlib.sha256(runner.package_digest().encode())
    files = [p for p in (root / "data").rglob("*") if p.is_file() and "staging" not in p.parts]
    for f in sorted(files):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    # Of the templates, only the names they look up (an edit of their prose changes nothing).
    for template in sorted((root / "notebooks").glob("*.ipynb")):
        names = sorted((k, sorted(v)) for k, v in lookups.names_in(template).items())
        h.update(f"{template.name}{names}".encode())
    # The edition (a bad repository setting raises here, before any notebook runs).
    h.update((root / "_config.yml").read_bytes() + repr(citation.edition(root)).encode())
    folder = cache / f"data-{h.hexdigest()[:24]}"
    if (folder / SUMMARY).is_file():
        log((folder / SUMMARY).read_text(encoding="utf-8"))
        return folder
    data = ledger.load(root / "data" / "datapackage.json", checked=cache / "checked")
    problems = lookups.unknown(data, root / "notebooks")
    if problems:
        raise DataError(problems)
    summary = ledger.summary(data)
    log(summary)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)

    def keep(rel: str, text: str | bytes) -> None:
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(text if isinstance(text, bytes) else text.encode())

    generated.write(data, keep)
    citation.write(data, root, keep)
    keep(SUMMARY, summary)  # last: a folder with its summary is complete
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def build(
    n_jobs: int | None = None,
    root: Path = paths.ROOT,
    log: Callable[[str], None] = print,
) -> Path:
    """The main job: validate data, run the notebook grid, assemble, build, publish the book."""
    from . import runner

    build_dir = root / "_build"
    includes = checked_data(root, build_dir / "cache", log)
    results = runner.run(
        runner.grid(),
        n_jobs=n_jobs,
        cache=build_dir / "cache",
        root=root,
        notebooks=root / "notebooks",
        progress=log,
    )
    stage = build_dir / "stage"
    changed = assemble(results, stage, root, includes=includes)
    marker = build_dir / "published.digest"
    digest = stage_digest(stage)
    html = build_dir / "html"
    if html.is_dir() and marker.exists() and marker.read_text() == digest:
        log("book: the stage is as last published; nothing to build")
        return html
    log(f"book: {changed} file(s) changed in the stage; running jupyter-book")
    built = jupyter_book(stage, log)
    publish(built, html)
    marker.write_text(digest)
    log(f"book: published {paths.display(build_dir / 'html' / 'index.html', root)}")
    return build_dir / "html"
