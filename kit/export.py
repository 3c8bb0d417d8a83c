"""Where else can the corpus go? The articles written for Iramuteq, TXM, or as a flat CSV.

* ``iramuteq``: one UTF-8 text file in the ALCESTE format Iramuteq reads. Each article
  starts with a line of four stars and *starred variables*, ``**** *source_le_monde
  *date_2024-06-19``, followed by its text. Iramuteq splits a variable at its first
  underscore (name ``source``, modality ``le_monde``), so names are plain ASCII letters
  and digits, and modalities ASCII letters, digits, ``-`` and ``_`` (accents folded,
  spaces and other signs turned into ``_``). Stars are removed from the text, where
  they would open a variable.
* ``txm``: the TXT+CSV import of TXM: a folder with one ``<id>.txt`` per article and a
  ``metadata.csv`` whose first column ``id`` names the files (without ``.txt``).
* ``txm-xml``: the XML import of TXM: one ``<id>.xml`` file per article, a ``<text>``
  element whose attributes are the metadata, one ``<p>`` per paragraph (and the same
  ``metadata.csv``).
* ``csv``: one row per article, the metadata and the clean text.

>>> import pandas as pd, tempfile, pathlib
>>> arts = pd.DataFrame({"doc_id": ["a#1"], "source": ["Le Monde"], "date": [pd.Timestamp("2024-06-19")],
...                      "title": ["Titre"], "text": ["Premier paragraphe.\\n\\nSecond."]})
>>> out = export(arts, "iramuteq", pathlib.Path(tempfile.mkdtemp()) / "corpus.txt")
>>> out.read_text(encoding="utf-8").splitlines()[0]
'**** *source_le_monde *date_2024-06-19'
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from kit.errors import CorpusError

#: The formats :func:`export` writes.
FORMATS = ("iramuteq", "txm", "txm-xml", "csv")
#: Columns written as metadata (TXM, CSV), when the articles table has them.
METADATA_COLUMNS = (
    "doc_id",
    "source",
    "date",
    "title",
    "byline",
    "section",
    "page",
    "doc_key",
    "url",
    "lang",
    "duplicate_of",
    "n_words",
)


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()


def iramuteq_name(name: str) -> str:
    """A variable name Iramuteq accepts: ASCII letters and digits only.

    >>> iramuteq_name("Rubrique_1 (presse)")
    'rubrique1presse'
    """
    return re.sub(r"[^a-z0-9]", "", _fold(name)) or "var"


def iramuteq_value(value) -> str:
    """A modality Iramuteq accepts: ASCII letters, digits, ``-`` and ``_``; dates as ``YYYY-MM-DD``;
    a missing value is ``na``.

    >>> iramuteq_value("L'Humanité Dimanche"), iramuteq_value(pd.Timestamp("2012-10-04")), iramuteq_value(None)
    ('l_humanite_dimanche', '2012-10-04', 'na')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "na"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return re.sub(r"[^a-z0-9-]+", "_", _fold(str(value))).strip("_-") or "na"


def file_id(doc_id: str) -> str:
    """A file name stem for an article: the ``doc_id`` with path and record signs made safe.

    >>> file_id("exports/europresse#003")
    'exports_europresse-003'
    """
    return re.sub(r"[^\w.-]+", "_", str(doc_id).replace("#", "-")).strip("_") or "doc"


def _articles(corpus_or_articles) -> pd.DataFrame:
    return corpus_or_articles.articles if hasattr(corpus_or_articles, "articles") else corpus_or_articles


def _paragraphs(text) -> list[str]:
    return [p.strip() for p in str(text or "").split("\n\n") if p.strip()]


def _metadata(articles: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in METADATA_COLUMNS if c in articles]
    meta = articles[cols].copy()
    if "date" in meta:
        meta["date"] = pd.to_datetime(meta["date"]).dt.strftime("%Y-%m-%d")
    meta.insert(0, "id", [file_id(d) for d in articles["doc_id"]])
    return meta


