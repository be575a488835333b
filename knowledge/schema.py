"""Pydantic models for the knowledge base.

The model keeps likelihood (a finding's frequency in a condition), importance (severity) and
prevalence (prior) apart, the way DXplain and QMR did, so that a clinician can audit each number
in a diff. Files are validated against these models at load; cross-references (finding ids,
source ids) are checked by the loader and by ``ddxbot kb lint``.
"""

from __future__ import annotations

import re
from collections.abc import Set
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"
ICD10_PATTERN = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class Strict(BaseModel):
    """Base: unknown keys are errors, so a typo in a field name cannot pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FindingGroup(str, Enum):
    site = "site"
    quality = "quality"
    timing = "timing"
    trigger = "trigger"
    laterality = "laterality"
    onset = "onset"
    demographic = "demographic"
    risk_factor = "risk_factor"
    medication = "medication"
    symptom = "symptom"
    sign = "sign"
    lab = "lab"
    imaging = "imaging"


class Frequency(str, Enum):
    """How often a finding occurs in a condition (KNOWLEDGE-GUIDE scale)."""

    always = "always"  # >= 95%
    usually = "usually"  # 75-95%
    often = "often"  # 40-75%
    sometimes = "sometimes"  # 15-40%
    rarely = "rarely"  # < 15%
    against = "against"  # presence argues against the condition


class Prevalence(str, Enum):
    common = "common"
    uncommon = "uncommon"
    rare = "rare"
    very_rare = "very_rare"


class Severity(str, Enum):
    """What a miss costs."""

    mild = "mild"  # self-limiting
    moderate = "moderate"  # morbidity, not urgent
    serious = "serious"  # lasting harm if missed for days to weeks
    critical = "critical"  # threatens life or limb within hours


class SourceKind(str, Enum):
    guideline = "guideline"
    systematic_review = "systematic_review"
    review = "review"
    criteria = "criteria"
    textbook = "textbook"
    study = "study"


class Source(Strict):
    id: str = Field(pattern=ID_PATTERN)
    kind: SourceKind
    citation: str = Field(min_length=10)
    year: int = Field(ge=1900, le=2100)
    doi: str | None = None
    pmid: str | None = Field(default=None, pattern=r"^[0-9]{4,9}$")


class LabRule(Strict):
    """Maps a measured value in text ("K 2.9", "HR 120") to this finding by a threshold.

    Values are compared in the analyte's unit (analytes.yaml). A rule with ``ages`` applies to
    patients of that age band instead of the rules without one (the adult rules), so children
    get their own heart-rate limits. ``source`` cites the threshold; ``judgement`` marks one
    that no source gives.
    """

    analyte: str
    below: float | None = None
    above: float | None = None
    ages: tuple[float, float] | None = None  # [min, max) years; None: adults and unknown age
    source: str | None = None
    judgement: bool = False
    # Findings read from the same message that make this rule say something else: an alkalaemia
    # with a low pCO2 is respiratory, not metabolic.
    unless: list[str] = []

    @model_validator(mode="after")
    def _one_bound(self) -> LabRule:
        if self.below is None and self.above is None:
            raise ValueError("a lab rule needs 'below' or 'above'")
        return self


class AnalyteUnit(Strict):
    """Another unit an analyte is written in, converted to the analyte's own unit by pint."""

    unit: str  # a pint unit expression ("mmol/L", "g/L", "degF")
    written: list[str] = []  # how a message writes it ("mmol/l", "°f")
    plausible: tuple[float, float]  # values in this unit, to guess it when none is written


class Analyte(Strict):
    """A measured quantity: how it is named in messages and the unit its thresholds use."""

    names: list[str] = Field(min_length=1)
    label: str | None = None  # how an answer names it ("heart rate"); else its first name
    unit: str | None = None  # pint expression of the thresholds' unit; None: a plain number
    written: list[str] = []  # how a message writes that unit ("mg/dl")
    plausible: tuple[float, float] | None = None  # a value outside every unit's range is no reading
    other_units: list[AnalyteUnit] = []
    molar_mass: float | None = Field(default=None, gt=0)  # g/mol: mass <-> molar concentration
    second: str | None = None  # "BP 85/50": the number after the slash is this analyte
    share: str | None = None  # "eosinophils 13%", "13% eosinophils": a share of the white cells is this analyte
    note: str | None = None


