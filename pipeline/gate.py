"""The regression gate: ``make gate`` fails when accuracy on a gold set drops below its pinned floors.

Each gated set (the sample corpus ``raw/``, and the seeds when ``../shared`` is present) is run through
the pipeline and scored; every field's F1, the macro-F1, the boilerplate keep-recall and drop-rate are
compared with the floors of ``tests/gate_baseline.json``. ``--update`` raises a floor to the measured
figure and never lowers one: a change that costs accuracy has to be argued for by editing the file by
hand, in review. The baseline also records a hash of each set's inputs and gold labels, so a floor
measured on other data is reported as such.

    python -m pipeline.gate            # check (exit 1 on a regression)
    python -m pipeline.gate --update   # raise the floors to today's figures
    python -m pipeline.gate --rebase raw   # re-pin a set whose inputs or gold changed (hash differs)

A set whose data changed (pages added, gold corrected) is measured on other data than its floors: its
floors are re-pinned to today's figures with ``--rebase NAME``, which refuses when the hash is unchanged
(lowering a floor on the same data stays a hand edit, argued in review).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluate import Evaluation, evaluate, read_jsonl
from pipeline.process import Processor
from pipeline.settings import Options, load_options

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "gate_baseline.json"
TOLERANCE = 1e-4  # rounding of the figures written to the baseline


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str
    inputs: tuple[Path, ...]
    gold: Path

    def available(self) -> bool:
        return self.gold.exists() and all(path.exists() for path in self.inputs)


def gold_sets(shared: Path = ROOT.parent / "shared") -> list[GoldSet]:
    seeds = shared / "seeds"
    return [
        GoldSet("raw", (ROOT / "raw",), ROOT / "tests" / "gold" / "raw.jsonl"),
        GoldSet("seeds", tuple(sorted(seeds.glob("*.txt"))) or (seeds / "missing",), seeds / "gold.jsonl"),
    ]


def figures(evaluation: Evaluation) -> dict[str, float]:
    """The gated figures of one evaluation: F1 per field with gold positives, macro-F1, keep/drop."""
    found = {f"f1.{name}": round(counts.f1, 4) for name, counts in evaluation.fields.items() if counts.has_gold}
    found["macro_f1"] = round(evaluation.macro_f1, 4)
    if evaluation.keep_total:
        found["keep_recall"] = round(evaluation.keep_recall, 4)
    if evaluation.drop_total:
        found["drop_rate"] = round(evaluation.drop_rate, 4)
    return found


def data_hash(gold_set: GoldSet) -> str:
    """A hash of the set's input files and gold labels (names and bytes)."""
    digest = hashlib.blake2b(digest_size=12)
    files = [gold_set.gold]
    for path in gold_set.inputs:
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure(gold_set: GoldSet, options: Options, processor: Processor | None = None) -> dict[str, float]:
    """Run the pipeline on the set (in this process) and score it."""
    from pipeline.engine.local import run_local
    from pipeline.sinks.base import open_sink

    with tempfile.TemporaryDirectory(prefix=f"gate-{gold_set.name}-") as tmp:
        out = Path(tmp)
        sink = open_sink(f"jsonl:{out}", out)
        run_local(list(gold_set.inputs), [sink], out, options, workers=1, force=True, progress=False,
                  processor=processor)
        return figures(evaluate(read_jsonl(gold_set.gold), read_jsonl(out / "records.jsonl")))


def compare(measured: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Regressions: every figure below its floor ("f1.company 0.9500 < floor 0.9820")."""
    return [f"{key} {measured.get(key, 0.0):.4f} < floor {floor:.4f}"
            for key, floor in sorted(floors.items()) if measured.get(key, 0.0) + TOLERANCE < floor]


def raised(measured: dict[str, float], floors: dict[str, float]) -> dict[str, float]:
    """Floors moved up to the measured figures, never down."""
    return {key: max(floors.get(key, 0.0), value) for key, value in sorted(measured.items())} | {
        key: value for key, value in floors.items() if key not in measured}


def run_gate(update: bool = False, baseline_path: Path = BASELINE, options: Options | None = None,
             sets: Sequence[GoldSet] | None = None, rebase: Sequence[str] = ()) -> int:
    options = options or load_options()
    processor = Processor(options)  # the spaCy pipeline is loaded once for every set
    baseline = json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else {}
    failures: list[str] = []
    for gold_set in sets if sets is not None else gold_sets():
        if not gold_set.available():
            log.warning("gate: %s is not available here, skipped", gold_set.name)
            continue
        entry = baseline.get(gold_set.name, {})
        floors: dict[str, float] = entry.get("floors", {})
        digest = data_hash(gold_set)
        if entry and entry.get("data_hash") != digest:
            log.warning("gate: the %s inputs or gold labels changed since the floors were pinned (hash %s, "
                        "pinned %s); rerun with --update once the change is reviewed",
                        gold_set.name, digest, entry.get("data_hash"))
        if gold_set.name in rebase:
            if entry and entry.get("data_hash") == digest:
                log.error("gate: %s has not changed since its floors were pinned; --rebase refused", gold_set.name)
                return 2
            log.warning("gate: %s floors re-pinned on its new data", gold_set.name)
            floors = {}
        measured = measure(gold_set, options, processor)
        regressions = compare(measured, floors)
        for key, value in measured.items():
            floor = floors.get(key)
            mark = "" if floor is None else ("  REGRESSION" if value + TOLERANCE < floor else "")
            log.info("gate %-6s %-22s %.4f  floor %s%s", gold_set.name, key, value,
                     "-" if floor is None else f"{floor:.4f}", mark)
        failures.extend(f"{gold_set.name}: {text}" for text in regressions)
        if update or gold_set.name in rebase:
            baseline[gold_set.name] = {"data_hash": digest, "floors": raised(measured, floors)}
    if update or rebase:
        baseline_path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        log.info("gate: floors written to %s (raised only)", baseline_path)
    if failures:
        log.error("gate FAILED: %s", "; ".join(failures))
        return 1
    log.info("gate passed")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="raise the floors to the measured figures")
    parser.add_argument("--rebase", nargs="+", default=(), metavar="SET",
                        help="re-pin the floors of these sets, whose inputs or gold changed")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the baseline file (default: %(default)s)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return run_gate(update=args.update, baseline_path=args.baseline, rebase=args.rebase)


if __name__ == "__main__":
    sys.exit(main())
