"""Quotes and attributions in one doc: direct quotations and reported speech, each with cue and speaker.

Direct quotations come from :mod:`.quotemarks` (every quoting style, multi-paragraph quotes). Each is
attributed, in this order, by

1. a reporting verb outside the quotation marks in the same sentence(s) ("...," Peskov said; He told
   reporters: "..."; accused him of saying "..."; Politico writes, "...") or "according to X";
2. a sentence ending in a colon just before it ("He added:" / "President Trump on Fox and Friends:");
3. a short sentence right after it ("... ." Peskov said.);
4. continuation: a quotation that opens a paragraph (or follows an attributed one in the same paragraph)
   with no cue of its own continues the previous speaker.

Headline quotes (``More accurate to talk about a pause: Kremlin``, ``*ZELENSKIY: UKRAINE'S EAST ...``) are
read from their layout. Reported speech is a reporting or belief verb with a clausal complement ("Peskov said
that ...", "He argued ...") and "according to X, ...". The speaker is the verb's subject, found by climbing
from participles and coordinated verbs to the clause that has one (Peskov dismissed ..., stating "...").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import ATTRIBUTION_VERBS, NOT_ATTRIBUTION, ROLE_NOUNS, SPEECH_NOUNS, SPEECH_VERBS, STANCE_VERBS
from .mentions import Group, Lexicon, Ment
from .quotemarks import Quoted, find_quoted
from .spans import doc_text

# A sentence after a quotation counts as its attribution ('"...," Peskov said.') when it is this short.
TRAILING_CUE_MAX_TOKENS = 8
# A quotation needs at least this many words to be attributed by the verb it depends on alone (without a
# reporting verb): shorter quoted phrases are as often scare quotes or titles as speech.
GOVERNOR_MIN_WORDS = 4
# A quoted Title Case phrase of at most this many words is the name of a work, show or slogan, not speech
# ("Fox & Friends", "This Week"); headline-style quotes of more words still count.
TITLE_MAX_WORDS = 6
# A line of at most this many words can be a headline, where Title Case quotations are speech.
HEADLINE_MAX_WORDS = 20
# A quoted phrase of at most this many words needs its reporting verb to govern it in the parse (he called
# the plan "reckless"); otherwise it is a scare quote in a sentence that happens to report something else.
SHORT_QUOTE_WORDS = 3
# Headline quote: the speaker part after the colon has at most this many words.
HEADLINE_SPEAKER_MAX_WORDS = 4
_HEADLINE_AFTER = re.compile(r"^(?P<content>[^\n:]{8,}?):\s+(?P<speaker>[A-Z][\w.'\u2019\-]*(?: [A-Z][\w.'\u2019\-]*){0,3})$")
_HEADLINE_BEFORE = re.compile(r"^\*?(?P<speaker>[A-Z][A-Z.'\u2019\-]+(?: [A-Z][A-Z.'\u2019\-]+){0,3}):\s+(?P<content>.{8,})$")
_HEADLINE_NAME = re.compile(r"^(?P<speaker>[A-Z][\w.'\u2019\-]*(?: [A-Z][\w.'\u2019\-]*){0,3}):\s+(?P<content>[A-Z\u2018\u201c'\"].{8,})$")
_PRONOUN_SUBJECTS = {"who", "that", "which"}
_SCARE = ("scare quote",)  # _attribute's answer for a quoted term that is not speech
_NOT_SPEAKERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
# Texts someone issues: "a statement from the ministry said", "Ilves's letter says": the issuer speaks.
_ISSUED = frozenset("statement letter release email e-mail memo note message post tweet communique communiqué "
                    "notice announcement filing".split())
_PERSONAL = {"he", "she", "i", "we", "they", "you"}
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "prep", "pobj", "dep", "dobj"}


@dataclass
class Q:
    """A quote inside one doc, in character offsets; ``speaker`` a (start, end) span, ``group`` its entity."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    group: int | None
    speaker_text: str | None
    direct: bool
    how: str


