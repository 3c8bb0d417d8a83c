"""How often, where, how prominently? Tidy measures over the mentions table.

Every function takes the mentions table of :func:`kit.mentions` first (and the articles table,
as ``articles=``, where words or groups are needed) and returns a tidy table. ``by`` names any column of
the articles table (``source``, ``doc_id``, a column of your own), joined on ``doc_id``.

>>> import kit
>>> study = kit.study("data/sample")
>>> rates = mention_rates(study.mentions, articles=study.articles, by="source")
>>> sorted(rates.columns)[:3]
['actor', 'actor_id', 'actor_type']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.errors import missing_table
from kit.stats import bootstrap_ratio
from kit.tables import KWIC_COLUMNS, with_group
from kit.tables import kwic as span_kwic

RATE_COLUMNS = [
    "actor_id",
    "actor",
    "actor_type",
    "n_mentions",
    "n_words",
    "per_1000_words",
    "n_articles",
    "n_articles_naming",
    "share_articles",
]


def count_mentions(mentions: pd.DataFrame, *, by: str | list[str] = "doc_id") -> pd.DataFrame:
    """Mentions per actor within each ``by`` group (columns already in ``mentions``).

    Columns: ``by…, actor_id, actor, actor_type, n_mentions``, most mentioned first.

    >>> import kit
    >>> top = count_mentions(kit.study("data/sample").mentions, by=[]).iloc[0]
    >>> top["actor"], int(top["n_mentions"])
    ('Russie', 33)
    """
    keys = [by] if isinstance(by, str) else list(by)
    cols = [*keys, "actor_id", "actor", "actor_type"]
    if mentions.empty:
        return pd.DataFrame(columns=[*cols, "n_mentions"])
    out = mentions.groupby(cols, sort=False).size().rename("n_mentions").reset_index()
    return out.sort_values(
        [*keys, "n_mentions", "actor"], ascending=[*[True] * len(keys), False, True], kind="stable"
    ).reset_index(drop=True)


MIN_ARTICLES = 3  # a group with fewer articles gets intervals too wide to rank it against others


def _group_intervals(
    per_doc: pd.DataFrame, *, articles: pd.DataFrame, by: str, value: str, den: str | None, ci: float, n_boot: int
) -> pd.DataFrame:
    """Bootstrap intervals over articles of ``sum(value) / sum(den)`` per group and actor
    (``den=None``: per article, so the share of articles). ``per_doc``: ``doc_id, actor_id, value``;
    articles without a row count as zero. Columns: ``by, actor_id, low, high``."""
    wide = per_doc.pivot_table(index="doc_id", columns="actor_id", values=value, aggfunc="sum", fill_value=0)
    rng = np.random.default_rng(0)
    parts = []
    for group, docs in articles.groupby(by, sort=True):
        rows = wide.reindex(docs["doc_id"].to_numpy(), fill_value=0)
        weights = docs[den].to_numpy(dtype=float) if den else np.ones(len(docs))
        low, high = bootstrap_ratio(rows.to_numpy(dtype=float), weights, n_boot=n_boot, ci=ci, rng=rng)
        parts.append(pd.DataFrame({by: group, "actor_id": wide.columns, "low": low, "high": high}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[by, "actor_id", "low", "high"])


def mention_rates(
    mentions: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    by: str = "source",
    min_mentions: int = 0,
    ci: float | None = None,
    n_boot: int = 1000,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Per ``by`` group and actor: mentions, words, mentions per 1,000 words, articles,
    articles naming the actor and their share.

    Every (group, actor) pair appears, with zeros where the group never names the actor,
    so heatmaps and comparisons do not hide absences. Actors with fewer than
    ``min_mentions`` in the whole corpus are left out.
    Columns: ``by, actor_id, actor, actor_type, n_mentions, n_words, per_1000_words,
    n_articles, n_articles_naming, share_articles``.

    With ``ci`` (a level, e.g. ``0.95``), a percentile bootstrap over the group's articles
    (``n_boot`` resamples) adds ``per_1000_words_low, per_1000_words_high,
    share_articles_low, share_articles_high`` (NaN for a one-article group) and ``enough``:
    False when the group has fewer than ``min_articles`` articles, too few to rank it.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> r = mention_rates(s.mentions, articles=s.articles, by="source")
    >>> int(r.query("actor_id == 'lavrov'")["n_articles_naming"].sum())
    3
    >>> r = mention_rates(s.mentions, articles=s.articles.assign(all="all"), by="all", ci=0.95, n_boot=200)
    >>> r.query("actor_id == 'lavrov'")[["share_articles", "share_articles_low", "share_articles_high"]].values.tolist()
    [[0.6, 0.2, 1.0]]
    """
    columns = [by, *RATE_COLUMNS]
    if ci is not None:
        columns += ["per_1000_words_low", "per_1000_words_high", "share_articles_low", "share_articles_high", "enough"]
    if mentions.empty or articles.empty:
        return pd.DataFrame(columns=columns)
    m = with_group(mentions, articles, by)
    totals = m.groupby("actor_id").size()
    keep = totals[totals >= min_mentions].index
    m = m[m["actor_id"].isin(keep)]
    if m.empty:
        return pd.DataFrame(columns=columns)
    groups = articles.groupby(by).agg(n_words=("n_words", "sum"), n_articles=("doc_id", "nunique"))
    actors = m.drop_duplicates("actor_id").set_index("actor_id")[["actor", "actor_type"]]
    grid = pd.MultiIndex.from_product([groups.index, actors.index], names=[by, "actor_id"])
    counts = m.groupby([by, "actor_id"]).agg(n_mentions=("doc_id", "size"), n_articles_naming=("doc_id", "nunique"))
    out = counts.reindex(grid, fill_value=0).reset_index()
    out = out.join(actors, on="actor_id").join(groups, on=by)
    out["per_1000_words"] = (1000 * out["n_mentions"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    out["share_articles"] = out["n_articles_naming"] / out["n_articles"]
    if ci is not None:
        per_doc = m.groupby(["doc_id", "actor_id"]).size().rename("n").reset_index()
        per_doc["named"] = 1.0
        per_doc["n1000"] = 1000.0 * per_doc["n"]
        for value, den, name in (("n1000", "n_words", "per_1000_words"), ("named", None, "share_articles")):
            iv = _group_intervals(per_doc, articles=articles, by=by, value=value, den=den, ci=ci, n_boot=n_boot)
            iv = iv.rename(columns={"low": f"{name}_low", "high": f"{name}_high"})
            out = out.merge(iv, on=[by, "actor_id"], how="left")
        out["enough"] = out["n_articles"] >= min_articles
    return out[columns].sort_values([by, "n_mentions"], ascending=[True, False], kind="stable").reset_index(drop=True)


def top_actors(mentions: pd.DataFrame, *, top: int = 10, min_mentions: int = 1) -> pd.DataFrame:
    """The ``top`` most mentioned actors over the whole corpus (ties broken by name).

    Columns: ``actor_id, actor, actor_type, n_mentions, n_articles``.

    >>> import kit
    >>> top_actors(kit.study("data/sample").mentions, top=2)["actor"].tolist()
    ['Russie', 'Corée du Nord']
    """
    columns = ["actor_id", "actor", "actor_type", "n_mentions", "n_articles"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    out = (
        mentions.groupby(["actor_id", "actor", "actor_type"])
        .agg(n_mentions=("doc_id", "size"), n_articles=("doc_id", "nunique"))
        .reset_index()
    )
    out = out[out["n_mentions"] >= min_mentions]
    return out.sort_values(["n_mentions", "actor"], ascending=[False, True]).head(top).reset_index(drop=True)[columns]


def mentions_over_time(
    mentions: pd.DataFrame, *, articles: pd.DataFrame, period: str = "M", by: str | None = None
) -> pd.DataFrame:
    """Mentions per calendar period (``D, W, M, Q, Y``) and actor, optionally per group.

    Mentions in undated articles are counted with ``period`` = ``NaT``, never dropped.
    Columns: ``period``, [``by``,] ``actor_id, actor, n_mentions``.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> t = mentions_over_time(s.mentions, articles=s.articles)
    >>> t.dropna(subset=["period"])["period"].unique().tolist()
    [Timestamp('2025-10-01 00:00:00')]
    """
    keys = ["period", *([by] if by else []), "actor_id", "actor"]
    if mentions.empty:
        return pd.DataFrame(columns=[*keys, "n_mentions"])
    cols = ["doc_id", "date", *([by] if by and by not in mentions else [])]
    m = mentions.merge(articles[cols], on="doc_id", how="left")
    m["period"] = m["date"].dt.to_period(period).dt.start_time
    return m.groupby(keys, dropna=False).size().rename("n_mentions").reset_index()


def prominence(mentions: pd.DataFrame, *, articles: pd.DataFrame, titles: pd.DataFrame | None) -> pd.DataFrame:
    """Who makes the headlines: per article and actor, whether the actor is named in the
    title, in the lead (the first paragraph), and where it is first named.

    ``titles`` is the table of :func:`kit.title_mentions` (titles matched with the same
    gazetteer and rules as the text; required, so the gazetteer is the one you chose).
    Columns: ``doc_id, actor_id, actor, in_title, in_lead, n_mentions, first_position``
    (``first_position``: share of the text before the first mention, 0 = opening words).

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> p = prominence(s.mentions, articles=s.articles, titles=s.titles)
    >>> int(p.query("actor_id == 'putin'")["in_title"].sum())
    3
    """
    columns = ["doc_id", "actor_id", "actor", "in_title", "in_lead", "n_mentions", "first_position"]
    if titles is None:
        raise missing_table(
            "kit.prominence", "titles", "call kit.title_mentions(articles, actors=...) and pass titles="
        )
    in_title = titles[["doc_id", "actor_id", "actor"]].drop_duplicates().assign(in_title=True)
    if mentions.empty and in_title.empty:
        return pd.DataFrame(columns=columns)
    lead_end = articles.set_index("doc_id")["lead"].fillna("").str.len()
    length = articles.set_index("doc_id")["text"].str.len().clip(lower=1)
    m = mentions.assign(in_lead=mentions["start"] < mentions["doc_id"].map(lead_end))
    body = (
        m.groupby(["doc_id", "actor_id", "actor"])
        .agg(in_lead=("in_lead", "any"), n_mentions=("start", "size"), first=("start", "min"))
        .reset_index()
    )
    body["first_position"] = body["first"] / body["doc_id"].map(length)
    out = body.merge(in_title, on=["doc_id", "actor_id"], how="outer", suffixes=("", "_title"))
    out["actor"] = out["actor"].fillna(out.pop("actor_title"))
    out["in_title"] = out["in_title"].astype("boolean").fillna(False).astype(bool)
    out["in_lead"] = out["in_lead"].astype("boolean").fillna(False).astype(bool)
    out["n_mentions"] = out["n_mentions"].fillna(0).astype("int64")
    return out[columns].sort_values(["doc_id", "n_mentions"], ascending=[True, False]).reset_index(drop=True)


def headline_share(
    prominence: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    by: str = "source",
    ci: float | None = None,
    n_boot: int = 1000,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Per group and actor: share of the group's articles naming the actor in the title,
    and in the title or lead.

    Columns: ``by, actor_id, actor, n_articles, in_title, in_title_or_lead`` (shares).
    With ``ci`` (a level, e.g. ``0.95``), bootstrap intervals over the group's articles add
    ``in_title_low, in_title_high, in_title_or_lead_low, in_title_or_lead_high`` and
    ``enough`` (False below ``min_articles`` articles), as in :func:`mention_rates`.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> p = kit.prominence(s.mentions, articles=s.articles, titles=s.titles)
    >>> h = headline_share(p, articles=s.articles, by="doc_id")
    >>> h.query("actor_id == 'putin'")["in_title"].tolist()
    [1.0, 0.0, 1.0, 0.0, 1.0]
    """
    columns = [by, "actor_id", "actor", "n_articles", "in_title", "in_title_or_lead"]
    if ci is not None:
        columns += ["in_title_low", "in_title_high", "in_title_or_lead_low", "in_title_or_lead_high", "enough"]
    if prominence.empty:
        return pd.DataFrame(columns=columns)
    p = with_group(prominence, articles, by)
    p = p.assign(in_title_or_lead=p["in_title"] | p["in_lead"])
    sizes = articles.groupby(by)["doc_id"].nunique().rename("n_articles")
    out = (
        p.groupby([by, "actor_id", "actor"])
        .agg(in_title=("in_title", "sum"), in_title_or_lead=("in_title_or_lead", "sum"))
        .reset_index()
    )
    out = out.join(sizes, on=by)
    out["in_title"] = out["in_title"] / out["n_articles"]
    out["in_title_or_lead"] = out["in_title_or_lead"] / out["n_articles"]
    if ci is not None:
        flags = p[["doc_id", "actor_id", "in_title", "in_title_or_lead"]].astype({"in_title": float})
        flags["in_title_or_lead"] = flags["in_title_or_lead"].astype(float)
        for name in ("in_title", "in_title_or_lead"):
            iv = _group_intervals(flags, articles=articles, by=by, value=name, den=None, ci=ci, n_boot=n_boot)
            out = out.merge(iv.rename(columns={"low": f"{name}_low", "high": f"{name}_high"}), on=[by, "actor_id"])
        out["enough"] = out["n_articles"] >= min_articles
    return out[columns].reset_index(drop=True)


def kwic(
    mentions: pd.DataFrame, *, articles: pd.DataFrame, actor: str | None = None, window: int = 60, by: str = "source"
) -> pd.DataFrame:
    """Keyword in context for the mentions of one actor (by id or display name), or all.

    Columns: ``doc_id, by, left, match, right, how``: ``window`` characters each side,
    cut at word boundaries, line breaks folded.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> kwic(s.mentions, articles=s.articles, actor="Choe Son Hui", window=20)["match"].iloc[0]
    'Choe Son Hui'
    """
    m = mentions if actor is None else mentions[(mentions["actor_id"] == actor) | (mentions["actor"] == actor)]
    if m.empty:
        return pd.DataFrame(columns=[KWIC_COLUMNS[0], by, *KWIC_COLUMNS[1:]])
    return span_kwic(m, articles=articles, window=window, by=by)
