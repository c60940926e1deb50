"""What each page shows, as JSON-ready data built from :class:`~newsweave.Corpus` calls and ``records``.

One function per page. The HTML page renders exactly this data with its template, and the page's JSON twin
under ``/api`` returns it as it is (as datasette does), so the two can never disagree. Nothing here speaks
SQL or HTML: the store owns the one, the templates the other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .. import records
from ..corpus import CLAIM_STATUSES, TIMELINE_KEY_DATES, Corpus
from ..errors import NotFound
from ..model import StoryRow, stand_in_title

# Rows per page of a list (stories, search hits, quotes); a page never loads more than it shows.
PAGE_SIZE = 25
# Storylines listed on the home page.
HOME_STORYLINES = 8
# An actor page computes (and caches) the timelines of at most this many of the storylines that quote them.
ACTOR_STORYLINES = 3
# An outlet page lists at most this many of the stories it covered and of those it missed (the latest), and an
# actor page this many of the stories that mention them.
OUTLET_STORIES = 100
# An outlet page compares the names it uses for the entities it names most, this many of them.
OUTLET_NAMES = 50
# An actor page lists at most this many of their quotes (the latest); the JSON says how many there are.
QUOTES_SHOWN = 300
# A subject's page (/timeline?q=) reads at most this many of the articles matching its words, the best matching
# first: the 1,664 Timeline17 articles matching "said" took 3.6 s (`newsweave timeline --query said`, 2 cores), and
# a page should answer in seconds whatever the corpus; `newsweave timeline --query` reads them all.
SUBJECT_ARTICLES = 2000
# ... and lists the storylines those articles lie in, at most this many (those holding most of them).
SUBJECT_STORYLINES = 12
# A story page compares the outlets (brief, coverage, facts, statements, framing) before it answers only for a story
# of at most this many articles, or one compared before (cached): a first comparison of Timeline17 stories of 5,
# 10, 20 and 40 articles took 2, 6, 11 and 32 s here (2 cores, under load). A larger story's page shows its
# articles at once and loads the comparison after it (htmx; a link without script).
ANALYSE_AT_ONCE = 10


def _last_day(s: StoryRow) -> dt.date:
    """When a story was last reported: its last exact date, else the middle of its estimated range (the end
    of an open estimate such as "published after May" is only the day it was ingested)."""
    if s.last_published:
        return s.last_published
    if s.date_range:
        return s.date_range[0] + (s.date_range[1] - s.date_range[0]) / 2
    return dt.date.min


def story_row(s: StoryRow) -> dict[str, Any]:
    """A story as one row of a list: its size and dates, not its articles."""
    return {"id": s.id, "title": s.title, "storyline": s.storyline, "outlets": list(s.outlets),
            "articles": s.articles, "first_published": records._iso(s.first_published),
            "last_published": records._iso(s.last_published),
            "date_range": [s.date_range[0].isoformat(), s.date_range[1].isoformat()] if s.date_range else None}


def _pages(total: int, page: int) -> dict[str, int]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return {"page": min(max(1, page), pages), "pages": pages, "total": total, "size": PAGE_SIZE}


def home(corpus: Corpus, page: int = 1, since: dt.date | None = None, until: dt.date | None = None,
         outlet: str | None = None, entity: str | None = None, sort: str = "recent",
         label: str | None = None) -> dict[str, Any]:
    """Stories ranked by recency (their last report) or size (outlets, then articles), filtered (by dates,
    outlet, entity, or a label of their facts: among the stories compared so far), one page of them; the
    largest storylines; the outlets to filter by."""
    stories = corpus.story_rows(since=since, until=until, outlet=outlet or None, entity=entity or None,
                                label=label or None)
    size = (lambda s: (-len(s.outlets), -s.articles))
    if sort == "size":
        stories.sort(key=lambda s: (*size(s), -_last_day(s).toordinal(), s.id))
    else:
        stories.sort(key=lambda s: (-_last_day(s).toordinal(), *size(s), s.id))
    pager = _pages(len(stories), page)
    start = (pager["page"] - 1) * PAGE_SIZE
    lines = [records.storyline_dict(line) for line in corpus.storylines(min_stories=2, limit=HOME_STORYLINES)]
    return {"stories": [story_row(s) for s in stories[start:start + PAGE_SIZE]], "pager": pager,
            "storylines": lines, "outlets": [{"outlet": o, "articles": n} for o, n in corpus.outlets()],
            "filters": {"since": records._iso(since), "until": records._iso(until), "outlet": outlet or None,
                        "entity": entity or None, "label": label or None, "sort": sort},
            "labels": _labels_known(corpus),
            "articles": len(corpus)}


def _labels_known(corpus: Corpus) -> dict[str, Any]:
    """The labels a story can be filtered by, and for how many of the stories two or more outlets reported
    (those a comparison can label beyond single-source) they are known yet."""
    comparable = {str(r.id) for r in corpus.story_rows() if len(r.outlets) >= 2}
    return {"choices": list(CLAIM_STATUSES), "comparable": len(comparable),
            "compared": len(comparable & corpus.compared())}


def search(corpus: Corpus, q: str, page: int = 1, outlet: str | None = None, since: dt.date | None = None,
           until: dt.date | None = None) -> dict[str, Any]:
    """Full-text search over articles (every spelling of a named entity), entities (by any alias) and quotes
    (said by the entity the words name, or holding the words)."""
    q = (q or "").strip()
    if not q:
        return {"q": "", "articles": [], "entities": [], "quotes": [], "pager": _pages(0, 1)}
    hits = corpus.search(q, limit=page * PAGE_SIZE + 1, outlet=outlet or None, since=since, until=until)
    pager = _pages(len(hits), page)
    start = (pager["page"] - 1) * PAGE_SIZE
    pager["more"] = len(hits) > page * PAGE_SIZE
    entities = corpus.find_entities(q)
    quotes = corpus.quotes(speaker=entities[0].id, limit=PAGE_SIZE) if entities else []
    seen = {x.id for x in quotes}
    quotes += [x for x in corpus.quotes(containing=q, limit=PAGE_SIZE) if x.id not in seen]
    return {"q": q, "filters": {"outlet": outlet or None, "since": records._iso(since), "until": records._iso(until)},
            "articles": [{"id": h.article.id, "title": stand_in_title(h.article.title, h.article.text),
                          "outlet": h.article.outlet, "source": h.article.source,
                          "published": records._iso(h.article.published),
                          "published_range": records.article_dict(h.article, text=False)["published_range"],
                          "snippet": h.snippet, "rank": h.rank} for h in hits[start:start + PAGE_SIZE]],
            "entities": [records.entity_dict(e) for e in entities],
            "quotes": [records.quote_dict(x) for x in quotes[:2 * PAGE_SIZE]], "pager": pager}


def _fact_labels(compare: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What each row of the coverage matrix is: a labelled fact or a matched statement, in a few words."""
    out: dict[str, dict[str, Any]] = {}
    for c in compare["claims"]:
        out[c["id"]] = {"kind": "fact", "status": c["status"], "text": f'{c["subject"]}: {c["summary"]}'}
    for s in compare["statements"]:
        first = s["members"][0]["text"] if s["members"] else ""
        out[f's{s["id"]}'] = {"kind": "statement", "status": "statement",
                              "text": f'{s["speaker"]}: \u201c{first[:140]}\u201d'}
    return out


