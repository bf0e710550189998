"""The pages' generated openings and titles say what the data show, with their whole
denominators: expected values are counted by hand from data/*.csv or taken from the papers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from claimbook import checks, ledger
from claimbook.pages import Page
from claimbook.pages.audit import most_common


def test_a_tied_verdict_count_names_every_verdict_with_that_count():
    # amity2023 in the ledger: 4 reproduced, 4 unchecked, 1 consistent, 1 not comparable.
    counts = pd.Series({"unchecked": 4, "reproduced": 4, "consistent": 1, "not comparable": 1})
    title = most_common(counts, 10)
    assert title == "reproduced and unchecked are the most common verdicts (4 of 10 each)"
    assert most_common(pd.Series({"unchecked": 21, "corroborated": 4}), 25).startswith(
        "unchecked is the most common verdict (21 of 25)"
    )


def test_no_verdict_reason_says_a_claim_is_charted():
    # Whether a chart draws a claim is the table's own `charted` column; a reason written
    # before the theme pages must never contradict it.
    audit = checks.audit(ledger.load())
    assert not audit["reason"].str.contains("charted").any()


def test_a_figure_its_paper_states_again_is_listed_once_on_the_military_page():
    page = Page.load("military")
    text = page.figures_list(["humanitarian"]).data
    # hajizade2023 states the 1,000 apartments in its text and in the headline its footnote
    # 36 cites (data/claims.csv): one line, the repetition named on it.
    assert text.count("Apartments built by Azerbaijan in Kahramanmaraş") == 1
    assert "stated again in its footnote 36" in text


def test_timeline_and_consistency_count_the_same_events_told_by_several_papers():
    links = ledger.load().tables["event_links"]
    # 25 links; two join one paper's two tellings (ismayilov2025 twice: the 1992 visit and
    # the 1997 declaration), so 23 events are told by two or more papers.
    assert len(links) == 25
    timeline, consistency = Page.load("timeline"), Page.load("consistency")
    assert len(timeline.key_events()) == 23 == len(consistency.linked_events())
    assert "23 of the events are told by more than one paper" in " ".join(timeline.findings())
    # Every telling is a date; each link is one event and every telling in no link is one,
    # so the events number the links plus the tellings no link names.
    linked = {i for ids in links["events"] for i in ids.split()}
    assert len(ledger.load().tables["events"]) == 200
    events = len(links) + 200 - len(linked)
    assert f"give 200 dates for {events} events" in " ".join(timeline.findings())
    assert "Of the 23 events several papers tell, 4 are dated differently." in " ".join(
        consistency.findings()
    )


def test_the_consistency_opening_names_the_repetitions_and_the_whole_denominator():
    page = Page.load("consistency")
    told = page._told_twice_rows()
    # relations.csv (kinds same, running_total, not_comparable): 27 quantities told more than
    # once; 8 are one paper repeating itself (verdict "repetition") and 5 are two figures of one
    # paper that measure different things; 14 are told by two or more papers, 7 of which are
    # not_comparable (among them mehdiyev2025's two closest allies vs ismayilov2025's closest).
    assert len(told) == 27
    opening = " ".join(page.findings())
    assert "8 repeat a figure" in opening and "27 quantities told more than once" in opening
    # Of the other 7: 4 corroborated, and 3 consistent, within each other's bounds (not called
    # agreement): Azerbaijan's investment as running totals to 2020 (19.5) and to 2021 (more
    # than 20), SOCAR's totals over 15 years (18) and over 17 years (more than 18.5), and the
    # 2021 trade total, whose two papers cite the same MFA page (relations.csv).
    assert page.agreement().startswith(
        "4 of the 14 quantities two or more papers give agree, 3 fit within each other's bounds"
    )


def test_a_row_of_different_quantities_names_each_under_its_own_measure():
    # relations.csv trading-partner-vs-exporter-rank: hajizade2023's "leading trading partner"
    # (a rank over both directions of trade) beside karayel2024's "second-largest exporter to
    # Azerbaijan since 2016" (a rank among Azerbaijan's import sources). The row must not file
    # the exporter rank under the trading-partner measure.
    told = Page.load("consistency")._told_twice_rows()
    row = told[told["ids"].map(lambda ids: "karayel2024-tr-rank-exporters-to-az" in ids)]
    assert row["quantity"].tolist() == [
        "Türkiye rank among Azerbaijan trading partners / "
        "Türkiye rank among Azerbaijan import sources"
    ]
    figs = row["figures side by side"].iloc[0]
    assert "Karayel 2024, 2016/2023; Türkiye rank among Azerbaijan import sources)" in figs
    # A "same" row keeps its one measure.
    same = told[told["ids"].map(lambda ids: "hajizade2023-trade-2021-total" in ids)]
    assert "Türkiye–Azerbaijan trade turnover" in same["quantity"].tolist()


def test_socar_totals_carry_the_span_their_paper_gives(figures_dir):
    page = Page.load("consistency")
    page.same_quantity("q", "caption")
    plotted = pd.read_csv(figures_dir / "q.csv", dtype=str).fillna("")
    socar = plotted[plotted["panel"] == "SOCAR investment in Türkiye"].set_index("paper")
    # mehdiyev2025: "over $18.5bn in the past seventeen years"; karayel2024: "in the last 15
    # years has reached 18 billion".
    assert socar.loc["mehdiyev2025", "label"] == "Mehdiyev 2025 · the past 17 years"
    assert socar.loc["karayel2024", "label"] == "Karayel 2024 · the past 15 years"


def test_the_same_quantity_chart_counts_what_it_draws_and_keeps_a_year_off_totals(
    figures_dir,
):
    page = Page.load("consistency")
    [fig] = page.same_quantity("q", "caption")
    plotted = pd.read_csv(figures_dir / "q.csv", dtype=str).fillna("")
    # relations.csv: of the 14 quantities several papers give, 4 are in USD bn and not
    # not_comparable (trade 2021, STAR, Azerbaijan's running total, SOCAR's span totals); the
    # title counts those 4, never the 14.
    assert plotted["panel"].nunique() == 4
    title = (figures_dir / "q.svg").read_text()
    assert "The 4 quantities in USD bn that two or more papers give" in title
    assert "14 quantities" not in title
    # One meaning per axis (charts.md): the 2021 turnover (one year) is on its own scale,
    # named apart from the running total over 2002–2020 and the 15- and 17-year totals.
    meaning = plotted.drop_duplicates("panel").set_index("panel")["axis"]
    assert meaning["Türkiye–Azerbaijan trade turnover"] == "USD bn in 2021 (one year's value)"
    assert meaning["Azerbaijan investment in Türkiye (cumulative)"].startswith(
        "USD bn, running total"
    )
    assert meaning["SOCAR investment in Türkiye"].startswith("USD bn, total over the span")


def test_an_audit_page_opens_with_what_its_verdicts_show():
    opening = " ".join(Page.load("audit", paper="amity2023").findings())
    # amity2023: 0 corroborated, 2 reproduced of 10 claims (the tensions "over ten years" and
    # the embassy "almost 30 years", both pinned by the paper's dated events); 3 within a bound
    # (the arms rank within SIPRI's revisions, and the "decade" and "second anniversary" whose
    # events are dated too coarsely to pin them); 4 unchecked. Reproduced (the paper's own
    # arithmetic) is never called independent evidence.
    assert opening.startswith("Of the 10 claims of Amity op-ed 2023, 0 are corroborated by")
    assert "and 3 lie within their bounds; 2 more are reproduced from the paper's own" in opening
    assert "4 have nothing independent to check against" in opening


def test_an_audit_opening_drops_zero_counts_and_says_a_tie_of_topics():
    opening = Page.load("audit", paper="hajizade2023").findings()
    # hajizade2023 has no reproduced claim (audit): no "0 more are reproduced" clause.
    assert "0 more" not in opening[0] and "reproduced from" not in opening[0]
    # Reproduced or corroborated per topic, counted from the audit's verdicts: where several
    # topics share the largest count, every one of them is named, none picked.
    rows = Page.load("audit", paper="hajizade2023").claims()
    firm = rows[rows["verdict"].isin(["reproduced", "corroborated"])]["topic"].value_counts()
    tied = sorted(firm[firm == firm.max()].index)
    assert len(tied) > 1
    assert opening[1].startswith(f"{len(tied)} topics tie for the most claims reproduced")
    assert all(f"{t} (of " in opening[1] for t in tied)


TRADE = [
    "Türkiye–Azerbaijan trade turnover",
    "Türkiye exports to Azerbaijan",
    "Azerbaijan exports to Türkiye",
]


def test_trade_by_year_keeps_one_meaning_on_its_axis_and_titles_what_it_draws(figures_dir):
    page = Page.load("trade")
    page.by_year("y", "caption", measures=TRADE)
    plotted = pd.read_csv(figures_dir / "y.csv", dtype=str).fillna("")
    # TURKSTAT's 2020/2024 is a five-year total (data/reference): never on a one-year axis.
    assert "2020/2024" not in set(plotted["period"])
    # Only the years a paper gives a figure for: 2021 (karayel2024, hajizade2023) and 2022
    # (ismayilov2025).
    assert set(plotted["period"].str[:4]) == {"2021", "2022"}
    # Karayel's 5.02 and Hajizade's "more than 5" are above the customs' whole-year 4.661
    # (2021); Ismayilov's "more than 5" is consistent with 5.842 (2022), both in data/reference.
    title = page._year_title(*page_rows(page))
    assert title == (
        "Türkiye–Azerbaijan trade turnover: the papers' figures are above State Customs "
        "Committee of Azerbaijan's whole-year count in 2021, consistent with it in 2022"
    )


def page_rows(page):
    rows, _ = page.year_marks(TRADE)
    return rows[rows["panel"] == TRADE[0]], TRADE[0]


def test_part_year_marks_are_open_and_named_part_year(figures_dir):
    page = Page.load("trade")
    rows, left_out = page.year_marks(TRADE)
    part = rows[rows["period"] == "2021-01/2021-11"]
    assert part["partial"].all() and part["tag"].str.contains(r"\(part-year\)").all()
    assert left_out == ["TURKSTAT 2020–2024"]


def test_the_trade_opening_states_the_base_of_its_percentage():
    opening = " ".join(Page.load("trade").findings(TRADE, []))
    # (5.02 − 4.661) / 5.02 = 7.2% of the paper's figure (4.661: data/reference, 2021).
    assert "0.36 bn less than the paper's 5.02 (7% of the paper's figure)" in opening


def oil(name: str = "o") -> list:
    return Page.load("energy").oil(
        name,
        "caption",
        measures=["Azerbaijan share of Israel oil imports"],
        part="Israel crude oil imports from Azerbaijan",
        whole="Israel crude oil imports (all origins)",
        combined="Kazakhstan and Azerbaijan combined share of Israel's crude imports",
    )


def test_the_oil_title_keeps_the_bound_it_draws(figures_dir):
    shown = oil()
    # mehdiyev2025's 40% beside 1.7 / 9.8 = 17% (2022) and Kpler's "up to 60%" (May–Oct 2023).
    # The paper gives no year (data/claims.csv: its period is empty), so the audit finds it
    # not comparable: the title says so and never puts 40% above or within either source.
    alt = shown[0].alt
    assert "40% of Israel's crude imports gives no year, so it is not compared with 17%" in alt
    assert "≤ 60% with Kazakhstan (Kpler, May–Oct 2023)" in alt
    assert "above the 17%" not in alt and "within Kpler's bound" not in alt
    assert "Kpler: ≤ 60%" in alt


def test_the_joint_oil_bound_stands_in_a_panel_of_its_own(figures_dir):
    oil()
    rows = pd.read_csv(figures_dir / "o.csv", dtype=str).fillna("")
    # Kpler's "up to 60%" is Kazakhstan's and Azerbaijan's together (data/reference): never
    # in the panel of one country's shares (Mehdiyev's 40%, mirror statistics' 17%).
    kpler = rows[rows["source"] == "Kpler"]
    assert len(kpler) == 1
    assert "Kazakhstan and Azerbaijan" in kpler["panel"].iloc[0]
    assert kpler["panel"].iloc[0] not in set(rows[rows["source"] != "Kpler"]["panel"])


def gas(name: str = "g") -> list:
    return Page.load("energy").gas(
        name,
        "caption",
        "Natural gas imports of Türkiye from Azerbaijan",
        measures=[
            "Azerbaijan gas exports to Türkiye (planned)",
            "Azerbaijan gas exports to Türkiye planned growth",
        ],
    )


def test_the_two_plan_marks_for_2023_stand_apart(figures_dir):
    gas()
    plotted = pd.read_csv(figures_dir / "g.csv")
    plan = plotted[plotted["mark"] == "paper"]
    # 10 bcm and 10.36 bcm (8.70998 × 1.19) differ by less than a marker: apart on x, both
    # inside 2023, the year they concern.
    assert len(plan) == 2 and plan["x"].nunique() == 2 and plan["x"].between(2023, 2024).all()
    # EPDK: 10.257 bcm in 2023 against hajizade2023's 10 bcm; 10.257 / 8.70998 - 1 = 17.8 %
    # on 2022 against its +19 %: the volume was met, the growth was not.
    svg = (figures_dir / "g.svg").read_text(encoding="utf-8")
    assert "10.26 bcm in 2023, above the 10 bcm planned" in svg
    assert "+17.8% on 2022, below the +19% planned" in svg
    # data/reference: EPDK 2017 "more than 6.54" bcm (bound lower): drawn with its qualifier;
    # 2015's 6.17 is a count.
    rows = pd.read_csv(figures_dir / "g.csv", dtype=str).fillna("").set_index("period")
    assert rows.loc["2017", "qualifier"] == "more_than" and rows.loc["2015", "qualifier"] == "exact"


def test_the_gas_axis_runs_only_as_high_as_the_values_and_a_plan_is_met_or_not(
    figures_dir, monkeypatch
):
    from matplotlib.text import Text

    from claimbook import charts

    drawn = {}
    by_year = charts.by_year
    monkeypatch.setattr(
        charts, "by_year", lambda *a, **k: drawn.setdefault("chart", by_year(*a, **k))
    )
    gas()
    fig = drawn["chart"].fig
    ax = fig.axes[0]
    # data/reference: EPDK's highest year is 11.548 bcm (2020), the plan's growth 10.36: the
    # value axis ends below twice that (it ran to 35 bcm to hold the words).
    assert ax.get_ylim()[1] < 2 * 11.548
    # The plan's words stand above the frame, so their leader lines never span the axis.
    frame = ax.get_window_extent()
    words = [t for t in ax.texts if "planned" in t.get_text() or "%" in t.get_text()]
    assert len(words) == 2
    # (Text's own extent: an annotation's takes in its leader line.)
    assert all(Text.get_window_extent(t).y0 >= frame.y1 - 1 for t in words)
    # A plan is met or not met (EPDK 2023: 10.257 bcm >= 10; +17.8% < +19%), then the audit's
    # verdict, named as the audit's (a bare "consistent" read as if the plan were a fact).
    said = " ".join(t.get_text().replace("\n", " ") for t in words)
    assert "met (10.26 bcm in 2023) · audit: consistent" in said
    assert "not met (+17.8% on 2022) · audit: not comparable" in said
    assert said.count("consistent") == said.count("audit: consistent")


def test_dates_in_the_dumbbell_keep_the_precision_their_words_give(figures_dir):
    Page.load("timeline").dumbbell("d", "caption")
    rows = pd.read_csv(figures_dir / "d.csv", dtype=str).fillna("").set_index("claim_id")
    # hajizade2023: "in early 1993" Türkiye closed its border; ismayilov2025 says only 1993:
    # two dates, two dots apart (one no longer hides the other).
    early = rows.loc["hajizade2023-1993-border-closed"]
    year = rows.loc["ismayilov2025-1993-turkey-closes-border-armenia"]
    assert early["printed"] == "early 1993" and year["printed"] == "1993"
    assert float(year["value"]) - float(early["value"]) > 0.25
    # karayel2024: gas "to TAP at the end of 2020": drawn in October–December 2020, not at
    # mid-2020, so its gap to ismayilov2025's 2021 is under a year.
    tap = rows.loc["karayel2024-2020-tanap-gas-to-tap"]
    assert tap["printed"] == "end of 2020"
    assert 2020.75 <= float(tap["value"]) <= 2021
    assert float(rows.loc["ismayilov2025-2021-tap-gas-europe", "value"]) - float(tap["value"]) < 1
    # The page's opening names the dates as the papers give them.
    opening = " ".join(Page.load("timeline").findings())
    assert "early 1993 (Hajizade 2023) vs 1993 (Ismayilov 2025) vs 1994 (Karayel 2024)" in opening


def test_stakes_of_different_assets_are_not_charted():
    page = Page.load("energy")
    text = page.stakes(["TPAO stake in Shah Deniz field", "BOTAŞ stake in TANAP"]).data
    # karayel2024: 19% of Shah Deniz, 30% of TANAP: nothing comparable beside either.
    assert "**19%**" in text and "**30%**" in text and "not charted" in text


def test_survey_intervals_use_the_sample_the_page_argues_for(figures_dir):
    page = Page.load("surveys")
    measures = list(page.claims(topics=["survey"])["measure"].unique())
    page.intervals("s", "caption", measures=measures)
    plotted = pd.read_csv(figures_dir / "s.csv").set_index("claim_id")
    # 95.1% and 94.9% of one survey are possible together only from n = 350 (the page's
    # feasibility table; 333/350 = 95.14%, 332/350 = 94.86%).
    assert plotted.loc["karayel2024-survey-az-sympathy-turkish-flag", "smallest_n"] == 350
    assert plotted.loc["karayel2024-survey-az-expect-turkish-army-support", "smallest_n"] == 350
    assert "range from" not in page.findings(measures)[0]
    # Each alone is possible from far fewer: 39/41 = 95.12% and 37/39 = 94.87% (and no smaller
    # n gives either), so the 350 holds only if both were asked of one sample: said so.
    assert (
        "95.1% and 94.9%, from one survey, are possible from one sample of respondents only if "
        "it is at least 350 (each alone needs 41 and 39)."
    ) in " ".join(page.findings(measures))


def test_arms_labels_show_turkiye_and_keep_sipris_spelling_in_the_data(figures_dir):
    page = Page.load("arms")
    shown = page.supplier_shares(
        "a", "caption", measures=["Israel share of Azerbaijan arms imports"]
    )
    plotted = pd.read_csv(figures_dir / "a.csv", dtype=str).fillna("")
    assert "Türkiye" in set(plotted["label"]) and "Turkiye" not in set(plotted["label"])
    assert "Türkiye overtook it in 2020–2024" in shown[0].alt
    assert "Turkiye" in set(page.tiv()["supplier"])


def test_line_end_labels_never_overlap():
    from claimbook.charts.labels import spread

    # SIPRI 2020–2024 ends: 0 (Russia, Ukraine), 19.8 (all others), 21.4 (Israel), 58.8.
    ys = spread([21.4, 19.8, 0.0, 58.8], 10, 1.5, 103)
    ordered = sorted(ys)
    assert all(b - a >= 10 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))
    # Centred on their targets: Israel and all others around their mean 20.6.
    assert ys[0] + ys[1] == pytest.approx(21.4 + 19.8) and ys[3] == 58.8


def test_the_introduction_gives_each_theme_its_pages_first_sentence(tmp_path):
    from claimbook import findings

    nb = tmp_path / "notebook.ipynb"
    opening = "**What the numbers show.** First: 5.02 USD bn, e.g. “this”. Second one."
    cell = {"cell_type": "code", "source": [], "outputs": [{"data": {"text/markdown": [opening]}}]}
    title = {"cell_type": "markdown", "source": ["# Trade and investment\n", "\n", "Words."]}
    nb.write_text(__import__("json").dumps({"cells": [title, cell]}), encoding="utf-8")
    text = findings.themes([("notebooks/trade", None, nb), ("notebooks/audit/x", "A", nb)])
    assert text.splitlines()[2] == (
        "- [Trade and investment](notebooks/trade.ipynb): First: 5.02 USD bn, e.g. “this”."
    )
    assert "audit" not in text


def test_the_military_page_opens_with_what_several_papers_tell_alike():
    page = Page.load("military")
    first, figures = page.findings(["military", "history"])[:2]
    # hajizade2023 ("During the 44-day war") and ismayilov2025 ("During the 44-day Patriotic
    # War") give the Second Karabakh War one length; no other paper gives it.
    assert (
        "Second Karabakh War duration (2 papers, both give 44 days: Hajizade 2023, "
        "Ismayilov 2025)" in figures
    )
    # The first sentence, which the introduction quotes, only counts them: every such figure
    # in data/claims.csv on these topics is given alike (rank 1, 44 days, rank 1).
    assert first.endswith("told by more than one paper, each time with the same value.")


def test_the_introduction_keeps_reproduced_apart_from_independent_evidence_and_names_dates():
    from claimbook import findings

    data = ledger.load()
    text = findings.markdown(data)
    audit = checks.audit(data)["verdict"].value_counts()
    assert f"{audit['corroborated']} are corroborated by independent evidence" in text
    assert f"{audit['reproduced']} more are reproduced from their paper's own figures" in text
    # Every verdict is counted, so the counts add up to the claims (124 = 13 + 15 + 6 + 1 + 23
    # + 66 at the time of writing: the 23 not comparable were left out before).
    head = next(line for line in text.split("\n") if line.startswith("- Of "))
    total = int(re.search(r"Of (\d+) claims", head).group(1))
    counts = [
        int(x) for x in re.findall(r"(?:[;,.] |and )(\d+) (?:are|lie|more|differ|have)", head)
    ]
    assert total == len(checks.audit(data)) and sum(counts) == total, (counts, head)
    assert f"{audit['not comparable']} are set beside a figure" in text
    # data/event_links.csv: the border closure (1993 vs 1994), the investment agreement
    # (1994 vs 1995), BTC (2005 vs 2006) and TAP (2020 vs 2021) are dated differently.
    assert "Of the 23 events that several papers tell, 4 are dated differently" in text
    # Each claim that differs in one line: what it differs from, the reason on its page.
    # karayel2024's 10,645 who went over 2000–2021 against YÖK's 17,088 enrolled in 2017/2018,
    # with the rule that makes a one-year count bear on a count over a span.
    assert (
        "- Karayel 2024, Azerbaijani students who went to Türkiye to study (cumulative) "
        "(2000–2021): 10,645 differs from YÖK (Council of Higher Education of Türkiye)'s 17,088 "
        "students for 2017–2018 (a one-year enrolment inside the span is a lower bound) — "
        "[why](notebooks/audit/karayel2024.ipynb)"
    ) in text


def test_the_energy_opening_holds_the_plan_against_its_own_year():
    page = Page.load("energy")
    first = page.findings(
        "Natural gas imports of Türkiye from Azerbaijan",
        "Azerbaijan's share of Türkiye's natural gas imports",
        level=["Azerbaijan gas exports to Türkiye (planned)"],
    )[0]
    # EPDK (data/reference): 6.17 bcm in 2015, 10.257 in 2023; hajizade2023 plans 10 bcm for
    # 2023 ("bring their volume to 10 billion cubic meters during 2023"): reached.
    assert first == (
        "Natural gas imports of Türkiye from Azerbaijan (EPDK) rose from 6.17 bcm in 2015 to "
        "10.257 bcm in 2023; Hajizade 2023's 10 bcm planned for 2023 was reached."
    )


def test_the_consistency_opening_gives_covered_claims_their_audit_verdicts():
    page = Page.load("consistency")
    opening = " ".join(page.findings())
    # karayel2024's 5.02 bn: Türkiye's January–November figure allows it (consistent), its
    # parts reproduce it; the count shows its audit verdict (reproduced), not a source's.
    covered = page.source_verdicts(page.source_findings()).set_index("claim_id")["verdict"]
    assert covered["karayel2024-trade-2021-total"] == "reproduced"
    assert "weighing all their checks" in opening
