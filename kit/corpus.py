"""What did we load? Any news corpus in, one tidy row per article out, with a load report.

Inputs: a folder of ``.txt`` pages (scraped text, boilerplate and all) and/or
``.html``/``.htm`` pages; a single page; or one table (``.csv``, ``.tsv``,
``.jsonl``, ``.json``, ``.parquet``) with a text column. An optional metadata
file (CSV or JSONL with ``doc_id`` and any of ``source, url, date, title``) is joined on
``doc_id``; a folder's own ``metadata.csv`` is used when none is given.

Nothing is dropped without a word: every skipped file, odd encoding, broken metadata row,
non-French or duplicate article is a row of the load report, and ``strict=True`` turns
skips into errors.

>>> corpus = load("data/sample")
>>> len(corpus.articles), corpus.articles["lang"].unique().tolist(), corpus.report["code"].tolist()
(5, ['fr'], ['unknown_source'])
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kit import clean, paths, readers
from kit.errors import CorpusError

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
METADATA_NAMES = ("metadata.csv", "metadata.tsv", "metadata.jsonl", "metadata.json")
IGNORED_NAMES = {"readme.md", "readme.txt", "readme", ".ds_store", "thumbs.db", "license", "license.txt"}

#: Columns of the articles table, in order.
ARTICLE_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "date",
    "lead",
    "text",
    "raw",
    "path",
    "n_words",
    "lang",
    "duplicate_of",
    "url",
    "encoding",
    "format",
    "source_known",
    # fields a press database gives (Europresse, Factiva, Nexis); empty for other inputs
    "byline",
    "section",
    "page",
    "doc_key",
]
#: Fields of a database record, carried from the reader to the articles table.
EXPORT_FIELDS = ["byline", "section", "page", "doc_key"]
#: Columns of a page before cleaning (``lines``/``skip``: set by a database reader).
PAGE_COLUMNS = [
    "doc_id",
    "path",
    "raw",
    "encoding",
    "format",
    "page_text",
    "title",
    "date",
    "source",
    "url",
    *EXPORT_FIELDS,
    "lines",
    "skip",
]
#: Columns of the load report.
REPORT_COLUMNS = ["level", "code", "doc_id", "path", "message"]


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass
class Corpus:
    """What :func:`load` returns: the articles, every raw line with its role, and the load report.

    >>> corpus = load("data/sample")
    >>> sorted(corpus.lines["role"].unique())[:3]
    ['author_bio', 'body', 'caption']
    """

    articles: pd.DataFrame
    lines: pd.DataFrame
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))


class _Report:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, level: str, code: str, message: str, *, doc_id: str | None = None, path: str | None = None) -> None:
        self.rows.append({"level": level, "code": code, "doc_id": doc_id, "path": path, "message": message})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=REPORT_COLUMNS)


# ------------------------------------------------------------------ reading bytes
def decode(data: bytes) -> tuple[str | None, str]:
    """Decode a file's bytes: ``(text, encoding)``, or ``(None, reason)`` for binary data.

    UTF-8 first (a byte-order mark is dropped), then Windows-1252, then Latin-1,
    which always succeeds; the encoding used is returned so it can be recorded.

    >>> decode("Corée".encode("cp1252"))
    ('Corée', 'cp1252')
    >>> decode(b"\\x00\\x01\\x02PNG")[0] is None
    True
    """
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return None, "binary"
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > 0.05:
            return None, "binary"
    for encoding in ("utf-8-sig", "utf-16") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _html_page(html: str) -> dict:
    """Main text and metadata of an HTML page, through trafilatura (kept to what the page states)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return {}
    get = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "page_text": get.get("text") or "",
        "title": get.get("title"),
        "date": get.get("date"),
        "source": get.get("sitename") or get.get("hostname"),
        "url": get.get("url"),
    }


def _stable_id(text: str, taken: set[str]) -> str:
    base = "doc-" + hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=6).hexdigest()
    doc_id, k = base, 2
    while doc_id in taken:
        doc_id, k = f"{base}-{k}", k + 1
    return doc_id


