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

import gc
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import pandas as pd

from kit import clean, line_model, paths, readers
from kit.errors import CorpusError
from kit.readers.metadata import parse_date, parse_text
from kit.readers.pages import extract_html
from kit.readers.tables import frame_rows, read_rows
from kit.readers.text import Notes, decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
#: Spreadsheets are not read (their cells need a spreadsheet library); the skip says how to load one.
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
METADATA_NAMES = ("metadata.csv", "metadata.tsv", "metadata.jsonl", "metadata.json")
IGNORED_NAMES = {"readme.md", "readme.txt", "readme", ".ds_store", "thumbs.db", "license", "license.txt"}

#: Columns of the articles table, in order.
ARTICLE_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "date",
    "date_from",
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
#: Columns of a page before cleaning (``lines``/``skip``: set by a database reader;
#: ``dropped``: the visible lines of an HTML page that the extractor left out).
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
    "dropped",
]
#: Columns of the load report.
REPORT_COLUMNS = ["level", "code", "doc_id", "path", "message"]
#: Columns of the lines table (one row per raw line).
LINE_COLUMNS = ["doc_id", "line_no", "part", "text", "eol", "role", "rule", "p", "why"]


#: Role, in the lines table, of a visible line of an HTML page that the extractor left out.
EXTRACTOR_DROPPED = "extractor_dropped"
#: Articles longer than this are annotated in pieces (spaCy's default ``max_length``); loading says so.
LONG_ARTICLE_CHARS = 1_000_000


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

    # What notebook 01 asks of the lines table. A corpus read from a study store answers each
    # partition by partition, so the lines table (the largest: one row per raw line) is never
    # held whole; here they are the functions of the in-memory table.
    def role_summary(self, *, by: str = "source") -> pd.DataFrame:
        """:func:`kit.role_summary` of this corpus's lines: ``by, role, kept, n_lines, n_words``.

        >>> bool(load("data/sample").role_summary().query("role == 'body'")["n_lines"].sum() > 20)
        True
        """
        return clean.role_summary(self.lines, articles=self.articles, by=by)

    def least_sure(self, *, top: int = 20, by: str | None = None) -> pd.DataFrame:
        """:func:`kit.least_sure` of this corpus's lines: the ``top`` lines the model was least sure of.

        >>> len(load("data/sample").least_sure(top=3))
        3
        """
        return line_model.least_sure(self.lines, top=top, by=by)

    def page_lines(self, doc_id: str) -> pd.DataFrame:
        """Every line of one page, in order, with its role and rule (empty if there is no such page).

        >>> load("data/sample").page_lines("000_31cb83dccb87126a")["line_no"].tolist()[:3]
        [1, 2, 3]
        """
        lines = self.lines
        return lines[lines["doc_id"] == doc_id].reset_index(drop=True)


class _Report(Notes):
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=REPORT_COLUMNS)


def _stable_id(text: str, taken: set[str]) -> str:
    base = "doc-" + hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=6).hexdigest()
    doc_id, k = base, 2
    while doc_id in taken:
        doc_id, k = f"{base}-{k}", k + 1
    return doc_id


def _note(report: _Report, note: tuple[str, str, str] | None, *, doc_id: str | None, path: str | None) -> None:
    if note is not None:
        report.add(note[0], note[1], note[2], doc_id=doc_id, path=path)


