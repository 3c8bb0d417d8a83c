"""Fuzzing the readers (hypothesis): bytes, CSV dialects, JSON shapes and metadata dates never
crash with anything but a KitError, and every file or row ends up in the articles or the report."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kit
from kit.readers.metadata import parse_date
from kit.readers.text import _STRAY as STRAY

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = st.sampled_from(["la", "Corée", "du", "Nord", "Moscou", "a", "signé", "un", "traité", "«", "»", ",", ";", '"',
                         "\t", "\n", "\r\n", "l'alliée", "Poutine", "à", "Pyongyang", ".", "|", "\u2028", "é"])
TEXTS = st.lists(WORDS, max_size=40).map(" ".join)


def _accounted(corpus: kit.Corpus, ids: list[str]) -> None:
    loaded = set(corpus.articles["doc_id"])
    reported = set(corpus.report["doc_id"].dropna())
    assert set(ids) <= loaded | reported, set(ids) - loaded - reported


@SETTINGS
@given(blob=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".parquet", ".txt",
                                                              ".html"]))
def test_any_bytes_in_any_format_load_or_raise_a_kit_error(tmp_path_factory, blob, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"f{suffix}"
    path.write_bytes(blob)
    try:
        corpus = kit.load(path)
    except kit.KitError:
        return
    if suffix in (".txt", ".html"):
        _accounted(corpus, ["f"])
    else:
        assert len(corpus.articles) + len(corpus.report) >= 1 or not blob.strip()


@SETTINGS
@given(
    texts=st.lists(TEXTS, min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    lineterminator=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_dialects_round_trip_every_row(tmp_path_factory, texts, delimiter, quoting, lineterminator):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    writer.writerow(["doc_id", "text"])
    ids = [f"id{k}" for k in range(len(texts))]
    writer.writerows(zip(ids, texts))
    path = tmp_path_factory.mktemp("csv") / ("t.tsv" if delimiter == "\t" and quoting == csv.QUOTE_ALL else "t.csv")
    path.write_text(out.getvalue(), encoding="utf-8")
    corpus = kit.load(path)
    assert not (corpus.report["code"] == "bad_row").any(), corpus.report["message"].tolist()
    _accounted(corpus, ids)
    raw = corpus.articles.set_index("doc_id")["raw"]
    for doc_id, text in zip(ids, texts):
        if doc_id in raw:
            assert raw[doc_id] == text


@SETTINGS
@given(
    texts=st.lists(TEXTS.filter(lambda t: '"' not in t and "\n" not in t and "\r" not in t), min_size=2, max_size=6),
    extra=st.integers(min_value=0, max_value=5),
)
def test_a_row_with_an_extra_field_is_named_and_the_others_load(tmp_path_factory, texts, extra):
    extra %= len(texts)
    lines = ["doc_id,text"]
    for k, text in enumerate(texts):
        field = '"' + text + '"'
        lines.append(f"id{k},{field}" + (",de trop" if k == extra else ""))
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = kit.load(path)
    bad = corpus.report[corpus.report["code"] == "bad_row"]["message"].tolist()
    assert len(bad) == 1 and f"line {extra + 2}:" in bad[0]
    ids = [f"id{k}" for k in range(len(texts)) if k != extra]
    _accounted(corpus, ids)
    assert f"id{extra}" not in set(corpus.articles["doc_id"])


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "doc_id", "date", "source",
                                                                                  "items", "x"]), inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(value=JSON, lines=st.booleans())
def test_any_json_shape_loads_or_raises_a_kit_error(tmp_path_factory, value, lines):
    folder = tmp_path_factory.mktemp("json")
    if lines:
        items = value if isinstance(value, list) else [value]
        path = folder / "t.jsonl"
        path.write_text("\n".join(json.dumps(v) for v in items), encoding="utf-8")
    else:
        path = folder / "t.json"
        path.write_text(json.dumps(value), encoding="utf-8")
    try:
        corpus = kit.load(path)
    except kit.KitError:
        return
    # every object with a usable text is an article or a row of the report
    assert set(corpus.articles.columns) == set(kit.corpus.ARTICLE_COLUMNS)
    assert corpus.articles["doc_id"].is_unique


VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.from_regex(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", fullmatch=True),
    st.from_regex(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?", fullmatch=True),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(value=VALUES, dayfirst=st.booleans())
def test_any_metadata_date_is_a_date_or_refused_with_a_note(value, dayfirst):
    date, note = parse_date(value, dayfirst=dayfirst)
    assert date is pd.NaT or (isinstance(date, pd.Timestamp) and date.tzinfo is None)
    if date is pd.NaT and note is None:  # nothing to read: empty, NaN, or a null word
        assert value is None or (isinstance(value, float) and value != value) or not str(value).strip() or str(
            value).strip().lower() in {"nan", "nat", "none", "null", "n/a", "na", "-"}
    if note is not None:
        assert note[0] in ("info", "warning") and note[2]


@SETTINGS
@given(dates=st.lists(VALUES.map(str), min_size=1, max_size=5))
@example(dates=["100;1;1", "100000000001"])  # year 100 once crashed the datetime column
@example(dates=["\x1b", ""])  # a date made of a control character: emptied when read, reported for the file
def test_metadata_dates_through_load_are_accounted_for(tmp_path_factory, dates):
    folder = tmp_path_factory.mktemp("meta")
    corpus_dir = folder / "c"
    corpus_dir.mkdir()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["doc_id", "date"])
    text = "La Russie et la Corée du Nord ont signé un traité de défense mutuelle à Pyongyang cette semaine."
    for k, value in enumerate(dates):
        (corpus_dir / f"d{k}.txt").write_text(f"{text} Numéro {k}.", encoding="utf-8")
        writer.writerow([f"d{k}", value])
    (folder / "meta.csv").write_text(out.getvalue(), encoding="utf-8")
    corpus = kit.load(corpus_dir, folder / "meta.csv")
    _accounted(corpus, [f"d{k}" for k in range(len(dates))])
    got = corpus.articles.set_index("doc_id")["date"]
    for k, value in enumerate(dates):
        if f"d{k}" in got and pd.isna(got[f"d{k}"]) and value.strip() and value.strip().lower() not in {
                "nan", "nat", "none", "null", "n/a", "na", "-"}:
            # a value made only of control characters is emptied when the file is read, which the
            # file's control_characters row reports (with the lines they stood on)
            if not STRAY.sub("", value).strip():
                assert "control_characters" in set(corpus.report["code"]), value
            else:
                assert f"d{k}" in set(corpus.report["doc_id"]), value


RECORDS = st.lists(
    st.fixed_dictionaries(
        {"text": st.one_of(TEXTS, st.integers(), st.none(), st.just(["a"]))},
        optional={"source": st.one_of(TEXTS, st.integers(), st.none()), "date": VALUES.map(str)},
    ),
    min_size=1,
    max_size=6,
)


@SETTINGS
@given(records=RECORDS, extra=st.lists(st.one_of(st.integers(), TEXTS, st.none()), max_size=3), lines=st.booleans())
def test_every_json_record_is_an_article_or_a_report_row(tmp_path_factory, records, extra, lines):
    ids = [f"r{k}" for k in range(len(records))]
    items = [{"doc_id": doc_id, **rec} for doc_id, rec in zip(ids, records)] + extra
    folder = tmp_path_factory.mktemp("json")
    if lines:
        path = folder / "t.jsonl"
        path.write_text("\n".join(json.dumps(v) for v in items), encoding="utf-8")
    else:
        path = folder / "t.json"
        path.write_text(json.dumps(items), encoding="utf-8")
    corpus = kit.load(path)
    _accounted(corpus, ids)
    # the non-object items are named, one row each
    bad = corpus.report[corpus.report["code"] == "bad_row"]
    assert len(bad) == len(extra)
