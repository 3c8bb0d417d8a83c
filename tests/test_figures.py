"""Every chart stays legible from 1 to 50 sources and 2 to 40 actors: drawn with the kit's own
plot functions on synthetic tables, then checked on what was drawn (colours, tick labels,
figure size), never on pixels."""

from __future__ import annotations

import matplotlib.colors as mcolors
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kit import plots

SOURCES = [1, 8, 50]
# long names sharing their first 30 characters: a plain cut would make them all the same label
NAME = "Le Quotidien régional indépendant de la ville de {}"
CITIES = [f"Saint-Martin-{k:02d}" for k in range(50)]


def _sources(n: int) -> list[str]:
    return [NAME.format(c) for c in CITIES[:n]]


def _actors(n: int) -> list[str]:
    return [f"Acteur politique numéro {k:02d} du conflit" for k in range(n)]


def _size_ok(fig) -> None:
    w, h = fig.get_size_inches()
    assert w <= plots.MAX_FIGSIZE[0] + 1e-6 and h <= plots.MAX_FIGSIZE[1] + 1e-6, (w, h)


def _ticks_distinct(fig) -> None:
    for ax in fig.axes:
        for ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
            texts = [t.get_text() for t in ticks if t.get_text()]
            if texts and not any(ch.isdigit() for ch in texts[0][:1]):  # numeric scales may repeat nothing anyway
                assert len(texts) == len(set(texts)), texts


def _hex(colour) -> str:
    return mcolors.to_hex(colour)


@pytest.fixture(autouse=True)
def _fresh_colours():
    plots.set_theme()
    saved = plots.reset_colours()
    yield
    plots.reset_colours()
    plots.fix_colours(saved)


@pytest.mark.parametrize("n", SOURCES)
def test_bars_lump_the_smallest_sources_and_keep_labels_distinct(n):
    rng = np.random.default_rng(n)
    data = pd.DataFrame({"source": _sources(n), "n_articles": rng.integers(1, 40, n)})
    data = data.sort_values("n_articles", ascending=False)
    plots.assign_colours(data["source"])
    fig, ax = plots.figure_for(min(n, 25))
    plots.plot_bars(data, x="n_articles", y="source", ax=ax)
    shown = min(n, 2 * plots.MAX_SHOWN + 1)
    assert len(ax.patches) == shown
    assert sum(p.get_width() for p in ax.patches) == pytest.approx(data["n_articles"].sum())  # nothing lost
    colours = [_hex(p.get_facecolor()) for p in ax.patches]
    assert len(set(colours)) == shown
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(set(labels)) == shown and all(len(t) <= 40 for t in labels)
    if n == 50:
        assert labels[-1] == "other (26)" and colours[-1] == plots.OTHER_COLOUR
    _size_ok(fig)


@pytest.mark.parametrize("n", SOURCES)
def test_interval_chart_switches_to_small_multiples(n):
    frames = ["military", "diplomatic", "economic", "legal"]
    rng = np.random.default_rng(n)
    rows = []
    for k, source in enumerate(_sources(n)):
        for frame in frames:
            share = rng.uniform(0.01, 0.1)
            rows.append((source, frame, share, share - 0.01, share + 0.01, 1 + k % 5, k % 5 >= 2))
    data = pd.DataFrame(rows, columns=["source", "frame", "share", "low", "high", "n_articles", "enough"])
    plots.assign_colours(data["source"])
    fig, ax = plots.figure_for(len(frames))
    plots.plot_intervals(data, x="share", y="frame", low="low", high="high", hue="source", ax=fig.gca())
    _size_ok(fig)
    _ticks_distinct(fig)
    markers = [line for a in fig.axes for line in a.lines if line.get_marker() == "o"]
    if n <= 6:
        assert len(fig.axes) == 1 and len(markers) == n  # one line per source, its rows dodged
        assert len({_hex(m.get_color()) for m in markers}) == n
    else:
        panels = [a for a in fig.axes if a.get_visible() and a.axison]
        assert len(panels) == len(frames)
        shown = min(n, plots.MAX_SHOWN)
        for panel in panels:
            dots = [line for line in panel.lines if line.get_marker() == "o"]
            assert len(dots) == shown
            assert len({_hex(d.get_color()) for d in dots}) == shown  # one colour per source
            names = [t.get_text() for t in panel.get_yticklabels()]
            flagged = [t.endswith("†") for t in names]
            assert flagged == sorted(flagged)  # too-few-articles groups come last, never ranked among the others
            hollow = [_hex(d.get_markerfacecolor()) == "#ffffff" for d in dots]
            assert hollow == flagged
        if n == 50:
            assert "12" in fig.get_suptitle() and "50" in fig.get_suptitle()


