"""Who is named? Actor mentions from a gazetteer the researcher edits (``data/actors.yml``).

:func:`mentions` finds every mention of every actor in ``articles.text`` with spaCy's
``PhraseMatcher`` over normalised tokens (lower case, no accents, a hyphen counts as a
space), then applies the rules that make counts right:

* spellings are generated from the gazetteer (transliterations, names written in one word,
  glyph variants), so "Choe Seon-hui", "Sergey Shoigu" and "KimⅢ" are found;
* the longest match wins: "Vladimir Poutine" is one mention, "la place Kim Il-sung" a place;
* a person's name written after a place word ("place", "rue", "aéroport", "dynastie"…) is not
  the person, nor a state's name in a sea's ("la mer du Japon");
* a bare surname listed as ``short`` ("Kim") counts only after the full name of exactly one
  actor with that surname appeared in the same article; with a title ("M. Kim") it also counts
  before, when one living person of that gender has the surname;
* a one-word name written next to another capitalised name ("Jack Kim", "Kim Yong-nam") is
  another person;
* "Poutine-Kim" is two mentions (the tokenizer splits on hyphens);
* a role ("le président russe") counts for whoever held it on the article's date;
* a role written next to the name it describes is one mention, not two;
* a metonym ("Moscou", "le Kremlin") counts as the state, as a place, or by context
  (``capitals_as="auto"``: after "à", "au", "en"… it is a place);
* captions and comments are never counted: they are not in ``text``.

Columns of the mentions table: ``doc_id, sent_id, actor, actor_id, actor_type, surface,
start, end, how`` (``how`` is name, short, role, metonym or entity); offsets index ``articles.text``.

>>> import kit
>>> arts = kit.load_corpus("data/sample")
>>> m = kit.mentions(arts, sentences=kit.annotate(arts).sentences)
>>> m.query("doc_id == '002_78ddb5b181b4799f' and actor_id == 'kim_jong_un'")["surface"].tolist()
['Kim Jong Un', 'Kim', 'M. Kim']
"""

from __future__ import annotations

import datetime as dt
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from kit import paths
from kit.errors import GazetteerError, config_error, missing_table
from kit.phrases import PhraseIndex, fold, glued_forms, longest_spans, name_variants, name_words
from kit.tables import require

MENTION_COLUMNS = ["doc_id", "sent_id", "actor", "actor_id", "actor_type", "surface", "start", "end", "how"]
TITLE_MENTION_COLUMNS = ["doc_id", "actor", "actor_id", "actor_type", "surface", "start", "end", "how"]
ALIAS_COLUMNS = [
    "actor_id",
    "actor",
    "actor_type",
    "country",
    "colour",
    "gender",
    "died",
    "alias",
    "kind",
    "valid_from",
    "valid_to",
    "generated",
]
KINDS = ("name", "short", "role", "metonym")
ACTOR_TYPES = ("person", "state", "organisation", "place")
CAPITALS_AS = ("state", "place", "auto")
# Prepositions after which a capital names the place, not the state ("une rencontre à Moscou").
_LOCATIVE = {"a", "au", "aux", "en", "depuis", "vers", "dans", "pres"}
_APPOSITION_GAP = {"", ",", "le", "la", "l'", "les", ", le", ", la", ", l'"}
# Words between a natural feature and a state's name ("la mer du Japon").
_OF = {"de", "du", "des", "d'"}
GENDERS = ("m", "f")


@dataclass(frozen=True)
class Gazetteer:
    """The actor gazetteer, read from a YAML file: its alias table and two word lists.

    ``aliases`` has one row per (actor, alias, validity period), columns
    ``actor_id, actor, actor_type, country, colour, gender, died, alias, kind, valid_from,
    valid_to, generated`` (``kind``: name, short, role or metonym; ``generated``: a spelling
    the kit generated, see ``spellings:`` in the file); ``place_heads`` are folded words after
    which a person's name is a place ("place", "aéroport"); ``feature_heads`` words that with
    "de"/"du" make a state's name a sea's ("mer"); ``honorifics`` folded titles kept in a
    mention's surface, each with the gender it implies (``{"m.": "m", "mme": "f"}``).

    >>> g = load_actors()
    >>> g.aliases.query("actor_id == 'putin' and kind == 'name'")["alias"].iloc[0], "place" in g.place_heads
    ('Vladimir Poutine', True)
    >>> {"sergey shoigu", "shoigu"} <= set(g.aliases.query("actor_id == 'shoigu' and generated")["alias"])
    True
    """

    aliases: pd.DataFrame
    place_heads: frozenset[str] = frozenset()
    honorifics: dict = field(default_factory=dict)
    feature_heads: frozenset[str] = frozenset()
    path: Path | None = None

    def colours(self) -> dict[str, str]:
        """``{display name: colour}`` for the actors with a fixed ``colour``.

        >>> load_actors().colours()["Vladimir Poutine"]
        '#c0392b'
        """
        fixed = self.aliases.dropna(subset=["colour"]).drop_duplicates("actor_id")
        return dict(zip(fixed["actor"], fixed["colour"]))


