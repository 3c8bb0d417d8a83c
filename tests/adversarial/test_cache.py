"""The annotation cache and long texts: a damaged part is detected every time, set aside,
reported and annotated again; a text over the model's limit is annotated in pieces."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import kit
from kit import nlp

from .helpers import FRENCH, page


@pytest.fixture
def one_article():
    return kit.load_corpus(kit.paths.SAMPLE_CORPUS).sort_values("n_words").head(1).reset_index(drop=True)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_part_damaged_at_any_offset_is_detected_every_time(fresh_cache, one_article):
    pristine = kit.annotate(one_article)
    part = next(fresh_cache.rglob("*.parquet"))
    good = part.read_bytes()
    rng = random.Random(9)
    offsets = sorted({0, 1, len(good) // 2, len(good) - 1, *rng.sample(range(len(good)), 12)})
    for offset in offsets:
        for damaged in (next(fresh_cache.rglob("*.parquet")), *fresh_cache.rglob("*.damaged")):
            damaged.unlink()
        flipped = bytearray(good)
        flipped[offset] ^= 1 << rng.randrange(8)
        part.write_bytes(bytes(flipped))
        again = kit.annotate(one_article)
        assert again.report["code"].tolist() == ["damaged_cache_part"], offset
        assert again.report["path"].tolist() == [str(part)]
        assert part.with_suffix(".damaged").exists()
        pd.testing.assert_frame_equal(again.tokens, pristine.tokens)
        # put the pristine part back under its own name for the next offset
        next(fresh_cache.rglob("*.parquet")).unlink()
        part.write_bytes(good)
    assert kit.annotate(one_article).report.empty


def test_a_truncated_or_grown_part_is_detected(fresh_cache, one_article):
    pristine = kit.annotate(one_article)
    part = next(fresh_cache.rglob("*.parquet"))
    part.write_bytes(part.read_bytes() + b"\x00")
    again = kit.annotate(one_article)
    assert again.report["code"].tolist() == ["damaged_cache_part"]
    pd.testing.assert_frame_equal(again.tokens, pristine.tokens)
    part = next(fresh_cache.rglob("*.parquet"))
    part.write_bytes(part.read_bytes()[:100])
    third = kit.annotate(one_article)
    assert third.report["code"].tolist() == ["damaged_cache_part"]
    pd.testing.assert_frame_equal(third.tokens, pristine.tokens)


def test_a_text_over_the_model_limit_is_annotated_in_pieces():
    text = f"{FRENCH}\n\n" + "\n" * nlp.MAX_CHARS + f"{FRENCH} Fin."
    arts = pd.DataFrame({"doc_id": ["big", "small"], "text": [text, FRENCH]})
    ann = kit.annotate(arts, cache=False)
    assert ann.report["code"].tolist() == ["annotated_in_pieces"] and ann.report["doc_id"].tolist() == ["big"]
    big = ann.tokens[ann.tokens["doc_id"] == "big"]
    assert all(text[s:e] == t for s, e, t in zip(big["start"], big["end"], big["text"]))
    assert big["text"].iloc[-2:].tolist() == ["Fin", "."]
    assert big["para_id"].iloc[-1] == text.count("\n\n", 0, int(big["start"].iloc[-1]))
    assert set(ann.tokens["doc_id"]) == {"big", "small"}


def test_pieces_give_the_same_tokens_as_one_piece(monkeypatch):
    arts = pd.DataFrame({"doc_id": ["a"], "text": [kit.load_corpus().sort_values("n_words")["text"].iloc[0]]})
    whole = kit.annotate(arts, cache=False)
    monkeypatch.setattr(nlp, "MAX_CHARS", 600)  # the same code path as a 1,000,000-character text
    cut = kit.annotate(arts, cache=False)
    assert cut.report["code"].tolist() == ["annotated_in_pieces"]
    # pieces are cut at paragraph ends: the same tokens, sentences and paragraphs as in one piece
    columns = ["doc_id", "sent_id", "para_id", "i", "text", "lemma", "start", "end"]
    pd.testing.assert_frame_equal(cut.tokens[columns], whole.tokens[columns])
    pd.testing.assert_frame_equal(cut.sentences, whole.sentences)


def test_study_survives_a_long_article(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(nlp, "MAX_CHARS", 2000)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(page(3), encoding="utf-8")
    (folder / "b.txt").write_text(page(4), encoding="utf-8")
    study = kit.study(folder)
    assert set(study.annotation.tokens["doc_id"]) == {"a", "b"}
    assert len(study.mentions) > 0
