"""Loading every kind of input, and every kind of bad input, without crash or silent loss."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kit
from conftest import SAMPLE_IDS
from kit import CorpusError, paths

FRENCH = (
    "Le président russe a reçu lundi à Moscou la ministre nord-coréenne des Affaires étrangères, "
    "pour un entretien consacré à la coopération militaire entre les deux pays."
)
ENGLISH = (
    "The Russian president received the North Korean foreign minister in Moscow on Monday for talks "
    "about the military cooperation between the two countries, which the West has condemned."
)


def codes(report: pd.DataFrame) -> dict[str, list]:
    return report.groupby("code")["doc_id"].apply(list).to_dict()


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id in SAMPLE_IDS[:2]:
        shutil.copy(paths.SAMPLE_CORPUS / f"{doc_id}.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n \n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin.txt").write_bytes(("Titre accentué sur la Corée\n" + FRENCH + "\n").encode("cp1252"))
    (folder / "english.txt").write_text("A headline in English\n" + ENGLISH + "\n", encoding="utf-8")
    (folder / "chrome.txt").write_text("Accueil\nMenu\nPartager sur Facebook\nLes plus lus\n", encoding="utf-8")
    shutil.copy(paths.SAMPLE_CORPUS / f"{SAMPLE_IDS[0]}.txt", folder / "reprint.txt")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # a Word file cut short
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def test_messy_folder_loads_what_it_can_and_reports_the_rest(messy):
    corpus = kit.load(messy)
    loaded = set(corpus.articles["doc_id"])
    assert loaded == {*SAMPLE_IDS[:2], "latin", "english", "reprint"}
    found = codes(corpus.report)
    assert found["empty_file"] == ["blank", "empty"]
    assert found["binary_file"] == ["image"]
    assert found["not_utf8"] == ["latin"]
    assert found["other_language"] == ["english"]
    assert found["no_article_text"] == ["chrome"]
    assert found["duplicate"] == ["reprint"]
    assert found["broken_docx"] == ["notes"]
    assert "unsupported_file" in found
    arts = corpus.articles.set_index("doc_id")
    assert arts.loc["latin", "encoding"] == "cp1252"
    assert arts.loc["latin", "title"] == "Titre accentué sur la Corée"
    assert arts.loc["english", "lang"] == "en"
    assert arts.loc["reprint", "duplicate_of"] == SAMPLE_IDS[0]
    # the all-chrome page is not an article, but its lines are still accounted for
    assert set(corpus.lines.loc[corpus.lines["doc_id"] == "chrome", "role"]) == {"navigation", "social", "related"}


def test_strict_turns_skips_into_errors(messy):
    with pytest.raises(CorpusError, match="strict=True"):
        kit.load(messy, strict=True)


def test_empty_folder_is_an_empty_corpus_with_a_warning(tmp_path):
    corpus = kit.load(tmp_path)
    assert corpus.articles.empty and list(corpus.articles.columns) == kit.corpus.ARTICLE_COLUMNS
    assert corpus.report["code"].tolist() == ["empty_corpus"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        kit.load_corpus(tmp_path / "nowhere")


def test_metadata_with_broken_rows_missing_files_and_bad_dates(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for doc_id in SAMPLE_IDS[:3]:
        shutil.copy(paths.SAMPLE_CORPUS / f"{doc_id}.txt", folder)
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "doc_id,source,url,date\n"
        f"{SAMPLE_IDS[0]},Le Journal,https://example.org/a,2024-06-19\n"
        f"{SAMPLE_IDS[1]},La Gazette,,pas une date\n"
        "ghost,Le Journal,,2024-01-01\n"
        f"{SAMPLE_IDS[0]},Doublon,,2020-01-01\n"
        "too,many,fields,in,this,row\n"
        ",sans id,,\n",
        encoding="utf-8",
    )
    corpus = kit.load(folder, meta)
    arts = corpus.articles.set_index("doc_id")
    assert arts.loc[SAMPLE_IDS[0], "source"] == "Le Journal"
    assert arts.loc[SAMPLE_IDS[0], "date"] == pd.Timestamp("2024-06-19")
    assert arts.loc[SAMPLE_IDS[0], "url"] == "https://example.org/a"
    assert arts.loc[SAMPLE_IDS[1], "source"] == "La Gazette"
    assert pd.isna(arts.loc[SAMPLE_IDS[1], "date"])
    assert arts.loc[SAMPLE_IDS[2], "source"] == f"unknown:{SAMPLE_IDS[2]}"
    assert not arts.loc[SAMPLE_IDS[2], "source_known"]
    found = codes(corpus.report)
    assert found["metadata_without_file"] == ["ghost"]
    assert found["file_without_metadata"] == [SAMPLE_IDS[2]]
    assert found["repeated_metadata"] == [SAMPLE_IDS[0]]
    assert found["bad_date"] == [SAMPLE_IDS[1]]
    assert len(found["bad_row"]) == 2


def test_metadata_without_doc_id_column_is_reported_or_raised(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\na,b\n", encoding="utf-8")
    corpus = kit.load(paths.SAMPLE_CORPUS, meta)
    assert len(corpus.articles) == 5
    assert "broken_metadata" in set(corpus.report["code"])
    with pytest.raises(CorpusError, match="no 'doc_id' column"):
        kit.load(paths.SAMPLE_CORPUS, meta, strict=True)


def test_binary_metadata_file_is_reported(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_bytes(bytes(range(256)) * 4)
    corpus = kit.load(paths.SAMPLE_CORPUS, meta)
    assert len(corpus.articles) == 5
    assert {"binary_file"} <= set(corpus.report["code"])


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", "DataFrame"])
def test_tables_with_a_text_column(tmp_path, suffix):
    """A table file, or the same table as a DataFrame in memory (``kit.load(frame)``), with its
    own column names."""
    rows = pd.DataFrame(
        {
            "id": ["x1", "x2", "x3"],
            "body": [(paths.SAMPLE_CORPUS / f"{d}.txt").read_text(encoding="utf-8") for d in SAMPLE_IDS[:2]] + [""],
            "outlet": ["A", "B", "B"],
            "published": ["2024-06-19", "19 juin 2024", "2024-01-01"],
        }
    )
    path = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        rows.to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows.to_dict("records")) + "\n{broken\n",
            encoding="utf-8",
        )
    elif suffix == ".parquet":
        rows.to_parquet(path)
    else:
        # an index of its own, as a frame filtered in a notebook has: rows are numbered in order
        path = rows.set_axis([10, 20, 30])
    corpus = kit.load(path, text_col="body", id_col="id", source_col="outlet", date_col="published")
    arts = corpus.articles.set_index("doc_id")
    if suffix == "DataFrame":
        assert arts["path"].tolist() == ["DataFrame#row=1", "DataFrame#row=2"]
    assert arts.index.tolist() == ["x1", "x2"]
    assert arts["source"].tolist() == ["A", "B"]
    assert arts["date"].tolist() == [pd.Timestamp("2024-06-19")] * 2
    assert arts.loc["x1", "title"].startswith("Moscou et Pyongyang poursuivent")
    assert codes(corpus.report)["empty_row"] == ["x3"]
    if suffix == ".jsonl":
        assert "bad_row" in set(corpus.report["code"])


def test_table_without_the_text_column_names_the_columns(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"contenu": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="contenu"):
        kit.load(path)


def test_a_dataframe_is_read_as_its_table_file_is():
    """What a frame in memory shares with its CSV: a missing text column names the columns, an
    empty frame is an empty corpus with a warning, a study can start from it; a store cannot,
    since it resumes from files."""
    with pytest.raises(CorpusError, match="contenu"):
        kit.load(pd.DataFrame({"contenu": ["x"]}))
    empty = kit.load(pd.DataFrame({"text": []}))
    assert empty.articles.empty and codes(empty.report)["empty_corpus"] == [None]
    frame = pd.DataFrame({"doc_id": ["a"], "text": [FRENCH], "source": ["Le Quotidien"]})
    study = kit.study(frame, actors=paths.ACTORS_FILE)
    assert study.corpus.articles["source"].tolist() == ["Le Quotidien"] and len(study.annotation.sentences) >= 1
    with pytest.raises(kit.StoreError, match="to_parquet"):
        kit.build(frame, store="unused")


def test_a_metadata_dataframe_is_read_as_its_file_is(tmp_path):
    """``metadata=`` may be a DataFrame: joined on doc_id, checked and reported as a file is."""
    (tmp_path / "a.txt").write_text(FRENCH, encoding="utf-8")
    meta = pd.DataFrame(
        {"doc_id": ["a", "a", "absent"], "source": ["Le Temps", "Le Soir", "X"], "date": ["19/06/2024"] * 3}
    )
    corpus = kit.load(tmp_path, metadata=meta)
    assert corpus.articles["source"].tolist() == ["Le Temps"]
    assert corpus.articles["date"].tolist() == [pd.Timestamp("2024-06-19")]
    assert codes(corpus.report)["repeated_metadata"] == ["a"]
    assert "metadata DataFrame" in " ".join(corpus.report["message"])
    broken = kit.load(tmp_path, metadata=pd.DataFrame({"fichier": ["a"]}))
    assert broken.articles["source"].tolist() == ["unknown:a"] and "broken_metadata" in set(broken.report["code"])
    with pytest.raises(CorpusError, match="fichier"):
        kit.load(tmp_path, metadata=pd.DataFrame({"fichier": ["a"]}), strict=True)
    studied = kit.study(tmp_path, metadata=meta, actors=paths.ACTORS_FILE)
    assert studied.corpus.articles["source"].tolist() == ["Le Temps"]
    with pytest.raises(kit.StoreError, match="to_csv"):
        kit.build(tmp_path, meta, store=tmp_path / "store")


@pytest.mark.parametrize("texts", [[FRENCH], pd.Series([FRENCH])])
def test_texts_outside_a_table_are_a_clear_error(texts):
    with pytest.raises(CorpusError, match=r"pd\.DataFrame\(\{'text': texts\}\)"):
        kit.load(texts)


def test_a_spreadsheet_is_skipped_with_the_way_to_load_it(tmp_path):
    (tmp_path / "articles.xlsx").write_bytes(b"PK\x03\x04 not read")
    (tmp_path / "page.txt").write_text(FRENCH, encoding="utf-8")
    corpus = kit.load(tmp_path)
    skips = corpus.report[corpus.report["code"] == "unsupported_file"]
    assert len(corpus.articles) == 1 and len(skips) == 1
    assert "Save it as CSV" in skips["message"].iat[0] and "kit.load(frame" in skips["message"].iat[0]


def test_table_without_ids_gets_stable_content_ids(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [FRENCH, FRENCH + " Encore."]}).to_csv(path, index=False)
    first = kit.load_corpus(path)["doc_id"].tolist()
    assert first == kit.load_corpus(path)["doc_id"].tolist()
    assert len(set(first)) == 2 and all(d.startswith("doc-") for d in first)


def test_html_page_through_trafilatura(tmp_path):
    paragraphs = "".join(f"<p>{FRENCH} Paragraphe {k}.</p>" for k in range(4))
    html = f"""<html><head><title>Moscou et Pyongyang - Le Site</title>
    <meta property="og:site_name" content="Le Site">
    <meta property="og:title" content="Moscou et Pyongyang resserrent leurs liens">
    </head><body><nav><a href="/">Accueil</a><a href="/monde">Monde</a></nav>
    <article><h1>Moscou et Pyongyang resserrent leurs liens</h1>{paragraphs}</article>
    <footer>Mentions légales - Contact</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    corpus = kit.load(tmp_path)
    art = corpus.articles.iloc[0]
    assert art["format"] == "html" and art["raw"] == html
    assert art["title"] == "Moscou et Pyongyang resserrent leurs liens"
    assert art["source"] == "Le Site"
    assert art["text"].count("Paragraphe") == 4
    assert "Mentions légales" not in art["text"] and "Accueil" not in art["text"]


