"""How is a large test corpus made? Pages built from the sample's sentences, shuffled, every paragraph unique.

``python benchmarks/synthetic.py N FOLDER [--short]`` writes N ``.txt`` pages and a
``metadata.csv`` (five sources, dates over two years): 4-9 paragraphs (about 600 words) per
page, or with ``--short`` one paragraph of one sentence (about 40 words), which is enough to show per-article
costs at 100,000 articles without hours of spaCy. Tests and benchmarks use :func:`write_corpus`.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import kit

SOURCES = ["lemonde.fr", "lefigaro.fr", "liberation.fr", "france24.com", "rfi.fr"]


def sentences() -> list[str]:
    text = " ".join(kit.load_corpus("data/sample")["text"])
    found = [s.strip() for s in re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«])", text.replace("\n\n", " "))]
    return [s for s in found if len(s.split()) >= 6 and s.endswith((".", "»"))]


def write_corpus(
    n: int,
    folder: str | Path,
    *,
    seed: int = 0,
    paragraphs: tuple[int, int] = (4, 9),
    sentences_per_paragraph: tuple[int, int] = (2, 4),
) -> Path:
    """Write ``n`` pages to ``folder``: a title, then ``paragraphs`` paragraphs of
    ``sentences_per_paragraph`` shuffled sample sentences, each ending with a unique
    reference so that no paragraph repeats."""
    rng = random.Random(seed)
    pool = sentences()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["doc_id,source,url,date"]
    for k in range(n):
        doc_id = f"a{k:07d}"
        title = " ".join(rng.choice(pool).split()[:8]).rstrip(".,;:")
        paras = []
        for p in range(rng.randint(*paragraphs)):
            body = " ".join(rng.sample(pool, rng.randint(*sentences_per_paragraph)))
            paras.append(f"{body} Dépêche {k} paragraphe {p}.")
        (folder / f"{doc_id}.txt").write_text(title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        day = 1 + rng.randrange(28)
        url = f"https://example.org/{doc_id}"
        rows.append(f"{doc_id},{SOURCES[k % len(SOURCES)]},{url},2024-{1 + k % 12:02d}-{day:02d}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


#: A short page (``--short``): one paragraph of one sentence and its reference, about 40 words with the title.
SHORT = {"paragraphs": (1, 1), "sentences_per_paragraph": (1, 1)}

if __name__ == "__main__":
    short = "--short" in sys.argv
    n, folder = [a for a in sys.argv[1:] if a != "--short"]
    print(write_corpus(int(n), folder, **(SHORT if short else {})))