class MustExclude(Strict):
    """The dangerous causes a source says every patient with a complaint needs excluding, in the
    source's order (the "big three" of chest pain first)."""

    conditions: list[str] = Field(min_length=1)
    source: str


class Finding(Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=2)
    group: FindingGroup
    synonyms: list[str] = []
    background: float = Field(gt=0.0, lt=1.0)  # rate among all presenting patients (judgement; knowledge/README.md)
    hpo: str | None = Field(default=None, pattern=r"^HP:[0-9]{7}$")
    region: str | None = None  # site findings: the region whose aspects exclude each other
    implies: list[str] = []  # finding ids also present whenever this one is
    composed_of: list[str] = []  # present whenever all of these are ("calf" + "tender")
    age_range: tuple[float, float] | None = None  # demographic: [min, max) years
    # Read only in a patient younger than this (years), or of no stated age: a sign that is a
    # finding only when early ("pubic hair", "menarche at 13" is puberty on time at 13).
    read_below_age: float | None = None
    duration_range: tuple[float, float] | None = None  # onset: [min, max) days since it began
    gestation_range: tuple[int, int] | None = None  # a stage of pregnancy: [min, max) completed weeks ("32/40")
    lab: list[LabRule] = []  # one rule or several (another analyte, an age band)
    red_flag: bool = False
    # A red flag that is an emergency whatever its cause (shock, hypoxia, a fit, stridor): it makes
    # any answer, in or out of the knowledge's scope, an emergency.
    emergency: bool = False
    # Recognised so that its words do not misfire as other findings ("knee jerks" is neither a
    # sleep jerk nor a knee complaint), but it moves no condition.
    neutral: bool = False
    # Something that happened before (a recent or previous illness): its phrases that begin with
    # "had" are not met by a present "has" or "have" ("she has diarrhoea" is diarrhoea now, not a
    # recent diarrhoeal illness; "he has shingles" is no history of shingles).
    past: bool = False
    denied_means: str | None = None  # its negation is this finding ("no pulses" -> absent pulses)
    # Its mention denies this finding ("sensation intact" -> no numbness); no condition lists it.
    denies: str | None = None
    # What it means when this activity or posture relieves the complaint ("eases when he sits":
    # trigger_sitting -> relief_flexion); without it, a relieved trigger is dropped, not reversed.
    relieved_means: str | None = None
    # What it means when something makes the complaint worse ("pain worse on coughing" is a
    # trigger, not a cough).
    worsened_means: str | None = None
    # Words one of which its sentence must hold for it to be read: a place named alone ("the left
    # fourth intercostal space", "radiates to the axilla") is a murmur's only in a sentence about
    # heart sounds, not in one about a wound or a pain.
    said_with: list[str] = []
    # Nor read in a sentence that names one of these: what is tender there is theirs ('tender lymph nodes').
    not_said_with: list[str] = []
    # A presenting complaint's must-exclude causes: the do-not-miss tier offers them first whenever
    # the findings do not argue against them, so that a likelier but rarer killer cannot crowd out
    # the ones every clinician rules out for this complaint.
    must_exclude: MustExclude | None = None

    @field_validator("lab", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, dict) else value

    @field_validator("synonyms")
    @classmethod
    def _synonyms_clean(cls, value: list[str]) -> list[str]:
        for s in value:
            if not s.strip():
                raise ValueError("empty synonym")
        return value


