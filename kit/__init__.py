"""News-framing notebook kit: load a news corpus, tidy it, count who is named, and compare how sources tell the story.

>>> import kit
>>> articles = kit.load_corpus("data/sample")
>>> articles.shape[0]
5
"""
from kit.actors import load_actors, mentions, unknown_entities
from kit.clean import line_roles, role_summary
from kit.cooccurrence import cooccurrence, pair_sentences
from kit.cooccurrence import graph as cooccurrence_graph
from kit.cooccurrence import matrix as cooccurrence_matrix
from kit.corpus import (Corpus, CorpusError, count_articles, count_by_period, load, load_corpus, load_report,
                         select_articles)
from kit.measures import (count_mentions, headline_share, kwic, mention_rates, mentions_over_time, prominence,
                          top_actors)
from kit.framing import (frame_shares, keyness, naming_choices, quote_share, quotes, term_counts, term_kwic, top_terms,
                         voices)
from kit.nlp import Annotation, annotate

__all__ = [
    "Annotation", "Corpus", "CorpusError", "annotate", "cooccurrence", "cooccurrence_graph", "cooccurrence_matrix",
    "count_articles", "count_by_period",
    "count_mentions", "frame_shares", "headline_share", "keyness", "kwic", "line_roles", "load", "load_actors",
    "load_corpus", "load_report", "mention_rates", "mentions", "mentions_over_time", "naming_choices",
    "pair_sentences", "prominence", "quote_share", "quotes", "role_summary", "select_articles", "term_counts",
    "term_kwic", "top_actors", "top_terms", "unknown_entities", "voices",
]
__version__ = "0.1.0"
