"""newsweave.nlp.attributes: the model's attribute rules applied by array operations, checked against spaCy's own
attribute_ruler on the same docs (the real English model, and rules written here on hand-tagged docs)."""

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc, Token

from newsweave.nlp import attributes, load
from newsweave.nlp.pipeline import MODEL

SET = [POS, MORPH, LEMMA, TAG, DEP]

# Contractions, pronouns and a dialect spelling: the model's rules that look at the word and its neighbour.
TEXT = """Y'all ain't seen nothin' yet, the mayor told me. "We'll rebuild it ourselves," she said of the bridge.
I can't say whether they'd agree; both sides' lawyers said the council's vote wasn't final. Its members met twice."""


def _both(nlp, doc: Doc) -> tuple[Doc, Doc]:
    """``doc`` after spaCy's ruler and a copy after the array rules built from the same patterns."""
    ruler = nlp.get_pipe("attribute_ruler")
    copy = doc.copy()
    ruler(doc)
    attributes.make_attribute_rules(nlp, "rules", ruler.patterns)(copy)
    return doc, copy


def test_the_models_rules_set_what_spacys_ruler_sets():
    nlp = spacy.load(MODEL)
    before = nlp.pipe_names[:nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        doc = nlp(TEXT)
    assert not doc.to_array([POS]).any()  # nothing has set the coarse tags yet
    theirs, ours = _both(nlp, doc)
    assert np.array_equal(theirs.to_array(SET), ours.to_array(SET))
    assert {t.lemma_ for t in ours if t.lower_ in ("ai", "'ll", "nothin'")} == {"be", "will", "nothing"}


def test_the_annotation_pipeline_uses_the_array_rules():
    nlp = load()
    assert "newsweave_attribute_rules" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    assert nlp.pipe_names.index("newsweave_attribute_rules") < nlp.pipe_names.index("lemmatizer")
    doc = nlp("She said the talks would resume.")
    assert [t.pos_ for t in doc][:2] == ["PRON", "VERB"]


# Rules over hand-tagged words: overlapping rules (the later one wins), two-token patterns setting their first or
# last token, sets in and out, a regular expression, and alternatives of one rule.
RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": "vote"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"POS": "DET", "LEMMA": "the"}},
    {"patterns": [[{"LOWER": "not"}, {"TAG": {"NOT_IN": ["NN"]}}]], "attrs": {"LEMMA": "NOT"}, "index": -1},
    {"patterns": [[{"LOWER": {"REGEX": "^re"}}, {"TAG": "NN"}]], "attrs": {"MORPH": "Prefix=Yes"}, "index": 0},
    {"patterns": [[{"TAG": "VB"}], [{"LOWER": "vote"}]], "attrs": {"TAG": "XX", "DEP": "root"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": "a"}, {}]], "attrs": {"LEMMA": "after-a"}, "index": 1},
]


def test_rules_written_here_set_what_spacys_ruler_sets():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    words = ["The", "vote", "was", "not", "close", "and", "not", "vote", "recount", "vote", "\n", "a", "redo"]
    tags = ["DT", "NN", "VBD", "RB", "JJ", "CC", "RB", "NN", "VB", "NN", "_SP", "DT", "NN"]
    theirs, ours = _both(nlp, Doc(nlp.vocab, words=words, tags=tags))
    assert np.array_equal(theirs.to_array(SET), ours.to_array(SET))
    assert [t.pos_ for t in ours][:2] == ["DET", "VERB"]          # the later rule for "vote" wins
    assert ours[4].lemma_ == "NOT" and ours[7].lemma_ != "NOT"     # the last token of "not close", not "not vote"
    assert str(ours[8].morph) == "Prefix=Yes" and ours[9].tag_ == "XX" and ours[12].lemma_ == "after-a"


@pytest.mark.parametrize("rule", [
    {"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}},
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"_": {"nw_test_flag": True}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": "x"}]], "attrs": {"NORM": "ex"}},
    {"patterns": [[{"LOWER": "x"}]], "attrs": {"_": {"nw_test_flag": True}}},
])
def test_rules_the_arrays_cannot_apply_leave_spacys_ruler_in_place(rule):
    Token.set_extension("nw_test_flag", default=False, force=True)
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([RULES[0], rule])
    assert attributes.compile_rules(nlp.get_pipe("attribute_ruler").patterns, nlp.vocab) is None
    assert not attributes.use_array_rules(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]


def test_the_words_a_pattern_was_tried_on_are_forgotten_past_a_bound(monkeypatch):
    nlp = spacy.blank("en")
    searched = attributes.Searched(nlp.vocab.strings)
    monkeypatch.setattr(attributes, "SEARCHED_WORDS", 3)
    pattern = attributes.re.compile("^re")
    words = [nlp.vocab.strings.add(w) for w in ("redo", "vote", "recount", "poll", "rerun", "tally")]
    assert [nlp.vocab.strings[v] for v in searched.matching(pattern, words)] == ["redo", "recount", "rerun"]
    assert len(searched.seen[pattern]) <= 3
    assert searched.matching(pattern, words[:2]) == words[:1]  # the same answers once forgotten
