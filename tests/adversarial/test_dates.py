"""Metadata dates: day-first for French sources, integers understood or refused, relative words
refused, time zones kept as the article's local date; every refusal a row."""

from __future__ import annotations

import pandas as pd
import pytest

import kit

from .helpers import page, rows

CASES = [
    # value, dayfirst date, code of the row (None: no row)
    ("05/06/2025", "2025-06-05", None),
    ("13/02/2025", "2025-02-13", None),
    ("5.6.25", "2025-06-05", None),
    ("2025-06-05", "2025-06-05", None),
    ("2025/06/05", "2025-06-05", None),
    ("02/13/2025", "2025-02-13", "date_order"),
    ("20251027", "2025-10-27", None),
    ("1761523200", "2025-10-27", "epoch_date"),
    ("1761523200000", "2025-10-27", "epoch_date"),
    ("12345", None, "bad_date"),
    ("0100-01-01", None, "bad_date"),
    ("1/1/100", None, "bad_date"),
    ("9999-12-31", None, "bad_date"),
    ("now", None, "relative_date"),
    ("today", None, "relative_date"),
    ("hier", None, "relative_date"),
    ("aujourd'hui", None, "relative_date"),
    ("2025-10-27T00:30:00+02:00", "2025-10-27", None),
    ("2025-10-26T23:30:00-05:00", "2025-10-26", None),
    ("Mon, 27 Oct 2025 00:30:00 +0200", "2025-10-27", None),
    ("27 octobre 2025", "2025-10-27", None),
    ("June 2025", None, "bad_date"),
    ("31/02/2025", None, "bad_date"),
    ("pas une date", None, "bad_date"),
]


def test_metadata_dates_are_read_day_first_or_refused_with_a_row(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    text = page(0)
    lines = ["doc_id,date"]
    for k, (value, _, _) in enumerate(CASES):
        (folder / f"d{k:02d}.txt").write_text(text + f"\n\nParagraphe numéro {k} ajouté pour le distinguer des autres.",
                                             encoding="utf-8")
        lines.append(f'd{k:02d},"{value}"')
    (tmp_path / "meta.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = kit.load(folder, tmp_path / "meta.csv")
    dates = corpus.articles.set_index("doc_id")["date"]
    coded = {r.doc_id: r.code for r in corpus.report.itertuples() if r.code.endswith("date") or r.code == "date_order"}
    for k, (value, expected, code) in enumerate(CASES):
        doc_id = f"d{k:02d}"
        got = dates[doc_id]
        if expected is None:
            assert pd.isna(got), (value, got)
        else:
            assert got.normalize() == pd.Timestamp(expected), (value, got)
        assert coded.get(doc_id) == code, (value, coded.get(doc_id))


def test_month_first_when_asked(tmp_path):
    (tmp_path / "a.txt").write_text(page(0), encoding="utf-8")
    meta = tmp_path.parent / f"{tmp_path.name}.csv"
    meta.write_text("doc_id,date\na,05/06/2025\n", encoding="utf-8")
    assert kit.load(tmp_path, meta, dayfirst=False).articles["date"].tolist() == [pd.Timestamp("2025-05-06")]
    assert kit.load(tmp_path, meta).articles["date"].tolist() == [pd.Timestamp("2025-06-05")]


@pytest.mark.parametrize("value, expected, code", [(20251027, "2025-10-27", None), (1761523200, "2025-10-27",
                                                   "epoch_date"), (3, None, "bad_date"), (True, None, "bad_date")])
def test_integer_dates_in_a_json_table(tmp_path, value, expected, code):
    path = tmp_path / "t.jsonl"
    pd.DataFrame({"doc_id": ["a"], "text": [page(0)], "date": [value]}).to_json(path, orient="records", lines=True)
    corpus = kit.load(path)
    got = corpus.articles["date"].iloc[0]
    assert (pd.isna(got) if expected is None else got.normalize() == pd.Timestamp(expected))
    assert rows(corpus.report, code)["doc_id"].tolist() == (["a"] if code else [])


def test_timezone_aware_parquet_dates_keep_their_local_day(tmp_path):
    path = tmp_path / "t.parquet"
    stamp = pd.Timestamp("2025-10-27 00:30", tz="Europe/Paris")
    pd.DataFrame({"doc_id": ["a"], "text": [page(0)], "date": [stamp]}).to_parquet(path)
    assert kit.load(path).articles["date"].tolist() == [pd.Timestamp("2025-10-27 00:30")]
