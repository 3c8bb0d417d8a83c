"""How sure are we of each line's role? Line features, and the learned model that reads them.

The rules of :mod:`kit.clean` describe how news pages are built; on pages from outlets they
were not written against, they slip. This module turns every line (or segment) of a page into
numbers — the rules' own verdict, the line's shape, its position against the article's
paragraphs, its neighbours, repetition in the page and across the source's pages, and hashed
words of short lines — and a multinomial logistic regression, trained on the labelled
development set (``devset/``, scored outlet by outlet), gives each line a role with a
probability and the features that weighed most for it.

The model is a small JSON file shipped in the package (``kit/models/line_roles.json``),
trained by ``devset/train_line_model.py``; predicting needs only numpy.

>>> import pandas as pd
>>> pages = pd.DataFrame({"doc_id": ["a"], "source": [None], "page_text": [
...     "Partager sur Facebook\\nLe titre de l'article en quelques mots\\n"
...     "La Russie et la Corée du Nord ont signé un traité de défense mutuelle, a annoncé Moscou."]})
>>> lines, parts = classify_pages(pages)
>>> lines["role"].tolist(), parts["a"]["title"]
(['social', 'title', 'lead'], "Le titre de l'article en quelques mots")
"""

from __future__ import annotations

import json
import math
import re
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pandas as pd

from kit import clean, paths, phrases
from kit.phrases import fold, line_key

MODEL_FILE = Path(__file__).resolve().parent / "models" / "line_roles.json"
#: Bump when a feature changes meaning: a model trained on other features is refused.
FEATURE_VERSION = 7
HASH_BUCKETS = 256
#: The classes the model tells apart; lead, body and subheading are one class, ``kept``,
#: split afterwards by shape and position (the first kept paragraph is the lead).
KEPT = "kept"
RULES = (
    "advertising_marker",
    "blank",
    "byline",
    "comment_form",
    "comment_count",
    "comment_header",
    "continues_paragraph",
    "credit_only",
    "date_header",
    "date_time_only",
    "first_paragraph",
    "headline_above_first_paragraph",
    "in_comment_section",
    "listing_page",
    "no_article_text",
    "no_letters",
    "page_footer",
    "page_header",
    "page_widget",
    "paragraph",
    "paywall_marker",
    "photo_credit",
    "pull_quote",
    "pull_quote_attribution",
    "related_list",
    "related_marker",
    "repeated_in_source",
    "repeats_earlier_paragraph",
    "share_follow",
    "short_line_between_paragraphs",
    "short_paragraph",
    "stray_line_in_article",
)
_URL = re.compile(r"https?://|www\.|\.(?:com|fr|be|ch|ca|org|net)\b|pic\.twitter", re.I)
_HANDLE = re.compile(r"(?:^|\s)[@#]\w")
_WORDS = re.compile(r"[^\W\d_]+", re.U)
_EN = frozenset("the of and to in is that for it on with as was by be at this are from have has".split())
_FR = frozenset("le la les de des du un une et est en que qui dans pour pas sur au aux avec ce il elle".split())


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % HASH_BUCKETS


_ASCII_UPPER, _ASCII_LOWER, _ASCII_DIGITS = (bytes(range(a, b + 1)) for a, b in ((65, 90), (97, 122), (48, 57)))
#: the ASCII characters str.isspace() is true of
_ASCII_SPACES = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_CLASSES = (_ASCII_UPPER, _ASCII_LOWER, _ASCII_DIGITS, _ASCII_SPACES)


#: a text's other characters, found in C (str.translate with a dict looks each character up in Python's dict)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _char_counts(text: str) -> tuple[int, int, int, int]:
    """Upper-case letters, lower-case letters, digits and white space in ``text``, as
    ``str.isupper``, ``islower``, ``isdigit`` and ``isspace`` count them. The ASCII characters
    are counted by deleting each class of bytes, in C; only the others (a French line's few
    accented letters) are tested one by one.

    >>> _char_counts("Le 8 mai, à Moscou"), _char_counts("Le 8 mai, a Moscou"), _char_counts("É² ⅢÀ\u00a0")
    ((2, 10, 1, 4), (2, 10, 1, 4), (3, 0, 1, 2))
    """
    raw = text.encode("ascii", "ignore")
    n = len(raw)
    upper, lower, digits, spaces = (n - len(raw.translate(None, chars)) for chars in _ASCII_CLASSES)
    if n == len(text):
        return upper, lower, digits, spaces
    rest = _NOT_ASCII.findall(text)
    return (
        upper + sum(map(str.isupper, rest)),
        lower + sum(map(str.islower, rest)),
        digits + sum(map(str.isdigit, rest)),
        spaces + sum(map(str.isspace, rest)),
    )


@lru_cache(maxsize=clean.LINE_CACHE)
def _text_features(text: str) -> tuple[bytes, tuple[int, ...]]:
    """Shape features of one line's text (float32, as bytes: a chunk's rows are joined into the
    feature matrix at once, not converted float by float), and the hash buckets of its words
    (short lines only)."""
    f = clean.line_shape(text)
    stripped = text.strip()
    full_length = len(stripped)
    stripped = stripped[:120]  # a paragraph's shape shows in its first 120 characters
    uppers, lowers, digits, spaces = _char_counts(stripped)
    letters = uppers + lowers
    n_chars = max(len(stripped), 1)
    words = _WORDS.findall(fold(stripped)) if f.n_words <= clean.PATTERN_MAX_WORDS else []
    head_words = stripped.split()
    titled = sum(map(str.isupper, map(itemgetter(0), head_words))) / max(len(head_words), 1)  # words are never empty
    folded_words = [w.strip(".,;:!?«»\"'’()") for w in stripped.lower().split()]
    n_fw = max(len(folded_words), 1)
    dense = (
        math.log1p(f.n_words),
        math.log1p(full_length),
        float(f.has_letters),
        float(f.ends_sentence),
        float(f.ends_ellipsis),
        math.log1p(f.n_sentences),
        float(f.prose),
        float(f.timestamp),
        float(clean.has_date(stripped)) if f.n_words <= 30 else 0.0,
        uppers / max(letters, 1),
        digits / n_chars,
        (len(stripped) - letters - digits - spaces) / n_chars,
        titled,
        # every form of an address has a "." or a ":", of a handle an "@" or a "#"
        float(("." in stripped or ":" in stripped) and _URL.search(stripped) is not None),
        float(("@" in stripped or "#" in stripped) and _HANDLE.search(stripped) is not None),
        float(stripped.endswith(":")),
        float(stripped[:1] in '«"“'),
        float(stripped[:1].islower()) if stripped else 0.0,
        sum(map(_FR.__contains__, folded_words)) / n_fw,
        sum(map(_EN.__contains__, folded_words)) / n_fw,
        float(f.n_words <= 3),
        float(3 < f.n_words <= 12),
    )
    return _DENSE_ROW.pack(*dense), tuple(sorted({_bucket(w) for w in words}))


DENSE_NAMES = (
    "log_words",
    "log_chars",
    "has_letters",
    "sentence_end",
    "ellipsis_end",
    "log_sentences",
    "is_prose",
    "timestamp",
    "has_date",
    "upper_ratio",
    "digit_ratio",
    "punct_ratio",
    "titlecase_ratio",
    "has_url",
    "has_handle",
    "ends_colon",
    "starts_quote",
    "starts_lower",
    "french_words",
    "english_in_french_page",
    "very_short",
    "short",
)
#: one line's DENSE_NAMES as float32 bytes (struct rounds a float as numpy's float32 cast does)
_DENSE_ROW = struct.Struct(f"={len(DENSE_NAMES)}f")
POSITION_NAMES = (
    "rel_position",
    "before_first_prose",
    "after_last_prose",
    "log_dist_prose",
    "log_prose_before",
    "log_prose_after",
    "prev_prose",
    "next_prose",
    "prev_log_words",
    "next_log_words",
    "prev_blank",
    "next_blank",
    "repeated_in_page",
    "same_as_title_candidate",
    "log_lines",
    "first_nonempty",
    "last_nonempty",
)


#: The rule that decided the nearest non-blank line above and below: a caption under a photo
#: credit, a teaser under a "Lire aussi", a paragraph between paragraphs read alike whatever
#: their own words.
NEIGHBOUR_NAMES = (*(f"above:rule={r}" for r in RULES), *(f"below:rule={r}" for r in RULES))


