"""What is in a study too large for memory? Its tables as partitioned Parquet, built resumably, read with DuckDB.

:func:`build` streams the pipeline (load and clean, annotate, mentions, and the per-article
term and frame counts) over slices of the corpus and writes each slice's tables as one
Parquet file per dataset under the store folder, as soon as it is produced::

    <store>/manifest.json          what is in the store, and how it was built
    <store>/<dataset>/part-NNNNN-<key>.parquet

Datasets: ``pages`` (decoded pages), ``chrome`` (line keys counted for site chrome),
``articles``, ``lines``, ``report``, ``sentences``, ``tokens``, ``mentions``, ``titles``,
``terms`` (lemma counts per article), ``frames`` (frame counts per article), and one
``duplicates.parquet``. A partition's file name carries a key of everything it was made from
(its files' names, sizes and times, the metadata rows, the site chrome, the model, the
gazetteer, the kit version): a rebuild skips partitions whose file exists, so an interrupted
build continues where it stopped, and an edited file rebuilds only its slice. Files are
written under a temporary name and renamed, so a killed build never leaves half a file; a
lock file keeps two builds from writing to one store at once.

The slices run as tasks, in this process (``scheduler="sync"``) or on ``dask.distributed``
workers (a ``LocalCluster`` on this machine, or a cluster's scheduler address, or a
``Client``). Steps that need the whole corpus (site chrome, near-duplicates) run on the
driver over small tables.

:func:`open_store` returns a :class:`Store` whose tables and aggregations (mention rates,
co-occurrence, term counts, frame shares) match the in-memory functions' outputs;
aggregations run in DuckDB over the Parquet files, out of core.

>>> import tempfile, kit
>>> folder = tempfile.mkdtemp()
>>> info = build("data/sample", store=folder, scheduler="sync", progress=False)
>>> s = open_store(folder)
>>> len(s.articles()), int(s.mention_rates(by="source")["n_mentions"].sum())
(5, 127)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kit import clean, paths
from kit.actors import load_actors, mentions, title_mentions
from kit.clean import role_summary
from kit.cooccurrence import PAIR_COLUMNS, UNITS, pair_measures
from kit.corpus import (
    ARTICLE_COLUMNS,
    LINE_COLUMNS,
    REPORT_COLUMNS,
    Corpus,
    clean_pages,
    corpus_report,
    list_inputs,
    read_pages,
    unmatched_metadata,
)
from kit.errors import KitError
from kit.keyness import term_counts, term_tokens
from kit.lexicons import frame_counts, load_frames, shares_from_counts
from kit.line_model import clear_line_caches, least_sure
from kit.measures import RATE_COLUMNS
from kit.nlp import Annotation, annotate, load_model, model_id, release_models

#: Bump when the layout or content of a store changes: every partition is then rebuilt.
STORE_VERSION = 1
MANIFEST = "manifest.json"
LOCK = ".build.lock"
DATASETS = (
    "pages",
    "chrome",
    "articles",
    "lines",
    "report",
    "sentences",
    "tokens",
    "mentions",
    "titles",
    "terms",
    "frames",
)
#: DuckDB's memory limit for a store's queries (beyond it, DuckDB spills to disk): its own
#: default is 80 % of the machine's memory. Override with ``open_store(..., memory_limit=)``
#: or the environment variable ``KIT_DUCKDB_MEMORY`` (e.g. ``2GB``).
DUCKDB_MEMORY = "512MB"
#: DuckDB's threads for a store's queries (its default is every core); ``KIT_DUCKDB_THREADS`` overrides.
DUCKDB_THREADS = 2
#: Datasets a study reads (``pages`` and ``chrome`` are intermediate).
TABLES = ("articles", "lines", "report", "sentences", "tokens", "mentions", "titles", "terms", "frames")


#: The kit's package folder, whose code and models :func:`code_fingerprint` reads.
KIT_DIR = Path(__file__).resolve().parent


class StoreError(KitError):
    """A study store that cannot be built or read as asked; the message names the path."""


def code_fingerprint(package: str | os.PathLike = KIT_DIR) -> str:
    """A short hash of a kit's own files, its Python modules and shipped models (the line-role
    model), by name and content: what the package version does not say when a rule is edited
    or the kit is updated from its repository.

    >>> len(code_fingerprint()), code_fingerprint() == code_fingerprint()
    (16, True)
    """
    root = Path(package)
    h = hashlib.blake2b(digest_size=8)
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".json") and "__pycache__" not in f.parts and f.is_file():
            h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def _kit_version() -> str:
    """The package version and :func:`code_fingerprint`: a partition built by other code is
    rebuilt, not reused."""
    from importlib import metadata

    try:
        version = metadata.version("news-framing-kit")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "0"
    return f"{version}+{code_fingerprint()}"


def _hash(*parts) -> str:
    h = hashlib.blake2b(digest_size=8)
    for p in parts:
        h.update(json.dumps(p, sort_keys=True, default=str).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _file_hash(path: str | os.PathLike | None) -> str | None:
    if not path:
        return None
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=8).hexdigest()


# ------------------------------------------------------------------ writing
def _write(table: pd.DataFrame, target: Path) -> None:
    """Write ``table`` to ``target`` atomically; a full disk or an unwritable folder is a StoreError."""
    _write_atomically(target, lambda tmp: pq.write_table(pa.Table.from_pandas(table, preserve_index=False), tmp))


def _write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Run ``write`` on a temporary file beside ``target``, then move it into place: a reader
    never sees half a file, and a failed write leaves nothing behind but a clear StoreError."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(
            f"cannot write {target}: {exc.strerror or exc}. Check that the store folder is writable "
            "and that its disk has room (df -h), then run the build again: finished partitions are kept."
        ) from exc


def _part(store: Path, dataset: str, index: int, key: str) -> Path:
    return store / dataset / f"part-{index:05d}-{key}.parquet"


#: Folder of the store where the read step's inputs wait for their task (removed after it).
INPUTS = ".inputs"


def _write_inputs(store: Path, index: int, key: str, records: list[dict], metadata) -> Path:
    """Write one slice's input records and metadata rows for its read task, atomically, and
    return the file. A task is sent the file's name, not the records: Dask keeps the last
    thousand messages a client sends (``distributed.admin.low-level-log-length``), so records
    sent in the tasks stayed in the driver's memory for the whole build (about 60 MB at
    100,000 articles, growing with the corpus)."""
    target = store / INPUTS / f"part-{index:05d}-{key}.pickle"
    data = pickle.dumps((records, metadata), protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomically(target, lambda tmp: tmp.write_bytes(data))
    return target


def _read(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


# ------------------------------------------------------------------ the tasks (run in this process or on workers)
def scan_part(spec: dict) -> dict:
    """Read and decode one slice of pages; write its ``pages``, ``chrome`` (line keys counted
    for site chrome) and page report rows. Returns a small summary."""
    store, i, key = Path(spec["store"]), spec["index"], spec["key"]
    records, meta = pickle.loads(Path(spec["inputs"]).read_bytes())
    pages, report = read_pages(records, metadata=meta)
    pages = pages.infer_objects()  # typed columns for Parquet, as the in-memory articles table infers them
    rows = []
    for src, page in zip(pages["source"], pages["page_text"]):
        if isinstance(src, str):
            digest = hashlib.blake2b(page.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
            rows.append((src, digest, None))
            rows.extend((src, digest, k) for k in clean.chrome_candidates(page))
    chrome = pd.DataFrame(rows, columns=["source", "page_hash", "key"]).drop_duplicates()
    _write(report.astype(str).replace({"None": None}), _part(store, "report", i, "p" + key))
    _write(chrome, _part(store, "chrome", i, key))
    pages = pages.astype({"date": str}).replace({"None": None})
    # lines a database reader classified: (line_no, part, text, eol, role, rule) rows, kept as JSON
    pages["lines"] = [json.dumps(v) if isinstance(v, list) else None for v in pages["lines"]]
    # visible lines of an HTML page that the extractor left out, kept as JSON too
    pages["dropped"] = [json.dumps(v) if isinstance(v, list) else None for v in pages["dropped"]]
    pages["skip"] = pages["skip"].map(lambda v: v is True)
    _write(pages, _part(store, "pages", i, key))
    return {"index": i, "n": len(pages)}


def clean_part(spec: dict) -> dict:
    """Clean one slice of pages with the corpus-wide site chrome; write its ``articles``
    (``duplicate_of`` filled later), ``lines`` and report rows."""
    store, i, key = Path(spec["store"]), spec["index"], spec["key"]
    pages = _read(Path(spec["pages"]))
    pages["date"] = pages["date"].astype(object).where(pages["date"].notna(), None)
    pages["lines"] = [[tuple(r) for r in json.loads(v)] if isinstance(v, str) else None for v in pages["lines"]]
    pages["lines"] = pages["lines"].astype(object).where(pages["lines"].notna(), None)
    pages["dropped"] = [json.loads(v) if isinstance(v, str) else None for v in pages["dropped"]]
    part = clean_pages(pages, chrome=spec["chrome"], language=spec["language"])
    clear_line_caches()  # a worker then annotates: without this, both steps' memory would add up
    _write(part.report.astype(str).replace({"None": None}), _part(store, "report", i, "c" + key))
    _write(part.lines, _part(store, "lines", i, key))
    _write(part.articles, _part(store, "articles", i, key))
    return {"index": i, "n": len(part.articles), "words": int(part.articles["n_words"].sum())}


def annotate_part(spec: dict) -> dict:
    """Annotate one slice of articles; write its ``sentences`` and ``tokens``."""
    store, i, key = Path(spec["store"]), spec["index"], spec["key"]
    arts = _read(Path(spec["articles"]))
    ann = annotate(arts, entities=spec["entities"], cache=False, progress=False)
    _write(ann.sentences, _part(store, "sentences", i, key))
    _write(_plain(ann.tokens), _part(store, "tokens", i, key))
    return {"index": i, "n": len(arts), "words": int(arts["n_words"].sum())}


@lru_cache(maxsize=4)
def _gazetteer(path: str, digest: str):
    return load_actors(path)


@lru_cache(maxsize=4)
def _frames(path: str, digest: str):
    return load_frames(path)


def mentions_part(spec: dict) -> dict:
    """Find the mentions of one slice; write ``mentions``, ``titles``, and the per-article
    ``terms`` (lemma counts, with and without actor names) and ``frames`` counts."""
    _release_pipeline_on_worker()
    store, i, key = Path(spec["store"]), spec["index"], spec["key"]
    arts = _read(Path(spec["articles"]))
    sentences = _read(Path(spec["sentences"]))
    tokens = _read(Path(spec["tokens"]))
    gaz = _gazetteer(spec["actors"], spec["actors_hash"])
    opts = {"capitals_as": spec["capitals_as"], "count_roles": spec["count_roles"]}
    found = mentions(arts, sentences=sentences, actors=gaz, **opts)
    titles = title_mentions(arts, actors=gaz, **opts)
    terms = term_counts(tokens, articles=arts, by="doc_id")
    outside = term_counts(tokens, articles=arts, by="doc_id", mentions=found, drop_actors=True)
    terms = terms.merge(outside.rename(columns={"n": "n_without_actors"}), on=["doc_id", "lemma"], how="left")
    terms["n_without_actors"] = terms["n_without_actors"].fillna(0).astype("int64")
    frames = frame_counts(tokens, articles=arts, frames=_frames(spec["frames"], spec["frames_hash"]))
    _write(found, _part(store, "mentions", i, key))
    _write(titles, _part(store, "titles", i, key))
    _write(terms, _part(store, "terms", i, key))
    _write(frames, _part(store, "frames", i, key))
    return {"index": i, "n": len(arts), "words": int(arts["n_words"].sum())}


def _release_pipeline_on_worker() -> None:
    """On a Dask worker, the spaCy pipeline its annotation loaded is let go before it counts
    mentions, which need none: a worker then counts in about 330 MB instead of 460 (20
    partitions annotated, then 40 counted, in one process), while the next worker still
    annotates, so the cluster's peak is the annotation's. A build run in this process
    (``scheduler="sync"``) keeps its pipeline for the next annotation."""
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):  # not on a worker
        return
    if load_model.cache_info().currsize:
        release_models()


def _plain(tokens: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as strings: partitions with different categories read back as one table."""
    return tokens.astype({c: str for c in tokens.columns if isinstance(tokens[c].dtype, pd.CategoricalDtype)})


