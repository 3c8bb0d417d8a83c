"""Press-database exports in: one article per record, the fields the database gives, its furniture
never in the text, duplicates across exports flagged, broken exports reported record by record.

The fixtures (tests/fixtures/exports/) are invented French articles on Russia–North Korea
relations laid out exactly as real exports (see tests/fixtures/exports/SOURCES.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import readers
from kit.corpus import ARTICLE_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def load_one(tmp_path: Path, name: str, **options) -> kit.Corpus:
    """Load a single fixture file (copied, so the folder's other fixtures stay out)."""
    shutil.copy(FIXTURES / name, tmp_path / name)
    return kit.load(tmp_path / name, **options)


def fields(corpus: kit.Corpus, *cols: str) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in corpus.articles[list(cols)].itertuples(index=False)
    ]


def codes(report: pd.DataFrame) -> dict[str, list]:
    return report.groupby("code", dropna=False)["doc_id"].apply(list).to_dict()


def test_europresse_article_layout_one_article_per_record(tmp_path):
    corpus = load_one(tmp_path, "europresse_articles.html")
    assert fields(corpus, "doc_id", "source", "date", "section", "page", "byline", "doc_key") == [
        (
            "europresse_articles#001",
            "Le Courrier de l'Est asiatique",
            pd.Timestamp("2024-06-19"),
            "Monde",
            "6",
            "Claire Dubreuil",
            "news·20240619·CEA·0619a1",
        ),
        (
            "europresse_articles#002",
            "La Gazette du Pacifique",
            pd.Timestamp("2024-07-04"),
            "International",
            "3",
            "Marc Lefèvre",
            "news·20240704·GZP·112233",
        ),
        (
            "europresse_articles#003",
            "Le Courrier de l'Est asiatique",
            pd.Timestamp("2024-07-29"),
            "Monde",
            "8",
            None,
            "news·20240729·CEA·0729b7",
        ),
    ]
    arts = corpus.articles.set_index("doc_id")
    assert (
        arts.loc["europresse_articles#002", "title"]
        == "Des obus nord-coréens sur le front ukrainien, selon le renseignement sud-coréen"
    )
    assert arts["format"].tolist() == ["europresse"] * 3
    assert arts["raw"].str.startswith("<article>").all() and arts["raw"].str.endswith("</article>").all()
    first = arts.loc["europresse_articles#001"]
    assert first["lead"].startswith("La Russie et la Corée du Nord ont annoncé mercredi")
    assert first["text"].count("\n\n") == 2 and first["n_words"] == 97
    for furniture in (
        "Tous droits réservés",
        "Numéro de document",
        "certificat",
        "INTERNATIONAL",
        "Claire Dubreuil",
        "Illustration",
    ):
        assert furniture not in first["text"]
    assert corpus.report["code"].tolist() == ["export_file"]


def test_europresse_lines_are_the_rendering_with_roles(tmp_path):
    corpus = load_one(tmp_path, "europresse_articles.html")
    lines = corpus.lines[corpus.lines["doc_id"] == "europresse_articles#001"]
    assert lines[["text", "role", "rule"]].head(5).values.tolist() == [
        ["Le Courrier de l'Est asiatique", "metadata", "europresse_publication"],
        ["Monde, mercredi 19 juin 2024, p. 6", "metadata", "europresse_date_header"],
        ["INTERNATIONAL", "metadata", "europresse_rubric"],
        ["Pyongyang et Moscou relancent la ligne ferroviaire de Khassan", "title", "europresse_title"],
        ["Claire Dubreuil", "metadata", "europresse_byline"],
    ]
    roles = lines.set_index("text")["role"]
    assert roles["Un train de marchandises à la gare de Khassan."] == "caption"
    assert roles["© 2024 Le Courrier de l'Est asiatique. Tous droits réservés."] == "database"
    assert roles["Numéro de document : news·20240619·CEA·0619a1"] == "database"
    assert roles["Date d'émission : 2024-07-01"] == "database"
    # joining the lines gives the record's rendering, which is the raw markup's text, nothing lost
    rendering = "".join(lines["text"] + lines["eol"])
    raw = corpus.articles.set_index("doc_id").loc["europresse_articles#001", "raw"]
    assert rendering == "".join(
        f"{line.text}\n" for line in readers.base.render(readers.base.parse_html(raw), lambda el: None)
    )
    assert set(corpus.lines["role"]) <= set(kit.clean.ROLES)
    assert {"metadata", "database"} <= set(kit.clean.ROLES)


