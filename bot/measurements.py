"""Measured values in a message ("BP 85/50", "T 101.5F", "glucose 2.1 mmol/L", "CK 12,000").

Which names an analyte goes by, the unit its thresholds use, the other units it is written in
and the thresholds themselves are knowledge (``analytes.yaml`` and each finding's ``lab``
rules). Only the shape of "name, number, unit" is code. pint converts units, including
mass to molar concentration through the analyte's molar mass; a value written without a unit
is taken in the unit whose plausible range holds it (Hb 7.9 is g/dL, Hb 79 is g/L), and a value
no unit makes plausible is not a reading ("T2 lesion" is no temperature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import Knowledge
from knowledge.schema import Analyte, LabRule
from knowledge.units import convert

_ADULT = 18  # years: a worked-out BMI is judged on adults' cut-offs only

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class Reading:
    """One measured value, in its analyte's own unit; ``bound`` "<" or ">" when a report gives
    only a limit ("TSH <0.01", "CRP >200")."""

    analyte: str
    value: float
    bound: str | None = None
    # It denies nothing when a later value of a trend replaced it ("platelets 250 -> 90") or when,
    # written without a unit, it is plausible in two ("glucose 45": mg/dL or mmol/L).
    denies_nothing: bool = False
    adults_only: bool = False  # worked out with adults' cut-offs (a BMI from height and weight)


# Exam stems report a value with a verb between name and number ("osmolality is reported at 260",
# "TSH was found to be 12", "calcium is elevated at 12.1", "a creatinine of about 2.7"), and name
# the quantity measured after the analyte ("a sodium level of 118", "a creatinine concentration of 2.7").
_REPORTED = r"(?:(?:reported|measured|estimated|found|noted|recorded|elevated|increased|raised|decreased|reduced|low|high)\s+(?:to\s+be|at|as|of)?\s*)?"

# A value told as roughly so, after a verb or straight after its name ("a creatinine of about
# 2.7", "HR about 130", "sats around 90").
_ROUGHLY = r"(?:approximately|approx\.?|about|around|roughly|nearly|almost|circa)"

# A limit in place of a value ("TSH <0.01", "CRP > 200", "less than 5"): the value is past it.
_BOUND = r"[<>≤≥]=?|less\s+than|greater\s+than|more\s+than|below|above|under|over"

# A normal result with an exception after it ("electrolytes normal except a sodium of 124") denies nothing.
_EXCEPTION = r"\s*,?\s*(?:except|apart\s+from|other\s+than|but|save\s+for)"
_NO_EXCEPTION = rf"(?!{_EXCEPTION})"

# A list of results said normal: names joined by commas or "and", then "normal" after them or before.
_LIST_JOIN = re.compile(r"\s*(?:,\s*and|,|and|&)\s*(?:the\s+)?", re.IGNORECASE)
_SAID_NORMAL_AFTER = re.compile(
    r"(?:\s+(?:levels?|results?|tests?|studies|panel|screen|profile))?\s+(?:(?:is|are|was|were)\s+)?(?:all\s+)?"
    rf"(?:normal|within\s+(?:the\s+)?normal\s+(?:limits|range)|unremarkable|wnl)\b{_NO_EXCEPTION}",
    re.IGNORECASE,
)
_NORMAL_BEFORE = re.compile(r"\bnormal\s+$", re.IGNORECASE)
# A clause that lists tests, some of no analyte read here, and says them all normal ("LFTs,
# ferritin level, vitamin B12 level, coagulation studies, and urinalysis are normal"). Items are
# words, not values: "ferritin 8, and TSH normal" is no such list.
_ITEM = r"(?!\d+\b)[\w-]+(?:\s+(?!\d+\b)[\w-]+){0,3}"
_NORMAL_LIST = re.compile(
    rf"(?:^|(?<=[.;:\n]))\s*((?:{_ITEM}\s*(?:,\s*(?:and\s+)?|\s+and\s+))+{_ITEM})\s+(?:are|were)\s+(?:all\s+)?"
    rf"(?:normal|within\s+(?:the\s+)?normal\s+(?:limits|range)|unremarkable|wnl)\b{_NO_EXCEPTION}",
    re.IGNORECASE,
)
_EXCEPTION_AFTER = re.compile(_EXCEPTION, re.IGNORECASE)

# A trend after a value ("platelets 250 -> 90", "Hb 13.1 then 7.2", "creatinine from 75 to 310"):
# the last value is the patient's now.
_TREND = re.compile(
    rf"\s*(?:->|-->|→|=>|then|to|,?\s*now|,?\s*(?:falling|rising|dropping|increasing|decreasing)\s+to|and\s+then)\s*~?\s*{_NUMBER}(?![\d.])(?!\s*(?:times|x\b|a\s+day|per\b|/))",
    re.IGNORECASE,
)

# The end of a sentence or clause (a decimal point is no end): a list's heading does not reach past it.
_CLAUSE_END = re.compile(r"[.;]\s|\n")

# A row of a results table: a short line of name and value, no sentence in it ("Protein 4+",
# "Leukocyte count 2400/mm3 (92% neutrophils)", "Hb%: 14 gm/dL").
_TABLE_ROW = re.compile(r"(?!.*[.;]\s)[^\n]{1,80}")

# A blood pressure told with the limb it was taken on, the limb after the value or before it.
_LIMB = r"arms?|upper\s+(?:extremit(?:y|ies)|limbs?)|legs?|thighs?|ankles?|lower\s+(?:extremit(?:y|ies)|limbs?)"
_ON_LIMB = r"(?:in|on|at)\s+(?:the\s+|his\s+|her\s+|both\s+)?(?:(?:right|left)\s+)?"
_LIMB_PRESSURE = re.compile(
    rf"\b(?P<sbp>\d{{2,3}})\s*/\s*\d{{2,3}}\s*(?:mm\s*hg)?\s*{_ON_LIMB}(?P<limb>{_LIMB})\b"
    rf"|\b{_ON_LIMB}(?P<limb2>{_LIMB})\b[\s,]*(?:(?:it|the\s+(?:blood\s+)?pressure|blood\s+pressure|bp)\s+)?(?:is|was|of|:)?\s*(?P<sbp2>\d{{2,3}})\s*/\s*\d{{2,3}}\b",
    re.IGNORECASE,
)
_LEG = re.compile(r"legs?|thighs?|ankles?|lower", re.IGNORECASE)

# A pressure with the posture it was taken in, before or after it, a few characters away.
_PRESSURE = re.compile(r"\b(\d{2,3})\s*/\s*(\d{2,3})\b")
_POSTURE = re.compile(r"\b(?:(?P<up>standing|upright|stood)|lying(?:\s+down)?|supine|recumbent|sitting|seated)\b", re.IGNORECASE)
# A height told before the word "tall" ("175 cm (5 ft 9 in) tall", "5'4\" tall", "5 ft tall").
_TALL = re.compile(
    r"\b(?:(?P<cm>\d{2,3})\s*cm|(?P<ft>[4-7])\s*(?:ft|feet|foot|')\s*(?:(?P<inch>\d{1,2})\s*(?:in|inches|\"|'')?)?)"
    r"\s*(?:\([^)]{1,25}\)\s*)?tall\b",
    re.IGNORECASE,
)
_POSTURE_GAP = 25  # characters between a pressure and its posture ("lying down it is 132/80")
_BREAK = re.compile(r"[,;:()]")

# An ultrasound or echo measure is written with "measuring" or "estimated" in place of "of"
# ("endometrium measuring 9 mm", "the endometrial stripe measures 14 mm", "ejection fraction estimated at 35%").
# A value told as a change ("rose to 39", "has gone up to 38.5", "fell from 88"; "from 94 to 118" is rewritten to
# "from 118"), as a peak ("reached 39.4", "temp up to 38.5") or as a result that "came back at 6.2".
_CHANGED = r"(?:rises|rose|risen|rising|falls|fell|fallen|falling|increases|increased|increasing|decreases|decreased|decreasing|declined|drops|dropped|dropping|climbs|climbed|climbing|jumped|went|goes|gone)"
_MEASURING = (
    rf"(?:measur(?:ing|es|ed)|estimated)(?:\s+at)?|(?:(?:has|have|had)\s+)?{_CHANGED}(?:\s+(?:up|down|back))?\s+to"
    r"|came\s+back\s+(?:at|as)|(?:(?:has|have|had)\s+)?(?:reached|reaches|reaching|peaked\s+at|peaks\s+at|peaking\s+at)|up\s+to"
)

# A later value told after the first with a time between ("Hb was 14.1 at a checkup last month and
# is now 9.8", "lactate 1.2 on arrival and 5.6 three hours later", "creatinine 0.8 before the
# antibiotic and 2.6 now"): the patient's now is the later value. The words between hold no number,
# no clause end and no colon, so the second value is this analyte's.
_WHEN_BETWEEN = r"[^.;:\d\n]{0,50}?\s*(?:,|\band\b|\bbut\b|\bwhile\b)\s*(?:(?:it|this|the\s+level|the\s+value)\s+)?"
_LATER_VALUE = re.compile(
    rf"{_WHEN_BETWEEN}(?:(?:is|was|has|had|have)\s+(?:{_CHANGED}\s+)?(?:to\s+)?)?(?:now|currently|today)\s+(?:(?:is|at|of)\s+)?~?\s*(?P<now>{_NUMBER})(?![\d.])"
    rf"|{_WHEN_BETWEEN}~?\s*(?P<later>{_NUMBER})(?![\d.])\s*(?:[^\s\d,;.]+\s*)?(?:(?:\w+\s+){{1,2}}later|now|today|this\s+morning|currently)\b",
    re.IGNORECASE,
)

# A home device's reading, as a family tells it ("the oxygen monitor reads 88%", "sats are reading 90").
_DEVICE_READS = r"(?:(?:is|are|was|were)\s+)?(?:reads|read|reading|says|said|gives|gave)"


class MeasurementReader:
    """Built once from the knowledge: one pattern over every analyte name and written unit."""

    def __init__(self, kb: Knowledge):
        self.analytes = kb.analytes
        self._by_name = {name: aid for aid, a in kb.analytes.items() for name in a.names}
        self._units: dict[str, dict[str, str | None]] = {}  # analyte -> written unit -> pint expression
        for aid, a in kb.analytes.items():
            table = {w.lower(): a.unit for w in a.written}  # a plain number's unit maps to None
            for other in a.other_units:
                table.update({w.lower(): other.unit for w in other.written})
            self._units[aid] = {spelt: unit for w, unit in table.items() for spelt in _micro_spellings(w)}
        written = {w for table in self._units.values() for w in table}
        units = "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True)) or "(?!)"
        # "Urine dipstick: SG 1.020, pH 7.5": a bare name in a list headed by another fluid is that
        # fluid's analyte, the one whose longer name is that fluid's word before the bare name
        # ("urine ph"), so that the list's values are not read as the blood's.
        self._by_heading: dict[str, dict[str, str]] = {}  # bare name -> fluid word -> analyte
        self._fluid_word: dict[str, re.Pattern] = {
            w: re.compile(rf"(?<!\w){re.escape(w)}(?!\w)") for w in kb.language.specimen_words
        }
        specimens = set(kb.language.specimen_words)
        self._procedures = [
            (re.compile(rf"(?<!\w){re.escape(p)}(?!\w)"), fluid) for p, fluid in kb.language.specimen_procedures.items()
        ]
        for longer, fluid_aid in self._by_name.items():
            words = longer.split()
            if words[0] not in specimens:
                continue
            for k in range(1, len(words)):  # every shorter name the longer one ends with
                name = " ".join(words[k:])
                if self._by_name.get(name) == fluid_aid:
                    continue
                # A name of the fluid's alone ("protein" of "csf protein") is read only under the fluid's
                # heading; not a shorter tail ("level" of "csf protein level"), nor one that would hide
                # the blood's name ("sodium concentration" would hide "sodium" where no heading says urine).
                if name not in self._by_name and (k > 1 or _starts_with_name(name, self._by_name)):
                    continue
                self._by_heading.setdefault(name, {}).setdefault(words[0], fluid_aid)
        names = "|".join(re.escape(n) for n in sorted(self._by_name.keys() | self._by_heading.keys(), key=len, reverse=True))
        self._pattern = re.compile(
            rf"(?<![\w+-])(?P<name>{names})(?![\w])(?:\s*\([^)]{{1,30}}\))?\s*(?:(?:levels?|concentrations?)\s*)?"
            rf"(?:(?:(?:(?:is|are|was|were|has\s+been)\s+)?(?:now|currently)|of|is|are|was|were|at|shows?|showed|reveals?|revealed|the\s+age\s+of|=|:|-|(?:{_CHANGED}\s+)?from|{_MEASURING}|{_DEVICE_READS})\s*{_REPORTED})?\s*(?:{_ROUGHLY}\s+)?~?\s*(?P<bound>{_BOUND})?\s*(?P<v1>{_NUMBER})(?!\.?\d)(?:\s*/\s*(?P<v2>\d{{2,3}})\b)?"
            rf"(?:\s*(?P<unit>{units})(?![\w/]))?(?P<unknown>(?:\s*[-–]\s*[\d.]+)?\s*/\s*[a-z]|\s+(?:years|yrs|months|weeks|wks|days|hours|hrs|minutes|mins|(?:year|month|week|day|hour|minute)\s+ago)\b)?",
            re.IGNORECASE,
        )
        shared = "|".join(re.escape(n) for n, aid in self._by_name.items() if kb.analytes[aid].share) or "(?!)"
        # "with 13% eosinophils", "85% are lymphocytes", "90% of which are blasts"; on one line, since in
        # a table "Neutrophils 60%" over "Eosinophils 2%" the 60 is the neutrophils'
        self._share_first = re.compile(
            rf"\b(?P<v>\d{{1,2}}(?:\.\d)?)[ \t]*%[ \t]+(?:(?:of[ \t]+(?:which|them|these|the[ \t]+cells)[ \t]+)?(?:are|were|being)[ \t]+)?(?P<name>{shared})\b",
            re.IGNORECASE,
        )
        self._panels = {name.lower(): list(analytes) for name, analytes in kb.language.lab_panels.items()}
        self._panels.update({n: [aid] for n, aid in self._by_name.items() if len(n) >= 3 or n == "hb"})
        said = "|".join(re.escape(n) for n in sorted(self._panels, key=len, reverse=True))
        self._panel_name = re.compile(rf"(?<![\w&])(?:{said})(?![\w&])", re.IGNORECASE)
        self._count_of = {a.share: aid for aid, a in kb.analytes.items() if a.share}  # share -> its count
        self._rules: dict[str, list[tuple[str, LabRule]]] = {}
        for fid, f in kb.findings.items():
            for rule in f.lab:
                self._rules.setdefault(rule.analyte, []).append((fid, rule))

    def read(self, text: str) -> list[Reading]:
        """Every plausible measured value in the text, in its analyte's unit."""
        out = []
        for m in self._pattern.finditer(text):
            if m.group("unknown") and not m.group("unit"):
                continue  # a unit this analyte is not read in ("WBC 50/hpf" is urine, "PsA 3 years ago" no PSA)
            aid = self._headed(text, m.start(), m.group("name").lower()) or self._by_name.get(m.group("name").lower())
            if aid is None:
                continue  # a fluid's bare name ("protein 182") with no heading naming the fluid
            written = (m.group("unit") or "").lower()
            share = self.analytes[aid].share
            if share and written == "%" and "%" not in self._units[aid]:
                aid, written = share, ""  # "eosinophils 13%": a share of the white cells
            if written and written not in self._units[aid]:
                continue  # another analyte's unit: "lymphocytes 45%" is a share, not a count
            unit = self._units[aid].get(written)
            value = _in_own_unit(self.analytes[aid], float(m.group("v1").replace(",", "")), unit)
            trend = _TREND.match(text, m.end())
            told_later = trend.group(1) if trend else _later_value(text, m.end())
            later = _in_own_unit(self.analytes[aid], float(told_later.replace(",", "")), unit) if told_later else None
            if value is not None:
                unsure = unit is None and _plausible_in_two(self.analytes[aid], value)
                out.append(Reading(aid, value, _bound(m.group("bound")), denies_nothing=later is not None or unsure))
            if later is not None:
                out.append(Reading(aid, later))
            second = self.analytes[aid].second
            if m.group("v2") and second:
                value = _in_own_unit(self.analytes[second], float(m.group("v2")), None)
                if value is not None:
                    out.append(Reading(second, value))
        for m in self._share_first.finditer(text):  # "with 13% eosinophils"
            share = self.analytes[self._by_name[m.group("name").lower()]].share
            if share:
                out.append(Reading(share, float(m.group("v"))))
        out += self._counts_from_shares(out)
        return (
            out
            + _limb_pressures(text, told=any(r.analyte == "systolic_bp" for r in out))
            + _postural_falls(text)
            + _mentzer_index(out)
            + _body_mass_index(text, out)
            + _pulse_pressure(out)
        )

    def _counts_from_shares(self, readings: list[Reading]) -> list[Reading]:
        """A differential's percentage times the white count told with it ("WBC 25,000/mm3,
        lymphocytes 80%") is the cell's absolute count, the unit the findings' thresholds use."""
        wcc = next((r.value for r in readings if r.analyte == "wcc"), None)
        if wcc is None:
            return []
        return [Reading(self._count_of[r.analyte], wcc * r.value / 100) for r in readings if r.analyte in self._count_of]

    def _headed(self, text: str, start: int, name: str) -> str | None:
        """The analyte of the fluid heading the list a bare name stands in, if any ("Urinalysis: ... pH 7.0"),
        or of the fluid its sentence named before it ("Lumbar puncture shows a leukocyte count of 800/mm3")."""
        fluids = self._by_heading.get(name)
        if not fluids:
            return None
        before = text[:start]
        clause = _CLAUSE_END.split(before)[-1].lower()
        if ":" not in clause and (heading := _table_heading(before, len(before) - len(clause))):
            clause = heading
        if ":" in clause:
            clause = re.split(r"[:,]", clause[: clause.rindex(":")])[-1]  # "CSF: WCC 500, blood: WCC 18"
        for procedure, fluid in self._procedures:
            clause = procedure.sub(fluid, clause)
        named = [(m.start(), aid) for word, aid in fluids.items() for m in self._fluid_word[word].finditer(clause)]
        return max(named)[1] if named else None  # the fluid named last before the value

    def said_normal(self, text: str) -> set[str]:
        """Findings of the analytes a message says are normal, by name or by their panel ("LFTs
        normal", "CBC, CMP and TSH are normal", "a normal full blood count")."""
        runs: list[list[re.Match]] = []  # names in a row, joined by commas or "and"
        for m in self._panel_name.finditer(text):
            if runs and _LIST_JOIN.fullmatch(text, runs[-1][-1].end(), m.start()):
                runs[-1].append(m)
            else:
                runs.append([m])
        analytes = {
            aid
            for run in runs
            if _SAID_NORMAL_AFTER.match(text, run[-1].end())
            or (_NORMAL_BEFORE.search(text, 0, run[0].start()) and _EXCEPTION_AFTER.match(text, run[-1].end()) is None)
            for m in run
            for aid in self._panels[m.group(0).lower()]
        }
        for listed in _NORMAL_LIST.finditer(text):
            names = self._panel_name.finditer(text, listed.start(1), listed.end(1))
            analytes |= {aid for m in names for aid in self._panels[m.group(0).lower()]}
        return {fid for aid in analytes for fid, _ in self._rules.get(aid, [])}

    def verdicts(self, readings: list[Reading], age: float | None) -> tuple[set[str], set[str]]:
        """(findings whose threshold a reading crosses, findings a reading of theirs does not cross).

        A value measured and normal is a finding looked for and not found: "temperature 37.0"
        denies a fever, "sodium 139" a low and a high sodium. A limit ("TSH <0.01") denies nothing."""
        crossed: dict[str, list[LabRule]] = {}
        normal: set[str] = set()
        for reading in readings:
            if reading.adults_only and age is not None and age < _ADULT:
                continue
            by_finding: dict[str, list[LabRule]] = {}
            for fid, rule in self._rules.get(reading.analyte, []):
                by_finding.setdefault(fid, []).append(rule)
            for fid, rules in by_finding.items():
                own = _for_age(rules, age)
                if hits := [rule for rule in own if _crosses(rule, reading)]:
                    crossed.setdefault(fid, []).extend(hits)
                elif own and reading.bound is None and not reading.denies_nothing:
                    normal.add(fid)
        present = {fid for fid, rules in crossed.items() if any(crossed.keys().isdisjoint(r.unless) for r in rules)}
        return present, normal - crossed.keys()


