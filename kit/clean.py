"""What is article text and what is page chrome? One role per raw line, with the rule that decided it.

A scraped page is a column of lines: site navigation, a headline, a standfirst,
paragraphs, subheadings, photo captions, share buttons, a comment section, a
"most read" list. :func:`classify_lines` gives each line a *role* and the *rule*
that decided it, from how news pages are built, not from any one site:

* **shape**: words per line, whether it ends like a sentence, whether it has letters;
* **position**: the headline sits just above the first paragraph; chrome sits
  before it and after the last one; everything below a comment-section header is comment;
* **markers** in French and English: share/follow, subscribe, "lire aussi",
  "publicité", comment forms, photo credits (``Photo … / AFP``, ``©``), date headers;
* **repetition**: a paragraph repeated in the page (a lead re-printed at the end, cut
  short with ``...``) is kept once; a short line repeated across pages of the same
  source is site chrome (see :func:`line_roles`).

Joining ``text + eol`` of every row in order gives back the page exactly, so
nothing is lost and every removal can be audited or overridden.

>>> rows = classify_lines("Monde\\n\\nUn titre qui dit tout de l'affaire\\n\\n" +
...                       "Le premier paragraphe raconte l'histoire en entier, avec assez de mots.\\n")
>>> [r.role for r in rows]
['navigation', 'empty', 'title', 'empty', 'lead']
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kit.phrases import line_key

#: Roles whose lines make up ``articles.text`` (in page order, one paragraph each).
KEPT_ROLES = ("lead", "body", "subheading")

#: Every role a line can get, for documentation and for ordering charts. The last two come
#: from press-database exports (:mod:`kit.readers`): ``metadata`` is a field line of the
#: database (publication, date header, section, byline, a field label such as "HD" or
#: "BYLINE:"), ``database`` its furniture (copyright, certificate, document number,
#: subject and company codes, load date, word count).
ROLES = (
    "title",
    "lead",
    "body",
    "subheading",
    "quote",
    "caption",
    "credit",
    "timestamp",
    "navigation",
    "social",
    "related",
    "advertising",
    "paywall",
    "comment",
    "author_bio",
    "duplicate",
    "empty",
    "metadata",
    "database",
    "extractor_dropped",  # HTML only: visible text of the page that the extractor left out (kit.readers.pages)
)

# ---------------------------------------------------------------- patterns
_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "january": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "fév": 2,
    "feb": 2,
    "february": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "avril": 4,
    "avr": 4,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juin": 6,
    "june": 6,
    "jun": 6,
    "juillet": 7,
    "juil": 7,
    "july": 7,
    "jul": 7,
    "août": 8,
    "aout": 8,
    "august": 8,
    "aug": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "september": 9,
    "octobre": 10,
    "oct": 10,
    "october": 10,
    "novembre": 11,
    "nov": 11,
    "november": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    "dec": 12,
    "december": 12,
}
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
# each weekday's names, French and English, and its number (Monday 0, as pandas counts)
_WEEKDAYS = {
    name: k
    for k, names in enumerate(
        [
            ("lundi", "monday"),
            ("mardi", "tuesday"),
            ("mercredi", "wednesday"),
            ("jeudi", "thursday"),
            ("vendredi", "friday"),
            ("samedi", "saturday"),
            ("dimanche", "sunday"),
        ]
    )
    for name in names
}
_WEEKDAY_RE = "(?:" + "|".join(_WEEKDAYS) + ")"
_TIME_RE = r"\d{1,2}\s?(?::|h)\s?\d{2}(?::\d{2})?(?:\s?min)?|\d{1,2}\s?h\b"
_DATE_RE = (
    rf"(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"
    rf"|(?P<num>(?P<nd>\d{{1,2}})[/.](?P<nm>\d{{1,2}})[/.](?P<ny>\d{{4}}))"
    # day-month-year with dashes ("19-06-2024") and year first with slashes or dots ("2024/06/19",
    # "2024.06.19"), as some wire and Asian sites print them: two digits each and a calendar day,
    # as "3-2-2024" may be a score, "2019.1.2" a version and "12-34-5678" a number; and standing
    # apart, as an address's "/2024/06/19/" or "…-19-06-2024-…" files a page, dates no line
    rf"|(?P<dash>(?<![\w/-])(?P<dd>0[1-9]|[12]\d|3[01])-(?P<dm>0[1-9]|1[0-2])-(?P<dy>(?:19|20)\d{{2}}))(?![\w/-])"
    rf"|(?P<ymd>(?<![\w/-])(?P<sy>(?:19|20)\d{{2}})(?P<ss>[/.])(?P<sm>0[1-9]|1[0-2])(?P=ss)(?P<sd>0[1-9]|[12]\d|3[01]))(?![\w/-])"
    rf"|(?P<txt>(?:{_WEEKDAY_RE},?\s+)?(?P<td>\d{{1,2}}|1er)\s+(?P<tm>{_MONTH_RE})\.?,?\s+(?P<ty>\d{{4}}))"
    rf"|(?P<eng>(?P<em>{_MONTH_RE})\.?\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ey>\d{{4}}))"
)
DATE = re.compile(_DATE_RE, re.I)
# Every form of DATE has a year: four digits in a row. Looking for them first spares the long
# pattern (tried at every position of a line, about 200 µs for a short line) on most lines.
_FOUR_DIGITS = re.compile(r"\d{4}")
# ... and each form holds one of these: "2024-06-19", "/2024" or ".2024", "6-2024", "2024/0" or
# "2024.1" (a year, then a month's first digit), a month's name then a number. A line with a year
# but none of them ("en 2024", "numéro 1234") is answered in a tenth of DATE's time. The month
# names are grouped by first letter, so that a position is tried against one group (same names,
# so the same lines pass).
_MONTHS_BY_LETTER: dict[str, list[str]] = {}
for _name in _MONTHS:
    _MONTHS_BY_LETTER.setdefault(_name[0], []).append(re.escape(_name[1:]))
_DATE_HINT = re.compile(
    r"\d{4}-\d{2}-\d{2}|[/.]\d{4}|\d-\d{4}|\d{4}[/.][01]|(?:"
    + "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in _MONTHS_BY_LETTER.items())
    + r")\.?,?\s+\d",
    re.I,
)


_DATE_MARKER = (
    r"(?:publi[ée]e?|mis\s+à\s+jour|mise\s+à\s+jour|modifi[ée]e?|actualis[ée]e?|mis\s+en\s+ligne|cr[ée]{2}e?|date|published|updated|posted|le|on)"
)
# A numeric date with a two-digit year ("10.12.19", "Publié le 10/12/19 à 10h31", "mardi 10.12.19")
# is a date only when it is the whole line, with at most a date marker, a weekday and a clock time
# around it: inside a sentence "10.12.19" may be a score, a version or a reference.
_SHORT_YEAR_DATE = re.compile(
    rf"^\W*(?P<marker>{_DATE_MARKER}\s*(?:le|on)?\s*:?\s*)?(?:(?P<wd>{_WEEKDAY_RE})\.?,?\s+)?"
    rf"(?P<d>\d{{1,2}})(?P<sep>[./])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{2}})"
    rf"(?P<time>\s*(?:à|at|,|-|\|)?\s*(?:{_TIME_RE}))?\W*$",
    re.I,
)
_SHORT_YEAR_MAX_CHARS = 60
# what every such date holds, looked for first: most short lines a page has go through has_date
_SHORT_YEAR_HINT = re.compile(r"\d[./]\d{1,2}[./]\d{2}")


def _short_year_date(text: str) -> pd.Timestamp | None:
    """The date of a line that is only a numeric date with a two-digit year (:data:`_SHORT_YEAR_DATE`);
    ``None`` when the day or month is impossible or a weekday beside it does not match the calendar."""
    if len(text) > _SHORT_YEAR_MAX_CHARS or _SHORT_YEAR_HINT.search(text) is None:
        return None
    m = _SHORT_YEAR_DATE.match(text)
    if m is None:
        return None
    bare = not (m.group("marker") or m.group("wd") or m.group("time"))
    if bare and (len(m.group("d")) < 2 or len(m.group("m")) < 2):
        return None  # a bare "1.2.19" is more likely a numbered section than a date; "01.02.19" is a date
    two = int(m.group("y"))
    # the century as POSIX strptime's %y reads it (00-68: 2000s, 69-99: 1900s), the same on every run
    year = 2000 + two if two <= 68 else 1900 + two
    try:
        date = pd.Timestamp(year=year, month=int(m.group("m")), day=int(m.group("d")))
    except ValueError:
        return None
    weekday = m.group("wd")
    # case-blind matching lets "ſamedi" through, which no lower-casing brings back to "samedi"
    if weekday and _WEEKDAYS.get(weekday.casefold()) != date.day_of_week:
        return None
    return date


def has_date(text: str) -> bool:
    """Whether ``text`` holds a full date (:data:`DATE`), answered without the long pattern
    when it has no four digits in a row; a two-digit year counts only on a line that is the
    date alone (:data:`_SHORT_YEAR_DATE`).

    >>> has_date("Publié le 19/06/2024 à 10h31"), has_date("Publié hier à 10h31")
    (True, False)
    >>> has_date("mardi 10.12.19"), has_date("Score final : 10.12.19 points")
    (True, False)
    """
    if _FOUR_DIGITS.search(text) is None:
        return _short_year_date(text.strip()) is not None
    return _DATE_HINT.search(text) is not None and DATE.search(text) is not None


# A date header at the start of a line, followed by the article itself on the same line; agency
# dispatches on financial sites bracket it: "[03/10/2007 16:25:55] PARIS (AFP) La Bourse…".
_DATE_HEADER = re.compile(
    rf"^(?P<head>\s*[\[(]?\s*(?:{_DATE_MARKER}\s*(?:le|on)?\s*:?\s*)?(?:{_DATE_RE})(?:\s*(?:à|at|,|-|\|)?\s*(?:{_TIME_RE}))?\s*[\])]?\s*[-–—|:]?\s+)(?=\S)",
    re.I,
)
# A line made only of dates, times and the little words around them.
_TIMESTAMP_FILLER = re.compile(
    rf"{_DATE_RE}|{_TIME_RE}|\b(?:{_DATE_MARKER}|article|derni[èe]re|à|at|il\s+y\s+a|ago|min(?:utes?)?|heures?|hours?|h)\b|[-–—|:,.()\s]",
    re.I,
)
_TIME = re.compile(_TIME_RE)
# A clock time or "il y a 2 heures": a dateline or a byline's stamp, never a headline.
STAMPED = re.compile(
    rf"(?:^|[\s|•·,(])(?:{_TIME_RE})(?=$|[\s|•·,)])"
    r"|\bil\s+y\s+a\s+\d+\s*(?:min|h|heures?|jours?)\b|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b",
    re.I,
)
_DIGIT = re.compile(r"\d")


def has_stamp(text: str) -> bool:
    """Whether ``text`` holds a clock time or an "il y a 2 heures" (:data:`STAMPED`); every
    form has a digit, so a line without one is answered at once.

    >>> has_stamp("Publié à 10h31"), has_stamp("Le président russe")
    (True, False)
    """
    return _DIGIT.search(text) is not None and STAMPED.search(text) is not None


#: A dateline's words without their date, which the next line carries: "Publié le", "Mis à jour :"
_DATE_LABEL_ALONE = re.compile(
    r"\W*(?:publi[ée]e?|mise?\s+à\s+jour|modifi[ée]e?|mise?\s+en\s+ligne|published|updated|posted)"
    r"(?:\s+(?:le|à|on|at))?\s*:?\W*",
    re.I,
)
EXPLICIT_DATE_MARKER = re.compile(
    # "Publiée le", "Modifiée le": the feminine agrees with "information", "dépêche", "vidéo"
    r"\b(?:publi[ée]e?|mise?\s+à\s+jour|modifi[ée]e?|mise?\s+en\s+ligne|published|updated|posted|date)\b"
    r"|^\W*cr[ée]{2}e?\s*(?:le\b|:)",
    re.I,
)

#: An embedded post's signature as the platform prints it below the post's text.
_POST_SIGNATURE_RE = r"^\s*[—–-]\s*[^()]{1,80}\(@\w{1,30}\)"
#: ... and in full, ending in the post's date ("— Jeanne Martin (@jmartin) March 14, 2020"), which
#: a bulleted list of accounts ("- Jeanne Martin (@jmartin) : 9 millions") does not.
_DATED_POST_SIGNATURE = re.compile(_POST_SIGNATURE_RE + r"\s*[^()]{0,30}\b(?:19|20)\d\d\W*$")
#: an embedded post's text is at most 280 characters, and a link the platform adds
POST_MAX_CHARS = 320
_SOCIAL = re.compile(
    r"^\W*(?:suivez[- ]nous|suivre|rejoignez[- ]nous|nous\s+rejoindre|retrouvez[- ]nous|partager|partagez|"
    r"share|follow\s+us|tweet(?:er)?|imprimer|version\s+imprimable|print|envoyer|copier\s+le\s+lien|copy\s+link)\b"
    r"|^\W*(?:(?:facebook|twitter|x|instagram|linkedin|whatsapp|telegram|youtube|tiktok|bluesky|threads|e-?mail|messenger|pinterest|flipboard|reddit)\W*)+$"
    # an embedded post's signature: "— Jeanne Martin (@jmartin) March 14, 2020", "Une publication partagée par …"
    rf"|{_POST_SIGNATURE_RE}|^\W*une\s+publication\s+partag[ée]e\s+par\b",
    re.I,
)
#: An embedded post's text, which ends in the link the platform shortened ("… https://t.co/Ab12",
#: "… pic.twitter.com/Ab12"): article text links to the post, it never carries these.
_EMBEDDED_POST_LINK = re.compile(r"\bhttps?://t\.co/\w|\bpic\.twitter\.com/\w")


def _has_embedded_post_link(text: str) -> bool:
    """Whether ``text`` holds :data:`_EMBEDDED_POST_LINK`; the substrings are looked for first,
    as the pattern costs 7 µs on a paragraph and most lines have neither.

    >>> _has_embedded_post_link("Big day https://t.co/Ab12"), _has_embedded_post_link("Voir https://at.co/x")
    (True, False)
    """
    return ("t.co/" in text or "pic.twitter.com/" in text) and _EMBEDDED_POST_LINK.search(text) is not None


_PAYWALL = re.compile(
    r"r[ée]serv[ée]e?\s+aux\s+abonn[ée]s|d[ée]j[àa]\s+abonn[ée]|abonnez[- ]vous|s['’]abonner|"
    r"il\s+vous\s+reste\s+\d+\s*%|subscribe|subscription|offre\s+d['’]essai|se\s+connecter|connectez[- ]vous|"
    r"newsletter|inscrivez[- ]vous|"
    # an offer: "1 € par mois pendant 3 mois. Sans engagement.", "Gérez votre abonnement"
    r"\d+(?:[,.]\d+)?\s*€\s*(?:par|/)\s*mois|\bsans\s+engagement\b|g[ée]r(?:er|ez)\s+(?:votre|mon)\s+abonnement|"
    # a reader-funded site's appeal: "Cet article vous a plu ?", "Faites un don", "Soutenez-nous"
    r"(?:\bcet|\bl['’])\s*article\s+vous\s+a\s+plu|\bfaites\s+un\s+don\b|\bsoutenez[- ]nous\b",
    re.I,
)
_ADVERTISING = re.compile(
    r"^\W*(?:publicit[ée]|pub|advertisement|advertising|annonce|sponsoris[ée]e?|contenu\s+(?:sponsoris[ée]|partenaire)|"
    r"article\s+sponsoris[ée]|ad|ads|promo(?:tion)?)\W*$|\bcontenu\s+sponsoris[ée]\b|"
    # "La suite après cette publicité", "Publicité 2", "Vente flash"
    r"\bla\s+suite\s+apr[èe]s\s+(?:cette|la)\s+publicit[ée]|^\W*publicit[ée]\s*\d+\W*$|^\W*vente\s+flash\b",
    re.I,
)
_RELATED = re.compile(
    r"^\W*(?:[àa]\s+lire\s+(?:aussi|[ée]galement)|lire\s+(?:aussi|[ée]galement|la\s+suite)|voir\s+aussi|[àa]\s+voir\s+(?:aussi|[ée]galement)|"
    r"sur\s+le\s+m[êe]me\s+(?:sujet|th[èe]me)|dans\s+la\s+m[êe]me\s+rubrique|les\s*(?:\+|plus)\s*(?:lus|populaires|partag[ée]s|comment[ée]s|vus)|"
    r"articles?\s+(?:similaires|li[ée]s|recommand[ée]s|connexes)|nos\s+articles|read\s+(?:more|also|next)|related|"
    r"most\s+(?:read|popular|viewed)|recommended|en\s+continu|[àa]\s+la\s+une|top\s+articles?|"
    # "En vedette" (featured), a label on its own line only: "En vedette ce soir, …" opens a sentence
    r"en\s+vedette\W*$|"
    # "Articles en relation", "Articles les plus lus", "L'auteur vous recommande"
    r"articles?\s+en\s+relation|articles?\s+les\s+plus\s+(?:lus|populaires|partag[ée]s|comment[ée]s|vus)|"
    r"(?:l['’]auteur|la\s+r[ée]daction|nous)\s+vous\s+recommand(?:e|ons)|"
    # a blog's latest posts (not "Dernières infos", also a menu's link above the headline)
    r"articles?\s+r[ée]cents)\b"
    # "Lire : <the other article's headline>", "À lire : …"
    r"|^\W*(?:[àa]\s+)?lire\s*:",
    re.I,
)
# A site's widgets in sentences: a cookie banner, a video player's or a live blog's notices, a
# bookmark button, an error-report form.
_SITE_WIDGET = re.compile(
    r"\W*(?:nous\s+utilisons\s+des\s+cookies|ce\s+site\s+(?:web\s+)?utilise\s+des\s+cookies|"
    r"en\s+poursuivant\s+votre\s+navigation|(?:accepter|refuser|param[ée]trer|g[ée]rer)\s+(?:les\s+|mes\s+|tous\s+les\s+)?cookies|"
    r"(?:ce|le|notre)\s+(?:direct|live)\s+est\s+(?:d[ée]sormais\s+|maintenant\s+)?termin[ée]|merci\s+de\s+nous\s+avoir\s+suivi|"
    r"(?:nous\s+nous\s+excusons,?\s+mais\s+)?cette\s+vid[ée]o\s+n['’]a\s+pas\s+pu\s+(?:se\s+)?charger|"
    r"pour\s+profiter\s+pleinement\s+des\s+contenus\s+multim[ée]dias|(?:veuillez\s+)?activer\s+(?:le\s+)?javascript|"
    r"mettre\s+en\s+favori|(?:article\s+)?ajout[ée]\s+(?:à|a)\s+(?:vos\s+favoris|votre\s+profil)|"
    r"(?:pour\s+)?(?:sauvegarder|enregistrer)\s+cet(?:te)?\s+article|signaler\s+une\s+erreur|"
    r"vous\s+(?:voulez|souhaitez)\s+(?:nous\s+)?(?:communiquer|signaler)\s+(?:un\s+renseignement|une\s+erreur)|"
    # an embed's fallback: "Si le liveblog ne s'affiche pas, veuillez rafraîchir la page."
    r"si\s+(?:le|la|ce|cette)\s+(?:\w+\s+){1,2}ne\s+s['’]affiche\s+pas|(?:veuillez\s+)?rafra[iî]chir\s+la\s+page)",
    re.I,
)
# A caption that opens by saying what its picture is: "Capture d'écran tirée d'une vidéo …",
# "Photo d'archive …", "Photo non datée publiée par …", "Sur cette photo fournie par …". Not
# "Cette photo …" or "Ces images diffusées par …", which open paragraphs about pictures too.
_CAPTION_OPENING = re.compile(
    r"\W*(?:capture\s+d['’][ée]cran\b"
    r"|(?:photo|image|illustration)s?\s+(?:d['’](?:archives?|illustration)|non\s+dat[ée]e)\b"
    r"|sur\s+(?:cette|ces)\s+(?:photo|image)s?\s+(?:fournie|diffus[ée]e|publi[ée]e|transmise|prise|distribu[ée]e)s?\b)",
    re.I,
)
# Captions and widgets written as sentences run longer than marker lines (PATTERN_MAX_WORDS).
SENTENCE_MARKER_MAX_WORDS = 60
CREDIT_TAIL_CHARS = 100
# what the end of a line ending in a credit holds: a slash or bar before the name, a copyright,
# rights reserved, or an agency in capitals
_CREDIT_HINT = re.compile(r"[/|©]|D\.\s?R|\([cC]\)|[A-Z]{2,}\W*$")
ALT_TEXT_MIN_CHARS = 40  # a repeated short line is a heading or a name, not a picture's text
# A menu flattened onto one line: four or more short items between the same separator
# ("International ▪ Politique ▪ Société ▪ …", "Accueil › Monde › Asie › …").
_MENU_SEPARATORS = "▪•·|›◦"
MENU_MIN_ITEMS = 4
MENU_MAX_ITEM_WORDS = 5

# The links to a site's legal and contact pages, in every French site's footer or menu: alone on a
# line ("Mentions légales", "Qui sommes-nous ?"), or two or more on one ("CGV | Mentions légales |
# Qui sommes-nous ?", whose items may end in "?" as no menu item of _is_flat_menu does); a line
# longer than a marker line only when it holds a separator (_LEGAL_SEPARATOR).
_SITE_LEGAL_LINK = re.compile(
    r"mentions\s+l[ée]gales|qui\s+sommes[- ]nous|plan\s+du\s+site|nous\s+contacter|contactez[- ]nous|"
    r"conditions\s+g[ée]n[ée]rales(?:\s+d['’]utilisation|\s+de\s+vente)?|\bcg[uv]\b|"
    r"politique\s+de\s+confidentialit[ée]|donn[ée]es\s+personnelles|charte\s+de\s+confidentialit[ée]",
    re.I,
)


#: what every link of _SITE_LEGAL_LINK holds once case-folded: a line with none is answered at
#: once (the pattern, with its many branches and no fixed start, costs 30 µs on a paragraph)
_LEGAL_HINTS = ("mentions", "sommes", "plan", "contact", "conditions", "cg", "confidentialit", "personnelles")


def _has_legal_hint(text: str) -> bool:
    """Whether ``text``, case-folded, holds a word of :data:`_LEGAL_HINTS`: every text
    :data:`_SITE_LEGAL_LINK` matches does."""
    # re.I reads a dotless or a dotted capital i as "i"; casefold does not
    folded = text.casefold().replace("ı", "i").replace("\u0307", "")
    return any(hint in folded for hint in _LEGAL_HINTS)


def _is_legal_links(text: str, n_words: int) -> bool:
    """Whether ``text`` (of ``n_words`` words) is a site's links to its legal or contact pages
    (:data:`_SITE_LEGAL_LINK`): one alone on the line, or two different ones as items of a menu
    (between separators). A sentence or a headline naming them is neither.

    >>> _is_legal_links("Qui sommes-nous ?", 3), _is_legal_links("CGV | Mentions légales | Contact", 6)
    (True, True)
    >>> _is_legal_links("Le site publie ses mentions légales et ses CGU depuis mars, selon la CNIL.", 13)
    False
    """
    if n_words > PATTERN_MAX_WORDS and not _has_separator(text):
        return False
    if not _has_legal_hint(text):
        return False
    if (alone := _SITE_LEGAL_LINK.fullmatch(text.strip(_ITEM_PUNCTUATION))) is not None:
        # "Données personnelles" alone is as often an article's subheading as a footer's link
        return not _PERSONAL_DATA.fullmatch(alone.group())
    items = {item.strip(_ITEM_PUNCTUATION).lower() for item in _LEGAL_SEPARATOR.split(text)}
    return sum(_SITE_LEGAL_LINK.fullmatch(item) is not None for item in items) >= 2


#: what separates a menu's items, the links of a footer: a glyph of _MENU_SEPARATORS, a slash or
#: a spaced dash ("FAQ - Qui sommes-nous - Mentions légales")
_SEPARATOR_GLYPHS = _MENU_SEPARATORS + "/"
_SPACED_DASH_RE = r"\s[-–—]\s"
_LEGAL_SEPARATOR = re.compile(rf"\s*(?:[{re.escape(_SEPARATOR_GLYPHS)}]|{_SPACED_DASH_RE})\s*")
_SPACED_DASH = re.compile(_SPACED_DASH_RE)
_ITEM_PUNCTUATION = " \t\u00a0?!.:;,*«»\"'’()/-–—" + _MENU_SEPARATORS
_PERSONAL_DATA = re.compile(r"donn[ée]es\s+personnelles", re.I)


def _has_separator(text: str) -> bool:
    """Whether :data:`_LEGAL_SEPARATOR` finds a separator in ``text``: the same answer without
    its leading ``\\s*``, which the pattern tries at every position of a paragraph (9 µs a line
    against 3).

    >>> _has_separator("CGV / Contact"), _has_separator("Kim - Poutine"), _has_separator("Kim-Poutine")
    (True, True, False)
    """
    return any(glyph in text for glyph in _SEPARATOR_GLYPHS) or _SPACED_DASH.search(text) is not None


# Headers that open a comment section: everything below them is readers' text.
_COMMENT_ZONE = re.compile(
    # "Vos réactions", "Vos commentaires": the readers' part of the page (not "Les réactions",
    # a heading inside an article about an event)
    r"^\W*(?:\d+\s+(?:commentaires?|comments?|r[ée]actions?)|(?:vos\s+)?(?:commentaires?|r[ée]actions?)|comments?|"
    r"laisser\s+un\s+commentaire|laissez\s+un\s+commentaire|ajouter\s+un\s+commentaire|[ée]crire\s+un\s+commentaire|"
    r"post(?:er|ez)\s+un\s+commentaire|publi(?:er|ez)\s+un\s+(?:nouveau\s+)?commentaire|"
    r"leave\s+a\s+(?:reply|comment)|add\s+a\s+comment|join\s+the\s+discussion)\W*$",
    re.I,
)
_COMMENT_COUNT = re.compile(r"^\W*\d+\s+(?:commentaires?|comments?|r[ée]actions?)\W*$", re.I)
_COMMENT_LINE = re.compile(
    r"votre\s+adresse\s+(?:e-?mail|de\s+messagerie|courriel)|champs\s+obligatoires|your\s+email\s+address|required\s+fields|"
    r"^\W*(?:r[ée]pondre|reply|signaler(?:\s+un\s+abus|\s+ce\s+commentaire)?|report|r[ée]agir|j['’]aime|like)\W*$|"
    r"connectez[- ]vous\s+pour\s+(?:commenter|r[ée]agir)|"
    r"enregistrer\s+mon\s+nom|save\s+my\s+name|"
    # "J'ai lu et j'accepte la charte des commentaires", "Caractères restants", "Pour réagir, veuillez vous connecter"
    r"charte\s+des\s+commentaires|caract[èe]res\s+restants|"
    r"pour\s+(?:r[ée]agir|commenter),?\s+(?:veuillez\s+)?vous\s+connecter|"
    r"vous\s+devez\s+(?:vous\s+abonner\s+ou\s+)?vous\s+connecter\s+(?:pour|afin\s+de)",
    re.I,
)
_AGENCIES = (
    r"AFP|Reuters|AP|EPA|Getty(?:\s*Images)?|Sipa|Maxppp|Abaca|Xinhua|KCNA|Sputnik|TASS|Tass|Yonhap|Anadolu"
    r"|Shutterstock|Belga|ANSA|DPA|Pool|Wikimedia(?:\s+Commons)?|Keystone|iStock(?:photo)?|Alamy|Gamma(?:-Rapho)?"
    r"|Hans\s+Lucas|Bestimage|Hemis"
    # French-language wires: Swiss, Algerian, Moroccan, Canadian
    r"|ATS|SDA|APS|MAP|La\s+Presse\s+Canadienne"
    # wires by their full names
    r"|Agence\s+France[- ]Presse|Associated\s+Press|Agence\s+t[ée]l[ée]graphique\s+suisse|Keystone-ATS"
)
_CREDIT = re.compile(
    rf"©|\b(?i:cr[ée]dits?\s+photos?|photo\s+credit|credits?\s*:|cr[ée]dits?\s*:)"
    rf"|\b(?i:photos?|images?|illustrations?|vid[ée]o)\s*:?\s*[^.!?]{{0,80}}(?:/|\||—|-)\s*(?:[A-Z][\w.&-]*)(?:\s+[\w.&-]+){{0,4}}\s*\)?\s*$"
    rf"|\(\s*(?i:photo|image)\s*:?[^)]*\)\s*$"
    # a credit after a slash, a bar or a dash: "… (Jeanne Martin / AFP)", "… - Belga"
    rf"|(?:/|\||\s[-–—])\s*(?i:{_AGENCIES})\s*\)?\s*$"
    # "… Image: Keystone", "Photo iStock"; after a sentence, "AFP/Ed JONES.", "(KEYSTONE/Jeanne Dupont)"
    rf"|\b(?i:photos?|images?)\s*:?\s*(?i:{_AGENCIES})\s*\.?\s*$"
    rf"|(?:^|[.!?»)]\s+)\(?(?i:{_AGENCIES})\s*/\s*(?!(?i:{_AGENCIES})\b)[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*){{0,3}}\s*\)?\.?\s*$"
    # "Source : AFP", "… publié automatiquement. Source : ats/afp"
    rf"|(?:^|[.!?»)]\s+)\W*(?i:sources?)\s*:\s*(?i:{_AGENCIES})(?:\s*[,/]\s*(?i:{_AGENCIES}))*\s*\.?\s*$"
    # rights reserved or a copyright in letters ending a caption: "… Photo prétexte D.R.", "… / (C) Jeanne Martin"
    r"|(?:^|[\s(/|])D\.\s?R\.?\s*\)?\s*$"
    r"|\((?i:c)\)\s*[A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*){0,3}\s*\.?\s*$"
    # an animation or video credited to the platform it was taken from: "via GIPHY", "(via YouTube)"
    r"|^\W*(?i:via)\s+(?i:giphy|tenor|youtube|dailymotion|vimeo|instagram|twitter|tiktok|flickr|unsplash|imgur)\W*$",
)
# an agency's or picture library's name alone on a line, under a picture: "AFP", "Reuters", "Keystone";
# or several, or one and its full name: "AFP / Reuters", "KCNA via Reuters", "ATS Agence télégraphique suisse"
_AGENCY_ALONE = re.compile(rf"\W*(?i:{_AGENCIES})(?:(?:\W+|\s+(?i:via|et|and)\s+)(?i:{_AGENCIES}))*\W*")
# a photographer's name in capitals (or a wire's) credited through a picture library: "KIRILL
# KUDRYAVTSEV via Getty Images", "STR/AFP via Getty Images"
_VIA_LIBRARY = re.compile(
    rf"^\W*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*(?:\s+|\s*/\s*))+(?i:via)\s+(?i:{_AGENCIES})\W*$"
)
# a page's credit to its newsroom and the wire it drew on: "Le Figaro avec AFP", "Midi Libre avec Reuters",
# "La rédaction avec AFP et Reuters"; the newsroom's name is capitalised words ("Poutine s'entretient
# avec Xinhua" is a headline)
_NEWSROOM_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|de|du|des|la|le|les|l['’][\w-]+|d['’][\w-]+|r[ée]daction)"
_NEWSROOM_WITH_WIRE = re.compile(
    rf"^\W*[A-ZÀ-Ý][\w'’.-]*(?:\s+{_NEWSROOM_WORD}){{0,4}}\s+avec\s+(?:l['’]\s*)?(?i:{_AGENCIES})"
    rf"(?:\s*(?:,|\bet\b|/)\s*(?:l['’]\s*)?(?i:{_AGENCIES}))*\W*$"
)
# The production credits of a podcast, video or web documentary, one role a line:
# "Réalisation : Jeanne Martin", "Prise de son, montage et mixage : …", "Musique : « Titre », Artiste"
_PRODUCTION_ROLE = (
    r"(?:r[ée]alisation|montage|mixage|production|direction(?:\s+\w+)?|pr[ée]sentation|musiques?|g[ée]n[ée]rique"
    r"|prise\s+de\s+son|son|images?|cam[ée]ra|infographies?|illustrations?|graphisme|coordination|traduction"
    r"|conception|d[ée]veloppement|design|animation)(?:\s+[ée]ditoriale|\s+artistique|\s+technique)?"
)
_PRODUCTION_CREDIT = re.compile(
    rf"^\W*{_PRODUCTION_ROLE}(?:\s*(?:,|\bet\b|&)\s*{_PRODUCTION_ROLE})*\s*:\s*(?-i:[«\"“A-ZÀ-Ý])", re.I
)
PRODUCTION_CREDIT_MAX_WORDS = 12
# After a sentence, a run of capitals ending in an agency: "… le 8 février 2024. KCNA VIA REUTERS";
# the credits of an agency, a photographer and a pool chained by slashes or dashes too:
# "… 40 secondes. MAXPPP - JEANNE MARTIN/SPUTNIK/KREMLIN POOL".
_UPPER_CREDIT = re.compile(
    r"[.!?]\s+(?:[A-ZÀ-Ý][A-ZÀ-Ý'’.-]+(?:\s*[/|]\s*|\s+[-–]\s+|\s+)){0,8}"
    r"(?:AFP|REUTERS|AP|EPA|GETTY IMAGES|SIPA|MAXPPP|ABACA|XINHUA|KCNA|SPUTNIK|TASS|YONHAP|ANADOLU|BELGA|ANSA|DPA|POOL"
    # picture libraries, which sign pictures and never text, and wires by the names their pictures carry
    r"|KEYSTONE|SHUTTERSTOCK|ISTOCK|ALAMY|BESTIMAGE|HEMIS|ASSOCIATED PRESS|EFE)"
    r"\)?\.?\s*$"
)
_BYLINE = re.compile(r"^\W*(?:par|by|propos recueillis par)\s+[A-ZÀ-Ý]", re.I)
# A correspondent's or special envoy's credit, a byline however long the names: "Avec notre
# correspondant à Moscou, Jeanne Martin", "De nos envoyés spéciaux à Kiev et Moscou, …",
# "Correspondants en Asie et à Moscou"
_CORRESPONDENT = re.compile(
    r"^\W*(?:(?:de|avec)\s+no(?:tre|s)\s+(?:envoy[ée]e?s?\s+sp[ée]cia(?:le?s?|ux)|correspondante?s?)\b"
    r"|correspondante?s?\s+(?:à|au|aux|en|pour)\s+[A-ZÀ-Ýl])",
    re.I,
)
CORRESPONDENT_MAX_WORDS = 14
_PAGE_META = re.compile(
    r"temps\s+de\s+lecture|\d+\s*min(?:utes?)?\s+de\s+lecture|lecture\s*:?\s*\d+\s*min|reading\s+time|\d+\s+min\s+read|^\W*(?:accueil|home|menu|rechercher|search|fermer|close|connexion|se\s+connecter|aller\s+au\s+contenu(?:\s+principal)?|skip\s+to\s+(?:main\s+)?content)\W*$",
    re.I,
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.U)
_SENTENCE_END = re.compile(r"(?:[.…]|\.\.\.)[\s\"»”’)\]]*$")
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"»”’)]*\s+[«\"“]?[A-ZÀ-Ý]")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\s\"»”’)]*$")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|„[^“”]*[“”]")
# English "I" only as a capital followed by a word: a lone "i" is a list marker or a numeral,
# and a line cut mid-word by a capture can end in "I"
_FIRST_PERSON_WORD = r"(?:(?i:je|j['’]|me|m['’]|moi|mon|ma|mes|my)(?=[\s,.;:!?]|$|(?<=['’]))|I(?:['’]m)?(?=\s+\w))"
# the word at the text's start, or after a space or a bracket: two patterns, as "(?:^|[\s(])" in
# front of one would be tried at every position of a paragraph (a third of the time)
_FIRST_PERSON_AT_START = re.compile(_FIRST_PERSON_WORD)
_FIRST_PERSON_INSIDE = re.compile(rf"[\s(]{_FIRST_PERSON_WORD}")
# An item of a list: a bullet or a number, then a space.
#: The glyphs that open an item of a list: hyphen, dashes, bullets, a star.
_BULLET_GLYPH = r"[-–—•·▪◦*]"
_LIST_ITEM = re.compile(rf"{_BULLET_GLYPH}\s|\d{{1,2}}[.)]\s")
# A quotation opened and not closed in its paragraph runs to the paragraph's end (French
# continues a quote over paragraphs, closing it only after the last one).
_UNCLOSED_QUOTE = re.compile(r"[«“„][^«»“”„]*$")
_FIRST_SECOND_PERSON = re.compile(r"\b(?:je|j['’]|nous|vous|notre|nos|votre|vos|mon|ma|mes)\b", re.I)
_CONTACT = re.compile(r"contactez[- ]nous|[ée]crivez[- ]nous|\bsuivez[- ]moi\b", re.I)
# what every form of _CONTACT holds: looked for first, it spares the whole pattern most paragraphs
_CONTACT_HINT = re.compile(r"z[- ](?:nous|moi)", re.I)
# an address: looked for only in a text holding an "@" (the pattern backtracks through every word)
_CONTACT_ADDRESS = re.compile(r"contact\s*@|\b[\w.+-]+@[\w-]+\.[\w.]+", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:a|ont|avait|aurait)\s+(?:d[ée]clar[ée]|dit|affirm[ée]|ajout[ée]|expliqu[ée]|soulign[ée]|indiqu[ée])|\bselon\b|-t-(?:il|elle)\b",
    re.I,
)

# Frequent function words per language: enough to tell a French page from an English,
# German, Spanish, Italian, Portuguese or Dutch one.
_FUNCTION_WORDS = {
    "fr": (
        "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce cette il elle ne "
        "se plus par son sa ses leur été ont sont mais ou nous vous a d l qu n s c j"
    ),
    "en": (
        "the of and to in is that for it on with as was by be at this are from have has had not but or "
        "an which their they he she its were been will would"
    ),
    "de": (
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an werden aus "
        "er hat dass sie nach wird bei einer um"
    ),
    "es": (
        "el la los las de y que en un una es por con para no se del al lo como más pero sus le ya o fue "
        "este ha sí porque esta entre cuando muy sin sobre"
    ),
    "it": (
        "il di che e la per un una in non sono del della le si con da al dei gli più anche come ma ha "
        "nel alla questo lo delle sul nella"
    ),
    "pt": (
        "o a os as de e que do da em um uma para com não no na por mais se dos das como mas foi ao ele "
        "ela seu sua ou ser quando muito há nos já"
    ),
    "nl": (
        "de het een en van in is dat op te zijn met voor niet aan er om ook als bij door maar naar dan "
        "wordt uit dit die nog wel zo hun"
    ),
}
_FUNCTION_SETS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
#: The function words of each language detect_language knows (``FUNCTION_WORDS["fr"]``).
FUNCTION_WORDS = _FUNCTION_SETS
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {}
for _lang, _words in _FUNCTION_SETS.items():
    for _w in _words:
        _LANGUAGES_OF_WORD[_w] = (*_LANGUAGES_OF_WORD.get(_w, ()), _lang)

# Thresholds, named so a reader can see what "prose" means here.
PROSE_MIN_WORDS = 8  # a paragraph ending like a sentence has at least this many words
PROSE_ANY_WORDS = 25  # a line this long is prose whatever its ending
LISTING_MIN_TEASERS = 3  # a list of teasers has at least this many blurbs
TRANSCRIPT_MIN_LINES = 3  # time-coded lines that make a video's transcript
_TIMECODE = re.compile(r"\s*(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\s+\S")
LISTING_MAX_WORDS = 45  # a teaser's blurb is a sentence or two: longer on average is an article
WRAP_MIN_CHARS = 40  # a hard-wrapped line fills most of its width; a shorter one needs a sign it runs on
# Words a sentence does not end on: a line ending with one runs on into the next.
_RUN_ON_WORDS = frozenset(
    "le la les l un une des du de d au aux à a et ou où que qu qui dont mais car ni si en sur sous dans par pour "
    "avec sans entre vers chez contre son sa ses leur leurs ce cet cette ces notre votre the a an of to in on at "
    "by for with from and or but that which who".split()
)
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 40
SUBHEADING_MAX_WORDS = 20
# a capitalised word, an elided article allowed, no punctuation
_ONE_WORD_HEADING = re.compile(r"(?:[LlDd]['’])?[A-ZÀ-Ý][^\W\d_]+(?:-[^\W\d_]+)*")
PATTERN_MAX_WORDS = 25  # marker rules apply only to short lines, never to a paragraph that mentions "Facebook"
# An article's own list: a sentence ending in ":" below the first paragraph, then bulleted items
# ("- …", "• …", "1. …"), each a few words at least. Related links come under a short marker
# ("Lire aussi :"), menus under a label ("Vous êtes ici :"), and their items are decided first.
LIST_INTRO_MIN_WORDS = 6
LIST_ITEM_MIN_WORDS = 3  # after the bullet
LIST_MIN_ITEMS = 2
_LIST_BULLET = re.compile(rf"(?:{_BULLET_GLYPH}|\d{{1,2}}[.)])\s+\S")
#: A line opening with a bullet glyph (a number may open a headline: "2. Le sommet de Moscou").
_BULLETED = re.compile(rf"{_BULLET_GLYPH}\s+\S")


class LineRole(NamedTuple):
    """One row of the lines table (see :func:`line_roles`)."""

    line_no: int
    part: int
    text: str
    eol: str
    role: str
    rule: str


@dataclass(frozen=True)
class LineShape:
    """What one line looks like to the rules: words, sentence ends, the marker it matches, its repetition key."""

    n_words: int
    has_letters: bool
    ends_sentence: bool
    ends_ellipsis: bool
    n_sentences: int
    marker: tuple[str, str] | None  # (role, rule) from the marker patterns
    comment_zone: bool
    timestamp: bool
    key: str  # normalised text for repetition checks

    @property
    def prose(self) -> bool:
        if self.marker or self.timestamp or not self.has_letters:
            return False
        return self.n_words >= PROSE_ANY_WORDS or (
            self.n_words >= PROSE_MIN_WORDS and (self.ends_sentence or self.n_sentences >= 2)
        )


def count_words(text: str) -> int:
    """Words as ``wc -w`` counts them: runs of non-space characters. Used for every ``n_words``.

    >>> count_words("La Corée du Nord, « alliée » de Moscou.")
    9
    """
    return len(text.split())


#: Lines each per-line cache keeps: site chrome repeats a few thousand lines; 200,000 unique
#: lines held 475 MB across the three caches in every process that cleans (benchmarks/bench_store.py).
LINE_CACHE = 20_000


@lru_cache(maxsize=LINE_CACHE)
def line_shape(text: str) -> LineShape:
    """The shape of one line (cached: site chrome repeats the same lines on every page).

    >>> s = line_shape("Partager sur Facebook"); s.marker, s.prose
    (('social', 'share_follow'), False)
    """
    stripped = text.strip()
    n_words = count_words(stripped)
    marker = None
    comment_zone = False
    timestamp = False
    # Chrome lines are short: markers, dates and times are only looked for on short lines,
    # which keeps the cost of a long paragraph to a few cheap checks.
    if stripped and n_words <= PATTERN_MAX_WORDS:
        # a date and a clock time both hold digits: most short lines have none
        has_clock = n_words <= 15 and _DIGIT.search(stripped) and (has_date(stripped) or _TIME.search(stripped))
        timestamp = bool(has_clock) and not _HAS_LETTER.search(_TIMESTAMP_FILLER.sub("", stripped))
        # "Publié le" on its own line, its date on the next
        timestamp = timestamp or (n_words <= 4 and _DATE_LABEL_ALONE.fullmatch(stripped) is not None)
        if timestamp:
            pass
        elif not _HAS_LETTER.search(stripped):
            marker = ("navigation", "no_letters")
        else:
            if _COMMENT_ZONE.search(stripped):
                marker, comment_zone = ("comment", "comment_header"), True
            elif _COMMENT_LINE.search(stripped):
                marker = ("comment", "comment_form")
            elif (
                _CREDIT.search(stripped)
                or _UPPER_CREDIT.search(stripped)
                or _AGENCY_ALONE.fullmatch(stripped)
                or _VIA_LIBRARY.match(stripped)
            ):
                marker = ("credit", "credit_only") if n_words <= 8 else ("caption", "photo_credit")
            elif n_words <= PRODUCTION_CREDIT_MAX_WORDS and _PRODUCTION_CREDIT.match(stripped):
                marker = ("credit", "credit_only")
            elif _SOCIAL.search(stripped):
                marker = ("social", "share_follow")
            elif (n_words <= 8 and (_BYLINE.search(stripped) or _NEWSROOM_WITH_WIRE.match(stripped))) or (
                n_words <= CORRESPONDENT_MAX_WORDS and _CORRESPONDENT.search(stripped)
            ):
                marker = ("credit", "byline")
            elif _PAGE_META.search(stripped):
                marker = ("navigation", "page_widget")
            elif _RELATED.search(stripped):
                marker = ("related", "related_marker")
            elif _ADVERTISING.search(stripped):
                marker = ("advertising", "advertising_marker")
            elif _PAYWALL.search(stripped):
                marker = ("paywall", "paywall_marker")
    if marker is None and not timestamp and stripped and _is_flat_menu(stripped):
        marker = ("navigation", "page_widget")
    if marker is None and n_words <= SENTENCE_MARKER_MAX_WORDS and _CAPTION_OPENING.match(stripped):
        marker = ("caption", "photo_credit")
    if marker is None and n_words <= SENTENCE_MARKER_MAX_WORDS and _SITE_WIDGET.match(stripped):
        marker = ("navigation", "page_widget")
    if marker is None and n_words <= SENTENCE_MARKER_MAX_WORDS and _is_legal_links(stripped, n_words):
        marker = ("navigation", "page_widget")
    if marker is None and n_words <= SENTENCE_MARKER_MAX_WORDS and _has_embedded_post_link(stripped):
        marker = ("social", "share_follow")
    # a long caption ending in its credit: "… le 24 novembre 2023. - JEANNE MARTIN / AFP"; the
    # credit patterns are read on the line's end, and only when it holds a credit's glyph or
    # capitals, which keeps a paragraph's cost low
    if (
        marker is None
        and PATTERN_MAX_WORDS < n_words <= SENTENCE_MARKER_MAX_WORDS
        and _CREDIT_HINT.search(stripped[-40:])
    ):
        end = stripped[-CREDIT_TAIL_CHARS:]
        if _CREDIT.search(end) or _UPPER_CREDIT.search(end):
            marker = ("caption", "photo_credit")
    tail = stripped[-16:]  # end-of-line patterns only need the end of the line
    ends_sentence = bool(_SENTENCE_END.search(tail))
    # inner sentence ends only matter for a mid-length line that does not end like a sentence
    n_sentences = (
        1 + len(_INNER_SENTENCE_END.findall(stripped))
        if PROSE_MIN_WORDS <= n_words < PROSE_ANY_WORDS and not ends_sentence
        else 1
    )
    return LineShape(
        n_words=n_words,
        has_letters=bool(_HAS_LETTER.search(stripped)),
        ends_sentence=ends_sentence,
        ends_ellipsis=bool(_ELLIPSIS_END.search(tail)),
        n_sentences=n_sentences,
        marker=marker,
        comment_zone=comment_zone,
        timestamp=timestamp,
        key=line_key(stripped),
    )


def _is_flat_menu(text: str) -> bool:
    """Whether ``text`` is a menu on one line: at least :data:`MENU_MIN_ITEMS` items between
    one separator glyph, none longer than :data:`MENU_MAX_ITEM_WORDS` words (a first item may
    carry the menu's name) and none ending a sentence.

    >>> _is_flat_menu("Les rubriques International ▪ Politique ▪ Société ▪ Culture ▪ Sport")
    True
    >>> _is_flat_menu("Pyongyang • Moscou • Séoul : trois capitales, une crise qui dure depuis des mois.")
    False
    """
    for sep in _MENU_SEPARATORS:
        if text.count(sep) < MENU_MIN_ITEMS - 1:
            continue
        items = [item.strip() for item in text.split(sep)]
        # a byline and its date in fields ("Accueil | Par … | 14 février 2024") is a dateline
        if _DIGIT.search(text) and has_date(text):
            return False
        if any(_SENTENCE_END.search(item) for item in items):
            continue
        if all(1 <= count_words(item) <= MENU_MAX_ITEM_WORDS for item in items[1:]) and items[0]:
            return True
    return False


def split_lines(page: str) -> list[tuple[str, str]]:
    """Split a page into ``(text, eol)`` pairs; ``"".join(t + e)`` gives the page back.

    A date header glued to the first words of the article (``date 2025-10-27 Le président…``)
    becomes its own piece, so the date is audited and the paragraph stays whole.

    >>> split_lines("a\\r\\nb")
    [('a', '\\r\\n'), ('b', '')]
    """
    pieces: list[tuple[str, str]] = []
    for line in page.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        pieces.append((body, line[len(body) :]))
    return pieces


@lru_cache(maxsize=LINE_CACHE)
def _segments(text: str) -> tuple[str, ...]:
    """A date header followed by prose on the same line is two segments (cached: a site's chrome
    recurs on every page, and each copy would be searched for a year again)."""
    m = _DATE_HEADER.match(text) if _FOUR_DIGITS.search(text) else None  # a date header holds a year
    if m and len(_WORD.findall(text[m.end() :])) >= PROSE_MIN_WORDS:
        return m.group("head"), text[m.end() :]
    return (text,)


def _strip_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _first_person_outside_quotes(text: str) -> bool:
    """Whether ``text`` speaks in the first person singular outside its quotations, a quotation
    left open counting to the end of the paragraph.

    >>> _first_person_outside_quotes("Je suis reporter."), _first_person_outside_quotes("« Je ne signerai pas, dit-il")
    (True, False)
    >>> _first_person_outside_quotes("Le point i du traité."), _first_person_outside_quotes("le gendarme décédé. I")
    (False, False)
    >>> _first_person_outside_quotes("I think so.")
    True
    """
    outside = _UNCLOSED_QUOTE.sub(" ", _strip_quotes(text))
    return _FIRST_PERSON_AT_START.match(outside) is not None or _FIRST_PERSON_INSIDE.search(outside) is not None


def _is_name_line(text: str) -> bool:
    """A short line of capitalised words and nothing else: a byline or a quote's attribution."""
    if len(text) > 40:  # before splitting: the line below a paragraph is mostly another paragraph
        return False
    words = text.split()
    if not 2 <= len(words) <= 4 or re.search(r"[\d.!?,;:«»“”\"]", text):
        return False
    particles = {"de", "du", "des", "von", "van", "al", "el", "bin", "da", "di", "le", "la"}
    return all(w[:1].isupper() or w.lower() in particles for w in words) and words[0][:1].isupper()


@dataclass
class _Page:
    """One page while its lines are classified: the pieces, their features, and the roles
    and rules decided so far (``None`` = not yet decided). Each stage below fills some in."""

    pieces: list[tuple[int, int, str, str]]  # (line_no, part, text, eol)
    heads: set[int]  # pieces that are a date header split off a line
    feats: list[LineShape]
    role: list[str | None]
    rule: list[str]
    stripped: list[str]  # each piece's text without its surrounding white space, stripped once
    prose: list[bool] = None
    content: list[int] = None  # pieces that are article paragraphs, in order
    continues: set[int] = None  # pieces that continue the paragraph of the piece above (hard-wrapped text)

    def rows(self) -> list[LineRole]:
        return [LineRole(*self.pieces[i], self.role[i], self.rule[i]) for i in range(len(self.pieces))]


def _split_page(page: str) -> _Page:
    """Stage 1: the page's pieces (a line, or two segments when a date header is glued to prose)."""
    pieces: list[tuple[int, int, str, str]] = []
    heads: set[int] = set()
    for line_no, (text, eol) in enumerate(split_lines(page), start=1):
        segs = _segments(text)
        if len(segs) > 1:
            heads.add(len(pieces))
        for part, seg in enumerate(segs):
            pieces.append((line_no, part, seg, eol if part == len(segs) - 1 else ""))
    n = len(pieces)
    texts = [p[2] for p in pieces]
    return _Page(
        pieces=pieces,
        heads=heads,
        feats=[line_shape(t) for t in texts],
        role=[None] * n,
        rule=[""] * n,
        stripped=[t.strip() for t in texts],
    )


def _mark_by_line(page: _Page, chrome: frozenset[str]) -> None:
    """Stage 2: what a line says on its own (blank, date header, marker, site chrome); the rest may be prose."""
    for i, f in enumerate(page.feats):
        if not page.stripped[i]:
            page.role[i], page.rule[i] = "empty", "blank"
        elif i in page.heads:
            page.role[i], page.rule[i] = "timestamp", "date_header"
        elif f.timestamp:
            page.role[i], page.rule[i] = "timestamp", "date_time_only"
        elif f.marker:
            page.role[i], page.rule[i] = f.marker
        elif f.key in chrome and not f.prose:
            page.role[i], page.rule[i] = "navigation", "repeated_in_source"
    _mark_embedded_posts(page)
    _mark_alt_texts(page)
    page.prose = [page.role[i] is None and page.feats[i].prose for i in range(len(page.pieces))]
    page.continues = set()
    _mark_wrapped(page)
    _mark_transcript(page)
    page.content = [i for i in range(len(page.pieces)) if page.prose[i]]


def _timecode(text: str) -> int | None:
    """Seconds of the timecode opening a transcript line ("00:21 Oui, …", "1:02:05 Et …")."""
    m = _TIMECODE.match(text)
    if m is None:
        return None
    parts = [int(g) for g in m.groups() if g is not None]
    return sum(v * 60**k for k, v in enumerate(reversed(parts)))


def _mark_transcript(page: _Page) -> None:
    """Stage 2d: a video's transcript, one caption a line behind its timecode, cut wherever
    the speaker paused, so its lines are short and seldom end a sentence. A run of at least
    :data:`TRANSCRIPT_MIN_LINES` such lines whose timecodes start within the first minute and
    never go back is text. A ticker's clock times ("13:54 …") start later and go back, newest
    first."""
    n, i = len(page.pieces), 0
    while i < n:
        run, times, j = [], [], i
        while j < n:
            if page.role[j] == "empty":
                j += 1
                continue
            t = _timecode(page.pieces[j][2]) if page.role[j] is None else None
            if t is None or (times and t < times[-1]):
                break
            run.append(j)
            times.append(t)
            j += 1
        if len(run) >= TRANSCRIPT_MIN_LINES and times[0] < 60:
            for k in run:
                page.prose[k] = True
        i = max(j, i + 1)


def _mark_embedded_posts(page: _Page) -> None:
    """Stage 2a: an embedded post's text, the line just above its dated signature ("— Jeanne
    Martin (@jmartin) March 14, 2020"), which reads like a paragraph when it ends without a link.
    Only the nearest line, only as long as a post can be (:data:`POST_MAX_CHARS`), and only
    below two prose lines: on a page without blank lines between paragraphs the lines above it
    may be the article's, and a post embedded in an article follows some of its text (one prose
    line above may be a site's tagline over the headline, and the line the lead)."""
    for i, (_, _, text, _) in enumerate(page.pieces):
        if page.rule[i] != "share_follow" or not _DATED_POST_SIGNATURE.match(text):
            continue
        j = i - 1
        while j >= 0 and page.role[j] == "empty":
            j -= 1
        if (
            j >= 0
            and page.role[j] is None
            and len(page.stripped[j]) <= POST_MAX_CHARS
            and sum(page.role[k] is None and page.feats[k].prose for k in range(j)) >= 2
        ):
            page.role[j], page.rule[j] = "social", "share_follow"


def _mark_alt_texts(page: _Page) -> None:
    """Stage 2b: a picture's alternative text scraped above its caption. A line the next
    non-blank line (at most two lines down) repeats at its start, when that line is a caption,
    is the same caption without its credit."""
    n = len(page.pieces)
    for i in range(n - 1):
        text = page.stripped[i]
        if page.role[i] is not None or len(text) < ALT_TEXT_MIN_CHARS:
            continue
        j = next((k for k in range(i + 1, min(i + 3, n)) if page.role[k] != "empty"), None)
        if j is not None and page.role[j] == "caption" and page.stripped[j].startswith(text):
            page.role[i], page.rule[i] = "caption", page.rule[j]


def _wraps_onto(page: _Page, a: int, b: int) -> tuple[bool, bool]:
    """Whether line ``a`` may run on into line ``b`` (no sentence end, nothing decided yet),
    and whether something says it does: ``b`` starts in lower case, or ``a`` ends on a comma,
    a colon, a hyphen or a word no French or English sentence ends with."""
    fa = page.feats[a]
    ta, tb = page.stripped[a], page.stripped[b]
    if page.role[a] is not None or page.role[b] is not None or not ta or not tb or fa.ends_sentence:
        return False, False
    said = tb[:1].islower() or ta[-1] in ",:;-–(" or ta.rsplit(None, 1)[-1].lower() in _RUN_ON_WORDS
    return len(ta) >= WRAP_MIN_CHARS or said, said


def _mark_wrapped(page: _Page) -> None:
    """Stage 2c: hard-wrapped text (a plain-text copy of a page, a mirror, an email) breaks one
    paragraph over several lines. A run of lines that neither end a sentence nor carry a
    marker, with most of the breaks saying so (see :func:`_wraps_onto`), is one paragraph when
    its joined text is prose: its lines are prose, and each after the first continues it."""
    n, i = len(page.pieces), 0
    while i < n:
        j, said = i, 0
        while j + 1 < n:
            may, evidence = _wraps_onto(page, j, j + 1)
            if not may:
                break
            j, said = j + 1, said + evidence
        joined = " ".join(page.stripped[i : j + 1]) if j > i else ""
        if j > i and 2 * said >= j - i and line_shape(joined).prose:
            for k in range(i, j + 1):
                page.prose[k] = True
            page.continues.update(range(i + 1, j + 1))
        i = j + 1


def _mark_comments(page: _Page) -> None:
    """Stage 3: the comment section, from its header (after the article began) to the end."""
    n, content = len(page.pieces), page.content
    start = n
    for i in range(content[0] + 1, n) if content else ():
        if not page.feats[i].comment_zone:
            continue
        if _is_comment_count(page, i):
            page.role[i], page.rule[i] = "social", "comment_count"
            continue
        start = i
        break
    for i in range(start, n):
        if page.role[i] is None or page.role[i] == "timestamp":
            page.role[i], page.rule[i] = "comment", "in_comment_section"
        page.prose[i] = False
    page.content = [i for i in content if i < start]


def _is_comment_count(page: _Page, i: int) -> bool:
    """A count of comments ("61 commentaires") among share buttons is part of the share bar,
    not the header of the comment section."""
    if not _COMMENT_COUNT.match(page.pieces[i][2]):
        return False
    near = [j for j in range(i - 1, -1, -1) if page.role[j] != "empty"][:2]
    near += [j for j in range(i + 1, len(page.pieces)) if page.role[j] != "empty"][:2]
    return any(page.rule[j] == "share_follow" for j in near)


#: An author's blurb is a sentence or two ("Passionné et dévoué, j'explore…": 22 words); a longer
#: paragraph in the first person closing the page is the article's own (a reporter's account, a
#: column's last paragraph: 82 and 125 words on the development pages).
AUTHOR_BIO_MAX_WORDS = 60


def _mark_author_bio(page: _Page) -> None:
    """Stage 4: an author's blurb closing the page, in the first person where the article is not."""
    content = page.content
    if len(content) < 2:
        return
    last = content[-1]
    text = page.pieces[last][2]
    if (
        (_CONTACT_HINT.search(text) and _CONTACT.search(text))
        or ("@" in text and _CONTACT_ADDRESS.search(text))
        or (
            page.feats[last].n_words <= AUTHOR_BIO_MAX_WORDS
            and _first_person_outside_quotes(text)
            and not any(_first_person_outside_quotes(page.pieces[i][2]) for i in content[:-1])
        )
    ):
        page.role[last], page.rule[last] = "author_bio", "first_person_or_contact_at_end"
        page.prose[last] = False
        page.content = content[:-1]


def _dated_fields(text: str) -> bool:
    """A line of fields with a date among them ("Accueil | Par Jeanne Martin | 14 février 2024"):
    a byline or a dateline, never a headline.

    >>> _dated_fields("Monde | Par Jeanne Martin | 14 février 2024"), _dated_fields("Kim chez Poutine | Le Monde")
    (True, False)
    """
    return any(sep in text for sep in "|•·") and has_date(text)


def _headline_shaped(page: _Page, i: int) -> bool:
    """Whether line ``i`` is undecided and shaped as a headline: 3 to 40 words, no closing
    period, no clock time, not a line of dated fields, no bullet (an item of a list or of a
    digest: none of the 166 lines opening with a bullet on the labelled pages on disk is a headline)."""
    f = page.feats[i]
    text = page.pieces[i][2]
    ends_with_period = f.ends_sentence and not f.ends_ellipsis and text.rstrip().endswith(".")
    return (
        page.role[i] is None
        and TITLE_MIN_WORDS <= f.n_words <= TITLE_MAX_WORDS
        and not ends_with_period
        and not has_stamp(text)
        and not _dated_fields(text)
        and not _BULLETED.match(page.stripped[i])
    )


#: The rules that make a line a dateline or a byline on their own.
_DATELINE_RULES = frozenset({"date_header", "date_time_only", "byline"})


def _headline_above_dateline(page: _Page, first: int, nearest: int | None) -> int | None:
    """The headline-shaped line right above the header's last dateline or byline, when the
    header's nearest headline-shaped line is not the one right below it: on a full page the
    headline sits on its dateline, and share buttons, an image's alt text or a reader-mode link
    come between them and the article ("Titre / AFP 30 avril 2015 à 07:19 / Facebook / Lire en
    mode zen / (photo) / Premier paragraphe"). A page that puts its date above the headline
    ("19 juin 2024 / Titre / Premier paragraphe") keeps its nearest line."""
    non_empty = [i for i in range(first) if page.role[i] != "empty"]
    for at in range(len(non_empty) - 1, 0, -1):
        i = non_empty[at]
        if page.rule[i] in _DATELINE_RULES or (page.role[i] is None and has_stamp(page.pieces[i][2])):
            below = non_empty[at + 1] if at + 1 < len(non_empty) else None
            if below == nearest:  # the date above the headline; with no headline-shaped line, none
                return None
            above = non_empty[at - 1]
            return above if _headline_shaped(page, above) else None
    return None


def _mark_header(page: _Page) -> int | None:
    """Stage 5: above the article, the headline is the headline-shaped line nearest to it, or
    the one right above the header's dateline (:func:`_headline_above_dateline`); the rest is header."""
    first = page.content[0]
    title_at = next((i for i in range(first - 1, -1, -1) if _headline_shaped(page, i)), None)
    on_dateline = _headline_above_dateline(page, first, title_at)
    title_at = on_dateline if on_dateline is not None else title_at
    for i in range(first):
        if page.role[i] is None:
            page.role[i], page.rule[i] = (
                ("title", "headline_above_first_paragraph") if i == title_at else ("navigation", "page_header")
            )
    return title_at


def _repeats(key: str, ends_ellipsis: bool, seen: list[str]) -> bool:
    """Whether a paragraph's ``key`` repeats one ``seen`` above it: the same, or the start of one
    when it is cut short (``ends_ellipsis``) or long (60 characters or more)."""
    if len(key) < 20:
        return False
    if key in seen:
        return True
    return (ends_ellipsis or len(key) >= 60) and any(s.startswith(key) for s in seen)


def _is_pull_quote(page: _Page, i: int, nxt: int | None) -> bool:
    text = page.stripped[i]
    return (
        nxt is not None
        # an item of a list ("• Si vous avez voté par correspondance, …") above the list's next
        # heading is article text, however much it speaks to the reader
        and not _LIST_ITEM.match(text)
        and page.role[nxt] is None
        and _is_name_line(page.stripped[nxt])
        and bool(_FIRST_SECOND_PERSON.search(_strip_quotes(text)) or _QUOTED.fullmatch(text))
        and not _ATTRIBUTION.search(text)
    )


def _is_one_word_heading(page: _Page, i: int, nxt: int | None, text: str) -> bool:
    """A heading of one word ("Performativité", "L'ESSENTIEL") between two paragraphs: a menu
    item or a button stands among other short lines, not between paragraphs on both sides."""
    if nxt is None or not page.prose[nxt] or not _ONE_WORD_HEADING.fullmatch(text):
        return False
    above = next((j for j in range(i - 1, -1, -1) if page.role[j] != "empty"), None)
    return above is not None and page.prose[above] and page.role[above] in KEPT_ROLES


def _mark_lists(page: _Page) -> None:
    """Stage 5b: a list the article introduces with a sentence ending in a colon, below its first
    paragraph: the sentence and its bulleted items are article text (``list_item``), wherever the
    list falls (between paragraphs, or below the last one, where it would read as the footer).
    A line a marker or the header already decided is never part of one."""
    role, feats, stripped = page.role, page.feats, page.stripped
    n = len(page.pieces)
    for i in range(page.content[0] + 1, n):
        text = stripped[i]
        if (
            role[i] is not None
            or not text.endswith(":")
            or feats[i].n_words < LIST_INTRO_MIN_WORDS
            or not text[:1].isupper()
        ):
            continue
        items = []
        j = i + 1
        while j < n:
            if role[j] == "empty":
                j += 1
                continue
            if role[j] is not None or not _LIST_BULLET.match(stripped[j]):
                break
            if feats[j].n_words - 1 < LIST_ITEM_MIN_WORDS:
                break
            items.append(j)
            j += 1
        if len(items) >= LIST_MIN_ITEMS:
            for k in (i, *items):
                role[k], page.rule[k] = "body", "list_item"


def _mark_article(page: _Page, title_at: int | None) -> bool:
    """Stage 6: between the first and last paragraph, paragraphs, subheadings, pull quotes and
    repeats. Returns whether a related-articles list was still open at the last paragraph."""
    first, last = page.content[0], page.content[-1]
    role, rule, feats = page.role, page.rule, page.feats
    seen: list[str] = [feats[title_at].key] if title_at is not None else []
    in_related_list = lead_done = False
    # the next non-blank piece after each, up to the last paragraph (blank is "empty" from stage 2 on)
    following: dict[int, int | None] = {}
    nearest = None
    for j in range(last, first - 1, -1):
        following[j] = nearest
        if page.stripped[j]:
            nearest = j
    i = first
    while i <= last:
        if role[i] is not None:
            in_related_list = role[i] == "related" or (in_related_list and role[i] == "empty")
            i += 1
            continue
        f, text = feats[i], page.stripped[i]
        nxt = following[i]
        if _repeats(f.key, f.ends_ellipsis, seen):
            role[i], rule[i] = "duplicate", "repeats_earlier_paragraph"
        elif _is_pull_quote(page, i, nxt):
            role[i], rule[i] = "quote", "pull_quote"
            role[nxt], rule[nxt] = "quote", "pull_quote_attribution"
            i = nxt + 1
            continue
        elif i in page.continues and role[i - 1] in KEPT_ROLES:
            role[i], rule[i] = role[i - 1], "continues_paragraph"
        elif page.prose[i]:
            in_related_list = False
            role[i], rule[i] = ("body", "paragraph") if lead_done else ("lead", "first_paragraph")
            lead_done = True
            seen.append(f.key)
        elif in_related_list:
            role[i], rule[i] = "related", "related_list"
        elif 2 <= f.n_words <= SUBHEADING_MAX_WORDS and not text.endswith(".") or text.endswith("..."):
            role[i], rule[i] = "subheading", "short_line_between_paragraphs"
            seen.append(f.key)
        elif f.n_words >= PROSE_MIN_WORDS // 2 and f.ends_sentence:
            role[i], rule[i] = "body", "short_paragraph"
            seen.append(f.key)
        elif _is_one_word_heading(page, i, nxt, text):
            role[i], rule[i] = "subheading", "short_line_between_paragraphs"
            seen.append(f.key)
        else:
            role[i], rule[i] = "navigation", "stray_line_in_article"
        i += 1
    return in_related_list


def _mark_footer(page: _Page, in_related_list: bool) -> None:
    """Stage 7: below the last paragraph, footer chrome or the rest of a related list."""
    for i in range(page.content[-1] + 1, len(page.pieces)):
        if page.role[i] is None:
            page.role[i], page.rule[i] = (
                ("related", "related_list") if in_related_list else ("navigation", "page_footer")
            )
        elif page.role[i] != "empty":
            in_related_list = page.role[i] == "related"


#: kept lines that are part of a paragraph or a list, not blurbs of their own
_NOT_A_BLURB = ("continues_paragraph", "list_item")


def _mark_listing(page: _Page) -> None:
    """Stage 8: a tag, section or search page is a list of teasers, not an article: each
    "paragraph" is a short blurb under its own headline (never two blurbs in a row), or most
    blurbs are cut short with an ellipsis. Then every line the article stages kept is ``related``."""
    role, feats = page.role, page.feats
    paras = [i for i, r in enumerate(role) if r in ("lead", "body") and page.rule[i] not in _NOT_A_BLURB]
    if len(paras) < LISTING_MIN_TEASERS:
        return

    def above(i: int) -> int:
        j = i - 1
        while j >= 0 and role[j] == "empty":
            j -= 1
        return j

    teasers = [i for i in paras if feats[i].ends_ellipsis]
    headed = [role[above(i)] in ("subheading", "title") for i in paras]
    in_a_row = any(role[above(i)] in ("lead", "body") for i in paras)
    short = sum(feats[i].n_words for i in paras) / len(paras) <= LISTING_MAX_WORDS
    if short and not in_a_row and sum(headed) >= 0.75 * len(paras):
        listed = [i for i, r in enumerate(role) if r in KEPT_ROLES or r == "title"]
    elif len(teasers) >= LISTING_MIN_TEASERS and len(teasers) >= 0.6 * len(paras):
        # a ticker of cut-short blurbs (and their headlines) beside an article: the article stays
        listed = teasers + [above(i) for i in teasers if role[above(i)] in ("subheading", "title")]
    else:
        return
    for i in listed:
        role[i], page.rule[i] = "related", "listing_page"
    rest = [i for i, r in enumerate(role) if r in ("lead", "body")]
    if rest and "lead" not in (role[i] for i in rest):
        role[rest[0]], page.rule[rest[0]] = "lead", "first_paragraph"


def classify_lines(page: str, *, chrome: frozenset[str] = frozenset()) -> list[LineRole]:
    """Give every line of one page a role and the rule that decided it.

    ``chrome`` holds normalised lines known to repeat across pages of the same source
    (site navigation); :func:`line_roles` computes it for a whole corpus.

    Returns one :class:`LineRole` per line (or per segment, when a date header shares a
    line with the first paragraph: ``part`` counts the segments of a line). The decision
    runs in stages, one function each: split, what each line says on its own, the comment
    section, an author's blurb, the header above the article, the article's lists, the article,
    the footer.

    >>> page = "Partager sur Facebook\\nVladimir Poutine a été reçu à Pyongyang par son homologue nord-coréen.\\n"
    >>> [r.role for r in classify_lines(page)]
    ['social', 'lead']
    """
    state = _split_page(page)
    _mark_by_line(state, chrome)
    _mark_comments(state)
    _mark_author_bio(state)
    if not state.content:
        for i, r in enumerate(state.role):
            if r is None:
                state.role[i], state.rule[i] = "navigation", "no_article_text"
        return state.rows()
    title_at = _mark_header(state)
    _mark_lists(state)
    in_related_list = _mark_article(state, title_at)
    _mark_footer(state, in_related_list)
    _mark_listing(state)
    return state.rows()


def parse_date(text: str, *, two_digit_year: bool = False) -> pd.Timestamp | None:
    """The first full date (day, month and year) in ``text``, or ``None``. With
    ``two_digit_year``, a line of a page that is only a numeric date with a two-digit year
    (:data:`_SHORT_YEAR_DATE`) is read too, day first; a metadata field is not read so (its
    reader follows ``dayfirst`` and keeps the time).

    >>> parse_date("Publié le lundi 27 octobre 2025 à 10h31")
    Timestamp('2025-10-27 00:00:00')
    >>> parse_date("22:10") is None
    True
    >>> parse_date("Publié le 10/12/19 à 10h31", two_digit_year=True), parse_date("lundi 10.12.19", two_digit_year=True)
    (Timestamp('2019-12-10 00:00:00'), None)
    >>> parse_date("Publié le 10/12/19 à 10h31") is None
    True
    """
    if _FOUR_DIGITS.search(text) is None:  # no four-digit year: a two-digit year alone on its line, or no date
        return _short_year_date(text.strip()) if two_digit_year else None
    if _DATE_HINT.search(text) is None:
        return None
    for m in DATE.finditer(text):
        try:
            if m.group("iso"):
                y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            elif m.group("num"):
                y, mo, d = int(m.group("ny")), int(m.group("nm")), int(m.group("nd"))
                if mo > 12 >= d and 1900 <= y < 2100:
                    # "06/18/2025" cannot be read day first: a month-first site's date (not the
                    # digits of an address, "…/04/28/250428-img.jpg")
                    mo, d = d, mo
            elif m.group("dash"):
                y, mo, d = int(m.group("dy")), int(m.group("dm")), int(m.group("dd"))
            elif m.group("ymd"):
                y, mo, d = int(m.group("sy")), int(m.group("sm")), int(m.group("sd"))
            elif m.group("txt"):
                day = m.group("td")
                y, mo, d = int(m.group("ty")), _MONTHS[m.group("tm").lower()], 1 if day.lower() == "1er" else int(day)
            else:
                y, mo, d = int(m.group("ey")), _MONTHS[m.group("em").lower()], int(m.group("ed"))
            return pd.Timestamp(year=y, month=mo, day=d)
        except (ValueError, KeyError):
            continue
    return None


def article_date(rows: Iterable[LineRole]) -> pd.Timestamp | None:
    """The publication date a page states about itself, or ``None``.

    Only from a date header (a date-only line above the article, or one glued to its
    first line) or a line that says *publié / mis à jour / published*: never from a
    caption, a comment or a related-articles list.

    >>> article_date(classify_lines("date 2025-10-27 Le président russe a reçu lundi à Moscou la ministre."))
    Timestamp('2025-10-27 00:00:00')
    """
    rows = list(rows)
    first_kept = next((k for k, r in enumerate(rows) if r.role in KEPT_ROLES or r.role == "title"), len(rows))
    for k, r in enumerate(rows):
        if r.role == "timestamp" and (k < first_kept or r.rule == "date_header"):
            date = parse_date(r.text, two_digit_year=True)
            if date is not None:
                return date
    for r in rows:
        if r.role in ("timestamp", "navigation") and EXPLICIT_DATE_MARKER.search(r.text):
            date = parse_date(r.text, two_digit_year=True)
            if date is not None:
                return date
    return None


def detect_language(text: str, *, min_words: int = 5) -> str:
    """ISO code of the language whose function words cover most of ``text``
    (fr, en, de, es, it, pt, nl), or ``"und"`` when the text is too short or unclear.

    >>> detect_language("La Corée du Nord a été reçue au Kremlin par le président russe.")
    'fr'
    >>> detect_language("The president was received in Moscow on Monday by his counterpart.")
    'en'
    """
    words = _LETTERS.findall(text[:1500].lower())  # two paragraphs tell the language
    total = len(words)
    if total < min_words:
        return "und"
    # one C-level pass: how often each set of languages' function words occurs
    scores = dict.fromkeys(_FUNCTION_SETS, 0)
    for langs, count in Counter(map(_LANGUAGES_OF_WORD.get, words)).items():
        for lang in langs or ():
            scores[lang] += count
    best = max(scores, key=scores.get)
    return best if scores[best] / total >= 0.12 else "und"


def site_chrome(
    pages: pd.DataFrame, *, text: str = "page_text", source: str = "source", min_share: float = 0.3
) -> dict[str, frozenset[str]]:
    """Short lines repeated across pages of the same source, per source.

    A line counts as site chrome when it is not prose and appears in at least two
    distinct pages of a source and in at least ``min_share`` of them. Sources that are
    unknown (missing) are skipped: we cannot tell which pages share a site.

    >>> pages = pd.DataFrame({"source": ["s", "s"], "page_text": ["Menu\\nA.", "Menu\\nB."]})
    >>> sorted(site_chrome(pages)["s"])
    ['menu']
    """
    chrome: dict[str, frozenset[str]] = {}
    for src, group in pages.dropna(subset=[source]).groupby(source, sort=False):
        distinct = group[text].drop_duplicates()
        if len(distinct) < 2:
            continue
        counts: dict[str, int] = {}
        for page in distinct:
            for key in chrome_candidates(page):
                counts[key] = counts.get(key, 0) + 1
        need = chrome_threshold(len(distinct), min_share=min_share)
        found = frozenset(k for k, c in counts.items() if c >= need)
        if found:
            chrome[src] = found
    return chrome


def chrome_candidates(page: str) -> set[str]:
    """The keys of a page's short non-prose lines: what :func:`site_chrome` counts across
    the pages of a source (exposed so a large corpus can be counted in slices).

    >>> sorted(chrome_candidates("Menu\\nLa Russie et la Corée du Nord ont signé un traité de défense mutuelle."))
    ['menu']
    """
    feats = (line_shape(t) for t, _ in split_lines(page))
    return {f.key for f in feats if f.key and not f.prose and len(f.key.split()) <= 15}


def chrome_threshold(n_pages: int, *, min_share: float = 0.3) -> int:
    """In how many of a source's ``n_pages`` distinct pages a line must appear to be chrome
    (never fewer than 2; a source of one page has none).

    >>> chrome_threshold(2), chrome_threshold(100)
    (2, 30)
    """
    return max(2, math.ceil(min_share * n_pages))


def classify_pages(
    pages: pd.DataFrame,
    *,
    text: str = "page_text",
    doc_id: str = "doc_id",
    source: str = "source",
    assemble_pages: bool = True,
    chrome: dict[str, frozenset[str]] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Classify every page of a corpus: ``(lines table, {doc_id: assembled article})``.

    The work behind :func:`line_roles` and the loader, done once: site chrome is found per
    source (or given as ``chrome``, found over a larger corpus than ``pages``), each page is
    classified, and each page's title, lead, date and text assembled (``assemble_pages=False``
    skips that: :func:`kit.line_model.classify_pages` assembles the pages itself once the
    model has had its say).

    >>> lines, parts = classify_pages(pd.DataFrame({"doc_id": ["a"], "source": [None],
    ...     "page_text": ["La Russie et la Corée du Nord ont signé un traité de défense mutuelle."]}))
    >>> parts["a"]["n_words"]
    14
    """
    if chrome is None:
        chrome = site_chrome(pages, text=text, source=source)
    rows: list[tuple] = []
    parts: dict = {}
    srcs = pages[source] if source in pages else [None] * len(pages)
    done: dict[tuple, tuple] = {}  # a byte-identical page of the same source is classified once
    for did, page, src in zip(pages[doc_id], pages[text], srcs):
        src_chrome = chrome.get(src, frozenset()) if isinstance(src, str) else frozenset()
        key = (page, src_chrome)
        if key not in done:
            classified = classify_lines(page, chrome=src_chrome)
            done[key] = (classified, assemble(classified) if assemble_pages else None)
        classified, parts[did] = done[key]
        rows.extend((did, *r) for r in classified)
    return pd.DataFrame(rows, columns=["doc_id", *LineRole._fields]), parts


def line_roles(
    pages: pd.DataFrame, *, text: str = "page_text", doc_id: str = "doc_id", source: str = "source"
) -> pd.DataFrame:
    """The lines table: one row per raw line (per segment, see ``part``) of every page.

    Columns: ``doc_id, line_no, part, text, eol, role, rule``. For each ``doc_id``,
    ``"".join(text + eol)`` equals the page exactly.

    >>> pages = pd.DataFrame({"doc_id": ["a"], "source": [None],
    ...     "page_text": ["Rechercher\\nLa Russie et la Corée du Nord ont signé un traité de défense mutuelle."]})
    >>> line_roles(pages)[["line_no", "role"]].values.tolist()
    [[1, 'navigation'], [2, 'lead']]
    """
    return classify_pages(pages, text=text, doc_id=doc_id, source=source)[0]


def assemble(rows: Iterable[LineRole], *, find_date: bool = True) -> dict:
    """Title, lead, date, clean text and word count of one page from its classified lines.

    ``text`` holds the kept lines (lead, body, subheadings), stripped, one paragraph
    each, separated by a blank line.

    >>> page = "Un titre en quelques mots\\nLe premier paragraphe raconte tout de l'affaire du jour.\\n"
    >>> assemble(classify_lines(page))["title"]
    'Un titre en quelques mots'
    """
    rows = list(rows)
    title = next((r.text.strip() for r in rows if r.role == "title"), None)
    paragraphs: list[list] = []  # [role, text]; a hard-wrapped paragraph's lines joined again
    for r in rows:
        if r.role not in KEPT_ROLES:
            continue
        if r.rule == "continues_paragraph" and paragraphs:
            paragraphs[-1][1] += " " + r.text.strip()
        else:
            paragraphs.append([r.role, r.text.strip()])
    lead = next((t for role, t in paragraphs if role == "lead"), None)
    kept = [t for _, t in paragraphs]
    return {
        "title": title,
        "lead": lead,
        "text": "\n\n".join(kept),
        "date": article_date(rows) if find_date else None,
        "n_words": sum(line_shape(t).n_words for t in kept),
    }


_SHINGLE_BASE = np.uint64(1_000_003)
#: Texts shingled in one numpy pass: enough to amortise numpy's per-call cost, few enough to
#: keep the flat word list small.
SHINGLE_BATCH = 2_000


def _shingle_batch(ids: np.ndarray, lengths: np.ndarray, shingle: int) -> list[np.ndarray]:
    """For each of many texts, the sorted unique hashes of every run of ``shingle`` word ids (a
    polynomial hash, wrapping uint64 arithmetic), or of the whole text when it is shorter.
    ``ids`` holds the texts' word ids end to end, ``lengths`` each text's number of words (at
    least one); every run of every text is hashed in one numpy pass."""
    starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
    # level m holds, at every position p, the hash of the m words from p (m = 1 … shingle)
    levels = [ids]
    with np.errstate(over="ignore"):
        for m in range(2, shingle + 1):
            prev = levels[-1]
            levels.append(prev[:-1] * _SHINGLE_BASE + ids[m - 1 :])
    full = lengths >= shingle
    n_windows = np.where(full, lengths - shingle + 1, 1)
    text_of = np.repeat(np.arange(len(lengths)), n_windows)
    offsets = np.arange(len(text_of)) - np.repeat(np.cumsum(n_windows) - n_windows, n_windows)
    position = starts[text_of] + offsets
    hashes = np.empty(len(text_of), dtype=np.uint64)
    whole = full[text_of]
    if whole.any():
        hashes[whole] = levels[shingle - 1][position[whole]]
    for m in np.unique(lengths[~full]):  # a text shorter than a shingle: one hash of all its words
        short = ~whole & (lengths[text_of] == m)
        hashes[short] = levels[m - 1][position[short]]
    out = []
    for h in np.split(hashes.view(np.int64), np.cumsum(n_windows)[:-1]):
        h.sort()  # one small sort a text is faster than one lexsort of them all
        first = np.empty(len(h), dtype=bool)  # (np.r_ would cost more than the sort)
        first[0] = True
        np.not_equal(h[1:], h[:-1], out=first[1:])
        out.append(h[first])
    return out


def _arrow_strings(texts: list[str]) -> pa.Array:
    """Texts as an Arrow string array; a lone surrogate (a table read with ``surrogateescape``),
    which Arrow refuses, becomes U+FFFD."""
    try:
        return pa.array(texts, pa.large_string())
    except UnicodeEncodeError:
        return pa.array(
            [t.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for t in texts], pa.large_string()
        )


#: Bytes of originals' shingles a :class:`DuplicateFinder` keeps in memory; the rest go to a
#: temporary file and are read back only to confirm a candidate (a 600-word article has about
#: 600 shingles, 4.8 kB: 100,000 originals would hold 480 MB).
SHINGLES_IN_MEMORY = 64 * 2**20
#: Words whose hash a finder remembers (a cache: the hash is recomputed after it is emptied).
WORD_IDS_KEPT = 500_000
#: New postings a finder's index gathers in a dict before it merges them into its sorted arrays
#: (at least; the buffer grows with the index, so merging stays linear overall).
POSTINGS_BUFFER = 200_000


class _Postings:
    """The finder's index: sampled shingle -> the originals holding it, in the order they came,
    at most ``cap`` each. Old postings sit in two sorted numpy arrays (12 bytes a posting: a
    dict of lists took about 150), new ones in a dict until there are enough to merge.

    >>> p = _Postings(cap=2)
    >>> for original, shingles in enumerate([[5, 9], [9], [9, 4]]):
    ...     p.add(shingles, original)
    >>> p.lookup([9, 4, 7])
    [0, 1, 2]
    """

    def __init__(self, cap: int):
        self.cap = cap
        self.keys = np.empty(0, dtype=np.int64)
        self.values = np.empty(0, dtype=np.int64)
        self.recent: dict[int, list[int]] = {}
        self.n_recent = 0

    def _frozen(self, shingles: list[int]) -> tuple[list[int], list[int]]:
        """Where each shingle's old postings start and end in the arrays (empty when it has none)."""
        if not len(self.keys):
            nothing = [0] * len(shingles)
            return nothing, nothing
        wanted = np.asarray(shingles, dtype=np.int64)
        left, right = np.searchsorted(self.keys, wanted, "left"), np.searchsorted(self.keys, wanted, "right")
        return left.tolist(), right.tolist()

    def lookup(self, shingles: list[int]) -> list[int]:
        """The originals of each shingle in turn (old ones first), as one list."""
        found: list[int] = []
        recent = self.recent
        for g, a, b in zip(shingles, *self._frozen(shingles)):
            if b > a:
                found.extend(self.values[a:b].tolist())
            if g in recent:
                found.extend(recent[g])
        return found

    def add(self, shingles: list[int], original: int) -> None:
        recent, cap = self.recent, self.cap
        for g, a, b in zip(shingles, *self._frozen(shingles)):
            bucket = recent.setdefault(g, [])
            if b - a + len(bucket) < cap:  # a shingle shared by hundreds of texts tells nothing
                bucket.append(original)
                self.n_recent += 1
        if self.n_recent >= max(POSTINGS_BUFFER, len(self.keys) // 4):
            self._merge()

    def _merge(self) -> None:
        keys = np.fromiter((g for g, b in self.recent.items() for _ in b), dtype=np.int64, count=self.n_recent)
        values = np.fromiter((v for b in self.recent.values() for v in b), dtype=np.int64, count=self.n_recent)
        order = np.argsort(keys, kind="stable")  # a key's originals stay in the order they came
        keys, values = keys[order], values[order]
        at = np.searchsorted(self.keys, keys, "right")  # after the old postings of the same key
        self.keys, self.values = np.insert(self.keys, at, keys), np.insert(self.values, at, values)
        self.recent, self.n_recent = {}, 0


class DuplicateFinder:
    """Near-duplicate detection in corpus order, a text or a batch at a time (what
    :func:`near_duplicates` does over a whole Series, for corpora read in slices). Memory: each
    original's shingles are kept as a sorted ``int64`` array (8 bytes a shingle), in memory up
    to ``SHINGLES_IN_MEMORY`` bytes and past it in a temporary file, and one in
    ``sample_every`` in an index.

    >>> finder = DuplicateFinder()
    >>> [finder.add(k, t) for k, t in [("p", "a b c d e f g h"), ("q", "a b c d e f g h"), ("r", "x y z")]]
    [None, 'p', None]
    >>> text = " ".join("abcdefghijklmnopqrst")  # twenty words; the copy changes the last one
    >>> DuplicateFinder().add_many(["p", "q", "r"], [text, text[:-1] + "z", "x y z"])
    [None, 'p', None]
    """

    def __init__(self, *, threshold: float = 0.8, shingle: int = 5, sample_every: int = 8, max_postings: int = 200):
        self.threshold, self.shingle, self.sample_every, self.max_postings = (
            threshold,
            shingle,
            sample_every,
            max_postings,
        )
        self.first_by_text: dict[bytes, object] = {}
        self.labels: list = []  # of the originals, by number
        self.kept: list[np.ndarray] = []  # the first originals' shingles, while they fit in memory
        self.spilled: list[int] = []  # then byte offsets into the temporary file, one more than originals
        self.spill = None
        self.in_memory = 0
        self.postings = _Postings(max_postings)
        self.word_ids: dict[str, int] = {}

    def _keep(self, label, shingles: np.ndarray) -> None:
        self.labels.append(label)
        if self.spill is None and self.in_memory + shingles.nbytes <= SHINGLES_IN_MEMORY:
            self.kept.append(shingles)
            self.in_memory += shingles.nbytes
            return
        if self.spill is None:
            import tempfile

            self.spill = tempfile.TemporaryFile(prefix="kit-shingles-")  # removed when closed
            self.spilled.append(0)
        self.spill.seek(self.spilled[-1])
        self.spill.write(shingles.tobytes())
        self.spilled.append(self.spilled[-1] + shingles.nbytes)

    def _shingles(self, k: int) -> np.ndarray:
        if k < len(self.kept):
            return self.kept[k]
        at = k - len(self.kept)
        start, end = self.spilled[at], self.spilled[at + 1]
        self.spill.seek(start)
        return np.frombuffer(self.spill.read(end - start), dtype=np.int64)

    def add(self, label, t) -> object | None:
        """The label of an earlier text that ``t`` duplicates, or ``None`` (``t`` is then an original)."""
        return self.add_many([label], [t])[0]

    def add_many(self, labels: list, texts: list) -> list:
        """:meth:`add` for each text in order (the same answers), its shingles hashed in batches."""
        out: list = [None] * len(texts)
        for at in range(0, len(texts), SHINGLE_BATCH):
            self._add_batch(labels[at : at + SHINGLE_BATCH], texts[at : at + SHINGLE_BATCH], out, at)
        return out

    def _add_batch(self, labels: list, texts: list, out: list, at: int) -> None:
        # exact copies first: a text's digest is registered whatever the near-copy check says of it
        todo = []
        for k, (label, t) in enumerate(zip(labels, texts)):
            if not isinstance(t, str) or not t.strip():
                continue
            digest = hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            if digest in self.first_by_text:  # an exact copy: no need to shingle it
                out[at + k] = self.first_by_text[digest]
                continue
            self.first_by_text[digest] = label
            todo.append(k)
        if not todo:
            return
        # lower-cased and split on white space by Arrow in C: only the distinct words reach Python
        words = pc.utf8_split_whitespace(pc.utf8_lower(_arrow_strings([texts[k] for k in todo])))
        lengths = pc.list_value_length(words).to_numpy(zero_copy_only=False).astype(np.int64)
        if not lengths.all():  # white space to Arrow but not to Python: no words, nothing to compare
            todo = [k for k, n in zip(todo, lengths) if n]
            lengths = lengths[lengths > 0]
        encoded = pc.list_flatten(words).dictionary_encode()
        word_ids = self.word_ids
        if len(word_ids) > WORD_IDS_KEPT:  # a corpus's vocabulary keeps growing; the ids do not change
            word_ids.clear()
        # word ids from crc32 make the hashes stable across runs (str hashes are salted)
        distinct = encoded.dictionary.to_pylist()
        for w in set(distinct).difference(word_ids):
            word_ids[w] = zlib.crc32(w.encode("utf-8", "surrogatepass"))
        id_of = np.fromiter(map(word_ids.__getitem__, distinct), dtype=np.uint64, count=len(distinct))
        ids = id_of[encoded.indices.to_numpy(zero_copy_only=False)]
        for k, mine in zip(todo, _shingle_batch(ids, lengths, self.shingle)):
            sampled = mine[mine % self.sample_every == 0].tolist()
            out[at + k] = self._match(mine, sampled)
            if out[at + k] is not None:
                continue
            self._keep(labels[k], mine)
            self.postings.add(sampled, len(self.labels) - 1)

    def _match(self, mine: np.ndarray, sampled: list[int]) -> object | None:
        votes = Counter(self.postings.lookup(sampled))
        for k, _ in votes.most_common(5):
            other = self._shingles(k)
            shared = _n_shared(mine, other)
            if shared / (len(mine) + len(other) - shared) >= self.threshold:
                return self.labels[k]
        return None


def _n_shared(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted arrays of distinct values share (``len(np.intersect1d(a, b))``
    without sorting them again).

    >>> _n_shared(np.array([1, 3, 5, 7]), np.array([3, 4, 7, 9, 11]))
    2
    """
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0  # past the end: compared with b[0], which is smaller, so not equal
    return int(np.count_nonzero(b[at] == a))


def near_duplicates(
    texts: pd.Series, *, threshold: float = 0.8, shingle: int = 5, sample_every: int = 8, max_postings: int = 200
) -> pd.Series:
    """For each text, the index label of an earlier text it duplicates, or ``None``.

    Exact copies are found by hash. Near-copies (the same wire story lightly edited) are
    found by word ``shingle``-grams: one shingle in ``sample_every`` (chosen by hash, so
    the same in every text) is looked up among the originals seen so far, and a candidate is
    confirmed when the Jaccard similarity of all shingles is at least ``threshold``.
    The first text of a group is the original and is never flagged; flagged texts point to it.
    (:class:`DuplicateFinder` does the same one text at a time.)

    >>> near_duplicates(pd.Series(["a b c d e f g h", "a b c d e f g h", "x y z"], index=["p", "q", "r"])).tolist()
    [None, 'p', None]
    """
    finder = DuplicateFinder(threshold=threshold, shingle=shingle, sample_every=sample_every, max_postings=max_postings)
    # plain lists: iterating a pyarrow-backed Series item by item is several times slower
    labels = texts.index.tolist()
    result = dict(zip(labels, finder.add_many(labels, texts.tolist())))
    return pd.Series(result, dtype=object).reindex(texts.index)


def role_summary(lines: pd.DataFrame, *, articles: pd.DataFrame | None = None, by: str = "source") -> pd.DataFrame:
    """Lines and words per line role, per ``by`` group: what the cleaning kept and removed.

    Pages that were not loaded (all chrome) count under ``"not loaded: <doc_id>"``.
    Columns: ``by, role, kept, n_lines, n_words``.

    >>> lines = line_roles(pd.DataFrame({"doc_id": ["a"], "source": ["s"],
    ...     "page_text": ["Rechercher\\nLa Russie et la Corée du Nord ont signé un traité de défense."]}))
    >>> summary = role_summary(lines, articles=pd.DataFrame({"doc_id": ["a"], "source": ["s"]}))
    >>> summary[["role", "n_words"]].values.tolist()
    [['lead', 13], ['navigation', 1]]
    """
    columns = [by, "role", "kept", "n_lines", "n_words"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    groups = articles.set_index("doc_id")[by] if articles is not None and by in articles else pd.Series(dtype=object)
    frame = lines.assign(
        **{by: lines["doc_id"].map(groups).fillna("not loaded: " + lines["doc_id"].astype(str))},
        n_words=lines["text"].map(count_words),
    )
    frame = frame[frame["role"] != "empty"]
    out = frame.groupby([by, "role"], sort=True).agg(n_lines=("text", "size"), n_words=("n_words", "sum")).reset_index()
    out.insert(2, "kept", out["role"].isin(KEPT_ROLES))
    return out[columns]