def _to_date(value, report: _Report, *, doc_id: str | None, path: str | None, origin: str) -> pd.Timestamp:
    if value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip()):
        return pd.NaT
    if isinstance(value, pd.Timestamp) and pd.isna(value):
        return pd.NaT
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        ts = clean.parse_date(str(value)) if isinstance(value, str) else None
        if ts is None:
            report.add(
                "warning", "bad_date", f"{origin} date {value!r} is not a date; left as NaT.", doc_id=doc_id, path=path
            )
            return pd.NaT
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


# ------------------------------------------------------------------ tables
def _read_records(path: Path, report: _Report) -> list[dict] | None:
    """Rows of a CSV/TSV/JSONL/JSON/Parquet file as dicts; broken rows are reported, not fatal."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path).to_dict("records")
    data, encoding = decode(path.read_bytes())
    if data is None:
        report.add("skip", "binary_file", f"{path.name} is not text; expected {suffix}.", path=str(path))
        return None
    if suffix in (".jsonl", ".ndjson"):
        records = []
        for no, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                report.add(
                    "skip",
                    "bad_row",
                    f"{path.name} line {no} is not valid JSON ({exc.msg}); row skipped.",
                    path=str(path),
                )
                continue
            if isinstance(obj, dict):
                records.append(obj)
            else:
                report.add(
                    "skip", "bad_row", f"{path.name} line {no} is not a JSON object; row skipped.", path=str(path)
                )
        return records
    if suffix == ".json":
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as exc:
            report.add("skip", "bad_file", f"{path.name} is not valid JSON ({exc.msg}).", path=str(path))
            return None
        if isinstance(obj, dict):
            obj = next((v for v in obj.values() if isinstance(v, list)), [obj])
        return [o for o in obj if isinstance(o, dict)]

    def bad_line(fields: list[str]) -> None:
        report.add(
            "skip",
            "bad_row",
            f"{path.name}: a row has {len(fields)} fields, more than the header; "
            f"row skipped: {','.join(fields)[:80]!r}",
            path=str(path),
        )
        return None

    sep = "\t" if suffix == ".tsv" else ","
    try:
        frame = pd.read_csv(
            io.StringIO(data),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            engine="python",
            on_bad_lines=bad_line,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        report.add("skip", "bad_file", f"{path.name} could not be read as a table ({exc}).", path=str(path))
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.to_dict("records")


def read_metadata(path: str | os.PathLike, report: _Report | None = None) -> pd.DataFrame:
    """The metadata file as a table indexed by ``doc_id`` (columns among ``source, url, date, title``).

    Broken rows, rows without a ``doc_id`` and repeated ids are reported and skipped;
    a file without a ``doc_id`` column raises :class:`CorpusError` saying which columns it has.

    >>> read_metadata("data/sample/metadata.csv").index.tolist()[:2]
    ['000_31cb83dccb87126a', '001_df108479b042bae5']
    """
    report = report if report is not None else _Report()
    p = Path(path)
    records = _read_records(p, report) or []
    frame = pd.DataFrame(records)
    if frame.empty:
        report.add("warning", "empty_metadata", f"metadata file {p.name} has no usable rows.", path=str(p))
        return pd.DataFrame(columns=["source", "url", "date", "title"]).rename_axis("doc_id")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "doc_id" not in frame:
        raise CorpusError(
            f"metadata file {p} has no 'doc_id' column (it has: {', '.join(frame.columns)}). "
            "Add a doc_id column holding each file name without its extension."
        )
    frame["doc_id"] = frame["doc_id"].astype(str).str.strip()
    missing = frame["doc_id"].isin(["", "nan", "None"])
    for _ in range(int(missing.sum())):
        report.add("skip", "bad_row", f"metadata file {p.name}: a row has no doc_id; skipped.", path=str(p))
    frame = frame[~missing]
    repeated = frame["doc_id"].duplicated()
    for doc_id in frame.loc[repeated, "doc_id"]:
        report.add(
            "warning",
            "repeated_metadata",
            f"metadata file {p.name}: doc_id {doc_id} appears more than once; the first row is used.",
            doc_id=doc_id,
            path=str(p),
        )
    frame = frame[~repeated].set_index("doc_id")
    keep = [c for c in ("source", "url", "date", "title") if c in frame]
    frame = frame[keep].replace({"": None})
    return frame


# ------------------------------------------------------------------ loading
def _gather(
    root: Path, report: _Report, columns: dict[str, str], exclude: Path | None = None, preset: str | None = None
) -> tuple[list[dict], Path | None]:
    """Raw records from a folder, a page or a table, and the folder's own metadata file if any."""
    records: list[dict] = []
    if root.is_file():
        files, own_metadata = [root], None
    else:
        all_files = sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        own_metadata = next((root / n for n in METADATA_NAMES if (root / n).is_file()), None)
        files = [p for p in all_files if p not in (own_metadata, exclude)]
    for f in files:
        suffix = f.suffix.lower()
        rel = str(f.relative_to(root)) if f != root else f.name
        if f.name.lower() in IGNORED_NAMES:
            report.add("info", "ignored_file", f"{rel} is documentation, not an article; ignored.", path=str(f))
            continue
        if suffix in readers.EXPORT_SUFFIXES and _export_records(f, rel, records, report):
            continue
        if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
            doc_id = str(Path(rel).with_suffix("")).replace(os.sep, "/") if f != root else f.stem
            records.append(
                {
                    "doc_id": doc_id,
                    "path": str(f),  # bytes are read one page at a time, when the page is loaded
                    "format": "html" if suffix in HTML_SUFFIXES else "text",
                }
            )
        elif suffix in TABLE_SUFFIXES and f == root:
            records.extend(_table_records(f, report, columns, preset))
        else:
            report.add(
                "skip",
                "unsupported_file",
                f"{rel}: {suffix or 'no extension'} is not a supported article format "
                "(.txt, .html, or one table file).",
                path=str(f),
            )
    return records, own_metadata