def _later_value(text: str, end: int) -> str | None:
    """The value told later than the one ending at ``end`` (``_LATER_VALUE``), as written."""
    m = _LATER_VALUE.match(text, end)
    return (m.group("now") or m.group("later")) if m else None


def _micro_spellings(unit: str) -> set[str]:
    """A micro unit as reports spell it: the micro sign, the Greek mu, "u" and "mc" ("µg/dL",
    "μg/dL", "ug/dL", "mcg/dL") are one unit, whichever of them the knowledge wrote down."""
    for micro in ("µ", "μ", "mc", "u"):
        rest = unit[len(micro) :]
        if unit.startswith(micro) and rest[:1] in ("g", "m", "u", "i", "l"):
            return {unit} | {m + rest for m in ("µ", "μ", "u")} | ({"mc" + rest} if rest[:1] == "g" else set())
    return {unit}


def _limb_pressures(text: str, told: bool) -> list[Reading]:
    """The systolic differences that pressures taken on two limbs tell ("182/104 mm Hg in the right
    arm and 138/80 mm Hg in the left arm"; "in the right arm 160/90, in the leg it is 110/70"):
    between the arms, and of the arm over the leg; their thresholds are the findings' rules. The
    first arm's pressure is the blood pressure when no other was ``told`` by name and value."""
    arms: list[float] = []
    legs: list[float] = []
    for m in _LIMB_PRESSURE.finditer(text):
        systolic = float(m.group("sbp") or m.group("sbp2"))
        (legs if _LEG.match(m.group("limb") or m.group("limb2")) else arms).append(systolic)
    out = [] if told or not arms else [Reading("systolic_bp", arms[0])]
    if len(arms) >= 2:
        out.append(Reading("interarm_sbp_difference", max(arms) - min(arms)))
    if arms and legs:
        out.append(Reading("arm_leg_sbp_gradient", arms[0] - legs[0]))
    return out