class _Index:
    """Lookups shared by the attribution rules for one doc."""

    def __init__(self, doc: Doc, ments: list[Ment], quoted: list[Quoted]):
        self.doc = doc
        self.text = doc_text(doc)
        self.quoted = quoted
        self.char_tok = [-1] * (len(self.text) + 1)
        for tok in doc:
            for c in range(tok.idx, tok.idx + len(tok)):
                self.char_tok[c] = tok.i
        self.in_quote = [False] * len(doc)
        for q in quoted:
            for c in range(q.start, q.end):
                t = self.char_tok[c]
                if t >= 0:
                    self.in_quote[t] = True
        self.ment_at: dict[int, Ment] = {}
        for m in ments:
            for i in range(m.start, m.end):
                self.ment_at.setdefault(i, m)
        self._lines: list[int] | None = None
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for si, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = si

    def tok(self, char: int, forward: bool = True) -> int:
        n = len(self.text)
        while 0 <= char < n and self.char_tok[char] < 0:
            char += 1 if forward else -1
        return self.char_tok[char] if 0 <= char < n else -1

    def line(self, char: int) -> tuple[int, int]:
        """Start and end offsets of the line (paragraph) holding ``char``."""
        if self._lines is None:
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
        i = bisect.bisect_right(self._lines, char) - 1
        start = self._lines[i]
        end = self._lines[i + 1] - 1 if i + 1 < len(self._lines) else len(self.text)
        return start, end


def find_quotes(doc: Doc, ments: list[Ment], groups: list[Group], lexicon: Lexicon = Lexicon()) -> list[Q]:
    """The quotations and reported speech of ``doc`` with their speakers among ``ments`` and ``groups``; ``lexicon``:
    what is known of English words (a word the tagger calls a verb that is none cues no speech)."""
    quoted = find_quoted(doc_text(doc))
    ix = _Index(doc, ments, quoted)
    out: list[Q] = []
    previous: Q | None = None
    for q in quoted:
        found = _attribute(ix, q, groups)
        if found is _SCARE:
            continue
        if found is None and previous is not None and _continues(ix, previous, q):
            found = (None, previous.speaker, previous.group, previous.speaker_text, "continues previous speaker")
        if found is None:
            found = _previous_sentence_speaker(ix, q, groups) or _previous_subject(ix, q, groups)
        if found is None:
            if _unattributed_speech(ix, q):
                out.append(Q(q.inner, None, None, None, None, True, "unattributed"))
            continue
        cue, speaker, group, speaker_text, how = found
        item = Q(q.inner, cue, speaker, group, speaker_text, True, how)
        out.append(item)
        previous = item
    out.extend(_headline_quotes(ix, groups))
    out.extend(_reported_speech(ix, groups, out, lexicon))
    out = [q for q in out if _coherent(ix, q)]
    out.sort(key=lambda x: x.content)
    return out


# A transcript line names its own speaker ("WALLACE: If I may, sir, ..."): such a quotation is not the words of
# whoever a verb near it names.
_TRANSCRIPT_LABEL = re.compile(r"^[A-Z][A-Z.'’ -]{1,30}:\s")
_SHARE = re.compile(r"\b(?:percent|per cent)\b|%")


def _coherent(ix: _Index, q: Q) -> bool:
    """An attribution that can be right: its cue and its speaker lie outside the words attributed ("which she
    later said she regretted doing": the cue inside the content; "Bamberg said the videos show Scott ...": the
    speaker picked from the content), its speaker is not a share of people ("Twelve percent indicated that
    ..."), and a quotation that opens with a transcript label is credited to no one else."""
    start, end = q.content
    if q.cue is not None and start <= q.cue[0] < end:
        return False
    if q.speaker is not None and start <= q.speaker[0] < end:
        return False
    if q.speaker_text and _SHARE.search(q.speaker_text):
        return False
    return not (q.direct and q.speaker is not None and _TRANSCRIPT_LABEL.match(ix.text[start:end]))


_WORK_NOUNS = frozenset("""
podcast show programme program book film movie series song album column newspaper magazine article op-ed
titled entitled called dubbed named slogan hashtag banner sign shirt t-shirt headline play novel documentary
""".split())
_NAME_WORD = re.compile(r"[\w'\u2019-]+")


def _names_a_work(ix: _Index, q: Quoted) -> bool:
    """'on NBC's "Meet the Press"', '"Daily Show" host', 'a book titled "..."': quotation marks around a
    short Title Case name (of a show, work, slogan) inside running prose frame a name, not speech. Headlines
    (a short line of Title Case) and ALL-CAPS quotations are left alone."""
    inner = ix.text[q.inner[0]:q.inner[1]]
    if not _is_title(inner) or inner.isupper():
        return False
    line_start, line_end = ix.line(q.start)
    if len(ix.text[line_start:line_end].split()) <= HEADLINE_MAX_WORDS:
        return False
    before = _NAME_WORD.findall(ix.text[max(0, q.start - 30):q.start])
    if before and (before[-1].lower() in _WORK_NOUNS or before[-1].lower().endswith(("'s", "\u2019s"))
                   or before[-1].lower() in ("on", "to", "told", "in", "at", "from", "of", "via")):
        return True
    after = re.match(r"\s+([a-z][a-z-]+)", ix.text[q.end:q.end + 30])
    if after:
        tok = ix.tok(q.end + after.start(1))
        return tok >= 0 and ix.doc[tok].pos_ == "NOUN"
    return False


