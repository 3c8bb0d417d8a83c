"""Nexis Uni DOCX exports in: one article per "End of Document", the fields Nexis gives,
its cover and classification never in the text, broken Word files reported, never a crash.

The Word files are built here (:func:`nexis_uni_docx`) with our own invented English and
French articles, laid out exactly as the real export published by LexisNexisTools
(``inst/extdata/sample.DOCX``, see tests/fixtures/exports/SOURCES.md): the cover page,
section breaks, bold field labels followed by a non-breaking space, line breaks before
the copyright, "Classification" and "End of Document" paragraphs, links to the documents.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import kit
from kit import paths, readers
from kit.readers import nexis_uni

W_NS = nexis_uni.W
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REAL = paths.PROJECT_ROOT / "devdata" / "exports" / "nexis_uni"

# ------------------------------------------------------------------------- the builder
SECTION_BREAK = (
    '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:pPr></w:p>'
)
EMPTY = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr></w:rPr></w:r></w:p>'
# the rule Nexis draws before "End of Document": a shape, and its VML fallback (no text in either)
RULE = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>'
    '<mc:Fallback><w:pict><v:line xmlns:v="urn:schemas-microsoft-com:vml" from="0pt,10pt" to="359pt,10pt"/>'
    "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, before_break: bool = False) -> str:
    br = "<w:r><w:rPr></w:rPr><w:br/></w:r>" if before_break else ""
    return f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>{br}{"".join(runs)}</w:p>'


def field(label: str, value: str, *, before_break: bool = False) -> str:
    return para(run(f"{label}:", bold=True), run(f"\u00a0{value}"), before_break=before_break)


def link(rid: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rid}">{run(text, italic=True)}</w:hyperlink>'


def record(
    k: int,
    *,
    title: str,
    publication: str | None,
    date: str | None,
    copyright: str | None,
    fields: list[tuple[str, str]],
    body: list[str],
    classification: list[tuple[str, str]] | None = None,
    load_date: str | None = None,
    end: bool = True,
    title_link: str | None = None,
) -> str:
    """One record, paragraph for paragraph as in the real sample."""
    parts = [
        SECTION_BREAK,
        EMPTY,
        SECTION_BREAK,
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:bookmarkStart w:id="{k}" w:name="Bookmark_{k}"/>'
        f'<w:bookmarkEnd w:id="{k}"/></w:p>',
        para(link(title_link, title) if title_link else run(title, bold=True, italic=True)),
    ]
    if publication:
        parts.append(para(run(publication)))
    if date:
        parts.append(para(run(date)))
    parts.append(EMPTY)
    if copyright:
        parts.append(para(run(copyright), before_break=True))
    parts.append(para(before_break=True))
    parts += [field(label, value) for label, value in fields]
    if body:
        parts.append(para(f'<w:bookmarkStart w:id="{100 + k}" w:name="Body_{k}"/>', run("Body", bold=True)))
        parts += [EMPTY, EMPTY]
        for text in body:
            parts += [para(run(text)), EMPTY]
    if classification:
        parts.append(para(run("Classification", bold=True)))
        parts += [EMPTY, EMPTY]
        parts += [field(label, value, before_break=n > 0) for n, (label, value) in enumerate(classification)]
    if load_date:
        parts.append(field("Load-Date", load_date, before_break=True))
    if end:
        parts += [EMPTY, para(RULE, run("End of Document", bold=True), before_break=True)]
    return "".join(parts)


def cover(titles: list[str], n: int | None = None) -> str:
    """The cover page: search details and one numbered, linked entry per document."""
    parts = [
        EMPTY,
        field("Date and Time", "Monday, 7. October 2024 10:12:00 CEST"),
        field("Job Number", "00000042"),
        para(run(f"Documents ({len(titles) if n is None else n})", bold=True)),
    ]
    for k, title in enumerate(titles, start=1):
        parts += [
            para(run(f"{k}."), link(f"rId{k}", " "), run(title, italic=True)),
            field("Client/Matter", "-None-"),
            field("Search Terms", "Pyongyang AND Moscou"),
            field("Search Type", "Natural Language"),
            field("Narrowed by", ""),
            EMPTY,
            "<w:tbl><w:tr><w:tc>"
            + para(run("Content Type", bold=True))
            + "</w:tc><w:tc>"
            + para(run("Narrowed by", bold=True))
            + "</w:tc></w:tr><w:tr><w:tc>"
            + para(run("News"))
            + "</w:tc><w:tc>"
            + para(run("Sources: The Pacific Courier; Content Type: News"))
            + "</w:tc></w:tr></w:tbl>",
            EMPTY,
        ]
    return "".join(parts)


def nexis_uni_docx(body: str, links: dict[str, str] | None = None) -> bytes:
    """A Word file: the parts a .docx needs, ``body`` as the document's body."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
        f'xmlns:r="{R_NS}" xmlns:mc="{MC_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{R_NS}/hyperlink" TargetMode="External" Target="{escape(target)}"/>'
        for rid, target in (links or {}).items()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", document)
        z.writestr(
            "word/_rels/document.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
    return out.getvalue()


def doc_link(item: str) -> str:
    return f"https://advance.lexis.com/api/document?id=urn:contentItem:{item}&idtype=PID&context=1516831"


LINKS = {"rId1": doc_link("6A1B-2C3D-E4F5-G6H7-00000-00"), "rId2": doc_link("6B2C-3D4E-F5G6-H7J8-00000-00")}
COPYRIGHT_EN = "Copyright 2024 The Pacific Courier Ltd. All Rights Reserved"
EN = {
    "title": "Moscow and Pyongyang reopen the Khasan rail link",
    "publication": "The Pacific Courier(Vladivostok)",
    "date": "June 19, 2024 Wednesday 9:20 AM GMT",
    "copyright": COPYRIGHT_EN,
    "fields": [("Section", "WORLD; Version:4"), ("Length", "96 words"), ("Byline", "Anna Morel in Seoul")],
    "body": [
        "Russia and North Korea said on Wednesday that freight trains would run again between Khasan and Rajin.",
        "The line, closed since 2020, carried coal and timber before the border shut.",
        "Officials in Seoul said the move showed how close the two governments had become.",
    ],
    "classification": [
        ("Language", "ENGLISH"),
        ("Publication-Type", "Newspaper"),
        ("Subject", "RAILWAYS (91%); TRADE (77%)"),
        ("Geographic", "PYONGYANG, NORTH KOREA (93%)"),
    ],
    "load_date": "June 20, 2024",
}
FR = {
    "title": "Le ministre russe de la Défense reçu à Pyongyang",
    "publication": "La Gazette du Pacifique",
    "date": "29 décembre 2011 jeudi",
    "copyright": "Copyright 2011 La Gazette du Pacifique Tous droits réservés",
    "fields": [("Section", "INTERNATIONAL; Pg. 7"), ("Length", "61 words")],
    "body": [
        "Le ministre russe de la Défense a été accueilli jeudi à Pyongyang par une foule nombreuse.",
        "Les deux pays ont promis de renforcer leur coopération militaire dans les mois qui viennent.",
    ],
    "load_date": "December 30, 2011",
    "title_link": "rId2",
}


def export_bytes(*records: dict, n: int | None = None) -> bytes:
    body = cover([r["title"] for r in records], n) + "".join(record(k, **r) for k, r in enumerate(records, start=1))
    return nexis_uni_docx(body, LINKS)


def fields(corpus: kit.Corpus, *cols: str) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in corpus.articles[list(cols)].itertuples(index=False)
    ]


