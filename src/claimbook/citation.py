"""What makes the book citable and published: the one repository setting, the edition (version
and date), citations of the book, a page and a figure (APA and BibTeX), the verdicts as
schema.org ClaimReview, and the data package as one zip.

Every value comes from a file or from git: the version from pyproject.toml, the date from the
commit being built (never the clock, so two builds of one commit are byte-identical), the
repository from `repository.url` in _config.yml or, while that is left at its default, from
the git remote `origin` when it is a GitHub repository (a fork publishes under its own name).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .errors import ClaimbookError

# The value _config.yml ships with. While `repository.url` is this, a GitHub `origin` wins.
DEFAULT_REPOSITORY = "https://github.com/claimbook/companion-book"
# Where the generated includes and downloads go in the stage (see claimbook.generated).
FOLDER = "_generated"
# The data package as one zip, linked from the introduction.
DATA_ZIP = f"{FOLDER}/claimbook-data.zip"
# ClaimReview JSON-LD of each audit page, read by claimbook.citable.
CLAIMREVIEW = FOLDER + "/claimreview/{paper}.json"
# Every way git writes a GitHub remote: https, scp-like ssh, ssh:// and git://.
GITHUB = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/|git://github\.com/)"
    r"(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$"
)


class PublishError(ClaimbookError):
    """A publishing setting is unusable (repository URL, base URL); names the setting."""


def github_url(remote: str) -> str | None:
    """`https://github.com/owner/repo` for any way of writing a GitHub remote, else None."""
    m = GITHUB.match(remote.strip())
    return f"https://github.com/{m['owner']}/{m['repo']}" if m else None


def git(root: Path, *args: str) -> str | None:
    """The output of `git -C root args`, or None when git or the repository is missing."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def pages_url(repository: str) -> str:
    """Where GitHub Pages serves a repository's site: https://<owner>.github.io/<repo>/."""
    m = GITHUB.match(repository)
    if not m:
        raise PublishError(
            f"repository.url {repository!r} is not a GitHub repository: set html.baseurl in "
            "_config.yml to the address the book is published at"
        )
    owner, repo = m["owner"], m["repo"]
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


@dataclass(frozen=True)
class Edition:
    """One edition of the book: what every citation of it states."""

    title: str
    author: str
    version: str
    # YYYY-MM-DD: the committer date of HEAD, or the fallback `date_source` names.
    date: str
    date_source: str
    commit: str
    repository: str
    branch: str
    # Where the HTML is published, ending in '/'.
    baseurl: str

    @property
    def year(self) -> str:
        return self.date[:4]

    def url(self, page: str = "", anchor: str = "") -> str:
        """The published address of a page (`notebooks/trade`), with an optional #anchor."""
        out = self.baseurl + (f"{page}.html" if page else "")
        return out + (f"#{anchor}" if anchor else "")


def read_config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def version(root: Path = paths.ROOT) -> str:
    """The version pyproject.toml states (the one source of the version)."""
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def repository(config: dict, root: Path) -> str:
    """The repository the book links to: the setting, or origin while it is the default."""
    url = str((config.get("repository") or {}).get("url") or DEFAULT_REPOSITORY).rstrip("/")
    if not re.match(r"^https://[\w.-]+/[\w./-]+$", url):
        raise PublishError(f"repository.url in _config.yml is not an https address: {url!r}")
    if url == DEFAULT_REPOSITORY:
        origin = git(root, "remote", "get-url", "origin")
        if origin and github_url(origin):
            return github_url(origin)
    return url


def release_date(root: Path) -> str:
    """CITATION.cff's date-released: the fallback date when git cannot tell."""
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return str(cff["date-released"])


def edition(root: Path = paths.ROOT, config: dict | None = None) -> Edition:
    """The edition built from `root`: setting, version, commit and its date."""
    config = config or read_config(root)
    repo = repository(config, root)
    committed = git(root, "log", "-1", "--format=%H %cI")
    if committed:
        commit, stamp = committed.split()
        date, source = stamp[:10], "git: date of the commit built"
    else:
        # No git (an exported tarball, a copy): CITATION.cff's release date is the last
        # date the project itself states, and it does not change from build to build.
        commit, date, source = "unknown", release_date(root), "CITATION.cff: no git history"
    baseurl = str((config.get("html") or {}).get("baseurl") or "") or pages_url(repo)
    return Edition(
        title=config["title"],
        author=config["author"],
        version=version(root),
        date=date,
        date_source=source,
        commit=commit,
        repository=repo,
        branch=str((config.get("repository") or {}).get("branch") or "main"),
        baseurl=baseurl.rstrip("/") + "/",
    )