def _mentzer_index(readings: list[Reading]) -> list[Reading]:
    """The MCV (fL) over the red cell count (10^12/L) when a report gives both: under 13 points to
    thalassaemia trait rather than iron deficiency (Mentzer 1973); the finding's rule holds the cut."""
    mcv = next((r.value for r in readings if r.analyte == "mcv" and not r.bound), None)
    rbc = next((r.value for r in readings if r.analyte == "rbc_count" and not r.bound), None)
    return [Reading("mentzer_index", mcv / rbc)] if mcv and rbc else []


def _pulse_pressure(readings: list[Reading]) -> list[Reading]:
    """The first blood pressure's systolic minus its diastolic ("BP 160/50" is 110): a wide one is an
    exam's clue to a leaking aortic valve or a high-output state, given only as the two numbers."""
    if any(r.analyte == "pulse_pressure" for r in readings):
        return []
    for first, second in zip(readings, readings[1:]):
        if first.analyte == "systolic_bp" and second.analyte == "diastolic_bp" and not first.bound:
            return [Reading("pulse_pressure", first.value - second.value)]
    return []


def _body_mass_index(text: str, readings: list[Reading]) -> list[Reading]:
    """The weight (kg) over the height (m) squared when a case tells both and no BMI ("170 cm tall
    and weighs 110 kg"): exam stems and referral letters give the two and leave the sum to the
    reader. Its cut-offs are adults' (WHO 2000), so the reading is marked for adults only."""
    if any(r.analyte == "bmi" for r in readings):
        return []
    weight = next((r.value for r in readings if r.analyte == "weight" and not r.bound and not r.denies_nothing), None)
    height = next((r.value for r in readings if r.analyte == "height" and not r.bound and not r.denies_nothing), None)
    if height is None and (m := _TALL.search(text)):
        height = float(m.group("cm")) if m.group("cm") else (int(m.group("ft")) * 12 + int(m.group("inch") or 0)) * 2.54
    if not weight or not height or height < 100:
        return []
    return [Reading("bmi", weight / (height / 100) ** 2, adults_only=True)]


