"""How does each source tell it? Distinctive words, frames, naming choices and quoted voices.

* :func:`term_counts`: a tidy ``group × term`` count table from the tokens table;
* :func:`keyness`: each group against the rest, log-odds ratio with an informative
  Dirichlet prior and its z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words",
  equations 16, 18 and 22), plus G² and the log ratio (Hardie 2014) as effect size;
* :func:`frame_shares`: frame lexicons of ``data/frames.yml``, share of words per group
  with a bootstrap interval over articles;
* :func:`naming_choices`: competing expressions of ``data/naming.yml``, who picks which;
* :func:`quotes`: direct quotes and reported speech, attributed to an actor where the text
  allows; :func:`voices` and :func:`quote_share` summarise them;
* :func:`term_kwic`: any word in context.

>>> import kit
>>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
>>> counts = term_counts(ann.tokens, arts, by="source")
>>> list(counts.columns)
['source', 'lemma', 'n']
"""
from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kit import paths
from kit.actors import Matcher, _longest, fold, match_tokens
from kit.cooccurrence import g2_2x2
from kit.measures import _with_group, kwic

KEYNESS_COLUMNS = ["n", "n_group", "n_rest", "log_odds", "z", "g2", "log_ratio"]


# ------------------------------------------------------------------ term counts
def load_stopwords(path: str | os.PathLike | None = None) -> set[str]:
    """spaCy's French stop words plus the lemmas listed in ``data/stopwords.txt``.

    >>> {"le", "selon"} <= load_stopwords()
    True
    """
    from spacy.lang.fr.stop_words import STOP_WORDS

    words = {fold(w) for w in STOP_WORDS}
    p = Path(path) if path else paths.STOPWORDS_FILE
    if p.exists():
        words |= {fold(line.strip()) for line in p.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")}
    return words


def _inside(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """Mask of tokens lying inside any (doc_id, start, end) span."""
    mask = np.zeros(len(tokens), dtype=bool)
    if spans.empty:
        return mask
    by_doc = {d: g[["start", "end"]].to_numpy() for d, g in spans.groupby("doc_id")}
    for k, (d, s) in enumerate(zip(tokens["doc_id"], tokens["start"])):
        iv = by_doc.get(d)
        if iv is not None and ((iv[:, 0] <= s) & (s < iv[:, 1])).any():
            mask[k] = True
    return mask


def term_counts(tokens: pd.DataFrame, articles: pd.DataFrame | None = None, *, by: str = "source",
                term: str = "lemma", unit: str | None = None, drop_stop: bool = True, drop_punct: bool = True,
                drop_numbers: bool = True, mentions: pd.DataFrame | None = None, drop_actors: bool = False,
                stopwords: set[str] | None = None, min_length: int = 2) -> pd.DataFrame:
    """Terms per group as a tidy count table: ``by, term, n``.

    ``tokens`` is the tokens table of :func:`kit.annotate`, or an articles table (it is then
    annotated, from the cache when it can be, and used for ``by``).
    ``term`` (or its synonym ``unit``) is ``"lemma"`` or ``"text"`` (lower case, accents kept). Stop words (spaCy's and
    ``data/stopwords.txt``), punctuation, numbers and terms shorter than ``min_length``
    are dropped by default; ``drop_actors=True`` with ``mentions`` also drops the words of
    actor mentions, so keyness speaks of framing rather than of who is covered.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> c = term_counts(ann.tokens, arts, by="doc_id")
    >>> int(c.query("lemma == 'rapprochement'")["n"].sum())
    4
    """
    term = unit or term
    if "lemma" not in tokens and "text" in tokens and "doc_id" in tokens:  # an articles table
        from kit.nlp import annotate

        articles = tokens if articles is None else articles
        tokens = annotate(tokens).tokens
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
        keep &= ~_inside(t, mentions)
    frame = pd.DataFrame({"doc_id": t["doc_id"].to_numpy()[keep], term: values.to_numpy()[keep]})
    frame = _with_group(frame, articles, by)
    out = frame.groupby([by, term]).size().rename("n").reset_index()
    return out.sort_values([by, "n", term], ascending=[True, False, True], kind="stable").reset_index(drop=True)[columns]


def group_sizes(counts: pd.DataFrame, *, group: str = "source", n: str = "n", min_total: int = 300) -> pd.DataFrame:
    """Words counted per group, and whether a group has enough to compare (``min_total``).

    Columns: ``group, n_words, enough``.

    >>> group_sizes(pd.DataFrame({"source": ["a", "b"], "n": [500, 20]}))["enough"].tolist()
    [True, False]
    """
    sizes = counts.groupby(group)[n].sum().rename("n_words").reset_index()
    sizes["enough"] = sizes["n_words"] >= min_total
    return sizes


def explain_groups(sizes: pd.DataFrame, *, group: str = "source") -> str:
    """One sentence on whether groups can be compared (for a notebook to print).

    >>> explain_groups(pd.DataFrame({"source": ["a", "b"], "n_words": [500, 20], "enough": [True, False]}))
    'Only 1 group has enough text (a); keyness needs at least two. Too little text: b.'
    """
    ok = sizes.loc[sizes["enough"], group].astype(str).tolist()
    small = sizes.loc[~sizes["enough"], group].astype(str).tolist()
    tail = f" Too little text: {', '.join(small)}." if small else ""
    if not len(sizes):
        return "No text to compare: the corpus is empty."
    if len(ok) < 2:
        return f"Only {len(ok)} group{'s' if len(ok) != 1 else ''} ha{'ve' if len(ok) != 1 else 's'} enough text ({', '.join(ok) or 'none'}); keyness needs at least two.{tail}"
    return f"{len(ok)} groups have enough text to compare.{tail}"


# ------------------------------------------------------------------ keyness
def keyness(counts: pd.DataFrame, group: str = "source", term: str = "lemma", n: str = "n", *,
            background: pd.DataFrame | None = None, prior_scale: float = 1.0, all_terms: bool = False) -> pd.DataFrame:
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

    >>> c = pd.DataFrame({"source": ["a", "a", "b", "b"], "lemma": ["guerre", "paix", "guerre", "paix"], "n": [30, 10, 10, 30]})
    >>> k = keyness(c)
    >>> k.loc[0, ["source", "lemma"]].tolist(), round(float(k.loc[0, "z"]), 3)
    (['a', 'guerre'], 3.634)
    """
    columns = [group, term, *KEYNESS_COLUMNS]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    if counts.duplicated([group, term]).any():
        warnings.warn(f"keyness: counts has several rows for some ({group}, {term}) pairs; they are summed. "
                      "Pass one row per group and term.", stacklevel=2)
    wide = counts.pivot_table(index=term, columns=group, values=n, aggfunc="sum", fill_value=0).astype(float)
    totals = wide.sum(axis=1)
    if background is not None:
        prior = background.groupby(term)[n].sum().reindex(wide.index, fill_value=0).astype(float)
        if (prior <= 0).any():
            # a term missing from the background gets the smallest prior seen, never zero
            prior = prior.where(prior > 0, prior[prior > 0].min() if (prior > 0).any() else 1.0)
    else:
        prior = totals.copy()
    alpha = prior * prior_scale
    alpha0 = alpha.sum()
    rows = []
    for g in wide.columns:
        y_i = wide[g]
        y_j = totals - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha)))
        var = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        frame = pd.DataFrame({group: g, term: wide.index, "n": y_i.to_numpy(), "n_group": n_i, "n_rest": n_j,
                              "log_odds": delta.to_numpy(), "z": (delta / np.sqrt(var)).to_numpy(),
                              "g2": g2_2x2(y_i, n_i - y_i, y_j, n_j - y_j) if n_j > 0 else np.nan,
                              "log_ratio": np.log2(((y_i.where(y_i > 0, 0.5)) / n_i) / ((y_j.where(y_j > 0, 0.5)) / n_j)).to_numpy()
                              if n_j > 0 else np.nan})
        rows.append(frame if all_terms else frame[frame["n"] > 0])
    out = pd.concat(rows, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    return out.sort_values([group, "z"], ascending=[True, False], kind="stable").reset_index(drop=True)[columns]


def top_terms(keyed: pd.DataFrame, *, group: str = "source", n: int = 10, min_count: int = 2) -> pd.DataFrame:
    """The ``n`` most distinctive terms of each group (highest z), seen at least ``min_count`` times there.

    >>> k = pd.DataFrame({"source": ["a", "a"], "lemma": ["x", "y"], "n": [3, 1], "z": [2.0, 3.0]})
    >>> top_terms(k, n=1)["lemma"].tolist()
    ['x']
    """
    kept = keyed[keyed["n"] >= min_count]
    return kept.sort_values([group, "z"], ascending=[True, False]).groupby(group).head(n).reset_index(drop=True)


# ------------------------------------------------------------------ frames
def load_frames(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Frame lexicons as a table: ``frame, label, term, kind`` (``lemma`` or ``phrase``).

    >>> f = load_frames()
    >>> sorted(f["frame"].unique())[:2]
    ['diplomatic', 'economic']
    """
    p = Path(path) if path else paths.FRAMES_FILE
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    rows = []
    for frame, spec in (data.get("frames") or {}).items():
        spec = spec or {}
        label = spec.get("label", frame)
        for t in spec.get("terms") or []:
            rows.append((frame, label, fold(str(t)), "lemma" if len(str(t).split()) == 1 else "phrase"))
        for t in spec.get("phrases") or []:
            rows.append((frame, label, fold(str(t)), "phrase"))
    if not rows:
        raise ValueError(f"{p} defines no frame: it needs 'frames:' with terms or phrases.")
    return pd.DataFrame(rows, columns=["frame", "label", "term", "kind"]).drop_duplicates(["frame", "term"])


def _phrase_hits(articles: pd.DataFrame, table: pd.DataFrame, phrase: str = "term") -> pd.DataFrame:
    """Every match of a table's phrases in ``articles.text``: ``doc_id, start, end`` + the table's row."""
    matcher = Matcher.build(table.rename(columns={phrase: "alias"}))
    rows = []
    for did, text in zip(articles["doc_id"], articles["text"]):
        toks, raw = matcher.spans(text) if isinstance(text, str) else ([], [])
        for s, e, key in _longest(raw):
            for cand in matcher.candidates[key]:
                rows.append({"doc_id": did, "start": toks[s][1], "end": toks[e - 1][2], **cand})
    return pd.DataFrame(rows)


def frame_counts(tokens: pd.DataFrame, articles: pd.DataFrame, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Frame terms per article: ``doc_id, frame, label, hits, n_words`` (``n_words``: content
    words of the article, stop words and punctuation excluded).

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> fc = frame_counts(ann.tokens, arts)
    >>> sorted(fc.columns)
    ['doc_id', 'frame', 'hits', 'label', 'n_words']
    """
    frames = frames if frames is not None else load_frames()
    content = tokens[~tokens["is_punct"].to_numpy(dtype=bool) & ~tokens["is_stop"].to_numpy(dtype=bool)]
    n_words = content.groupby("doc_id").size()
    lemmas = content.assign(term=content["lemma"].astype(str).map(fold))
    single = frames[frames["kind"] == "lemma"]
    hits = lemmas.merge(single, on="term")[["doc_id", "frame", "label", "start"]]
    phrases = frames[frames["kind"] == "phrase"]
    found = _phrase_hits(articles, phrases) if len(phrases) else pd.DataFrame()
    if len(found):
        # a word inside a matched phrase of the same frame counts once, as the phrase
        inside = np.zeros(len(hits), dtype=bool)
        for frame, part in found.groupby("frame"):
            rows = (hits["frame"] == frame).to_numpy()
            inside[rows] = _inside(hits[rows], part)
        hits = pd.concat([hits[~inside], found[["doc_id", "frame", "label"]]], ignore_index=True)
    grid = pd.MultiIndex.from_product([articles["doc_id"], frames["frame"].unique()], names=["doc_id", "frame"])
    out = hits.groupby(["doc_id", "frame"]).size().rename("hits").reindex(grid, fill_value=0).reset_index()
    out["label"] = out["frame"].map(frames.drop_duplicates("frame").set_index("frame")["label"])
    out["n_words"] = out["doc_id"].map(n_words).fillna(0).astype("int64")
    return out[["doc_id", "frame", "label", "hits", "n_words"]]


def frame_shares(tokens: pd.DataFrame, articles: pd.DataFrame, frames: pd.DataFrame | None = None, *,
                 by: str = "source", n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Share of each frame's terms among content words, per group, with a percentile
    bootstrap interval over the group's articles (articles resampled with replacement,
    ``n_boot`` times). A group of one article gets no interval (``low``/``high`` = NaN).

    Columns: ``by, frame, label, hits, n_words, share, low, high, n_articles``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> s = frame_shares(ann.tokens, arts, by="source", n_boot=200)
    >>> bool((s["share"] >= 0).all() and (s["share"] <= 1).all())
    True
    """
    columns = [by, "frame", "label", "hits", "n_words", "share", "low", "high", "n_articles"]
    if articles.empty or tokens.empty:
        return pd.DataFrame(columns=columns)
    per_doc = _with_group(frame_counts(tokens, articles, frames), articles, by)
    rng = np.random.default_rng(seed)
    rows = []
    for (g, frame), part in per_doc.groupby([by, "frame"], sort=True):
        hits, words = part["hits"].to_numpy(float), part["n_words"].to_numpy(float)
        share = hits.sum() / words.sum() if words.sum() else np.nan
        low = high = np.nan
        if len(part) > 1 and words.sum():
            draws = rng.integers(0, len(part), size=(n_boot, len(part)))
            boot = hits[draws].sum(axis=1) / np.maximum(words[draws].sum(axis=1), 1)
            low, high = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2])
        rows.append((g, frame, part["label"].iloc[0], int(hits.sum()), int(words.sum()), share, low, high, len(part)))
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------ naming choices
def load_naming(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Naming-choice sets as a table: ``set, set_label, choice, phrase``.

    >>> n = load_naming()
    >>> "offensive" in set(n.query("set == 'the_war'")["choice"])
    True
    """
    p = Path(path) if path else paths.NAMING_FILE
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    rows = []
    for name, spec in (data.get("sets") or {}).items():
        for choice, phrases in (spec.get("choices") or {}).items():
            for phrase in phrases or [choice]:
                rows.append((name, spec.get("label", name), str(choice), str(phrase)))
    return pd.DataFrame(rows, columns=["set", "set_label", "choice", "phrase"])


def naming_choices(articles: pd.DataFrame, naming: pd.DataFrame | None = None, *, by: str = "source") -> pd.DataFrame:
    """How often each group picks each choice of each naming set; ``share`` is within the
    group's uses of that set. Every (group, set, choice) appears, zeros included.

    Columns: ``by, set, set_label, choice, n, share``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> c = naming_choices(arts, by="doc_id").query("set == 'the_war' and n > 0")
    >>> sorted(c["choice"].unique())
    ['assaut', 'campagne militaire', 'guerre', 'offensive']
    """
    naming = naming if naming is not None else load_naming()
    columns = [by, "set", "set_label", "choice", "n", "share"]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    found = _phrase_hits(articles, naming, phrase="phrase")
    found = _with_group(found, articles, by) if len(found) else pd.DataFrame(columns=[by, "set", "choice"])
    choices = naming.drop_duplicates(["set", "choice"])[["set", "set_label", "choice"]]
    groups = pd.DataFrame({by: articles[by].drop_duplicates().to_numpy()})
    grid = groups.merge(choices, how="cross")
    counts = found.groupby([by, "set", "choice"]).size().rename("n").reset_index()
    out = grid.merge(counts, on=[by, "set", "choice"], how="left").fillna({"n": 0})
    out["n"] = out["n"].astype("int64")
    totals = out.groupby([by, "set"])["n"].transform("sum")
    out["share"] = (out["n"] / totals.where(totals > 0)).fillna(0.0)
    return out[columns]


# ------------------------------------------------------------------ voices
_QUOTE = re.compile(r"«\s*([^»]{2,}?)\s*»|“([^”]{2,}?)”|\"([^\"\n]{2,}?)\"")
_SPEECH = (r"d[ée]clar\w*|affirm\w*|dit|dire|ajout\w*|estim\w*|soulign\w*|indiqu\w*|expliqu\w*|assur\w*|annonc\w*|"
           r"salu\w*|jug\w*|pr[ée]cis\w*|rappel\w*|insist\w*|r[ée]pond\w*|averti\w*|martel\w*|promis|confi\w*|"
           r"qualifi\w*|d[ée]nonc\w*|r[ée]clam\w*|appel\w*|pr[ée]venu|lanc[ée]|r[ée]it[ée]r\w*|remerci\w*")
# "…», a déclaré X" / "…», déclare X" somewhere in the rest of the sentence
_VERB_AFTER = re.compile(rf"(?:^|[,;]\s*)(?:a|ont|avait|aurait)\s+(?:{_SPEECH})\b|^[\s,]*(?:{_SPEECH})\b", re.I)
# "…», a-t-il déclaré" / "…», déclare-t-elle"
_INVERSION = re.compile(rf"^[\s,]*(?:a|ont|avait)-t-(?:il|elle)|^[\s,]*(?:{_SPEECH})-(?:t-)?(?:il|elle|ils|elles)\b", re.I)
_REPORTED = re.compile(rf"\b(?:a|ont|avait|aurait)\s+(?:{_SPEECH})\s+(?:que|qu['’])|\bselon\b", re.I)
_SPEAKER_TYPES = ("person", "organisation", "state")


def _speaker(cands: pd.DataFrame) -> dict:
    if cands.empty:
        return {"speaker_id": None, "speaker": None, "speaker_type": None}
    order = cands.assign(rank=cands["actor_type"].map({t: k for k, t in enumerate(_SPEAKER_TYPES)}))
    best = order.sort_values(["rank"], kind="stable").iloc[0]
    return {"speaker_id": best["actor_id"], "speaker": best["actor"], "speaker_type": best["actor_type"]}


def _previous_subject(m: pd.DataFrame, spans: list[tuple[int, int]], before: int) -> pd.DataFrame:
    """The first person named in the closest earlier sentence that names one: who a
    sentence-initial "Elle a souligné…" or an inverted "a-t-il déclaré" most often refers to."""
    persons = m[m["actor_type"] == "person"]
    for s_start, s_end in reversed([sp for sp in spans if sp[1] <= before]):
        found = persons[(persons["start"] >= s_start) & (persons["end"] <= s_end)]
        if len(found):
            return found.head(1)
    return persons.head(0)


def quotes(articles: pd.DataFrame, mentions: pd.DataFrame, *, min_words: int = 2) -> pd.DataFrame:
    """Direct quotes («…», “…”, "…" of at least ``min_words`` words) and reported speech
    (*a déclaré que*, *a estimé que*, *selon X*), attributed to an actor where the text allows.

    A direct quote goes, in order, to: the actor named after a speech verb later in its
    sentence (``« … », a déclaré Vladimir Poutine``: ``verb_after``); for an inverted
    pronoun (``a-t-il déclaré``), the first person of the closest earlier sentence naming one
    (``pronoun``); the last person named before it in its sentence (``before``); else the
    first person of the closest earlier sentence naming one (``previous_subject``, for
    "Elle a souligné que « … »"). Reported speech goes to the actor after *selon*, or the one
    before the verb. Persons are preferred to organisations and states; ``attribution =
    "none"`` when nothing fits. These are heuristics: read :func:`term_kwic` or the quotes
    table before publishing a count.

    Columns: ``doc_id, start, end, kind, text, n_words, speaker_id, speaker, speaker_type, attribution``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> q = quotes(arts, kit.mentions(arts))
    >>> q.query("kind == 'direct'")["speaker"].value_counts().index[0]
    'Vladimir Poutine'
    """
    columns = ["doc_id", "start", "end", "kind", "text", "n_words", "speaker_id", "speaker", "speaker_type", "attribution"]
    by_doc = {d: g.sort_values("start") for d, g in mentions.groupby("doc_id")} if len(mentions) else {}
    rows = []
    empty = pd.DataFrame(columns=mentions.columns)
    for did, text in zip(articles["doc_id"], articles["text"]):
        if not isinstance(text, str):
            continue
        m = by_doc.get(did, empty)
        m = m[m["actor_type"].isin(_SPEAKER_TYPES)]
        spans = _sentences(text)
        quoted = []
        for q in _QUOTE.finditer(text):
            body = next(g for g in q.groups() if g is not None)
            if len(body.split()) < min_words:
                continue
            quoted.append((q.start(), q.end()))
            s_start = max((a for a, b in spans if a <= q.start()), default=0)
            s_end = min((b for a, b in spans if b >= q.end()), default=len(text))
            rest = text[q.end():s_end]
            verb = _VERB_AFTER.search(rest)
            before = m[(m["start"] >= s_start) & (m["end"] <= q.start()) & (m["actor_type"] == "person")]
            if _INVERSION.search(rest):
                attribution, cands = "pronoun", before.tail(1) if len(before) else _previous_subject(m, spans, s_start)
            elif verb:
                after = m[(m["start"] >= q.end() + verb.end()) & (m["end"] <= s_end)]
                attribution, cands = "verb_after", after.head(2)
            elif len(before):
                attribution, cands = "before", before.tail(1)
            else:
                attribution, cands = "previous_subject", _previous_subject(m, spans, s_start)
            speaker = _speaker(cands)
            rows.append({"doc_id": did, "start": q.start(), "end": q.end(), "kind": "direct", "text": body,
                         "n_words": len(body.split()), **speaker,
                         "attribution": attribution if speaker["speaker_id"] else "none"})
        for s_start, s_end in spans:
            sentence = text[s_start:s_end]
            if any(a < s_end and s_start < b for a, b in quoted):
                continue
            r = _REPORTED.search(sentence)
            if not r:
                continue
            pos = s_start + r.start()
            in_sentence = m[(m["start"] >= s_start) & (m["end"] <= s_end)]
            if r.group(0).lower().startswith("selon"):
                cands, attribution = in_sentence[in_sentence["start"] > pos].head(2), "selon"
            else:
                cands, attribution = in_sentence[in_sentence["end"] <= pos].tail(1), "verb_before"
            speaker = _speaker(cands)
            rows.append({"doc_id": did, "start": s_start, "end": s_end, "kind": "reported", "text": sentence,
                         "n_words": len(sentence.split()), **speaker,
                         "attribution": attribution if speaker["speaker_id"] else "none"})
    return pd.DataFrame(rows, columns=columns)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[»”\"]?\s+(?=[«“\"A-ZÀ-Ý])|\n\n")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-ZÀ-Ý]|M|MM|Mme|Mlle|Mgr|Dr|Pr|St|Ste|av|J\.-C)\.$")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (the annotation's sentences are finer, but optional here); no
    break after an honorific or an initial ("M. Poutine", "J. Biden").

    >>> _sentences("M. Kim est venu. Il est reparti.")
    [(0, 16), (17, 32)]
    """
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.group(0) != "\n\n" and _ABBREVIATION.search(text[max(0, m.start() - 6):m.start()]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def voices(quotes_table: pd.DataFrame, articles: pd.DataFrame, *, by: str = "source", kind: str | None = None) -> pd.DataFrame:
    """Who is quoted, per group: quotes per speaker and their share of the group's quotes.

    Unattributed quotes count under speaker ``"(unattributed)"``. ``kind``: ``"direct"``,
    ``"reported"`` or ``None`` for both. Columns: ``by, speaker, n_quotes, share``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> v = voices(quotes(arts, kit.mentions(arts)), arts, by="doc_id")
    >>> bool((v.groupby("doc_id")["share"].sum().round(6) == 1).all())
    True
    """
    columns = [by, "speaker", "n_quotes", "share"]
    q = quotes_table if kind is None else quotes_table[quotes_table["kind"] == kind]
    if q.empty:
        return pd.DataFrame(columns=columns)
    q = _with_group(q, articles, by)
    q = q.assign(speaker=q["speaker"].fillna("(unattributed)"))
    out = q.groupby([by, "speaker"]).size().rename("n_quotes").reset_index()
    out["share"] = out["n_quotes"] / out.groupby(by)["n_quotes"].transform("sum")
    return out.sort_values([by, "n_quotes"], ascending=[True, False]).reset_index(drop=True)[columns]


def quote_share(articles: pd.DataFrame, quotes_table: pd.DataFrame) -> pd.DataFrame:
    """Share of each article's words inside direct quotes. Columns: ``doc_id, n_words, n_quoted, share``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> s = quote_share(arts, quotes(arts, kit.mentions(arts)))
    >>> bool(s["share"].between(0, 1).all())
    True
    """
    direct = quotes_table[quotes_table["kind"] == "direct"] if len(quotes_table) else quotes_table
    quoted = direct.groupby("doc_id")["n_words"].sum() if len(direct) else pd.Series(dtype="int64")
    out = articles[["doc_id", "n_words"]].copy()
    out["n_quoted"] = out["doc_id"].map(quoted).fillna(0).astype("int64")
    out["share"] = (out["n_quoted"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    return out.reset_index(drop=True)


# ------------------------------------------------------------------ keyword in context
def term_kwic(articles: pd.DataFrame, tokens: pd.DataFrame, term: str, *, window: int = 60, by: str = "source") -> pd.DataFrame:
    """Every occurrence of a word (matched on its lemma or its form, ignoring case and
    accents) or of a phrase, in context: ``doc_id, by, left, match, right, how``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> len(term_kwic(arts, ann.tokens, "sanction"))
    2
    """
    wanted = fold(term)
    if len(match_tokens(term)) > 1:
        spans = _phrase_hits(articles, pd.DataFrame({"term": [wanted]}))
    else:
        hit = tokens["lemma"].astype(str).map(fold).eq(wanted) | tokens["text"].astype(str).map(fold).eq(wanted)
        spans = tokens.loc[hit, ["doc_id", "start", "end"]]
    if spans.empty:
        return kwic(articles, pd.DataFrame(columns=["doc_id", "start", "end", "how", "actor_id", "actor"]), by=by)
    spans = spans[["doc_id", "start", "end"]].assign(how="term", actor_id=term, actor=term)
    return kwic(articles, spans, by=by)
