"""Publishing: the one repository setting and what derives from it, the edition (version and
date), ClaimReview data, the data zip, the release files, the workflows, small conventions.

Expected values come from the project's own files (pyproject.toml, _config.yml, CITATION.cff,
papers.csv, claims.csv, the audit) or from a throwaway git repository made in the test."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from frictionless import validate
from PIL import Image
from schemaorg import problems

from claimbook import book, checks, citation, cli, ledger, paths, publish
from claimbook.errors import BuildError

ROOT = paths.ROOT
DEFAULT = citation.DEFAULT_REPOSITORY


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def zenodo() -> dict:
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def git(repo: Path, *args: str, **env: str) -> str:
    full = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null", **env)
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=full
    ).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files an edition is read from (_config.yml, pyproject.toml, CITATION.cff), no git."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("_config.yml", "pyproject.toml", "CITATION.cff"):
        (root / name).write_bytes((ROOT / name).read_bytes())
    return root


def committed(root: Path, when: str = "2031-04-05T06:07:08+00:00") -> Path:
    """`root` as a git repository with one commit made at `when`."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    who = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    who |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    git(root, "commit", "-q", "-m", "x", GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=when, **who)
    return root


def set_repository(root: Path, url: str) -> None:
    text = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(text.replace(f"url: {DEFAULT}", f"url: {url}"), "utf-8")


# ---------------------------------------------------------------------------------------------
# 1. One repository setting
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "remote",
    [
        "https://github.com/someone/fork",
        "https://github.com/someone/fork.git",
        "git@github.com:someone/fork.git",
        "ssh://git@github.com/someone/fork",
    ],
)
def test_every_way_of_writing_a_github_remote_gives_its_https_address(remote):
    assert citation.github_url(remote) == "https://github.com/someone/fork"


def test_a_remote_elsewhere_is_not_a_github_repository():
    assert citation.github_url("https://gitlab.com/someone/fork") is None
    assert citation.github_url("/work/main") is None


def test_left_at_its_default_the_setting_follows_a_github_origin(project):
    committed(project)
    git(project, "remote", "add", "origin", "git@github.com:someone/fork.git")
    ed = citation.edition(project)
    assert ed.repository == "https://github.com/someone/fork"
    assert ed.baseurl == "https://someone.github.io/fork/"


def test_a_setting_of_its_own_wins_over_origin(project):
    committed(project)
    git(project, "remote", "add", "origin", "git@github.com:someone/fork.git")
    set_repository(project, "https://github.com/other/book")
    assert citation.edition(project).repository == "https://github.com/other/book"


def test_without_origin_the_default_stands(project):
    committed(project)
    assert citation.edition(project).repository == DEFAULT


def test_a_bad_repository_setting_is_one_clear_error(project):
    set_repository(project, "not a url")
    with pytest.raises(citation.PublishError, match="repository.url in _config.yml"):
        citation.edition(project)


@pytest.mark.parametrize("command", ["build", "release"])
def test_a_bad_repository_setting_stops_the_cli_with_one_line(project, command):
    shutil.copytree(paths.DATA, project / "data")
    set_repository(project, "github.com/no-scheme")
    exe = Path(sys.executable).parent / "claimbook"
    env = dict(os.environ, CLAIMBOOK_ROOT=str(project))
    proc = subprocess.run([exe, command], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"claimbook {command}: repository.url in _config.yml is not an https address: "
        "'github.com/no-scheme'"
    ]
    assert not (project / "_build" / "cache").exists(), "notebooks ran before the check"


def test_the_staged_config_carries_the_resolved_repository_and_edition(project):
    committed(project)
    git(project, "remote", "add", "origin", "https://github.com/someone/fork.git")
    staged = yaml.safe_load(book.staged_config(project / "_config.yml", project))
    assert staged["repository"]["url"] == "https://github.com/someone/fork"
    assert staged["html"]["baseurl"] == "https://someone.github.io/fork/"
    assert staged["copyright"] == "2031"
    edition = staged["sphinx"]["config"]["claimbook_edition"]
    assert edition["repository"] == "https://github.com/someone/fork"
    assert edition["version"] == pyproject_version()


def test_the_cite_page_names_the_repository_of_the_setting(project):
    set_repository(project, "https://github.com/other/book")
    text = citation.cite_page(citation.edition(project))
    assert "https://github.com/other/book" in text and "https://other.github.io/book/" in text
    assert DEFAULT not in text


