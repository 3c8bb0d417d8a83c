"""Benchmark: kit.annotate against the naive loop ``[nlp(t) for t in texts]``.

Same texts, same run: the sample articles repeated until the corpus has at least
500,000 words, each copy made unique (a numbered sentence in every paragraph) so no cache
or de-duplication can help. Measures, in words per second:

* naive: the model's full default pipeline, one ``nlp(text)`` call per article;
* kit, 1 process and 2 processes: ``kit.annotate(..., cache=False)``;
* kit, cached rerun: a second ``kit.annotate`` over a warm disk cache.

``--memory N`` instead annotates N articles (default 10,000) in a fresh process, with the
cache, and prints the peak resident memory of that process and its workers.

Run: ``python benchmarks/bench_annotate.py [--words 500000] [--memory 10000]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import pandas as pd

import kit
from kit import nlp, paths


def build(min_words: int = 0, n_articles: int = 0) -> pd.DataFrame:
    sample = kit.load_corpus(paths.SAMPLE_CORPUS)
    rows, words, k = [], 0, 0
    while words < min_words or len(rows) < n_articles:
        base = sample.iloc[k % len(sample)]
        text = "\n\n".join(f"{p} Ceci est la copie {k}." for p in base["text"].split("\n\n"))
        rows.append({"doc_id": f"copy{k:06d}", "text": text})
        words += len(text.split())
        k += 1
    return pd.DataFrame(rows)


def speed(min_words: int) -> None:
    corpus = build(min_words=min_words)
    words = int(corpus["text"].str.split().str.len().sum())
    print(f"corpus: {len(corpus):,} articles, {words:,} words (unique texts)")
    full = nlp.load_model(fast=False)
    full("Échauffement.")  # warm up both pipelines outside the timings
    kit.annotate(corpus.head(5), cache=False)

    results = {}
    start = time.perf_counter()
    for text in corpus["text"]:
        full(text)
    results["naive loop, full pipeline"] = time.perf_counter() - start

    start = time.perf_counter()
    kit.annotate(corpus, cache=False, progress=False)
    results["kit.annotate, 1 process"] = time.perf_counter() - start

    start = time.perf_counter()
    kit.annotate(corpus, cache=False, n_process=2, batch_size=64, progress=False)
    results["kit.annotate, 2 processes"] = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KIT_CACHE"] = tmp
        kit.annotate(corpus, n_process=2, batch_size=64, progress=False)  # fill the cache
        start = time.perf_counter()
        kit.annotate(corpus, progress=False)
        results["kit.annotate, cached rerun"] = time.perf_counter() - start

    naive = results["naive loop, full pipeline"]
    print(f"{'run':32s} {'seconds':>9s} {'words/s':>10s} {'vs naive':>9s}")
    for name, seconds in results.items():
        print(f"{name:32s} {seconds:9.2f} {words / seconds:10,.0f} {naive / seconds:8.2f}x")


def memory(n_articles: int, processes: int = 2) -> None:
    if os.environ.get("_KIT_MEMORY_CHILD"):
        corpus = build(n_articles=n_articles)
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KIT_CACHE"] = tmp
            start = time.perf_counter()
            ann = kit.annotate(corpus, n_process=processes, batch_size=64, progress=False)
            seconds = time.perf_counter() - start
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{n_articles:,} articles, {processes} process(es), {len(ann.tokens):,} tokens in {seconds:.0f} s; "
            f"peak RSS: main process {own:,.0f} MB, largest worker {workers:,.0f} MB"
        )
        return
    env = {**os.environ, "_KIT_MEMORY_CHILD": "1"}
    subprocess.run(
        [sys.executable, __file__, "--memory", str(n_articles), "--processes", str(processes)], env=env, check=True
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--memory", type=int, default=0, help="annotate N articles and report peak memory")
    parser.add_argument("--processes", type=int, default=2, help="n_process for the memory run")
    args = parser.parse_args()
    if args.memory:
        memory(args.memory, args.processes)
    else:
        speed(args.words)
