"""The consistency page's opening: what the comparisons show, generated from the same rows the
page's tables and chart draw (a mixin of ConsistencyPage)."""

from __future__ import annotations

import pandas as pd

from .. import checks
from .. import timeline as tl

# Verdicts of figures that do not contradict each other: they agree ("corroborated"), or one
# lies within the bounds the other sets ("consistent"), which is not called agreement.
AGREE = ("corroborated", "consistent")
BOUNDS = "fit within each other's bounds"


def counted(rows: pd.DataFrame, verdicts: tuple[str, ...] = checks.VERDICTS) -> str:
    """'6 corroborated, 1 consistent' in the audit's order of verdicts."""
    counts = rows["verdict"].value_counts()
    said = {v: "differ" if v == "differs" and counts[v] != 1 else v for v in counts.index}
    return ", ".join(f"{counts[v]} {said[v]}" for v in verdicts if v in counts)


def _counts(several: pd.DataFrame) -> dict[str, int]:
    return {v: int((several["verdict"] == v).sum()) for v in (*AGREE, "differs", "not comparable")}


def _agreement(several: pd.DataFrame) -> str:
    n = _counts(several)
    differ = n["differs"] or "none"
    return (
        f"{n['corroborated']} of the {len(several)} quantities two or more papers give agree, "
        f"{n['consistent']} {BOUNDS}, {differ} differ{'s' if differ == 1 else ''}, "
        f"{n['not comparable']} measure different things"
    )


class ConsistencyStory:
    def several_papers(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The quantities told more than once, split: by two or more papers, and one paper
        stating a figure again (a repetition, never evidence)."""
        t = self._told_twice_rows()
        return t[t["papers"] > 1], t[t["papers"] == 1]

    def linked_events(self) -> pd.DataFrame:
        """Events several papers tell (timeline.told_by_several, as the timeline page counts)."""
        events = self.data.events[self.data.events["paper"].isin(self.selected_papers())]
        return tl.told_by_several(self.data.tables["event_links"], events)

    def source_verdicts(self, findings: list) -> pd.DataFrame:
        """Per claim a primary source covers, the claim's verdict as the audit gives it (all
        its checks weighed: one source's agreement never hides another's difference)."""
        covered = list(dict.fromkeys(f.claim_id for f in findings))
        verdicts = self.verdicts["verdict"]
        return pd.DataFrame({"claim_id": covered, "verdict": [verdicts[c] for c in covered]})

    def agreement(self) -> str:
        """'5 of the 14 quantities two or more papers give agree, 2 fit within each other's
        bounds, none differ, 7 measure different things' (the whole denominator, every verdict
        named; a bound met is not called agreement)."""
        return _agreement(self.several_papers()[0])

    def findings(self) -> list[str]:
        several, again = self.several_papers()
        if several.empty and again.empty:
            return []
        n = _counts(several)
        out = [
            f"Where two or more papers give a quantity, none contradicts another: of those "
            f"{len(several)}, {n['corroborated']} agree, {n['consistent']} {BOUNDS} and "
            f"{n['not comparable']} measure different things."
            if not n["differs"]
            else f"{_agreement(several)}."
        ]
        repeats = int((again["verdict"] == "repetition").sum())
        out.append(
            f"The other {len(again)} come from one paper: {repeats} repeat a figure (a second "
            "sentence, or the headline its own footnote cites: shown, never counted as "
            f"evidence) and {len(again) - repeats} are two figures of one paper that measure "
            f"different things — {len(several) + len(again)} quantities told more than once."
        )
        src = self.source_verdicts(self.source_findings())
        if len(src):
            out.append(
                f"A primary source covers {len(src)} claims; weighing all their checks, "
                f"{counted(src)} (a part-year figure only bounds a year's)."
            )
        links = self.linked_events()
        if len(links):
            out.append(
                f"Of the {len(links)} events several papers tell, "
                f"{int((links['dates_agree'] == 'no').sum())} are dated differently."
            )
        return out