def test_citation_cff_names_the_repository_of_the_setting():
    url = config()["repository"]["url"]
    assert cff()["repository-code"] == url
    assert cff()["url"] == citation.pages_url(url)


def test_zenodo_names_the_repository_of_the_setting():
    url = config()["repository"]["url"]
    related = {r["relation"]: r["identifier"] for r in zenodo()["related_identifiers"]}
    assert related["isSupplementTo"] == url
    assert related["isVariantFormOf"] == citation.pages_url(url)


def test_zenodo_lists_every_address_references_bib_gives_as_a_reference():
    urls = re.findall(r"\\url\{([^}]+)\}", (ROOT / "references.bib").read_text(encoding="utf-8"))
    referenced = [
        r["identifier"] for r in zenodo()["related_identifiers"] if r["relation"] == "references"
    ]
    assert urls and referenced == list(dict.fromkeys(urls))


def test_zenodo_licence_is_an_spdx_identifier_in_its_own_case():
    """Zenodo checks the licence against SPDX identifiers; CFF's schema lists them."""
    schema = json.loads((ROOT / "tests" / "data" / "cff-schema-1.2.0.json").read_text("utf-8"))
    spdx = schema["definitions"]["license-enum"]["enum"]
    assert zenodo()["license"] in spdx
    assert zenodo()["license"] in cff()["license"]


def test_versions_are_pyprojects():
    assert cff()["version"] == zenodo()["version"] == pyproject_version()
    assert citation.version() == pyproject_version()


def test_license_and_citation_name_the_same_holder():
    holder = re.search(r"Copyright \(c\) \d{4} (.+)", (ROOT / "LICENSE").read_text("utf-8"))[1]
    assert holder == cff()["authors"][0]["name"] == config()["author"]
    assert [c["name"] for c in zenodo()["creators"]] == [holder]


# ---------------------------------------------------------------------------------------------
# 2. The edition: version and date
# ---------------------------------------------------------------------------------------------


def test_the_date_is_the_commit_date_not_the_clock(project):
    committed(project, "2031-04-05T23:30:00+00:00")
    ed = citation.edition(project)
    assert ed.date == "2031-04-05" and ed.date_source.startswith("git")
    assert ed.commit == git(project, "rev-parse", "HEAD").strip()


def test_without_git_the_date_is_citation_cffs_release_date_and_says_so(project):
    ed = citation.edition(project)
    assert ed.date == str(cff()["date-released"])
    assert ed.date_source == "CITATION.cff: no git history" and ed.commit == "unknown"


def test_version_flag_prints_the_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"claimbook {pyproject_version()}"


def test_citations_name_version_date_and_permalink():
    ed = citation.edition_from(
        {
            "title": "T",
            "author": "A",
            "version": "9.8.7",
            "date": "2031-04-05",
            "date_source": "git",
            "repository": "https://github.com/o/r",
            "baseurl": "https://o.github.io/r/",
        }
    )
    bib = citation.figure_bibtex(ed, "aid-count", "notebooks/military")
    assert bib.startswith("@online{claimbook-fig-aid-count,")
    assert "url       = {https://o.github.io/r/notebooks/military.html#fig-aid-count}" in bib
    assert "version   = {9.8.7}" in bib and "date      = {2031-04-05}" in bib
    apa = citation.page_apa(ed, "Arms", "notebooks/arms")
    assert (
        apa == "A. (2031). Arms. In *T* (Version 9.8.7). https://o.github.io/r/notebooks/arms.html"
    )


# ---------------------------------------------------------------------------------------------
# 3. Verdicts as ClaimReview
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviews() -> dict[str, list[dict]]:
    return citation.claim_reviews(ledger.load(), citation.edition())


def test_every_claim_has_one_claim_review_on_its_papers_page(reviews):
    data = ledger.load()
    by_url = {r["url"]: r for rs in reviews.values() for r in rs}
    assert len(by_url) == len(data.claims)
    ed = citation.edition()
    for claim in data.claims.itertuples():
        url = ed.url(f"notebooks/audit/{claim.paper}", f"claim-{claim.claim_id}")
        # The quote as the paper reads (its text file escapes "$" as Markdown does).
        assert by_url[url]["claimReviewed"] == claim.quote.replace("\\$", "$")


def test_claim_review_verdicts_are_the_audits(reviews):
    audit = checks.audit(ledger.load()).set_index("claim_id")
    for rs in reviews.values():
        for r in rs:
            claim_id = r["url"].split("#claim-", 1)[1]
            assert r["reviewRating"]["alternateName"] == audit.loc[claim_id, "verdict"]
            assert r["reviewRating"]["ratingExplanation"] == audit.loc[claim_id, "reason"]


