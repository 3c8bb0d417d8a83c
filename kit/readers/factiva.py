"""Which articles does this Factiva export hold? One record per article, field by field.

Factiva (Dow Jones) saves articles in two forms this reader knows from real files:

* **HTML, "full article and indexing"**: one ``div.article`` per record, a table whose
  rows pair a field code (``td.index``: HD headline, SN source name, PD publication date,
  SE section, BY byline, PG page, WC word count, LP lead paragraphs, TD text, CY copyright,
  NS/RE/IN/CO/IPC subject, region, industry and company codes, AN accession number…)
  with its value;
* **XML** (``PPSResponse`` / ``ppsarticle``): one ``article`` element per record, with
  ``headline``, ``leadParagraph``, ``tailParagraphs``, ``sourceName``,
  ``publicationDate``, ``accessionNo`` and the codes.

Field codes are ``metadata`` (source, date, section, byline, page…) or ``database``
(codes, copyright, word count, accession number); their labels are ``metadata``;
HD is the title, LP the lead, TD the body.

>>> html = ('<div class="article"><table><tr><td class="index"><b>HD</b></td><td><b>Kim à Moscou</b></td></tr>'
...         '<tr><td class="index"><b>SN</b></td><td>La Gazette</td></tr>'
...         '<tr><td class="index"><b>PD</b></td><td>29 décembre 2011</td></tr>'
...         '<tr><td class="index"><b>TD</b></td><td><p>Le texte.</p></td></tr>'
...         '<tr><td class="index"><b>AN</b></td><td>Document GAZ0000020111229e7ct0001r</td></tr></table></div>')
>>> rec = read_factiva_html(html).records[0]
>>> rec.title, rec.source, rec.date, rec.doc_key
('Kim à Moscou', 'La Gazette', '29 décembre 2011', 'GAZ0000020111229e7ct0001r')
"""

from __future__ import annotations

import re

from lxml import etree

from kit.readers.base import (
    Export,
    Line,
    Record,
    classes,
    ends_html,
    find_date,
    html_export,
    iter_local,
    outer_html,
    parse_html,
    render,
    squeeze,
)

HTML_SIGNATURE = re.compile(
    r"""class\s*=\s*["']?index["']?[^>]*>\s*(?:<p>\s*)?(?:<br\s*/?>\s*)?<b>\s*(?:HD|SN|PD|AN)\s*<""", re.I
)
#: The bold field code alone: a literal-led pattern the regex engine finds quickly in a large file,
#: each hit then checked against the whole signature just before it.
_FIELD_CODE = re.compile(r"<b>\s*(?:HD|SN|PD|AN)\s*<", re.I)
XML_SIGNATURE = re.compile(r"<ppsarticle\b|<PPSResponse\b|global\.factiva\.com/pps", re.I)

#: What each Factiva field code is: (role, record field it fills or None).
FIELDS: dict[str, tuple[str, str | None]] = {
    "HD": ("title", "title"),
    "LP": ("lead", None),
    "TD": ("body", None),
    "SN": ("metadata", "source"),
    "PD": ("metadata", "date"),
    "SE": ("metadata", "section"),
    "BY": ("metadata", "byline"),
    "PG": ("metadata", "page"),
    "ET": ("metadata", None),
    "ED": ("metadata", None),
    "CLM": ("metadata", None),
    "LA": ("metadata", None),
    "CR": ("metadata", None),
    "NGC": ("metadata", None),
    "AN": ("database", "doc_key"),
    "WC": ("database", None),
    "SC": ("database", None),
    "CY": ("database", None),
    "NS": ("database", None),
    "RE": ("database", None),
    "IN": ("database", None),
    "CO": ("database", None),
    "IPC": ("database", None),
    "IPD": ("database", None),
    "PUB": ("database", None),
    "RF": ("database", None),
    "GC": ("database", None),
    "ART": ("caption", None),
}
#: XML element names: (role, record field).
XML_FIELDS: dict[str, tuple[str, str | None]] = {
    "headline": ("title", "title"),
    "leadParagraph": ("lead", None),
    "tailParagraphs": ("body", None),
    "sourceName": ("metadata", "source"),
    "publicationDate": ("metadata", "date"),
    "sectionName": ("metadata", "section"),
    "section": ("metadata", "section"),
    "byline": ("metadata", "byline"),
    "author": ("metadata", "byline"),
    "pages": ("metadata", "page"),
    "baseLanguage": ("metadata", None),
    "accessionNo": ("database", "doc_key"),
}


def is_factiva_html(text: str) -> bool:
    """Whether a decoded file is a Factiva HTML export (field-code cells such as ``<b>HD</b>``).

    >>> is_factiva_html('<td align="right" valign="top" class="index"><b>HD</b>&nbsp;</td>')
    True
    """
    # a search for HTML_SIGNATURE alone scans a 20 MB export at every "c" (a tenth of a second)
    return any(
        HTML_SIGNATURE.search(text, max(0, m.start() - 500), m.end()) is not None for m in _FIELD_CODE.finditer(text)
    )


def is_factiva_xml(text: str) -> bool:
    """Whether a decoded file is a Factiva XML export.

    >>> is_factiva_xml('<?xml version="1.0"?><PPSResponse><ppsArticleResponse>')
    True
    """
    return XML_SIGNATURE.search(text[:5000]) is not None


