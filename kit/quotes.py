"""Who is given a voice? Direct quotes and reported speech, attributed to actors.

* :func:`quotes`: direct quotes («…», “…”, "…") and reported speech (*a déclaré que*,
  *selon X*), attributed to an actor where the text allows, sentence by sentence (the
  sentences of :func:`kit.annotate`);
* :func:`voices`: quotes per speaker per group; :func:`quote_share`: share of an
  article's words in quotes.

>>> import kit
>>> s = kit.study("data/sample")
>>> sorted(quotes(s.articles, mentions=s.mentions, sentences=s.annotation.sentences)["kind"].unique())
['direct', 'reported']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kit.errors import missing_table
from kit.tables import with_group

_QUOTE = re.compile(r"«\s*([^»]{2,}?)\s*»|“([^”]{2,}?)”|\"([^\"\n]{2,}?)\"")
_SPEECH = (
    r"d[ée]clar\w*|affirm\w*|dit|dire|ajout\w*|estim\w*|soulign\w*|indiqu\w*|expliqu\w*|assur\w*|annonc\w*|"
    r"salu\w*|jug\w*|pr[ée]cis\w*|rappel\w*|insist\w*|r[ée]pond\w*|averti\w*|martel\w*|promis|confi\w*|"
    r"qualifi\w*|d[ée]nonc\w*|r[ée]clam\w*|appel\w*|pr[ée]venu|lanc[ée]|r[ée]it[ée]r\w*|remerci\w*"
)
# "…», a déclaré X" / "…», déclare X" somewhere in the rest of the sentence
_VERB_AFTER = re.compile(rf"(?:^|[,;]\s*)(?:a|ont|avait|aurait)\s+(?:{_SPEECH})\b|^[\s,]*(?:{_SPEECH})\b", re.I)
# "…», a-t-il déclaré" / "…», déclare-t-elle"
_INVERSION = re.compile(
    rf"^[\s,]*(?:a|ont|avait)-t-(?:il|elle)|^[\s,]*(?:{_SPEECH})-(?:t-)?(?:il|elle|ils|elles)\b", re.I
)
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


def quotes(
    articles: pd.DataFrame, *, mentions: pd.DataFrame, sentences: pd.DataFrame | None, min_words: int = 2
) -> pd.DataFrame:
    """Direct quotes («…», “…”, "…" of at least ``min_words`` words) and reported speech
    (*a déclaré que*, *a estimé que*, *selon X*), attributed to an actor where the text allows.

    A direct quote goes, in order, to: the actor named after a speech verb later in its
    sentence (``« … », a déclaré Vladimir Poutine``: ``verb_after``); for an inverted
    pronoun (``a-t-il déclaré``), the first person of the closest earlier sentence naming one
    (``pronoun``); the last person named before it in its sentence (``before``); else the
    first person of the closest earlier sentence naming one (``previous_subject``, for
    "Elle a souligné que « … »"). Reported speech goes to the actor after *selon*, or the one
    before the verb. Persons are preferred to organisations and states; ``attribution =
    "none"`` when nothing fits. Sentences are those of :func:`kit.annotate` (required).
    These are heuristics: read the quotes table before publishing a count.

    Columns: ``doc_id, start, end, kind, text, n_words, speaker_id, speaker, speaker_type, attribution``.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> q = quotes(s.articles, mentions=s.mentions, sentences=s.annotation.sentences)
    >>> q.query("kind == 'direct'")["speaker"].value_counts().index[0]
    'Vladimir Poutine'
    """
    columns = [
        "doc_id",
        "start",
        "end",
        "kind",
        "text",
        "n_words",
        "speaker_id",
        "speaker",
        "speaker_type",
        "attribution",
    ]
    if sentences is None:
        raise missing_table("kit.quotes", "sentences", "ann = kit.annotate(articles)")
    spans_of = {d: list(zip(g["start"], g["end"])) for d, g in sentences.groupby("doc_id", sort=False)}
    # each article's mentions, sliced when its turn comes from one table grouped by article
    # (a DataFrame per article held at once is a few kilobytes each: gigabytes at 100,000 articles)
    positions = mentions.groupby("doc_id").indices if len(mentions) else {}
    grouped = mentions.iloc[np.concatenate(list(positions.values()))] if positions else mentions
    ends = np.cumsum([len(p) for p in positions.values()])
    rows_of = {d: slice(int(e) - len(p), int(e)) for (d, p), e in zip(positions.items(), ends)}
    rows = []
    empty = pd.DataFrame(columns=mentions.columns)
    for did, text in zip(articles["doc_id"], articles["text"]):
        if not isinstance(text, str):
            continue
        m = grouped.iloc[rows_of[did]].sort_values("start") if did in rows_of else empty
        m = m[m["actor_type"].isin(_SPEAKER_TYPES)]
        spans = spans_of.get(did) or [(0, len(text))]
        quoted = []
        for q in _QUOTE.finditer(text):
            body = next(g for g in q.groups() if g is not None)
            if len(body.split()) < min_words:
                continue
            quoted.append((q.start(), q.end()))
            s_start = max((a for a, b in spans if a <= q.start()), default=0)
            s_end = min((b for a, b in spans if b >= q.end()), default=len(text))
            rest = text[q.end() : s_end]
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
            rows.append(
                {
                    "doc_id": did,
                    "start": q.start(),
                    "end": q.end(),
                    "kind": "direct",
                    "text": body,
                    "n_words": len(body.split()),
                    **speaker,
                    "attribution": attribution if speaker["speaker_id"] else "none",
                }
            )
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
            rows.append(
                {
                    "doc_id": did,
                    "start": s_start,
                    "end": s_end,
                    "kind": "reported",
                    "text": sentence,
                    "n_words": len(sentence.split()),
                    **speaker,
                    "attribution": attribution if speaker["speaker_id"] else "none",
                }
            )
    return pd.DataFrame(rows, columns=columns)


def voices(
    quotes: pd.DataFrame, *, articles: pd.DataFrame, by: str = "source", kind: str | None = None
) -> pd.DataFrame:
    """Who is quoted, per group: quotes per speaker and their share of the group's quotes.

    Unattributed quotes count under speaker ``"(unattributed)"``. ``kind``: ``"direct"``,
    ``"reported"`` or ``None`` for both. Columns: ``by, speaker, n_quotes, share``.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> q = kit.quotes(s.articles, mentions=s.mentions, sentences=s.annotation.sentences)
    >>> v = voices(q, articles=s.articles, by="doc_id")
    >>> bool((v.groupby("doc_id")["share"].sum().round(6) == 1).all())
    True
    """
    columns = [by, "speaker", "n_quotes", "share"]
    q = quotes if kind is None else quotes[quotes["kind"] == kind]
    if q.empty:
        return pd.DataFrame(columns=columns)
    q = with_group(q, articles, by)
    q = q.assign(speaker=q["speaker"].fillna("(unattributed)"))
    out = q.groupby([by, "speaker"]).size().rename("n_quotes").reset_index()
    out["share"] = out["n_quotes"] / out.groupby(by)["n_quotes"].transform("sum")
    return out.sort_values([by, "n_quotes"], ascending=[True, False]).reset_index(drop=True)[columns]


def quote_share(quotes: pd.DataFrame, *, articles: pd.DataFrame) -> pd.DataFrame:
    """Share of each article's words inside direct quotes. Columns: ``doc_id, n_words, n_quoted, share``.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> q = kit.quotes(s.articles, mentions=s.mentions, sentences=s.annotation.sentences)
    >>> bool(quote_share(q, articles=s.articles)["share"].between(0, 1).all())
    True
    """
    direct = quotes[quotes["kind"] == "direct"] if len(quotes) else quotes
    quoted = direct.groupby("doc_id")["n_words"].sum() if len(direct) else pd.Series(dtype="int64")
    out = articles[["doc_id", "n_words"]].copy()
    out["n_quoted"] = out["doc_id"].map(quoted).fillna(0).astype("int64")
    out["share"] = (out["n_quoted"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    return out.reset_index(drop=True)
