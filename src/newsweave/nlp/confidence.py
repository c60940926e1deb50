"""How far to trust an attribution: the probability that a quote's words and its speaker are both right.

A logistic model over what the text shows of the attribution: how it was found (``Q.how``), whether the words
are quoted, whether they sit inside another quote's words, the cue's lemma and its class (a speech verb such as
"say", a belief verb such as "think", another verb such as "expect" or "vote"), whether the cue is subordinate
("While X claims ..."), the first word class of the words, what names the speaker (a name, a role noun, a
pronoun, a relative pronoun, a thing, nothing), and the length of the words; how the parse ties them (the cue's
dependency and tag, the speaker's relation to the cue, entity type, side, distance and sentence, whether the
words hold a verb, a subject, a leading "that"); and pairs of these, since a thing as speaker is worse inside
another quote than outside it (:data:`CROSSED`). Its weights live in
``data/attribution.json``, fitted on the PolNeAR train split by ``benchmarks/train_attribution.py`` (the command
and figures are in that file and in docs/benchmarks.md); nothing here is tuned on dev.

Statements and positions credit a speaker only with quotes at or above :func:`trusted_threshold`; every quote
keeps its confidence and evidence (the cue and the speaker's words) in the store.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..lexicon import BELIEF_VERBS, PRONOUN_GENDER, ROLE_NOUNS, SPEECH_NOUNS, SPEECH_VERBS

if TYPE_CHECKING:  # the store and across/ read the threshold without loading spaCy
    from spacy.tokens import Doc

    from .quotes import Q

_PRONOUNS = frozenset(PRONOUN_GENDER) | {"they", "we", "i", "you", "it"}
# Feature families whose values are crossed pairwise (each pair of present one-hot features becomes one more
# feature "a&b"). Chosen on PolNeAR train, 5-fold cross-validated by article (benchmarks/train_attribution.py):
# content+source precision at recall 0.47 went from 0.858 (no pairs, no parse features) to 0.867.
CROSSED = frozenset("""how speaker nested cue_in_quote cue direct cue_subordinate first spk_dep spk_ent cue_dep
content_noverb content_that spk_lower""".split())


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted model: ``weights`` (feature -> weight), ``threshold`` and how they were made."""
    return json.loads(resources.files("newsweave").joinpath("data/attribution.json").read_text(encoding="utf-8"))


def trusted_threshold() -> float:
    """The confidence at or above which an attribution is trusted: chosen by the training script on PolNeAR
    train (cross-validated) as the lowest that keeps content+source precision at its target."""
    return model()["threshold"]


def features(q: Q, doc: Doc, quotes: list[Q] = ()) -> dict[str, float]:
    """The features of one quote in ``doc`` (character spans of ``q`` are offsets into ``doc.text``), among the
    doc's ``quotes``: a quote whose cue lies inside another quote's words is reported speech within reported
    speech ("X said that Y plans to ..."), which the text attributes to X, not to Y."""
    from .spans import doc_text  # (spaCy's: the store and across/ import this module without it)

    text = doc_text(doc)
    out = {"bias": 1.0, f"how={q.how}": 1.0, "direct": float(q.direct)}
    out["nested"] = float(any(o.content != q.content and o.content[0] <= q.content[0] and q.content[1] <= o.content[1]
                              for o in quotes))
    if q.cue and any(o.content[0] <= q.cue[0] < o.content[1] for o in quotes if o is not q):
        out["cue_in_quote"] = 1.0
    cue = _cue_token(q, doc)
    lemma = cue.lemma_.lower() if cue is not None else "-"
    out[f"cue={lemma}"] = 1.0
    if cue is not None and any(c.dep_ == "mark" for c in cue.children):
        out["cue_subordinate"] = 1.0  # "While Peskov claims ..., there is no ...": the sentence is the writer's
    words = doc.char_span(q.content[0], q.content[1], alignment_mode="expand")
    if words is not None and len(words):
        first = next((t for t in words if not t.is_punct), words[0])
        out[f"first={first.pos_}"] = 1.0  # "on Tuesday", "to questions about ...": no clause was reported
    out["cue:" + ("speech" if lemma in SPEECH_VERBS or lemma in SPEECH_NOUNS else
                  "belief" if lemma in BELIEF_VERBS else "none" if lemma == "-" else "other")] = 1.0
    out[f"speaker={_speaker_kind(q, text)}"] = 1.0
    out["log_words"] = math.log1p(len(text[q.content[0]:q.content[1]].split())) / 5
    out.update(_parse_features(q, doc, text, cue, words))
    return _crossed(out)


