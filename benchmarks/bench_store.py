"""How fast and how big is a store build? Time per step, articles per second and peak memory,
then the store aggregations' seconds and peak memory (figures printed, nothing asserted).

    python benchmarks/bench_store.py 1000 [--scheduler sync|local] [--entities] [--folder /tmp/bench]

Peak memory is the resident set of this process (``ru_maxrss``) and, for Dask workers,
of its children.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_corpus  # noqa: E402

import kit  # noqa: E402


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--scheduler", default="sync")
    ap.add_argument("--entities", action="store_true")
    ap.add_argument("--folder", default="/tmp/kit-bench-store")
    ap.add_argument("--partition-size", type=int, default=500)
    args = ap.parse_args()
    root = Path(args.folder)
    corpus = root / f"corpus-{args.n}"
    if not (corpus / "metadata.csv").exists():
        t0 = time.perf_counter()
        write_corpus(args.n, corpus)
        print(f"wrote {args.n:,} pages in {time.perf_counter() - t0:.1f} s")
    store = root / f"store-{args.n}"
    shutil.rmtree(store, ignore_errors=True)
    t0 = time.perf_counter()
    info = kit.build(corpus, store=store, entities=args.entities, scheduler=args.scheduler,
                     partition_size=args.partition_size, progress=False)
    total = time.perf_counter() - t0
    words = int(kit.open_store(store).sql("SELECT sum(n_words) AS w FROM articles")["w"].iloc[0])
    steps = info.steps.assign(per_s=lambda d: args.n / d["seconds"].where(d["seconds"] > 0))
    print(steps.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    me, kids = peak_mb()
    print(f"build: {args.n:,} articles, {words:,} words, {total:.1f} s ({args.n / total:,.1f} articles/s), "
          f"peak RSS {me:,.0f} MB here, {kids:,.0f} MB largest child; scheduler={args.scheduler}, "
          f"entities={args.entities}")

    s = kit.open_store(store)
    for name, call in [
        ("mention_rates(by=source)", lambda: s.mention_rates(by="source")),
        ("cooccurrence(sentence)", lambda: s.cooccurrence()),
        ("cooccurrence(paragraph, by=source)", lambda: s.cooccurrence(unit="paragraph", by="source")),
        ("term_counts(by=source)", lambda: s.term_counts(by="source")),
        ("frame_shares(by=source)", lambda: s.frame_shares(by="source")),
    ]:
        t0 = time.perf_counter()
        out = call()
        print(f"{name:38s} {time.perf_counter() - t0:7.2f} s  {len(out):7,} rows  peak RSS {peak_mb()[0]:,.0f} MB")


if __name__ == "__main__":
    main()