def read_metadata(path: str | os.PathLike | pd.DataFrame, report: _Report | None = None) -> pd.DataFrame:
    """The metadata file (or the same table as a DataFrame) as a table indexed by ``doc_id``
    (columns among ``source, url, date, title``).

    Broken rows, rows without a ``doc_id`` and repeated ids are reported, by line, and skipped;
    a file without a ``doc_id`` column raises :class:`CorpusError` saying which columns it has.

    >>> read_metadata("data/sample/metadata.csv").index.tolist()[:2]
    ['000_31cb83dccb87126a', '001_df108479b042bae5']
    >>> read_metadata(pd.DataFrame({"doc_id": ["a"], "source": ["Le Temps"]}))["source"].tolist()
    ['Le Temps']
    """
    report = report if report is not None else _Report()
    if isinstance(path, pd.DataFrame):
        p, rows = Path(METADATA_FRAME_NAME), frame_rows(path)
    else:
        p = Path(path)
        rows = read_rows(p, report) or []
    if not rows:
        report.add("warning", "empty_metadata", f"metadata file {p.name} has no usable rows.", path=str(p))
        return pd.DataFrame(columns=["source", "url", "date", "title"]).rename_axis("doc_id")
    records, seen = [], {}
    for row in rows:
        values = {str(k).strip().lower(): v for k, v in row.values.items()}
        if "doc_id" not in values:
            raise CorpusError(
                f"metadata file {p} has no 'doc_id' column (its {row.where} has: {', '.join(map(str, values))}). "
                "Add a doc_id column holding each file name without its extension."
            )
        doc_id, _ = parse_text(values["doc_id"])
        if doc_id is None:
            report.add("skip", "bad_row", f"metadata file {p.name} {row.where}: no doc_id; row skipped.", path=str(p))
            continue
        if doc_id in seen:
            report.add(
                "warning",
                "repeated_metadata",
                f"metadata file {p.name}: doc_id {doc_id} appears again at {row.where}; the first row "
                f"({seen[doc_id]}) is used.",
                doc_id=doc_id,
                path=str(p),
            )
            continue
        seen[doc_id] = row.where
        records.append({"doc_id": doc_id, **{c: values[c] for c in ("source", "url", "date", "title") if c in values}})
    frame = pd.DataFrame(records).set_index("doc_id")
    frame = frame.astype(object).where(frame.notna(), None).replace({"": None})
    return frame


