"""Benchmark: load a 5,000-record Europresse export built from the sample texts.

The export has the current Europresse layout (one ``<article>`` per record: publication,
date header, title, author, text, notes, copyright, certificate). Each record takes the
paragraphs of one sample article (the kit's own ``data/sample`` pages, cleaned), a title,
a date and a publication; with ``varied`` every paragraph also gets its own sentence, so
no two records share a text and duplicate detection does the full work.

Prints records per second for reading and splitting the export (``readers.export_pages``:
decoding, parsing, one rendering with line roles per record) and for ``kit.load`` of the
whole file (the same, plus language detection, duplicates and the tables) on one core.
Target: at least 2,000 records per second.

The first load in a process is timed apart from the best of three: it also pays for the
memory the process grows into, which on some virtual machines costs as much as the work.

Run: ``python benchmarks/bench_exports.py [N]`` (default 5,000).
"""

from __future__ import annotations

import html
import resource
import sys
import tempfile
import time
from pathlib import Path

import kit
from kit import paths, readers

HEAD = '<!DOCTYPE html> <html> <head> <meta charset="utf-8"> <title></title> </head> <body> '
RECORD = (
    '<article> <header> <div> <span class="DocPublicationName">{pub}</span> </div> <div> <span class="DocHeader">'
    'Monde, {date}, p. {page}</span> </div> <div class="titreArticle"> <p class="titreArticleVisu">{title}</p> </div>'
    ' <div>{author}</div> </header> <section> <div class="DocText">'
    ' <div class="docOcurrContainer"> {paras} </div> </div>'
    " </section> <aside> <div> <b>Note(s) : </b> </div> </aside> <footer>"
    " <small>© 2024 {pub}. Tous droits réservés.</small>"
    ' <p>Numéro de document : news·2024·BENCH·{k}</p> <div id="divPubliC">'
    ' <div> <span id="PubliC_lblNodoc">news·2024·BENCH·{k}</span>'
    ' </div> <div> <span class="txtCertificat">Le présent document est protégé par les lois'
    " et conventions internationales"
    " sur le droit d'auteur.</span> </div> </div> </footer> </article> "
)
PUBLICATIONS = [
    "Le Courrier de l'Est asiatique",
    "La Gazette du Pacifique",
    "L'Observateur diplomatique",
    "Le Journal de Vladivostok",
]
DAYS = [
    "lundi 3 juin 2024",
    "mardi 4 juin 2024",
    "mercredi 19 juin 2024",
    "jeudi 4 juillet 2024",
    "vendredi 25 octobre 2024",
]


def build(path: Path, n: int, varied: bool) -> None:
    sample = kit.load(paths.SAMPLE_CORPUS).articles
    texts = [(t, p.split("\n\n")) for t, p in zip(sample["title"].fillna("Sans titre"), sample["text"])]
    parts = [HEAD]
    for k in range(n):
        title, paras = texts[k % len(texts)]
        if varied:
            paras = [f"{p} Copie numéro {k} de l'article." for p in paras]
        parts.append(
            RECORD.format(
                pub=html.escape(PUBLICATIONS[k % len(PUBLICATIONS)]),
                date=DAYS[k % len(DAYS)],
                page=k % 40 + 1,
                title=html.escape(title),
                author="Anne Martin",
                k=k,
                paras=" ".join(f"<p>{html.escape(p)}</p>" for p in paras),
            )
        )
    parts.append("</body> </html>\n")
    path.write_text("".join(parts), encoding="utf-8")


def main(n: int = 5_000, repeats: int = 3) -> None:
    for varied in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "europresse_bench.html"
            build(path, n, varied)
            size = path.stat().st_size / 1e6
            start = time.perf_counter()
            split = readers.export_pages(path, path.read_bytes(), stem="bench")
            read_seconds = time.perf_counter() - start
            assert len(split.pages) == n
            del split  # what the benchmark itself holds would count against the loads below
            seconds = []
            for _ in range(repeats):  # the first load also pays for the memory the process grows into
                start = time.perf_counter()
                corpus = kit.load(path, progress=False)
                seconds.append(time.perf_counter() - start)
                assert len(corpus.articles) == n, corpus.report["code"].value_counts()
                n_lines = len(corpus.lines)
                del corpus
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            label = "each record unique" if varied else "sample texts repeated"
            print(
                f"{label:>22}: {n:,} records ({size:.1f} MB): reading and splitting {n / read_seconds:,.0f} records/s; "
                f"kit.load (also language, duplicates, tables) first {seconds[0]:.2f} s = {n / seconds[0]:,.0f} "
                f"records/s, best of {repeats} {min(seconds):.2f} s = {n / min(seconds):,.0f} records/s; "
                f"{n_lines:,} lines; peak RSS {peak:,.0f} MB"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