def _date(value, path: Path, actor_id: str, what: str):
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    try:
        return pd.Timestamp(str(value))
    except ValueError as exc:
        raise config_error(
            GazetteerError, path, f"actor {actor_id!r}", f"{what} {value!r} is not a date", "Write dates as YYYY-MM-DD."
        ) from exc


def _actor_rows(entry: dict, path: Path, spellings: dict) -> list[dict]:
    actor_id = str(entry["id"])
    kind_of = entry.get("type", "person")
    if kind_of not in ACTOR_TYPES:
        raise config_error(
            GazetteerError,
            path,
            f"actor {actor_id!r}",
            f"type {kind_of!r} is not known",
            f"Use one of {', '.join(ACTOR_TYPES)}.",
        )
    gender = entry.get("gender")
    if gender is not None and str(gender) not in GENDERS:
        raise config_error(
            GazetteerError, path, f"actor {actor_id!r}", f"gender {gender!r} is not known", "Write gender: m or f."
        )
    base = {
        "actor_id": actor_id,
        "actor": str(entry["name"]),
        "actor_type": kind_of,
        "country": str(entry.get("country") or ""),
        "colour": entry.get("colour"),
        "gender": None if gender is None else str(gender),
        "died": _date(entry.get("died"), path, actor_id, "died"),
        "generated": False,
    }
    rows = []
    for field_name in ("aliases", "short", "metonyms", "roles"):
        if entry.get(field_name) is not None and not isinstance(entry[field_name], list):
            raise config_error(
                GazetteerError,
                path,
                f"actor {actor_id!r}",
                f"{field_name} is not a list",
                f"Write {field_name} as a YAML list, e.g. {field_name}: [a, b].",
            )
    for alias in [entry["name"], *(entry.get("aliases") or [])]:
        rows.append({**base, "alias": str(alias), "kind": "name", "valid_from": None, "valid_to": None})
    for alias in entry.get("short") or []:
        rows.append({**base, "alias": str(alias), "kind": "short", "valid_from": None, "valid_to": None})
    if entry.get("variants", True) is not False:
        for row in list(rows):
            for alias in _spellings(row["alias"], row["kind"], base, spellings):
                rows.append({**row, "alias": alias, "generated": True})
    for alias in entry.get("metonyms") or []:
        rows.append({**base, "alias": str(alias), "kind": "metonym", "valid_from": None, "valid_to": None})
    for role in entry.get("roles") or []:
        if isinstance(role, str):
            role = {"phrase": role}
        if not isinstance(role, dict) or not role.get("phrase"):
            raise config_error(
                GazetteerError,
                path,
                f"actor {actor_id!r}",
                "a role has no phrase",
                "Write each role as a phrase or as {phrase: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}.",
            )
        periods = role.get("periods") or [[role.get("from"), role.get("to")]]
        for period in periods:
            start, end = (list(period) + [None, None])[:2]
            rows.append(
                {
                    **base,
                    "alias": str(role["phrase"]),
                    "kind": "role",
                    "valid_from": _date(start, path, actor_id, "from"),
                    "valid_to": _date(end, path, actor_id, "to"),
                }
            )
    return rows


