"""Markdown the prose pages include, generated from the data at build time (never typed):
the introduction's verdict dashboard and the methods page's worked examples, one per rule,
with the sensitivity of the verdicts to the audit's tolerances."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re

import pandas as pd

from . import checks, findings, papers, tables
from .audit.evidence import said_on_its_last_day
from .ledger import Ledger

# Where the generated files go, relative to the book's root (the stage).
FOLDER = "_generated"
# The dashboard's columns beside the verdicts: checks that are shown but are not independent
# evidence, each with the audit page's anchor of its group.
APART = (
    ("repeated", "repeated by its own paper", "checks-repetition"),
    ("shared_source", "agrees with a paper citing the same source", "checks-shared"),
)


def _cell(n: int, href: str) -> str:
    return f'<td><a href="{href}">{n}</a></td>' if n else "<td>0</td>"


def dashboard(data: Ledger) -> str:
    """Verdicts counted per paper, and apart from them the claims only repeated by their own
    paper or agreeing with a paper citing the same source; each count links to its claims."""
    table = checks.counts(data)
    short = data.papers.set_index("key")["short"]
    head = "".join(f"<th>{tables.badge(v)}</th>" for v in checks.VERDICTS)
    head += "".join(f"<th>{html.escape(title)}</th>" for _, title, _ in APART)
    rows = []
    for key in papers.keys():
        mine = table[table["paper"] == key]
        page = f"notebooks/audit/{key}.html"
        cells = [
            _cell(int((mine["verdict"] == v).sum()), f"{page}#verdict-{v.replace(' ', '-')}")
            for v in checks.VERDICTS
        ]
        cells += [_cell(int(mine[col].sum()), f"{page}#{anchor}") for col, _, anchor in APART]
        rows.append(
            f'<tr><th scope="row"><a href="{page}">'
            f"{html.escape(short[key])}</a></th>{''.join(cells)}<td>{len(mine)}</td></tr>"
        )
    totals = "".join(f"<td>{int((table['verdict'] == v).sum())}</td>" for v in checks.VERDICTS)
    totals += "".join(f"<td>{int(table[col].sum())}</td>" for col, _, _ in APART)
    return (
        '<div class="claimbook-table"><table class="table" id="verdict-dashboard">'
        f"<thead><tr><th>paper</th>{head}<th>claims</th></tr></thead><tbody>"
        + "".join(rows)
        + f'<tr><th scope="row">all papers</th>{totals}<td>{len(table)}</td></tr>'
        + "</tbody></table></div>\n"
    )


def _first(relations: pd.DataFrame, kind: str) -> pd.Series | None:
    rows = relations[relations["kind"] == kind]
    return rows.iloc[0] if len(rows) else None


def _example(title: str, rule: str, check: checks.Check | None, verdict: str | None) -> list[str]:
    if check is None:
        return [f"\n### {title}\n", f"{rule} No claim of the ledger falls under this rule now.\n"]
    return [
        f"\n### {title}\n",
        f"{rule}\n",
        f"Example (`{check.claim_id}`, {check.kind}): {check.evidence}"
        + (f" Tolerance: {check.tolerance}." if check.tolerance else "")
        + (f" Verdict of the claim: {tables.badge(verdict)}\n" if verdict else "\n"),
    ]


def _rules(tol: checks.Tolerances) -> list[tuple[str, str, object]]:
    """Each rule of the audit: its title, its statement, and how to find the first check of the
    ledger that shows it (the worked example)."""
    return [
        (
            "Another paper (corroborated or differs)",
            "The same quantity in another paper that does not cite the same source: overlapping "
            "intervals corroborate, a gap differs.",
            lambda c: c.kind == "another paper" and c.outcome == "agrees" and c.independent,
        ),
        (
            "Repetition never corroborates",
            "A paper stating a number twice, or the headline of the article its own footnote "
            "cites (marked `cited title`), is shown as a repetition and never counted: the verdict "
            "comes from independent evidence only (a paper contradicting itself still differs).",
            lambda c: c.kind == "repetition" and c.outcome == "agrees" and "[cited" in c.evidence,
        ),
        (
            "Two papers citing the same source",
            "Agreement between papers citing the same source shows only that both copied it "
            "alike: the relation names the shared source and the claim is at most consistent.",
            lambda c: bool(c.shared_source) and c.outcome == "agrees",
        ),
        (
            "Running totals with different cut-offs",
            "A running total may only grow: a later cut-off's total that is larger (or could be) "
            "is consistent; only a later total below the earlier one differs.",
            lambda c: bool(c.relation_id) and "Running totals" in c.evidence,
        ),
        (
            "Durations and anniversaries from the paper's own dated events",
            "A span the paper states is recomputed from two events it dates itself (relations of "
            "kind `duration`); the events' dates are only as precise as printed (a year is any "
            "day of it), so the span is an interval too.",
            lambda c: c.kind == "arithmetic" and c.evidence.startswith("From "),
        ),
        (
            "Partial-period official figures are bounds",
            "An official figure for part of the claim's period (e.g. January–November) is a "
            "lower bound of the whole; one for a longer span holding it is an upper bound. "
            "Meeting a bound is consistent, not corroborated.",
            lambda c: "lower bound" in c.tolerance and c.outcome == "consistent",
        ),
        (
            "Bilateral trade per reporting country",
            "Azerbaijan's and Türkiye's statistics of their mutual trade differ by design (what "
            "each books as origin, destination and time). A claim whose paper cites one "
            "country's figures is compared with that country's; the other's is shown, named, "
            "and not compared.",
            lambda c: "differ by design" in c.evidence,
        ),
        (
            "Ranks with the revision tolerance of their shares",
            f"A SIPRI share is compared within ±{tol.sipri_revision:g} points (editions revise "
            "older years). A rank is made of shares, so it gets the same tolerance: any other "
            "recipient whose share is within that many points of the recipient's could swap "
            "places with it (a gap no larger than one share's revision), and the ranks it could "
            "take follow; a claimed rank within them is consistent within the edition's "
            "revisions, not different. (Moving both shares each by the full tolerance would "
            "close gaps of twice it, and make almost every rank consistent.) The "
            "evidence names the recipients a claimed better rank must pass and by how many "
            "points, so the reader sees the gap the tolerance covers.",
            lambda c: c.kind == "primary source" and "must pass" in c.evidence,
        ),
        (
            "A part of the year bounds the whole from both sides",
            "An official figure for most of the claim's year is a lower bound of the year, and, "
            f"with the months left out run at no more than {checks.PACE_FACTOR:g} times its "
            "monthly pace (the factor that vets the official rows), an upper bound too. A claim "
            "above that differs: a primary source contradicting a claim outweighs another "
            "paper agreeing with it.",
            lambda c: "implausible rest of the year" in c.evidence,
        ),
        (
            "A rank over another span is shown, not compared",
            "A rank is not a sum, so a part of the period is no bound of it: the leader over "
            "January–November can be overtaken in December, and the runner-up can overtake it. "
            "A rank over part of the claim's period (or over a longer span) is shown beside the "
            "claim and is not comparable, whether the ranks are equal or not; only a rank for "
            "the same period agrees or differs.",
            lambda c: "a rank over one period fixes" in c.evidence,
        ),
        (
            "Durations: reproduced only when the events pin them",
            "A stated span is an interval like every number (“2 years” is [1.5, 2.5); “almost 30 "
            f"years” is at most 30 and at least {1 - tol.about:.0%} of it). The span between two "
            "dated events is reproduced only when it lies inside that interval; events dated "
            "only to the year give a span wider than the statement, which they bound without "
            "pinning: consistent.",
            lambda c: "too coarse to pin" in c.evidence,
        ),
        (
            "Totals over different spans",
            "Two totals over different trailing spans are compared as yearly rates, but "
            "overlapping rates corroborate only when the totals agree as well; different totals "
            "whose rates could match bound each other and are consistent.",
            lambda c: "totals themselves differ" in c.evidence,
        ),
        (
            "A count over a span against one year's enrolment",
            "A count of everyone who went to study over a span is at least the number enrolled "
            f"in any year of it whose students all started inside the span (at most "
            f"{checks.STUDY_YEARS} years before). A one-year enrolment above such a count "
            "contradicts it unless the paper names a narrower group.",
            lambda c: c.outcome == "differs" and "started at most" in c.evidence,
        ),
        (
            "Growth without stated years",
            "A growth rate is compared with the official change over the same window one year "
            "apart only when the paper's text fixes the window; a headline or a sentence naming "
            "neither base nor end period is shown beside the official change, not compared.",
            lambda c: "gives no window" in c.evidence,
        ),
        (
            "Shares and levels without a period",
            "A figure the paper does not date is compared with no official figure (shares and "
            "levels move from year to year); the official figures that bear on it are shown "
            "with their periods.",
            lambda c: "gives no period" in c.evidence,
        ),
        (
            "Plans against outcomes",
            "A plan (“planned”) met by the official outcome is consistent; a plan not met is not "
            "an error of the paper and is shown as not comparable.",
            lambda c: "plan" in c.evidence and c.kind == "primary source",
        ),
    ]


def _judgement_calls(data: Ledger) -> list[str]:
    """The audit's judgement calls, each with the figures from the data that justify it."""
    out = ["\n### Judgement calls\n"]
    o = data.tables["official_figures"]
    vetted = checks.vet(o)
    flagged = vetted[vetted["flag"].str.contains("times the monthly pace")]
    passed = vetted[vetted["vetting"].str.contains("plausible")]
    if len(flagged) and len(passed):
        out.append(
            f"- *Pace factor {checks.PACE_FACTOR:g}.* A partial-year figure is flagged when the "
            "months left out would have to run at more than "
            f"{checks.PACE_FACTOR:g} times its monthly pace. It separates an ordinary year-end "
            f"(`{passed.iloc[0]['figure_id']}`: {passed.iloc[0]['vetting'].split('; ')[0]}) from "
            "one no reader "
            f"should take on trust (`{flagged.iloc[0]['figure_id']}`: "
            f"{flagged.iloc[0]['flag'].split(': partial')[0]}). The same factor bounds a claim's "
            "year from a part of it (above)"
        )
        decided = [
            (c.claim_id, c.compared_with[0].removeprefix("official:"), m.group(1))
            for c in checks.evidence(data)
            if (m := re.search(r"ran at ([\d.]+) times the pace", c.evidence))
        ]
        out[-1] += (
            "; the checks it turns into a difference, each with the factor from which the claim "
            "would fit that figure: "
            + ", ".join(f"`{cid}` against `{fid}` ({f})" for cid, fid, f in dict.fromkeys(decided))
            + "."
            if decided
            else "."
        )
    since = data.claims[
        data.claims["quote"].str.contains(r"\bsince \d{4}", regex=True)
        & data.claims["period"].fillna("").str.contains("/")
    ]
    if len(since):
        c = since.iloc[0]
        year = data.papers.set_index("key").loc[c["paper"]].get("year", "")
        out.append(
            f"- *“Since” a year.* {c['paper']} writes “{c['quote']}”: recorded as "
            f"{c['period'].replace('/', '–')}, from the year named to the last full year before "
            f"the paper ({year}); the paper's present is not a year its sources can have "
            "counted."
        )
    out.append(
        f"- *{checks.STUDY_YEARS} years of study.* A student enrolled in a year started at most "
        f"{checks.STUDY_YEARS} years before it (a preparatory year, a bachelor's of up to five "
        "or six years, or a master's after a bachelor's): long enough that a year's enrolment "
        "bounds a count over a span only when the span starts well before it, short enough to "
        "use the enrolments the data hold."
    )
    so_far = o[[said_on_its_last_day(r) for _, r in o.iterrows()]]
    if len(so_far):
        r = so_far.iloc[0]
        out.append(
            f"- *A year so far, said on a day.* `{r['figure_id']}` ({r['value']:g} "
            f"{r['unit']} for {r['period']}) was said on {r['reported_on']}, the day its period "
            "ends: monthly statistics come out after their month, so it rests on the complete "
            "months before that day, and the rest of the year is bounded from those months "
            "(the day of the speech would cap the year from days the figure cannot hold)."
        )
    out += _part_year_rank(data)
    rel = data.tables["relations"]
    for _, r in rel[rel["shared_source"].fillna("").ne("")].iterrows():
        if "judgement call" in r["reason"]:
            why = r["reason"].removesuffix(" (a judgement call, methods page).")
            out.append(
                f"- *A source shared by the next footnote.* `{r['relation_id']}` "
                f"(`{r['subject']}`, {', '.join(f'`{i}`' for i in r['inputs'].split())}): {why}."
            )
    rank = o[(o["unit"] == "rank") & o["quantity"].str.contains("natural gas")]
    if len(rank):
        r = rank.iloc[0]
        shares = o[
            (o["period"] == r["period"])
            & o["quantity"].str.endswith("share of Türkiye's natural gas imports")
        ].sort_values("value", ascending=False)
        listed = ", ".join(
            f"{q.split(chr(39) + 's share')[0]} {v:g}%"
            for q, v in zip(shares["quantity"], shares["value"], strict=True)
        )
        out.append(
            f"- *A rank from the press.* `{r['figure_id']}` (rank {r['value']:g} in "
            f"{r['period']}) is how {r['reported_by'].replace('; ', ' and ')} read "
            f"{r['source_body']}'s report, not a "
            "rank the body publishes. It is kept because the same month's shares, each "
            f"a row of its own, give the same order: {listed}."
        )
    return out