def _export_records(path: Path, rel: str, records: list[dict], report: _Report) -> bool:
    """A press-database export (Europresse, Factiva, Nexis) becomes one record per article; False if not an export."""
    stem = str(Path(rel).with_suffix("")).replace(os.sep, "/")
    if any(r["doc_id"].startswith(stem + "#") for r in records):  # export.html beside export.xml
        stem = rel.replace(os.sep, "/")
    found = readers.export_pages(path, path.read_bytes(), stem=stem)
    if found is None:
        return False
    for level, code, doc_id, message in found.problems:
        report.add(level, code, message, doc_id=doc_id, path=str(path))
    loaded = sum(not p["skip"] for p in found.pages)
    report.add(
        "info",
        "export_file",
        f"{rel}: {found.kind} export, {found.n_records} record(s) found, {loaded} with article text.",
        path=str(path),
    )
    records.extend({**p, "export": True} for p in found.pages)
    if found.furniture:
        records.append(
            {
                "doc_id": f"{stem}#file",
                "path": str(path),
                "raw": "",
                "encoding": None,
                "format": found.kind,
                "page_text": "".join(t + "\n" for _, t, _, _ in found.furniture),
                "skip": True,
                "export": True,
                "lines": [(k, 0, t, "\n", role, rule) for k, t, role, rule in found.furniture],
            }
        )
    return True


