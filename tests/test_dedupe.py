"""Duplicates: shingles, the thresholds, and incremental grouping on a real SQLite store."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

import newsweave
from newsweave.dedupe import NUM_PERM, Deduper, fingerprint, is_duplicate, minhash, overlap, shingles

STORY = [
    "The Kessa River dam talks resumed in Tarsk on Monday after a pause of six weeks, officials said.",
    "Arvenian Foreign Minister Lena Varga said both delegations had agreed on a schedule for technical meetings.",
    "Dalmiri spokesman Tomas Brell said his government still wanted guarantees on the flow of water in summer.",
    "Farmers downstream have complained for years that the dam leaves their fields dry in August.",
    "The two governments first met to discuss the dam in 2019, and talks broke down twice since then.",
    "A World Bank team is expected to present a study of the river's flow at the next round.",
    "Varga said she expected the next round to take place in May, if the technical teams finish their work.",
    "Brell said Dalmir would not sign any agreement that did not protect its farmers.",
]
OTHER_SAME_TOPIC = [
    "Farmers in the Kessa valley staged a protest on Saturday, blocking the road to the dam for three hours.",
    "The protesters said the talks between Arvenia and Dalmir had ignored their needs for too long.",
    "Police said the protest was peaceful and that the road reopened in the afternoon.",
    "Organisers said they would return next month if the governments did not invite them to the talks.",
    "Lena Varga and Tomas Brell did not comment on the protest on Saturday evening.",
    "The dam holds back a reservoir of nearly two billion cubic metres, the largest in the region.",
]


def text(paragraphs):
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("variant, expected", [
    ("new headline and boilerplate", True),
    ("last paragraphs cut", True),
    ("light copy-editing", True),
    ("different article on the same topic", False),
])
def test_thresholds_on_syndication_edits(variant, expected):
    original = shingles(text(STORY))
    edited = {
        "new headline and boilerplate": ["Dam talks back on track", *STORY, "Subscribe to our newsletter for more."],
        "last paragraphs cut": STORY[:5],
        "light copy-editing": [p.replace("said", "says").replace("Monday", "Mon.") for p in STORY],
        "different article on the same topic": OTHER_SAME_TOPIC,
    }[variant]
    assert (is_duplicate(original, shingles(text(edited))) is not None) is expected, overlap(original,
                                                                                            shingles(text(edited)))


def test_shingles_of_tiny_and_empty_texts():
    assert shingles("") == frozenset() and shingles("Dam") == frozenset(["dam"])
    assert fingerprint("").bands == () and len(fingerprint(text(STORY)).bands) == 42


def test_a_short_item_quoted_inside_a_long_one_is_not_a_copy():
    short = STORY[0]
    assert is_duplicate(shingles(short), shingles(text(STORY + OTHER_SAME_TOPIC))) is None


@pytest.fixture
def dated_corpus(tmp_path):
    """Ingest plain-text files with a header date each, one outlet per file."""
    def make(items):
        d = tmp_path / "in"
        d.mkdir(exist_ok=True)
        for name, day, paragraphs in items:
            (d / f"{name}.txt").write_text(f" date {day}\n" + text(paragraphs) + "\n")
        corpus = newsweave.open(tmp_path / "d.db")
        corpus.ingest([str(d)], annotate=False)
        return corpus
    return make


def test_groups_keep_every_outlet_and_the_earliest_is_canonical(dated_corpus):
    corpus = dated_corpus([
        ("ledger", "2025-04-15", ["Dam talks back on track", *STORY, "Share this article"]),
        ("wire", "2025-04-14", STORY),
        ("courier", "2025-04-16", STORY[:5]),
        ("gazette", "2025-04-14", OTHER_SAME_TOPIC),
    ])
    groups = corpus.duplicates()
    assert len(groups) == 1
    group = groups[0]
    by_outlet = {m.outlet: m for m in group.members}
    assert set(by_outlet) == {"ledger", "wire", "courier"}
    assert group.canonical == by_outlet["wire"].article          # the earliest
    assert corpus.duplicates(min_size=1)[-1].outlets == ["gazette"]


def test_ties_go_to_the_most_complete_copy(dated_corpus):
    corpus = dated_corpus([("short", "2025-04-14", STORY[:6]), ("full", "2025-04-14", STORY)])
    group = corpus.duplicates()[0]
    assert {m.outlet: m.article for m in group.members}["full"] == group.canonical


def test_reingest_and_dedupe_again_change_nothing(dated_corpus, tmp_path):
    corpus = dated_corpus([("a", "2025-04-14", STORY), ("b", "2025-04-15", STORY[:6])])
    before = corpus.duplicates(min_size=1)
    corpus.ingest([str(tmp_path / "in")])
    assert corpus.dedupe() == 0
    assert corpus.duplicates(min_size=1) == before


def test_five_hundred_copies_one_word_and_empty(tmp_path):
    corpus = newsweave.open(tmp_path / "many.db")
    d = tmp_path / "copies"
    d.mkdir()
    for i in range(500):  # 500 outlets running one wire story, each with its own footer
        (d / f"{i:03d}.txt").write_text(text(STORY) + f"\n\nPublished by outlet number {i}.\n")
    (d / "word.txt").write_text("Dam\n")
    (d / "same-bytes.txt").write_text((d / "000.txt").read_text())  # the same bytes again: not a new article
    report = corpus.ingest([str(d)], annotate=False)
    assert len(report.added) == 501 and len(report.existing) == 1
    groups = corpus.duplicates()
    assert len(groups) == 1 and len(groups[0].members) == 500
    assert len(corpus.duplicates(min_size=1)) == 2             # the one-word article is a group of its own


def test_merging_two_groups_through_a_bridge(tmp_path):
    corpus = newsweave.open(tmp_path / "bridge.db")
    first, second = STORY[:4], STORY[4:]
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(" date 2025-04-14\n" + text(first * 2) + "\n")
    (d / "b.txt").write_text(" date 2025-04-13\n" + text(second * 2) + "\n")
    corpus.ingest([str(d)], annotate=False)
    assert corpus.duplicates() == []
    (d / "c.txt").write_text(" date 2025-04-15\n" + text(first + second) + "\n")
    corpus.ingest([str(d / "c.txt")], annotate=False)
    groups = corpus.duplicates()
    assert len(groups) <= 1
    for g in groups:
        assert len({m.article for m in g.members}) == len(g.members)


def test_a_fingerprint_made_elsewhere_is_taken_as_given(tmp_path):
    """Ingest's workers fingerprint the text and the writer takes the fingerprint as it comes: an article handed
    the fingerprint of a copy is grouped with that copy's original, whatever its own text."""
    corpus = newsweave.open(tmp_path / "given.db")
    d = tmp_path / "in"
    d.mkdir()
    (d / "story.txt").write_text(text(STORY) + "\n")
    (d / "other.txt").write_text(text(OTHER_SAME_TOPIC) + "\n")
    corpus.ingest([str(d)], annotate=False)
    story, other = sorted(corpus.articles(), key=lambda a: a.text != text(STORY))
    assert Deduper(corpus.store).add(other) == []
    matches = Deduper(corpus.store).add(other, fingerprint(story.text))
    assert [m.article for m in matches] == [story.id] and matches[0].jaccard == 1.0


# sha256 of the signature of text(STORY) as datasketch 2.0.0's MinHash(num_perm=126, seed=1) made it, when it made
# newsweave's signatures: stores keep band keys of such signatures, so a new article must get the same ones.
STORY_SIGNATURE_SHA256 = "744980747defbaf2e8e632de36999fa6997c418aecaff53e85d60ac7643542e5"


def test_signatures_are_those_the_stores_were_built_with():
    signature = fingerprint(text(STORY)).signature
    assert signature.dtype == np.uint64 and len(signature) == NUM_PERM
    assert hashlib.sha256(signature.tobytes()).hexdigest() == STORY_SIGNATURE_SHA256
    assert (minhash(frozenset()) == 2 ** 32 - 1).all() and fingerprint("").bands == ()


def test_a_signature_is_the_least_value_of_each_map_however_many_shingles():
    words = [f"w{i}" for i in range(25_000)]  # more shingles than one chunk of the computation
    first, second = frozenset(words[:12_000]), frozenset(words[12_000:])
    assert (minhash(first | second) == np.minimum(minhash(first), minhash(second))).all()
    assert not (minhash(first) == minhash(second)).all()
