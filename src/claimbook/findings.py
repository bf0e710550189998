"""The introduction's first screen: the key findings (verdict totals and every claim that
differs, from the audit) and one line per theme page (the first sentence of that page's own
generated opening, linked to it), then the headline figure of verdicts per paper (made by the
`claims` notebook). Nothing is typed: every sentence comes from the data or a page's opening."""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import checks, papers, timeline
from .ledger import Ledger
from .pages.periods import span
from .tables import format_value

# The headline figure, made by notebooks/claims.ipynb.
HEADLINE = "verdicts-by-paper"
# How a page's opening starts (pages.base.Page.opening).
OPENING = "**What the numbers show.** "
# A sentence ends at a full stop before a capital or a digit ("5.02" and "e.g." do not end one).
SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<=[.!?])\s+(?=[A-Z0-9“])")


def markdown(data: Ledger) -> str:
    """The key findings: the verdict totals, then each claim that differs with its reason."""
    audit = checks.audit(data).set_index("claim_id")
    claims = data.claims.set_index("claim_id")
    n = {v: int(audit["verdict"].eq(v).sum()) for v in checks.VERDICTS}
    out = [
        "**Key findings.**\n",
        f"- Of {len(audit)} claims in {len(papers.keys())} papers, {n['corroborated']} are "
        f"corroborated by independent evidence (another paper or a primary source) and "
        f"{n['consistent']} lie within their bounds; {n['reproduced']} more are reproduced from "
        f"their paper's own figures or dates (the arithmetic holds, nothing independent "
        f"confirms it). {n['differs']} {'differs' if n['differs'] == 1 else 'differ'} from another "
        f"paper or a primary source; {n['not comparable']} are set beside a figure that bears on "
        f"them but measures something else (not comparable), and "
        f"{n['unchecked']} have nothing to check them against.",
    ]
    links = timeline.told_by_several(data.tables["event_links"], data.events)
    dated = links[links["dates_agree"] == "no"]
    if len(dated):
        out.append(
            f"- Of the {len(links)} events that several papers tell, {len(dated)} are dated "
            "differently (see the [timeline](notebooks/timeline.ipynb))"
            + (
                ": where they disagree, it is on dates, not on quantities."
                if not n["differs"]
                else "."
            )
        )
    official = data.tables["official_figures"].set_index("figure_id")
    every = checks.evidence(data) if n["differs"] else []
    for cid, row in audit[audit["verdict"] == "differs"].iterrows():
        c = claims.loc[cid]
        period = f" ({span(c['period'])})" if isinstance(c["period"], str) and c["period"] else ""
        value = format_value(c["value"], int(c["decimals"]), c["unit"], c["qualifier"])
        # The evidence it differs from, in a line; the whole reason is on the paper's page.
        kind, _, ref = str(row["compared_with"]).partition(":")
        against = ""
        if kind == "official" and ref in official.index:
            o = official.loc[ref]
            against = (
                f" differs from {o['source_body']}'s {o['value']:,g} {o['unit']} "
                f"for {span(o['period'])}"
            )
        # The rule that decides it, so the line does not read as a plain mismatch (here: a
        # one-year enrolment bounding a count over a span, not the same quantity).
        rule = checks.derive([c for c in every if c.claim_id == cid])[1].tolerance
        against += f" ({rule})" if rule else ""
        out.append(
            f"- {papers.short(c['paper'])}, {c['measure']}{period}: {value}{against} — "
            f"[why](notebooks/audit/{c['paper']}.ipynb)"
        )
    return "\n".join(out) + "\n"


def headline(data: Ledger) -> str:
    """The figure of verdicts per paper, shown after the findings."""
    counts = checks.audit(data)["verdict"].value_counts()
    return (
        f"```{{figure}} /figures/{HEADLINE}.svg\n:alt: Verdicts per paper: "
        + "; ".join(f"{counts.get(v, 0)} {v}" for v in checks.VERDICTS)
        # No `fig-` anchor of its own: the figure is cited, with its permalink, where it is
        # made (every figure has one home; the introduction shows it again).
        + "\n:width: 100%\n\n"
        "Each paper's claims split by verdict (the figure is made, and cited, on the "
        "[every claim](notebooks/claims.ipynb) page).\n```\n"
    )


def heading(notebook: Path) -> str:
    """The title of an executed notebook: its first `# ` heading."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        first = "".join(cell["source"]).strip() if cell["cell_type"] == "markdown" else ""
        if first.startswith("# "):
            return first[2:].splitlines()[0].strip()
    return notebook.stem


def opening(notebook: Path) -> str:
    """The first sentence of an executed notebook's opening ('' when it has none)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get("text/markdown", ""))
            if text.startswith(OPENING):
                return SENTENCE_END.split(text[len(OPENING) :].strip())[0]
    return ""


def themes(pages: list[tuple[str, str | None, Path]]) -> str:
    """One line per page (`page` path, title or None for the notebook's heading, executed
    notebook) that opens with what its numbers show: its title linked, then the first
    sentence of that opening. The audit pages (one per paper) are left to the dashboard."""
    lines = [
        f"- [{title or heading(nb)}]({page}.ipynb): {first}"
        for page, title, nb in pages
        if "/audit/" not in page and (first := opening(nb))
    ]
    return ("**Theme by theme.**\n\n" + "\n".join(lines) + "\n") if lines else ""