def test_sample_metadata_says_nothing_is_known(sample):
    assert not sample.articles["source_known"].any()
    assert sample.articles["url"].isna().all()
    assert sample.report["code"].tolist() == ["unknown_source"]


def test_counts_by_source_and_period(sample):
    per_source = kit.count_articles(sample.articles)
    assert per_source["n_articles"].tolist() == [1] * 5
    assert per_source["n_words"].sum() == sample.articles["n_words"].sum()
    per_month = kit.count_by_period(sample.articles, period="M")
    assert per_month["period"].tolist()[0] == pd.Timestamp("2025-10-01")
    assert per_month["period"].isna().tolist() == [False, True]
    assert per_month["n_articles"].tolist() == [1, 4]


def test_role_summary_accounts_for_every_non_empty_line(sample):
    summary = kit.role_summary(sample.lines, articles=sample.articles)
    non_empty = sample.lines[sample.lines["role"] != "empty"]
    assert summary["n_lines"].sum() == len(non_empty)
    kept = summary[summary["kept"]]
    assert set(kept["role"]) == {"lead", "body", "subheading"}
    assert kept["n_words"].sum() == sample.articles["n_words"].sum()


def test_every_date_says_where_it_comes_from(tmp_path):
    """The metadata's date first, then the page's dateline, then the day the address files the
    article under; ``date_from`` says which, so a study can keep stated dates only. An impossible
    or future day in an address is no date."""
    paragraph = (
        "La Russie et la Corée du Nord ont signé mardi à Moscou un accord qui encadre leurs échanges"
        " de charbon pour les cinq prochaines années, selon les deux gouvernements."
    )
    pages = {
        "given": paragraph,
        "dateline": "Publié le 12/03/2024 à 09h15\n" + paragraph,
        "filed": paragraph,
        "compact": paragraph,
        "impossible": paragraph,
        "future": paragraph,
        "none": paragraph,
    }
    for name, text in pages.items():
        (tmp_path / f"{name}.txt").write_text(text.replace("cinq", name), encoding="utf-8")
    site = "https://www.exemple-info.fr/monde"
    pd.DataFrame(
        {
            "doc_id": list(pages),
            "date": ["2024-03-01", None, None, None, None, None, None],
            "url": [
                f"{site}/2023/01/05/accord-charbon_1.html",
                f"{site}/2023/01/05/accord-charbon_2.html",
                f"{site}/2024/03/10/accord-charbon_3.html",
                "https://www.exemple-info.fr/20240311-accord-charbon",
                f"{site}/2024/02/30/accord-charbon_5.html",
                f"{site}/2039/01/05/accord-charbon_6.html",
                f"{site}/accord-charbon_7.html",
            ],
        }
    ).to_csv(tmp_path / "metadata.csv", index=False)
    corpus = kit.load(tmp_path, progress=False)
    said = corpus.report[corpus.report["code"] == "date_from_address"]
    assert len(said) == 1 and said["message"].iat[0].startswith("2 article(s) take the day their address")
    articles = corpus.articles.set_index("doc_id")
    assert articles["date_from"].fillna("-").to_dict() == {
        "given": "metadata",
        "dateline": "page",
        "filed": "address",
        "compact": "address",
        "impossible": "-",
        "future": "-",
        "none": "-",
    }
    assert articles["date"].dt.strftime("%Y-%m-%d").fillna("-").to_dict() == {
        "given": "2024-03-01",
        "dateline": "2024-03-12",
        "filed": "2024-03-10",
        "compact": "2024-03-11",
        "impossible": "-",
        "future": "-",
        "none": "-",
    }