def stage_config(config: dict, root: Path) -> dict:
    """_config.yml as staged: the resolved repository and base URL, and the edition as Sphinx
    configuration values for claimbook.citable."""
    ed = edition(root, config)
    config.setdefault("repository", {}).update(url=ed.repository, branch=ed.branch)
    config["copyright"] = ed.year
    config.setdefault("html", {})["baseurl"] = ed.baseurl
    config.setdefault("sphinx", {}).setdefault("config", {}).update(
        claimbook_edition={
            "title": ed.title,
            "author": ed.author,
            "version": ed.version,
            "date": ed.date,
            "date_source": ed.date_source,
            "repository": ed.repository,
            "baseurl": ed.baseurl,
        }
    )
    return config


def edition_from(values: dict) -> Edition:
    """The Edition claimbook.citable reads back from the Sphinx configuration."""
    return Edition(commit="", branch="", **values)


# ---------------------------------------------------------------------------------------------
# Citations: the book, a page, a figure
# ---------------------------------------------------------------------------------------------


def bibtex_key(*parts: str) -> str:
    return "-".join(["claimbook", *[re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-") for p in parts]])


def bibtex(key: str, fields: dict[str, str]) -> str:
    """A biblatex @online entry; titles double-braced so that styles keep their capitals."""
    body = ",\n".join(f"  {k:<9} = {{{v}}}" for k, v in fields.items() if v)
    return f"@online{{{key},\n{body}\n}}"


def book_fields(ed: Edition) -> dict[str, str]:
    return {
        "author": f"{{{ed.author}}}",
        "title": f"{{{ed.title}}}",
        "version": ed.version,
        "date": ed.date,
        "url": ed.baseurl,
        "note": f"Source: {ed.repository}",
    }


def book_apa(ed: Edition) -> str:
    return f"{ed.author}. ({ed.year}). *{ed.title}* (Version {ed.version}). {ed.baseurl}"


def book_bibtex(ed: Edition) -> str:
    return bibtex("claimbook", book_fields(ed))


def part_apa(ed: Edition, title: str, url: str) -> str:
    """APA for a part of the book (a page, a figure): the part's title, then the book."""
    return f"{ed.author}. ({ed.year}). {title}. In *{ed.title}* (Version {ed.version}). {url}"


def part_bibtex(ed: Edition, key: str, title: str, url: str, note: str = "") -> str:
    """BibTeX for a part of the book: its own title, the book as `maintitle`, its own URL."""
    fields = {
        "author": f"{{{ed.author}}}",
        "title": f"{{{title}}}",
        "maintitle": f"{{{ed.title}}}",
        "version": ed.version,
        "date": ed.date,
        "url": url,
        "note": note,
    }
    return bibtex(key, fields)


def page_apa(ed: Edition, title: str, page: str) -> str:
    return part_apa(ed, title, ed.url(page))


def page_bibtex(ed: Edition, title: str, page: str) -> str:
    return part_bibtex(ed, bibtex_key(page), title, ed.url(page))


def figure_apa(ed: Edition, name: str, page: str) -> str:
    return part_apa(ed, f"Figure {name} [Chart and data]", ed.url(page, f"fig-{name}"))


def figure_bibtex(ed: Edition, name: str, page: str) -> str:
    note = "Chart and the CSV of its plotted data, CC BY 4.0"
    return part_bibtex(
        ed, bibtex_key("fig", name), f"Figure {name}", ed.url(page, f"fig-{name}"), note
    )


def cite_page(ed: Edition) -> str:
    """The cite page's include: the book's citation with this edition's values."""
    return (
        "> " + book_apa(ed) + "\n\n"
        "```bibtex\n" + book_bibtex(ed) + "\n```\n\n"
        f"Sources: [{ed.repository}]({ed.repository}) (branch `{ed.branch}`). This edition: "
        f"version {ed.version} of {ed.date} ({ed.date_source}).\n"
    )


# ---------------------------------------------------------------------------------------------
# Machine-readable verdicts: schema.org ClaimReview
# ---------------------------------------------------------------------------------------------


def claim_reviews(data, ed: Edition) -> dict[str, list[dict]]:
    """Per paper, one ClaimReview per claim: the quote, the paper as its text states it (author,
    title and year from papers.csv), the verdict and its reason, the claim's anchor."""
    from . import checks
    from .tables import as_read, claim_anchor

    audit = checks.audit(data).set_index("claim_id")
    claims = data.claims.set_index("claim_id")
    reviewer = {"@type": "Organization", "name": ed.author, "url": ed.baseurl}
    out: dict[str, list[dict]] = {}
    for p in data.papers.itertuples():
        paper = {
            "@type": "CreativeWork",
            "name": p.title,
            "author": {"@type": "Person", "name": p.author},
            "datePublished": str(p.year),
        }
        reviews = []
        for claim_id in claims.index[claims["paper"] == p.key]:
            verdict = audit.loc[claim_id]
            reviews.append(
                {
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": ed.url(f"notebooks/audit/{p.key}", claim_anchor(claim_id)),
                    "claimReviewed": as_read(claims.loc[claim_id, "quote"]),
                    "itemReviewed": paper,
                    "author": reviewer,
                    "datePublished": ed.date,
                    "reviewRating": {
                        "@type": "Rating",
                        "alternateName": verdict["verdict"],
                        "ratingExplanation": verdict["reason"],
                    },
                }
            )
        out[p.key] = reviews
    return out


# ---------------------------------------------------------------------------------------------
# The data package as one zip
# ---------------------------------------------------------------------------------------------


def data_readme(ed: Edition) -> str:
    return (
        f"# Data package of *{ed.title}*\n\n"
        f"Version {ed.version} of {ed.date}. A Frictionless data package: `datapackage.json` "
        "describes every table, `schemas/` holds their Table Schemas. Validate it with\n"
        "`frictionless validate datapackage.json`.\n\n"
        "## How to cite\n\n"
        f"{book_apa(ed)}\n\n```bibtex\n{book_bibtex(ed)}\n```\n\n"
        "For a claim, cite as well the paper that makes it (`papers.csv`; the quotes remain the "
        "work of their authors).\n\n"
        "## Licence\n\nThe data compilation: Creative Commons Attribution 4.0 (CC BY 4.0).\n"
    )


def package_files(datapackage: Path) -> list[str]:
    """Every local file the descriptor names (tables and schemas), relative to its folder."""
    descriptor = json.loads(datapackage.read_text(encoding="utf-8"))
    files = ["datapackage.json"]
    for res in descriptor.get("resources", []):
        for key in ("path", "schema"):
            value = res.get(key)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and not re.match(r"^\w+://", v):
                    files.append(v)
    return list(dict.fromkeys(files))


def data_zip(ed: Edition, datapackage: Path = paths.DATAPACKAGE) -> bytes:
    """The data package, its schemas and a README as one zip under `claimbook-data-<version>/`.
    Entries are sorted and dated 1980-01-01 (the zip epoch): the same data give the same bytes."""
    folder = f"claimbook-data-{ed.version}"
    buf = io.BytesIO()
    entries = [(f, (datapackage.parent / f).read_bytes()) for f in package_files(datapackage)]
    entries.append(("README.md", data_readme(ed).encode()))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(entries):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    return buf.getvalue()


def write(data, root: Path, write_file: Callable[[str, str | bytes], None]) -> list[str]:
    """Write the cite page's include, the ClaimReview files and the data zip into the stage."""
    ed = edition(root)
    files: dict[str, str | bytes] = {f"{FOLDER}/cite.md": cite_page(ed)}
    for paper, reviews in claim_reviews(data, ed).items():
        files[CLAIMREVIEW.format(paper=paper)] = (
            json.dumps(reviews, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        )
    files[DATA_ZIP] = data_zip(ed, data.package)
    for rel, content in files.items():
        write_file(rel, content)
    return list(files)