def _table_records(path: Path, report: _Report, columns: dict[str, str], preset: str | None = None) -> list[dict]:
    rows = _read_records(path, report)
    if rows is None:
        return []
    if preset is not None and rows:
        found = readers.presets.resolve(preset, rows[0])
        if found["text"] is None:
            report.add(
                "skip",
                "export_without_text",
                f"{path.name} is a {preset} export of {len(rows)} row(s) with no article "
                f"text, only URLs and metadata (columns: {', '.join(map(str, rows[0]))}). Fetch the pages first "
                "(a scraper, or the platform's full-text API) and load them as a folder or a table with a text column.",
                path=str(path),
            )
            return []
        columns = {**columns, **{k: v for k, v in found.items() if v is not None}}
    if rows and columns["text"] not in rows[0]:
        raise CorpusError(
            f"{path} has no text column {columns['text']!r} (it has: {', '.join(map(str, rows[0]))}). "
            f"Pass text_col= with the column that holds the article text."
        )
    out, taken = [], set()
    for k, row in enumerate(rows, start=1):
        text = row.get(columns["text"])
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        raw_id = row.get(columns["doc_id"])
        doc_id = (
            str(raw_id).strip()
            if raw_id not in (None, "") and not (isinstance(raw_id, float) and pd.isna(raw_id))
            else _stable_id(text, taken)
        )
        if doc_id in taken:
            report.add(
                "warning",
                "repeated_id",
                f"row {k}: doc_id {doc_id} already used; renamed.",
                doc_id=doc_id,
                path=str(path),
            )
            doc_id = _stable_id(text + str(k), taken)
        taken.add(doc_id)
        out.append(
            {
                "doc_id": doc_id,
                "path": f"{path}#row={k}",
                "text_value": text,
                "format": "table",
                **{
                    key: row.get(col)
                    for key, col in columns.items()
                    if key in ("title", "date", "source", "url") and col in row
                },
            }
        )
    return out


def load(
    path: str | os.PathLike = paths.SAMPLE_CORPUS,
    metadata: str | os.PathLike | None = None,
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    title_col: str = "title",
    date_col: str = "date",
    source_col: str = "source",
    url_col: str = "url",
    language: str = "fr",
    strict: bool = False,
    progress: bool | None = None,
    preset: str | None = None,
) -> Corpus:
    """Load a corpus: the articles table, the lines table and the load report.

    Parameters: ``path`` (folder, page or table), ``metadata`` (CSV/JSONL joined on
    ``doc_id``; a folder's own ``metadata.csv`` by default), ``text_col``, ``id_col``,
    ``title_col``, ``date_col``, ``source_col``, ``url_col`` (table column names),
    ``language`` (expected language, default ``"fr"``), ``strict`` (skips raise),
    ``progress`` (a progress bar; default on for large corpora).

    The articles table has one row per article: ``doc_id, source, title, date, lead, text,
    raw, path, n_words, lang, duplicate_of, url, encoding, format, source_known``; ``text``
    is the clean body (lead, paragraphs, subheadings) with paragraphs separated by a blank
    line, ``raw`` the input untouched. The lines table has one row per raw line
    (``doc_id, line_no, part, text, eol, role, rule``);
    the report one row per problem (``level, code, doc_id, path, message``), where
    ``level`` is ``skip`` (not loaded), ``warning`` (loaded, look at it) or ``info``.

    >>> corpus = load("data/sample")
    >>> int(corpus.report["code"].value_counts()["unknown_source"])
    1
    """
    report = _Report()
    root = paths.resolve(path)
    if not root.exists():
        raise CorpusError(
            f"corpus path {root} does not exist. Pass a folder of .txt/.html pages or a .csv/.jsonl/.parquet file."
        )
    columns = {
        "text": text_col,
        "doc_id": id_col,
        "title": title_col,
        "date": date_col,
        "source": source_col,
        "url": url_col,
    }
    explicit = paths.resolve(metadata) if metadata else None
    if preset is not None:
        readers.presets.get(preset)  # an unknown preset is an error before anything is read
    records, own_metadata = _gather(root, report, columns, exclude=explicit, preset=preset)
    meta, meta_path = _metadata(explicit or own_metadata, report, strict=strict)
    if progress or (progress is None and len(records) > 2000):
        from tqdm.auto import tqdm

        records = tqdm(records, desc="loading", unit="article")
    frame = _pages(records, meta, report)
    if meta is not None:
        _unmatched_metadata(meta, set(frame["doc_id"]), meta_path, report)
    corpus = _tidy(frame, report, language=language, chrome=None)
    return _finish(corpus, report, strict=strict)


def _metadata(meta_path: Path | None, report: _Report, *, strict: bool) -> tuple[pd.DataFrame | None, Path | None]:
    meta = None
    if meta_path is not None:
        if not Path(meta_path).exists():
            raise CorpusError(f"metadata file {meta_path} does not exist. Pass metadata=None to load without one.")
        try:
            meta = read_metadata(meta_path, report)
        except CorpusError as exc:
            if strict:
                raise
            report.add("warning", "broken_metadata", f"{exc} Loaded without metadata.", path=str(meta_path))
    return meta, meta_path


