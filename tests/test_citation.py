"""The book is citable: CITATION.cff is valid CFF 1.2.0, CITATION.cff and .zenodo.json list the
five papers as references.bib states them, and every citation key the pages use exists."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from claimbook import generated, ledger, papers, paths

ROOT = paths.ROOT
PAPERS = papers.keys()

# `@type{key,` then `field = {value}`; a value may hold one level of braces (`{T}ürkiye`).
ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),(.*?)^\}", re.M | re.S)
FIELD = re.compile(r"(\w+)\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def plain(text: str) -> str:
    """A BibTeX value as it reads: braces dropped, whitespace collapsed."""
    return " ".join(text.replace("{", "").replace("}", "").split())


def bib() -> dict[str, dict[str, str]]:
    """references.bib as {key: {field: plain value, 'type': entry type}}."""
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    entries = {}
    for kind, key, body in ENTRY.findall(text):
        fields = {name.lower(): plain(value) for name, value in FIELD.findall(body)}
        entries[key] = {"type": kind.lower(), **fields}
    return entries


def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def zenodo() -> dict:
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def cff_reference(title: str) -> dict:
    """The one CITATION.cff reference with this title."""
    found = [r for r in cff()["references"] if r["title"] == title]
    assert len(found) == 1, f"{len(found)} CITATION.cff references titled {title!r}"
    return found[0]


def author_text(author: dict) -> str:
    """A CFF person or entity written as BibTeX writes it: `Family, Given` or the name."""
    if "name" in author:
        return author["name"]
    return f"{author['family-names']}, {author['given-names']}"


def test_references_bib_holds_the_five_papers():
    assert set(PAPERS) <= set(bib())


def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads((ROOT / "tests" / "data" / "cff-schema-1.2.0.json").read_text("utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    data = cff()
    assert data["cff-version"] == "1.2.0"
    validator = jsonschema.Draft7Validator(schema)
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(data)
    ]
    assert not problems


def test_citation_cff_title_is_the_books_title():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff()["title"] == config["title"] == zenodo()["title"]


def test_citation_cff_lists_exactly_the_five_papers():
    assert len(cff()["references"]) == len(PAPERS)


@pytest.mark.parametrize("key", PAPERS)
def test_citation_cff_reference_agrees_with_references_bib(key):
    entry = bib()[key]
    ref = cff_reference(entry["title"])
    assert int(ref["year"]) == int(entry["year"])
    assert " and ".join(author_text(a) for a in ref["authors"]) == entry["author"]
    assert ref["type"] == {"article": "article", "misc": "generic"}[entry["type"]]
    if "journal" in entry:
        assert ref["journal"] == entry["journal"]
        assert str(ref["volume"]) == entry["volume"]
        assert str(ref["issue"]) == entry["number"]
        start, _, end = entry["pages"].partition("--")
        assert str(ref["start"]) == start
        assert str(ref.get("end", "")) == end


def test_zenodo_lists_exactly_the_five_papers():
    assert len(zenodo()["references"]) == len(PAPERS)


@pytest.mark.parametrize("key", PAPERS)
def test_zenodo_reference_agrees_with_references_bib(key):
    entry = bib()[key]
    found = [r for r in zenodo()["references"] if entry["title"] in r]
    assert len(found) == 1, f".zenodo.json has {len(found)} references titled {entry['title']!r}"
    assert found[0].startswith(f"{entry['author']} ({entry['year']}). {entry['title']}.")


def cite_keys() -> dict[str, set[str]]:
    """Every key a `{cite...}` role uses, by page (intro.md, pages/*.md and the includes
    generated from the data)."""
    texts = {
        str(page.relative_to(ROOT)): page.read_text(encoding="utf-8")
        for page in [ROOT / "intro.md", *sorted((ROOT / "pages").glob("*.md"))]
    }
    generated.write(ledger.load(), lambda rel, text: texts.__setitem__(rel, text))
    return {
        page: {k.strip() for group in CITE.findall(text) for k in group.split(",")}
        for page, text in texts.items()
    }


def test_every_cited_key_exists_in_references_bib():
    keys = cite_keys()
    assert set(PAPERS) <= set().union(*keys.values()), "the pages do not cite all five papers"
    known = set(bib())
    unknown = [f"{page}: {key}" for page, used in keys.items() for key in sorted(used - known)]
    assert not unknown