def _months_after(end: dt.date) -> str:
    """The months of `end`'s year after `end`, named: "December", "November and December",
    "August to December"."""
    names = [calendar.month_name[m] for m in range(end.month + 1, 13)]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} to {names[-1]}"


def _part_year_rank(data: Ledger) -> list[str]:
    """The eleven months' partner rank beside the year's, with the reporter's own turnovers:
    why the rank over part of the year leaves the year's rank open."""
    from .audit.reference import TURNOVER, partial_year, span

    o = data.tables["official_figures"]
    ranks = o[(o["unit"] == "rank") & o["period"].map(lambda p: bool(partial_year(p)))]
    for _, r in ranks.iterrows():
        year = str(partial_year(r["period"])[0])
        mine = o[(o["measure"] == TURNOVER) & (o["reporter"] == r["reporter"])]
        part = mine[mine["period"] == r["period"]]
        full = mine[mine["period"] == year]
        claims = data.claims[(data.claims["measure"] == r["measure"])]
        claims = claims[claims["period"] == year]
        if part.empty or full.empty or claims.empty:
            continue
        p, f, c = part.iloc[0], full.iloc[0], claims.iloc[0]
        rest = _months_after(span(r["period"])[1])
        return [
            f"- *A rank over eleven months.* `{r['figure_id']}` gives rank {r['value']:g} for "
            f"{r['period']}, when the same body's turnover was {p['value']:g} {p['unit']} "
            f"(`{p['figure_id']}`) and {f['value']:g} for {year} (`{f['figure_id']}`): the "
            f"{rest} added {f['value'] - p['value']:.3g}. The partner ahead over those "
            f"months had more than {p['value']:g} by then; whether its {year} passed "
            f"{f['value']:g} turns on its own {rest}, which no stored page gives. So "
            f"`{c['claim_id']}` (rank {c['value']:g} for {year}) is neither excluded nor "
            "confirmed: shown, not compared."
        ]
    return []


