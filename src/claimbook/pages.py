"""A notebook page: selects ledger rows, charts them by unit, tables the rest.

Notebooks stay thin: `page = Page.load("trade", papers=papers)`, then `display(*page.chart(...))`.
Every claim a page shows is remembered, so `page.remaining(topics)` lists the ones not yet shown
and every claim of a theme appears on its page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from . import charts, figures, ledger, params, stats, tables
from .errors import UnknownNameError
from .papers import keys as paper_keys

# Units shown as tables, not bars: a rank is an order, not an amount.
TABLE_ONLY = ("rank",)
# Official tables' units that are the ledger's under another name.
UNIT_ALIASES = {"students": "count"}


def ledger_decimals(value: float) -> int:
    """Decimal places of a source's value as stored (4.661 -> 3)."""
    text = f"{value:.6g}"
    return len(text.split(".")[1]) if "." in text else 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def label(measure: str, period: str) -> str:
    """A mark's label: the measure, and its period when it has one."""
    return f"{measure} ({period.replace('/', '–')})" if period else measure


def data_for(notebook: str) -> ledger.Ledger:
    """The data package as a notebook sees it: each table validated and read when first used,
    and only the tables the notebook declares in the registry."""
    return ledger.load(lazy=True, tables=params.NOTEBOOKS[notebook].tables, reader=notebook)