class ContextRule(Strict):
    """A medspaCy ConText rule added to its defaults (language.yaml)."""

    literal: str
    category: str
    direction: str = "FORWARD"
    max_scope: int | None = None
    terminated_by: list[str] = []  # categories whose cue ends this one's scope ("better X, worse Y")
    # The findings it may modify ("occasionally" denies heavy drinking only); "relief_*" names every
    # finding whose id starts so, so a relief added later is covered too.
    allowed_types: list[str] = []
    # Instead of the literal's words: words in a row, each any of a list ("was not seen", "are
    # not identified"); the literal then only names the rule.
    words: list[list[str]] = []

    def allowed(self, finding_ids) -> set[str]:
        """``allowed_types`` with each "prefix*" spelled out against ``finding_ids``."""
        return {
            f for name in self.allowed_types for f in finding_ids if f == name or (name.endswith("*") and f.startswith(name[:-1]))
        }


class Rewrite(Strict):
    """A written-out form of a notation ("x3d" -> "for 3 days"), as a regular expression."""

    pattern: str
    replace: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value


class Language(Strict):
    """Chat wording as data: shorthand, lemma exceptions, inserted words, context rules."""

    shorthand: dict[str, str] = {}
    shorthand_exact: dict[str, str] = {}
    durations: list[Rewrite] = []
    rewrites: list[Rewrite] = []
    lemma_exceptions: dict[str, str] = {}
    optional_words: list[str] = []
    skip_words: list[str] = []
    describing_words: list[str] = []
    predicative_words: list[str] = []  # adjectives a phrase may also name after its noun ("vomit was bloody")
    result_words: list[str] = []  # a test's result, also said after the test's name ("Coombs test is positive")
    specimen_words: list[str] = []  # a list headed by one of these ("Urinalysis: pH 7.0") holds that specimen's values
    # A panel's name -> the analytes it measures: "LFTs normal" is each of them measured and normal.
    lab_panels: dict[str, list[str]] = {}
    specimen_procedures: dict[str, str] = {}  # a procedure -> the specimen word it yields ("lumbar puncture" -> csf)
    stacked_adjectives: list[str] = []  # "a firm, nontender, mobile mass": each describes the noun after the run
    not_typos: list[str] = []
    glued_words: list[str] = []
    exam_words: list[str] = []
    normal_words: list[str] = []  # a complaint phrase with one is a normal result ("otoscopy normal"), exam language
    exam_places: list[str] = []  # after a site, make it where an exam was done ("ankle reflexes"), not the complaint's
    result_verbs: list[str] = []  # after a procedure, make it the work-up's test ("lumbar puncture shows"), not a past one
    recent_only: list[str] = []  # findings that a sentence dated back by years does not make present (bot/nlu.py)
    made_in_the_body: list[str] = []  # a drug's word that is also a body's substance measured (bot/nlu.py)
    resemblance_stop_words: list[str] = []  # words of every case that tell no condition apart (bot/resemblance.py)
    context_rules: list[ContextRule] = []
    # A message that opens with a relative doing something now ("my son has a fever") is about
    # that relative: the words that may come before the relative, and the verbs after it.
    patient_relative_before: list[str] = []
    patient_relative_age_words: list[str] = []
    patient_relative_verbs: list[str] = []
    # A mother telling her own body after the birth ("my breast is sore", "my stitches"): the baby
    # named in her message is not the patient, and its age is not hers.
    maternal_own: list[str] = []
    # A site told with its pain in one phrase ("loin pain", "sore penis") is that site and the pain
    pain_words: list[str] = []
    pain_finding: str | None = None
    # Words that name a reflex other than the tendon reflexes ("corneal", "gag"): "the corneal
    # reflexes are brisk" is no hyperreflexia, "no cough reflex" no areflexia.
    other_reflexes: list[str] = []
    # Others who had an illness ("the grandkids were all sick with diarrhoea, now I have cramps"):
    # the people, the verbs that give them the illness, and the findings that make them sick
    # contacts of the patient; the clause's other symptoms are theirs, not the patient's.
    contact_people: list[str] = []
    contact_verbs: list[str] = []
    contagious_findings: list[str] = []
    # Findings the patient has through another person ("her husband died last week" is her bereavement)
    through_others: list[str] = []
    nominal_forms: dict[str, list[str]] = {}  # a describing word -> its nouns ("enlarged" -> "enlargement")
    from_the_mother: dict[str, str] = {}  # the mother's history -> the newborn's risk it is ("diabetes")
    # An infection dated back and over before the complaint, and what it stands for then: "two
    # weeks ago he had bloody diarrhoea" is the illness before a Guillain-Barre syndrome
    antecedent_findings: dict[str, str] = {}
    history_findings: dict[str, str] = {}  # a complaint named in the medical history -> the history it is
    collateral_verbs: list[str] = []  # a relative who reports: "his wife says he drinks" is about the patient
    relative_illness_verbs: list[str] = []  # a relative who has it: "her mother developed memory loss" is not the patient's
    relative_doing_words: list[str] = []  # "her mother has been giving her ...": after has/had, the relative acts
    # Findings too broad to stand for the family history whose phrase names one kind of them
    # ("family history of type 1 diabetes": a parent's type 2 diabetes is not that).
    not_family_history: list[str] = []
    patient_relative_sex: dict[str, str] = {}  # relative word -> sex finding ("son" -> sex_male)


