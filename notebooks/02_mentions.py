# %% [markdown]
# # 02 · Who is named, how often, and who makes the headlines?
#
# Every mention of an actor in the articles' clean text, found with the gazetteer
# `data/actors.yml` (names, short surnames, roles such as "le président russe" dated to who
# held them, and metonyms such as "Moscou" for Russia). Captions, comments and page chrome
# are not article text, so they are never counted. Titles are counted apart, in the
# headline chart.

# %% tags=["parameters"]
CORPUS = "data/sample"  # folder of .txt/.html pages, or one .csv/.jsonl/.parquet table
METADATA = ""  # metadata file with doc_id, source, url, date; leave empty to use the folder metadata.csv, if any
ACTORS = "data/actors.yml"  # the actor gazetteer
REPORTS = "reports"  # folder for figures/ and tables/ (relative to the project root)
GROUP_BY = "source"  # column of the articles table to compare: source, doc_id, or one of yours
PERIOD = "M"  # calendar period for mentions over time: D, W, M, Q or Y
TOP_N = 10  # how many actors the charts show
MIN_MENTIONS = 1  # leave out actors named fewer times than this in the whole corpus
COUNT_ROLES = True  # count role descriptions such as le président russe as mentions of their holder
CAPITALS_AS = "state"  # Moscou counts as the state (state), as the city (place), or by context (auto)
LANGUAGE = "fr"  # analyse articles in this language only
DROP_DUPLICATES = True  # leave out articles flagged as duplicates of another (count each article once)
KWIC_ACTOR = "Vladimir Poutine"  # actor shown first in the explorer at the end (display name or id)
N_BOOT = 1000  # bootstrap resamples for the intervals over articles
MIN_ARTICLES = 3  # a group with fewer articles is marked as too small to compare

# %%
import kit

study = kit.study(CORPUS, METADATA, actors=ACTORS, language=LANGUAGE, drop_duplicates=DROP_DUPLICATES,
                  capitals_as=CAPITALS_AS, count_roles=COUNT_ROLES, entities=True)

# %%
from kit import plots

plots.set_theme()
kit.explore.setup()  # explorer widgets and browsable tables, offline
plots.fix_colours(study.gazetteer.colours())
articles, annotation, mentions = study.articles, study.annotation, study.mentions
plots.assign_colours(articles[GROUP_BY])  # one colour per group and per actor, the same in every notebook
plots.assign_colours(mentions["actor"])
print(study.selection.note)
kit.save_table(mentions, "mentions", REPORTS)
print(f"{len(mentions)} mentions of {mentions['actor_id'].nunique()} actors in {len(articles)} articles.")
mentions["how"].value_counts()

# %% [markdown]
# ## The most mentioned actors
# All mentions in the corpus, by actor. `how` above says how they were named: by **name**,
# by a **short** surname after the full name, by a **role**, or by a **metonym**.

# %%
top = kit.top_actors(mentions, top=TOP_N, min_mentions=MIN_MENTIONS)
kit.save_table(top, "mentions_by_actor", REPORTS)
fig, ax = plots.figure_for(len(top))
plots.plot_bars(top, x="n_mentions", y="actor", ax=ax, title=f"The {len(top)} most mentioned actors",
                empty="No actor of the gazetteer is named in these articles (or the corpus is empty).")
ax.set_xlabel("mentions")
plots.save_figure(fig, "mentions_by_actor", REPORTS)

# %% [markdown]
# ## Who each source talks about
# Mentions per 1,000 words of clean text, so long and short articles weigh the same.
# Rows are sorted by their total; with many groups only the 30 largest are drawn (all are in
# the table `mentions_by_<group>_actor.csv`, with their bootstrap intervals).

# %%
rates = kit.mention_rates(mentions, articles=articles, by=GROUP_BY, min_mentions=MIN_MENTIONS, ci=0.95,
                          n_boot=N_BOOT, min_articles=MIN_ARTICLES)
kit.save_table(rates, f"mentions_by_{GROUP_BY}_actor", REPORTS)
shown = rates[rates["actor_id"].isin(top["actor_id"])]
fig, ax = plots.figure_for(min(shown[GROUP_BY].nunique(), 30), len(top))
plots.plot_heatmap(shown, x="actor", y=GROUP_BY, value="per_1000_words", x_order=top["actor"], ax=ax,
                   title=f"Mentions per 1,000 words, by {GROUP_BY}",
                   empty="No mentions to compare: the corpus is empty or names no actor of the gazetteer.")
