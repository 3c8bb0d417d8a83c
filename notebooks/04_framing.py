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
KWIC_TERM = "sanction"  # word or phrase shown in context at the end

# %%
import kit

study = kit.study(CORPUS, METADATA, actors=ACTORS, language=LANGUAGE, drop_duplicates=DROP_DUPLICATES)

# %%
import matplotlib.pyplot as plt

from kit import paths, plots

plots.set_theme()
articles, annotation, mentions = study.articles, study.annotation, study.mentions
counts = kit.term_counts(annotation.tokens, articles=articles, by=GROUP_BY, mentions=mentions, drop_actors=DROP_ACTORS)
kit.save_table(counts, f"terms_by_{GROUP_BY}", REPORTS)
sizes = kit.group_sizes(counts, by=GROUP_BY, min_total=MIN_GROUP_WORDS)
print(study.selection.note)
print(kit.explain_groups(sizes, by=GROUP_BY))
sizes

# %% [markdown]
# ## Distinctive words
# For each group, the words it uses most distinctively compared with all other groups
# (z-score of the log-odds ratio). Groups with too little text are left out and listed
# above; with a single group there is nothing to compare against.

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

# %%
frames = kit.load_frames(paths.resolve(FRAMES))
shares = kit.frame_shares(annotation.tokens, articles=articles, frames=frames, by=GROUP_BY, n_boot=N_BOOT)
kit.save_table(shares, f"frame_shares_by_{GROUP_BY}", REPORTS)
fig, ax = plt.subplots(figsize=(9, 1 + 0.6 * max(shares["label"].nunique(), 2)))
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
width = 1.5 + 0.8 * max(voice_table["speaker"].nunique(), 2)
fig, ax = plt.subplots(figsize=(width, 1.5 + 0.5 * max(voice_table[GROUP_BY].nunique(), 2)))
plots.plot_heatmap(voice_table, x="speaker", y=GROUP_BY, value="n_quotes", fmt=".0f", cmap="Purples", ax=ax,
                   title=f"Quotes per speaker, by {GROUP_BY}", empty="No quote found in these articles.")
plots.save_figure(fig, f"quotes_by_{GROUP_BY}_speaker", REPORTS)
kit.quote_share(quoted, articles=articles)

# %% [markdown]
# ## A word in context
# Every use of `KWIC_TERM` (as lemma or as written), with the words around it.

# %%
context = kit.term_kwic(annotation.tokens, articles=articles, term=KWIC_TERM, by=GROUP_BY)
kit.save_table(context, "kwic_term", REPORTS)
print(f"{len(context)} use(s) of {KWIC_TERM!r}." if len(context)
      else f"{KWIC_TERM!r} does not appear in these articles.")
context
