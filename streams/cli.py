"""The `newsstreams` command line. Parses arguments, builds Settings, calls one command module.

Every setting is also an option (`--kafka-bootstrap`, `--topic-input`, ...) that
overrides its NEWSSTREAMS_* environment variable. Expected failures (bad
settings, unreachable broker, missing files) print one line and exit 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import CommandError, NewsstreamsError
from .settings import Settings, load_settings, setting_fields


def _settings_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("settings (each also read from NEWSSTREAMS_<NAME>)")
    for name, kind, default, help_text, secret in setting_fields():
        flag = "--" + name.replace("_", "-")
        shown = "" if secret else f" (default: {default!r})"
        group.add_argument(flag, dest=f"setting_{name}", metavar=kind.upper(), default=None, help=help_text + shown)
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _settings_options()
    parser = argparse.ArgumentParser(
        prog="newsstreams",
        description="Enrich news articles streaming through Kafka: entities, attributed quotes, diplomacy routing.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    commands.add_parser("worker", parents=[common], help="run a stream worker (workers with one app id share partitions)")

    produce = commands.add_parser("produce", parents=[common], help="send .txt/.json/.jsonl files, folders or stdin (-)")
    produce.add_argument("paths", nargs="+", metavar="PATH")
    produce.add_argument("--topic", default=None, help="topic to send to (default: the input topic)")

    consume = commands.add_parser("consume", parents=[common], help="read an output topic")
    consume.add_argument("--topic", default="enriched", help="enriched, diplomacy, dlq, input or a topic name")
    consume.add_argument("--from-beginning", action="store_true", help="start at the oldest record")
    consume.add_argument("--max", type=int, default=None, dest="max_records", help="stop after N records")
    consume.add_argument("--timeout", type=float, default=10.0, help="stop after S seconds without a record")
    consume.add_argument("--json", action="store_true", help="one JSON record per line")

    enrich = commands.add_parser("enrich", parents=[common], help="enrich files without a broker; JSON lines on stdout")
    enrich.add_argument("paths", nargs="+", metavar="PATH")
    enrich.add_argument("--pretty", action="store_true", help="indent the JSON")

    topics = commands.add_parser("topics", parents=[common], help="create or list topics")
    topics.add_argument("action", choices=["create", "list"])

    demo = commands.add_parser("demo", parents=[common], help="start what is needed, run the samples through, show the routes")
    demo.add_argument("--articles", default=None, help="folder of articles to send (default: examples/articles)")
    demo.add_argument("--keep", action="store_true", help="leave the worker and broker running at the end")

    commands.add_parser("view", parents=[common],
                        help="serve the newsroom page: stories as they are routed, quotes with their speakers")

    stats = commands.add_parser("stats", parents=[common], help="live table from a worker's /metrics")
    stats.add_argument("--url", default=None, help="metrics URL (default: from the metrics settings)")
    stats.add_argument("--interval", type=float, default=2.0)
    stats.add_argument("--once", action="store_true", help="print one table and exit")

    evaluate = commands.add_parser("evaluate", parents=[common], help="score the enrichment against a labelled set")
    evaluate.add_argument("paths", nargs="*", metavar="PATH", help="folders holding articles and gold.jsonl (default: eval/data/*)")
    evaluate.add_argument("--write-readme", action="store_true", help="put the table in the README")
    evaluate.add_argument("--readme", default="README.md", metavar="PATH",
                          help="the README whose table --write-readme replaces (default: README.md here)")
    evaluate.add_argument("--polnear", default=None, metavar="PATH",
                          help="score quotes and speakers on a PolNeAR copy instead (PATH holds data/<split>/)")
    evaluate.add_argument("--split", action="append", dest="splits", choices=["train", "dev", "test"],
                          help="PolNeAR split to score, repeatable (default: dev)")
    evaluate.add_argument("--diplomacy-labels", default=None, metavar="PATH",
                          help="our diplomacy labels of PolNeAR (default: eval/polnear/diplomacy.tsv when present)")

    fit = commands.add_parser("fit-models", parents=[common],
                              help="refit the quote models, the diplomacy scorer and the statement cues on PolNeAR train")
    fit.add_argument("--polnear", required=True, metavar="PATH", help="PolNeAR copy (PATH holds data/train/)")
    fit.add_argument("--output", default=None, metavar="FOLDER",
                     help="where the weight files go (default: the package's enrichment/data/)")
    fit.add_argument("--diplomacy-labels", default="eval/polnear/diplomacy.tsv", metavar="PATH",
                     help="our diplomacy labels of PolNeAR train (default: eval/polnear/diplomacy.tsv)")
    fit.add_argument("--only", choices=["quotes", "diplomacy", "statements"], default=None,
                     help="refit only the quote models, the diplomacy scorer or the statement cue table (default: all)")

    bench = commands.add_parser("bench", parents=[common], help="measure throughput and latency against the spaCy ceiling")
    bench.add_argument("--quick", action="store_true", help="small corpus, a CI smoke run (under 3 minutes)")
    bench.add_argument("--json", default=None, dest="json_path", metavar="PATH", help="write every figure as JSON")
    bench.add_argument("--chart", default=None, dest="chart_path", metavar="PATH", help="draw a PNG (needs the bench extra)")
    bench.add_argument("--articles", type=int, default=None, metavar="N", help="corpus size (default: 60 quick, 400 full)")
    return parser


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides = {k[len("setting_"):]: v for k, v in vars(args).items() if k.startswith("setting_")}
    return load_settings(overrides)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = _settings_from(args)
        _configure_logging(settings.log_level)
        return _dispatch(args, settings)
    except NewsstreamsError as exc:
        print(f"newsstreams {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level.lower() != "debug":
        # kafka-python logs every connection attempt; commands report failures in one line themselves
        logging.getLogger("kafka").setLevel(logging.CRITICAL)


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "worker":
        from .commands.worker import run_worker

        return run_worker(settings)
    if command == "produce":
        from .commands.produce import run_produce

        return run_produce(settings, args.paths, args.topic)
    if command == "consume":
        from .commands.consume import run_consume

        return run_consume(settings, args.topic, args.from_beginning, args.max_records, args.timeout, args.json)
    if command == "enrich":
        from .commands.enrich import run_enrich

        return run_enrich(settings, args.paths, args.pretty)
    if command == "topics":
        from .commands.topics import run_topics

        return run_topics(settings, args.action)
    if command == "demo":
        from .commands.demo import run_demo

        return run_demo(settings, args.articles, args.keep)
    if command == "view":
        from .commands.view import run_view

        return run_view(settings)
    if command == "stats":
        from .commands.stats import run_stats_command

        return run_stats_command(settings, args.url, args.interval, args.once)
    if command == "evaluate":
        from .commands.evaluate import run_evaluate_command

        return run_evaluate_command(settings, args.paths, args.write_readme, Path(args.readme), args.polnear,
                                    args.splits, args.diplomacy_labels)
    if command == "fit-models":
        from .commands.fit_models import run_fit_models_command

        return run_fit_models_command(settings, args.polnear, args.output, args.diplomacy_labels, args.only)
    if command == "bench":
        from .commands.bench import run_bench

        return run_bench(settings, args.quick, args.json_path, args.chart_path, args.articles)
    raise CommandError(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main())
