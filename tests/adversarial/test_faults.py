"""Faults and races with real processes: SIGKILL during load, annotation and a report, then a
rerun gives identical tables; two reports at once into different folders sharing one cache agree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import paths

from .helpers import page

PY = sys.executable


def _start(code: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-c", code],
        env={**os.environ, **(env or {})},
        cwd=paths.PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches its children too
    )


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 120) -> bool:
    """SIGKILL ``proc`` (and its group) as soon as ``ready()``; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    raise AssertionError("the process never reached the point where it was to be killed")


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    for k in range(n):
        (folder / f"p{k:03d}.txt").write_text(
            page(k % 5) + f"\n\nParagraphe propre à la copie {k}, pour que chaque texte soit unique ici.",
            encoding="utf-8",
        )
    return folder


def test_sigkill_during_load_then_rerun_gives_identical_tables(tmp_path):
    folder = _corpus(tmp_path / "c", 200)
    marker = tmp_path / "started"
    proc = _start(f"import pathlib, kit; pathlib.Path({str(marker)!r}).touch(); kit.load({str(folder)!r})")
    assert _kill_when(proc, marker.exists)
    first, second = kit.load(folder), kit.load(folder)
    pd.testing.assert_frame_equal(first.articles, second.articles)
    pd.testing.assert_frame_equal(first.lines, second.lines)
    assert len(first.articles) == 200


def test_sigkill_during_annotation_then_rerun_gives_identical_tables(tmp_path):
    articles = kit.load_corpus(_corpus(tmp_path / "c", 5))
    articles.to_pickle(tmp_path / "articles.pkl")
    cache = tmp_path / "cache"
    code = (
        "import pandas as pd, kit\n"
        "from kit import nlp\n"
        "nlp._PART_ROWS = 300  # a part per article or so, so the kill lands between parts\n"
        # each part takes a second to finish, so a loaded machine cannot write all five before the kill
        "import time\n"
        "_digest = nlp._digest\n"
        "nlp._digest = lambda data: (time.sleep(1.0), _digest(data))[1]\n"
        f"kit.annotate(pd.read_pickle({str(tmp_path / 'articles.pkl')!r}))\n"
    )
    proc = _start(code, {"KIT_CACHE": str(cache)})
    assert _kill_when(proc, lambda: len(list(cache.rglob("*.parquet"))) >= 1)
    assert 1 <= len(list(cache.rglob("*.parquet"))) < 5  # killed midway: some articles cached, not all
    os.environ["KIT_CACHE"] = str(cache)
    try:
        resumed = kit.annotate(articles)
    finally:
        del os.environ["KIT_CACHE"]
    alone = kit.annotate(articles, cache=False)
    assert resumed.report.empty
    pd.testing.assert_frame_equal(resumed.tokens, alone.tokens)
    pd.testing.assert_frame_equal(resumed.sentences, alone.sentences)


def test_two_annotations_at_once_into_one_cache_agree(tmp_path):
    articles = kit.load_corpus(_corpus(tmp_path / "c", 3))
    articles.to_pickle(tmp_path / "articles.pkl")
    cache = tmp_path / "cache"
    code = f"import pandas as pd, kit; kit.annotate(pd.read_pickle({str(tmp_path / 'articles.pkl')!r}))"
    procs = [_start(code, {"KIT_CACHE": str(cache)}) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    os.environ["KIT_CACHE"] = str(cache)
    try:
        shared = kit.annotate(articles)
    finally:
        del os.environ["KIT_CACHE"]
    pd.testing.assert_frame_equal(shared.tokens, kit.annotate(articles, cache=False).tokens)
    assert shared.report.empty


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "tables").glob("*.csv"))}


def _report(out: Path, cache: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-m", "kit", "report", "--only", "01", "--out", str(out)],
        env={**os.environ, "KIT_CACHE": str(cache)},
        cwd=paths.PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_reports_at_once_then_killed_then_rerun(tmp_path):
    cache = tmp_path / "cache"
    a, b = tmp_path / "a", tmp_path / "b"
    # two reports at once, into different folders, sharing one cache
    procs = [_report(a, cache), _report(b, cache)]
    for proc in procs:
        assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()[-2000:]
    assert _tables(a) == _tables(b) and len(_tables(a)) >= 4
    before = (a / "manifest.json").read_bytes(), _tables(a)
    # a stale table from another corpus would be a lie: plant one, then kill a report midway
    (a / "tables" / "stale_from_another_corpus.csv").write_text("x\n1\n")
    planted = _tables(a)
    proc = _report(a, cache)
    assert _kill_when(proc, lambda: any(tmp_path.glob(".a.building-*/notebooks/*.ipynb")) or any(
        p.stat().st_mtime < time.time() - 4 for p in tmp_path.glob(".a.building-*")), timeout=300)
    assert (a / "manifest.json").read_bytes() == before[0] and _tables(a) == planted  # the old report, untouched
    proc = _report(a, cache)
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()[-2000:]
    assert _tables(a) == _tables(b) == before[1]  # identical, and the stale table is gone
    assert not list(tmp_path.glob(".a.*"))  # the killed run's folder was cleared
