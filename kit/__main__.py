"""How is the kit run from a terminal? ``python -m kit report --corpus PATH [--metadata FILE] [--out DIR]``,
``python -m kit build --corpus PATH [--metadata FILE] --store DIR [--scheduler tcp://host:8786]``."""

from __future__ import annotations

import argparse
import json
import sys

from kit import paths


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run it; returns the exit code.

    Example: ``python -m kit report --corpus data/sample --out reports``.
    """
    parser = argparse.ArgumentParser(prog="python -m kit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="run every notebook on a corpus and write reports/")
    rep.add_argument("--corpus", default=str(paths.SAMPLE_CORPUS), help="folder of pages or a table file")
    rep.add_argument("--metadata", default=None, help="metadata file (doc_id, source, url, date)")
    rep.add_argument("--out", default=None, help="reports folder (default: reports/ or $KIT_REPORTS)")
    rep.add_argument("--only", nargs="*", help="notebook name prefixes to run, e.g. 01 02")
    rep.add_argument(
        "--code",
        choices=["hidden", "shown"],
        default="hidden",
        help="code cells in the HTML pages: hidden behind a switch (default) or shown",
    )
    rep.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="extra notebook parameter (value read as JSON when it parses, else as text)",
    )
    bld = sub.add_parser("build", help="build (or complete) a study store: the corpus's tables as Parquet on disk")
    bld.add_argument("--corpus", required=True, help="folder of pages or a table file")
    bld.add_argument("--metadata", default=None, help="metadata file (doc_id, source, url, date)")
    bld.add_argument("--store", required=True, help="store folder (on a shared filesystem for a cluster)")
    bld.add_argument("--actors", default=None, help="gazetteer (default data/actors.yml)")
    bld.add_argument("--frames", default=None, help="frame lexicons (default data/frames.yml)")
    bld.add_argument("--language", default="fr", help="expected language (default fr)")
    bld.add_argument(
        "--no-entities", dest="entities", action="store_false", help="skip named entities (faster; no unknown names)"
    )
    bld.add_argument("--partition-size", type=int, default=500, help="pages per partition (default 500)")
    bld.add_argument(
        "--scheduler",
        default="auto",
        help="auto (default: one worker per free core), sync (this process), local, or tcp://host:8786",
    )
    args = parser.parse_args(argv)

    if args.command == "build":
        from kit.errors import KitError
        from kit.store import build

        try:
            info = build(
                args.corpus,
                args.metadata,
                store=args.store,
                actors=args.actors,
                frames=args.frames,
                language=args.language,
                entities=args.entities,
                partition_size=args.partition_size,
                scheduler=args.scheduler,
                progress=True,
            )
        except KitError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(info.steps.to_string(index=False))
        print(f"{info.manifest['n_articles']} articles in {info.store}")
        return 0

    from kit.report import run_all

    extra = {}
    for name, value in args.parameter:
        try:
            extra[name] = json.loads(value)
        except json.JSONDecodeError:
            extra[name] = value
    manifest = run_all(
        args.corpus, metadata=args.metadata, out=args.out, only=args.only, parameters=extra, code=args.code
    )
    failed = [n for n in manifest["notebooks"] if n["status"] != "ok"]
    for n in failed:
        print(f"FAILED {n['notebook']}: {n['error']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
