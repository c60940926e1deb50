"""The model's attribute rules (``attribute_ruler``: coarse part of speech, morphology and some lemmas from the
fine tag and the word), applied by array operations instead of spaCy's Matcher, with the same result.

en_core_web_sm's ruler holds 179 one- and two-token patterns. spaCy runs them through its general Matcher,
which steps every token through every pattern's states: 13% of the whole spaCy pass measured over PolNeAR
articles, as much as the parser. The patterns are simple tests of a token's attributes (equal to a value, in
or out of a set, a regular expression), so each test is computed once per doc over the column of that
attribute, and a pattern matches where its tests all hold. The attributes are then set in the ruler's own
order (a later rule overrides an earlier one for the same token), all at once with ``Doc.from_array``.

Patterns this does not cover (operators such as ``OP``, comparisons, extension attributes, in patterns or in
what they set) leave the model's ruler in place: :func:`compile_rules` returns None for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs

# The tests a token pattern may hold here ({"TAG": "NN"}, {"LOWER": {"IN": [...]}}, {"LOWER": {"REGEX": ...}}).
_OPERATORS = ("IN", "NOT_IN", "REGEX")
# The attributes a rule may set here: token attributes that spaCy's ruler sets on the token alone (its
# ``set_token_attrs`` also sets an attribute on the word's lexeme, which holds none of these).
_SETTABLE = tuple(IDS[name] for name in ("POS", "TAG", "DEP", "LEMMA", "MORPH"))


@dataclass(frozen=True)
class _Test:
    """One test of one token attribute: ``column`` of the doc's attribute array, ``op`` and its value."""

    column: int
    op: str          # "==", "IN", "NOT_IN" or "REGEX"
    value: object    # a hash or number, a frozenset of hashes, or a compiled regular expression


@dataclass(frozen=True)
class Rules:
    """Compiled attribute rules, in the ruler's order (a later rule sets a token after an earlier one).

    - ``columns``: the attribute ids read from a doc, in the order tests refer to them;
    - ``by_value``: the rules of one token tested only for equal values, by the columns they test, then by
      those values; ``filters``: for a group testing more than one column, the column with the most values
      among its rules, and those values (the few tokens worth looking up);
    - ``patterns``: every other rule's alternative patterns (each a tuple of token tests), with the index of
      the token it sets in a match;
    - ``sets``: for each rule, (column of ``_SETTABLE``, value) of what it sets.
    """

    columns: tuple[int, ...]
    by_value: dict[tuple[int, ...], dict[tuple, list[int]]]
    filters: dict[tuple[int, ...], tuple[int, np.ndarray]]
    patterns: list[tuple[int, tuple[tuple[_Test, ...], ...], int]]
    sets: tuple[tuple[tuple[int, int], ...], ...]


def compile_rules(patterns: list[dict], vocab) -> Rules | None:
    """Rules from an attribute ruler's ``patterns`` (its own format), or None when one tests a token by more
    than equality, IN, NOT_IN or REGEX, or sets more than a token's POS, TAG, DEP, LEMMA and MORPH."""
    columns: dict[int, int] = {}
    by_value: dict[tuple[int, ...], dict[tuple, list[int]]] = {}
    general = []
    sets = []
    for r, entry in enumerate(patterns):
        attrs = normalize_token_attrs(vocab, entry["attrs"]) if "_" not in entry["attrs"] else {"_": None}
        if any(attr not in _SETTABLE for attr in attrs):
            return None
        sets.append(tuple((_SETTABLE.index(attr), value) for attr, value in attrs.items()))
        index = entry.get("index", 0)
        for pattern in entry["patterns"]:
            tokens = []
            for spec in pattern:
                tests: list[_Test] = []
                for key, value in spec.items():
                    attr = IDS.get("ORTH" if key.upper() == "TEXT" else key.upper())
                    found = None if attr is None or key.upper() == "OP" else \
                        _tests(columns.setdefault(attr, len(columns)), value)
                    if found is None:
                        return None
                    tests.extend(found)
                tokens.append(tuple(tests))
            if not tokens:
                return None
            if len(tokens) == 1 and tokens[0] and index in (0, -1) and all(t.op == "==" for t in tokens[0]):
                tested = tuple(sorted(tokens[0], key=lambda t: t.column))
                group = by_value.setdefault(tuple(t.column for t in tested), {})
                group.setdefault(tuple(t.value for t in tested), []).append(r)
            else:
                general.append((r, tuple(tokens), index))
    filters = {}
    for tested, group in by_value.items():
        kinds = [{values[k] for values in group} for k in range(len(tested))]
        position = max(range(len(tested)), key=lambda k: len(kinds[k]))
        filters[tested] = (position, np.array(sorted(kinds[position]), dtype=np.uint64))
    return Rules(tuple(columns), by_value, filters, general, tuple(sets))


def _tests(column: int, value) -> list[_Test] | None:
    """The tests of one attribute's value in a token pattern, as spaCy's Matcher reads them; None if unknown."""
    if isinstance(value, bool):
        return [_Test(column, "==", int(value))]
    if isinstance(value, (str, int)):
        return [_Test(column, "==", get_string_id(value))]
    if not isinstance(value, dict) or not value or any(op not in _OPERATORS for op in value):
        return None
    tests = []
    for op, operand in value.items():
        if op == "REGEX":
            if not isinstance(operand, str):
                return None
            tests.append(_Test(column, op, re.compile(operand)))
        elif isinstance(operand, list) and all(isinstance(v, (str, int)) for v in operand):
            tests.append(_Test(column, op, frozenset(get_string_id(v) for v in operand)))
        else:
            return None
    return tests


