"""Which articles does this Europresse export hold? One record per article, with its fields.

Europresse (Cision / CEDROM-SNi) saves search results as one HTML file of up to a few
hundred articles, in two layouts:

* the older *table* layout: each record is a table holding a publication name
  (``span.DocPublicationName``), header spans (``span.DocHeader``: section, weekday, date,
  page), a title span (``span.TitreArticleVisu``), the text, a copyright line, a
  "Numéro de document" line and a *PubliC* certificate table;
* the current *article* layout: one ``<article>`` per record, with ``header``
  (publication, one ``DocHeader`` line "Section, jeudi 4 octobre 2012, p. 16", rubric,
  ``titreArticleVisu`` title, author), ``section`` (the text), ``aside``
  (illustrations, notes) and ``footer`` (copyright, document number, certificate).

Both are recognised by these elements, not by file name. Every line of a record gets
a role: the fields are ``metadata``, the copyright and certificate ``database``, the
text ``lead``/``body``.

>>> html = ('<html><body><article><header><div><span class="DocPublicationName">Le Quotidien</span></div>'
...         '<div><span class="DocHeader">Monde, jeudi 4 octobre 2012, p. 7</span></div>'
...         '<div class="titreArticle"><p class="titreArticleVisu">Moscou et Pyongyang</p></div></header>'
...         '<section><p>Le texte.</p></section><footer><small>© 2012 Le Quotidien</small>'
...         '<p>Numéro de document : news·20121004·LQ·1</p></footer></article></body></html>')
>>> rec = read_europresse(html).records[0]
>>> rec.source, rec.date, rec.section, rec.page, rec.title, rec.doc_key
('Le Quotidien', '4 octobre 2012', 'Monde', '7', 'Moscou et Pyongyang', 'news·20121004·LQ·1')
"""

from __future__ import annotations

import re

from kit.readers.base import (
    Export,
    Line,
    Record,
    classes,
    ends_html,
    find_date,
    html_export,
    outer_html,
    parse_html,
    render,
    squeeze,
)

#: A Europresse export holds at least one publication-name span.
SIGNATURE = re.compile(r"""<span[^>]*class\s*=\s*["']?[^"'>]*\bDocPublicationName\b""", re.I)

