"""Markdown the prose pages include, generated from the data at build time (never typed):
the introduction's verdict dashboard, key findings and paper lists, and the methods page's
worked examples (`methods`)."""

from __future__ import annotations

import html

from . import checks, findings, methods, papers, tables
from .ledger import Ledger

# Where the generated files go, relative to the book's root (the stage).
FOLDER = "_generated"
# The dashboard's columns beside the verdicts: checks that are shown but are not independent
# evidence, each with the audit page's anchor of its group.
APART = (
    ("repeated", "repeated by its own paper", "checks-repetition"),
    ("shared_source", "agrees with a paper citing the same source", "checks-shared"),
)


def _cell(n: int, href: str) -> str:
    return f'<td><a href="{href}">{n}</a></td>' if n else "<td>0</td>"


def dashboard(data: Ledger) -> str:
    """Verdicts counted per paper, and apart from them the claims only repeated by their own
    paper or agreeing with a paper citing the same source; each count links to its claims."""
    table = checks.counts(data)
    short = data.papers.set_index("key")["short"]
    head = "".join(f"<th>{tables.badge(v)}</th>" for v in checks.VERDICTS)
    head += "".join(f"<th>{html.escape(title)}</th>" for _, title, _ in APART)
    rows = []
    for key in papers.keys():
        mine = table[table["paper"] == key]
        page = f"notebooks/audit/{key}.html"
        cells = [
            _cell(int((mine["verdict"] == v).sum()), f"{page}#verdict-{v.replace(' ', '-')}")
            for v in checks.VERDICTS
        ]
        cells += [_cell(int(mine[col].sum()), f"{page}#{anchor}") for col, _, anchor in APART]
        rows.append(
            f'<tr><th scope="row"><a href="{page}">'
            f"{html.escape(short[key])}</a></th>{''.join(cells)}<td>{len(mine)}</td></tr>"
        )
    totals = "".join(f"<td>{int((table['verdict'] == v).sum())}</td>" for v in checks.VERDICTS)
    totals += "".join(f"<td>{int(table[col].sum())}</td>" for col, _, _ in APART)
    return (
        '<div class="claimbook-table"><table class="table" id="verdict-dashboard">'
        f"<thead><tr><th>paper</th>{head}<th>claims</th></tr></thead><tbody>"
        + "".join(rows)
        + f'<tr><th scope="row">all papers</th>{totals}<td>{len(table)}</td></tr>'
        + "</tbody></table></div>\n"
    )


def paper_list(data: Ledger, about: bool) -> str:
    """The papers as a Markdown list of author–year citations, each with what it is about
    when `about`: the introduction's and the cite page's lists, from data/papers.csv."""
    return (
        "\n".join(
            f"- {{cite:t}}`{p['key']}`" + (f" {p['about']}" if about else "")
            for _, p in data.papers.iterrows()
        )
        + "\n"
    )


def write(data: Ledger, write_file) -> list[str]:
    """Write every generated include with `write_file(relative_path, text)`; return the paths."""
    files = {
        f"{FOLDER}/dashboard.md": dashboard(data),
        f"{FOLDER}/worked_examples.md": methods.worked_examples(data),
        f"{FOLDER}/papers_about.md": paper_list(data, about=True),
        f"{FOLDER}/papers.md": paper_list(data, about=False),
        f"{FOLDER}/findings.md": findings.markdown(data),
        f"{FOLDER}/headline.md": findings.headline(data),
    }
    for rel, text in files.items():
        write_file(rel, text)
    return list(files)