def test_the_item_reviewed_is_the_paper_as_papers_csv_states_it(reviews):
    for paper in ledger.load().papers.itertuples():
        for r in reviews[paper.key]:
            item = r["itemReviewed"]
            assert item["name"] == paper.title
            assert item["author"]["name"] == paper.author
            assert item["datePublished"] == str(paper.year)


def test_claim_reviews_fit_the_schema_org_vocabulary(reviews):
    found = [p for rs in reviews.values() for r in rs for p in problems(r)]
    assert found == []
    assert all(r["@context"] == "https://schema.org" for rs in reviews.values() for r in rs)


def test_the_vocabulary_check_catches_a_wrong_property_and_a_wrong_value():
    bad = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "verdict": "differs",
        "itemReviewed": {"@type": "CreativeWork", "datePublished": "last year"},
        "reviewRating": {"@type": "Person", "name": "x"},
    }
    assert problems(bad) == [
        "$.verdict: not a property of ClaimReview",
        "$.itemReviewed.datePublished: 'last year' is none of ['Date', 'DateTime']",
        "$.reviewRating: {'@type': 'Person', 'name': 'x'} is none of ['Rating']",
    ]


# ---------------------------------------------------------------------------------------------
# 4. The data package as one zip
# ---------------------------------------------------------------------------------------------


def test_the_data_zip_is_a_valid_package_with_a_readme(tmp_path):
    ed = citation.edition()
    blob = citation.data_zip(ed)
    assert blob == citation.data_zip(ed), "two zips of the same data differ"
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        zf.extractall(tmp_path)
    folder = tmp_path / f"claimbook-data-{ed.version}"
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        assert (folder / res["path"]).read_bytes() == (paths.DATA / res["path"]).read_bytes()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and citation.book_apa(ed) in readme


# ---------------------------------------------------------------------------------------------
# 5. Release files
# ---------------------------------------------------------------------------------------------


def fake_book(root: Path) -> Path:
    html = root / "_build" / "html"
    (html / "notebooks").mkdir(parents=True)
    (html / "index.html").write_text("<p>book</p>", "utf-8")
    (html / "notebooks" / "arms.html").write_text("<p>arms</p>", "utf-8")
    (root / "_build" / "pdf").mkdir(parents=True)
    (root / "_build" / "pdf" / "book.pdf").write_bytes(b"%PDF-1.7 test")
    return html


def test_release_writes_a_tarball_its_checksum_a_manifest_and_the_pdf(project):
    committed(project, "2031-04-05T06:07:08+00:00")
    fake_book(project)
    v = pyproject_version()
    made = publish.release(project, tag=f"v{v}")
    out = project / "_build" / "release"
    names = sorted(p.name for p in made)
    assert names == sorted(
        [
            f"claimbook-{v}-html.tar.gz",
            f"claimbook-{v}-html.tar.gz.sha256",
            f"claimbook-{v}-manifest.json",
            f"claimbook-{v}.pdf",
        ]
    )
    tarball = out / f"claimbook-{v}-html.tar.gz"
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    assert (out / f"{tarball.name}.sha256").read_text() == f"{digest}  {tarball.name}\n"
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
    assert sorted(m.name for m in members) == [
        f"claimbook-{v}-html/index.html",
        f"claimbook-{v}-html/notebooks/arms.html",
    ]
    assert {m.mtime for m in members} == {int(git(project, "log", "-1", "--format=%ct"))}
    manifest = json.loads((out / f"claimbook-{v}-manifest.json").read_text("utf-8"))
    assert manifest["version"] == v and manifest["date"] == "2031-04-05"
    assert manifest["commit"] == git(project, "rev-parse", "HEAD").strip()
    assert manifest["html"] == {"file": tarball.name, "sha256": digest, "files": 2}
    before = tarball.read_bytes()
    publish.release(project)
    assert tarball.read_bytes() == before, "the same commit gave another tarball"


def test_release_refuses_a_tag_that_is_not_the_version(project):
    fake_book(project)
    with pytest.raises(BuildError, match="does not match pyproject.toml's version"):
        publish.release(project, tag="v0.0.0-not")


