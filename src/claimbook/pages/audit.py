"""The audit of one paper: who wrote it, what its claims' verdicts are (a chart by topic), and
every claim grouped by verdict, each with its reason (anchors the introduction links to)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from .. import charts, checks, style, tables
from .base import Page


def verdict_marks(rows: pd.DataFrame, by: str, source: str = "") -> pd.DataFrame:
    """Claims counted per `by` (topic, paper) and verdict: one bar segment each, in the
    verdict's badge colour with its count inside, the row's total at its end."""
    marks = []
    for key, g in rows.groupby(by, sort=False):
        for v in checks.VERDICTS:
            ids = g[g["verdict"] == v]["claim_id"]
            if len(ids):
                marks.append(
                    {
                        "family": "claims, count",
                        "mark": "claims",
                        "label": key,
                        "value": len(ids),
                        "unit": "claims",
                        "printed": f"{len(ids)} {v}",
                        "qualifier": "exact",
                        "verdict": v,
                        "inside": str(len(ids)),
                        "colour": style.VERDICT_COLOURS[v],
                        "claim_id": " ".join(ids),
                        "paper": "",
                        "source": source or key,
                    }
                )
    marks = pd.DataFrame(marks)
    # The row's words name every segment (colour is never the only carrier): its total, then
    # each verdict's count in the order the segments run.
    words = {
        key: f"{g['value'].sum()} — " + ", ".join(g["printed"])
        for key, g in marks.groupby("label", sort=False)
    }
    last = marks.groupby("label").cumcount(ascending=False) == 0
    marks["end_text"] = [
        words[lbl] if e else "" for lbl, e in zip(marks["label"], last, strict=True)
    ]
    return marks


def _s(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def most_common(counts: pd.Series, total: int) -> str:
    """'unchecked is the most common verdict (4 of 10)', or with a tie 'reproduced and
    unchecked are the most common verdicts (4 of 10 each)', in the audit's order."""
    top = [v for v in checks.VERDICTS if counts.get(v, 0) == counts.max()]
    if len(top) == 1:
        return f"{top[0]} is the most common verdict ({counts.max()} of {total})"
    names = ", ".join(top[:-1]) + f" and {top[-1]}"
    return f"{names} are the most common verdicts ({counts.max()} of {total} each)"


class AuditPage(Page):
    def paper_heading(self) -> Markdown:
        key = self.parameters["paper"]
        p = self.data.papers.set_index("key").loc[key]
        n_claims = int((self.data.claims["paper"] == key).sum())
        n_events = int((self.data.events["paper"] == key).sum())
        return Markdown(
            f"**{{cite:t}}`{key}`**: *{p['title']}*. Venue: {p['venue']}. "
            f"Year: {p['year']} ({p['year_basis']}). The ledger holds {n_claims} claims and "
            f"{n_events} events of this paper."
        )

    def findings(self) -> list[str]:
        rows = self.claims()
        if rows.empty:
            return []
        n = {v: self.count(rows, v) for v in checks.VERDICTS}
        head = (
            f"Of the {len(rows)} claims of {rows['short'].iloc[0]}, {n['corroborated']} "
            f"{_s(n['corroborated'], 'is', 'are')} corroborated by independent evidence (another "
            "paper or a primary source)"
        )
        if n["consistent"]:
            head += f" and {n['consistent']} " + _s(
                n["consistent"], "lies within its bound", "lie within their bounds"
            )
        # The other counts only where there are some: "0 more are reproduced" says nothing.
        more = []
        if n["reproduced"]:
            more.append(
                f"{n['reproduced']} more {_s(n['reproduced'], 'is', 'are')} reproduced from the "
                "paper's own figures or dates (its arithmetic holds, which no other source "
                "confirms)"
            )
        rest = []
        if n["unchecked"]:
            u = n["unchecked"]
            rest.append(f"{u} {_s(u, 'has', 'have')} nothing independent to check against")
        if n["not comparable"]:
            c = n["not comparable"]
            rest.append(f"{c} only {_s(c, 'looks', 'look')} like a figure elsewhere")
        if rest:
            more.append(" and ".join(rest))
        out = [head + "".join(f"; {m}" for m in more) + "."]
        out.append(self.best_checked(rows))
        differ = rows[rows["verdict"] == "differs"]
        out.append("No claim differs from its evidence." if differ.empty else "")
        for _, r in differ.iterrows():
            out.append(f"Differs: {r['measure']} ({r['printed']}). {r['why']}")
        return out

    @staticmethod
    def best_checked(rows: pd.DataFrame) -> str:
        """The topic with the most claims reproduced or corroborated, or, where several tie,
        every one of them (each with its own count of claims): a tie is said, not broken."""
        firm = rows.assign(firm=rows["verdict"].isin(["reproduced", "corroborated"]))
        by = firm.groupby("topic", sort=True)["firm"].agg(["sum", "size"])
        top = by[by["sum"] == by["sum"].max()]
        if by["sum"].max() == 0:
            return ""
        k = int(top["sum"].iloc[0])
        if len(top) == 1:
            return (
                f"The topic with the most claims reproduced or corroborated is {top.index[0]} "
                f"({k} of {top['size'].iloc[0]})."
            )
        names = [f"{t} (of {s})" for t, s in zip(top.index, top["size"], strict=True)]
        return (
            f"{len(top)} topics tie for the most claims reproduced or corroborated, {k} each: "
            + ", ".join(names[:-1])
            + f" and {names[-1]}."
        )

    def verdict_chart(self, name: str, caption: str) -> list[Any]:
        """The paper's claims counted per topic, each bar split by verdict (counts written)."""
        rows = self.claims()
        if rows["verdict"].nunique() < 2 and rows["topic"].nunique() < 2:
            return []
        marks = verdict_marks(rows, "topic", self.parameters["paper"])
        totals = marks.groupby("label", sort=False)["value"].sum()
        marks = marks.sort_values("label", key=lambda s: s.map(-totals), kind="stable")
        short = rows["short"].iloc[0]
        counts = rows["verdict"].value_counts()
        title = f"{short}: {most_common(counts, len(rows))}"
        legend = ", ".join(f"{v} ({counts[v]})" for v in checks.VERDICTS if v in counts)
        chart = charts.stacked(marks, title, "claims", note=f"segments, left to right: {legend}.")
        return [self.figure(chart, name, caption)]

    def verdict_tables(self) -> list[Any]:
        """The claims grouped by verdict (strongest first), each with its badge and reason;
        each group anchored `verdict-<name>` for the introduction's dashboard."""
        rows = self.claims()
        self.shown |= set(rows["claim_id"])
        out: list[Any] = []
        for verdict in checks.VERDICTS:
            group = rows[rows["verdict"] == verdict]
            if group.empty:
                continue
            table = tables.claims_table(group).assign(
                verdict=[tables.badge(v) for v in group["verdict"]], why=list(group["why"])
            )
            table = table[["verdict", "why", *tables.claims_table(group).columns]]
            anchor = f"verdict-{verdict.replace(' ', '-')}"
            out.append(
                HTML(
                    f'<p class="verdict-group" id="{anchor}">{tables.badge(verdict)} '
                    f"{len(group)} claim(s)</p>"
                    + tables.to_html(
                        table,
                        table_id=f"table-{anchor}",
                        raw=("verdict",),
                        # Each claim's own anchor: the url of its ClaimReview (citation.py).
                        row_ids=[tables.claim_anchor(c) for c in group["claim_id"]],
                    )
                )
            )
        return out

    def evidence(self) -> list[Any]:
        """Every check behind the paper's verdicts: kind, outcome, evidence, tolerance; a
        repetition of the paper itself and a shared source shown as such."""
        key = self.parameters["paper"]
        tol = checks.page_tolerances(self.parameters)
        return [
            Markdown("## The evidence behind each verdict"),
            HTML(checks.evidence_html(self.data, key, **tol)),
        ]


class ClaimsPage(Page):
    """Every claim, by paper: the headline chart of verdicts per paper, then the tables."""

    def verdicts_by_paper(self, name: str, caption: str) -> list[Any]:
        rows = self.claims()
        marks = verdict_marks(rows, "short")
        checked = rows["verdict"].isin(["reproduced", "corroborated"]).sum()
        title = (
            f"{checked} of {len(rows)} claims are reproduced or corroborated; "
            f"{self.count(rows, 'differs')} {_s(self.count(rows, 'differs'), 'differs', 'differ')};"
            f" {self.count(rows, 'unchecked')} have "
            "nothing to check them against"
        )
        legend = ", ".join(f"{v}" for v in checks.VERDICTS)
        chart = charts.stacked(
            marks,
            title,
            "claims",
            note=f"segments, left to right: {legend} (as many as the paper has).",
        )
        chart.sources = list(dict.fromkeys(rows["paper"]))
        return [self.figure(chart, name, caption)]
