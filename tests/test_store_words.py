"""A study store's lookups of a few words (``Study.term_tokens``) give the same tables as the
whole tokens table in memory: the tokens themselves, the word in context, the word explorer
and the keyness page; and the store's DuckDB connection is bounded (memory limit, threads)."""

from __future__ import annotations

import sys

import matplotlib
import pandas as pd
import pytest

import kit
from kit import paths
from kit.store import build, duckdb_settings, open_store

sys.path.insert(0, str(paths.PROJECT_ROOT / "benchmarks"))
from synthetic import write_corpus  # noqa: E402

matplotlib.use("Agg")

WORDS = (
    ["sanction"],
    ["Sanctions", "RUSSIE", "état"],  # forms, case and accents: matched folded, on lemma or form
    ["le", "de", "être"],  # frequent words
    ["guerre", "paix", "accord", "sommet", "missile"],
    ["aucun-mot-pareil"],
    [],
)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as text (a lookup's categories are those of its rows only)."""
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: str for c in cats}).reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_plain(a), _plain(b), check_index_type=False)


def _pairs(folder, store):
    """The study of a corpus folder (tokens in memory) and of its store (tokens on disk)."""
    return kit.study(folder), kit.study(store)


def _compare_lookups(direct: kit.Study, stored: kit.Study) -> None:
    tokens = direct.annotation.tokens
    assert stored.store is not None and direct.store is None
    some = direct.articles["doc_id"].iloc[::3].tolist()
    frequent = tokens["lemma"].astype(str).value_counts().index[:40].tolist()
    for words in [*WORDS, frequent]:
        expected = kit.term_tokens(tokens, words)
        if words and words != ["aucun-mot-pareil"]:
            assert len(expected), words
        _same(stored.term_tokens(words), expected)
        _same(direct.term_tokens(words), expected)
        for first in (1, 3):
            limited = kit.term_tokens(tokens, words, first=first)
            _same(stored.term_tokens(words, first=first), limited)
            _same(direct.term_tokens(words, first=first), limited)
        part = kit.term_tokens(tokens[tokens["doc_id"].isin(some)], words, first=2)
        _same(stored.term_tokens(words, first=2, doc_ids=some), part)
        _same(direct.term_tokens(words, first=2, doc_ids=some), part)
    # the same columns as the whole tokens table, with the tags still categorical
    found = stored.term_tokens(["sanction"])
    assert list(found.columns) == list(tokens.columns)
    assert isinstance(found["pos"].dtype, pd.CategoricalDtype)
    # the word in context from a lookup equals the word in context over every token
    arts = direct.articles
    for term in ("sanction", "Russie", "guerre", "le", "aucun-mot-pareil", "mer du Japon"):
        whole = kit.term_kwic(tokens, articles=arts, term=term)
        _same(kit.term_kwic(stored.term_tokens([term]), articles=stored.articles, term=term), whole)
        _same(kit.term_kwic(direct.term_tokens([term]), articles=arts, term=term), whole)


def _compare_explorers(direct: kit.Study, stored: kit.Study, folder, monkeypatch) -> None:
    counts = direct.term_counts()
    _same(stored.term_counts(), counts)
    sources = sorted(counts["source"].unique())
    for group, other in ((sources[0], None), (sources[-1], sources[1]), (sources[1], None)):
        pages = []
        for name, study, tokens in (
            ("table", direct, direct.annotation.tokens),
            ("direct", direct, direct.term_tokens),
            ("store", stored, stored.term_tokens),
        ):
            page = kit.explore.keyness_page(
                counts, tokens=tokens, articles=study.articles, group=group, other=other, folder=folder / name
            )
            pages.append(page.read_text(encoding="utf-8"))
        assert pages[0] == pages[1] == pages[2], (group, other)
        assert pages[0].count('"kwic": {') == 1 and '"kwic": {}' not in pages[0]
    # the word explorer shows the uses of the word picked: the same rows from a lookup
    shown = []
    monkeypatch.setenv(kit.explore.STATIC_ENV, "1")
    monkeypatch.setattr(kit.explore, "table", lambda frame, **_: shown.append(frame))
    keyed = kit.keyness(counts)
    for term in ("sanction", "guerre", None):
        for study, tokens in (
            (direct, direct.annotation.tokens),
            (direct, direct.term_tokens),
            (stored, stored.term_tokens),
        ):
            kit.explore.terms(keyed, tokens=tokens, articles=study.articles, term=term)
        assert len(shown) == 3 and len(shown[0]), term
        _same(shown[1], shown[0])
        _same(shown[2], shown[0])
        shown.clear()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    return build(paths.SAMPLE_CORPUS, store=folder, entities=False, scheduler="sync", progress=False).store


