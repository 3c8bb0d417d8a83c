"""News-framing notebook kit: load a news corpus, tidy it, count who is named, and compare how sources tell the story.

>>> import kit
>>> articles = kit.load_corpus("data/sample")
>>> articles.shape[0]
5
"""
from kit.clean import line_roles, role_summary
from kit.corpus import Corpus, CorpusError, count_articles, count_by_period, load, load_corpus, load_report

__all__ = [
    "Corpus", "CorpusError", "count_articles", "count_by_period", "line_roles", "load", "load_corpus",
    "load_report", "role_summary",
]
__version__ = "0.1.0"
