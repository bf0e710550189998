"""The Wilson score interval, against values computed by hand from its formula."""

from __future__ import annotations

import pytest

from claimbook import stats


@pytest.mark.parametrize(
    ("percent", "n", "confidence", "expected"),
    [
        # 50 of 100 at 95%: the textbook Wilson interval 0.4038–0.5962.
        (50, 100, 0.95, (40.38, 59.62)),
        # 95.1% of 1000 at 95% (z² = 3.841459): centre (0.951 + 0.0019207)/1.0038415 = 0.949274,
        # half-width 1.959964 * sqrt(0.0000465990 + 0.0000009604) / 1.0038415 = 0.013465.
        (95.1, 1000, 0.95, (93.58, 96.27)),
        # 0% of 10: the lower bound is 0, the upper z²/(n+z²) = 3.8415/13.8415.
        (0, 10, 0.95, (0.0, 27.75)),
    ],
)
def test_wilson(percent, n, confidence, expected):
    low, high = stats.wilson(percent, n, confidence)
    assert (round(low, 2), round(high, 2)) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(("percent", "n"), [(50, 0), (120, 100), (-1, 100)])
def test_wilson_rejects_impossible_inputs(percent, n):
    with pytest.raises(ValueError):
        stats.wilson(percent, n)
