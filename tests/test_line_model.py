"""The line-role model: scored outlet by outlet from the committed development-set features,
reproducible from its training script, auditable, and correctable by the researcher."""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import pandas as pd
import pytest

import kit
from kit import clean, line_model, paths

DEVSET = paths.PROJECT_ROOT / "devset"
sys.path.insert(0, str(DEVSET))
import train_line_model as trainer  # noqa: E402


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_parquet(trainer.TABLE)


@pytest.fixture(scope="module")
def figures(table) -> dict:
    return trainer.evaluate(table)


def test_feature_table_holds_no_text(table):
    text_like = [c for c in table.columns if table[c].dtype == object]
    assert set(text_like) <= {"page_id", "rules_role", "rules_rule", "gold", "outlet", "set", "gold_date", "date"}
    assert table["page_id"].nunique() == 138 and table["outlet"].nunique() >= 115
    assert set(table["set"]) == {"A", "B", "C", "S"}


def test_leave_one_outlet_out_beats_the_rules(figures):
    """Every page scored by a model that never saw its outlet; the same pages scored by the rules."""
    model, rules = figures["all"]["model"], figures["all"]["rules"]
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.10
    assert model["headline_right"] >= rules["headline_right"]
    assert model["date_right"] >= rules["date_right"]
    # the measured figures (README), as floors: 89.9 % headlines (124 of 138) since the retraining
    # after dates printed with dashes were read (A014's and B031's date-only lines), which took
    # A029's repeated headline from P(title) 0.276 to 0.246, under TITLE_IF; before, 90.6 % headlines
    # and 96.3 % removed since a page
    # whose address is a tag or search page's is a listing (B032, B053 right; 2,654 to 2,659
    # removed); 89.1 % headlines and 96.1 % removed since a line the
    # page's address spells is the headline (B039, C012, C023 right, C029 wrong: 121 to 123 of 138;
    # the three right titles were boilerplate kept before; 8 December);
    # 96.0 % removed (95.9 before the legal-links rule,
    # 7 December evening), 87.7 % headlines (87.0 before it), 96.2 % kept (96.0 before the
    # embedded-post rules, 95.6 before one-word headings between paragraphs were kept, both
    # 7 December evening; 95.3 and 95.5 before the
    # main-block features, 7 December; 95.6 kept before the retraining
    # for two-digit-year dates moved C007's one line; 95.2 and 95.3 before a
    # video's transcript was read as text, 94.8 and 94.9 before readers' reactions, production
    # credits and one-word headings, 6 December night; 93.4 and
    # 94.4 before the rule changes of that evening, each step in the README), 87.0 % headlines (120 of
    # 138; 117 before a line a marker decided could no longer be the headline, C019's credited
    # caption; B032 then B055 have flipped when the folds' models were retrained, B055 between two
    # lines at P(title) 0.356 and 0.357, right again since a retraining), 86.2 % since (119: B032, a
    # related list without a headline, took its tag line for one after the two-digit-year retraining;
    # 87.0 %, 120, with the main-block features),
    # 95 % dates (19 of 20; 18 before a two-digit year on a line of its own was read, A031's
    # "mardi / 10.12.19"; 17 before the dateline nearest the article won over the site's edition
    # date at the top of the page)
    assert model["boilerplate_removed"] >= 0.962 and model["body_kept"] >= 0.961 and model["headline_right"] >= 0.898
    assert model["date_right"] >= 0.95
    # the last line of a page cut by the 2 kB capture window aside
    assert model["body_kept_whole_lines"] >= 0.969 and model["whole_body_lines"] < model["body_lines"]
    # the model keeps as much body as the rules on sets A and B; it drops more on set C's live
    # match report and name subheadings, kinds A and B lack (README)
    for name in ("A", "B"):
        assert figures[name]["model"]["body_kept"] >= figures[name]["rules"]["body_kept"] - 0.01
    assert figures["C"]["model"]["body_kept"] < figures["C"]["rules"]["body_kept"] - 0.05


def test_no_date_is_invented_from_a_caption_comment_or_list(figures):
    assert figures["all"]["model"]["dates_invented"] <= figures["all"]["rules"]["dates_invented"] + 1
    # one left on the folds, B043's "today" header above its headline (README); C024, a section
    # listing whose foot is dated, stopped counting once a page with no article text had no date
    assert figures["all"]["model"]["dates_invented"] <= 1 and figures["C"]["model"]["dates_invented"] == 0


def test_folds_never_mix_an_outlet(table):
    folds = trainer.outlet_folds(table)
    assert (table.assign(fold=folds).groupby("outlet")["fold"].nunique() == 1).all()
    assert len(set(folds)) == trainer.FOLDS


def test_retraining_reproduces_the_shipped_model(table):
    shipped = json.loads(line_model.MODEL_FILE.read_text(encoding="utf-8"))
    model = trainer.fit(table)
    assert list(model.classes) == shipped["classes"]
    np.testing.assert_allclose(model.coef, np.array(shipped["coef"]), atol=1e-3)
    assert shipped["meta"]["table_sha256"] == trainer.table_hash(table)


@pytest.mark.skipif(
    not (DEVSET / "pages").exists() or not any((DEVSET / "pages").glob("*.txt")),
    reason="devset/pages/ is absent (other people's text, re-collected from the manifests)",
)
def test_committed_features_match_the_pages(table):
    """Whatever pages are on disk: their recomputed features equal the committed rows (sample
    included). A line repeated across an outlet's pages is site chrome, so a page is compared only
    when every page of its outlet is on disk (a store search may no longer hold some of them)."""
    comparable = trainer.whole_outlet_pages()
    compared = 0
    for rebuilt, committed in (
        (trainer.build_table(), table),
        (trainer.build_table(held_apart=True), pd.read_parquet(trainer.HELD_APART_TABLE)),
    ):
        if rebuilt.empty:
            continue
        rebuilt = rebuilt[rebuilt["page_id"].isin(comparable) | rebuilt["set"].eq("S")]
        present = committed[committed["page_id"].isin(set(rebuilt["page_id"]))]
        assert len(present) == len(rebuilt) and len(rebuilt)
        pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), present.reset_index(drop=True), check_dtype=False)
        compared += rebuilt["page_id"].nunique()
    assert compared >= 5  # the sample at least


def test_every_line_says_why_and_how_sure(sample):
    lines = sample.lines
    text_lines = lines[lines["role"] != "empty"]
    assert text_lines["p"].between(0, 1).all() and text_lines["why"].str.len().gt(0).all()
    assert set(lines["rule"]) >= {"model", "blank"} or set(lines["rule"]) >= {"blank"}