#: Where on the page a line sits, read from more than its nearest neighbours: a marker that opens a
#: page's furniture below it ("Lire aussi", the comments, share buttons, a paywall, a byline or
#: dateline) anywhere above the line; how much of the text around it (two, then five non-blank
#: lines either side) is prose, and how long; the length of the run of prose lines it belongs to.
#: A related story's teaser or a comment reads as prose alone, not inside a list of short lines
#: under "Lire aussi".
SECTION_MARKERS = (
    "related_marker",
    "comment_header",
    "comment_form",
    "in_comment_section",
    "share_follow",
    "paywall_marker",
    "byline",
    "date_header",
)
SECTION_WINDOWS = (2, 5)
SECTION_NAMES = (
    *(f"above:any={r}" for r in SECTION_MARKERS),
    *(f"around{k}:{v}" for k in SECTION_WINDOWS for v in ("prose", "log_words")),
    "log_prose_run",
)


#: Where a line sits against the page's main block of text: its prose lines (each at most
#: MAIN_BLOCK_GAP non-blank, non-prose lines from the next) with the most words. Sidebars, tickers
#: and teasers below an article read as prose line by line, but sit outside its main block.
MAIN_BLOCK_GAP = 1
MAIN_BLOCK_NAMES = ("in_main_block", "above_main_block", "below_main_block", "log_dist_main_block")


