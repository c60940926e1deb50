"""End-to-end acceptance on the seed corpus: who said what, and one canonical entity per alias group.

Reads ../shared/corpus/seeds and seeds-gold.json (skipped when ../shared is absent).
"""

import json
import re

import pytest

from newsweave.errors import NotFound

from .conftest import SEEDS_GOLD, needs_seeds

pytestmark = needs_seeds

# Floor pinned one below the measured result (20 of 20, docs/benchmarks.md), so one fragile parse does not
# fail CI; the issue asks for at least 18. Lower it only on purpose.
MIN_QUOTES_FOUND = 19


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


@pytest.fixture(scope="module")
def gold():
    return json.loads(SEEDS_GOLD.read_text())


def _article_ids(corpus):
    return {a.outlet: a.id for a in corpus.articles()}  # seed files have no sidecar: the outlet is the stem


def test_gold_quotes_found_with_their_canonical_speaker(seeds_corpus, gold):
    ids = _article_ids(seeds_corpus)
    found, misses = 0, []
    for g in gold["quotes"]:
        speaker = seeds_corpus.entity(g["speaker"])
        quotes = seeds_corpus.quotes(article=ids[g["article"]])
        hits = [q for q in quotes if _norm(g["starts"]) in _norm(q.content.text)]
        if any(q.speaker_id == speaker.id for q in hits):
            found += 1
        else:
            misses.append((g["article"], g["starts"], [(q.speaker, q.how) for q in hits]))
    assert found >= MIN_QUOTES_FOUND, misses


def test_continuation_paragraph_keeps_the_speaker(seeds_corpus, gold):
    g = next(q for q in gold["quotes"] if "note" in q)
    article = _article_ids(seeds_corpus)[g["article"]]
    q = next(q for q in seeds_corpus.quotes(article=article) if _norm(q.content.text).startswith(_norm(g["starts"])))
    assert q.cue is None and q.speaker_id == seeds_corpus.entity(g["speaker"]).id


def test_each_alias_group_is_one_entity_and_groups_stay_apart(seeds_corpus, gold):
    texts = "\n".join(a.text for a in seeds_corpus.articles())
    group_entities = []
    for group in gold["entity_aliases"]:
        ids = set()
        for alias in group:
            try:
                entity = seeds_corpus.entity(alias)
            except NotFound:
                pytest.fail(f"alias {alias!r} of group {group[0]!r} names no entity")
            ids.add(entity.id)
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", texts):  # used in the seeds: recorded as an alias
                # ... on its own or inside a longer form ("Dmitry Peskov" in "Kremlin spokesman Dmitry Peskov")
                pattern = rf"(?<!\w){re.escape(alias.lower())}(?!\w)"
                assert any(re.search(pattern, a.lower()) for a in entity.aliases), (alias, entity.aliases)
        assert len(ids) == 1, f"group {group[0]!r} split over entities {ids}"
        group_entities.append(ids.pop())
    assert len(set(group_entities)) == len(group_entities), "two alias groups were merged"
    # no alias of a group is also an entity of its own (of another type: "Peskov" as a place)
    for group, entity_id in zip(gold["entity_aliases"], group_entities):
        names = {a.lower() for a in group}
        strays = [(e.name, e.type) for e in seeds_corpus.entities()
                  if e.id != entity_id and names & {a.lower() for a in (e.name, *e.aliases)}]
        assert not strays, (group[0], strays)


def test_demonyms_are_not_places(seeds_corpus):
    places = {e.name for e in seeds_corpus.entities(type="place")}
    assert not places & {"Ukrainian", "Russian", "Ukrainians", "Russians", "American"}


def test_outlets_differ_in_spelling(seeds_corpus):
    kyiv = seeds_corpus.entity("Kyiv")
    used = {alias for counts in kyiv.outlets.values() for alias in counts}
    assert {"Kyiv", "Kiev"} <= used
    kiev_outlets = [o for o, counts in kyiv.outlets.items() if "Kiev" in counts]
    assert kiev_outlets and all("Kyiv" not in kyiv.outlets[o] for o in kiev_outlets)
