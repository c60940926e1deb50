"""Word lists the rule-based components use: reporting verbs, role nouns, pronouns.

These are general English and general news vocabulary (how reporters attribute speech, what offices people
hold), written from style guides and grammar references, never from the articles we test on.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

# Verbs that introduce speech or a written statement; the lemma of a cue ("said", "told", "writes").
SPEECH_VERBS = frozenset("""
say tell add argue stress reiterate caution ask explain write note insist claim warn state declare announce
conclude remark reply respond answer tweet post joke quip recall acknowledge admit suggest urge complain predict
promise vow accuse allege assert contend confirm deny report testify maintain emphasize emphasise observe
point_out continue comment counter concede boast lament mock scoff tout describe call brag proclaim pledge
repeat retort shout cry yell whisper mutter recount reveal disclose indicate charge muse wonder quote cite
exclaim chant echo label scream plead beg demand advise instruct assure reassure inform remind concur
interject chime gush rave rant snap fume sneer grumble groan blast slam decry denounce condemn praise hail
applaud question query inquire enquire propose recommend publish speak talk swear threaten forecast
conclude show demonstrate imply hint signal confess mention elaborate clarify characterize characterise
dub term brand deride dismiss ridicule tease chide scold lecture preach implore appeal pose text email
opine retweet share thank criticize criticise attack defend insist read sing
""".split())

# Verbs of thought and stance: attribution of beliefs, wishes and knowledge (PolNeAR counts these too).
BELIEF_VERBS = frozenset("""
believe think feel know expect hope fear worry doubt suspect assume reckon guess want wish agree disagree
understand realize realise recognize recognise estimate argue consider find predict imagine insist
""".split())

ATTRIBUTION_VERBS = SPEECH_VERBS | BELIEF_VERBS

# Verbs of stance and speech acts whose object or infinitive is the attributed content ("accused Trump of
# using divisive rhetoric", "vowed to win Florida", "called for a ban").
STANCE_VERBS = frozenset("""
accuse blame criticize criticise praise congratulate thank urge call mention name cite deny confirm announce
reveal predict propose reject endorse oppose vow pledge promise threaten refuse want hope plan intend expect
demand ask tell warn advise encourage invite challenge dismiss describe label brand dub condemn denounce
slam blast attack defend applaud welcome acknowledge admit concede suggest recommend insist argue
support back prefer vote favor favour like love hate dislike bemoan respond refer cast avoid question
doubt trust distrust approve disapprove offer regard view consider foretell rail complain
""".split())

# Nouns that introduce reported content ("the claim that ...", "his statement that ...").
SPEECH_NOUNS = frozenset("""
claim statement assertion argument allegation suggestion belief view warning promise pledge assurance
remark comment report accusation insistence fear hope expectation announcement prediction
""".split())

# Offices and roles that stand before a name ("Kremlin spokesman Dmitry Peskov") and, with "the", stand
# for it later ("the spokesman"). Lower-case lemmas.
ROLE_NOUNS = frozenset("""
president vice-president leader chairman chairwoman chair chief spokesman spokeswoman spokesperson
minister secretary chancellor premier senator representative congressman congresswoman governor mayor
official officer envoy ambassador diplomat negotiator adviser advisor aide candidate nominee king queen
prince princess general admiral commander colonel judge justice prosecutor attorney lawyer director
executive ceo founder head speaker lawmaker legislator mp deputy commissioner president-elect
pope cardinal bishop sheikh emir ayatollah dictator strongman monarch chancellor-elect candidate
""".split())

# Words in a title that are not roles but qualify one (kept as titles, never taken for names).
TITLE_WORDS = frozenset("""
former acting interim deputy vice senior chief foreign defence defense finance treasury state interior
prime first lady then elect sen rep gov gen col lt dr mr mrs ms prof rev hon
""".split())

COMPASS = {"east": "eastern", "west": "western", "north": "northern", "south": "southern",
           "northeast": "northeastern", "northwest": "northwestern", "southeast": "southeastern",
           "southwest": "southwestern"}

# Nouns naming a kind of place that a place name can qualify ("Donbas region", "Kherson oblast").
PLACE_NOUNS = frozenset("""
region province oblast state city town village county district area republic territory peninsula island
capital border valley river sea coast front
""".split())

# Verbs whose subject is typically a publication ("Politico writes", "Reuters reported").
PUBLISH_VERBS = frozenset("write report publish reveal".split())

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}

# Verbs that take a clause without attributing it to anyone ("it seems that", "made sure that").
NOT_ATTRIBUTION = frozenset("""
be have do make let help seem appear mean ensure happen become get go come take give keep need try
""".split())

# Honorifics that tell a person's gender ("Mrs. Clinton"), used to keep "he" from resolving to her.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
                    "sir": "m", "lady": "f", "madam": "f", "king": "m", "queen": "f", "prince": "m",
                    "princess": "f", "congressman": "m", "congresswoman": "f", "chairman": "m",
                    "chairwoman": "f", "spokesman": "m", "spokeswoman": "f"}


@functools.cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from spaCy's own list without importing spaCy (whose import, ~0.4 s,
    compare, brief and timeline otherwise pay for one word list)."""
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_newsweave_spacy_en_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)  # a plain word list: no imports
    return frozenset(module.STOP_WORDS)


# Speech verbs of other languages, as they stand beside a quotation in news (past and present forms, lower
# case), for attributing quotes in text with no parser (newsweave.nlp.foreign). A multi-word verb ("a
# déclaré") is found by its last word. "selon", "laut", «по словам», "según" attribute too.
FOREIGN_SPEECH_VERBS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "de": "sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte hinzu teilte mit warnte warnt "
          "kündigte an versicherte bekräftigte sprach schrieb schreibt antwortete forderte räumte ein laut "
          "zufolge so",
    "fr": "déclaré dit affirmé ajouté souligné expliqué indiqué estimé assuré annoncé averti répondu écrit "
          "raconté confié déclare dit affirme ajoute souligne explique indique estime assure annonce selon",
    "es": "dijo afirmó declaró aseguró señaló añadió agregó explicó indicó subrayó advirtió anunció respondió "
          "escribió contó comentó manifestó dice afirma declara asegura señala añade explica según",
    "it": "detto dichiarato affermato aggiunto sottolineato spiegato annunciato scritto raccontato dice afferma "
          "dichiara aggiunge secondo",
    "pt": "disse afirmou declarou acrescentou sublinhou explicou anunciou escreveu segundo",
    "ru": "заявил заявила заявили сказал сказала сказали сообщил сообщила сообщили отметил отметила "
          "подчеркнул подчеркнула добавил добавила пояснил пояснила объяснил объяснила заверил заверила "
          "ответил ответила предупредил предупредила написал написала рассказал рассказала признал признала "
          "словам заявляет говорит пишет",
    "uk": "заявив заявила заявили сказав сказала сказали повідомив повідомила наголосив наголосила "
          "зазначив зазначила додав додала пояснив пояснила відповів відповіла написав написала розповів "
          "розповіла словами заявляє каже",
    "tr": "dedi söyledi açıkladı belirtti vurguladı ekledi kaydetti ifade aktardı bildirdi yazdı göre",
    "pl": "powiedział powiedziała oświadczył oświadczyła stwierdził stwierdziła dodał dodała podkreślił "
          "podkreśliła zaznaczył zaznaczyła napisał napisała według",
    "nl": "zei zegt verklaarde benadrukte voegde schreef volgens",
}.items()}
