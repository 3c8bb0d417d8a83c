"""Benchmark: load and clean a 10,000-article corpus built by repeating the sample.

Prints articles per second and peak memory for two corpora:
* ``repeated``: the five sample pages copied as they are (exact reprints, as wire copy is);
* ``varied``: each copy gets its own sentence in every paragraph, so no line repeats and no
  per-line cache can help: the honest cost of cleaning unseen text.

and the varied corpus again cleaned in two worker processes (``kit.load(n_process=2)``; peak
RSS is the main process's).

Run: ``python benchmarks/bench_load.py [N]`` (default 10,000). With ``--stages``, one load of the
varied corpus in one process, and the microseconds per page spent in each stage of the cleaning
(each stage's time includes the stages it calls, so they do not add up to the total).
"""

from __future__ import annotations

import functools
import resource
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import kit
from kit import clean, line_model, paths

#: The cleaning's stages, as (module, function): the rules, then the model's features, facts and
#: decision, each page assembled (with its language), and the near-duplicate search.
STAGES = (
    (clean, "classify_pages"),
    (line_model, "line_features"),
    (line_model, "line_facts"),
    (line_model, "decide"),
    (line_model, "_assemble_pages"),
    (clean, "detect_language"),
    (clean, "near_duplicates"),
)


def build(folder: Path, n: int, varied: bool) -> None:
    pages = [p.read_text(encoding="utf-8") for p in sorted(paths.SAMPLE_CORPUS.glob("*.txt"))]
    for k in range(n):
        page = pages[k % len(pages)]
        if varied:
            page = "\n".join(
                line + f" Copie numéro {k} de l'article." if len(line) > 120 else line for line in page.split("\n")
            )
        (folder / f"{k:05d}.txt").write_text(page, encoding="utf-8")


def main(n: int = 10_000) -> None:
    for varied, n_process in ((False, 1), (True, 1), (True, 2)):
        line_model.clear_line_caches()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            build(folder, n, varied)
            start = time.perf_counter()
            corpus = kit.load(folder, progress=False, n_process=n_process)
            seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        name = ("varied" if varied else "repeated") + (f", {n_process} processes" if n_process > 1 else "")
        print(
            f"{name:22s} {n:,} pages -> {len(corpus.articles):,} articles, {len(corpus.lines):,} lines "
            f"in {seconds:.2f} s: {n / seconds:,.0f} articles/s; peak RSS so far {peak_mb:,.0f} MB; "
            f"{int(corpus.articles['duplicate_of'].notna().sum()):,} flagged as duplicates"
        )
        del corpus  # held during the next load, it would count against it


@contextmanager
def timed(stages=STAGES):
    """Seconds spent in each stage while the block runs (the functions are wrapped, then restored)."""
    seconds: Counter = Counter()
    originals = [(module, name, getattr(module, name)) for module, name in stages]
    for module, name, function in originals:

        def wrapper(*args, _function=function, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _function(*args, **kwargs)
            finally:
                seconds[_name] += time.perf_counter() - start

        setattr(module, name, functools.wraps(function)(wrapper))
    try:
        yield seconds
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def stages(n: int = 3_000) -> None:
    """Microseconds per page in each stage of one load of ``n`` varied pages (after a first load
    that warms the imports and the model), in one process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder, n, varied=True)
        kit.load(folder, progress=False)
        line_model.clear_line_caches()
        with timed() as seconds:
            start = time.perf_counter()
            kit.load(folder, progress=False)
            total = time.perf_counter() - start
    print(f"{n:,} varied pages in {total:.2f} s: {n / total:,.0f} per second, {total / n * 1e6:,.0f} µs a page")
    for name, s in seconds.most_common():
        print(f"  {name:18s} {s / n * 1e6:6,.0f} µs a page")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--stages" in sys.argv:
        stages(int(args[0]) if args else 3_000)
    else:
        main(int(args[0]) if args else 10_000)
