"""Command line: ``python -m pipeline`` or ``frincident``.

Subcommands: ``run`` (documents -> records), ``evaluate`` (records vs gold), ``clean`` (show what
boilerplate removal keeps and why), ``schema`` (the record's JSON Schema), ``db init`` (create the
tables of a database sink), ``review`` (a local page that writes gold labels).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import PipelineError, UsageError

log = logging.getLogger("pipeline")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frincident",
        description="Turn scraped French news pages into records of data-protection incidents.")
    _verbosity(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="process pages into records",
                              description="Process HTML pages, text dumps, JSONL and WARC dumps (files or "
                                          "directories, gzip allowed) into one record or error row per document.")
    _verbosity(run)
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories (searched recursively)")
    out = run.add_argument_group("output")
    out.add_argument("--out", type=Path, default=Path("extracted"),
                     help="output directory: records.jsonl, errors.jsonl, the run ledger (default: extracted)")
    out.add_argument("--sink", action="append", default=[], metavar="URL",
                     help="jsonl:DIR (default: jsonl:OUT), sqlite:///file.db, postgresql://..., parquet:DIR; "
                          "repeat for several")
    out.add_argument("--force", action="store_true", help="reprocess documents already written by an earlier run")
    engine = run.add_argument_group("execution")
    engine.add_argument("--workers", type=_positive, default=None, help="processes for the NLP (default: config)")
    engine.add_argument("--engine", choices=("local", "dask"), default="local")
    engine.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address (tcp://host:8786); default: a local cluster")
    engine.add_argument("--config", type=Path, help="a TOML file overriding models/config.toml")
    engine.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    out.add_argument("--incidents", action="store_true",
                     help="then group the records into incidents (OUT/incidents.jsonl and every sink)")

    _incident_commands(commands)

    evaluate = commands.add_parser("evaluate", help="score records against gold labels",
                                   description="Per-field P/R/F1 and boilerplate figures (../shared/SCHEMA.md).")
    _verbosity(evaluate)
    evaluate.add_argument("--gold", type=Path, required=True, action="append",
                          help="gold labels (JSONL); repeat with --pred for several sets side by side")
    evaluate.add_argument("--pred", type=Path, required=True, action="append", help="records (JSONL) written by `run`")
    evaluate.add_argument("--json", action="store_true", help="print the metrics JSON instead of the table")
    evaluate.add_argument("--title", action="append", help="a title printed above the table (one per --gold)")
    evaluate.add_argument("--no-errors", action="store_true", help="do not list the errors under the table")
    evaluate.add_argument("--html-baseline", type=Path, metavar="DIR",
                          help="also score trafilatura's default extraction on the HTML pages under DIR")
    evaluate.add_argument("--incidents", action="store_true",
                          help="--gold is gold incidents, --pred an incidents.jsonl: grouping (pairwise, B-cubed) "
                               "and incident fields")
    evaluate.add_argument("--records", type=Path, help="with --incidents: the article records, scored beside")
    report = evaluate.add_argument_group("HTML report")
    report.add_argument("--html", type=Path, metavar="PATH",
                        help="also write a self-contained HTML report (charts, per-code results, every error)")
    report.add_argument("--compare", type=Path, action="append", default=[], metavar="METRICS_JSON",
                        help="a metrics JSON of an earlier run (evaluate --json) shown beside the sets; repeatable")

    review = commands.add_parser("review", help="serve a local page that writes gold labels",
                                 description="Walk through records on 127.0.0.1, correct or accept each "
                                             "prediction and save it as a gold line (../shared/SCHEMA.md).")
    _verbosity(review)
    review.add_argument("records", type=Path, metavar="RECORDS", help="records (JSONL) written by `run`")
    review.add_argument("--gold", type=Path, required=True, help="gold file (JSONL) to read and write")
    review.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default: 8765; 0: any free)")

    clean = commands.add_parser("clean", help="print the clean text of pages (boilerplate removed)")
    _verbosity(clean)
    clean.add_argument("inputs", nargs="+", metavar="INPUT")
    clean.add_argument("--explain", action="store_true",
                       help="print every line/paragraph with its keep/drop decision and the reason")
    clean.add_argument("--config", type=Path)

    schema = commands.add_parser("schema", help="print the JSON Schema of a record")
    _verbosity(schema)

    db = commands.add_parser("db", help="database sink utilities")
    _verbosity(db)
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = db_commands.add_parser("init", help="create the tables of a database sink (idempotent)")
    init.add_argument("url", help="sqlite:///file.db or postgresql://...")
    return parser


def _verbosity(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("logging")
    group.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                       help="more log output on stderr (-vv for debug)")
    group.add_argument("-q", "--quiet", action="count", default=argparse.SUPPRESS,
                       help="less log output (-qq: errors only)")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.INFO + 10 * (getattr(args, "quiet", 0) or 0) - 10 * (getattr(args, "verbose", 0) or 0)
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level > logging.DEBUG:
        for noisy in ("trafilatura", "htmldate", "charset_normalizer", "distributed", "urllib3"):
            logging.getLogger(noisy).setLevel(logging.ERROR)



def _incident_commands(commands: argparse._SubParsersAction) -> None:
    """`incidents` (group records) and `export` (VERIS)."""
    incidents = commands.add_parser("incidents", help="group records that report the same incident",
                                    description="One incident per line in OUT/incidents.jsonl, its articles and "
                                                "merged fields; new records join the incidents already in OUT.")
    _verbosity(incidents)
    incidents.add_argument("records", nargs="+", type=Path, metavar="RECORDS", help="records.jsonl files of `run`")
    incidents.add_argument("--out", type=Path, default=Path("extracted"), help="output directory (default: extracted)")
    incidents.add_argument("--sink", action="append", default=[], metavar="URL",
                           help="also write the incidents to sqlite:///..., postgresql://..., parquet:DIR")
    incidents.add_argument("--explain", action="store_true", help="print why each record joined or opened an incident")
    incidents.add_argument("--engine", choices=("local", "dask"), default="local")
    incidents.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)")
    incidents.add_argument("--config", type=Path, help="a TOML file overriding models/config.toml")

    export = commands.add_parser("export", help="export incidents to another schema (VERIS)",
                                 description="One VERIS 1.4 JSON file per incident of an incidents.jsonl.")
    _verbosity(export)
    export.add_argument("incidents", type=Path, metavar="INCIDENTS", help="incidents.jsonl of `incidents`")
    export.add_argument("--format", choices=("veris",), default="veris")
    export.add_argument("--out", type=Path, required=True, help="directory for the JSON files")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "evaluate":
            return _evaluate_incidents(args) if args.incidents else _evaluate(args)
        if args.command == "incidents":
            return _incidents(args)
        if args.command == "export":
            from pipeline.incidents.veris import export_veris

            written = export_veris(args.incidents, args.out)
            log.info("%d VERIS files written to %s", written, args.out)
            return EXIT_OK
        if args.command == "clean":
            return _clean(args)
        if args.command == "review":
            from pipeline.review.server import serve

            serve(args.records, args.gold, args.port)
            return EXIT_OK
        if args.command == "schema":
            from pipeline.record import json_schema

            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
            return EXIT_OK
        if args.command == "db":
            from pipeline.sinks import open_sink

            sink = open_sink(args.url)
            sink.open()
            sink.close()
            log.info("tables ready in %s", args.url)
            return EXIT_OK
    except UsageError as error:
        log.error("%s", error)
        return EXIT_USAGE
    except PipelineError as error:
        log.error("%s", error)
        return EXIT_FAILED
    except KeyboardInterrupt:
        log.error("interrupted; rerun the same command to resume")
        return 130
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _options(args: argparse.Namespace):
    from pipeline.resources import use_options
    from pipeline.settings import load_options

    run_overrides = {"workers": args.workers} if getattr(args, "workers", None) else {}
    options = load_options(config=getattr(args, "config", None), run=run_overrides)
    use_options(options)  # every stage of the command reads this config's knowledge and tunables
    return options


def _run(args: argparse.Namespace) -> int:
    from pipeline.readers import discover
    from pipeline.sinks import open_sink

    options = _options(args)
    if next(iter(discover(args.inputs)), None) is None:
        raise UsageError("E401", inputs=" ".join(args.inputs))
    urls = args.sink or [f"jsonl:{args.out}"]
    sinks = [open_sink(url, default_dir=args.out) for url in urls]
    if args.engine == "dask":
        from pipeline.engine.distributed import run_dask

        summary = run_dask(args.inputs, urls, args.out, options, scheduler=args.scheduler, force=args.force,
                           progress=not args.no_progress, workers=args.workers)
    else:
        from pipeline.engine.local import run_local

        summary = run_local(args.inputs, sinks, args.out, options, workers=options.run.workers,
                            force=args.force, progress=not args.no_progress)
    print(summary, file=sys.stderr)
    if summary.read and not summary.records and summary.errors:
        return EXIT_FAILED
    if args.incidents:
        from pipeline.incidents.run import group_records

        records = args.out / "records.jsonl"
        if not records.exists():
            raise UsageError("E403", path=str(records),
                             reason="--incidents reads the JSONL output: add --sink jsonl:DIR")
        group_records([records], args.out, options, sinks=urls, engine=args.engine, scheduler=args.scheduler)
    return EXIT_OK


def _incidents(args: argparse.Namespace) -> int:
    from pipeline.incidents.run import group_records

    for path in args.records:
        if not path.exists():
            raise UsageError("E403", path=str(path), reason="no such file")
    group_records(args.records, args.out, _options(args), sinks=args.sink, explain=args.explain,
                  engine=args.engine, scheduler=args.scheduler)
    return EXIT_OK


def _evaluate_incidents(args: argparse.Namespace) -> int:
    from pipeline.evaluate import read_jsonl
    from pipeline.incidents.scoring import field_scores, format_scores, grouping_scores

    for path in [*args.gold, *args.pred, *([args.records] if args.records else [])]:
        if not path.exists():
            raise UsageError("E403", path=str(path), reason="no such file")
    gold, predicted = read_jsonl(args.gold[0]), read_jsonl(args.pred[0])
    grouping = grouping_scores(gold, predicted)
    fields = field_scores(gold, predicted, read_jsonl(args.records) if args.records else None)
    if args.json:
        print(json.dumps({"grouping": grouping, "fields": fields}, ensure_ascii=False, indent=2))
    else:
        if args.title:
            print(f"== {args.title[0]}")
        print(format_scores(grouping, fields))
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate, format_report, html_baseline, read_jsonl

    if len(args.gold) != len(args.pred):
        raise UsageError("E403", path=" ".join(map(str, args.gold + args.pred)),
                         reason="give one --pred for each --gold")
    for path in [*args.gold, *args.pred, *args.compare]:
        if not path.exists():
            raise UsageError("E403", path=str(path), reason="no such file")
    titles = args.title or []
    sets = []
    for index, (gold_path, pred_path) in enumerate(zip(args.gold, args.pred, strict=True)):
        gold, records = read_jsonl(gold_path), read_jsonl(pred_path)
        result = evaluate(gold, records)
        if args.html_baseline is not None:
            result.html_baseline = html_baseline(gold, args.html_baseline)
        title = titles[index] if index < len(titles) else None
        sets.append((title, gold, records, result))
        if args.json:
            continue
        print(format_report(result, title=title, show_errors=not args.no_errors))
    if args.json:
        metrics = [result.metrics() for *_, result in sets]
        print(json.dumps(metrics[0] if len(metrics) == 1 else metrics, ensure_ascii=False, indent=2))
    if args.html is not None:
        from pipeline.report import EvalSet, load_previous, write_report

        report_sets = [EvalSet.from_evaluation(title or f"{pred.parent.name or pred.stem} vs {gold_path.name}",
                                               gold, records, result, show_errors=not args.no_errors)
                       for (title, gold, records, result), gold_path, pred in zip(sets, args.gold, args.pred,
                                                                                  strict=True)]
        write_report(report_sets, args.html, previous=[item for path in args.compare for item in load_previous(path)])
        log.info("HTML report written to %s", args.html)
    return EXIT_OK


def _clean(args: argparse.Namespace) -> int:
    from pipeline.boilerplate import clean_document
    from pipeline.errors import ErrorRow
    from pipeline.readers import iter_documents

    options = _options(args)
    for item in iter_documents(args.inputs, options.limits):
        if isinstance(item, ErrorRow):
            print(f"### {item.doc_id}: {item.message}")
            continue
        try:
            document = clean_document(item, options)
        except PipelineError as error:
            print(f"### {item.doc_id}: {error}")
            continue
        print(f"### {document.doc_id}")
        print(f"title: {document.source.title or ''}")
        print(f"date: {document.source.date or document.source.byline or ''}")
        if args.explain:
            for decision in document.decisions:
                mark = "KEEP" if decision.keep else "DROP"
                print(f"{mark} {decision.role:<11} {decision.reason:<45} | {decision.text}")
        else:
            print()
            print(document.text)
        print()
    return EXIT_OK
