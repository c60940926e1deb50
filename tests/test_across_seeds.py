"""Acceptance: statements, claims, positions and framing across the seed outlets, against
../shared/corpus/seeds-gold.json. Skipped when ../shared is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import SEEDS_GOLD, needs_seeds

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def gold():
    return json.loads(SEEDS_GOLD.read_text())


@pytest.fixture(scope="module")
def stems(seeds_corpus):
    return {a.id: Path(a.source).stem for a in seeds_corpus.articles()}


@pytest.fixture(scope="module")
def line(seeds_corpus):
    lines = seeds_corpus.storylines()
    assert len(lines) == 1
    return f"L{lines[0].id}"


@pytest.fixture(scope="module")
def comparison(seeds_corpus, line):
    return seeds_corpus.compare(line)


def _quote_start(gold, statement, article):
    return next(q["starts"] for q in gold["quotes"] if q.get("statement") == statement and q["article"] == article)


@pytest.mark.parametrize("name", ["pause", "rose-tinted", "europe-hinders"])
def test_same_statement_across_outlets_is_one_group(comparison, gold, stems, name):
    expected = next(g for g in gold["same_statement_across_outlets"] if g["statement"] == name)
    quoted = {a: _quote_start(gold, name, a) for a in expected["articles"]
              if any(q.get("statement") == name and q["article"] == a for q in gold["quotes"])}
    found = [s for s in comparison.statements
             if {stems[w.article] for w in s.members} >= set(expected["articles"])
             and all(any(w.text.startswith(start) or start in w.sentence for w in s.members
                         if stems[w.article] == a) for a, start in quoted.items())]
    assert found, f"{name}: no statement groups {expected['articles']} with the gold quotes"
    assert all(s.speaker == "Dmitry Peskov" for s in found)


def test_statements_never_join_two_events(comparison, seeds_corpus):
    story = {a.id: a.story for a in comparison.scope.articles}
    for s in comparison.statements:
        assert len({story[w.article] for w in s.members}) == 1, s


def _values_by_stem(claim, stems):
    return {stems[v.article]: v.number for v in claim.values}


def test_rounds_in_september_are_contradicted_000_against_001_002(comparison, gold, stems):
    g = next(c for c in gold["claims"] if c["id"] == "rounds-2025-09")
    found = [c for c in comparison.claims if c.status == "contradicted"
             and set(_values_by_stem(c, stems)) == set(g["values"])]
    assert len(found) == 1
    values = _values_by_stem(found[0], stems)
    assert {k: float(v) for k, v in values.items()} == {k: float(v) for k, v in g["values"].items()}
    sides = [{stems[found[0].values[i].article] for i in side} for side in found[0].sides]
    assert sorted(map(sorted, sides)) == [["000_6a3b1bbeea85d846"], ["001_78016a26d1a55681", "002_2bbfede558b3e9d4"]]


def test_july_two_rounds_is_a_change_over_time_not_a_contradiction(comparison, gold, stems):
    july = next(iter(next(c for c in gold["claims"] if c["id"] == "rounds-2025-07")["values"]))
    for c in comparison.claims:
        if c.status == "contradicted":
            assert july not in _values_by_stem(c, stems), c.summary
    changed = [c for c in comparison.claims if c.status == "changed-over-time" and july in _values_by_stem(c, stems)]
    assert changed, "the July count should be shown as a change over time"
    first_side = {stems[changed[0].values[i].article] for i in changed[0].sides[0]}
    assert first_side == {july}  # the earlier time comes first


def test_talks_venue_is_corroborated(comparison, gold, stems):
    g = next(c for c in gold["claims"] if c["id"] == "talks-venue")
    found = [c for c in comparison.claims if c.unit == "place" and c.status == "corroborated"
             and set(_values_by_stem(c, stems)) == set(g["values"])]
    assert found and all(v.number == "Istanbul" for v in found[0].values)


def test_casualties_are_single_source(comparison, gold, stems):
    g = next(c for c in gold["claims"] if c["id"] == "casualties")
    article = next(iter(g["values"]))
    found = [c for c in comparison.claims if c.unit == "count" and _values_by_stem(c, stems) == {article: 1_200_000.0}]
    assert found and found[0].status == "single-source"
    assert "million" in found[0].values[0].value


def test_peskov_positions_cover_the_three_events_in_date_order(seeds_corpus, line, gold, stems):
    timeline = seeds_corpus.timeline(line)
    events = {frozenset(stems[a.id] for a in s.articles): s.id for s in timeline.events}
    gold_events = [events[frozenset(next(e for e in gold["events"] if e["id"] == g["event"])["articles"])]
                   for g in gold["positions"]["timeline"]]
    positions = timeline.positions[gold["positions"]["actor"]]
    order = []
    for p in positions:
        if not order or order[-1] != p.story:
            order.append(p.story)
    assert order == gold_events
    assert [e.id for e in timeline.events] == gold_events


def test_framing_cues_appear_in_the_outlet_comparison(comparison, gold, stems):
    by_outlet = {f.outlet: f for f in comparison.framing}
    article_outlet = {stems[a.id]: a.outlet for a in comparison.scope.articles}
    expected = {  # the gold cues as the lexicon words they are written with
        "004_cf0f16a4fca10365": ["Kiev", "Donetsk and Lugansk People's Republics", "new Russian regions",
                                 "operation", "referendums"],
        "003_685ab84c4e19a8dc": ["invasion", "Kyiv", "special military operation"],
        "002_2bbfede558b3e9d4": ["Kyiv", "Donbas", "offensive", "aerial attacks"],
    }
    assert set(expected) == {k for k in gold["framing_cues"] if k != "note"}
    for article, cues in expected.items():
        names = {n.variant: n for n in by_outlet[article_outlet[article]].names}
        for cue in cues:
            assert cue in names, f"{article}: {cue!r} not in {sorted(names)}"
    smo = {n.variant: n for n in by_outlet[article_outlet["003_685ab84c4e19a8dc"]].names}["special military operation"]
    assert smo.quoted == smo.count  # 003 quotes the Kremlin's term, it does not adopt it


def test_brief_cites_every_sentence_and_states_the_contradiction(seeds_corpus, comparison, line):
    from newsweave.across.brief import unresolved_days, without_insertions

    for ref in (line, str(comparison.scope.stories[-1].id)):
        brief = seeds_corpus.brief(ref)
        assert 5 <= len(brief.sentences) <= 10
        ids = {a.id for a in brief.scope.articles}
        for s in brief.sentences:
            assert s.citations and set(s.citations) <= ids
        contested = [s for s in brief.sentences if s.kind == "contested"]
        assert any("disagree" in s.text and "twice" in s.text and "three" in s.text for s in contested)
        for s in brief.sentences:
            if s.kind == "fact":  # whole sentences of the article, only dated ("on Friday [12 September 2025]")
                text = " ".join(a.text for a in brief.scope.articles if a.id == s.citations[0])
                assert without_insertions(s.text) in text
                assert not unresolved_days(s.text)


def test_seed_brief_citation_precision_floor(seeds_corpus, line):
    from newsweave.across.brief import redundant_pairs, supports

    from .test_across import BRIEF_CITATION_PRECISION_FLOOR

    for ref in [line] + [str(s.id) for s in seeds_corpus.stories()]:
        brief = seeds_corpus.brief(ref)
        texts = {a.id: a.text for a in brief.scope.articles}
        pairs = [(s, a) for s in brief.sentences for a in s.citations]
        assert sum(supports(texts[a], s) for s, a in pairs) / len(pairs) >= BRIEF_CITATION_PRECISION_FLOOR, ref
        assert redundant_pairs(brief) == [], ref


def test_brief_length_option(seeds_corpus, line):
    full = seeds_corpus.brief(line)
    short = seeds_corpus.brief(line, sentences=3)
    assert len(short.sentences) == 3 < len(full.sentences)
    assert {s.text for s in short.sentences} <= {s.text for s in full.sentences}  # the best of what fits
    assert len(seeds_corpus.brief(line, sentences=1).sentences) == 1


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", _flat(text))}


def test_every_position_is_a_gold_quote_or_position_or_attributed_by_the_text(seeds_corpus, line, gold, stems):
    """No position outside what the gold and the text allow: each is the words of a gold quote of that speaker
    in one of its articles, a paraphrase of one of the gold's positions of that actor (three word stems in
    common), reported words whose sentence names the actor (or says "he"/"she"/a role) with a verb of
    speech, or a headline's "words: Actor"; and never a sentence of the writer's around a short report
    ("While Peskov claims ...")."""
    timeline = seeds_corpus.timeline(line)
    assert timeline.positions
    gold_positions = [g["position"] for g in gold["positions"]["timeline"]]
    speech = re.compile(r"\b(?:said|says|saying|told|claims?|claiming|reiterated|stressed|insist(?:s|ed)|argued|"
                        r"announced|warned|according to|criticizing|calls|called|describe|maintained|"
                        r"emphasi[sz]ed|noted|added|explained|declared)\b", re.I)
    for actor, positions in timeline.positions.items():
        for p in positions:
            allowed = [_flat(q["starts"]) for q in gold["quotes"]
                       if q["speaker"] == actor and q["article"] in {stems[a] for a in p.articles}]
            quoted = any(start[:25] in _flat(p.text) or _flat(p.text)[:25] in start for start in allowed)
            paraphrased = actor == gold["positions"]["actor"] and \
                any(len(_stems(p.text) & _stems(g)) >= 3 for g in gold_positions)
            reported = False
            for a in p.articles:
                text = " ".join(seeds_corpus.article(a).text.split())
                words = " ".join(p.text.split()).split(" ", 1)[-1]  # less a leading cue
                at = text.find(words[:60])
                if at < 0:
                    continue
                sentence = text[text.rfind(". ", 0, at) + 1:text.find(". ", at) + 1 or None]
                names = {actor.split()[-1], "he", "He", "she", "She", "spokesman"}
                reported |= bool(speech.search(sentence)) and any(n in sentence.split() or n in sentence
                                                                 for n in names)
                reported |= bool(re.search(re.escape(p.text) + r"\s*:\s*" + actor.split()[-1], text))  # headline
            assert quoted or paraphrased or reported, f"{actor}: {p.text!r} is not theirs by gold or text"
            assert not p.text.startswith("While "), p.text


def test_no_statement_holds_the_writers_own_framing(comparison):
    """The issue's example: "The Kremlin confirmed Friday what most observers should consider obvious ..." is the
    outlet's commentary, not a Kremlin statement."""
    for s in comparison.statements:
        assert not any("most observers" in w.text for w in s.members), s
