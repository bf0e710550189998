"""What every page shares: parameters, the claims it selects (each with its verdict), saving a
chart, official figures shaped as marks, the opening sentences and the theme's verdict table.

Every claim a page shows is remembered, so the theme table can say which claims the charts
drew, and every claim of a theme appears on its page (a test checks the topics).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd
from IPython.display import HTML, Markdown

from .. import figures, ledger, params, paths, tables
from ..charts import Chart
from ..errors import UnknownNameError
from ..papers import keys as paper_keys
from .marks import Marks
from .periods import span


def data_for(notebook: str) -> ledger.Ledger:
    """The data package as a notebook sees it: each table validated and read when first used,
    and only the tables the notebook declares in the registry."""
    return ledger.load(
        lazy=True,
        tables=params.NOTEBOOKS[notebook].tables,
        reader=notebook,
        checked=paths.CHECKED,
    )


@dataclass
class Page(Marks):
    """One page of the book: its notebook, its parameters, the data and what it has shown."""

    notebook: str
    parameters: dict[str, Any]
    data: ledger.Ledger
    shown: set[str] = field(default_factory=set)
    # notebook name -> page class; each page family registers itself (pages/__init__.py).
    families: ClassVar[dict[str, type[Page]]] = {}

    @classmethod
    def load(cls, notebook: str, **parameters: Any) -> Page:
        """Validate the parameters, open the data package (tables read when first used), and
        start the page of the notebook's family."""
        values = params.validate(params.NOTEBOOKS[notebook], parameters)
        family = cls.families.get(notebook, cls)
        return family(notebook, values, data_for(notebook))

    def selected_papers(self) -> list[str] | None:
        """The papers the page shows: its `papers` parameter, every paper when that is empty,
        None on a page without one (the audit page's single `paper`)."""
        if "papers" not in self.parameters:
            return None
        return self.parameters["papers"] or list(paper_keys())

    @functools.cached_property
    def verdicts(self) -> pd.DataFrame:
        """The audit's verdict and reason per claim (checks.audit, shown as it is)."""
        from .. import checks

        tol = checks.page_tolerances(self.parameters)
        return checks.audit(self.data, **tol).set_index("claim_id")

    def claims(
        self,
        measures: list[str] | None = None,
        topics: list[str] | None = None,
        papers: list[str] | None = None,
    ) -> pd.DataFrame:
        """Claims of the page's papers, by measure (in the order given) or by topic, each with
        its printed value, short paper label and verdict. A measure or topic no claim has is an
        error naming it (a misspelling, not an empty chart)."""
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
            period=c["period"].fillna(""),
            short=c["paper"].map(short),
            printed=[
                tables.format_value(r.value, r.decimals, r.unit, r.qualifier)
                for r in c.itertuples()
            ],
            verdict=[self.verdicts.loc[i, "verdict"] for i in c["claim_id"]],
            why=[self.verdicts.loc[i, "reason"] for i in c["claim_id"]],
        )

    def figure(self, chart: Chart, name: str, caption: str) -> figures.Figure:
        """Save a chart of this page (title, sources and licence in its metadata too), with
        the command that re-makes it with these parameters; remember the claims it draws."""
        if "claims" in params.NOTEBOOKS[self.notebook].tables:
            known = set(self.data.claims["claim_id"])
            self.shown |= {i for c in chart.data["claim_id"] for i in str(c).split() if i in known}
        command = params.command(self.notebook, self.parameters)
        return figures.show(
            chart.fig, name, chart.data, caption, chart.alt, chart.sources, command, chart.meta()
        )

    def opening(self, sentences: list[str]) -> Markdown:
        """The page's first screen: what the numbers show, in sentences made from the data."""
        return Markdown("**What the numbers show.** " + " ".join(s for s in sentences if s))

    # What a chart section shows when none of the selected papers gives its figures.
    NOTHING = Markdown("*None of the selected papers gives a figure for this chart.*")

    def verdict_table(self, topics: list[str], name: str = "claims") -> list[Any]:
        """Every claim of these topics (and the page's papers) in one compact table: verdict
        badge, the value as printed, who says it, the period, whether a chart above draws it,
        and the audit's reason. Every claim of a theme is listed here."""
        rows = self.claims(topics=topics)
        if rows.empty:
            return [Markdown("*None of the selected papers states a claim on this theme.*")]
        table = pd.DataFrame(
            {
                "verdict": [tables.badge(v) for v in rows["verdict"]],
                "claim": rows["measure"],
                "value": rows["printed"],
                "period": [span(p) for p in rows["period"]],
                "paper": rows["short"],
                "charted": ["yes" if c in self.shown else "" for c in rows["claim_id"]],
                "why": rows["why"],
                "quote": rows["quote"].map(tables.as_read),
                "id": rows["claim_id"],
            }
        )
        self.shown |= set(rows["claim_id"])
        html = tables.to_html(table, table_id=f"table-{name}", raw=("verdict",))
        return [HTML(html)]

    def table(self, rows: pd.DataFrame, table_id: str = "") -> HTML:
        """The rows as a reader's table of claims (and remember them as shown)."""
        self.shown |= set(rows["claim_id"])
        return HTML(tables.to_html(tables.claims_table(rows), table_id=table_id))

    def sources(self) -> Markdown:
        """The page's sources line: every paper whose claims the page showed."""
        shown = self.data.claims[self.data.claims["claim_id"].isin(self.shown)]
        keys = [k for k in paper_keys() if k in set(shown["paper"])]
        if not keys:
            return Markdown("**Sources:** none of the selected papers.")
        return Markdown("**Sources:** " + ", ".join(f"{{cite:t}}`{k}`" for k in keys) + ".")

    def when_words(self, c: pd.Series, fallback: str = "no date given") -> str:
        """A claim's period as a label says it: its period, else the span its own paper gives
        for it (a `<measure> duration` claim: "the past 17 years"), else `fallback`."""
        if c["period"]:
            return span(c["period"])
        d = self.data.claims
        d = d[(d["measure"] == f"{c['measure']} duration") & (d["paper"] == c["paper"])]
        if d.empty:
            return fallback
        self.shown.add(d["claim_id"].iloc[0])
        n = d.iloc[0]
        return f"the past {tables.format_value(n.value, n.decimals, n.unit, n.qualifier)}"

    @staticmethod
    def count(rows: pd.DataFrame, verdict: str) -> int:
        return int((rows["verdict"] == verdict).sum())

    @staticmethod
    def tally(rows: pd.DataFrame, what: str) -> str:
        """'12 claims: 3 corroborated, 9 unchecked.' in the audit's order of verdicts."""
        from .. import checks

        counts = rows["verdict"].value_counts()
        found = [f"{counts[v]} {v}" for v in checks.VERDICTS if v in counts]
        return f"{len(rows)} {what}: " + ", ".join(found) + "."
