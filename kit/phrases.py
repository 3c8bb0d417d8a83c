"""How is a phrase found in a text? Folding, matching tokens, and phrase search shared by every stage.

* :func:`fold`: the form matching uses (lower case, no accents, plain apostrophes);
* :func:`line_key`: the form repetition checks use (lower case, white space folded,
  trailing punctuation dropped, accents kept);
* :func:`match_tokens`: spaCy's French tokenizer, hyphens inside compounds dropped
  (typographic and non-breaking hyphens and spaces count as plain ones);
* :func:`spelling_variants`, :func:`glued_forms`: the spellings a name takes, generated from
  a table of alternative spellings (transliterations) and by writing its words together;
* :class:`PhraseIndex`: a spaCy ``PhraseMatcher`` over folded tokens, built from any table
  with a phrase column, and :func:`longest_spans` to keep the longest of overlapping matches;
* :func:`phrase_hits`: every match of a table's phrases in ``articles.text``.

>>> index = PhraseIndex.build(pd.DataFrame({"alias": ["Corée du Nord"]}))
>>> toks, found = index.spans("La Coree du nord et la Russie")
>>> [(toks[s][1], toks[e - 1][2]) for s, e, _ in found]
[(3, 16)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

import pandas as pd

HYPHENS = ("-", "–", "‐", "‑")
#: Quotation marks, each a token of its own: matching reads through them
QUOTES = frozenset('"«»“”„‟‹›')
# One character for one (offsets stay true): typographic and non-breaking hyphens become "-",
# non-breaking and thin spaces a space, before tokenizing.
_GLYPHS = str.maketrans(
    {**{c: "-" for c in "\u2010\u2011\u2012\u2212\ufe63\uff0d"}, **{c: " " for c in "\u00a0\u2007\u202f\u2009"}}
)
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4\u0060\u2032"})


def fold(text: str) -> str:
    """Lower case, accents removed, compatibility glyphs unfolded (NFKD: "Ⅲ" is "iii"),
    typographic apostrophes made plain, soft hyphens dropped: the form matching uses.

    >>> fold("Choïgou, l’État"), fold("KimⅢ"), fold("Pou\u00adtine")
    ("choigou, l'etat", 'kimiii', 'poutine')
    """
    text = text.translate(_APOSTROPHES).replace("\u00ad", "").replace("œ", "oe").replace("Œ", "Oe")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(name: str) -> list[str]:
    """The folded words of a name, split on spaces and hyphens of every kind.

    >>> name_words("Choe Son‑hui")
    ['choe', 'son', 'hui']
    """
    return [w for w in re.split(r"[\s\-–]+", fold(name.translate(_GLYPHS))) if w]


def spelling_variants(word: str, rules: list[tuple[str, str]], *, limit: int = 32) -> list[str]:
    """Every spelling of one folded ``word`` reached by applying ``rules`` (``(regex,
    replacement)`` pairs, e.g. French to English transliteration), each at one place or at
    every place, in turn; at most ``limit`` spellings, the word itself first.

    >>> spelling_variants("choigou", [("ch", "sh"), ("ou", "u")])
    ['choigou', 'choigu', 'shoigou', 'shoigu']
    """
    forms = {word}
    for pattern, replacement in rules:
        new = set()
        for form in forms:
            for m in re.finditer(pattern, form):
                new.add(form[: m.start()] + replacement + form[m.end() :])
            new.add(re.sub(pattern, replacement, form))
        forms |= new
        if len(forms) >= limit:
            break
    return [word] + sorted(forms - {word})[: limit - 1]


def name_variants(
    name: str, *, alternatives: dict[str, list[str]] | None = None, rules: list[tuple[str, str]] = (), limit: int = 256
) -> list[str]:
    """Spellings of a name, word by word: each word's listed ``alternatives`` (a syllable
    table: ``{"son": ["son", "seon", "sun"]}``) or its :func:`spelling_variants` under
    ``rules``, in every combination (at most ``limit``, the name's own folded form first).

    >>> name_variants("Choe Son-hui", alternatives={"choe": ["choe", "choi"], "son": ["son", "seon"]})
    ['choe son hui', 'choe seon hui', 'choi son hui', 'choi seon hui']
    """
    alternatives = alternatives or {}
    options = [alternatives.get(w) or spelling_variants(w, list(rules)) for w in name_words(name)]
    out = []
    for combo in product(*options):
        out.append(" ".join(combo))
        if len(out) >= limit:
            break
    return out


def glued_forms(name: str, *, tail: int = 0) -> list[str]:
    """A name with words written together: all of them ("KimJongUn", "KimIII"), and with
    ``tail`` > 1 its last ``tail`` words only ("Kim Jongun"); one-word names have none.

    >>> glued_forms("Kim Jong Un", tail=2)
    ['kimjongun', 'kim jongun']
    """
    words = name_words(name)
    if len(words) < 2:
        return []
    out = ["".join(words)]
    if 1 < tail < len(words):
        out.append(" ".join(words[:-tail] + ["".join(words[-tail:])]))
    return out


#: Keys :func:`line_key` keeps: site chrome repeats a few thousand lines, and every unique
#: paragraph kept only grows the process (it held up to 200,000: about 180 MB of short
#: synthetic lines, measured).
LINE_KEY_CACHE = 20_000


@lru_cache(maxsize=LINE_KEY_CACHE)
def line_key(text: str) -> str:
    """Lower-case, fold white space, drop a trailing ellipsis and punctuation: the key
    used to spot a repeated paragraph or a line repeated across pages (accents kept).

    >>> line_key("  La Corée du Nord,...  ")
    'la corée du nord'
    """
    return " ".join(text.lower().split()).rstrip(' .,;:!?…"»”’-–—')


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("fr")


def match_tokens(text: str) -> list[tuple[str, int, int]]:
    """``(folded form, start, end)`` of each token used for matching: spaCy's French
    tokenizer, hyphens between words dropped (so "Jong-un" = "Jong un" and "Poutine-Kim"
    is two names).

    >>> [t[0] for t in match_tokens("la rencontre Poutine-Kim")]
    ['la', 'rencontre', 'poutine', 'kim']
    >>> [t[0] for t in match_tokens("la République populaire « démocratique » de Corée")]
    ['la', 'republique', 'populaire', 'democratique', 'de', 'coree']
    >>> [t[0] for t in match_tokens("selon M.Kim, à Pyongyang.Kim Jong Un")][1:6]
    ['m.', 'kim', ',', 'a', 'pyongyang']
    """
    out = []
    for tok in _tokenizer()(text.translate(_GLYPHS)):
        if tok.is_space:
            continue
        if tok.text in HYPHENS and not tok.whitespace_ and tok.i > 0 and not tok.nbor(-1).whitespace_:
            continue  # a hyphen inside a compound
        if tok.text in QUOTES:
            continue  # a word in quotes inside a name: la république populaire « démocratique » de Corée
        glued = _GLUED_AFTER_PERIOD.search(tok.text)
        if glued:  # "M.Kim", "Pyongyang.Kim": a page flattened without the space after a period
            out.extend(_split_after_period(tok.text, tok.idx, glued.start()))
            continue
        out.append((fold(tok.text), tok.idx, tok.idx + len(tok.text)))
    return out


#: A period with a letter before it and a capitalised word after it, inside one token.
_GLUED_AFTER_PERIOD = re.compile(r"(?<=[^\W\d_])\.(?=[A-ZÀ-Ý][a-zà-ÿ])")


def _split_after_period(text: str, start: int, period: int) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` (at ``start`` in the article) as if a space followed the period at
    ``period``, so the tokenizer decides what the period belongs to ("M." stays an honorific)."""
    spaced = text[: period + 1] + " " + text[period + 1 :]
    out = []
    for tok in _tokenizer()(spaced):
        if tok.is_space:
            continue
        shift = start if tok.idx <= period else start - 1
        out.append((fold(tok.text), tok.idx + shift, tok.idx + shift + len(tok.text)))
    return out


def longest_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping ``(start, end, key)`` spans (earlier first on ties),
    like ``spacy.util.filter_spans``.

    >>> longest_spans([(0, 2, "vladimir poutine"), (1, 2, "poutine")])
    [(0, 2, 'vladimir poutine')]
    """
    kept, taken = [], set()
    for s, e, key in sorted(spans, key=lambda m: (-(m[1] - m[0]), m[0])):
        if not taken.intersection(range(s, e)):
            kept.append((s, e, key))
            taken.update(range(s, e))
    return sorted(kept)


@dataclass
class PhraseIndex:
    """Phrases of a table compiled into a spaCy ``PhraseMatcher`` over folded tokens;
    ``candidates`` maps each folded phrase to the table rows (dicts) that carry it."""

    table: pd.DataFrame
    matcher: object = None
    candidates: dict = field(default_factory=dict)

    @classmethod
    def build(cls, table: pd.DataFrame, *, phrase: str = "alias") -> PhraseIndex:
        """Compile the ``phrase`` column of ``table``.

        >>> PhraseIndex.build(pd.DataFrame({"alias": ["Kim", "KIM"]})).candidates["kim"][1]["alias"]
        'KIM'
        """
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        vocab = _tokenizer().vocab
        matcher = PhraseMatcher(vocab, attr="ORTH")
        candidates: dict[str, list[dict]] = {}
        for row in table.to_dict("records"):
            words = [t[0] for t in match_tokens(str(row[phrase]))]
            if not words:
                continue
            key = " ".join(words)
            if key not in candidates:
                candidates[key] = []
                matcher.add(key, [Doc(vocab, words=words)])
            candidates[key].append(row)
        return cls(table=table, matcher=matcher, candidates=candidates)

    def spans(self, text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int, str]]]:
        """Tokens of ``text`` and the raw matches ``(first token, end token, folded phrase)``.

        >>> PhraseIndex.build(pd.DataFrame({"alias": ["Vladimir Poutine", "Poutine"]})).spans("Vladimir Poutine")[1]
        [(0, 2, 'vladimir poutine'), (1, 2, 'poutine')]
        """
        from spacy.tokens import Doc

        toks = match_tokens(text)
        if not toks:
            return toks, []
        doc = Doc(self.matcher.vocab, words=[t[0] for t in toks])
        found = [(s, e, self.matcher.vocab.strings[k]) for k, s, e in self.matcher(doc)]
        return toks, sorted(found, key=lambda m: (m[0], m[1]))


def phrase_hits(
    articles: pd.DataFrame, table: pd.DataFrame, *, phrase: str = "term", text: str = "text"
) -> pd.DataFrame:
    """Every match (longest first) of ``table[phrase]`` in ``articles[text]``: one row per
    match and table row carrying it, columns ``doc_id, start, end`` plus the table's columns.

    >>> arts = pd.DataFrame({"doc_id": ["a"], "text": ["La guerre en Ukraine dure."]})
    >>> phrase_hits(arts, pd.DataFrame({"term": ["guerre en Ukraine"]}))[["doc_id", "start", "end"]].values.tolist()
    [['a', 3, 20]]
    """
    index = PhraseIndex.build(table, phrase=phrase)
    rows = []
    for did, body in zip(articles["doc_id"], articles[text]):
        toks, raw = index.spans(body) if isinstance(body, str) else ([], [])
        for s, e, key in longest_spans(raw):
            for cand in index.candidates[key]:
                rows.append({"doc_id": did, "start": toks[s][1], "end": toks[e - 1][2], **cand})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", *table.columns])
