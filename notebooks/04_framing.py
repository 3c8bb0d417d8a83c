# %% [markdown]
# # 04 · How does each source tell the story?
#
# Four lenses on framing, each group of articles (by default each source) against the rest:
# **distinctive words** (log-odds with an informative Dirichlet prior, Monroe et al. 2008:
# a z-score above 2 means the group uses the word clearly more than the others),
# **frames** (shares of military, diplomatic, economic, ideological, humanitarian and legal
# vocabulary, from `data/frames.yml`, with bootstrap intervals over articles),
# **naming choices** (which of competing expressions each source picks, from
# `data/naming.yml`), and **voices** (who is quoted).

# %% tags=["parameters"]
CORPUS = "data/sample"  # folder of .txt/.html pages, or one .csv/.jsonl/.parquet table
METADATA = ""  # metadata file with doc_id, source, url, date; leave empty to use the folder metadata.csv, if any
ACTORS = "data/actors.yml"  # the actor gazetteer (to drop actor names from keyness and attribute quotes)
FRAMES = "data/frames.yml"  # frame lexicons
NAMING = "data/naming.yml"  # naming-choice sets
REPORTS = "reports"  # folder for figures/ and tables/ (relative to the project root)
GROUP_BY = "source"  # column of the articles table whose groups are compared
MIN_COUNT = 2  # a distinctive term must occur at least this often in its group
TOP_N = 8  # distinctive terms shown per group
MIN_GROUP_WORDS = 100  # groups with fewer content words are too small to compare; small groups give weak z-scores
DROP_ACTORS = True  # leave actor names out of the distinctive words
N_BOOT = 1000  # bootstrap resamples for the frame intervals
LANGUAGE = "fr"  # analyse articles in this language only
DROP_DUPLICATES = True  # leave out articles flagged as duplicates of another (count each article once)
KWIC_TERM = "sanction"  # word or phrase shown first in the explorer at the end
KEYNESS_GROUP = ""  # group whose words the keyness page sets against the others; empty: the group with most words
KEYNESS_OTHER = ""  # the group to compare it with; empty: all the other groups together

# %%
import kit

study = kit.study(CORPUS, METADATA, actors=ACTORS, language=LANGUAGE, drop_duplicates=DROP_DUPLICATES)

# %%
from kit import paths, plots

plots.set_theme()
kit.explore.setup()  # explorer widgets and browsable tables, offline
articles, annotation, mentions = study.articles, study.annotation, study.mentions
plots.assign_colours(articles[GROUP_BY])  # one colour per group, the same in every notebook
plots.assign_colours(mentions["actor"])
# kit.term_counts of the tokens; on a study store, summed in DuckDB without reading the tokens
counts = study.term_counts(by=GROUP_BY, drop_actors=DROP_ACTORS)
kit.save_table(counts, f"terms_by_{GROUP_BY}", REPORTS)
sizes = kit.group_sizes(counts, by=GROUP_BY, min_total=MIN_GROUP_WORDS)
print(study.selection.note)
print(kit.explain_groups(sizes, by=GROUP_BY))
kit.explore.table(sizes, caption="Words per group")

# %% [markdown]
# ## Distinctive words
# For each group, the words it uses most distinctively compared with all other groups
# (z-score of the log-odds ratio). Groups with too little text are left out and listed
# above; with a single group there is nothing to compare against. With many groups, the
# first twelve are drawn; the table holds them all.

# %%
keyed = kit.keyness(counts[counts[GROUP_BY].isin(sizes.loc[sizes["enough"], GROUP_BY])], by=GROUP_BY, term="lemma")
kit.save_table(keyed, f"keyness_by_{GROUP_BY}_lemma", REPORTS)
distinctive = kit.top_terms(keyed[keyed["n_rest"] > 0], by=GROUP_BY, top=TOP_N, min_count=MIN_COUNT)
grid = plots.plot_dots(distinctive, x="z", y="lemma", col=GROUP_BY, title="Most distinctive words of each group",
                       empty="Keyness needs at least two groups with enough text; see the table above.")
