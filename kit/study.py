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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kit import paths
from kit.actors import Gazetteer, load_actors, mentions, title_mentions
from kit.corpus import Corpus, Selection, load, select_articles
from kit.errors import KitError
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

    @property
    def articles(self) -> pd.DataFrame:
        """The articles analysed (those the selection kept)."""
        return self.selection.articles


def study(
    corpus: str | os.PathLike = paths.SAMPLE_CORPUS,
    metadata: str | os.PathLike | None = None,
    *,
    actors: Gazetteer | str | os.PathLike | None = None,
    language: str | None = "fr",
    drop_duplicates: bool = True,
    capitals_as: str = "state",
    count_roles: bool = True,
    n_process: int = 1,
    entities: bool = False,
) -> Study:
    """Load, select, annotate and find mentions in one call.

    ``corpus`` may also be a study store folder (:func:`kit.build`): its tables are read
    from disk (no spaCy), and mentions are found again only if ``actors``, ``capitals_as``
    or ``count_roles`` differ from the build's.
    ``corpus`` and ``metadata`` are passed to :func:`kit.load` (an empty ``metadata`` means
    none); ``language`` and ``drop_duplicates`` to :func:`kit.select_articles`; ``actors``,
    ``capitals_as`` and ``count_roles`` to :func:`kit.mentions`; ``n_process`` and
    ``entities`` (named entities, for :func:`kit.unknown_entities`) to :func:`kit.annotate`.
    Relative paths are taken from the working directory, else from the project root (so a
    notebook in ``notebooks/`` can say ``data/sample``).

    >>> s = study("data/sample", actors="data/actors.yml")
    >>> sorted(s.titles.query("actor_id == 'putin'")["doc_id"].str[:3])
    ['000', '002', '004']
    """
    if is_store(corpus):
        return _from_store(
            open_store(corpus),
            actors=actors,
            language=language,
            drop_duplicates=drop_duplicates,
            capitals_as=capitals_as,
            count_roles=count_roles,
            entities=entities,
        )
    loaded = load(corpus, metadata or None)
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
        raise KitError(
            f"the store {store.root} was built without named entities, which kit.unknown_entities needs. "
            "Rebuild it with python -m kit build --entities (finished steps are kept), or pass entities=False."
        )
    loaded = store.corpus()
    selection = select_articles(loaded.articles, language=language, drop_duplicates=drop_duplicates)
    kept = set(selection.articles["doc_id"])
    ann = store.annotation()
    if len(kept) < len(loaded.articles):
        ann = Annotation(
            sentences=ann.sentences[ann.sentences["doc_id"].isin(kept)].reset_index(drop=True),
            tokens=ann.tokens[ann.tokens["doc_id"].isin(kept)].reset_index(drop=True),
        )
    same = (
        not isinstance(actors, Gazetteer)
        and str(paths.resolve(actors) if actors else paths.ACTORS_FILE) == m["actors"]
        and Path(m["actors"]).is_file()
        and hashlib.blake2b(Path(m["actors"]).read_bytes(), digest_size=8).hexdigest() == m["actors_hash"]
        and (capitals_as, count_roles) == (m["capitals_as"], m["count_roles"])
    )
    gazetteer = actors if isinstance(actors, Gazetteer) else load_actors(m["actors"] if same else actors)
    if same:
        found, titles = store.mentions(), store.titles()
        found = found[found["doc_id"].isin(kept)].reset_index(drop=True)
        titles = titles[titles["doc_id"].isin(kept)].reset_index(drop=True)
    else:
        opts = {"actors": gazetteer, "capitals_as": capitals_as, "count_roles": count_roles}
        found = mentions(selection.articles, sentences=ann.sentences, **opts)
        titles = title_mentions(selection.articles, **opts)
    return Study(corpus=loaded, selection=selection, annotation=ann, gazetteer=gazetteer, mentions=found, titles=titles)
