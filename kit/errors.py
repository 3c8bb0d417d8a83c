"""What went wrong, and what to do? The kit's one family of errors, with messages built in one place.

Every error the kit raises on purpose derives from :class:`KitError`, so a notebook or a
script can catch them all with one ``except kit.KitError``. Each message says what was
wrong and what to do about it.

>>> try:
...     raise CorpusError("corpus path x does not exist. Pass a folder.")
... except KitError as exc:
...     print(type(exc).__name__, "-", exc)
CorpusError - corpus path x does not exist. Pass a folder.
"""

from __future__ import annotations

from collections.abc import Iterable


class KitError(ValueError):
    """Base of every error the kit raises on purpose; the message says what to do."""


class CorpusError(KitError):
    """A corpus that cannot be loaded as asked."""


class ConfigError(KitError):
    """A file a researcher edits (actors, frames, naming sets) that cannot be read as it is."""


class GazetteerError(ConfigError):
    """The actor gazetteer cannot be read; the message names the file, the actor and the field."""


class LexiconError(ConfigError):
    """A frame lexicon or a naming-choice file cannot be read; the message names the file and the entry."""


class ModelError(KitError):
    """The spaCy model cannot be loaded; the message says how to install it."""


class MissingTableError(KitError):
    """A stage was called without a table an earlier stage makes; the message names the call that makes it."""


class ColumnError(KitError, KeyError):
    """A table lacks a column a function needs (a ``KeyError`` too, for code that expects one)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def missing_table(function: str, table: str, how: str) -> MissingTableError:
    """The error for a stage called without an earlier stage's table.

    >>> print(missing_table("kit.mentions", "sentences", "ann = kit.annotate(articles)"))
    kit.mentions needs the sentences table: call ann = kit.annotate(articles) first and pass sentences=ann.sentences.
    """
    return MissingTableError(
        f"{function} needs the {table} table: call {how} first and pass {table}=ann.{table}."
        if how.startswith("ann =")
        else f"{function} needs the {table} table: {how}."
    )


def missing_column(column: str, table: str, columns: Iterable[str], hint: str = "") -> ColumnError:
    """The error for a column a table does not have, listing the columns it does have.

    >>> print(missing_column("source", "articles", ["doc_id", "text"], "Pass by= with one of them."))
    'source' is not a column of the articles table (it has: doc_id, text). Pass by= with one of them.
    """
    message = f"{column!r} is not a column of the {table} table (it has: {', '.join(map(str, columns))})."
    return ColumnError(f"{message} {hint}".strip())


def config_error(kind: type[ConfigError], path, entry: str | None, problem: str, fix: str) -> ConfigError:
    """A configuration error naming the file, the entry, what is wrong and what to fix.

    >>> error = config_error(LexiconError, "data/frames.yml", "frame 'military'", "terms is not a list",
    ...                      "Write terms as a YAML list.")
    >>> print(error)
    data/frames.yml, frame 'military': terms is not a list. Write terms as a YAML list.
    """
    where = f"{path}, {entry}" if entry else f"{path}"
    return kind(f"{where}: {problem}. {fix}")