def _unmatched_metadata(meta: pd.DataFrame, known: set, meta_path, report: _Report) -> None:
    for doc_id in meta.index:
        if doc_id not in known:
            report.add(
                "warning",
                "metadata_without_file",
                f"metadata row {doc_id} matches no loaded article.",
                doc_id=doc_id,
                path=str(meta_path),
            )


def _pages(records, meta: pd.DataFrame | None, report: _Report) -> pd.DataFrame:
    """Decode each input record into a page row, joined with its metadata row."""
    pages: list[dict] = []
    dates: dict[str, object] = {}
    for rec in records:
        doc_id, p = rec["doc_id"], rec["path"]
        if rec.get("export"):  # a database record: its date field as the database writes it
            date = rec.get("date")
            if isinstance(date, str) and not date[:4].isdigit():
                date = dates[date] if date in dates else dates.setdefault(date, clean.parse_date(date) or date)
            pages.append({**rec, "date": date})
            continue
        if rec["format"] != "table":
            data: bytes = rec["bytes"] if "bytes" in rec else Path(p).read_bytes()
            if not data.strip():
                report.add("skip", "empty_file", "file is empty.", doc_id=doc_id, path=p)
                continue
            raw, encoding = decode(data)
            if raw is None:
                report.add(
                    "skip",
                    "binary_file",
                    "file holds binary data, not text; is it really an article?",
                    doc_id=doc_id,
                    path=p,
                )
                continue
            if encoding != "utf-8":
                report.add(
                    "warning",
                    "not_utf8",
                    f"file is not UTF-8; decoded as {encoding}. Check accents in the text.",
                    doc_id=doc_id,
                    path=p,
                )
        else:
            raw, encoding = rec["text_value"], "utf-8"
            if not raw.strip():
                report.add("skip", "empty_row", "row has no text.", doc_id=doc_id, path=p)
                continue
        page = {
            "doc_id": doc_id,
            "path": p,
            "raw": raw,
            "encoding": encoding,
            "format": rec["format"],
            "page_text": raw,
            "title": rec.get("title"),
            "date": rec.get("date"),
            "source": rec.get("source"),
            "url": rec.get("url"),
        }
        if rec["format"] == "html":
            found = _html_page(raw)
            if not found.get("page_text", "").strip():
                report.add("skip", "no_text_in_html", "no article text found in the HTML page.", doc_id=doc_id, path=p)
                continue
            page.update({k: v for k, v in found.items() if v})
        pages.append(page)

    frame = pd.DataFrame(pages, columns=PAGE_COLUMNS)
    if meta is not None:
        known = set(frame["doc_id"])
        for doc_id in sorted(known - set(meta.index)):
            report.add("info", "file_without_metadata", "no metadata row for this article.", doc_id=doc_id)
        for col in meta.columns:
            mapped = frame["doc_id"].map(meta[col])
            frame[col] = mapped.where(mapped.notna(), frame[col])

    for col in ("source", "title", "url"):
        frame[col] = frame[col].map(lambda v: v.strip() if isinstance(v, str) and v.strip() else None).astype(object)
    return frame


def _with_reader_lines(frame: pd.DataFrame, lines: pd.DataFrame, parts: dict) -> tuple[pd.DataFrame, dict]:
    """Add the lines of pages a reader has already classified (database records) to the lines table."""
    rows = []
    for doc_id, page_lines in zip(frame["doc_id"], frame["lines"]):
        kept = [t[2].strip() for t in page_lines if t[4] in clean.KEPT_ROLES]
        parts[doc_id] = {
            "title": next((t[2] for t in page_lines if t[4] == "title"), None),
            "lead": next((t[2] for t in page_lines if t[4] == "lead"), None),
            "date": None,
            "text": "\n\n".join(kept),
            "n_words": sum(map(clean.count_words, kept)),
        }
        rows.extend((doc_id, *t) for t in page_lines)
    extra = pd.DataFrame(rows, columns=lines.columns)
    return (pd.concat([lines, extra], ignore_index=True) if len(lines) else extra), parts