def _postural_falls(text: str) -> list[Reading]:
    """The fall of the blood pressure from lying or sitting to standing, when a sentence tells both
    with their postures ("BP 132/80 lying and 104/66 standing", "supine 128/76, standing 100/60").
    Its thresholds are the finding's rules (20 systolic or 10 diastolic, Freeman 2011)."""
    out = []
    for sentence in _CLAUSE_END.split(text):
        postures = [(m.start(), m.end(), bool(m.group("up"))) for m in _POSTURE.finditer(sentence)]
        pressures = list(_PRESSURE.finditer(sentence))
        if not postures or not pressures:
            continue
        before = postures[0][0] < pressures[0].start()  # "supine 128/76, standing 100/60"; else "120/80 lying"
        told: dict[bool, tuple[int, int]] = {}
        for m in pressures:
            gaps = [(m.start() - end if before else start - m.end(), up) for start, end, up in postures]
            near = min(((gap, up) for gap, up in gaps if 0 <= gap <= _POSTURE_GAP), default=None)
            if near is not None:
                told.setdefault(near[1], (int(m.group(1)), int(m.group(2))))
        if len(told) == 2:
            (low_s, low_d), (up_s, up_d) = told[False], told[True]
            out += [Reading("postural_sbp_fall", low_s - up_s), Reading("postural_dbp_fall", low_d - up_d)]
    return out


