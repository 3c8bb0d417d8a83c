"""Property: whatever the bytes, loading never raises and every line is accounted for."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kit
from kit import clean

LINES = st.sampled_from(
    [
        "",
        " ",
        "-",
        "22:10",
        "Partager sur Facebook",
        "1 Commentaire",
        "Lire aussi : un autre titre",
        "Un titre court et sans point",
        "Photo Jean Dupont / AFP",
        "date 2025-10-27 Le président a parlé hier soir devant la presse à Moscou.",
        "Le ministre a rencontré son homologue à Pyongyang pour parler de défense et de coopération.",
        "Laisser un commentaire",
        "© 2024",
        "Nous apprécions votre soutien.",
        "Vladimir Poutine",
        "...",
    ]
)
PAGES = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=25).map("\n".join),
    st.lists(LINES, max_size=25).map("\r\n".join),
)


@settings(max_examples=300, deadline=None)
@given(PAGES)
@example("A\r0 0 0 0 0 A .")  # a hard-wrapped lead joined again (found by hypothesis)
def test_classify_lines_reassembles_any_text(page):
    rows = clean.classify_lines(page)
    assert "".join(r.text + r.eol for r in rows) == page
    assert all(r.role in clean.ROLES and r.rule for r in rows)
    article = clean.assemble(rows)
    # each paragraph is one kept line, or a run of kept lines joined by a space where the rules
    # found a hard-wrapped paragraph (each line after the first marked continues_paragraph)
    kept = [r for r in rows if r.role in clean.KEPT_ROLES]
    paragraphs = {
        " ".join(r.text.strip() for r in kept[i:j])
        for i in range(len(kept))
        for j in range(i + 1, len(kept) + 1)
        if all(r.rule == "continues_paragraph" for r in kept[i + 1 : j])
    }
    assert set(article["text"].split("\n\n")) <= paragraphs | {""}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=4))
def test_loading_arbitrary_bytes_never_raises(tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("bytes")
    for k, blob in enumerate(blobs):
        (folder / f"f{k}.txt").write_bytes(blob)
    corpus = kit.load(folder)
    reported = set(corpus.report["doc_id"].dropna())
    loaded = set(corpus.articles["doc_id"])
    # every file is either an article or a row of the report
    assert {f"f{k}" for k in range(len(blobs))} <= loaded | reported
    for doc_id, rows in corpus.lines.groupby("doc_id"):
        raw = corpus.articles.set_index("doc_id")["raw"].get(doc_id)
        if raw is not None:
            assert "".join(rows["text"] + rows["eol"]) == raw