# Words whose answer Searched keeps per pattern; past that it starts again (a worker reading 100,000 articles
# meets hundreds of thousands of distinct words, and a kept answer costs ~100 bytes).
SEARCHED_WORDS = 100_000


class Searched:
    """Which words a rule's regular expression matches, each word searched once (while remembered)."""

    def __init__(self, strings):
        self.strings = strings
        self.seen: dict[re.Pattern, dict[int, bool]] = {}

    def matching(self, pattern: re.Pattern, values: list[int]) -> list[int]:
        """Those of ``values`` (hashes of strings) whose string ``pattern`` finds."""
        seen = self.seen.setdefault(pattern, {})
        out = []
        for value in values:
            hit = seen.get(value)
            if hit is None:
                if len(seen) >= SEARCHED_WORDS:
                    seen.clear()
                hit = seen[value] = pattern.search(self.strings[value]) is not None
            if hit:
                out.append(value)
        return out


def matched_tokens(rules: Rules, doc: Doc, searched: Searched) -> list[tuple[int, np.ndarray]]:
    """(rule, the tokens it sets) for every rule that matches in ``doc``, in the rules' order."""
    n = len(doc)
    if n == 0:
        return []
    table = doc.to_array(list(rules.columns)).reshape(n, len(rules.columns))
    out: list[tuple[int, np.ndarray]] = []
    for tested, group in rules.by_value.items():
        if len(tested) == 1:  # most rules test the fine tag alone: tokens by their value of it
            values, inverse = np.unique(table[:, tested[0]], return_inverse=True)
            for k, value in enumerate(values.tolist()):
                for r in group.get((value,), ()):
                    out.append((r, np.flatnonzero(inverse == k)))
            continue
        position, allowed = rules.filters[tested]  # the few tokens with a value of the most telling column
        rows = np.flatnonzero(_isin(table[:, tested[position]], allowed))
        found: dict[int, list[int]] = {}
        for i, row in zip(rows.tolist(), table[np.ix_(rows, tested)].tolist()):
            for r in group.get(tuple(row), ()):
                found.setdefault(r, []).append(i)
        out.extend((r, np.array(tokens)) for r, tokens in found.items())
    masks: dict[_Test, np.ndarray] = {}
    for r, tokens, index in rules.patterns:
        m = len(tokens)
        if m > n:
            continue
        ok = np.ones(n - m + 1, dtype=bool)
        for j, tests in enumerate(tokens):
            for test in tests:
                ok &= _mask(test, table, masks, searched)[j:n - m + 1 + j]
        if ok.any():
            position = index if index >= 0 else m + index
            if not 0 <= position < m:  # as spaCy's ruler, which fails on a match only
                raise ValueError(f"attribute rule {r}: index {index} is outside its pattern of {m} tokens")
            out.append((r, np.flatnonzero(ok) + position))
    out.sort(key=lambda hit: hit[0])  # stable: a rule's hits keep their order
    return out


def _mask(test: _Test, table: np.ndarray, masks: dict[_Test, np.ndarray], searched: Searched) -> np.ndarray:
    """Which tokens pass ``test`` (computed once per doc)."""
    found = masks.get(test)
    if found is None:
        column = table[:, test.column]
        if test.op == "==":
            found = column == test.value
        elif test.op == "REGEX":
            found = _isin(column, searched.matching(test.value, np.unique(column).tolist()))
        else:
            found = _isin(column, test.value)
            if test.op == "NOT_IN":
                found = ~found
        masks[test] = found
    return found


def _isin(column: np.ndarray, values) -> np.ndarray:
    """``np.isin``, by comparisons where the values are few (it sorts both sides)."""
    if len(values) > 8:
        return np.isin(column, np.fromiter(values, dtype=column.dtype, count=len(values)))
    found = np.zeros(len(column), dtype=bool)
    for value in values:
        found |= column == value
    return found


@Language.factory("newsweave_attribute_rules", assigns=["token.pos", "token.morph", "token.lemma"])
def make_attribute_rules(nlp: Language, name: str, patterns: list[dict]):
    """The attribute rules ``patterns`` (an ``attribute_ruler``'s) applied by :func:`matched_tokens`."""
    rules = compile_rules(patterns, nlp.vocab)
    if rules is None:
        raise ValueError("these attribute rules need spaCy's attribute_ruler")
    searched = Searched(nlp.vocab.strings)
    settable = list(_SETTABLE)

    def component(doc: Doc) -> Doc:
        hits = matched_tokens(rules, doc, searched)
        if hits:
            values = doc.to_array(settable).reshape(len(doc), len(settable))
            for r, tokens in hits:  # in the rules' order, so a later rule's value is the one left
                for column, value in rules.sets[r]:
                    values[tokens, column] = value
            doc.from_array(settable, values)
        return doc
    return component


def use_array_rules(nlp: Language) -> bool:
    """Put the array form of the pipeline's ``attribute_ruler`` in its place; False (nothing changed) when the
    pipeline has none or its patterns need spaCy's Matcher."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns
    if compile_rules(patterns, nlp.vocab) is None:
        return False
    nlp.add_pipe("newsweave_attribute_rules", after="attribute_ruler", config={"patterns": patterns})
    nlp.remove_pipe("attribute_ruler")
    return True