def test_a_researcher_can_override_a_role(tmp_path, sample):
    lines = sample.lines
    body = lines[(lines["role"] == "body")].iloc[0]
    fix = tmp_path / "roles.csv"
    pd.DataFrame([{"doc_id": body["doc_id"], "line_no": body["line_no"], "role": "caption"}]).to_csv(fix, index=False)
    corrected = kit.load(paths.SAMPLE_CORPUS, roles=fix)
    row = corrected.lines.set_index(["doc_id", "line_no"]).loc[(body["doc_id"], body["line_no"])]
    assert row["role"] == "caption" and row["rule"] == "override"
    text = corrected.articles.set_index("doc_id").loc[body["doc_id"], "text"]
    assert body["text"].strip() not in text
    with pytest.raises(kit.CorpusError, match="not a line role"):
        kit.load(paths.SAMPLE_CORPUS, roles=pd.DataFrame({"doc_id": ["x"], "line_no": [1], "role": ["banner"]}))


def test_least_sure_lines_come_first(sample):
    unsure = kit.least_sure(sample.lines, top=5)
    assert len(unsure) == 5 and unsure["p"].is_monotonic_increasing
    assert (unsure["p"] <= sample.lines.loc[sample.lines["role"] != "empty", "p"].median()).all()


def test_a_model_trained_on_other_features_is_refused(tmp_path):
    data = json.loads(line_model.MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    other = tmp_path / "model.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(kit.CorpusError, match="Retrain"):
        line_model.load_model(other)


def test_the_model_keeps_a_hard_wrapped_paragraph_whole(tmp_path):
    from test_clean_rules import WRAPPED_PAGE

    (tmp_path / "wrapped.txt").write_text(WRAPPED_PAGE, encoding="utf-8")
    corpus = kit.load(tmp_path, progress=False)
    paragraphs = corpus.articles["text"].iloc[0].split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].endswith("un sujet qui inquiète Séoul et Tokyo depuis plusieurs mois.")
    wrapped = corpus.lines[corpus.lines["line_no"].isin([8, 9, 10, 11])]
    assert (wrapped["role"] == "body").all()


@pytest.mark.parametrize(
    "heading, role",
    [("Contexte", "subheading"), ("L'ESSENTIEL", "subheading"), ("Sanctions", "subheading"), ("AFP", "credit")],
)
def test_the_model_keeps_a_one_word_heading_between_paragraphs(tmp_path, heading, role):
    """Line by line, a lone capitalised word looks like a credit ("AFP"); between two paragraphs
    of article text the rules read it as a heading, and the model does not undo that."""
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n\n"
        f"{heading}\n\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n\n"
        "Séoul et Tokyo ont aussitôt condamné un accord qui menace, selon eux, la sécurité de la région.\n"
    )
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    corpus = kit.load(tmp_path, progress=False)
    assert corpus.lines.loc[corpus.lines["text"] == heading, "role"].tolist() == [role]
    assert (heading in corpus.articles["text"].iloc[0].split("\n\n")) == (role == "subheading")


def test_a_word_cut_short_between_paragraphs_is_not_kept(tmp_path):
    """ "Chargement..." takes the rules' short-line rule between paragraphs too; it is no heading."""
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n\n"
        "Chargement...\n\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    corpus = kit.load(tmp_path, progress=False)
    assert "Chargement" not in corpus.articles["text"].iloc[0]


@pytest.mark.parametrize(
    "page, date",
    [
        # the date after the standfirst, before the body
        (
            "Pyongyang et Moscou resserrent les rangs\n\nLe chapô résume en une phrase ce que l'article va raconter "
            "en détail.\n\n14 févr. 2024, 07:45\n\nLa première phrase du corps de l'article raconte la visite "
            "du ministre à Pyongyang.\n",
            "2024-02-14",
        ),
        # a byline and its stamp on one line, above the lead
        (
            "Pyongyang et Moscou resserrent les rangs\nJeanne Martin | mercredi 14 février 2024 à 07h45\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n",
            "2024-02-14",
        ),
        # the breadcrumb, the byline and the date on one line, no clock time: a fragment, not a sentence
        (
            "Pyongyang et Moscou resserrent les rangs\n"
            "Accueil | International | Par Jeanne Martin | 14 février 2024\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n",
            "2024-02-14",
        ),
        # the site's clock at the top of the page; the article's own dateline by its headline
        (
            "Accueil International Économie\nlundi 4 mars 2024\nSe connecter\nS'abonner\n\n"
            "Pyongyang et Moscou resserrent les rangs\nPar Jeanne Martin\nPublié le 14/02/2024 à 07h45\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n\n"
            "La deuxième rappelle que les deux pays ont signé un traité de défense mutuelle en juin dernier.\n\n"
            "Une troisième cite le porte-parole du Kremlin, qui a salué des relations excellentes.\n",
            "2024-02-14",
        ),
        # published, then updated, each on its own line around the byline: the publication
        (
            "Pyongyang et Moscou resserrent les rangs\nMis à jour le 16/02/2024\nPar Jeanne Martin\n"
            "Publié le 14/02/2024\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n",
            "2024-02-14",
        ),
        # an agency dispatch on a financial site: the stamp in brackets, glued to the first paragraph
        (
            "Pyongyang et Moscou resserrent les rangs\n\n[14/02/2024 07:45:12] MOSCOU (AFP) La première phrase "
            "de la dépêche raconte la visite du ministre russe à Pyongyang mardi.\n",
            "2024-02-14",
        ),
        # the weekday on a line, the date below it with a two-digit year, between the rubric and the headline
        (
            "Accueil\nNewsletter\n\nAnalyse\nmercredi\n14.02.24\nPyongyang et Moscou resserrent les rangs\n\n"
            "Par Jeanne Martin\n\nLa première phrase de l'article raconte la visite du ministre russe à "
            "Pyongyang mardi.\n\nLa deuxième rappelle que les deux pays ont signé un traité de défense mutuelle.\n",
            "2024-02-14",
        ),
        # "Publiée" agreeing with a feminine noun (une dépêche, une vidéo), at the foot of the article
        (
            "Pyongyang et Moscou resserrent les rangs\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n\n"
            "La deuxième rappelle que les deux pays ont signé un traité de défense mutuelle en juin dernier.\n\n"
            "Une troisième cite le porte-parole du Kremlin, qui a salué des relations excellentes.\n\n"
            "Dépêche publiée le 14/02/2024 à 07h45\n",
            "2024-02-14",
        ),
        # a dateline printed day-month-year with dashes, by the byline
        (
            "Pyongyang et Moscou resserrent les rangs\nPar Jeanne Martin\nPublié le 14-02-2024 à 07:45\n\n"
            "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n\n"
            "La deuxième rappelle que les deux pays ont signé un traité de défense mutuelle en juin dernier.\n",
            "2024-02-14",
        ),
    ],
)
def test_a_dateline_is_found_where_sites_put_it(tmp_path, page, date):
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    corpus = kit.load(tmp_path, progress=False)
    assert corpus.articles["date"].iloc[0] == pd.Timestamp(date)
    assert corpus.articles["title"].iloc[0] == "Pyongyang et Moscou resserrent les rangs"


