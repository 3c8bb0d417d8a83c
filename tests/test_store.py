"""The study store: built in slices (in this process or on Dask workers), resumable, and equal
to the in-memory pipeline, table by table and aggregation by aggregation."""

from __future__ import annotations

import json
import os
import sys

import pandas as pd
import pytest

import kit
from kit import paths
from kit.store import LOCK, build, open_store

sys.path.insert(0, str(paths.PROJECT_ROOT / "benchmarks"))
from synthetic import write_corpus  # noqa: E402


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: str for c in cats}).reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_plain(a), _plain(b), check_dtype=False, check_index_type=False)


def _rows(report: pd.DataFrame) -> list:
    return sorted(map(tuple, report.astype(str).replace({"None": "", "nan": ""}).values.tolist()))


def _compare(store, corpus_path, *, entities: bool) -> None:
    """Every table and aggregation of the store equals the in-memory pipeline's."""
    memory = kit.load(corpus_path)
    arts = memory.articles
    ann = kit.annotate(arts, entities=entities, cache=False)
    found = kit.mentions(arts, sentences=ann.sentences)
    s = open_store(store)
    _same(s.articles(), arts)
    _same(s.table("lines"), memory.lines)
    # what notebook 01 asks of the lines: from the store partition by partition, the same
    streamed = s.corpus()
    for by in ("source", "lang"):
        _same(streamed.role_summary(by=by), memory.role_summary(by=by))
    _same(streamed.least_sure(top=7), memory.least_sure(top=7))
    _same(streamed.least_sure(top=2, by="rule"), memory.least_sure(top=2, by="rule"))
    last = arts["doc_id"].iloc[-1]
    assert len(streamed.page_lines(last)) == (memory.lines["doc_id"] == last).sum() > 0
    _same(streamed.page_lines(last), memory.page_lines(last))
    assert streamed.page_lines("no such page").empty and "role" in streamed.page_lines("no such page")
    assert "lines" not in streamed._tables  # none of it read the whole lines table
    assert _rows(s.report()) == _rows(memory.report)
    _same(s.table("sentences"), ann.sentences)
    _same(s.annotation().tokens, ann.tokens)
    _same(s.mentions(), found)
    _same(s.titles(), kit.title_mentions(arts))
    for by in ("source", "doc_id"):
        _same(s.mention_rates(by=by), kit.mention_rates(found, articles=arts, by=by))
        _same(s.term_counts(by=by), kit.term_counts(ann.tokens, articles=arts, by=by))
    _same(s.mention_rates(min_mentions=3), kit.mention_rates(found, articles=arts, min_mentions=3))
    _same(
        s.term_counts(drop_actors=True),
        kit.term_counts(ann.tokens, articles=arts, mentions=found, drop_actors=True),
    )
    for unit in ("sentence", "paragraph", "article"):
        _same(
            s.cooccurrence(unit=unit),
            kit.cooccurrence(found, unit=unit, sentences=ann.sentences, articles=arts),
        )
    _same(
        s.cooccurrence(by="source", min_count=2),
        kit.cooccurrence(found, by="source", sentences=ann.sentences, articles=arts, min_count=2),
    )
    _same(s.frame_shares(n_boot=200), kit.frame_shares(ann.tokens, articles=arts, n_boot=200))
    # restricted to some articles (a study's selection): the same as the in-memory tables cut to them
    some = arts["doc_id"].iloc[::2].tolist()
    part, tokens = arts[arts["doc_id"].isin(some)], ann.tokens[ann.tokens["doc_id"].isin(some)]
    assert s.term_counts(doc_ids=some)["n"].sum() < s.term_counts()["n"].sum()
    _same(
        s.term_counts(drop_actors=True, doc_ids=some),
        kit.term_counts(tokens, articles=part, mentions=found, drop_actors=True),
    )
    _same(s.frame_shares(n_boot=200, doc_ids=some), kit.frame_shares(tokens, articles=part, n_boot=200))
    _same(s.annotation(doc_ids=some).tokens, tokens)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    info = build(paths.SAMPLE_CORPUS, store=folder, scheduler="sync", progress=False)
    return info