def story(corpus: Corpus, story_id: int, wait: bool = True) -> dict[str, Any]:
    """A story: its articles and how each joined, the brief (citations located in the articles), the outlet
    by outlet comparison (coverage, claims, statements, framing) and its storyline. Without ``wait``, the brief
    and comparison only when they are quick (see :data:`ANALYSE_AT_ONCE`; else ``None``, and the page loads them
    after)."""
    s = corpus.story(story_id)
    line = corpus.storyline(s.storyline)
    data = records.story_dict(s)
    sources = {str(a["id"]): {"outlet": a["outlet"], "title": a["title"]} for a in data["articles"]}
    analyse = wait or len(s.articles) <= ANALYSE_AT_ONCE or all(corpus.view_ready(kind, story_id)
                                                                for kind in ("compare", "brief"))
    compare = corpus.view("compare", story_id) if analyse else None
    return {"story": data, "brief": corpus.view("brief", story_id) if analyse else None, "compare": compare,
            "sources": sources, "facts": _fact_labels(compare) if analyse else None,
            "storyline": records.storyline_dict(line)}


def storyline(corpus: Corpus, storyline_id: int) -> dict[str, Any]:
    """A storyline: the dates that matter most with what happened on each (cited), its events in date order and
    each actor's positions over time."""
    line = corpus.storyline(storyline_id)
    timeline = corpus.view("timeline", f"L{storyline_id}")
    return {"storyline": records.storyline_dict(line), "key_dates": timeline["key_dates"],
            "sources": _sources(corpus, timeline["key_dates"]),
            "events": [story_row(s) for s in corpus.story_rows(storyline=storyline_id)],
            "positions": timeline["positions"]}


def subject(corpus: Corpus, q: str, k: int = TIMELINE_KEY_DATES, since: dt.date | None = None,
            until: dt.date | None = None, storylines: Sequence[int] = ()) -> dict[str, Any]:
    """A subject across storylines: the ``k`` dates that matter most in the articles matching ``q`` (as search
    finds them: any spelling of a name; the best SUBJECT_ARTICLES of them) and in the ``storylines`` given, all
    together, each date with its cited summary, as ``newsweave timeline --query Q --storyline L`` gives them; and
    the storylines those articles lie in, with how many each holds."""
    q = (q or "").strip()
    given = [records.storyline_dict(corpus.storyline(line)) for line in dict.fromkeys(storylines)]  # or NotFound
    ids = corpus.matching(q) if q else []
    chosen = list(dict.fromkeys(ids[:SUBJECT_ARTICLES] + [a.id for line in given
                                                          for s in corpus.stories(storyline=line["id"])
                                                          for a in s.articles]))
    key_dates = [records.key_date_dict(d) for d in corpus.key_dates(articles=chosen, k=k, since=since, until=until)] \
        if chosen else []
    lines = corpus.storylines_of(chosen)
    return {"q": q, "k": k, "filters": {"since": records._iso(since), "until": records._iso(until)},
            "given": given, "articles": len(ids), "capped": SUBJECT_ARTICLES if len(ids) > SUBJECT_ARTICLES else 0,
            "articles_used": len(chosen), "key_dates": key_dates,
            "sources": _sources(corpus, key_dates), "storylines_total": len(lines),
            "storylines": [{**records.storyline_dict(corpus.storyline(line)), "matching": n}
                           for line, n in lines[:SUBJECT_STORYLINES]]}


