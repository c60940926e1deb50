"""Framing and coverage per outlet: the names it uses for contested things, whom it quotes and how much,
which facts and statements it carries that others leave out, and when it first reported.

Contested names come from two places: a lexicon of things outlets are known to name differently
(``data/framing.json``: Kyiv/Kiev, "special military operation"/"invasion"/"war", ...), and the story's own
entities, when outlets spell one of them differently (Zelensky/Zelenskyy). A use inside quotation marks is
counted apart: an outlet quoting the Kremlin's "special military operation" does not adopt the term.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import ClaimComparison, NameChoice, OutletFraming, Statement
from .scope import Material
from .statements import words

_OPEN_QUOTES = "\"\u201c\u2018'«"
_CLOSE_QUOTES = "\"\u201d\u2019'»"


@dataclass(frozen=True)
class Thing:
    name: str
    pattern: re.Pattern
    variants: dict[str, str]    # variant as listed -> what it signals
    context: re.Pattern | None
    lowered: tuple[str, ...] = ()   # the variants in lower case: a text holding none of them is not searched


@lru_cache(maxsize=1)
def lexicon() -> tuple[Thing, ...]:
    data = json.loads(resources.files("newsweave").joinpath("data/framing.json").read_text(encoding="utf-8"))
    out = []
    for t in data["things"]:
        variants = sorted(t["variants"], key=len, reverse=True)  # longest first: "full-scale invasion" wins
        flags = 0 if t.get("case") else re.I
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![\w-])", flags)
        context = re.compile(r"\b(?:" + "|".join(map(re.escape, t["context"])) + r")\b") if t.get("context") else None
        out.append(Thing(t["thing"], pattern, t["variants"], context, tuple(v.lower() for v in variants)))
    return tuple(out)


def name_uses(text: str) -> list[tuple[str, str, bool]]:
    """(thing, variant as listed, inside quotation marks) for every contested name in a text."""
    text = text.replace("\u2019", "'")  # one apostrophe: "People’s Republic" (same length, offsets hold)
    lower = text.lower()
    out = []
    for thing in lexicon():
        if not any(v in lower for v in thing.lowered):
            continue
        if thing.context is not None and not thing.context.search(text):
            continue
        canon = {v.lower(): v for v in thing.variants}
        for m in thing.pattern.finditer(text):
            before, after = text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 1]
            quoted = bool(before) and before in _OPEN_QUOTES and bool(after) and after in _CLOSE_QUOTES + ",."
            out.append((thing.name, canon[m.group(0).lower()], quoted or _inside_quotes(text, m.start())))
    return out


def _inside_quotes(text: str, at: int) -> bool:
    """True when an odd number of curly or straight double quotes open before ``at`` in its paragraph."""
    start = text.rfind("\n", 0, at) + 1
    para = text[start:at]
    return (para.count("\u201c") > para.count("\u201d")) or para.count('"') % 2 == 1


def spelling_variants(material: Material) -> dict[str, dict[str, Counter]]:
    """Entities the outlets spell differently: {entity name: {outlet: Counter(spelling)}} (last words of
    their name mentions, so "Volodymyr Zelenskyy" and "Zelenskyy" are one spelling)."""
    listed = {v for thing in lexicon() for v in thing.variants}
    by_entity: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for article_id, _, name, text, _ in material.mentions:
        last = re.sub(r"['\u2019]s?$", "", text.split()[-1]) if text.split() else ""
        # headline capitals are not a spelling, nor a common noun ("the eastern Donbas region"); names the
        # lexicon already lists are shown as its things
        if len(last) < 3 or last.isupper() or not last[0].isupper() or last in listed:
            continue
        by_entity[name][material.by_id[article_id].outlet][last] += 1
    return {name: dict(outlets) for name, outlets in by_entity.items()
            if len({s for c in outlets.values() for s in c}) > 1 and len(outlets) > 1}


def compare_framing(material: Material, statements: list[Statement],
                    claims: list[ClaimComparison]) -> tuple[list[OutletFraming], dict[str, tuple[str, ...]]]:
    """Per-outlet framing, and the coverage matrix {fact id: outlets that report it} (claims ``c1``...,
    statements ``s1``...)."""
    coverage: dict[str, tuple[str, ...]] = {}
    for c in claims:
        coverage[c.id] = tuple(c.outlets)
    for s in statements:
        coverage[f"s{s.id}"] = tuple(s.outlets)
    outlets = sorted({a.outlet for a in material.scope.articles})
    names: dict[str, Counter] = defaultdict(Counter)
    quoted_uses: dict[str, Counter] = defaultdict(Counter)
    for a in material.scope.articles:
        for thing, variant, quoted in name_uses(a.text):
            names[a.outlet][(thing, variant)] += 1
            quoted_uses[a.outlet][(thing, variant)] += quoted
    for entity, per_outlet in spelling_variants(material).items():
        for outlet, spellings in per_outlet.items():
            for spelling, n in spellings.items():
                names[outlet][(entity, spelling)] += n
    speakers: dict[str, Counter] = defaultdict(Counter)
    quoted_words: dict[str, Counter] = defaultdict(Counter)
    for q in material.quotes:
        if q.speaker and q.article in material.by_id:
            outlet = material.by_id[q.article].outlet
            speakers[outlet][q.speaker] += 1
            quoted_words[outlet][q.speaker] += len(words(q.content.text)) if q.direct else 0
    out = []
    for outlet in outlets:
        arts = [a for a in material.scope.articles if a.outlet == outlet]
        whens = [a.when for a in arts if a.when]
        first = min(whens) if whens else None
        only = tuple(f for f, o in coverage.items() if o == (outlet,) and len(outlets) > 1)
        omits = tuple(f for f, o in coverage.items() if outlet not in o and len(o) >= 2)
        choices = tuple(NameChoice(thing, variant, n, quoted_uses[outlet][(thing, variant)])
                        for (thing, variant), n in sorted(names[outlet].items(), key=lambda kv: (kv[0][0], -kv[1])))
        quoted = tuple((s, n, quoted_words[outlet][s]) for s, n in speakers[outlet].most_common())
        out.append(OutletFraming(outlet, tuple(a.id for a in arts), first, choices, quoted, only, omits))
    return out, coverage
