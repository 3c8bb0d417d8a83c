"""What does a reader open first? The report as a small offline site: index page, notebook pages.

``reports/index.html`` says what the corpus is in one paragraph (articles, sources, dates,
what cleaning removed and what was skipped), links to each notebook page and explorer,
shows every figure as a thumbnail with a one-line caption (a click opens its notebook),
and holds the load report (a table to search and sort) and the run manifest. Everything
works from ``file://``: the table code is written into the pages, nothing is fetched.

Each notebook page (:func:`notebook_page`) is titled after the notebook's first heading and
opens with its code hidden, with a switch to show it.

The site reads only what the notebooks wrote (``tables/*.csv``, ``figures/*``, the
executed notebooks) and the manifest: it knows no analysis.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> build(out, {"notebooks": [], "parameters": {"CORPUS": "data/sample"}}).name
'index.html'
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pandas as pd

#: CSS and script that hide code cells and add the switch that shows them again.
CODE_SWITCH = """
<style>
.kit-bar{position:sticky;top:0;z-index:10;background:#f7f7f7;border-bottom:1px solid #ddd;padding:6px 12px;
font:14px system-ui,sans-serif}
.kit-bar a{margin-right:1em}
body.kit-hide-code .jp-CodeCell .jp-Cell-inputWrapper,body.kit-hide-code .jp-InputPrompt{display:none}
body.kit-hide-code .jp-CodeCell .jp-Cell-outputWrapper{margin-top:0}
</style>
<div class="kit-bar"><a href="../index.html">&larr; report index</a>
<label><input type="checkbox" id="kit-show-code"> show code</label></div>
<script>
document.getElementById('kit-show-code').addEventListener('change', ev => {
  document.body.classList.toggle('kit-hide-code', !ev.target.checked); });
</script>
"""


def title_of(notebook: Path) -> str:
    """The first markdown heading of a notebook, without its ``#`` (the file stem if none).

    >>> from kit import paths
    >>> title_of(paths.NOTEBOOKS_DIR / "01_corpus.ipynb")
    '01 · What is in the corpus, and what did cleaning remove?'
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


#: nbconvert's lab page without the scripts it would fetch from a CDN (require.js, MathJax,
#: Mermaid: the notebooks use none of them) and with alternative text on every figure.
PAGE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
alt="{{ (output | get_metadata('alt', 'image/png')) or 'A figure' | escape_html }}">
</div>
{%- endblock data_png %}
"""


def _describe_figures(nb) -> None:
    """Give each figure output the heading of its section as alternative text."""
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = [ln.lstrip("#").strip() for ln in cell.source.splitlines() if ln.startswith("#")]
            heading = found[-1] if found else heading
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = f"Figure: {heading}"


def notebook_page(notebook: Path, *, code: str = "hidden") -> Path:
    """Render an executed notebook as a standalone HTML page beside it, titled after its first
    heading, code ``"hidden"`` (with a switch to show it) or ``"shown"``.

    Example: ``notebook_page(Path("reports/notebooks/01_corpus.ipynb"))`` writes ``01_corpus.html``.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    title = title_of(notebook)
    nb = nbformat.read(notebook, as_version=4)
    _describe_figures(nb)
    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"kit_page.html.j2": PAGE_TEMPLATE})], template_file="kit_page.html.j2"
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    switch = CODE_SWITCH
    if code == "shown":
        switch = switch.replace('id="kit-show-code">', 'id="kit-show-code" checked>')
    hidden = " kit-hide-code" if code != "shown" else ""
    body = re.sub(
        r"<body([^>]*)>",
        lambda m: _body_with_class(m.group(1), hidden) + switch,
        body,
        count=1,
    )
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def _body_with_class(attrs: str, extra: str) -> str:
    if 'class="' in attrs:
        return "<body" + attrs.replace('class="', f'class="{extra.strip()} ', 1) + ">"
    return f'<body{attrs} class="{extra.strip()}">'


def _read(path: Path) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path) if path.exists() else None
    except (pd.errors.EmptyDataError, pd.errors.ParserError):
        return None