@dataclass
class Page:
    """One page of the book: its notebook, its parameters, the data and what it has shown."""

    notebook: str
    parameters: dict[str, Any]
    data: ledger.Ledger
    shown: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, notebook: str, **parameters: Any) -> Page:
        """Validate the parameters, open the data package (each table is validated and read
        when the page first uses it), start a page."""
        values = params.validate(params.NOTEBOOKS[notebook], parameters)
        return cls(notebook, values, data_for(notebook))

    def selected_papers(self) -> list[str] | None:
        """The papers the page shows: its `papers` parameter, every paper when that is empty,
        None on a page without one (the audit page's single `paper`)."""
        if "papers" not in self.parameters:
            return None
        return self.parameters["papers"] or list(paper_keys())

    def figure(
        self, fig, name: str, data: pd.DataFrame, caption: str, alt: str, sources: list[str]
    ) -> figures.Figure:
        """Save a chart of this page, with the command that re-makes it with these parameters."""
        command = params.command(self.notebook, self.parameters)
        return figures.show(fig, name, data, caption, alt, sources, command)

    def claims(
        self,
        measures: list[str] | None = None,
        topics: list[str] | None = None,
        papers: list[str] | None = None,
    ) -> pd.DataFrame:
        """Claims of the page's papers, by measure (in the order given) or by topic. A measure
        or topic that no claim has is an error naming it (a misspelling, not an empty chart)."""
        c = self.data.claims.copy()
        for column, names in (("measure", measures), ("topic", topics)):
            missing = sorted(set(names or ()) - set(c[column]))
            if missing:
                raise UnknownNameError(
                    f"notebook {self.notebook!r} asks for {column} {missing[0]!r}, "
                    "which data/claims.csv does not have"
                )
        keep = papers or self.selected_papers()
        if keep is None:
            keep = [self.parameters["paper"]] if "paper" in self.parameters else paper_keys()
        c = c[c["paper"].isin(keep)]
        if measures is not None:
            order = {m: i for i, m in enumerate(measures)}
            c = c[c["measure"].isin(measures)]
            c = c.assign(_o=c["measure"].map(order)).sort_values(["_o", "period", "paper"])
            c = c.drop(columns="_o")
        if topics is not None:
            c = c[c["topic"].isin(topics)]
        short = self.data.papers.set_index("key")["short"]
        return c.assign(
            short=c["paper"].map(short),
            printed=[
                tables.format_value(r.value, r.decimals, r.unit, r.qualifier)
                for r in c.itertuples()
            ],
            label=[label(m, p or "") for m, p in zip(c["measure"], c["period"], strict=True)],
        )

    def _sources(self, rows: pd.DataFrame) -> list[str]:
        return list(dict.fromkeys(rows["paper"]))

    def table(self, rows: pd.DataFrame, table_id: str = "") -> HTML:
        """The rows as a reader's table (and remember them as shown)."""
        self.shown |= set(rows["claim_id"])
        return HTML(tables.to_html(tables.claims_table(rows), table_id=table_id))

    def chart(
        self,
        name: str,
        title: str,
        caption: str,
        measures: list[str] | None = None,
        topics: list[str] | None = None,
    ) -> list[Any]:
        """One bar chart per unit of the selected claims (ranks as a table), with the official
        figures on the same quantities drawn beside them, then the tables."""
        rows = self.claims(measures, topics)
        if rows.empty:
            return [Markdown("*None of the selected papers states this.*")]
        official = self.official(list(dict.fromkeys(rows["measure"])))
        out: list[Any] = []
        units = [u for u in dict.fromkeys(rows["unit"]) if u not in TABLE_ONLY]
        for unit in units:
            sub = rows[rows["unit"] == unit]
            extra = official[(official["unit"] == unit) & official["measure"].isin(sub["measure"])]
            marks = pd.concat([sub, extra], ignore_index=True) if len(extra) else sub
            order = {m: i for i, m in enumerate(dict.fromkeys(sub["measure"]))}
            marks = marks.assign(_o=marks["measure"].map(order), _p=marks["period"].fillna(""))
            marks = marks.sort_values(["_o", "_p"], kind="stable").drop(columns=["_o", "_p"])
            heading = title if len(units) == 1 else f"{title}: {unit}"
            fig, data, alt = charts.bars(marks, heading, unit)
            fname = name if len(units) == 1 else f"{name}-{slug(unit)}"
            sources = self._sources(sub) + list(dict.fromkeys(extra["short"]))
            note = (
                " Black bars: official figures, the source named on the bar." if len(extra) else ""
            )
            out.append(self.figure(fig, fname, data, caption + note, alt, sources))
        out.append(self.table(rows, table_id=f"table-{name}"))
        if len(official):
            shown = official[["measure", "period", "printed", "short", "reported", "confidence"]]
            shown = shown.rename(columns={"printed": "value", "short": "source"})
            out.append(
                HTML(
                    "<p>Official figures on the same quantities:</p>"
                    + tables.to_html(shown, table_id=f"table-{name}-official")
                )
            )
        return out

    def official(self, measures: list[str]) -> pd.DataFrame:
        """Official figures bearing on these measures, shaped like claim rows for a chart: the
        source named as the mark's label and drawn in the source colour."""
        table = self.data.tables.get("official_figures")
        if table is None:
            return pd.DataFrame(columns=["measure", "unit", "short"])
        from . import checks

        o = checks.vet_usable(table)  # a flagged row is never drawn as an official figure
        o = o[o["measure"].isin(measures)].copy()
        o["unit"] = o["unit"].replace(UNIT_ALIASES)
        o["paper"] = "source"
        o["short"] = o["source_body"].str.replace(r" \(.*\)$", "", regex=True)
        o["printed"] = [
            tables.format_value(v, ledger_decimals(v), u, "exact")
            for v, u in zip(o["value"], o["unit"], strict=True)
        ]
        o["label"] = [label(m, p) for m, p in zip(o["measure"], o["period"], strict=True)]
        o["reported"] = [
            f"{b}, {d}" if isinstance(d, str) else str(b)
            for b, d in zip(o["reported_by"], o["reported_on"], strict=True)
        ]
        return o

    def remaining(self, topics: list[str], name: str = "remaining") -> list[Any]:
        """Every claim of these topics (and the page's papers) not yet shown, as a table."""
        rows = self.claims(topics=topics)
        rows = rows[~rows["claim_id"].isin(self.shown)]
        if rows.empty:
            return [Markdown("*Every claim on this theme is shown above.*")]
        return [self.table(rows, table_id=f"table-{name}")]

    def shares(
        self, name: str, title: str, caption: str, pairs: list[tuple[str, str]]
    ) -> list[Any]:
        """Shares computed from counts: for each (part, whole) measure pair stated by one paper,
        part ÷ whole in percent, charted with both counts on the label."""
        rows = []
        parts = []
        for part, whole in pairs:
            p, w = self.claims([part]), self.claims([whole])
            for _, pr in p.iterrows():
                wr = w[w["paper"] == pr["paper"]]
                if wr.empty:
                    continue
                wr = wr.iloc[0]
                share = 100 * pr["value"] / wr["value"]
                rows.append(
                    {
                        "label": f"{part} ÷ {whole}",
                        "value": share,
                        "printed": f"{share:.1f}% ({pr['printed']} of {wr['printed']})",
                        "paper": pr["paper"],
                        "short": pr["short"],
                    }
                )
                parts += [pr["claim_id"], wr["claim_id"]]
        if not rows:
            return [Markdown("*None of the selected papers states both counts.*")]
        fig, data, alt = charts.bars(pd.DataFrame(rows), title, "percent (computed)")
        shown = self.claims(papers=None)
        shown = shown[shown["claim_id"].isin(parts)]
        return [
            self.figure(fig, name, data, caption, alt, self._sources(shown)),
            self.table(shown, table_id=f"table-{name}"),
        ]

    def survey(self, name: str, title: str, caption: str, measures: list[str]) -> list[Any]:
        """Survey percentages with a Wilson interval for the page's assumed sample size."""
        n = self.parameters["sample_size"]
        conf = self.parameters["confidence"]
        rows = self.claims(measures)
        rows = rows[rows["unit"] == "percent"]
        if rows.empty:
            return [Markdown("*None of the selected papers reports a survey.*")]
        bounds = [stats.wilson(v, n, conf) for v in rows["value"]]
        rows = rows.assign(low=[b[0] for b in bounds], high=[b[1] for b in bounds])
        note = f"{conf:.0%} Wilson interval if n = {n:,} (assumed)"
        fig, data, alt = charts.intervals(rows, title, note)
        return [
            self.figure(fig, name, data, caption, alt, self._sources(rows)),
            self.table(rows, table_id=f"table-{name}"),
        ]

    def timeline(self, name: str, title: str, caption: str) -> list[Any]:
        """The events of the page's parameters on one chart, then the table of them."""
        from . import timeline as tl

        p = self.parameters
        events = tl.merge(
            self.data.events,
            self.data.papers,
            p["year_from"],
            p["year_to"],
            p["relationships"] or list(params.RELATIONSHIPS),
            self.selected_papers(),
        )
        if events.empty:
            return [Markdown("*No event of the selected papers falls in this range.*")]
        fig, data, alt = charts.timeline(events, title)
        table = events[["date", "relationship", "event", "papers"]]
        return [
            self.figure(
                fig, name, data, caption, alt, list(dict.fromkeys(self.data.events["paper"]))
            ),
            HTML(tables.to_html(table, table_id=f"table-{name}")),
        ]

    def sources(self) -> Markdown:
        """The page's sources line: every paper whose claims the page showed."""
        shown = self.data.claims[self.data.claims["claim_id"].isin(self.shown)]
        keys = [k for k in paper_keys() if k in set(shown["paper"])]
        if not keys:
            return Markdown("**Sources:** none of the selected papers.")
        return Markdown("**Sources:** " + ", ".join(f"{{cite:t}}`{k}`" for k in keys) + ".")

    def event_sources(self) -> Markdown:
        """The sources line of an events page: every selected paper that tells an event."""
        keys = [k for k in self.selected_papers() if k in set(self.data.events["paper"])]
        return Markdown("**Sources:** " + ", ".join(f"{{cite:t}}`{k}`" for k in keys) + ".")

    def paper_heading(self) -> Markdown:
        """Who wrote the audited paper, what and where, as its text states; its counts."""
        key = self.parameters["paper"]
        p = self.data.papers.set_index("key").loc[key]
        n_claims = int((self.data.claims["paper"] == key).sum())
        n_events = int((self.data.events["paper"] == key).sum())
        return Markdown(
            f"**{{cite:t}}`{key}`**: *{p['title']}*. Venue: {p['venue']}. "
            f"Year: {p['year']} ({p['year_basis']}). The ledger holds {n_claims} claims and "
            f"{n_events} events of this paper."
        )

    def audit(self) -> list[Any]:
        """Every claim of the audited paper: one chart per unit, then the table of all claims."""
        key = self.parameters["paper"]
        rows = self.claims()
        short = rows["short"].iloc[0] if len(rows) else key
        out: list[Any] = []
        for unit in [u for u in dict.fromkeys(rows["unit"]) if u not in TABLE_ONLY]:
            sub = rows[rows["unit"] == unit]
            fig, data, alt = charts.bars(sub, f"{short}: claims in {unit}", unit)
            name = f"audit-{key}-{slug(unit)}"
            caption = f"Every claim of {short} in {unit}, as printed in the paper."
            out.append(self.figure(fig, name, data, caption, alt, [key]))
        out.append(Markdown("## Every claim of the paper, with its verdict"))
        out += self.verdict_tables(rows)
        from . import checks

        out.append(Markdown("## The evidence behind each verdict"))
        out.append(
            HTML(checks.evidence_html(self.data, key, **checks.page_tolerances(self.parameters)))
        )
        return out

    def verdict_tables(self, rows: pd.DataFrame) -> list[Any]:
        """The rows grouped by verdict (strongest first), each claim with its badge and reason;
        each group anchored `verdict-<name>` so that the introduction's dashboard links to it."""
        from . import checks

        audit = checks.audit(self.data, **checks.page_tolerances(self.parameters))
        audit = audit.set_index("claim_id")
        rows = rows.assign(
            verdict=[audit.loc[c, "verdict"] for c in rows["claim_id"]],
            why=[audit.loc[c, "reason"] for c in rows["claim_id"]],
        )
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

    def feasibility(self) -> HTML:
        """The smallest sample size each survey percentage (and each survey's set) allows."""
        from . import checks

        table = checks.survey_feasibility(self.data)
        table = table[
            [
                any(c.split("-")[0] in self.selected_papers() for c in row.split())
                for row in table["claims"]
            ]
        ]
        if table.empty:
            return HTML("<p><em>No survey percentage printed with decimals.</em></p>")
        return HTML(tables.to_html(table, table_id="table-feasibility"))

    def _related(self, kinds: tuple[str, ...]) -> pd.DataFrame:
        rel = self.data.tables["relations"]
        rel = rel[rel["kind"].isin(kinds)]
        keep = set(self.selected_papers())
        papers = [
            {i.split("-")[0] for i in [r["subject"], *r["inputs"].split()]}
            for _, r in rel.iterrows()
        ]
        return rel[[len(p & keep) > 0 for p in papers]]

    def told_twice(self) -> list[Any]:
        """Every quantity told more than once (same, same_rate, not_comparable): one row per
        relation with each paper's figure side by side, the verdict and its reason."""
        from . import checks

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
        for _, r in self._related(("same", "same_rate", "not_comparable")).iterrows():
            ids = [r["subject"], *r["inputs"].split()]
            figures = []
            for cid in ids:
                c = claims.loc[cid]
                period = f", {c['period']}" if c["period"] else ""
                figures.append(f"{c['printed']} ({c['short']}{period})")
                self.shown.add(cid)
            f = findings.get((r["relation_id"], r["subject"]))
            verdict = f.verdict if f else "not comparable"
            rows.append(
                {
                    "quantity": claims.loc[r["subject"], "measure"],
                    "figures side by side": " · ".join(figures),
                    "verdict": verdict,
                    "why": f.reason if f else r["reason"],
                }
            )
        if not rows:
            return [Markdown("*No quantity of the selected papers is told twice.*")]
        order = {v: i for i, v in enumerate(checks.VERDICTS)}
        table = pd.DataFrame(rows)
        table = table.sort_values("verdict", key=lambda v: v.map(order), kind="stable")
        table["verdict"] = table["verdict"].map(tables.badge)
        return [HTML(tables.to_html(table, table_id="table-told-twice", raw=("verdict",)))]

    def dated_differently(self, agree: str = "no") -> HTML:
        """Events told by more than one paper whose dates disagree (or agree), each row's date,
        paper and quote side by side."""
        links = self.data.tables["event_links"]
        links = links[links["dates_agree"] == agree]
        events = self.data.events.set_index("event_id")
        short = self.data.papers.set_index("key")["short"]
        rows = []
        for _, link in links.iterrows():
            ids = link["events"].split()
            if not {events.loc[i, "paper"] for i in ids} & set(self.selected_papers()):
                continue
            for i in ids:
                e = events.loc[i]
                rows.append(
                    {
                        "event": link["link_id"],
                        "date": e["date"],
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

    def measures_told_twice(self) -> list[str]:
        """Measures told by more than one paper (the audit decides; in relation order)."""
        from . import checks

        return checks.told_by_papers(
            self._related(("same", "same_rate", "running_total")), self.data.claims
        )

    @functools.cached_property
    def _sipri(self) -> tuple[pd.DataFrame, str]:
        """Delivered TIV and its edition: from the `sipri_register` parameter when given (read
        once), else the committed aggregates of the data package."""
        from pathlib import Path

        from . import sipri

        if self.parameters.get("sipri_register"):
            register = sipri.read_register(Path(self.parameters["sipri_register"]))
            return sipri.aggregate(register), register.generated
        return self.data.tables["sipri_tiv"], self.data.edition("sipri_tiv")

    def tiv(self) -> pd.DataFrame:
        return self._sipri[0]

    def edition(self) -> str:
        return self._sipri[1]

    def sipri_shares(self, name: str) -> list[Any]:
        """The supplier's share of the recipient's imports for every window of the chosen
        length, the papers' figures for that share, and the chosen window's suppliers."""
        from . import sipri

        p = self.parameters
        first, last = (int(y) for y in p["window"].split("-"))
        length = last - first
        tiv = self.tiv()
        years = sorted(set(tiv["year"]))
        rows = []
        for end in range(years[0] + length, years[-1] + 1):
            shares = sipri.supplier_shares(tiv, p["recipient"], end - length, end)
            got = shares[shares["supplier"] == p["supplier"]]["share_percent"]
            rows.append(
                {
                    "window": f"{end - length}-{end}",
                    "first": end - length,
                    "last": end,
                    "share": float(got.iloc[0]) if len(got) else 0.0,
                }
            )
        windows = pd.DataFrame(rows)
        how = self.data.tables["sipri_measures"]
        measures = how[
            (how["computation"] == "share")
            & (how["supplier"] == p["supplier"])
            & (how["recipient"] == p["recipient"])
        ]["measure"]
        claims = self.claims(list(measures))
        claims = claims[claims["period"].fillna("") != ""]
        claims = claims.assign(
            last=[int(x[-4:]) for x in claims["period"]],
            window=[x.replace("/", "–") for x in claims["period"]],
        )
        title = (
            f"{p['supplier']}'s share of {p['recipient']}'s arms imports, "
            f"{length + 1}-year windows (SIPRI, {self.edition()})"
        )
        fig, data, alt = charts.share_windows(windows, claims, title, p["window"])
        caption = (
            f"Each point sums delivered TIV over a {length + 1}-year window, as SIPRI's "
            f"fact sheets do; diamonds are the papers' figures."
        )
        sources = [*dict.fromkeys(claims["paper"]), f"SIPRI trade register ({self.edition()})"]
        top = sipri.supplier_shares(tiv, p["recipient"], first, last).head(8)
        top = top.assign(share_percent=top["share_percent"].round(1), tiv=top["tiv"].round(1))
        self.shown |= set(claims["claim_id"])
        return [
            self.figure(fig, name, data, caption, alt, sources),
            HTML(
                f"<p>{p['recipient']}'s suppliers in {p['window']} (TIV, millions; share, "
                "percent):</p>" + tables.to_html(top, table_id=f"table-{name}")
            ),
        ]

    def sipri_ranks(self) -> HTML:
        """The supplier's recipients in the chosen window, ranked, as SIPRI's fact sheets do."""
        from . import sipri

        p = self.parameters
        first, last = (int(y) for y in p["window"].split("-"))
        ranks = sipri.recipient_ranks(self.tiv(), p["supplier"], first, last).head(10)
        ranks = ranks.assign(
            tiv=ranks["tiv"].round(1), share_percent=ranks["share_percent"].round(1)
        )
        return HTML(
            f"<p>{p['supplier']}'s arms recipients in {p['window']}, ranked:</p>"
            + tables.to_html(ranks, table_id="table-sipri-ranks")
        )

    def against_sources(self, topics: list[str] | None = None) -> HTML:
        """Each claim a primary source covers: the paper's figure and the source's, side by
        side, with the verdict (SIPRI edition and official provenance named)."""
        from . import checks

        tol = checks.page_tolerances(self.parameters)
        findings = checks.official_findings(self.data, **tol) + checks.sipri_findings(
            self.data, **tol
        )
        claims = self.claims(topics=topics).set_index("claim_id", drop=False)
        rows = []
        for f in findings:
            if f.claim_id not in claims.index:
                continue
            c = claims.loc[f.claim_id]
            rows.append(
                {
                    "claim": f.claim_id,
                    "paper's figure": f"{c['printed']} ({c['short']})",
                    "period": c["period"] or "",
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
