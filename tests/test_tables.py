"""Tables shaped for reading: values printed with their qualifier, precision and unit."""

from __future__ import annotations

import pandas as pd
import pytest

from claimbook import tables


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((5.02, 2, "USD bn", "exact"), "5.02 USD bn"),  # karayel2024: "5.02 billion dollars"
        ((7000.0, 0, "count", "more_than"), "more than 7,000"),  # hajizade2023: "over 7,000"
        ((95.1, 1, "percent", "exact"), "95.1%"),  # karayel2024: "95.1%"
        ((28.0, 0, "percent change", "exact"), "28% change"),  # mehdiyev2025: "rose 28%"
        ((2.0, 0, "rank", "rank"), "rank 2"),  # amity2023: "2nd biggest destination"
        ((20.0, 0, "USD m", "about"), "about 20 USD m"),  # amity2023: "about $20 million"
        ((4.10, 2, "USD bn", "up_to"), "up to 4.10 USD bn"),  # printed precision is kept
    ],
)
def test_format_value(args, expected):
    assert tables.format_value(*args) == expected


def test_to_html_escapes_cells():
    import pandas as pd

    out = tables.to_html(pd.DataFrame({"quote": ["<b>5 & 6</b>"]}), table_id="t")
    assert "&lt;b&gt;5 &amp; 6&lt;/b&gt;" in out and 'id="t"' in out


# The papers' plain texts are Markdown and escape their dollars: ismayilov2025 reads "more
# than \$5 billion" in the file and "more than $5 billion" on the page.
@pytest.mark.parametrize(
    "quote, shown",
    [
        (r"more than \$5 billion", "more than $5 billion"),
        (r"a \*starred\* word", "a *starred* word"),
        ("no escapes at all", "no escapes at all"),
        (r"a backslash before a letter \d stays", r"a backslash before a letter \d stays"),
    ],
)
def test_a_quote_is_shown_as_the_paper_reads(quote, shown):
    assert tables.as_read(quote) == shown


def test_the_claims_table_shows_quotes_without_markdown_escapes():
    rows = pd.DataFrame(
        {
            "claim_id": ["a"], "measure": ["m"], "value": [5.0], "decimals": [0],
            "unit": ["USD bn"], "qualifier": ["more_than"], "period": ["2022"],
            "quote": [r"more than \$5 billion"], "locator": ["introduction"],
            "cited_source": [""],
        }
    )  # fmt: skip
    assert tables.claims_table(rows)["quote"].tolist() == ["more than $5 billion"]
