"""How is this file laid out? Press-database exports recognised by their structure, one reader each.

An export file (Europresse, Factiva HTML or XML, LexisNexis HTML, Nexis Uni DOCX) holds
many articles. :func:`sniff` tells which kind a file is from its markup, never from its
name (a Word file is a Nexis Uni export when its paragraphs hold "End of Document"
markers), and
:func:`export_pages` splits it into one page per record, ready for the loader: the
record's markup (``raw``), its text rendering with a role and a rule per line, its
fields (``source, date, title, byline, section, page, doc_key``), and the load-report
rows for what went wrong (a truncated file, a record without date or body, bytes that
are not in the declared character set). Table exports of platforms (Media Cloud, GDELT)
are read through column presets (:mod:`kit.readers.presets`).

Modules: :mod:`~kit.readers.europresse`, :mod:`~kit.readers.factiva`,
:mod:`~kit.readers.nexis`, :mod:`~kit.readers.nexis_uni`, :mod:`~kit.readers.presets`, and :mod:`~kit.readers.base`
(the shapes they return).

Every input, exports or not, goes through the general readers: :mod:`~kit.readers.text`
(bytes to text: encodings detected per file, every repaired byte reported where it stands),
:mod:`~kit.readers.tables` (CSV, TSV, JSON, JSONL and Parquet by explicit rules, every
dropped row named), :mod:`~kit.readers.metadata` (dates day-first, text fields as text) and
:mod:`~kit.readers.pages` (an HTML page's main text, with what the extractor left out).

>>> sniff('<span class="DocPublicationName">Le Monde</span>'), sniff("<p>Un article.</p>")
('europresse', None)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit.readers import europresse, factiva, nexis, nexis_uni, presets
from kit.readers.base import EXPORT_ROLES, Export, Line, Record, declared_charset, decode_lines

#: File suffixes that may hold a database export (looked into, whatever their name).
EXPORT_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml", ".docx"})
#: The kind of a Word file that is not an export the kit reads (broken, or another document):
#: its :class:`ExportPages` has no pages, only the report row saying why.
WORD_UNREAD = "word"

_READERS = {
    "nexis": nexis.read_nexis,
    "factiva-xml": factiva.read_factiva_xml,
    "factiva": factiva.read_factiva_html,
    "europresse": europresse.read_europresse,
}

__all__ = [
    "EXPORT_ROLES",
    "EXPORT_SUFFIXES",
    "WORD_UNREAD",
    "Export",
    "ExportPages",
    "Line",
    "Record",
    "export_pages",
    "presets",
    "read_export",
    "sniff",
]


def sniff(text: str) -> str | None:
    """The kind of database export a decoded file is (``europresse``, ``factiva``,
    ``factiva-xml``, ``nexis``), or ``None`` for anything else (an ordinary web page).

    >>> sniff("<!-- Hide XML section from browser <DOC NUMBER=1> <DOCFULL> -->")
    'nexis'
    """
    if nexis.is_nexis(text):
        return "nexis"
    if factiva.is_factiva_xml(text):
        return "factiva-xml"
    if factiva.is_factiva_html(text):
        return "factiva"
    if europresse.is_europresse(text):
        return "europresse"
    return None


def read_export(text: str, kind: str) -> Export:
    """Read a decoded export of a known ``kind`` (see :func:`sniff`).

    >>> len(read_export('<span class="DocPublicationName">A</span> Un texte.', "europresse").records)
    1
    """
    return _READERS[kind](text)


@dataclass
class ExportPages:
    """An export made ready for the loader: one page per record, the file's furniture, report rows."""

    kind: str
    pages: list[dict]
    #: lines of the file outside every record, as ``(line_no, text, role, rule)``
    furniture: list[tuple[int, str, str, str]]
    #: ``(level, code, doc_id or None, message)``
    problems: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    n_records: int = 0


def _record_of_line(records: list[Record], line_no: int) -> Record | None:
    found = None
    for rec in records:
        if rec.source_line is not None and rec.source_line <= line_no:
            found = rec
    return found


