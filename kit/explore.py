"""How do I get from a number to the sentences behind it? Explorer cells and browsable tables.

In JupyterLab an explorer is a few ipywidgets: pick an actor, a pair or a term, and its
chart and its evidence table (KWIC, or the sentences behind a pair, with source, date and a
link to the article) update. Tables are browsable (sort, search, page) with itables in
offline mode: the DataTables code is written into the notebook itself, so nothing is
fetched from the network, in JupyterLab or in the HTML page read from disk.

Run headless (``make report`` sets ``KIT_STATIC=1``, or outside a kernel), the same cells
show the chart and the table for the first choice, statically.

This module comes after the analysis stages in the flow (tests/test_architecture.py) because
an explorer recomputes the evidence for the picked item with the stage that owns it
(:func:`kit.kwic`, :func:`kit.pair_sentences`, :func:`kit.term_kwic`, :func:`kit.keyness`)
rather than copying that logic.

>>> import pandas as pd
>>> type(table(pd.DataFrame({"a": [1, 2]}))).__name__
'HTML'
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kit import plots
from kit.cooccurrence import pair_sentences
from kit.keyness import keyness, term_kwic
from kit.measures import kwic
from kit.tables import kwic as span_kwic

#: Set to "1" (``make report`` does) to draw every explorer statically.
STATIC_ENV = "KIT_STATIC"
#: Rows a browsable table carries at most: its rows are written into the notebook and its HTML
#: page, so a table of 100,000 articles would make a page of tens of MB that a browser pages
#: through slowly. The CSV a notebook saves keeps every row.
EMBED_ROWS = 2_000


def interactive() -> bool:
    """True in a live kernel where widgets can be shown; False headless (``KIT_STATIC=1``) or
    outside IPython.

    >>> interactive()
    False
    """
    if os.environ.get(STATIC_ENV) == "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def setup() -> str:
    """Load the table library into the notebook, offline (call once, in the set-up cell);
    returns ``"interactive"`` or ``"static"``.

    >>> setup() in ("interactive", "static")
    True
    """
    import itables

    try:
        from IPython import get_ipython

        if get_ipython() is not None:
            itables.init_notebook_mode(all_interactive=False, connected=False)
    except ImportError:  # pragma: no cover
        pass
    return "interactive" if interactive() else "static"


def table(
    data: pd.DataFrame,
    *,
    caption: str | None = None,
    page: int = 10,
    max_rows: int | None = EMBED_ROWS,
    saved_as: str | None = None,
):
    """A table to browse: sort by any column, search, ``page`` rows at a time. Links in a
    ``link`` column (see :func:`with_links`) can be clicked.

    Only the first ``max_rows`` rows are embedded (``None``: all); the caption then says so and
    names ``saved_as``, the file that holds every row (as :func:`kit.save_table` wrote it).

    >>> h = table(pd.DataFrame({"actor": ["Kim Jong Un"], "n": [3]}), caption="demo")
    >>> "Kim Jong Un" in h.data
    True
    >>> h = table(pd.DataFrame({"n": range(5)}), caption="Counts", max_rows=2, saved_as="tables/n.csv")
    >>> "Counts (first 2 of 5 rows; every row is in tables/n.csv)" in h.data
    True
    """
    import itables
    from IPython.display import HTML

    data = data if data is not None else pd.DataFrame()
    if data.empty:
        return HTML(f"<p><em>{html.escape(caption or 'Nothing to show')}: no rows.</em></p>")
    caption = cut_caption(caption, len(data), max_rows, saved_as)
    if max_rows is not None and len(data) > max_rows:
        data = data.head(max_rows)
    data = data.reset_index(drop=True)
    page = max(1, min(page, len(data)))
    options = {
        "connected": False,
        "allow_html": "link" in data.columns,
        "showIndex": False,
        "pageLength": page,
        "lengthMenu": [page, 25, 50, 100],
        # search box and pager even on one page (itables hides them under its default layout)
        "layout": {"topStart": "search", "topEnd": "pageLength", "bottomStart": "info", "bottomEnd": "paging"},
        "classes": "display compact",
        "maxBytes": 0,
    }
    if caption:
        options["caption"] = caption
    return HTML(itables.to_html_datatable(data, **options))


def cut_caption(caption: str | None, n_rows: int, max_rows: int | None, saved_as: str | None = None) -> str | None:
    """``caption`` with a note when a table of ``n_rows`` is shown only up to ``max_rows`` rows.

    >>> cut_caption("Every article", 95_000, 2_000, "tables/articles.csv")
    'Every article (first 2,000 of 95,000 rows; every row is in tables/articles.csv)'
    >>> cut_caption("Every article", 12, 2_000)
    'Every article'
    """
    if max_rows is None or n_rows <= max_rows:
        return caption
    note = f"first {max_rows:,} of {n_rows:,} rows" + (f"; every row is in {saved_as}" if saved_as else "")
    return f"{caption} ({note})" if caption else note.capitalize()


def with_links(evidence: pd.DataFrame, *, articles: pd.DataFrame) -> pd.DataFrame:
    """An evidence table (with ``doc_id``) with the article's ``date`` and a ``link``: its
    title linked to its ``url`` (escaped; the doc_id where there is no url).

    >>> arts = pd.DataFrame({"doc_id": ["a"], "date": [pd.Timestamp("2025-10-27")], "title": ["T"],
    ...                      "url": ["https://example.org/a"]})
    >>> with_links(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), articles=arts)["link"].iloc[0]
    '<a href="https://example.org/a" target="_blank" rel="noopener">T</a>'
    """
    cols = [c for c in ("doc_id", "date", "title", "url") if c in articles]
    meta = articles[cols].drop_duplicates("doc_id")
    out = evidence.merge(meta, on="doc_id", how="left")
    links = []
    for doc_id, title, url in zip(out["doc_id"], out.get("title", out["doc_id"]), out.get("url", out["doc_id"])):
        text = html.escape(str(title) if isinstance(title, str) and title else str(doc_id))
        ok = isinstance(url, str) and url.startswith(("http://", "https://"))
        links.append(f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{text}</a>' if ok else text)
    out["link"] = links
    if "date" in out:
        out["date"] = pd.to_datetime(out["date"], errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    return out.drop(columns=[c for c in ("title", "url") if c in out])


def _explorer(options: list[str], value: str, *, draw, evidence, description: str, caption: str):
    """One dropdown driving a chart and an evidence table; static when not interactive."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    def show(choice):
        fig = draw(choice)
        if fig is not None:
            display(fig)
            plt.close(fig)
        display(table(evidence(choice), caption=caption.format(choice=choice)))

    if not options:
        return table(pd.DataFrame(), caption="Nothing to explore")
    if not interactive():
        show(value)
        return None
    import ipywidgets as widgets

    picker = widgets.Dropdown(
        options=options, value=value, description=description, layout=widgets.Layout(width="min(40em, 100%)")
    )
    picker.add_class("kit-picker")
    out = widgets.Output()

    def update(_change=None):
        with out:
            out.clear_output(wait=True)
            show(picker.value)

    picker.observe(update, names="value")
    update()
    box = widgets.VBox([picker, out])
    box.add_class("kit-explorer")
    return box


