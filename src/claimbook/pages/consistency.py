"""Consistency: every quantity more than one paper tells (or one paper tells twice) side by
side with its verdict, the quantities several papers give charted, the papers against the
primary sources, and the events the papers date alike or differently."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from .. import charts, checks, tables
from .. import timeline as tl
from ..papers import keys as paper_keys
from .base import Page
from .consistency_story import ConsistencyStory, counted


class ConsistencyPage(ConsistencyStory, Page):
    def _related(self, kinds: tuple[str, ...]) -> pd.DataFrame:
        rel = self.data.tables["relations"]
        rel = rel[rel["kind"].isin(kinds)]
        keep = set(self.selected_papers())
        papers = [
            {i.split("-")[0] for i in [r["subject"], *r["inputs"].split()]}
            for _, r in rel.iterrows()
        ]
        return rel[[len(p & keep) > 0 for p in papers]]

    def _told_twice_rows(self) -> pd.DataFrame:
        findings = {
            (f.relation_id, f.claim_id): f
            for f in checks.evaluate(
                self.data.tables["relations"],
                self.data.claims,
                **checks.page_tolerances(self.parameters),
            )
        }
        claims = self.claims(papers=list(paper_keys())).set_index("claim_id", drop=False)
        rows = []
        kinds = ("same", "same_rate", "running_total", "not_comparable")
        for _, r in self._related(kinds).iterrows():
            ids = [r["subject"], *r["inputs"].split()]
            # One quantity, one name: the figures of a not_comparable relation may measure
            # different quantities (a trading-partner rank beside an import-source rank), so
            # the row names each, and each figure says which it is; the other kinds relate
            # figures of the subject's quantity (a same_rate's spans are its durations).
            measures = list(dict.fromkeys(claims.loc[ids, "measure"]))
            several = r["kind"] == "not_comparable" and len(measures) > 1
            if not several:
                measures = [claims.loc[r["subject"], "measure"]]
            figs = []
            for cid in ids:
                c = claims.loc[cid]
                what = f"; {c['measure']}" if several else ""
                figs.append(
                    f"{c['printed']} ({c['short']}{', ' + c['period'] if c['period'] else ''}"
                    f"{what})"
                )
                self.shown.add(cid)
            f = findings.get((r["relation_id"], r["subject"]))
            rows.append(
                {
                    "quantity": " / ".join(measures),
                    "figures side by side": " · ".join(figs),
                    "verdict": f.verdict if f else "not comparable",
                    "why": f.reason if f else r["reason"],
                    "papers": len({claims.loc[c, "paper"] for c in ids}),
                    "ids": ids,
                    "kind": r["kind"],
                }
            )
        return pd.DataFrame(rows)

    def told_twice(self) -> list[Any]:
        """One row per relation, each paper's figure side by side, the verdict and its reason."""
        table = self._told_twice_rows()
        if table.empty:
            return [Markdown("*No quantity of the selected papers is told twice.*")]
        order = {v: i for i, v in enumerate(checks.VERDICTS)}
        table = table.sort_values("verdict", key=lambda v: v.map(order), kind="stable")
        table["verdict"] = table["verdict"].map(tables.badge)
        table = table.drop(columns=["papers", "ids", "kind"])
        return [HTML(tables.to_html(table, table_id="table-told-twice", raw=("verdict",)))]

    def same_quantity(self, name: str, caption: str) -> list[Any]:
        """The quantities that two or more papers give, in the unit most of them share: one
        panel per quantity, one row per paper's figure, each panel on its own scale and named
        for what its values are (one year's value, a running total, a total over a span): a
        total over years never shares an axis with a year's value. The title counts the
        quantities drawn; the note says why the others are not."""
        several = self.several_papers()[0]
        t = several[several["verdict"] != "not comparable"]
        claims = self.claims(papers=list(paper_keys())).set_index("claim_id", drop=False)
        ids = [c for row in t["ids"] for c in row]
        if not ids:
            return []
        unit = claims.loc[ids, "unit"].value_counts().idxmax()
        rows, drawn = [], []
        for i, r in t.iterrows():
            mine = [claims.loc[c] for c in r["ids"] if claims.loc[c, "unit"] == unit]
            drawn += [i] if mine else []
            meaning = _meaning(r["kind"], [c["period"] for c in mine], unit)
            for c in mine:
                rows.append(
                    self.paper_mark(
                        c,
                        meaning,
                        panel=claims.loc[r["ids"][0], "measure"],
                        axis=meaning,
                        label=f"{c['short']} · {self.when_words(c)}",
                        tag=f"{c['printed'].replace(' ' + unit, '')} · {c['verdict']}",
                    )
                )
        rows = pd.DataFrame(rows).drop_duplicates("claim_id")
        drawn = t.loc[drawn]
        title = (
            f"The {len(drawn)} quantities in {unit} that two or more papers give: {counted(drawn)}"
        )
        # What is not drawn, and why: figures in another unit, and figures that measure
        # different things (both in the table below).
        other = t[~t.index.isin(drawn.index)]
        apart = len(several) - len(t)
        units = sorted({claims.loc[r["ids"][0], "unit"] for _, r in other.iterrows()})
        left = [
            f"{len(other)} more in other units ({', '.join(units)}: {counted(other)})"
            if len(other)
            else "",
            f"{apart} whose figures measure different things" if apart else "",
        ]
        left = " and ".join(w for w in left if w)
        note = "diamonds: each paper's figure; arrow: “more than”; each panel has its own scale."
        if left:
            note += f" Not drawn: {left}; all in the table below."
        chart = charts.dots(rows, title, unit, note=note)
        return [self.figure(chart, name, caption)]

    def source_findings(self) -> list:
        """Every check of a claim against a primary source (official figures, SIPRI)."""
        tol = checks.page_tolerances(self.parameters)
        return checks.official_findings(self.data, **tol) + checks.sipri_findings(self.data, **tol)

    def against_sources(self) -> HTML:
        """Each claim a primary source covers: the paper's figure, the source, the verdict."""
        tol = checks.page_tolerances(self.parameters)
        findings = self.source_findings()
        claims = self.claims().set_index("claim_id", drop=False)
        rows = []
        for f in findings:
            if f.claim_id not in claims.index:
                continue
            c = claims.loc[f.claim_id]
            rows.append(
                {
                    "claim": f.claim_id,
                    "paper's figure": f"{c['printed']} ({c['short']})",
                    "period": c["period"],
                    "source": " ".join(f.compared_with),
                    "verdict": tables.badge(f.verdict),
                    "why": f.reason,
                }
            )
            self.shown.add(f.claim_id)
        reference = (
            "<p>Every official figure of the data package: the claims it is evidence for, or why "
            "it is not used (a flagged row is never evidence).</p>"
            + tables.to_html(
                checks.reference_table(self.data, **tol), table_id="table-official-figures"
            )
        )
        if not rows:
            return HTML("<p><em>No primary source covers these claims.</em></p>" + reference)
        return HTML(
            tables.to_html(pd.DataFrame(rows), table_id="table-against-sources", raw=("verdict",))
            + reference
        )

    def dated_differently(self, agree: str = "no") -> HTML:
        """Events told by several papers whose dates disagree (or agree), side by side."""
        links = self.linked_events()
        links = links[links["dates_agree"] == agree]
        events = self.data.events.set_index("event_id")
        short = self.data.papers.set_index("key")["short"]
        rows = []
        for _, link in links.iterrows():
            for i in link["ids"]:
                e = events.loc[i]
                rows.append(
                    {
                        "event": link["link_id"],
                        "date": tl.when_words(e["date"], e["quote"]),
                        "paper": short[e["paper"]],
                        "quote": e["quote"],
                        "where": e["locator"],
                        "note": link["reason"] or "",
                    }
                )
        if not rows:
            return HTML("<p><em>None among the selected papers.</em></p>")
        name = "table-dated-differently" if agree == "no" else "table-dated-alike"
        return HTML(tables.to_html(pd.DataFrame(rows), table_id=name))


def _meaning(kind: str, periods: list[str], unit: str) -> str:
    """What a panel's values are, for its axis label: one year's value (every figure of one
    year), a running total to a cut-off (relations.csv kind running_total), a total over a
    trailing span (kind same_rate), or a figure no period comes with."""
    years = set(periods)
    if len(years) == 1 and re.fullmatch(r"\d{4}", periods[0]):
        return f"{unit} in {periods[0]} (one year's value)"
    if kind == "running_total":
        return f"{unit}, running total to the year on each label"
    if kind == "same_rate":
        return f"{unit}, total over the span on each label"
    return f"{unit} (no period given)"