def test_europresse_table_layout(tmp_path):
    corpus = load_one(tmp_path, "europresse_tables.html")
    assert fields(corpus, "doc_id", "source", "date", "section", "page", "byline", "title") == [
        (
            "europresse_tables#001",
            "L'Observateur diplomatique",
            pd.Timestamp("2012-10-04"),
            "Asie",
            "12",
            "Hélène Garnier",
            "Une nouvelle ligne aérienne entre Pyongyang et Vladivostok",
        ),
        (
            "europresse_tables#002",
            "La Gazette du Pacifique",
            pd.Timestamp("2012-10-05"),
            None,
            None,
            None,
            "Moscou et Pyongyang ratifient leur traité de défense mutuelle",
        ),
    ]
    lines = corpus.lines.set_index(["doc_id", "text"])["role"]
    assert lines[("europresse_tables#002", "DIPLOMATIE")] == "metadata"
    assert lines[("europresse_tables#002", "La Gazette du Pacifique, no. 1650")] == "metadata"
    assert lines[("europresse_tables#001", "news·20121004·OD·5501")] == "database"
    assert corpus.articles["raw"].str.startswith("<table").all()


def test_factiva_html_fields_and_codes(tmp_path):
    corpus = load_one(tmp_path, "factiva.html")
    assert fields(corpus, "doc_id", "source", "date", "section", "page", "byline", "doc_key") == [
        (
            "factiva#001",
            "La Gazette du Pacifique",
            pd.Timestamp("2024-07-04"),
            "International",
            "3",
            "Par Marc Lefèvre",
            "GAZPAC0020240704ek740000a",
        ),
        (
            "factiva#002",
            "Le Journal de Vladivostok",
            pd.Timestamp("2011-12-29"),
            None,
            None,
            None,
            "JVLAD00020111229e7ct0007b",
        ),
    ]
    art = corpus.articles.iloc[0]
    assert art["title"] == "Des obus nord-coréens sur le front ukrainien, selon le renseignement sud-coréen"
    assert art["lead"].startswith("Le service national de renseignement")  # LP
    assert art["text"].endswith("que le Kremlin dément formellement.")  # TD
    lines = corpus.lines[corpus.lines["doc_id"] == "factiva#001"].set_index("text")
    assert lines.loc["HD", "role"] == "metadata" and lines.loc["HD", "rule"] == "factiva_field_label"
    assert lines.loc["98 mots", "role"] == "database"
    assert lines.loc["gdef : Armed Forces | gcat : Political/General News", "role"] == "database"
    furniture = corpus.lines[corpus.lines["doc_id"] == "factiva#file"]
    assert furniture["text"].tolist() == ["Factiva", "Dow Jones", "© 2024 Factiva, Inc. Tous droits réservés."]
    assert set(furniture["role"]) == {"database"}


def test_factiva_xml_in_an_xml_file(tmp_path):
    corpus = load_one(tmp_path, "factiva.xml")
    assert fields(corpus, "doc_id", "source", "date", "page", "doc_key") == [
        (
            "factiva#001",
            "L'Observateur diplomatique",
            pd.Timestamp("2024-07-29 06:15:00"),
            "5",
            "OBSDIP0020240729ek7t0001c",
        ),
        (
            "factiva#002",
            "L'Observateur diplomatique",
            pd.Timestamp("2024-10-24 17:40:12"),
            None,
            "OBSDIP0020241024ekao0002d",
        ),
    ]
    assert corpus.articles["title"].tolist() == [
        "Le ministre russe de la Défense reçu en grande pompe à Pyongyang",
        "Moscou et Pyongyang ratifient leur traité de défense mutuelle",
    ]
    assert corpus.articles["format"].tolist() == ["factiva-xml"] * 2
    lines = corpus.lines[corpus.lines["doc_id"] == "factiva#001"].set_index("text")["role"]
    assert lines["region: North Korea"] == "database" and lines["sourceName: L'Observateur diplomatique"] == "metadata"
    assert "wordCount" not in corpus.articles.loc[0, "text"]