def _figure(rows: int):
    fig, ax = plots.figure_for(rows)
    return fig, ax


def actors(
    mentions: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    rates: pd.DataFrame,
    by: str = "source",
    actor: str | None = None,
    window: int = 60,
):
    """Explorer: pick an actor; see its mentions per 1,000 words per group (with the
    intervals of ``rates``, from ``kit.mention_rates(..., ci=0.95)``) and every mention in context.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> r = kit.mention_rates(s.mentions, articles=s.articles, ci=0.95, n_boot=50)
    >>> actors(s.mentions, articles=s.articles, rates=r, actor="Kim Jong Un")  # doctest: +ELLIPSIS
    Figure(...)
    <IPython.core.display.HTML object>
    """
    order = rates.groupby("actor")["n_mentions"].sum().sort_values(ascending=False, kind="stable")
    options = [str(a) for a in order.index]
    value = actor if actor in options else (options[0] if options else "")
    has_ci = "per_1000_words_low" in rates

    def draw(choice):
        part = rates[rates["actor"] == choice]
        part = part.assign(
            low=part["per_1000_words_low"] if has_ci else part["per_1000_words"],
            high=part["per_1000_words_high"] if has_ci else part["per_1000_words"],
        )
        fig, ax = _figure(max(part[by].nunique(), 2) if part[by].nunique() > 6 else 2)
        plots.plot_intervals(
            part,
            x="per_1000_words",
            y="actor",
            low="low",
            high="high",
            hue=by,
            ax=ax,
            title=f"{choice}: mentions per 1,000 words, by {by}",
            empty=f"{choice} is not named.",
        )
        return fig

    def evidence(choice):
        found = kwic(mentions, articles=articles, actor=choice, window=window, by=by)
        return with_links(found, articles=articles)[["link", by, "date", "left", "match", "right", "how"]]

    return _explorer(
        options, value, draw=draw, evidence=evidence, description="actor", caption="Every mention of {choice}"
    )