def codes(report: pd.DataFrame) -> dict[str, list]:
    return report.groupby("code", dropna=False)["doc_id"].apply(list).to_dict()


# ------------------------------------------------------------------------- records and fields
def test_nexis_uni_records_fields_and_text(tmp_path):
    (tmp_path / "coree.docx").write_bytes(export_bytes(EN, FR))
    corpus = kit.load(tmp_path / "coree.docx")
    assert fields(corpus, "doc_id", "format", "source", "date", "section", "page", "byline", "doc_key") == [
        (
            "coree#001",
            "nexis-uni",
            "The Pacific Courier(Vladivostok)",
            pd.Timestamp("2024-06-19"),
            "WORLD",
            None,
            "Anna Morel in Seoul",
            "6A1B-2C3D-E4F5-G6H7-00000-00",
        ),
        (
            "coree#002",
            "nexis-uni",
            "La Gazette du Pacifique",
            pd.Timestamp("2011-12-29"),
            "INTERNATIONAL",
            "7",
            None,
            "6B2C-3D4E-F5G6-H7J8-00000-00",
        ),
    ]
    arts = corpus.articles.set_index("doc_id")
    assert arts["title"].tolist() == [EN["title"], FR["title"]]
    assert arts.loc["coree#001", "lead"] == EN["body"][0]
    assert arts.loc["coree#001", "text"] == "\n\n".join(EN["body"])
    assert arts.loc["coree#002", "text"] == "\n\n".join(FR["body"])
    for furniture in ("Copyright", "Load-Date", "ENGLISH", "RAILWAYS", "End of Document", "Body", "96 words"):
        assert furniture not in arts.loc["coree#001", "text"]
    # the English record is flagged as not in the corpus language (French by default), nothing else
    assert corpus.report[["code", "doc_id"]].fillna("-").values.tolist() == [
        ["export_file", "-"],
        ["other_language", "coree#001"],
    ]
    assert "2 record(s) found, 2 with article text" in corpus.report["message"].iloc[0]


