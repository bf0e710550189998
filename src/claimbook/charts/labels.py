"""Labels beside line ends that never overlap: each stays as near its line's end as the
labels around it allow, and a displaced label is joined to its line end."""

from __future__ import annotations


def spread(targets: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions for labels wanted at `targets` (any order), at least `gap` apart and within
    [low, high]: labels that would overlap form a cluster centred on their targets' mean
    (clusters merge until none overlap), so each sits as near its own target as it can."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    clusters: list[list[int]] = []  # runs of label indices, bottom up
    for i in order:
        clusters.append([i])
        while len(clusters) > 1:
            a, b = clusters[-2], clusters[-1]
            if _bottom(a, targets, gap, low, high) + gap * len(a) <= _bottom(
                b, targets, gap, low, high
            ):
                break
            clusters[-2:] = [a + b]
    out = [0.0] * len(targets)
    for c in clusters:
        start = _bottom(c, targets, gap, low, high)
        for k, i in enumerate(c):
            out[i] = start + k * gap
    return out


def _bottom(cluster: list[int], targets: list[float], gap: float, low: float, high: float):
    """Where a cluster's lowest label goes: centred on its targets, kept within bounds."""
    mean = sum(targets[i] for i in cluster) / len(cluster)
    start = mean - gap * (len(cluster) - 1) / 2
    return min(max(start, low), high - gap * (len(cluster) - 1))