def pairs(
    pairs: pd.DataFrame,
    *,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    per_group: pd.DataFrame | None = None,
    by: str = "source",
    actor_a: str | None = None,
    actor_b: str | None = None,
    top: int = 200,
):
    """Explorer: pick a pair of actors (most frequent pairs first); see the units naming both
    per group (from ``per_group``, ``kit.cooccurrence(..., by=by)``) and the sentences behind it.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> p = kit.cooccurrence(s.mentions, sentences=s.annotation.sentences, articles=s.articles)
    >>> pairs(p, mentions=s.mentions, sentences=s.annotation.sentences, articles=s.articles)
    <IPython.core.display.HTML object>
    """
    ranked = pairs.sort_values(["n", "actor_a", "actor_b"], ascending=[False, True, True]).head(top)
    labels = {f"{a} — {b}": (a, b) for a, b in zip(ranked["actor_a"], ranked["actor_b"])}
    options = list(labels)
    wanted = [f"{a} — {b}" for a, b in ((actor_a, actor_b), (actor_b, actor_a))]
    value = next((w for w in wanted if w in labels), options[0] if options else "")

    def draw(choice):
        if per_group is None:
            return None
        a, b = labels[choice]
        part = per_group[(per_group["actor_a"] == a) & (per_group["actor_b"] == b)].sort_values("n", ascending=False)
        fig, ax = _figure(max(len(part), 2))
        plots.plot_bars(
            part, x="n", y=by, ax=ax, title=f"{choice}: units naming both, by {by}", empty="No group names both."
        )
        return fig

    def evidence(choice):
        a, b = labels[choice]
        found = pair_sentences(mentions, sentences=sentences, actor_a=a, actor_b=b, articles=articles, by=by)
        cols = ["link", *([by] if by in found else []), "date", "text"]
        return with_links(found, articles=articles)[cols]

    return _explorer(
        options, value, draw=draw, evidence=evidence, description="pair", caption="Sentences naming {choice}"
    )


#: What the explorers take for ``tokens``: the tokens table, or a function giving the tokens
#: of some words, called as ``tokens(words, first=..., doc_ids=...)`` (:meth:`kit.Study.term_tokens`).
Tokens = pd.DataFrame | Callable[..., pd.DataFrame]


def _tokens_of(tokens: Tokens, words: list[str], **options) -> pd.DataFrame:
    """The tokens table, or the tokens of ``words`` when ``tokens`` is a function."""
    return tokens(words, **options) if callable(tokens) else tokens


def terms(
    keyed: pd.DataFrame,
    *,
    tokens: Tokens,
    articles: pd.DataFrame,
    by: str = "source",
    term: str | None = None,
    top: int = 60,
    window: int = 60,
):
    """Explorer: pick a word (the most distinctive of any group first, from ``kit.keyness``);
    see its z-score in each group and every use in context. ``tokens`` is the tokens table,
    or ``study.term_tokens`` (:meth:`kit.Study.term_tokens`): then only the picked word's
    tokens are asked for, when it is picked, which on a study store reads no other token.

    >>> import kit
    >>> s = kit.study("data/sample")
    >>> c = kit.term_counts(s.annotation.tokens, articles=s.articles)
    >>> terms(kit.keyness(c), tokens=s.annotation.tokens, articles=s.articles, term="sanction")  # doctest: +ELLIPSIS
    Figure(...)
    <IPython.core.display.HTML object>
    """
    col = "lemma" if "lemma" in keyed else keyed.columns[1]
    ranked = keyed.sort_values("z", ascending=False, kind="stable")[col].astype(str).drop_duplicates()
    options = list(ranked.head(top))
    if term and term not in options:
        options.insert(0, term)
    value = term if term else (options[0] if options else "")

    def draw(choice):
        part = keyed[keyed[col].astype(str) == choice].sort_values("z", ascending=False)
        fig, ax = _figure(max(len(part), 2))
        plots.plot_bars(
            part,
            x="z",
            y=by,
            ax=ax,
            title=f"{choice!r}: log-odds z-score, by {by}",
            empty=f"{choice!r} is not among the counted words.",
        )
        if len(part):
            ax.axvline(1.96, color="#999999", linestyle="--")
        return fig

    def evidence(choice):
        found = term_kwic(_tokens_of(tokens, [choice]), articles=articles, term=choice, window=window, by=by)
        return with_links(found, articles=articles)[["link", by, "date", "left", "match", "right"]]

    return _explorer(options, value, draw=draw, evidence=evidence, description="word", caption="Every use of {choice}")


