"""Brief quality and comparison speed.

Usage: python benchmarks/brief.py [--store events.db] [--keep events.db] [--stories stories.db] [--before]

Briefs are written for: every story and storyline of the five seed articles; every story and storyline with
two or more articles in examples/ (our own corpus); every story with two or more articles that the clustering
finds among the 924 PolNeAR articles (ingested with the seeds, annotated and clustered, as in
benchmarks/stories.py part (b); pass --store to reuse such a store, --keep to keep the one built); the ten
largest stories newsweave finds among the 180 articles of ../shared/eval/stories (54 outlets; --stories reuses
or keeps that store).

For each brief it checks:
- every sentence cites at least one article of the story;
- citation precision: of all (sentence, cited article) pairs, the share where the article supports the
  sentence: it contains the sentence word for word, or one of its sentences holds at least 60% of the
  sentence's content words and the article has every number the sentence states (for a sentence newsweave
  wrote about a disagreement: the article holds one of its evidence sentences). This is lexical on purpose,
  while the brief chooses citations by embedding similarity (newsweave.across.brief.supports);
- redundancy: pairs of brief sentences whose content words overlap by half or more (Jaccard), which would
  be two sentences saying the same thing;
- relative days left unresolved: brief sentences naming a weekday, "yesterday", "today" or "tomorrow"
  without the date the brief inserts after it ("on Friday [12 September 2025]");
- the outlet's voice: the share of sentences holding an evaluative word of the subjectivity lexicon
  (newsweave.across.voice: TextBlob's adjective lexicon, subjective and polar) anywhere ("evaluative"), and
  the share the brief's own test calls editorial (evaluative words or opinion markers outside quotation marks).
  --before writes the briefs without that test, for the figure before it.

Speed: the comparison (statements, claims, framing) of 50 articles of the largest PolNeAR storyline, on one
core (the embedding model and BLAS limited to one thread), the embedding model already loaded; the model load is printed
apart. Also the brief and timeline of the same articles.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def _briefs(corpus, label: str, min_articles: int = 2, storylines: bool = True):
    refs = [str(s.id) for s in corpus.stories(min_articles=min_articles)]
    if storylines:
        refs += [f"L{line.id}" for line in corpus.storylines(min_stories=2)]
    return [(label, ref, corpus.brief(ref)) for ref in refs]


def _eval_stories(path: Path) -> list:
    """Briefs of the ten largest stories newsweave finds in ../shared/eval/stories."""
    import newsweave

    articles = ROOT.parent / "shared" / "eval" / "stories" / "articles.jsonl"
    if not articles.exists():
        print(f"eval/stories skipped: {articles} is absent", file=sys.stderr)
        return []
    with newsweave.open(path) as corpus:
        if not len(corpus):
            t = time.perf_counter()
            corpus.ingest([str(articles)])
            print(f"ingested {articles} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        largest = sorted(corpus.stories(min_articles=2), key=lambda s: (-len(s.articles), s.id))[:10]
        return [("stories", str(s.id), corpus.brief(str(s.id))) for s in largest]


def score(rows) -> None:
    from newsweave.across.brief import redundant_pairs, supports, unresolved_days
    from newsweave.across.voice import editorial, evaluative_words

    print(f"{'corpus':<10} {'briefs':>6} {'sentences':>9} {'cited':>7} {'citations':>9} {'precision':>9} "
          f"{'redundant':>9} {'undated days':>12} {'evaluative':>10} {'editorial':>9}")
    by_label: dict[str, list] = {}
    for label, ref, brief in rows:
        by_label.setdefault(label, []).append((ref, brief))
    unsupported, voiced = [], []
    for label, items in by_label.items():
        sentences = cited = pairs = good = redundant = undated = judged = own = 0
        for ref, brief in items:
            texts = {a.id: a.text for a in brief.scope.articles}
            for s in brief.sentences:
                sentences += 1
                undated += bool(unresolved_days(s.text))
                if s.kind != "contested":  # newsweave's own sentence about a disagreement quotes no one
                    judged += bool(evaluative_words(s.text))
                    own += bool(editorial(s.text))
                    if editorial(s.text) or evaluative_words(s.text):
                        voiced.append((label, ref, s.text))
                cited += bool(s.citations)
                for a in s.citations:
                    pairs += 1
                    if supports(texts[a], s):
                        good += 1
                    else:
                        unsupported.append((label, ref, a, s.text))
            redundant += len(redundant_pairs(brief))
        print(f"{label:<10} {len(items):>6} {sentences:>9} {cited / max(1, sentences):>7.3f} {pairs:>9} "
              f"{good / max(1, pairs):>9.3f} {redundant:>9} {undated:>12} {judged / max(1, sentences):>10.3f} "
              f"{own / max(1, sentences):>9.3f}")
    for label, ref, a, text in unsupported[:10]:
        print(f"  unsupported: {label} {ref} article {a}: {text[:150]}")
    for label, ref, text in voiced[:12]:
        print(f"  evaluative: {label} {ref}: {text[:150]} {evaluative_words(text) + editorial(text)}")


def speed(store_path: Path) -> None:
    import newsweave
    from newsweave.embed import set_threads

    set_threads(1)
    from newsweave.across.brief import make_brief
    from newsweave.across.claims import compare_claims
    from newsweave.across.framing import compare_framing
    from newsweave.across.statements import match_statements
    from newsweave.across.timeline import make_timeline
    from newsweave.across.scope import Material, load_scope
    from newsweave.embed import embed

    t = time.perf_counter()
    embed(["load the model"])
    load = time.perf_counter() - t
    with newsweave.open(store_path) as corpus:
        lines = corpus.storylines()
        sizes = {line.id: sum(len(corpus.story(s).articles) for s in line.stories) for line in lines}
        biggest = max(lines, key=lambda line: sizes[line.id])
        full = load_scope(corpus.store, f"L{biggest.id}")
        keep = {a.id for a in full.scope.articles[:50]}
        scope = replace(full.scope, articles=tuple(a for a in full.scope.articles if a.id in keep))
        material = Material(scope, [q for q in full.quotes if q.article in keep],
                            [c for c in full.claims if c.article in keep],
                            [m for m in full.mentions if m[0] in keep])
        t = time.perf_counter()
        statements = match_statements(material)
        claims = compare_claims(material)
        compare_framing(material, statements, claims)
        compared = time.perf_counter() - t
        t = time.perf_counter()
        make_brief(material, claims)
        briefed = time.perf_counter() - t
        t = time.perf_counter()
        make_timeline(material, statements)
        timed = time.perf_counter() - t
    print(f"\nspeed, one core: {len(scope.articles)} articles of storyline L{biggest.id} ({len(material.quotes)} "
          f"quotes, {len(material.claims)} claims), model load {load:.2f} s")
    print(f"  compare (statements, claims, framing): {compared:.2f} s   [target < 2 s]")
    print(f"  brief: {briefed:.2f} s   timeline: {timed:.2f} s (after compare: shared vectors reused)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an annotated seeds+PolNeAR store to reuse")
    parser.add_argument("--keep", type=Path, help="build the seeds+PolNeAR store here and keep it")
    parser.add_argument("--stories", type=Path, help="the annotated ../shared/eval/stories store: reused when it "
                                                     "exists, else built and kept there")
    parser.add_argument("--before", action="store_true", help="briefs without the test of the outlet's voice")
    args = parser.parse_args()
    if args.before:
        import newsweave.across.brief

        newsweave.across.brief.editorial = lambda sentence: []
    import datetime as dt

    import newsweave

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if SEEDS.is_dir():
            with newsweave.open(Path(tmp) / "seeds.db") as corpus:
                corpus.ingest([str(SEEDS)], today=dt.date(2026, 11, 24))
                rows += _briefs(corpus, "seeds", min_articles=1)
        with newsweave.open(Path(tmp) / "examples.db") as corpus:
            corpus.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=dt.date(2026, 11, 24))
            rows += _briefs(corpus, "examples")
        store = args.store
        if store is None and (ROOT.parent / "shared" / "eval" / "polnear").is_dir():
            import stories

            store = args.keep or Path(tmp) / "events.db"
            print(f"building the seeds+PolNeAR store ({stories.build_event_store(store):.0f} s)", file=sys.stderr)
        if store is not None:
            with newsweave.open(store) as corpus:
                polnear = [s for s in corpus.stories(min_articles=2)
                           if not any(a.outlet[:3].isdigit() for a in s.articles)]
                rows += [("polnear", str(s.id), corpus.brief(str(s.id))) for s in polnear]
        rows += _eval_stories(args.stories or Path(tmp) / "stories.db")
        score(rows)
        if store is not None:
            speed(store)


if __name__ == "__main__":
    main()
