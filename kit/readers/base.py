"""What does one database record look like once read? The shapes every export reader returns.

A press-database export (Europresse, Factiva, Nexis) is one file holding many
*records*. A reader turns the file into an :class:`Export`: its records, each with
the record's own markup (``raw``), a plain-text *rendering* of it (one
:class:`Line` per line, each with the role and the rule that decided it) and the
structured fields the database gives (publication, date, section, page, byline,
title, document id); plus the file-level furniture (cover page, footers) as lines
of their own, and the problems met (truncation, a record without date or body).

Readers never guess a date: ``date`` is the record's own date field, as written;
the loader parses it.

>>> lines = render(parse_html("<div><p>Un <b>titre</b></p><p>Le texte.</p></div>"), lambda el: None)
>>> [(line.text, line.key) for line in lines]
[('Un titre', None), ('Le texte.', None)]
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

#: Roles a reader may give a line, beyond the page roles of :mod:`kit.clean`:
#: ``metadata`` for the database's field lines (publication, date header, section,
#: byline, field labels) and ``database`` for its furniture (copyright, certificate,
#: document number, subject and company codes, load date, word count).
EXPORT_ROLES = ("title", "lead", "body", "subheading", "caption", "metadata", "database")

#: Elements that start a new line when a record is rendered as text.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "td",
        "th",
        "li",
        "ul",
        "ol",
        "table",
        "tbody",
        "thead",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "footer",
        "section",
        "article",
        "aside",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "hr",
        "form",
        "body",
        "html",
        "center",
        "figure",
        "figcaption",
        "small",
    }
)
#: Elements whose content is never text.
SKIP_TAGS = frozenset({"script", "style", "head", "title", "meta", "link", "noscript"})

_SPACE = re.compile(r"\s+")
# plain lxml elements (not lxml.html's element classes): the same tree, faster to walk
_HTML_PARSER = etree.HTMLParser(remove_comments=False, default_doctype=False)
_MONTH_WORDS = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
#: A full date as databases write it: "4 octobre 2012", "1er mai 2020", "December 19, 1991", ISO.
DATE_LIKE = re.compile(
    rf"\b(?:\d{{1,2}}|1er)\s+(?:{_MONTH_WORDS})\s+\d{{4}}\b|\b(?:{_MONTH_WORDS})\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.I,
)


@dataclass(slots=True)  # slots: a 5,000-record export renders some 80,000 of them
class Line:
    """One line of a record's text rendering: its text, the role and rule a reader gave it,
    and ``key``, the mark of the element it came from (a reader's private label)."""

    text: str
    role: str = "body"
    rule: str = ""
    key: str | None = None


@dataclass
class Record:
    """One record of an export. ``number`` counts records from 1 in file order."""

    number: int
    raw: str
    lines: list[Line]
    source: str | None = None
    date: str | None = None
    title: str | None = None
    byline: str | None = None
    section: str | None = None
    page: str | None = None
    doc_key: str | None = None
    url: str | None = None
    #: line of the source file where the record starts (to place per-line problems)
    source_line: int | None = None
    #: problems met in this record: ``(level, code, message)``; a ``skip`` means it is not an article
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def rendering(self) -> str:
        """The record as text: its lines joined, each ending with a newline."""
        return "".join(line.text + "\n" for line in self.lines)


@dataclass
class Export:
    """A whole export file: its kind, records, file-level furniture and file-level problems."""

    kind: str
    records: list[Record]
    furniture: list[Line] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    #: how many records the file says it holds, when it says so
    expected: int | None = None


def ends_html(text: str) -> bool:
    """Whether an HTML file ends with ``</html>`` (a file cut short does not).

    >>> ends_html("<html><body>x</body></html>\\n"), ends_html("<html><body>x")
    (True, False)
    """
    return bool(re.search(r"</html\s*>\s*$", text[-2000:], re.I))


def html_export(kind: str, doc, roots: list, records: list[Record], text: str) -> Export:
    """An export whose records are elements ``roots`` of one HTML document ``doc``: what lies
    outside them is the database's file furniture (role ``database``), and a file that does
    not end with ``</html>`` is reported as cut short.

    >>> doc = parse_html("<html><body><p>Europresse</p><article>x</article></body></html>")
    >>> e = html_export("demo", doc, list(doc.iter("article")), [], "...</html>")
    >>> [(line.text, line.rule) for line in e.furniture], e.problems
    ([('Europresse', 'demo_file_furniture')], [])
    """
    inside = {id(r) for r in roots}
    furniture = render(doc, lambda el: None, skip=lambda el: id(el) in inside)
    for line in furniture:
        line.role, line.rule = "database", f"{kind}_file_furniture"
    export = Export(kind=kind, records=records, furniture=furniture)
    if not ends_html(text):
        export.problems.append(
            (
                "warning",
                "truncated_file",
                "the file does not end with </html>: it was cut short (an interrupted download?).",
            )
        )
    return export


# ----------------------------------------------------------------------------- text
def squeeze(text: str | None) -> str:
    """Fold white space (including non-breaking spaces) to single spaces and strip.

    >>> squeeze("  Le\\xa0Monde \\n diplomatique ")
    'Le Monde diplomatique'
    """
    return " ".join((text or "").split())


def classes(el) -> frozenset[str]:
    """The class tokens of an element.

    >>> sorted(classes(parse_html('<p class="a  titreArticleVisu">x</p>')[0]))
    ['a', 'titreArticleVisu']
    """
    value = el.get("class") if isinstance(el.tag, str) else None
    return frozenset(value.split()) if value else frozenset()


def parse_html(markup: str):
    """Parse an HTML document or fragment with lxml (forgiving, as exports are often broken).

    >>> parse_html("<p>un</p><p>deux</p>").tag
    'div'
    """
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup.strip()) or "<div></div>"
    if re.match(r"(?:<!DOCTYPE[^>]*>\s*)?<html", markup[:1000], re.I):
        return etree.fromstring(markup, _HTML_PARSER)
    root = etree.fromstring(f"<html><body><div>{markup}</div></body></html>", _HTML_PARSER)
    return root[0][0]


