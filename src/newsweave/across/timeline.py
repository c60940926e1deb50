"""Timeline: the dated events of a story or storyline, and each prominent actor's positions over time.

A position is one remark of the actor (a matched statement counts once, with every outlet that reports it),
in event order: a quotation that is a whole utterance, or reported words with a verb of speech or belief
(``statements._a_position``); a quoted term or an act ("refused to disclose") is no position. A position is
marked ``changed`` when it says something none of the actor's earlier ones did (its embedding is far from all
of theirs), so a reader sees where a stance moved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..embed import embed_cached
from ..model import Position, Statement, Timeline
from .scope import Material
from .brief import READER_LANGUAGE
from .statements import remarks

# Actors shown: those with the most remarks in the scope, at most this many, each with at least
# MIN_POSITIONS remarks.
PROMINENT_ACTORS = 5
MIN_POSITIONS = 2
# Per actor and event, the remarks shown: the most widely reported and longest first.
POSITIONS_PER_EVENT = 3
# A remark is a new position when its cosine to each earlier one of the actor is below this (earlier remarks
# of one stance, reworded, score 0.5 and up on the seeds' Peskov remarks).
NEW_POSITION = 0.5


def make_timeline(material: Material, statements: list[Statement]) -> Timeline:
    units = remarks(material)
    in_statement = {(w.article, w.quote): s for s in statements for w in s.members}
    counts: dict[str, int] = {}
    for u in units:
        if u.speaker_id is not None:
            counts[u.speaker] = counts.get(u.speaker, 0) + 1
    actors = [a for a, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= MIN_POSITIONS][:PROMINENT_ACTORS]
    order = {s.id: i for i, s in enumerate(material.scope.stories)}
    positions: dict[str, tuple[Position, ...]] = {}
    for actor in actors:
        entries: list[Position] = []
        seen: set[int] = set()
        for u in units:
            if u.speaker != actor or not u.position:
                continue
            s = in_statement.get((u.article.id, u.quote))
            if s is not None:
                if s.id in seen:
                    continue
                seen.add(s.id)
                # shown in the reader's language when one outlet reports it so, else in its own (marked)
                best = max(s.members, key=lambda w: ((w.language or READER_LANGUAGE) == READER_LANGUAGE, w.direct,
                                                     len(w.text)))
                entries.append(Position(actor, s.story, s.when, best.text, tuple(s.articles), tuple(s.outlets),
                                        s.id, False, best.evidence, best.confidence, best.language))
            else:
                entries.append(Position(actor, u.article.story, u.article.when, u.text, (u.article.id,),
                                        (u.article.outlet,), None, False, u.evidence, u.confidence,
                                        u.article.language))
        kept: list[Position] = []
        for story in material.scope.stories:
            mine = [p for p in entries if p.story == story.id]
            mine.sort(key=lambda p: (-len(p.outlets), -len(p.text)))
            kept.extend(mine[:POSITIONS_PER_EVENT])
        kept.sort(key=lambda p: (order.get(p.story, 0), p.when or (dt.date.max, dt.date.max)))
        positions[actor] = tuple(_mark_changes(kept))
    return Timeline(material.scope, material.scope.stories, positions)


def _mark_changes(positions: list[Position]) -> list[Position]:
    if not positions:
        return []
    vectors = embed_cached([p.text for p in positions])
    out = []
    for i, p in enumerate(positions):
        earlier = [j for j in range(i) if positions[j].story != p.story]
        changed = bool(earlier) and max(float(vectors[i] @ vectors[j]) for j in earlier) < NEW_POSITION
        out.append(replace(p, changed=changed))
    return out