def test_nexis_uni_lines_have_roles_and_give_back_the_rendering(tmp_path):
    (tmp_path / "coree.docx").write_bytes(export_bytes(EN, FR))
    corpus = kit.load(tmp_path / "coree.docx")
    lines = corpus.lines[corpus.lines["doc_id"] == "coree#001"]
    assert lines[["text", "role", "rule"]].head(8).values.tolist() == [
        [EN["title"], "title", "nexis_uni_title"],
        ["The Pacific Courier(Vladivostok)", "metadata", "nexis_uni_publication"],
        ["June 19, 2024 Wednesday 9:20 AM GMT", "metadata", "nexis_uni_date_line"],
        [COPYRIGHT_EN, "database", "nexis_uni_copyright"],
        ["Section: WORLD; Version:4", "metadata", "nexis_uni_field_section"],
        ["Length: 96 words", "database", "nexis_uni_field_length"],
        ["Byline: Anna Morel in Seoul", "metadata", "nexis_uni_field_byline"],
        ["Body", "metadata", "nexis_uni_body_heading"],
    ]
    roles = lines.set_index("text")["role"]
    assert roles[EN["body"][0]] == "lead" and roles[EN["body"][2]] == "body"
    for tail in ("Classification", "Language: ENGLISH", "Geographic: PYONGYANG, NORTH KOREA (93%)"):
        assert roles[tail] == "database"
    assert roles["Load-Date: June 20, 2024"] == "database" and roles["End of Document"] == "database"
    # joining the lines gives the record's rendering, which is the text of its raw WordML
    arts = corpus.articles.set_index("doc_id")
    for doc_id in ("coree#001", "coree#002"):
        rows = corpus.lines[corpus.lines["doc_id"] == doc_id]
        raw = arts.loc[doc_id, "raw"]
        assert raw.startswith("<w:body") and raw.endswith("</w:body>")
        assert "".join(rows["text"] + rows["eol"]) == "".join(
            line.text + "\n" for line in nexis_uni.render(etree.fromstring(raw))
        )
    # the cover page is the file's furniture
    cover_lines = corpus.lines[corpus.lines["doc_id"] == "coree#file"]
    assert cover_lines["text"].tolist()[:4] == [
        "Date and Time: Monday, 7. October 2024 10:12:00 CEST",
        "Job Number: 00000042",
        "Documents (2)",
        f"1. {EN['title']}",
    ]
    assert set(cover_lines["role"]) == {"database"}


def test_recognised_by_content_not_by_name(tmp_path):
    (tmp_path / "sauvegarde.xml").write_bytes(export_bytes(EN))  # a Word file under another name
    (tmp_path / "notes.docx").write_bytes(nexis_uni_docx(para(run("Mes notes de lecture."))))
    # a LexisNexis HTML export saved with a .docx name is read as what it is
    html = (Path(__file__).parent / "fixtures" / "exports" / "nexis_fr.html").read_bytes()
    (tmp_path / "ancien.docx").write_bytes(html)
    corpus = kit.load(tmp_path)
    assert corpus.articles["format"].value_counts().to_dict() == {"nexis": 2, "nexis-uni": 1}
    row = corpus.report[corpus.report["code"] == "unsupported_file"].iloc[0]
    assert row["level"] == "skip" and row["message"].startswith("notes.docx is a Word document but not a Nexis Uni")


