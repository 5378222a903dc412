"""Cycle collection paused for one bulk step (a whole determination, a pre-fill, an overlay).

Such a step allocates millions of small objects (records, rows, audit pairs) that stay alive until it ends and
form no cycles; each full collection in between walks all of them again, which cost a 100k-patch
determination over a second. Reference counting still frees everything as usual: only the collector of cycles
waits, and it runs again when the step ends (also when it fails)."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