def corpus_paragraph(out: Path, manifest: dict) -> str:
    """The corpus in one paragraph, from the tables the corpus notebook wrote.

    >>> import tempfile
    >>> corpus_paragraph(Path(tempfile.mkdtemp()), {"parameters": {"CORPUS": "x"}})
    'The corpus notebook wrote no table for x: see its page.'
    """
    tables = out / "tables"
    corpus = manifest.get("parameters", {}).get("CORPUS", "the corpus")
    per_source = _read(tables / "articles_by_source.csv")
    if per_source is None:
        return f"The corpus notebook wrote no table for {corpus}: see its page."
    n_articles = int(per_source["n_articles"].sum()) if len(per_source) else 0
    n_sources = len(per_source)
    parts = [
        f"{n_articles} article{'s' if n_articles != 1 else ''} from {n_sources} source"
        f"{'s' if n_sources != 1 else ''}, loaded from {corpus}"
    ]
    periods = _read(tables / "articles_by_period.csv")
    if periods is not None and len(periods):
        dated = periods.dropna(subset=["period"])
        n_dated = int(dated["n_articles"].sum())
        if n_dated:
            first, last = str(dated["period"].min())[:10], str(dated["period"].max())[:10]
            span = f"from {first} to {last}" if first != last else f"in the period starting {first}"
            parts.append(f"{n_dated} dated, {span}")
        if n_dated < n_articles:
            parts.append(f"{n_articles - n_dated} without a date")
    roles = _read(tables / "lines_by_source_role.csv")
    if roles is not None and len(roles) and roles["n_words"].sum():
        # the title is kept apart, not removed: it is neither text nor chrome
        removed = roles.loc[~roles["kept"].astype(bool) & (roles["role"] != "title")]
        share = removed["n_words"].sum() / roles["n_words"].sum()
        biggest = removed.groupby("role")["n_words"].sum().sort_values(ascending=False).head(3)
        what = ", ".join(f"{r} {n:,} words" for r, n in biggest.items() if n)
        parts.append(f"cleaning removed {share:.0%} of the pages' words" + (f" ({what})" if what else ""))
    report = _read(tables / "load_report_rows.csv")
    if report is not None:
        skipped = report[report["level"] == "skip"]
        if len(skipped):
            codes = ", ".join(f"{c} {n}" for c, n in skipped["code"].value_counts().items())
            parts.append(f"{len(skipped)} item(s) skipped ({codes})")
        else:
            parts.append("no file was skipped")
    return "; ".join(parts) + "."


def _caption(figure_png: Path) -> tuple[str, str | None]:
    meta = figure_png.with_suffix(".json")
    if meta.exists():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return data.get("caption") or figure_png.stem.replace("_", " "), data.get("notebook")
    return figure_png.stem.replace("_", " "), None


def _table_assets() -> str:
    """The offline table library (DataTables through itables), as the notebooks load it."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


def _table_html(table: pd.DataFrame, caption: str, saved_as: str | None = None) -> str:
    import itables

    from kit.explore import EMBED_ROWS, cut_caption

    if table.empty:
        return f"<p><em>{html.escape(caption)}: nothing to report.</em></p>"
    return itables.to_html_datatable(
        table.head(EMBED_ROWS).reset_index(drop=True),
        connected=False,
        caption=cut_caption(caption, len(table), EMBED_ROWS, saved_as),
        showIndex=False,
        pageLength=10,
        maxBytes=0,
        layout={"topStart": "search", "topEnd": "pageLength", "bottomStart": "info", "bottomEnd": "paging"},
    )


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1150px;padding:0 1em;color:#222;line-height:1.45}}
.gallery{{display:flex;flex-wrap:wrap;gap:14px}} figure{{margin:0;width:260px}}
figure img{{width:260px;height:170px;object-fit:contain;border:1px solid #ddd;background:#fff}}
figcaption{{font-size:13px;color:#444}} .failed{{color:#b00020;font-weight:bold}}
table.nb td{{padding:3px 10px}} pre{{background:#f6f6f6;padding:10px;overflow:auto;font-size:12px}}
</style>
{assets}
</head><body>
<h1>{title}</h1>
<p class="corpus">{corpus}</p>
<h2>Notebooks</h2>
<table class="nb">{notebooks}</table>
{explorers}
<h2>Figures</h2>
{figures}
<h2>Load report</h2>
<p>Every file skipped, odd encoding, broken metadata row, non-French or duplicate article.</p>
{load_report}
<h2>Tables</h2>
<p>{tables}</p>
<h2>Run manifest</h2>
<details><summary>parameters, package and model versions, corpus hash, dates, status</summary>
<pre>{manifest}</pre></details>
</body></html>
"""