def _is_title(words: str) -> bool:
    """'Fox & Friends', 'The Rachel Maddow Show': a quoted name of a work or programme, not speech.

    Title Case throughout (every word of four letters or more capitalised), at most TITLE_MAX_WORDS words.
    """
    tokens = [w.strip(".,;:!?\u2019'\"") for w in words.split()]
    tokens = [w for w in tokens if w]
    if not tokens or len(tokens) > TITLE_MAX_WORDS:
        return False
    long = [w for w in tokens if len(w) >= 4 and w[0].isalpha()]
    return bool(long) and all(w[0].isupper() for w in long) and tokens[0][0].isupper()


def _continues(ix: _Index, previous: Q, q: Quoted) -> bool:
    """A quotation with no cue continues the previous speaker: same paragraph, or opening the next one."""
    if q.continues:
        return True
    line_start, _ = ix.line(q.start)
    prev_start, prev_end = ix.line(previous.content[0])
    if prev_start == line_start:
        return True
    starts_line = ix.text[line_start:q.start].strip() == ""
    return starts_line and ix.text[prev_end:line_start].strip() == ""


def _previous_sentence_speaker(ix: _Index, q: Quoted, groups: list[Group]):
    """'Perez says too many women feel guilty. "They feel like a bad mom."': a quotation right after a
    sentence of reported speech in the same paragraph continues that speaker."""
    first = ix.tok(q.start)
    if first < 0 or ix.sent_of[first] == 0:
        return None
    sent = ix.sents[ix.sent_of[first] - 1]
    line_start, _ = ix.line(q.start)
    if sent.start_char < line_start or ix.text[sent.end_char:q.start].strip():
        return None
    for tok in sent:
        if not ix.in_quote[tok.i] and tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_VERBS and \
                any(c.dep_ == "ccomp" for c in tok.children):
            hit = _speaker_of(tok, ix, groups)
            if hit is not None:
                return (_cue_span(tok), *hit, "speaker of the sentence before")
    return None


def _previous_subject(ix: _Index, q: Quoted, groups: list[Group]):
    """A quotation opening a paragraph with no cue, after a paragraph whose last sentence has a person as
    subject ("Trump spoke in bromides during the interview." / "We have to do something."): that person."""
    line_start, _ = ix.line(q.start)
    if ix.text[line_start:q.start].strip() or line_start < 2:
        return None
    tok = ix.tok(line_start - 2, forward=False)
    if tok < 0:
        return None
    sent = ix.sents[ix.sent_of[tok]]
    if any(ix.in_quote[t.i] for t in sent):
        return None
    for t in sent:
        ment = ix.ment_at.get(t.i)
        if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and ment is not None and ment.type == "person":
            found = _describe(t, ix, groups)
            if found is not None:
                return (None, *found, "subject of the paragraph before")
    return None


def _unattributed_speech(ix: _Index, q: Quoted) -> bool:
    """A quotation with no speaker is still kept when it is a sentence or more (not a scare-quoted term)."""
    words = ix.text[q.start:q.end].split()
    return len(words) >= 6 and ix.text[q.start:q.end].rstrip("\"'\u201d\u2019\u00bb")[-1:] in ".!?,"