def test_a_date_in_the_body_is_not_the_page_date(tmp_path):
    page = (
        "Pyongyang et Moscou resserrent les rangs\n\nLe chapô résume en une phrase ce que l'article va raconter.\n\n"
        "La première phrase du corps de l'article raconte la visite du ministre à Pyongyang.\n\n14/02/2024\n\n"
        "Une deuxième phrase du corps rappelle le traité signé l'année précédente entre les deux pays.\n"
    )
    (tmp_path / "p.txt").write_text(page, encoding="utf-8")
    assert pd.isna(kit.load(tmp_path, progress=False).articles["date"].iloc[0])


def test_a_listing_page_states_no_date_of_its_own():
    """A section page of dated teasers keeps no line as text: the date at its foot is a listed
    story's, so the page has none (counted as an invented date before, on a training page)."""
    teasers = [
        "Budget : la séance s'éternise. Les élus ont voté le budget après une longue séance, ceux de "
        "l'opposition ayant quitté la salle avant la fin du débat sur les routes...",
        "Routes : le plan adopté. Le conseil a retenu le tracé du sud après deux années d'études et de "
        "réunions publiques dans chacune des communes concernées par les travaux...",
        "Écoles : les travaux reportés. La rénovation des trois collèges attendra la rentrée suivante, "
        "faute d'entreprise retenue pour le lot de la toiture et de la charpente...",
    ]
    page = "\n\n".join(teasers) + "\n\nPolitique 21/08/2025\n"
    lines = clean.line_roles(pd.DataFrame({"doc_id": ["a"], "source": [None], "page_text": [page]}))
    facts = line_model.line_facts(lines)
    roles = lines["role"].to_numpy()
    assert not np.isin(roles, clean.KEPT_ROLES).any() and facts["date"].tolist()[-1] == "2025-08-21"
    assert line_model.page_date(facts, roles) is None


def _page_facts(
    rules: list[tuple[str, str]], *, n_words: list[int], prose: list[bool], ends_sentence: list[bool]
) -> pd.DataFrame:
    """The facts line_model.decide reads, for one page of our own: each line's rules' role and rule."""
    return pd.DataFrame(
        {
            "rules_role": [role for role, _ in rules],
            "rules_rule": [rule for _, rule in rules],
            "n_words": n_words,
            "blank": [False] * len(rules),
            "key": list(range(1, len(rules) + 1)),
            "prose": prose,
            "ends_sentence": ends_sentence,
        }
    )


def test_a_comment_the_model_would_keep_stays_a_comment(table):
    """Below the comments' header, the rules' verdict stands whatever the model says: a
    reader's comment reads as prose, line by line. The development set agrees: no line the
    rules put in a comment section is article text."""
    in_comments = table[table["rules_rule"] == "in_comment_section"]
    assert len(in_comments) >= 100 and not in_comments["gold"].isin(["lead", "body", "subheading"]).any()
    facts = _page_facts(
        [("lead", "first_paragraph"), ("comment", "comment_header"), ("comment", "in_comment_section")],
        n_words=[20, 2, 25],
        prose=[True, False, True],
        ends_sentence=[True, False, True],
    )
    classes = ("comment", line_model.KEPT)
    sure_kept = np.array([[0.1, 0.9], [0.8, 0.2], [0.1, 0.9]])
    roles, _ = line_model.decide(np.array(["a"] * 3), facts, sure_kept, classes)
    assert roles.tolist() == ["lead", "comment", "comment"]


def test_a_related_marker_or_a_photo_credit_is_never_kept_as_text(table):
    """"Lire aussi : …" or a photo credit stays furniture however sure the model is that it is
    text; a line the rules removed by its position only may still be kept. The development sets
    agree: none of their marker lines is article text."""
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    markers = pd.concat([table, held])
    markers = markers[markers["rules_rule"].isin(line_model.NEVER_TEXT_MARKERS)]
    assert len(markers) >= 150 and not markers["gold"].isin(["lead", "body", "subheading"]).any()
    facts = _page_facts(
        [
            ("lead", "first_paragraph"),
            ("related", "related_marker"),
            ("caption", "photo_credit"),
            ("navigation", "page_footer"),
        ],
        n_words=[20, 12, 15, 20],
        prose=[True, True, True, True],
        ends_sentence=[True, False, True, True],
    )
    classes = ("related", line_model.KEPT)
    sure_kept = np.array([[0.1, 0.9]] * 4)
    roles, _ = line_model.decide(np.array(["a"] * 4), facts, sure_kept, classes)
    assert roles.tolist() == ["lead", "related", "caption", "body"]


def test_the_held_apart_set_is_never_trained_on_and_its_figures_hold(table):
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    assert set(held["page_id"].str[0]) == {"D", "E", "F", "G", "H", "I", "J"}
    assert not set(held["page_id"]) & set(table["page_id"])
    assert not set(held["outlet"]) & set(table["outlet"])
    outlets = {name: set(part["outlet"]) for name, part in held.groupby("set")}
    assert not outlets["D"] & outlets["E"] and not outlets["F"] & (outlets["D"] | outlets["E"])
    assert not outlets["G"] & (outlets["D"] | outlets["E"] | outlets["F"])
    assert not outlets["H"] & (outlets["D"] | outlets["E"] | outlets["F"] | outlets["G"])
    assert not outlets["I"] & (outlets["D"] | outlets["E"] | outlets["F"] | outlets["G"] | outlets["H"])
    assert not outlets["J"] & set().union(*(outlets[s] for s in "DEFGHI"))
    assert all(len(outlets[s]) == 40 for s in "FGHI") and len(outlets["J"]) == 39
    figures = trainer.held_apart(held[held["set"] == "D"])
    model, rules = figures["model"], figures["rules"]
    # 387 pieces: a dispatch's bracketed date header is split from its first paragraph (6 December)
    assert model["pages"] == 31 and model["body_lines"] == 135 and model["boilerplate_lines"] == 387
    # set D scored by the model trained on A, B and C (README): 93.0 % of boilerplate removed
    # against the rules' 85.0 % (93.0 against 84.5 before related-list headers were read; D028's
    # lower-case header is one of the forms, read from training pages only; 93.8 %, then 93.5 %
    # and 93.0 % after two retrainings that changed no rule on set D (long captions, site
    # widgets), 92.8 % after a third (readers' reactions, production credits, one-word headings),
    # 92.2 % after a fourth (video transcripts): retrainings that change no rule on set D have
    # moved it between 357 and 363 of 387, drifting down since the 6 December evening's 363
    # (README)), 98.5 % of body kept
    # against 95.6 %; headlines 83.9 % (26 of 31: 23 before photo credits were read whatever their
    # capitals, 25 before a marker line could no longer be the headline); no date invented
    # 92.8 % (359) with the main-block features (7 December), which lose two body lines, both the
    # last line of a page cut by the capture window, below the main block (whole lines unchanged)
    # 93.0 % (360) and 27 of 31 headlines since a tag or search page's address makes a listing;
    # 93.3 % (361) and 28 of 31 since D001 and D024 were found again and their rows recomputed
    # (D001's seven lines under the rules of the day, both pages' address overlaps, left at 0
    # while the pages were absent): features brought up to date, no rule changed
    assert model["boilerplate_removed"] >= 0.932
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.07  # 7.8 points at 359
    assert model["body_kept"] >= 0.97 and model["body_kept_whole_lines"] >= 0.984 and rules["body_kept"] >= 0.95
    assert model["headline_right"] >= 0.90 and model["dates_invented"] == 0
    # 3 of 3 dates since 6 December (0 before): read from these pages' misses, so no longer a
    # held-apart figure for dates (README)
    assert model["date_right"] == 1.0


