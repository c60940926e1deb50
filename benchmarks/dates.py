"""Date estimates on articles whose date is known, with the date hidden.

Usage: python benchmarks/dates.py [--today 2026-11-30] [--show 5]

Articles: PolNeAR (../shared/eval/polnear, date from metadata.tsv), ../shared/eval/stories, the three
Timeline17 topics in ../shared/eval/timelines (``published``), and the real non-English reports of
../shared/eval/multilingual whose URL gives their date, by language. Each text is dated by newsweave's date
stage with no metadata, as an article with no date is (``newsweave.dates.date_article``), on the day given by
``--today`` (the day it is ingested), after the clean stage has removed its page furniture, as in ingest
(``--raw``: the text as stored in the data, furniture and all).
Prints per source: how many articles got an estimate, how often the true
date lies inside the estimated range (the target is 97% or more), the median and 90th-percentile width of the
range in days, how many exact dates (a dateline) were right, and the first few misses with the cue that
excluded the true date.

Then the days each Timeline17 text names ("on 20 April", "on Tuesday", "two days later"), as
``newsweave.dates.resolve_times`` reads them from the article's known date, against the day-level dates
HeidelTime found in the same text (``dates_mentioned``, shipped with the data; a rule-based tagger nobody here
wrote, itself wrong at times): per article the set of days, summed over articles, as precision, recall and F1.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def known() -> dict[str, list[tuple[str, str, dt.date]]]:
    """Source -> (id, text, true date) of every article with a known date."""
    out: dict[str, list[tuple[str, str, dt.date]]] = {}
    polnear = EVAL / "polnear"
    if polnear.is_dir():
        rows = csv.DictReader((polnear / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")
        out["polnear"] = [(r["filename"], (polnear / r["compartment"] / "text" / f"{r['filename']}.txt").read_text(
            encoding="utf-8"), dt.date.fromisoformat(r["publication_date"])) for r in rows if r["publication_date"]]
    files = [("stories", EVAL / "stories" / "articles.jsonl")]
    files += [(f"timelines/{p.parent.name}", p) for p in sorted((EVAL / "timelines").glob("*/articles.jsonl"))]
    for name, path in files:
        if path.exists():
            recs = [json.loads(line) for line in path.open(encoding="utf-8")]
            out[name] = [(r["id"], f"{r.get('title') or ''}\n\n{r['text']}".strip(),
                          dt.date.fromisoformat(r["published"])) for r in recs if r.get("published")]
    pairs = EVAL / "multilingual" / "pairs.jsonl"
    if pairs.exists():  # real (not machine-translated) non-English reports dated by their URL, by language
        seen: set[str] = set()
        for line in pairs.open(encoding="utf-8"):
            pair = json.loads(line)
            for a in (pair["a"], pair["b"]):
                if a["id"] in seen or a["lang"] == "en" or not a.get("published") \
                        or a.get("text_kind") == "machine-translation":
                    continue
                seen.add(a["id"])
                out.setdefault(f"multilingual/{a['lang']}", []).append(
                    (a["id"], f"{a.get('title') or ''}\n\n{a['text']}".strip(), dt.date.fromisoformat(a["published"])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    parser.add_argument("--show", type=int, default=5, help="misses printed per source")
    parser.add_argument("--raw", action="store_true", help="date the texts without the clean stage")
    args = parser.parse_args(argv)
    from newsweave.clean import clean
    from newsweave.dates import date_article, dating_furniture

    def seen(text: str) -> tuple[str, tuple[str, ...]]:
        """What the date stage sees in ingest: each line through the clean stage, kept blocks joined, and the
        removed lines that still date the page."""
        kept, removed = clean([("line", line) for line in text.splitlines()])
        return (text, ()) if args.raw or not kept else ("\n\n".join(t for _, t in kept), dating_furniture(removed))

    sources = known()
    if not sources:
        print(f"skipped: no labelled data under {EVAL}")
        return 0
    total_in = total_est = 0
    widths_all: list[int] = []
    for name, items in sources.items():
        inside, widths, misses, exact, exact_right = 0, [], [], 0, 0
        estimated = 0
        for item_id, text, truth in items:
            body, also = seen(text)
            est = date_article(body, None, None, args.today, also)
            if est is None:
                continue
            estimated += 1
            if est.exact:
                exact += 1
                exact_right += est.earliest == truth
            ok = est.earliest <= truth <= est.latest
            inside += ok
            widths.append((est.latest - est.earliest).days + 1)
            if not ok:
                misses.append((item_id, truth, est))
        total_in += inside
        total_est += estimated
        widths_all += widths
        share = inside / estimated if estimated else 1.0
        width = f"median width {statistics.median(widths):.0f} days, p90 {sorted(widths)[int(len(widths) * .9)]}" \
            if widths else "no estimates"
        print(f"{name}: {len(items)} articles, {estimated} estimated ({exact} exact from a dateline, "
              f"{exact_right} right); true date inside the range {inside}/{estimated} = {share:.3f}; {width}")
        for item_id, truth, est in misses[:args.show]:
            print(f"    miss {item_id}: true {truth}, estimate {est.earliest}..{est.latest}: "
                  f"{'; '.join(est.evidence)[:300]}")
    if total_est:
        print(f"all: true date inside the range {total_in}/{total_est} = {total_in / total_est:.3f}; median width "
              f"{statistics.median(widths_all):.0f} days")
    named_days()
    return 0


def named_days() -> None:
    """Print how the days the Timeline17 texts name agree with HeidelTime's, per topic and over all."""
    from newsweave.dates import resolve_times
    from newsweave.model import DateEstimate

    totals = [0, 0, 0]
    for path in sorted((EVAL / "timelines").glob("*/articles.jsonl")):
        both = ours = theirs = 0
        for line in path.open(encoding="utf-8"):
            r = json.loads(line)
            if not r.get("published"):
                continue
            day = dt.date.fromisoformat(r["published"])
            found = {t.earliest for t in resolve_times(r["text"], DateEstimate(day, day, True, 1.0))
                     if t.earliest is not None and t.earliest == t.latest}
            heideltime = {dt.date.fromisoformat(d) for d in r.get("dates_mentioned") or ()}
            both, ours, theirs = both + len(found & heideltime), ours + len(found - heideltime), \
                theirs + len(heideltime - found)
        totals = [totals[0] + both, totals[1] + ours, totals[2] + theirs]
        print(f"days named, timelines/{path.parent.name}: {_agreement(both, ours, theirs)}")
    if totals[0]:
        print(f"days named, all: {_agreement(*totals)}")


def _agreement(both: int, ours: int, theirs: int) -> str:
    p, r = both / max(both + ours, 1), both / max(both + theirs, 1)
    return (f"{both} days both, {ours} only newsweave, {theirs} only HeidelTime: P {p:.3f} R {r:.3f} "
            f"F1 {2 * p * r / max(p + r, 1e-9):.3f}")


if __name__ == "__main__":
    sys.exit(main())