plots.save_figure(grid, f"keyness_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Frames
# Share of each group's content words that belong to each frame's lexicon, with a 95 %
# bootstrap interval over the group's articles (no interval for a one-article group).
# Groups with fewer than three articles are drawn hollow and last: too few to rank. With
# more than six groups, one panel per frame.

# %%
# kit.frame_shares of the tokens; on a study store, from the build's per-article frame counts
shares = study.frame_shares(frames=FRAMES, by=GROUP_BY, n_boot=N_BOOT)
shares = shares.assign(enough=shares["n_articles"] >= 3)
kit.save_table(shares, f"frame_shares_by_{GROUP_BY}", REPORTS)
fig, ax = plots.figure_for(shares["label"].nunique() * min(shares[GROUP_BY].nunique(), 6), row_height=0.22)
plots.plot_intervals(shares, x="share", y="label", low="low", high="high", hue=GROUP_BY, ax=ax,
                     title="Share of words by frame", empty="No article to measure frames in.")
plots.save_figure(fig, f"frame_shares_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Naming choices
# How often each group picks each of competing expressions for the same thing. Read across
# a row: the shares of one set add up to 1 for each group that uses it.

# %%
choices = kit.naming_choices(articles, naming=kit.load_naming(paths.resolve(NAMING)), by=GROUP_BY)
kit.save_table(choices, f"naming_choices_by_{GROUP_BY}", REPORTS)
used = choices[choices["n"] > 0]
print(f"{len(used)} (group, choice) uses found." if len(used)
      else "None of the naming choices appears in these articles.")
used.pivot_table(index=["set_label", "choice"], columns=GROUP_BY, values="n", fill_value=0) if len(used) else used

# %% [markdown]
# ## Voices: who is quoted
# Direct quotes and reported speech attributed to an actor when the text allows it
# (a speech verb next to a name, an inverted *a-t-il déclaré*, *selon X*). The share is
# within each group's quotes; unattributed ones are shown as such.

# %%
quoted = kit.quotes(articles, mentions=mentions, sentences=annotation.sentences)
kit.save_table(quoted, "quotes", REPORTS)
voice_table = kit.voices(quoted, articles=articles, by=GROUP_BY)
kit.save_table(voice_table, f"quotes_by_{GROUP_BY}_speaker", REPORTS)
fig, ax = plots.figure_for(min(voice_table[GROUP_BY].nunique(), 30), voice_table["speaker"].nunique())
plots.plot_heatmap(voice_table, x="speaker", y=GROUP_BY, value="n_quotes", fmt=".0f", cmap="Purples", ax=ax,
                   title=f"Quotes per speaker, by {GROUP_BY}", empty="No quote found in these articles.")
plots.save_figure(fig, f"quotes_by_{GROUP_BY}_speaker", REPORTS)
kit.quote_share(quoted, articles=articles)

# %% [markdown]
# ## Explore: a word, group by group, in context
# Pick a word (in JupyterLab; the most distinctive first): the chart shows its z-score in each
# group, the table every use with source, date and a link. In the HTML report: `KWIC_TERM`.

# %%
# study.term_tokens: only the tokens of the words shown (on a study store, the rest is never read)
context = kit.term_kwic(study.term_tokens([KWIC_TERM]), articles=articles, term=KWIC_TERM, by=GROUP_BY)
kit.save_table(context, "kwic_term", REPORTS)
print(f"{len(context)} use(s) of {KWIC_TERM!r}." if len(context)
      else f"{KWIC_TERM!r} does not appear in these articles.")
kit.explore.terms(keyed, tokens=study.term_tokens, articles=articles, by=GROUP_BY, term=KWIC_TERM)

# %% [markdown]
# ## The keyness explorer: two groups word by word
# A page of its own (`explore/keyness_<group>.html` in the reports folder, linked from the
# report's index): every frequent word placed by how often `KEYNESS_GROUP` and the others use
# it, coloured by z-score. Hover a word for its counts, click it for its uses in context.

# %%
largest = sizes.sort_values("n_words", ascending=False)[GROUP_BY]
group = KEYNESS_GROUP or (str(largest.iloc[0]) if len(largest) > 1 else "")
page = (kit.explore.keyness_page(counts, tokens=study.term_tokens, articles=articles, by=GROUP_BY, group=group,
                                 other=KEYNESS_OTHER or None, folder=REPORTS) if group else None)
print(f"Keyness explorer written to {page}." if page else "One group only: there is nothing to set it against.")
