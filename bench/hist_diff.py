"""Quantiles of Prometheus histograms over an interval: the difference of two /metrics scrapes.

usage: python bench/hist_diff.py BEFORE.txt AFTER.txt [METRIC_PREFIX]
Prints, per histogram series, the count in the interval and p50/p95/p99 as the upper bound of the bucket that
holds them (Prometheus buckets: a quantile is known to within its bucket)."""

from __future__ import annotations

import re
import sys
from collections import defaultdict

LINE = re.compile(r'^(\w+)_bucket\{(.*)\} ([0-9.e+-]+)$')


def buckets(path: str) -> dict:
    out: dict = defaultdict(dict)
    for line in open(path):
        m = LINE.match(line.strip())
        if not m:
            continue
        name, labels, value = m.groups()
        le = re.search(r'le="([^"]+)"', labels).group(1)
        rest = re.sub(r',?le="[^"]+"', "", labels)
        out[(name, rest)][float("inf") if le == "+Inf" else float(le)] = float(value)
    return out


def main() -> int:
    before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
    prefix = sys.argv[3] if len(sys.argv) > 3 else ""
    for key, b in sorted(after.items()):
        if not key[0].startswith(prefix):
            continue
        a = before.get(key, {})
        cum = sorted((le, v - a.get(le, 0.0)) for le, v in b.items())
        total = cum[-1][1]
        if total <= 0:
            continue
        qs = {q: next(le for le, c in cum if c >= q * total) for q in (0.5, 0.95, 0.99)}
        print(f"{key[0]}{{{key[1]}}} n={int(total)} " + " ".join(f"p{int(q * 100)}<={v:g}" for q, v in qs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
