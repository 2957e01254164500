"""Progress on stderr: a bar on a terminal, periodic log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("pipeline.progress")


class Progress:
    def __init__(self, every: int = 200, enabled: bool = True) -> None:
        self.every = every
        self.started = time.perf_counter()
        self.documents = 0
        self.errors = 0
        self._last_logged = 0
        self._bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, documents: int, errors: int) -> None:
        self.documents += documents
        self.errors += errors
        if self._bar is not None:
            self._bar.update(documents)
            self._bar.set_postfix(errors=self.errors, refresh=False)
        elif self.documents - self._last_logged >= self.every:
            self._last_logged = self.documents
            elapsed = time.perf_counter() - self.started
            log.info("%d documents, %.1f docs/s, %d errors", self.documents,
                     self.documents / elapsed if elapsed else 0.0, self.errors)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