# ------------------------------------------------------------------ running tasks
#: Tasks a build keeps submitted to Dask at once (at least; four per worker on a larger
#: cluster): enough to keep every worker busy, few enough that the scheduler never holds the
#: specs of every slice of a large corpus.
TASKS_IN_FLIGHT = 32
@dataclass
class _Runner:
    """Runs a task over partition specs, in this process or on Dask workers, with a progress bar."""

    client: object | None
    progress: bool
    owned: object | None = None  # a LocalCluster we started, closed at the end

    def map(self, fn: Callable[[dict], dict], specs: list[dict], desc: str, unit_total: int) -> list[dict]:
        if not specs:
            return []
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(specs), desc=desc, unit="part")
        start, done_articles, results = time.monotonic(), 0, []

        def tick(result: dict) -> None:
            nonlocal done_articles
            results.append(result)
            done_articles += result.get("n", 0)
            if bar is not None:
                rate = done_articles / max(time.monotonic() - start, 1e-9)
                bar.set_postfix_str(f"{rate:,.0f} articles/s")
                bar.update(1)

        try:
            if self.client is None:
                for spec in specs:
                    tick(fn(spec))
            else:
                from dask.distributed import as_completed

                def submit(spec: dict):
                    # pure=False: a task's result is its file, not something to deduplicate; retries:
                    # a worker that dies loses only its partition, which is run again elsewhere
                    return self.client.submit(fn, spec, pure=False, retries=3, key=f"{desc}-{spec['index']}")

                # a window of tasks in flight, refilled as they finish: the scheduler (in the
                # driver on one machine) holds a few slices' specs, not every one of a large corpus
                pending = iter(specs)
                window = max(TASKS_IN_FLIGHT, 4 * len(self.client.scheduler_info().get("workers", {})))
                running = as_completed([submit(spec) for _, spec in zip(range(window), pending)])
                for future in running:
                    tick(future.result())
                    following = next(pending, None)
                    if following is not None:
                        running.add(submit(following))
        finally:
            if bar is not None:
                bar.close()
        return sorted(results, key=lambda r: r["index"])

    def close(self) -> None:
        if self.owned is not None:
            self.client.close()
            self.owned.close()