def beside_a_pressure(sentence: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` of ``sentence`` are a few characters from a blood pressure,
    with no comma between: the posture it was taken in ("126/74 mm Hg standing", "supine BP
    128/76"), not a trigger of the complaint ("faint on standing, BP 120/80")."""
    for m in _PRESSURE.finditer(sentence):
        between = sentence[m.end() : start] if m.end() <= start else sentence[end : m.start()]
        if len(between) <= _POSTURE_GAP and not _BREAK.search(between):
            return True
    return False


def _starts_with_name(name: str, names: dict[str, str]) -> bool:
    """Whether a shorter analyte name opens ``name`` ("sodium" in "sodium concentration")."""
    words = name.split()
    return any(" ".join(words[:k]) in names for k in range(1, len(words)))


def _table_heading(before: str, row_start: int) -> str | None:
    """The heading of the table a row stands in, lower case and with its colon, when the row
    opens its line: exam stems set results out one per line under "Cerebrospinal fluid
    analysis shows:" or "Urinalysis:", and a bare "Glucose 18 mg/dL" there is that fluid's.
    The nearest heading above counts, across rows only: a line of prose ends the table."""
    if row_start and before[row_start - 1] != "\n":
        return None  # the value's clause began mid-line: prose, not a table row
    for line in reversed(before[: max(row_start - 1, 0)].split("\n")):
        line = line.strip()
        if line.endswith(":"):
            return _CLAUSE_END.split(line)[-1].lower()
        if not _TABLE_ROW.fullmatch(line):
            return None
    return None


def _bound(written: str | None) -> str | None:
    """ "<", ">" or None: which side of its number a limit puts the value."""
    if not written:
        return None
    return "<" if written[0] in "<≤" or written.startswith(("less", "below", "under")) else ">"


def _for_age(rules: list[LabRule], age: float | None) -> list[LabRule]:
    """The rules of the patient's age band, else the rules without a band (adults)."""
    if age is not None:
        banded = [r for r in rules if r.ages and r.ages[0] <= age < r.ages[1]]
        if banded:
            return banded
    return [r for r in rules if r.ages is None]


def _crosses(rule: LabRule, reading: Reading) -> bool:
    """Whether the reading is past the rule's threshold; a limit only meets a threshold on its own
    side ("TSH <0.01" is below 0.4; "HbA1c <7%" is not known to be over 6.5)."""
    value, bound = reading.value, reading.bound
    if rule.below is not None and bound != ">" and (value <= rule.below if bound else value < rule.below):
        return True
    return rule.above is not None and bound != "<" and (value >= rule.above if bound else value > rule.above)


def _plausible_in_two(analyte: Analyte, value: float) -> bool:
    """Whether a value written without a unit is plausible in more than one of the analyte's units."""
    ranges = [analyte.plausible, *(u.plausible for u in analyte.other_units)]
    return sum(1 for r in ranges if r is not None and r[0] <= value <= r[1]) > 1


def _in_own_unit(analyte: Analyte, value: float, unit: str | None) -> float | None:
    """The value in the analyte's unit, or None when no unit makes it plausible."""
    if unit is None:  # no unit written: the first unit whose plausible range holds the value
        if analyte.plausible is None or analyte.plausible[0] <= value <= analyte.plausible[1]:
            return value
        unit = next((u.unit for u in analyte.other_units if u.plausible[0] <= value <= u.plausible[1]), None)
        if unit is None:
            return None
    if unit == analyte.unit:
        return value
    return convert(value, unit, analyte.unit, analyte.molar_mass)