@pytest.mark.parametrize("n", SOURCES)
@pytest.mark.parametrize("n_actors", [2, 40])
def test_heatmap_of_sources_by_actors(n, n_actors):
    rng = np.random.default_rng(n)
    data = pd.DataFrame(
        [(s, a, rng.uniform(0, 10)) for s in _sources(n) for a in _actors(n_actors)],
        columns=["source", "actor", "per_1000_words"],
    )
    fig, ax = plots.figure_for(min(n, 30), n_actors)
    plots.plot_heatmap(data, x="actor", y="source", value="per_1000_words", ax=ax)
    _size_ok(fig)
    _ticks_distinct(fig)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == min(n, 30)
    totals = data.groupby("source")["per_1000_words"].sum().sort_values(ascending=False)
    assert rows == plots.short_labels(totals.index[: len(rows)])  # sorted by total, largest first
    assert len(ax.get_xticklabels()) == n_actors
    assert (len(ax.texts) > 0) == (n_actors <= 15 and n <= 25)  # numbers only while they can be read


@pytest.mark.parametrize("n_actors", [2, 8, 40])
def test_timeline_network_and_clustermap_of_actors(n_actors):
    actors = _actors(n_actors)
    plots.assign_colours(actors)
    periods = pd.date_range("2024-01-01", periods=4, freq="MS")
    data = pd.DataFrame(
        [(p, a, k + 1) for k, a in enumerate(actors) for p in periods], columns=["period", "actor", "n"]
    )
    fig, ax = plots.figure_for(4)
    plots.plot_timeline(data, x="period", y="n", hue="actor", ax=ax)
    colours = [_hex(line.get_color()) for line in ax.lines]
    assert len(colours) == min(n_actors, 9) and len(set(colours)) == len(colours)
    assert len({t.get_text() for t in ax.get_legend().get_texts()}) == len(colours)
    _size_ok(fig)

    g = nx.complete_graph(actors)
    nx.set_node_attributes(g, 3, "n_mentions")
    nx.set_edge_attributes(g, 1, "n")
    fig, ax = plots.figure_for(10)
    plots.plot_network(g, ax=ax)
    node_colours = [_hex(c) for c in ax.collections[-1].get_facecolors()]
    assert len(set(node_colours)) == n_actors

    m = pd.DataFrame(np.random.default_rng(0).uniform(-1, 1, (n_actors, n_actors)), index=actors, columns=actors)
    grid = plots.plot_clustermap((m + m.T) / 2)
    _size_ok(grid.figure)
    _ticks_distinct(grid.figure)
    assert len(grid.ax_heatmap.get_yticklabels()) == n_actors


@pytest.mark.parametrize("n", SOURCES)
def test_small_multiples_of_terms_and_pairs(n):
    sources = _sources(n)
    plots.assign_colours(sources)
    terms = pd.DataFrame(
        [(s, f"mot{k}", 3.0 - k / 4) for s in sources for k in range(6)], columns=["source", "lemma", "z"]
    )
    g = plots.plot_dots(terms, x="z", y="lemma", col="source")
    _size_ok(g.figure)
    titles = [a.get_title() for a in g.axes.flat if a.get_title()]
    assert len(titles) == min(n, plots.MAX_SHOWN) and len(set(titles)) == len(titles)
    dot_colours = [_hex(a.collections[0].get_facecolor()[0]) for a in g.axes.flat if a.collections]
    assert len(set(dot_colours)) == len(dot_colours) == len(titles)

    actors = _actors(6)
    pairs = pd.DataFrame(
        [(s, a, b, 1 + k % 3) for k, s in enumerate(sources) for i, a in enumerate(actors) for b in actors[i + 1 :]],
        columns=["source", "actor_a", "actor_b", "n"],
    )
    fig = plots.plot_heatmap_grid(pairs, x="actor_b", y="actor_a", value="n", col="source", symmetric=True)
    _size_ok(fig)
    _ticks_distinct(fig)
    panels = [a.get_title() for a in fig.axes if a.get_title()]
    assert len(panels) == min(n, 9) and len(set(panels)) == len(panels)


def test_colours_are_the_same_in_every_figure_and_never_shared():
    sources = _sources(50)
    first = plots.assign_colours(reversed(sources))
    plots.reset_colours()
    second = plots.assign_colours(sources)
    assert first == second  # order of discovery does not matter: the same corpus gives the same colours
    assert len(set(first.values())) == 50 and plots.OTHER_COLOUR not in first.values()
    more = plots.assign_colours(_actors(40))
    assert not set(more.values()) & set(first.values())


def test_short_labels_never_collide():
    names = _sources(50) + ["Le Monde", "Le Monde diplomatique", "x" * 60, "x" * 59 + "y"]
    for width in (8, 16, 28, 40):
        cut = plots.short_labels(names, width)
        assert len(set(cut)) == len(names), width
        assert all(len(c) <= max(width, 12) for c in cut)