# ------------------------------------------------------------------ walking folders
def _walk(root: Path, report: _Report) -> list[Path]:
    """Every file under ``root`` in name order. Hidden files and folders, broken links, link
    loops, unreadable folders and things that are not files are rows of the report."""
    found: list[Path] = []

    def rel(p: Path) -> str:
        return str(p.relative_to(root))

    def visit(folder: Path, ancestors: frozenset[str]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            report.add(
                "skip",
                "unreadable_folder",
                f"folder {rel(folder) if folder != root else folder} cannot be read ({exc.strerror or exc}); "
                "its files are not loaded. Check its permissions.",
                path=str(folder),
            )
            return
        for entry in entries:
            p = Path(entry.path)
            if entry.name.startswith("."):
                report.add(
                    "info",
                    "hidden_file",
                    f"{rel(p)} is hidden (its name starts with a dot); not loaded. Rename it to load it.",
                    path=str(p),
                )
                continue
            if entry.is_symlink() and not p.exists():
                report.add(
                    "skip",
                    "broken_link",
                    f"{rel(p)} is a link to {os.readlink(p)!r}, which does not exist (or links back to itself).",
                    path=str(p),
                )
                continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError as exc:
                report.add("skip", "unreadable_file", f"{rel(p)} cannot be read ({exc.strerror or exc}).", path=str(p))
                continue
            if is_dir:
                real = os.path.realpath(p)
                if real in ancestors:
                    report.add(
                        "skip",
                        "link_loop",
                        f"{rel(p)} links back to a folder that contains it; not followed.",
                        path=str(p),
                    )
                    continue
                visit(p, ancestors | {real})
            elif is_file:
                found.append(p)
            else:
                report.add("skip", "unsupported_file", f"{rel(p)} is not a regular file; ignored.", path=str(p))

    visit(root, frozenset({os.path.realpath(root)}))
    return found


class _PageIds:
    """A unique ``doc_id`` per page: its path without the extension; when two files share
    that (``x.txt`` and ``x.html``), the first in name order keeps it and the others get
    their full file name, each reported (``id_collision``)."""

    def __init__(self, root: Path, report: _Report) -> None:
        self.root, self.report = root, report
        self.owner: dict[str, Path] = {}

    def __call__(self, f: Path) -> str:
        rel = f.relative_to(self.root) if f != self.root else Path(f.name)
        doc_id = str(rel.with_suffix("")).replace(os.sep, "/")
        if doc_id in self.owner:
            wanted, first = doc_id, self.owner[doc_id].name
            doc_id, k = str(rel).replace(os.sep, "/"), 2
            while doc_id in self.owner:
                doc_id, k = f"{rel}-{k}".replace(os.sep, "/"), k + 1
            self.report.add(
                "warning",
                "id_collision",
                f"{rel} and {first} would both be {wanted!r}; {first} keeps it and this file is loaded as "
                f"{doc_id!r}. Rename one of them if they are different articles.",
                doc_id=doc_id,
                path=str(f),
            )
        self.owner[doc_id] = f
        return doc_id


# ------------------------------------------------------------------ loading
def _gather(
    root: Path,
    report: _Report,
    columns: dict[str, str],
    exclude: Path | None = None,
    preset: str | None = None,
    *,
    keep_bytes: bool = True,
) -> tuple[list[dict], Path | None]:
    """Raw records from a folder, a page or a table, and the folder's own metadata file if any.

    Every page is read here (an unreadable file is reported, a database export is split into
    its records); ``keep_bytes=False`` drops a page's bytes once checked, to be read again one
    page at a time by :func:`read_pages` (``kit.build`` over a corpus larger than memory)."""
    records: list[dict] = []
    if root.is_file():
        files, own_metadata = [root], None
    else:
        all_files = _walk(root, report)
        own_metadata = next((root / n for n in METADATA_NAMES if (root / n).is_file()), None)
        files = [p for p in all_files if p not in (own_metadata, exclude)]
    page_id = _PageIds(root, report)
    for f in files:
        suffix = f.suffix.lower()
        rel = str(f.relative_to(root)) if f != root else f.name
        if f.name.lower() in IGNORED_NAMES:
            report.add("info", "ignored_file", f"{rel} is documentation, not an article; ignored.", path=str(f))
            continue
        data = None
        if suffix in readers.EXPORT_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES:
            try:
                data = f.read_bytes()
            except OSError as exc:
                report.add(
                    "skip",
                    "unreadable_file",
                    f"{rel} cannot be read ({exc.strerror or exc}); check its permissions.",
                    doc_id=str(Path(rel).with_suffix("")).replace(os.sep, "/"),
                    path=str(f),
                )
                continue
        if suffix in readers.EXPORT_SUFFIXES and _export_records(f, rel, data, records, report):
            continue
        if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
            records.append(
                {
                    "doc_id": page_id(f),
                    "path": str(f),
                    **({"bytes": data} if keep_bytes else {}),
                    "format": "html" if suffix in HTML_SUFFIXES else "text",
                }
            )
        elif suffix in TABLE_SUFFIXES and f == root:
            records.extend(_table_records(f, report, columns, preset))
        elif suffix in SPREADSHEET_SUFFIXES:
            report.add(
                "skip",
                "unsupported_file",
                f"{rel}: {suffix} is a spreadsheet, which the kit does not read. Save it as CSV (UTF-8) and load "
                "that file, or read it with pandas (pd.read_excel, with openpyxl installed) and pass the "
                "DataFrame: kit.load(frame, text_col=...).",
                path=str(f),
            )
        else:
            report.add(
                "skip",
                "unsupported_file",
                f"{rel}: {suffix or 'no extension'} is not a supported article format "
                "(.txt, .html, or one table file).",
                path=str(f),
            )
    return records, own_metadata


def _export_records(path: Path, rel: str, data: bytes, records: list[dict], report: _Report) -> bool:
    """A press-database export (Europresse, Factiva, Nexis, Nexis Uni) becomes one record per article; False if not
    an export. A Word file that is not a Nexis Uni export is one report row (True: nothing else to try)."""
    stem = str(Path(rel).with_suffix("")).replace(os.sep, "/")
    if any(r["doc_id"].startswith(stem + "#") for r in records):  # export.html beside export.xml
        stem = rel.replace(os.sep, "/")
    found = readers.export_pages(path, data, stem=stem)
    if found is None:
        return False
    for level, code, doc_id, message in found.problems:
        report.add(level, code, message, doc_id=doc_id, path=str(path))
    if found.kind == readers.WORD_UNREAD:  # a broken or foreign Word file: its report row says so
        return True
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


def _table_records(
    path: Path, report: _Report, columns: dict[str, str], preset: str | None = None, rows: list | None = None
) -> list[dict]:
    """The article records of a table file at ``path``, or of ``rows`` already read (a frame in
    memory, named ``path`` in messages)."""
    rows = read_rows(path, report) if rows is None else rows
    if not rows:
        return []
    if preset is not None:
        found = readers.presets.resolve(preset, rows[0].values)
        if found["text"] is None:
            report.add(
                "skip",
                "export_without_text",
                f"{path.name} is a {preset} export of {len(rows)} row(s) with no article "
                f"text, only URLs and metadata (columns: {', '.join(map(str, rows[0].values))}). Fetch the pages first "
                "(a scraper, or the platform's full-text API) and load them as a folder or a table with a text column.",
                path=str(path),
            )
            return []
        columns = {**columns, **{k: v for k, v in found.items() if v is not None}}
    if not any(columns["text"] in row.values for row in rows):
        raise CorpusError(
            f"{path} has no text column {columns['text']!r} (it has: {', '.join(map(str, rows[0].values))}). "
            f"Pass text_col= with the column that holds the article text."
        )
    out, taken = [], set()
    for row in rows:
        values = row.values
        text = values.get(columns["text"])
        if text is None or (isinstance(text, float) and pd.isna(text)):
            text = ""
        elif not isinstance(text, str):
            report.add(
                "warning",
                "not_text_value",
                f"{path.name} {row.where}: the text column holds a {type(text).__name__}; read as text.",
                path=str(path),
            )
            text = str(text)
        raw_id, _ = parse_text(values.get(columns["doc_id"]))
        doc_id = raw_id if raw_id is not None else _stable_id(text, taken)
        if doc_id in taken:
            new_id = _stable_id(text + row.where, taken)
            report.add(
                "warning",
                "repeated_id",
                f"{path.name} {row.where}: doc_id {doc_id} already used; loaded as {new_id}.",
                doc_id=new_id,
                path=str(path),
            )
            doc_id = new_id
        taken.add(doc_id)
        out.append(
            {
                "doc_id": doc_id,
                "path": f"{path}#{row.where.replace(' ', '=')}",
                "text_value": text,
                "format": "table",
                **{
                    key: values.get(col)
                    for key, col in columns.items()
                    if key in ("title", "date", "source", "url") and col in values
                },
            }
        )
    return out


#: What an articles table passed in memory is called in the ``path`` column and in messages.
FRAME_NAME = "DataFrame"
#: ... and a metadata table passed in memory, in messages.
METADATA_FRAME_NAME = "metadata DataFrame"


def load(
    path: str | os.PathLike | pd.DataFrame = paths.SAMPLE_CORPUS,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    *,
    text_col: str = "text",
    id_col: str = "doc_id",
    title_col: str = "title",
    date_col: str = "date",
    source_col: str = "source",
    url_col: str = "url",
    language: str = "fr",
    dayfirst: bool = True,
    strict: bool = False,
    progress: bool | None = None,
    preset: str | None = None,
    roles: pd.DataFrame | str | os.PathLike | None = None,
    cleaning: str = "model",
    n_process: int = 1,
) -> Corpus:
    """Load a corpus: the articles table, the lines table and the load report.

    Parameters: ``path`` (folder, page or table file, or a pandas DataFrame of articles with the
    columns a table file has: ``text``, and ``doc_id``, ``title``, ``date``, ``source``, ``url``
    where known), ``metadata`` (CSV/JSONL joined on
    ``doc_id``; a folder's own ``metadata.csv`` by default), ``text_col``, ``id_col``,
    ``title_col``, ``date_col``, ``source_col``, ``url_col`` (table column names),
    ``language`` (expected language, default ``"fr"``), ``dayfirst`` (``05/06/2025`` is
    5 June, as French sources write it; ``False`` reads it month first), ``strict`` (skips raise),
    ``roles`` (your corrections of line roles: a table or CSV with ``doc_id, line_no, role``,
    applied before the articles are assembled; those lines get ``rule = "override"``),
    ``progress`` (a progress bar; default on for large corpora), ``cleaning`` (``"model"``: the
    rules checked by the line model, which removes far more boilerplate; ``"rules"``: the rules
    alone, which on outlets never seen drop fewer body lines, see the README's held-apart figures),
    ``n_process`` (clean the pages in that many worker processes, for thousands of pages on a
    machine with free cores; the tables are the same).

    The articles table has one row per article: ``doc_id, source, title, date, date_from, lead,
    text, raw, path, n_words, lang, duplicate_of, url, encoding, format, source_known``; ``text``
    is the clean body (lead, paragraphs, subheadings) with paragraphs separated by a blank
    line, ``raw`` the input untouched; ``date_from`` says where the date comes from:
    ``"metadata"`` (the metadata file, a table's column, a database record, an HTML page's
    tags), ``"page"`` (a dateline the cleaning found), ``"address"`` (the url files the article
    under a day: ``…/2024/06/19/…``; also when the page shows a later day, a site's clock or an
    update, reported as ``page_date_after_address``), or nothing. The lines table has one row per raw line
    (``doc_id, line_no, part, text, eol, role, rule``);
    the report one row per problem (``level, code, doc_id, path, message``), where
    ``level`` is ``skip`` (not loaded), ``warning`` (loaded, look at it) or ``info``.

    >>> corpus = load("data/sample")
    >>> int(corpus.report["code"].value_counts()["unknown_source"])
    1
    """
    if cleaning not in CLEANINGS:
        raise CorpusError(f"cleaning={cleaning!r} is not one of {', '.join(map(repr, CLEANINGS))}.")
    if not isinstance(path, (str, os.PathLike, pd.DataFrame)):
        raise CorpusError(
            f"kit.load reads a folder, a file or a DataFrame of articles (given: {type(path).__name__}). "
            "For texts in a list or a Series, pass pd.DataFrame({'text': texts})."
        )
    report = _Report()
    in_memory = isinstance(path, pd.DataFrame)
    root = Path(FRAME_NAME) if in_memory else paths.resolve(path)
    if not in_memory and not root.exists():
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
    meta_frame = metadata if isinstance(metadata, pd.DataFrame) else None
    explicit = paths.resolve(metadata) if meta_frame is None and metadata else None
    if preset is not None:
        readers.presets.get(preset)  # an unknown preset is an error before anything is read
    with paused_gc():
        if in_memory:
            records = _table_records(root, report, columns, preset, rows=frame_rows(path))
            own_metadata = None
        else:
            records, own_metadata = _gather(root, report, columns, exclude=explicit, preset=preset)
        meta_source = meta_frame if meta_frame is not None else explicit or own_metadata
        meta, meta_path = _metadata(meta_source, report, strict=strict)
        show = bool(progress or (progress is None and len(records) > 2000))
        if show:
            from tqdm.auto import tqdm

            records = tqdm(records, desc="loading", unit="article")
        frame = _pages(records, meta, report)
        if meta is not None:
            _unmatched_metadata(meta, set(frame["doc_id"]), meta_path, report)
        overrides = line_model.read_overrides(roles) if roles is not None else None
        corpus = _tidy(
            frame,
            report,
            language=language,
            dayfirst=dayfirst,
            chrome=None,
            overrides=overrides,
            cleaning=cleaning,
            n_process=n_process,
            progress=show,
        )
        return _finish(corpus, report, strict=strict)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector paused for a block that builds many small objects (lines, records).

    Loading creates hundreds of thousands of tuples, dicts and lists and almost no reference
    cycles, yet each pass of the collector walks every one still alive: on a 5,000-record
    export that is a tenth of the whole load. Reference counting still frees everything as
    usual; the collector runs again after the block (and is left alone if it was already off).

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _metadata(
    source: Path | pd.DataFrame | None, report: _Report, *, strict: bool
) -> tuple[pd.DataFrame | None, Path | None]:
    """The metadata table read from ``source`` (a file, or a DataFrame named so in messages), and its name."""
    if source is None:
        return None, None
    if isinstance(source, pd.DataFrame):
        meta_path = Path(METADATA_FRAME_NAME)
    else:
        meta_path = source
        if not Path(meta_path).exists():
            raise CorpusError(f"metadata file {meta_path} does not exist. Pass metadata=None to load without one.")
    meta = None
    try:
        meta = read_metadata(source, report)
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
            try:
                data: bytes = rec["bytes"] if "bytes" in rec else Path(p).read_bytes()
            except OSError as exc:
                report.add(
                    "skip",
                    "unreadable_file",
                    f"{Path(p).name} cannot be read ({exc.strerror or exc}); check its permissions.",
                    doc_id=doc_id,
                    path=p,
                )
                continue
            if not data.strip():
                report.add("skip", "empty_file", "file is empty.", doc_id=doc_id, path=p)
                continue
            decoded = decode_bytes(data)
            raw, encoding = decoded.text, decoded.encoding
            if raw is None:
                report.add(
                    "skip",
                    "binary_file",
                    "file holds binary data, not text; is it really an article?",
                    doc_id=doc_id,
                    path=p,
                )
                continue
            for level, code, message in decoded.notes:
                report.add(level, code, message, doc_id=doc_id, path=p)
        else:
            raw, encoding = rec["text_value"], "utf-8"
            if not raw.strip():
                report.add("skip", "empty_row", "row has no text.", doc_id=doc_id, path=p)
                continue
        if len(raw) > LONG_ARTICLE_CHARS:
            report.add(
                "info",
                "long_article",
                f"article has {len(raw):,} characters, more than spaCy's {LONG_ARTICLE_CHARS:,} limit; "
                "kit.annotate reads it in pieces cut at paragraph (else line, else word) boundaries.",
                doc_id=doc_id,
                path=p,
            )
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
            found = extract_html(raw)
            for level, code, message in found.notes:
                report.add(level, code, message, doc_id=doc_id, path=p)
            if found.dropped:
                page["dropped"] = list(found.dropped)
            lost = [line for line in found.dropped if clean.count_words(line) >= 8 and line[-1] in '.!?»"…']
            if lost and found.text.strip():
                report.add(
                    "info",
                    "html_dropped_text",
                    f"the extractor left out {len(lost)} paragraph-like line(s) of the page, e.g. {lost[0][:80]!r}; "
                    f"they are in the lines table with role {EXTRACTOR_DROPPED!r}.",
                    doc_id=doc_id,
                    path=p,
                )
            if not found.text.strip():
                report.add("skip", "no_text_in_html", "no article text found in the HTML page.", doc_id=doc_id, path=p)
                continue
            page["page_text"] = found.text
            page.update({k: v for k, v in vars(found).items() if k in ("title", "date", "source", "url") and v})
        pages.append(page)

    # object columns: the same str objects go on to the articles table, not copied to Arrow and back
    frame = pd.DataFrame(pages, columns=PAGE_COLUMNS, dtype=object)
    if meta is not None:
        known = set(frame["doc_id"])
        for doc_id in sorted(known - set(meta.index)):
            report.add("info", "file_without_metadata", "no metadata row for this article.", doc_id=doc_id)
        for col in meta.columns:
            mapped = frame["doc_id"].map(meta[col])
            frame[col] = mapped.where(mapped.notna(), frame[col])

    for col in ("source", "title", "url"):
        values = []
        for doc_id, p, v in zip(frame["doc_id"], frame["path"], frame[col]):
            text, note = parse_text(v)
            _note(report, note, doc_id=doc_id, path=p)
            values.append(text)
        frame[col] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _with_reader_lines(frame: pd.DataFrame, lines: pd.DataFrame, parts: dict) -> tuple[pd.DataFrame, dict]:
    """Add the lines of pages a reader has already classified (database records) to the lines table."""
    doc_ids, all_lines = [], []
    kept_roles = clean.KEPT_ROLES
    for doc_id, page_lines in zip(frame["doc_id"].tolist(), frame["lines"].tolist()):
        text = "\n\n".join([t[2].strip() for t in page_lines if t[4] in kept_roles])
        parts[doc_id] = {
            "title": next((t[2] for t in page_lines if t[4] == "title"), None),
            "lead": next((t[2] for t in page_lines if t[4] == "lead"), None),
            "date": None,
            "text": text,
            "n_words": clean.count_words(text),  # the blank lines between paragraphs add no word
        }
        doc_ids.extend(repeat(doc_id, len(page_lines)))
        all_lines.extend(page_lines)
    fields = clean.LineRole._fields
    columns = list(zip(*all_lines)) or [()] * len(fields)  # one column of values per field
    # a reader's roles come from the record's own structure: no model probability to report
    extra = pd.DataFrame({"doc_id": doc_ids, **{c: list(v) for c, v in zip(fields, columns)}}).assign(
        p=1.0, why="set by the reader"
    )
    return (pd.concat([lines, extra], ignore_index=True) if len(lines) else extra), parts


def _dropped_lines(lines: pd.DataFrame, dropped: list[tuple[str, str]]) -> pd.DataFrame:
    """The lines table with a row per visible line an HTML extractor left out, numbered after the page's own lines."""
    if not dropped:
        return lines
    last = lines.groupby("doc_id")["line_no"].max().to_dict() if len(lines) else {}
    rows, count = [], {}
    for doc_id, text in dropped:
        count[doc_id] = count.get(doc_id, 0) + 1
        rows.append((doc_id, last.get(doc_id, 0) + count[doc_id], 0, text, "\n", EXTRACTOR_DROPPED, "html extractor"))
    extra = pd.DataFrame(rows, columns=["doc_id", *clean.LineRole._fields]).assign(
        p=1.0, why="left out by the extractor"
    )
    return pd.concat([lines, extra], ignore_index=True) if len(lines) else extra


#: How page lines are classified: the rules checked by the line model, or the rules alone.
CLEANINGS = ("model", "rules")


#: A date the page shows (without "Publié le") more than this after the day its address files it
#: under is not its publication date (a day is allowed for time zones).
PAGE_DATE_AFTER_ADDRESS = pd.Timedelta(days=1)


def _tidy(
    frame: pd.DataFrame,
    report: _Report,
    *,
    language: str,
    dayfirst: bool = True,
    chrome: dict | None = None,
    overrides: pd.DataFrame | None = None,
    cleaning: str = "model",
    n_process: int = 1,
    progress: bool = False,
) -> Corpus:
    """Classify lines, assemble articles, detect language (duplicates and corpus-wide rows: :func:`_finish`)."""
    read = frame["lines"].notna()  # database records come with their lines already classified by their reader
    lines, parts = line_model.classify_pages(
        frame[~read],
        text="page_text",
        source="source",
        chrome=chrome,
        overrides=overrides,
        use_model=cleaning == "model",
        n_process=n_process,
        progress=progress,
    )
    if read.any():
        lines, parts = _with_reader_lines(frame[read], lines, parts)
    dropped = [
        (doc_id, line)
        for doc_id, found in zip(frame["doc_id"], frame["dropped"])
        if isinstance(found, (list, tuple))
        for line in found
    ]
    lines = _dropped_lines(lines, dropped)
    empty = {"title": None, "lead": None, "text": "", "date": None, "n_words": 0}
    kept, titles, leads, texts, dates, n_words, langs = [], [], [], [], [], [], []
    sources_of_dates: list[str | None] = []
    columns = ("doc_id", "skip", "path", "date", "title", "url")
    for row, (doc_id, skip, path, stated, title, url) in enumerate(zip(*(frame[c].tolist() for c in columns))):
        if skip is True:  # already reported by the reader; its lines stay in the lines table
            continue
        found = parts.get(doc_id, empty)
        if not found["text"].strip() and cleaning == "model" and line_model.listing_address(url):
            report.add(
                "skip",
                "listing_page",
                f"its address ({url}) is a tag, category or search page's: a list of other pages' stories, "
                f"not an article. Its lines are in the lines table (rule {line_model.LISTING_RULE!r}); if it is "
                "an article, leave its url out of the metadata and load it again.",
                doc_id=doc_id,
                path=path,
            )
            continue
        if not found["text"].strip():
            report.add(
                "skip",
                "no_article_text",
                "every line is page chrome (navigation, comments, captions...); nothing to analyse. "
                "See the lines table.",
                doc_id=doc_id,
                path=path,
            )
            continue
        date, note = parse_date(stated, dayfirst=dayfirst)
        _note(report, note, doc_id=doc_id, path=path)
        date_from = None if pd.isna(date) else "metadata"
        filed = line_model.address_date(url) if date_from is None else None  # not read when the metadata dates it
        if date_from is None and found["date"] is not None:
            date, date_from = found["date"], "page"
            shown_only = not found.get("date_explicit", True)  # no "Publié le"; rules-only pages: unknown
            if shown_only and filed is not None and pd.Timestamp(date) - filed > PAGE_DATE_AFTER_ADDRESS:
                # An address is fixed when the article is published; a later date the page shows
                # without saying "publié" is the site's clock in its header (the day the page was
                # saved) or an update, not the publication: the address's day is.
                report.add(
                    "info",
                    "page_date_after_address",
                    f"the page shows {pd.Timestamp(date):%Y-%m-%d}, later than the day its address files it "
                    f"under ({filed:%Y-%m-%d}): a site's clock or an update, so the address's day is its date "
                    "(date_from 'address').",
                    doc_id=doc_id,
                    path=path,
                )
                date, date_from = filed, "address"
        if date_from is None and filed is not None:
            date, date_from = filed, "address"
        sources_of_dates.append(date_from)
        kept.append(row)
        titles.append(title or found["title"])
        leads.append(found["lead"])
        texts.append(found["text"])
        dates.append(date)
        n_words.append(found["n_words"])
        # found where the page was cleaned (a worker process), or here for a reader's records
        langs.append(found["lang"] if "lang" in found else clean.detect_language(found["text"]))
    # built from plain lists, so every column's type is inferred from its values as for any table
    data = {c: frame[c].to_numpy(dtype=object)[kept].tolist() for c in frame.columns if c in ARTICLE_COLUMNS}
    data.update(title=titles, date=dates, date_from=sources_of_dates, lead=leads, text=texts, n_words=n_words)
    articles = pd.DataFrame(data) if kept else pd.DataFrame(columns=list(data))
    articles["date"] = pd.to_datetime(articles["date"]) if len(articles) else pd.Series(dtype="datetime64[ns]")
    articles["n_words"] = articles["n_words"].astype("int64")
    articles["lang"] = langs
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
    report.rows.extend(_corpus_report(articles).rows)
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
    an empty corpus, dates read from addresses. ``articles`` needs only ``doc_id, path, duplicate_of,
    source_known`` (and ``date_from``, when there is one).

    >>> corpus_report(load_corpus("data/sample"))["code"].tolist()
    ['unknown_source']
    """
    return _corpus_report(articles).frame()


def _corpus_report(articles: pd.DataFrame) -> _Report:
    report = _Report()
    flagged = articles.dropna(subset=["duplicate_of"])
    for doc_id, path, original in zip(*(flagged[c].tolist() for c in ("doc_id", "path", "duplicate_of"))):
        report.add(
            "warning",
            "duplicate",
            f"same or nearly the same text as {original}; kept and flagged in duplicate_of.",
            doc_id=doc_id,
            path=path,
        )
    unknown = int((~articles["source_known"].astype(bool)).sum())
    if unknown:
        report.add(
            "info",
            "unknown_source",
            f"{unknown} article(s) have no source; each is treated as its own source "
            "('unknown:<doc_id>'). Add a metadata file with a source column to group them.",
        )
    filed = int((articles["date_from"] == "address").sum()) if "date_from" in articles else 0
    if filed:
        report.add(
            "info",
            "date_from_address",
            f"{filed} article(s) take the day their address files them under as their date "
            "(articles.date_from == 'address'): they state no date of their own, or show a later one "
            "(a site's clock, an update: its own row, page_date_after_address). For stated dates only, "
            "drop those rows.",
        )
    if articles.empty:
        report.add(
            "warning",
            "empty_corpus",
            "no article could be loaded: the corpus is empty. See the other rows of this report.",
        )
    return report


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
    the pages of a folder in order (paths only: each page is checked here, then read again
    one page at a time by :func:`read_pages`) and the metadata.

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
    records, own_metadata = _gather(root, report, columns, exclude=explicit, preset=preset, keep_bytes=False)
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
    with paused_gc():
        return _pages(records, metadata, report), report.frame()


def unmatched_metadata(metadata: pd.DataFrame, doc_ids: set, path) -> pd.DataFrame:
    """Report rows for metadata rows that match no loaded page.

    >>> unmatched_metadata(read_metadata("data/sample/metadata.csv"), set(), "m.csv")["code"].unique().tolist()
    ['metadata_without_file']
    """
    report = _Report()
    _unmatched_metadata(metadata, doc_ids, path, report)
    return report.frame()


def clean_pages(
    pages: pd.DataFrame,
    *,
    chrome: dict[str, frozenset[str]],
    language: str = "fr",
    dayfirst: bool = True,
    roles: pd.DataFrame | str | os.PathLike | None = None,
) -> Corpus:
    """Clean a slice of pages with the site chrome found over the whole corpus
    (:func:`kit.clean.site_chrome`): articles (``duplicate_of`` not yet filled), lines and
    the report rows of these pages. Duplicates and :func:`corpus_report` need the whole corpus.

    >>> found = list_inputs("data/sample")
    >>> pages, _ = read_pages(found.records, metadata=found.metadata)
    >>> part = clean_pages(pages, chrome=clean.site_chrome(pages))
    >>> part.articles["text"].tolist() == load_corpus("data/sample")["text"].tolist()
    True
    """
    overrides = line_model.read_overrides(roles) if roles is not None else None
    with paused_gc():
        return _tidy(pages, _Report(), language=language, dayfirst=dayfirst, chrome=chrome, overrides=overrides)


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