# ------------------------------------------------------------------ keyness page (scattertext-like)
def keyness_page(
    counts: pd.DataFrame,
    *,
    tokens: Tokens,
    articles: pd.DataFrame,
    by: str = "source",
    group: str,
    other: str | None = None,
    term: str = "lemma",
    folder: str | os.PathLike | None = None,
    top: int = 400,
    examples: int = 5,
    window: int = 70,
) -> Path:
    """Write ``folder/explore/keyness_<group>.html`` (``folder``: the reports folder): a page
    that places each word by its frequency in ``group`` (across) and in ``other`` (or in all
    other groups; up), coloured by its log-odds z-score, in the spirit of scattertext. Hover
    a word for its counts and z; click it for its uses in context. One file, no network: open it from disk.
    ``tokens`` is the tokens table, or ``study.term_tokens`` (:meth:`kit.Study.term_tokens`,
    with ``term`` "lemma" or "text"): then only the first uses of the words placed are asked
    for, which on a study store reads no other token; the page is the same.

    >>> import kit, tempfile
    >>> s = kit.study("data/sample")
    >>> c = kit.term_counts(s.annotation.tokens, articles=s.articles)
    >>> group = sorted(c["source"].unique())[0]
    >>> keyness_page(c, tokens=s.annotation.tokens, articles=s.articles, group=group, folder=tempfile.mkdtemp()).suffix
    '.html'
    """
    from kit import paths

    pair = counts[counts[by] == group].assign(_side="a")
    rest = counts[(counts[by] == other) if other else (counts[by] != group)].assign(_side="b")
    both = pd.concat([pair, rest], ignore_index=True).groupby(["_side", term], as_index=False)["n"].sum()
    keyed = keyness(both, by="_side", term=term) if both["_side"].nunique() == 2 else pd.DataFrame()
    rows = []
    if len(keyed):
        a = keyed[keyed["_side"] == "a"].set_index(term)
        totals_a = max(float(pair["n"].sum()), 1.0)
        totals_b = max(float(rest["n"].sum()), 1.0)
        na = pair.groupby(term)["n"].sum()
        nb = rest.groupby(term)["n"].sum()
        vocab = (na.add(nb, fill_value=0)).sort_values(ascending=False).head(top).index
        for w in vocab:
            rows.append(
                {
                    "t": str(w),
                    "a": int(na.get(w, 0)),
                    "b": int(nb.get(w, 0)),
                    "fa": 1000 * float(na.get(w, 0)) / totals_a,
                    "fb": 1000 * float(nb.get(w, 0)) / totals_b,
                    "z": round(float(a["z"].get(w, 0.0)), 2),
                }
            )
    words = {r["t"] for r in rows}
    docs = set(articles.loc[articles[by] == group, "doc_id"]) if by in articles else set()
    others = set(articles.loc[(articles[by] == other) if other else (articles[by] != group), "doc_id"])
    if callable(tokens):  # the first uses of each word in these articles are all the page shows
        first = 2 * examples if term == "lemma" else None
        tokens = tokens(sorted(words), first=first, doc_ids=sorted(docs | others))
    lemma = tokens[term].astype(str) if term in tokens else tokens["lemma"].astype(str)
    hits = tokens.loc[lemma.isin(words), ["doc_id", "start", "end"]].assign(t=lemma[lemma.isin(words)])
    hits = hits[hits["doc_id"].isin(docs | others)]
    hits = hits.groupby("t", group_keys=False).head(2 * examples)
    lines: dict[str, list] = {}
    if len(hits):
        ctx = span_kwic(hits.assign(how=hits["t"]), articles=articles, window=window, by=by)
        for row in ctx.itertuples(index=False):
            lines.setdefault(row.how, []).append([str(getattr(row, by)), row.left, row.match, row.right])
    name_b = other or f"all but {group}"
    target = paths.output_dir(folder) / "explore"
    target.mkdir(parents=True, exist_ok=True)
    slug = "".join(ch if ch.isalnum() else "_" for ch in str(group))[:60]
    path = target / f"keyness_{slug}.html"
    data = {"a": str(group), "b": name_b, "by": by, "words": rows, "kwic": lines}
    path.write_text(
        _KEYNESS_PAGE.replace("__DATA__", json.dumps(data, ensure_ascii=False).replace("</", "<\\/")).replace(
            "__TITLE__", html.escape(f"Words of {group} against {name_b}")
        ),
        encoding="utf-8",
    )
    return path


