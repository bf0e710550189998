"""What the sentence-by-sentence re-read of mehdiyev2025, amity2023 and ismayilov2025 corrected in
the ledger: one test per class of error, each naming the paper's sentence that gives the expected
value (the texts are in the papers folder; tests/test_quotes.py checks every quote is verbatim)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from claimbook import ledger


@functools.cache
def data() -> ledger.Ledger:
    return ledger.load()


def claim(claim_id: str) -> pd.Series:
    return data().claims.set_index("claim_id").loc[claim_id]


@pytest.mark.parametrize(
    ("claim_id", "cited"),
    [
        # mehdiyev2025: "A report by the Stockholm International Peace Research Institute (SIPRI)
        # shows that Israel supplied 60 percent of Azerbaijan's arms imports between 2015 and
        # 2019." The "(von Essen, 2023)" closes the next sentence, on the US$5 billion.
        (
            "mehdiyev2025-israel-arms-share-2015-2019",
            "SIPRI (named in the sentence); von Essen 2023 (after the following sentence)",
        ),
        # mehdiyev2025: "following Abbas' 2011 visit to Baku, which was the first recorded
        # official visit ..." carries no citation; "(Veliyev, 2023)" ends the paragraph two
        # sentences later.
        ("mehdiyev2025-abbas-visit-first-official", "Veliyev 2023 (two sentences later)"),
        # karayel2024: "The foreign trade volume between the two countries was 5.02 billion
        # dollars in 2021: ..." carries no footnote; 39, the next, closes "Türkiye's total
        # investment in Azerbaijan between 2002 and 2020 has reached 12 billion dollars, while
        # ... 19.5 billion dollars." and lists an OEC trade page and the MFA's page.
        (
            "karayel2024-trade-2021-total",
            "Turkish Ministry of Foreign Affairs; OEC (footnote 39, after the next paragraph's "
            "first sentence)",
        ),
        # ismayilov2025's introduction: "(Yagublu, 2013, pp. 71–78)" closes the paragraph that
        # opens with "The Azerbaijanis created the first Turkish-Muslim state ..." and
        # "Ottoman Turkey was the first state to officially recognize ...".
        (
            "ismayilov2025-adr-first-democratic-state",
            "Yagublu 2013 (at the end of the paragraph, pp. 71–78)",
        ),
        (
            "ismayilov2025-ottoman-first-recognition-intro",
            "Yagublu 2013 (at the end of the paragraph, pp. 71–78)",
        ),
    ],
)
def test_a_citation_the_sentence_does_not_carry_says_where_it_stands(claim_id, cited):
    assert claim(claim_id)["cited_source"] == cited


def duration_span(start: str, end: str) -> str:
    """The span two dated events give a duration: to the month when both print one."""
    precise = len(start) >= 7 and len(end) >= 7
    return f"{start[: 7 if precise else 4]}/{end[: 7 if precise else 4]}"


def test_a_duration_runs_over_the_span_between_the_events_its_paper_dates():
    # Each duration relation names the two events that bound the span the paper states, e.g.
    # amity2023's "after almost 30 years" runs from "the establishment of an embassy in Baku by
    # Israel in August 1993" to "In November 2022, Azerbaijan's parliament approved a bill";
    # ismayilov2025's "a week later" from "May 28th, 1918" to "June 4th" (1918-05/1918-06).
    d = data()
    events = d.events.set_index("event_id")["date"]
    relations = d.tables["relations"]
    durations = relations[relations["kind"] == "duration"]
    assert len(durations) >= 7
    for rel in durations.itertuples():
        start, end = (events[e] for e in rel.events.split())
        assert claim(rel.subject)["period"] == duration_span(start, end), rel.relation_id


@pytest.mark.parametrize(
    ("claim_id", "period"),
    [
        # ismayilov2025: "On March 22th, 1992, the Chairman of the Nakhchivan Supreme Council,
        # Heydar Aliyev, visited Turkey and signed a protocol allocating a loan of 100 million
        # dollars to Nakhchivan and allowing 10 students to study in Turkey."
        ("ismayilov2025-nakhchivan-loan-1992", "1992-03"),
        ("ismayilov2025-nakhchivan-students-1992", "1992-03"),
        # ismayilov2025: "... held on November 9th, 1991, the decision to recognize the
        # independence of the Republic of Azerbaijan was accepted. Thus, Turkey became the first
        # country to recognize Azerbaijan's independence."
        ("ismayilov2025-turkiye-first-recognition-1991", "1991-11"),
        # ismayilov2025: "signed its first agreement with the Ottoman Empire a week later - on
        # June 4th. Thus, the Ottoman state was the first to recognize Azerbaijan's independence."
        ("ismayilov2025-ottoman-first-recognition-dev", "1918-06"),
        ("ismayilov2025-adr-first-agreement-ottoman", "1918-06"),
        # ismayilov2025's paragraph opens "The years 1996-2003 marked a qualitatively new stage in
        # Azerbaijan-Turkey economic cooperation" before "Oil products comprised 70 percent".
        ("ismayilov2025-oil-products-share-exports", "1996/2003"),
        # hajizade2023 gives the rank with the year of the trade it rests on: "Türkiye is
        # Azerbaijan's leading trading partner, with trade between the two countries exceeding
        # $5 billion in 2021."
        ("hajizade2023-trade-partner-rank", "2021"),
    ],
)
def test_a_period_is_as_precise_as_its_sentence_or_paragraph_prints_it(claim_id, period):
    assert claim(claim_id)["period"] == period


# A "same" relation whose members the ledger keeps under two measures on purpose: karayel2024
# gives its 12 billion dollars once as Türkiye's total investment in Azerbaijan over 2002-2020
# and once as its investment in the non-hydrocarbon sectors, two framings of one figure.
TWO_FRAMINGS = {"turkiye-investment-in-azerbaijan-12bn-repeat"}


def test_one_quantity_has_one_measure_name_across_the_papers():
    # hajizade2023: "Türkiye's relations with Azerbaijan have always been the closest of its ties
    # with Turkic states"; ismayilov2025: "Azerbaijan is the closest to Turkey in the Turkic
    # world." amity2023 gives the Mavi Marmara strain twice: "relations that have been
    # compromised for a decade" and "After over ten years of tensions". Each pair is one
    # quantity, so one measure name, whichever paper words it.
    relations = data().tables["relations"]
    same = relations[(relations["kind"] == "same") & ~relations["relation_id"].isin(TWO_FRAMINGS)]
    assert len(same) >= 10
    for rel in same.itertuples():
        ids = [rel.subject, *rel.inputs.split()]
        assert {claim(i)["measure"] for i in ids} == {claim(rel.subject)["measure"]}, ids


def test_one_state_has_one_name_in_the_measures():
    # ismayilov2025 calls the 1918 republic both "the Azerbaijan Democratic Republic" and "the
    # People's Republic of Azerbaijan"; mehdiyev2025 says "the Azerbaijan Democratic Republic".
    measures = set(data().claims["measure"])
    assert not [m for m in measures if "People’s Republic" in m or "People's Republic" in m]
    assert sum("Azerbaijan Democratic Republic" in m for m in measures) >= 5


@pytest.mark.parametrize(
    ("claim_id", "measure", "value", "unit"),
    [
        # mehdiyev2025's introduction: "Currently, its two closest allies on the world stage are
        # Türkiye and Israel."
        ("mehdiyev2025-two-closest-allies", "Azerbaijan closest allies", 2, "count"),
        # mehdiyev2025: "Israel ... quietly supported Azerbaijan during the Karabakh conflict,
        # becoming its biggest arms supplier alongside Türkiye": Türkiye shares the first place.
        (
            "mehdiyev2025-turkiye-biggest-arms-supplier",
            "Türkiye rank among Azerbaijan arms suppliers",
            1,
            "rank",
        ),
        # mehdiyev2025: "Azerbaijan was declared a strategic partner to the USA during Aliyev's
        # first official visit ... (Mammadli, 2023)", the ordinal the ledger records for his
        # first official visit to Türkiye in ismayilov2025.
        (
            "mehdiyev2025-heydar-aliyev-first-official-visit-usa",
            "Heydar Aliyev visit ordinal among his official presidential visits to the USA",
            1,
            "rank",
        ),
        # ismayilov2025 again, after "Thus, Turkey became the first country to recognize
        # Azerbaijan's independence": "The sister country first recognized Azerbaijan as an
        # independent state on November 9th, 1991."
        (
            "ismayilov2025-turkiye-first-recognition-1991-repeat",
            "Türkiye rank among states recognizing Azerbaijan independence",
            1,
            "rank",
        ),
    ],
)
def test_a_quantitative_claim_the_first_reading_missed_is_recorded(claim_id, measure, value, unit):
    row = claim(claim_id)
    assert (row["measure"], row["value"], row["unit"]) == (measure, value, unit)


def test_a_paper_stating_a_claim_twice_is_a_repetition_in_its_relation():
    # ismayilov2025's two sentences on Türkiye's first recognition (November 9th, 1991) stand in
    # the relation with karayel2024 and mehdiyev2025, so the audit shows the repetition.
    relations = data().tables["relations"].set_index("relation_id")
    members = relations.loc["turkiye-first-to-recognise-azerbaijan", "inputs"].split()
    assert {
        "ismayilov2025-turkiye-first-recognition-1991",
        "ismayilov2025-turkiye-first-recognition-1991-repeat",
    } <= set(members)
