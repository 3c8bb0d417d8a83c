"""News-framing notebook kit: load a news corpus, tidy it, count who is named, and compare how sources tell the story.

>>> import kit
>>> articles = kit.load_corpus("data/sample")
>>> articles.shape[0]
5
"""
from kit.clean import line_roles
from kit.corpus import Corpus, CorpusError, load, load_corpus, load_report

__all__ = ["Corpus", "CorpusError", "line_roles", "load", "load_corpus", "load_report"]
__version__ = "0.1.0"