def write_iramuteq(
    articles: pd.DataFrame, path: str | os.PathLike, *, variables: Iterable[str] = ("source", "date")
) -> Path:
    """Write ``articles`` as one Iramuteq corpus file; returns its path.

    >>> import tempfile
    >>> p = write_iramuteq(pd.DataFrame({"source": ["A"], "text": ["Un *texte*."]}), Path(tempfile.mkdtemp()) / "c.txt")
    >>> p.read_text(encoding="utf-8")
    '**** *source_a\\nUn texte.\\n\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    variables = [v for v in variables if v in articles]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for rec in articles.to_dict("records"):
            stars = " ".join(f"*{iramuteq_name(v)}_{iramuteq_value(rec[v])}" for v in variables)
            out.write(f"**** {stars}\n")
            for para in _paragraphs(rec.get("text")):
                out.write(re.sub(r"\s+", " ", para.replace("*", "")).strip() + "\n")
            out.write("\n")
    return path


def write_txm(articles: pd.DataFrame, folder: str | os.PathLike, *, xml: bool = False) -> Path:
    """Write ``articles`` for TXM: ``<id>.txt`` files (or ``<id>.xml`` with ``xml=True``) and
    ``metadata.csv`` (first column ``id``) in ``folder``; returns the folder.

    >>> import tempfile
    >>> f = write_txm(pd.DataFrame({"doc_id": ["x#1"], "source": ["A"], "text": ["Un texte."]}), tempfile.mkdtemp())
    >>> sorted(p.name for p in f.iterdir())
    ['metadata.csv', 'x-1.txt']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = _metadata(articles)
    if meta["id"].duplicated().any():
        raise ValueError("two articles would share a file name; make doc_id unique first.")
    meta.to_csv(folder / "metadata.csv", index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL)
    for (doc, row), text in zip(meta.set_index("id", drop=False).iterrows(), articles["text"]):
        paras = _paragraphs(text)
        if xml:
            attrs = " ".join(f"{k}={quoteattr('' if pd.isna(v) else str(v))}" for k, v in row.items())
            body = "".join(f"<p>{escape(p)}</p>\n" for p in paras)
            (folder / f"{doc}.xml").write_text(
                f'<?xml version="1.0" encoding="UTF-8"?>\n<text {attrs}>\n{body}</text>\n', encoding="utf-8"
            )
        else:
            (folder / f"{doc}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return folder


def write_csv(articles: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write one row per article (metadata and clean text) as UTF-8 CSV; returns its path.

    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"doc_id": ["a"], "text": ["Un texte."]}), Path(tempfile.mkdtemp()) / "c.csv")
    >>> pd.read_csv(p)["text"].tolist()
    ['Un texte.']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = [c for c in METADATA_COLUMNS if c in articles] + ["text"]
    table = articles[cols].copy()
    if "date" in table:
        table["date"] = pd.to_datetime(table["date"]).dt.strftime("%Y-%m-%d")
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def export(corpus_or_articles, format: str, path: str | os.PathLike, **options) -> Path:
    """Write a corpus (a :class:`~kit.corpus.Corpus` or its articles table) in ``format``
    (``iramuteq``, ``txm``, ``txm-xml``, ``csv``) at ``path`` (a file for Iramuteq and CSV,
    a folder for TXM). Returns the path written. ``variables=`` chooses Iramuteq's starred
    variables (default ``("source", "date")``).

    >>> import tempfile
    >>> export(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), "docx", tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    kit.errors.CorpusError: unknown export format 'docx'; choose one of iramuteq, txm, txm-xml, csv.
    """
    articles = _articles(corpus_or_articles)
    if format == "iramuteq":
        return write_iramuteq(articles, path, **options)
    if format in ("txm", "txm-xml"):
        return write_txm(articles, path, xml=format == "txm-xml")
    if format == "csv":
        return write_csv(articles, path)
    raise CorpusError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}.")
