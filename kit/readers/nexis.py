"""Which articles does this LexisNexis export hold? One record per "N of M DOCUMENTS".

LexisNexis Academic (and Nexis) HTML exports wrap each record between two comments,
``<!-- Hide XML section from browser <DOC NUMBER=1> <DOCFULL> -->`` and
``<!-- … </DOCFULL> </DOC> -->``. A record is a column of blocks: "1 of 3 DOCUMENTS",
the publication, the date line ("December 19, 1991, Sunday, An Edition",
"12 April 2013 Tuesday"), the title, field lines in English or French
(BYLINE/AUTEUR, SECTION/RUBRIQUE, LENGTH/LONGUEUR, LOAD-DATE/DATE-CHARGEMENT,
LANGUAGE/LANGUE, SUBJECT/SUJET…), the text, and a copyright line. Anything outside the
records (the download cover page) is file furniture.

>>> html = ('<!-- Hide XML section from browser\\n<DOC NUMBER=1>\\n<DOCFULL> -->'
...         '<div><p>1 of 1 DOCUMENT</p></div><div><p>La Gazette</p></div><div><p>29 décembre 2011 jeudi</p></div>'
...         '<div><p>Kim à Moscou</p></div><div><p>AUTEUR: Anne Martin</p></div>'
...         '<div><p>RUBRIQUE: MONDE; Pg. 5</p></div>'
...         '<div><p>Le texte.</p></div><div><p>Copyright 2011 La Gazette</p></div>'
...         '<!-- Hide XML section from browser\\n</DOCFULL>\\n</DOC> -->')
>>> rec = read_nexis(html).records[0]
>>> rec.source, rec.date, rec.title, rec.byline, rec.section, rec.page
('La Gazette', '29 décembre 2011', 'Kim à Moscou', 'Anne Martin', 'MONDE', '5')
"""

from __future__ import annotations

import re

from kit.readers.base import Export, Line, Record, find_date, parse_html, render, squeeze

SIGNATURE = re.compile(r"<DOC\s+NUMBER\s*=\s*\d+\s*>", re.I)
_OPEN = re.compile(r"<!--[^>]*?<DOC\s+NUMBER\s*=\s*(\d+)\s*>\s*<DOCFULL>\s*-->", re.I)
_CLOSE = re.compile(r"<!--[^>]*?</DOCFULL>\s*</DOC>\s*-->", re.I)
_COUNTER = re.compile(r"^(\d+)\s+(?:of|de|sur)\s+(\d+)\s+DOCUMENTS?$", re.I)
_COPYRIGHT = re.compile(r"^(?:copyright|copy\b|©|\(c\))|all rights reserved|tous droits r[ée]serv[ée]s", re.I)

#: Field labels, English and French: (role, record field it fills or None).
FIELDS: dict[str, tuple[str, str | None]] = {
    "BYLINE": ("metadata", "byline"),
    "AUTEUR": ("metadata", "byline"),
    "SECTION": ("metadata", "section"),
    "RUBRIQUE": ("metadata", "section"),
    "DATELINE": ("metadata", None),
    "EDITION": ("metadata", None),
    "LANGUAGE": ("metadata", None),
    "LANGUE": ("metadata", None),
    "HIGHLIGHT": ("lead", None),
    "ENCART": ("lead", None),
    "GRAPHIC": ("caption", None),
    "GRAPHIQUE": ("caption", None),
    "LENGTH": ("database", None),
    "LONGUEUR": ("database", None),
    "LOAD-DATE": ("database", None),
    "DATE-CHARGEMENT": ("database", None),
    "PUBLICATION-TYPE": ("database", None),
    "TYPE-PUBLICATION": ("database", None),
    "DOCUMENT-TYPE": ("database", None),
    "TYPE-DOCUMENT": ("database", None),
    "SUBJECT": ("database", None),
    "SUJET": ("database", None),
    "ORGANIZATION": ("database", None),
    "ORGANISATION": ("database", None),
    "GEOGRAPHIC": ("database", None),
    "LOCALISATION-GEO": ("database", None),
    "COMPANY": ("database", None),
    "SOCIETE": ("database", None),
    "TICKER": ("database", None),
    "SYMBOLE-BOURSIER": ("database", None),
    "INDUSTRY": ("database", None),
    "SECTEUR-ACTIVITE": ("database", None),
    "PERSON": ("database", None),
    "PERSONNE": ("database", None),
    "CITY": ("database", None),
    "VILLE": ("database", None),
    "STATE": ("database", None),
    "ETAT": ("database", None),
    "COUNTRY": ("database", None),
    "PAYS": ("database", None),
    "DISTRIBUTION": ("database", None),
    "CORRECTION-DATE": ("database", None),
    "CORRECTION": ("database", None),
    "NOTES": ("database", None),
    "URL": ("database", None),
    "JOURNAL-CODE": ("database", None),
    "ACC-NO": ("database", "doc_key"),
}
_LABEL = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, FIELDS), key=len, reverse=True)) + r")\s*:\s*(.*)$")
_PAGE = re.compile(r"(?:^|[;,])\s*(?:Pg\.|Page)\s*([\w-]+)", re.I)


def is_nexis(text: str) -> bool:
    """Whether a decoded file is a LexisNexis HTML export (``<DOC NUMBER=n>`` record markers).

    >>> is_nexis("<!-- Hide XML section from browser <DOC NUMBER=1> <DOCFULL> -->")
    True
    """
    return SIGNATURE.search(text) is not None


