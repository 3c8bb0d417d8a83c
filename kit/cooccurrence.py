"""Who appears with whom? Actor pairs counted per sentence, paragraph or article, with association measures.

Counting rules (documented because results depend on them):

* **presence per unit**: a unit (sentence, paragraph or article) either contains an actor or
  not; three mentions of Putin and two of Kim in one sentence make one co-occurrence, not six;
* **N** is the number of units in the corpus (or group), *including units that name no
  actor*, taken from the sentences table (sentence, paragraph) or the articles table (article);
* for each pair: ``n`` units with both, ``n_a`` and ``n_b`` units with each,
  ``expected = n_a * n_b / N`` under independence,
  ``pmi = log2(n * N / (n_a * n_b))``, ``npmi = pmi / -log2(n / N)`` (1 = always together,
  0 = independent, -1 = never; 1 when both are in every unit),
  ``jaccard = n / (n_a + n_b - n)``, and Dunning's log-likelihood ``g2`` on the 2×2 table
  with its ``p_value`` (chi-squared, 1 degree of freedom).

>>> import kit
>>> s = kit.study("data/sample")
>>> pairs = cooccurrence(s.mentions, sentences=s.annotation.sentences)
>>> pairs.iloc[0][["actor_a", "actor_b"]].tolist()
['Corée du Nord', 'Russie']
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from kit.errors import KitError, missing_table
from kit.stats import g2_2x2, npmi, pmi
from kit.tables import with_group

PAIR_COLUMNS = [
    "actor_a",
    "actor_b",
    "actor_id_a",
    "actor_id_b",
    "n",
    "n_a",
    "n_b",
    "n_units",
    "expected",
    "pmi",
    "npmi",
    "jaccard",
    "g2",
    "p_value",
]
UNITS = ("sentence", "paragraph", "article")


def _unit_keys(mentions: pd.DataFrame, unit: str, sentences: pd.DataFrame | None) -> pd.Series:
    if unit == "article":
        return mentions["doc_id"].astype(str)
    if unit == "sentence":
        return mentions["doc_id"].astype(str) + "#" + mentions["sent_id"].astype(str)
    if sentences is None:
        raise missing_table("kit.cooccurrence(unit='paragraph')", "sentences", "ann = kit.annotate(articles)")
    para = sentences.set_index(["doc_id", "sent_id"])["para_id"]
    ids = pd.MultiIndex.from_arrays([mentions["doc_id"], mentions["sent_id"]]).map(para.to_dict().get)
    return mentions["doc_id"].astype(str) + "#p" + pd.Series(list(ids), index=mentions.index).astype(str)


def _n_units(
    unit: str, sentences: pd.DataFrame | None, articles: pd.DataFrame | None, doc_ids: pd.Index | None = None
) -> int | None:
    if unit == "article":
        if articles is not None:
            return int(articles["doc_id"].isin(doc_ids).sum()) if doc_ids is not None else len(articles)
        if sentences is None:
            return None
    if sentences is None:
        return None
    s = sentences if doc_ids is None else sentences[sentences["doc_id"].isin(doc_ids)]
    if unit == "article":
        return int(s["doc_id"].nunique())
    if unit == "paragraph":
        return int(len(s[["doc_id", "para_id"]].drop_duplicates()))
    return int(len(s))


def _pairs(mentions: pd.DataFrame, keys: pd.Series, n_units: int) -> pd.DataFrame:
    present = pd.DataFrame({"unit": keys.to_numpy(), "actor_id": mentions["actor_id"].to_numpy()}).drop_duplicates()
    names = mentions.drop_duplicates("actor_id").set_index("actor_id")["actor"]
    per_actor = present.groupby("actor_id").size()
    both = present.merge(present, on="unit", suffixes=("_a", "_b"))
    both = both[both["actor_id_a"] < both["actor_id_b"]]
    if both.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    out = both.groupby(["actor_id_a", "actor_id_b"]).size().rename("n").reset_index()
    return pair_measures(out, per_actor=per_actor, names=names, n_units=n_units)


def pair_measures(counts: pd.DataFrame, *, per_actor: pd.Series, names: pd.Series, n_units: int) -> pd.DataFrame:
    """The pairs table from pair counts (``actor_id_a < actor_id_b, n``), each actor's count
    of units (``per_actor``), display names by id and N: what :func:`cooccurrence` computes
    once the units are counted (the store counts them out of memory, then calls this).

    >>> expected = pair_measures(pd.DataFrame({"actor_id_a": ["a"], "actor_id_b": ["b"], "n": [1]}),
    ...     per_actor=pd.Series({"a": 2, "b": 2}), names=pd.Series({"a": "A", "b": "B"}), n_units=4)["expected"]
    >>> expected.tolist()
    [1.0]
    """
    if counts.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    out = counts[["actor_id_a", "actor_id_b", "n"]].copy()
    out["n_a"] = out["actor_id_a"].map(per_actor).astype("int64")
    out["n_b"] = out["actor_id_b"].map(per_actor).astype("int64")
    out["n_units"] = n_units
    out["expected"] = out["n_a"] * out["n_b"] / n_units
    out["pmi"] = pmi(out["n"], out["n_a"], out["n_b"], n_units)
    out["npmi"] = npmi(out["n"], out["n_a"], out["n_b"], n_units)
    out["jaccard"] = out["n"] / (out["n_a"] + out["n_b"] - out["n"])
    out["g2"] = g2_2x2(
        out["n"], out["n_a"] - out["n"], out["n_b"] - out["n"], n_units - out["n_a"] - out["n_b"] + out["n"]
    )
    from scipy.stats import chi2

    out["p_value"] = chi2.sf(out["g2"], 1)
    out["actor_a"] = out["actor_id_a"].map(names)
    out["actor_b"] = out["actor_id_b"].map(names)
    # name order inside a pair, so ("Corée du Nord", "Russie") reads the same everywhere
    swap = out["actor_a"] > out["actor_b"]
    for left, right in (("actor_a", "actor_b"), ("actor_id_a", "actor_id_b"), ("n_a", "n_b")):
        out.loc[swap, [left, right]] = out.loc[swap, [right, left]].to_numpy()
    return out[PAIR_COLUMNS]


def cooccurrence(
    mentions: pd.DataFrame,
    *,
    unit: str = "sentence",
    by: str | None = None,
    sentences: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Actor pairs and their association, overall or per group.

    ``unit``: ``"sentence"``, ``"paragraph"`` or ``"article"``. ``by``: a column of
    ``articles`` (e.g. ``"source"``) to compute each group apart. ``sentences`` and/or
    ``articles`` give N, the number of units (see the module docstring); without them N is
    the number of units that name at least one actor, and a warning says so.
    Pairs seen in fewer than ``min_count`` units are left out.

    Columns: [``by``,] ``actor_a, actor_b, actor_id_a, actor_id_b, n, n_a, n_b, n_units,
    expected, pmi, npmi, jaccard, g2, p_value``, most frequent pairs first.

    >>> m = pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": [0, 0, 1, 2], "actor_id": ["a", "b", "a", "b"],
    ...                   "actor": ["A", "B", "A", "B"]})
    >>> cooccurrence(m, unit="sentence", sentences=pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": range(4),
    ...     "para_id": [0, 0, 1, 1]}))[["n", "n_a", "n_b", "n_units", "expected"]].values.tolist()
    [[1.0, 2.0, 2.0, 4.0, 1.0]]
    """
    if unit not in UNITS:
        raise KitError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}.")
    columns = ([by] if by else []) + PAIR_COLUMNS
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    if by:
        mentions = with_group(mentions, articles, by)
    keys = _unit_keys(mentions, unit, sentences)
    groups = mentions.groupby(by, sort=True) if by else [(None, mentions)]
    frames = []
    for name, part in groups:
        doc_ids = (
            pd.Index(articles.loc[articles[by] == name, "doc_id"])
            if by and articles is not None
            else (pd.Index(part["doc_id"].unique()) if by else None)
        )
        n_units = _n_units(unit, sentences, articles, doc_ids)
        if n_units is None:
            warnings.warn(
                "cooccurrence: no sentences or articles table given, so N counts only units that "
                "name an actor; expected counts and PMI are then conditional on a mention.",
                stacklevel=2,
            )
            n_units = int(keys.loc[part.index].nunique())
        pairs = _pairs(part, keys.loc[part.index], n_units)
        if by:
            pairs.insert(0, by, name)
        frames.append(pairs)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    out = out[out["n"] >= min_count]
    sort = ([by] if by else []) + ["n", "npmi"]
    return out.sort_values(sort, ascending=[True] * bool(by) + [False, False], kind="stable").reset_index(drop=True)[
        columns
    ]


