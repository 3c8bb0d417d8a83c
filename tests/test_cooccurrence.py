"""Co-occurrence counts and association measures, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import kit
from kit.cooccurrence import cooccurrence, g2_2x2, graph, matrix


@pytest.fixture
def toy():
    # 10 sentences in one article; A in sentences 0-3 (twice in 0), B in 2-4, C in 9
    rows = [(0, "a"), (0, "a"), (1, "a"), (2, "a"), (3, "a"), (2, "b"), (3, "b"), (4, "b"), (9, "c")]
    mentions = pd.DataFrame(
        [{"doc_id": "d", "sent_id": s, "actor_id": a, "actor": a.upper(), "actor_type": "person"} for s, a in rows]
    )
    sentences = pd.DataFrame({"doc_id": ["d"] * 10, "sent_id": range(10), "para_id": [0] * 5 + [1] * 5})
    return mentions, sentences


def test_sentence_pairs_by_hand(toy):
    mentions, sentences = toy
    pair = cooccurrence(mentions, sentences=sentences).set_index(["actor_a", "actor_b"]).loc[("A", "B")]
    # presence per sentence: A in 4 sentences (not 5 mentions), B in 3, both in 2, N = 10
    assert (pair["n"], pair["n_a"], pair["n_b"], pair["n_units"]) == (2, 4, 3, 10)
    assert pair["expected"] == pytest.approx(4 * 3 / 10)
    assert pair["pmi"] == pytest.approx(math.log2(2 * 10 / (4 * 3)))  # 0.736966
    assert pair["npmi"] == pytest.approx(0.736966 / 2.321928, abs=1e-6)  # pmi / -log2(2/10)
    assert pair["jaccard"] == pytest.approx(2 / (4 + 3 - 2))
    # 2x2 table [[2, 2], [1, 5]], expected [[1.2, 2.8], [1.8, 4.2]]
    assert pair["g2"] == pytest.approx(1.265374, abs=1e-6)
    assert 0.25 < pair["p_value"] < 0.27


def test_pairs_never_together_are_absent_and_units_change_counts(toy):
    mentions, sentences = toy
    by_sentence = cooccurrence(mentions, sentences=sentences)
    assert by_sentence[["actor_a", "actor_b"]].values.tolist() == [["A", "B"]]
    by_paragraph = cooccurrence(mentions, unit="paragraph", sentences=sentences).set_index(["actor_a", "actor_b"])
    # paragraphs: 0 = sentences 0-4 (A, B), 1 = sentences 5-9 (C): A-B once in 2 units
    assert by_paragraph.loc[("A", "B"), ["n", "n_units"]].tolist() == [1, 2]
    assert by_paragraph.loc[("A", "B"), "npmi"] == pytest.approx(1.0)  # together in the only paragraph either is in


def test_paragraph_unit_needs_sentences(toy):
    mentions, _ = toy
    with pytest.raises(kit.MissingTableError, match="paragraph"):
        cooccurrence(mentions, unit="paragraph")


def test_g2_by_hand():
    # [[10, 20], [30, 940]]: E = [[1.2, 28.8], [38.8, 931.2]];
    # 2 * (10 ln(10/1.2) + 20 ln(20/28.8) + 30 ln(30/38.8) + 940 ln(940/931.2)) = 30.069
    assert float(g2_2x2(10, 20, 30, 940)) == pytest.approx(30.069, abs=1e-3)


def test_on_the_sample(sample):
    ann = kit.annotate(sample.articles)
    m = kit.mentions(sample.articles, sentences=ann.sentences)
    pairs = cooccurrence(m, sentences=ann.sentences, articles=sample.articles).set_index(["actor_a", "actor_b"])
    # read by hand: Putin and Kim Jong Un share 6 sentences (002: 3, 003: 2, 004: 1)
    assert pairs.loc[("Kim Jong Un", "Vladimir Poutine"), "n"] == 6
    assert pairs.loc[("Kim Jong Un", "Vladimir Poutine"), "n_units"] == len(ann.sentences)
    evidence = kit.pair_sentences(
        m, sentences=ann.sentences, actor_a="Vladimir Poutine", actor_b="Kim Jong Un", articles=sample.articles
    )
    assert evidence.groupby("doc_id").size().to_dict() == {
        "002_78ddb5b181b4799f": 3,
        "003_9fca3681f5eb94e2": 2,
        "004_09bcae2d0884f6e2": 1,
    }
    by_article = cooccurrence(m, unit="article", articles=sample.articles).set_index(["actor_a", "actor_b"])
    # Putin and Kim are both named in all five articles
    assert by_article.loc[("Kim Jong Un", "Vladimir Poutine"), ["n", "n_units", "npmi"]].tolist() == [5, 5, 1.0]
    per_source = cooccurrence(m, by="source", sentences=ann.sentences, articles=sample.articles)
    assert per_source.groupby("source")["n_units"].first().sum() == len(ann.sentences)


def test_matrix_and_graph(toy):
    mentions, sentences = toy
    pairs = cooccurrence(mentions, sentences=sentences)
    wide = matrix(pairs, value="n", actors=["A", "B", "C"])
    assert wide.loc["A", "B"] == wide.loc["B", "A"] == 2 and wide.loc["A", "C"] == 0
    g = graph(pairs, mentions=mentions)
    assert sorted(g.nodes) == ["A", "B"] and g.nodes["A"]["n_mentions"] == 5 and g.edges["A", "B"]["n"] == 2


def test_empty_mentions():
    empty = pd.DataFrame(columns=kit.actors.MENTION_COLUMNS)
    assert cooccurrence(empty).empty
