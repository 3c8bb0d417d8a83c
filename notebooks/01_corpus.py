# %% [markdown]
# # 01 · What is in the corpus, and what did cleaning remove?
#
# A scraped news page is mostly not the article: menus, share buttons, photo captions,
# comments, "most read" lists. The kit gives **every raw line a role** (title, lead, body,
# subheading, caption, comment, navigation, duplicate…) and the **rule** that decided it.
# Only lead, body and subheading lines make up an article's `text`; nothing is thrown away,
# so every removal below can be checked line by line.

# %% tags=["parameters"]
CORPUS = "data/sample"  # folder of .txt/.html pages, or one .csv/.jsonl/.parquet table
METADATA = ""  # metadata file with doc_id, source, url, date; leave empty to use the folder metadata.csv, if any
REPORTS = "reports"  # folder for figures/ and tables/ (relative to the project root)
PERIOD = "M"  # calendar period for counts over time: D, W, M, Q or Y
SHOW_DOC = ""  # doc_id of the article to show line by line; leave empty for the first article
LEAST_SURE = 20  # how many of the lines the classifier was least sure of to show

# %%
import kit

corpus = kit.load(CORPUS, METADATA or None)  # articles, every raw line with its role, the load report

# %%
import matplotlib.pyplot as plt

from kit import plots

plots.set_theme()
kit.explore.setup()  # browsable tables, offline
articles, load_report = corpus.articles, corpus.report  # the lines are asked for below, by what is shown
plots.assign_colours(articles["source"])  # one colour per source, the same in every notebook
n_skipped = int((load_report["level"] == "skip").sum())
print(f"{len(articles)} article(s) loaded from {CORPUS}; {n_skipped} item(s) skipped.")

# %% [markdown]
# ## The load report
# Every file that was skipped (empty, binary, all boilerplate…), every odd encoding, broken
# metadata row, non-French or duplicate article is listed here. `level` says what happened:
# **skip** (not loaded), **warning** (loaded, but look at it) or **info**.

# %%
kit.save_table(load_report, "load_report_rows", REPORTS)
(kit.explore.table(load_report, caption="The load report", saved_as="tables/load_report_rows.csv")
 if len(load_report)
 else "Nothing to report: every file loaded cleanly.")

# %% [markdown]
# ## Articles per source
# Bars show how many articles each source contributes, largest first; beyond 24 sources the
# smallest are added into one "other" bar (every source is in the table). An article whose
# source is unknown counts as its own source (`unknown:<doc_id>`): add a metadata file to group them.

# %%
per_source = kit.count_articles(articles, by="source")
kit.save_table(per_source, "articles_by_source", REPORTS)
fig, ax = plots.figure_for(min(len(per_source), 25))
plots.plot_bars(per_source.sort_values("n_articles", ascending=False), x="n_articles", y="source", ax=ax,
                title="Articles per source",
                empty="No article was loaded, so there is no source to count: see the load report above.")
plots.save_figure(fig, "articles_by_source", REPORTS)

# %% [markdown]
# ## Articles over time
# Dates come from the metadata, else from a date header of the page itself (never from a
# photo caption or a comment), else from the day the article's address files it under
# (`…/2024/06/19/…`), which also wins over a later day the page only shows (a site's clock in
# its header: the load report says so per article, `page_date_after_address`); `date_from` says
# which, so a study can keep stated dates only. Undated articles are counted, not dropped.

# %%
per_period = kit.count_by_period(articles, period=PERIOD)
kit.save_table(per_period, "articles_by_period", REPORTS)
dated = per_period.dropna(subset=["period"])
print(f"{int(per_period.loc[per_period['period'].isna(), 'n_articles'].sum())} article(s) have no date.")
print(articles["date_from"].fillna("no date").value_counts().to_string())  # where the dates come from
fig, ax = plt.subplots(figsize=(8, 3.5))
plots.plot_timeline(dated, x="period", y="n_articles", ax=ax, title="Articles per period",
                    empty="No article has a date: nothing to place on a timeline.")
plots.save_figure(fig, "articles_by_period", REPORTS)

# %% [markdown]
# ## Length of the articles
# Words in the clean `text` (lead, body and subheadings), per article.

# %%
fig, ax = plt.subplots(figsize=(8, 3.5))
plots.plot_hist(articles, x="n_words", ax=ax, title="Words per article (clean text)",
                empty="No article was loaded: no length to show.")
plots.save_figure(fig, "words_per_article", REPORTS)
listed = articles[["doc_id", "source", "title", "date", "n_words", "lang", "duplicate_of"]]
kit.save_table(listed, "articles", REPORTS)
kit.explore.table(listed, caption="Every article", saved_as="tables/articles.csv")

# %% [markdown]
# ## What the cleaning kept and removed
# Share of each page's words by line role, per source. Blues are kept as article text;
# the rest is page chrome, captions, comments and repeats, removed from `text` but kept in
# the lines table.

# %%
roles = corpus.role_summary(by="source")  # kit.role_summary of corpus.lines; on a store, partition by partition
kit.save_table(roles, "lines_by_source_role", REPORTS)
fig, ax = plots.figure_for(min(roles["source"].nunique(), 25), 4)
plots.plot_stacked(roles, x="n_words", y="source", hue="role", hue_order=list(plots.ROLE_COLOURS),
                   colours=plots.ROLE_COLOURS, normalise=True, ax=ax,
                   title="Where each page's words went, by line role",
                   empty="No line was read: the corpus is empty.")
plots.save_figure(fig, "words_by_source_role", REPORTS)
roles.groupby(["role", "kept"], as_index=False)[["n_lines", "n_words"]].sum().sort_values("n_words", ascending=False)

# %% [markdown]
# ## The lines the classifier was least sure of
# Every line's role is decided by the rules and a small model trained on labelled pages from
# outlets the kit was not built from (its figures on outlets it never saw are in the README,
# "Loading and cleaning"); `p` is the model's probability for the role given and `why` the
# features that weighed most. These are the lines to read first when checking the cleaning of
# your own corpus; tag, author and listing pages come next (the kit knows them by their address
# when your metadata gives one: a tag, search or author page, a later page of an archive, a
# day's or month's archive), as a
# listing whose first story is printed in full reads like an article (the kit's weakest case on
# unseen sites), then articles
# built as a list (awards, results, a programme) whose items, on lines of their own below the
# last paragraph with no bullet or number, or with no sentence ending in a colon above them, can
# be read as the page's footer (above, a source whose words go to navigation). To correct a
# role, list `doc_id, line_no, role` in a CSV and load again with
# `kit.load(CORPUS, roles="my_roles.csv")`.

# %%
unsure = corpus.least_sure(top=LEAST_SURE)  # kit.least_sure of corpus.lines
kit.save_table(unsure, "least_sure_lines", REPORTS)
unsure if len(unsure) else "No line to show: the corpus is empty."

# %% [markdown]
# ## One page, line by line
# The roles and rules of every line of one page. Change `SHOW_DOC` to read another.

# %%
doc = SHOW_DOC or (articles["doc_id"].iloc[0] if len(articles) else "")
page = corpus.page_lines(doc).query("role != 'empty'")
print(f"Page {doc!r}: {len(page)} non-empty lines." if len(page) else "No page to show: the corpus is empty.")
plots.style_lines(page)
