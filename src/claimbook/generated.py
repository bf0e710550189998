"""Markdown the prose pages include, generated from the data at build time (never typed):
the introduction's verdict dashboard and the methods page's worked examples."""

from __future__ import annotations

import html

import pandas as pd

from . import checks, findings, papers, tables
from .ledger import Ledger

# Where the generated files go, relative to the book's root (the stage).
FOLDER = "_generated"


def dashboard(data: Ledger) -> str:
    """Verdicts counted per paper; each count links to the claims behind it on the audit page."""
    audit = checks.audit(data)
    short = data.papers.set_index("key")["short"]
    head = "".join(f"<th>{tables.badge(v)}</th>" for v in checks.VERDICTS)
    rows = []
    for key in papers.keys():
        mine = audit[audit["paper"] == key]
        cells = []
        for v in checks.VERDICTS:
            n = int((mine["verdict"] == v).sum())
            anchor = f"verdict-{v.replace(' ', '-')}"
            link = f'<a href="notebooks/audit/{key}.html#{anchor}">{n}</a>'
            cells.append(f"<td>{link if n else '0'}</td>")
        rows.append(
            f'<tr><th scope="row"><a href="notebooks/audit/{key}.html">'
            f"{html.escape(short[key])}</a></th>{''.join(cells)}<td>{len(mine)}</td></tr>"
        )
    totals = "".join(f"<td>{int((audit['verdict'] == v).sum())}</td>" for v in checks.VERDICTS)
    return (
        '<div class="claimbook-table"><table class="table" id="verdict-dashboard">'
        f"<thead><tr><th>paper</th>{head}<th>claims</th></tr></thead><tbody>"
        + "".join(rows)
        + f'<tr><th scope="row">all papers</th>{totals}<td>{len(audit)}</td></tr>'
        + "</tbody></table></div>\n"
    )


def _first(relations: pd.DataFrame, kind: str) -> pd.Series | None:
    rows = relations[relations["kind"] == kind]
    return rows.iloc[0] if len(rows) else None


def worked_examples(data: Ledger) -> str:
    """One worked example per rule, taken from the ledger's own claims and relations."""
    claims = data.claims.set_index("claim_id", drop=False)
    relations = data.tables["relations"]
    findings = {(f.relation_id, f.claim_id): f for f in checks.evaluate(relations, data.claims)}
    out = [
        "### Intervals\n",
        f"*About* means within {checks.ABOUT_TOLERANCE:.0%} of the value (or the printed "
        "rounding, whichever is wider). Examples from the ledger:\n",
    ]
    for qualifier in ("exact", "about", "more_than", "at_least", "up_to", "rank"):
        rows = data.claims[data.claims["qualifier"] == qualifier]
        if rows.empty:
            continue
        c = rows.iloc[0]
        iv = checks.interval(c["value"], int(c["decimals"]), c["qualifier"], c["unit"])
        out.append(
            f"- {c['paper']} writes “{c['quote']}”: recorded as "
            f"{tables.format_value(c['value'], int(c['decimals']), c['unit'], qualifier)}, "
            f"the interval {iv.text()}."
        )
    for kind, title in [
        ("sum", "A total from its parts (reproduced or differs)"),
        ("share", "A share from its part and whole"),
        ("growth", "A growth rate from two levels"),
        ("same", "The same quantity in two places (corroborated or differs)"),
        ("same_rate", "Totals over different spans: the yearly rates"),
        ("not_comparable", "Alike but not the same (not comparable)"),
    ]:
        rel = _first(relations, kind)
        if rel is None:
            continue
        f = findings.get((rel["relation_id"], rel["subject"]))
        verdict = f.verdict if f else "not comparable"
        reason = f.reason if f else rel["reason"]
        out.append(f"\n### {title}\n")
        out.append(
            f"Relation `{rel['relation_id']}` links `{rel['subject']}` with "
            + ", ".join(f"`{i}`" for i in rel["inputs"].split())
            + f". {reason} Verdict: {tables.badge(verdict)}\n"
        )
    feas = checks.survey_feasibility(data)
    if len(feas):
        r = feas.iloc[-1]
        out.append("\n### Feasibility of a percentage\n")
        out.append(
            f"{r['percentages']}: the smallest number of respondents for which these "
            f"percentages are possible is {r['smallest n']}.\n"
        )
    unchecked = checks.audit(data)
    unchecked = unchecked[unchecked["verdict"] == "unchecked"]
    if len(unchecked):
        c = claims.loc[unchecked.iloc[0]["claim_id"]]
        out.append("\n### Unchecked\n")
        out.append(
            f"`{c['claim_id']}` ({c['measure']}) has nothing to be checked against: "
            f"{tables.badge('unchecked')}, and it is still charted.\n"
        )
    return "\n".join(out) + "\n"


def write(data: Ledger, write_file) -> list[str]:
    """Write every generated include with `write_file(relative_path, text)`; return the paths."""
    files = {
        f"{FOLDER}/dashboard.md": dashboard(data),
        f"{FOLDER}/worked_examples.md": worked_examples(data),
        f"{FOLDER}/findings.md": findings.markdown(data),
    }
    for rel, text in files.items():
        write_file(rel, text)
    return list(files)