def _scored(set_name: str) -> tuple[pd.DataFrame, dict, dict]:
    """One held-apart set's rows, and its figures by the shipped model and by the rules alone."""
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    part = held[held["set"] == set_name]
    figures = trainer.held_apart(part)
    return part, figures["model"], figures["rules"]


def _lost_body(part: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``part`` labelled as article text that the shipped model removes."""
    roles, _ = trainer.predict(line_model.load_model(), part)
    return part[part["gold"].isin(clean.KEPT_ROLES) & ~np.isin(roles, clean.KEPT_ROLES)]


def test_the_second_held_apart_set_scores_as_measured_once():
    """Set E (40 pages, 40 outlets in none of A-D), collected and labelled by helpers who never ran
    the kit, after every rule of 6 December, and scored once (README); read at stop 31, it is
    development data since: its five tag and author pages whose address is a later page of an
    archive or an author's made the pagination and author rules of :func:`listing_address`
    (removed 169 -> 191 of 209, headlines 33 -> 37 of 40, no date invented). Its figures before,
    as floors and as the misses they are: 80.4 % of the boilerplate removed (the rules alone the same), 96.2 %
    of the body kept (96.8 % after the model was retrained for the video-transcript rule, which
    changed no line of set E; 96.2 % again with the main-block features, E038's last line, cut by
    the capture window), 85.0 % of the headlines (82.5 % since a line the page's address spells is
    the headline: E026, a page labelled with none, has a line that spells its address word for word,
    labelled navigation; removed 168 -> 169 of 209, as many as the rules), 4 of 6 dates, and one
    date invented."""
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    figures = trainer.held_apart(held[held["set"] == "E"])
    model, rules = figures["model"], figures["rules"]
    assert model["pages"] == 40 and model["body_lines"] == 157 and model["boilerplate_lines"] == 209
    # the rules alone removed as much when E was scored (80.4 %); since the embedded-post rules
    # (7 December evening) they remove one line more, the model being unchanged on E
    assert model["boilerplate_removed"] >= 191 / 209 and rules["boilerplate_removed"] >= 0.808
    assert model["body_kept"] >= 0.96 and model["body_kept"] >= rules["body_kept"]
    # the rules alone 34 -> 35 of 40 since a bulleted line is never the headline (E011, stop 33)
    assert model["headline_right"] >= 37 / 40 and model["headline_right"] >= rules["headline_right"] + 0.075
    assert model["dated_pages"] == 6 and model["date_right"] >= 4 / 6 and model["dates_invented"] == 0
    listed = held.groupby("page_id")["listing_address"].first()
    assert sorted(listed[listed & listed.index.str.startswith("E")].index) == ["E014", "E015", "E017", "E020", "E032"]


def test_the_third_held_apart_set_scores_as_measured_once():
    """Set F (40 pages, 40 outlets in none of A-E), collected and labelled by two helpers who never
    ran the kit, on 7 December after every change of that evening, and scored once (README). Its
    figures, as floors and as the misses they are: 87.9 % of the boilerplate removed (the rules
    alone 79.9 %), 87.6 % of the body kept (the rules 86.5 %), 18 of the 32 body lines lost on one
    page (F019, an awards list whose names and winners sit on lines of their own, which the rules
    read as the page's footer below its last paragraph), 77.5 % of the headlines (80.0 % since a
    line the page's address spells is the headline: F015 and F028 right, F013 wrong, whose labelled
    headline shares no word with its address and whose line 24, labelled navigation, spells it;
    82.5 % and 88.4 % removed since a tag or search page's address makes a listing; 85.0 % and
    93.0 % since a later page of an archive does, stop 31, a rule read from set E), 5 of 8 dates
    and none invented."""
    part, model, rules = _scored("F")
    assert model["pages"] == 40 and model["body_lines"] == 259 and model["boilerplate_lines"] == 199
    assert model["boilerplate_removed"] >= 185 / 199
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.10
    # 227 of 259 kept until the retraining for stop 31's credit and dateline rules, which changed
    # no line of set F: F036's line 14 (a page_footer, its last line cut by the capture window) went
    # from P(kept) 0.505 to 0.497
    assert model["body_kept"] >= 226 / 259 and model["body_kept"] >= rules["body_kept"]
    assert model["headline_right"] >= 34 / 40 and model["headline_right"] >= rules["headline_right"]
    assert model["dated_pages"] == 8 and model["date_right"] >= 5 / 8 and model["dates_invented"] == 0
    lost = _lost_body(part)
    # 32 since stop 33's retraining (the headline above its dateline), which changed no line of set F
    assert len(lost) == 32 and (lost["page_id"] == "F019").sum() == 18
    assert (lost.loc[lost["page_id"] == "F019", "rules_rule"] == "page_footer").all()


def test_the_fourth_held_apart_set_scores_as_measured_once():
    """Set G (40 pages, 40 outlets in none of A-F), collected and labelled by two helpers who never
    ran the kit, on 8 December after the address rules landed, and scored once (README): 84.0 % of
    the boilerplate removed (the rules alone 71.8 %), 95.2 % of the body kept (97.4 % of the whole
    lines), 87.5 % of the headlines, 3 of 4 dates, one date invented. The page's address does
    much of it: read without addresses, the same model removes 73.1 % and finds 82.5 % of the
    headlines; two of its pages have a tag or search page's address, whose 17 teaser lines the
    model kept as text."""
    part, model, rules = _scored("G")
    model_ = line_model.load_model()
    assert model["pages"] == 40 and model["body_lines"] == 166 and model["boilerplate_lines"] == 156
    assert model["boilerplate_removed"] >= 131 / 156
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.10
    # 158 of 166 until the retraining for stop 31's credit and dateline rules, which changed no
    # kept line of set G: G008's line 13 (a page_footer, cut by the capture window) went from P(kept)
    # 0.502 to 0.466
    assert model["body_kept"] >= 157 / 166 and model["body_kept_whole_lines"] >= 0.973
    assert model["headline_right"] >= 0.875 and model["headline_right"] >= rules["headline_right"]
    assert model["dated_pages"] == 4 and model["date_right"] >= 0.75 and model["dates_invented"] <= 1
    blind = part.assign(address_overlap=0.0, listing_address=False)
    without = trainer.score(blind, *trainer.predict(model_, blind))
    assert without["boilerplate_removed"] <= 115 / 156 and without["headline_right"] <= 0.825
    # G035 since stop 32 (a date archive's address, labelled a tag page; no figure of set G moved)
    assert sorted(part.loc[part["listing_address"], "page_id"].unique()) == ["G019", "G034", "G035"]


def test_the_fifth_held_apart_set_scores_as_measured_once():
    """Set H (40 pages, 40 outlets in none of A-G), collected and labelled by two helpers who never
    ran the kit, at stop 30 after the day's date changes, and scored once (README): 72.7 % of the
    boilerplate removed (the rules alone 68.9 %), 98.7 % of the body kept (98.6 % of the whole
    lines), 92.5 % of the headlines, 6 of 10 dates, one date invented (a video page's view
    counter, "since" a day). Its windows hold little chrome: 132 boilerplate lines for 157 body
    lines, 17 of the 36 kept being other stories' teasers on article pages."""
    part, model, rules = _scored("H")
    assert model["pages"] == 40 and model["body_lines"] == 157 and model["boilerplate_lines"] == 132
    assert model["boilerplate_removed"] >= 96 / 132
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.03
    assert model["body_kept"] >= 155 / 157 and model["body_kept_whole_lines"] >= 143 / 145
    assert model["headline_right"] >= 37 / 40 and model["headline_right"] >= rules["headline_right"] + 0.10
    assert model["dated_pages"] == 10 and model["date_right"] >= 0.6 and model["dates_invented"] <= 1


def test_the_sixth_held_apart_set_scores_as_measured_once():
    """Set I (40 pages, 40 outlets in none of A-H), collected and labelled by two helpers who never
    ran the kit, at stop 31 after that stop's listing and credit rules, and scored once (README):
    80.5 % of the boilerplate removed (the rules alone 74.0 %), 85.7 % of the body kept (87.4 % of
    the whole lines; the rules 87.1 %), 85.0 % of the headlines (82.5 % as first scored: the scorer
    took the key of I019's headline line from the date header split off it, not from its text), 21
    of 24 dates, none invented. 13 of the 32 body lines lost were on one page (I017), an article built
    as a list whose items sit below its last paragraph, read as the page's footer; 18 of the 24
    boilerplate lines kept are on a broadcaster's page (12) and a live blog (6). Since stop 32 an
    article's list under a sentence ending in a colon is text (written from set J): I017's 13 lines
    are kept, 205 of 224 (91.5 %; 192 of the 206 whole lines), nothing else moves. The retraining
    for stop 33's headline-above-its-dateline rule, which changed no line of set I, kept one line
    more (206) and lost one headline (33 of 40)."""
    part, model, rules = _scored("I")
    assert model["pages"] == 40 and model["body_lines"] == 224 and model["boilerplate_lines"] == 123
    assert model["boilerplate_removed"] >= 99 / 123
    assert model["boilerplate_removed"] >= rules["boilerplate_removed"] + 0.05
    assert model["body_kept"] >= 206 / 224 and model["body_kept_whole_lines"] >= 193 / 206
    assert model["headline_right"] >= 33 / 40 and model["headline_right"] >= rules["headline_right"] + 0.05
    assert model["dated_pages"] == 24 and model["date_right"] >= 21 / 24 and model["dates_invented"] == 0
    lost = _lost_body(part)
    assert len(lost) == 18 and not (lost["page_id"] == "I017").any()
    assert (part.loc[part["page_id"] == "I017", "rules_rule"] == "list_item").sum() == 13


def test_the_seventh_set_scores_as_measured_once_then_read():
    """Set J (39 pages, 39 outlets in none of A-I), collected and labelled by two helpers who never
    ran the kit, at stop 32, asked for pages with other stories' teasers, broadcasters, live blogs
    and articles built as a list; scored once, blind (README): 92.0 % of the boilerplate removed
    (459 of 499; the rules alone 88.0 %), 90.8 % of the body kept (128 of 141; 92.2 % of the whole
    lines; the rules 94.3 %), 34 of 39 headlines, 5 of 7 dates, one invented. Development data
    since (its lines were read after that score): J023's bulleted lists under a sentence ending in
    a colon, read as related links, are text since (134 of 141 kept, 125 of the 129 whole lines);
    a date archive's and a Joomla offset's addresses make listings of J029 and J032 (475 of 499
    removed, 35 of 39 headlines); a credit after a dash, an embed's fallback notice and an "En
    vedette" label are furniture (480 of 499). The retraining for stop 33's headline-above-its-
    dateline rule, which changed no line of set J, removed one line fewer (479) and lost J037's
    headline to the line below it (P(title) 0.29 both)."""
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    figures = trainer.held_apart(held[held["set"] == "J"])
    model, rules = figures["model"], figures["rules"]
    assert model["pages"] == 39 and model["body_lines"] == 141 and model["boilerplate_lines"] == 499
    assert model["boilerplate_removed"] >= 479 / 499 and model["boilerplate_removed"] >= rules["boilerplate_removed"]
    assert model["body_kept"] >= 134 / 141 and model["body_kept_whole_lines"] >= 125 / 129
    assert not _lost_body(held[held["set"] == "J"])["page_id"].eq("J023").any()
    assert model["headline_right"] >= 34 / 39 and model["headline_right"] > rules["headline_right"]
    assert model["dated_pages"] == 7 and model["date_right"] >= 5 / 7 and model["dates_invented"] <= 1


def test_a_marker_line_is_never_the_headline(table):
    """A caption ending in its photo credit, a share widget or a byline can look like a title to
    the line model (short, capitalised, near the top); a line an explicit marker or a page rule
    decided is never the page's headline. None of the 99 headlines labelled in the five
    development sets and the sample is such a line, set E's 16 labelled after this rule;
    C019's credited caption was chosen before (README). Of set F's 21, labelled after it, one
    is: F026 prints its headline three times and the label is on the copy above the text, the
    last, which the rules call a repeat of the first."""
    held = pd.read_parquet(trainer.HELD_APART_TABLE)
    titles = pd.concat([table, held]).query("gold == 'title'")
    # sets G's 24, H's 19, I's 18 and J's 14 labelled after this rule, none of them such a line
    assert len(titles) == 195
    decided = titles["rules_rule"].isin(line_model.MARKER_RULES + line_model.PAGE_RULES)
    assert titles.loc[decided, "page_id"].tolist() == ["F026"]
    assert titles.loc[decided, "rules_rule"].tolist() == ["repeats_earlier_paragraph"]
    facts = _page_facts(
        [
            ("navigation", "page_header"),
            ("caption", "photo_credit"),
            ("navigation", "byline"),
            ("lead", "first_paragraph"),
        ],
        n_words=[6, 9, 3, 20],
        prose=[False, False, False, True],
        ends_sentence=[False, False, False, True],
    )
    classes = ("title", "navigation", line_model.KEPT)
    probabilities = np.array([[0.40, 0.55, 0.05], [0.60, 0.35, 0.05], [0.50, 0.45, 0.05], [0.05, 0.05, 0.90]])
    roles, p = line_model.decide(np.array(["a"] * 4), facts, probabilities, classes)
    assert roles.tolist() == ["title", "caption", "navigation", "lead"]
    assert p[0] == pytest.approx(0.40)


#: Our own page in a shape found on the training folds (B039, C012): another story's headline at
#: the top, the site's blurb, then the article's own headline, which the line model reads as a
#: subheading under a first paragraph.
TEASER_ABOVE_HEADLINE = "\n".join(
    [
        "Les pompiers maîtrisent un incendie dans une usine de la banlieue lyonnaise",
        "Ce site vous propose chaque jour une information vérifiée, des analyses et des reportages"
        " de nos correspondants dans toute la région.",
        "Moscou et Pyongyang signent un accord sur le charbon",
        "La Russie et la Corée du Nord ont signé mardi à Moscou un accord qui encadre leurs échanges"
        " de charbon pour les cinq prochaines années, selon les deux gouvernements.",
        "Le texte prévoit des livraisons par voie ferrée depuis la frontière, a précisé le ministère"
        " russe de l'Énergie dans un communiqué publié dans la soirée.",
        "Les analystes y voient un nouveau signe du rapprochement économique entre les deux pays"
        " depuis le début de la guerre en Ukraine.",
        "",
    ]
)
ARTICLE_ADDRESS = (
    "https://www.exemple-info.fr/monde/2024/03/12/moscou-et-pyongyang-signent-un-accord-sur-le-charbon_4521.html"
)
SIDEBAR_HEADLINE = "Les pompiers maîtrisent un incendie dans une usine de la banlieue lyonnaise"


@pytest.mark.parametrize(
    "url, title, rule",
    [
        (None, SIDEBAR_HEADLINE, "model"),
        (ARTICLE_ADDRESS, "Moscou et Pyongyang signent un accord sur le charbon", line_model.SLUG_RULE),
        # an address of ids and short words names too few words to spell anything
        ("https://www.exemple-info.fr/monde/article/2024/4521-ru-kp", SIDEBAR_HEADLINE, "model"),
    ],
)
def test_the_page_address_names_its_headline(tmp_path, url, title, rule):
    """Most sites spell the headline in the article's address: given one (the metadata's ``url``),
    the line it spells is the headline, whatever the model liked best; the lines table says why."""
    (tmp_path / "accord.txt").write_text(TEASER_ABOVE_HEADLINE, encoding="utf-8")
    metadata = tmp_path / "meta.csv"
    pd.DataFrame({"doc_id": ["accord"], "url": [url]}).to_csv(metadata, index=False)
    corpus = kit.load(tmp_path, metadata=metadata, progress=False)
    assert corpus.articles["title"].tolist() == [title]
    head = corpus.lines[corpus.lines["role"] == "title"]
    assert len(head) == 1 and head["rule"].iat[0] in (rule, "headline_above_first_paragraph")
    assert (head["rule"].iat[0] == line_model.SLUG_RULE) == (rule == line_model.SLUG_RULE)
    if rule == line_model.SLUG_RULE:
        assert head["line_no"].iat[0] == 3 and "address" in head["why"].iat[0]


#: Our own tag page in the shape of the training folds' (A036, B053, B064): each story a headline,
#: a one-paragraph blurb and a date, which line by line read as an article.
TAG_PAGE = "\n".join(
    [
        "Corée du Nord",
        "Kim Jong Un promet de renforcer la coopération militaire avec Moscou",
        "Le dirigeant nord-coréen a reçu samedi à Pyongyang une délégation du ministère russe de la Défense,"
        " selon l'agence officielle KCNA, qui évoque des entretiens chaleureux.",
        "12 mars 2024",
        "Séoul s'inquiète de nouveaux tirs de missiles en mer du Japon",
        "L'état-major sud-coréen a détecté lundi matin plusieurs missiles de courte portée tirés depuis la côte"
        " est, a-t-il indiqué dans un bref communiqué transmis à la presse.",
        "10 mars 2024",
        "",
    ]
)


@pytest.mark.parametrize(
    "url, listing",
    [
        (None, False),
        ("https://www.exemple-info.fr/tag/coree-du-nord/", True),
        ("https://www.exemple-info.fr/recherche/?s=kim+jong+un", True),
        ("https://www.exemple-info.fr/sujet/coree-du-nord/kim-jong-un-promet-de-renforcer-la-cooperation-8", False),
        # a later page of an archive, and an author's archive (stop 31)
        ("https://www.exemple-info.fr/actualites/page/7/", True),
        ("https://www.exemple-info.fr/node?page=4725", True),
        ("https://www.exemple-info.fr/auteur/jmartin/", True),
        ("https://www.exemple-info.fr/actualites/page/1/", False),
        ("https://www.exemple-info.fr/monde/kim-jong-un-promet-de-renforcer-la-cooperation_62.html?page=2", False),
        ("https://www.exemple-info.fr/monde/1234567/page/2", False),
        ("https://www.exemple-info.fr/?p=1214", False),
        # a date archive and a Joomla offset (stop 32); an article filed under its date is an article
        ("https://www.exemple-info.fr/monde/2024/03/12", True),
        ("https://www.exemple-info.fr/2024/03/", True),
        ("https://www.exemple-info.fr/infos?start=26700", True),
        ("https://www.exemple-info.fr/2024/03/12/kim-jong-un-promet-de-renforcer-la-cooperation/", False),
        ("https://www.exemple-info.fr/infos?start=0", False),
    ],
)
def test_a_tag_or_search_address_makes_the_page_a_listing(tmp_path, url, listing):
    """A tag, category, search or author page's address, a later page of an archive or a day's or
    month's archive, says the page lists other pages' stories: no headline, no text, a recorded
    skip that names the address;
    an article filed under a subject, the second page of an article and a WordPress post's number
    ("?p=") are articles."""
    (tmp_path / "coree.txt").write_text(TAG_PAGE, encoding="utf-8")
    metadata = tmp_path / "meta.csv"
    pd.DataFrame({"doc_id": ["coree"], "url": [url]}).to_csv(metadata, index=False)
    corpus = kit.load(tmp_path, metadata=metadata, progress=False)
    stories = corpus.lines[corpus.lines["line_no"].isin([2, 3, 5, 6])]
    skips = corpus.report[corpus.report["code"] == "listing_page"]
    if listing:
        assert corpus.articles.empty and len(skips) == 1 and url in skips["message"].iat[0]
        assert "leave its url out of the metadata" in skips["message"].iat[0]
        assert (stories["role"] == "related").all() and (stories["rule"] == line_model.LISTING_RULE).all()
    else:
        assert corpus.articles["title"].str.startswith("Kim Jong Un promet de renforcer").tolist() == [True]
        assert skips.empty and not stories["role"].eq("related").any()
    # the rules alone do not read addresses
    rules = kit.load(tmp_path, metadata=metadata, progress=False, cleaning="rules")
    assert len(rules.articles) == 1


GIVEN_TITLE = "Moscou et Pyongyang signent un accord sur le charbon"
TABLE_TEXT = "\n".join(
    [
        GIVEN_TITLE + ".",
        "La Russie et la Corée du Nord ont signé mardi à Moscou un accord qui encadre leurs échanges de"
        " charbon pour les cinq prochaines années, selon les deux gouvernements.",
        GIVEN_TITLE.upper(),
        "Le texte prévoit des livraisons par voie ferrée depuis la frontière, a précisé le ministère russe"
        " de l'Énergie dans un communiqué publié dans la soirée.",
    ]
)


@pytest.mark.parametrize("cleaning", ["model", "rules"])
def test_a_text_opening_with_its_given_title_does_not_count_it_as_text(tmp_path, cleaning):
    """A scraped table's text often opens with the headline its title column holds (here with a
    period the title lacks, and printed again in capitals): that line is the headline, its copy a
    duplicate, and the article's text starts at the first paragraph."""
    table = tmp_path / "articles.csv"
    rows = {"doc_id": ["a"], "title": [GIVEN_TITLE], "text": [TABLE_TEXT], "source": ["x"]}
    pd.DataFrame(rows).to_csv(table, index=False)
    corpus = kit.load(table, progress=False, cleaning=cleaning)
    lines = corpus.lines
    assert lines["role"].tolist() == ["title", "lead", "duplicate", "body"]
    assert lines["rule"].iat[0] == line_model.GIVEN_TITLE_RULE
    article = corpus.articles.iloc[0]
    assert article["title"] == GIVEN_TITLE and article["lead"].startswith("La Russie et la Corée du Nord")
    assert GIVEN_TITLE.lower() not in article["text"].lower()
    # without its title column, the same text keeps its first line as text
    bare = tmp_path / "bare.csv"
    pd.DataFrame({"doc_id": ["a"], "text": [TABLE_TEXT], "source": ["x"]}).to_csv(bare, index=False)
    assert GIVEN_TITLE.lower() in kit.load(bare, progress=False, cleaning=cleaning).articles["text"].iat[0].lower()


def test_address_words_and_what_a_line_spells():
    words = line_model.address_words("https://www.x.ch/corée-nord-impressionnant-train-blindé-100947543")
    assert words == {"coree", "nord", "impressionnant", "train", "blinde"}
    # an elided word is glued in an address ("lespace") and apart in a line ("l'espace")
    words = line_model.address_words("https://x.fr/video-la-coree-du-nord-est-de-plus-en-plus-proche-de-lespace")
    assert words == {"video", "coree", "nord", "proche", "lespace"}
    assert line_model.address_overlap("Vidéo : La Corée du Nord est de plus en plus proche de l’espace", words) == 1.0
    assert line_model.address_overlap("La Corée du Nord", words) == pytest.approx(2 / 5)
    # a lead spells the same words, but is longer than a headline; an address on a line is no headline
    lead = "Vidéo : la Corée du Nord, dit-on à Séoul, est de plus en plus proche de l'espace, " + "et " * 12
    assert line_model.address_overlap(lead, words) == 0.0
    address = "https://x.fr/video-la-coree-du-nord-est-de-plus-en-plus-proche-de-lespace"
    assert line_model.address_overlap(address, words) == 0.0
    for nothing in (None, float("nan"), "", "https://x.fr/article", "https://x.fr/e6604616-31e1-41ba-b292-aefb950fadc4"):
        assert line_model.address_words(nothing) == frozenset()


def test_a_line_the_address_spells_is_the_headline_unless_a_marker_decided_it():
    facts = _page_facts(
        [
            ("title", "headline_above_first_paragraph"),
            ("caption", "photo_credit"),
            ("subheading", "short_line_between_paragraphs"),
            ("lead", "first_paragraph"),
        ],
        n_words=[9, 9, 8, 25],
        prose=[False, False, False, True],
        ends_sentence=[False, False, False, True],
    )
    classes = ("title", "navigation", line_model.KEPT)
    probabilities = np.array([[0.80, 0.15, 0.05], [0.10, 0.80, 0.10], [0.02, 0.08, 0.90], [0.01, 0.04, 0.95]])
    doc = np.array(["a"] * 4)
    roles, _ = line_model.decide(doc, facts, probabilities, classes)
    assert roles.tolist() == ["title", "caption", "lead", "body"]
    roles, p = line_model.decide(doc, facts.assign(address_overlap=[0.0, 1.0, 0.8, 0.6]), probabilities, classes)
    # the credited caption spells it best, but a marker decided it; of the other two, the model's likelier title
    assert roles.tolist() == ["navigation", "caption", "title", "lead"] and p[2] == pytest.approx(0.02)
    roles, _ = line_model.decide(doc, facts.assign(address_overlap=[0.0, 1.0, 0.5, 0.0]), probabilities, classes)
    assert roles.tolist() == ["title", "caption", "lead", "body"]  # under SLUG_TITLE_IF: the model's choice


def test_a_researcher_can_clean_with_the_rules_alone(tmp_path):
    """cleaning="rules": every role is the rules' own (set C keeps more body lines that way)."""
    from test_clean_rules import UNSEEN_PAGE

    (tmp_path / "p.txt").write_text(UNSEEN_PAGE, encoding="utf-8")
    by_model, by_rules = kit.load(tmp_path, progress=False), kit.load(tmp_path, progress=False, cleaning="rules")
    from kit import clean

    expected = [r.role for r in clean.classify_lines(UNSEEN_PAGE)]
    assert by_rules.lines["role"].tolist() == expected and "model" not in set(by_rules.lines["rule"])
    assert by_rules.lines["p"].isna().all() and set(by_rules.lines["why"]) <= {"", "rules only"}
    assert by_model.lines["p"].notna().all()
    assert kit.study(tmp_path, cleaning="rules").corpus.lines["role"].tolist() == expected
    with pytest.raises(kit.KitError, match="cleaning='words' is not one of"):
        kit.load(tmp_path, cleaning="words")


def test_character_counts_match_the_str_methods_on_ascii_and_accented_text():
    # ASCII bytes counted in C, the other characters one by one: together exactly what
    # str.isupper/islower/isdigit/isspace count (superscripts, Roman numerals, Greek, titlecase…)
    rng = random.Random(3)
    alphabets = [
        "".join(map(chr, range(128))),
        "aàâäçéèêëîïôöùûüÿœæAÀÉÈÇ 0123456789\u00a0\u2019«»",
        "aZ9 \t.éÉ²³½Ⅲⅻ٣\u00a0\u202f\u2028ǅßİ" + "".join(map(chr, range(0x370, 0x3A0))),
    ]
    for k in range(6000):
        text = "".join(rng.choice(alphabets[k % 3]) for _ in range(rng.randint(0, 120)))
        expected = tuple(sum(map(method, text)) for method in (str.isupper, str.islower, str.isdigit, str.isspace))
        assert line_model._char_counts(text) == expected, text


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_a_cleaning_worker_keeps_its_blas_to_one_thread():
    """Workers are already one per core: each one's BLAS starting a thread per core made two
    cleaning processes 15-25 % slower (README). The limit holds in a worker started as the
    cleaning's are, and a limit taken in a with block is given back."""
    import multiprocessing

    before = _blas_threads()
    with paths.limit_blas_threads():
        assert set(_blas_threads()) <= {1}
    assert _blas_threads() == before
    with multiprocessing.get_context().Pool(1, initializer=paths.limit_blas_threads) as pool:
        assert set(pool.apply(_blas_threads)) <= {1} and pool.apply(_blas_threads)


def test_cleaning_in_worker_processes_gives_the_same_tables(tmp_path, capsys):
    """kit.load(n_process=2): chunks of pages cleaned in two workers, with a researcher's
    correction applied afterwards, give exactly the tables of one process."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(paths.SAMPLE_CORPUS.glob("*.txt"))]
    english = "Russia and North Korea signed a treaty on Wednesday, and the two leaders met in the capital for talks."
    n = line_model.CHUNK_PAGES * 2 + 7  # three chunks, the last one short
    for k in range(n):
        page = pages[k % len(pages)] if k != 11 else english
        # every copy its own long paragraphs, so no line cache or duplicate check hides a difference
        page = "\n".join(t + f" Copie {k}." if len(t) > 120 else t for t in page.split("\n"))
        (tmp_path / f"{k:04d}.txt").write_text(page, encoding="utf-8")
    one = kit.load(tmp_path, progress=False)
    body = one.lines[one.lines["role"] == "body"].iloc[-1]
    fix = pd.DataFrame([{"doc_id": body["doc_id"], "line_no": body["line_no"], "role": "caption"}])
    one = kit.load(tmp_path, progress=False, roles=fix)
    two = kit.load(tmp_path, progress=True, roles=fix, n_process=2)
    assert "cleaning" in capsys.readouterr().err  # the bar of the pages cleaned
    pd.testing.assert_frame_equal(one.articles, two.articles)
    pd.testing.assert_frame_equal(one.lines, two.lines)
    pd.testing.assert_frame_equal(one.report, two.report)
    assert len(two.articles) == n and two.articles.set_index("doc_id").loc["0011", "lang"] == "en"
    assert body["text"].strip() not in two.articles.set_index("doc_id").loc[body["doc_id"], "text"]


def test_the_model_keeps_an_article_s_list_as_body(tmp_path):
    """Item by item the model reads a bulleted list as related links; under a sentence ending in
    a colon, below the first paragraph, the rules' list is kept, and its items are body (not
    subheadings, though they are short and do not end like sentences)."""
    from test_clean_rules import LIST_PAGE

    (tmp_path / "list.txt").write_text(LIST_PAGE, encoding="utf-8")
    corpus = kit.load(tmp_path, progress=False)
    lines = corpus.lines.set_index("line_no")
    assert lines.loc[[4, 5, 6, 8, 10, 11, 12], "role"].tolist() == ["body"] * 7
    paragraphs = corpus.articles["text"].iloc[0].split("\n\n")
    assert "- Des échanges commerciaux hors du dollar" in paragraphs
    assert "2) Tokyo dénonce une menace pour la région" in paragraphs
    assert not any("Séoul renforce" in p for p in paragraphs)


def test_an_appeal_for_subscriptions_or_donations_is_never_kept_as_text():
    """A paywall or appeal marker opens no paragraph of article text on any labelled page (95
    lines of the development sets); written as a sentence between two paragraphs, the model
    read one as text (P(kept) 0.75 on this page) until the marker was made final (stop 33)."""
    appeal = (
        "Cet article vous a plu ? Notre rédaction indépendante ne vit que des dons de ses lecteurs, "
        "et chaque euro compte pour elle."
    )
    page = "\n".join(
        [
            "Poutine et Kim signent un accord de défense mutuelle",
            "Le président russe et le dirigeant nord-coréen ont signé mercredi à Pyongyang un accord de "
            "défense mutuelle, selon les agences officielles.",
            "Les deux dirigeants ont promis de s'entraider en cas d'agression, une clause inédite depuis la "
            "fin de la guerre froide.",
            appeal,
            "Séoul et Washington ont aussitôt dénoncé une menace pour la sécurité de la région.",
        ]
    )
    corpus = kit.load(pd.DataFrame({"doc_id": ["accord"], "text": [page]}))
    roles = corpus.lines.set_index("line_no")["role"]
    assert roles[4] == "paywall" and roles[[2, 3, 5]].tolist() == ["lead", "body", "body"]
    assert appeal not in corpus.articles["text"].iat[0]
    assert "Séoul et Washington" in corpus.articles["text"].iat[0]
