"""The garbage collector's settings for a long-running server process, applied once it has started."""

from __future__ import annotations

import gc

YOUNG_COLLECTION_THRESHOLD = 10_000  # allocations between young collections (CPython's default: 700)


def settle_after_startup() -> None:
    """What is loaded by now (models, schemas, routes) lives as long as the process: frozen, the
    garbage collector stops walking it, and its full collections stop pausing requests.

    A request's own objects die with it, mostly by reference counting: at the default 700 the young
    collection ran every request or two for a large answer and walked every request in flight (a
    meeting of 100 cases: 5.8 % of the service's CPU in the collector, of 200: 9.5 %); at 10,000,
    under 1.5 % (bench/meetings_bench.py). The older generations keep their thresholds."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
