"""Which frames and which names does a source choose? Lexicons the researcher edits, counted per group.

* :func:`frame_shares`: frame lexicons of ``data/frames.yml`` (single words matched on
  lemmas, phrases on the text), share of content words per group with a bootstrap interval
  over articles; :func:`frame_counts` per article;
* :func:`naming_choices`: competing expressions of ``data/naming.yml``, who picks which.

A file that cannot be read raises :class:`kit.errors.LexiconError` naming the file, the
entry and what to fix.

>>> sorted(load_frames()["kind"].unique())
['lemma', 'phrase']
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kit import paths
from kit.errors import LexiconError, config_error
from kit.phrases import fold, phrase_hits
from kit.stats import bootstrap_ratio
from kit.tables import inside_spans, with_group


def _read_yaml(path: Path, key: str) -> dict:
    """The mapping under ``key`` of a YAML file, or a :class:`LexiconError` saying what to fix."""
    if not path.exists():
        raise LexiconError(
            f"{path} does not exist. Pass the path of a {key} YAML file (the kit's own are in {paths.DATA_DIR})."
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise config_error(LexiconError, path, None, f"not valid YAML ({exc})", "Fix the YAML syntax.") from exc
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise config_error(
            LexiconError,
            path,
            None,
            f"no top-level '{key}:' mapping",
            f"Start the file with {key}: and one entry per name.",
        )
    return entries


def _entry(spec, path: Path, where: str, lists: tuple[str, ...]) -> dict:
    spec = spec or {}
    if not isinstance(spec, dict):
        raise config_error(
            LexiconError, path, where, "the entry is not a mapping", "Give it fields such as label: and terms:."
        )
    for name in lists:
        if spec.get(name) is not None and not isinstance(spec[name], list):
            raise config_error(
                LexiconError, path, where, f"{name} is not a list", f"Write {name} as a YAML list: [a, b]."
            )
    return spec


def load_frames(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Frame lexicons as a table: ``frame, label, term, kind`` (``lemma`` or ``phrase``).

    >>> f = load_frames()
    >>> sorted(f["frame"].unique())[:2]
    ['diplomatic', 'economic']
    """
    p = Path(path) if path else paths.FRAMES_FILE
    data = _read_yaml(p, "frames")
    rows = []
    for frame, spec in data.items():
        spec = _entry(spec, p, f"frame {frame!r}", ("terms", "phrases"))
        label = spec.get("label", frame)
        for t in spec.get("terms") or []:
            rows.append((frame, label, fold(str(t)), "lemma" if len(str(t).split()) == 1 else "phrase"))
        for t in spec.get("phrases") or []:
            rows.append((frame, label, fold(str(t)), "phrase"))
    if not rows:
        raise config_error(
            LexiconError, p, None, "no frame is defined", "Add frames: with terms or phrases under each frame."
        )
    return pd.DataFrame(rows, columns=["frame", "label", "term", "kind"]).drop_duplicates(["frame", "term"])


def frame_counts(tokens: pd.DataFrame, *, articles: pd.DataFrame, frames: pd.DataFrame | None = None) -> pd.DataFrame:
    """Frame terms per article: ``doc_id, frame, label, hits, n_words`` (``n_words``: content
    words of the article, stop words and punctuation excluded).

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> fc = frame_counts(ann.tokens, articles=arts)
    >>> sorted(fc.columns)
    ['doc_id', 'frame', 'hits', 'label', 'n_words']
    """
    frames = frames if frames is not None else load_frames()
    content = tokens[~tokens["is_punct"].to_numpy(dtype=bool) & ~tokens["is_stop"].to_numpy(dtype=bool)]
    n_words = content.groupby("doc_id").size()
    lemmas = content.assign(term=content["lemma"].astype(str).map(fold))
    single = frames[frames["kind"] == "lemma"]
    hits = lemmas.merge(single, on="term")[["doc_id", "frame", "label", "start"]]
    phrases = frames[frames["kind"] == "phrase"]
    found = phrase_hits(articles, phrases) if len(phrases) else pd.DataFrame()
    if len(found):
        # a word inside a matched phrase of the same frame counts once, as the phrase
        inside = np.zeros(len(hits), dtype=bool)
        for frame, part in found.groupby("frame"):
            rows = (hits["frame"] == frame).to_numpy()
            inside[rows] = inside_spans(hits[rows], part)
        hits = pd.concat([hits[~inside], found[["doc_id", "frame", "label"]]], ignore_index=True)
    grid = pd.MultiIndex.from_product([articles["doc_id"], frames["frame"].unique()], names=["doc_id", "frame"])
    out = hits.groupby(["doc_id", "frame"]).size().rename("hits").reindex(grid, fill_value=0).reset_index()
    out["label"] = out["frame"].map(frames.drop_duplicates("frame").set_index("frame")["label"])
    out["n_words"] = out["doc_id"].map(n_words).fillna(0).astype("int64")
    return out[["doc_id", "frame", "label", "hits", "n_words"]]