def _sources(corpus: Corpus, key_dates: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Article id (a string, as JSON keys are) -> outlet and title, for each article the key dates cite."""
    cited = sorted({i for d in key_dates for s in d["summary"] for i in s["citations"]})
    return {str(a.id): {"outlet": a.outlet, "title": stand_in_title(a.title, a.text)} for a in map(corpus.article, cited)}


def entity(corpus: Corpus, entity_id: int) -> dict[str, Any]:
    """An actor: its names and which outlets use each, its quotes over time (the latest QUOTES_SHOWN), its
    positions in the storylines that mention it most, and the stories that mention it."""
    e = corpus.entity(entity_id)
    quotes = sorted(corpus.quotes(speaker=entity_id),
                    key=lambda q: (q.published or dt.date.max, q.article, q.content.start))
    rows = corpus.story_rows(entity=entity_id)
    positions: dict[str, list[dict[str, Any]]] = {}
    for line, _ in Counter(r.storyline for r in rows).most_common(ACTOR_STORYLINES):
        for actor, ps in corpus.view("timeline", f"L{line}")["positions"].items():
            if actor == e.name:
                positions[f"L{line}"] = ps
    names = [{"name": name, "outlets": sorted((o, n) for o, counts in e.outlets.items()
                                              for alias, n in counts.items() if alias == name)}
             for name in e.aliases]
    per_day = Counter(q.published.isoformat() for q in quotes if q.published)
    return {"entity": records.entity_dict(e), "names": names,
            "quotes": [records.quote_dict(q) for q in quotes[-QUOTES_SHOWN:]], "quotes_total": len(quotes),
            "quotes_per_day": sorted(per_day.items()), "positions": positions,
            "stories_total": len(rows),
            "stories": [story_row(s) for s in sorted(rows, key=lambda s: -_last_day(s).toordinal())[:OUTLET_STORIES]]}


def outlet(corpus: Corpus, name: str) -> dict[str, Any]:
    """An outlet: the stories it covered, the stories two or more other outlets covered and it missed, whom it
    quotes and the names it uses for entities others name differently."""
    known = dict(corpus.outlets())
    if name not in known:
        raise NotFound(f"no outlet {name!r} in {corpus.path}")
    covered, missed = [], []
    for s in corpus.story_rows():
        if name in s.outlets:
            covered.append(s)
        elif len(s.outlets) >= 2:
            missed.append(s)
    speakers: Counter = Counter()
    for q in corpus.quotes(outlet=name):
        speakers[(q.speaker_id, q.speaker or "(unnamed)")] += 1
    names = [{"entity": eid, "name": canonical, "here": sorted(here, key=lambda k: -here[k]),
              "elsewhere": sorted(there, key=lambda k: -there[k]), "differs": set(here) != set(there)}
             for eid, canonical, here, there in corpus.outlet_names(name, OUTLET_NAMES) if there]
    names.sort(key=lambda n: (not n["differs"], n["name"]))
    latest = (lambda rows: sorted(rows, key=lambda s: -_last_day(s).toordinal())[:OUTLET_STORIES])
    return {"outlet": name, "articles": known[name], "covered_total": len(covered), "missed_total": len(missed),
            "covered": [story_row(s) for s in latest(covered)], "missed": [story_row(s) for s in latest(missed)],
            "quotes": [{"speaker_id": sid, "speaker": who, "quotes": n} for (sid, who), n in speakers.most_common()],
            "names": names}


def article(corpus: Corpus, article_id: int) -> dict[str, Any]:
    """An article: its cleaned text with its blocks, the lines the cleaner removed, how its date was found,
    and its annotations (entity mentions, quotes with speakers, claims) with their offsets in the text."""
    a = corpus.article(article_id)
    s = corpus.story_of(article_id)
    status = corpus.annotation_status(article_id)
    return {"article": records.article_dict(a), "heading": stand_in_title(a.title, a.text),
            "story": story_row(s.row()) if s else None,
            "language": status[0] if status else None,
            "mentions": [{"entity": eid, "name": name, "text": words, "start": start, "end": start + len(words)}
                         for eid, name, words, start in corpus.mentions(article_id)],
            "quotes": [records.quote_dict(q) for q in corpus.quotes(article=article_id)],
            "claims": [records.claim_dict(c) for c in corpus.claims(article=article_id)]}
