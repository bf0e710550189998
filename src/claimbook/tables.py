"""Tables the pages show: ledger rows shaped for reading, rendered as HTML."""

from __future__ import annotations

import html
import re

import pandas as pd

from .ledger import Ledger

QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "up_to": "up to ",
    "rank": "rank ",
}


# The papers' texts are Markdown: a quote keeps their escapes ("\$5 billion") so that it matches
# the text word for word; a reader is shown the character itself.
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])")


def as_read(quote: str) -> str:
    """A quote as the paper reads: its Markdown escapes undone ('\\$5' -> '$5')."""
    return MARKDOWN_ESCAPE.sub(r"\1", quote)


def format_value(value: float, decimals: int, unit: str, qualifier: str) -> str:
    """A value as printed, with its qualifier and unit: 'more than 7,000', 'about 20 USD m'."""
    number = f"{value:,.{decimals}f}"
    if unit == "rank":
        return f"rank {number}"
    shown = {"count": number, "percent": f"{number}%", "percent change": f"{number}% change"}
    return f"{QUALIFIER_WORDS[qualifier]}{shown.get(unit, f'{number} {unit}')}"


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs to check a claim against the paper."""
    return pd.DataFrame(
        {
            "claim": claims["claim_id"],
            "measure": claims["measure"],
            "value": [
                format_value(r.value, r.decimals, r.unit, r.qualifier) for r in claims.itertuples()
            ],
            # As a reader reads it (pages.periods.span): 2000/2021 -> 2000–2021.
            "period": claims["period"].fillna("").str.replace("/", "–", regex=False),
            "quote": claims["quote"].map(as_read),
            "where": claims["locator"],
            "paper cites": claims["cited_source"].fillna(""),
        }
    )


def claims_by_paper(ledger: Ledger, papers: list[str]) -> list[tuple[pd.Series, pd.DataFrame]]:
    """For each requested paper (in the order given): its papers.csv row and its claims table."""
    out = []
    for key in papers:
        paper = ledger.papers.set_index("key").loc[key]
        rows = ledger.claims[ledger.claims["paper"] == key]
        out.append((paper, claims_table(rows)))
    return out


def badge(verdict: str) -> str:
    """A verdict as a badge: its word on a colour (the word carries the meaning, not the colour)."""
    slug = verdict.replace(" ", "-")
    return f'<span class="verdict verdict-{slug}">{html.escape(verdict)}</span>'


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's row on its audit page (linked to, and the url of its ClaimReview)."""
    return f"claim-{claim_id}"


def to_html(
    df: pd.DataFrame,
    table_id: str = "",
    raw: tuple[str, ...] = (),
    row_ids: list[str] | None = None,
) -> str:
    """An escaped HTML table (no index), wrapped in a box that scrolls if it must.

    Each cell carries its column's name (`data-label`): on a phone the stylesheet lays every
    row out as a card of named lines instead of columns. Columns named in `raw` hold HTML made
    by this module (badges) and are not escaped; `row_ids` gives each row an id (an anchor a
    link or a ClaimReview can point at)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    ids = [f' id="{html.escape(i)}"' for i in row_ids] if row_ids else [""] * len(df)
    body = "".join(
        f"<tr{ident}>"
        + "".join(
            f'<td data-label="{html.escape(str(c))}">{v if c in raw else html.escape(str(v))}</td>'
            for c, v in zip(df.columns, row, strict=True)
        )
        + "</tr>"
        for ident, row in zip(ids, df.itertuples(index=False), strict=True)
    )
    ident = f' id="{html.escape(table_id)}"' if table_id else ""
    return (
        f'<div class="claimbook-table claimbook-cards"><table class="table"{ident}>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
