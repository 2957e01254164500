"""Output snapshots: a digest of every record, error row and SQL row the pipeline writes for a set, so that a
change meant to alter nothing (a refactoring, a speed-up) is shown to change nothing.

The sets are the sample corpus ``raw/``, and, when ``../shared`` is present, the seeds and the real HTML
pages. Each document of a set has a digest of its JSONL line (record or error row) and one of its rows in
the SQLite sink (the ``records`` row and its child rows, or the ``errors`` row). Run metadata is left out
(``pipeline_version``, ``written_at``) and input paths are reduced to their file names, so a snapshot taken
in one checkout holds in another.

    python -m pipeline.snapshot            # compare with tests/snapshots/outputs.json (exit 1 on a difference)
    python -m pipeline.snapshot --update   # re-pin, after a change meant to alter the outputs

The gate (``make gate``) guards the figures; the snapshot guards identity.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sqlite3
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.settings import Options, load_options

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "outputs.json"
RUN_METADATA = frozenset({"pipeline_version", "written_at"})
PATH_FIELDS = frozenset({"path", "source_path"})
RECORD_TABLES = ("records", "record_companies", "record_data_types", "record_causes", "record_penalties",
                 "record_evidence")


@dataclass(frozen=True, slots=True)
class OutputSet:
    name: str
    inputs: tuple[Path, ...]

    def available(self) -> bool:
        return bool(self.inputs) and all(path.exists() for path in self.inputs)


def output_sets(shared: Path = ROOT.parent / "shared") -> list[OutputSet]:
    return [
        OutputSet("raw", (ROOT / "raw",)),
        OutputSet("seeds", tuple(sorted((shared / "seeds").glob("*.txt")))),
        OutputSet("real-html", (shared / "html" / "pages",)),
    ]


def take(output_set: OutputSet, options: Options) -> dict[str, str]:
    """Run the pipeline on the set (in this process) into JSONL and SQLite; the digest of each output."""
    from pipeline.engine.local import run_local
    from pipeline.sinks.base import open_sink

    with tempfile.TemporaryDirectory(prefix=f"snapshot-{output_set.name}-") as tmp:
        out = Path(tmp)
        sinks = [open_sink(f"jsonl:{out}", out), open_sink(f"sqlite:///{out / 'records.db'}", out)]
        run_local(list(output_set.inputs), sinks, out, options, workers=1, force=True, progress=False)
        digests = {}
        for kind, name in (("record", "records.jsonl"), ("error", "errors.jsonl")):
            path = out / name
            lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
            for line in lines:
                item = json.loads(line)
                digests[f"{kind}:{item['doc_id']}"] = digest(item)
        digests.update(sql_digests(out / "records.db"))
        return digests


def sql_digests(database: Path) -> dict[str, str]:
    """Per document, the digest of its rows in the record tables (or in ``errors``)."""
    rows: dict[str, list[object]] = {}
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        for table in (*RECORD_TABLES, "errors"):
            prefix = "error_row" if table == "errors" else "rows"
            for row in connection.execute(f"SELECT * FROM {table}"):
                values = {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row)
                if "record" in values:
                    values["record"] = json.loads(values["record"])
                rows.setdefault(f"{prefix}:{values['doc_id']}", []).append([table, values])
    return {key: digest(sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str)))
            for key, items in rows.items()}


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(_portable(value), sort_keys=True, ensure_ascii=False,
                                     default=str).encode("utf-8")).hexdigest()[:16]


def _portable(value: object) -> object:
    """``value`` without run metadata, its paths reduced to file names."""
    if isinstance(value, dict):
        return {key: Path(str(item)).name if key in PATH_FIELDS and item else _portable(item)
                for key, item in value.items() if key not in RUN_METADATA}
    if isinstance(value, list):
        return [_portable(item) for item in value]
    return value


def differences(pinned: dict[str, str], taken: dict[str, str]) -> list[str]:
    """Outputs that differ, appeared or disappeared (``record:doc_id`` ...), sorted."""
    return sorted(key for key in pinned.keys() | taken.keys() if pinned.get(key) != taken.get(key))


def check(sets: Iterable[OutputSet], options: Options, snapshot: Path = SNAPSHOT,
          update: bool = False) -> dict[str, list[str]]:
    """The differing outputs per set (empty lists when identical); ``update`` re-pins instead."""
    pinned = json.loads(snapshot.read_text(encoding="utf-8")) if snapshot.exists() else {}
    found: dict[str, list[str]] = {}
    for output_set in sets:
        if not output_set.available():
            log.info("snapshot: %s skipped (inputs missing)", output_set.name)
            continue
        taken = take(output_set, options)
        found[output_set.name] = differences(pinned.get(output_set.name, {}), taken)
        if update:
            pinned[output_set.name] = dict(sorted(taken.items()))
    if update:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(json.dumps(pinned, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="re-pin the snapshot to today's outputs")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    found = check(output_sets(), load_options(), args.snapshot, update=args.update)
    changed = False
    for name, keys in found.items():
        print(f"{name}: {'identical' if not keys else f'{len(keys)} outputs differ'}")
        for key in keys[:40]:
            print(f"  {key}")
        changed = changed or bool(keys)
    if args.update:
        print(f"snapshot written to {args.snapshot}")
        return 0
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