def _tidy(frame: pd.DataFrame, report: _Report, *, language: str, chrome: dict | None) -> Corpus:
    """Classify lines, assemble articles, detect language (duplicates and corpus-wide rows: :func:`_finish`)."""
    read = frame["lines"].notna()  # database records come with their lines already classified by their reader
    lines, parts = clean.classify_pages(frame[~read], text="page_text", source="source", chrome=chrome)
    if read.any():
        lines, parts = _with_reader_lines(frame[read], lines, parts)
    rows = []
    for rec in frame.to_dict("records"):
        doc_id = rec["doc_id"]
        if rec["skip"] is True:  # already reported by the reader; its lines stay in the lines table
            continue
        found = parts.get(doc_id, {"title": None, "lead": None, "text": "", "date": None, "n_words": 0})
        if not found["text"].strip():
            report.add(
                "skip",
                "no_article_text",
                "every line is page chrome (navigation, comments, captions...); nothing to analyse. "
                "See the lines table.",
                doc_id=doc_id,
                path=rec["path"],
            )
            continue
        date = (
            _to_date(rec["date"], report, doc_id=doc_id, path=rec["path"], origin="metadata")
            if rec["date"] is not None
            else pd.NaT
        )
        if pd.isna(date) and found["date"] is not None:
            date = found["date"]
        rows.append(
            {
                **rec,
                "title": rec["title"] or found["title"],
                "lead": found["lead"],
                "text": found["text"],
                "date": date,
                "n_words": found["n_words"],
            }
        )
    articles = pd.DataFrame(rows, columns=[*frame.columns, "lead", "text", "n_words"]).drop(columns=["lines", "skip"])
    articles["date"] = pd.to_datetime(articles["date"]) if len(articles) else pd.Series(dtype="datetime64[ns]")
    articles["n_words"] = articles["n_words"].astype("int64")
    articles["lang"] = articles["text"].map(clean.detect_language)
    for rec in articles.loc[articles["lang"] != language, ["doc_id", "path", "lang"]].itertuples():
        report.add(
            "warning",
            "other_language",
            f"article looks {rec.lang!r}, not {language!r}; the {language} model will read it poorly.",
            doc_id=rec.doc_id,
            path=rec.path,
        )
    articles["duplicate_of"] = None
    articles["source_known"] = articles["source"].notna()
    unknown = ~articles["source_known"]
    articles.loc[unknown, "source"] = "unknown:" + articles.loc[unknown, "doc_id"]
    return Corpus(articles=articles[ARTICLE_COLUMNS].reset_index(drop=True), lines=lines, report=report.frame())


def _finish(corpus: Corpus, report: _Report, *, strict: bool, duplicates: pd.Series | None = None) -> Corpus:
    """Corpus-wide steps: duplicates (found here unless given, ``doc_id -> duplicate_of``),
    unknown sources, an empty corpus, and the strict check."""
    articles = corpus.articles
    if duplicates is None:
        duplicates = (
            clean.near_duplicates(articles.set_index("doc_id")["text"]) if len(articles) else pd.Series(dtype=object)
        )
    articles["duplicate_of"] = articles["doc_id"].map(duplicates).astype(object) if len(articles) else None
    articles = articles[ARTICLE_COLUMNS].reset_index(drop=True)
    report.rows.extend(corpus_report(articles).to_dict("records"))
    table = report.frame()
    if strict and (table["level"] == "skip").any():
        first = table[table["level"] == "skip"].iloc[0]
        raise CorpusError(
            f"strict=True and {int((table['level'] == 'skip').sum())} item(s) were skipped; "
            f"first: {first['path']}: {first['message']}"
        )
    return Corpus(articles=articles, lines=corpus.lines, report=table)