_TITLE_CLASSES = {"TitreArticleVisu", "titreArticleVisu", "rdp__articletitle"}
_SURTITLE_CLASSES = {"sm-margin-bottom", "sm-margin-bottomNews", "rdp__subtitle"}
_DOC_NUMBER = re.compile(r"^(?:Num[ée]ro de document|Document number)\s*:\s*(\S+)", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|tous droits r[ée]serv[ée]s|all rights reserved", re.I)
_CERTIFICATE = re.compile(
    r"^(?:news|pdf|web|tv|radio|bio)·\S+$|^Ce certificat est émis|^Date d'émission"
    r"|^Le présent document est protégé|^This certificate",
    re.I,
)
_ISSUE = re.compile(r",?\s+(?:no|n°)\.?\s*\d[\w-]*.*$", re.I)
_PAGE = re.compile(r"^(?:pp?\.|page)\s*(\S.*)$", re.I)
_WEEKDAY = re.compile(
    r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.I,
)
_ASIDE_LABEL = re.compile(
    r"^(illustrations?\s*(?:\(s\))?|notes?\s*(?:\(s\))?|encadr[ée]s?\s*(?:\(s\))?)\s*:?\s*(.*)$", re.I
)


def is_europresse(text: str) -> bool:
    """Whether a decoded file is a Europresse export (it holds a ``DocPublicationName`` span).

    >>> is_europresse('<span class="DocPublicationName">Le Monde</span>')
    True
    >>> is_europresse('<style>.DocPublicationName{color:red}</style>')
    False
    """
    return SIGNATURE.search(text) is not None


_TAG_MARKS = {"header": "head", "section": "text", "aside": "aside", "footer": "foot"}
_mark_cache: dict[tuple, str | None] = {}


def _mark(el) -> str | None:
    """The part of a record an element is (publication, header, title…), from its class, id or tag."""
    key = (el.tag, el.get("class"), el.get("id"))
    if key in _mark_cache:
        return _mark_cache[key]
    found = None
    cls = frozenset(key[1].split()) if key[1] else frozenset()
    if cls:
        if "DocPublicationName" in cls:
            found = "pub"
        elif "DocHeader" in cls or "DocTitreSousSection" in cls:
            found = "header"
        elif cls & _TITLE_CLASSES:
            found = "title"
        elif cls & _SURTITLE_CLASSES:
            found = "surtitle"
        elif "docAuthors" in cls:
            found = "byline"
        elif "txtCertificat" in cls:
            found = "foot"
        elif cls & {"DocText", "docOcurrContainer"}:
            found = "text"
    if found is None and (key[2] or "").lower().startswith(("divpublic", "public_", "tbheaderimages")):
        found = "foot"
    if found is None and isinstance(key[0], str):
        found = _TAG_MARKS.get(key[0].lower())
    if len(_mark_cache) < 10_000:
        _mark_cache[key] = found
    return found


def parse_header(header: str) -> tuple[str | None, str | None, str | None]:
    """``(section, date, page)`` from a Europresse date header.

    >>> parse_header("Communication, mardi 14 mars 2006, p. 16")
    ('Communication', '14 mars 2006', '16')
    >>> parse_header("jeudi 4 octobre 2012")
    (None, '4 octobre 2012', None)
    """
    date = find_date(header)
    section, page = [], None
    for part in (squeeze(p) for p in header.split(",")):
        if not part:
            continue
        m = _PAGE.match(part)
        if m:
            page = m.group(1)
        elif date and date in part or find_date(part) or _WEEKDAY.match(part):
            continue
        elif date is None or header.find(part) < header.find(date):
            section.append(part)
    return (", ".join(section) or None), date, page


def publication(name: str) -> str:
    """The publication name without the issue number Europresse sometimes appends.

    >>> publication("Magazine 1, no. 5968")
    'Magazine 1'
    """
    return _ISSUE.sub("", squeeze(name)).strip() or squeeze(name)


def _roles(lines: list[Line], rec: Record) -> None:
    """Give each rendered line its role, and fill the record's fields from them."""
    seen_title = seen_body = after_copyright = False
    aside_role = "caption"
    for line in lines:
        key, text = line.key, line.text
        doc_number = _DOC_NUMBER.match(text)
        if doc_number:
            line.role, line.rule = "database", "europresse_document_number"
            rec.doc_key = rec.doc_key or doc_number.group(1)
            after_copyright = True
        elif (
            key == "foot" or after_copyright or (key in (None, "text") and len(text) < 150 and _COPYRIGHT.search(text))
        ):
            line.role, line.rule = (
                "database",
                "europresse_certificate" if _CERTIFICATE.search(text) else "europresse_copyright",
            )
            after_copyright = after_copyright or key != "foot"
        elif key == "pub":
            line.role, line.rule = "metadata", "europresse_publication"
            rec.source = rec.source or publication(text)
        elif key == "header":
            line.role, line.rule = "metadata", "europresse_date_header"
            section, date, page = parse_header(text)
            rec.section, rec.date, rec.page = rec.section or section, rec.date or date, rec.page or page
        elif key == "title":
            line.role, line.rule = "title", "europresse_title"
            rec.title = text if not seen_title else f"{rec.title} {text}"
            seen_title = True
        elif key == "surtitle":
            line.role, line.rule = "metadata", "europresse_surtitle"
        elif key == "byline" or (
            key in ("head", None)
            and seen_title
            and not seen_body
            and rec.byline is None
            and len(text.split()) <= 8
            and not text.endswith((".", "!", "?"))
        ):
            line.role, line.rule = "metadata", "europresse_byline"
            rec.byline = text
        elif key == "head" or (key is None and not seen_title):
            line.role, line.rule = "metadata", "europresse_rubric"
        elif key == "aside":
            label = _ASIDE_LABEL.match(text)
            if label:
                aside_role = "caption" if label.group(1).lower().startswith("illustration") else "database"
                line.role, line.rule = "metadata", "europresse_aside_label"
            else:
                line.role, line.rule = (
                    aside_role,
                    "europresse_illustration" if aside_role == "caption" else "europresse_note",
                )
        else:
            line.role, line.rule = ("body" if seen_body else "lead"), "europresse_text"
            seen_body = True


def _record_roots(doc) -> list:
    articles = [a for a in doc.iter("article")]
    if articles:
        return articles
    roots = []
    for span in doc.iter("span"):
        if "DocPublicationName" not in classes(span):
            continue
        top, el = None, span
        while el is not None and el.tag not in ("body", "html"):
            if el.tag == "table":
                top = el
            el = el.getparent()
        root = top if top is not None else span.getparent()
        if root is not None and (not roots or roots[-1] is not root):
            roots.append(root)
    return roots


def read_europresse(text: str) -> Export:
    """Split a Europresse export into records (see the module docstring for the layouts).

    Each record's ``raw`` is its markup, ``lines`` its text rendering with roles; the
    lines outside every record (buttons, file header) are the export's ``furniture``.
    A file cut short (no closing ``</html>``) is reported, and so is its last record
    when its footer is missing.

    >>> export = read_europresse('<span class="DocPublicationName">A</span><br>Un texte.')
    >>> len(export.records), export.problems[0][1]
    (1, 'truncated_file')
    """
    doc = parse_html(text)
    roots = _record_roots(doc)
    records = []
    for number, root in enumerate(roots, start=1):
        lines = render(root, _mark)
        rec = Record(number=number, raw=outer_html(root), lines=lines)
        _roles(lines, rec)
        rec.source_line = root.sourceline
        records.append(rec)
    export = html_export("europresse", doc, roots, records, text)
    if not ends_html(text) and records and records[-1].doc_key is None:
        records[-1].problems.append(
            ("warning", "truncated_record", "this last record has no document number or copyright: it is cut short.")
        )
    return export
