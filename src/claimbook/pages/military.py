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
        verdict."""
        rows = self.claims(topics=topics)
        rows = rows[rows["unit"] != "rank"]
        lines = []
        for topic in topics:
            g = rows[rows["topic"] == topic]
            if g.empty:
                continue
            lines.append(f"\n**{topic}**\n")
            for _, r in g.iterrows():
                when = f", {span(r['period'])}" if r["period"] else ""
                lines.append(
                    f"- **{r['printed']}** — {r['measure']}{when} ({r['short']}; {r['verdict']})"
                )
        return Markdown("\n".join(lines))

    def findings(self, topics: list[str]) -> list[str]:
        rows = self.claims(topics=topics)
        ranks = int((rows["unit"] == "rank").sum())
        out = [self.tally(rows, f"claims on these topics, {ranks} of them ranks or firsts")]
        out.append(
            "Each is a single figure with nothing of its kind beside it, so none is "
            "charted: they are listed with their verdicts."
        )
        return out
