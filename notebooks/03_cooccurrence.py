# %% [markdown]
# # 03 · Who appears with whom?
#
# Two actors co-occur when they are named in the same **unit** (sentence, paragraph or
# article). Counting is by presence: five mentions of Putin and two of Kim in one sentence
# make one co-occurrence. Association measures compare what is observed with what chance
# would give if the two were named independently:
# **NPMI** (normalised pointwise mutual information) runs from -1 (never together) through
# 0 (independent) to 1 (always together); **G²** (log-likelihood) says whether the
# association is more than chance, with its p-value. N counts every unit of the corpus,
# including those that name no actor.

# %% tags=["parameters"]
CORPUS = "data/sample"  # folder of .txt/.html pages, or one .csv/.jsonl/.parquet table
METADATA = ""  # metadata file with doc_id, source, url, date; leave empty to use the folder metadata.csv, if any
ACTORS = "data/actors.yml"  # the actor gazetteer
REPORTS = "reports"  # folder for figures/ and tables/ (relative to the project root)
UNIT = "sentence"  # co-occurrence unit: sentence, paragraph or article
MEASURE = "npmi"  # measure in the clustered heatmap: npmi, pmi, jaccard, n or g2
GROUP_BY = "source"  # column of the articles table for the small multiples
MIN_COUNT = 1  # leave out pairs seen together in fewer units than this
TOP_N = 12  # how many of the most mentioned actors the charts show
COUNT_ROLES = True  # count role descriptions such as le président russe as mentions of their holder
CAPITALS_AS = "state"  # Moscou counts as the state (state), as the city (place), or by context (auto)
LANGUAGE = "fr"  # analyse articles in this language only
DROP_DUPLICATES = True  # leave out articles flagged as duplicates of another (count each article once)
ACTOR_A = "Vladimir Poutine"  # pair shown first in the explorer at the end
ACTOR_B = "Kim Jong Un"  # the other actor of that pair

# %%
import kit

study = kit.study(CORPUS, METADATA, actors=ACTORS, language=LANGUAGE, drop_duplicates=DROP_DUPLICATES,
                  capitals_as=CAPITALS_AS, count_roles=COUNT_ROLES)

# %%
from kit import plots

plots.set_theme()
kit.explore.setup()  # explorer widgets and browsable tables, offline
plots.fix_colours(study.gazetteer.colours())
articles, annotation, mentions = study.articles, study.annotation, study.mentions
plots.assign_colours(articles[GROUP_BY])  # one colour per group and per actor, the same in every notebook
plots.assign_colours(mentions["actor"])
print(study.selection.note)
top = kit.top_actors(mentions, top=TOP_N)
pairs = kit.cooccurrence(mentions, unit=UNIT, sentences=annotation.sentences, articles=articles, min_count=MIN_COUNT)
kit.save_table(pairs, f"actor_pairs_by_{UNIT}", REPORTS)
print(f"{len(pairs)} actor pairs co-occur in at least {MIN_COUNT} {UNIT}(s).")
kit.explore.table(pairs, caption=f"Actor pairs by {UNIT}", saved_as=f"tables/actor_pairs_by_{UNIT}.csv")

# %% [markdown]
# ## Which actors go together
# Clustered heatmap of the chosen measure among the most mentioned actors: rows and columns
# are reordered so that actors with similar company sit side by side. Red is more often
# together than chance, blue less.

# %%
shown = pairs[pairs["actor_a"].isin(top["actor"]) & pairs["actor_b"].isin(top["actor"])]
grid = plots.plot_clustermap(kit.cooccurrence_matrix(shown, value=MEASURE, actors=top["actor"]),
                             title=f"{MEASURE} by {UNIT}",
                             empty="Fewer than two actors are named: there is no pair to cluster.")
plots.save_figure(grid, f"actor_pairs_{MEASURE}_clustered", REPORTS)

# %% [markdown]
# ## The network of actors
# Node size: mentions; edge width: units where both are named (pairs seen fewer than
# `MIN_COUNT` times are left out).

# %%
network = kit.cooccurrence_graph(shown, mentions=mentions, min_count=MIN_COUNT)
fig, ax = plots.figure_for(16)
plots.plot_network(network, ax=ax, title=f"Actors named in the same {UNIT}",
                   empty="No two actors are named in the same unit: no network to draw.")
plots.save_figure(fig, "actor_network", REPORTS)

# %% [markdown]
# ## Source by source
# The same counts (units where both are named), one panel per group, on one colour scale.
# With many groups, the nine that name most pairs are drawn; every group is in the table.

# %%
per_group = kit.cooccurrence(mentions, unit=UNIT, by=GROUP_BY, sentences=annotation.sentences, articles=articles,
                             min_count=MIN_COUNT)
kit.save_table(per_group, f"actor_pairs_by_{GROUP_BY}_{UNIT}", REPORTS)
small = per_group[per_group["actor_a"].isin(top["actor"]) & per_group["actor_b"].isin(top["actor"])]
fig = plots.plot_heatmap_grid(small, x="actor_b", y="actor_a", value="n", col=GROUP_BY, order=top["actor"],
                              symmetric=True,
                              title=f"Units naming both actors, by {GROUP_BY}",
                              empty=f"No {GROUP_BY} names two actors in the same {UNIT}.")
plots.save_figure(fig, f"actor_pairs_by_{GROUP_BY}", REPORTS)

# %% [markdown]
# ## Explore: the sentences behind a pair
# Pick a pair (in JupyterLab, most frequent first): the chart shows in how many units each
# group names both, the table every sentence naming both, with source, date and a link to
# the article: the evidence behind the numbers. In the HTML report: `ACTOR_A` and `ACTOR_B`.

# %%
evidence = kit.pair_sentences(mentions, sentences=annotation.sentences, actor_a=ACTOR_A, actor_b=ACTOR_B,
                              articles=articles, by=GROUP_BY)
print(f"{len(evidence)} sentence(s) name both {ACTOR_A} and {ACTOR_B}.")
kit.explore.pairs(pairs, mentions=mentions, sentences=annotation.sentences, articles=articles, per_group=per_group,
                  by=GROUP_BY, actor_a=ACTOR_A, actor_b=ACTOR_B)