class FindingLink(Strict):
    """A finding of a condition: how often it occurs, or that it argues against."""

    finding: str
    frequency: Frequency | float
    source: str | None = None  # required when frequency is a number
    note: str | None = None
    # Characteristic of the condition (saddle anaesthesia in cauda equina): when present, many
    # weak findings the condition does not list cannot drown it.
    hallmark: bool = False

    @field_validator("frequency")
    @classmethod
    def _in_range(cls, value: Frequency | float) -> Frequency | float:
        if isinstance(value, float) and not 0.0 < value < 1.0:
            raise ValueError("a numeric frequency must be between 0 and 1 (exclusive)")
        return value


class Requirement(Strict):
    """A hard limit: the condition exists only when one of these findings holds (a sex, an age
    band, a state such as pregnancy or dialysis). Unknown, it scores the condition down by the
    findings' background rate; denied, or contradicted by an exclusive state, it rules it out."""

    any_of: list[str] = Field(min_length=1)
    label: str | None = None  # how the reason reads ("needs pregnancy: not stated"); default the labels
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value):
        return {"any_of": [value]} if isinstance(value, str) else value


class CriterionItem(Strict):
    label: str
    findings: list[str] = Field(min_length=1)  # met when any of them is present
    points: float = 1.0


class Criteria(Strict):
    """Diagnostic criteria or a score from the paper that defines it (shown, not scored)."""

    name: str
    source: str
    items: list[CriterionItem] = Field(min_length=1)
    threshold: float | None = None
    note: str | None = None


