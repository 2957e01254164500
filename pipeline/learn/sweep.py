"""The measurement behind each tunable number: the development corpus scored with the number moved one step
down and one step up, everything else as configured.

    python -m pipeline.learn.sweep                      # every part of [tuning] that can be swept
    python -m pipeline.learn.sweep --part dates --part victims
    python -m pipeline.learn.sweep --workers 2 --worker 0 & python -m pipeline.learn.sweep --workers 2 --worker 1

Extraction numbers are scored by macro-F1 (the pages are read, cleaned and run through the rule pipes
once; each setting re-runs triage, the NER and the extractors on copies of the Docs). Boilerplate numbers
are scored by keep-recall / drop-rate (each setting re-cleans the pages). A step is a quarter of the
value (at least 1 for whole numbers). Caps of learned-scorer features and evidence counts are not swept:
a cap is part of what a scorer was trained on (change it, then ``make train``), and evidence counts
change no value. The printed lines are what ``models/config.toml`` quotes under each table.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Span

from pipeline.boilerplate.memory import build_memory
from pipeline.errors import ErrorRow
from pipeline.evaluate import Evaluation, evaluate, read_jsonl
from pipeline.extract import complete, triage
from pipeline.nlp import SALIENT_NER
from pipeline.process import Processor
from pipeline.readers import iter_documents
from pipeline.resources import use_options
from pipeline.settings import Options, load_options

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
BOILERPLATE_PARTS = frozenset({"html", "markers", "memory", "signals", "text_dump"})
NOT_SWEPT_PARTS = frozenset({"is_incident", "is_incident_caps", "company_ner_priors"})
NOT_SWEPT = frozenset({("cause", "votes_cap"), ("cause", "evidence_per_code"), ("company", "mention_cap"),
                       ("company", "incident_cap"), ("company", "evidence_spans"), ("data_types", "kinds_cap"),
                       ("data_types", "mentions_cap"), ("data_types", "page_codes_cap"),
                       ("data_types", "evidence_per_code"), ("dates", "repeat_cap"), ("dates", "years_cap"),
                       ("penalties", "distance_cap"), ("victims", "repeat_cap"), ("victims", "precise_cap"),
                       ("victims", "magnitude_cap")})


@dataclass(frozen=True, slots=True)
class Setting:
    part: str
    name: str
    value: int | float


def steps(value: int | float) -> tuple[int | float, int | float]:
    """One step down and one up: a quarter of the value (at least 1 for whole numbers)."""
    if isinstance(value, int):
        step = max(1, round(value / 4))
        return max(value - step, 0), value + step
    return round(value * 0.75, 4), round(value * 1.25, 4)


def settings(options: Options, parts: Sequence[str]) -> Iterator[Setting]:
    for part, table in options.tuning.sections.items():
        if part in NOT_SWEPT_PARTS or (parts and part not in parts):
            continue
        for name, value in table.items():
            if (part, name) not in NOT_SWEPT:
                for moved in steps(value):
                    yield Setting(part, name, moved)


def with_setting(options: Options, setting: Setting) -> Options:
    return replace(options, tuning=options.tuning.merged({setting.part: {setting.name: setting.value}}))


class Corpus:
    """The development pages, read once; cleaned and annotated once for the extraction sweeps."""

    def __init__(self, inputs: Sequence[Path], gold: list[dict], options: Options) -> None:
        self.inputs = inputs
        self.gold = gold
        wanted = {item["doc_id"] for item in gold}
        self.raws = [item for item in iter_documents(inputs, options.limits)
                     if not isinstance(item, ErrorRow) and item.doc_id in wanted]
        self.processor = Processor(options, build_memory(inputs, options.limits))
        self.documents = [d for d in map(self.processor.clean, self.raws) if not isinstance(d, ErrorRow)]
        docs = self.processor.rule_docs(self.documents)
        self.docs = [doc.to_bytes() for doc in docs]
        # the NER reads no tunable: its entities are found once per page and set again on each copy
        ner = self.processor.nlp.get_pipe(SALIENT_NER)
        self.entities = [([(e.start, e.end, e.label_) for e in doc.ents], doc._.ner_sentences)
                         for doc in ner.pipe(docs)]

    def extraction(self, options: Options) -> Evaluation:
        use_options(options)
        vocab = self.processor.nlp.vocab
        records = []
        for document, data, (entities, sentences) in zip(self.documents, self.docs, self.entities, strict=True):
            found = triage(Doc(vocab).from_bytes(data), document, options)
            if found.needs_entities:
                doc = found.ctx.doc
                doc.set_ents([Span(doc, start, end, label=label) for start, end, label in entities],
                             default="outside")
                doc._.ner_sentences = sentences
                complete(found, options)
            records.append(found.record.as_dict())
        return evaluate(self.gold, records)

    def boilerplate(self, options: Options) -> Evaluation:
        use_options(options)
        processor = Processor(options, build_memory(self.inputs, options.limits))
        records = []
        for raw in self.raws:
            cleaned = processor.clean(raw)
            records.append({"doc_id": raw.doc_id, "text": "" if isinstance(cleaned, ErrorRow) else cleaned.text})
        return evaluate(self.gold, records)


def figure(evaluation: Evaluation, part: str) -> str:
    if part in BOILERPLATE_PARTS:
        return f"{evaluation.keep_recall:.3f}/{evaluation.drop_rate:.3f}"
    return f"{evaluation.macro_f1:.4f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.learn.sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", action="append", default=[], help="only this [tuning.PART] (repeatable)")
    parser.add_argument("--inputs", type=Path, nargs="+", default=[ROOT / "raw"])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "raw.jsonl")
    parser.add_argument("--workers", type=int, default=1, help="run as one of N processes ...")
    parser.add_argument("--worker", type=int, default=0, help="... this one (0 to N-1), each taking every N-th setting")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    options = load_options()
    corpus = Corpus(args.inputs, read_jsonl(args.gold), options)
    current = {"extraction": figure(corpus.extraction(options), "extraction"),
               "boilerplate": figure(corpus.boilerplate(options), "text_dump")}
    print(f"as configured: macro-F1 {current['extraction']}, keep/drop {current['boilerplate']}")
    tried = list(settings(options, args.part))
    share = tried[args.worker::args.workers]
    for setting in share:
        moved = with_setting(options, setting)
        boilerplate = setting.part in BOILERPLATE_PARTS
        evaluation = corpus.boilerplate(moved) if boilerplate else corpus.extraction(moved)
        was = options.tuning.value(setting.part, setting.name)
        print(f"[tuning.{setting.part}] {setting.name} {was} -> {setting.value}: "
              f"{figure(evaluation, setting.part)} (as configured "
              f"{current['boilerplate' if boilerplate else 'extraction']})", flush=True)
    use_options(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