def frame_shares(
    tokens: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    frames: pd.DataFrame | None = None,
    by: str = "source",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of each frame's terms among content words, per group, with a percentile
    bootstrap interval over the group's articles (articles resampled with replacement,
    ``n_boot`` times). A group of one article gets no interval (``low``/``high`` = NaN).

    Columns: ``by, frame, label, hits, n_words, share, low, high, n_articles``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample"); ann = kit.annotate(arts)
    >>> s = frame_shares(ann.tokens, articles=arts, by="source", n_boot=200)
    >>> bool((s["share"] >= 0).all() and (s["share"] <= 1).all())
    True
    """
    if articles.empty or tokens.empty:
        return pd.DataFrame(columns=[by, *SHARE_COLUMNS])
    return shares_from_counts(
        frame_counts(tokens, articles=articles, frames=frames),
        articles=articles,
        by=by,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
    )


SHARE_COLUMNS = ["frame", "label", "hits", "n_words", "share", "low", "high", "n_articles"]


def shares_from_counts(
    counts: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    by: str = "source",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`frame_shares` from the per-article table of :func:`frame_counts` (which a
    study store keeps on disk): the same columns, the same bootstrap.

    >>> counts = pd.DataFrame({"doc_id": ["a", "b"], "frame": ["f", "f"], "label": ["F", "F"],
    ...                        "hits": [1, 3], "n_words": [10, 10]})
    >>> arts = pd.DataFrame({"doc_id": ["a", "b"], "source": ["s", "s"]})
    >>> shares_from_counts(counts, articles=arts)["share"].tolist()
    [0.2]
    """
    columns = [by, *SHARE_COLUMNS]
    if articles.empty or counts.empty:
        return pd.DataFrame(columns=columns)
    per_doc = with_group(counts, articles, by)
    rng = np.random.default_rng(seed)
    rows = []
    for (g, frame), part in per_doc.groupby([by, "frame"], sort=True):
        hits, words = part["hits"].to_numpy(float), part["n_words"].to_numpy(float)
        share = hits.sum() / words.sum() if words.sum() else np.nan
        low = high = np.nan
        if len(part) > 1 and words.sum():
            low, high = bootstrap_ratio(hits, words, n_boot=n_boot, ci=ci, rng=rng)
        rows.append((g, frame, part["label"].iloc[0], int(hits.sum()), int(words.sum()), share, low, high, len(part)))
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------ naming choices
def load_naming(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Naming-choice sets as a table: ``set, set_label, choice, phrase``.

    >>> n = load_naming()
    >>> "offensive" in set(n.query("set == 'the_war'")["choice"])
    True
    """
    p = Path(path) if path else paths.NAMING_FILE
    data = _read_yaml(p, "sets")
    rows = []
    for name, spec in data.items():
        spec = _entry(spec, p, f"set {name!r}", ())
        choices = spec.get("choices") or {}
        if not isinstance(choices, dict):
            raise config_error(
                LexiconError,
                p,
                f"set {name!r}",
                "choices is not a mapping",
                "Write choices as 'choice: [phrase, phrase]' lines.",
            )
        for choice, phrases in choices.items():
            if phrases is not None and not isinstance(phrases, list):
                raise config_error(
                    LexiconError,
                    p,
                    f"set {name!r}, choice {choice!r}",
                    "the phrases are not a list",
                    "Write them as a YAML list: [phrase, phrase].",
                )
            for phrase in phrases or [choice]:
                rows.append((name, spec.get("label", name), str(choice), str(phrase)))
    return pd.DataFrame(rows, columns=["set", "set_label", "choice", "phrase"])


def naming_choices(articles: pd.DataFrame, *, naming: pd.DataFrame | None = None, by: str = "source") -> pd.DataFrame:
    """How often each group picks each choice of each naming set; ``share`` is within the
    group's uses of that set. Every (group, set, choice) appears, zeros included.

    Columns: ``by, set, set_label, choice, n, share``.

    >>> import kit
    >>> arts = kit.load_corpus("data/sample")
    >>> c = naming_choices(arts, by="doc_id").query("set == 'the_war' and n > 0")
    >>> sorted(c["choice"].unique())
    ['assaut', 'campagne militaire', 'guerre', 'offensive']
    """
    naming = naming if naming is not None else load_naming()
    columns = [by, "set", "set_label", "choice", "n", "share"]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    found = phrase_hits(articles, naming, phrase="phrase")
    found = with_group(found, articles, by) if len(found) else pd.DataFrame(columns=[by, "set", "choice"])
    choices = naming.drop_duplicates(["set", "choice"])[["set", "set_label", "choice"]]
    groups = pd.DataFrame({by: articles[by].drop_duplicates().to_numpy()})
    grid = groups.merge(choices, how="cross")
    counts = found.groupby([by, "set", "choice"]).size().rename("n").reset_index()
    out = grid.merge(counts, on=[by, "set", "choice"], how="left").fillna({"n": 0})
    out["n"] = out["n"].astype("int64")
    totals = out.groupby([by, "set"])["n"].transform("sum")
    out["share"] = (out["n"] / totals.where(totals > 0)).fillna(0.0)
    return out[columns]
