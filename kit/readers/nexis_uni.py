"""Which articles does this Nexis Uni Word export hold? One record per "End of Document".

Nexis Uni (the LexisNexis service for universities) exports search results as a Word
file (``.docx``). Its ``word/document.xml`` is one column of paragraphs: a cover page
("Date and Time:", "Job Number:", "Documents (10)", then one numbered entry per
document with its link), a section break, then each record: the title, the publication,
the date line ("July 1, 2019 Monday 9:20 AM GMT"), a copyright line, field lines whose
label is in bold ("Section:", "Length:", "Byline:"), a bold "Body" heading, the text,
sometimes a bold "Classification" block ("Language:", "Subject:", "Geographic:"…) and
"Load-Date:", and a last paragraph "End of Document". Records are cut at that marker,
as LexisNexisTools' ``lnt_read`` does; what comes before the first record's section
break is the file's cover.

Read with ``zipfile`` and lxml (no Word library): a record's ``raw`` is its own WordML
(a ``<w:body>`` holding its paragraphs) and its lines are :func:`render` of that markup,
so the two always agree.

>>> rec = read_nexis_uni(build_document([
...     ("Kim à Moscou", False), ("La Gazette", False), ("29 décembre 2011 jeudi", False),
...     ("Section: MONDE; Pg. 5", True), ("Body", True), ("Le texte.", False), ("End of Document", True),
... ])).records[0]
>>> rec.source, rec.date, rec.title, rec.section, rec.page, rec.lines[-2].role
('La Gazette', '29 décembre 2011', 'Kim à Moscou', 'MONDE', '5', 'lead')
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from xml.sax.saxutils import escape

from lxml import etree

from kit.readers.base import Export, Line, Record, find_date, squeeze
from kit.readers.nexis import FIELDS as NEXIS_FIELDS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_T, _TAB, _BR, _CR, _P = (f"{{{W}}}{n}" for n in ("t", "tab", "br", "cr", "p"))
_FALLBACK = f"{{{_MC}}}Fallback"  # the same content again, for old Word versions: read once
_HYPERLINK, _SECT = f"{{{W}}}hyperlink", f"{{{W}}}sectPr"
_WALKED = (_T, _TAB, _BR, _CR, _P, _FALLBACK)
_RPR, _B, _PPR = f"{{{W}}}rPr", f"{{{W}}}b", f"{{{W}}}pPr"
#: the bytes every zip archive (hence every .docx) starts with
ZIP_MAGIC = b"PK\x03\x04"

_END = "End of Document"
_BODY_HEADINGS = frozenset({"Body", "Text"})  # lnt_read accepts both
_CLASSIFICATION = "Classification"
_DOCUMENTS = re.compile(r"^Documents \((\d+)\)$")
_COVER_ENTRY = re.compile(r"^(\d+)\.\s")
_LABEL = re.compile(r"^([^\W\d][\w .'/-]{0,40}?)\s*:\s*(.*)$")
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))|all rights reserved|tous droits r[ée]serv[ée]s", re.I)
_PAGE = re.compile(r"(?:^|[;,])\s*(?:Pg\.|Page)\s*([\w-]+)", re.I)
_VERSION = re.compile(r"[;,]?\s*Version\s*:\s*\d+\s*$", re.I)  # the online version, not part of the section
_CONTENT_ITEM = re.compile(r"contentItem:([\w-]+)")

#: Field labels as Nexis Uni writes them ("Load-Date", "Journal Code"), upper-cased with
#: spaces as hyphens: the LexisNexis labels (English and French) plus "AUTHOR".
FIELDS: dict[str, tuple[str, str | None]] = {**NEXIS_FIELDS, "AUTHOR": ("metadata", "byline")}


class DocxError(ValueError):
    """A file that should be a Word document cannot be opened as one (the message says why)."""


# ----------------------------------------------------------------------------- the Word file
def docx_parts(data: bytes) -> tuple[bytes, bytes | None]:
    """``(word/document.xml, its relationships or None)`` of a Word file's bytes; raises
    :class:`DocxError` when the bytes are not a readable zip holding ``word/document.xml``.

    >>> docx_parts(b"<html>not a zip</html>")
    Traceback (most recent call last):
    ...
    kit.readers.nexis_uni.DocxError: not a zip archive, so not a Word .docx (cut short, or another format renamed?)
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise DocxError("a zip archive without word/document.xml: not a Word document")
            rels = archive.read("word/_rels/document.xml.rels") if "word/_rels/document.xml.rels" in names else None
            return archive.read("word/document.xml"), rels
    except zipfile.BadZipFile as exc:
        if data[:4] != ZIP_MAGIC:
            raise DocxError("not a zip archive, so not a Word .docx (cut short, or another format renamed?)") from None
        raise DocxError(f"a damaged zip archive ({exc}): the download was probably cut short") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error, zipfile.LargeZipFile) as exc:
        raise DocxError(f"its zip archive cannot be read ({exc}): the download was probably cut short") from None


