"""How do tables meet? Joining a group column, checking columns, and showing spans in context.

Shared by every analysis stage, so none needs another:

* :func:`with_group`: a table with the ``by`` column of the articles joined on ``doc_id``;
* :func:`require`: a clear error when a table lacks columns a function needs;
* :func:`inside_spans`: which tokens lie inside spans (mentions, phrases);
* :func:`kwic`: keyword in context for any table of spans (``doc_id, start, end``) into
  ``articles.text``: mentions, term hits, quotes.

>>> arts = pd.DataFrame({"doc_id": ["a"], "source": ["Le Monde"], "text": ["Vladimir Poutine est venu."]})
>>> spans = pd.DataFrame({"doc_id": ["a"], "start": [9], "end": [16], "how": ["name"]})
>>> kwic(spans, articles=arts)[["source", "left", "match", "right"]].values.tolist()
[['Le Monde', 'Vladimir', 'Poutine', 'est venu.']]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit.errors import missing_column, missing_table

KWIC_COLUMNS = ["doc_id", "left", "match", "right", "how"]


def require(table: pd.DataFrame, columns: Iterable[str], *, name: str, hint: str = "") -> None:
    """Raise :class:`kit.errors.ColumnError` if ``table`` lacks any of ``columns``.

    >>> require(pd.DataFrame({"doc_id": []}), ["doc_id"], name="articles")
    """
    for column in columns:
        if column not in table:
            raise missing_column(column, name, table.columns, hint)


def with_group(table: pd.DataFrame, articles: pd.DataFrame | None, by: str) -> pd.DataFrame:
    """``table`` with the ``by`` column of ``articles`` joined on ``doc_id`` (unchanged if it has it).

    The one place where a per-article group (``source``, a column of one's own) is added
    to a mentions, tokens, quotes or pairs table.

    >>> m = pd.DataFrame({"doc_id": ["a", "b"]})
    >>> with_group(m, pd.DataFrame({"doc_id": ["a", "b"], "source": ["x", "y"]}), "source")["source"].tolist()
    ['x', 'y']
    """
    if by in table:
        return table
    if articles is None:
        raise missing_table("this measure", "articles", f"by={by!r} is a column of the articles table; pass articles=")
    if by not in articles:
        raise missing_column(by, "articles", articles.columns, "Pass by= with one of them.")
    return table.merge(articles[["doc_id", by]], on="doc_id", how="left")


def kwic(spans: pd.DataFrame, *, articles: pd.DataFrame, window: int = 60, by: str = "source") -> pd.DataFrame:
    """Each span of ``spans`` (``doc_id, start, end`` into ``articles.text``, and ``how``
    if it has one) with ``window`` characters each side, cut at word boundaries, line breaks folded.

    Columns: ``doc_id, by, left, match, right, how``.

    >>> arts = pd.DataFrame({"doc_id": ["a"], "source": ["s"], "text": ["un deux trois"]})
    >>> kwic(pd.DataFrame({"doc_id": ["a"], "start": [3], "end": [7]}), articles=arts, window=3)["left"].tolist()
    ['un']
    """
    columns = ["doc_id", by, "left", "match", "right", "how"]
    if spans.empty:
        return pd.DataFrame(columns=columns)
    texts = articles.set_index("doc_id")["text"]
    groups = articles.set_index("doc_id")[by] if by in articles else pd.Series(dtype=object)
    hows = spans["how"] if "how" in spans else pd.Series([None] * len(spans), index=spans.index)
    rows = []
    for doc_id, start, end, how in zip(spans["doc_id"], spans["start"], spans["end"], hows):
        text = texts[doc_id]
        left = " ".join(text[max(0, start - window) : start].split())
        right = " ".join(text[end : end + window].split())
        if start > window and " " in left:
            left = "…" + left.split(" ", 1)[1]
        if end + window < len(text) and " " in right:
            right = right.rsplit(" ", 1)[0] + "…"
        rows.append((doc_id, groups.get(doc_id), left, text[start:end], right, how))
    return pd.DataFrame(rows, columns=columns)


def inside_spans(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """Mask of the rows of ``tokens`` (``doc_id, start``) lying inside any span of ``spans``
    (``doc_id, start, end``).

    >>> toks = pd.DataFrame({"doc_id": ["a", "a"], "start": [0, 9]})
    >>> inside_spans(toks, pd.DataFrame({"doc_id": ["a"], "start": [5], "end": [12]})).tolist()
    [False, True]
    """
    mask = np.zeros(len(tokens), dtype=bool)
    if spans.empty:
        return mask
    by_doc = {d: g[["start", "end"]].to_numpy() for d, g in spans.groupby("doc_id")}
    for k, (d, s) in enumerate(zip(tokens["doc_id"], tokens["start"])):
        iv = by_doc.get(d)
        if iv is not None and ((iv[:, 0] <= s) & (s < iv[:, 1])).any():
            mask[k] = True
    return mask
