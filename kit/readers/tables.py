"""Which rows does this table hold? CSV, TSV, JSON, JSONL and Parquet read by explicit rules, every dropped row named.

:func:`read_rows` returns one :class:`Row` per record, each with where it came from
(``line 12``, ``item 3``, ``row 7``), and reports to a sink (see :class:`kit.readers.text.Notes`)
every row it could not use, by that same place:

* CSV/TSV is read by Python's ``csv`` module, never with an index column: the header names
  the columns, a row with more (non-empty) fields than the header is skipped and named, a
  shorter row is padded with empty fields, a quote opened and never closed costs only the
  line that opens it (reading resumes on the next line), and a ``.csv`` whose header holds
  semicolons or tabs but no comma is read with that delimiter (reported);
* JSONL: one object per line, any other line named and skipped;
* JSON: an array of objects (other items named and skipped), or an object holding one list
  of objects (several lists is an error naming them), or one object;
* Parquet: a file that cannot be read is a report row, not a crash.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("doc_id,text\\na,Un texte,en trop\\nb,Un autre\\n", encoding="utf-8")
>>> notes = Notes()
>>> [(r.where, r.values["doc_id"]) for r in read_rows(p, notes)], [n["code"] for n in notes.rows]
([('line 3', 'b')], ['bad_row'])
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kit.errors import CorpusError
from kit.readers.text import Notes, decode_bytes

if TYPE_CHECKING:  # pandas is imported by the caller; reading files needs only the standard library
    import pandas as pd

#: Keys under which a JSON object is taken to hold its list of articles, when it holds several lists.
LIST_KEYS = ("articles", "documents", "docs", "items", "records", "rows", "data", "results")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article is a long field


class Row(NamedTuple):
    """One record of a table: where it came from (``line 3``, ``item 2``, ``row 5``) and its values."""

    where: str
    values: dict


def _skip(notes: Notes, path: Path, where: str, why: str, *, level: str = "skip", code: str = "bad_row") -> None:
    notes.add(level, code, f"{path.name} {where}: {why}", path=str(path))


def _delimiter(header_line: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    if "," in header_line:
        return ","
    counts = {d: header_line.count(d) for d in (";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(text: str, path: Path, notes: Notes) -> list[Row]:
    """Rows of a CSV/TSV text (see the module docstring for the rules).

    >>> notes = Notes()
    >>> rows = read_csv('doc_id,text\\na,"jamais fermé\\nb,un texte\\n', Path("m.csv"), notes)
    >>> [r.values for r in rows], notes.rows[0]["message"][:36]
    ([{'doc_id': 'b', 'text': 'un texte'}], 'm.csv line 2: opens a quote that is ')
    """
    lines = re.split(r"(?<=\n)", text)  # only newlines end a line: csv reads \r, U+2028... inside fields itself
    if lines and not lines[-1]:
        lines.pop()
    first = next((ln for ln in lines if ln.strip()), "")
    sep = _delimiter(first, path.suffix.lower())
    if sep != "," and path.suffix.lower() != ".tsv":
        notes.add("info", "csv_delimiter", f"{path.name}: the header has no comma; read with {sep!r} as delimiter.",
                  path=str(path))
    header: list[str] | None = None
    rows: list[Row] = []
    i = 0  # index of the first line not yet read
    while i < len(lines):
        reader = csv.reader(lines[i:], delimiter=sep, strict=True)
        before = 0
        try:
            for fields in reader:
                start, before = i + before + 1, reader.line_num
                if not fields or not any(f.strip() for f in fields):
                    continue
                if header is None:
                    header = _header(fields, path, notes)
                    continue
                extra = fields[len(header):]
                if any(f.strip() for f in extra):
                    _skip(notes, path, f"line {start}",
                          f"{len(fields)} fields, more than the header's {len(header)} (an unquoted delimiter?); "
                          f"row skipped: {sep.join(fields)[:80]!r}. Quote fields that hold {sep!r}.")
                    continue
                fields = fields[: len(header)] + [""] * (len(header) - len(fields))
                rows.append(Row(f"line {start}", dict(zip(header, fields))))
            break
        except csv.Error as exc:
            start = i + before + 1
            why = (
                "opens a quote that is never closed"
                if "end of data" in str(exc) or "EOF" in str(exc)
                else f"has a quote that does not close its field ({exc})"
            )
            _skip(notes, path, f"line {start}",
                  f"{why}; this line is skipped and reading resumes on the next one: {lines[start - 1][:80]!r}")
            i = start
    return rows


def _header(fields: list[str], path: Path, notes: Notes) -> list[str]:
    names: list[str] = []
    for k, name in enumerate(fields):
        name = name.strip() or f"column_{k + 1}"
        if name in names:
            renamed = f"{name}.{names.count(name) + sum(n.startswith(name + '.') for n in names)}"
            notes.add("warning", "repeated_column", f"{path.name}: column {name!r} appears twice; the second is "
                      f"read as {renamed!r}.", path=str(path))
            name = renamed
        names.append(name)
    return names


def _json_rows(obj, path: Path, notes: Notes) -> list[Row]:
    if isinstance(obj, dict):
        lists = {k: v for k, v in obj.items() if isinstance(v, list)}
        if not lists:
            return [Row("object", obj)]
        if len(lists) > 1:
            chosen = [k for k in LIST_KEYS if k in lists]
            if not chosen:
                raise CorpusError(
                    f"{path} is a JSON object holding several lists ({', '.join(map(repr, lists))}); which one "
                    "holds the articles? Save the articles as a JSON array, or as JSONL (one object per line)."
                )
            notes.add("info", "json_list", f"{path.name}: read the list {chosen[0]!r}; ignored the other list(s) "
                      f"{', '.join(repr(k) for k in lists if k != chosen[0])}.", path=str(path))
            obj = lists[chosen[0]]
        else:
            obj = next(iter(lists.values()))
    if not isinstance(obj, list):
        _skip(notes, path, "", f"holds a JSON {type(obj).__name__}, not an array of objects; nothing read.",
              code="bad_file")
        return []
    rows = []
    for k, item in enumerate(obj, start=1):
        if isinstance(item, dict):
            rows.append(Row(f"item {k}", item))
        else:
            _skip(notes, path, f"item {k}", f"is a JSON {type(item).__name__}, not an object; skipped: "
                  f"{json.dumps(item, ensure_ascii=False)[:80]}")
    return rows


def read_rows(path: Path, notes: Notes) -> list[Row] | None:
    """The records of a table file, or ``None`` when the file cannot be read at all (reported).

    >>> notes = Notes()
    >>> read_rows(Path("data/sample/metadata.csv"), notes)[0].values["doc_id"]
    '000_31cb83dccb87126a'
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return _parquet_rows(path, notes)
        data = path.read_bytes()
    except OSError as exc:
        notes.add("skip", "unreadable_file", f"{path.name} cannot be read ({exc.strerror or exc}); check its "
                  "permissions.", path=str(path))
        return None
    decoded = decode_bytes(data)
    if decoded.text is None:
        notes.add("skip", "binary_file", f"{path.name} is not text; expected {suffix}.", path=str(path))
        return None
    for level, code, message in decoded.notes:
        notes.add(level, code, f"{path.name}: {message}", path=str(path))
    text = decoded.text
    if suffix in (".jsonl", ".ndjson"):
        rows = []
        for no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                _skip(notes, path, f"line {no}", f"is not valid JSON ({exc.msg}); row skipped.")
                continue
            if isinstance(obj, dict):
                rows.append(Row(f"line {no}", obj))
            else:
                _skip(notes, path, f"line {no}", "is not a JSON object; row skipped.")
        return rows
    if suffix == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            _skip(notes, path, f"line {exc.lineno}", f"is not valid JSON ({exc.msg}); nothing read.", code="bad_file")
            return None
        return _json_rows(obj, path, notes)
    return read_csv(text, path, notes)


def frame_rows(frame: pd.DataFrame) -> list[Row]:
    """The records of a table already in memory (a pandas DataFrame), as a table file's: missing
    values are ``None``, each row is ``row 1``, ``row 2``… in order, whatever the frame's index.

    >>> import pandas as pd
    >>> frame_rows(pd.DataFrame({"text": ["Kim à Moscou.", None]}))[1]
    Row(where='row 2', values={'text': None})
    """
    values = frame.astype(object).where(frame.notna(), None)
    return [Row(f"row {k}", record) for k, record in enumerate(values.to_dict("records"), start=1)]


def _parquet_rows(path: Path, notes: Notes) -> list[Row] | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        notes.add("skip", "bad_file", f"{path.name} cannot be read as Parquet ({str(exc)[:120]}); is it complete? "
                  "Export it again.", path=str(path))
        return None
    return [Row(f"row {k}", values) for k, values in enumerate(table.to_pylist(), start=1)]