_INLINE, _BLOCK, _SKIP = 0, 1, 2
#: tag as written -> how it renders (inline, block, skipped); tags are few, so this stays small
_TAG_KINDS: dict[str, int] = {}


def _tag_kind(tag: str) -> int:
    lower = tag.lower()
    kind = _SKIP if lower in SKIP_TAGS else _BLOCK if lower in BLOCK_TAGS else _INLINE
    if len(_TAG_KINDS) < 10_000:
        _TAG_KINDS[tag] = kind
    return kind


def render(root, mark: Callable[[object], str | None], *, skip: Callable[[object], bool] | None = None) -> list[Line]:
    """Render an element as lines of text: a new line at every block element or ``<br>``,
    white space folded, empty lines dropped. Each line's ``key`` is the mark of the
    innermost marked element holding its first words (``mark(el)`` returns a label or
    ``None``); elements for which ``skip(el)`` is true are left out (a reader renders them
    on their own).

    >>> html = parse_html('<div><span class="pub">Le Monde</span><br>Premier <i>paragraphe</i>.</div>')
    >>> [(l.text, l.key) for l in render(html, lambda el: "pub" if "pub" in classes(el) else None)]
    [('Le Monde', 'pub'), ('Premier paragraphe.', None)]
    """
    lines: list[Line] = []
    buffer: list[str] = []
    first_key: list[str | None] = []
    append = buffer.append
    kinds = _TAG_KINDS

    def flush() -> None:
        if not buffer:
            return
        text = "".join(buffer)
        # white space other than the ASCII space is not printable: most lines need no folding
        if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
            text = " ".join(text.split())
        if text:
            lines.append(Line(text, key=first_key[0] if first_key else None))
        buffer.clear()
        first_key.clear()

    def walk(el, key: str | None) -> None:
        tag = el.tag
        if tag.__class__ is not str:  # comment or processing instruction: not text
            return
        kind = kinds.get(tag)
        if kind is None:
            kind = _tag_kind(tag)
        if kind == _SKIP or (skip is not None and skip(el)):
            return
        block = kind == _BLOCK
        own = mark(el)
        if own is not None:
            if first_key and first_key[0] != own and not block:  # a differently marked span starts a line
                flush()
            key = own
        if block and buffer:
            flush()
        text = el.text
        if text and (buffer or not text.isspace()):
            if not first_key:
                first_key.append(key)
            append(text)
        for child in el:
            walk(child, key)
            tail = child.tail
            if tail and (buffer or not tail.isspace()):
                if not first_key:
                    first_key.append(key)
                append(tail)
        if block and buffer:
            flush()

    walk(root, None)
    flush()
    return lines


def outer_html(el) -> str:
    """The markup of one element (without its tail).

    >>> outer_html(parse_html("<article><p>x</p></article>tail")[0])
    '<article><p>x</p></article>'
    """
    return etree.tostring(el, encoding="unicode", method="html", with_tail=False)


def iter_local(root, name: str) -> Iterator:
    """Elements named ``name`` under ``root`` whatever their XML namespace.

    >>> root = etree.fromstring('<a xmlns="urn:x"><b>1</b><b>2</b></a>')
    >>> [b.text for b in iter_local(root, "b")]
    ['1', '2']
    """
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == name:
            yield el


def find_date(text: str) -> str | None:
    """The first full date written in ``text``, as written (French, English or ISO).

    >>> find_date("Éditorial, jeudi 4 octobre 2012, p. 03")
    '4 octobre 2012'
    >>> find_date("December 19, 1991, Sunday, An Edition")
    'December 19, 1991'
    >>> find_date("p. 16") is None
    True
    """
    m = DATE_LIKE.search(text)
    return m.group(0) if m else None


# ----------------------------------------------------------------------------- bytes
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


def _to_cp1252(exc: UnicodeDecodeError) -> tuple[str, int]:
    chunk = exc.object[exc.start : exc.end]
    return chunk.decode("cp1252", errors="replace"), exc.end


codecs.register_error("kit-cp1252", _to_cp1252)


def declared_charset(data: bytes) -> str | None:
    """The character set a file declares in its first bytes (``<meta charset>``, XML prolog), normalised.

    >>> declared_charset(b'<META http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'iso8859-1'
    >>> declared_charset(b"<p>none</p>") is None
    True
    """
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def decode_lines(data: bytes) -> tuple[str, str, list[int]]:
    """Decode an export: ``(text, encoding, lines that are not UTF-8)``.

    UTF-8 first (a byte-order mark dropped). A file that is not valid UTF-8 as a whole is
    decoded line by line: UTF-8 lines stay UTF-8, the others are read as Windows-1252 and
    their numbers (from 1) returned, so a reader can say which records they belong to.

    >>> decode_lines("Corée\\n".encode() + "Séoul\\n".encode("cp1252"))
    ('Corée\\nSéoul\\n', 'utf-8+cp1252', [2])
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    parts, bad = [], []
    for no, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(line.decode("utf-8", errors="kit-cp1252"))
            bad.append(no)
    return "".join(parts), ("cp1252" if len(bad) == len(parts) else "utf-8+cp1252"), bad
