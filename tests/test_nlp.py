"""Annotation with the real French model: tables, paragraphs, the disk cache, several processes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kit
from kit import nlp


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_tables_and_offsets(sample):
    ann = kit.annotate(sample.articles)
    texts = sample.articles.set_index("doc_id")["text"]
    assert list(ann.tokens.columns) == nlp.TOKEN_COLUMNS and list(ann.sentences.columns) == nlp.SENTENCE_COLUMNS
    assert set(ann.tokens["doc_id"]) == set(texts.index)
    for row in ann.tokens.sample(200, random_state=1).itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    for row in ann.sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    # lemmas and parts of speech come from the model
    first = ann.tokens.iloc[:2]
    assert first["lemma"].tolist() == ["le", "relation"] and first["pos"].tolist() == ["DET", "NOUN"]


def test_sentences_never_cross_a_paragraph(sample):
    ann = kit.annotate(sample.articles)
    doc = "004_09bcae2d0884f6e2"
    text = sample.articles.set_index("doc_id").loc[doc, "text"]
    sents = ann.sentences[ann.sentences["doc_id"] == doc]
    assert not sents["text"].str.contains("\n\n").any()
    assert sents["para_id"].max() == text.count("\n\n")
    # the subheading without a final period is a sentence of its own
    assert "Kim Jong Un, un hôte aux petits soins" in sents["text"].tolist()


def test_cache_reused_edited_article_reannotated_alone(fresh_cache, sample, monkeypatch):
    first = kit.annotate(sample.articles)
    parts = list(fresh_cache.rglob("*.parquet"))
    assert len(parts) == 1
    calls = []
    real = nlp.load_model
    monkeypatch.setattr(nlp, "load_model", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = kit.annotate(sample.articles)
    assert calls == []  # a cached rerun never loads the model
    pd.testing.assert_frame_equal(first.tokens, again.tokens)
    edited = sample.articles.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + "\n\nUn paragraphe ajouté par la rédaction."
    third = kit.annotate(edited)
    new_parts = set(fresh_cache.rglob("*.parquet")) - set(parts)
    assert len(new_parts) == 1
    assert pd.read_parquet(next(iter(new_parts)))["key"].nunique() == 1  # only the edited article
    assert third.sentences.groupby("doc_id").size().iloc[0] == first.sentences.groupby("doc_id").size().iloc[0] + 1


def test_a_new_annotation_version_starts_a_new_cache(fresh_cache, sample, monkeypatch):
    kit.annotate(sample.articles.head(1))
    monkeypatch.setattr(nlp, "ANNOTATION_VERSION", nlp.ANNOTATION_VERSION + 1)
    kit.annotate(sample.articles.head(1))
    assert len({p.parent.name for p in fresh_cache.rglob("*.parquet")}) == 2


def test_identical_texts_are_annotated_once(fresh_cache, sample):
    doubled = pd.concat([sample.articles.head(2), sample.articles.head(2).assign(doc_id=["x", "y"])], ignore_index=True)
    ann = kit.annotate(doubled)
    part = next(fresh_cache.rglob("*.parquet"))
    assert pd.read_parquet(part)["key"].nunique() == 2
    a = ann.tokens[ann.tokens["doc_id"] == "x"].drop(columns="doc_id").reset_index(drop=True)
    b = ann.tokens[ann.tokens["doc_id"] == sample.articles["doc_id"][0]].drop(columns="doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_two_processes_give_the_same_tables(sample):
    one = kit.annotate(sample.articles, cache=False)
    two = kit.annotate(sample.articles, cache=False, n_process=2, batch_size=2)
    pd.testing.assert_frame_equal(one.tokens, two.tokens)


def test_empty_corpus(sample):
    ann = kit.annotate(sample.articles.head(0), cache=False)
    assert ann.tokens.empty and ann.sentences.empty and list(ann.sentences.columns) == nlp.SENTENCE_COLUMNS


def test_a_text_cached_twice_is_read_once(fresh_cache, sample, tmp_path, monkeypatch):
    arts = sample.articles
    kit.annotate(arts.iloc[[0, 1]])  # part 1: texts A and B
    other = tmp_path / "other"
    monkeypatch.setenv("KIT_CACHE", str(other))
    kit.annotate(arts.iloc[[0, 2]])  # a concurrent run: A and C
    folder = next(fresh_cache.rglob("*.parquet")).parent
    for part in other.rglob("*.parquet"):  # lands in the same cache, written later
        (folder / part.name).write_bytes(part.read_bytes())
    monkeypatch.setenv("KIT_CACHE", str(fresh_cache))
    both = kit.annotate(arts.head(3))  # reads both parts: A must come once
    alone = kit.annotate(arts.head(3), cache=False)
    pd.testing.assert_frame_equal(both.tokens, alone.tokens)


def test_two_processes_join_the_pieces_of_long_texts_as_one_does(sample, monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS", 600)  # every sample article goes in pieces, joined in the workers
    one = kit.annotate(sample.articles, cache=False)
    two = kit.annotate(sample.articles, cache=False, n_process=2, batch_size=2)
    assert two.report["code"].tolist() == ["annotated_in_pieces"] * len(sample.articles)
    pd.testing.assert_frame_equal(one.tokens, two.tokens)
    pd.testing.assert_frame_equal(one.sentences, two.sentences)


def test_columns_read_in_bulk_equal_token_by_token(sample):
    """doc_columns (Doc.to_array, numpy) gives what reading each spaCy Token would."""
    model = nlp.load_model(entities=True)
    for text in sample.articles["text"]:
        doc = model(text)
        cols = nlp.doc_columns(doc, "k", text)
        words = [t for t in doc if not t.is_space]
        paragraph_starts = [0] + [m.end() for m in re.finditer("\n\n", text)]
        para = [sum(s <= t.idx for s in paragraph_starts) - 1 for t in words]
        new = [t.is_sent_start or k == 0 or para[k] != para[k - 1] for k, t in enumerate(words)]
        expected = {
            "i": [t.i for t in words],
            "text": [t.text for t in words],
            "lemma": [t.lemma_ for t in words],
            "pos": [t.pos_ for t in words],
            "is_stop": [t.is_stop for t in words],
            "is_punct": [t.is_punct for t in words],
            "ent_type": [t.ent_type_ for t in words],
            "ent_iob": [t.ent_iob_ for t in words],
            "start": [t.idx for t in words],
            "end": [t.idx + len(t) for t in words],
            "para_id": para,
            "sent_id": [sum(new[: k + 1]) - 1 for k in range(len(words))],
        }
        assert {c: list(cols[c]) for c in expected} == expected
        assert nlp.doc_columns(doc, "k")["text"] == expected["text"]  # without the text, read from the Doc
        assert sum(t.ent_type_ != "" for t in words) > 0  # the comparison covered entities too


def test_numpy_blas_gives_the_model_own_annotations(sample):
    """kit's pipeline computes with numpy's BLAS; spaCy's own (BLIS) gives the same lemmas, POS,
    morphology and sentence starts on the sample."""
    import spacy
    from spacy import attrs as a

    theirs = spacy.load(nlp.DEFAULT_MODEL, exclude=[*nlp.EXCLUDED_PIPES])
    theirs.enable_pipe("senter")
    ours = nlp.load_model(entities=True)
    assert ours.get_pipe("tok2vec").model.ops.use_blis is False
    assert theirs.get_pipe("tok2vec").model.ops.use_blis is True
    columns = [a.LEMMA, a.POS, a.MORPH, a.SENT_START, a.ENT_TYPE, a.ENT_IOB]
    for text in sample.articles["text"]:
        assert (ours(text).to_array(columns) == theirs(text).to_array(columns)).all()


def test_the_pipeline_is_loaded_afresh_once_its_vocabulary_has_grown(monkeypatch):
    """A long build must not grow with every new word the model meets: past VOCAB_GROWTH new
    strings the pipeline is reloaded, and the tables it gives are the same."""
    from kit import nlp as knlp

    def texts(tag: str) -> list[str]:
        return [f"Le correspondant Zorglub{tag}{k}ski cite la dépêche numéro {k}{tag}7." for k in range(40)]

    keys = [f"k{k}" for k in range(40)]
    first = knlp._fresh_model(knlp.DEFAULT_MODEL, False)
    grown_from = len(first.vocab.strings)
    before = knlp._annotate_texts(keys, texts("a"), knlp.DEFAULT_MODEL, False, 16, knlp.MAX_CHARS)
    assert len(first.vocab.strings) - grown_from >= 80  # two new forms per text at least
    monkeypatch.setattr(knlp, "VOCAB_GROWTH", 50)
    knlp._annotate_texts(keys, texts("b"), knlp.DEFAULT_MODEL, False, 16, knlp.MAX_CHARS)
    fresh = knlp.load_model(knlp.DEFAULT_MODEL, entities=False)
    assert fresh is not first
    assert "Zorgluba3ski" in first.vocab.strings and "Zorglubb3ski" in fresh.vocab.strings
    assert "Zorgluba3ski" not in fresh.vocab.strings  # the old strings went with the old pipeline
    again = knlp._annotate_texts(keys, texts("a"), knlp.DEFAULT_MODEL, False, 16, knlp.MAX_CHARS)
    as_lists = lambda cols: [{k: getattr(v, "tolist", lambda v=v: v)() for k, v in c.items()} for c in cols]  # noqa: E731
    assert as_lists(again) == as_lists(before) and len(before) == 40
    monkeypatch.setattr(knlp, "VOCAB_GROWTH", 10**6)
    kept = knlp._fresh_model(knlp.DEFAULT_MODEL, False)
    assert knlp._fresh_model(knlp.DEFAULT_MODEL, False) is kept  # not reloaded while it grows less


def test_the_old_pipeline_is_let_go_before_the_new_one_loads(monkeypatch):
    """Two pipelines never live at once in a long build: when the grown one is reloaded, the old
    one is already freed, so the new one can take its memory (30,000 short articles: 238 -> 99 MB
    of growth, stop 21)."""
    import weakref

    from kit import nlp as knlp

    real_load = knlp.load_model
    grown = knlp._fresh_model(knlp.DEFAULT_MODEL, False)
    for k in range(60):
        grown.vocab.strings.add(f"Zorglubmot{k}")
    old = weakref.ref(grown)
    del grown
    old_alive_at_each_load = []

    def watching_load(*args, **kwargs):
        old_alive_at_each_load.append(old() is not None)
        return real_load(*args, **kwargs)

    watching_load.cache_clear = real_load.cache_clear
    monkeypatch.setattr(knlp, "load_model", watching_load)
    monkeypatch.setattr(knlp, "VOCAB_GROWTH", 50)
    fresh = knlp._fresh_model(knlp.DEFAULT_MODEL, False)
    assert old_alive_at_each_load == [True, False]  # looked up alive, gone before the reload
    assert "Zorglubmot7" not in fresh.vocab.strings
