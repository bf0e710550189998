"""Small statistics the pages need: the Wilson score interval for a reported percentage."""

from __future__ import annotations

from statistics import NormalDist


def wilson(percent: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval (in percent) for `percent` of a sample of `n`."""
    if n <= 0:
        raise ValueError(f"sample size must be positive, not {n}")
    if not 0 <= percent <= 100:
        raise ValueError(f"a percentage lies within 0-100, not {percent}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = percent / 100
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)
