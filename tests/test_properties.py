"""Property: whatever the bytes, loading never raises and every line is accounted for."""

from __future__ import annotations

import re

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


# Fragments that date patterns, contact phrases and first-person words are made of, so that
# random strings often come close to matching them.
_PREFILTER_PIECES = st.sampled_from(
    "19|6|06|2024|1er|/|.|-| |  |,|à|10h31|juin|Juin|JUIN|janv.|mar|mars|Omar|déc|June|sept|mercredi|"
    "Publié le|le|(|«|»|\"|je|J'|j’|I|I'm|moi|Mon|mes|contactez|nous|z-nous|écrivez|suivez-moi|Suivez|"
    "a|é|ſ|K|Mentions|légales|MENTIONS|qui|sommes|SOMMES|Plan|du|site|CGU|cgv|Cgu|Contact|"
    "conditions|générales|confidentialité|données|personnelles|https://|t.co/|T.CO/|pic.twitter.com/|Ab1|"
    "Qui sommes-nous|QUI SOMMES NOUS|mentions légales|Plan du site|données personnelles|Politique de confidentialité|"
    "CONDITIONS GÉNÉRALES|MENTIONS LÉGALES|mentionſ légales|mentıons légales|MENTİONS LÉGALES|CONDİTİONS".split("|")
)
# date-shaped strings, every order and separator, near misses included
_DATE_PARTS = st.sampled_from("19|1er|6|06|2024|24|juin|JUIN|June|janv.|mar|Omar|sept".split("|"))
_DATE_SEPARATORS = st.sampled_from(["/", ".", "-", " ", ", ", ". ", ""])
_DATE_LIKE = st.tuples(
    st.sampled_from(["", "Publié le ", "mercredi ", "(", "Omar "]),
    _DATE_PARTS,
    _DATE_SEPARATORS,
    _DATE_PARTS,
    _DATE_SEPARATORS,
    _DATE_PARTS,
    st.sampled_from(["", " à 10h31", "T08:00:00", ".", ")"]),
).map("".join)
# lines that are a date with a two-digit year, or nearly
_SHORT_YEAR_LIKE = st.tuples(
    st.sampled_from(["", "Publié le ", "mardi ", "le ", " ", "x "]),
    st.sampled_from(["1", "6", "06", "19", "31", "123"]),
    st.sampled_from([".", "/", "-"]),
    st.sampled_from(["1", "06", "12", "123"]),
    st.sampled_from([".", "/", "-"]),
    st.sampled_from(["19", "24", "2024", "9"]),
    st.sampled_from(["", " à 10h31", ", 14:05", ".", " x"]),
).map("".join)
_PREFILTER_TEXTS = st.one_of(
    st.lists(_PREFILTER_PIECES, max_size=12).map("".join), _DATE_LIKE, _SHORT_YEAR_LIKE, st.text(max_size=40)
)


@settings(max_examples=1500, deadline=None)
@given(_PREFILTER_TEXTS)
def test_the_cleaning_prefilters_never_skip_a_match(text):
    """Each cheap pattern looked for before an expensive one (the date hints, the contact hint,
    the first-person word split in two, the legal links' and embedded posts' substrings) is
    found in every text the expensive one matches: skipping on it only saves time, it never
    changes a verdict."""
    if clean.DATE.search(text):
        assert clean._FOUR_DIGITS.search(text) and clean._DATE_HINT.search(text)
    if clean._SHORT_YEAR_DATE.match(text):
        assert clean._SHORT_YEAR_HINT.search(text)
    if clean._CONTACT.search(text):
        assert clean._CONTACT_HINT.search(text)
    if clean._SITE_LEGAL_LINK.search(text):
        assert clean._has_legal_hint(text)
    assert clean._has_embedded_post_link(text) == bool(clean._EMBEDDED_POST_LINK.search(text))
    # the first-person word after a space or bracket, or at the start: the one pattern it replaced
    single = re.compile(rf"(?:^|[\s(]){clean._FIRST_PERSON_WORD}")
    split = clean._FIRST_PERSON_AT_START.match(text) or clean._FIRST_PERSON_INSIDE.search(text)
    assert bool(single.search(text)) == bool(split)