def test_release_without_a_book_is_one_clear_error(project):
    exe = Path(sys.executable).parent / "claimbook"
    env = dict(os.environ, CLAIMBOOK_ROOT=str(project))
    proc = subprocess.run([exe, "release"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "claimbook release: no book in _build/html: run `make book` first"
    ]


# ---------------------------------------------------------------------------------------------
# 6. Workflows
# ---------------------------------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The steps both workflows share: a composite action of the repository.
ACTION = ROOT / ".github" / "actions" / "build" / "action.yml"
CHECK = Path(sys.executable).parent / "check-jsonschema"


def check_schema(files: list[Path], schema: str) -> subprocess.CompletedProcess:
    cmd = [CHECK, "--builtin-schema", schema, *files]
    return subprocess.run(cmd, capture_output=True, text=True)


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_workflows_pass_the_github_workflow_schema(schema):
    assert [p.name for p in WORKFLOWS] == ["book.yml", "release.yml"]
    proc = check_schema(WORKFLOWS, schema)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_shared_build_action_passes_the_github_action_schema():
    proc = check_schema([ACTION], "vendor.github-actions")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_workflow_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOWS[0].read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1)
    broken.write_text(text, encoding="utf-8")
    assert check_schema([broken], "vendor.github-workflows").returncode == 1


def steps(job: dict) -> list[dict]:
    """A job's steps, the shared build action's steps in place of `uses: ./.github/...`."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    out = []
    for step in job.get("steps", []):
        out += action if step.get("uses") == "./.github/actions/build" else [step]
    return out


def test_workflows_build_with_the_readmes_commands_and_keep_their_caches():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for wf in WORKFLOWS:
        jobs = yaml.safe_load(wf.read_text(encoding="utf-8"))["jobs"]
        building = [job for job in jobs.values() if "steps" in job and "container" in job]
        assert building, f"{wf.name}: no build job"
        for job in building:
            runs = [s.get("run", "") for s in steps(job)]
            assert "make book" in runs and "make pdf" in runs
            cached = " ".join(
                s["with"]["path"]
                for s in steps(job)
                if s.get("uses", "").startswith("actions/cache@")
            )
            assert "_build/cache" in cached and "~/.cache/uv" in cached
            assert "~/.cache/pip" in cached
    assert "`make book`" in readme and "`make pdf`" in readme


def test_the_book_workflow_deploys_main_and_uploads_pull_requests():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text("utf-8"))
    # PyYAML reads the key `on` as True.
    on = wf[True]
    assert on["push"]["branches"] == ["main"] and "pull_request" in on
    uses = [s.get("uses", "") for s in wf["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    deploy = [s.get("uses", "") for s in wf["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in deploy)


def test_the_release_workflow_runs_on_version_tags_and_checks_the_tag():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    assert wf[True]["push"]["tags"] == ["v*"]
    steps = wf["jobs"]["release"]["steps"]
    assert any('claimbook release --tag "$GITHUB_REF_NAME"' in s.get("run", "") for s in steps)
    gh = [s for s in steps if s.get("uses", "").startswith("softprops/action-gh-release@")]
    assert gh and gh[0]["with"]["files"] == "_build/release/*"


# ---------------------------------------------------------------------------------------------
# 7. Small conventions
# ---------------------------------------------------------------------------------------------


def test_claim_rows_carry_their_anchor():
    import pandas as pd

    from claimbook import tables

    out = tables.to_html(pd.DataFrame({"claim": ["a", "b"]}), row_ids=["claim-a", "claim-b"])
    cell = '<td data-label="claim">{}</td>'  # the column's name: a phone's card shows it
    assert f'<tr id="claim-a">{cell.format("a")}</tr><tr id="claim-b">{cell.format("b")}' in out
    assert f"<tr>{cell.format('a')}" in tables.to_html(pd.DataFrame({"claim": ["a"]}))


def test_favicon_ico_is_the_svg_drawn_small():
    """An ICO with 16, 32 and 48 px images, in the SVG's colours: its background (#0072B2)
    at the top centre and a white bar (x 20-24, y 6-22 of 32) below it."""
    svg = (ROOT / "_static" / "favicon.svg").read_text(encoding="utf-8")
    blue = tuple(int(svg.split('fill="#')[1][i : i + 2], 16) for i in (0, 2, 4))
    with Image.open(ROOT / "_static" / "favicon.ico") as ico:
        assert ico.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= ico.info["sizes"]
        ico.size = (32, 32)
        image = ico.convert("RGBA")
    assert image.getpixel((16, 2))[:3] == blue
    assert image.getpixel((22, 14))[:3] == (255, 255, 255)