plots.save_figure(fig, f"mentions_per_1000_words_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## How sure are these rates?
# The same rates for the six most mentioned actors, each with a 95 % bootstrap interval over
# the group's articles (articles resampled with replacement). A group with fewer than
# `MIN_ARTICLES` articles is drawn hollow and last: too few articles to rank it. A
# one-article group has no interval at all.

# %%
six = shown[shown["actor_id"].isin(top["actor_id"].head(6))]
fig, ax = plots.figure_for(len(six["actor"].unique()) * min(six[GROUP_BY].nunique(), 6), row_height=0.22)
plots.plot_intervals(six, x="per_1000_words", y="actor", low="per_1000_words_low", high="per_1000_words_high",
                     hue=GROUP_BY, ax=ax, title=f"Mentions per 1,000 words, by {GROUP_BY}, with 95 % intervals",
                     empty="No mentions to compare: the corpus is empty or names no actor of the gazetteer.")
plots.save_figure(fig, f"mentions_per_1000_words_intervals_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Share of articles naming each actor
# Of each group's articles, how many name the actor at least once (1.0 = all of them), with
# its 95 % bootstrap interval over articles.

# %%
fig, ax = plots.figure_for(len(six["actor"].unique()) * min(six[GROUP_BY].nunique(), 6), row_height=0.22)
plots.plot_intervals(six, x="share_articles", y="actor", low="share_articles_low", high="share_articles_high",
                     hue=GROUP_BY, ax=ax, title=f"Share of articles naming each actor, by {GROUP_BY}",
                     empty="No mentions to compare: the corpus is empty or names no actor of the gazetteer.")
plots.save_figure(fig, f"share_of_articles_naming_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Mentions over time
# Mentions per period for the most mentioned actors. Mentions in undated articles cannot be
# placed on the timeline; their number is printed below.

# %%
over_time = kit.mentions_over_time(mentions, articles=articles, period=PERIOD)
kit.save_table(over_time, "mentions_by_period_actor", REPORTS)
dated = over_time.dropna(subset=["period"])
dated = dated[dated["actor_id"].isin(top["actor_id"])]
print(f"{int(over_time.loc[over_time['period'].isna(), 'n_mentions'].sum())} mentions are in undated articles.")
fig, ax = plots.figure_for(6, 8)
plots.plot_timeline(dated, x="period", y="n_mentions", hue="actor", ax=ax, title="Mentions per period",
                    empty="No dated mention: add dates to the metadata to see mentions over time.")
plots.save_figure(fig, "mentions_by_period_actor", REPORTS)

# %% [markdown]
# ## Who makes the headlines
# Share of each group's articles that name the actor **in the title** (and, in the table, in
# the title or the lead, the first paragraph), with 95 % bootstrap intervals over articles.
# Titles are matched with the same gazetteer and rules.

# %%
prominence = kit.prominence(mentions, articles=articles, titles=study.titles)
kit.save_table(prominence, "prominence_by_article_actor", REPORTS)
headlines = kit.headline_share(prominence, articles=articles, by=GROUP_BY, ci=0.95, n_boot=N_BOOT,
                               min_articles=MIN_ARTICLES)
kit.save_table(headlines, f"headline_share_by_{GROUP_BY}_actor", REPORTS)
in_titles = headlines[headlines["actor_id"].isin(top["actor_id"].head(6))]
fig, ax = plots.figure_for(in_titles["actor"].nunique() * min(in_titles[GROUP_BY].nunique(), 6), row_height=0.22)
plots.plot_intervals(in_titles, x="in_title", y="actor", low="in_title_low", high="in_title_high", hue=GROUP_BY,
                     ax=ax, title=f"Share of articles naming the actor in the title, by {GROUP_BY}",
                     empty="No title names an actor of the gazetteer (or no article has a title).")
plots.save_figure(fig, f"headline_share_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Explore: one actor, its rates and every mention
# Pick an actor (in JupyterLab): the chart shows its mentions per 1,000 words in each group
# with their intervals, the table every mention in context, with source, date and a link to
# the article. Sort, search and page the table. In the HTML report the chart and table are
# those of `KWIC_ACTOR`.

# %%
context = kit.kwic(mentions, articles=articles, actor=KWIC_ACTOR, by=GROUP_BY)
kit.save_table(context, "kwic_mentions", REPORTS)
print(f"{len(context)} mention(s) of {KWIC_ACTOR!r}." if len(context)
      else f"{KWIC_ACTOR!r} is not named in these articles.")
kit.explore.actors(mentions, articles=articles, rates=rates, by=GROUP_BY, actor=KWIC_ACTOR)

# %% [markdown]
# ## Names the gazetteer does not know yet
# Persons and organisations the French model found that no actor of `data/actors.yml`
# covers, most frequent first: candidates to add as actors or aliases.

# %%
unknown = study.unknown_entities()  # kit.unknown_entities; on a store, reads only the tokens in entities
kit.save_table(unknown, "unknown_entities", REPORTS)
(kit.explore.table(unknown, caption="Names the gazetteer does not know", saved_as="tables/unknown_entities.csv")
 if len(unknown)
 else "The model found no person or organisation outside the gazetteer.")