def test_lookups_of_the_sample_store_equal_the_tokens_in_memory(sample_store, tmp_path, monkeypatch):
    direct, stored = _pairs(paths.SAMPLE_CORPUS, sample_store)
    _compare_lookups(direct, stored)
    _compare_explorers(direct, stored, tmp_path, monkeypatch)


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    """300 synthetic articles in five partitions, with some near-duplicates the selection sets aside."""
    folder = write_corpus(300, tmp_path_factory.mktemp("synthetic"), seed=11, paragraphs=(1, 2))
    for k in range(5):  # copies of other pages: set aside as duplicates, so the lookups must skip them
        (folder / f"a{k:07d}.txt").write_text((folder / f"a{k + 100:07d}.txt").read_text(encoding="utf-8"))
    store = tmp_path_factory.mktemp("synthetic-store")
    build(folder, store=store, partition_size=60, entities=False, scheduler="sync", progress=False)
    return folder, store


def test_lookups_of_a_store_in_partitions_equal_the_tokens_in_memory(synthetic_store, tmp_path, monkeypatch):
    folder, store = synthetic_store
    assert open_store(store).manifest["n_partitions"] == 5
    direct, stored = _pairs(folder, store)
    assert len(direct.articles) == len(stored.articles) < 300  # duplicates set aside
    assert stored.articles["doc_id"].tolist() == direct.articles["doc_id"].tolist()
    _compare_lookups(direct, stored)
    _compare_explorers(direct, stored, tmp_path, monkeypatch)


def test_the_store_connection_has_a_memory_limit_and_threads(sample_store, monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_CACHE", str(tmp_path / "cache"))
    limit = open_store(sample_store).con.sql("SELECT current_setting('memory_limit'), current_setting('threads')")
    memory, threads = limit.fetchall()[0]
    assert memory.endswith("MiB") and float(memory.split()[0]) < 600 and threads <= 2  # 512MB, 2 threads
    s = open_store(sample_store, memory_limit="1GB", threads=1)
    assert s.con.sql("SELECT current_setting('threads')").fetchall()[0][0] == 1
    assert s.duckdb["temp_directory"].startswith(str(tmp_path / "cache"))
    # a query past the limit spills to <cache>/duckdb/<pid>: DuckDB makes that folder but not
    # its parent, which a new machine does not have yet (it failed with an IO error)
    window = "SELECT max(rn) AS m FROM (SELECT row_number() OVER (ORDER BY hash(range)) AS rn FROM range(3000000))"
    assert open_store(sample_store, memory_limit="20MB", threads=1).sql(window)["m"].iloc[0] == 3_000_000
    assert (tmp_path / "cache" / "duckdb").is_dir()
    monkeypatch.setenv("KIT_DUCKDB_MEMORY", "300MB")
    monkeypatch.setenv("KIT_DUCKDB_THREADS", "1")
    assert duckdb_settings()["memory_limit"] == "300MB" and duckdb_settings()["threads"] == 1
    s = open_store(sample_store)
    assert float(s.con.sql("SELECT current_setting('memory_limit')").fetchall()[0][0].split()[0]) < 300
    # a tiny limit still gives the same aggregations: DuckDB spills to the temporary folder
    small = open_store(sample_store, memory_limit="20MB")
    _same(small.cooccurrence(unit="paragraph"), s.cooccurrence(unit="paragraph"))
    monkeypatch.setenv("KIT_DUCKDB_MEMORY", "plenty")
    with pytest.raises(kit.KitError, match="memory limit"):
        open_store(sample_store).sql("SELECT 1")
    monkeypatch.setenv("KIT_DUCKDB_THREADS", "two")
    with pytest.raises(kit.KitError, match="KIT_DUCKDB_THREADS"):
        open_store(sample_store)
