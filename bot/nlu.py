"""Findings from free text: the knowledge's phrases, read in context.

Shorthand is written out and phrases are found by lemma (``bot.matching``, rules in
``language.yaml``); negation, hypotheticals, family history, uncertainty, relief and stopped drugs
come from medspaCy's ConText (``no swelling``, ``non-tender``, ``if it swells``, ``eases when he
sits``, ``off her warfarin``). Measured values are read by ``bot.measurements``; only ages and
durations are read here with regular expressions, because no phrase list can hold them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot import matching
from bot.ages import Age, AgeReader
from bot.gestation import read_gestations
from bot.lean_imports import import_medspacy
from bot.matching import PhraseReader, Shorthand
from bot.measurements import MeasurementReader, beside_a_pressure
from bot.resemblance import words
from bot.spoken import digits
from knowledge import Knowledge
from knowledge.implications import implication_closure
from knowledge.schema import FindingGroup

log = logging.getLogger(__name__)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "few": 3, "several": 4, "couple of": 2, "a couple of": 2,
}  # fmt: skip
_UNIT_DAYS = {"hour": 1 / 24, "hr": 1 / 24, "day": 1, "week": 7, "wk": 7, "fortnight": 14, "month": 30, "mo": 30, "year": 365, "yr": 365}  # fmt: skip
# "For the past month" is one month; "last year he fell" is not a duration, so "past" or "last"
# counts only after a preposition of extent.
_QUANTITY = (
    r"(\d+(?:\.\d+)?|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several"
    r"|(?:for|over|in|during|within|throughout)\s+the\s+(?:past|last|previous))"
)
_DURATION = re.compile(
    _QUANTITY
    + r"[\s-]+(hour|hr(?!\s+\d)|day|week|wk|fortnight|month|mo|year|yr)s?\b(?![\s-]+old|'?\s*(?:pregnant|gestation|of gestation))"
    # the length of a test, not of the complaint: "24-hour urine protein", "a 48-hour Holter"
    r"(?![\s-]+(?:urine|urinary|collection|holter|ambulatory|ecg|tape|recording|monitoring)\b)"
    # an amount in each day, not how long: "sleeps 4 hours a night", "works 12 hours per day", "6 hours of sleep"
    r"(?!\s+(?:a|per|each|every)\s+(?:night|day|week)\b|\s+of\s+sleep\b)",
    re.IGNORECASE,
)
# A rate ("20 cigarettes a day", "a pack a day", "3 times a day", "hours a day", "several nights a
# week", "every half an hour") is no duration.
_RATE_BEFORE = re.compile(
    r"\b(?:cigarettes?|cigs|packs?|drinks?|units?|beers?|pints?|glasses|bottles?|cans?|cups?|times|tablets?|doses?|puffs?|hours|hrs|minutes|mins"
    r"|nights|days|evenings|mornings|afternoons|weekends|once|twice|thrice"
    r"|wine|vodka|whisky|whiskey|spirits|cider|lager|alcohol|every|every\s+half|every\s+other)\s+$",
    re.IGNORECASE,
)
# "WBC was 7,900/mm3 a week ago", "lactate 5.6 mmol/L three hours later": when a value was measured,
# not how long the complaint has lasted
_MEASURED_BEFORE = re.compile(
    r"\d(?:[\d,.]*\d)?\s*(?:%|[a-zµμ]*/[a-zµμ0-9^*]+|mg|g|mmol|meq|iu|u|ng|pg|mcg|µg|mm|kpa)?\s*(?:on\s+admission\s+|on\s+arrival\s+)?$",
    re.IGNORECASE,
)
# "LMP 6 weeks ago", "7 weeks since her last period": when she last bled, the complaint's duration
# only when the complaint is the missing period
_LMP_BEFORE = re.compile(
    r"\b(?:lmp|last\s+(?:menstrual\s+)?period)\s+(?:was\s+)?(?:about\s+|around\s+|under\s+|within\s+)?$", re.IGNORECASE
)
_LMP_AFTER = re.compile(r"\s+(?:since|after)\s+(?:her\s+|my\s+|the\s+)?(?:lmp|last\s+(?:menstrual\s+)?period)\b", re.IGNORECASE)
# "at 6 weeks he rolled over", "review at 3 months": a point in time, not how long it has lasted
_POINT_BEFORE = re.compile(r"\b(?:at|aged?|(?:at|by)\s+the\s+age\s+of)\s+$", re.IGNORECASE)
# "a 2-week trip", "6 months in India", "3 weeks on safari": the length of a stay or a journey,
# not of the complaint (a place is told capitalised; lowercase chat keeps its duration).
_STAY_AFTER = re.compile(
    r"(?:[\s-]+(?:trip|holiday|vacation|stay|visit|safari|trek|tour|posting|deployment)s?\b"
    r"|\s+(?:in|on|at|to|around|across|travell?ing)\s+(?:the\s+)?(?:[A-Z][a-z]|abroad\b|safari\b|holiday\b))"
)
# "attacks last an hour", "it lasts a couple of hours then goes", "episodes lasting 2 hours": the
# length of each episode, not how long the complaint has gone on ("a headache lasting 3 days" stays).
_EPISODE_LENGTH_BEFORE = re.compile(
    r"(?:\b(?<!the\s)(?:lasts?|each\s+lasting)|\b(?:episodes?|attacks?|spells?|bouts?|each\s+time|every\s+time)\b[^.;]{0,40}?\blasting)"
    r"\s+(?:for\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|up\s+to\s+|only\s+|just\s+|under\s+|less\s+than\s+)?(?:an?\s+)?$",
    re.IGNORECASE,
)
# "married for 10 years", "with the same partner for two years": how long a relationship has
# lasted, not the complaint.
_RELATIONSHIP_BEFORE = re.compile(
    r"\b(?:married|relationship|same\s+partner|been\s+together|dating|living\s+together|lived\s+together)"
    r"(?:\s+(?:to|with|the|same|partner|her|his|their|husband|wife|boyfriend|girlfriend|happily|monogamously|been|and|for"
    r"|about|nearly|over|almost|past|last))*\s*$",
    re.IGNORECASE,
)
_ADOLESCENT = 12  # years: from this age a woman's "at 36 weeks" is her pregnancy, not her age
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_HISTORY_GAP = 25  # characters between a history item and its own duration ("smoked a pack a day for")
_AGO_AFTER = re.compile(r"\s*ago\b", re.IGNORECASE)
_WITHIN_A_DAY = 0.5  # days: "this morning", "an hour ago"
# A later, nearer time the complaint began ("had an op 10 days ago ... this morning I got short of breath")
_NEARER_ONSET = re.compile(
    r"\b(?:this\s+(?:morning|afternoon|evening)|today|tonight|last\s+night|yesterday"
    r"|(?:an?|\d+|a\s+few|a\s+couple\s+of)\s+(?:hours?|hrs?|minutes?|mins?)\s+ago)\b",
    re.IGNORECASE,
)
_LASTING_BEFORE = re.compile(r"\b(?:for|over|past|last)\s+(?:the\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+)?$", re.IGNORECASE)
_NOW = re.compile(r"\bnow\b", re.IGNORECASE)  # the complaint told as now, its onset not given
_OF_AFTER = re.compile(r"(?:['’]?s?[\s-]*(?:history|hx))?\s+of\b", re.IGNORECASE)  # "a 6-month history of", "3 days of"
_SEXES = ("sex_female", "sex_male")
_HISTORY_GROUPS = {FindingGroup.risk_factor, FindingGroup.medication}
# What a patient feels or shows now; told as the reason for an earlier admission, it was then.
_NOW_GROUPS = {FindingGroup.symptom, FindingGroup.quality, FindingGroup.timing, FindingGroup.onset}
_HOW_IT_FEELS = {FindingGroup.quality, FindingGroup.timing}  # of a complaint, not of an illness named in the history
_PAST_ADMISSION = re.compile(
    r"\b(?:(?:past|previous|prior|earlier|former)\s+(?:hospitali[sz]ations?|admissions?)|(?:was|were|been)\s+(?:hospitali[sz]ed|admitted))"
    r"\s+(?:\w+\s+){0,4}?for\s+(?:an?\s+|the\s+)?(?:\w+\s+)?$",
    re.I,
)
# Where and who: never denied ("no pain in the leg" denies the pain), and no history item a
# duration can belong to ("an op on my knee 10 days ago": the op's)
_WHERE_AND_WHO = {FindingGroup.site, FindingGroup.laterality, FindingGroup.demographic}
_DENIABLE = {FindingGroup.symptom, FindingGroup.sign, FindingGroup.lab, FindingGroup.imaging}  # over an implication
_LIST_WORDS = frozenset({"and", "or", ","})
_BEFORE_A_PLACE = frozenset({"the", "his", "her", "their", "both", "right", "left"})  # between a test and its place
_PLACE_PREPOSITIONS = frozenset({"in", "on", "of", "over"})  # "BP in the left arm", "reflexes in both legs"
_PRESSURES = frozenset({"pressure", "pressures"})  # a blood pressure's place, not a pressure felt
_POSTURES = {FindingGroup.trigger, FindingGroup.timing}  # "standing", "lying down", beside a pressure
_WHERE_EXAMINED = {FindingGroup.site, FindingGroup.laterality}  # in an exam sentence with no complaint
_LIST_GOES_ON = {"or", "nor"}
_HABIT_VERBS = {"drinks", "drank", "smokes", "smoked", "uses", "used", "takes", "took", "has", "had", "is", "was"}
_LIST_DENIALS = {"denies", "denied", "deny", "denying", "no", "without", "negative for", "neg for", "nil"}
_DENY_VERBS = {"denies", "denied", "deny", "denying"}  # a verb of denial, unlike chat's "no fever, cough 3/7"
_PREDICATE_WORDS = {"positive", "present", "found", "noted", "seen", "normal", "is", "are", "was", "were", "has", "had", "have", "better", "worse"}  # fmt: skip
_COMPLAINTS = {FindingGroup.quality, FindingGroup.symptom, FindingGroup.sign}
# A drug or hormone named as a measured quantity ("thyroxine level of 28", "insulin 260 uU/mL",
# "lithium concentration 2.1"): a test result, not the drug taken or the history it implies.
_MEASURED_AFTER = re.compile(
    r"\s*(?:(?:serum|plasma|blood|trough)\s+)?(?:levels?|concentrations?|assay)\b"
    r"|\s*(?:(?:is|was|of|at|:)\s*)?[<>]?\s*\d[\d,.]*\s*(?:[a-zµμ]+)?/(?:d?l|ml)\b",
    re.IGNORECASE,
)
_DIRECTED = {FindingGroup.trigger, FindingGroup.timing}  # findings an activity or posture names
# Current or not at all: pregnancy and every finding that implies it (a trimester, labour).
# "Postpartum" is after an event by definition.
_STATE = "pregnancy"
_POSTPARTUM = "postpartum"
_SICK_CONTACTS = "rf_sick_contacts"
# A birth ("delivers a boy", "gave birth to", "a girl is born"), the baby's sex named with it, and
# the words that make a newborn the one asked about ("the cause of this infant's presentation?").
_BIRTH = re.compile(r"\b(?:deliver(?:s|ed)|gives?\s+birth\s+to|gave\s+birth\s+to|(?:is|was)\s+born)\b", re.I)
_BORN_WITH = re.compile(r"\b(?:boy|girl|baby|infant|newborn|neonate)\s+(?:is|was)\s+born\s+with\b", re.I)
_BABY_SEX = re.compile(
    r"\b(?:(?P<m>boy|son|male\s+(?:infant|newborn|neonate|baby))|(?P<f>girl|daughter|female\s+(?:infant|newborn|neonate|baby)))\b",
    re.I,
)
_NEWBORN_WORD = re.compile(r"\b(?:newborn|neonate|infant|baby)(?:'s|’s|s)?\b", re.I)
_FAMILY_HISTORY = "rf_family_history"  # the id prefix of what runs in the family: a relative's, not the patient's
# A sentence that opens as the patient's medical history: a complaint named in it is one they had.
_MEDICAL_HISTORY_OPENING = re.compile(
    r"^\W*(?:(?:his|her|their|the|a|past|previous|prior)\s+)*(?:medical\s+)?history\s+(?:is\s+|was\s+)?"
    r"(?:significant|notable|remarkable|includes|of)\b|^\W*pmh\b",
    re.I,
)
# A sentence that opens as the family history: what follows in it is the relatives'.
_FAMILY_HISTORY_OPENING = re.compile(
    r"^\W*(?:(?:his|her|their|the|a|positive|strong|significant|notable)\s+)*family\s+(?:medical\s+)?history\b", re.I
)
# A sentence dated back and told as over ("Two weeks ago he had diarrhea", "she had a sore throat
# a month before"): its infection preceded the complaint. Not when it goes on ("since then", "still").
_NUMBER_WORD = r"\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|few"
_DATED_BACK = re.compile(
    rf"\b(?:(?:{_NUMBER_WORD})\s+(?:days?|weeks?|months?)\s+(?:ago|before|earlier|previously|prior)|last\s+(?:week|month))\b",
    re.IGNORECASE,
)
# A sentence dated back by years: a finding that is recent by definition is no longer so in it.
_LONG_AGO = re.compile(
    rf"\b(?:(?:{_NUMBER_WORD}|many|\d+\s*-\s*\d+)\s+years?\s+(?:ago|before|earlier|previously|prior)"
    r"|as\s+an?\s+(?:child|teenager|infant|baby|toddler|adolescent|young\s+(?:man|woman|adult))"
    r"|in\s+(?:his|her|their|my)\s+(?:childhood|infancy|youth|teens|twenties|thirties)"
    r"|at\s+(?:the\s+)?age\s+(?:of\s+)?\d+"
    r"|when\s+(?:he|she|they|i)\s+(?:was|were)\s+(?:a\s+child|a\s+teenager|an?\s+(?:infant|baby|toddler)|\d+\s+(?:years?|months?)(?:\s+old)?))\b",
    re.IGNORECASE,
)
_TOLD_AS_OVER = re.compile(r"\b(?:had|was|were|suffered|recovered|resolved|subsided|settled|cleared|passed)\b", re.IGNORECASE)
_GOES_ON = re.compile(
    r"\b(?:since|still|continu\w*|persist\w*|ongoing|worse\w*|progress\w*|now|has|have|is|are)\b", re.IGNORECASE
)
_PRONOUNS = ("i", "he", "she", "they", "we", "you", "patient", "client")  # the patient, again
_OBJECTS = ("him", "her", "them", "me")  # "his mother has seen him eating soil": the patient again
# Pronouns that start a clause of the patient's inside a sentence about a relative ("his mother
# brought him in; he takes an inhaler"). "Her" is left out: in "her mother smoked in her
# pregnancy" it is the mother's.
_PATIENT_SUBJECTS = frozenset({"he", "she", "him", "they", "i", "we"})
_NO_PREGNANCY_BELOW = 8  # years: a pregnancy, labour or delivery read in a younger child's story is the mother's
_RELATIVE_OPENING = 3  # words before the relative that open a sentence about them ("The patient's mother")
_OF_THE_PATIENT = frozenset({"his", "her", "their", "'s", "the"})  # "his mother", "the patient's father"
_PLAIN_DENIALS = frozenset({"not", "never", "no", "n't"})
_LISTED_ITEMS = 4  # how far back an "or" list is followed to its denial
_LIST_JOINS = frozenset({",", "or", "nor"})
_ARTICLES = frozenset({"a", "an", "any"})  # before a list's item ("no fever, a rash or a cough")
# Between a plain denial and the list's first item ("never had fits, ...", "has not had any fevers, ...")
_DENIAL_BRIDGES = _ARTICLES | {"had", "have", "has"}
_OR = frozenset({"or", "nor"})
# The joins, and words that start a clause of their own, are no item's verb ("not had a fever, her cough ...").
_NOT_AN_ITEMS_VERB = (
    _LIST_JOINS
    | {"he", "she", "they", "it", "his", "her", "their", "its", "the", "a", "an"}  # a new subject
    | {"is", "are", "was", "were", "has", "have", "had", "does", "did", "but", "and", "now", "then", "also"}  # or its verb
)
_KIN_QUALIFIERS = frozenset({"maternal", "paternal", "older", "younger", "elder", "twin", "biological", "late"})
# What another person's illness is made of (their age word too: "her children had a cough").
_ILLNESS_GROUPS = {FindingGroup.symptom, FindingGroup.sign, FindingGroup.quality, FindingGroup.demographic}
_COLLECTIVE = {"family", "household", "everyone", "children"}  # several people, not ending in s
# Where the patient is told apart from others who were ill (``_contact_clauses``): the end of the
# first sentence, a possessor just before the others ("his wife"), and the patient after them.
_FIRST_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_POSSESSOR_BEFORE = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|me|my)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
# The pipeline's cost grows faster than its input (ConText pairs every modifier with every target):
# 4,000 characters read at once cost about 38 times 500 characters, in pieces about 9 times
# (bench/nlu_cost.py). A long message is read in pieces of at most this many characters, cut after
# a sentence where there is one.
MAX_NLU_CHUNK = 600
_RECENT = 64  # texts whose findings are kept for the turn that reads them again under its lock
_SENTENCE_ENDS = ".!?;\n"
_CLAUSE_ENDS = {",", ";"}
# What a comparison likens a symptom to did not happen ("pain like my bones are being crushed",
# "urine like fruit punch", "as if I were pregnant"): no exposure, trigger, state or drug is read in it.
_NOT_IN_A_SIMILE = {FindingGroup.risk_factor, FindingGroup.trigger, FindingGroup.demographic, FindingGroup.medication}
_SIMILE_REACH = 8  # tokens from "like" to the phrase ("like the head on a glass of beer")
_LIKE_AS_A_VERB = frozenset(
    {"would", "'d", "do", "does", "did", "n't", "not", "i", "we", "you", "they", "to"}
)  # "would like to stop"
_JOINS = {"and", "or", "nor", ","}
_TESTED = {FindingGroup.lab, FindingGroup.imaging, FindingGroup.risk_factor}  # what a list of results names
_NEAR_AFTER = 3  # tokens: a denial after its target reaches further back only over a list of tests
# A sentence this long with no comma or semicolon is a run-on, as speech-to-text writes a voice
# note ("no chest pain my watch said the pulse kept jumping around", "no discharge cracked red
# lips"): a denial in it reaches over other findings and the small words of a spoken list ("no
# fever chills or night sweats", "not on any blood thinners"), never over a word of its own. A
# transcript without capitals runs on sooner; an exam's sentence of 30 words without a comma does not.
_RUN_ON_LENGTH = 40
_RUN_ON_LOWER_CASE = 20
_SPOKEN_LIST = frozenset(
    {"or", "and", "nor", "no", "not", "any", "a", "an", "the", "of", "in", "on", "at", "to", "his", "her", "my", "their", "your"}
)
# Staff a message tells of, and how far before a "she" or "he" they make it theirs.
_STAFF = frozenset(
    {"nurse", "doctor", "gp", "midwife", "physio", "physiotherapist", "pharmacist", "consultant", "receptionist",
     "optician", "dentist", "paramedic", "surgeon", "registrar", "specialist", "therapist", "visitor", "carer"}
)  # fmt: skip
_SEX_PRONOUNS = frozenset({"she", "he", "her", "him", "his", "herself", "himself"})
_STAFF_REACH = 8
# "Her" or "his" owning a relative or child within this many words ("her 4 month old son").
_POSSESSIVES = frozenset({"her", "his"})
_CHILD_WORDS = frozenset({"baby", "child", "boy", "girl", "infant", "toddler", "kid", "newborn"})
_OWNED_REACH = 5
# A subject and its verb that open a clause of their own, and the words after which such a clause
# is what the denial is about (``_clause_opens``).
_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "they", "we"})
_POSSESSIVES = frozenset({"my", "his", "her", "their"})
_CLAUSE_VERBS = frozenset(
    {"'m", "am", "r", "'s", "is", "are", "'re", "was", "were", "'ve", "have", "has", "had",  # "r": a text's "are"
     "feel", "feels", "felt", "get", "gets", "got", "keep", "keeps", "kept", "looks", "look", "seems"}
)  # fmt: skip
_OPENS_AN_OBJECT_CLAUSE = frozenset(
    {"think", "thought", "believe", "know", "knew", "remember", "reckon", "say", "says", "said", "sure", "if", "that",
     "whether", "as", "like", "notice", "noticed", "feel", "felt", "realise", "realize", "mean"}
)  # fmt: skip
# Words before a denial that make it describe the noun after it ("a kidney with the absent venous
# signal", "and absent pulses"): it then denies nothing before it.
_BEFORE_ATTRIBUTIVE = frozenset({"with", "the", "a", "an", "and", "or", "of", "shows", "showed", "reveals", "revealed"})


@dataclass
class Extraction:
    """What one message says: findings asserted present, findings denied, and where."""

    present: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    age: float | None = None
    # Findings named only by a pronoun ("he is diabetic"): they refer to the patient, and do not
    # restate what an earlier message said about them.
    by_pronoun: set[str] = field(default_factory=set)
    # The message's words with counts, less the phrases it denies, examines or tells of someone
    # else ("no leg pain", "Achilles reflexes 2+", "his mother had a DVT"): what ``Resemblance`` compares.
    words: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Extraction) -> None:
        self.present |= other.present
        self.absent = (self.absent | other.absent) - self.present
        if other.age is not None:
            self.age = other.age
        self.words = dict(Counter(self.words) + Counter(other.words))

    @property
    def empty(self) -> bool:
        return not self.present and not self.absent

    def copy(self) -> Extraction:
        return Extraction(set(self.present), set(self.absent), self.age, set(self.by_pronoun), dict(self.words))


class FindingExtractor:
    """Built once per process from the knowledge base (medspaCy pipeline and phrase rules)."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self._nlp, self._phrases = _pipeline(kb)
        self._shorthand = Shorthand(kb.language, self._phrases.names)
        self._exam_words = {self._phrases.lemma(w.lower()) for w in kb.language.exam_words}
        self._exam_places = {self._phrases.lemma(w.lower()) for w in kb.language.exam_places}
        self._normal_words = {self._phrases.lemma(w.lower()) for w in kb.language.normal_words}
        verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in kb.language.result_verbs) or "(?!)"
        # "lumbar puncture shows", "a contrast CT of the sinuses showed": a few words of place between
        self._result_after = re.compile(rf"(?:\s+(?:of|on)\s+(?:the\s+)?[a-z-]+(?:\s+[a-z-]+)?)?\s+(?:{verbs})\b", re.IGNORECASE)
        self._implies = implication_closure(kb)
        self._states = {_STATE} | {fid for fid, implied in self._implies.items() if _STATE in implied}
        self._ages = [(f.age_range, fid) for fid, f in kb.findings.items() if f.age_range]
        # Age bands inside the exclusive ones (a baby under 2 within "child"): a stated age outside
        # them denies them, as the exclusive bands deny each other (a 5-year-old is no baby).
        exclusive = {fid for group in kb.scoring.exclusive_states for fid in group}
        self._rivals: dict[str, set[str]] = {}  # an age band or sex stated beats one implied
        for group in kb.scoring.demographic_profiles:
            for fid in group:
                self._rivals.setdefault(fid, set()).update(set(group) - {fid})
        self._inner_ages = [(r, fid) for r, fid in self._ages if fid not in exclusive]
        self._durations = [(f.duration_range, fid) for fid, f in kb.findings.items() if f.duration_range]
        self._early_only = {fid: f.read_below_age for fid, f in kb.findings.items() if f.read_below_age is not None}
        self._stages = [(f.gestation_range, fid) for fid, f in kb.findings.items() if f.gestation_range]
        self._measurements = MeasurementReader(kb)
        self._age_reader = AgeReader(kb.language.patient_relative_sex)
        self._compositions = [(fid, set(f.composed_of)) for fid, f in kb.findings.items() if f.composed_of]
        self._places = {fid for fid, f in kb.findings.items() if f.group in _WHERE_EXAMINED}
        self._predicative = {self._phrases.lemma(w.lower()) for w in kb.language.predicative_words}
        self._family_history = _family_history_of(kb, self._phrases)
        own = "|".join(re.escape(w) for w in kb.language.maternal_own) or "(?!)"
        self._mother_speaks = re.compile(
            rf"\bmy\s+(?:(?:left|right|other)\s+)?(?:{own})\b|\bI(?:'m|\s+am)\s+(?:still\s+)?(?:breast\s*feeding|breast-feeding|expressing)\b"
            # told of her ("breastfeeding mum, baby 3 weeks, hot patch on her breast"): with her body
            # named, or a new mother bringing a feverish baby would be read as the patient
            rf"|\b(?:breast\s*feeding|breast-feeding|nursing|new|postnatal|postpartum)\s+(?:mum|mom|mother)\b(?=.*\b(?:{own})\b)",
            re.IGNORECASE | re.DOTALL,
        )
        self._collateral = set(kb.language.collateral_verbs)  # "his wife says he...": the patient's history
        self._contacts = _contact_clause(kb.language)
        # The one a relative reports on is the patient ("her mother says her daughter has been hearing
        # voices"); one the patient tells of is someone else ("he says his daughter had it too").
        people = "|".join(re.escape(w) for w in kb.language.contact_people)
        verbs = "|".join(re.escape(w) for w in kb.language.collateral_verbs)
        self._reported_on = re.compile(
            rf"\b(?:{people})\b[^.;]{{0,20}}?\b(?:{verbs}),?\s+(?:that\s+)?(?:her|his|their|my|our|the)?\s*$", re.IGNORECASE
        )
        self._contagious = set(kb.language.contagious_findings)
        self._through_others = set(kb.language.through_others)
        self._from_the_mother = kb.language.from_the_mother
        self._antecedent = kb.language.antecedent_findings
        self._history = kb.language.history_findings
        self._pain_words = frozenset(w.lower() for w in kb.language.pain_words)
        self._recent_only = frozenset(kb.language.recent_only)
        self._body_made = frozenset(w.lower() for w in kb.language.made_in_the_body)
        self._stop_words = frozenset(w.lower() for w in kb.language.resemblance_stop_words)
        self._said_with = {fid: frozenset(w.lower() for w in f.said_with) for fid, f in kb.findings.items() if f.said_with}
        self._not_said_with = {
            fid: frozenset(w.lower() for w in f.not_said_with) for fid, f in kb.findings.items() if f.not_said_with
        }
        self._lock = threading.Lock()  # adapters run turns in worker threads; the pipeline is shared
        # The service reads a turn's text before it locks the conversation (``engine.read_ahead``);
        # the turn under the lock then finds the result here.
        # Kept by a digest of the text, never the text: message text is health information. The
        # written-out text is kept beside the findings for the scope, which reads it in the same turn.
        self._recent: OrderedDict[bytes, tuple[Extraction, str]] = OrderedDict()
        self._recent_lock = threading.Lock()

    def extract(self, text: str) -> Extraction:
        """The findings ``text`` asserts and denies (a fresh object: callers may change it)."""
        return self._read(text)[0].copy()

    def written_out(self, text: str) -> str:
        """The text with chat shorthand written out, as the reader reads it: the scope must see
        "chest pain" where the message wrote "CP"."""
        return self._read(text)[1]

    def _read(self, text: str) -> tuple[Extraction, str]:
        """The findings and the written-out text, read once per message however often asked."""
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._recent_lock:
            read = self._recent.get(key)
        if read is None:
            written = self._shorthand(digits(text))
            read = (self._extract(text, written), written)
            with self._recent_lock:
                self._recent[key] = read
                while len(self._recent) > _RECENT:
                    self._recent.popitem(last=False)
        return read

    def _extract(self, original: str, text: str) -> Extraction:
        """The findings of ``text``, the message ``original`` with its shorthand written out."""
        out = Extraction()
        newborn = self._born_to_her(original)  # before the rewrites, which tell "delivers a boy" as "after delivery"
        baby = _babys_sex(original) if newborn else set()
        first_sex: tuple[int, str] | None = None
        named: set[str] = set()
        said_before: list[tuple[int, int, bool]] = []  # (where a finding's words start and end, whether it is history)
        unsaid: list[tuple[int, int]] = []  # phrases read but not told as the patient's now
        contacts = self._contact_clauses(text)
        for offset, doc, inner in self._docs(text):
            out.present |= inner
            examined = self._examined_tokens(doc)
            described = doc.spans.get("described", [])
            patient = self._relative_as_patient(doc) if offset == 0 else None
            sex = self.kb.language.patient_relative_sex.get(doc[patient].lower_) if patient is not None else None
            if sex:  # "my son has a fever": a boy, named before anything else
                named.add(sex)
                out.present.add(sex)
                first_sex = (doc[patient].idx, sex)
            for ent in doc.ents:
                fid = ent.label_
                unsaid.append((offset + ent.start_char, offset + ent.end_char))
                if _hedged(doc, ent) or not self._in_its_sentence(fid, ent):
                    continue
                if fid in _SEXES and ent.text.lower() in _SEX_PRONOUNS and _staff_just_before(doc, ent):
                    continue  # "when the nurse listened to my chest she said": the nurse's sex
                if fid in _SEXES and self._owns_a_relative(doc, ent):
                    continue  # "mum reports her 4 month old son": the mother's sex, not the patient's
                if self._measured(fid, ent):
                    continue  # "insulin 260 uU/mL" is a measured level, not insulin taken
                if self.kb.findings[fid].group in _POSTURES and _posture_of_a_pressure(ent):
                    continue  # "BP 126/74 mm Hg standing": how the pressure was taken
                if self._done_now(fid, ent):
                    continue  # "lumbar puncture shows raised pressure": the work-up, not a past procedure
                if self.kb.findings[fid].group in _NOT_IN_A_SIMILE and _in_a_simile(doc, ent):
                    continue
                if fid in self._recent_only and _LONG_AGO.search(ent.sent.text):
                    # "wisdom teeth out 2 years ago": no recent extraction, but history all the same,
                    # whose time ago dates it, not the complaint ("an NSTEMI 3 years ago": known IHD)
                    said_before.append((offset + ent.start_char, offset + ent.end_char, True))
                    if fid in self._history and not self._negation_holds(doc, ent):
                        out.present.add(self._history[fid])
                    continue
                if self._of_contacts(fid, offset + ent.start_char, contacts):  # the others' illness
                    theirs = _SICK_CONTACTS if fid in self._contagious else self._family_history.get(fid)
                    if theirs and not self._negation_holds(doc, ent):  # their infection, or what runs in the family
                        out.present.add(theirs)
                    continue
                if self._other_persons(fid, ent, patient):
                    if fid in self._family_history and not self._negation_holds(doc, ent):
                        out.present.add(self._family_history[fid])  # "his uncle bruises easily"
                    continue
                if self.kb.findings[fid].group in _WHERE_EXAMINED and (ent.start in examined or self._exam_place(ent)):
                    continue  # "Achilles reflex 2+", "pulses palpable bilaterally": where it was examined, not where it hurts
                told = fid
                fid = self._direction(fid, ent)
                if fid is None or (ent._.is_historical and fid in self._states):
                    if self.kb.findings[told].group in _HISTORY_GROUPS:  # "stopped warfarin 2 months ago" dates the drug
                        said_before.append((offset + ent.start_char, offset + ent.end_char, True))
                    continue  # "in pregnancy 30 years ago": a state that was is not one that is
                negated = self._negation_holds(doc, ent)
                if fid in self._antecedent and not negated and _antecedent_sentence(ent, offset):
                    fid = self._antecedent[fid]
                if fid in self._history and _of_the_medical_history(ent):
                    fid = self._history[fid]  # "Past medical history is significant for migraine with aura"
                elif self.kb.findings[fid].group in _HOW_IT_FEELS and _of_the_medical_history(ent):
                    continue  # "history is significant for biliary colic": an old illness's name, not how today's pain feels
                elif self.kb.findings[fid].group in _NOW_GROUPS and _PAST_ADMISSION.search(
                    ent.doc.text, ent.sent.start_char, ent.start_char
                ):
                    continue  # "a past hospitalization for delirium tremens": an illness that was, not today's confusion
                if negated and self.kb.findings[fid].group in _WHERE_AND_WHO:
                    continue  # "no pain in the leg" denies the pain, not the leg
                if negated and self.kb.findings[fid].duration_range:
                    continue  # "has not left the house for years": how long a loss has lasted, no course denied
                sex = next((s for s in _SEXES if s == fid or s in self._implies[fid]), None)
                if sex and not negated and (first_sex is None or offset + ent.start_char < first_sex[0]):
                    first_sex = (offset + ent.start_char, sex)
                if sex:  # "he", "her" are stop words; "man", "female" are not
                    (out.by_pronoun if all(t.is_stop for t in ent) else named).add(fid)
                denied_means = self.kb.findings[fid].denied_means
                if negated and denied_means:  # "knee jerks absent" is areflexia, not a denial
                    out.present.add(denied_means)
                    continue
                denies = self.kb.findings[fid].denies
                if denies:  # "sensation intact" denies numbness; "a blanching rash" is a rash, not the purpuric one
                    if not negated:
                        out.absent.add(denies)
                        out.present.update(self._implies[fid])
                    continue
                if negated and _prefixed_non(doc, ent):  # "non-bloody diarrhoea" is diarrhoea, just not bloody
                    out.present.update(self._head_finding(fid, ent))
                if self.kb.findings[fid].duration_range and (
                    _of_history(text, offset + ent.start_char, offset + ent.end_char, said_before)
                    or _another_length(text, offset + ent.start_char)
                ):
                    continue  # "longstanding hypertension", "on warfarin for years": the history's duration
                said = out.absent if negated else out.present
                said.add(fid)  # and a describing word inside it, with its polarity ("no cold painful foot")
                if not negated and not self.kb.findings[fid].neutral and not fid.startswith(_FAMILY_HISTORY):
                    unsaid.pop()  # told of the patient: its words count ("Achilles reflexes 2+" does not)
                if self.kb.findings[fid].group not in _WHERE_AND_WHO:
                    said_before.append(
                        (offset + ent.start_char, offset + ent.end_char, self.kb.findings[fid].group in _HISTORY_GROUPS)
                    )
                said.update(d.label_ for d in described if ent.start < d.start and d.end < ent.end)
                if (pain := self._pain_in_site(fid, ent)) is not None:
                    said.add(pain)
        denied = [m.span() for m in _DENIED_WORDS.finditer(text)]
        out.words = dict(Counter(words(_blanked(text, unsaid + contacts + denied), self._stop_words, self._phrases.lemma)))
        age = self._read_numbers(text, out, said_before, contacts, newborn)  # the written-out text: "x3d" is a duration
        if age and age.sex and (first_sex is None or age.start < first_sex[0]):  # "28F ... her baby boy"
            first_sex = (age.start, "sex_female" if age.sex == "f" else "sex_male")
        if newborn:  # her pregnancy and sex are hers; her diabetes is the baby's risk
            out.present = {self._from_the_mother.get(f, f) for f in out.present if not self._of_the_birth(f)} - set(_SEXES)
            out.present |= baby
            out.by_pronoun.clear()
            first_sex = None
        if out.age is not None:  # "menarche at 13" in a 16-year-old is puberty on time
            out.present -= {fid for fid, below in self._early_only.items() if out.age >= below}
        mother_speaks = self._mother_is_patient(text, out.age)
        if out.age is not None and out.age < _NO_PREGNANCY_BELOW and not mother_speaks:
            # a child's birth story ("delivered vaginally 1 day ago after spontaneous labour"): the
            # pregnancy, labour and delivery were the mother's; a young child has none of them
            out.present = {f for f in out.present if not self._of_the_birth(f)}
        stated = set(out.present)
        out.present = self.with_implied(out.present)
        if mother_speaks:
            # "my baby is 3 weeks old and my breast is sore": the mother is the patient, in the
            # first year after the birth when her baby is under a year
            if out.age is not None and out.age < 1:
                out.present |= self.with_implied({_POSTPARTUM})
            out.age = None
            out.present -= {fid for (lo, hi), fid in self._ages if hi <= _ADOLESCENT} | {"sex_male"}  # "my son is 4 weeks"
            out.present.add("sex_female")
            first_sex = None
        if out.age is not None:  # a stated age beats age words ("a 16-year-old boy" is no child)
            out.present -= {fid for _, fid in self._ages}
            out.present |= {fid for (lo, hi), fid in self._ages if lo <= out.age < hi}
            out.absent |= {fid for (lo, hi), fid in self._inner_ages if not lo <= out.age < hi}
        # After the age: a finding composed of an age band ("fever in a baby under 3 months") is
        # met by a stated age ("5 week old") as by an age word.
        composed = {fid for fid, parts in self._compositions if parts <= out.present}
        out.present |= self.with_implied(composed)
        if first_sex and set(_SEXES) <= out.present:  # the patient is named first ("a woman … her male partner")
            other = _SEXES[1 - _SEXES.index(first_sex[1])]
            out.present -= {fid for fid in out.present if fid == other or other in self._implies[fid]}
        out.present -= self.denied_implications(out.present, stated, out.absent)
        out.absent -= out.present
        out.by_pronoun -= named
        log.debug("extracted %d present and %d absent findings", len(out.present), len(out.absent))
        return out

    def _docs(self, text: str) -> Iterator[tuple[int, Any, set[str]]]:
        """(offset of the piece, its doc read in context, sides said inside a longer phrase) for
        each piece of ``text``; the shared pipeline is locked per piece, so a short message from
        another conversation waits for one piece of a long one at most, not for all of it."""
        for offset, piece in pieces(text, MAX_NLU_CHUNK):
            with self._lock:
                doc = _lines_end_sentences(self._nlp.get_pipe("sentencizer")(self._nlp.make_doc(piece)))
                doc, inner = self._phrases(doc)
                doc = self._nlp.get_pipe("medspacy_context")(doc)
            yield offset, doc, inner

    def _owns_a_relative(self, doc, ent) -> bool:
        """Whether ``ent`` is "her" or "his" owning a relative or a child named within the next few
        words ("her 4 month old son", "his baby girl"): whose sex it tells is the owner's."""
        if ent.text.lower() not in _POSSESSIVES:
            return False
        after = doc[ent.end : min(ent.end + _OWNED_REACH, ent.sent.end)]
        return any(t.lower_ in self.kb.language.patient_relative_sex or t.lower_ in _CHILD_WORDS for t in after)

    def _negation_holds(self, doc, ent) -> bool:
        """ConText's negation, with a shorter scope for chat. A denial after its target ("DAT
        negative") reaches back only within the target's clause. One before it ends at a semicolon
        or a new clause with "has" ("who has not had screening ... has bleeding"), and at a comma
        unless the sentence goes on as a list (``_list_goes_on``); otherwise "denies chest pain,
        swollen left calf" would deny the calf too."""
        if _denial_runs_into(doc, ent):
            return True
        if not ent._.is_negated:
            return False
        for mod in ent._.modifiers:
            if mod.category != "NEGATED_EXISTENCE":
                continue
            start, end = mod.modifier_span
            if start >= ent.end:  # after the target ("pulses absent", "DAT negative"), in its clause
                if _describes_what_follows(doc, start, end):
                    continue
                if any(t.text in _CLAUSE_ENDS for t in doc[ent.end : start]) and not self._tests_listed(doc, ent, start):
                    continue
                if start - ent.end > _NEAR_AFTER and not self._tests_joined(doc, ent, start):
                    continue  # far back only over other tests: "HBsAg and hepatitis C antibody negative"
                if any(other.start == end and self.kb.findings[other.label_].group not in _WHERE_AND_WHO for other in doc.ents):
                    continue  # "bulging with absent light reflex": the next one's; not a side ("SLR negative bilaterally")
                return True
            between = [t.text for t in doc[end : ent.start]]
            if ";" in between or _dash_between(doc, end, ent.start) or _has_after(doc, end, ent.start):
                continue
            if _run_on(ent.sent) and _own_words(doc, end, ent.start):
                continue
            if _clause_opens(doc, end, ent.start):
                continue
            if doc[start].lower_ == "non" and any(w != "-" for w in between):
                continue  # "non-tender inguinal nodes": the "non" is the word's it is written onto
            if any(doc[i].lower_ == "with" and doc[i - 1].text == "," for i in range(end + 1, ent.start)):
                continue  # "MI without ST elevation, with chest pain at rest": the "with" list is present
            if "," in between and not self._list_goes_on(doc, (start, end), ent.sent.end):
                continue
            return True
        return False

    def _tests_joined(self, doc, ent, trigger: int) -> bool:
        """Whether only other tests or history items, joined by "and", "or" or commas and each
        followed by at most two words of its own ("surface antigen", "antibody"), stand between
        a test and the denial after it."""
        items = [ent, *(e for e in doc.ents if ent.end <= e.start and e.end <= trigger)]
        if any(self.kb.findings[e.label_].group not in _TESTED for e in items):
            return False
        own = {i for e in items for i in range(e.start, min(e.end + 2, trigger))}
        return all(i in own or doc[i].lower_ in _JOINS for i in range(ent.end, trigger))

    def _tests_listed(self, doc, ent, trigger: int) -> bool:
        """Whether a test result or history item and the denial after it are joined by a list of
        other such items ("HIV, hepatitis B and hepatitis C serology were negative"): a comma then
        ends no clause. Complaints are never joined so ("calf swollen, D-dimer negative")."""
        if self.kb.findings[ent.label_].group not in _TESTED:
            return False
        listed = [e for e in doc.ents if ent.end <= e.start and e.end <= trigger]
        if any(self.kb.findings[e.label_].group not in _TESTED for e in listed):
            return False
        inside = {i for e in listed for i in range(e.start, e.end)}
        last_comma = max(i for i in range(ent.end, trigger) if doc[i].text in _CLAUSE_ENDS)
        between = [t for t in doc[ent.end : last_comma] if t.i not in inside and t.lower_ not in _JOINS]
        return not between and bool(listed) and doc[last_comma].text == ","

    def _list_goes_on(self, doc, trigger: tuple[int, int], end: int) -> bool:
        """Whether the words after a denial are a list it covers: one ended by "or" or "nor" after
        a comma; or, after "denies", "no" or "without", an exam list ended by "and" ("denies fever,
        chills, diplopia, urgency, and vomiting"). A chat's commas separate clauses instead, so an item
        ends the list when it has its own denial, an "and" before the last item, a number, a
        place first ("calf swollen"), a predicate ("found", "positive"), an adjective after its
        noun ("lips swollen") or more words than a list item has."""
        start = trigger[1]
        words = {t.lower_ for t in doc[start:end]}
        comma = next((t.i for t in doc[start:end] if t.text == ","), start)
        if {t.lower_ for t in doc[comma:end]} & _LIST_GOES_ON:  # not "can't get up or stand, the leg is short"
            return True
        denial = doc[trigger[0] : trigger[1]].text.lower()
        if denial not in _LIST_DENIALS:
            return False
        cuts = [start - 1] + [t.i for t in doc[start:end] if t.text == ","] + [end]
        items = [(a + 1, b) for a, b in zip(cuts, cuts[1:]) if b > a + 1]
        bare = "and" not in words  # a list joined by commas alone
        if bare and denial not in _DENY_VERBS and not self._habits_only(doc, items):
            return False  # after "denies" a bare comma list is still denied ("denies any cough, fever.")
        for n, (a, b) in enumerate(items, 1):
            inside = [e for e in doc.ents if a <= e.start and e.end <= b]
            item = {t.lower_ for t in doc[a:b]}
            if (
                item & _PREDICATE_WORDS
                or ("and" in item and n < len(items))
                or any(t.like_num for t in doc[a:b])
                or (n > 1 and doc[a].lower_ in _LIST_DENIALS)
                or (inside and inside[0].label_ in self._places)
                or (bare and any(e.label_ in self._places for e in inside))  # "denies chest pain, swollen left calf"
                or any(self._phrases.lemma(e[-1].lower_) in self._predicative and len(e) > 1 for e in inside)
                or (not inside and b - a > 2)
                or b - a > (7 if n == len(items) else 4)
            ):
                return False
        return True

    def _habits_only(self, doc, items: list[tuple[int, int]]) -> bool:
        """Whether every item of a list names a history item or drug and nothing else: "denies
        smoking, alcohol consumption, illicit drug use" lists habits without an "and", where a
        chat's "denies chest pain, swollen left calf" joins two clauses."""
        for a, b in items:
            inside = [e for e in doc.ents if a <= e.start and e.end <= b]
            if not inside or any(self.kb.findings[e.label_].group not in _HISTORY_GROUPS for e in inside):
                return False
            if doc[a].lower_ in _HABIT_VERBS:  # "denies smoking, drinks heavily": a clause of its own
                return False
        return True

    def _examined_tokens(self, doc) -> set[int]:
        """Tokens of sentences in exam or report language with no symptom or sign in them, and of
        such clauses in a sentence that has one: a chat's comma list holds a complaint and an exam
        side by side ("calf sore, pulses palpated on both sides": the sides are where the pulses
        were felt)."""
        out: set[int] = set()
        for start, end in [(s.start, s.end) for s in doc.sents] + list(_clauses(doc)):
            if not any(doc[i].norm_ in self._exam_words for i in range(start, end)):
                continue
            if not any(start <= e.start < end and self._complained(e) for e in doc.ents):
                out.update(range(start, end))
        return out

    def _complained(self, ent) -> bool:
        """A complaint's phrase, not a normal result told with one ("otoscopy normal")."""
        return self._complaint(ent.label_) and not any(t.norm_ in self._normal_words for t in ent)

    def _measured(self, fid: str, ent) -> bool:
        """A drug or history named by a substance the body makes, with its measured value after it."""
        if self.kb.findings[fid].group not in _HISTORY_GROUPS or not any(t.lower_ in self._body_made for t in ent):
            return False
        return _MEASURED_AFTER.match(ent.doc.text, ent.end_char) is not None

    def _done_now(self, fid: str, ent) -> bool:
        """A procedure or exposure told with its result: the test of this work-up (``result_verbs``)."""
        return self.kb.findings[fid].group in _HISTORY_GROUPS and self._result_after.match(ent.doc.text, ent.end_char) is not None

    def _exam_place(self, ent) -> bool:
        """A site named for an exam done there ("ankle reflexes", "knee and ankle jerks", "right arm
        blood pressure", "BP in the left arm"): the word after it, past other sites and "and", is one
        of ``exam_places`` or begins a phrase that holds one; or the site closes "<exam place> in the"."""
        doc, i = ent.doc, ent.end
        before = [t.norm_ for t in doc[max(0, ent.start - 5) : ent.start] if t.lower_ not in _BEFORE_A_PLACE]
        if len(before) >= 2 and before[-1] in _PLACE_PREPOSITIONS and before[-2] in self._exam_places:
            return before[-2] not in _PRESSURES or before[-3:-2] == ["blood"]  # not "pressure on the face"
        while i < len(doc) and (doc[i].lower_ in _LIST_WORDS or self._is_site(doc[i].ent_type_)):
            i += 1
        if i < len(doc) and doc[i].ent_type_:  # "knee and ankle jerks": the next phrase is itself an exam's
            following = next((e for e in doc.ents if e.start == i), None)
            return following is not None and any(t.norm_ in self._exam_places for t in following)
        if i + 1 < len(doc) and doc[i].lower_ == "blood" and doc[i + 1].norm_ in self._exam_places:
            return True  # "right arm blood pressure"
        return i < len(doc) and doc[i].norm_ in self._exam_places

    def _is_site(self, label: str) -> bool:
        return bool(label) and label in self.kb.findings and self.kb.findings[label].group in _WHERE_EXAMINED

    def _in_its_sentence(self, fid: str, ent) -> bool:
        """False for a finding read only beside certain words (``said_with``) whose sentence has none,
        or never beside others (``not_said_with``) whose sentence has one."""
        words, others = self._said_with.get(fid), self._not_said_with.get(fid)
        if others and any(t.lower_ in others for t in ent.sent):
            return False
        return words is None or any(t.lower_ in words for t in ent.sent)

    def _pain_in_site(self, fid: str, ent) -> str | None:
        """The pain finding, when a site phrase holds its pain ("loin pain", "sore penis")."""
        if self.kb.findings[fid].group == FindingGroup.site and any(t.lower_ in self._pain_words for t in ent):
            return self.kb.language.pain_finding
        return None

    def _complaint(self, fid: str) -> bool:
        """A symptom or sign; a normal result ("power 5/5", "sensation intact") is exam language."""
        finding = self.kb.findings[fid]
        return finding.group in _COMPLAINTS and not finding.neutral and not finding.denies

    def _direction(self, fid: str, ent) -> str | None:
        """What the finding means given the words that move it: an activity that relieves
        ("eases when he sits") is its relief finding or nothing, never its trigger; a relief that
        is said to worsen ("worse lying down"), a drug that was stopped and a complaint of a past
        encounter ("was seen last year for chest pain") are not present."""
        categories = {mod.category for mod in ent._.modifiers}
        finding = self.kb.findings[fid]
        if "STOPPED" in categories and finding.group in _HISTORY_GROUPS:
            return None
        if "PAST_ENCOUNTER" in categories and self._complaint(fid):
            return self._history.get(fid)  # "was seen last year for chest pain": not today's complaint
        if "RELIEVED" in categories and finding.group in _DIRECTED and not fid.startswith("relief_"):
            return finding.relieved_means
        if "WORSENED" in categories and fid.startswith("relief_"):
            return None
        if "WORSENED" in categories and finding.worsened_means:
            return finding.worsened_means
        return fid

    def _head_finding(self, fid: str, ent) -> list[str]:
        """What ``fid`` implies that its last word names: diarrhoea for bloody diarrhoea (not the
        rectal bleeding it also implies), cough for a productive cough."""
        head = self._phrases.lemma(ent[-1].lower_)
        lemma = self._phrases.lemma
        return [
            parent
            for parent in self.kb.findings[fid].implies
            if any(
                head in {lemma(w) for w in p.lower().split()}
                for p in [self.kb.findings[parent].label, *self.kb.findings[parent].synonyms]
            )
        ]

    def _other_persons(self, fid: str, ent, patient: int | None) -> bool:
        """A history item about a relative ("mother had a DVT") is not the patient's.

        Symptoms a relative reports ("wife says he kicks at night") are still the patient's, so
        ConText's family flag only counts for past history and drugs, or for anything said to be
        the relative's history; family-history and maternal findings (ids ``rf_family_history_*``,
        ``rf_maternal_*``) are exactly the family's and count when flagged so. A flag from the relative the message is about
        (token ``patient``) is no other person, nor one from a relative who reports (collateral
        history: "his wife says he drinks heavily").
        """
        if fid.startswith((_FAMILY_HISTORY, "rf_maternal_")) or fid in self._through_others:
            return False  # named for the relative already, or had through them (a bereavement)
        if _of_the_family_history(ent):
            return True  # "Family history is significant for her mother, who has migraine with aura"
        history = self.kb.findings[fid].group in _HISTORY_GROUPS or fid in self._states
        if self._relative_is_subject(ent, patient) and (history or self._relative_has_it(ent)):
            return True
        doc = ent.doc
        others = [
            m
            for m in ent._.modifiers
            if m.category == "FAMILY"
            and m.modifier_span[0] != patient
            and not (m.modifier_span[1] < len(doc) and doc[m.modifier_span[1]].lower_ in self._collateral)
        ]
        if not (ent._.is_family and others):
            return False
        first = min(m.modifier_span[0] for m in others)
        if history:  # unless the patient has a clause of their own: "his mother brought him in; he takes ..."
            return not _patient_speaks(doc[first + 1 : ent.start])
        # A relative's own history is theirs whatever it names: "an uncle with a history of easy
        # bruising and joint swelling" tells of the uncle's symptoms. The relative comes first:
        # "a history of calf cramps, her father had a DVT" keeps the patient's cramps.
        return any(m.category == "HISTORICAL" and first < m.modifier_span[0] < ent.start for m in ent._.modifiers)

    def _relative_is_subject(self, ent, patient: int | None) -> bool:
        """Whether the sentence of ``ent`` is about a relative who is not the patient: it opens with
        them, told as the patient's ("his mother", not "my mum" or "dad is 82"); they do not report
        ("his mother says"); and no pronoun of the patient starts a clause before ``ent``. ConText's
        scope ends at "and has", which here goes on about the relative: "His father had a heart
        attack and takes aspirin", "Her mother smoked in pregnancy and has hypothyroidism" (a
        newborn neither smokes nor is pregnant)."""
        relative = self._opening_relative(ent)
        if relative is None or relative.i == patient or relative.i == 0:
            return False
        before = relative.i - 1
        while before > 0 and relative.doc[before].lower_ in _KIN_QUALIFIERS:
            before -= 1  # "his maternal uncle", "her older sister"
        if relative.doc[before].lower_ not in _OF_THE_PATIENT:
            return False  # "my mum has a cough", "diabetic mother, big baby": the relative is the patient
        following = relative.doc[relative.i + 1] if relative.i + 1 < len(relative.doc) else None
        if following is not None and following.lower_ in self._collateral:
            return False
        return not _patient_speaks(relative.doc[relative.i + 1 : ent.start])

    def _opening_relative(self, ent):
        """The relative named in the first words of the sentence of ``ent``, before it, if any."""
        opening = [t for t in ent.sent[: _RELATIVE_OPENING + 1] if t.i < ent.start]
        return next((t for t in opening if t.lower_ in self.kb.language.patient_relative_sex), None)

    def _relative_has_it(self, ent) -> bool:
        """Whether the relative who opens the sentence of ``ent`` is said to have had something
        ("Her mother developed memory loss", "His uncle also lost his sight"): the words right
        after them are ``relative_illness_verbs``, and after has/had/have none of
        ``relative_doing_words`` ("His mother has been giving him ..." acts, and he is ill); or the
        finding is their own verb ("Her sister bruises easily", "His father snores")."""
        language = self.kb.language
        relative = self._opening_relative(ent)
        if relative is None:
            return False
        if ent.start == relative.i + 1:
            return True
        after = [t.lower_ for t in ent.doc[relative.i + 1 : relative.i + 4]]
        if not after or after[0] not in language.relative_illness_verbs or relative.i + 1 > ent.start:
            return False
        return not set(after[1:3]) & {*language.relative_doing_words, *language.collateral_verbs}

    def _relative_as_patient(self, doc) -> int | None:
        """The token of the relative a message opens with when that relative is doing something
        now ("my son has a fever"): the patient, written about by a carer."""
        language = self.kb.language
        aged = False  # an age before the relative ("my 82-year-old dad had a stroke") names the patient
        for token in doc[:10]:
            if token.lower_ in language.patient_relative_before:
                continue
            if _of_an_age(token, language.patient_relative_age_words):
                aged = aged or token.like_num
                continue  # "my 9 year old daughter has": the relative's age before the relative
            relative = any(m.category == "FAMILY" and m.modifier_span[0] == token.i for e in doc.ents for m in e._.modifiers)
            following = (t for t in doc[token.i + 1 :] if not _of_an_age(t, language.patient_relative_age_words))
            after = next(following, None)  # "my nan 85 slipped", "my dad (70) has": past the age
            verbs = language.patient_relative_verbs + (["had"] if aged else [])
            # An age right after the relative names the patient whatever follows ("husband 63 BP
            # patient, sudden chest pain"): a carer gives the age of the one they write about.
            aged_after = after is not None and any(t.like_num for t in doc[token.i + 1 : after.i])
            return token.i if relative and after is not None and (after.lower_ in verbs or aged_after) else None
        return None

    def denied_implications(self, present: set[str], stated: set[str], absent: set[str]) -> set[str]:
        """Symptoms, signs and results in ``present`` only implied, not stated, that the message
        denies outright ("after uveitis ... the eye is white and quiet": no red eye). An implied
        pain stays: "no pain down my legs" denies the legs' pain, not the back's."""
        return {f for f in (present - stated) & absent if self.kb.findings[f].group in _DENIABLE}

    def with_implied(self, present: set[str]) -> set[str]:
        """The findings plus every finding they imply (a calf is part of the leg), less a state
        implied beside a rival stated ("a 16-year-old girl" is an adolescent, not also a child)."""
        expanded = set(present)
        for fid in present:
            expanded |= {f for f in self._implies.get(fid, ()) if not self._rivals.get(f, set()) & present}
        return expanded

    def _contact_clauses(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` tells of others who had an illness ("the grandkids were all sick with
        diarrhoea, now I have cramps"). Only where the patient is someone else: after the first
        sentence, which names the patient ("A 6-year-old girl... Her brother had a rash"), or the
        patient's own ("his wife had diarrhoea"), or before the patient speaks ("now I have"),
        or, for several people, before he or she is named; "my son has a fever" is the son's own
        illness."""
        first = _FIRST_SENTENCE_END.search(text)
        clauses = []
        for m in self._contacts.finditer(text):
            after = text[m.end() :]
            several = m.group(1).lower().endswith("s") or m.group(1).lower() in _COLLECTIVE
            if not several and self._reported_on.search(text, max(0, m.start() - 60), m.start()):
                continue
            if (
                (first and m.start() > first.end())
                or _POSSESSOR_BEFORE.search(text, 0, m.start())
                or _FIRST_PERSON.search(after)
                or (several and _THIRD_PERSON.search(after))
            ):
                clauses.append(m.span())
        return clauses

    def _of_contacts(self, fid: str, start: int, contacts: list[tuple[int, int]]) -> bool:
        """Whether a finding at ``start`` is part of others' illness (their history, "his mother
        has diabetes", stays the family history that ``_other_persons`` reads)."""
        illness = self.kb.findings[fid].group in _ILLNESS_GROUPS or fid in self._contagious
        return illness and any(s <= start < e for s, e in contacts)

    def _born_to_her(self, text: str) -> bool:
        """Whether a woman's age opens a birth told for the newborn's sake ("a 29-year-old woman
        delivers a boy ... the cause of the newborn's condition?", "a boy is born with a cleft
        palate"): the patient is then the newborn. A birth told for her own sake stays hers."""
        if not _BIRTH.search(text):  # first: most messages tell no birth, and need no second age reading
            return False
        age = self._age_reader.read(text)
        if age is None or age.years < _ADOLESCENT:
            return False
        closing = re.split(r"(?<=[.?!:])\s+", text.strip())[-1]
        asked = closing.rstrip(" \"'”").endswith(("?", ":")) and _NEWBORN_WORD.search(closing)
        return bool(_BORN_WITH.search(text) or asked)

    def _of_the_birth(self, fid: str) -> bool:
        """Whether a finding is the mother's pregnancy, labour or time after the birth."""
        return bool({fid, *self._implies[fid]} & {_STATE, _POSTPARTUM})

    def _mother_is_patient(self, text: str, age: float | None) -> bool:
        """Whether a mother tells of her own body beside her baby's age ("my baby is 3 weeks old
        and my breast is sore"): the age read is then the baby's."""
        return bool(self._mother_speaks.search(text)) and (age is None or age < _ADOLESCENT)

    def _read_numbers(
        self,
        text: str,
        out: Extraction,
        said_before: list[tuple[int, int, bool]],
        contacts: list[tuple[int, int]],
        newborn: bool = False,
    ) -> Age | None:
        """Reads the age, the complaint's duration and measured values into ``out``; returns the age.
        A duration in another person's illness ("his grandmother has had a cough for a week") is theirs.
        With a ``newborn`` the patient (``_born_to_her``), the age read is the mother's: the newborn's is
        taken, and its heart and breathing rates are judged by a newborn's ranges."""
        age = self._age_reader.read(text)  # the patient's age comes first; later ages are other people's
        if newborn:
            age, out.age = None, 0.0
        if age:
            out.age = age.years
            if age.sex:
                out.present.add("sex_female" if age.sex == "f" else "sex_male")
        grown = age is None or age.years >= _ADOLESCENT
        woman = grown and "sex_female" in out.present
        gestations = read_gestations(text, woman, grown and not out.present & set(_SEXES))
        if gestations:  # the most advanced stage told is the current one
            weeks = max(g.weeks for g in gestations)
            out.present |= {fid for (lo, hi), fid in self._stages if lo <= weeks < hi}
        durations = [  # (a length of time told, whether it is a history item's)
            (d, _of_history(text, d.start(), d.end(), said_before))
            for d in _DURATION.finditer(text)
            if not (age and age.start <= d.start() < age.end)
            and not any(g.start <= d.start() < g.end for g in gestations)
            and not _POINT_BEFORE.search(text, 0, d.start())
            and not _RATE_BEFORE.search(text, 0, d.start())
            and not _MEASURED_BEFORE.search(text, max(0, d.start() - 40), d.start())
            and not _STAY_AFTER.match(text, d.end())
            and not _another_length(text, d.start())
            and not any(s <= d.start() < e for s, e in contacts)
            and not ((sentence := _later_sentence_at(text, d.start())) and _over_long_ago(sentence))
        ]
        # the time since a last period is the complaint's only when nothing else is (amenorrhoea)
        since_lmp = [
            d
            for d, _ in durations
            if _LMP_BEFORE.search(text, max(0, d.start() - 40), d.start()) or _LMP_AFTER.match(text, d.end())
        ]
        m = next((d for d, history in durations if not history and d not in since_lmp), None) or next(iter(since_lmp), None)
        if m:  # the complaint's duration comes first; later ones are history; "pregnant 28 weeks" is neither
            days = _quantity(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
            out.present |= {fid for (lo, hi), fid in self._durations if lo <= days < hi}
        elif any(history and _AGO_AFTER.match(text, d.end()) and _NEARER_ONSET.search(text, d.end()) for d, history in durations):
            # "stopped drinking 2 days ago, a fit this morning": the complaint began within the day
            out.present |= {fid for (lo, hi), fid in self._durations if lo <= _WITHIN_A_DAY < hi}
        measured_age = None if self._mother_is_patient(text, out.age) else out.age  # a temperature is hers, not the baby's
        crossed, normal = self._measurements.verdicts(self._measurements.read(text), measured_age)
        for fid in crossed:
            denies = self.kb.findings[fid].denies
            if denies:  # "hCG 3 IU/L" is a negative test: not pregnant
                out.absent.add(denies)
            else:
                out.present.add(fid)
        normal |= self._measurements.said_normal(text)
        out.absent |= {fid for fid in normal if not self.kb.findings[fid].denies}
        return age


def _contact_clause(language) -> re.Pattern[str]:
    """Others and what they had, up to where the clause turns to someone else ("now I", "that he
    has"); no one who only reports ("his wife says he...")."""
    people = "|".join(re.escape(w) for w in language.contact_people) or "(?!)"
    verbs = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in language.contact_verbs) or "(?!)"
    others = "|".join(re.escape(w) for w in [*language.collateral_verbs, *_PRONOUNS, "that"])  # "recounts that"
    return re.compile(
        rf"\b({people})\b(?:\s+(?!(?:{others})\b)[\w'-]+){{0,3}}?\s+(?:{verbs})\b.*?"
        # ends where it turns to someone else, or at a comma that does not go on as a list
        rf"(?=[.;!?\n]|,?\s+(?:now|but|then|since|so)\b|\s+(?:and\s+)?(?:that\s+)?(?:{'|'.join(_PRONOUNS + _OBJECTS)})\b"
        r"|,(?![^,.;]*\b(?:and|or)\b)|$)",
        re.IGNORECASE | re.DOTALL,
    )


def _opening_end(ent, opening: re.Pattern[str]) -> int | None:
    """Where the opening of ``ent``'s sentence ends (a character offset in the doc), when the
    sentence opens so and ``ent`` comes after it; else None."""
    found = opening.match(ent.sent.text)
    end = ent.sent.start_char + found.end() if found else None
    return end if end is not None and end <= ent.start_char else None


def _of_the_family_history(ent) -> bool:
    """Whether ``ent`` comes after the opening of a sentence that is the family history ("Family
    history is significant for ...", "His family history includes ..."): whatever it names is the
    relatives', unless the patient has a clause of their own before it."""
    end = _opening_end(ent, _FAMILY_HISTORY_OPENING)
    if end is None:
        return False
    after = ent.doc.char_span(end, ent.start_char, alignment_mode="expand")
    return after is None or not _patient_speaks(after)


def _of_the_medical_history(ent) -> bool:
    """Whether ``ent`` comes after the opening of a sentence that is the patient's medical history
    ("Past medical history is significant for ...", "Her history is notable for ...")."""
    return _opening_end(ent, _MEDICAL_HISTORY_OPENING) is not None


def _family_history_of(kb: Knowledge, phrases: PhraseReader) -> dict[str, str]:
    """Finding -> the family-history finding it makes when a relative has it, from the knowledge's
    own "family history of ..." phrases: "family history of easy bruising" makes "his uncle
    bruises easily" a family history of bleeding. Only where the words after "of" are one of the
    finding's own phrases, the finding is not one of the broad ones language.yaml names (a
    parent's type 2 diabetes is no family history of type 1) and it makes one family history."""
    made: dict[str, set[str]] = {}
    for fid, finding in kb.findings.items():
        if not fid.startswith(_FAMILY_HISTORY):
            continue
        for phrase in [finding.label, *finding.synonyms]:
            said = phrase.lower().removeprefix("family history of ")
            of = phrases.named(said) if said != phrase.lower() else None
            if of and said in {p.lower() for p in [kb.findings[of].label, *kb.findings[of].synonyms]}:
                made.setdefault(of, set()).add(fid)
    broad = set(kb.language.not_family_history)
    return {of: next(iter(fids)) for of, fids in made.items() if len(fids) == 1 and of not in broad}


def _of_history(text: str, start: int, end: int, said_before: list[tuple[int, int, bool]]) -> bool:
    """Whether a duration tells how long a history item has lasted, not the complaint: the finding
    said just before it is a risk factor or drug ("type 2 diabetes for 25 years", "on warfarin for
    2 years", "smoked a pack a day for 30 years"). A time ago is when a thing happened ("divorced
    2 months ago"), which dates the complaint, unless the complaint began at a nearer time told
    after it ("an op 10 days ago ... this morning I got breathless"); a phrase that holds the duration ("cough for 3
    weeks") is its own; "a 6-month history of" and "3 days of" belong to what follows them."""
    if _AGO_AFTER.match(text, end):  # unless it dates a history item and the complaint began later
        later = _NEARER_ONSET.search(text, end) or _NOW.search(text, end) or _lasting_after(text, end)
        return _history_just_before(text, start, said_before) and bool(later)
    if _OF_AFTER.match(text, end):
        after = [(s, history) for s, _, history in said_before if s >= end]
        return bool(after) and min(after)[1]
    return _history_just_before(text, start, said_before)


def _another_length(text: str, start: int) -> bool:
    """Whether a length of time starting at ``start`` is an episode's or a relationship's, not the
    complaint's ("attacks last an hour", "married for 20 years")."""
    return bool(
        _EPISODE_LENGTH_BEFORE.search(text, max(0, start - 60), start)
        or _RELATIONSHIP_BEFORE.search(text, max(0, start - 90), start)
    )


def _lasting_after(text: str, end: int) -> bool:
    """Whether a length of time told later is not a time ago: "stopped smoking 10 years ago and has
    had a cough for 3 weeks" gives the complaint its own duration."""
    return any(_LASTING_BEFORE.search(text, 0, d.start()) for d in _DURATION.finditer(text, end))


# A line that ends on these words was wrapped mid-sentence ("no pain in the leg or\nswelling").
_GOES_ON_NEXT_LINE = frozenset({"or", "nor", "and", ",", "with", "without", "of", "the", "a", "an", "to", "in", "on", "-"})


# Words a case denies, whether or not they name a finding: after "no", "without" or "denies" up to
# the clause's end ("no blood in his stool, but"), and before "negative" or "normal" back to its
# start ("coeliac serology negative", "B12 and folate normal"). They must not make the case read
# like the conditions they deny.
_CLAUSE_WORD = r"(?:(?!but\b|although\b|though\b|however\b)[\w'/+-]+)"
_DENIED_WORDS = re.compile(
    rf"\b(?:no|without|denies|denied|denying|negative\s+for|free\s+of|absence\s+of)\b(?:\s+{_CLAUSE_WORD}){{1,8}}"
    rf"|(?:{_CLAUSE_WORD}\s+){{1,6}}(?:(?:is|are|was|were)\s+)?(?:negative|normal|unremarkable)\b",
    re.IGNORECASE,
)


def _babys_sex(text: str) -> set[str]:
    """The sex finding of the baby named with the birth ("delivers a boy", "a girl is born"), if any."""
    birth = _BIRTH.search(text)
    baby = _BABY_SEX.search(text[text.rfind(".", 0, birth.start()) + 1 : birth.end() + 80]) if birth else None
    return {"sex_male" if baby.group("m") else "sex_female"} if baby else set()


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` turned to spaces."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _lines_end_sentences(doc: Any) -> Any:
    """A line break ends a sentence: a results table's "no casts" must not deny the next line's
    "hyperinflation", nor one chat line's "no fever" the next line's complaint."""
    for token in doc[2:]:
        before = doc[token.i - 1]
        if before.is_space and "\n" in before.text and not token.is_space and doc[token.i - 2].lower_ not in _GOES_ON_NEXT_LINE:
            token.is_sent_start = True
    return doc


def _posture_of_a_pressure(ent) -> bool:
    sent = ent.sent
    return beside_a_pressure(sent.text, ent.start_char - sent.start_char, ent.end_char - sent.start_char)


def _over_long_ago(sentence: str) -> bool:
    """Whether a sentence dates an illness back by years, or to an age or a childhood, and tells it
    as over: a length of time in it is not the complaint's ("a rash 10 years ago that resolved").
    Its findings still count: an earlier attack is part of the story (a past optic neuritis in
    multiple sclerosis)."""
    return bool(_LONG_AGO.search(sentence) and _TOLD_AS_OVER.search(sentence) and not _GOES_ON.search(sentence))


def _later_sentence_at(text: str, start: int) -> str | None:
    """The sentence of ``text`` that holds ``start``, unless it is the first."""
    begins = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    if not begins:
        return None
    following = _SENTENCE_END.search(text, start)
    return text[begins[-1] : following.start() + 1 if following else len(text)]


def _antecedent_sentence(ent, offset: int) -> bool:
    """The finding stands in a sentence after the first that dates an illness back and tells it
    as over: the illness before the complaint, not the complaint."""
    sent = ent.sent
    if offset == 0 and sent.start == 0:
        return False  # the first sentence tells the complaint
    return bool(_DATED_BACK.search(sent.text) and _TOLD_AS_OVER.search(sent.text) and not _GOES_ON.search(sent.text))


def _history_just_before(text: str, start: int, said_before: list[tuple[int, int, bool]]) -> bool:
    """Whether the finding said just before ``start``, in the same sentence, is a history item."""
    before = [(s, e, history) for s, e, history in said_before if s < start]
    if not before:
        return False
    _, last_end, history = max(before)
    return history and (
        last_end > start or (start - last_end <= _HISTORY_GAP and not _SENTENCE_END.search(text, last_end, start))
    )


def pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of at most ``size`` characters with their offsets, each cut after the last
    sentence end that fits (ConText's scope is the sentence, so nothing it reads is split), else at
    a space, else hard."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind(c) for c in _SENTENCE_ENDS)
        if cut <= 0:
            cut = window.rfind(" ")
        end = start + (cut + 1 if cut > 0 else size)
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _clauses(doc) -> Iterator[tuple[int, int]]:
    """(start, end) token bounds of the parts of each sentence between commas and semicolons."""
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.text in _CLAUSE_ENDS:
                yield start, t.i
                start = t.i + 1
        if start < sent.end:
            yield start, sent.end


def _quantity(word: str) -> float:
    word = word.lower()
    if word.endswith(("past", "last", "previous")):
        return 1
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else float(word)


def _run_on(sent) -> bool:
    """Whether a sentence is a run-on without commas or semicolons (``_RUN_ON_LENGTH``)."""
    long = len(sent) >= _RUN_ON_LENGTH or (len(sent) >= _RUN_ON_LOWER_CASE and sent.text.lower() == sent.text)
    return long and not any(t.text in _CLAUSE_ENDS for t in sent)


def _staff_just_before(doc, ent) -> bool:
    """Whether a member of staff is named in the words just before a pronoun, in its sentence."""
    start = max(ent.sent.start, ent.start - _STAFF_REACH)
    return any(t.lower_ in _STAFF for t in doc[start : ent.start])


def _hedged(doc, ent) -> bool:
    """Whether a hypothetical or uncertain cue reaches the phrase: not over a new clause with its
    own subject ("if you press it leaves a dent he's put on four kilos and he can't lie flat")."""
    if not (ent._.is_hypothetical or ent._.is_uncertain):
        return False
    for mod in ent._.modifiers:
        if mod.category not in ("HYPOTHETICAL", "POSSIBLE_EXISTENCE"):
            continue
        start, end = mod.modifier_span
        if start >= ent.end or not _clause_opens(doc, end, ent.start):
            return True
    return False


def _dash_between(doc, start: int, end: int) -> bool:
    """Whether a dash standing free between a denial and a finding ends the denial's clause as a
    semicolon would ("no fever - cough is productive"); a hyphen inside a word ("non-tender") does
    not."""
    for i in range(start, end):
        if doc[i].text in ("–", "—") or (doc[i].text == "-" and doc[i].whitespace_ and doc[i - 1].whitespace_):
            return True
    return False


def _has_after(doc, start: int, end: int) -> bool:
    """Whether a "has" between a denial and a finding starts a new statement ("who has not had
    screening ... has bleeding"), not the denial's object clause ("I don't think she has a fever")."""
    for i in range(start, end):
        if doc[i].lower_ == "has":
            subject_of_object = i - 2 >= start and doc[i - 1].lower_ in _SUBJECT_PRONOUNS
            if not (subject_of_object and doc[i - 2].lower_ in _OPENS_AN_OBJECT_CLAUSE):
                return True
    return False


def _clause_opens(doc, start: int, end: int) -> bool:
    """Whether a new clause with its own subject opens between a denial and a finding ("without
    eating any different I'm always cold", "can't go to the toilet properly my skin's really
    dry"): a pronoun, or "my/his/her" and a noun, followed by its verb. Not after a word that makes
    the clause the denial's object ("I don't think I have a fever", "not sure if she's got one")."""
    for i in range(start + 1, end - 1):  # the words right after the cue are its own clause ("if he gets")
        if doc[i - 1].lower_ in _OPENS_AN_OBJECT_CLAUSE:
            continue
        word, after = doc[i].lower_, doc[i + 1].lower_
        if word in _SUBJECT_PRONOUNS and after in _CLAUSE_VERBS:
            return True
        if word in _POSSESSIVES and i + 2 < end and doc[i + 2].lower_ in _CLAUSE_VERBS:
            return True
    return False


def _own_words(doc, start: int, end: int) -> bool:
    """Whether words from ``start`` to ``end`` stand outside the phrases of findings and the small
    words of a spoken list (``_SPOKEN_LIST``)."""
    inside = {i for e in doc.ents if start <= e.start and e.end <= end for i in range(e.start, e.end)}
    return any(t.i not in inside and t.lower_ not in _SPOKEN_LIST for t in doc[start:end])


def _denial_runs_into(doc, ent) -> bool:
    """Whether a plain denial stands right before the phrase ("has not had a seizure", "she has not
    heard voices", "never had a fit"), or before the first of an "or" list it ends ("has not heard
    voices or seen things", "never made herself vomit, used laxatives, or exercised"): ConText
    matched "not had" or "not heard" as one trigger and left the targets after it unnegated."""
    ends = {e.end: e for e in doc.ents}
    start = ent.start
    own_join = ent.start  # where the words joining this item to the one before begin
    for _ in range(_LISTED_ITEMS):
        # the denial before the list's first item, or inside it when the vocabulary took it in
        # ("no history of seizures, head injury or alcohol use": "no previous seizures" is one phrase).
        # The "or" that ends the list stands before its last item, so an item after the "or"
        # item is no longer in it ("no cough or runny nose, swollen tonsils").
        if _denied_before(doc, start) or (start != ent.start and doc[start].lower_ in _PLAIN_DENIALS):
            return start == ent.start or any(t.lower_ in _OR for t in doc[own_join : min(ent.end + 4, ent.sent.end)])
        k = start
        if k > 0 and doc[k - 1].lower_ in _ARTICLES:
            k -= 1
        while k > 0 and start - k < 2 and k not in ends and doc[k - 1].is_alpha and doc[k - 1].lower_ not in _NOT_AN_ITEMS_VERB:
            k -= 1  # the item's own verb: "used laxatives", "seen things"
        joined = k
        while joined > 0 and doc[joined - 1].lower_ in _LIST_JOINS:
            joined -= 1
        if joined == k or joined not in ends:
            return False
        if start == ent.start:
            own_join = joined
        start = ends[joined].start
    return False


def _in_a_simile(doc, ent) -> bool:
    """Whether a "like", "as if" or "as though" opens a comparison that the phrase ends, in its clause."""
    for k in range(ent.start - 1, max(ent.sent.start, ent.start - _SIMILE_REACH) - 1, -1):
        word = doc[k].lower_
        if word in _CLAUSE_ENDS:
            return False
        if word == "like" and (k == 0 or doc[k - 1].lower_ not in _LIKE_AS_A_VERB):
            return True
        if word in ("if", "though") and k > 0 and doc[k - 1].lower_ == "as":
            return True
    return False


def _denied_before(doc, i: int) -> bool:
    """Whether a plain denial ends right before token ``i``, or before a "had" or "any" there
    ("no fevers", "never had fits", "has not had any fevers")."""
    k = i
    while k > 0 and i - k < 2 and doc[k - 1].lower_ in _DENIAL_BRIDGES:
        k -= 1
    return k > 0 and doc[k - 1].lower_ in _PLAIN_DENIALS


def _patient_speaks(span) -> bool:
    """Whether ``span`` holds a pronoun that starts a clause of the patient's (``_PATIENT_SUBJECTS``)."""
    return any(t.lower_ in _PATIENT_SUBJECTS for t in span)


def _of_an_age(token, age_words: list[str]) -> bool:
    """Whether a token is part of an age told beside a relative: "9", "year", "old", "(", ","."""
    return token.like_num or token.lower_ in age_words


def _prefixed_non(doc, ent) -> bool:
    """Whether the entity is denied by a "non" written onto its first word ("non-bloody", "non bloody")."""
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    return before[-1:] == ["non"] or before[-2:] == ["non", "-"]


def exclusive_groups(kb: Knowledge) -> list[set[str]]:
    """Findings a patient has one of at a time, a sex and an age band: a new one replaces the old."""
    return [set(_SEXES), {fid for fid, f in kb.findings.items() if f.age_range}]


def _pipeline(kb: Knowledge) -> tuple[Any, PhraseReader]:
    """The pipeline and its phrase reader from the user cache when this knowledge and code built
    them before: building the reader tokenises ten thousand phrases, a second or more on every
    cold start."""
    from loguru import logger as loguru_logger

    from knowledge.cache import cached, code_version

    loguru_logger.disable("PyRuSH")  # its sentence splitter logs every token at DEBUG
    loguru_logger.disable("medspacy")
    import_medspacy()  # before the cache: unpickling the pipeline imports it
    code = code_version([__file__, matching.__file__], libraries=("spacy", "medspacy", "spacy-lookups-data"))

    def build() -> tuple[Any, PhraseReader]:
        # The reader tokenises its phrases with a pipeline of its own: they would leave fourteen
        # thousand strings in the kept pipeline's vocabulary, which every cold start unpickles.
        return _build_pipeline(kb), PhraseReader(_build_pipeline(kb), kb)

    pair = cached("pipeline", f"{kb.version}-{code}", build)
    from medspacy.context import ConText

    ConText.register_graph_attributes()  # its constructor does it, and unpickling skips constructors
    ConText.register_default_attributes()
    return pair


def _build_pipeline(kb: Knowledge):
    """spaCy blank English + rule sentencizer + medspaCy ConText with the knowledge's own rules.

    Phrases are found by ``PhraseReader`` between the two (by lemma, not by spelling)."""
    import spacy
    from medspacy.context import ConText, ConTextRule

    import_medspacy()  # registers the medspaCy pipeline factories
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # A negation word inside a finding's own phrase ("can't bear the bedsheet") must not negate it.
    context = nlp.add_pipe("medspacy_context", config={"prune_on_target_overlap": True})
    assert isinstance(context, ConText)
    context.add(
        [
            ConTextRule(
                r.literal,
                r.category,
                pattern=[{"LOWER": {"IN": choices}} for choices in r.words] or None,
                direction=r.direction,
                max_scope=r.max_scope,
                terminated_by=set(r.terminated_by) or None,
                allowed_types=r.allowed(kb.findings) or None,
            )
            for r in kb.language.context_rules
        ]
    )
    return nlp


def _describes_what_follows(doc, start: int, end: int) -> bool:
    """Whether a one-word denial after a finding stands before a noun of its own ("an enlarged
    kidney with the absent venous signal", "a swollen testis with absent flow"): the enlarged
    kidney and the swollen testis are found, and only what follows is absent."""
    if end - start != 1 or start == 0 or end >= len(doc):
        return False
    return doc[start - 1].lower_ in _BEFORE_ATTRIBUTIVE and doc[end].is_alpha