_KEYNESS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:1100px;color:#222}
svg{border:1px solid #ddd;background:#fff} text.w{font-size:11px;cursor:pointer}
text.w:hover,text.sel{font-weight:bold;text-decoration:underline}
#tip{position:fixed;pointer-events:none;background:#333;color:#fff;padding:4px 8px;border-radius:4px;
font-size:12px;display:none} table{border-collapse:collapse;font-size:13px} td{padding:2px 6px;vertical-align:top}
td.l{text-align:right;color:#555} td.m{font-weight:bold} #kwic{margin-top:1em}
</style></head><body>
<h1>__TITLE__</h1>
<p>Each word of the corpus's most frequent is placed by how often it occurs per 1,000 words in
<b id="na"></b> (across) and in <b id="nb"></b> (up), both on log scales. Red words are
distinctive of the first, blue of the second (log-odds z-score with an informative Dirichlet
prior; |z| &gt; 1.96 is the usual threshold). Hover a word for its counts; click it for its uses.</p>
<p><label>Find a word: <input id="find" type="search" placeholder="e.g. sanction"></label></p>
<svg id="plot" width="1000" height="640" role="img" aria-label="keyness scatter plot"></svg>
<div id="tip"></div>
<div id="kwic"><p>Click a word to see it in context.</p></div>
<script>
const D = __DATA__;
document.getElementById('na').textContent = D.a;
document.getElementById('nb').textContent = D.b;
const svg = document.getElementById('plot'), NS = 'http://www.w3.org/2000/svg';
const W = 1000, H = 640, M = 50;
const lx = v => Math.log10(v + 0.05);
const fa = D.words.map(w => lx(w.fa)), fb = D.words.map(w => lx(w.fb));
const x0 = Math.min(...fa, 0), x1 = Math.max(...fa, 1), y0 = Math.min(...fb, 0), y1 = Math.max(...fb, 1);
const sx = v => M + (v - x0) / ((x1 - x0) || 1) * (W - 2 * M);
const sy = v => H - M - (v - y0) / ((y1 - y0) || 1) * (H - 2 * M);
function colour(z) { const t = Math.max(-1, Math.min(1, z / 4));
  return t >= 0 ? `rgb(${Math.round(150 + 90 * t)},${Math.round(120 - 100 * t)},${Math.round(120 - 100 * t)})`
                : `rgb(${Math.round(120 + 100 * t)},${Math.round(120 + 20 * t)},${Math.round(150 - 90 * t)})`; }
function el(tag, attrs, text) { const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
svg.appendChild(el('line', {x1: M, y1: H - M, x2: W - M, y2: M, stroke: '#ccc', 'stroke-dasharray': '4 4'}));
svg.appendChild(el('text', {x: W / 2, y: H - 12, 'text-anchor': 'middle'}, 'per 1,000 words in ' + D.a));
svg.appendChild(el('text', {x: 14, y: H / 2, transform: `rotate(-90 14 ${H / 2})`, 'text-anchor': 'middle'},
  'per 1,000 words in ' + D.b));
const tip = document.getElementById('tip');
const nodes = {};
D.words.forEach((w, k) => {
  const t = el('text', {x: sx(fa[k]), y: sy(fb[k]), fill: colour(w.z), class: 'w', 'data-term': w.t,
    'text-anchor': 'middle'}, w.t);
  t.addEventListener('mousemove', ev => { tip.style.display = 'block'; tip.style.left = (ev.clientX + 12) + 'px';
    tip.style.top = (ev.clientY + 12) + 'px';
    tip.textContent = `${w.t}: ${w.a} in ${D.a}, ${w.b} in ${D.b}, z = ${w.z}`; });
  t.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  t.addEventListener('click', () => show(w.t));
  svg.appendChild(t); nodes[w.t] = t;
});
function show(term) {
  document.querySelectorAll('text.sel').forEach(e => e.classList.remove('sel'));
  if (nodes[term]) nodes[term].classList.add('sel');
  const box = document.getElementById('kwic'); box.innerHTML = '';
  const w = D.words.find(x => x.t === term);
  const h = document.createElement('h2');
  h.textContent = w ? `${term}: ${w.a} in ${D.a}, ${w.b} in ${D.b}, z = ${w.z}` : term; box.appendChild(h);
  const tab = document.createElement('table');
  for (const [g, l, m, r] of (D.kwic[term] || [])) { const tr = tab.insertRow();
    [g, l, m, r].forEach((v, i) => { const td = tr.insertCell(); td.textContent = v;
      td.className = ['g', 'l', 'm', 'r'][i]; }); }
  if (!tab.rows.length) { const p = document.createElement('p'); p.textContent = 'No use found.'; box.appendChild(p); }
  box.appendChild(tab);
}
document.getElementById('find').addEventListener('input', ev => {
  const q = ev.target.value.trim().toLowerCase(); if (nodes[q]) show(q); });
</script></body></html>
"""
