"""Serves the review app on 127.0.0.1 only (a threaded WSGI server: each browser tab gets its own thread)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from pipeline.review.app import create_app

log = logging.getLogger(__name__)

HOST = "127.0.0.1"  # never another interface: the page writes files
DEFAULT_PORT = 8765


@dataclass(slots=True)
class ReviewServer:
    server: BaseWSGIServer
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_port}/"

    def start(self) -> ReviewServer:
        """Serve in a background thread (tests, notebooks)."""
        self.thread = threading.Thread(target=self.server.serve_forever, name="review-server", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def make_review_server(records: Path, gold: Path, port: int = DEFAULT_PORT) -> ReviewServer:
    """A server for ``records`` and ``gold`` on 127.0.0.1:``port`` (0: any free port)."""
    app = create_app(records, gold)
    return ReviewServer(make_server(HOST, port, app, threaded=True))


def serve(records: Path, gold: Path, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted."""
    review = make_review_server(records, gold, port)
    log.info("review page on %s (records %s, gold %s); Ctrl+C to stop", review.url, records, gold)
    print(f"review page: {review.url}", flush=True)
    try:
        review.server.serve_forever()
    finally:
        review.server.server_close()
