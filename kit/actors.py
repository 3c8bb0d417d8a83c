"""Who is named? Actor mentions from a gazetteer the researcher edits (``data/actors.yml``).

:func:`mentions` finds every mention of every actor in ``articles.text`` with spaCy's
``PhraseMatcher`` over normalised tokens (lower case, no accents, a hyphen counts as a
space), then applies the rules that make counts right:

* the longest match wins: "Vladimir Poutine" is one mention, "la place Kim Il-sung" a place;
* a person's name written after a place word ("place", "rue", "aéroport"…) is not the person;
* a bare surname listed as ``short`` ("Kim") counts only after the full name appeared in the
  same article, and goes to the most recently named actor who has it;
* "Poutine-Kim" is two mentions (the tokenizer splits on hyphens);
* a role ("le président russe") counts for whoever held it on the article's date;
* a role written next to the name it describes is one mention, not two;
* a metonym ("Moscou", "le Kremlin") counts as the state, as a place, or by context
  (``capitals_as="auto"``: after "à", "au", "en"… it is a place);
* captions and comments are never counted: they are not in ``text``.

Columns of the mentions table: ``doc_id, sent_id, actor, actor_id, actor_type, surface,
start, end, how`` (``how`` is name, short, role, metonym or entity); offsets index ``articles.text``.

>>> import kit
>>> m = kit.mentions(kit.load_corpus("data/sample"))
>>> m.query("doc_id == '002_78ddb5b181b4799f' and actor_id == 'kim_jong_un'")["surface"].tolist()
['Kim Jong Un', 'Kim', 'M. Kim']
"""
from __future__ import annotations

import datetime as dt
import os
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from kit import paths

MENTION_COLUMNS = ["doc_id", "sent_id", "actor", "actor_id", "actor_type", "surface", "start", "end", "how"]
ALIAS_COLUMNS = ["actor_id", "actor", "actor_type", "country", "colour", "alias", "kind", "valid_from", "valid_to"]
KINDS = ("name", "short", "role", "metonym")
ACTOR_TYPES = ("person", "state", "organisation", "place")
# Prepositions after which a capital names the place, not the state ("une rencontre à Moscou").
_LOCATIVE = {"a", "au", "aux", "en", "depuis", "vers", "dans", "pres"}
_APPOSITION_GAP = {"", ",", "le", "la", "l'", "les", ", le", ", la", ", l'"}


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read; the message names the actor and the field."""


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain: the form matching uses.

    >>> fold("Choïgou, l’État")
    "choigou, l'etat"
    """
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _date(value, actor_id: str, what: str):
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    try:
        return pd.Timestamp(str(value))
    except ValueError as exc:
        raise GazetteerError(f"actor {actor_id}: {what} {value!r} is not a date (YYYY-MM-DD).") from exc