def main_block_features(prose: np.ndarray, log_words: np.ndarray, doc_ids: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """The :data:`MAIN_BLOCK_NAMES` columns of every line (pages contiguous). Distances count
    non-blank lines; blank lines get zeros, as does a page without prose.

    >>> prose = np.array([0, 1, 1, 0, 0, 0, 1, 0], dtype=bool)
    >>> out = main_block_features(prose, np.array([1, 3, 3, 1, 1, 1, 3, 1.0]), np.array(["a"] * 8), np.zeros(8, bool))
    >>> out[:, 0].tolist(), out[:, 2].tolist()
    ([0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    """
    n = len(doc_ids)
    out = np.zeros((n, len(MAIN_BLOCK_NAMES)), dtype=np.float32)
    filled = np.flatnonzero(~np.asarray(blank, dtype=bool))
    if not len(filled):
        return out
    # all pages at once: positions count the non-blank lines in a row, pages contiguous
    _, _, page = page_bounds(doc_ids)
    fpage = page[filled]
    at = np.flatnonzero(np.asarray(prose, dtype=bool)[filled])
    if not len(at):
        return out
    apage = fpage[at]
    new_block = np.r_[True, (np.diff(at) - 1 > MAIN_BLOCK_GAP) | (apage[1:] != apage[:-1])]
    block = np.cumsum(new_block) - 1
    weight = np.bincount(block, weights=np.asarray(log_words, dtype=np.float64)[filled[at]])
    block_page = apage[new_block]
    block_first = at[new_block]
    block_last = at[np.r_[new_block[1:], True]]
    # each page's heaviest block, the first of equals (a stable sort by page, then weight falling)
    order = np.lexsort((-weight, block_page))
    heads = order[np.r_[True, block_page[order][1:] != block_page[order][:-1]]]
    first = np.full(page.max() + 1, -1)
    last = np.full(page.max() + 1, -1)
    first[block_page[heads]], last[block_page[heads]] = block_first[heads], block_last[heads]
    pos = np.arange(len(filled))
    lo, hi = first[fpage], last[fpage]
    has = lo >= 0
    rows = filled[has]
    pos, lo, hi = pos[has], lo[has], hi[has]
    out[rows, 0] = (pos >= lo) & (pos <= hi)
    out[rows, 1] = pos < lo
    out[rows, 2] = pos > hi
    out[rows, 3] = np.log1p(np.maximum(lo - pos, 0) + np.maximum(pos - hi, 0))
    return out


def feature_names() -> list[str]:
    """Names of the model's input features, in order.

    >>> names = feature_names()
    >>> blocks = (DENSE_NAMES, POSITION_NAMES, RULES, NEIGHBOUR_NAMES, SECTION_NAMES, MAIN_BLOCK_NAMES)
    >>> names[:2], len(names) == sum(map(len, blocks)) + HASH_BUCKETS
    (['log_words', 'log_chars'], True)
    """
    rules = (f"rule={r}" for r in RULES)
    words = (f"word#{k}" for k in range(HASH_BUCKETS))
    return [*DENSE_NAMES, *POSITION_NAMES, *rules, *NEIGHBOUR_NAMES, *SECTION_NAMES, *MAIN_BLOCK_NAMES, *words]


def page_bounds(doc_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each page's first line and end (exclusive), and each line's page number, for a table whose
    pages are contiguous.

    >>> [a.tolist() for a in page_bounds(np.array(["a", "a", "b"]))]
    [[0, 2], [2, 3], [0, 0, 1]]
    """
    n = len(doc_ids)
    if n == 0:
        empty = np.array([], dtype=int)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, doc_ids[1:] != doc_ids[:-1]])
    ends = np.r_[starts[1:], n]
    return starts, ends, np.repeat(np.arange(len(starts)), ends - starts)


def neighbour_rules(rule_onehots: np.ndarray, doc_ids: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """The rule one-hots of each line's nearest non-blank line above, then below, on the same
    page (zeros where there is none): ``rule_onehots`` is lines × :data:`RULES`, pages contiguous.

    >>> onehots = np.eye(len(RULES), dtype=np.float32)[[RULES.index("photo_credit"), RULES.index("blank"),
    ...     RULES.index("paragraph")]]
    >>> out = neighbour_rules(onehots, np.array(["a", "a", "a"]), np.array([False, True, False]))
    >>> [RULES[k] for k in out[2, : len(RULES)].nonzero()[0]], bool(out[0, : len(RULES)].any())
    (['photo_credit'], False)
    """
    n = len(doc_ids)
    out = np.zeros((n, 2 * len(RULES)), dtype=np.float32)
    if n == 0:
        return out
    at = np.arange(n)
    starts, ends, page = page_bounds(doc_ids)
    filled = ~np.asarray(blank, dtype=bool)
    prev_nb = np.r_[-1, np.maximum.accumulate(np.where(filled, at, -1))[:-1]]
    next_nb = np.r_[np.minimum.accumulate(np.where(filled, at, n + 1)[::-1])[::-1][1:], n + 1]
    has_prev, has_next = prev_nb >= starts[page], next_nb < ends[page]
    out[has_prev, : len(RULES)] = rule_onehots[prev_nb[has_prev]]
    out[has_next, len(RULES) :] = rule_onehots[next_nb[has_next]]
    return out


def section_features(
    rule_onehots: np.ndarray, prose: np.ndarray, log_words: np.ndarray, doc_ids: np.ndarray, blank: np.ndarray
) -> np.ndarray:
    """The :data:`SECTION_NAMES` columns of every line (pages contiguous, ``rule_onehots`` lines ×
    :data:`RULES`, ``prose`` and ``log_words`` per line). Windows count non-blank lines of the same
    page, the line itself left out; blank lines get zeros.

    >>> onehots = np.eye(len(RULES), dtype=np.float32)[[RULES.index("related_marker"), RULES.index("paragraph"),
    ...     RULES.index("paragraph")]]
    >>> out = section_features(onehots, np.array([0, 1, 1.0]), np.array([1, 3, 3.0]), np.array(["a"] * 3),
    ...     np.zeros(3, bool))
    >>> names = list(SECTION_NAMES)
    >>> out[:, names.index("above:any=related_marker")].tolist(), [round(float(v), 2) for v in out[:, -1]]
    ([0.0, 1.0, 1.0], [0.0, 1.1, 1.1])
    >>> float(out[0, names.index("around2:prose")]), float(out[1, names.index("around2:prose")])
    (1.0, 0.5)
    """
    n = len(doc_ids)
    out = np.zeros((n, len(SECTION_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    at = np.arange(n)
    starts, _, page = page_bounds(doc_ids)
    start = starts[page]
    for c, rule in enumerate(SECTION_MARKERS):
        hit = rule_onehots[:, RULES.index(rule)] > 0
        last_hit = np.r_[-1, np.maximum.accumulate(np.where(hit, at, -1))[:-1]]
        out[:, c] = last_hit >= start
    filled = np.flatnonzero(~np.asarray(blank, dtype=bool))
    if not len(filled):
        return out
    # the non-blank lines in a row: a window is a slice of it that stays within its page
    fpage = page[filled]
    fstart = np.searchsorted(fpage, fpage, side="left")
    fend = np.searchsorted(fpage, fpage, side="right")
    j = np.arange(len(filled))
    col = len(SECTION_MARKERS)
    for k in SECTION_WINDOWS:
        lo, hi = np.maximum(j - k, fstart), np.minimum(j + k + 1, fend)
        count = np.maximum(hi - lo - 1, 1)
        for values in (prose, log_words):
            v = np.asarray(values, dtype=np.float64)[filled]
            cum = np.r_[0.0, np.cumsum(v)]
            out[filled, col] = np.where(hi - lo > 1, (cum[hi] - cum[lo] - v) / count, 0.0)
            col += 1
    # runs of prose lines: a run breaks at a line that is not prose and at a page's start
    p = np.asarray(prose, dtype=bool)[filled]
    breaks = np.r_[True, (~p[1:]) | (~p[:-1]) | (fpage[1:] != fpage[:-1])]
    run = np.cumsum(breaks)
    length = np.bincount(run)[run]
    out[filled, col] = np.where(p, np.log1p(length), 0.0)
    return out


def line_features(lines: pd.DataFrame) -> np.ndarray:
    """The feature matrix of a lines table as the rules leave it (``doc_id, text, role, rule``,
    pages contiguous and in order): one row per line, columns :func:`feature_names`.

    >>> lines = clean.line_roles(pd.DataFrame({"doc_id": ["a"], "source": [None], "page_text": ["Menu\\nUn texte."]}))
    >>> line_features(lines).shape[0]
    2
    """
    n = len(lines)
    names = feature_names()
    out = np.zeros((n, len(names)), dtype=np.float32)
    if n == 0:
        return out
    rule0 = len(DENSE_NAMES) + len(POSITION_NAMES)
    rule_col = {r: rule0 + k for k, r in enumerate(RULES)}
    word0 = rule0 + len(RULES) + len(NEIGHBOUR_NAMES) + len(SECTION_NAMES) + len(MAIN_BLOCK_NAMES)
    texts = lines["text"].tolist()
    rules = lines["rule"].to_numpy(dtype=object)
    computed = [_text_features(t) for t in texts]
    dense = np.frombuffer(b"".join([c[0] for c in computed]), dtype=np.float32)
    out[:, : len(DENSE_NAMES)] = dense.reshape(n, len(DENSE_NAMES))
    rows = [i for i, r in enumerate(rules) if r in rule_col]
    out[rows, [rule_col[rules[i]] for i in rows]] = 1.0
    word_rows = [i for i, c in enumerate(computed) for _ in c[1]]
    word_cols = [word0 + b for c in computed for b in c[1]]
    out[word_rows, word_cols] = 1.0
    # English words count as a sign of an embed only on a page that is mostly French: on an
    # English page they are the article itself (loaded, then reported as another language)
    fr_col, en_col = DENSE_NAMES.index("french_words"), DENSE_NAMES.index("english_in_french_page")
    pos0 = len(DENSE_NAMES)
    prose = out[:, DENSE_NAMES.index("is_prose")] > 0
    log_words = out[:, 0]
    blank = np.array([not t.strip() for t in texts])
    keys = [line_key(t) for t in texts]
    doc_ids = lines["doc_id"].to_numpy()
    # every page feature is computed for all lines at once: page starts, ends and sizes per line
    starts, ends, page = page_bounds(doc_ids)
    start, end = starts[page], ends[page]
    size = end - start
    at = np.arange(n)
    idx = at - start
    big = n + 1
    first = np.minimum.reduceat(np.where(prose, at, big), starts)[page]
    last = np.maximum.reduceat(np.where(prose, at, -1), starts)[page]
    prev_prose = np.maximum.accumulate(np.where(prose, at, -1))
    next_prose = np.minimum.accumulate(np.where(prose, at, big)[::-1])[::-1]
    before = np.where(prev_prose >= start, at - prev_prose, big)
    after = np.where(next_prose < end, next_prose - at, big)
    dist = np.minimum(before, after).astype(float)
    dist[dist >= big] = 50.0
    cum_all = np.cumsum(prose)
    offset = np.where(start > 0, cum_all[np.maximum(start - 1, 0)], 0)
    cum = cum_all - offset
    total = cum_all[end - 1] - offset
    filled = ~blank
    prev_nb = np.r_[-1, np.maximum.accumulate(np.where(filled, at, -1))[:-1]]
    next_nb = np.r_[np.minimum.accumulate(np.where(filled, at, big)[::-1])[::-1][1:], big]
    has_prev, has_next = prev_nb >= start, next_nb < end
    prev_k, next_k = np.clip(prev_nb, 0, n - 1), np.clip(next_nb, 0, n - 1)
    prev_blank = np.where(idx == 0, True, blank[np.maximum(at - 1, 0)])
    next_blank = np.where(at == end - 1, True, blank[np.minimum(at + 1, n - 1)])
    # a key seen twice on its page: (page, key) numbered as one integer, then counted
    key_ids: dict[str, int] = {}
    codes = np.fromiter((key_ids.setdefault(k, len(key_ids)) for k in keys), dtype=np.int64, count=n)
    pairs = page.astype(np.int64) * len(key_ids) + codes  # int64 where numpy's default int is 32 bits
    _, inverse, counts = np.unique(pairs, return_inverse=True, return_counts=True)
    repeated = counts[inverse] > 1
    repeated &= np.array([bool(k) for k in keys])
    first_filled = np.minimum.reduceat(np.where(filled, at, big), starts)[page]
    last_filled = np.maximum.reduceat(np.where(filled, at, -1), starts)[page]
    # English words count as a sign of an embed only on a page that is mostly French
    english = np.add.reduceat(out[:, en_col], starts)[page] >= np.add.reduceat(out[:, fr_col], starts)[page]
    out[english, en_col] = 0.0
    block = out[:, pos0 : pos0 + len(POSITION_NAMES)]
    block[:, 0] = idx / np.maximum(size - 1, 1)
    block[:, 1] = at < np.where(first < big, first, end)
    block[:, 2] = at > last
    block[:, 3] = np.log1p(np.minimum(dist, 50))
    block[:, 4] = np.log1p(cum - prose)
    block[:, 5] = np.log1p(total - cum)
    block[:, 6] = np.where(has_prev, prose[prev_k], 0)
    block[:, 7] = np.where(has_next, prose[next_k], 0)
    block[:, 8] = np.where(has_prev, log_words[prev_k], 0)
    block[:, 9] = np.where(has_next, log_words[next_k], 0)
    block[:, 10] = prev_blank
    block[:, 11] = next_blank
    block[:, 12] = repeated
    # the headline-shaped line nearest above the first paragraph, as the rules pick it
    block[:, 13] = rules == "headline_above_first_paragraph"
    block[:, 14] = np.log1p(size)
    block[:, 15] = at == first_filled
    block[:, 16] = at == last_filled
    onehots = out[:, rule0 : rule0 + len(RULES)]
    section0 = rule0 + len(RULES) + len(NEIGHBOUR_NAMES)
    out[:, rule0 + len(RULES) : section0] = neighbour_rules(onehots, doc_ids, blank)
    block0 = section0 + len(SECTION_NAMES)
    out[:, section0:block0] = section_features(onehots, prose, log_words, doc_ids, blank)
    out[:, block0:word0] = main_block_features(prose, log_words, doc_ids, blank)
    return out


@dataclass(frozen=True)
class LineModel:
    """A trained line-role model: classes, feature scaling, coefficients (multinomial logistic regression)."""

    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes × features
    intercept: np.ndarray
    version: str
    meta: dict

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per line.

        >>> m = load_model(); p = m.probabilities(np.zeros((1, len(feature_names())), dtype=np.float32))
        >>> p.shape == (1, len(m.classes)) and abs(float(p.sum()) - 1) < 1e-6
        True
        """
        z = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def reasons(self, features: np.ndarray, chosen: np.ndarray, *, top: int = 3) -> list[str]:
        """For each line, the ``top`` features that pushed most towards its chosen class."""
        names = feature_names()
        contrib = (features - self.mean) / self.scale
        contrib *= self.coef[chosen]
        rows = np.arange(len(contrib))
        # the top features one argmax at a time: a few passes over the matrix, not a partition of it
        best, weight = [], []
        for _ in range(min(top, contrib.shape[1])):
            j = contrib.argmax(axis=1)
            best.append(j)
            weight.append(contrib[rows, j])
            contrib[rows, j] = -np.inf
        return [
            ", ".join(names[j] for j, w in zip(js, ws) if w > 0)
            for js, ws in zip(zip(*(b.tolist() for b in best)), zip(*(w.tolist() for w in weight)))
        ]

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "feature_version": FEATURE_VERSION,
            "features": feature_names(),
            "classes": list(self.classes),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": np.round(self.coef, 6).tolist(),
            "intercept": np.round(self.intercept, 6).tolist(),
            "meta": self.meta,
        }


@lru_cache(maxsize=4)
def load_model(path: str | Path | None = None) -> LineModel:
    """The shipped line-role model (or one of your own, trained by ``devset/train_line_model.py``).

    >>> load_model().classes[:2]
    ('advertising', 'author_bio')
    """
    from kit.errors import CorpusError

    p = Path(path) if path else MODEL_FILE
    data = json.loads(p.read_text(encoding="utf-8"))
    if data.get("feature_version") != FEATURE_VERSION or data.get("features") != feature_names():
        raise CorpusError(
            f"line model {p} was trained on other features (version {data.get('feature_version')}, "
            f"this kit computes version {FEATURE_VERSION}). Retrain it: python devset/train_line_model.py"
        )
    return LineModel(
        classes=tuple(data["classes"]),
        mean=np.array(data["mean"], dtype=np.float32),
        scale=np.array(data["scale"], dtype=np.float32),
        coef=np.array(data["coef"], dtype=np.float32),
        intercept=np.array(data["intercept"], dtype=np.float32),
        version=data["version"],
        meta=data.get("meta", {}),
    )


def target_class(role: str) -> str:
    """The class a gold role is learned as: lead, body and subheading are all ``kept``.

    >>> target_class("lead"), target_class("caption")
    ('kept', 'caption')
    """
    return KEPT if role in clean.KEPT_ROLES else role


FACT_COLUMNS = [
    "blank",
    "key",
    "n_words",
    "prose",
    "ends_sentence",
    "date",
    "explicit_date",
    "stamped",
    "rules_role",
    "rules_rule",
]


def _key_hash(key: str) -> int:
    """The facts' ``key`` of a line whose repetition key (``clean.line_shape(text).key``) is
    ``key``: a hash, 0 for a line with none (blank, or no letters nor digits)."""
    return zlib.crc32(key.encode("utf-8")) if key else 0


@lru_cache(maxsize=clean.LINE_CACHE)
def _line_fact(text: str) -> tuple:
    f = clean.line_shape(text)
    date = clean.parse_date(text, two_digit_year=True) if f.n_words <= 30 else None
    return (
        not text.strip(),
        _key_hash(f.key),
        f.n_words,
        f.prose,
        f.ends_sentence,
        date.strftime("%Y-%m-%d") if date is not None else "",
        bool(clean.EXPLICIT_DATE_MARKER.search(text)) if f.n_words <= 30 else False,
        clean.has_stamp(text) if f.n_words <= 30 else False,
    )


def line_facts(lines: pd.DataFrame) -> pd.DataFrame:
    """What the decision after the model needs to know of each line, without its text:
    ``blank``, ``key`` (a hash of its repetition key), ``n_words``, ``prose``,
    ``ends_sentence``, ``date`` (a full date the line states, ISO, or ``""``),
    ``explicit_date`` (the line says *publié*, *mis à jour*…), ``stamped`` (it holds a clock time or
    "il y a 2 heures"), ``rules_role`` and ``rules_rule``.

    >>> facts = line_facts(clean.line_roles(pd.DataFrame({"doc_id": ["a"], "source": [None],
    ...     "page_text": ["Publié le 19/06/2024 à 10h31\\nLa Russie et la Corée du Nord ont signé un traité."]})))
    >>> facts[["date", "explicit_date"]].values.tolist()
    [['2024-06-19', True], ['', False]]
    """
    rows = [_line_fact(t) for t in lines["text"].tolist()]  # a list: an Arrow-backed column iterates slower
    facts = pd.DataFrame(rows, columns=FACT_COLUMNS[:-2], index=lines.index)
    facts["rules_role"] = lines["role"].to_numpy()
    facts["rules_rule"] = lines["rule"].to_numpy()
    return facts


#: The model and the rules decide together: a line the rules keep stays article text unless the
#: model gives ``kept`` less than KEEP_IF_RULES_KEEP; a line the rules remove becomes article text
#: only if the model gives ``kept`` at least KEEP_IF_RULES_DROP. Losing a paragraph costs a
#: researcher more than keeping a stray line. Both were chosen on the outlet folds.
KEEP_IF_RULES_KEEP = 0.1
KEEP_IF_RULES_DROP = 0.5
#: Where neither keeps a line, the rules' role stands unless the model is at least this sure of another.
RELABEL_IF = 0.6
#: The page's headline is its non-blank line the model likes best as a title, when it gives that
#: line at least TITLE_IF; a page with no such line (a listing, a capture that starts below the
#: headline) has none. Chosen on the leave-one-outlet-out folds, as the thresholds above.
TITLE_IF = 0.25
#: A page's address usually spells its headline ("…/2024/06/19/poutine-arrive-en-coree-du-nord_62.html").
#: A line of at most SLUG_TITLE_MAX_WORDS words holding SLUG_TITLE_IF or more of the words of an
#: address that names SLUG_MIN_WORDS or more is the headline, whatever the model's choice (among
#: several, the one it likes best as a title). A lead spells the same words but is longer; a tag
#: page's address ("/tag/coree-du-nord") names too few. Chosen on the leave-one-outlet-out folds:
#: from 0.5 to 0.7 the same headlines.
SLUG_MIN_WORDS = 4
SLUG_TITLE_IF = 0.6
SLUG_TITLE_MAX_WORDS = 20
#: What the address is said to spell a line's headline with, in the lines table's ``rule``.
SLUG_RULE = "headline_spelled_by_address"
_SLUG_TOKEN = re.compile(r"[a-z0-9]+")
_FILE_SUFFIX = re.compile(r"\.[a-z]{2,5}$")
_APOSTROPHE = re.compile(r"['’‘`´]")


def address_words(url: object) -> frozenset[str]:
    """The words of an article's address that may spell its headline: those of the path's most
    hyphenated segment, folded, without French function words, one-letter words and any token
    with a digit (an id, a date); empty when there are fewer than :data:`SLUG_MIN_WORDS`.

    >>> sorted(address_words("https://www.example.fr/monde/2024/06/19/poutine-arrive-a-pyongyang-pour-un-sommet_6241.html"))
    ['arrive', 'poutine', 'pyongyang', 'sommet']
    >>> address_words("https://www.example.fr/tag/coree-du-nord")
    frozenset()
    """
    if not isinstance(url, str) or "/" not in url:
        return frozenset()
    segments = [s for s in unquote(urlsplit(url.strip()).path).split("/") if s]
    segment = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    segment = _FILE_SUFFIX.sub("", fold(segment))
    stop = clean.FUNCTION_WORDS["fr"]
    words = {
        w for w in _SLUG_TOKEN.findall(_APOSTROPHE.sub("", segment)) if len(w) > 1 and w.isalpha() and w not in stop
    }
    return frozenset(words) if len(words) >= SLUG_MIN_WORDS else frozenset()


#: A full date in an address, year first, as news sites file their articles ("/2024/06/19/",
#: "/2024-06-19-", "/20240619-"): the rule of htmldate's URL date (``extractors.COMPLETE_URL``),
#: plus the compact form opening a segment.
_ADDRESS_DATE = re.compile(r"\D((?:199\d|20[0-3]\d))[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")
_ADDRESS_COMPACT_DATE = re.compile(r"/((?:199\d|20[0-3]\d))(\d\d)(\d\d)(?:[-_./]|$)")


def address_date(url: object, *, latest: pd.Timestamp | None = None) -> pd.Timestamp | None:
    """The date an article's address files it under (year, month and day; none later than
    ``latest``, default today), or ``None``.

    >>> address_date("https://www.example.fr/monde/2024/06/19/poutine-a-pyongyang_6241.html")
    Timestamp('2024-06-19 00:00:00')
    >>> address_date("https://www.example.fr/20190425-russie-coree-nord-sommet"), address_date("https://ex.fr/2024/06/slug")
    (Timestamp('2019-04-25 00:00:00'), None)
    """
    if not isinstance(url, str):
        return None
    path = urlsplit(url.strip()).path
    found = _ADDRESS_DATE.search(path) or _ADDRESS_COMPACT_DATE.search(path)
    if found is None:
        return None
    try:
        date = pd.Timestamp(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:  # a 31 June, a month 13: no date
        return None
    return date if date <= (latest if latest is not None else pd.Timestamp.now().normalize()) else None


def address_overlap(text: str, words: frozenset[str]) -> float:
    """The share of an address's ``words`` (:func:`address_words`) that a line spells, elided
    words read both ways ("l'espace" is "l espace" and "lespace", as addresses write it); 0 for a
    line over :data:`SLUG_TITLE_MAX_WORDS` words or holding an address itself.

    >>> words = address_words("https://example.fr/la-coree-du-nord-se-rapproche-de-lespace-12.html")
    >>> address_overlap("La Corée du Nord se rapproche de l’espace", words)
    1.0
    """
    if not words or not 0 < len(text.split()) <= SLUG_TITLE_MAX_WORDS or "://" in text or "www." in text:
        return 0.0
    # as phrases.fold, in C: an address's words are ASCII, so whatever is not can go
    lowered = _APOSTROPHE.sub("'", text.lower()).replace("œ", "oe")
    folded = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    spelled = set(_SLUG_TOKEN.findall(folded.replace("'", " ")))
    spelled.update(_SLUG_TOKEN.findall(folded.replace("'", "")))
    return len(words & spelled) / len(words)


#: A path segment that opens a listing of other pages' stories: a tag, theme, subject, keyword,
#: category, search or author page ("/tag/coree-du-nord", "/search/la+chine/page/110",
#: "/author/jmartin/", the archive every WordPress site keeps of an author's posts).
_LISTING_SEGMENT = re.compile(
    r"tags?|th[eè]mes?|sujets?|mots?-cl[eé]s?|motcle|keywords?|categor(?:y|ies?)|search|recherche|topics?"
    r"|authors?|auteurs?|autrices?"
)
#: A tag is a few words ("coree-du-nord", "kim-jong-un-2"); an article's own segment is longer or
#: names a file ("poutine-arrive-a-pyongyang-pour-un-sommet.html").
LISTING_TAG_MAX_WORDS = 4
_TAG_WORD_SEPARATORS = re.compile(r"[-_+\s]+")
_PAGE_FILE = re.compile(r"\.(?:s?html?|php|aspx?)$")
_PAGINATION = re.compile(r"pages?|p")
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:s|q|search|query|recherche)=")
#: A later page of an archive: "?page=4725" (Drupal counts from 0), "?paged=3" (WordPress), "&pg=14",
#: "?start=26700" (Joomla counts the stories skipped). Not "?p=1214": that is a WordPress post's number.
_PAGE_QUERY = re.compile(r"(?:^|&)(?:page|paged|pg|start|limitstart)=0*[1-9]")
#: A date archive, the path ending in a year and month or a full date, no story's segment after it:
#: "/2019/10/", "/monde/2019/10/19" (WordPress and most news CMSs file a day's stories so).
_DATE_ARCHIVE = re.compile(r"(?:.*/)?(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?")
#: An article's number, not a section's name: "/123456/page/2" is the second page of one article.
_ARTICLE_NUMBER = re.compile(r"\d{5,}")
#: What the address is said to decide, in the lines table's ``rule``, for the lines of a listing.
LISTING_RULE = "listing_address"


def listing_address(url: object) -> bool:
    """Whether an address is a listing's, not an article's: a tag, theme, subject, keyword,
    category, search or author segment, last or followed by one more that is a tag (at most
    :data:`LISTING_TAG_MAX_WORDS` words, no file name), a page number aside; a search query; or
    a later page of an archive (``/page/2`` and on, ``?page=``, ``?paged=``) whose last segment
    names a section, not an article (a tag's length, no file name, no article number). An
    article filed under a subject has its own segment after it.

    >>> listing_address("https://fr.example.org/tag/coree-du-nord/"), listing_address("https://ex.com/blog/tag/kim-jong-un-2")
    (True, True)
    >>> listing_address("https://ex.eu/fr/search/la+chine/page/110"), listing_address("https://ex.fr/?s=kim+jong+un")
    (True, True)
    >>> listing_address("https://ex.fr/sujet/coree-du-nord/poutine-arrive-a-pyongyang_6241.html")
    False
    >>> listing_address("https://ex.fr/theme/poutine-arrive-a-pyongyang-pour-un-sommet"), listing_address("https://ex.fr/tag/kim.html")
    (False, False)
    >>> listing_address("https://ex.fr/actualites/page/7/"), listing_address("https://ex.fr/node?page=4725")
    (True, True)
    >>> listing_address("https://ex.fr/monde/poutine-a-pyongyang_62.html?page=2"), listing_address("https://ex.fr/actualites/page/1/")
    (False, False)
    >>> listing_address("https://ex.fr/tag/38291"), listing_address("https://ex.fr/monde/38291/page/2")
    (True, False)
    >>> listing_address("https://ex.fr/monde/2019/10/19"), listing_address("https://ex.fr/2019/10/19/kim-a-moscou/")
    (True, False)
    >>> listing_address("https://ex.ch/infos?start=26700"), listing_address("https://ex.ch/infos/kim-arrive-a-moscou-pour-un-sommet?start=30")
    (True, False)
    """
    if not isinstance(url, str) or "/" not in url:
        return False
    parts = urlsplit(url.strip())
    segments = [unquote(s).lower() for s in parts.path.split("/") if s]
    later_page = bool(_PAGE_QUERY.search(parts.query.lower()))
    while len(segments) >= 2 and segments[-1].isdigit() and _PAGINATION.fullmatch(segments[-2]):
        later_page |= int(segments[-1]) >= 2
        segments = segments[:-2]
    if segments and _LISTING_SEGMENT.fullmatch(segments[-1]):
        return True
    if _DATE_ARCHIVE.fullmatch("/".join(segments)):
        return True
    if len(segments) >= 2 and _LISTING_SEGMENT.fullmatch(segments[-2]) and _reads_as_tag(segments[-1]):
        return True
    # a page number after an article's own number is the article's next page, not an archive's
    if later_page and (not segments or (_reads_as_tag(segments[-1]) and not _ARTICLE_NUMBER.search(segments[-1]))):
        return True
    return bool(_SEARCH_QUERY.search(parts.query.lower()))


def _reads_as_tag(segment: str) -> bool:
    """Whether an address's path segment reads as a tag or a section's name ("coree-du-nord",
    "actualites", "node"), not as an article's (a longer slug, a file name)."""
    return len(_TAG_WORD_SEPARATORS.split(segment.strip("-_+ "))) <= LISTING_TAG_MAX_WORDS and not _PAGE_FILE.search(
        segment
    )


def address_overlaps(lines: pd.DataFrame, urls: dict) -> np.ndarray:
    """:func:`address_overlap` of every line of ``lines`` (columns ``doc_id, text``) with its
    page's address (``urls``: doc_id to address; a page without one gets zeros)."""
    out = np.zeros(len(lines), dtype=np.float32)
    doc_ids = lines["doc_id"].to_numpy()
    texts = lines["text"].tolist()
    for s, e in zip(*page_bounds(doc_ids)[:2]):
        words = address_words(urls.get(doc_ids[s]))
        if words:
            out[s:e] = [address_overlap(t, words) for t in texts[s:e]]
    return out


#: What the page's given title (a table's title column, the metadata file's, an HTML page's)
#: is said to decide, in the lines table's ``rule``, for the line that repeats it.
GIVEN_TITLE_RULE = "given_title"


def given_title_lines(lines: pd.DataFrame, facts: pd.DataFrame, titles: dict) -> np.ndarray:
    """Whether each line repeats its page's given title (``titles``: doc_id to title; a title of
    at least three words, compared as the rules compare repeated lines, by ``facts.key``): a
    scraped table's text often opens with the headline its title column already holds.

    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "text": ["Poutine à Pyongyang.", "Le président russe est arrivé."]})
    >>> given_title_lines(lines, line_facts(lines.assign(role="lead", rule="x")), {"a": "Poutine à Pyongyang"}).tolist()
    [True, False]
    """
    keys = {}
    for doc, title in titles.items():
        if isinstance(title, str) and clean.count_words(title) >= 3:
            keys[doc] = _key_hash(clean.line_shape(title).key) or None  # no key: no line repeats it
    line_keys = facts["key"].to_numpy()
    return np.fromiter(
        (keys.get(d) == k for d, k in zip(lines["doc_id"].tolist(), line_keys.tolist())), dtype=bool, count=len(lines)
    )


def listing_addresses(lines: pd.DataFrame, urls: dict) -> np.ndarray:
    """:func:`listing_address` of every line's page (``lines`` columns ``doc_id``; ``urls``:
    doc_id to address)."""
    listed = {d: listing_address(u) for d, u in urls.items()}
    return np.fromiter((listed.get(d, False) for d in lines["doc_id"].tolist()), dtype=bool, count=len(lines))


#: Rules that read the page as a whole (a paragraph repeated, a pull quote and its name line, a
#: first-person blurb closing a third-person page, a line below the comments' header or form): a
#: line model cannot see that, so it never undoes them. A reader's comment reads as prose line
#: by line; none of the 213 lines the rules put in a comment section in the development set is
#: article text.
PAGE_RULES = (
    "repeats_earlier_paragraph",
    "pull_quote",
    "pull_quote_attribution",
    "first_person_or_contact_at_end",
    "listing_page",
    "in_comment_section",
)
#: Rules that matched an explicit marker ("Partager sur", "Lire aussi", "Publicité", "© AFP"…): the
#: model may keep such a line as text, but does not give it another kind of furniture.
MARKER_RULES = (
    "advertising_marker",
    "byline",
    "comment_count",
    "comment_form",
    "comment_header",
    "credit_only",
    "page_widget",
    "paywall_marker",
    "photo_credit",
    "related_marker",
    "share_follow",
    "no_letters",
    "date_header",
    "date_time_only",
    "in_comment_section",
)

#: Markers no article paragraph begins with ("Lire aussi", a photo credit, "Partager sur",
#: "Publicité", a comment form, "Abonnez-vous", "L'article vous a plu ?"): the model never keeps
#: such a line as text. None of the 165 such lines of the four development sets is article text;
#: the model had kept 4 of them. Paywall and appeal markers since stop 33: none of the 95 lines of
#: the development sets (A, B, C, E, J) is article text; the model kept one (E012's appeal for
#: donations, a sentence).
NEVER_TEXT_MARKERS = (
    "related_marker",
    "photo_credit",
    "credit_only",
    "share_follow",
    "advertising_marker",
    "comment_form",
    "comment_header",
    "paywall_marker",
)


def decide(
    doc_ids: np.ndarray, facts: pd.DataFrame, probabilities: np.ndarray, classes: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Roles from the rules' verdict (``facts.rules_role``) and the model's probabilities, with
    the page-level constraints applied: a line the rules keep stays kept unless
    ``P(kept) < KEEP_IF_RULES_KEEP``; a line the rules remove is kept if
    ``P(kept) >= KEEP_IF_RULES_DROP``, unless a page rule or a marker of
    :data:`NEVER_TEXT_MARKERS` removed it; a kept line has two words or more, save a one-word
    heading the rules found between two paragraphs; a hard-wrapped paragraph and an article's list
    the rules found (``list_item``) stay kept; a removed line keeps
    the rules' role unless the model is ``RELABEL_IF`` sure of another and the rules' role came
    from position rather than a marker or a page-level rule;
    blank lines stay ``empty``; at most one title per page, the line the model gives the highest
    ``P(title)`` if that is ``TITLE_IF`` or more, among the lines no marker or page rule decided
    (a credited caption, a byline; other copies of the title are ``duplicate``), or among those
    the page's address spells (``facts.address_overlap``, :data:`SLUG_TITLE_IF`) if any, or the
    first line repeating the title the page came with (``facts.given_title``) if any; on a
    page whose address is a listing's (``facts.listing_address``), no title, and every line
    otherwise kept or titled is ``related``; a kept
    line is the lead if it is the page's first kept paragraph, a subheading if it is short and
    does not end like a sentence, body otherwise; a kept line repeating an earlier kept one is a
    ``duplicate``.
    Returns ``(roles, p)``, ``p`` the model's probability of each line's class.
    """
    cls = np.asarray(classes, dtype=object)
    n = len(probabilities)
    k_col = classes.index(KEPT)
    p_kept = probabilities[:, k_col]
    others = probabilities.copy()
    others[:, k_col] = -1.0
    other = others.argmax(axis=1)
    p_other = others[np.arange(n), other]
    rules_role = facts["rules_role"].to_numpy(dtype=object)
    rules_rule = facts["rules_rule"].to_numpy(dtype=object)  # converted once: an Arrow column costs each time
    rules_kept = np.isin(rules_role, clean.KEPT_ROLES)
    # a paragraph of article text has at least two words: a lone word is page furniture
    can_keep = facts["n_words"].to_numpy() >= 2
    page_rule = np.isin(rules_rule, PAGE_RULES)
    never_text = page_rule | np.isin(rules_rule, NEVER_TEXT_MARKERS)
    kept = np.where(rules_kept, p_kept >= KEEP_IF_RULES_KEEP, (p_kept >= KEEP_IF_RULES_DROP) & ~never_text) & can_keep
    # A hard-wrapped paragraph (clean._mark_wrapped) shows only across its lines, which the line
    # model reads one at a time (each a short line that does not end a sentence): like the page
    # rules, it is not undone, and its lines share one verdict.
    continues = rules_rule == "continues_paragraph"
    wrapped = continues | np.r_[continues[1:], False]
    kept[wrapped & rules_kept] = True
    # A one-word heading ("Performativité", "L'ESSENTIEL") the rules found between two kept
    # paragraphs (clean._is_one_word_heading; an agency's name alone is a credit there) is, like a
    # wrapped paragraph, a page-level verdict: line by line the model reads it as a credit. A word
    # cut short ("Chargement...") takes the same rule name, but is no heading.
    ends = facts["ends_sentence"].to_numpy(dtype=bool)
    one_word = facts["n_words"].to_numpy() == 1
    kept[rules_kept & (rules_rule == "short_line_between_paragraphs") & one_word & ~ends] = True
    # An article's list (clean._mark_lists: a sentence ending in ":", then bulleted items) is a
    # verdict from the page too: item by item the model reads it as a list of related links.
    listed = rules_rule == "list_item"
    kept[listed & rules_kept] = True
    marker_rule = np.isin(rules_rule, MARKER_RULES)
    relabel = rules_kept | ((p_other >= RELABEL_IF) & ~page_rule & ~marker_rule) | (rules_role == "empty")
    roles = np.where(kept, KEPT, np.where(relabel, cls[other], rules_role)).astype(object)
    p = np.where(kept, p_kept, np.where(relabel, p_other, 1.0 - p_kept)).astype(float)
    blank = facts["blank"].to_numpy(dtype=bool)
    roles[blank] = "empty"
    p[blank] = 1.0
    keys = facts["key"].to_numpy()
    n_words = facts["n_words"].to_numpy()
    prose = facts["prose"].to_numpy(dtype=bool)
    title_col = classes.index("title") if "title" in classes else None
    spelled_by_address = (
        facts["address_overlap"].to_numpy() if "address_overlap" in facts.columns else np.zeros(n, dtype=np.float32)
    )
    listing = facts["listing_address"].to_numpy(dtype=bool) if "listing_address" in facts.columns else np.zeros(n, bool)
    given = facts["given_title"].to_numpy(dtype=bool) if "given_title" in facts.columns else np.zeros(n, bool)
    related_col = classes.index("related") if "related" in classes else None
    for s, e in zip(*page_bounds(doc_ids)[:2]):
        if listing[s]:
            # a tag, category or search page: its stories are other pages', and it has no headline
            for k in range(s, e):
                if roles[k] == KEPT or roles[k] == "title":
                    roles[k] = "related"
                    p[k] = probabilities[k, related_col] if related_col is not None else p[k]
            continue
        if title_col is not None:
            # a line a marker or a page rule decided (a credited caption, a share widget) is no
            # headline, however title-like its shape: none of the development sets' 83 is one
            filled = [k for k in range(s, e) if not (blank[k] or marker_rule[k] or page_rule[k])]
            spelled = [k for k in filled if spelled_by_address[k] >= SLUG_TITLE_IF]
            best = max(spelled or filled, key=lambda k: probabilities[k, title_col], default=None)
            chosen = best if best is not None and (spelled or probabilities[best, title_col] >= TITLE_IF) else None
            # the page came with its title: the line repeating it is the headline, whatever decided it
            chosen = next((k for k in range(s, e) if given[k] and not blank[k]), chosen)
            for k in range(s, e):
                if roles[k] == "title" and k != chosen:
                    roles[k] = "duplicate" if chosen is not None and keys[k] == keys[chosen] else "navigation"
            if chosen is not None:
                roles[chosen], p[chosen] = "title", probabilities[chosen, title_col]
        kept = [k for k in range(s, e) if roles[k] == KEPT]
        # a kept line repeating the given title is a copy of the headline
        seen: set[int] = {keys[k] for k in range(s, e) if given[k] and keys[k]}
        lead_done = False
        for k in kept:
            if continues[k] and k > s and roles[k - 1] in clean.KEPT_ROLES:
                roles[k] = roles[k - 1]
                continue
            if keys[k] and n_words[k] >= 4 and keys[k] in seen:
                roles[k] = "duplicate"
                continue
            seen.add(keys[k])
            sentence_like = prose[k] or ends[k] or wrapped[k] or listed[k]
            if lead_done and not sentence_like and n_words[k] <= clean.SUBHEADING_MAX_WORDS:
                roles[k] = "subheading"
            elif not lead_done:
                roles[k], lead_done = "lead", True
            else:
                roles[k] = "body"
    return roles, p


#: Roles a publication date is never taken from: other stories, captions, readers, embeds.
NOT_A_DATELINE = ("caption", "comment", "related", "social", "advertising", "quote", "duplicate")
DATELINE_MAX_WORDS = 8
#: ... or longer when it is a fragment, not a sentence: a byline beside the date ("Accueil | Par
#: Marie Dupont | 30 septembre 2018") does not end with a full stop; "Le 30 septembre 2018, Moscou
#: a signé…" does.
DATELINE_FRAGMENT_MAX_WORDS = 12
#: Dated lines above the article with at most this many other lines between them (a byline, a
#: reading time) are one dateline block.
DATELINE_BLOCK_GAP = 2


def page_date(facts: pd.DataFrame | dict, roles: np.ndarray) -> str | None:
    """The date one page states about itself (ISO), from its lines' facts and roles: the first
    dated line above the article's first kept line, else a line below it that says *publié /
    mis à jour*, else a short dateline (role ``timestamp``) between the first kept line and the
    body's first paragraph (under a stray line kept as text above the article); never a
    caption, a comment, a related list, an embed or an advert, nor a date between paragraphs,
    nor any date of a page with no article text (a listing's dates are its stories').

    >>> f = pd.DataFrame({"date": ["2024-06-19", ""], "explicit_date": [True, False]})
    >>> page_date(f, np.array(["timestamp", "lead"])), page_date(f, np.array(["caption", "lead"]))
    ('2024-06-19', None)
    >>> f = pd.DataFrame({"date": ["", "", "2019-12-12", ""], "explicit_date": [False] * 4,
    ...     "n_words": [2, 4, 1, 30], "stamped": [False] * 4})
    >>> page_date(f, np.array(["lead", "subheading", "timestamp", "body"]))
    '2019-12-12'
    >>> page_date(f, np.array(["lead", "body", "timestamp", "body"])) is None
    True
    >>> page_date(f, np.array(["related", "related", "timestamp", "related"])) is None
    True
    """
    kept = [k for k, r in enumerate(roles) if r in clean.KEPT_ROLES]
    if not kept:
        # no article on the page (a listing, a tag page): its dates are the listed stories'
        return None
    first_kept = kept[0]
    # the standfirst is often followed by the date, then the body: "Titre / Chapô / 23 avr. 2018, 00:01"
    after_lead = next((k for k in kept if k > first_kept and roles[k] != roles[first_kept]), first_kept)
    dates = list(facts["date"])
    explicit = list(facts["explicit_date"])
    # a dateline is short ("Publié le 19/06/2024 à 10h31"), a fragment beside a byline, or carries a
    # clock time ("Marie Merlet | lundi 9 décembre 2019 à 09h08"); a longer line with a date is a sentence
    n_words = list(facts["n_words"]) if "n_words" in facts else [0] * len(dates)
    ends = list(facts["ends_sentence"]) if "ends_sentence" in facts else [False] * len(dates)
    short = [
        n <= DATELINE_MAX_WORDS or (n <= DATELINE_FRAGMENT_MAX_WORDS and not e) for n, e in zip(n_words, ends)
    ]
    stamped = list(facts["stamped"]) if "stamped" in facts else [False] * len(dates)
    blank = list(facts["blank"]) if "blank" in facts else [False] * len(dates)
    above = [
        k
        for k in range(first_kept)
        if dates[k] and roles[k] not in NOT_A_DATELINE and (explicit[k] or short[k] or stamped[k])
    ]
    if above:
        # A page's header often starts with the site's clock or edition ("mercredi 19 février 2020",
        # "Édition du 12 octobre 2020"); the article's own dateline sits by its headline and byline,
        # so the dated lines nearest the article win. "Publié le … / Mis à jour le …" on lines of
        # their own are one block, whose earliest date is the publication.
        block = [above[-1]]
        for k in reversed(above[:-1]):
            between = sum(not blank[j] for j in range(k + 1, block[-1]))
            if between > DATELINE_BLOCK_GAP:
                break
            block.append(k)
        return min(dates[k] for k in block)
    for k, r in enumerate(roles):
        if not dates[k] or r in NOT_A_DATELINE or r in clean.KEPT_ROLES:
            continue
        if explicit[k]:
            return dates[k]
        if first_kept < k < after_lead and r == "timestamp":
            return dates[k]
    # a dateline the model reads as such after the first kept line but above the body's first
    # paragraph (under a menu line kept by mistake, or under the standfirst's subheading); a
    # date between paragraphs of the body is something the article tells, not its own date
    first_body = next((k for k in kept if roles[k] == "body"), -1)
    for k in range(first_kept + 1, first_body):
        if roles[k] == "timestamp" and dates[k] and (short[k] or stamped[k]):
            return dates[k]
    return None


def read_overrides(roles: pd.DataFrame | str | Path) -> pd.DataFrame:
    """A researcher's corrections of line roles: ``doc_id, line_no, role`` (``part`` optional),
    from a table or a CSV file; an unknown role or a missing column is a :class:`kit.errors.CorpusError`.

    >>> read_overrides(pd.DataFrame({"doc_id": ["a"], "line_no": [3], "role": ["body"]}))["part"].tolist()
    [None]
    """
    from kit.errors import CorpusError

    table = roles if isinstance(roles, pd.DataFrame) else pd.read_csv(roles, dtype={"doc_id": str})
    missing = {"doc_id", "line_no", "role"} - set(table.columns)
    if missing:
        raise CorpusError(
            f"role overrides need the columns doc_id, line_no, role; missing: {', '.join(sorted(missing))}."
        )
    unknown = sorted(set(table["role"]) - set(clean.ROLES))
    if unknown:
        raise CorpusError(
            f"role overrides: {', '.join(unknown)} is not a line role. Use one of {', '.join(clean.ROLES)}."
        )
    out = table[["doc_id", "line_no", "role"]].copy()
    out["part"] = table["part"].astype(object) if "part" in table else None
    return out


def least_sure(lines: pd.DataFrame, *, top: int = 20, by: str | None = None) -> pd.DataFrame:
    """The non-blank lines whose role the model was least sure of (lowest ``p``), to check the
    cleaning of one's own corpus at a glance; with ``by`` (a column of ``lines``), per group.

    Columns: ``doc_id, line_no, role, p, why, text`` (and ``by``).

    >>> lines = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [1, 2], "role": ["body", "related"],
    ...     "p": [0.9, 0.4], "why": ["", ""], "text": ["x", "y"]})
    >>> least_sure(lines, top=1)["line_no"].tolist()
    [2]
    """
    columns = ["doc_id", *([by] if by else []), "line_no", "role", "p", "why", "text"]
    if "p" not in lines or lines.empty:
        return pd.DataFrame(columns=columns)
    shown = lines[lines["p"].notna() & (lines["role"] != "empty")].sort_values("p", kind="stable")
    shown = shown.groupby(by, sort=True).head(top) if by else shown.head(top)
    return shown[columns].reset_index(drop=True)


def clear_line_caches() -> None:
    """Empty the per-line caches of the cleaning (line shapes, segments, keys, facts and features, up
    to ``clean.LINE_CACHE`` lines each, about 80 MB when full). A store worker calls it after
    each slice it cleans, so that the memory they hold is not added to the annotation's.

    >>> _ = clean.line_shape("Lire aussi"); clear_line_caches(); clean.line_shape.cache_info().currsize
    0
    """
    for cached in (clean.line_shape, clean._segments, phrases.line_key, _line_fact, _text_features):
        cached.cache_clear()


#: Pages classified together: the rules, the features and the facts each pass over a chunk's
#: lines while the per-line caches (``clean.LINE_CACHE`` lines) still hold them.
CHUNK_PAGES = 300


def _roles_of_chunk(
    pages: pd.DataFrame,
    text: str,
    doc_id: str,
    source: str,
    chrome: dict,
    model: LineModel | None,
    url: str = "url",
    title: str = "title",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lines of some pages with their roles (the rules, then the model unless ``model`` is
    None), and their facts."""
    lines, _ = clean.classify_pages(
        pages, text=text, doc_id=doc_id, source=source, chrome=chrome, assemble_pages=False
    )
    if lines.empty:
        return lines.assign(p=pd.Series(dtype=float), why=pd.Series(dtype=object)), pd.DataFrame()
    facts = line_facts(lines)
    # pages without an address or a given title (a folder of scraped pages) cost nothing here
    ids = pages[doc_id].tolist()
    urls = {d: u for d, u in zip(ids, pages[url].tolist()) if isinstance(u, str)} if url in pages else {}
    titles = {d: t for d, t in zip(ids, pages[title].tolist()) if isinstance(t, str)} if title in pages else {}
    facts["address_overlap"] = address_overlaps(lines, urls) if urls else np.zeros(len(lines), dtype=np.float32)
    facts["listing_address"] = listing_addresses(lines, urls) if urls else np.zeros(len(lines), dtype=bool)
    facts["given_title"] = given_title_lines(lines, facts, titles) if titles else np.zeros(len(lines), dtype=bool)
    if model is None:
        lines = _rules_with_given_title(lines, facts)
        roles = lines["role"].to_numpy(dtype=object)
        return lines.assign(p=np.nan, why=np.where(roles == "empty", "", "rules only")), facts
    features = line_features(lines)
    # a blank line is always empty: the model reads only the others
    filled = ~facts["blank"].to_numpy(dtype=bool)
    probabilities = np.zeros((len(features), len(model.classes)), dtype=np.float32)
    probabilities[filled] = model.probabilities(features[filled])
    roles, p = decide(lines["doc_id"].to_numpy(), facts, probabilities, model.classes)
    index = {c: k for k, c in enumerate(model.classes)}
    column = {r: index.get(target_class(r), index[KEPT]) for r in set(roles[filled])}  # a few roles, many lines
    chosen = np.array([column[r] for r in roles[filled]], dtype=int)
    why = np.full(len(roles), "", dtype=object)
    why[filled] = model.reasons(features[filled], chosen)
    agree = roles == lines["role"].to_numpy()
    rule = np.where(agree, lines["rule"], "model")
    # what the page's address or given title decided says so
    spelled = (roles == "title") & (facts["address_overlap"].to_numpy() >= SLUG_TITLE_IF)
    rule[spelled], why[spelled] = SLUG_RULE, "the page's address spells this line"
    listed = facts["listing_address"].to_numpy(dtype=bool) & (roles == "related") & ~agree
    rule[listed], why[listed] = LISTING_RULE, "the page's address is a listing's (a tag, category or search page)"
    named = facts["given_title"].to_numpy(dtype=bool) & (roles == "title")
    rule[named], why[named] = GIVEN_TITLE_RULE, "the title given with the page repeats this line"
    lines = lines.assign(role=roles, rule=rule, p=np.round(p, 3), why=why)
    return lines, facts


