"""Military, aid and diplomacy: claims that are single numbers with nothing of their kind to
stand beside (a war's length, a loan, a count of officers). No chart: each is a highlighted
figure with its verdict, then the table of every claim of these topics."""

from __future__ import annotations

from IPython.display import Markdown

from .base import Page
from .periods import span


class MilitaryPage(Page):
    def figures_list(self, topics: list[str]) -> Markdown:
        """Each topic's figures (ranks left to the table), one line each: value, what, who,
        verdict. A figure its paper states again (the headline its own footnote cites, a
        second sentence: same paper, measure, value and period) is one line, the repetition
        named on it; the table below keeps every row."""
        rows = self.claims(topics=topics)
        rows = rows[rows["unit"] != "rank"]
        same = ["paper", "measure", "value", "period"]
        again = rows.groupby(same, sort=False)["locator"].transform(lambda s: "; ".join(s.iloc[1:]))
        rows = rows.assign(again=again).drop_duplicates(same)
        lines = []
        for topic in topics:
            g = rows[rows["topic"] == topic]
            if g.empty:
                continue
            lines.append(f"\n**{topic}**\n")
            for _, r in g.iterrows():
                when = f", {span(r['period'])}" if r["period"] else ""
                also = f"; stated again in its {r['again']}" if r["again"] else ""
                lines.append(
                    f"- **{r['printed']}** — {r['measure']}{when} "
                    f"({r['short']}; {r['verdict']}{also})"
                )
        return Markdown("\n".join(lines))

    def findings(self, topics: list[str]) -> list[str]:
        """What the papers tell alike (a measure stated by two papers or more, its values and
        who), then the tally and why nothing is charted."""
        rows = self.claims(topics=topics)
        told = rows.groupby("measure", sort=False)["paper"].nunique()
        shared = told[told > 1].sort_values(ascending=False, kind="stable")
        out = []
        if not shared.empty:
            parts, differ = [], 0
            for measure, n in shared.items():
                g = rows[rows["measure"] == measure].drop_duplicates("paper")
                values = sorted(set(g["printed"]))
                differ += len(values) > 1
                every = "both" if n == 2 else "all"
                said = f"{every} give {values[0]}" if len(values) == 1 else " vs ".join(values)
                parts.append(f"{measure} ({n} papers, {said}: {', '.join(g['short'])})")
            # A short first sentence (the introduction quotes it), then the figures.
            agree = (
                "each time with the same value"
                if not differ
                else f"{differ} of them with different values"
            )
            out.append(f"{len(shared)} of these figures are told by more than one paper, {agree}.")
            out.append("They are: " + "; ".join(parts) + ".")
        ranks = int((rows["unit"] == "rank").sum())
        out.append(
            self.tally(rows, "claims on these topics")
            + f" {ranks} of the {len(rows)} are ranks or firsts."
        )
        out.append(
            "The rest stand alone, a single figure with nothing of its kind beside it, so none "
            "is charted: they are listed with their verdicts."
        )
        return out