#: Dask workers sample their own call stacks every 10 ms for the dashboard's profile and keep
#: that history: about 70 MB a worker over 100 partitions of annotation and mentions (measured,
#: stop 22). A build never shows a dashboard, so the workers of a cluster the kit starts run
#: without it; on a cluster of your own, set DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def local_cluster(n_workers: int):
    """A ``dask.distributed.LocalCluster`` of ``n_workers`` single-threaded worker processes
    on this machine, as :func:`build` starts with ``scheduler="local"`` (workers without the
    profiler, :data:`WORKER_CONFIG`). Pass ``Client(local_cluster(n))`` as ``scheduler`` to set
    the number of workers yourself; close the cluster when done.

    >>> cluster = local_cluster(1)
    >>> len(cluster.workers)
    1
    >>> cluster.close()
    """
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)


def _free_cores() -> int:
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on every platform
        load = 0.0
    return max(1, int(n - load + 0.5))


def _runner(scheduler, progress: bool, n_parts: int) -> _Runner:
    if scheduler is None or scheduler == "auto":
        scheduler = "local" if _free_cores() > 1 and n_parts > 1 else "sync"
    if scheduler == "sync":
        return _Runner(client=None, progress=progress)
    from dask.distributed import Client

    if isinstance(scheduler, Client):
        return _Runner(client=scheduler, progress=progress)
    if scheduler == "local":
        cluster = local_cluster(_free_cores())
        return _Runner(client=Client(cluster), progress=progress, owned=cluster)
    if isinstance(scheduler, str):
        try:
            return _Runner(client=Client(scheduler, timeout="30s"), progress=progress)
        except OSError as exc:
            raise StoreError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}). Start it (dask scheduler), "
                "or pass scheduler='local' to use this machine's cores."
            ) from exc
    raise StoreError(
        f"scheduler must be 'auto', 'sync', 'local', a scheduler address such as 'tcp://host:8786' "
        f"or a dask.distributed Client, not {scheduler!r}."
    )


# ------------------------------------------------------------------ the lock
@contextlib.contextmanager
def _lock(store: Path):
    """One build at a time per store: a lock file naming the host and process that holds it."""
    lock = store / LOCK
    me = {"host": socket.gethostname(), "pid": os.getpid(), "since": time.time()}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                holder = json.loads(lock.read_text() or "{}")
            except (OSError, json.JSONDecodeError):
                holder = {}
            alive = holder.get("host") == me["host"] and paths.process_alive(int(holder.get("pid", -1)))
            if alive or holder.get("host") not in (None, me["host"]):
                raise StoreError(
                    f"another build (process {holder.get('pid')} on {holder.get('host')}) is writing to {store}; "
                    f"wait for it to finish. If it is no longer running, delete {lock}."
                ) from None
            lock.unlink(missing_ok=True)  # a build that died without removing its lock
            continue
        except OSError as exc:
            raise StoreError(f"cannot create {lock}: {exc.strerror or exc}. Is the store folder writable?") from exc
        with os.fdopen(fd, "w") as f:
            json.dump(me, f)
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


# ------------------------------------------------------------------ build
@dataclass
class BuildInfo:
    """What :func:`build` returns: the store folder, its manifest, and per step the
    partitions built and skipped (already there) with the seconds it took."""

    store: Path
    manifest: dict
    steps: pd.DataFrame