def _attribute(ix: _Index, q: Quoted, groups: list[Group]):
    doc = ix.doc
    first, last = ix.tok(q.start), ix.tok(q.end - 1, forward=False)
    if first < 0 or last < 0:
        return None
    line_start, line_end = ix.line(q.start)
    s_first, s_last = ix.sent_of[first], ix.sent_of[last]
    lo, hi = ix.sents[s_first].start, ix.sents[s_last].end
    frame = [t for t in doc[lo:hi] if not ix.in_quote[t.i] and line_start <= t.idx < line_end]
    if _names_a_work(ix, q) or ix.text[max(0, q.start - 10):q.start].rstrip().lower().endswith("so-called"):
        return _SCARE  # a name of a work, or a term the writer distances themselves from
    short = len(ix.text[q.start:q.end].split()) <= SHORT_QUOTE_WORDS or \
        _is_title(ix.text[q.inner[0]:q.inner[1]]) and not (line_end - line_start < 300 and
                                                           _is_title(ix.text[line_start:line_end]))
    if short:  # a short or Title Case quotation counts only when a reporting verb governs it
        governing = {a.i for i in range(first, last + 1) for a in doc[i].ancestors}
        frame = [t for t in frame if t.i in governing]
    cue = _nearest_cue(frame, q, ix)
    if short and cue is None and _colon_before(ix, q.start) is None:
        return _SCARE
    if cue is not None:
        hit = _speaker_of(cue, ix, groups, q.end)
        if hit is not None:
            return (_cue_span(cue), *hit, "reporting verb in the sentence")
    # a colon just before the quote ("He added:", "Transcript as follows:"), possibly ending the paragraph before
    colon = _colon_before(ix, q.start)
    if colon is not None:
        before = ix.sents[ix.sent_of[colon]]
        cue = _nearest_cue([t for t in before if not ix.in_quote[t.i] and t.i < colon], q, ix)
        if cue is not None:
            hit = _speaker_of(cue, ix, groups)
            if hit is not None:
                return (_cue_span(cue), *hit, "reporting verb before a colon")
        person = _first_person(before, ix, groups, colon)
        if person is not None:
            return (None, *person, "named before a colon")
    # an attribution sentence right after the quote ('"...," Peskov said.' parsed as its own sentence)
    if s_last + 1 < len(ix.sents):
        after = ix.sents[s_last + 1]
        limit = TRAILING_CUE_MAX_TOKENS if ix.text[q.end - q.width - 1:q.end - q.width] not in (",", "?", "!") \
            else 3 * TRAILING_CUE_MAX_TOKENS
        if len(after) <= limit and ix.text[q.end:after.start_char].strip() == "" and \
                not any(ix.in_quote[t.i] for t in after):
            cue = _nearest_cue(list(after), q, ix) or _person_verb(after, ix)
            if cue is not None:
                hit = _speaker_of(cue, ix, groups, q.end)
                if hit is not None:
                    return (_cue_span(cue), *hit, "reporting verb after the quote")
    # the verb the quotation depends on ("Trump went on", "is labeling X 'a blatant abuse'"), for quotes of
    # a few words or more (shorter ones are as often scare quotes as speech)
    if len(ix.text[q.start:q.end].split()) >= GOVERNOR_MIN_WORDS:
        verb = _governor(ix, first, last, line_start, line_end)
        if verb is not None:
            hit = _speaker_of(verb, ix, groups)
            if hit is not None:
                return (_cue_span(verb), *hit, "verb governing the quote")
    return None


