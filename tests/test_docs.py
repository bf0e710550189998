"""Docs and code agree: README commands exist, every target and YAML key is documented, the
TOC matches the pages and notebooks, Binder's environment carries the lock's pins."""

from __future__ import annotations

import json
import re

import environment
import pytest

from claimbook import book, params, paths, runner

ROOT = paths.ROOT


def makefile_targets() -> dict[str, str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z]+):[^\n#]*?(?:## (.*))?$", text, re.M))


def test_readme_setup_is_exactly_make_book_and_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("##", 1)[0]
    block = re.search(r"```console\n(.*?)```", setup, re.S).group(1)
    assert block.split("\n")[:-1] == ["make book", "make test"]


def test_readme_make_commands_exist_in_the_makefile():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"`make (\w+)`", readme))
    assert used and used <= set(makefile_targets())


def test_every_public_make_target_has_a_help_comment():
    targets = makefile_targets()
    undocumented = [t for t, doc in targets.items() if not doc and t not in ("venv",)]
    assert not undocumented


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["_config.yml", "_toc.yml", "environment.yml"])
def test_every_yaml_key_is_commented(name):
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        if re.match(r"^\s*(- )?[A-Za-z_][\w-]*:", line) and "#" not in line:
            above = lines[i - 1].strip() if i else ""
            if not above.startswith("#"):
                missing.append(f"{name}:{i + 1}: {line.strip()}")
    assert not missing


def test_toc_and_files_agree_both_ways():
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in ROOT.glob("*.md")}
    pages |= {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "pages").glob("*.md")}
    pages -= {"README"}
    grid = {job.page for job in runner.grid()}
    listed = set(book.toc_pages())
    assert listed - (pages | grid) == set(), "TOC entries with no page or notebook"
    assert (pages | grid) - listed == set(), "pages or notebooks missing from the TOC"


def test_every_template_is_a_known_notebook_and_back():
    templates = {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    assert templates == set(params.NOTEBOOKS)


@pytest.mark.parametrize("name", sorted(params.NOTEBOOKS))
def test_template_is_stored_without_outputs_and_its_parameters_match_the_schema(name):
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    cell = params.cell_parameters("".join(tagged[0]["source"]))
    registry = params.NOTEBOOKS[name]
    assert {k: v for k, (_, v) in cell.items()} == registry.defaults()
    assert {k: t for k, (t, _) in cell.items()} == {
        p.name: params.ANNOTATIONS[p.kind] for p in registry.params
    }


@pytest.mark.parametrize("name", sorted(params.NOTEBOOKS))
def test_papermill_knows_every_parameters_type_default_and_help(name):
    # inspect_notebook is what `papermill --help-notebook` prints.
    from papermill import inspect_notebook

    found = inspect_notebook(str(paths.NOTEBOOKS / f"{name}.ipynb"))
    assert set(found) == {p.name for p in params.NOTEBOOKS[name].params}
    for p in params.NOTEBOOKS[name].params:
        assert found[p.name]["inferred_type_name"] == params.ANNOTATIONS[p.kind]
        assert found[p.name]["help"] == p.help


def test_environment_yml_has_the_lock_files_pins():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in env
    assert environment.env_pins(env) == environment.lock_pins(ROOT / "requirements.lock")


def test_jupyter_book_is_pinned_below_2():
    pins = environment.lock_pins(ROOT / "requirements.lock")
    assert int(pins["jupyter-book"].split(".")[0]) == 1


def test_postbuild_installs_the_package_without_dependencies():
    assert "pip install --no-deps ." in (ROOT / "postBuild").read_text(encoding="utf-8")


def test_every_official_figure_with_an_address_is_in_references_bib():
    import csv

    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    with open(ROOT / "data" / "reference" / "official_figures.csv", encoding="utf-8") as fh:
        urls = {r["url"] for r in csv.DictReader(fh) if r["url"]}
    assert urls and all(f"\\url{{{u}}}" in bib for u in urls)


def test_the_sipri_edition_in_the_bibliography_is_the_data_packages():
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    tiv = next(r for r in descriptor["resources"] if r["name"] == "sipri_tiv")
    assert tiv["sources"][0]["version"] in (ROOT / "references.bib").read_text(encoding="utf-8")


def test_references_bib_parses_as_the_book_reads_it():
    # sphinxcontrib-bibtex reads every field as LaTeX with pybtex: a % (a percent-encoded
    # address) starts a comment there and unbalances the braces, failing the book build; an
    # address is written decoded. Each field is parsed as the book does.
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    entries = parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries
    assert len(entries) == (ROOT / "references.bib").read_text(encoding="utf-8").count("\n@")
    for key, entry in entries.items():
        for name, value in entry.fields.items():
            try:
                Text.from_latex(value)
            except Exception as e:  # noqa: BLE001  (pybtex raises its own syntax errors)
                raise AssertionError(f"references.bib: {key}: {name}: {e}") from e