# ------------------------------------------------------------------------- bad files
def test_broken_word_files_are_report_rows_naming_the_file(tmp_path):
    good = export_bytes(EN, FR)
    (tmp_path / "coupe.docx").write_bytes(good[: len(good) // 2])  # an interrupted download
    (tmp_path / "texte.docx").write_bytes(b"Ceci n'est pas un document Word.")
    empty_zip = io.BytesIO()
    with zipfile.ZipFile(empty_zip, "w") as z:
        z.writestr("notes.txt", "rien")
    (tmp_path / "archive.docx").write_bytes(empty_zip.getvalue())
    (tmp_path / "~$coree.docx").write_bytes(b"\x0bAnna Morel" + b"\x00" * 40)  # Word's lock file
    corpus = kit.load(tmp_path)
    assert corpus.articles.empty
    rows = corpus.report.set_index("path")
    broken = corpus.report[corpus.report["code"] == "broken_docx"].sort_values("path")
    assert [Path(p).name for p in broken["path"]] == ["archive.docx", "coupe.docx", "texte.docx"]
    assert set(broken["level"]) == {"skip"}
    messages = broken["message"].tolist()
    assert messages[0].startswith("archive.docx: a zip archive without word/document.xml")
    assert messages[1].startswith("coupe.docx: ") and "cut short" in messages[1]
    assert messages[2].startswith("texte.docx: not a zip archive")
    assert rows.loc[str(tmp_path / "~$coree.docx"), "code"] == "ignored_file"
    assert sorted(broken["doc_id"]) == ["archive", "coupe", "texte"]  # every file accounted for by its doc_id
    # a page that merely starts like a zip archive is still read as a page, not as a Word file
    (tmp_path / "page.html").write_bytes(b"PK\x03\x04<p>Un texte.</p>")
    assert "broken_docx" not in set(kit.load(tmp_path / "page.html").report["code"])


def test_record_without_date_or_body_cut_short_and_missing_are_reported(tmp_path):
    no_date = {**EN, "date": None, "title": "A record without its date line"}
    no_body = {**FR, "body": [], "title": "Un document sans texte"}
    cut = {**EN, "title": "Pyongyang signs a treaty", "classification": None, "load_date": None, "end": False}
    (tmp_path / "incomplet.docx").write_bytes(export_bytes(no_date, no_body, cut, n=4))
    corpus = kit.load(tmp_path / "incomplet.docx")
    found = codes(corpus.report)
    assert found["no_date"] == ["incomplet#001"]
    assert found["no_body"] == ["incomplet#002"]
    assert found["truncated_record"] == ["incomplet#003"]
    assert "truncated_file" in found and "missing_records" in found
    assert (
        "the file says it holds 4 records; 3 were found"
        in corpus.report.set_index("code").loc["missing_records", "message"]
    )
    arts = corpus.articles.set_index("doc_id")
    assert sorted(arts.index) == ["incomplet#001", "incomplet#003"]
    assert pd.isna(arts.loc["incomplet#001", "date"]) and arts.loc["incomplet#001", "source"] == EN["publication"]
    assert arts.loc["incomplet#003", "text"] == "\n\n".join(EN["body"])
    # the record without text is not an article, but its lines are kept
    assert (corpus.lines["doc_id"] == "incomplet#002").sum() == 8


GOOD = export_bytes(EN, FR)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), max_size=6), st.integers(50, len(GOOD)))
def test_damaged_word_files_never_crash(tmp_path_factory, flips, keep):
    data = bytearray(GOOD[:keep])
    for at, value in flips:
        if at < len(data):
            data[at] = value
    folder = tmp_path_factory.mktemp("docx")
    (folder / "abime.docx").write_bytes(bytes(data))
    corpus = kit.load(folder)
    # the file is either read (its records are articles or report rows) or one report row naming it
    assert len(corpus.articles) > 0 or (corpus.report["path"] == str(folder / "abime.docx")).any()
    assert set(corpus.lines["role"]) <= set(kit.clean.ROLES)


# ------------------------------------------------------------------------- the real samples
@pytest.mark.skipif(
    not (REAL / "sample.DOCX").exists(),
    reason="the real Nexis Uni sample is not in devdata/exports/nexis_uni/ (see tests/fixtures/exports/SOURCES.md)",
)
def test_real_nexis_uni_sample(tmp_path):
    data = (REAL / "sample.DOCX").read_bytes()
    out = readers.export_pages(REAL / "sample.DOCX", data, stem="sample")
    assert out.kind == "nexis-uni" and out.n_records == 10 and out.problems == []
    pages = out.pages
    assert [p["source"] for p in pages] == ["The Guardian(London)"] * 10
    assert [p["date"] for p in pages][:3] == ["July 1, 2019", "July 2, 2019", "July 4, 2019"]
    assert all(p["title"] and p["date"] and p["section"] and p["byline"] and p["doc_key"] for p in pages)
    assert pages[6]["title"] == "Sample Headline" and pages[6]["doc_key"] == "5WGH-H8R1-JCJY-G0HB-00000-00"
    assert pages[8]["byline"] == "Ross Ihaka and Robert Gentleman" and pages[8]["section"] == "Wikipedia"
    # lnt_read's split gives 73 text paragraphs: these, plus the Load-Date lines of records 9 and 10
    kept = [sum(line[4] in ("lead", "body") for line in p["lines"]) for p in pages]
    assert kept == [5, 7, 3, 9, 5, 14, 1, 16, 7, 4]
    assert out.furniture[2][1] == "Documents (10)"
    assert not any(p["skip"] for p in pages)
    for page in pages:
        rendering = "".join(line.text + "\n" for line in nexis_uni.render(etree.fromstring(page["raw"])))
        assert page["page_text"] == rendering
    # the other file of LexisNexisTools' tests is a Word file with one line, no export
    if (REAL / "test.DOCX").exists():
        other = readers.export_pages(REAL / "test.DOCX", (REAL / "test.DOCX").read_bytes(), stem="test")
        assert other.kind == readers.WORD_UNREAD and other.problems[0][1] == "unsupported_file"