def _field_mark(el) -> str | None:
    if el.tag != "td":
        return None
    if "index" in classes(el):
        return "label"
    prev = el.getprevious()
    if prev is not None and prev.tag == "td" and "index" in classes(prev):
        return "field:" + squeeze("".join(prev.itertext()))
    return None


def _fill(rec: Record, field: str | None, value: str) -> None:
    if field == "doc_key":
        value = re.sub(r"^Document\s+", "", value)
    elif field == "date":
        value = find_date(value) or value
    if field and getattr(rec, field) is None:
        setattr(rec, field, value)


def read_factiva_html(text: str) -> Export:
    """Split a Factiva HTML export into records, one per ``div.article`` (see the module docstring).

    >>> export = read_factiva_html('<div class="article"><table><tr><td class="index"><b>WC</b></td>'
    ...                            '<td>12 mots</td></tr></table></div>')
    >>> [(l.role, l.text) for l in export.records[0].lines]
    [('metadata', 'WC'), ('database', '12 mots')]
    """
    doc = parse_html(text)
    roots = [el for el in doc.iter("div") if "article" in classes(el)]
    records = []
    for number, root in enumerate(roots, start=1):
        lines = render(root, _field_mark)
        rec = Record(number=number, raw=outer_html(root), lines=lines, source_line=root.sourceline)
        seen_lead = False
        for line in lines:
            if line.key == "label":
                line.role, line.rule = "metadata", "factiva_field_label"
                continue
            code = line.key[6:] if line.key and line.key.startswith("field:") else None
            role, field = FIELDS.get(code, ("metadata", None)) if code else ("metadata", None)
            if role in ("lead", "body"):
                role = "body" if seen_lead else "lead"
                seen_lead = True
            line.role, line.rule = role, f"factiva_{code or 'unlabelled'}"
            _fill(rec, field, line.text)
        if not any(line.key == "field:AN" for line in lines) and number == len(roots) and not ends_html(text):
            rec.problems.append(
                ("warning", "truncated_record", "this last record has no AN (accession number) field: it is cut short.")
            )
        records.append(rec)
    export = html_export("factiva", doc, roots, records, text)
    return export


def _xml_lines(article) -> list[tuple[str, str]]:
    """(element name, text) for each piece of text of an XML article, in document order."""
    out: list[tuple[str, str]] = []
    for child in article:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        paragraphs = [p for p in child if isinstance(p.tag, str) and etree.QName(p).localname == "paragraph"]
        if paragraphs:
            out.extend((name, squeeze("".join(p.itertext()))) for p in paragraphs)
        else:
            value = squeeze("".join(child.itertext()))
            if value:
                out.append((name, value))
    return [(n, t) for n, t in out if t]


def read_factiva_xml(text: str) -> Export:
    """Split a Factiva XML export into records, one per ``article`` element.

    Title, lead and text lines are the paragraphs themselves; every other field is one
    line ``name: value``. A file that is not well-formed (cut short) is read as far as it
    goes and reported.

    >>> xml = ('<PPSResponse><ppsarticleResultSet count="1"><ppsarticle><article><accessionNo>X1</accessionNo>'
    ...        '<headline><paragraph>Titre</paragraph></headline>'
    ...        '<publicationDate><date>2024-06-19</date></publicationDate>'
    ...        '<sourceName>La Gazette</sourceName><tailParagraphs><paragraph>Texte.</paragraph></tailParagraphs>'
    ...        '</article></ppsarticle></ppsarticleResultSet></PPSResponse>')
    >>> rec = read_factiva_xml(xml).records[0]
    >>> rec.title, rec.date, rec.source, rec.doc_key, rec.lines[0].text
    ('Titre', '2024-06-19', 'La Gazette', 'X1', 'accessionNo: X1')
    """
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False)
    body = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)  # lxml refuses an encoding declaration in a str
    root = etree.fromstring(body.encode("utf-8"), parser) if body.strip() else None
    export = Export(kind="factiva-xml", records=[])
    if parser.error_log:
        first = parser.error_log[0]
        export.problems.append(
            (
                "warning",
                "broken_xml",
                f"the XML is not well-formed (line {first.line}: {first.message}); read as far as it goes. "
                "Was the file cut short?",
            )
        )
    if root is None:
        return export
    for result in iter_local(root, "ppsarticleResultSet"):
        count = result.get("count")
        if count and count.isdigit():
            export.expected = (export.expected or 0) + int(count)
    for number, article in enumerate(iter_local(root, "article"), start=1):
        lines, rec = (
            [],
            Record(
                number=number,
                raw=etree.tostring(article, encoding="unicode", with_tail=False),
                lines=[],
                source_line=article.sourceline,
            ),
        )
        seen_lead = False
        for name, value in _xml_lines(article):
            role, field = XML_FIELDS.get(name, ("database", None))
            if role in ("lead", "body"):
                role = "body" if seen_lead else "lead"
                seen_lead = True
            shown = value if role in ("title", "lead", "body") else f"{name}: {value}"
            lines.append(Line(shown, role, f"factiva_xml_{name}", key=name))
            _fill(rec, field, value)
        rec.lines = lines
        export.records.append(rec)
    return export
