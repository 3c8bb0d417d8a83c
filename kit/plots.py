"""How does it look? One theme, fixed colours, one function per chart.

Every helper takes the call shape of seaborn (``data`` first, column names as
keywords, ``ax=None`` draws on the current axes) and returns the ``Axes``, so
charts compose. When ``data`` is empty a helper does not fail: it writes on the
axes *why* the chart is empty (the ``empty=`` message) and returns them.

The same source or actor has the same colour in every chart of a report
(:func:`colour_for`), and labels come from one place (:data:`LABELS`).

>>> import pandas as pd
>>> set_theme()
>>> fig, ax = plt.subplots()
>>> ax = plot_bars(pd.DataFrame({"actor": ["Russie", "Corée du Nord"], "n": [12, 9]}), x="n", y="actor", ax=ax)
>>> [t.get_text() for t in ax.get_yticklabels()]
['Russie', 'Corée du Nord']
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import matplotlib

if not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # headless runs (papermill, CI) have no screen

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

#: Display labels for column names, used for axis titles everywhere.
LABELS = {
    "n": "count",
    "n_articles": "articles",
    "n_words": "words",
    "n_lines": "lines",
    "n_mentions": "mentions",
    "per_1000_words": "mentions per 1,000 words",
    "share_articles": "share of articles naming the actor",
    "source": "source",
    "actor": "actor",
    "role": "line role",
    "z": "log-odds z-score (Monroe et al.)",
    "share": "share of words",
    "npmi": "NPMI",
    "pmi": "PMI",
    "jaccard": "Jaccard",
    "period": "period",
}
#: Line roles in reading order, with fixed colours: kept text in blues, removed chrome in greys/oranges.
ROLE_COLOURS = {
    "title": "#08306b",
    "lead": "#2171b5",
    "body": "#6baed6",
    "subheading": "#9ecae1",
    "quote": "#fdae6b",
    "caption": "#fd8d3c",
    "credit": "#e6550d",
    "timestamp": "#bcbddc",
    "navigation": "#969696",
    "social": "#9e9ac8",
    "related": "#807dba",
    "advertising": "#d94801",
    "paywall": "#a63603",
    "comment": "#74c476",
    "author_bio": "#31a354",
    "duplicate": "#fb6a4a",
    "empty": "#f0f0f0",
    "extractor_dropped": "#525252",
}
#: The colour of the lumped "other" group, never given to a named group.
OTHER_COLOUR = "#b0b0b0"
#: How many groups a chart shows before it lumps the rest into "other" or keeps the top ones.
MAX_SHOWN = 12
#: Largest figure, in inches (width, height), that any helper of this module draws.
MAX_FIGSIZE = (16.0, 20.0)


def _distinct_palette() -> list[str]:
    """Many distinct colours, the most separable first (tab10, then the tab20 families, then
    hues spaced around the circle at three lightnesses); never grey, which means "other"."""
    colours: list[str] = []
    for name in ("tab10", "tab20", "tab20b", "tab20c", "Set2", "Dark2"):
        colours += sns.color_palette(name).as_hex()
    for lightness in (0.45, 0.65, 0.3):
        colours += sns.husl_palette(24, l=lightness, s=0.9).as_hex()
    greys = {"#7f7f7f", "#c7c7c7", "#969696", "#bdbdbd", "#d9d9d9", "#636363", "#b3b3b3", OTHER_COLOUR}
    return [c for c in dict.fromkeys(colours) if c not in greys]


_PALETTE = _distinct_palette()
_FIXED: dict[str, str] = {}


def set_theme(**overrides) -> None:
    """The kit's one theme: seaborn's whitegrid, readable fonts, figures sized for a report page.

    >>> set_theme(font_scale=1.0)
    """
    options = {
        "style": "whitegrid",
        "context": "notebook",
        "font_scale": 1.0,
        "rc": {
            "figure.figsize": (9, 5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.titlesize": 13,
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    }
    options.update(overrides)
    sns.set_theme(**options)


def fix_colours(colours: dict[str, str]) -> None:
    """Pin colours for some keys (e.g. the ``colour`` field of ``data/actors.yml``).

    >>> fix_colours({"Russie": "#c0392b"}); colour_for("Russie")
    '#c0392b'
    """
    _FIXED.update(colours)


def reset_colours() -> dict[str, str]:
    """Forget every assigned and pinned colour (a new report, a new corpus); returns what was set.

    >>> saved = reset_colours(); fix_colours(saved); len(saved) >= 0
    True
    """
    saved = dict(_FIXED)
    _FIXED.clear()
    return saved


def assign_colours(keys) -> dict[str, str]:
    """Give each key not yet coloured its own colour, distinct from every colour already
    given, in sorted order of the keys; returns ``{key: colour}`` for ``keys``.

    Call it once with every source (and every actor) of the corpus before drawing: each
    notebook of a report loads the same corpus, so each gives a source the same colour,
    and no two keys share one. Pinned colours (:func:`fix_colours`) are kept.

    >>> c = assign_colours(["Le Monde", "Libération", "Le Figaro"])
    >>> len(set(c.values()))
    3
    """
    keys = [str(k) for k in dict.fromkeys(keys) if not pd.isna(k)]
    used = set(_FIXED.values())
    free = (c for c in _PALETTE if c not in used)
    for key in sorted(k for k in keys if k not in _FIXED):
        colour = next(free, None)
        if colour is None:  # beyond the palette: a hue derived from the key, still not grey
            digest = int(hashlib.md5(key.encode()).hexdigest(), 16)
            colour = sns.husl_palette(360, l=0.5, s=0.9).as_hex()[digest % 360]
        _FIXED[key] = colour
        used.add(colour)
    return {k: _FIXED[k] for k in keys}


def colour_for(key: str) -> str:
    """The colour of ``key``: pinned, or assigned the first time it is asked for (see
    :func:`assign_colours`), so a source or actor looks the same in every chart.

    >>> colour_for("Pyongyang") == colour_for("Pyongyang")
    True
    >>> colour_for(OTHER_LABEL + " (3)") == OTHER_COLOUR
    True
    """
    key = str(key)
    if key.startswith(OTHER_LABEL):
        return OTHER_COLOUR
    if key not in _FIXED:
        assign_colours([key])
    return _FIXED[key]


def palette(keys) -> dict[str, str]:
    """``{key: colour}`` for a collection of keys (for seaborn's ``palette=``).

    >>> list(palette(["a", "b"]))
    ['a', 'b']
    """
    return {k: colour_for(k) for k in keys}


def label(column: str) -> str:
    """Display label of a column name.

    >>> label("per_1000_words")
    'mentions per 1,000 words'
    """
    return LABELS.get(column, column.replace("_", " "))


def short(text: str, width: int = 28) -> str:
    """Shorten a long tick label (``unknown:000_31cb…``). For several labels shown together
    use :func:`short_labels`, which never makes two of them the same.

    >>> short("unknown:000_31cb83dccb87126a", 16)
    'unknown:000_31c…'
    """
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def short_labels(labels, width: int = 28) -> list[str]:
    """Shorten labels shown together so that distinct labels stay distinct: cut at the end
    first; where two cuts collide, keep the start and the end (``Le Monde diplo…2024``);
    where those still collide, number them. Full names belong in the table beside the chart.

    >>> short_labels(["Ouest-France édition Bretagne", "Ouest-France édition Normandie"], 20)
    ['Ouest-Fra…Bretagne', 'Ouest-Fra…Normandie']
    >>> short_labels(["a", "b"], 20)
    ['a', 'b']
    """
    labels = [str(x) for x in labels]
    out = [short(x, width) for x in labels]

    def clashes(values):
        seen: dict[str, set[str]] = {}
        for full, cut in zip(labels, values):
            seen.setdefault(cut, set()).add(full)
        return {cut for cut, fulls in seen.items() if len(fulls) > 1}

    bad = clashes(out)
    if bad:
        head = max(3, (width - 1) // 2)
        tail = max(1, width - 1 - head)
        out = [c if c not in bad or len(x) <= width else x[:head] + "…" + _tail(x, tail) for x, c in zip(labels, out)]
    bad = clashes(out)
    if bad:
        counters: dict[str, list[str]] = {}
        for k, (full, cut) in enumerate(zip(labels, out)):
            if cut in bad:
                fulls = counters.setdefault(cut, [])
                if full not in fulls:
                    fulls.append(full)
                suffix = f" #{fulls.index(full) + 1}"
                out[k] = cut[: max(1, width - len(suffix))] + suffix
    return out


def _tail(text: str, width: int) -> str:
    """The last ``width`` characters of ``text``, starting at a word when one begins inside them."""
    end = text[-width:]
    return end.split(" ", 1)[1] if " " in end.strip() and not text[-width - 1].isspace() else end.strip()


#: Label of the group that lumps every group beyond those shown.
OTHER_LABEL = "other"


def lump(data: pd.DataFrame, *, by: str, value: str, top: int = MAX_SHOWN, keys=None) -> pd.DataFrame:
    """Keep the ``top`` groups of ``by`` with the largest total ``value`` and add the rest
    into one ``other (k)`` row per remaining key combination (``keys``: the other label
    columns, e.g. ``["role"]``). Only for values that add up (counts, words), never for
    rates or shares: those are lumped before they are computed.

    >>> d = pd.DataFrame({"source": list("abcd"), "n": [5, 4, 1, 1]})
    >>> lump(d, by="source", value="n", top=2)["source"].tolist()
    ['a', 'b', 'other (2)']
    """
    keys = list(keys or [])
    totals = data.groupby(by, sort=False)[value].sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= top:
        return data
    kept = totals.index[:top]
    rest = data[~data[by].isin(kept)]
    name = f"{OTHER_LABEL} ({rest[by].nunique()})"
    if keys:
        other = rest.groupby(keys, sort=False)[value].sum().reset_index()
    else:
        other = pd.DataFrame({value: [rest[value].sum()]})
    other[by] = name
    shown = data[data[by].isin(kept)].set_index(by).loc[list(kept)].reset_index()
    return pd.concat([shown, other], ignore_index=True)


def figure_for(
    rows: int, cols: int = 1, *, row_height: float = 0.4, col_width: float = 0.7, base=(2.5, 1.2), min_size=(6.0, 2.5)
):
    """A new figure and axes sized for ``rows`` labels down and ``cols`` across, within
    :data:`MAX_FIGSIZE` (past it, rows and columns get thinner, not the page larger).

    >>> fig, ax = figure_for(50)
    >>> fig.get_size_inches().tolist() <= list(MAX_FIGSIZE)
    True
    """
    width = min(max(base[0] + col_width * cols, min_size[0]), MAX_FIGSIZE[0])
    height = min(max(base[1] + row_height * rows, min_size[1]), MAX_FIGSIZE[1])
    return plt.subplots(figsize=(width, height))


def _axes(ax):
    return ax if ax is not None else plt.gca()


def show_empty(ax, reason: str):
    """Write why a chart is empty on its axes and hide the frame.

    >>> fig, ax = plt.subplots()
    >>> ax = show_empty(ax, "No article was loaded.")
    >>> ax.texts[0].get_text()
    'No article was loaded.'
    """
    ax = _axes(ax)
    ax.set_axis_off()
    ax.text(0.5, 0.5, reason, ha="center", va="center", wrap=True, fontsize=12, color="#555555", transform=ax.transAxes)
    return ax


def _finish(ax, title: str | None, xlabel: str | None, ylabel: str | None):
    if title:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


def plot_bars(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    colour_by: str | None = None,
    top: int = 2 * MAX_SHOWN,
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
    **kwargs,
):
    """Horizontal bars, one per row, in the order given (sort ``data`` first).

    ``x`` is the value column (a count: beyond ``top`` rows the smallest are added into one
    ``other (k)`` bar), ``y`` the label column; bars take the fixed colour of ``colour_by``
    (default: the label); long labels are shortened, never to the same text.

    >>> fig, ax = plt.subplots()
    >>> ax = plot_bars(pd.DataFrame({"source": ["a", "b"], "n": [3, 1]}), x="n", y="source", ax=ax)
    >>> [float(p.get_width()) for p in ax.patches]
    [3.0, 1.0]
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    data = lump(data, by=y, value=x, top=top) if data[y].nunique() > top else data
    keys = data[colour_by or y].astype(str) if (colour_by or y) in data else data[y].astype(str)
    ax.barh(
        short_labels(data[y].astype(str), 40),
        data[x].to_numpy(dtype=float),
        color=[colour_for(k) for k in keys],
        **kwargs,
    )
    ax.invert_yaxis()
    return _finish(ax, title, label(x), "")


def plot_stacked(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    hue: str,
    order=None,
    hue_order=None,
    colours: dict[str, str] | None = None,
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
    normalise: bool = False,
    top: int = 2 * MAX_SHOWN,
):
    """Stacked horizontal bars of ``x`` per ``y``, split by ``hue`` (e.g. words by line role per source).
    Beyond ``top`` bars, the ``y`` groups with the least ``x`` are added into one ``other (k)`` bar.

    >>> d = pd.DataFrame({"source": ["a", "a"], "role": ["body", "navigation"], "n_words": [90, 10]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_stacked(d, x="n_words", y="source", hue="role", normalise=True, ax=ax)
    >>> round(float(sum(p.get_width() for p in ax.patches)), 3)
    1.0
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    if data[y].nunique() > top:
        data = lump(data, by=y, value=x, top=top, keys=[hue])
        order = list(dict.fromkeys(data[y]))
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", fill_value=0)
    if order is not None:
        wide = wide.reindex([o for o in order if o in wide.index])
    if hue_order is not None:
        wide = wide[[h for h in hue_order if h in wide.columns]]
    if normalise:
        wide = wide.div(wide.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    wide.index = short_labels(wide.index.astype(str), 40)
    colours = colours or {}
    wide.plot.barh(
        stacked=True, ax=ax, width=0.8, color=[colours.get(c, colour_for(c)) for c in wide.columns], legend=False
    )
    ax.invert_yaxis()
    ax.legend(title=label(hue), bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    return _finish(ax, title, "share of " + label(x) if normalise else label(x), "")


def plot_hist(
    data: pd.DataFrame,
    *,
    x: str,
    ax=None,
    title: str | None = None,
    bins: int | str = "auto",
    empty: str = "Nothing to show.",
):
    """Histogram of one numeric column.

    >>> fig, ax = plt.subplots()
    >>> ax = plot_hist(pd.DataFrame({"n_words": [100, 300, 320]}), x="n_words", bins=2, ax=ax)
    >>> len(ax.patches)
    2
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    ax.hist(data[x].dropna().to_numpy(dtype=float), bins=bins, color=colour_for(x), edgecolor="white")
    return _finish(ax, title, label(x), "articles")


def plot_timeline(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    hue: str | None = None,
    top: int = 8,
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
):
    """Lines over time (one per ``hue`` value), markers on each period. Beyond ``top`` lines,
    the ``hue`` values with the smallest total ``y`` (a count) are added into one ``other (k)`` line.

    >>> d = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "n": [1, 3]})
    >>> fig, ax = plt.subplots()
    >>> len(plot_timeline(d, x="period", y="n", ax=ax).lines)
    1
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    if hue and data[hue].nunique() > top:
        data = lump(data, by=hue, value=y, top=top, keys=[x])
    groups = list(data.groupby(hue, sort=False)) if hue else [(None, data)]
    names = short_labels([k for k, _ in groups]) if hue else [None]
    for (key, part), name in zip(groups, names):
        part = part.sort_values(x)
        ax.plot(
            part[x],
            part[y],
            marker="o",
            label=name,
            color=colour_for(key) if key is not None else colour_for(y),
        )
    if hue:
        ax.legend(title=label(hue), bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    return _finish(ax, title, label(x), label(y))


def plot_heatmap(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    ax=None,
    title: str | None = None,
    fmt: str = ".1f",
    cmap: str = "rocket_r",
    center: float | None = None,
    x_order=None,
    top: int = 30,
    empty: str = "Nothing to show.",
    **kwargs,
):
    """Heatmap of ``value`` with ``y`` rows and ``x`` columns (in ``x_order`` if given),
    annotated while the cells are few enough to read. Rows are sorted by their total; beyond
    ``top`` rows only the largest are drawn and the axes say how many more the table holds.

    >>> d = pd.DataFrame({"source": ["a", "b"], "actor": ["X", "X"], "v": [1.0, 2.0]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_heatmap(d, x="actor", y="source", value="v", ax=ax)
    >>> [t.get_text() for t in ax.texts], [t.get_text() for t in ax.get_yticklabels()]
    (['2.0', '1.0'], ['b', 'a'])
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    wide = data.pivot_table(index=y, columns=x, values=value, aggfunc="sum")
    if x_order is not None:
        wide = wide[[c for c in x_order if c in wide.columns]]
    if len(wide) > 1:
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    hidden = max(len(wide) - top, 0)
    wide = wide.head(top)
    wide.index = short_labels(wide.index.astype(str))
    wide.columns = short_labels(wide.columns.astype(str), 24)
    kwargs.setdefault("annot", wide.shape[0] <= 25 and wide.shape[1] <= 15)
    sns.heatmap(
        wide,
        fmt=fmt,
        cmap=cmap,
        center=center,
        linewidths=0.5,
        ax=ax,
        cbar_kws={"label": label(value)},
        **kwargs,
    )
    ax.set_yticks([k + 0.5 for k in range(len(wide))], wide.index, rotation=0)
    ax.set_xticks([k + 0.5 for k in range(wide.shape[1])], wide.columns, rotation=45, ha="right")
    if hidden:
        title = f"{title or ''}\n(the {top} largest {label(y)} groups of {top + hidden}; all are in the table)".strip()
    return _finish(ax, title, "", "")


def plot_dots(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    col: str | None = None,
    col_wrap: int = 3,
    title: str | None = None,
    empty: str = "Nothing to show.",
    height: float = 3.5,
    top: int = MAX_SHOWN,
):
    """Dot plot of ``x`` per ``y`` label, one panel per ``col`` value (e.g. keyness z per term per source).
    Beyond ``top`` panels only the first ``top`` groups (in sorted order) are drawn and the
    title says how many more the table holds.

    Returns the seaborn ``FacetGrid`` (or the axes with the empty message).

    >>> d = pd.DataFrame({"source": ["a", "a"], "lemma": ["guerre", "paix"], "z": [2.5, 1.9]})
    >>> g = plot_dots(d, x="z", y="lemma", col="source")
    >>> len(g.axes.flat)
    1
    """
    if data is None or data.empty:
        return show_empty(plt.figure().gca(), empty)
    hidden = 0
    if col:
        groups = sorted(data[col].astype(str).unique())
        hidden = max(len(groups) - top, 0)
        data = data[data[col].astype(str).isin(groups[:top])]
        names = dict(zip(groups[:top], short_labels(groups[:top], 32)))
        colours = {names[k]: colour_for(k) for k in groups[:top]}
        data = data.assign(**{col: data[col].astype(str).map(names)})
        height = min(height, MAX_FIGSIZE[1] / -(-len(names) // col_wrap))
    g = sns.catplot(
        data=data,
        x=x,
        y=y,
        col=col,
        col_wrap=col_wrap if col else None,
        kind="strip",
        hue=col,
        palette=colours if col else None,
        legend=False,
        sharey=False,
        height=height,
        aspect=1.1,
        s=60,
        jitter=False,
    )
    g.set_axis_labels(label(x), "")
    if x == "z":
        g.refline(x=1.96, color="#999999", linestyle="--")  # two-sided 5 % threshold
    if col:
        g.set_titles("{col_name}")
    if hidden:
        title = f"{title or ''} ({top} of {top + hidden} groups; all are in the table)".strip()
    if title:
        g.figure.suptitle(title, y=1.02, fontweight="bold")
    return g


def plot_intervals(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    low: str,
    high: str,
    hue: str,
    enough: str = "enough",
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
    dodge: int = 6,
    top: int = MAX_SHOWN,
):
    """Points with horizontal interval bars (e.g. frame share per source with a bootstrap
    interval), one colour per ``hue`` group.

    Up to ``dodge`` groups sit side by side within each ``y`` row. With more, the figure is
    redrawn as small multiples, one panel per ``y`` value, groups down the side sorted by
    ``x``, the ``top`` groups with most articles (``n_articles``) kept. Rows whose
    ``enough`` column is False (too few articles to compare) are drawn hollow, after the
    others, and named as such in the legend. Returns the (first) axes.

    >>> d = pd.DataFrame({"frame": ["military"], "source": ["a"], "share": [0.2], "low": [0.1], "high": [0.3]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_intervals(d, x="share", y="frame", low="low", high="high", hue="source", ax=ax)
    >>> len(ax.lines) >= 1
    True
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    data = data.assign(_ok=data[enough].astype(bool) if enough in data else True)
    cats = list(dict.fromkeys(data[y]))
    groups = list(dict.fromkeys(data[hue]))
    if len(groups) > dodge:
        return _interval_panels(data, x=x, y=y, low=low, high=high, hue=hue, fig=ax.figure, title=title, top=top)
    step = 0.8 / max(len(groups), 1)
    names = dict(zip(groups, short_labels(groups)))
    for k, g in enumerate(groups):
        part = data[data[hue] == g]
        for ok, rows in part.groupby("_ok", sort=False):
            pos = [cats.index(c) - 0.4 + step * (k + 0.5) for c in rows[y]]
            err = [(rows[x] - rows[low]).clip(lower=0).fillna(0), (rows[high] - rows[x]).clip(lower=0).fillna(0)]
            colour = colour_for(g)
            ax.errorbar(
                rows[x],
                pos,
                xerr=err,
                fmt="o",
                color=colour,
                capsize=3,
                markerfacecolor=colour if ok else "white",
                label=names[g] if ok else f"{names[g]} (too few articles)",
            )
    ax.set_yticks(range(len(cats)), short_labels(cats))
    ax.invert_yaxis()
    ax.legend(title=label(hue), bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    return _finish(ax, title, label(x), "")


def _interval_panels(data, *, x, y, low, high, hue, fig, title, top):
    cats = list(dict.fromkeys(data[y]))
    size = data.groupby(hue)["n_articles"].max() if "n_articles" in data else data.groupby(hue)[x].max()
    kept = list(size.sort_values(ascending=False, kind="stable").index[:top])
    hidden = data[hue].nunique() - len(kept)
    data = data[data[hue].isin(kept)]
    names = dict(zip(kept, short_labels(kept)))
    ncols = min(3, len(cats))
    nrows = -(-len(cats) // ncols)
    height = min(nrows * (1.0 + 0.28 * len(kept)), MAX_FIGSIZE[1])
    fig.clear()
    fig.set_size_inches(min(4.2 * ncols + 1, MAX_FIGSIZE[0]), max(height, 2.5))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax, cat in zip(axes.flat, cats):
        part = data[data[y] == cat].sort_values(["_ok", x], ascending=[False, False], kind="stable")
        for pos, (_, row) in enumerate(part.iterrows()):
            colour = colour_for(row[hue])
            lo = max(row[x] - row[low], 0) if pd.notna(row[low]) else 0
            hi = max(row[high] - row[x], 0) if pd.notna(row[high]) else 0
            ax.errorbar(
                [row[x]],
                [pos],
                xerr=[[lo], [hi]],
                fmt="o",
                color=colour,
                capsize=2,
                markerfacecolor=colour if row["_ok"] else "white",
            )
        ax.set_yticks(range(len(part)), [names[g] + ("" if ok else " †") for g, ok in zip(part[hue], part["_ok"])])
        ax.invert_yaxis()
        ax.set_title(short(cat, 40), fontsize=10)
        ax.set_xlabel(label(x))
    for ax in list(axes.flat)[len(cats) :]:
        ax.set_axis_off()
    note = "hollow †: too few articles to compare"
    if hidden:
        note += f"; the {len(kept)} {label(hue)} groups with most articles of {len(kept) + hidden} (all in the table)"
    fig.suptitle(f"{title}\n{note}" if title else note, fontweight="bold" if title else "normal")
    fig.tight_layout()
    return axes.flat[0]


def plot_network(
    graph,
    *,
    ax=None,
    title: str | None = None,
    weight: str = "n",
    size: str = "n_mentions",
    empty: str = "Nothing to show.",
    seed: int = 7,
):
    """Draw a networkx graph: node size by ``size``, edge width by ``weight``, fixed node colours.

    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge("A", "B", n=3); nx.set_node_attributes(g, 5, "n_mentions")
    >>> fig, ax = plt.subplots()
    >>> ax = plot_network(g, ax=ax)
    >>> len(ax.collections) >= 2
    True
    """
    import networkx as nx

    ax = _axes(ax)
    if graph is None or graph.number_of_edges() == 0:
        return show_empty(ax, empty)
    pos = nx.spring_layout(graph, seed=seed, weight=weight, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)
    sizes = [graph.nodes[n].get(size, 1) for n in graph.nodes]
    top = max(sizes) or 1
    widths = [graph.edges[e].get(weight, 1) for e in graph.edges]
    wmax = max(widths) or 1
    nx.draw_networkx_edges(
        graph, pos, ax=ax, width=[0.5 + 6 * w / wmax for w in widths], edge_color="#999999", alpha=0.7
    )
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_size=[150 + 1800 * s / top for s in sizes],
        node_color=[colour_for(n) for n in graph.nodes],
        alpha=0.9,
    )
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
    ax.set_axis_off()
    return _finish(ax, title, None, None)


def style_lines(lines: pd.DataFrame):
    """A lines table as a pandas ``Styler``, each row tinted by its role (for reading one page).

    >>> s = style_lines(pd.DataFrame({"line_no": [1], "role": ["body"], "rule": ["paragraph"], "text": ["x"]}))
    >>> type(s).__name__
    'Styler'
    """
    cols = [c for c in ("line_no", "part", "role", "rule", "text") if c in lines]
    return (
        lines[cols]
        .style.apply(lambda row: [f"background-color: {ROLE_COLOURS.get(row['role'], '#ffffff')}33"] * len(row), axis=1)
        .hide(axis="index")
    )


def caption_of(figure) -> str:
    """A one-line caption for a figure: its title (suptitle, else the titles of its panels).

    >>> fig, ax = plt.subplots(); _ = ax.set_title("Articles per source"); caption_of(fig)
    'Articles per source'
    """
    text = figure.get_suptitle()
    if not text:
        titles = [a.get_title() for a in figure.axes if a.get_title()]
        text = titles[0] if len(titles) == 1 else "; ".join(titles[:3]) + ("…" if len(titles) > 3 else "")
    if not text:
        texts = [t.get_text() for a in figure.axes for t in a.texts if t.get_text()]
        text = texts[0] if len(texts) == 1 else ""
    return " ".join(text.split())


def save_figure(fig, name: str, folder: str | os.PathLike, caption: str | None = None) -> list[Path]:
    """Save a figure (or the figure of an Axes or FacetGrid) as PNG and SVG in ``folder/figures``,
    with ``<name>.json`` beside them: its one-line caption (``caption``, else its title) and
    the notebook that drew it, for the report's index page.

    >>> import tempfile; fig, ax = plt.subplots(); ax = plot_hist(pd.DataFrame({"n": [1, 2]}), x="n", ax=ax)
    >>> [p.suffix for p in save_figure(ax, "demo", tempfile.mkdtemp())]
    ['.png', '.svg']
    """
    import json

    from kit import paths

    figure = getattr(fig, "figure", fig)
    if hasattr(figure, "get_figure") and figure.get_figure() is not None:
        figure = figure.get_figure()
    out = paths.output_dir(folder) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in (".png", ".svg"):
        path = out / f"{name}{suffix}"
        figure.savefig(path)
        written.append(path)
    meta = {
        "caption": caption or caption_of(figure) or name.replace("_", " "),
        "notebook": os.environ.get(NOTEBOOK_ENV) or None,
    }
    (out / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return written


#: Set by the report runner to the notebook being run, so that saved figures know where they come from.
NOTEBOOK_ENV = "KIT_NOTEBOOK"


def plot_clustermap(
    matrix: pd.DataFrame,
    *,
    title: str | None = None,
    cmap: str = "vlag",
    center: float | None = 0.0,
    fmt: str = ".2f",
    empty: str = "Nothing to show.",
    **kwargs,
):
    """A clustered heatmap of a square actor × actor matrix (rows and columns reordered so
    that actors with similar profiles sit together). Returns the seaborn ``ClusterGrid``, or
    the axes with the ``empty`` message when fewer than two actors are given.

    >>> m = pd.DataFrame([[1.0, 0.2, 0.1], [0.2, 1.0, 0.6], [0.1, 0.6, 1.0]], index=list("ABC"), columns=list("ABC"))
    >>> g = plot_clustermap(m)
    >>> sorted(t.get_text() for t in g.ax_heatmap.get_xticklabels())
    ['A', 'B', 'C']
    """
    if matrix is None or len(matrix) < 2:
        return show_empty(plt.figure(figsize=(6, 2)).gca(), empty)
    import numpy as np

    size = min(1.5 + 0.6 * len(matrix), MAX_FIGSIZE[0] - 1.5)
    matrix = matrix.copy()
    matrix.index = short_labels(matrix.index.astype(str), 24)
    matrix.columns = short_labels(matrix.columns.astype(str), 24)
    kwargs.setdefault("annot", len(matrix) <= 15)
    # an actor with itself says nothing: the diagonal is left blank
    g = sns.clustermap(
        matrix,
        mask=np.eye(len(matrix), dtype=bool),
        cmap=cmap,
        center=center,
        fmt=fmt,
        linewidths=0.5,
        figsize=(size + 1.5, size),
        xticklabels=True,
        yticklabels=True,
        dendrogram_ratio=0.12,
        cbar_pos=(0.02, 0.83, 0.03, 0.12),
        **kwargs,
    )
    if title:
        g.figure.suptitle(title, y=1.02, fontweight="bold")
    return g


def plot_heatmap_grid(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    col: str,
    col_wrap: int = 3,
    order=None,
    title: str | None = None,
    fmt: str = ".0f",
    cmap: str = "rocket_r",
    symmetric: bool = False,
    empty: str = "Nothing to show.",
    top: int = 9,
):
    """Small multiples: one heatmap of ``value`` (``y`` × ``x``) per ``col`` group, same
    row and column order and colour scale in every panel, so groups compare at a glance.
    ``symmetric=True`` mirrors each (x, y) row to (y, x), for pairs stored once. Beyond
    ``top`` groups only those with the largest total are drawn, and the title says so.

    >>> d = pd.DataFrame({"source": ["s1", "s2"], "actor_a": ["A", "A"], "actor_b": ["B", "B"], "n": [2, 1]})
    >>> fig = plot_heatmap_grid(d, x="actor_b", y="actor_a", value="n", col="source", symmetric=True)
    >>> len([a for a in fig.axes if a.get_title()])
    2
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['2', '2']
    """
    if data is None or data.empty:
        ax = show_empty(plt.figure(figsize=(6, 2)).gca(), empty)
        return ax.figure
    if symmetric:
        data = pd.concat([data, data.rename(columns={x: y, y: x})], ignore_index=True)
    totals = data.groupby(col)[value].sum().sort_values(ascending=False, kind="stable")
    groups = sorted(totals.index[:top], key=str)
    hidden = len(totals) - len(groups)
    titles = dict(zip(groups, short_labels(groups, 32)))
    names = list(order) if order is not None else sorted(set(data[x]) | set(data[y]))
    ncols = min(col_wrap, len(groups))
    nrows = -(-len(groups) // ncols)
    panel = min(1.2 + 0.45 * len(names), MAX_FIGSIZE[0] / ncols, MAX_FIGSIZE[1] / nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel * ncols, panel * nrows), squeeze=False)
    ticks = short_labels(names, 20)
    vmax = float(data[value].max()) or 1.0
    for ax, group in zip(axes.flat, groups):
        part = data[data[col] == group]
        wide = part.pivot_table(index=y, columns=x, values=value, aggfunc="sum").reindex(index=names, columns=names)
        wide.index, wide.columns = ticks, ticks
        sns.heatmap(
            wide,
            ax=ax,
            cmap=cmap,
            vmin=0,
            vmax=vmax,
            annot=len(names) <= 12,
            fmt=fmt,
            cbar=False,
            linewidths=0.5,
            xticklabels=True,
            yticklabels=True,
        )
        ax.set_title(titles[group], fontsize=10)
        ax.set_xlabel("")
        ax.set_ylabel("")
    for ax in list(axes.flat)[len(groups) :]:
        ax.set_axis_off()
    if hidden:
        title = f"{title or ''} (the {len(groups)} of {len(totals)} groups with most; all are in the table)".strip()
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