def _spelling_tables(data: dict, path: Path) -> dict:
    """The ``spellings:`` section: ``{name: {countries, alternatives, rules, glue_given_name}}``,
    ``alternatives`` mapping each folded syllable to all the spellings on its line."""
    tables = {}
    section = data.get("spellings") or {}
    if not isinstance(section, dict):
        raise config_error(
            GazetteerError, path, "spellings", "it is not a mapping", "Write spellings: {korean: {...}, ...}."
        )
    for name, table in section.items():
        table = table or {}
        alternatives = {}
        for line in table.get("syllables") or []:
            forms = [fold(str(x)) for x in line]
            for form in forms:
                alternatives[form] = forms
        rules = []
        for rule in table.get("rules") or []:
            if not isinstance(rule, list) or len(rule) != 2:
                raise config_error(
                    GazetteerError,
                    path,
                    f"spellings {name!r}",
                    f"the rule {rule!r} is not a pair",
                    "Write each rule as [french spelling, other spelling].",
                )
            rules.append((str(rule[0]), str(rule[1])))
        tables[str(name)] = {
            "countries": {str(c) for c in table.get("countries") or []},
            "alternatives": alternatives,
            "rules": rules,
            "glue_given_name": bool(table.get("glue_given_name")),
        }
    return tables


def _spellings(alias: str, kind: str, actor: dict, tables: dict) -> list[str]:
    """Generated spellings of one alias of a person or place: transliterations of each word
    (the tables of the actor's country), and for people the name in one word and, where the
    table says so, the given name in one word ("Kim Jongun")."""
    if kind not in ("name", "short") or actor["actor_type"] not in ("person", "place"):
        return []
    forms = [" ".join(name_words(alias))]
    out = []
    for table in tables.values():
        if actor["country"] not in table["countries"]:
            continue
        variants = name_variants(alias, alternatives=table["alternatives"], rules=table["rules"])
        out.extend(variants)
        forms.extend(variants)
        if table["glue_given_name"] and kind == "name" and actor["actor_type"] == "person":
            out.extend(g for f in variants for g in glued_forms(f, tail=len(f.split()) - 1)[1:])
    if kind == "name" and actor["actor_type"] == "person":
        out.extend(g for f in forms for g in glued_forms(f)[:1])
    own = " ".join(name_words(alias))
    return list(dict.fromkeys(f for f in out if f != own))