def worked_examples(data: Ledger) -> str:
    """One worked example per rule, taken from the ledger's own claims, relations, events and
    reference figures."""
    relations = data.tables["relations"]
    every = checks.evidence(data)
    verdict = checks.audit(data).set_index("claim_id")["verdict"]
    tol = checks.Tolerances()

    def find(pred) -> checks.Check | None:
        return next((c for c in every if pred(c)), None)

    def v(c: checks.Check | None) -> str | None:
        return verdict[c.claim_id] if c is not None else None

    out = [
        "### Intervals\n",
        f"*About* means within {tol.about:.0%} of the value (or the printed rounding, whichever "
        f"is wider). The rounding rule is `{tol.rounding}`: a printed number stands for half a "
        "unit of its last digit either side. Examples from the ledger:\n",
    ]
    for qualifier in ("exact", "about", "more_than", "at_least", "up_to", "rank"):
        rows = data.claims[data.claims["qualifier"] == qualifier]
        if rows.empty:
            continue
        c = rows.iloc[0]
        iv = checks.interval(c["value"], int(c["decimals"]), c["qualifier"], c["unit"])
        out.append(
            f"- {c['paper']} writes “{c['quote']}”: recorded as "
            f"{tables.format_value(c['value'], int(c['decimals']), c['unit'], qualifier)}, "
            f"the interval {iv.text()}."
        )
    whole = data.claims[(data.claims["decimals"] == 0) & (data.claims["value"] % 10 == 0)]
    whole = whole[whole["qualifier"] == "exact"]
    if len(whole):
        c = whole.iloc[0]
        loose = checks.Tolerances(rounding="significant")
        iv = checks.interval(c["value"], 0, "exact", c["unit"], loose)
        out.append(
            f"- Under the rounding rule `significant` (trailing zeros of a whole number not "
            f"significant), {c['paper']}'s {c['value']:g} {c['unit']} would be {iv.text()}."
        )
    findings = {(f.relation_id, f.claim_id): f for f in every if f.relation_id}
    for kind, title in [
        ("sum", "A total from its parts (reproduced or differs)"),
        ("share", "A share from its part and whole"),
        ("growth", "A growth rate from two levels"),
        ("same_rate", "Totals over different spans: the yearly rates"),
        ("not_comparable", "Alike but not the same (not comparable)"),
    ]:
        rel = _first(relations, kind)
        if rel is None:
            continue
        f = findings.get((rel["relation_id"], rel["subject"]))
        reason = f.evidence if f else rel["reason"]
        # The example ends with what this check alone finds, not the claim's verdict (which
        # weighs every check of the claim, and may come from another one).
        outcome = f.verdict if f else "not comparable"
        out.append(f"\n### {title}\n")
        out.append(
            f"Relation `{rel['relation_id']}` links `{rel['subject']}` with "
            + ", ".join(f"`{i}`" for i in str(rel["inputs"] or "").split())
            + f". {reason} Outcome of this check: {tables.badge(outcome)}\n"
        )
    for title, rule, pred in _rules(tol):
        check = find(pred)
        out += _example(title, rule, check, v(check))
    out.append("\n### Official figures vetted before use\n")
    out.append(
        "Each official row must name its measure, period, issuing body, who reported it, when, "
        "and where (a URL, or `none found` after a search). Rows are checked against each other: "
        "the two directions of trade must add up to the turnover within their rounding, and a "
        "partial-year figure must leave a plausible rest of the year beside the same reporter's "
        f"full-year figure (the months left out at most {checks.PACE_FACTOR:g} times the partial "
        "period's monthly pace). A flagged row is never evidence and is not drawn as an official "
        "figure; the consistency page lists every row with its use or its flag.\n"
    )
    vetted = checks.vet(data.tables["official_figures"])
    for _, r in vetted[vetted["flag"] != ""].iterrows():
        out.append(f"- `{r['figure_id']}`: {r['flag']}.")
    ok = vetted[vetted["vetting"].str.contains("plausible")]
    if len(ok):
        out.append(
            f"- Passed, for comparison: `{ok.iloc[0]['figure_id']}`: {ok.iloc[0]['vetting']}."
        )
    out += _judgement_calls(data)
    feas = checks.survey_feasibility(data)
    if len(feas):
        r = feas.iloc[-1]
        out.append("\n### Feasibility of a percentage\n")
        out.append(
            f"{r['percentages']}: the smallest number of respondents for which these "
            f"percentages are possible is {r['smallest n']}.\n"
        )
    unchecked = verdict[verdict == "unchecked"]
    if len(unchecked):
        c = data.claims.set_index("claim_id").loc[unchecked.index[0]]
        out.append("\n### Unchecked\n")
        out.append(
            f"`{unchecked.index[0]}` ({c['measure']}) has nothing independent to be checked "
            f"against: {tables.badge('unchecked')}; it is still listed, with its quote, on its "
            "theme's page.\n"
        )
    out.append("\n### How the verdicts move with the tolerances\n")
    out.append(
        "The audit re-run with each tolerance moved alone (the first row is the defaults); the "
        "audit and consistency notebooks take the same four as parameters, and "
        "`claimbook audit` as options (`--about`, `--sipri-revision`, `--rounding`, "
        "`--pace-factor`).\n"
    )
    sens = checks.sensitivity(data)
    out.append(tables.to_html(sens, table_id="table-sensitivity") + "\n")
    return "\n".join(out) + "\n"


def paper_list(data: Ledger, about: bool) -> str:
    """The papers as a Markdown list of author–year citations, each with what it is about
    when `about`: the introduction's and the cite page's lists, from data/papers.csv."""
    return (
        "\n".join(
            f"- {{cite:t}}`{p['key']}`" + (f" {p['about']}" if about else "")
            for _, p in data.papers.iterrows()
        )
        + "\n"
    )


def write(data: Ledger, write_file) -> list[str]:
    """Write every generated include with `write_file(relative_path, text)`; return the paths."""
    files = {
        f"{FOLDER}/dashboard.md": dashboard(data),
        f"{FOLDER}/worked_examples.md": worked_examples(data),
        f"{FOLDER}/papers_about.md": paper_list(data, about=True),
        f"{FOLDER}/papers.md": paper_list(data, about=False),
        f"{FOLDER}/findings.md": findings.markdown(data),
        f"{FOLDER}/headline.md": findings.headline(data),
    }
    for rel, text in files.items():
        write_file(rel, text)
    return list(files)
