"""Out: the corpus written for Iramuteq, TXM (TXT+CSV and XML) and CSV, each read back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
from lxml import etree

import kit

FIXTURES = Path(__file__).parent / "fixtures" / "exports"


def exported_corpus(tmp_path: Path) -> kit.Corpus:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "europresse_articles.html", src)
    shutil.copy(FIXTURES / "europresse_tables.html", src)
    return kit.load(src)


def test_iramuteq_star_lines_and_texts_read_back(tmp_path):
    corpus = exported_corpus(tmp_path)
    path = kit.export(corpus, "iramuteq", tmp_path / "iramuteq.txt")
    content = path.read_text(encoding="utf-8")
    blocks = re.split(r"^(\*\*\*\* .*)$", content, flags=re.M)[1:]
    stars, texts = blocks[0::2], blocks[1::2]
    assert stars == [
        "**** *source_le_courrier_de_l_est_asiatique *date_2024-06-19",
        "**** *source_la_gazette_du_pacifique *date_2024-07-04",
        "**** *source_le_courrier_de_l_est_asiatique *date_2024-07-29",
        "**** *source_l_observateur_diplomatique *date_2012-10-04",
        "**** *source_la_gazette_du_pacifique *date_2012-10-05",
    ]
    for star in stars:  # Iramuteq: *name_modality, name alphanumeric, modality without spaces or special signs
        assert all(re.fullmatch(r"\*[a-z0-9]+_[a-z0-9_-]+", v) for v in star.split()[1:])
    assert [t.strip().split("\n") for t in texts] == [a.split("\n\n") for a in corpus.articles["text"]]
    custom = kit.export(corpus.articles, "iramuteq", tmp_path / "v.txt", variables=("section", "byline"))
    assert custom.read_text(encoding="utf-8").splitlines()[0] == "**** *section_monde *byline_claire_dubreuil"


def test_txm_txt_csv_and_xml_read_back(tmp_path):
    corpus = exported_corpus(tmp_path)
    folder = kit.export(corpus, "txm", tmp_path / "txm")
    meta = pd.read_csv(folder / "metadata.csv", dtype=str)
    assert meta.columns[0] == "id"
    assert meta["id"].tolist() == [
        "europresse_articles-001",
        "europresse_articles-002",
        "europresse_articles-003",
        "europresse_tables-001",
        "europresse_tables-002",
    ]
    assert meta["source"].tolist()[:2] == ["Le Courrier de l'Est asiatique", "La Gazette du Pacifique"]
    assert meta["date"].tolist()[3] == "2012-10-04"
    for file_id, text in zip(meta["id"], corpus.articles["text"]):
        assert (folder / f"{file_id}.txt").read_text(encoding="utf-8") == text + "\n"
    xml_folder = kit.export(corpus, "txm-xml", tmp_path / "txm_xml")
    root = etree.parse(str(xml_folder / "europresse_articles-002.xml")).getroot()
    assert root.tag == "text"
    assert root.get("source") == "La Gazette du Pacifique" and root.get("date") == "2024-07-04"
    assert root.get("byline") == "Marc Lefèvre" and root.get("doc_key") == "news·20240704·GZP·112233"
    assert [p.text for p in root.findall("p")] == corpus.articles.loc[1, "text"].split("\n\n")


def test_csv_reads_back(tmp_path):
    corpus = exported_corpus(tmp_path)
    path = kit.export(corpus, "csv", tmp_path / "corpus.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["doc_id"].tolist() == corpus.articles["doc_id"].tolist()
    assert back["text"].tolist() == corpus.articles["text"].tolist()
    assert back["section"].tolist() == ["Monde", "International", "Monde", "Asie", ""]
    assert back["date"].tolist() == ["2024-06-19", "2024-07-04", "2024-07-29", "2012-10-04", "2012-10-05"]