def _rules_with_given_title(lines: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The rules' roles with, on each page that repeats its given title (``facts.given_title``),
    that line as the headline (as :func:`decide` does for the model): the rules' own headline
    becomes page header, a later copy of the title a duplicate, and the first paragraph left
    the lead."""
    if "given_title" not in facts.columns or not facts["given_title"].any():
        return lines
    roles, rules = lines["role"].to_numpy(dtype=object).copy(), lines["rule"].to_numpy(dtype=object).copy()
    given = facts["given_title"].to_numpy(dtype=bool)
    for s, e in zip(*page_bounds(lines["doc_id"].to_numpy())[:2]):
        named = [k for k in range(s, e) if given[k] and roles[k] != "empty"]
        if not named:
            continue
        for k in range(s, e):
            if roles[k] == "title":
                roles[k], rules[k] = "navigation", "page_header"
        for k in named[1:]:
            roles[k], rules[k] = "duplicate", "repeats_earlier_paragraph"
        roles[named[0]], rules[named[0]] = "title", GIVEN_TITLE_RULE
        kept = [k for k in range(s, e) if roles[k] in ("lead", "body")]
        if kept and "lead" not in roles[kept]:
            roles[kept[0]] = "lead"
    return lines.assign(role=roles, rule=rules)


def _assemble_pages(lines: pd.DataFrame, facts: pd.DataFrame) -> dict:
    """Each page's title, lead, text, word count, date and language, from its classified lines and their facts."""
    parts = {}
    doc_ids = lines["doc_id"].to_numpy()
    roles = lines["role"].to_numpy(dtype=object)
    fields = ["line_no", "part", "text", "eol", "role", "rule"]
    all_rows = [clean.LineRole(*r) for r in zip(*(lines[f].tolist() for f in fields))]
    date_facts = {c: facts[c].tolist() for c in ("date", "explicit_date", "stamped", "n_words")}
    for s, e in zip(*page_bounds(doc_ids)[:2]):
        assembled = clean.assemble(all_rows[s:e], find_date=False)
        date = page_date({k: v[s:e] for k, v in date_facts.items()}, roles[s:e])
        assembled["date"] = pd.Timestamp(date) if date else None
        # said by a "Publié le / Mis à jour" line, or only shown (a dateline, or a site's clock)
        assembled["date_explicit"] = bool(date) and any(
            d == date and x for d, x in zip(date_facts["date"][s:e], date_facts["explicit_date"][s:e])
        )
        assembled["lang"] = clean.detect_language(assembled["text"])
        parts[doc_ids[s]] = assembled
    return parts


def _classify_job(job: tuple) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """One chunk's lines, their facts, and its pages assembled, where the per-line caches hold its lines."""
    lines, facts = _roles_of_chunk(*job)
    return lines, facts, _assemble_pages(lines, facts) if len(lines) else {}


def _classified_chunks(jobs: list[tuple], n_process: int, progress: bool) -> Iterator[tuple]:
    """``_roles_of_chunk`` of every job, in order: here, or in ``n_process`` worker processes
    that each take the next chunk as soon as they are free."""
    bar = None
    if progress and jobs:
        from tqdm.auto import tqdm

        bar = tqdm(total=sum(len(job[0]) for job in jobs), desc="cleaning", unit="page")
    pool = None
    try:
        if n_process > 1 and len(jobs) > 1:
            import multiprocessing

            # each worker is one of the cores: its BLAS (the model's products) keeps to one thread
            pool = multiprocessing.get_context().Pool(min(n_process, len(jobs)), initializer=paths.limit_blas_threads)
            results = pool.imap(_classify_job, jobs)
        else:
            results = map(_classify_job, jobs)
        for job, result in zip(jobs, results):
            if bar is not None:
                bar.update(len(job[0]))
            yield result
    finally:
        if pool is not None:
            pool.terminate()
        if bar is not None:
            bar.close()


def classify_pages(
    pages: pd.DataFrame,
    *,
    text: str = "page_text",
    doc_id: str = "doc_id",
    source: str = "source",
    url: str = "url",
    title: str = "title",
    model: LineModel | None = None,
    overrides: pd.DataFrame | None = None,
    chrome: dict[str, frozenset[str]] | None = None,
    use_model: bool = True,
    n_process: int = 1,
    progress: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """Classify every page: the rules first (their verdict is a feature), then the model
    (with ``use_model=False``, the rules alone: ``p`` is then empty and ``why`` says so).
    Pages are classified :data:`CHUNK_PAGES` at a time, in ``n_process`` worker processes when
    more than one (the result is the same); ``progress`` shows a bar of the pages done.

    Returns ``(lines, parts)`` like :func:`kit.clean.classify_pages`. The lines table gains
    ``p`` (the model's probability for the line's class) and ``why`` (the features that weighed
    most); ``rule`` keeps the rule's name where the model agrees with the rules, and says
    ``model`` where the model decided otherwise, ``override`` where ``overrides`` (see
    :func:`read_overrides`) set the role. ``chrome`` (per source, the line keys of its site
    chrome, :func:`kit.clean.site_chrome`) is passed to the rules; by default it is found over
    ``pages``. A page's address (column ``url``, when there is one) may name its headline
    (:func:`address_words`) or say it is a listing (:func:`listing_address`); a line repeating
    its given title (column ``title``) is its headline. ``parts`` holds each page's title, lead,
    date, text and word count.
    """
    if chrome is None:  # found over every page, not chunk by chunk
        chrome = clean.site_chrome(pages, text=text, source=source)
    if use_model:
        model = model or load_model()
    jobs = []
    for at in range(0, len(pages), CHUNK_PAGES):
        chunk = pages.iloc[at : at + CHUNK_PAGES]
        # a worker is sent only the chrome of the sources it meets
        own = {s: chrome[s] for s in set(chunk[source].tolist()) if s in chrome} if n_process > 1 else chrome
        jobs.append((chunk, text, doc_id, source, own, model if use_model else None, url, title))
    chunks = [c for c in _classified_chunks(jobs, n_process, progress) if len(c[0])]
    if not chunks:
        return _roles_of_chunk(pages.iloc[:0], text, doc_id, source, chrome, None)[0], {}
    lines, facts = (pd.concat(tables, ignore_index=True) for tables in list(zip(*chunks))[:2])
    parts = {k: v for chunk in chunks for k, v in chunk[2].items()}
    if overrides is not None and len(overrides) and len(lines):
        key = lines[["doc_id", "line_no", "part"]].astype({"doc_id": str})
        touched = np.zeros(len(lines), dtype=bool)
        for o in overrides.itertuples(index=False):
            hit = (key["doc_id"] == str(o.doc_id)) & (key["line_no"] == int(o.line_no))
            if o.part is not None and not pd.isna(o.part):
                hit &= key["part"] == int(o.part)
            lines.loc[hit, ["role", "rule", "p", "why"]] = [o.role, "override", 1.0, "set by you"]
            touched |= hit.to_numpy()
        again = lines["doc_id"].isin(set(lines.loc[touched, "doc_id"])).to_numpy()
        parts.update(_assemble_pages(lines[again], facts[again]))
    return lines, parts