def test_the_sample_store_equals_the_in_memory_pipeline(sample_store):
    assert sample_store.manifest["n_articles"] == 5
    assert sample_store.steps["built"].tolist() == [1, 1, 1, 1, 1]
    _compare(sample_store.store, paths.SAMPLE_CORPUS, entities=True)


def test_kit_load_reads_a_store_as_it_reads_the_corpus(sample_store):
    """Notebook 01 starts with kit.load: on a store folder it gets the store's tables."""
    from_store, direct = kit.load(sample_store.store), kit.load(paths.SAMPLE_CORPUS)
    _same(from_store.articles, direct.articles)
    _same(from_store.lines, direct.lines)
    with pytest.raises(kit.KitError, match="is a study store"):
        kit.load(sample_store.store, paths.SAMPLE_CORPUS / "metadata.csv")


def test_a_study_of_a_store_is_the_study_of_its_corpus(sample_store):
    from_store = kit.study(sample_store.store, entities=True)
    direct = kit.study(paths.SAMPLE_CORPUS, entities=True)
    # every column but the raw page, which no analysis reads: the corpus's articles have it
    assert "raw" in direct.articles and "raw" not in from_store.articles
    _same(from_store.articles, direct.articles.drop(columns="raw"))
    _same(from_store.corpus.articles, direct.corpus.articles)
    _same(from_store.mentions, direct.mentions)
    _same(from_store.annotation.tokens, direct.annotation.tokens)
    assert from_store.selection.note == direct.selection.note
    # the notebooks' aggregates: from DuckDB on the store, from the tokens in memory, equal
    _same(from_store.term_counts(drop_actors=True), direct.term_counts(drop_actors=True))
    _same(from_store.frame_shares(n_boot=100), direct.frame_shares(n_boot=100))
    assert from_store.store is not None and direct.store is None
    other = kit.study(sample_store.store, capitals_as="place")  # another reading: mentions found again
    assert (other.mentions["actor_id"] == "russia").sum() < (from_store.mentions["actor_id"] == "russia").sum()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return write_corpus(200, tmp_path_factory.mktemp("synthetic"), seed=3, paragraphs=(2, 4))


def test_a_synthetic_store_in_partitions_equals_the_in_memory_pipeline(synthetic, tmp_path):
    info = build(synthetic, store=tmp_path, partition_size=60, entities=False, scheduler="sync", progress=False)
    assert info.manifest["n_partitions"] == 4
    assert info.manifest["n_articles"] == 200
    assert len(list((tmp_path / "tokens").glob("*.parquet"))) == 4
    _compare(tmp_path, synthetic, entities=False)

    # a rebuild skips every partition; an edited page rebuilds only its slice
    again = build(synthetic, store=tmp_path, partition_size=60, entities=False, scheduler="sync", progress=False)
    assert again.steps.set_index("step")["built"].to_dict() == {
        "read": 0,
        "clean": 0,
        "duplicates": 0,
        "annotate": 0,
        "mentions": 0,
    }
    page = synthetic / "a0000100.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\nLa Russie a répondu par un long communiqué officiel.\n")
    edited = build(synthetic, store=tmp_path, partition_size=60, entities=False, scheduler="sync", progress=False)
    assert edited.steps.set_index("step")["built"].to_dict()["annotate"] == 1
    assert len(list((tmp_path / "tokens").glob("*.parquet"))) == 4  # the old slice's files are swept
    _compare(tmp_path, synthetic, entities=False)