def build(
    corpus: str | os.PathLike,
    metadata: str | os.PathLike | None = None,
    *,
    store: str | os.PathLike,
    actors: str | os.PathLike | None = None,
    frames: str | os.PathLike | None = None,
    language: str = "fr",
    capitals_as: str = "state",
    count_roles: bool = True,
    entities: bool = True,
    partition_size: int = 500,
    scheduler=None,
    progress: bool | None = None,
) -> BuildInfo:
    """Build (or complete) the study store of ``corpus`` in the folder ``store``.

    ``metadata``, ``language`` as in :func:`kit.load`; ``actors`` (gazetteer path),
    ``capitals_as``, ``count_roles`` as in :func:`kit.mentions`; ``frames`` the frame
    lexicon path; ``entities`` runs named-entity recognition (for
    :func:`kit.unknown_entities`; ``False`` is about 1.6 times faster); ``partition_size``
    pages per partition. ``scheduler``: ``None``/``"auto"`` (a ``LocalCluster`` with one
    worker per free core when more than one is free, else this process), ``"sync"`` (this
    process), ``"local"``, a scheduler address (``"tcp://host:8786"``) or a
    ``dask.distributed.Client``; workers must see ``store`` at the same path (a shared
    filesystem). ``progress``: bars with partitions done, articles per second and time left
    (default on unless ``sync`` on a small corpus).

    >>> import tempfile
    >>> info = build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False)
    >>> info.steps[["step", "built", "skipped"]].values.tolist()[0]
    ['read', 1, 0]
    """
    if isinstance(corpus, pd.DataFrame) or isinstance(metadata, pd.DataFrame):
        raise StoreError(
            "build reads its corpus and metadata from disk, so that an interrupted build can resume from them: "
            "write a DataFrame to a file first (frame.to_parquet('articles.parquet'), meta.to_csv('metadata.csv', "
            "index=False)) and build from the files."
        )
    root = paths.resolve(store)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store folder {root}: {exc.strerror or exc}.") from exc
    if not os.access(root, os.W_OK):
        raise StoreError(f"the store folder {root} is not writable. Pass store= a folder you can write to.")
    found = list_inputs(corpus, metadata)
    records = found.records
    n_parts = max(1, -(-len(records) // partition_size))
    progress = progress if progress is not None else len(records) > 2000
    actors_path = str(paths.resolve(actors) if actors else paths.ACTORS_FILE)
    frames_path = str(paths.resolve(frames) if frames else paths.FRAMES_FILE)
    settings = {
        "store_version": STORE_VERSION,
        "kit_version": _kit_version(),
        "corpus": str(paths.resolve(corpus)),
        "metadata": str(found.metadata_path) if found.metadata_path else None,
        "language": language,
        "model": model_id(entities=entities),
        "entities": entities,
        "actors": actors_path,
        "actors_hash": _file_hash(actors_path),
        "frames": frames_path,
        "frames_hash": _file_hash(frames_path),
        "stopwords_hash": _file_hash(paths.STOPWORDS_FILE) if paths.STOPWORDS_FILE.exists() else None,
        "capitals_as": capitals_as,
        "count_roles": count_roles,
        "partition_size": partition_size,
    }
    steps = []
    with _lock(root):
        runner = _runner(scheduler, bool(progress), n_parts)
        try:
            # 1. read: one key per slice from its files' names, sizes and times and its metadata rows
            slices = [records[k : k + partition_size] for k in range(0, len(records), partition_size)] or [[]]
            meta = found.metadata
            specs = []
            for i, recs in enumerate(slices):
                ids = [r["doc_id"] for r in recs]
                rows = meta.reindex([d for d in ids if d in meta.index]) if meta is not None else None
                stats = [
                    (r["path"], *_stat(r["path"]))
                    if r["format"] in ("text", "html") and "bytes" not in r
                    else (r["path"], _hash({k: v for k, v in r.items() if k != "bytes"}))
                    for r in recs
                ]
                key = _hash(
                    settings["store_version"],
                    settings["kit_version"],
                    stats,
                    rows.to_json() if rows is not None else None,
                )
                # a slice already read needs no inputs: its task is skipped
                done = _part(root, "pages", i, key).exists()
                inputs = None if done else str(_write_inputs(root, i, key, recs, rows))
                specs.append({"store": str(root), "index": i, "key": key, "inputs": inputs})
            read_keys = [s["key"] for s in specs]
            steps.append(
                _step(runner, scan_part, specs, "read", [_part(root, "pages", s["index"], s["key"]) for s in specs])
            )
            del specs
            shutil.rmtree(root / INPUTS, ignore_errors=True)

            # 2. site chrome over the whole corpus, counted in DuckDB over the chrome partitions
            chrome = _site_chrome([_part(root, "chrome", i, k) for i, k in enumerate(read_keys)])
            seen_ids = set()
            for i, k in enumerate(read_keys):
                seen_ids.update(pq.read_table(_part(root, "pages", i, k), columns=["doc_id"])["doc_id"].to_pylist())
            extra_report = [found.report]
            if meta is not None:
                extra_report.append(unmatched_metadata(meta, seen_ids, found.metadata_path))
            # the input records and metadata of the whole corpus (about 1 kB an article) are not
            # needed past the read step: the pages partitions hold what the later steps read
            del seen_ids, slices, records, meta, found
            paths.return_freed_memory()

            # 3. clean, with the chrome of the slice's sources in its key
            specs = []
            for i, k in enumerate(read_keys):
                sources = pq.read_table(_part(root, "pages", i, k), columns=["source"])["source"].unique().to_pylist()
                mine = {s: chrome[s] for s in sources if s in chrome}
                key = _hash(k, sorted((s, sorted(v)) for s, v in mine.items()), language)
                specs.append(
                    {
                        "store": str(root),
                        "index": i,
                        "key": key,
                        "pages": str(_part(root, "pages", i, k)),
                        "chrome": mine,
                        "language": language,
                    }
                )
            clean_keys = [s["key"] for s in specs]
            steps.append(
                _step(
                    runner, clean_part, specs, "clean", [_part(root, "articles", s["index"], s["key"]) for s in specs]
                )
            )

            # 4. near-duplicates over the whole corpus, in corpus order (one pass, on the driver)
            t0 = time.monotonic()
            dup_key = _hash(clean_keys)
            dup_file = root / f"duplicates-{dup_key}.parquet"
            if not dup_file.exists():
                finder = clean.DuplicateFinder()
                rows = []
                for i, k in enumerate(clean_keys):
                    part = pq.read_table(_part(root, "articles", i, k), columns=["doc_id", "text"])
                    doc_ids = part["doc_id"].to_pylist()
                    rows.extend(zip(doc_ids, finder.add_many(doc_ids, part["text"].to_pylist())))
                del finder
                _write(pd.DataFrame(rows, columns=["doc_id", "duplicate_of"]).astype(object), dup_file)
                del rows  # one pair per article: not needed by the steps that follow
                paths.return_freed_memory()
                steps.append({"step": "duplicates", "built": 1, "skipped": 0, "seconds": time.monotonic() - t0})
            else:
                steps.append({"step": "duplicates", "built": 0, "skipped": 1, "seconds": time.monotonic() - t0})

            # 5. annotate
            specs = []
            for i, k in enumerate(clean_keys):
                key = _hash(k, settings["model"])
                specs.append(
                    {
                        "store": str(root),
                        "index": i,
                        "key": key,
                        "articles": str(_part(root, "articles", i, k)),
                        "entities": entities,
                    }
                )
            ann_keys = [s["key"] for s in specs]
            steps.append(
                _step(
                    runner,
                    annotate_part,
                    specs,
                    "annotate",
                    [_part(root, "tokens", s["index"], s["key"]) for s in specs],
                )
            )

            # 6. mentions, term and frame counts
            specs = []
            for i, (k, a) in enumerate(zip(clean_keys, ann_keys)):
                key = _hash(
                    a,
                    settings["actors_hash"],
                    settings["frames_hash"],
                    settings["stopwords_hash"],
                    capitals_as,
                    count_roles,
                )
                specs.append(
                    {
                        "store": str(root),
                        "index": i,
                        "key": key,
                        "articles": str(_part(root, "articles", i, k)),
                        "sentences": str(_part(root, "sentences", i, a)),
                        "tokens": str(_part(root, "tokens", i, a)),
                        "actors": actors_path,
                        "actors_hash": settings["actors_hash"],
                        "frames": frames_path,
                        "frames_hash": settings["frames_hash"],
                        "capitals_as": capitals_as,
                        "count_roles": count_roles,
                    }
                )
            mention_keys = [s["key"] for s in specs]
            steps.append(
                _step(
                    runner,
                    mentions_part,
                    specs,
                    "mentions",
                    [_part(root, "frames", s["index"], s["key"]) for s in specs],
                )
            )
        finally:
            runner.close()

        files = {
            "pages": [_part(root, "pages", i, k) for i, k in enumerate(read_keys)],
            "chrome": [_part(root, "chrome", i, k) for i, k in enumerate(read_keys)],
            "report": [_part(root, "report", i, "p" + k) for i, k in enumerate(read_keys)]
            + [_part(root, "report", i, "c" + k) for i, k in enumerate(clean_keys)],
            **{d: [_part(root, d, i, k) for i, k in enumerate(clean_keys)] for d in ("articles", "lines")},
            **{d: [_part(root, d, i, k) for i, k in enumerate(ann_keys)] for d in ("sentences", "tokens")},
            **{
                d: [_part(root, d, i, k) for i, k in enumerate(mention_keys)]
                for d in ("mentions", "titles", "terms", "frames")
            },
        }
        # the corpus-wide report rows: inputs, metadata rows without a page, duplicates, unknown sources
        thin = _duckdb().sql(_thin_articles_sql(files["articles"], dup_file)).df()
        report = pd.concat([*extra_report, corpus_report(thin)], ignore_index=True)
        report_file = root / f"report-{_hash(report.to_json())}.parquet"
        _write(report.astype(str).replace({"None": None, "nan": None}), report_file)
        files["report"].append(report_file)
        manifest = {
            **settings,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "n_articles": int(len(thin)),
            "n_partitions": len(read_keys),
            "duplicates": dup_file.name,
            "datasets": {d: [str(p.relative_to(root)) for p in ps] for d, ps in files.items()},
        }
        target = root / MANIFEST
        tmp = root / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            tmp.write_text(json.dumps(manifest, indent=2))
            os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(f"cannot write {target}: {exc.strerror or exc}. Is the disk full?") from exc
        _sweep(root, manifest)
    return BuildInfo(
        store=root, manifest=manifest, steps=pd.DataFrame(steps, columns=["step", "built", "skipped", "seconds"])
    )


def _stat(path: str) -> tuple:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def _step(runner: _Runner, fn, specs: list[dict], name: str, outputs: list[Path]) -> dict:
    t0 = time.monotonic()
    todo = [s for s, out in zip(specs, outputs) if not out.exists()]
    runner.map(fn, todo, name, len(todo))
    return {"step": name, "built": len(todo), "skipped": len(specs) - len(todo), "seconds": time.monotonic() - t0}


def _sweep(root: Path, manifest: dict) -> None:
    """Remove partitions of earlier builds that the manifest no longer lists."""
    keep = {root / p for ps in manifest["datasets"].values() for p in ps} | {root / manifest["duplicates"]}
    for d in DATASETS:
        for f in (root / d).glob("*.parquet") if (root / d).exists() else []:
            if f not in keep:
                f.unlink(missing_ok=True)
    for f in root.glob("duplicates-*.parquet"):
        if f not in keep:
            f.unlink(missing_ok=True)
    for f in root.glob("report-*.parquet"):
        if f not in keep:
            f.unlink(missing_ok=True)


def duckdb_settings(memory_limit: str | None = None, threads: int | None = None) -> dict[str, str | int]:
    """The DuckDB settings of a store's connection: ``memory_limit`` (default
    :data:`DUCKDB_MEMORY`, or the environment variable ``KIT_DUCKDB_MEMORY``), ``threads``
    (default :data:`DUCKDB_THREADS` or ``KIT_DUCKDB_THREADS``, at most the cores this process
    may use) and ``temp_directory``, a folder of this process under the cache folder
    (``<cache>/duckdb/<pid>``) where DuckDB spills what does not fit in the limit (it
    creates the folder only when it spills, and removes its files when the connection closes).

    >>> duckdb_settings("1GB", 1)["memory_limit"], duckdb_settings("1GB", 1)["threads"]
    ('1GB', 1)
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    memory = memory_limit or os.environ.get("KIT_DUCKDB_MEMORY") or DUCKDB_MEMORY
    try:
        n = int(threads or os.environ.get("KIT_DUCKDB_THREADS") or min(DUCKDB_THREADS, cores))
    except ValueError as exc:
        raise StoreError(f"KIT_DUCKDB_THREADS must be a whole number of threads, such as 2, not {exc}.") from None
    return {
        "memory_limit": str(memory),
        "threads": max(1, n),
        "temp_directory": str(paths.cache_dir() / "duckdb" / str(os.getpid())),
    }


def _duckdb(memory_limit: str | None = None, threads: int | None = None):
    import duckdb

    settings = duckdb_settings(memory_limit, threads)
    # DuckDB makes the spill folder itself but not its parent: on a new machine, with no
    # <cache>/duckdb yet, the first query past the memory limit failed with an IO error
    spill_parent = Path(settings["temp_directory"]).parent
    try:
        spill_parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create {spill_parent}, where DuckDB spills what does not fit in its memory limit "
            f"({exc.strerror or exc}). Set KIT_CACHE to a writable folder."
        ) from exc
    try:
        return duckdb.connect(config=settings)
    except (duckdb.Error, ValueError) as exc:
        raise StoreError(
            f"DuckDB refused the settings {settings} ({exc}). Give the memory limit as a size such as "
            "'512MB' or '2GB' (open_store(..., memory_limit=) or KIT_DUCKDB_MEMORY)."
        ) from exc


def _paths(files: Iterable[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


def _thin_articles_sql(files: list[Path], dup_file: Path) -> str:
    return (
        f"SELECT a.doc_id, a.path, d.duplicate_of, a.source_known, a.date_from "
        f"FROM read_parquet({_paths(files)}, filename=true, file_row_number=true) a "
        f"LEFT JOIN read_parquet({_paths([dup_file])}) d USING (doc_id) ORDER BY a.filename, a.file_row_number"
    )


def _site_chrome(files: list[Path]) -> dict[str, frozenset[str]]:
    """:func:`kit.clean.site_chrome` over the chrome partitions: per source, the keys found in
    at least :func:`kit.clean.chrome_threshold` of its distinct pages."""
    con = _duckdb()
    con.create_function("threshold", lambda n: clean.chrome_threshold(n), ["BIGINT"], "BIGINT")
    table = con.sql(
        f"""
        WITH c AS (SELECT * FROM read_parquet({_paths(files)})),
        n AS (SELECT source, count(DISTINCT page_hash) AS n_pages FROM c GROUP BY source),
        k AS (SELECT source, key, count(DISTINCT page_hash) AS n FROM c WHERE key IS NOT NULL GROUP BY source, key)
        SELECT k.source, k.key FROM k JOIN n USING (source)
        WHERE n.n_pages >= 2 AND k.n >= threshold(n.n_pages)
        """
    ).df()
    return {s: frozenset(g["key"]) for s, g in table.groupby("source", sort=False)}


# ------------------------------------------------------------------ reading
def is_store(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a study store folder (it holds a manifest).

    >>> is_store("data/sample")
    False
    """
    p = paths.resolve(path)
    return p.is_dir() and (p / MANIFEST).is_file()


def _concat(tables: list[pa.Table], columns: list[str] | None = None) -> pd.DataFrame:
    """Partitions' tables as one pandas table (an empty one of ``columns`` when there is none)."""
    tables = [t for t in tables if t.num_rows] or tables[:1]
    if not tables:
        return pd.DataFrame(columns=columns or [])
    schema = tables[0].schema
    out = pa.concat_tables(
        [t.cast(schema) if not t.schema.equals(schema) else t for t in tables], promote_options="default"
    ).to_pandas()
    pa.default_memory_pool().release_unused()  # give back what Arrow's pool kept of the partitions read
    return out


def _term_rows(table: pa.Table, terms: list[str], first: int | None) -> pa.Table:
    """The rows of one partition of the tokens that :func:`kit.term_tokens` keeps, found on
    its ``lemma`` and ``text`` columns alone, then taken whole from the Arrow table."""
    if not table.num_rows:
        return table
    words = pd.DataFrame(
        {"lemma": table["lemma"].to_pandas(), "text": table["text"].to_pandas(), "row": range(table.num_rows)}
    )
    return table.take(pa.array(term_tokens(words, terms, first=first)["row"].to_numpy()))


def _categorical(tokens: pd.DataFrame) -> pd.DataFrame:
    """A tokens table read from the store with its tag columns categorical, as :func:`kit.annotate` gives them."""
    for c in ("pos", "ent_type", "ent_iob"):
        if c in tokens:
            tokens[c] = tokens[c].astype("category")
    return tokens


class _ReadOnFirstUse:
    """Tables read from the store the first time they are asked for (``_read``: name -> reader)."""

    _read: dict[str, Callable[[], pd.DataFrame]]
    _tables: dict[str, pd.DataFrame]

    def _get(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = self._read[name]()
        return self._tables[name]


def _table_read_on_first_use(name: str) -> property:
    return property(lambda self: self._get(name), lambda self, v: self._tables.__setitem__(name, v))


class _LazyCorpus(_ReadOnFirstUse, Corpus):
    """A :class:`kit.Corpus` whose ``articles`` and ``lines`` tables are read from the store on first use."""

    def __init__(
        self,
        articles: Callable[[], pd.DataFrame],
        lines: Callable[[], pd.DataFrame],
        report: pd.DataFrame,
        line_pieces: Callable[..., Iterable[pd.DataFrame]],
    ):
        self.report, self._read = report, {"articles": articles, "lines": lines}
        self._tables = {}
        self._line_pieces = line_pieces  # the lines, partition by partition (see the methods below)

    articles = _table_read_on_first_use("articles")
    lines = _table_read_on_first_use("lines")

    def _streamed(self) -> bool:  # once the whole lines table is read, it answers
        return "lines" not in self._tables

    def role_summary(self, *, by: str = "source") -> pd.DataFrame:
        if not self._streamed():
            return super().role_summary(by=by)
        groups = self.articles[["doc_id", by]] if by in self.articles else None
        parts = [role_summary(piece, articles=groups, by=by) for piece in self._line_pieces()]
        parts = [p for p in parts if len(p)]
        if not parts:
            return role_summary(pd.DataFrame(), by=by)
        summed = pd.concat(parts).groupby([by, "role", "kept"], sort=True)[["n_lines", "n_words"]].sum()
        return summed.reset_index()[[by, "role", "kept", "n_lines", "n_words"]]

    def least_sure(self, *, top: int = 20, by: str | None = None) -> pd.DataFrame:
        if not self._streamed():
            return super().least_sure(top=top, by=by)
        # each partition's least sure lines, in corpus order, hold the corpus's: the stable sort
        # by p of their union then picks the same lines as over the whole table
        parts = [least_sure(piece, top=top, by=by) for piece in self._line_pieces()]
        parts = [p for p in parts if len(p)]
        return least_sure(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(), top=top, by=by)

    def page_lines(self, doc_id: str) -> pd.DataFrame:
        if not self._streamed():
            return super().page_lines(doc_id)
        pieces = list(self._line_pieces(doc_ids=[doc_id]))  # each partition filtered as it is read
        found = [p for p in pieces if len(p)] or pieces[:1]
        return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=LINE_COLUMNS)


class _LazyAnnotation(_ReadOnFirstUse, Annotation):
    """A :class:`kit.Annotation` whose ``sentences`` and ``tokens`` are read from the store on first use."""

    def __init__(self, sentences: Callable[[], pd.DataFrame], tokens: Callable[[], pd.DataFrame]):
        self._read = {"sentences": sentences, "tokens": tokens}
        self._tables = {}
        self.report = pd.DataFrame(columns=REPORT_COLUMNS)

    sentences = _table_read_on_first_use("sentences")
    tokens = _table_read_on_first_use("tokens")


class Store:
    """A study store opened for reading (:func:`open_store`): its tables as pandas, and
    aggregations computed in DuckDB over the Parquet files, equal to the in-memory functions'.

    ``manifest`` says what is in it and how it was built.
    """

    def __init__(self, root: Path, *, memory_limit: str | None = None, threads: int | None = None):
        self.root = root
        self.duckdb = duckdb_settings(memory_limit, threads)  # the connection's memory limit, threads, spill folder
        try:
            self.manifest = json.loads((root / MANIFEST).read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(
                f"{root} is not a study store (no readable {MANIFEST}). Build one with "
                f"python -m kit build --corpus PATH --store {root}."
            ) from exc
        if self.manifest.get("store_version") != STORE_VERSION:
            raise StoreError(
                f"{root} was built by another version of the kit's store ({self.manifest.get('store_version')}, "
                f"this kit reads {STORE_VERSION}). Run the build again to update it."
            )
        self._con = None

    def __repr__(self) -> str:
        m = self.manifest
        return f"Store({str(self.root)!r}: {m['n_articles']} articles in {m['n_partitions']} partitions, {m['model']})"

    # -- files and SQL
    def files(self, dataset: str) -> list[Path]:
        """The Parquet files of ``dataset``, in corpus order."""
        if dataset not in self.manifest["datasets"]:
            raise StoreError(
                f"{dataset!r} is not a dataset of {self.root} (it has: {', '.join(self.manifest['datasets'])})."
            )
        found = [self.root / p for p in self.manifest["datasets"][dataset]]
        missing = [f for f in found if not f.exists()]
        if missing:
            raise StoreError(f"{missing[0]} is missing from the store: run the build again to rebuild it.")
        return found

    @property
    def con(self):
        """A DuckDB connection with one view per dataset (``articles`` with ``duplicate_of`` joined)."""
        if self._con is None:
            con = _duckdb(self.duckdb["memory_limit"], self.duckdb["threads"])
            for d in self.manifest["datasets"]:
                if d != "articles":
                    con.sql(
                        f"CREATE VIEW {d} AS SELECT * FROM read_parquet({_paths(self.files(d))}, union_by_name=true)"
                    )
            cols = ", ".join(f"a.{c}" if c != "duplicate_of" else "d.duplicate_of" for c in ARTICLE_COLUMNS)
            dup = _paths([self.root / self.manifest["duplicates"]])
            con.sql(
                f"CREATE VIEW articles AS SELECT {cols} FROM read_parquet({_paths(self.files('articles'))}, "
                f"filename=true, file_row_number=true) a LEFT JOIN read_parquet({dup}) d "
                "USING (doc_id) ORDER BY a.filename, a.file_row_number"
            )
            self._con = con
        return self._con

    def sql(self, query: str) -> pd.DataFrame:
        """Any SQL over the store's views (``articles``, ``tokens``, ``mentions``...), as pandas.

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> int(s.sql("SELECT count(*) AS n FROM tokens")["n"].iloc[0]) > 1500
        True
        """
        return self.con.sql(query).df()

    # -- whole tables
    def table(
        self,
        dataset: str,
        *,
        columns: list[str] | None = None,
        doc_ids: Iterable[str] | None = None,
        filters: list[tuple] | None = None,
    ) -> pd.DataFrame:
        """One dataset read into pandas, in corpus order (mind the memory on a large store):
        only ``columns`` if given, only the rows of ``doc_ids`` and those passing ``filters``
        (``pyarrow.parquet`` filters, e.g. ``[("ent_iob", "in", ["B", "I"])]``) if given, each
        partition filtered as it is read, so the rows left out are never held in memory."""
        return _concat(list(self._pieces(dataset, columns=columns, doc_ids=doc_ids, filters=filters)), columns)

    def _pieces(
        self,
        dataset: str,
        *,
        columns: list[str] | None = None,
        doc_ids: Iterable[str] | None = None,
        filters: list[tuple] | None = None,
    ) -> Iterable[pa.Table]:
        """Each partition of ``dataset`` as an Arrow table, filtered as it is read (see :meth:`table`)."""
        keep = pa.array(sorted(set(doc_ids)), pa.string()) if doc_ids is not None else None
        for f in self.files(dataset):
            t = pq.read_table(f, columns=columns, filters=filters)
            if keep is not None:
                t = t.filter(pc.is_in(t["doc_id"].cast(pa.string()), value_set=keep))
            yield t

    def articles(self, *, raw: bool = True) -> pd.DataFrame:
        """The articles table, as :func:`kit.load` returns it (without the ``raw`` page text if
        ``raw=False``: the largest column, which no analysis reads).

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> "raw" in s.articles(), "raw" in s.articles(raw=False)
        (True, False)
        """
        columns = ARTICLE_COLUMNS if raw else [c for c in ARTICLE_COLUMNS if c != "raw"]
        arts = self.table("articles", columns=[c for c in columns if c != "duplicate_of"])
        dup = pq.read_table(self.root / self.manifest["duplicates"]).to_pandas().set_index("doc_id")["duplicate_of"]
        arts["duplicate_of"] = arts["doc_id"].map(dup).astype(object) if len(arts) else None
        arts["duplicate_of"] = arts["duplicate_of"].where(arts["duplicate_of"].notna(), None)
        return arts[columns]

    def report(self) -> pd.DataFrame:
        """The load report (rows grouped by step rather than in :func:`kit.load`'s order)."""
        return self.table("report")[REPORT_COLUMNS].reset_index(drop=True)

    def corpus(self) -> Corpus:
        """Articles, lines and load report, as :func:`kit.load` returns them; the articles and
        lines tables (one row per raw line: the largest) are read when first asked for."""
        def line_pieces(doc_ids: Iterable[str] | None = None) -> Iterable[pd.DataFrame]:
            for piece in self._pieces("lines", doc_ids=doc_ids):
                yield _concat([piece])

        return _LazyCorpus(self.articles, lambda: self.table("lines"), self.report(), line_pieces)

    def annotation(self, *, doc_ids: Iterable[str] | None = None) -> Annotation:
        """Sentences and tokens, as :func:`kit.annotate` returns them (of ``doc_ids`` only, if
        given); each table is read when first asked for, so a notebook that uses only the
        sentences never holds the tokens."""
        kept = list(doc_ids) if doc_ids is not None else None

        def tokens() -> pd.DataFrame:
            return _categorical(self.table("tokens", doc_ids=kept).reset_index(drop=True))

        return _LazyAnnotation(lambda: self.table("sentences", doc_ids=kept).reset_index(drop=True), tokens)

    def term_tokens(
        self, terms: Iterable[str], *, doc_ids: Iterable[str] | None = None, first: int | None = None
    ) -> pd.DataFrame:
        """:func:`kit.term_tokens` of the store's tokens table (of the articles ``doc_ids``
        only, if given): the tokens whose lemma or form, folded, is one of ``terms`` (the first
        ``first`` of each lemma, with ``first``), with the columns and rows of
        ``term_tokens(store.annotation().tokens, terms)``. Each partition is filtered as it is
        read, so only the few words' tokens are ever held, whatever the size of the store
        (categorical columns hold only the categories of the rows returned).

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> len(s.term_tokens(["sanction"]))
        2
        """
        terms = list(terms)
        # each partition's own first rows of a lemma include the store's first ones
        tokens = _concat([_term_rows(t, terms, first) for t in self._pieces("tokens", doc_ids=doc_ids)])
        if first is not None:
            tokens = term_tokens(tokens, terms, first=first)
        return _categorical(tokens.reset_index(drop=True))

    def mentions(self) -> pd.DataFrame:
        """The mentions table, as :func:`kit.mentions` returns it with the build's gazetteer."""
        return self.table("mentions")

    def titles(self) -> pd.DataFrame:
        """Mentions in titles, as :func:`kit.title_mentions` returns them."""
        return self.table("titles")

    # -- aggregations in DuckDB
    def _group(self, by: str) -> str:
        if by not in ARTICLE_COLUMNS:
            raise StoreError(
                f"by={by!r} is not a column of the store's articles table (it has: {', '.join(ARTICLE_COLUMNS)})."
            )
        return by

    def mention_rates(self, *, by: str = "source", min_mentions: int = 0) -> pd.DataFrame:
        """:func:`kit.mention_rates` over the whole store, counted in DuckDB.

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> int(s.mention_rates(by="source").query("actor_id == 'lavrov'")["n_articles_naming"].sum())
        3
        """
        by = self._group(by)
        columns = [by, *RATE_COLUMNS]
        con = self.con
        actors = con.sql(
            f"""
            WITH m AS (SELECT actor_id, actor, actor_type, filename, file_row_number
                       FROM read_parquet({_paths(self.files("mentions"))}, filename=true, file_row_number=true)),
            t AS (SELECT actor_id, count(*) AS n FROM m GROUP BY actor_id)
            SELECT m.actor_id, arg_min(actor, (filename, file_row_number)) AS actor,
                   arg_min(actor_type, (filename, file_row_number)) AS actor_type
            FROM m JOIN t USING (actor_id) WHERE t.n >= {int(min_mentions)}
            GROUP BY m.actor_id ORDER BY min((filename, file_row_number))
            """
        ).df()
        groups = con.sql(
            f"SELECT {by}, sum(n_words) AS n_words, count(DISTINCT doc_id) AS n_articles FROM articles "
            f"WHERE {by} IS NOT NULL GROUP BY {by} ORDER BY {by}"
        ).df()
        if actors.empty or groups.empty:
            return pd.DataFrame(columns=columns)
        counts = con.sql(
            f"""SELECT a.{by}, m.actor_id, count(*) AS n_mentions, count(DISTINCT m.doc_id) AS n_articles_naming
            FROM mentions m JOIN articles a USING (doc_id) WHERE a.{by} IS NOT NULL GROUP BY ALL"""
        ).df()
        grid = pd.MultiIndex.from_product([groups[by], actors["actor_id"]], names=[by, "actor_id"])
        out = (
            counts.set_index([by, "actor_id"])[["n_mentions", "n_articles_naming"]]
            .astype("int64")
            .reindex(grid, fill_value=0)
            .reset_index()
        )
        out = out.join(actors.set_index("actor_id"), on="actor_id").join(groups.set_index(by).astype("int64"), on=by)
        out["per_1000_words"] = (1000 * out["n_mentions"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
        out["share_articles"] = out["n_articles_naming"] / out["n_articles"]
        return (
            out[columns].sort_values([by, "n_mentions"], ascending=[True, False], kind="stable").reset_index(drop=True)
        )

    def cooccurrence(self, *, unit: str = "sentence", by: str | None = None, min_count: int = 1) -> pd.DataFrame:
        """:func:`kit.cooccurrence` over the whole store (N from the sentences or articles
        table), with units and pairs counted in DuckDB.

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> s.cooccurrence().iloc[0][["actor_a", "actor_b"]].tolist()
        ['Corée du Nord', 'Russie']
        """
        if unit not in UNITS:
            raise KitError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}.")
        columns = ([by] if by else []) + PAIR_COLUMNS
        con = self.con
        g = f"a.{self._group(by)}" if by else "NULL"
        unit_key = {
            "sentence": "m.doc_id || '#' || CAST(m.sent_id AS VARCHAR)",
            "paragraph": "m.doc_id || '#p' || CAST(s.para_id AS VARCHAR)",
            "article": "m.doc_id",
        }[unit]
        join_s = "JOIN sentences s ON s.doc_id = m.doc_id AND s.sent_id = m.sent_id" if unit == "paragraph" else ""
        con.sql(
            f"""CREATE OR REPLACE TEMP TABLE present AS
            SELECT DISTINCT {g} AS grp, {unit_key} AS unit, m.actor_id
            FROM mentions m JOIN articles a USING (doc_id) {join_s}"""
        )
        names = con.sql("SELECT actor_id, any_value(actor) AS actor FROM mentions GROUP BY actor_id").df()
        names = names.set_index("actor_id")["actor"]
        per_actor = con.sql("SELECT grp, actor_id, count(*) AS n FROM present GROUP BY ALL").df()
        pairs = con.sql(
            """SELECT x.grp, x.actor_id AS actor_id_a, y.actor_id AS actor_id_b, count(*) AS n
            FROM present x JOIN present y ON x.unit = y.unit AND x.grp IS NOT DISTINCT FROM y.grp
            WHERE x.actor_id < y.actor_id GROUP BY ALL ORDER BY x.grp, actor_id_a, actor_id_b"""
        ).df()
        n_units_sql = {
            "sentence": "SELECT {g} AS grp, count(*) AS n FROM sentences s JOIN articles a USING (doc_id) GROUP BY ALL",
            "paragraph": "SELECT {g} AS grp, count(DISTINCT (s.doc_id, s.para_id)) AS n "
            "FROM sentences s JOIN articles a USING (doc_id) GROUP BY ALL",
            "article": "SELECT {g} AS grp, count(*) AS n FROM articles a GROUP BY ALL",
        }[unit].format(g=g)
        n_units = con.sql(n_units_sql).df()
        n_units = dict(zip(n_units["grp"], n_units["n"]))
        frames = []
        group_names = sorted(per_actor["grp"].dropna().unique()) if by else [None]
        for name in group_names:
            sel = per_actor["grp"] == name if by else per_actor["grp"].isna()
            counts = pairs[pairs["grp"] == name] if by else pairs
            out = pair_measures(
                counts.astype({"n": "int64"}),
                per_actor=per_actor[sel].set_index("actor_id")["n"].astype("int64"),
                names=names,
                n_units=int(n_units.get(name if by else next(iter(n_units), None), 0)),
            )
            if by:
                out.insert(0, by, name)
            frames.append(out)
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        out = out[out["n"] >= min_count]
        sort = ([by] if by else []) + ["n", "npmi"]
        return out.sort_values(sort, ascending=[True] * bool(by) + [False, False], kind="stable").reset_index(
            drop=True
        )[columns]

    def _only(self, doc_ids: Iterable[str] | None, column: str = "doc_id") -> str:
        """A SQL condition on ``column`` keeping ``doc_ids`` (all rows when ``None``)."""
        if doc_ids is None:
            return "TRUE"
        kept = pa.table({"doc_id": pa.array(sorted(set(doc_ids)), pa.string())})
        self.con.register("kept_ids", kept)
        return f"{column} IN (SELECT doc_id FROM kept_ids)"

    def term_counts(
        self, *, by: str = "source", drop_actors: bool = False, doc_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """:func:`kit.term_counts` (lemmas, default filters; ``drop_actors`` with the build's
        mentions) over the whole store, or over the articles ``doc_ids``, summed in DuckDB from
        per-article counts.

        >>> import tempfile
        >>> s = open_store(build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store)
        >>> int(s.term_counts(by="doc_id").query("lemma == 'rapprochement'")["n"].sum())
        4
        """
        by = self._group(by)
        n = "n_without_actors" if drop_actors else "n"
        only = self._only(doc_ids, "t.doc_id")
        out = self.sql(
            f"""SELECT a.{by}, t.lemma, sum(t.{n}) AS n FROM terms t JOIN articles a USING (doc_id)
            WHERE a.{by} IS NOT NULL AND {only} GROUP BY ALL HAVING sum(t.{n}) > 0"""
        )
        out["n"] = out["n"].astype("int64")
        return out.sort_values([by, "n", "lemma"], ascending=[True, False, True], kind="stable").reset_index(drop=True)[
            [by, "lemma", "n"]
        ]

    def frame_shares(
        self,
        *,
        by: str = "source",
        n_boot: int = 1000,
        ci: float = 0.95,
        seed: int = 0,
        doc_ids: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """:func:`kit.frame_shares` over the whole store (or the articles ``doc_ids``), from
        the per-article frame counts (one row per article and frame: small even for a large corpus)."""
        by = self._group(by)
        only = self._only(doc_ids)
        counts = self.table("frames", doc_ids=doc_ids)  # in corpus order: the bootstrap draws by row
        arts = self.sql(f"SELECT doc_id, {by} FROM articles WHERE {only}")
        return shares_from_counts(counts, articles=arts, by=by, n_boot=n_boot, ci=ci, seed=seed)


def open_store(path: str | os.PathLike, *, memory_limit: str | None = None, threads: int | None = None) -> Store:
    """Open a study store built by :func:`build` (``python -m kit build``). Its DuckDB
    connection uses at most ``memory_limit`` of memory (default :data:`DUCKDB_MEMORY`, or
    ``KIT_DUCKDB_MEMORY``; beyond it DuckDB spills to the cache folder) and ``threads``
    threads (default :data:`DUCKDB_THREADS`, or ``KIT_DUCKDB_THREADS``): see :func:`duckdb_settings`.

    >>> import tempfile
    >>> folder = build("data/sample", store=tempfile.mkdtemp(), scheduler="sync", progress=False).store
    >>> open_store(folder).manifest["n_articles"]
    5
    """
    root = paths.resolve(path)
    if not root.is_dir():
        raise StoreError(
            f"store folder {root} does not exist. Build it with python -m kit build --corpus PATH --store {root}."
        )
    return Store(root, memory_limit=memory_limit, threads=threads)
