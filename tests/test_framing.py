"""Keyness worked by hand, frame shares on a small corpus, naming choices and quotes on the sample."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.keyness import group_sizes, keyness
from kit.lexicons import frame_counts, load_frames

D0, D2, D3, D4 = "000_31cb83dccb87126a", "002_78ddb5b181b4799f", "003_9fca3681f5eb94e2", "004_09bcae2d0884f6e2"


@pytest.fixture
def three_groups():
    return pd.DataFrame(
        {"source": ["g1", "g1", "g2", "g2", "g3", "g3"], "lemma": ["x", "y"] * 3, "n": [10, 5, 2, 8, 4, 4]}
    )


def test_keyness_by_hand(three_groups):
    k = keyness(three_groups).set_index(["source", "lemma"])
    # prior a_x = 16, a_y = 17 (pooled counts), a_0 = 33
    # g1, x: y_i = 10, n_i = 15, y_j = 6, n_j = 18
    #   delta = ln(26 / 22) - ln(22 / 29) = 0.443307; var = 1/26 + 1/22; z = 1.530321
    assert k.loc[("g1", "x"), "log_odds"] == pytest.approx(0.443307, abs=1e-6)
    assert k.loc[("g1", "x"), "z"] == pytest.approx(1.530321, abs=1e-6)
    # 2x2 [[10, 5], [6, 12]]: G2 = 3.707471; log ratio = log2((10/15) / (6/18)) = 1
    assert k.loc[("g1", "x"), "g2"] == pytest.approx(3.707471, abs=1e-6)
    assert k.loc[("g1", "x"), "log_ratio"] == pytest.approx(1.0)
    # g2, y: y_i = 8, n_i = 10, y_j = 9, n_j = 23, a_y = 17
    #   delta = ln(25 / 18) - ln(26 / 30) = 0.471605; z = 1.683643; log ratio = log2(0.8 / (9/23)) = 1.031709
    assert k.loc[("g2", "y"), "z"] == pytest.approx(1.683643, abs=1e-6)
    assert k.loc[("g2", "y"), "log_ratio"] == pytest.approx(1.031709, abs=1e-6)
    # each group against the rest: the z-scores of one term do not sum to zero (tidylo would)
    assert list(k.columns[:2]) == ["n", "n_group"]
    assert k.loc[("g1", "x"), "n_group"] == 15 and k.loc[("g1", "x"), "n_rest"] == 18


def test_keyness_warns_on_repeated_rows(three_groups):
    doubled = pd.concat([three_groups, three_groups.head(1)])
    with pytest.warns(UserWarning, match="several rows"):
        k = keyness(doubled).set_index(["source", "lemma"])
    assert k.loc[("g1", "x"), "n"] == 20


def test_keyness_with_a_background_prior(three_groups):
    background = pd.DataFrame({"lemma": ["x", "y"], "n": [100, 100]})
    k = keyness(three_groups, background=background, prior_scale=0.1).set_index(["source", "lemma"])
    # a_x = a_y = 10, a_0 = 20; g1, x: delta = ln(20 / 15) - ln(16 / 22)
    import math

    assert k.loc[("g1", "x"), "log_odds"] == pytest.approx(math.log(20 / 15) - math.log(16 / 22))


def test_group_sizes_flag_small_groups(three_groups):
    sizes = group_sizes(three_groups, min_total=12)
    assert sizes.set_index("source")["enough"].to_dict() == {"g1": True, "g2": False, "g3": False}


@pytest.fixture
def small_corpus(tmp_path):
    frames = tmp_path / "frames.yml"
    frames.write_text(
        "frames:\n  military: {label: mil, terms: [guerre, soldat], phrases: [effort de guerre]}\n"
        "  diplomatic: {label: dip, terms: [accord, paix]}\n",
        encoding="utf-8",
    )
    articles = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": ["S1", "S1", "S2"],
            "text": ["guerre soldat paix accord", "sanction guerre", "effort de guerre"],
        }
    )
    words = {"a": ["guerre", "soldat", "paix", "accord"], "b": ["sanction", "guerre"], "c": ["effort", "de", "guerre"]}
    rows = []
    for doc, ws in words.items():
        pos = 0
        for w in ws:
            rows.append(
                {
                    "doc_id": doc,
                    "lemma": w,
                    "text": w,
                    "is_stop": w == "de",
                    "is_punct": False,
                    "start": pos,
                    "end": pos + len(w),
                }
            )
            pos += len(w) + 1
    return pd.DataFrame(rows), articles, load_frames(frames)


def test_frame_counts_and_shares_by_hand(small_corpus):
    tokens, articles, frames = small_corpus
    fc = frame_counts(tokens, articles=articles, frames=frames).set_index(["doc_id", "frame"])["hits"]
    # "effort de guerre" is one military phrase: its "guerre" is not counted again
    assert fc.to_dict() == {
        ("a", "military"): 2,
        ("a", "diplomatic"): 2,
        ("b", "military"): 1,
        ("b", "diplomatic"): 0,
        ("c", "military"): 1,
        ("c", "diplomatic"): 0,
    }
    shares = kit.frame_shares(tokens, articles=articles, frames=frames, by="source", n_boot=500).set_index(
        ["source", "frame"]
    )
    # S1: 6 content words; military 3 -> 0.5, diplomatic 2 -> 1/3
    assert shares.loc[("S1", "military"), "share"] == pytest.approx(0.5)
    assert shares.loc[("S1", "diplomatic"), "share"] == pytest.approx(1 / 3)
    # resampling {a, b}: military is 0.5 in every resample; diplomatic ranges over 0 .. 0.5
    assert shares.loc[("S1", "military"), ["low", "high"]].tolist() == pytest.approx([0.5, 0.5])
    assert shares.loc[("S1", "diplomatic"), "low"] == pytest.approx(0.0)
    assert shares.loc[("S1", "diplomatic"), "high"] == pytest.approx(0.5)
    # one-article group: a share, no interval
    assert shares.loc[("S2", "military"), "share"] == pytest.approx(0.5)  # 1 hit / 2 content words
    assert pd.isna(shares.loc[("S2", "military"), "low"])


def test_naming_choices_on_the_sample(sample):
    c = kit.naming_choices(sample.articles, by="doc_id")
    used = c[c["n"] > 0].set_index(["doc_id", "set", "choice"])["n"].to_dict()
    # counted by reading the texts
    assert {k[2]: v for k, v in used.items() if k[0] == D2 and k[1] == "the_war"} == {
        "assaut": 1,
        "campagne militaire": 2,
    }
    assert {k[2]: v for k, v in used.items() if k[0] == D4 and k[1] == "the_relation"} == {
        "alliance": 1,
        "partenariat stratégique": 2,
        "rapprochement": 1,
        "amitié": 2,
    }  # subheading + last paragraph
    shares = c[(c["doc_id"] == D2) & (c["set"] == "the_war")].set_index("choice")["share"]
    assert shares["campagne militaire"] == pytest.approx(2 / 3)


def test_quotes_on_the_sample(sample):
    ann = kit.annotate(sample.articles)
    m = kit.mentions(sample.articles, sentences=ann.sentences)
    q = kit.quotes(sample.articles, mentions=m, sentences=ann.sentences)
    direct = q[q["kind"] == "direct"]
    # read by hand: who speaks each direct quote
    assert direct[direct["doc_id"] == D0]["speaker"].tolist() == [
        "Vladimir Poutine",
        "Vladimir Poutine",
        "Choe Son Hui",
    ]
    assert direct[direct["doc_id"] == D2]["speaker"].tolist() == [
        "Sergueï Lavrov",
        "Choe Son Hui",
        "Dmitri Peskov",
        "Dmitri Peskov",
    ]
    assert direct[direct["doc_id"] == D2]["attribution"].tolist() == ["pronoun", "before", "verb_after", "verb_after"]
    lavrov = direct[(direct["doc_id"] == D3) & (direct["speaker"] == "Sergueï Lavrov")]
    assert len(lavrov) == 5  # « exploits », one word, is a term, not a quote
    # single quoted words are terms, not quotes: « exploits » is not counted
    assert "exploits" not in direct["text"].tolist()
    share = kit.quote_share(q, articles=sample.articles).set_index("doc_id")
    assert 0 < share.loc[D0, "share"] < 0.2
    v = kit.voices(q, articles=sample.articles, by="doc_id", kind="direct").set_index(["doc_id", "speaker"])
    assert v.loc[(D0, "Vladimir Poutine"), "n_quotes"] == 2 and v.loc[(D0, "Choe Son Hui"), "share"] == pytest.approx(
        1 / 3
    )


def test_reported_speech_by_hand():
    articles = pd.DataFrame(
        {
            "doc_id": ["r"],
            "text": ["Selon Dmitri Peskov, la visite aura lieu. Vladimir Poutine a affirmé que tout allait bien."],
        }
    )
    # the two sentences as kit.annotate gives them
    sentences = pd.DataFrame({"doc_id": ["r", "r"], "sent_id": [0, 1], "start": [0, 42], "end": [41, 90]})
    m = kit.mentions(articles, sentences=sentences)
    q = kit.quotes(articles, mentions=m, sentences=sentences)
    assert q[["kind", "speaker", "attribution"]].values.tolist() == [
        ["reported", "Dmitri Peskov", "selon"],
        ["reported", "Vladimir Poutine", "verb_before"],
    ]


def test_term_counts_and_kwic(sample):
    ann = kit.annotate(sample.articles)
    counts = kit.term_counts(ann.tokens, articles=sample.articles, by="source")
    assert not counts["lemma"].isin(["le", "de", "selon", ",", "2024"]).any()
    with_actors = kit.term_counts(ann.tokens, articles=sample.articles, by="source")
    mentions = kit.mentions(sample.articles, sentences=ann.sentences)
    without = kit.term_counts(ann.tokens, articles=sample.articles, by="source", mentions=mentions, drop_actors=True)
    assert "poutine" in set(with_actors["lemma"]) and "poutine" not in set(without["lemma"])
    k = kit.term_kwic(ann.tokens, articles=sample.articles, term="sanction")
    assert len(k) == 2 and set(k["match"]) == {"sanctions"}
    assert len(kit.term_kwic(ann.tokens, articles=sample.articles, term="guerre en Ukraine")) == 1
    # no hidden annotation: an articles table is refused with the call that makes tokens
    with pytest.raises(kit.MissingTableError, match="kit.annotate"):
        kit.term_counts(sample.articles, by="source")
