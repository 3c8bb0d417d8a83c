"""How fast and how big is a store build? Time per step, articles per second and peak memory,
then the store aggregations' seconds and peak memory (figures printed, nothing asserted).

    python benchmarks/bench_store.py 1000 [--scheduler sync|local | --workers 2] [--entities] [--short]
        [--folder /tmp/bench]
    python benchmarks/bench_store.py 200000 --replicate [--base 1000] [--all-tables] [--folder /tmp/bench]

Build mode: writes N synthetic pages (``--short``: one paragraph of one sentence, about 40 words,
instead of 4-9) and builds their store. Peak memory is printed three ways: this process's
``ru_maxrss``, the largest child's (the Dask workers), and the whole process tree's resident
set sampled every 0.2 s (driver and workers at once; ``benchmarks/peak.py``).

Replicate mode (``--replicate``): a store of N articles made cheaply for timing the
aggregations. A real store of ``--base`` synthetic articles is built once (or reused), then
its ``articles``, ``sentences``, ``mentions``, ``titles``, ``terms`` and ``frames`` partitions
are copied N / base times, each copy with its own ``doc_id`` suffix, its own set of sources
(five base sources times 20 copies' suffixes: 100 sources) and its dates shifted by 18 days
per copy (about ten years in all), plus a duplicates file and a manifest. **The text is
replicated**: every copy repeats the base's sentences, so only the row counts and group
cardinalities are realistic, not the vocabulary's growth; the copies are not flagged as
duplicates of each other. ``tokens`` and ``lines`` are copied only with ``--all-tables``
(for timing a report over the copy: ``python benchmarks/peak.py -- python -m kit report
--corpus STORE``); ``pages`` and ``chrome`` never (no reader of a built store needs them).
Each aggregation's seconds and the peak resident memory of this process during it are printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peak import TreeSampler, own_peak_mb, reset_peak  # noqa: E402
from synthetic import SHORT, write_corpus  # noqa: E402

import kit  # noqa: E402
from kit import store as kstore  # noqa: E402

#: Datasets the aggregations read, copied by the replicate mode.
REPLICATED = ("articles", "sentences", "mentions", "titles", "terms", "frames")
COPIES_PER_SOURCE_SET = 20  # copy c gets the sources "<base source>~<c % 20>": 5 x 20 = 100 sources
DAYS_PER_COPY = 18


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def build_store(
    n: int,
    folder: Path,
    *,
    scheduler: str,
    entities: bool,
    short: bool,
    partition_size: int,
    fresh: bool = True,
    workers: int | None = None,
) -> Path:
    corpus = folder / f"corpus-{n}{'-short' if short else ''}"
    if not (corpus / "metadata.csv").exists():
        t0 = time.perf_counter()
        write_corpus(n, corpus, **(SHORT if short else {}))
        print(f"wrote {n:,} pages in {time.perf_counter() - t0:.1f} s", flush=True)
    store = folder / f"store-{n}{'-short' if short else ''}"
    if not fresh and kstore.is_store(store):
        return store
    shutil.rmtree(store, ignore_errors=True)
    t0 = time.perf_counter()
    with TreeSampler(interval=0.2) as tree:
        client = cluster = None
        if workers:  # a set number of workers, whatever the load average (--scheduler local counts free cores)
            from dask.distributed import Client

            from kit.store import local_cluster

            cluster = local_cluster(workers)  # as kit.build starts one: workers without the profiler
            client = Client(cluster)
            scheduler = f"local, {workers} workers"
        try:
            info = kit.build(
                corpus,
                store=store,
                entities=entities,
                scheduler=client or scheduler,
                partition_size=partition_size,
                progress=False,
            )
        finally:
            if client is not None:
                client.close()
                cluster.close()
    total = time.perf_counter() - t0
    words = int(kit.open_store(store).sql("SELECT sum(n_words) AS w FROM articles")["w"].iloc[0])
    steps = info.steps.assign(per_s=lambda d: n / d["seconds"].where(d["seconds"] > 0))
    print(steps.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    me, kids = peak_mb()
    print(
        f"build: {n:,} articles, {words:,} words, {total:.1f} s ({n / total:,.1f} articles/s); peak RSS "
        f"{me:,.0f} MB this process (driver), {kids:,.0f} MB largest child (worker); process tree sampled: "
        f"{tree.peak_total / 2**20:,.0f} MB total at most, {tree.peak_procs} processes; scheduler={scheduler}, "
        f"entities={entities}, short={short}",
        flush=True,
    )
    then = ", ".join(
        f"{b / 2**20:,.0f} MB {'driver' if pid == os.getpid() else 'pid ' + str(pid)}"
        for pid, b in tree.at_peak.items()
    )
    print(f"tree peak {tree.peak_at:.1f} s after the start of the build: {then}", flush=True)
    return store


def _suffixed(column, suffix: str):
    """``column`` (string or large string) with ``suffix`` appended to every value; nulls stay null."""
    if pa.types.is_null(column.type):  # a column of nulls only (no duplicate at all)
        return column
    return pc.binary_join_element_wise(column, pa.scalar(suffix, column.type), pa.scalar("", column.type))


def replicate(base: Path, target: Path, n: int, *, datasets: tuple[str, ...] = REPLICATED) -> Path:
    """Write a store of about ``n`` articles at ``target`` from copies of ``base`` (see the module doc)."""
    src = kit.open_store(base)
    m = src.manifest
    tables = {
        d: pa.concat_tables([pq.read_table(f) for f in src.files(d)], promote_options="default") for d in datasets
    }
    dup = pq.read_table(base / m["duplicates"])
    n_base = tables["articles"].num_rows
    copies = math.ceil(n / n_base)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    files: dict[str, list[str]] = {d: [] for d in datasets}
    dups = []
    for c in range(copies):
        suffix = f"~{c:04d}"

        def renamed(t: pa.Table, column: str = "doc_id", suffix: str = suffix) -> pa.Table:
            i = t.schema.get_field_index(column)
            return t.set_column(i, column, _suffixed(t[column], suffix))

        for d in datasets:
            t = renamed(tables[d])
            if d == "articles":
                t = t.set_column(
                    t.schema.get_field_index("source"),
                    "source",
                    _suffixed(t["source"], f"~{c % COPIES_PER_SOURCE_SET:02d}"),
                )
                date = t["date"]
                shifted = (
                    pc.add(
                        date,
                        pa.scalar(DAYS_PER_COPY * c * 86_400_000_000_000, pa.duration("ns")).cast(
                            pa.duration(date.type.unit)
                        ),
                    )
                    if pa.types.is_timestamp(date.type)
                    else date
                )
                t = t.set_column(t.schema.get_field_index("date"), "date", shifted)
            rel = f"{d}/part-{c:05d}-copy.parquet"
            (target / d).mkdir(exist_ok=True)
            pq.write_table(t, target / rel)
            files[d].append(rel)
        d2 = renamed(dup)
        i = d2.schema.get_field_index("duplicate_of")
        dups.append(d2.set_column(i, "duplicate_of", _suffixed(dup["duplicate_of"], suffix)))
    pq.write_table(pa.concat_tables(dups), target / "duplicates-copy.parquet")
    shutil.copy(base / m["datasets"]["report"][-1], target / "report-copy.parquet")
    manifest = {
        **m,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "n_articles": copies * n_base,
        "n_partitions": copies,
        "duplicates": "duplicates-copy.parquet",
        "replicated_from": str(base),
        "copies": copies,
        "datasets": {**files, "report": ["report-copy.parquet"]},
    }
    (target / kstore.MANIFEST).write_text(json.dumps(manifest, indent=2))
    return target


def time_aggregations(store: Path) -> None:
    s = kit.open_store(store)
    size = sum(f.stat().st_size for f in store.rglob("*.parquet")) / 2**20
    counts = s.sql(
        "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM sentences) AS s, "
        "(SELECT count(*) FROM mentions) AS m, (SELECT count(*) FROM terms) AS t, "
        "(SELECT count(DISTINCT source) FROM articles) AS src"
    ).iloc[0]
    print(
        f"store {store}: {int(counts['a']):,} articles, {int(counts['s']):,} sentences, {int(counts['m']):,} "
        f"mentions, {int(counts['t']):,} (article, lemma) rows, {int(counts['src'])} sources, {size:,.0f} MB "
        f"of Parquet",
        flush=True,
    )
    for name, call in [
        ("mention_rates(by=source)", lambda: s.mention_rates(by="source")),
        ("mention_rates(by=doc_id)", lambda: s.mention_rates(by="doc_id")),
        ("cooccurrence(sentence)", lambda: s.cooccurrence()),
        ("cooccurrence(paragraph, by=source)", lambda: s.cooccurrence(unit="paragraph", by="source")),
        ("cooccurrence(article, by=source)", lambda: s.cooccurrence(unit="article", by="source")),
        ("term_counts(by=source)", lambda: s.term_counts(by="source")),
        ("term_counts(by=source, drop_actors)", lambda: s.term_counts(by="source", drop_actors=True)),
        ("frame_shares(by=source)", lambda: s.frame_shares(by="source")),
    ]:
        reset_peak()
        before = own_peak_mb()
        t0 = time.perf_counter()
        out = call()
        print(
            f"{name:38s} {time.perf_counter() - t0:7.2f} s  {len(out):9,} rows  peak RSS {own_peak_mb():,.0f} MB "
            f"(from {before:,.0f} MB before)",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--scheduler", default="sync")
    ap.add_argument("--workers", type=int, help="a LocalCluster of this many workers (overrides --scheduler)")
    ap.add_argument("--entities", action="store_true")
    ap.add_argument("--short", action="store_true", help="one sentence (about 40 words) per article")
    ap.add_argument("--folder", default="/tmp/kit-bench-store")
    ap.add_argument("--partition-size", type=int, default=500)
    ap.add_argument("--replicate", action="store_true", help="copy a --base store's partitions to N articles")
    ap.add_argument("--base", type=int, default=1000, help="articles in the real store that --replicate copies")
    ap.add_argument("--all-tables", action="store_true", help="--replicate copies tokens and lines too (for a report)")
    args = ap.parse_args()
    root = Path(args.folder)
    if args.replicate:
        base = build_store(
            args.base,
            root,
            scheduler=args.scheduler,
            entities=args.entities,
            short=args.short,
            partition_size=args.partition_size,
            fresh=False,
        )
        t0 = time.perf_counter()
        tables = tuple(t for t in kstore.TABLES if t != "report") if args.all_tables else REPLICATED
        name = f"store-{args.n}-replicated{'-all' if args.all_tables else ''}"
        store = replicate(base, root / name, args.n, datasets=tables)
        print(f"replicated {base} to {store} in {time.perf_counter() - t0:.1f} s (text repeated, see the script)")
    else:
        store = build_store(
            args.n,
            root,
            scheduler=args.scheduler,
            entities=args.entities,
            short=args.short,
            partition_size=args.partition_size,
            workers=args.workers,
        )
    time_aggregations(store)


if __name__ == "__main__":
    main()
