"""Language identification, so that non-English text is flagged instead of misparsed as English."""

from __future__ import annotations

import functools

# Characters of text the identifier reads: the opening of an article settles its language, and reading more
# only costs time (py3langid is linear in length).
SAMPLE_CHARS = 2_000
# Fewer letters than this is too little to tell a language by; such text is reported as undetermined.
MIN_LETTERS = 20
# Normalised probability under which a non-English guess is not trusted: short English texts full of names
# are sometimes guessed as another language with low confidence. English is reported unless another
# language is at least this probable.
OTHER_LANGUAGE_MIN_PROB = 0.9

ENGLISH = "en"
UNDETERMINED = "und"
# The languages handled as English where the two are handled apart (:func:`read_as_english`; a store's queries
# bind them, with no language as one of them)
READ_AS_ENGLISH = (ENGLISH, UNDETERMINED)


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text``; 'und' when there are too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNDETERMINED
    lang, prob = _identifier().classify(sample)
    if lang != ENGLISH and prob < OTHER_LANGUAGE_MIN_PROB:
        return ENGLISH
    return lang


def read_as_english(language: str | None) -> bool:
    """Whether text of ``language`` (as :func:`detect_language` names it; None: not annotated) is handled as
    English where English and other languages are handled apart (stories compare it on the English model)."""
    return language is None or language in READ_AS_ENGLISH
