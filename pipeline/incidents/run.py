"""The incidents step: read records, group them with the incidents already in the output, write them.

    python -m pipeline incidents extracted/records.jsonl --out extracted [--explain] [--sink sqlite:///x.db]
    python -m pipeline run raw --incidents            # the same step at the end of a run
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.evaluate import read_jsonl
from pipeline.incidents.grouping import group
from pipeline.incidents.store import load_existing, members_of, write
from pipeline.settings import Options

log = logging.getLogger(__name__)


def group_records(paths: Sequence[Path], out_dir: Path, options: Options, sinks: Sequence[str] = (),
                  explain: bool = False, engine: str = "local", scheduler: str | None = None) -> list[dict]:
    """Group the records of ``paths`` into ``out_dir``/incidents.jsonl (and the database/Parquet sinks)."""
    from pipeline.sinks import open_sink

    started = time.perf_counter()
    members = members_of(record for path in paths for record in read_jsonl(path))
    existing = load_existing(out_dir)
    incidents, decisions = group(members, existing, options.incidents, engine=engine, scheduler=scheduler)
    lines = write(out_dir, incidents)
    for url in sinks:
        with open_sink(url, default_dir=out_dir) as sink:
            sink.write_incidents(lines)
    if explain:
        for decision in decisions:
            verb = "joined" if decision.joined else "opened"
            print(f"{decision.doc_id}\t{verb} {decision.incident_id}\t{decision.reason}")
    log.info("incidents: %d records (%d new) in %d incidents, %s, %.1f s", len(members), len(decisions),
             len(incidents), out_dir / "incidents.jsonl", time.perf_counter() - started)
    return lines
