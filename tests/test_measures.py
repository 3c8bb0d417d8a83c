"""Mention measures, computed by hand on a small table and checked on the sample."""

from __future__ import annotations

import pandas as pd
import pytest

import kit


@pytest.fixture
def tiny():
    articles = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": ["S1", "S1", "S2"],
            "n_words": [500, 1500, 1000],
            "date": pd.to_datetime(["2024-01-10", "2024-02-05", None]),
            "title": ["Poutine à Pyongyang", None, "Rien"],
            "lead": ["x" * 10, "y" * 10, "z" * 10],
            "text": ["x" * 100, "y" * 100, "z" * 100],
        }
    )
    rows = [("a", "putin", 0), ("a", "putin", 50), ("a", "russia", 60), ("b", "putin", 20), ("c", "russia", 5)]
    mentions = pd.DataFrame(
        [
            {
                "doc_id": d,
                "sent_id": 0,
                "actor_id": a,
                "actor": a.title(),
                "actor_type": "x",
                "surface": a,
                "start": s,
                "end": s + 3,
                "how": "name",
            }
            for d, a, s in rows
        ]
    )
    return articles, mentions


def test_mention_rates_by_hand(tiny):
    articles, mentions = tiny
    r = kit.mention_rates(mentions, articles=articles, by="source").set_index(["source", "actor_id"])
    # S1: 2,000 words, 2 articles; Putin 3 mentions in both articles; Russia 1 mention in one
    assert r.loc[("S1", "putin"), "per_1000_words"] == pytest.approx(1.5)
    assert r.loc[("S1", "putin"), "share_articles"] == 1.0
    assert r.loc[("S1", "russia"), "per_1000_words"] == pytest.approx(0.5)
    assert r.loc[("S1", "russia"), "share_articles"] == 0.5
    # S2 never names Putin: the zero is there, not missing
    assert r.loc[("S2", "putin"), "n_mentions"] == 0 and r.loc[("S2", "putin"), "per_1000_words"] == 0.0
    assert r.loc[("S2", "russia"), "per_1000_words"] == pytest.approx(1.0)
    assert len(kit.mention_rates(mentions, articles=articles, by="source", min_mentions=3)) == 2  # only Putin (4) kept


def test_over_time_keeps_undated_mentions(tiny):
    articles, mentions = tiny
    t = kit.mentions_over_time(mentions, articles=articles, period="M")
    jan = t[(t["period"] == pd.Timestamp("2024-01-01"))].set_index("actor_id")["n_mentions"].to_dict()
    assert jan == {"putin": 2, "russia": 1}
    assert t[t["period"].isna()]["n_mentions"].tolist() == [1]
    assert t["n_mentions"].sum() == len(mentions)


def test_prominence_and_headline_share(tiny):
    articles, mentions = tiny
    titles = kit.title_mentions(articles)
    p = kit.prominence(mentions, articles=articles, titles=titles).set_index(["doc_id", "actor_id"])
    assert p.loc[("a", "putin"), "in_title"] and p.loc[("a", "putin"), "in_lead"]  # start 0 < lead length 10
    assert not p.loc[("b", "putin"), "in_lead"]  # first mention at 20, lead is 10 characters
    assert p.loc[("a", "north_korea"), "in_title"] and p.loc[("a", "north_korea"), "n_mentions"] == 0
    assert p.loc[("b", "putin"), "first_position"] == pytest.approx(0.2)
    h = kit.headline_share(p.reset_index(), articles=articles, by="source").set_index(["source", "actor_id"])
    assert h.loc[("S1", "putin"), "in_title"] == 0.5 and h.loc[("S1", "putin"), "in_title_or_lead"] == 0.5


def test_top_actors_and_counts(tiny):
    _, mentions = tiny
    assert kit.top_actors(mentions)["actor_id"].tolist() == ["putin", "russia"]
    per_doc = kit.count_mentions(mentions, by="doc_id")
    assert per_doc[["doc_id", "actor_id", "n_mentions"]].values.tolist() == [
        ["a", "putin", 2],
        ["a", "russia", 1],
        ["b", "putin", 1],
        ["c", "russia", 1],
    ]


def test_kwic_on_the_sample(sample):
    m = kit.mentions(sample.articles, sentences=kit.annotate(sample.articles).sentences)
    k = kit.kwic(m, articles=sample.articles, actor="lavrov", window=30)
    assert len(k) == 8 and set(k["match"]) >= {"Sergueï Lavrov", "Lavrov", "M. Lavrov"}
    assert all(len(x) <= 32 for x in k["left"])


def test_measures_on_empty_input():
    empty_m = kit.mentions(
        pd.DataFrame(columns=kit.corpus.ARTICLE_COLUMNS), sentences=kit.nlp.Annotation.empty().sentences
    )
    empty_a = pd.DataFrame(columns=kit.corpus.ARTICLE_COLUMNS)
    assert empty_m.empty and list(empty_m.columns) == kit.actors.MENTION_COLUMNS
    assert kit.mention_rates(empty_m, articles=empty_a).empty
    assert kit.top_actors(empty_m).empty
    assert kit.kwic(empty_m, articles=empty_a, actor="putin").empty


def test_rates_and_headline_shares_carry_bootstrap_intervals(tiny):
    articles, mentions = tiny
    r = kit.mention_rates(mentions, articles=articles, by="source", ci=0.95, min_articles=2)
    r = r.set_index(["source", "actor_id"])
    # S1 has two articles: a (500 words, Putin twice, Russia once) and b (1,500 words, Putin once).
    # Resamples aa, ab, bb give Putin 4.0, 1.5, 0.67 per 1,000 words; Russia named in 1, 1/2, 0 of them.
    assert r.loc[("S1", "putin"), ["per_1000_words_low", "per_1000_words_high"]].tolist() == pytest.approx(
        [2000 / 3000, 4.0]
    )
    assert r.loc[("S1", "russia"), ["share_articles_low", "share_articles_high"]].tolist() == [0.0, 1.0]
    assert r.loc[("S1", "putin"), ["share_articles_low", "share_articles_high"]].tolist() == [1.0, 1.0]
    assert r.loc[("S1", "putin"), "per_1000_words_low"] <= r.loc[("S1", "putin"), "per_1000_words"]
    # S2 has one article: no interval, and it is marked as too small to rank
    assert r.loc[("S2", "russia"), ["per_1000_words_low", "share_articles_high"]].isna().all()
    assert r.xs("S1")["enough"].all() and not r.xs("S2")["enough"].any()
    assert "enough" not in kit.mention_rates(mentions, articles=articles, by="source").columns

    p = kit.prominence(mentions, articles=articles, titles=kit.title_mentions(articles))
    h = kit.headline_share(p, articles=articles, by="source", ci=0.95).set_index(["source", "actor_id"])
    # Putin is in the title of a, not of b: resamples give 1, 1/2, 0
    assert h.loc[("S1", "putin"), ["in_title", "in_title_low", "in_title_high"]].tolist() == [0.5, 0.0, 1.0]
    assert not h["enough"].any()  # the default asks for three articles per group