def test_nexis_french_and_english_field_names(tmp_path):
    fr = load_one(tmp_path, "nexis_fr.html")
    assert fields(fr, "doc_id", "source", "date", "section", "page", "byline", "title") == [
        (
            "nexis_fr#001",
            "Le Courrier de l'Est asiatique",
            pd.Timestamp("2011-12-29"),
            "INTERNATIONAL",
            "35",
            "Julien Morel",
            "Des obus nord-coréens sur le front ukrainien, selon le renseignement sud-coréen",
        ),
        (
            "nexis_fr#002",
            "La Gazette du Pacifique",
            pd.Timestamp("2013-10-14"),
            "ECONOMIE - TRANSPORTS",
            "6",
            None,
            "Pyongyang et Moscou relancent la ligne ferroviaire de Khassan",
        ),
    ]
    roles = fr.lines[fr.lines["doc_id"] == "nexis_fr#001"].set_index("text")["role"]
    assert roles["1 of 2 DOCUMENTS"] == "database" and roles["LONGUEUR: 98 mots"] == "database"
    assert roles["DATE-CHARGEMENT: 30 décembre 2011"] == "database" and roles["AUTEUR: Julien Morel"] == "metadata"
    assert roles["Tous Droits Réservés"] == "database"
    cover = fr.lines[fr.lines["doc_id"] == "nexis_fr#file"]
    assert cover["text"].iloc[0] == "Demande de téléchargement : éléments sélectionnés 1-2" and set(cover["role"]) == {
        "database"
    }
    en = load_one(tmp_path, "nexis_en.html")
    assert fields(en, "source", "date", "section", "page", "byline") == [
        (
            "The Pacific Courier",
            pd.Timestamp("1991-12-19"),
            "Section 5; Part 2; Column 2; Foreign Desk",
            "16",
            "By ANNE MARTIN",
        )
    ]
    roles = en.lines.set_index("text")["role"]
    assert roles["GRAPHIC: Map: the railway between Khassan and Rajin"] == "caption"


def test_export_columns_exist_for_every_input(sample):
    assert list(sample.articles.columns) == ARTICLE_COLUMNS
    assert sample.articles[["byline", "section", "page", "doc_key"]].isna().all().all()


def test_recognised_by_structure_not_by_name(tmp_path):
    (tmp_path / "notes.htm").write_bytes((FIXTURES / "nexis_fr.html").read_bytes())
    (tmp_path / "sauvegarde.xml").write_bytes((FIXTURES / "factiva.xml").read_bytes())
    corpus = kit.load(tmp_path)
    assert corpus.articles["format"].value_counts().to_dict() == {"nexis": 2, "factiva-xml": 2}
    assert readers.sniff((FIXTURES / "europresse_tables.html").read_text(encoding="utf-8")) == "europresse"
    assert readers.sniff("<style>.DocPublicationName{color:red}</style><p>Un article.</p>") is None