def corpus_report(articles: pd.DataFrame) -> pd.DataFrame:
    """The rows of the load report that need the whole corpus: duplicates, unknown sources,
    an empty corpus. ``articles`` needs only ``doc_id, path, duplicate_of, source_known``.

    >>> corpus_report(load_corpus("data/sample"))["code"].tolist()
    ['unknown_source']
    """
    report = _Report()
    for rec in articles.dropna(subset=["duplicate_of"]).itertuples():
        report.add(
            "warning",
            "duplicate",
            f"same or nearly the same text as {rec.duplicate_of}; kept and flagged in duplicate_of.",
            doc_id=rec.doc_id,
            path=rec.path,
        )
    unknown = int((~articles["source_known"].astype(bool)).sum())
    if unknown:
        report.add(
            "info",
            "unknown_source",
            f"{unknown} article(s) have no source; each is treated as its own source "
            "('unknown:<doc_id>'). Add a metadata file with a source column to group them.",
        )
    if articles.empty:
        report.add(
            "warning",
            "empty_corpus",
            "no article could be loaded: the corpus is empty. See the other rows of this report.",
        )
    return report.frame()


@dataclass
class Inputs:
    """What :func:`list_inputs` returns: one record per page or table row (not yet read),
    the metadata table (or ``None``) and its path, and the report rows met so far."""

    records: list[dict]
    metadata: pd.DataFrame | None
    metadata_path: Path | None
    report: pd.DataFrame


def list_inputs(
    path: str | os.PathLike,
    metadata: str | os.PathLike | None = None,
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    title_col: str = "title",
    date_col: str = "date",
    source_col: str = "source",
    url_col: str = "url",
    preset: str | None = None,
) -> Inputs:
    """The first step of :func:`load`, for loading a large corpus in slices (``kit.build``):
    the pages of a folder in order (paths only, nothing read yet) and the metadata.

    >>> found = list_inputs("data/sample")
    >>> len(found.records), found.metadata_path.name
    (5, 'metadata.csv')
    """
    report = _Report()
    root = paths.resolve(path)
    if not root.exists():
        raise CorpusError(
            f"corpus path {root} does not exist. Pass a folder of .txt/.html pages or a .csv/.jsonl/.parquet file."
        )
    columns = {"text": text_col, "doc_id": id_col, "title": title_col, "date": date_col, "source": source_col}
    columns["url"] = url_col
    explicit = paths.resolve(metadata) if metadata else None
    if preset is not None:
        readers.presets.get(preset)  # an unknown preset is an error before anything is read
    records, own_metadata = _gather(root, report, columns, exclude=explicit, preset=preset)
    meta, meta_path = _metadata(explicit or own_metadata, report, strict=False)
    return Inputs(records=records, metadata=meta, metadata_path=meta_path, report=report.frame())