def test_a_read_task_is_sent_the_name_of_its_inputs_not_the_records(synthetic, tmp_path, monkeypatch):
    """Dask keeps the last thousand messages a client sends: records sent in the read tasks
    stayed in the driver's memory for the whole build (about 60 MB at 100,000 articles)."""
    import pickle

    from kit import store as kit_store

    sent = []
    real = kit_store.scan_part
    monkeypatch.setattr(kit_store, "scan_part", lambda spec: (sent.append(spec), real(spec))[1])
    build(synthetic, store=tmp_path, partition_size=60, entities=False, scheduler="sync", progress=False)
    assert len(sent) == 4 and all(set(spec) == {"store", "index", "key", "inputs"} for spec in sent)
    assert max(len(pickle.dumps(spec)) for spec in sent) < 1000
    assert not (tmp_path / kit_store.INPUTS).exists()  # removed once the slices are read
    assert open_store(tmp_path).table("articles")["doc_id"].nunique() == 200


def test_an_interrupted_build_continues_to_the_same_store(synthetic, tmp_path):
    whole = tmp_path / "whole"
    build(synthetic, store=whole, partition_size=60, entities=False, scheduler="sync", progress=False)
    cut = tmp_path / "cut"
    build(synthetic, store=cut, partition_size=60, entities=False, scheduler="sync", progress=False)
    # what a build killed mid-way leaves: partitions missing, a temporary file, its lock, no fresh manifest
    for dataset in ("tokens", "sentences", "mentions", "frames"):
        for f in sorted((cut / dataset).glob("*.parquet"))[2:]:
            f.unlink()
    (cut / "tokens" / ".part-00003-x.parquet.1234.tmp").write_bytes(b"PAR1 half")
    (cut / LOCK).write_text(json.dumps({"host": os.uname().nodename, "pid": 999_999_999}))
    resumed = build(synthetic, store=cut, partition_size=60, entities=False, scheduler="sync", progress=False)
    assert resumed.steps.set_index("step")["built"].to_dict()["annotate"] == 2
    a, b = open_store(whole), open_store(cut)
    for table in ("articles", "tokens", "sentences", "mentions", "terms", "frames"):
        _same(a.table(table), b.table(table))
    _same(a.cooccurrence(by="source"), b.cooccurrence(by="source"))


def test_partitions_built_by_other_code_are_rebuilt(tmp_path, monkeypatch):
    """The package version stays the same while rules and the line model change: a partition's key
    carries a hash of the kit's code and models, so a build after an edited rule or an update of
    the kit rebuilds what the earlier code made (the same code skips it)."""
    import shutil

    from kit import store

    copy = tmp_path / "kit"
    shutil.copytree(store.KIT_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert store.code_fingerprint(copy) == store.code_fingerprint()
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "clean.cpython-311.pyc").write_bytes(b"compiled")  # not code we wrote
    assert store.code_fingerprint(copy) == store.code_fingerprint()
    for edited in ("clean.py", "models/line_roles.json"):
        target = copy / edited
        original = target.read_bytes()
        target.write_bytes(original + b" ")
        assert store.code_fingerprint(copy) != store.code_fingerprint()
        target.write_bytes(original)
    first = build(paths.SAMPLE_CORPUS, store=tmp_path / "store", scheduler="sync", progress=False)
    assert first.manifest["kit_version"].endswith("+" + store.code_fingerprint())
    again = build(paths.SAMPLE_CORPUS, store=tmp_path / "store", scheduler="sync", progress=False)
    assert again.steps["built"].sum() == 0
    monkeypatch.setattr(store, "_kit_version", lambda: "0.1.0+an0ther0c0de0000")
    upgraded = build(paths.SAMPLE_CORPUS, store=tmp_path / "store", scheduler="sync", progress=False)
    assert upgraded.steps["built"].tolist() == [1, 1, 1, 1, 1]
    assert upgraded.manifest["kit_version"] == "0.1.0+an0ther0c0de0000"


