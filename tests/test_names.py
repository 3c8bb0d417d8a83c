"""Names that hold across spellings: each variant generator on short strings, the counting rules
on sentences written for them, and the name counts on the labelled development pages."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd
import pytest

from kit import paths
from kit.actors import Matcher, find_mentions, load_actors
from kit.errors import GazetteerError
from kit.phrases import fold, glued_forms, match_tokens, name_variants, name_words, spelling_variants

RUSSIAN = [("ou", "u"), ("ch", "sh"), ("gue", "ge"), ("i$", "y"), ("ine$", "in")]


# ---------------------------------------------------------------- glyphs


def test_fold_unfolds_glyphs():
    assert fold("KimⅢ") == "kimiii"  # a Roman-numeral character is three letters
    assert fold("l’Ukraine") == fold("l‘Ukraine") == fold("lʼUkraine") == "l'ukraine"
    assert fold("Pou\u00adtine") == "poutine"  # a soft hyphen is invisible
    assert fold("Choïgou") == "choigou"


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011", "\u2012", "\u2212", "–"])
def test_every_hyphen_joins_a_name(hyphen):
    assert [t[0] for t in match_tokens(f"Kim Jong{hyphen}Un.")] == ["kim", "jong", "un", "."]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_every_space_separates_a_name(space):
    text = f"Kim{space}Jong{space}Un"
    toks = match_tokens(text)
    assert [t[0] for t in toks] == ["kim", "jong", "un"]
    assert [text[s:e] for _, s, e in toks] == ["Kim", "Jong", "Un"]  # offsets index the original text


def test_name_words_split_on_any_hyphen():
    assert name_words("Choe Son‑hui") == name_words("CHOE SON-HUI") == ["choe", "son", "hui"]


# ---------------------------------------------------------------- generators


def test_spelling_variants_transliterate_russian_names():
    assert set(spelling_variants("serguei", RUSSIAN)) >= {"serguei", "sergei", "sergey"}
    assert set(spelling_variants("choigou", RUSSIAN)) >= {"choigou", "choigu", "shoigu"}
    assert "putin" in spelling_variants("poutine", RUSSIAN)
    assert spelling_variants("lavrov", RUSSIAN) == ["lavrov"]
    assert spelling_variants("serguei", RUSSIAN)[0] == "serguei"  # the word itself first


def test_spelling_variants_stop_at_the_limit():
    assert len(spelling_variants("aaaaaaaa", [("a", "b")], limit=5)) == 5


def test_name_variants_combine_korean_syllables():
    table = {"son": ["son", "seon", "sun"], "seon": ["son", "seon", "sun"], "hui": ["hui", "hee"]}
    out = name_variants("Choe Seon-hui", alternatives=table)
    assert out[0] == "choe son hui" and len(out) == 6
    assert {"choe seon hui", "choe sun hee"} <= set(out)


def test_glued_forms():
    assert glued_forms("Kim III") == ["kimiii"]
    assert glued_forms("Choe Son Hui", tail=2) == ["choesonhui", "choe sonhui"]
    assert glued_forms("Poutine") == []


def test_the_gazetteer_lists_generated_spellings():
    a = load_actors().aliases
    gen = a[a["generated"]]
    assert {"sergey shoigu", "shoigu", "choigu"} <= set(gen.query("actor_id == 'shoigu'")["alias"])
    assert {"choe seon hui", "choi son hui", "choe sonhui"} <= set(gen.query("actor_id == 'choe_son_hui'")["alias"])
    assert "kimiii" in set(gen.query("actor_id == 'kim_jong_un'")["alias"])
    assert "kursk" in set(gen.query("actor_id == 'kursk'")["alias"])
    assert gen.query("actor_type == 'state' or kind in ['role', 'metonym']").empty  # Russie stays Russie
    assert not a[~a["generated"]].query("actor_id == 'putin' and alias == 'Vladimir Poutine'").empty


def test_a_generated_spelling_never_takes_another_actors_name(tmp_path):
    path = tmp_path / "actors.yml"
    path.write_text(
        "actors:\n"
        "  - {id: a, name: Sergueï Ivanov, country: RU}\n"
        "  - {id: b, name: Sergei Ivanov, country: US, variants: false}\n"
        "spellings: {russian: {countries: [RU], rules: [[gue, ge]]}}\n",
        encoding="utf-8",
    )
    a = load_actors(path).aliases
    mine = a.query("actor_id == 'a'")["alias"].tolist()
    assert mine[0] == "Sergueï Ivanov" and "sergueiivanov" in mine and "sergei ivanov" not in mine
    assert a.query("actor_id == 'b'")["alias"].tolist() == ["Sergei Ivanov"]  # variants: false


@pytest.mark.parametrize(
    "content, message",
    [
        ("actors:\n  - {id: a, name: A, gender: x}", "gender 'x'"),
        ("actors:\n  - {id: a, name: A, died: hier}", "not a date"),
        ("actors: []\nspellings: {russian: {rules: [[ou]]}}", "not a pair"),
        ("actors: []\nspellings: [a]", "not a mapping"),
    ],
)
def test_broken_spelling_fields_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "actors.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        load_actors(path)


# ---------------------------------------------------------------- counting rules


@pytest.fixture(scope="module")
def matcher():
    return Matcher.build(load_actors())


def _found(text, matcher, **kw):
    return [(m["actor_id"], m["how"], m["surface"]) for m in find_mentions(text, matcher, **kw)]


def test_spellings_and_glyphs_are_found(matcher):
    text = (
        "Choe Seon-hui, Choi Son Hui et Choe Son Hui ; Sergey Shoigu et Sergueï Choïgou ; "
        "Sergei Lavrov ; KimⅢ ; Kim Jong\u2011Un ; Kim\u00a0Jong\u00a0Un ; la région de Kursk."
    )
    assert [m[0] for m in _found(text, matcher)] == ["choe_son_hui"] * 3 + ["shoigu"] * 2 + [
        "lavrov",
        "kim_jong_un",
        "kim_jong_un",
        "kim_jong_un",
        "kursk",
    ]


def test_a_word_in_quotes_inside_a_name_is_read_through(matcher):
    """Scare quotes inside a name are a glyph like any other (set J, stop 32); the quoted words
    keep their own meaning: a quoted surname is still a surname."""
    text = "La République populaire « démocratique » de Corée ; la république populaire “démocratique” de Corée."
    assert [m[0] for m in _found(text, matcher)] == ["north_korea", "north_korea"]
    found = _found("Kim Jong Un est venu. Le « camarade » Kim a parlé.", matcher)
    assert [(m[0], m[1]) for m in found] == [("kim_jong_un", "name"), ("kim_jong_un", "short")]


def test_a_surname_alone_needs_one_owner_named_before(matcher):
    assert _found("Kim a parlé.", matcher) == []
    assert _found("Kim Jong Un est venu. Kim a parlé.", matcher)[1] == ("kim_jong_un", "short", "Kim")
    both = "Kim Jong Un et sa sœur Kim Yo Jong sont venus. Kim a parlé."
    assert [m[0] for m in _found(both, matcher)] == ["kim_jong_un", "kim_yo_jong"]  # which Kim? not counted


def test_a_title_says_which_living_person(matcher):
    assert _found("M. Kim a parlé.", matcher) == [("kim_jong_un", "short", "M. Kim")]  # Kim Il-sung died in 1994
    assert _found("Mme Kim a parlé.", matcher) == [("kim_yo_jong", "short", "Mme Kim")]
    assert _found("M. Kim a parlé.", matcher, date=pd.Timestamp("1990-01-01")) == []  # two men named Kim alive
    both = "Kim Jong Un et sa sœur Kim Yo Jong sont venus. Mme Kim a parlé, puis M. Kim."
    assert [m[:2] for m in _found(both, matcher)][2:] == [("kim_yo_jong", "short"), ("kim_jong_un", "short")]


def test_a_name_glued_after_a_period_is_found(matcher):
    """Pages flattened without the space after a period: "M.Kim", "à Pyongyang.Kim Jong Un"."""
    assert _found("M.Kim a parlé.", matcher) == [("kim_jong_un", "short", "M.Kim")]
    found = _found("Il est arrivé à Pyongyang.Kim Jong Un l'a reçu.", matcher)
    assert [(m[0], m[2]) for m in found] == [("north_korea", "Pyongyang"), ("kim_jong_un", "Kim Jong Un")]
    assert _found("Les U.S.A. et Kim Jong Un.", matcher)[-1][2] == "Kim Jong Un"


def test_another_person_with_the_same_surname_is_not_counted(matcher):
    text = (
        "Kim Jong Un est venu. Reportage de Jack Kim. Kim Yong-nam et Kim Jong-il, puis Kim Jong Gyu. "
        "Le diplomate Alexandre Lavrov n'est pas Sergueï Lavrov. (Jack Kim) Melania Trump."
    )
    assert [m[0] for m in _found(text, matcher)] == ["kim_jong_un", "lavrov"]


def test_a_surname_next_to_a_stop_word_or_another_actor_is_counted(matcher):
    text = "Kim Jong Un et Vladimir Poutine. Selon Lavrov, la rencontre Poutine Kim fut longue. Tass. Lavrov a dit."
    assert [m[0] for m in _found(text, matcher)] == ["kim_jong_un", "putin", "lavrov", "putin", "kim_jong_un", "lavrov"]
    # a sentence's or a line's first word has a capital anyway: "Sommet" is no given name
    assert [m[0] for m in _found("Sommet Poutine-Kim Jong-un\nLavrov", matcher)] == ["putin", "kim_jong_un", "lavrov"]


def test_places_families_and_seas_named_after_someone_are_not_mentions(matcher):
    text = "La dynastie Kim. L'université Kim Il-sung et la place Kim Il-sung. La mer du Japon. Le Japon."
    assert [m[0] for m in _found(text, matcher)] == ["kim_il_sung_square", "japan"]


# ---------------------------------------------------------------- the development set


def _evaluation():
    path = paths.PROJECT_ROOT / "devset" / "evaluate_names.py"
    spec = importlib.util.spec_from_file_location("evaluate_names", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "set_name, min_share, min_cells",
    [
        ("A", 0.97, 140),
        ("B", 0.99, 140),
        ("D", 0.97, 90),
        ("E", 0.98, 81),
        ("F", 0.98, 94),
        ("G", 0.99, 125),
        ("H", 0.98, 142),
        ("I", 0.97, 87),
        ("J", 0.97, 68),
    ],
)
def test_name_counts_on_the_development_pages(set_name, min_share, min_cells):
    """Set A: the target (>= 97 % of (page, actor) cells); sets B and D: the held-apart figures
    reached (B: 198/199, measured once after development on A; D: 94/96, measured once, blind;
    E: 80/81, measured once, blind, 6 December: "Trumpen", a name glued to the next word, missed;
    F: 93/94, measured once, blind, 7 December: "Kim Jong U", a name cut by the capture window, missed;
    G: 124/125, measured once, blind, 8 December; H: 140/142, measured once, blind, stop 30;
    I: 85/87, measured once, blind, stop 31: two Zelensky mentions in a spelling the aliases and
    their variants do not reach, and one Korean People's Army counted where the labeller did not;
    J: 65/68, measured once, blind, stop 32, then read as development data; 66/68 once quotation
    marks inside a name are read through).
    ``min_cells`` is the count on the whole set: with some pages no longer re-collectable, the
    pages on disk are scored if they are at least half the set, every labelled cell of theirs
    must be scored, and they may miss no more cells than the whole set's share allows."""
    evaluation = _evaluation()
    present, missing = evaluation.gold_articles(set_name)
    labelled = len(present) + len(missing)
    if len(present) < labelled / 2:
        pytest.skip(
            f"{len(missing)} of {labelled} labelled pages of set {set_name} are not in devset/pages/ (git-ignored): "
            "re-collect them as devset/README.md says, then run python devset/check_devset.py"
        )
    score = evaluation.evaluate(set_name)
    gold = evaluation.labels(set_name)
    known = set(load_actors().aliases["actor_id"])
    gold_cells = gold[gold["page_id"].isin(present["doc_id"]) & gold["actor_id"].isin(known) & (gold["n_name"] > 0)]
    assert score.total >= len(gold_cells[["page_id", "actor_id"]].drop_duplicates())
    assert score.total >= min_cells * len(present) / labelled * 0.8
    # the misses the whole set allows, counted: with pages absent the share of a few cells is no
    # measure (one miss in 87 cells is 98.9 %, in 125 it is 99.2 %)
    misses = score.cells[~score.cells["right"]]
    assert len(misses) <= int((1 - min_share) * min_cells), misses.to_string()
    if not missing:
        assert score.share >= min_share, misses.to_string()