def test_a_site_clock_later_than_the_address_is_not_the_date(tmp_path):
    """A theme's top bar shows the day the page was saved ("vendredi 23 mai 2025") above the
    headline; the address files the article under its publication day, which wins, and the report
    says so. A day later is allowed (time zones), and a "Publié le" line is the site's own word."""
    body = (
        "Le dirigeant nord-coréen a reçu mercredi à Pyongyang le président russe pour un sommet de deux jours,"
        " le premier depuis vingt-quatre ans, selon les agences officielles des deux pays.\n\n"
        "Les deux dirigeants ont signé un accord de partenariat dont le texte n'a pas été publié,"
        " a précisé le porte-parole du Kremlin devant la presse."
    )
    clock = "vendredi 23 mai 2025\n\nAccueil\nMonde\n\nLe sommet de Pyongyang\n\n"
    pages = {
        "clock": clock + body,
        "next_day": clock.replace("vendredi 23 mai 2025", "jeudi 20 juin 2024") + body,
        "published": "Le sommet de Pyongyang\n\nPublié le 23 mai 2025 à 10h31\n\n" + body,
    }
    for name, text in pages.items():
        (tmp_path / f"{name}.txt").write_text(text.replace("deux jours", f"deux jours ({name})"), encoding="utf-8")
    pd.DataFrame(
        {
            "doc_id": list(pages),
            "url": [f"https://www.exemple-info.sn/2024/06/19/sommet-pyongyang-{k}/" for k in range(3)],
        }
    ).to_csv(tmp_path / "metadata.csv", index=False)
    corpus = kit.load(tmp_path, progress=False)
    articles = corpus.articles.set_index("doc_id")
    assert articles["date"].dt.strftime("%Y-%m-%d").to_dict() == {
        "clock": "2024-06-19",
        "next_day": "2024-06-20",
        "published": "2025-05-23",
    }
    assert articles["date_from"].to_dict() == {"clock": "address", "next_day": "page", "published": "page"}
    later = corpus.report[corpus.report["code"] == "page_date_after_address"]
    assert later["doc_id"].tolist() == ["clock"] and "2025-05-23" in later["message"].iat[0]
    said = corpus.report.loc[corpus.report["code"] == "date_from_address", "message"]
    assert said.str.startswith("1 article(s) take the day their address").tolist() == [True]


def test_control_characters_are_reported_with_their_line(tmp_path):
    """A metadata date made only of a control character is emptied when the file is read: the
    article has no date, and the report's control_characters row names the line (the row) it was on."""
    text = "La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang cette semaine."
    (tmp_path / "c").mkdir()
    for k in range(2):
        (tmp_path / "c" / f"d{k}.txt").write_text(f"{text} Numéro {k}.", encoding="utf-8")
    (tmp_path / "meta.csv").write_text("doc_id,date\nd0,2024-06-19\nd1,\x1b\n", encoding="utf-8")
    corpus = kit.load(tmp_path / "c", tmp_path / "meta.csv", progress=False)
    dates = corpus.articles.set_index("doc_id")["date"]
    assert dates["d0"] == pd.Timestamp("2024-06-19") and pd.isna(dates["d1"])
    said = corpus.report.loc[corpus.report["code"] == "control_characters", "message"].tolist()
    assert len(said) == 1 and "at character(s) 29 (line 3)" in said[0]