def load_actors(path: str | os.PathLike | None = None) -> Gazetteer:
    """Read a gazetteer file (``data/actors.yml`` by default) into a :class:`Gazetteer`.

    A file that is not valid YAML, lacks the ``actors:`` list, or has an actor without an id
    or a name, a repeated id, an unknown type or a bad date raises
    :class:`kit.errors.GazetteerError` naming the file, the actor and what to fix.

    >>> g = load_actors()
    >>> sorted(g.aliases["kind"].unique())
    ['metonym', 'name', 'role', 'short']
    """
    path = Path(path) if path else paths.ACTORS_FILE
    if not path.exists():
        raise GazetteerError(
            f"gazetteer {path} does not exist. Pass the path of an actors YAML file "
            f"(the kit's own is {paths.ACTORS_FILE})."
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise config_error(GazetteerError, path, None, f"not valid YAML ({exc})", "Fix the YAML syntax.") from exc
    entries = data.get("actors") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise config_error(
            GazetteerError, path, None, "no top-level 'actors:' list", "Start the file with actors: and a list."
        )
    spellings = _spelling_tables(data, path)
    rows, seen = [], set()
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise config_error(
                GazetteerError,
                path,
                f"actor #{k + 1}",
                "it needs at least an id and a name",
                "Give every actor an id: and a name:.",
            )
        if str(entry["id"]) in seen:
            raise config_error(
                GazetteerError, path, f"actor {entry['id']!r}", "the id is used twice", "Give each actor its own id."
            )
        seen.add(str(entry["id"]))
        rows.extend(_actor_rows(entry, path, spellings))
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    # a generated spelling never takes a name another actor lists ("Kim" of one, a variant of another)
    table["_key"] = [" ".join(name_words(a)) for a in table["alias"]]
    listed = table[~table["generated"]].groupby("_key")["actor_id"].agg(set).to_dict()
    clash = [
        g and bool(listed.get(k, set()) - {a}) for g, k, a in zip(table["generated"], table["_key"], table["actor_id"])
    ]
    table = table[~pd.Series(clash, index=table.index, dtype=bool)]
    table = table.drop_duplicates(["actor_id", "_key", "kind", "valid_from", "valid_to"]).drop(columns="_key")
    honorifics = data.get("honorifics") or {}
    if isinstance(honorifics, list):
        honorifics = dict.fromkeys(honorifics)
    return Gazetteer(
        aliases=table.reset_index(drop=True),
        place_heads=frozenset(fold(w) for w in data.get("place_heads") or []),
        honorifics={fold(str(k)): (None if v is None else str(v)) for k, v in honorifics.items()},
        feature_heads=frozenset(fold(w) for w in data.get("feature_heads") or []),
        path=path,
    )


def as_gazetteer(actors: Gazetteer | str | os.PathLike | None) -> Gazetteer:
    """A :class:`Gazetteer` from a gazetteer, a path, or ``None`` (``data/actors.yml``).

    >>> as_gazetteer(None).path.name
    'actors.yml'
    """
    return actors if isinstance(actors, Gazetteer) else load_actors(actors)


@dataclass
class Matcher:
    """A compiled gazetteer: a :class:`kit.phrases.PhraseIndex` of its aliases plus the gazetteer."""

    gazetteer: Gazetteer
    index: PhraseIndex = field(default=None)

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> Matcher:
        """Compile a gazetteer.

        >>> Matcher.build(load_actors()).index.candidates["kim"][0]["kind"]
        'short'
        """
        return cls(gazetteer=gazetteer, index=PhraseIndex.build(gazetteer.aliases, phrase="alias"))


def _valid_on(row: dict, date) -> bool:
    if date is None or pd.isna(date):
        return True
    return (row["valid_from"] is None or pd.isna(row["valid_from"]) or date >= row["valid_from"]) and (
        row["valid_to"] is None or pd.isna(row["valid_to"]) or date < row["valid_to"]
    )


def find_mentions(text: str, matcher: Matcher, *, date=None, capitals_as: str = "state") -> list[dict]:
    """Mentions in one text: dicts with ``actor_id, actor, actor_type, surface, start, end, how``.

    >>> m = Matcher.build(load_actors())
    >>> [(x["actor_id"], x["how"]) for x in find_mentions("Le président russe Vladimir Poutine est à Moscou.", m)]
    [('putin', 'name'), ('russia', 'metonym')]
    """
    if capitals_as not in CAPITALS_AS:
        raise GazetteerError(f"capitals_as={capitals_as!r}: use one of {', '.join(CAPITALS_AS)}.")
    toks, raw = matcher.index.spans(text)
    if not raw:
        return []
    cands = matcher.index.candidates
    is_role = lambda key: all(r["kind"] == "role" for r in cands[key])  # noqa: E731
    names = longest_spans([m for m in raw if not is_role(m[2])])
    roles = longest_spans([m for m in raw if is_role(m[2])])
    gaz = matcher.gazetteer
    covered = [(toks[s][1], toks[e - 1][2]) for s, e, _ in names]

    found: list[dict] = []
    named_order: list[str] = []  # actor ids named in full, most recent last
    for s, e, key in sorted(names + roles):
        prev = toks[s - 1][0] if s > 0 else ""
        title = prev if prev in gaz.honorifics else None
        row, how = _resolve(cands[key], named_order, date, title=title, honorifics=gaz.honorifics)
        if row is None:
            continue
        if row["actor_type"] == "person" and how in ("name", "short"):
            if prev in gaz.place_heads:
                continue  # "la place Kim Il-sung", "l'aéroport Charles-de-Gaulle", "la dynastie Kim"
            if e - s == 1 and title is None and _beside_another_name(text, toks[s][1], toks[s][2], covered, gaz):
                continue  # "Jack Kim", "Kim Yong-nam": another person of that name
        if row["actor_type"] == "state" and how == "name" and prev in _OF and s > 1:
            if toks[s - 2][0] in gaz.feature_heads:
                continue  # "la mer du Japon"
        start = toks[s - 1][1] if how in ("name", "short") and title is not None else toks[s][1]
        mention = {
            "actor_id": row["actor_id"],
            "actor": row["actor"],
            "actor_type": row["actor_type"],
            "surface": text[start : toks[e - 1][2]],
            "start": start,
            "end": toks[e - 1][2],
            "how": how,
        }
        if how == "metonym" and (capitals_as == "place" or (capitals_as == "auto" and prev in _LOCATIVE)):
            place = text[toks[s][1] : toks[e - 1][2]]
            mention.update(actor_id=f"place:{fold(place)}", actor=place, actor_type="place")
        if how == "name":
            named_order.append(row["actor_id"])
        found.append(mention)
    return _merge_appositions(found, text)


_WORD_BEFORE = re.compile(r"([^\s]+)[ \u00a0\u202f]+$")
_WORD_AFTER = re.compile(r"^[ \u00a0\u202f]+([^\s]+)")
_NAME_LIKE = re.compile(r"[^\W\d_]+(?:[-'’‐‑][^\W\d_]+)*")


def _starts_sentence(text: str, at: int) -> bool:
    """Whether ``text[at:]`` begins a line or a sentence (only white space since a line break,
    sentence punctuation or the start of the text)."""
    before = text[max(0, at - 20) : at].rstrip(" \t\u00a0\u202f")
    return (not before and at <= 20) or before.endswith(("\n", ".", "!", "?", "…", ":", ";", "»", "”", '"'))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(fold(w) for w in STOP_WORDS)


def _beside_another_name(text: str, start: int, end: int, covered: list[tuple[int, int]], gaz: Gazetteer) -> bool:
    """Whether a one-word name at ``text[start:end]`` is written next to another capitalised
    name, on the same line with only spaces between: a given name before it ("Jack Kim") or
    more of a name after it ("Kim Yong-nam"). Words of other mentions, stop words ("Selon"),
    titles, place words, all-capital words (datelines, agencies) and a sentence's first word
    ("Sommet Poutine") do not count."""
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER.search(text[end : end + 40])
    for match, offset in ((before, max(0, start - 40)), (after, end)):
        if match is None:
            continue
        word = match.group(1)
        # the word before may open a bracket ("(Jack Kim"), the word after may close a clause ("Kim Yong-nam,")
        word = word.lstrip('([«“"') if match is before else word.rstrip('.,;:!?)]»”"')
        if match is before and word == match.group(1) and _starts_sentence(text, offset + match.start(1)):
            continue  # "Sommet Poutine-Kim": a sentence's first word has a capital anyway
        if not _NAME_LIKE.fullmatch(word) or not word[0].isupper() or word.isupper():
            continue
        folded = fold(word)
        if folded in _stop_words() or folded in gaz.honorifics or folded in gaz.place_heads:
            continue
        w_start = offset + match.start(1)
        if any(s < w_start + len(match.group(1)) and w_start < e for s, e in covered):
            continue  # "Poutine Kim": another mention, not more of a name
        return True
    return False


def _resolve(
    rows: list[dict], named_order: list[str], date, *, title: str | None = None, honorifics: dict | None = None
) -> tuple[dict | None, str | None]:
    """Which actor an alias stands for here, and how: a name, a metonym, a surname (after the
    full name of exactly one of its owners, or with a title that one living owner fits), or a
    role held by exactly one actor on ``date``."""
    kinds = {r["kind"] for r in rows}
    if "name" in kinds:
        return next(r for r in rows if r["kind"] == "name"), "name"
    if "metonym" in kinds:
        return next(r for r in rows if r["kind"] == "metonym"), "metonym"
    if "short" in kinds:
        owners = {r["actor_id"]: r for r in rows if r["kind"] == "short"}
        gender = (honorifics or {}).get(title) if title is not None else None
        fits = {a: r for a, r in owners.items() if gender is None or r.get("gender") in (None, gender)}
        named = [a for a in dict.fromkeys(named_order) if a in owners]
        if len(named) == 1 and (title is None or named[0] in fits):
            return owners[named[0]], "short"
        if title is not None:  # "M. Kim": a title says a living person, and may say which one
            pool = [a for a in named if a in fits] or [a for a, r in fits.items() if _alive_on(r, date)]
            if len(pool) == 1:
                return fits[pool[0]], "short"
        return None, None  # a bare surname first, or several people with it: who?
    dated = date is not None and not pd.isna(date)
    valid = [r for r in rows if _valid_on(r, date)]
    holders = {r["actor_id"] for r in (valid if dated else rows)}
    if len(holders) != 1:
        return None, None  # nobody, or several people, held this role then
    return next(r for r in (valid or rows) if r["actor_id"] in holders), "role"


def _alive_on(row: dict, date) -> bool:
    died = row.get("died")
    if died is None or pd.isna(died):
        return True
    return date is not None and not pd.isna(date) and date < died


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
                gap = text[role["end"] : name["start"]]
            elif name["end"] <= role["start"]:
                gap = text[name["end"] : role["start"]]
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


def _find_all(
    articles: pd.DataFrame, gazetteer: Gazetteer, *, text: str, capitals_as: str, count_roles: bool
) -> pd.DataFrame:
    matcher = Matcher.build(gazetteer)
    dates = articles["date"] if "date" in articles else pd.Series([None] * len(articles), index=articles.index)
    rows = []
    for did, body, when in zip(articles["doc_id"], articles[text], dates):
        if isinstance(body, str) and body:
            rows.extend({"doc_id": did, **m} for m in find_mentions(body, matcher, date=when, capitals_as=capitals_as))
    frame = pd.DataFrame(rows, columns=TITLE_MENTION_COLUMNS)
    if not count_roles:
        frame = frame[frame["how"] != "role"]
    return frame.astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


def mentions(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None,
    actors: Gazetteer | str | os.PathLike | None = None,
    capitals_as: str = "state",
    count_roles: bool = True,
) -> pd.DataFrame:
    """One row per actor mention in ``articles.text``.

    ``sentences``: the sentences table of :func:`kit.annotate`, which gives each mention
    its ``sent_id`` (required: the kit never runs spaCy behind your back).
    ``actors``: a :class:`Gazetteer`, a path to a gazetteer, or ``None`` for
    ``data/actors.yml``. ``capitals_as``: ``"state"`` (Moscou = Russia), ``"place"``
    (Moscou = the city) or ``"auto"`` (a place after à/au/en…, the state otherwise).
    ``count_roles=False`` drops role mentions.

    Columns: ``doc_id, sent_id, actor, actor_id, actor_type, surface, start, end, how``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> m = kit.mentions(arts, sentences=kit.annotate(arts).sentences)
    >>> int((m["actor_id"] == "putin").sum())
    20
    """
    if sentences is None:
        raise missing_table("kit.mentions", "sentences", "ann = kit.annotate(articles)")
    require(articles, ["doc_id", "text"], name="articles")
    frame = _find_all(articles, as_gazetteer(actors), text="text", capitals_as=capitals_as, count_roles=count_roles)
    frame.insert(1, "sent_id", _sentence_ids(frame, sentences) if len(frame) else pd.Series(dtype="int64"))
    return frame[MENTION_COLUMNS].reset_index(drop=True)


def title_mentions(
    articles: pd.DataFrame,
    *,
    actors: Gazetteer | str | os.PathLike | None = None,
    capitals_as: str = "state",
    count_roles: bool = True,
) -> pd.DataFrame:
    """Actor mentions in ``articles.title``, found with the same gazetteer and rules as
    :func:`mentions`; offsets index the title. For :func:`kit.prominence`.

    Columns: ``doc_id, actor, actor_id, actor_type, surface, start, end, how``.

    >>> import kit
    >>> t = title_mentions(kit.load_corpus("data/sample"))
    >>> int((t["actor_id"] == "putin").sum())
    3
    """
    require(articles, ["doc_id", "title"], name="articles")
    return _find_all(articles, as_gazetteer(actors), text="title", capitals_as=capitals_as, count_roles=count_roles)


def unknown_entities(
    tokens: pd.DataFrame, *, mentions: pd.DataFrame, labels: tuple[str, ...] = ("PER", "ORG"), min_count: int = 1
) -> pd.DataFrame:
    """Entities the model found (persons and organisations by default) that no gazetteer
    mention covers, ranked by frequency: candidates to add to ``data/actors.yml``.

    Columns: ``entity, label, n, n_articles, example_doc``.

    It needs an annotation made with entities (``kit.annotate(articles, entities=True)``);
    on one made without, it raises :class:`kit.errors.MissingTableError` saying so.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> ann = kit.annotate(arts, entities=True)
    >>> "entity" in unknown_entities(ann.tokens, mentions=kit.mentions(arts, sentences=ann.sentences))
    True
    """
    columns = ["entity", "label", "n", "n_articles", "example_doc"]
    if len(tokens) and "ent_iob" in tokens and (tokens["ent_iob"].astype(str) == "").all():
        raise missing_table(
            "kit.unknown_entities",
            "tokens",
            "these tokens were annotated without named entities (the default, faster). "
            "Annotate with ann = kit.annotate(articles, entities=True) (or kit.study(..., entities=True)) "
            "and pass tokens=ann.tokens",
        )
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
    out = (
        frame.groupby(["entity", "label"])
        .agg(n=("doc_id", "size"), n_articles=("doc_id", "nunique"), example_doc=("doc_id", "first"))
        .reset_index()
    )
    out = out[out["n"] >= min_count]
    return out.sort_values(["n", "n_articles", "entity"], ascending=[False, False, True]).reset_index(drop=True)[
        columns
    ]
