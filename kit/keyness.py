"""Which words set a source apart? Term counts and keyness, each group against the rest.

* :func:`term_counts`: a tidy ``by × term`` count table from the tokens table;
* :func:`keyness`: the log-odds ratio with an informative Dirichlet prior and its z-score
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words", equations 16, 18 and 22), plus G² and
  the log ratio (Hardie 2014) as effect size, on any tidy count table;
* :func:`group_sizes` and :func:`explain_groups`: which groups have enough text to compare;
* :func:`term_tokens`: the tokens of a few words only (what :func:`term_kwic` and the
  explorers show), so that a study store need not read the whole tokens table;
* :func:`term_kwic`: any word or phrase in context.

>>> import kit
>>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
>>> counts = term_counts(ann.tokens, articles=arts, by="source")
>>> list(counts.columns)
['source', 'lemma', 'n']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from kit import paths
from kit.errors import missing_table
from kit.phrases import fold, match_tokens, phrase_hits
from kit.stats import g2_2x2, log_odds_dirichlet, log_ratio
from kit.tables import inside_spans, kwic, with_group

KEYNESS_COLUMNS = ["n", "n_group", "n_rest", "log_odds", "z", "g2", "log_ratio"]


def load_stopwords(path: str | os.PathLike | None = None) -> set[str]:
    """spaCy's French stop words plus the lemmas listed in ``data/stopwords.txt``.

    >>> {"le", "selon"} <= load_stopwords()
    True
    """
    from spacy.lang.fr.stop_words import STOP_WORDS

    words = {fold(w) for w in STOP_WORDS}
    p = Path(path) if path else paths.STOPWORDS_FILE
    if p.exists():
        words |= {
            fold(line.strip())
            for line in p.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
    return words


def term_counts(
    tokens: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    by: str = "source",
    term: str = "lemma",
    drop_stop: bool = True,
    drop_punct: bool = True,
    drop_numbers: bool = True,
    mentions: pd.DataFrame | None = None,
    drop_actors: bool = False,
    stopwords: set[str] | None = None,
    min_length: int = 2,
) -> pd.DataFrame:
    """Terms per group as a tidy count table: ``by, term, n``.

    ``tokens`` is the tokens table of :func:`kit.annotate`; ``articles`` gives the ``by``
    column when the tokens lack it. ``term`` is the token column counted: ``"lemma"`` or
    ``"text"`` (lower case, accents kept). Stop words (spaCy's and
    ``data/stopwords.txt``), punctuation, numbers and terms shorter than ``min_length``
    are dropped by default; ``drop_actors=True`` with ``mentions`` also drops the words of
    actor mentions, so keyness speaks of framing rather than of who is covered.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> c = term_counts(ann.tokens, articles=arts, by="doc_id")
    >>> int(c.query("lemma == 'rapprochement'")["n"].sum())
    4
    """
    if "lemma" not in tokens or "is_stop" not in tokens:
        raise missing_table(
            "kit.term_counts", "tokens", "count terms over ann.tokens, where ann = kit.annotate(articles)"
        )
    columns = [by, term, "n"]
    if tokens.empty:
        return pd.DataFrame(columns=columns)
    t = tokens
    keep = np.ones(len(t), dtype=bool)
    if drop_punct:
        keep &= ~t["is_punct"].to_numpy(dtype=bool) & (t["pos"].astype(str) != "SPACE").to_numpy()
    values = t[term].astype(str).str.lower()  # shown as written (accents kept); folded only to compare
    folded = values.map(fold)
    if drop_numbers:
        keep &= ~values.str.contains(r"\d", regex=True).to_numpy() & (t["pos"].astype(str) != "NUM").to_numpy()
    if drop_stop:
        stop = stopwords if stopwords is not None else load_stopwords()
        keep &= ~t["is_stop"].to_numpy(dtype=bool) & ~folded.isin(stop).to_numpy()
    keep &= (values.str.len() >= min_length).to_numpy() & values.str.contains(r"\w", regex=True).to_numpy()
    if drop_actors and mentions is not None:
        keep &= ~inside_spans(t, mentions)
    frame = pd.DataFrame({"doc_id": t["doc_id"].to_numpy()[keep], term: values.to_numpy()[keep]})
    frame = with_group(frame, articles, by)
    out = frame.groupby([by, term]).size().rename("n").reset_index()
    return out.sort_values([by, "n", term], ascending=[True, False, True], kind="stable").reset_index(drop=True)[
        columns
    ]


def group_sizes(counts: pd.DataFrame, *, by: str = "source", n: str = "n", min_total: int = 300) -> pd.DataFrame:
    """Words counted per group, and whether a group has enough to compare (``min_total``).

    Columns: ``by, n_words, enough``.

    >>> group_sizes(pd.DataFrame({"source": ["a", "b"], "n": [500, 20]}))["enough"].tolist()
    [True, False]
    """
    sizes = counts.groupby(by)[n].sum().rename("n_words").reset_index()
    sizes["enough"] = sizes["n_words"] >= min_total
    return sizes


def explain_groups(sizes: pd.DataFrame, *, by: str = "source") -> str:
    """One sentence on whether groups can be compared (for a notebook to print).

    >>> explain_groups(pd.DataFrame({"source": ["a", "b"], "n_words": [500, 20], "enough": [True, False]}))
    'Only 1 group has enough text (a); keyness needs at least two. Too little text: b.'
    """
    ok = sizes.loc[sizes["enough"], by].astype(str).tolist()
    small = sizes.loc[~sizes["enough"], by].astype(str).tolist()
    tail = f" Too little text: {', '.join(small)}." if small else ""
    if not len(sizes):
        return "No text to compare: the corpus is empty."
    if len(ok) < 2:
        groups = "1 group has" if len(ok) == 1 else f"{len(ok)} groups have"
        return f"Only {groups} enough text ({', '.join(ok) or 'none'}); keyness needs at least two.{tail}"
    return f"{len(ok)} groups have enough text to compare.{tail}"


def keyness(
    counts: pd.DataFrame,
    *,
    by: str = "source",
    term: str = "lemma",
    n: str = "n",
    background: pd.DataFrame | None = None,
    prior_scale: float = 1.0,
    all_terms: bool = False,
) -> pd.DataFrame:
    """Distinctive terms of each group against the rest of the corpus.

    For group *i* against the rest *j*, term *w* (Monroe, Colaresi & Quinn 2008, eq. 16, 18, 22)::

        delta = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
        var   = 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
        z     = delta / sqrt(var)

    The prior ``a_w`` is, by default, the pooled count of *w* over all groups (``a_0`` their
    total), times ``prior_scale``; pass ``background`` (a table with ``term`` and ``n``
    columns, e.g. a reference corpus) to use its counts instead. (Each group is compared
    with the *rest*, not with the whole corpus, which is what tidylo computes.)
    Also: ``g2`` (log-likelihood on the 2×2 table) and ``log_ratio`` (log2 of the ratio of
    relative frequencies, 0.5 added to zero counts).

    Returns one row per group and term seen in the group (``all_terms=True``: every term
    of the corpus), columns ``group, term, n, n_group, n_rest, log_odds, z, g2, log_ratio``,
    most distinctive first within each group. Warns when ``counts`` has more than one row
    per group-term pair (they are summed).

    >>> c = pd.DataFrame({"source": ["a", "a", "b", "b"], "lemma": ["guerre", "paix"] * 2, "n": [30, 10, 10, 30]})
    >>> k = keyness(c)
    >>> k.loc[0, ["source", "lemma"]].tolist(), round(float(k.loc[0, "z"]), 3)
    (['a', 'guerre'], 3.634)
    """
    columns = [by, term, *KEYNESS_COLUMNS]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    if counts.duplicated([by, term]).any():
        warnings.warn(
            f"keyness: counts has several rows for some ({by}, {term}) pairs; they are summed. "
            "Pass one row per group and term.",
            stacklevel=2,
        )
    wide = counts.pivot_table(index=term, columns=by, values=n, aggfunc="sum", fill_value=0).astype(float)
    totals = wide.sum(axis=1)
    if background is not None:
        prior = background.groupby(term)[n].sum().reindex(wide.index, fill_value=0).astype(float)
        if (prior <= 0).any():
            # a term missing from the background gets the smallest prior seen, never zero
            prior = prior.where(prior > 0, prior[prior > 0].min() if (prior > 0).any() else 1.0)
    else:
        prior = totals.copy()
    alpha = prior * prior_scale
    rows = []
    for g in wide.columns:
        y_i = wide[g]
        y_j = totals - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta, z = log_odds_dirichlet(y_i.to_numpy(), y_j.to_numpy(), alpha.to_numpy())
        frame = pd.DataFrame(
            {
                by: g,
                term: wide.index,
                "n": y_i.to_numpy(),
                "n_group": n_i,
                "n_rest": n_j,
                "log_odds": delta,
                "z": z,
                "g2": g2_2x2(y_i, n_i - y_i, y_j, n_j - y_j) if n_j > 0 else np.nan,
                "log_ratio": log_ratio(y_i.to_numpy(), y_j.to_numpy()) if n_j > 0 else np.nan,
            }
        )
        rows.append(frame if all_terms else frame[frame["n"] > 0])
    out = pd.concat(rows, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return out.sort_values([by, "z"], ascending=[True, False], kind="stable").reset_index(drop=True)[columns]


def top_terms(keyed: pd.DataFrame, *, by: str = "source", top: int = 10, min_count: int = 2) -> pd.DataFrame:
    """The ``top`` most distinctive terms of each group (highest z), seen at least ``min_count`` times there.

    >>> k = pd.DataFrame({"source": ["a", "a"], "lemma": ["x", "y"], "n": [3, 1], "z": [2.0, 3.0]})
    >>> top_terms(k, top=1)["lemma"].tolist()
    ['x']
    """
    kept = keyed[keyed["n"] >= min_count]
    return kept.sort_values([by, "z"], ascending=[True, False]).groupby(by).head(top).reset_index(drop=True)


def _folded_in(values: pd.Series, wanted: set[str]) -> pd.Series:
    """Whether each value, as text and folded, is one of ``wanted`` (each distinct value folded once)."""
    values = values.astype(str)
    distinct = pd.unique(values)
    return values.isin([v for v in distinct if fold(v) in wanted])


def term_tokens(tokens: pd.DataFrame, terms: Iterable[str], *, first: int | None = None) -> pd.DataFrame:
    """The rows of ``tokens`` that are uses of one of ``terms``: tokens whose lemma or form,
    folded (:func:`kit.fold`: case and accents ignored), is one of the folded ``terms``, in
    the table's order, with the same columns; with ``first``, only the first ``first`` rows
    of each lemma (enough for a few examples of each word). This is the match of
    :func:`term_kwic`, so ``term_kwic(term_tokens(tokens, [w]), ...)`` equals
    ``term_kwic(tokens, ...)`` for a word ``w``; :meth:`kit.Study.term_tokens` reads only
    these rows from a study store.

    >>> t = pd.DataFrame({"lemma": ["État", "sanction", "le"], "text": ["Etats", "sanctions", "les"]})
    >>> term_tokens(t, ["etat", "Sanction"])["text"].tolist()
    ['Etats', 'sanctions']
    """
    wanted = {fold(str(t)) for t in terms}
    if tokens.empty or not wanted:
        return tokens.iloc[:0].reset_index(drop=True)
    out = tokens[_folded_in(tokens["lemma"], wanted) | _folded_in(tokens["text"], wanted)]
    if first is not None:
        out = out[out.groupby(out["lemma"].astype(str), sort=False).cumcount() < first]
    return out.reset_index(drop=True)


def term_kwic(
    tokens: pd.DataFrame, *, articles: pd.DataFrame, term: str, window: int = 60, by: str = "source"
) -> pd.DataFrame:
    """Every occurrence of a word (matched on its lemma or its form, ignoring case and
    accents) or of a phrase, in context: ``doc_id, by, left, match, right, how``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> len(term_kwic(ann.tokens, articles=arts, term="sanction"))
    2
    """
    wanted = fold(term)
    if len(match_tokens(term)) > 1:
        spans = phrase_hits(articles, pd.DataFrame({"term": [wanted]}))
    else:
        spans = term_tokens(tokens, [term])[["doc_id", "start", "end"]]
    spans = spans[["doc_id", "start", "end"]].assign(how="term")
    return kwic(spans, articles=articles, window=window, by=by)
