"""Bad input, case by case: each case is built in tmp_path and its exact outcome asserted."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

import kit
from kit import CorpusError

from .helpers import FRENCH, page, rows


# ------------------------------------------------------------------ one stem, several files
@pytest.mark.parametrize("other", ["x.html", "x.TXT"])
def test_two_files_with_one_stem_get_unique_ids_and_a_row(tmp_path, other):
    (tmp_path / "x.txt").write_text(page(0), encoding="utf-8")
    if other.endswith(".html"):
        (tmp_path / other).write_text(f"<html><body><article><p>{FRENCH}</p><p>{FRENCH} Encore.</p></article></body>"
                                      "</html>", encoding="utf-8")
    else:
        (tmp_path / other).write_text(page(1), encoding="utf-8")
    corpus = kit.load(tmp_path)
    ids = corpus.articles["doc_id"].tolist()
    assert len(ids) == 2 and len(set(ids)) == 2 and "x" in ids
    collision = rows(corpus.report, "id_collision")
    assert len(collision) == 1 and collision["doc_id"].iloc[0] in ids and collision["doc_id"].iloc[0] != "x"


# ------------------------------------------------------------------ encodings
def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes(page(0).encode("utf-16"))
    corpus = kit.load(tmp_path)
    art = corpus.articles.iloc[0]
    assert art["raw"] == page(0) and art["encoding"] == "utf-16"
    assert rows(corpus.report, "not_utf8")["doc_id"].tolist() == ["u"]


def test_utf16_without_bom_is_read(tmp_path):
    (tmp_path / "u.txt").write_bytes(page(0).encode("utf-16-le"))
    assert kit.load(tmp_path).articles.iloc[0]["raw"] == page(0)


def test_two_nul_bytes_are_removed_and_reported_not_binary(tmp_path):
    text = page(0)
    data = text.encode()
    (tmp_path / "n.txt").write_bytes(data[:100] + b"\x00" + data[100:200] + b"\x00" + data[200:])
    corpus = kit.load(tmp_path)
    assert corpus.articles.iloc[0]["raw"] == text
    row = rows(corpus.report, "control_characters")
    assert row["doc_id"].tolist() == ["n"] and "2 NUL" in row["message"].iloc[0]


def test_one_stray_byte_is_repaired_where_it_stands(tmp_path):
    text = page(0)
    data = text.encode()
    cut = data.index(b"Cor\xc3\xa9e du Nord")
    (tmp_path / "s.txt").write_bytes(data[:10] + b"\x92" + data[10:])
    corpus = kit.load(tmp_path)
    art = corpus.articles.iloc[0]
    assert art["encoding"] == "utf-8"
    assert art["raw"] == text[:10] + "’" + text[10:]  # only that byte changed
    assert "Corée du Nord" in art["raw"] and cut > 0
    row = rows(corpus.report, "repaired_bytes")
    line = data[:10].count(b"\n") + 1
    assert row["doc_id"].tolist() == ["s"] and f"byte 10 (line {line})" in row["message"].iloc[0]
    assert "0x92" in row["message"].iloc[0]


def test_cp1252_file_is_detected(tmp_path):
    text = "Titre accentué sur la Corée\n" + FRENCH + " Élysée, déçu, où.\n"
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    corpus = kit.load(tmp_path)
    assert corpus.articles.iloc[0]["title"] == "Titre accentué sur la Corée"
    assert rows(corpus.report, "not_utf8")["doc_id"].tolist() == ["w"]


# ------------------------------------------------------------------ folders
def test_hidden_broken_looping_and_unreadable_paths_are_rows(tmp_path):
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    (tmp_path / ".cachee.txt").write_text(page(1), encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(page(2), encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(page(3), encoding="utf-8")
    locked.chmod(0)
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user who can read anything (root): permissions cannot be tested")
        corpus = kit.load(tmp_path)
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    found = corpus.report.groupby("code")["path"].apply(lambda p: sorted(os.path.basename(x) for x in p)).to_dict()
    assert found["hidden_file"] == [".cachee.txt", ".git"]
    assert found["broken_link"] == ["broken.txt", "self.txt"]
    assert found["link_loop"] == ["loop"]
    assert found["unreadable_folder"] == ["locked"]
    assert found["unreadable_file"] == ["secret.txt"]


def test_hidden_broken_and_looping_paths_are_rows_even_as_root(tmp_path):
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    (tmp_path / ".cachee").mkdir()
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    corpus = kit.load(tmp_path)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    assert set(corpus.report["code"]) >= {"hidden_file", "broken_link", "link_loop"}


# ------------------------------------------------------------------ tables
def test_csv_first_row_with_an_extra_field_loses_only_that_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"doc_id,text\na,{FRENCH},de trop\nb,\"{FRENCH} Deux.\"\nc,\"{FRENCH} Trois.\"\n", encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["b", "c"]
    row = rows(corpus.report, "bad_row")
    assert len(row) == 1 and "line 2" in row["message"].iloc[0] and "4 fields" in row["message"].iloc[0]


def test_csv_unclosed_quote_costs_one_line_and_names_it(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f'doc_id,text\na,"{FRENCH}\nb,"{FRENCH} Deux."\nc,"{FRENCH} Trois."\n', encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["b", "c"]
    row = rows(corpus.report, "bad_row")
    assert len(row) == 1 and "line 2: has a quote that does not close its field" in row["message"].iloc[0]


def test_csv_quote_open_until_the_end_costs_one_line(tmp_path):
    path = tmp_path / "t.csv"
    plain = FRENCH.replace(",", "")
    path.write_text(f'doc_id,text\nb,"{FRENCH} Deux."\na,"{FRENCH}\nc,{plain} Trois.\n', encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["b", "c"]
    row = rows(corpus.report, "bad_row")
    assert len(row) == 1 and "line 3: opens a quote that is never closed" in row["message"].iloc[0]


def test_semicolon_csv_is_read_and_said(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"doc_id;text\na;{FRENCH.replace(',', '')}\n", encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    assert rows(corpus.report, "csv_delimiter")["level"].tolist() == ["info"]


def test_json_array_with_non_objects_names_each(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps([{"doc_id": "a", "text": FRENCH}, 3, "texte", [1]]), encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    assert [m.split(":")[0] for m in rows(corpus.report, "bad_row")["message"]] == ["t.json item 2", "t.json item 3",
                                                                                    "t.json item 4"]


def test_json_object_with_several_lists_is_an_error_naming_them(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"a": [{"text": FRENCH}], "b": [{"text": FRENCH}]}), encoding="utf-8")
    with pytest.raises(CorpusError, match="several lists \\('a', 'b'\\)"):
        kit.load(path)


def test_json_object_with_an_articles_list_uses_it_and_says_so(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"articles": [{"doc_id": "a", "text": FRENCH}], "tags": [1]}), encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    assert "'tags'" in rows(corpus.report, "json_list")["message"].iloc[0]


def test_numeric_source_is_kept_as_text(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "text": FRENCH, "source": 123}) + "\n", encoding="utf-8")
    corpus = kit.load(path)
    assert corpus.articles["source"].tolist() == ["123"] and corpus.articles["source_known"].all()
    assert rows(corpus.report, "not_text_value")["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize("content", [b"PAR1\x00\x01garbage", b"", None])
def test_broken_parquet_is_a_row_not_a_crash(tmp_path, content):
    path = tmp_path / "t.parquet"
    if content is None:  # a real file cut short
        pd.DataFrame({"doc_id": ["a"], "text": [FRENCH]}).to_parquet(path)
        path.write_bytes(path.read_bytes()[:-20])
    else:
        path.write_bytes(content)
    corpus = kit.load(path)
    assert corpus.articles.empty
    assert rows(corpus.report, "bad_file")["path"].tolist() == [str(path)]
    with pytest.raises(CorpusError, match="t.parquet"):
        kit.load(path, strict=True)


def test_broken_parquet_metadata_is_a_row(tmp_path):
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    meta = tmp_path.parent / f"{tmp_path.name}-meta.parquet"
    meta.write_bytes(b"PAR1 not really")
    corpus = kit.load(tmp_path, meta)
    assert len(corpus.articles) == 1 and "bad_file" in set(corpus.report["code"])


def test_unreadable_table_is_a_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"doc_id,text\na,{FRENCH}\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions cannot be tested")
        corpus = kit.load(path)
    finally:
        path.chmod(0o644)
    assert rows(corpus.report, "unreadable_file")["path"].tolist() == [str(path)]


# ------------------------------------------------------------------ long articles
def test_an_article_over_the_model_limit_is_loaded_and_flagged(tmp_path):
    big = " ".join([FRENCH] * 5600)  # one line, over 1,000,000 characters
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    corpus = kit.load(tmp_path)
    assert sorted(corpus.articles["doc_id"]) == ["a", "big"]
    assert rows(corpus.report, "long_article")["doc_id"].tolist() == ["big"]


# ------------------------------------------------------------------ HTML
def _html(body: str, title: str = "Moscou et Pyongyang - Le Site") -> str:
    return f"<html><head><title>{title}</title></head><body><nav>Accueil Monde</nav>{body}</body></html>"


def test_unclosed_table_keeps_the_paragraphs_after_it(tmp_path):
    body = (f"<article><p>{FRENCH} Un.</p><p>{FRENCH} Deux.</p><table><tr><td>Chiffre</td><td>12</td></tr>"
            f"<p>{FRENCH} Après le tableau.</p><p>{FRENCH} Trois.</p></article>")
    (tmp_path / "p.html").write_text(_html(body), encoding="utf-8")
    corpus = kit.load(tmp_path)
    text = corpus.articles.iloc[0]["text"]
    assert [p.rsplit(" ", 1)[-1] for p in text.split("\n\n")][-4:] == ["Un.", "Deux.", "tableau.", "Trois."]
    assert rows(corpus.report, "html_unclosed_table")["doc_id"].tolist() == ["p"]


def test_markup_in_the_title_is_removed_and_said(tmp_path):
    body = f"<div><p>{FRENCH} Un.</p><p>{FRENCH} Deux.</p></div>"
    (tmp_path / "p.html").write_text(_html(body, "Moscou et <b>Pyongyang</b>"), encoding="utf-8")
    corpus = kit.load(tmp_path)
    assert corpus.articles.iloc[0]["title"] == "Moscou et Pyongyang"
    assert rows(corpus.report, "markup_in_title")["doc_id"].tolist() == ["p"]


def test_what_the_html_extractor_dropped_is_in_the_lines_table(tmp_path):
    teaser = "Lire aussi notre enquête sur les livraisons d'obus nord-coréens à la Russie depuis un an."
    body = (f"<article><p>{FRENCH} Un.</p><p>{FRENCH} Deux.</p></article><aside><p>{teaser}</p></aside>"
            "<footer>Contact</footer>")
    (tmp_path / "p.html").write_text(_html(body), encoding="utf-8")
    corpus = kit.load(tmp_path)
    lines = corpus.lines
    dropped = lines.loc[lines["role"] == "extractor_dropped", "text"].tolist()
    assert "Accueil Monde" in dropped and "Contact" in dropped
    kept = lines[lines["role"] != "extractor_dropped"]
    # the other rows still give the extracted text back exactly
    assert "".join(kept["text"] + kept["eol"]).strip().endswith("Deux.")
    # every visible line of the page is either extracted or listed as dropped
    extracted = " ".join(kept["text"])
    from kit.readers.pages import visible_lines

    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert all(line in extracted or line in dropped for line in visible_lines(html))


# ------------------------------------------------------------------ files that cannot be read, even by root
UNREADABLE = "/proc/self/mem"  # a regular file that reading always fails on (EIO), whoever reads it


@pytest.mark.skipif(not os.path.exists(UNREADABLE), reason="needs Linux /proc")
def test_a_file_that_cannot_be_read_is_a_row_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    (tmp_path / "secret.txt").symlink_to(UNREADABLE)
    corpus = kit.load(tmp_path)
    assert corpus.articles["doc_id"].tolist() == ["a"]
    row = rows(corpus.report, "unreadable_file")
    assert row["doc_id"].tolist() == ["secret"] and row["level"].tolist() == ["skip"]
    with pytest.raises(CorpusError, match="secret"):
        kit.load(tmp_path, strict=True)


@pytest.mark.skipif(not os.path.exists(UNREADABLE), reason="needs Linux /proc")
@pytest.mark.parametrize("name", ["t.csv", "t.parquet", "meta.csv"])
def test_a_table_or_metadata_that_cannot_be_read_is_a_row(tmp_path, name):
    link = tmp_path / name
    link.symlink_to(UNREADABLE)
    if name == "meta.csv":
        folder = tmp_path / "c"
        folder.mkdir()
        (folder / "a.txt").write_text(page(0), encoding="utf-8")
        corpus = kit.load(folder, link)
        assert corpus.articles["doc_id"].tolist() == ["a"]
        codes = set(corpus.report["code"])
    else:  # kit.load resolves the link it is given, so the reader is asked directly
        from kit.readers.tables import read_rows
        from kit.readers.text import Notes

        notes = Notes()
        assert read_rows(link, notes) is None
        codes = {n["code"] for n in notes.rows}
    assert codes & {"unreadable_file", "bad_file"}


@pytest.mark.skipif(not os.path.exists(UNREADABLE), reason="needs Linux /proc")
def test_the_report_runner_hashes_a_corpus_with_an_unreadable_file(tmp_path):
    from kit.report import corpus_hash

    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    before = corpus_hash(tmp_path)
    (tmp_path / "secret.txt").symlink_to(UNREADABLE)
    assert corpus_hash(tmp_path) != before
