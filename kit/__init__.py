"""News-framing notebook kit: load a news corpus, tidy it, count who is named, and compare how sources tell the story.

Every public name is listed in ``__all__``; notebooks use only these.

>>> import kit
>>> corpus = kit.load("data/sample")
>>> corpus.articles.shape[0], corpus.report["code"].tolist()
(5, ['unknown_source'])
"""

from kit import paths
from kit.actors import Gazetteer, load_actors, mentions, title_mentions, unknown_entities
from kit.clean import line_roles, role_summary
from kit.cooccurrence import cooccurrence, pair_sentences
from kit.cooccurrence import graph as cooccurrence_graph
from kit.cooccurrence import matrix as cooccurrence_matrix
from kit.corpus import Corpus, Selection, count_articles, count_by_period, load_corpus, select_articles
from kit.errors import (
    ColumnError,
    ConfigError,
    CorpusError,
    GazetteerError,
    KitError,
    LexiconError,
    MissingTableError,
    ModelError,
)
from kit.export import export
from kit.keyness import explain_groups, group_sizes, keyness, term_counts, term_kwic, term_tokens, top_terms
from kit.lexicons import frame_counts, frame_shares, load_frames, load_naming, naming_choices
from kit.line_model import least_sure
from kit.measures import count_mentions, headline_share, kwic, mention_rates, mentions_over_time, prominence, top_actors
from kit.nlp import Annotation, annotate
from kit.phrases import fold
from kit.quotes import quote_share, quotes, voices
from kit.report import save_table
from kit.store import Store, StoreError, build, open_store
from kit.study import Study, load, study

__all__ = [
    # loading and cleaning
    "Corpus",
    "Selection",
    "load",
    "load_corpus",
    "select_articles",
    "count_articles",
    "count_by_period",
    "line_roles",
    "role_summary",
    "least_sure",
    # annotation, actors, and the notebooks' common start
    "Annotation",
    "annotate",
    "Gazetteer",
    "load_actors",
    "mentions",
    "title_mentions",
    "unknown_entities",
    "Study",
    "study",
    # the study store: the same tables on disk, at scale
    "build",
    "open_store",
    "Store",
    "fold",
    # measures
    "count_mentions",
    "top_actors",
    "mention_rates",
    "mentions_over_time",
    "prominence",
    "headline_share",
    "kwic",
    # co-occurrence
    "cooccurrence",
    "cooccurrence_matrix",
    "cooccurrence_graph",
    "pair_sentences",
    # keyness, lexicons, quotes
    "term_counts",
    "keyness",
    "top_terms",
    "group_sizes",
    "explain_groups",
    "term_kwic",
    "term_tokens",
    "load_frames",
    "frame_counts",
    "frame_shares",
    "load_naming",
    "naming_choices",
    "quotes",
    "voices",
    "quote_share",
    # errors
    "KitError",
    "CorpusError",
    "ConfigError",
    "GazetteerError",
    "LexiconError",
    "MissingTableError",
    "ModelError",
    "ColumnError",
    "StoreError",
    # figures, tables, folders
    "plots",
    "explore",
    "save_table",
    "export",
    "paths",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``kit.plots`` and ``kit.explore`` are imported when first used: they bring matplotlib,
    seaborn and scipy (about 110 MB per process), which a store build's workers, the report
    runner and a script that only counts never need."""
    if name in ("plots", "explore"):
        import importlib

        module = importlib.import_module(f"kit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
