"""What does every notebook start from? One call from a corpus path to the tidy tables.

:func:`study` loads a corpus, selects the articles to analyse, annotates them (from the
disk cache when it can) and finds actor mentions in their text and titles: the six lines
every notebook would otherwise repeat. Each step is an ordinary public function
(:func:`kit.load`, :func:`kit.select_articles`, :func:`kit.annotate`, :func:`kit.mentions`,
:func:`kit.title_mentions`), so a researcher can run them one by one instead.

>>> s = study("data/sample")
>>> len(s.articles), s.selection.note, int((s.mentions["actor_id"] == "putin").sum())
(5, 'All 5 articles kept.', 20)
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kit import paths
from kit.actors import Gazetteer, load_actors, mentions, title_mentions, unknown_entities
from kit.corpus import Corpus, Selection, select_articles
from kit.corpus import load as load_pages
from kit.errors import CorpusError, missing_table
from kit.keyness import term_counts, term_tokens
from kit.lexicons import frame_shares, load_frames
from kit.nlp import Annotation, annotate
from kit.store import Store, is_store, open_store


@dataclass
class Study:
    """What :func:`study` returns: every table a notebook starts from.

    ``corpus`` (all articles, lines, load report), ``selection`` (the articles kept and
    those set aside), ``articles`` (= ``selection.articles``), ``annotation`` (sentences
    and tokens), ``gazetteer``, ``mentions`` (in the text) and ``titles`` (mentions in the titles).
    """

    corpus: Corpus
    selection: Selection
    annotation: Annotation
    gazetteer: Gazetteer
    mentions: pd.DataFrame
    titles: pd.DataFrame
    store: Store | None = None  # the study store the tables were read from, if any
    store_mentions: bool = False  # whether ``mentions`` are the store build's (same gazetteer and options)

    @property
    def articles(self) -> pd.DataFrame:
        """The articles analysed (those the selection kept)."""
        return self.selection.articles

    def term_counts(self, *, by: str = "source", drop_actors: bool = False) -> pd.DataFrame:
        """:func:`kit.term_counts` of the articles analysed (lemmas, default filters; actor
        names left out with ``drop_actors``): ``by, lemma, n``. On a study store, summed in
        DuckDB from the build's per-article counts, so the tokens table is never read.

        >>> s = study("data/sample")
        >>> int(s.term_counts(by="doc_id").query("lemma == 'rapprochement'")["n"].sum())
        4
        """
        if self.store is not None and (self.store_mentions or not drop_actors):
            return self.store.term_counts(by=by, drop_actors=drop_actors, doc_ids=self.articles["doc_id"])
        return term_counts(
            self.annotation.tokens, articles=self.articles, by=by, mentions=self.mentions, drop_actors=drop_actors
        )

    def frame_shares(
        self, *, frames: str | os.PathLike | None = None, by: str = "source", n_boot: int = 1000, seed: int = 0
    ) -> pd.DataFrame:
        """:func:`kit.frame_shares` of the articles analysed, with the frame lexicon file
        ``frames`` (default ``data/frames.yml``). On a study store built with the same lexicon,
        from the build's per-article frame counts, so the tokens table is never read.

        >>> s = study("data/sample")
        >>> sorted(s.frame_shares(n_boot=50)["frame"].unique())[:2]
        ['diplomatic', 'economic']
        """
        path = paths.resolve(frames) if frames else paths.FRAMES_FILE
        if self.store is not None and _digest(path) == self.store.manifest["frames_hash"]:
            return self.store.frame_shares(by=by, n_boot=n_boot, seed=seed, doc_ids=self.articles["doc_id"])
        return frame_shares(
            self.annotation.tokens, articles=self.articles, frames=load_frames(path), by=by, n_boot=n_boot, seed=seed
        )

    def term_tokens(
        self, terms: Iterable[str], *, first: int | None = None, doc_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """:func:`kit.term_tokens` of the articles analysed (of those of ``doc_ids`` only, if
        given): the tokens whose lemma or form, folded, is one of ``terms`` (the first ``first``
        of each lemma, with ``first``). On a study store, only these tokens are read, partition
        by partition, so a notebook that shows a few words never holds the whole tokens table.
        The explorers take this method in place of a tokens table
        (``kit.explore.terms(keyed, tokens=study.term_tokens, ...)``).

        >>> s = study("data/sample")
        >>> s.term_tokens(["sanction"])["text"].tolist()
        ['sanctions', 'sanctions']
        """
        if self.store is not None:
            kept = self.articles["doc_id"]
            wanted = kept if doc_ids is None else kept[kept.isin(set(doc_ids))]
            return self.store.term_tokens(terms, doc_ids=wanted, first=first)
        tokens = self.annotation.tokens
        if doc_ids is not None:
            tokens = tokens[tokens["doc_id"].isin(set(doc_ids))]
        return term_tokens(tokens, terms, first=first)

    def unknown_entities(self, *, labels: tuple[str, ...] = ("PER", "ORG"), min_count: int = 1) -> pd.DataFrame:
        """:func:`kit.unknown_entities` of the articles analysed: ``entity, label, n,
        n_articles, example_doc``. On a study store, only the tokens inside entities are read.

        >>> s = study("data/sample", entities=True)
        >>> list(s.unknown_entities().columns)
        ['entity', 'label', 'n', 'n_articles', 'example_doc']
        """
        tokens = self.annotation.tokens if self.store is None else None
        if self.store is not None:
            if not self.store.manifest["entities"]:
                raise missing_table(
                    "kit.unknown_entities",
                    "tokens",
                    f"the store {self.store.root} was built without named entities. Build it again with "
                    "python -m kit build --entities (the steps before annotation are kept)",
                )
            # tokens outside entities (ent_iob O) only close an entity, which the next B does too
            tokens = self.store.table(
                "tokens", doc_ids=self.articles["doc_id"], filters=[("ent_iob", "in", ["B", "I"])]
            )
        return unknown_entities(tokens, mentions=self.mentions, labels=labels, min_count=min_count)


def _digest(path: Path) -> str | None:
    return hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest() if path.is_file() else None


def load(
    path: str | os.PathLike | pd.DataFrame = paths.SAMPLE_CORPUS,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    **options,
) -> Corpus:
    """The corpus at ``path``: articles, every raw line with its role, and the load report.

    ``path`` is what :func:`kit.corpus.load` reads (a folder of pages and exports, one page,
    one table file, or a DataFrame of articles with a ``text`` column; ``metadata`` and
    ``options`` are passed to it, see its documentation), or a
    study store folder built by :func:`kit.build`, whose tables are read from disk (the lines
    table when first asked for), so notebook 01 runs on a store as on a folder.

    >>> corpus = load("data/sample")
    >>> len(corpus.articles), sorted(corpus.lines["role"].unique())[:3]
    (5, ['author_bio', 'body', 'caption'])
    """
    if isinstance(path, (str, os.PathLike)) and is_store(path):
        if isinstance(metadata, pd.DataFrame) or metadata or options:
            raise CorpusError(
                f"{path} is a study store: its metadata and loading options were fixed when it was built. "
                "Load it without them, or build the store again with the new ones (python -m kit build)."
            )
        return open_store(path).corpus()
    return load_pages(path, metadata, **options)


def study(
    corpus: str | os.PathLike | pd.DataFrame = paths.SAMPLE_CORPUS,
    metadata: str | os.PathLike | pd.DataFrame | None = None,
    *,
    actors: Gazetteer | str | os.PathLike | None = None,
    language: str | None = "fr",
    drop_duplicates: bool = True,
    capitals_as: str = "state",
    count_roles: bool = True,
    n_process: int = 1,
    entities: bool = False,
    cleaning: str = "model",
) -> Study:
    """Load, select, annotate and find mentions in one call.

    ``corpus`` is what :func:`kit.load` reads (a folder, a file, a DataFrame of articles), or
    a study store folder (:func:`kit.build`): its tables are read
    from disk (no spaCy), and mentions are found again only if ``actors``, ``capitals_as``
    or ``count_roles`` differ from the build's.
    ``corpus``, ``metadata``, ``cleaning`` and ``n_process`` are passed to :func:`kit.load`
    (an empty ``metadata`` means none; a store is always cleaned by the line model);
    ``language`` and ``drop_duplicates`` to :func:`kit.select_articles`; ``actors``,
    ``capitals_as`` and ``count_roles`` to :func:`kit.mentions`; ``n_process`` and
    ``entities`` (named entities, for :func:`kit.unknown_entities`) to :func:`kit.annotate`.
    Relative paths are taken from the working directory, else from the project root (so a
    notebook in ``notebooks/`` can say ``data/sample``).

    >>> s = study("data/sample", actors="data/actors.yml")
    >>> sorted(s.titles.query("actor_id == 'putin'")["doc_id"].str[:3])
    ['000', '002', '004']
    """
    if isinstance(corpus, (str, os.PathLike)) and is_store(corpus):
        if cleaning != "model":
            raise CorpusError(f"{corpus} is a study store, cleaned by the line model: study its corpus folder instead.")
        return _from_store(
            open_store(corpus),
            actors=actors,
            language=language,
            drop_duplicates=drop_duplicates,
            capitals_as=capitals_as,
            count_roles=count_roles,
            entities=entities,
        )
    given = metadata if isinstance(metadata, pd.DataFrame) else metadata or None
    loaded = load_pages(corpus, given, cleaning=cleaning, n_process=n_process)
    selection = select_articles(loaded.articles, language=language, drop_duplicates=drop_duplicates)
    gazetteer = actors if isinstance(actors, Gazetteer) else load_actors(paths.resolve(actors) if actors else None)
    annotation = annotate(selection.articles, n_process=n_process, entities=entities)
    found = mentions(
        selection.articles,
        sentences=annotation.sentences,
        actors=gazetteer,
        capitals_as=capitals_as,
        count_roles=count_roles,
    )
    titles = title_mentions(selection.articles, actors=gazetteer, capitals_as=capitals_as, count_roles=count_roles)
    return Study(
        corpus=loaded, selection=selection, annotation=annotation, gazetteer=gazetteer, mentions=found, titles=titles
    )


def _from_store(store: Store, *, actors, language, drop_duplicates, capitals_as, count_roles, entities) -> Study:
    """The Study of a store: its tables read from disk, the selection applied."""
    m = store.manifest
    if entities and not m["entities"]:
        # a warning, not an error: every other table of the store is usable; kit.unknown_entities
        # says again what is missing if it is called
        warnings.warn(
            f"the store {store.root} was built without named entities, which kit.unknown_entities needs. "
            "Rebuild it with python -m kit build --entities (finished steps are kept), or pass entities=False.",
            stacklevel=3,
        )
    # the corpus's articles and lines are read again if a notebook asks for them: a study holds
    # the kept articles only, not a second copy of them all
    loaded = store.corpus()
    # nothing downstream reads an article's raw page (it is on average the largest column: the
    # whole page, boilerplate and all), so a study of a store holds the articles without it;
    # study.corpus.articles has it
    selection = select_articles(store.articles(raw=False), language=language, drop_duplicates=drop_duplicates)
    kept = set(selection.articles["doc_id"])
    # read when a notebook first asks, and only the kept articles' rows: tokens are the largest table
    ann = store.annotation(doc_ids=kept if len(kept) < store.manifest["n_articles"] else None)
    same = (
        not isinstance(actors, Gazetteer)
        and str(paths.resolve(actors) if actors else paths.ACTORS_FILE) == m["actors"]
        and Path(m["actors"]).is_file()
        and _digest(Path(m["actors"])) == m["actors_hash"]
        and (capitals_as, count_roles) == (m["capitals_as"], m["count_roles"])
    )
    other = paths.resolve(actors) if actors else None  # relative to the project root, as for a corpus
    gazetteer = actors if isinstance(actors, Gazetteer) else load_actors(m["actors"] if same else other)
    if same:
        found, titles = store.mentions(), store.titles()
        found = found[found["doc_id"].isin(kept)].reset_index(drop=True)
        titles = titles[titles["doc_id"].isin(kept)].reset_index(drop=True)
    else:
        opts = {"actors": gazetteer, "capitals_as": capitals_as, "count_roles": count_roles}
        found = mentions(selection.articles, sentences=ann.sentences, **opts)
        titles = title_mentions(selection.articles, **opts)
    return Study(
        corpus=loaded,
        selection=selection,
        annotation=ann,
        gazetteer=gazetteer,
        mentions=found,
        titles=titles,
        store=store,
        store_mentions=same,
    )
