"""What is the article in this web page, and what did extracting it leave out?

:func:`extract_html` runs `trafilatura <https://trafilatura.readthedocs.io>`_ for the main
text, title, date and site name (its date search limited to what the page states), and
keeps the audit trail: ``dropped``, every line of the page's visible text (before
extraction) that is not in the extracted text, so what the extractor removed can be read in
the lines table. Two kinds of broken markup are handled and noted: a ``<table>`` opened and
never closed (the extractor would drop everything after it, so what is caught inside
it is moved out first), and markup written inside the title (``<title>Moscou et <b>Pyongyang</b></title>``),
which is removed.

>>> para = "<p>La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang.</p>"
>>> page = extract_html(f"<html><body><article>{para * 3}</article><footer>Contact</footer></body></html>")
>>> page.text[:29], page.dropped
('La Russie et la Corée du Nord', ['Contact'])
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

_TAG = re.compile(r"<[^>]{0,200}>")
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_SPACE = re.compile(r"\s+")
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "blockquote", "pre", "dd", "dt",
    "form", "button", "option", "title",
}
_TABLE_PARTS = {"tr", "td", "th", "tbody", "thead", "tfoot", "caption", "colgroup", "col"}
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")


@dataclass
class HtmlPage:
    """What :func:`extract_html` returns: the extracted ``text`` (``""`` if none), ``title``,
    ``date``, ``source`` and ``url`` as the page states them (or ``None``), the visible lines
    the extractor left out (``dropped``), and ``notes`` (``level, code, message``)."""

    text: str = ""
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    dropped: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def visible_lines(html: str) -> list[str]:
    """The page's visible text, one line per block element, whitespace collapsed, empty lines left out.

    >>> visible_lines("<html><head><title>T</title></head><body><p>Un <b>mot</b></p><script>x()</script>"
    ...               "<div>Deux</div></body></html>")
    ['Un mot', 'Deux']
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for bad in root.xpath("|".join(f"//{tag}" for tag in _INVISIBLE)):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    lines = (_norm(line) for line in root.text_content().split("\n"))
    return [line for line in lines if line]


def _close_tables(html: str) -> tuple[str, int]:
    """The page with every element that cannot sit in a table (a ``<p>`` caught in an
    unclosed ``<table>``) moved out after it; and how many were moved."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html, 0
    moved = 0
    for table in list(root.iter("table")):
        anchor = table
        for child in list(table):
            if isinstance(child.tag, str) and child.tag.lower() not in _TABLE_PARTS:
                anchor.addnext(child)
                anchor, moved = child, moved + 1
    return (lxml.html.tostring(root, encoding="unicode") if moved else html), moved


def extract_html(html: str) -> HtmlPage:
    """Main text and metadata of an HTML page, with what extraction left out (see the module docstring).

    >>> para = "<p>La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang.</p>"
    >>> head = "<head><title>Moscou et <b>Pyongyang</b></title></head>"
    >>> extract_html(f"<html>{head}<body>{para * 3}</body></html>").title
    'Moscou et Pyongyang'
    """
    import trafilatura

    page = HtmlPage()
    unclosed = len(_TABLE_OPEN.findall(html)) - len(_TABLE_CLOSE.findall(html))
    source = html
    if unclosed > 0:
        source, moved = _close_tables(html)
        page.notes.append(
            (
                "info",
                "html_unclosed_table",
                f"the page opens {unclosed} <table> it never closes; {moved} element(s) caught inside it (paragraphs "
                "a browser shows after it) were moved out before extraction, so they are not lost.",
            )
        )
    doc = trafilatura.bare_extraction(
        source,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found = {} if doc is None else (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc))
    page.text = found.get("text") or ""
    title = found.get("title")
    if title and _TAG.search(title):
        clean_title = _norm(html_lib.unescape(_TAG.sub("", title)))
        page.notes.append(("info", "markup_in_title", f"the title holds markup {title!r}; read as {clean_title!r}."))
        title = clean_title
    page.title = title or None
    page.date = found.get("date")
    page.source = found.get("sitename") or found.get("hostname")
    page.url = found.get("url")
    kept = _norm(page.text)
    page.dropped = [line for line in visible_lines(html) if line not in kept]
    return page
