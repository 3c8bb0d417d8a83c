"""Benchmark: kit.annotate against the naive loop ``[nlp(t) for t in texts]``.

Same texts, same run: the sample articles repeated until the corpus has at least
500,000 words, each copy made unique (a numbered sentence in every paragraph) so no cache
or de-duplication can help. Prints wall-clock seconds, CPU seconds (this process and its
workers) and words per second of:

* naive loop, full default pipeline: the model as spaCy loads it, one ``nlp(text)`` per article;
* naive loop, kit's components: the same loop with only the components kit uses (no parser,
  attribute ruler or NER; ``senter`` on), still on spaCy's default BLAS (BLIS);
* naive loop, kit's components and BLAS: the same with numpy's BLAS on one thread, as
  ``kit.nlp.load_model`` loads it: what is left between this and ``kit.annotate`` is the kit's
  own work (batching, the tables);
* kit, 1 process and 2 processes: ``kit.annotate(..., cache=False)``, and the ratio to linear;
* kit, cached rerun: a second ``kit.annotate`` over a warm disk cache.

On a machine shared with other jobs the wall-clock figures vary from run to run: ``--rounds N``
repeats every run N times (interleaved) and keeps the fastest of each.

``--memory N`` instead annotates N articles (default 10,000) in a fresh process, with the
cache, and prints the peak resident memory of that process and its workers.

Run: ``python benchmarks/bench_annotate.py [--words 500000] [--rounds 1] [--memory 10000]``.
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


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the annotation workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def speed(min_words: int, rounds: int = 1) -> None:
    import spacy
    from threadpoolctl import threadpool_limits

    corpus = build(min_words=min_words)
    texts = corpus["text"].tolist()
    words = int(corpus["text"].str.split().str.len().sum())
    print(f"corpus: {len(corpus):,} articles, {words:,} words (unique texts)")
    full = nlp.load_model(fast=False)  # the model as spaCy loads it
    # the kit's components (no parser, attribute ruler or NER; senter on) on spaCy's default BLAS
    same = spacy.load(nlp.DEFAULT_MODEL, exclude=[*nlp.EXCLUDED_PIPES, "ner"])
    same.enable_pipe("senter")
    kit_nlp = nlp.load_model(entities=False)  # the same components, as kit.annotate runs them
    for model in (full, same, kit_nlp):  # warm up outside the timings
        model("Échauffement.")
    kit.annotate(corpus.head(5), cache=False)

    def one_core(model):
        with threadpool_limits(limits=1, user_api="blas"):  # numpy's BLAS would use both cores
            for text in texts:
                model(text)

    runs = {
        "naive loop, full default pipeline": lambda: [full(t) for t in texts],
        "naive loop, kit's components": lambda: [same(t) for t in texts],
        "naive loop, kit's components and BLAS": lambda: one_core(kit_nlp),
        "kit.annotate, 1 process": lambda: kit.annotate(corpus, cache=False, progress=False),
        "kit.annotate, 2 processes": lambda: kit.annotate(corpus, cache=False, n_process=2, progress=False),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in [*runs, "kit.annotate, cached rerun"]}
    for _ in range(rounds):
        for name, run in runs.items():
            wall, cpu = time.perf_counter(), _cpu()
            run()
            results[name].append((time.perf_counter() - wall, _cpu() - cpu))
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KIT_CACHE"] = tmp
            kit.annotate(corpus, n_process=2, progress=False)  # fill the cache
            wall, cpu = time.perf_counter(), _cpu()
            kit.annotate(corpus, progress=False)
            results["kit.annotate, cached rerun"].append((time.perf_counter() - wall, _cpu() - cpu))
            del os.environ["KIT_CACHE"]

    best = {name: min(r) for name, r in results.items()}  # the least disturbed round of each
    naive = best["naive loop, full default pipeline"][0]
    naive_cpu = best["naive loop, full default pipeline"][1]
    # cores: CPU seconds per second, the share of the machine a run actually got (1.0 = one whole core)
    print(f"{'run':40s} {'seconds':>8s} {'vs naive':>9s} {'CPU s':>7s} {'vs naive':>9s} {'cores':>6s} {'words/s':>10s}")
    for name, (seconds, cpu) in best.items():
        print(
            f"{name:40s} {seconds:8.2f} {naive / seconds:8.2f}x {cpu:7.2f} {naive_cpu / cpu:8.2f}x "
            f"{cpu / seconds:6.2f} {words / seconds:10,.0f}"
        )
    (one, one_cpu), (two, two_cpu) = best["kit.annotate, 1 process"], best["kit.annotate, 2 processes"]
    print(
        f"2 processes: {one / two:.2f}x one process in wall-clock time ({one / two / 2:.0%} of linear), "
        f"{two_cpu / one_cpu:.2f}x its CPU time (1.00 = no cost for the split)"
    )
    if rounds > 1:
        print("every round (seconds):")
        for name, r in results.items():
            print(f"  {name:40s} " + " ".join(f"{w:8.2f}" for w, _ in r))


def memory(n_articles: int, processes: int = 2) -> None:
    if os.environ.get("_KIT_MEMORY_CHILD"):
        corpus = build(n_articles=n_articles)
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KIT_CACHE"] = tmp
            start = time.perf_counter()
            ann = kit.annotate(corpus, n_process=processes, progress=False)
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
    parser.add_argument("--rounds", type=int, default=1, help="repeat every run; the fastest of each is shown")
    parser.add_argument("--memory", type=int, default=0, help="annotate N articles and report peak memory")
    parser.add_argument("--processes", type=int, default=2, help="n_process for the memory run")
    args = parser.parse_args()
    if args.memory:
        memory(args.memory, args.processes)
    else:
        speed(args.words, args.rounds)
