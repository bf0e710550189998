"""The introduction's headline: the figure of verdicts per paper (made by the `claims`
notebook) and the key findings, each generated from the audit (never typed)."""

from __future__ import annotations

from . import checks, papers
from .ledger import Ledger
from .tables import format_value

# The headline figure, made by notebooks/claims.ipynb.
HEADLINE = "verdicts-by-paper"


def markdown(data: Ledger) -> str:
    audit = checks.audit(data).set_index("claim_id")
    claims = data.claims.set_index("claim_id")
    counts = audit["verdict"].value_counts()
    checked = int(counts.get("reproduced", 0) + counts.get("corroborated", 0))
    out = [
        f"```{{figure}} /figures/{HEADLINE}.svg\n:alt: Verdicts per paper: "
        + "; ".join(f"{counts.get(v, 0)} {v}" for v in checks.VERDICTS)
        # No `fig-` anchor of its own: the figure is cited, with its permalink, where it is
        # made (every figure has one home; the introduction shows it again).
        + "\n:width: 100%\n\n"
        "Each paper's claims split by verdict (the figure is made, and cited, on the "
        "[every claim](notebooks/claims.ipynb) page).\n```\n",
        "**Key findings.**\n",
        f"- Of {len(audit)} claims in {len(papers.keys())} papers, {checked} are reproduced or "
        f"corroborated, {counts.get('differs', 0)} differ from another paper or a primary "
        f"source, and {counts.get('unchecked', 0)} have nothing to check them against.",
    ]
    for cid, row in audit[audit["verdict"] == "differs"].iterrows():
        c = claims.loc[cid]
        period = f" ({c['period']})" if isinstance(c["period"], str) and c["period"] else ""
        value = format_value(c["value"], int(c["decimals"]), c["unit"], c["qualifier"])
        out.append(
            f"- {papers.short(c['paper'])}, {c['measure']}{period}: {value} — {row['reason']}"
        )
    return "\n".join(out) + "\n"