def _parse_features(q: Q, doc: Doc, text: str, cue, words) -> dict[str, float]:
    """How the parse ties cue, speaker and words: "CNN, Cruz said, called ..." has a speaker that is not the
    cue's subject; "the areas ... suggested" a lower-case thing; "calls him a liar" words with no clause."""
    out = {}
    if cue is not None:
        out[f"cue_dep={cue.dep_}"] = 1.0
        out[f"cue_tag={cue.tag_}"] = 1.0
    speaker = doc.char_span(q.speaker[0], q.speaker[1], alignment_mode="expand") if q.speaker else None
    if speaker is not None and len(speaker):
        types = sorted({t.ent_type_ for t in speaker if t.ent_type_})
        out[f"spk_ent={types[0] if types else '-'}"] = 1.0
        if text[q.speaker[0]].islower():
            out["spk_lower"] = 1.0
        root = speaker.root
        if cue is not None:
            out[f"spk_dep={root.dep_ if root.head.i == cue.i else 'far'}"] = 1.0
            out["spk_before" if root.i < cue.i else "spk_after"] = 1.0
            apart = abs(cue.i - root.i)
            out["spk_dist=" + ("1" if apart <= 1 else "2-4" if apart <= 4 else "5-10" if apart <= 10 else "11+")] = 1.0
            # (not Token.sent: it asks the whole doc whether it has sentence starts, for every quote)
            if any(doc[i].is_sent_start for i in range(min(root.i, cue.i) + 1, max(root.i, cue.i) + 1)):
                out["spk_other_sent"] = 1.0
    if words is not None and len(words):
        if not any(t.pos_ in ("VERB", "AUX") for t in words):
            out["content_noverb"] = 1.0
        if next((t for t in words if not t.is_punct), words[0]).lower_ == "that":
            out["content_that"] = 1.0
        if not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in words):
            out["content_nosubj"] = 1.0
    return out


def _crossed(feats: dict[str, float]) -> dict[str, float]:
    """``feats`` with every pair of present one-hot features of the :data:`CROSSED` families added."""
    present = sorted(k for k, v in feats.items()
                     if v == 1.0 and not k.startswith("cue=") and re.split("[=:]", k)[0] in CROSSED)
    out = dict(feats)
    for i, a in enumerate(present):
        for b in present[i + 1:]:
            out[f"{a}&{b}"] = 1.0
    return out


def confidence(feats: dict[str, float]) -> float:
    """The model's probability that the attribution with these features is right."""
    weights = model()["weights"]
    z = sum(weights.get(name, weights.get("cue=other", 0.0) if name.startswith("cue=") else 0.0) * value
            for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _cue_token(q: Q, doc: Doc):
    if not q.cue:
        return None
    span = doc.char_span(q.cue[0], q.cue[1], alignment_mode="expand")
    if span is None or not len(span):
        return None
    return ([t for t in span if t.pos_ in ("VERB", "NOUN", "AUX")] or list(span))[0]


def _speaker_kind(q: Q, text: str) -> str:
    if not q.speaker:
        return "none"
    words = text[q.speaker[0]:q.speaker[1]].strip().lower()
    if words in _PRONOUNS:
        return "pronoun"
    if words in ("who", "which", "that", "whom", "whose"):
        return "relative"
    if q.group is not None:
        return "name"
    last = words.split()[-1] if words.split() else ""
    if last in ROLE_NOUNS or last.rstrip("s") in ROLE_NOUNS:
        return "role"  # "the spokesman", "officials"
    return "thing" if words.startswith(("the ", "a ", "an ", "this ", "these ")) else "unresolved"