def load_actors(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The gazetteer as a tidy alias table: one row per (actor, alias, validity period).

    Columns: ``actor_id, actor, actor_type, country, colour, alias, kind, valid_from, valid_to``;
    ``kind`` is name, short, role or metonym. ``attrs["place_heads"]`` and
    ``attrs["honorifics"]`` carry the two word lists of the file.

    >>> actors = load_actors()
    >>> actors.query("actor_id == 'putin' and kind == 'name'")["alias"].iloc[0]
    'Vladimir Poutine'
    """
    path = Path(path) if path else paths.ACTORS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise GazetteerError(f"{path} is not valid YAML: {exc}") from exc
    entries = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise GazetteerError(f"{path} needs a top-level 'actors:' list.")
    rows, seen = [], set()
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise GazetteerError(f"{path}: actor #{k + 1} needs at least an id and a name.")
        actor_id = str(entry["id"])
        if actor_id in seen:
            raise GazetteerError(f"{path}: actor id {actor_id!r} is used twice.")
        seen.add(actor_id)
        kind_of = entry.get("type", "person")
        if kind_of not in ACTOR_TYPES:
            raise GazetteerError(f"actor {actor_id}: type {kind_of!r} is not one of {', '.join(ACTOR_TYPES)}.")
        base = {"actor_id": actor_id, "actor": str(entry["name"]), "actor_type": kind_of,
                "country": str(entry.get("country") or ""), "colour": entry.get("colour")}
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            rows.append({**base, "alias": str(alias), "kind": "name", "valid_from": None, "valid_to": None})
        for alias in entry.get("short") or []:
            rows.append({**base, "alias": str(alias), "kind": "short", "valid_from": None, "valid_to": None})
        for alias in entry.get("metonyms") or []:
            rows.append({**base, "alias": str(alias), "kind": "metonym", "valid_from": None, "valid_to": None})
        for role in entry.get("roles") or []:
            if isinstance(role, str):
                role = {"phrase": role}
            if not isinstance(role, dict) or not role.get("phrase"):
                raise GazetteerError(f"actor {actor_id}: each role needs a phrase.")
            periods = role.get("periods") or [[role.get("from"), role.get("to")]]
            for period in periods:
                start, end = (list(period) + [None, None])[:2]
                rows.append({**base, "alias": str(role["phrase"]), "kind": "role",
                             "valid_from": _date(start, actor_id, "from"), "valid_to": _date(end, actor_id, "to")})
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS).drop_duplicates(["actor_id", "alias", "kind", "valid_from", "valid_to"])
    table = table.reset_index(drop=True)
    table.attrs["place_heads"] = [fold(w) for w in data.get("place_heads") or []]
    table.attrs["honorifics"] = [fold(w) for w in data.get("honorifics") or []]
    return table


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
    """
    out = []
    for tok in _tokenizer()(text):
        if tok.is_space:
            continue
        if tok.text in ("-", "–", "‐") and not tok.whitespace_ and tok.i > 0 and not tok.nbor(-1).whitespace_:
            continue  # a hyphen inside a compound
        out.append((fold(tok.text), tok.idx, tok.idx + len(tok.text)))
    return out


@dataclass
class Matcher:
    """A compiled gazetteer: spaCy ``PhraseMatcher`` plus what each alias may stand for."""

    actors: pd.DataFrame
    matcher: object = None
    candidates: dict = field(default_factory=dict)   # folded alias -> alias rows (dicts)

    @classmethod
    def build(cls, actors: pd.DataFrame) -> "Matcher":
        """Compile an alias table (from :func:`load_actors`).

        >>> Matcher.build(load_actors()).candidates["kim"][0]["kind"]
        'short'
        """
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        vocab = _tokenizer().vocab
        matcher = PhraseMatcher(vocab, attr="ORTH")
        candidates: dict[str, list[dict]] = {}
        for row in actors.to_dict("records"):
            words = [t[0] for t in match_tokens(row["alias"])]
            if not words:
                continue
            key = " ".join(words)
            if key not in candidates:
                candidates[key] = []
                matcher.add(key, [Doc(vocab, words=words)])
            candidates[key].append(row)
        return cls(actors=actors, matcher=matcher, candidates=candidates)

    def spans(self, text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int, str]]]:
        """Tokens of ``text`` and the raw matches ``(first token, end token, folded alias)``.

        >>> m = Matcher.build(load_actors())
        >>> m.spans("Vladimir Poutine")[1]
        [(0, 2, 'vladimir poutine'), (1, 2, 'poutine')]
        """
        from spacy.tokens import Doc

        toks = match_tokens(text)
        if not toks:
            return toks, []
        doc = Doc(self.matcher.vocab, words=[t[0] for t in toks])
        found = [(s, e, self.matcher.vocab.strings[k]) for k, s, e in self.matcher(doc)]
        return toks, sorted(found, key=lambda m: (m[0], m[1]))


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans (earlier first on ties), like spacy.util.filter_spans."""
    kept, taken = [], set()
    for s, e, key in sorted(spans, key=lambda m: (-(m[1] - m[0]), m[0])):
        if not taken.intersection(range(s, e)):
            kept.append((s, e, key))
            taken.update(range(s, e))
    return sorted(kept)


def _valid_on(row: dict, date) -> bool:
    if date is None or pd.isna(date):
        return True
    return (row["valid_from"] is None or pd.isna(row["valid_from"]) or date >= row["valid_from"]) and (
        row["valid_to"] is None or pd.isna(row["valid_to"]) or date < row["valid_to"])


def find_mentions(text: str, matcher: Matcher, *, date=None, capitals_as: str = "state") -> list[dict]:
    """Mentions in one text: dicts with ``actor_id, actor, actor_type, surface, start, end, how``.

    >>> m = Matcher.build(load_actors())
    >>> [(x["actor_id"], x["how"]) for x in find_mentions("Le président russe Vladimir Poutine est à Moscou.", m)]
    [('putin', 'name'), ('russia', 'metonym')]
    """
    if capitals_as not in ("state", "place", "auto"):
        raise ValueError("capitals_as must be 'state', 'place' or 'auto'")
    toks, raw = matcher.spans(text)
    if not raw:
        return []
    cands = matcher.candidates
    is_role = lambda key: all(r["kind"] == "role" for r in cands[key])  # noqa: E731
    names = _longest([m for m in raw if not is_role(m[2])])
    roles = _longest([m for m in raw if is_role(m[2])])
    place_heads = set(matcher.actors.attrs.get("place_heads", []))
    honorifics = set(matcher.actors.attrs.get("honorifics", []))

    found: list[dict] = []
    named_order: list[str] = []  # actor ids named in full, most recent last
    for s, e, key in sorted(names + roles):
        rows = cands[key]
        prev = toks[s - 1][0] if s > 0 else ""
        row, how = None, None
        kinds = {r["kind"] for r in rows}
        if "name" in kinds:
            row, how = next(r for r in rows if r["kind"] == "name"), "name"
        elif "metonym" in kinds:
            row, how = next(r for r in rows if r["kind"] == "metonym"), "metonym"
        elif "short" in kinds:
            owners = {r["actor_id"]: r for r in rows if r["kind"] == "short"}
            recent = next((a for a in reversed(named_order) if a in owners), None)
            if recent is None:
                continue  # a bare surname before any full name: cannot tell who it is
            row, how = owners[recent], "short"
        else:
            valid = [r for r in rows if _valid_on(r, date)]
            holders = {r["actor_id"] for r in (valid if date is not None and not pd.isna(date) else rows)}
            if len(holders) != 1:
                continue  # nobody, or several people, held this role then
            row, how = next(r for r in (valid or rows) if r["actor_id"] in holders), "role"
        if row["actor_type"] == "person" and how in ("name", "short") and prev in place_heads:
            continue  # "la place Kim Il-sung", "l'aéroport Charles-de-Gaulle"
        start = toks[s][1]
        if how in ("name", "short") and prev in honorifics:
            start = toks[s - 1][1]
        mention = {"actor_id": row["actor_id"], "actor": row["actor"], "actor_type": row["actor_type"],
                   "surface": text[start:toks[e - 1][2]], "start": start, "end": toks[e - 1][2], "how": how}
        if how == "metonym" and (capitals_as == "place" or (capitals_as == "auto" and prev in _LOCATIVE)):
            place = text[toks[s][1]:toks[e - 1][2]]
            mention.update(actor_id=f"place:{fold(place)}", actor=place, actor_type="place")
        if how == "name":
            named_order.append(row["actor_id"])
        found.append(mention)
    return _merge_appositions(found, text)


def _merge_appositions(found: list[dict], text: str) -> list[dict]:
    """Drop a role written right before or after a name of the same actor
    ("le porte-parole du Kremlin, Dmitri Peskov"); mentions nested in the role do not separate them."""
    drop = set()
    for k, role in enumerate(found):
        if role["how"] != "role":
            continue
        for name in found:
            if name["how"] != "name" or name["actor_id"] != role["actor_id"]:
                continue
            if name["start"] >= role["end"]:
                gap = text[role["end"]:name["start"]]
            elif name["end"] <= role["start"]:
                gap = text[name["end"]:role["start"]]
            else:
                continue
            if fold(" ".join(gap.split())) in _APPOSITION_GAP:
                drop.add(k)
                break
    return [m for k, m in enumerate(found) if k not in drop]


def _sentence_ids(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    starts = {d: g["start"].tolist() for d, g in sentences.groupby("doc_id", sort=False)}
    ids = {d: g["sent_id"].tolist() for d, g in sentences.groupby("doc_id", sort=False)}
    out = []
    for d, s in zip(mentions["doc_id"], mentions["start"]):
        k = bisect_right(starts.get(d, []), s) - 1
        out.append(ids[d][k] if k >= 0 else 0)
    return pd.Series(out, index=mentions.index, dtype="int64")


def mentions(articles: pd.DataFrame, actors: pd.DataFrame | str | os.PathLike | None = None, *,
             sentences: pd.DataFrame | None = None, capitals_as: str = "state", count_roles: bool = True,
             text: str = "text", doc_id: str = "doc_id", date: str = "date") -> pd.DataFrame:
    """One row per actor mention in ``articles[text]``.

    ``actors``: an alias table from :func:`load_actors`, a path to a gazetteer, or ``None``
    for ``data/actors.yml``. ``sentences``: the sentences table of :func:`kit.annotate`
    (computed, from the cache, when not given) to fill ``sent_id``. ``capitals_as``:
    ``"state"`` (Moscou = Russia), ``"place"`` (Moscou = the city) or ``"auto"``
    (a place after à/au/en…, the state otherwise). ``count_roles=False`` drops role mentions.

    Columns: ``doc_id, sent_id, actor, actor_id, actor_type, surface, start, end, how``.

    >>> import kit
    >>> m = kit.mentions(kit.load_corpus("data/sample"))
    >>> int((m["actor_id"] == "putin").sum())
    20
    """
    table = actors if isinstance(actors, pd.DataFrame) else load_actors(actors)
    matcher = Matcher.build(table)
    rows = []
    dates = articles[date] if date in articles else pd.Series([None] * len(articles), index=articles.index)
    for did, body, when in zip(articles[doc_id], articles[text], dates):
        if not isinstance(body, str) or not body:
            continue
        for m in find_mentions(body, matcher, date=when, capitals_as=capitals_as):
            rows.append({"doc_id": did, **m})
    frame = pd.DataFrame(rows, columns=[c for c in MENTION_COLUMNS if c != "sent_id"])
    if not count_roles:
        frame = frame[frame["how"] != "role"]
    if sentences is None and len(frame):
        from kit.nlp import annotate

        sentences = annotate(articles[articles[doc_id].isin(frame["doc_id"])], text=text, doc_id=doc_id).sentences
    frame.insert(1, "sent_id", _sentence_ids(frame, sentences) if len(frame) else pd.Series(dtype="int64"))
    frame = frame.astype({"start": "int64", "end": "int64"})
    return frame[MENTION_COLUMNS].reset_index(drop=True)


def unknown_entities(tokens: pd.DataFrame, mentions: pd.DataFrame, *, labels=("PER", "ORG"),
                     min_count: int = 1) -> pd.DataFrame:
    """Entities the model found (persons and organisations by default) that no gazetteer
    mention covers, ranked by frequency: candidates to add to ``data/actors.yml``.

    Columns: ``entity, label, n, n_articles, example_doc``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> ann = kit.annotate(arts)
    >>> "entity" in unknown_entities(ann.tokens, kit.mentions(arts, sentences=ann.sentences))
    True
    """
    columns = ["entity", "label", "n", "n_articles", "example_doc"]
    ents = []
    current = None
    for row in tokens[["doc_id", "ent_iob", "ent_type", "start", "end", "text"]].itertuples(index=False):
        if row.ent_iob == "B" or (row.ent_iob == "I" and current is None):
            if current:
                ents.append(current)
            current = [row.doc_id, row.ent_type, row.start, row.end, [row.text]]
        elif row.ent_iob == "I" and current and current[0] == row.doc_id:
            current[3] = row.end
            current[4].append(row.text)
        else:
            if current:
                ents.append(current)
            current = None
    if current:
        ents.append(current)
    covered = {}
    for d, g in mentions.groupby("doc_id"):
        covered[d] = list(zip(g["start"], g["end"]))
    kept = []
    for d, label, s, e, words in ents:
        if label not in labels:
            continue
        if any(s < me and ms < e for ms, me in covered.get(d, [])):
            continue
        kept.append({"entity": " ".join(words), "label": label, "doc_id": d})
    if not kept:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(kept)
    out = (frame.groupby(["entity", "label"]).agg(n=("doc_id", "size"), n_articles=("doc_id", "nunique"),
                                                   example_doc=("doc_id", "first")).reset_index())
    out = out[out["n"] >= min_count]
    return out.sort_values(["n", "n_articles", "entity"], ascending=[False, False, True]).reset_index(drop=True)[columns]


def actor_colours(actors: pd.DataFrame | None = None) -> dict[str, str]:
    """``{display name: colour}`` for the actors with a fixed ``colour`` in the gazetteer.

    >>> actor_colours()["Vladimir Poutine"]
    '#c0392b'
    """
    table = actors if actors is not None else load_actors()
    fixed = table.dropna(subset=["colour"]).drop_duplicates("actor_id")
    return dict(zip(fixed["actor"], fixed["colour"]))