def test_same_article_in_two_exports_is_flagged_kept_and_counted_once(tmp_path):
    for name in ("europresse_articles.html", "nexis_fr.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    corpus = kit.load(tmp_path)
    dup = corpus.articles.set_index("doc_id")["duplicate_of"].dropna().to_dict()
    assert dup == {"nexis_fr#001": "europresse_articles#002", "nexis_fr#002": "europresse_articles#001"}
    assert len(corpus.articles) == 5
    picked = kit.select_articles(corpus.articles)
    assert sorted(picked.articles["doc_id"]) == [
        "europresse_articles#001",
        "europresse_articles#002",
        "europresse_articles#003",
    ]
    assert picked.set_aside.values.tolist() == [
        ["nexis_fr#001", "duplicate of europresse_articles#002"],
        ["nexis_fr#002", "duplicate of europresse_articles#001"],
    ]
    assert picked.note == "3 of 5 articles kept; set aside: 2 duplicate(s) of another article."
    assert len(kit.select_articles(corpus.articles, drop_duplicates=False).articles) == 5


# ------------------------------------------------------------------------- bad exports
def test_truncated_export_loads_what_it_holds(tmp_path):
    data = (FIXTURES / "europresse_articles.html").read_text(encoding="utf-8")
    cut = data[: data.index("<p>Kim Jong-un lui a fait visiter")]  # inside record 3's text, before its footer
    (tmp_path / "coupe.html").write_text(cut, encoding="utf-8")
    corpus = kit.load(tmp_path / "coupe.html")
    assert corpus.articles["doc_id"].tolist() == ["coupe#001", "coupe#002", "coupe#003"]
    found = codes(corpus.report)
    assert found["truncated_record"] == ["coupe#003"]
    assert "truncated_file" in found
    assert corpus.articles.iloc[2]["text"].startswith("Le ministre russe de la Défense a été accueilli")


def test_record_without_date_or_body_and_wrong_charset_are_reported(tmp_path):
    data = (FIXTURES / "nexis_fr.html").read_text(encoding="utf-8")
    no_date = data.replace(
        '<span class="c4">29</span><span class="c2"> décembre 2011 jeudi</span>',
        '<span class="c2">Édition du soir</span>',
    )
    (tmp_path / "sans_date.html").write_text(no_date, encoding="utf-8")
    body = (FIXTURES / "europresse_articles.html").read_text(encoding="utf-8")
    start = body.index("<p>Le service national")
    no_body = body[:start] + body[body.index("</div> </div> </section>", start) :]
    (tmp_path / "sans_texte.html").write_text(no_body, encoding="utf-8")
    # declared UTF-8, but the second record was saved as Windows-1252
    raw = (FIXTURES / "nexis_fr.html").read_text(encoding="utf-8")
    cut = raw.index("<DOC NUMBER=2>")
    (tmp_path / "latin.html").write_bytes(raw[:cut].encode("utf-8") + raw[cut:].encode("cp1252"))
    corpus = kit.load(tmp_path)
    found = codes(corpus.report)
    assert found["no_date"] == ["sans_date#001"]
    assert found["no_body"] == ["sans_texte#002"]
    assert found["charset_mismatch"] == ["latin#002"]
    arts = corpus.articles.set_index("doc_id")
    assert (
        pd.isna(arts.loc["sans_date#001", "date"])
        and arts.loc["sans_date#001", "source"] == "Le Courrier de l'Est asiatique"
    )
    assert "sans_texte#002" not in arts.index and {"sans_texte#001", "sans_texte#003"} <= set(arts.index)
    assert (
        arts.loc["latin#002", "title"] == "Pyongyang et Moscou relancent la ligne ferroviaire de Khassan"
    )  # accents right
    message = corpus.report.set_index("code").loc["no_body", "message"]
    assert message.startswith("record 2 of sans_texte.html")
    # the record without text is not an article, but its lines are still there
    assert (corpus.lines["doc_id"] == "sans_texte#002").sum() > 5


def test_truncated_xml_and_an_unreadable_record_never_crash(tmp_path):
    xml = (FIXTURES / "factiva.xml").read_text(encoding="utf-8-sig")
    (tmp_path / "moitie.xml").write_text(
        xml[: xml.index("<tailParagraphs>", xml.index("OBSDIP0020241024"))], encoding="utf-8"
    )
    html = (FIXTURES / "nexis_fr.html").read_text(encoding="utf-8")
    error = (
        "<!-- Hide XML section from browser\n<DOC NUMBER=3>\n<DOCFULL> -->\n"
        '<div class="c5"><p class="c6"><span class="c2">'
        "We are sorry but there is an error in this document and it is not possible to display it.</span></p></div>\n"
        "<!-- Hide XML section from browser\n</DOCFULL>\n</DOC> -->\n"
    )
    (tmp_path / "erreur.html").write_text(html.replace("<script", error + "<script"), encoding="utf-8")
    corpus = kit.load(tmp_path)
    found = codes(corpus.report)
    assert "broken_xml" in found and "missing_records" not in found
    assert found["unreadable_record"] == ["erreur#003"]
    arts = corpus.articles.set_index("doc_id")
    assert sorted(arts.index) == ["erreur#001", "erreur#002", "moitie#001", "moitie#002"]
    assert arts.loc["moitie#002", "lead"].startswith("Le Parlement russe a ratifié jeudi")
    assert set(corpus.lines.loc[corpus.lines["doc_id"] == "erreur#003", "role"]) == {"database"}


# ------------------------------------------------------------------------- presets
def test_mediacloud_preset_with_urls_only_is_one_clear_report_row(tmp_path):
    corpus = load_one(tmp_path, "mediacloud_urls.csv", preset="mediacloud")
    assert corpus.articles.empty
    row = corpus.report[corpus.report["code"] == "export_without_text"].iloc[0]
    assert row["level"] == "skip" and "2 row(s)" in row["message"] and "mediacloud_urls.csv" in row["message"]


def test_mediacloud_preset_with_a_text_column(tmp_path):
    corpus = load_one(tmp_path, "mediacloud_text.csv", preset="mediacloud")
    assert fields(corpus, "doc_id", "source", "date") == [
        ("a1b2", "courrier-est.example", pd.Timestamp("2024-06-19")),
        ("c3d4", "gazette-pacifique.example", pd.Timestamp("2024-07-04")),
    ]
    assert corpus.articles.iloc[0]["title"] == "Pyongyang et Moscou relancent la ligne ferroviaire de Khassan"


def test_unknown_preset_is_a_clear_error(tmp_path):
    with pytest.raises(kit.CorpusError, match="Known presets: gdelt, mediacloud"):
        load_one(tmp_path, "mediacloud_text.csv", preset="europresse")