def is_nexis_uni(document_xml: bytes) -> bool:
    """Whether a Word document is a Nexis Uni export: some paragraph reads "End of Document".

    >>> is_nexis_uni(build_document([("Un titre", False), ("End of Document", True)]))
    True
    >>> is_nexis_uni(build_document([("LexisNexis Uni Test", False)]))
    False
    """
    if _END.encode() not in document_xml:  # cheap first look before parsing
        return False
    body = _body(document_xml)
    return body is not None and any(line.text == _END for line in render(body))


def build_document(paragraphs: Iterable[tuple[str, bool]]) -> bytes:
    """A minimal ``word/document.xml`` holding ``(text, bold)`` paragraphs; a bold
    ``"Label: value"`` paragraph gets only its label in bold, as Nexis Uni writes it.
    For doctests and test fixtures.

    >>> [line.text for line in render(_body(build_document([("Un", False), ("Deux", True)])))]
    ['Un', 'Deux']
    """
    parts = []
    for text, bold in paragraphs:
        label = _LABEL.match(text) if bold else None
        if label:
            runs = f"<w:r><w:rPr><w:b/></w:rPr><w:t>{escape(label.group(1))}:</w:t></w:r>"
            runs += f'<w:r><w:t xml:space="preserve">\u00a0{escape(label.group(2))}</w:t></w:r>'
        else:
            runs = f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}<w:t>{escape(text)}</w:t></w:r>"
        parts.append(f"<w:p>{runs}</w:p>")
    return f'<w:document xmlns:w="{W}"><w:body>{"".join(parts)}</w:body></w:document>'.encode()


def _body(document_xml: bytes):
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(document_xml, parser)
    except etree.XMLSyntaxError:
        return None
    return None if root is None else root.find(f"{{{W}}}body")


# ----------------------------------------------------------------------------- text
def render(root) -> list[Line]:
    """The lines of a piece of WordML: a new line at every paragraph (``w:p``) and line
    break (``w:br``), tabs as spaces, white space folded, empty lines dropped. A line's
    ``key`` is ``"bold"`` when its first words are in a bold run (Nexis Uni's field labels).

    >>> p = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:b/></w:rPr><w:t>Section:</w:t></w:r>'
    ...                      '<w:r><w:t> MONDE</w:t><w:br/><w:t>Suite</w:t></w:r></w:p>')
    >>> [(line.text, line.key) for line in render(p)]
    [('Section: MONDE', 'bold'), ('Suite', None)]
    >>> box = etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:mc="{_MC}"><w:r><mc:AlternateContent>'
    ...     '<mc:Choice><w:t>Encadré</w:t></mc:Choice><mc:Fallback><w:t>Encadré</w:t></mc:Fallback>'
    ...     '</mc:AlternateContent></w:r></w:p>')
    >>> [line.text for line in render(box)]  # the fallback copy is not read twice
    ['Encadré']
    """
    lines: list[Line] = []
    buffer: list[str] = []
    first_bold: list[bool] = []

    def flush() -> None:
        text = squeeze("".join(buffer))
        if text:
            lines.append(Line(text, key="bold" if first_bold and first_bold[0] else None))
        buffer.clear()
        first_bold.clear()

    # one pass in C over the elements that matter; mc:Fallback repeats its mc:Choice, so it is skipped
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end"), tag=_WALKED):
        tag = el.tag
        if tag == _FALLBACK:
            skipping += 1 if event == "start" else -1
        elif skipping:
            continue
        elif event == "end":
            if tag == _P:
                flush()
        elif tag == _T:
            text = el.text or ""
            if text.strip() and not first_bold:
                first_bold.append(_is_bold(el.getparent()))
            buffer.append(text)
        elif tag == _TAB:
            buffer.append(" ")
        else:  # a paragraph starts, or a line break
            flush()
    flush()
    return lines


def _is_bold(run) -> bool:
    if run is None:
        return False
    props = run.find(_RPR)  # single-tag finds: a path would be parsed again on every call
    b = props.find(_B) if props is not None else None
    return b is not None and b.get(f"{{{W}}}val", "true") not in ("0", "false")


def _label(line: Line, *, known: bool = False, bold: bool = False) -> tuple[str, str] | None:
    """``(LABEL, value)`` of a field line "Label: value", or ``None``. Any label in bold or
    any label Nexis uses, unless ``known`` (only labels Nexis uses) or ``bold`` (only bold
    labels) asks for more; both: a known label in bold."""
    m = _LABEL.match(line.text)
    if not m:
        return None
    name = m.group(1).strip().upper().replace(" ", "-")
    is_known, is_bold = name in FIELDS, line.key == "bold"
    if (known and not is_known) or (bold and not is_bold) or not (is_known or is_bold):
        return None
    return name, m.group(2).strip()


