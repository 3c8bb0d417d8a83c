"""Benchmark: load and clean a 10,000-article corpus built by repeating the sample.

Prints articles per second and peak memory for two corpora:
* ``repeated``: the five sample pages copied as they are (exact reprints, as wire copy is);
* ``varied``: each copy gets its own sentence in every paragraph, so no line repeats and no
  per-line cache can help: the honest cost of cleaning unseen text.

and the varied corpus again cleaned in two worker processes (``kit.load(n_process=2)``; peak
RSS is the main process's).

Run: ``python benchmarks/bench_load.py [N]`` (default 10,000).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import kit
from kit import line_model, paths


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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
