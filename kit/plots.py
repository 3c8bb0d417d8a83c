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
_PALETTE = sns.color_palette("tab20", 20).as_hex()
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


def colour_for(key: str) -> str:
    """A colour that depends only on ``key``, so a source or actor looks the same in every chart.

    >>> colour_for("Pyongyang") == colour_for("Pyongyang")
    True
    """
    if key in _FIXED:
        return _FIXED[key]
    digest = int(hashlib.md5(str(key).encode()).hexdigest(), 16)
    return _PALETTE[digest % len(_PALETTE)]


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
    """Shorten a long tick label (``unknown:000_31cb…``).

    >>> short("unknown:000_31cb83dccb87126a", 16)
    'unknown:000_31c…'
    """
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


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
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
    **kwargs,
):
    """Horizontal bars, one per row, in the order given (sort ``data`` first).

    ``x`` is the value column, ``y`` the label column; bars take the fixed colour of
    ``colour_by`` (default: the label).

    >>> fig, ax = plt.subplots()
    >>> ax = plot_bars(pd.DataFrame({"source": ["a", "b"], "n": [3, 1]}), x="n", y="source", ax=ax)
    >>> [float(p.get_width()) for p in ax.patches]
    [3.0, 1.0]
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    keys = data[colour_by or y].astype(str)
    ax.barh(
        [short(v, 40) for v in data[y].astype(str)],
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
):
    """Stacked horizontal bars of ``x`` per ``y``, split by ``hue`` (e.g. words by line role per source).

    >>> d = pd.DataFrame({"source": ["a", "a"], "role": ["body", "navigation"], "n_words": [90, 10]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_stacked(d, x="n_words", y="source", hue="role", normalise=True, ax=ax)
    >>> round(float(sum(p.get_width() for p in ax.patches)), 3)
    1.0
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    wide = data.pivot_table(index=y, columns=hue, values=x, aggfunc="sum", fill_value=0)
    if order is not None:
        wide = wide.reindex([o for o in order if o in wide.index])
    if hue_order is not None:
        wide = wide[[h for h in hue_order if h in wide.columns]]
    if normalise:
        wide = wide.div(wide.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    wide.index = [short(i, 40) for i in wide.index.astype(str)]
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
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
):
    """Lines over time (one per ``hue`` value), markers on each period.

    >>> d = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01"]), "n": [1, 3]})
    >>> fig, ax = plt.subplots()
    >>> len(plot_timeline(d, x="period", y="n", ax=ax).lines)
    1
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    groups = data.groupby(hue, sort=True) if hue else [(None, data)]
    for key, part in groups:
        part = part.sort_values(x)
        ax.plot(
            part[x],
            part[y],
            marker="o",
            label=short(key) if key is not None else None,
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
    empty: str = "Nothing to show.",
    **kwargs,
):
    """Heatmap of ``value`` with ``y`` rows and ``x`` columns (in ``x_order`` if given), annotated.

    >>> d = pd.DataFrame({"source": ["a", "b"], "actor": ["X", "X"], "v": [1.0, 2.0]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_heatmap(d, x="actor", y="source", value="v", ax=ax)
    >>> [t.get_text() for t in ax.texts]
    ['1.0', '2.0']
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    wide = data.pivot_table(index=y, columns=x, values=value, aggfunc="sum")
    if x_order is not None:
        wide = wide[[c for c in x_order if c in wide.columns]]
    wide.index = [short(i) for i in wide.index.astype(str)]
    sns.heatmap(
        wide,
        annot=True,
        fmt=fmt,
        cmap=cmap,
        center=center,
        linewidths=0.5,
        ax=ax,
        cbar_kws={"label": label(value)},
        **kwargs,
    )
    ax.tick_params(axis="x", rotation=45)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
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
):
    """Dot plot of ``x`` per ``y`` label, one panel per ``col`` value (e.g. keyness z per term per source).

    Returns the seaborn ``FacetGrid`` (or the axes with the empty message).

    >>> d = pd.DataFrame({"source": ["a", "a"], "lemma": ["guerre", "paix"], "z": [2.5, 1.9]})
    >>> g = plot_dots(d, x="z", y="lemma", col="source")
    >>> len(g.axes.flat)
    1
    """
    if data is None or data.empty:
        return show_empty(plt.figure().gca(), empty)
    data = data.assign(**{col: data[col].astype(str).map(short)}) if col else data
    g = sns.catplot(
        data=data,
        x=x,
        y=y,
        col=col,
        col_wrap=col_wrap if col else None,
        kind="strip",
        hue=col,
        palette=palette(data[col].unique()) if col else None,
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
    ax=None,
    title: str | None = None,
    empty: str = "Nothing to show.",
):
    """Points with horizontal error bars (e.g. frame share per source with a bootstrap interval).

    >>> d = pd.DataFrame({"frame": ["military"], "source": ["a"], "share": [0.2], "low": [0.1], "high": [0.3]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_intervals(d, x="share", y="frame", low="low", high="high", hue="source", ax=ax)
    >>> len(ax.lines) >= 1
    True
    """
    ax = _axes(ax)
    if data is None or data.empty:
        return show_empty(ax, empty)
    cats = list(dict.fromkeys(data[y]))
    groups = list(dict.fromkeys(data[hue]))
    step = 0.8 / max(len(groups), 1)
    for k, g in enumerate(groups):
        part = data[data[hue] == g]
        pos = [cats.index(c) - 0.4 + step * (k + 0.5) for c in part[y]]
        err = [(part[x] - part[low]).clip(lower=0), (part[high] - part[x]).clip(lower=0)]
        ax.errorbar(part[x], pos, xerr=err, fmt="o", color=colour_for(g), label=short(g), capsize=3)
    ax.set_yticks(range(len(cats)), cats)
    ax.invert_yaxis()
    ax.legend(title=label(hue), bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    return _finish(ax, title, label(x), "")


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


def save_figure(fig, name: str, folder: str | os.PathLike) -> list[Path]:
    """Save a figure (or the figure of an Axes or FacetGrid) as PNG and SVG in ``folder/figures``.

    >>> import tempfile; fig, ax = plt.subplots(); ax = plot_hist(pd.DataFrame({"n": [1, 2]}), x="n", ax=ax)
    >>> [p.suffix for p in save_figure(ax, "demo", tempfile.mkdtemp())]
    ['.png', '.svg']
    """
    figure = getattr(fig, "figure", fig)
    if hasattr(figure, "get_figure") and figure.get_figure() is not None:
        figure = figure.get_figure()
    out = Path(folder) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix in (".png", ".svg"):
        path = out / f"{name}{suffix}"
        figure.savefig(path)
        written.append(path)
    return written


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

    size = 1.5 + 0.6 * len(matrix)
    # an actor with itself says nothing: the diagonal is left blank
    g = sns.clustermap(
        matrix,
        mask=np.eye(len(matrix), dtype=bool),
        cmap=cmap,
        center=center,
        annot=True,
        fmt=fmt,
        linewidths=0.5,
        figsize=(size + 1.5, size),
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
):
    """Small multiples: one heatmap of ``value`` (``y`` × ``x``) per ``col`` group, same
    row and column order and colour scale in every panel, so groups compare at a glance.
    ``symmetric=True`` mirrors each (x, y) row to (y, x), for pairs stored once.

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
    groups = sorted(data[col].unique(), key=str)
    names = list(order) if order is not None else sorted(set(data[x]) | set(data[y]))
    ncols = min(col_wrap, len(groups))
    nrows = -(-len(groups) // ncols)
    panel = 1.2 + 0.45 * len(names)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel * ncols, panel * nrows), squeeze=False)
    vmax = float(data[value].max()) or 1.0
    for ax, group in zip(axes.flat, groups):
        part = data[data[col] == group]
        wide = part.pivot_table(index=y, columns=x, values=value, aggfunc="sum").reindex(index=names, columns=names)
        sns.heatmap(wide, ax=ax, cmap=cmap, vmin=0, vmax=vmax, annot=True, fmt=fmt, cbar=False, linewidths=0.5)
        ax.set_title(short(group), fontsize=10)
        ax.set_xlabel("")
        ax.set_ylabel("")
    for ax in list(axes.flat)[len(groups) :]:
        ax.set_axis_off()
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