def _opens(line: Line) -> bool:
    """Whether a line belongs to a record's fields: a label Nexis uses or the bold "Body" heading."""
    return bool(_label(line, known=True)) or (line.key == "bold" and line.text in _BODY_HEADINGS)


# ----------------------------------------------------------------------------- records
def _content_ids(rels: bytes | None) -> dict[str, str]:
    """Relationship id -> Nexis document id (``urn:contentItem:…``) of the file's links."""
    if not rels:
        return {}
    try:
        root = etree.fromstring(rels, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for rel in root:
        m = _CONTENT_ITEM.search(rel.get("Target") or "")
        if m and rel.get("Id"):
            found[rel.get("Id")] = m.group(1)
    return found


def _link_id(el, ids: dict[str, str]) -> str | None:
    for link in el.iter(_HYPERLINK):
        key = ids.get(link.get(f"{{{_R}}}id") or "")
        if key:
            return key
    return None


def _wrap(elements: list, nsmap: dict):
    """The elements moved under one ``<w:body>``: a record's own markup, namespaces declared once."""
    body = etree.Element(f"{{{W}}}body", nsmap=nsmap)
    for el in elements:
        body.append(el)
    return body


def _classify(rec: Record) -> None:
    """Give each line of a record its role and rule, and fill the record's fields."""
    lines = rec.lines
    has_body_heading = any(line.text in _BODY_HEADINGS and line.key == "bold" for line in lines)
    zone, header, seen_text = "header", [], False
    for line in lines:
        if line.text == _END:
            line.role, line.rule = "database", "nexis_uni_end_of_document"
            continue
        bold_heading = line.key == "bold" and (line.text in _BODY_HEADINGS or line.text == _CLASSIFICATION)
        if zone == "header" and (bold_heading or _opens(line)):
            zone = "fields"
        if zone == "header":
            header.append(line)
            continue
        if line.key == "bold" and line.text == _CLASSIFICATION:
            line.role, line.rule, zone = "database", "nexis_uni_classification", "tail"
            continue
        if zone == "fields" and line.key == "bold" and line.text in _BODY_HEADINGS:
            line.role, line.rule, zone = "metadata", "nexis_uni_body_heading", "body"
            continue
        field = _label(line, known=zone == "body", bold=zone == "body")
        if zone == "body" and field:
            zone = "tail"  # Load-Date (or another known field) after the text
        if field:
            name, value = field
            role, target = FIELDS.get(name, ("metadata", None))
            if zone == "tail":
                role = "caption" if role == "caption" else "database"
            elif role not in ("metadata", "database", "caption"):
                role = "metadata"
            line.role, line.rule = role, f"nexis_uni_field_{name.lower()}"
            _fill(rec, target, value)
        elif zone == "body" or (zone == "fields" and not has_body_heading):
            zone = "body"
            line.role, line.rule = ("body" if seen_text else "lead"), "nexis_uni_text"
            seen_text = True
        else:  # a field's text on lines of its own
            line.role, line.rule = ("database" if zone == "tail" else "metadata"), "nexis_uni_field_text"
    _header(rec, header)


def _fill(rec: Record, target: str | None, value: str) -> None:
    if not target or not value or getattr(rec, target) is not None:
        return
    if target == "section":
        page = _PAGE.search(value)
        rec.page = rec.page or (page.group(1) if page else None)
        value = _VERSION.sub("", _PAGE.sub("", value)).strip(" ;,")
        if not value:
            return
    setattr(rec, target, value)


def _header(rec: Record, header: list[Line]) -> None:
    """Title, publication and date line, in that order (copyright lines aside)."""
    plain = []
    for line in header:
        if _COPYRIGHT.search(line.text):
            line.role, line.rule = "database", "nexis_uni_copyright"
        else:
            plain.append(line)
    if not plain:
        return
    title, rest = plain[0], plain[1:]
    title.role, title.rule = "title", "nexis_uni_title"
    rec.title = title.text
    date_at = next((k for k, line in enumerate(rest) if find_date(line.text)), None)
    publication = rest[date_at - 1] if date_at else (rest[0] if rest and date_at is None else None)
    for k, line in enumerate(rest):
        if k == date_at:
            line.role, line.rule = "metadata", "nexis_uni_date_line"
            rec.date = find_date(line.text)
        elif line is publication:
            line.role, line.rule = "metadata", "nexis_uni_publication"
            rec.source = line.text
        else:
            line.role, line.rule = "metadata", "nexis_uni_edition"


def _breaks_section(el) -> bool:
    props = el.find(_PPR)
    return props is not None and props.find(_SECT) is not None


def _title_at(blocks: list[list[Line]], first: int, opening: int) -> int:
    """Without a section break: the record starts at its title, two paragraphs above the
    last date line before its fields (title, publication, date), or at ``first``."""
    filled = [k for k in range(first, opening) if blocks[k]]
    dated = [n for n, k in enumerate(filled) if any(find_date(x.text) for x in blocks[k])]
    if not dated:
        return first
    return filled[max(dated[-1] - 2, 0)]


def read_nexis_uni(document_xml: bytes, rels: bytes | None = None) -> Export:
    """Split a Nexis Uni ``word/document.xml`` into records (see the module docstring).

    ``rels`` (``word/_rels/document.xml.rels``) gives each record its Nexis document id
    (``doc_key``) through the cover's numbered links. A last record without its "End of
    Document" marker is read and reported as cut short.

    >>> xml = build_document([("Date and Time: Friday, 5. July 2019", True), ("Documents (2)", True),
    ...     ("Un titre", False), ("La Gazette", False), ("July 3, 2019 Wednesday", False), ("Body", True),
    ...     ("Le texte.", False), ("End of Document", True),
    ...     ("Un autre", False), ("Le Monde", False), ("4 juillet 2019", False), ("Body", True), ("Coupé", False)])
    >>> export = read_nexis_uni(xml)
    >>> len(export.records), export.expected, [p[1] for p in export.problems], export.furniture[0].text
    (2, 2, ['truncated_file'], 'Date and Time: Friday, 5. July 2019')
    >>> [(r.title, r.source, r.date, r.problems[0][1] if r.problems else None) for r in export.records]
    [('Un titre', 'La Gazette', 'July 3, 2019', None), ('Un autre', 'Le Monde', '4 juillet 2019', 'truncated_record')]
    """
    export = Export(kind="nexis-uni", records=[])
    body = _body(document_xml)
    if body is None:
        export.problems.append(("skip", "broken_docx", "word/document.xml is not readable XML."))
        return export
    children = [el for el in body if isinstance(el.tag, str) and el.tag != _SECT]
    blocks = [render(el) for el in children]
    # segments end at an "End of Document" paragraph (kept with its record)
    segments, start = [], 0
    for k, lines in enumerate(blocks):
        if any(line.text == _END for line in lines):
            segments.append((start, k + 1, True))
            start = k + 1
    if any(blocks[k] for k in range(start, len(blocks))):
        segments.append((start, len(blocks), False))
    ids = _content_ids(rels)
    cover_keys: dict[int, str] = {}
    furniture_at: list[int] = []
    records: list[tuple[int, int, bool]] = []
    for first, end, closed in segments:
        # the record starts after the last section break before its first field or heading
        opening = next((k for k in range(first, end) if any(_opens(x) for x in blocks[k])), end)
        breaks = [k for k in range(first, opening) if _breaks_section(children[k])]
        begin = breaks[-1] + 1 if breaks else _title_at(blocks, first, opening)
        furniture_at.extend(range(first, begin))
        if not closed and not any(_opens(x) for k in range(begin, end) for x in blocks[k]):
            furniture_at.extend(range(begin, end))  # trailing text that is no record
            continue
        records.append((begin, end, closed))
    for k in furniture_at:
        for line in blocks[k]:
            line.role, line.rule = "database", "nexis_uni_file_furniture"
            export.furniture.append(line)
            m = _DOCUMENTS.match(line.text)
            if m and export.expected is None:
                export.expected = int(m.group(1))
            entry = _COVER_ENTRY.match(line.text)
            if entry and _link_id(children[k], ids):
                cover_keys.setdefault(int(entry.group(1)), _link_id(children[k], ids))
    for number, (begin, end, closed) in enumerate(records, start=1):
        owners = [(k, line) for k in range(begin, end) for line in blocks[k]]
        rec = Record(number=number, raw="", lines=[line for _, line in owners])
        _classify(rec)
        title_at = next((k for k, line in owners if line.role == "title"), None)
        rec.doc_key = (_link_id(children[title_at], ids) if title_at is not None else None) or cover_keys.get(number)
        # the record's own markup: its lines are render(raw), the same rendering as above
        rec.raw = etree.tostring(_wrap(children[begin:end], dict(body.nsmap)), encoding="unicode")
        if not closed:
            rec.problems.append(
                ("warning", "truncated_record", "this record has no 'End of Document' marker: it is cut short.")
            )
            export.problems.append(
                (
                    "warning",
                    "truncated_file",
                    "the last record has no 'End of Document' marker: the file was cut short "
                    "(an interrupted download?).",
                )
            )
        export.records.append(rec)
    return export