def _blocks(markup: str) -> list[list[Line]]:
    """The record's top-level blocks (``DIV``s, tables), each rendered as lines."""
    root = parse_html(markup)
    blocks: list[list[Line]] = []
    loose: list = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        lines = render(child, lambda el: None)
        if lines:
            blocks.append(lines)
    if root.text and root.text.strip():
        loose.append(Line(squeeze(root.text)))
    return ([loose] if loose else []) + blocks


def _record(number: int, markup: str) -> Record:
    blocks = _blocks(markup)
    rec = Record(number=number, raw=markup, lines=[line for block in blocks for line in block])
    first_label = next((k for k, b in enumerate(blocks) if _LABEL.match(b[0].text)), len(blocks))
    # the header: "N of M DOCUMENTS", the publication, the date (and edition) lines, the title
    head = [k for k in range(first_label) if not _COUNTER.match(blocks[k][0].text)]
    title_block = head[-1] if len(head) >= 2 and not find_date(blocks[head[-1]][0].text) else None
    if title_block is not None and len(head) == 2 and any(find_date(line.text) for line in blocks[head[0]]):
        title_block = None  # date then title, but no publication line: keep the header as header
    seen_body = False
    last = len(blocks) - 1
    for k, block in enumerate(blocks):
        first = block[0].text
        if k < first_label:
            for line in block:
                if _COUNTER.match(line.text):
                    line.role, line.rule = "database", "nexis_document_counter"
                elif k == title_block:
                    line.role, line.rule = "title", "nexis_title"
                elif head and k == head[0]:
                    line.role, line.rule = "metadata", "nexis_publication"
                    rec.source = rec.source or line.text
                elif rec.date is None and find_date(line.text):
                    line.role, line.rule = "metadata", "nexis_date_line"
                    rec.date = find_date(line.text)
                else:
                    line.role, line.rule = "metadata", "nexis_edition"
            if k == title_block:
                rec.title = " ".join(line.text for line in block)
            continue
        if _LABEL.match(first):
            field_role: tuple[str, str | None] = FIELDS[_LABEL.match(first).group(1)]
            for line in block:
                m = _LABEL.match(line.text)
                if m:
                    field_role = FIELDS[m.group(1)]
                    value = m.group(2)
                    role = field_role[0] if field_role[0] in ("metadata", "database", "caption") else "metadata"
                    line.role, line.rule = role, f"nexis_field_{m.group(1).lower()}"
                    if field_role[1] == "section" and value:
                        page = _PAGE.search(value)
                        rec.page = rec.page or (page.group(1) if page else None)
                        value = _PAGE.sub("", value).strip(" ;,") or None
                    if field_role[1] and value and getattr(rec, field_role[1]) is None:
                        setattr(rec, field_role[1], value)
                else:  # a field's text after its label line ("CORRECTION:" then the correction)
                    line.role, line.rule = field_role[0], "nexis_field_text"
            continue
        if k == last and (_COPYRIGHT.search(first) or seen_body):
            for line in block:
                line.role, line.rule = "database", "nexis_copyright"
            continue
        for line in block:
            line.role, line.rule = ("body" if seen_body else "lead"), "nexis_text"
            seen_body = True
    if rec.date is None and not any(line.rule == "nexis_document_counter" for line in rec.lines):
        # no "N of M DOCUMENTS" and no date: not an article but a message of the database
        for line in rec.lines:
            line.role, line.rule = "database", "nexis_unreadable_record"
        rec.source = rec.title = None
        shown = " ".join(line.text for line in rec.lines)[:100]
        rec.problems.append(
            (
                "skip",
                "unreadable_record",
                f"the record has no document counter and no date; the database wrote: {shown!r}.",
            )
        )
    return rec


def read_nexis(text: str) -> Export:
    """Split a LexisNexis HTML export into records (see the module docstring).

    A record opened but never closed (a file cut short) is reported; the text outside
    every record is the file's furniture.

    >>> export = read_nexis("<p>Download Request</p><!-- x\\n<DOC NUMBER=1>\\n<DOCFULL> -->"
    ...                     "<div><p>1 of 2 DOCUMENTS</p></div>")
    >>> len(export.records), export.problems[0][1], [l.text for l in export.furniture]
    (1, 'truncated_file', ['Download Request'])
    """
    export = Export(kind="nexis", records=[])
    outside, pos, number = [], 0, 0
    for m in _OPEN.finditer(text):
        if m.start() < pos:
            continue
        outside.append(text[pos : m.start()])
        close = _CLOSE.search(text, m.end())
        nxt = _OPEN.search(text, m.end())
        end = (
            close.start()
            if close and (nxt is None or close.start() < nxt.start())
            else (nxt.start() if nxt else len(text))
        )
        number += 1
        rec = _record(number, text[m.end() : end])
        rec.source_line = text.count("\n", 0, m.start()) + 1
        if close is None or (nxt is not None and close.start() > nxt.start()):
            rec.problems.append(
                ("warning", "truncated_record", "this record is never closed (no </DOC> marker): it is cut short.")
            )
            if nxt is None:
                export.problems.append(
                    (
                        "warning",
                        "truncated_file",
                        "the last record is never closed: the file was cut short (an interrupted download?).",
                    )
                )
        export.records.append(rec)
        pos = close.end() if close and (nxt is None or close.start() < nxt.start()) else end
    outside.append(text[pos:])
    furniture = render(parse_html("".join(outside)), lambda el: None)
    for line in furniture:
        line.role, line.rule = "database", "nexis_file_furniture"
    export.furniture = furniture
    return export