def test_two_workers_on_a_local_dask_cluster_build_the_same_store(synthetic, tmp_path, monkeypatch):
    import dask
    from dask.distributed import Client

    from kit import store as kit_store

    # 12 slices and a window of 8 tasks in flight (4 per worker): tasks are submitted as others finish
    monkeypatch.setattr(kit_store, "TASKS_IN_FLIGHT", 1)
    small = write_corpus(24, tmp_path / "corpus", seed=5)
    build(small, store=tmp_path / "sync", partition_size=2, entities=False, scheduler="sync", progress=False)
    profiling_here = dask.config.get("distributed.worker.profile.enabled")
    with kit_store.local_cluster(2) as cluster:
        with Client(cluster) as client:
            info = build(
                small, store=tmp_path / "dask", partition_size=2, entities=False, scheduler=client, progress=False
            )
            assert len(client.scheduler_info()["workers"]) == 2
            # the workers run without Dask's sampling profiler (its history grows ~70 MB a worker)
            profiling = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
            assert list(profiling.values()) == [False, False]
            # a worker lets go of its spaCy pipeline once it counts mentions; this process keeps its own
            loaded_then_released = client.submit(
                lambda: (
                    kit.nlp.load_model(kit.nlp.DEFAULT_MODEL, entities=False),
                    kit.nlp.load_model.cache_info().currsize,
                    kit_store._release_pipeline_on_worker(),
                    kit.nlp.load_model.cache_info().currsize,
                )[1::2],
                pure=False,
            ).result()
            assert loaded_then_released == (1, 0)
            kit.nlp.load_model(kit.nlp.DEFAULT_MODEL, entities=False)
            kit_store._release_pipeline_on_worker()
            assert kit.nlp.load_model.cache_info().currsize >= 1
    assert dask.config.get("distributed.worker.profile.enabled") == profiling_here  # this process's config untouched
    assert info.steps.set_index("step")["built"].to_dict()["annotate"] == 12
    a, b = open_store(tmp_path / "sync"), open_store(tmp_path / "dask")
    for table in ("articles", "lines", "tokens", "sentences", "mentions", "terms", "frames"):
        _same(a.table(table), b.table(table))


def test_bad_stores_are_clear_errors(sample_store, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / LOCK).write_text(json.dumps({"host": os.uname().nodename, "pid": os.getpid()}))
    with pytest.raises(kit.StoreError, match="another build"):
        build(paths.SAMPLE_CORPUS, store=locked, scheduler="sync", progress=False)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o500)
    try:
        if not os.access(readonly, os.W_OK):  # root can write anywhere
            with pytest.raises(kit.StoreError, match=str(readonly)):
                build(paths.SAMPLE_CORPUS, store=readonly, scheduler="sync", progress=False)
    finally:
        readonly.chmod(0o700)
    with pytest.raises(kit.StoreError, match="not a study store"):
        kit.open_store(tmp_path)
    with pytest.raises(kit.StoreError, match="does not exist"):
        kit.open_store(tmp_path / "nowhere")
    with pytest.raises(kit.StoreError, match="by='nope'"):
        kit.open_store(sample_store.store).mention_rates(by="nope")


def test_a_full_disk_names_the_file(tmp_path):
    """A real write failure: the build runs in a process allowed to write files of 4 kB at most."""
    import subprocess

    code = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); import kit\n"
        "try:\n    kit.build(sys.argv[1], store=sys.argv[2], scheduler='sync', progress=False)\n"
        "except kit.StoreError as e:\n    print(e); sys.exit(3)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(paths.SAMPLE_CORPUS), str(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode == 3, run.stderr
    assert f"cannot write {tmp_path}" in run.stdout and "disk has room" in run.stdout
    assert not list(tmp_path.rglob("*.tmp")) and not (tmp_path / LOCK).exists()


def test_the_command_line_builds_a_store(tmp_path, capsys):
    from kit.__main__ import main

    assert main(["build", "--corpus", str(paths.SAMPLE_CORPUS), "--store", str(tmp_path), "--scheduler", "sync"]) == 0
    assert "5 articles in" in capsys.readouterr().out
    assert kit.open_store(tmp_path).manifest["entities"] is True