def build(out: str | os.PathLike, manifest: dict) -> Path:
    """Write ``out/index.html`` from what the notebooks wrote under ``out`` and the manifest.

    Example: ``build("reports", run_all(...))`` (``run_all`` calls it).
    """
    out = Path(out)
    titles, rows = {}, []
    for entry in manifest.get("notebooks", []):
        executed = out / entry["output"]
        title = title_of(executed) if executed.exists() else entry["notebook"]
        titles[Path(entry["notebook"]).stem] = (title, entry.get("html"))
        link = (
            f'<a href="{html.escape(entry["html"])}">{html.escape(title)}</a>'
            if entry.get("html")
            else html.escape(title)
        )
        status = entry.get("status", "?")
        cls = "" if status == "ok" else ' class="failed"'
        rows.append(f"<tr><td>{link}</td><td{cls}>{html.escape(status)}</td><td>{entry.get('seconds', '')} s</td></tr>")
    figures = sorted((out / "figures").glob("*.png"))
    groups: dict[str | None, list[str]] = {}
    for png in figures:
        caption, notebook = _caption(png)
        title, page = titles.get(notebook, (None, None)) if notebook else (None, None)
        img = f'<img src="figures/{html.escape(png.name)}" loading="lazy" alt="{html.escape(caption)}">'
        link = f'<a href="{html.escape(page)}" title="open {html.escape(title or "")}">{img}</a>' if page else img
        groups.setdefault(title, []).append(f"<figure>{link}<figcaption>{html.escape(caption)}</figcaption></figure>")
    blocks = []
    # in notebook order, as the table of notebooks above lists them; figures of no notebook last
    order = {t: k for k, (t, _) in enumerate(titles.values())}
    for title, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))):
        blocks.append(f"<h3>{html.escape(title or 'Other figures')}</h3><div class='gallery'>{''.join(items)}</div>")
    explorers = sorted((out / "explore").glob("*.html")) if (out / "explore").exists() else []
    explorer_html = ""
    if explorers:
        links = "".join(
            f'<li><a href="explore/{html.escape(p.name)}">{html.escape(_page_title(p))}</a></li>' for p in explorers
        )
        explorer_html = f"<h2>Explorers</h2><ul>{links}</ul>"
    report = _read(out / "tables" / "load_report_rows.csv")
    load_report = _table_html(
        report if report is not None else pd.DataFrame(), "The load report", "tables/load_report_rows.csv"
    )
    tables = sorted((out / "tables").glob("*.csv")) if (out / "tables").exists() else []
    table_links = " · ".join(f'<a href="tables/{html.escape(p.name)}">{html.escape(p.stem)}</a>' for p in tables)
    corpus = manifest.get("parameters", {}).get("CORPUS", "")
    page = PAGE.format(
        title=html.escape(f"Report on {Path(corpus).name or 'the corpus'}"),
        assets=_table_assets(),
        corpus=html.escape(corpus_paragraph(out, manifest)),
        notebooks="".join(rows) or "<tr><td>No notebook was run.</td></tr>",
        explorers=explorer_html,
        figures="".join(blocks) or "<p>No figure was written.</p>",
        load_report=load_report,
        tables=table_links or "No table was written.",
        manifest=html.escape(json.dumps(manifest, indent=2, ensure_ascii=False)),
    )
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def _page_title(path: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8")[:2000], re.S)
    return html.unescape(found.group(1)) if found else path.stem