def read_pages(records: list[dict], *, metadata: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and decode a slice of :func:`list_inputs` records, joined with their metadata:
    ``(pages, report rows)``. The pages table has the columns of ``PAGE_COLUMNS``.

    >>> found = list_inputs("data/sample")
    >>> pages, report = read_pages(found.records[:2], metadata=found.metadata)
    >>> len(pages), pages["doc_id"].str[:3].tolist()
    (2, ['000', '001'])
    """
    report = _Report()
    return _pages(records, metadata, report), report.frame()


def unmatched_metadata(metadata: pd.DataFrame, doc_ids: set, path) -> pd.DataFrame:
    """Report rows for metadata rows that match no loaded page.

    >>> unmatched_metadata(read_metadata("data/sample/metadata.csv"), set(), "m.csv")["code"].unique().tolist()
    ['metadata_without_file']
    """
    report = _Report()
    _unmatched_metadata(metadata, doc_ids, path, report)
    return report.frame()


def clean_pages(pages: pd.DataFrame, *, chrome: dict[str, frozenset[str]], language: str = "fr") -> Corpus:
    """Clean a slice of pages with the site chrome found over the whole corpus
    (:func:`kit.clean.site_chrome`): articles (``duplicate_of`` not yet filled), lines and
    the report rows of these pages. Duplicates and :func:`corpus_report` need the whole corpus.

    >>> found = list_inputs("data/sample")
    >>> pages, _ = read_pages(found.records, metadata=found.metadata)
    >>> part = clean_pages(pages, chrome=clean.site_chrome(pages))
    >>> part.articles["text"].tolist() == load_corpus("data/sample")["text"].tolist()
    True
    """
    return _tidy(pages, _Report(), language=language, chrome=chrome)


def load_corpus(
    path: str | os.PathLike = paths.SAMPLE_CORPUS, metadata: str | os.PathLike | None = None, **options
) -> pd.DataFrame:
    """``load(path, metadata, **options).articles``: the articles table alone, for a quick look.

    Use :func:`load` to keep the lines table and the load report beside it.

    >>> load_corpus("data/sample").loc[3, "date"]
    Timestamp('2025-10-27 00:00:00')
    """
    return load(path, metadata, **options).articles


def count_articles(articles: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Articles and words per group. Columns: ``by, n_articles, n_words, median_words``.

    >>> int(count_articles(load_corpus("data/sample"))["n_articles"].sum())
    5
    """
    columns = [by, "n_articles", "n_words", "median_words"]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    out = (
        articles.groupby(by, sort=True)["n_words"]
        .agg(n_articles="size", n_words="sum", median_words="median")
        .reset_index()
    )
    return out.sort_values("n_articles", ascending=False, kind="stable")[columns].reset_index(drop=True)


def count_by_period(articles: pd.DataFrame, *, period: str = "M", by: str | None = None) -> pd.DataFrame:
    """Articles per calendar period (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``), optionally per group.

    Undated articles are counted in a row whose ``period`` is ``NaT``, never dropped.
    Columns: ``period`` (start of the period), [``by``,] ``n_articles``.

    >>> count_by_period(load_corpus("data/sample"))["n_articles"].tolist()
    [1, 4]
    """
    keys = ["period", *([by] if by else [])]
    if articles.empty:
        return pd.DataFrame(columns=[*keys, "n_articles"])
    starts = articles["date"].dt.to_period(period).dt.start_time
    out = (
        articles.assign(period=starts).groupby(keys, dropna=False, sort=True).size().rename("n_articles").reset_index()
    )
    return out


@dataclass
class Selection:
    """What :func:`select_articles` returns: the articles kept, those set aside with the
    reason (``doc_id, reason``), and a sentence saying so for a notebook to print."""

    articles: pd.DataFrame
    set_aside: pd.DataFrame
    note: str


def select_articles(articles: pd.DataFrame, *, language: str | None = "fr", drop_duplicates: bool = True) -> Selection:
    """The articles to analyse: those in ``language`` (``None`` keeps all; undetermined
    ``und`` is kept), without flagged duplicates unless ``drop_duplicates=False``: the
    same article found twice (overlapping database searches, a wire story reprinted) is
    counted once, as its first copy.

    >>> picked = select_articles(load_corpus("data/sample"))
    >>> len(picked.articles), picked.note
    (5, 'All 5 articles kept.')
    """
    keep = pd.Series(True, index=articles.index)
    reasons = pd.Series("", index=articles.index)
    summary = []
    if language is not None and len(articles):
        other = ~articles["lang"].isin([language, "und"])
        if other.any():
            summary.append(f"{int(other.sum())} not in {language!r}")
            reasons[other] = "language: " + articles.loc[other, "lang"].astype(str)
        keep &= ~other
    if drop_duplicates and len(articles):
        dup = articles["duplicate_of"].notna() & keep
        if dup.any():
            summary.append(f"{int(dup.sum())} duplicate(s) of another article")
            reasons[dup] = "duplicate of " + articles.loc[dup, "duplicate_of"].astype(str)
        keep &= ~dup
    picked = articles[keep].reset_index(drop=True)
    set_aside = pd.DataFrame(
        {
            "doc_id": articles.loc[~keep, "doc_id"].to_numpy() if len(articles) else [],
            "reason": reasons[~keep].to_numpy() if len(articles) else [],
        }
    )
    note = (
        f"{len(picked)} of {len(articles)} articles kept; set aside: {'; '.join(summary)}."
        if summary
        else f"All {len(articles)} articles kept."
    )
    return Selection(articles=picked, set_aside=set_aside, note=note)