def export_pages(
    path: str | Path, data: bytes, *, stem: str, text: str | None = None, kind: str | None = None
) -> ExportPages | None:
    """Split an export file into loader pages, or ``None`` if it is not an export.

    ``stem`` names the file in ``doc_id``: record *n* is ``f"{stem}#{n:03d}"``; the
    file's own furniture is ``f"{stem}#file"``. Each page has ``doc_id, path, raw,
    page_text, encoding, format, title, date, source, url, byline, section, page,
    doc_key`` and ``lines`` (``(line_no, part, text, eol, role, rule)`` tuples whose
    ``text + eol`` joined give ``page_text``).

    >>> out = export_pages("x.html", '<span class="DocPublicationName">A</span><br>Un texte.'.encode(), stem="x")
    >>> out.pages[0]["doc_id"], out.pages[0]["page_text"]
    ('x#001', 'A\\nUn texte.\\n')
    """
    path = str(path)
    encoding = "utf-8"
    bad: list[int] = []
    export = None
    if text is None and kind is None and (data[:4] == nexis_uni.ZIP_MAGIC or Path(path).suffix.lower() == ".docx"):
        word = _read_word(Path(path).name, data, stem=stem, named_docx=Path(path).suffix.lower() == ".docx")
        if isinstance(word, ExportPages):
            return word
        if word is not None:
            export, kind = word, "nexis-uni"
    if export is None:
        if text is None:
            text, encoding, bad = decode_lines(data)
        kind = kind or sniff(text)
        if kind is None:
            return None
        export = read_export(text, kind)
    width = max(3, len(str(len(export.records))))
    out = ExportPages(kind=kind, pages=[], furniture=[], n_records=len(export.records))
    declared = declared_charset(data) if kind != "nexis-uni" else None
    if declared and not bad and declared not in ("utf-8", "ascii") and not data[:200_000].isascii():
        out.problems.append(
            (
                "warning",
                "charset_mismatch",
                None,
                f"the file declares {declared} but its bytes are UTF-8; read as UTF-8 (check a few accents).",
            )
        )
    for level, code, message in export.problems:
        out.problems.append((level, code, None, message))
    if export.expected is not None and export.expected != len(export.records):
        out.problems.append(
            (
                "warning",
                "missing_records",
                None,
                f"the file says it holds {export.expected} records; {len(export.records)} were found.",
            )
        )
    by_record: dict[int, list[int]] = {}
    for line_no in bad:
        rec = _record_of_line(export.records, line_no)
        by_record.setdefault(rec.number if rec else 0, []).append(line_no)
    for rec in export.records:
        doc_id = f"{stem}#{rec.number:0{width}d}"
        problems = list(rec.problems)
        if rec.number in by_record:
            lines = by_record[rec.number]
            problems.append(
                (
                    "warning",
                    "charset_mismatch",
                    f"{len(lines)} line(s) of this record (file lines {', '.join(map(str, lines[:5]))}) are not "
                    f"{declared or 'UTF-8'} but Windows-1252; decoded as such: check its accents.",
                )
            )
        if not any(line.role in ("lead", "body") for line in rec.lines) and not any(p[0] == "skip" for p in problems):
            problems.append(
                ("skip", "no_body", "the record has no article text (only fields and furniture); not loaded.")
            )
        if rec.date is None and not any(p[0] == "skip" for p in problems):
            problems.append(("warning", "no_date", "the record has no date field; its date is left empty (NaT)."))
        for level, code, message in problems:
            out.problems.append((level, code, doc_id, f"record {rec.number} of {Path(path).name}: {message}"))
        rendering = rec.rendering
        out.pages.append(
            {
                "doc_id": doc_id,
                "path": f"{path}#record={rec.number}",
                "raw": rec.raw,
                "page_text": rendering,
                "encoding": encoding if rec.number in by_record or not bad else "utf-8",
                "format": kind,
                "title": rec.title,
                "date": rec.date,
                "source": rec.source,
                "url": rec.url,
                "byline": rec.byline,
                "section": rec.section,
                "page": rec.page,
                "doc_key": rec.doc_key,
                "skip": any(p[0] == "skip" for p in problems),
                "lines": [(k, 0, line.text, "\n", line.role, line.rule) for k, line in enumerate(rec.lines, start=1)],
            }
        )
    out.furniture = [(k, line.text, line.role, line.rule) for k, line in enumerate(export.furniture, start=1)]
    if 0 in by_record:
        out.problems.append(
            (
                "warning",
                "charset_mismatch",
                None,
                f"file lines {', '.join(map(str, by_record[0][:5]))} (outside any record) are not UTF-8; "
                "decoded as Windows-1252.",
            )
        )
    return out


def _read_word(name: str, data: bytes, *, stem: str, named_docx: bool) -> Export | ExportPages | None:
    """A Word file read as a Nexis Uni export; an :class:`ExportPages` of kind ``WORD_UNREAD``
    holding the report row (under the file's ``doc_id``, ``stem``) when it cannot be; ``None``
    for bytes that are no Word file but may be read as text: a text export under a .docx
    name, or any file not named .docx that merely starts like a zip archive."""

    def unread(level: str, code: str, message: str) -> ExportPages:
        return ExportPages(kind=WORD_UNREAD, pages=[], furniture=[], problems=[(level, code, stem, message)])

    if named_docx and name.startswith("~$"):
        return unread("info", "ignored_file", f"{name} is Word's lock file (the document is open in Word); ignored.")
    try:
        document, rels = nexis_uni.docx_parts(data)
    except nexis_uni.DocxError as exc:
        if not named_docx or (data[:4] != nexis_uni.ZIP_MAGIC and sniff(decode_lines(data)[0]) is not None):
            return None
        return unread("skip", "broken_docx", f"{name}: {exc}; not loaded. Export it again from Nexis Uni.")
    export = nexis_uni.read_nexis_uni(document, rels)
    if not any(line.rule == "nexis_uni_end_of_document" for rec in export.records for line in rec.lines):
        return unread(
            "skip",
            "unsupported_file",
            f"{name} is a Word document but not a Nexis Uni export (no 'End of Document' marker); not loaded. "
            "Save its text as .txt to load it as one article.",
        )
    return export
