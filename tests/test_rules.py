"""The row rules a Table Schema cannot express: each check passes a good row and names the
column, the value and the reason for a row that breaks it."""

from __future__ import annotations

import pytest

from claimbook import rules

CLAIM = {
    "claim_id": "karayel2024-trade-2021-total",
    "paper": "karayel2024",
    "value": "5.02",
    "unit": "USD bn",
    "qualifier": "exact",
    "period": "2021",
}
EVENT = {
    "event_id": "amity2023-1993-israel-embassy-baku",
    "paper": "amity2023",
    "date": "1993-08",
    "actors": "AZ-IL",
}
RELATION = {"kind": "share", "inputs": "a2020-part a2020-whole", "reason": ""}
LINK = {"dates_agree": "no", "reason": "One paper says 1993, the other 1994."}
FIGURE = {"value": "17088", "unit": "students", "period": "2017/2018"}

# (check, a good row, the change that breaks it, the problem). Unchanged fields stay good.
BROKEN = [
    (
        rules.percent_share,
        CLAIM,
        {"unit": "percent", "value": "100.5"},
        "value: 100.5 is above 100",
    ),
    (rules.percent_share, FIGURE, {"unit": "percent", "value": "-1"}, "value: -1 is below 0"),
    (rules.whole_counts, CLAIM, {"unit": "count", "value": "7.5"}, "value: 7.5 is not a whole"),
    (rules.whole_counts, CLAIM, {"unit": "years", "value": "-3"}, "value: -3 is below 0"),
    (rules.whole_head_counts, FIGURE, {"value": "17088.5"}, "value: 17088.5 is not a whole"),
    (rules.non_negative_amounts, CLAIM, {"value": "-5.02"}, "value: -5.02 is below 0"),
    (rules.rank_unit_and_qualifier, CLAIM, {"qualifier": "rank"}, "unit: 'USD bn' breaks a rule"),
    (rules.rank_unit_and_qualifier, CLAIM, {"unit": "rank"}, "qualifier: 'exact' breaks a rule"),
    (rules.claim_id_names_paper, CLAIM, {"paper": "amity2023"}, "claim_id: 'karayel2024-trade"),
    (rules.ordered_period, CLAIM, {"period": "2021/2002"}, "period: '2021/2002' is not a valid"),
    (rules.ordered_period, CLAIM, {"period": "2021-13"}, "period: '2021-13' is not a valid"),
    (rules.ordered_period, FIGURE, {"period": "2018/2017"}, "period: '2018/2017' is not a valid"),
    (rules.real_date, EVENT, {"date": "1993-02-30"}, "date: '1993-02-30' is not a real date"),
    (rules.event_id_names_paper, EVENT, {"paper": "hajizade2023"}, "event_id: 'amity2023-1993"),
    (rules.event_id_carries_year, EVENT, {"date": "1994"}, "event_id: 'amity2023-1993-israel"),
    (rules.actors_in_order, EVENT, {"actors": "IL-AZ"}, "actors: 'IL-AZ' is not in order"),
    (rules.actors_in_order, EVENT, {"actors": "AZ-AZ"}, "actors: 'AZ-AZ' is not in order"),
    (rules.actors_in_order, EVENT, {"actors": "AZ-GE-AM"}, "actors: 'AZ-GE-AM' is not in order"),
    (rules.relation_arity, RELATION, {"inputs": "a2020-part"}, "inputs: has 1 item(s), not 2"),
    (rules.relation_arity, RELATION, {"kind": "same_rate"}, "inputs: has 2 item(s), not 3"),
    (rules.not_comparable_says_why, RELATION, {"kind": "not_comparable"}, "reason: is empty"),
    (rules.disagreeing_dates_say_why, LINK, {"reason": ""}, "reason: is empty"),
]


@pytest.mark.parametrize(
    ("check", "good", "change", "expected"), BROKEN, ids=[b[3][:40] for b in BROKEN]
)
def test_each_rule_passes_a_good_row_and_names_what_breaks_it(check, good, change, expected):
    assert check(good) is None
    problem = check({**good, **change})
    assert problem is not None and problem.startswith(expected), problem
    assert problem.endswith(")") or "breaks a rule: " in problem  # every problem says why


@pytest.mark.parametrize(
    ("check", "row"),
    [
        (rules.percent_share, {**CLAIM, "unit": "percent change", "value": "-140"}),  # growth
        (rules.whole_counts, {**CLAIM, "unit": "count", "value": "7000"}),
        (rules.ordered_period, {**CLAIM, "period": ""}),  # no period is stated
        (rules.ordered_period, {**CLAIM, "period": "2021-03/2021-03"}),  # a one-month span
        (rules.real_date, {**EVENT, "date": "2024-02-29"}),  # a leap day
        (rules.actors_in_order, {**EVENT, "actors": "AZ-TR-IL-AM-RU"}),
        (rules.relation_arity, {**RELATION, "kind": "sum", "inputs": "a b c d"}),  # any number
    ],
)
def test_rows_that_look_odd_but_are_right_pass(check, row):
    assert check(row) is None


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        (rules.trimmed, " 5.02", "value: ' 5.02' has leading or trailing spaces"),
        (rules.trimmed, "5.02\t", "value: '5.02\\t' has leading or trailing spaces"),
        (rules.trimmed, "5.02", None),
        (rules.finite, "nan", "value: 'nan' is not a finite number"),
        (rules.finite, "-inf", "value: '-inf' is not a finite number"),
        (rules.finite, "1e400", "value: '1e400' is not a finite number"),
        (rules.finite, "1e3", None),
        (rules.finite, "abc", None),  # not a number at all: the type check says so
    ],
)
def test_cell_checks(check, value, expected):
    assert check("value", value) == expected


def test_a_list_key_names_the_ids_that_do_not_exist():
    key = rules.ListKey("inputs", "claims", "claim_id")
    row = {"inputs": "a2020-x b2021-y c2022-z"}
    assert key.missing(row, {"a2020-x", "c2022-z"}) == ["b2021-y"]
    assert key.missing(row, {"a2020-x", "b2021-y", "c2022-z"}) == []


def test_every_list_key_and_row_check_belongs_to_a_table_of_the_package():
    from claimbook import ledger, paths

    names = ledger.Ledger(paths.DATAPACKAGE).names()
    assert set(rules.ROWS) <= set(names) and set(rules.LIST_KEYS) <= set(names)
    assert {k.resource for keys in rules.LIST_KEYS.values() for k in keys} <= set(names)
