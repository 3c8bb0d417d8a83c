# %% [markdown]
# # 00 · A notebook of one's own
#
# Copy this notebook to start a new question. It loads a corpus, builds the kit's tidy
# tables, and shows how they combine with plain pandas: every table shares `doc_id` (and
# `sent_id` for sentence-level tables), so `merge` just works. The example question:
# **when an actor is named in a sentence that uses military vocabulary, who is it?**

# %% tags=["parameters"]
CORPUS = "data/sample"  # folder of .txt/.html pages, or one .csv/.jsonl/.parquet table
METADATA = ""  # metadata file with doc_id, source, url, date; leave empty to use the folder metadata.csv, if any
FRAME = "military"  # a frame of data/frames.yml
REPORTS = "reports"  # folder for figures/ and tables/ (relative to the project root)

# %%
import kit

study = kit.study(CORPUS, METADATA)  # load, select, annotate (cached on disk), find mentions

# %%
# one row per article, per sentence (and token), per actor mention
articles, annotation, mentions = study.articles, study.annotation, study.mentions
print(f"{len(articles)} articles, {len(annotation.sentences)} sentences, {len(mentions)} mentions")

# %% [markdown]
# Sentences carrying the frame: those with at least one of its words (by lemma).
#
# The question needs the tokens of the frame's words only, so we ask the study for those
# (`study.term_tokens`: the tokens whose lemma or form, case and accents ignored, is one of
# them) rather than take the whole tokens table (`annotation.tokens`, one row per word of the
# corpus). The result is the same; on a study store of a large corpus, only these rows are
# read from disk, so the notebook fits in memory whatever the corpus's size. Ask for the whole
# table only when a question really needs every word.

# %%
lexicon = kit.load_frames().query("frame == @FRAME and kind == 'lemma'")["term"]
words = study.term_tokens(lexicon)  # the tokens of the frame's words, with every column of annotation.tokens
tokens = words.assign(term=words["lemma"].astype(str).map(kit.fold))
framed = tokens[tokens["term"].isin(lexicon)][["doc_id", "sent_id"]].drop_duplicates()
print(f"{len(framed)} of {len(annotation.sentences)} sentences use {FRAME} vocabulary.")

# %% [markdown]
# Mentions inside those sentences, per actor, against all of that actor's mentions.

# %%
in_frame = mentions.merge(framed, on=["doc_id", "sent_id"])
table = (kit.top_actors(mentions, top=50)[["actor", "n_mentions"]]
         .merge(kit.top_actors(in_frame, top=50)[["actor", "n_mentions"]], on="actor", how="left",
                suffixes=("", "_in_frame"))
         .fillna({"n_mentions_in_frame": 0}))
table["share_in_frame"] = table["n_mentions_in_frame"] / table["n_mentions"]
kit.save_table(table, f"mentions_in_{FRAME}_sentences_by_actor", REPORTS)
table