class Condition(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    synonyms: list[str] = []
    icd10: list[str] = Field(min_length=1)
    family: str
    prevalence: Prevalence
    prevalence_note: str | None = None
    severity: Severity
    # A brain lesion: it lies on the side opposite the limb it weakens, so "left anterior cerebral
    # artery" names a right-leg stroke.
    lesion_opposite_side: bool = False
    summary: str = Field(min_length=10)
    findings: list[FindingLink] = Field(min_length=2)
    criteria: list[Criteria] = []
    requires: list[Requirement] = []  # every requirement must hold
    excludes: list[str] = []  # any of these present rules the condition out
    # A state (hypokalaemia) that these diseases cause: a cause with evidence of its own beyond
    # the state's findings is not outranked by the state alone.
    state_of: list[str] = []
    red_flags: list[str] = []
    # Red flags that make this condition an emergency whatever its severity class (severe-range
    # blood pressure in pre-eclampsia): the others raise urgency by its severity.
    emergency_flags: list[str] = []
    workup: list[str] = []
    sources: list[str] = Field(min_length=1)

    @field_validator("icd10")
    @classmethod
    def _icd_format(cls, value: list[str]) -> list[str]:
        for code in value:
            if not ICD10_PATTERN.match(code):
                raise ValueError(f"'{code}' is not an ICD-10-CM code (e.g. G25.81)")
        return value


class QuestionOption(Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: str
    synonyms: list[str] = []  # typed answers that pick this option
    present: list[str] = []
    absent: list[str] = []


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    text: str
    group: FindingGroup
    options: list[QuestionOption] = Field(min_length=2)
    # The question applies only when one of these findings is present (empty: always).
    applies_if_any: list[str] = []
    # Findings whose mention means the text already answered it (default: every option finding).
    answered_by: list[str] = []
    # Conditions whose severity it grades: asked when one of them leads, however clear the lead,
    # since the answer changes what to do now though not the diagnosis (stridor at rest in croup).
    grades: list[str] = []


class Urgency(str, Enum):
    """The disposition of an answer, most urgent first."""

    emergency = "emergency"  # now
    urgent = "urgent"  # same day
    routine = "routine"
    self_care = "self_care"

    @property
    def rank(self) -> int:
        """0 for the most urgent: the members are declared most urgent first."""
        return list(Urgency).index(self)


class UrgencyFloor(Strict):
    """A presentation that is never below a disposition whatever its likeliest cause: a limping
    child needs examining even when the likeliest cause settles by itself, because the causes that
    must be excluded first (a septic joint, a slipped epiphysis) are not self-limiting."""

    all_of: list[str] = Field(min_length=1)  # finding ids, every one present
    any_of: list[str] = []  # finding ids, at least one present (none: no further condition)
    at_least: Urgency
    reason: str = Field(min_length=5)  # how the urgency's reason reads
    # What to do, in its own words, shown under the urgency line of every answer it applies to:
    # suicide risk gets an instruction, not only a level.
    advice: str | None = None
    source: str | None = None
    judgement: bool = False  # no source gives this floor; the authors' judgement
    note: str | None = None

    def met(self, present: Set[str]) -> bool:
        """Whether a message holding these findings meets the floor (with or without a differential)."""
        return set(self.all_of) <= present and (not self.any_of or bool(set(self.any_of) & present))

    @model_validator(mode="after")
    def _sourced_or_judged(self) -> UrgencyFloor:
        if self.source is None and not self.judgement:
            raise ValueError("an urgency floor needs a 'source' or 'judgement: true'")
        return self


class UrgencyRules(Strict):
    """Thresholds that turn red flags and the differential into a disposition (judgements)."""

    red_flag: dict[Severity, Urgency]  # a red flag of a condition of this severity sets at least this
    critical_mass_emergency: float = Field(gt=0.0, le=1.0)  # P(some critical condition)
    critical_mass_urgent: float = Field(gt=0.0, le=1.0)
    serious_mass_urgent: float = Field(gt=0.0, le=1.0)  # P(some serious or critical condition)
    mild_mass_self_care: float = Field(gt=0.0, le=1.0)  # P(some mild condition) for self care
    # A red flag makes an emergency only for a condition at least this probable; below it, urgent.
    emergency_flag_floor: float = Field(default=0.0, ge=0.0, le=1.0)
    # The masses above count only conditions at least this probable each: the tail of a large
    # knowledge base is not evidence of danger.
    mass_member_floor: float = Field(default=0.0, ge=0.0, le=1.0)
    floors: list[UrgencyFloor] = []


class Cutoffs(Strict):
    """How many of each thing an answer lists or a search looks at: judgements of length, not of
    probability (scoring.yaml ``cutoffs``)."""

    reasons_for: int = Field(default=5, ge=1)  # findings for a condition, strongest first
    reasons_against: int = Field(default=4, ge=1)  # findings against it
    critical_search: int = Field(default=60, ge=1)  # critical conditions kept in do-not-miss: among the first N
    critical_kept: int = Field(default=3, ge=0)  # at most this many beyond do_not_miss_max
    rare: int = Field(default=3, ge=0)  # conditions in the rare tier
    red_flag_search: int = Field(default=40, ge=1)  # conditions a red flag may name: among the first N
    red_flag_names: int = Field(default=3, ge=1)  # conditions named on one red-flag line
    changes: int = Field(default=6, ge=1)  # "what changed" lines after a follow-up


class Scoring(Strict):
    """Numbers of the scoring model; each is a judgement, documented in scoring.yaml."""

    frequency: dict[Frequency, float]
    prevalence_prior: dict[Prevalence, float]
    severity_weight: dict[Severity, float]
    leak_factor: dict[FindingGroup, float]
    anatomy_mismatch: float = Field(gt=0.0, lt=1.0)
    exclusive_regions: list[str] = []
    against_factor: float = Field(gt=0.0, lt=1.0)
    other_likely_floor: float = Field(gt=0.0, lt=1.0)
    do_not_miss_floor: float = Field(gt=0.0, lt=1.0)
    max_per_tier: int = Field(ge=1)
    do_not_miss_max: int = Field(ge=1)
    leader_clear: float = Field(gt=0.0, lt=1.0)
    max_questions: int = Field(ge=0)
    # Findings of which a patient has one at most (a sex, an age band): one stated denies the others.
    exclusive_states: list[list[str]] = []
    # Ages and sexes a condition's profile covers: a member it does not list, when it lists another,
    # shares what the listed ones leave of P = 1, its likelihood ratio never below ``profile_floor``.
    demographic_profiles: list[list[str]] = []
    profile_floor: float = Field(default=0.2, gt=0.0, le=1.0)
    # With a hallmark present, unlisted findings together cannot lower a condition below this factor.
    hallmark_unlisted_floor: float = Field(default=1.0, gt=0.0, le=1.0)
    resemblance_weight: float = Field(default=0.0, ge=0.0)  # log-likelihood per unit of cosine (bot/resemblance.py)
    resemblance_words: tuple[int, int] = (0, 1)  # known words of a case: below the first no weight, full from the second
    resemblance_temper: float = Field(default=0.0, ge=0.0)  # the temperature's rise when words weigh in fully
    # Probabilities are stated tempered by sqrt(findings stated / this), when above 1; 0 = never.
    independent_findings: float = Field(default=0.0, ge=0.0)
    # A cause whose own findings (beyond its state's) reach this likelihood ratio ranks above the state.
    cause_own_evidence: float = Field(default=2.0, gt=1.0)
    urgency: UrgencyRules | None = None
    # Words for probabilities in answers: the first band whose floor the posterior reaches.
    bands: dict[str, float] = {}
    cutoffs: Cutoffs = Cutoffs()


class Cluster(Strict):
    """A complaint cluster: the findings and the words by which a message raises it."""

    id: str = Field(pattern=ID_PATTERN)
    label: str
    findings: list[str] = []  # a present finding (or one implying it) raises the cluster
    # A symptom, sign, lab or imaging finding most of whose conditions are in these families raises
    # it too, so a family's own vocabulary need not be listed here finding by finding.
    families: list[str] = []
    phrases: list[str] = []  # words for complaints the findings vocabulary does not hold


class ScopeData(Strict):
    """What the knowledge covers, as complaint clusters (scope.yaml)."""

    covered: list[str] = Field(min_length=1)
    clusters: list[Cluster] = Field(min_length=1)
    # Findings of many body systems (vomiting, poor feeding): they raise no cluster by family, so
    # a headache with vomiting is not taken for an abdominal complaint.
    general_findings: list[str] = []
    negations: list[str] = []  # a phrase after one of these, in the same clause, is denied
    # An out-of-scope message still gets an urgency: an emergency finding (``emergency: true``) or
    # one of these words makes it an emergency, a red-flag finding makes it urgent at least.
    emergency_phrases: list[str] = []

    def covered_labels(self) -> list[str]:
        """The covered clusters as the clinician reads them ("chest, heart or breathing")."""
        labels = {c.id: c.label for c in self.clusters}
        return [labels[c] for c in self.covered]