def _person_verb(sent, ix: _Index) -> Token | None:
    """'"...?" Trump went on': a sentence right after a quotation whose subject is a person or pronoun."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    for child in root.children:
        if child.dep_ == "nsubj" and (child.lower_ in ("he", "she", "i", "we", "they") or
                                      (ix.ment_at.get(child.i) is not None and ix.ment_at[child.i].type == "person")):
            return root
    return None


def _colon_before(ix: _Index, char: int) -> int | None:
    """Token index of a colon that is the last thing before ``char`` (across at most one paragraph break)."""
    i = char - 1
    while i >= 0 and ix.text[i].isspace():
        i -= 1
    if i < 0 or ix.text[i] != ":" or ix.text[i + 1:char].count("\n") > 2:
        return None
    tok = ix.char_tok[i]
    return tok if tok >= 0 and not ix.in_quote[tok] else None


def _governor(ix: _Index, first: int, last: int, line_start: int, line_end: int) -> Token | None:
    doc = ix.doc
    for tok in doc[first:last + 1]:
        head = tok.head
        if first <= head.i <= last:
            continue
        for _ in range(4):
            if not ix.in_quote[head.i] and head.pos_ in ("VERB", "AUX") and line_start <= head.idx < line_end:
                return head
            if head.head.i == head.i:
                break
            head = head.head
    for tok in doc[first:last + 1]:  # or a verb outside that the parser hung off the quoted clause
        for child in tok.children:
            if (child.i < first or child.i > last) and child.pos_ == "VERB" and not ix.in_quote[child.i] \
                    and line_start <= child.idx < line_end and child.dep_ in ("parataxis", "advcl", "conj", "ccomp"):
                return child
    return None


def _nearest_cue(frame: list[Token], q: Quoted, ix: _Index) -> Token | None:
    best, best_dist = None, None
    for tok in frame:
        lemma = tok.lemma_.lower()
        is_cue = (lemma in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX")) or \
            (lemma == "accord" and any(c.lower_ == "to" for c in tok.children))
        if not is_cue:
            continue
        dist = q.start - tok.idx if tok.idx < q.start else tok.idx - q.end
        if best_dist is None or dist < best_dist:
            best, best_dist = tok, dist
    return best


def _cue_span(tok: Token) -> tuple[int, int]:
    if tok.lemma_.lower() == "accord":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is not None:
            return tok.idx, to.idx + len(to)
    return tok.idx, tok.idx + len(tok)


def _speaker_of(cue: Token, ix: _Index, groups: list[Group], quote_end: int | None = None):
    """(speaker span, entity group, speaker text) for a cue token, or None.

    When the parser gave the verb no subject and the verb follows the quotation ('"...," Brent Bozell III,
    founder of X, tells Y'), the speaker is the first name or noun between the quotation and the verb.
    """
    subject = _subject(cue, ix)
    line_start, line_end = ix.line(cue.idx)
    if subject is not None and subject.ent_type_ in _NOT_SPEAKERS and line_start <= subject.idx < line_end \
            and _SHARE.search(" ".join(t.text for t in subject.subtree)):
        return None  # "Twelve percent indicated that ...": a share of people, no one to name
    if subject is not None and not line_start <= subject.idx < line_end:
        subject = _nominal_between(ix, line_start, cue.idx)  # the parse crossed a paragraph: stay in ours
    elif subject is not None and subject.ent_type_ in _NOT_SPEAKERS and \
            not any(c.dep_ == "det" for c in subject.children):
        # "one of the family's attorneys, Justin Bamberg, said": the name in the subject's own words, not the
        # first name of the paragraph
        subject = _nominal_between(ix, subject.idx, cue.idx)
    if subject is None and quote_end is not None and cue.idx > quote_end:
        subject = _nominal_between(ix, quote_end, cue.idx)
        if subject is None:  # '"...," said the 46-year-old': the subject follows the verb
            subject = _nominal_between(ix, cue.idx + len(cue), line_end)
    if subject is None:
        return None
    return _describe(subject, ix, groups)


def _nominal_between(ix: _Index, start: int, end: int) -> Token | None:
    first = ix.tok(start)
    if first < 0:
        return None
    for tok in ix.doc[first:]:
        if tok.idx >= end or tok.text in (".", ";") or ix.in_quote[tok.i]:
            break
        ment = ix.ment_at.get(tok.i)
        if ment is not None and ment.type in ("person", "org"):
            return ix.doc[ment.end - 1]
        if tok.pos_ in ("PROPN", "PRON") and tok.lower_ not in ("it", "this", "that"):
            return tok
    return None


def _subject(cue: Token, ix: _Index) -> Token | None:
    if cue.lemma_.lower() == "accord":
        for to in cue.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    verb = cue
    for _ in range(5):
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        for child in verb.children:
            if child.dep_ == "nsubj" and not ix.in_quote[child.i]:
                return child
            if child.dep_ == "nsubjpass" and not ix.in_quote[child.i]:
                # "Trump was quoted as saying": the speaker; "the store has been praised", "he was told": the
                # one spoken of or to, never the speaker
                return child if verb.lemma_.lower() in _QUOTED_AS else None
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = verb.head
            ment = ix.ment_at.get(noun.i)
            if ment is not None and ment.type in ("person", "org") or noun.lemma_.lower() in ROLE_NOUNS \
                    or noun.ent_type_ == "PERSON":
                return noun  # "a protester shouting ...": the noun is the speaker
            if noun.dep_ in ("dobj", "pobj", "attr", "appos") and noun.head.i != noun.i:
                verb = noun.head  # "dismissed the idea ..., stating ...": the clause's subject speaks
                if verb.pos_ == "ADP":
                    verb = verb.head
                continue
            return None
        if verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _describe(subject: Token, ix: _Index, groups: list[Group]):
    if subject.lower_ in _PRONOUN_SUBJECTS and subject.head.dep_ == "relcl":
        # "Sanders, who said ...": the person named; "the report, which notes ...": the pronoun stands for a
        # thing and is the mention itself, the speaker its antecedent
        found = _describe(subject.head.head, ix, groups)
        if found is None:
            return found
        return (subject.idx, subject.idx + len(subject)), found[1], found[2]
    ment = ix.ment_at.get(subject.i)
    if ment is not None:
        start = ix.doc[ment.start].idx
        end = ix.doc[ment.end - 1].idx + len(ix.doc[ment.end - 1])
        group = ment.group if ment.group >= 0 else None
        name = groups[group].name if group is not None else ment.name
        return (start, end), group, name
    issuer = _issuer(subject, ix)
    if issuer is not None:
        found = _describe(issuer, ix, groups)
        if found is not None:  # the span the whole noun phrase: "A statement from the ministry"
            return (min(subject.left_edge.idx, found[0][0]), max(subject.idx + len(subject), found[0][1])), \
                found[1], found[2]
    left = subject.left_edge
    line_start, _ = ix.line(subject.idx)
    while left.i < subject.i and (ix.in_quote[left.i] or left.idx < line_start or left.is_punct):
        left = ix.doc[left.i + 1]
    start, end = left.idx, subject.idx + len(subject)
    if subject.pos_ == "PRON" and subject.lower_ not in ("we", "i", "they", "you"):
        if subject.lower_ in ("this", "that") or subject.lower_ == "it" and subject.head.lemma_.lower() not in SPEECH_VERBS:
            return None  # "it said" (a report, a letter) speaks; "it seems" does not
        return (start, end), None, subject.text
    return (start, end), None, ix.text[start:end]


def _issuer(subject: Token, ix: _Index) -> Token | None:
    """The person or organisation named as issuing a statement, letter, release ... that is a clause's
    subject: its possessor ("the ministry's statement") or the object of its "from" or "by"."""
    if subject.lemma_.lower() not in _ISSUED:
        return None
    for child in subject.children:
        candidates = [child] if child.dep_ == "poss" else \
            [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ in ("from", "by") \
            else []
        for c in candidates:
            ment = ix.ment_at.get(c.i)
            if ment is not None and ment.type in ("person", "org"):
                return c
    return None


def _first_person(sent, ix: _Index, groups: list[Group], colon: int):
    """Who a colon-ended sentence names: its subject when that is a person or a personal pronoun, else the
    last person or organisation named before the colon ("When Wallace died, President Clinton released the
    following statement:"), else its subject, else (for a verbless label: "Transcript as follows:") its first
    noun."""
    line_start, _ = ix.line(ix.doc[colon].idx)
    before = [t for t in sent if t.i < colon and not ix.in_quote[t.i] and t.idx >= line_start]
    subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass")]
    for tok in subjects:
        ment = ix.ment_at.get(tok.i)
        if ment is not None and ment.type in ("person", "org") or tok.lower_ in _PERSONAL:
            return _describe(tok, ix, groups)
    for kind in ("person", "org"):
        for tok in reversed(before):
            ment = ix.ment_at.get(tok.i)
            if ment is not None and ment.type == kind:
                return _describe(ix.doc[ment.end - 1], ix, groups)
    for tok in subjects:
        found = _describe(tok, ix, groups)
        if found is not None:
            return found
    if not any(t.pos_ in ("VERB", "AUX") for t in before):
        for tok in before:
            if tok.pos_ in ("NOUN", "PROPN"):
                return (tok.idx, tok.idx + len(tok)), None, tok.text
    return None


def _headline_quotes(ix: _Index, groups: list[Group]) -> list[Q]:
    out = []
    for line in re.finditer(r"[^\n]+", ix.text):
        text = line.group()
        if text.rstrip()[-1:] in ".!?\"\u201d" and not _HEADLINE_BEFORE.match(text):
            continue
        for pattern in (_HEADLINE_AFTER, _HEADLINE_BEFORE, _HEADLINE_NAME):
            m = pattern.match(text)
            if m is None:
                continue
            speaker = m.group("speaker")
            if len(speaker.split()) > HEADLINE_SPEAKER_MAX_WORDS:
                continue
            s0, s1 = line.start() + m.start("speaker"), line.start() + m.end("speaker")
            c0, c1 = line.start() + m.start("content"), line.start() + m.end("content")
            tok = ix.tok(s0)
            ment = ix.ment_at.get(tok) if tok >= 0 else None
            if ment is None and pattern is not _HEADLINE_BEFORE or \
                    ment is not None and ment.type == "place":
                continue  # "Update: Ukraine" is a label, not a quote, unless the speaker is a known entity
            group = ment.group if ment is not None and ment.group >= 0 else None
            name = groups[group].name if group is not None else speaker
            out.append(Q((c0, c1), None, (s0, s1), group, name, True, "headline quote"))
            break
    return out


def _reported_speech(ix: _Index, groups: list[Group], direct: list[Q], lexicon: Lexicon = Lexicon()) -> list[Q]:
    """Indirect speech: attribution verbs with a clausal complement, any other verb with one ("pointed out that
    ...", "hoped I'd see ..."; only a word the ``lexicon`` knows as a verb, not the tagger's verb in "Cubs shortstop
    Addison Russell smiled"), and 'according to X'."""
    out = []
    quoted_chars = set()
    for q in direct:
        quoted_chars.update(range(*q.content))
    for tok in ix.doc:
        if ix.in_quote[tok.i]:
            continue
        lemma = tok.lemma_.lower()
        if lemma == "accord":
            item = _according_to(tok, ix, groups)
        elif tok.pos_ == "NOUN" and lemma in SPEECH_NOUNS:
            item = _noun_cue(tok, ix, groups)
        elif tok.pos_ == "VERB" and (lemma in ATTRIBUTION_VERBS or lemma in STANCE_VERBS or
                                     lemma not in NOT_ATTRIBUTION and (not lexicon.verbs or lemma in lexicon.verbs)
                                     and any(c.dep_ == "ccomp" for c in tok.rights)):
            if _unasserted(tok):
                continue
            comp = _complement(tok, lemma)
            if comp is None:
                continue
            start, end = comp
            if ix.text.startswith("that ", start):
                start += 5  # the complementiser is not part of what was said
            # a direct quotation inside with its own cue is its own quote ("..., stating, "No, ...""): stop there;
            # not at a cue inside a noun phrase of what was said ("an end to what he calls a “bloodbath”")
            end = min([end] + [d.cue[0] for d in direct if d.cue and start < d.cue[0] < end
                               and ix.doc[ix.char_tok[d.cue[0]]].dep_ not in _INSIDE_A_PHRASE])
            end = _closing_mark(ix.text, start, _trim_end(ix.text, start, end))
            hit = _speaker_of(tok, ix, groups)
            if hit is None or end - start < 8:
                continue
            item = Q((start, end), _cue_span(tok), hit[0], hit[1], hit[2], False, "reporting verb with a clause")
        else:
            continue
        if item is None:
            continue
        span = range(*item.content)
        if sum(1 for c in span if c in quoted_chars) > 0.5 * len(span):
            continue  # the direct quotation already carries it
        out.append(item)
    return out


# Dependencies of a cue that sits inside a phrase rather than starting a clause of its own: a clause after a
# preposition ("to what he calls ..."), a relative clause ("the deal he described as ...").
_INSIDE_A_PHRASE = frozenset("pcomp relcl acl".split())

# Verbs that report speech when they govern "to say": "went on to say that ...", "continued to argue ...".
_CONTINUING = frozenset("go continue proceed quote report".split())
_QUOTED_AS = frozenset("quote cite".split())
_ANSWER_VERBS = frozenset("respond reply react answer".split())
# Verbs whose object is whom they address ("told reporters", "warned Congress"): an object alone is no content.
_ADDRESSEE_VERBS = frozenset("tell ask warn advise urge encourage invite".split())
_MODALS = frozenset("should must might could may can ought".split())


def _unasserted(verb: Token) -> bool:
    """A reporting verb that reports nothing said by its subject: an obligation, a wish or a possibility ("Trump
    needs to tell the truth", "wants to say", "should explain"; not "went on to say"), or a passive."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in _CONTINUING:
        return True
    passive = any(c.dep_ == "auxpass" for c in verb.children) or \
        verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)
    if passive and verb.lemma_.lower() not in _QUOTED_AS:
        return True  # "has been praised by ...", "when asked to ...": the subject did not speak
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _complement(verb: Token, lemma: str) -> tuple[int, int] | None:
    """What a reporting or stance verb reports: its clause ("said that ..."), else for stance verbs its
    infinitive ("vowed to win ...") or object with what follows ("accused Trump of using ...")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            return child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
    if lemma not in STANCE_VERBS:
        return None
    rights = [c for c in verb.rights if c.dep_ in ("xcomp", "dobj", "prep", "dative", "oprd")]
    if lemma in _ANSWER_VERBS:  # "responded to questions about ...": what was asked, not what was answered
        rights = [c for c in rights if not (c.dep_ == "prep" and c.lower_ == "to")]
    if not rights or lemma in _ADDRESSEE_VERBS and all(c.dep_ in ("dobj", "dative") for c in rights):
        return None  # "told reporters", "asked him": to whom, not what
    first = min(c.left_edge.i for c in rights)
    last = max(c.right_edge.i for c in rights)
    doc = verb.doc
    if lemma in _NAMING_VERBS and not _names_as(rights, doc[verb.i + 1:verb.sent.end]):
        return None  # "called a players-only meeting", "called the police", "calls into question": nobody's words
    return doc[first].idx, doc[last].idx + len(doc[last])


# Verbs that report words when they name someone or something as something ("called the plan a disaster", "named
# Tomas Vale her successor") or call for something, but not with any object ("called a meeting", "called the
# company", "called off a deal"). Read on PolNeAR's train split: of the 34 attributions this leaves out, 26 match no
# annotation ("called a meeting", "calling major fundraisers"), and of the 8 that do, most report no words either
# ("named five people to the committee", "called with an enticing offer").
_NAMING_VERBS = frozenset("call name".split())
_SECOND_OBJECT_DEPS = frozenset({"dobj", "appos", "npadvmod", "attr", "oprd"})
_QUOTE_MARKS = frozenset(["\"", "\u201c", "\u201d", "\u2018", "\u2019", "'", "''", "``"])  # ('' and ``: print's)


def _names_as(rights: list[Token], after: Span) -> bool:
    """Whether a naming verb (:data:`_NAMING_VERBS`) with these ``rights`` and the words ``after`` it in its sentence
    reports words: it names something as something (a predicate of its own, or words in quotation marks after it:
    "called the senator \u201cthe next George Washington\u201d", to which the parser gives no label of its own),
    calls for something, or its object is someone: a pronoun or a name ("called Mr. Yanukovych ... an outstanding
    leader")."""
    if any(c.dep_ in ("oprd", "xcomp") or c.dep_ == "prep" and c.lower_ == "for" for c in rights):
        return True
    if any(t.text in _QUOTE_MARKS for t in after):
        return True
    if any(t.i != c.i and t.pos_ in ("NOUN", "PROPN") and t.dep_ in _SECOND_OBJECT_DEPS
           for c in rights if c.dep_ == "dobj" for t in c.subtree):
        return True  # a second object the parser hung inside the first: "the report fake news", "the notion of
        # man-made global warming a hoax", "her fallen son her hero"
    return any(c.dep_ == "dobj" and (c.pos_ in ("PRON", "PROPN") or c.ent_type_ in ("PERSON", "ORG", "NORP"))
               for c in rights)


def _noun_cue(noun: Token, ix: _Index, groups: list[Group]) -> Q | None:
    """'his warning that ...', 'Trump's claim that ...': the clause a speech noun introduces, and its owner."""
    clause = next((c for c in noun.rights if c.dep_ in ("acl", "ccomp", "relcl") and
                   any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if clause is None or owner is None:
        return None
    hit = _describe(owner, ix, groups)
    if hit is None:
        return None
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    end = _trim_end(ix.text, start, end)
    if end - start < 8:
        return None
    return Q((start, end), (noun.idx, noun.idx + len(noun)), hit[0], hit[1], hit[2], False, "speech noun")


def _according_to(tok: Token, ix: _Index, groups: list[Group]) -> Q | None:
    subject = _subject(tok, ix)
    if subject is None:
        return None
    hit = _describe(subject, ix, groups)
    if hit is None:
        return None
    sent = ix.sents[ix.sent_of[tok.i]]
    phrase_start = tok.idx
    phrase_end = max(t.idx + len(t) for t in tok.subtree)
    if phrase_start - sent.start_char < 3:  # "According to X, content."
        start, end = phrase_end, sent.end_char
    else:  # "Content, according to X."
        start, end = sent.start_char, phrase_start
    while start < end and not ix.text[start].isalnum() and ix.text[start] not in "\"\u201c'\u2018":
        start += 1
    end = _trim_end(ix.text, start, end)
    if end - start < 8:
        return None
    return Q((start, end), _cue_span(tok), hit[0], hit[1], hit[2], False, "according to")


def _closing_mark(text: str, start: int, end: int) -> int:
    """The end of a span that opens a quotation without closing it, moved past its closing mark when that comes
    next ("what he calls a “bloodbath,”": the parse leaves the mark and the comma to the main verb)."""
    span = text[start:end]
    if span.count("\u201c") > span.count("\u201d"):
        m = re.match(r"[,.]?\u201d", text[end:end + 2])
        if m:
            return end + m.end()
    return end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1] in " ,;:-\u2013\u2014." or text[end - 1].isspace()):
        end -= 1
    return end
