"""Cleaning on the real sample: exact titles, dates, first and last sentences, nothing lost."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import SAMPLE_IDS
from kit import paths

TITLES = {
    "000_31cb83dccb87126a": "Moscou et Pyongyang poursuivent leur rapprochement “comme prévu”, selon Vladimir Poutine",
    "001_df108479b042bae5": "Lavrov et Kim Jong Un scellent une alliance stratégique en Corée du Nord",
    "002_78ddb5b181b4799f": (
        "Russie/Corée du Nord: la proximité des deux pays saluée par des ministres, avant de rencontrer Poutine"
    ),
    "003_9fca3681f5eb94e2": None,  # the page starts with its first paragraph: no headline was scraped
    "004_09bcae2d0884f6e2": "Poutine salue le soutien nord-coréen lors d’un sommet à Pyongyang",
}
FIRST = {
    "000_31cb83dccb87126a": "Les relations entre la Russie et la Corée du Nord continuent de se renforcer.",
    "001_df108479b042bae5": (
        "Le ministre russe des Affaires étrangères a rencontré le dirigeant nord-coréen pour renforcer"
    ),
    "002_78ddb5b181b4799f": "Les ministres russe et nord-coréen des Affaires étrangères se sont félicités mardi",
    "003_9fca3681f5eb94e2": "Le président russe Vladimir Poutine recevra lundi à Moscou la ministre",
    "004_09bcae2d0884f6e2": "Vladimir Poutine a salué le soutien indéfectible de la Corée du Nord",
}
LAST = {
    "000_31cb83dccb87126a": "dans la perspective de formaliser des accords de coopération élargie.",
    "001_df108479b042bae5": "les équilibres géopolitiques bien au-delà de la péninsule coréenne.",
    "002_78ddb5b181b4799f": "mais n'a pas indiqué jusqu'ici quand il comptait s'y rendre.",
    "003_9fca3681f5eb94e2": "pour assister à un gigantesque défilé militaire.",
    "004_09bcae2d0884f6e2": "comment elle pourrait peser sur les équilibres géopolitiques mondiaux.",
}
# Page chrome of the sample that must never reach `text`.
BOILERPLATE = [
    "Suivez-nous",
    "Facebook",
    "22:10",
    "Nous rejoindre",
    "Commentaire",
    "click here",
    "Thanks",
    "adresse e-mail",
    "Les + Lus",
    "Rechercher",
    "Dernières Infos",
    "MAXIM SHEMETOV",
    "AFP",
    "16 janvier 2024",
    "InternationalPolitique",
    "sponsoring",
    "Passionné",
    "date 2025-10-27",
    "12 juillet 2025",
]


def test_all_five_articles_load_in_french(articles):
    assert articles.index.tolist() == SAMPLE_IDS
    assert (articles["lang"] == "fr").all()
    assert articles["duplicate_of"].isna().all()


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_title(articles, doc_id):
    title = articles.loc[doc_id, "title"]
    if TITLES[doc_id] is None:
        assert title is None or pd.isna(title)
    else:
        assert title == TITLES[doc_id]


def test_dates_only_from_an_explicit_header(articles):
    # 003 has a date header; 002's only date is in a photo caption and 001's in a comment.
    assert articles.loc["003_9fca3681f5eb94e2", "date"] == pd.Timestamp("2025-10-27")
    others = articles.drop(index="003_9fca3681f5eb94e2")["date"]
    assert others.isna().all(), others.to_dict()


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_first_and_last_sentences(articles, doc_id):
    text = articles.loc[doc_id, "text"]
    assert text.startswith(FIRST[doc_id])
    assert text.endswith(LAST[doc_id])


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_no_boilerplate_in_text(articles, doc_id):
    text = articles.loc[doc_id, "text"]
    for chrome in BOILERPLATE:
        assert chrome not in text, (doc_id, chrome)


def test_repeated_lead_is_kept_once(articles, sample):
    text = articles.loc["002_78ddb5b181b4799f", "text"]
    assert text.count("Les ministres russe et nord-coréen des Affaires étrangères se sont félicités") == 1
    lines = sample.lines
    dup = lines[(lines["doc_id"] == "002_78ddb5b181b4799f") & (lines["role"] == "duplicate")]
    assert dup["line_no"].tolist() == [25]


def test_pull_quote_and_author_blurb_are_not_text(sample, articles):
    lines = sample.lines.set_index(["doc_id", "line_no"])
    doc = "004_09bcae2d0884f6e2"
    assert lines.loc[(doc, 13), "role"] == "quote"
    assert lines.loc[(doc, 15), "role"] == "quote"  # the attribution "Vladimir Poutine"
    assert lines.loc[(doc, 33), "role"] == "author_bio"
    subheads = lines.loc[doc].query("role == 'subheading'").index.tolist()
    assert subheads == [9, 17, 21, 25, 29]
    assert "Kim Jong Un, un hôte aux petits soins" in articles.loc[doc, "text"]


def test_lead_is_the_first_paragraph(articles):
    assert articles.loc["004_09bcae2d0884f6e2", "lead"].endswith(
        "dans un contexte de tensions géopolitiques accrues..."
    )
    assert articles.loc["001_df108479b042bae5", "lead"].startswith(
        "Le ministre russe des Affaires étrangères a rencontré"
    )


def test_comment_section_is_comment(sample):
    lines = sample.lines
    doc = lines[lines["doc_id"] == "001_df108479b042bae5"].set_index("line_no")
    assert set(doc.loc[21:33, "role"]) - {"empty"} == {"comment"}
    assert doc.loc[35, "role"] == "related"


@pytest.mark.parametrize("doc_id", SAMPLE_IDS)
def test_lines_reassemble_the_raw_page_exactly(sample, doc_id):
    raw = (paths.SAMPLE_CORPUS / f"{doc_id}.txt").read_bytes().decode("utf-8")
    rows = sample.lines[sample.lines["doc_id"] == doc_id]
    assert "".join(rows["text"] + rows["eol"]) == raw
    assert sample.articles.set_index("doc_id").loc[doc_id, "raw"] == raw


def test_every_line_has_a_role_and_a_rule(sample):
    assert sample.lines["role"].notna().all()
    assert (sample.lines["rule"].str.len() > 0).all()


def test_text_is_paragraphs_separated_by_blank_lines(articles):
    paragraphs = articles.loc["004_09bcae2d0884f6e2", "text"].split("\n\n")
    assert len(paragraphs) == 12  # lead + 6 paragraphs + 5 subheadings
    assert all(p == p.strip() and p for p in paragraphs)