def matrix(pairs: pd.DataFrame, *, value: str = "npmi", actors=None, fill: float = 0.0) -> pd.DataFrame:
    """A symmetric actor × actor matrix of one pair measure (for heatmaps and clustering).

    >>> p = pd.DataFrame({"actor_a": ["A"], "actor_b": ["B"], "npmi": [0.5]})
    >>> matrix(p).values.tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    """
    names = sorted(set(pairs["actor_a"]) | set(pairs["actor_b"])) if actors is None else list(actors)
    wide = pd.DataFrame(fill, index=names, columns=names, dtype=float)
    for a, b, v in zip(pairs["actor_a"], pairs["actor_b"], pairs[value]):
        if a in wide.index and b in wide.index:
            wide.loc[a, b] = wide.loc[b, a] = float(v)
    return wide


def graph(pairs: pd.DataFrame, *, mentions: pd.DataFrame, min_count: int = 1):
    """A networkx graph: one node per actor (attribute ``n_mentions``), one edge per pair
    seen in at least ``min_count`` units (attributes: every pair column).

    >>> p = pd.DataFrame({"actor_a": ["A"], "actor_b": ["B"], "n": [2], "npmi": [0.4]})
    >>> m = pd.DataFrame({"actor": ["A", "A", "B"]})
    >>> g = graph(p, mentions=m); g.nodes["A"]["n_mentions"], g.edges["A", "B"]["n"]
    (2, 2)
    """
    import networkx as nx

    g = nx.Graph()
    kept = pairs[pairs["n"] >= min_count]
    counts = mentions.groupby("actor").size()
    for row in kept.to_dict("records"):
        g.add_edge(row["actor_a"], row["actor_b"], **{k: v for k, v in row.items() if k not in ("actor_a", "actor_b")})
    for node in g.nodes:
        g.nodes[node]["n_mentions"] = int(counts.get(node, 0))
    return g


def pair_sentences(
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame,
    actor_a: str,
    actor_b: str,
    articles: pd.DataFrame | None = None,
    by: str = "source",
) -> pd.DataFrame:
    """The sentences where two actors (display names or ids) appear together: the evidence behind a pair.

    Columns: ``doc_id``, [``by``,] ``sent_id, text``.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> pairs = pair_sentences(s.mentions, sentences=s.annotation.sentences,
    ...                        actor_a="Vladimir Poutine", actor_b="Kim Jong Un")
    >>> len(pairs)
    6
    """

    def units(actor: str) -> set:
        m = mentions[(mentions["actor"] == actor) | (mentions["actor_id"] == actor)]
        return set(zip(m["doc_id"], m["sent_id"]))

    both = units(actor_a) & units(actor_b)
    mask = np.fromiter(
        (k in both for k in zip(sentences["doc_id"], sentences["sent_id"])), dtype=bool, count=len(sentences)
    )
    out = sentences[mask][["doc_id", "sent_id", "text"]]
    if articles is not None and by in articles and by != "doc_id":
        out = with_group(out, articles, by)[["doc_id", by, "sent_id", "text"]]
    return out.reset_index(drop=True)
