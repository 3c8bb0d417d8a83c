"""What text do these bytes hold? Encodings detected per file, and every repaired byte reported where it stands.

:func:`decode_bytes` returns a :class:`Decoded`: the text (or ``None`` for binary data), the
encoding used, and notes (``level, code, message``) for the load report:

* a byte-order mark decides (UTF-8, UTF-16, UTF-32), before any binary check;
* UTF-16 without a mark is recognised by its zero bytes at every other position;
* a file that is UTF-8 but for a few stray bytes (a Windows ``0x92`` apostrophe pasted into
  it) stays UTF-8: each stray byte is replaced where it stands (by its Windows-1252 character
  when it has one, else by U+FFFD) and reported with its byte offset and line;
* any other file goes to `charset-normalizer <https://charset-normalizer.readthedocs.io>`_,
  limited to the encodings Western European text is written in;
* a few NUL or control bytes in a text are removed and reported with their positions; only
  a file made largely of them is binary.

>>> decode_bytes("Corée".encode("cp1252")).encoding
'cp1252'
>>> d = decode_bytes("Corée du Nord l\\x92alliée".replace("\\x92", "@").encode().replace(b"@", b"\\x92"))
>>> d.text, d.encoding, [n[1] for n in d.notes]
('Corée du Nord l’alliée', 'utf-8', ['repaired_bytes'])
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

#: Encodings charset-normalizer may choose among (Western European text, and the Unicode forms).
CANDIDATE_ENCODINGS = (
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "mac_roman",
    "cp850",
    "utf_16",
    "utf_32",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13))
_STRAY = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # NUL and control characters other than tab, newlines, form feed
_MAX_REPAIRS = 16  # more stray bytes than this and the file is not UTF-8 with a few accidents
_SHOWN = 5  # positions quoted in a message


@dataclass
class Decoded:
    """What :func:`decode_bytes` returns: ``text`` (``None`` for binary data), the ``encoding``
    used (or why there is no text), and ``notes``: ``(level, code, message)`` for the load report."""

    text: str | None
    encoding: str
    notes: list[tuple[str, str, str]] = field(default_factory=list)


class Notes:
    """A load-report sink: :meth:`add` a row, read them back as ``rows`` (dicts with
    ``level, code, doc_id, path, message``).

    >>> notes = Notes()
    >>> notes.add("warning", "bad_date", "not a date", doc_id="a")
    >>> notes.rows[0]["code"]
    'bad_date'
    """

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, level: str, code: str, message: str, *, doc_id: str | None = None, path: str | None = None) -> None:
        """Record one row of the load report."""
        self.rows.append({"level": level, "code": code, "doc_id": doc_id, "path": path, "message": message})


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _where(data: bytes, positions: list[int]) -> str:
    shown = ", ".join(f"byte {p} (line {_line_of(data, p)})" for p in positions[:_SHOWN])
    return shown + (f" and {len(positions) - _SHOWN} more" if len(positions) > _SHOWN else "")


def _utf8_with_repairs(data: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 text with each invalid byte replaced where it stands, and the offsets replaced;
    ``None`` when the file has more stray bytes than valid non-ASCII characters (not UTF-8)."""
    pieces: list[str] = []
    bad: list[int] = []
    pos = 0
    while True:
        try:
            pieces.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            pieces.append(data[pos:start].decode("utf-8"))
            for k in range(start, end):
                try:
                    pieces.append(data[k : k + 1].decode("cp1252"))
                except UnicodeDecodeError:
                    pieces.append("\ufffd")
                bad.append(k)
            pos = end
            if len(bad) > _MAX_REPAIRS:
                return None
    text = "".join(pieces)
    non_ascii = sum(1 for ch in text if ord(ch) > 127) - len(bad)
    if non_ascii < len(bad):
        return None
    return text, bad


def _looks_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text without a byte-order mark whose zero bytes sit at every other position."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str]:
    """Text and encoding of a file that is not UTF-8, by charset-normalizer (Windows-1252 when it has no answer)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    cp1252 = None
    try:
        cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    if best is not None:
        text = str(best)
        if text == cp1252:  # the same characters: say the name people know
            return text, "cp1252"
        return text, best.encoding.replace("_", "-")
    if cp1252 is not None:
        return cp1252, "cp1252"
    return data.decode("latin-1"), "latin-1"


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes (see the module docstring for the rules).

    >>> decode_bytes("Corée".encode("utf-16")).text
    'Corée'
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR\\x00\\x00\\x01").text is None
    True
    """
    notes: list[tuple[str, str, str]] = []
    head = data[:8192]
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None) or _looks_utf16(head)
    if encoding is not None:
        name = "utf-8" if encoding == "utf-8-sig" else encoding
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            text = data.decode(encoding, errors="replace")
            notes.append(
                (
                    "warning",
                    "repaired_bytes",
                    f"bytes not valid {name} from byte {exc.start} (line {_line_of(data, exc.start)}) on; "
                    "each invalid sequence was replaced by U+FFFD.",
                )
            )
    else:
        nul = head.count(0)
        controls = len(head) - len(head.translate(None, _CONTROLS))
        if head and (nul > max(8, 0.01 * len(head)) or controls > 0.05 * len(head)):
            return Decoded(None, "binary")
        try:
            text, name = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            repaired = _utf8_with_repairs(data)
            if repaired is not None:
                text, bad = repaired
                name = "utf-8"
                shown = ", ".join(f"0x{data[p]:02x}" for p in bad[:_SHOWN])
                notes.append(
                    (
                        "warning",
                        "repaired_bytes",
                        f"{len(bad)} byte(s) not valid UTF-8 in an otherwise UTF-8 file ({shown}), each replaced "
                        f"where it stands by its Windows-1252 character (U+FFFD if none): {_where(data, bad)}. "
                        "The rest of the text is untouched; fix the file to silence this.",
                    )
                )
            else:
                text, name = _detect(data)
                notes.append(
                    (
                        "warning",
                        "not_utf8",
                        f"file is not UTF-8; decoded as {name} (detected by charset-normalizer). "
                        "Check accents in the text, or save the file as UTF-8.",
                    )
                )
    if name != "utf-8" and not any(code == "not_utf8" for _, code, _ in notes):
        notes.append(("warning", "not_utf8", f"file is not UTF-8; decoded as {name} (its byte-order mark says so)."))
    stray = [m.start() for m in _STRAY.finditer(text)]
    if stray:
        # the line of each, so that a table's row (a metadata date made of them is now empty) can be found
        shown = ", ".join(f"{k} (line {text.count(chr(10), 0, k) + 1})" for k in stray[:_SHOWN])
        shown += " ..." if len(stray) > _SHOWN else ""
        text = _STRAY.sub("", text)
        notes.append(
            (
                "warning",
                "control_characters",
                f"{len(stray)} NUL or control character(s) removed from the text, at character(s) {shown}.",
            )
        )
    return Decoded(text, name, notes)
