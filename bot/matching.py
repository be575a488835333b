"""The vocabulary's phrases found in a message by normalised word, not by exact spelling.

Each word is compared by its lemma (spaCy's English lookup table from ``spacy-lookups-data``,
with the clinical exceptions in ``language.yaml``), so "collapsed" meets "collapse" and "calves"
meets "calf"; a longer word that is no English word and one letter from a vocabulary word is
read as that word ("numbess"), and so is one with a short word glued on by a missing space
("swellingin"). A phrase may also have a possessive, a side or a count inserted
in it ("swelling of both legs", "thrombus in the left popliteal vein"), and one describing word
that is a finding of its own ("cold painful foot" is a cold foot that is painful). Shorthand is
written out first (``shorthand`` in ``language.yaml``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.lean_imports import import_spacy
from bot.reference_ranges import ReferenceRanges
from bot.spelling import american
from knowledge import Knowledge
from knowledge.schema import FindingGroup, Language

import_spacy()  # before spaCy's first import: without its command line, a tenth of a second sooner

from spacy.tokens import Doc, Span  # noqa: E402
from spacy.util import filter_spans  # noqa: E402

_MIN_TYPO_LENGTH = 6
_MAX_INSERTED = 2
_COORDINATORS = {"and", "or"}
_PLACE_WORDS = {"in", "on", "at", "over", "of", "behind", "around"}
_DETERMINERS = {"the", "his", "her", "my", "their", "your"}
# "has" and "have" as a message writes them: a past finding's "had" phrase is not met by them.
_PRESENT_HAVE = frozenset({"has", "have", "having", "'s", "'ve"})
# A time up to now after a "has had" ("for four days", "since Monday"): the illness goes on.
_LASTING = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:since|for\s+(?:the\s+(?:last|past)\s+)?"
    r"(?:a|an|one|two|three|four|five|six|seven|\d+|several|a\s+few)\s+(?:hours?|days?|weeks?))\b",
    re.I,
)


def _placed(doc: Doc, side: Span) -> bool:
    """Whether a side is told as a place on the body ("in the left breast", "at the right base"),
    not as a direction ("radiating to the left arm") or part of a name ("left bundle branch")."""
    return side.start >= 2 and doc[side.start - 1].lower_ in _DETERMINERS and doc[side.start - 2].lower_ in _PLACE_WORDS


@lru_cache(maxsize=1)
def english_lemmas() -> dict[str, str]:
    """spaCy's English lookup lemmatiser table (word form -> lemma; derived from WordNet 3.0,
    Princeton licence, as ``spacy-lookups-data`` states)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))


def lemma_in(lemmas: dict[str, str], word: str) -> str:
    """The lemma of ``word`` in the table, in American spelling. The table holds some British forms
    and not others, so a word it lacks is looked up again spelt the American way ('haemorrhages'
    -> 'hemorrhages' -> 'hemorrhage')."""
    found = lemmas.get(word)
    if found is None:
        spelt = american(word)
        found = lemmas.get(spelt, spelt)
    return american(found)


def _swapped_pairs(words: list[str]) -> list[list[str]]:
    """The phrase with each two-word list in the other order ("pain and temperature" is also
    "temperature and pain")."""
    out = []
    for i in range(1, len(words) - 1):
        if words[i] in ("and", "or", "&") and words[i - 1].isalpha() and words[i + 1].isalpha():
            out.append(words[: i - 1] + [words[i + 1], words[i], words[i - 1]] + words[i + 2 :])
    return out


def _named_as_a_noun(words: list[str], nouns: dict[str, list[str]]) -> list[list[str]]:
    """A phrase that describes a thing ("enlarged thyroid", "absent thymic shadow", "bowel sounds
    absent") in the form of a noun, as reports write it: "enlargement of the thyroid", "absence of
    the thymic shadow", "lack of bowel sounds" (``nouns``: language.yaml ``nominal_forms``). A
    negation inside the phrase is the finding's own, as in "no thymic shadow" (the reader's
    negation skips a trigger inside a phrase)."""
    if len(words) < 2:
        return []
    if words[0] in nouns:
        word, thing = words[0], words[1:]
    elif words[-1] in nouns:
        word, thing = words[-1], words[:-1]
    else:
        return []
    return [[noun, "of", *thing] for noun in nouns[word]]


# A result named by its direction then its test ("raised creatinine") is also met with the
# specimen between them, as reports write it ("an elevated serum creatinine").
_DIRECTIONS = frozenset({"raised", "elevated", "high", "increased", "low", "decreased", "reduced"})
_SPECIMENS = ("serum", "plasma")


def _with_a_specimen(words: list[str]) -> list[list[str]]:
    """ "raised creatinine" -> "raised serum creatinine", "raised plasma creatinine"."""
    if len(words) < 2 or words[0] not in _DIRECTIONS or set(words) & set(_SPECIMENS):
        return []
    return [[words[0], specimen, *words[1:]] for specimen in _SPECIMENS]


class Shorthand:
    """Writes out chat shorthand ("c/o", "x3d", "b/l", "CP") and the sentence shapes that name a
    finding without its words ("HR 130 and irregular") before anything else reads them."""

    def __init__(self, language: Language, names: Callable[[str], bool]):
        def alternation(keys) -> str:
            return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) or "(?!)"

        self._loose = {k.lower(): v for k, v in language.shorthand.items()}
        self._exact = dict(language.shorthand_exact)
        bound_before, bound_after = r"(?<![\w/+'-])", r"(?![\w/+'])"
        self._loose_re = re.compile(bound_before + f"({alternation(self._loose)})" + bound_after, re.IGNORECASE)
        self._exact_re = re.compile(bound_before + f"({alternation(self._exact)})" + bound_after)
        self._rewrites = [(re.compile(r.pattern, re.IGNORECASE), r.replace) for r in [*language.durations, *language.rewrites]]
        self._stacked, self._adjective = _stacked_adjectives(language.stacked_adjectives)
        self._predicated = re.compile(
            rf"\b(?P<subject>[a-z]+\s+{_LINKING})\s+(?P<run>{self._adjective.pattern}(?:{_JOINED}{self._adjective.pattern})+)",
            re.IGNORECASE,
        )
        self._names = names  # whether words are a phrase of the vocabulary (PhraseReader.names)
        self._ranges = ReferenceRanges(names)

    def __call__(self, text: str) -> str:
        text = self._loose_re.sub(lambda m: self._loose[m.group(1).lower()], text)
        text = self._exact_re.sub(lambda m: self._exact[m.group(1)], text)
        text = self._ranges(text)
        text = self._stacked.sub(self._each_with_its_noun, text)
        text = self._predicated.sub(self._each_with_its_subject, text)
        for pattern, replace in self._rewrites:
            text = pattern.sub(replace, text)
        return text

    def _each_with_its_noun(self, m: re.Match) -> str:
        """ "an enlarged, nodular, nontender prostate" -> "an enlarged prostate, nodular prostate,
        nontender prostate": a word of the run that names a finding with the noun ("nodular
        prostate") is read with it; the words between stay before it ("a firm mobile lump")."""
        described = f"{m.group('rest')}{m.group('noun')}"
        # "black, sticky, really smelly stools": each word without its intensifier
        words = [_INTENSIFIER.sub("", a.group(0)) for a in self._adjective.finditer(m.group("run"))]
        run = " ".join(words)  # "a dilated, nonreactive (right) pupil": one phrase of the vocabulary
        if len(words) > 1 and (self._names(f"{run} {described}") or self._names(f"{run} {described.split()[-1]}")):
            return f"{run} {described}"
        pieces, waiting = [], []
        for word in words:
            if word[0].isdigit():
                continue  # a size: "2-cm"
            waiting.append(word)
            plain = re.sub(r"^non-?", "", word, flags=re.IGNORECASE)  # "nontender" is read as "tender", denied
            if self._names(f"{plain} {described}") or self._names(f"{plain} {m.group('noun')}"):
                pieces.append(f"{' '.join(waiting)} {described}")
                waiting = []
        if not pieces:
            return m.group(0)
        if waiting:
            pieces.append(f"{' '.join(waiting)} {described}")
        return (" or " if re.search(r"\bor\b", m.group("run")) else ", ").join(pieces)

    def _each_with_its_subject(self, m: re.Match) -> str:
        """ "my ear is itchy and painful" -> "my ear is itchy and painful and ear is painful": a
        describing word of a run after "is" that names a finding with the subject ("painful ear")
        is also said of it alone; the run stays whole for the phrases it makes itself ("red and
        swollen")."""
        subject = m.group("subject")
        noun = subject.split()[0]
        words = [_INTENSIFIER.sub("", a.group(0)) for a in self._adjective.finditer(m.group("run"))][1:]
        added = [f"{subject} {w}" for w in words if self._names(f"{w} {noun}")]
        return " and ".join([m.group(0), *added]) if added else m.group(0)


# A subject's verb before describing words said of it ("the knee is hot and swollen").
_LINKING = r"(?:is|are|was|were|feels?|felt|looks?|looked|became|becomes|has\s+become|have\s+become|went|goes|got)"
# Words that end a noun after a run of adjectives: "a firm, nontender lymph node in the neck".
_AFTER_NOUN = (
    r"(?:in|on|over|of|at|with|and|or|but|that|which|is|are|was|were|has|had|to|from|involving|measuring|extending"
    r"|overlying|without|since|for|this|today|yesterday|twice|once|again|last|every)\b"  # or when: "stools twice"
)
_JOINED = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_INTENSIFIERS = r"(?:really|very|quite|slightly|mildly|markedly|extremely)\s+"
_INTENSIFIER = re.compile(rf"^{_INTENSIFIERS}", re.IGNORECASE)


def _stacked_adjectives(words: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """Two or more describing words joined by commas, "and" or a space ("a red sticky eye"; a
    size such as "2-cm" may stand among them), then the noun they describe: one or two words up
    to a clause's end or a preposition. Also the pattern of one describing word."""
    listed = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    adjective = rf"(?:{_INTENSIFIERS})?(?:(?:non-?)?(?:{listed})|\d+(?:\.\d+)?[\s-]*(?:cm|mm))"
    noun_word = rf"(?!{_AFTER_NOUN})[a-z][a-z-]*"
    stacked = re.compile(
        rf"(?<![\w-])(?P<run>{adjective}(?:(?:{_JOINED}{adjective})+|(?:\s+{adjective})+))\s+(?P<rest>(?:{adjective}\s+)*)"
        rf"(?P<noun>{noun_word}(?:\s+{noun_word})?)(?=\s*(?:[,.;:)]|$)|\s+{_AFTER_NOUN})",
        re.IGNORECASE,
    )
    return stacked, re.compile(rf"(?<![\w-]){adjective}(?![\w-])", re.IGNORECASE)


class PhraseReader:
    """Finds finding phrases in a spaCy Doc and sets them as ``doc.ents`` (label: finding id)."""

    def __init__(self, nlp, kb: Knowledge):
        language = kb.language
        self._lemmas = {**english_lemmas(), **language.lemma_exceptions}
        self._known = set(self._lemmas) | set(self._lemmas.values()) | set(language.not_typos)
        self._glued = sorted({w.lower() for w in language.glued_words}, key=len, reverse=True)
        optional = {w.lower() for w in language.optional_words}
        nominal = {w.lower(): nouns for w, nouns in language.nominal_forms.items()}
        self._optional = optional  # articles and possessives: inserted freely ("on the edge of my lid")
        # Compared with each word's norm, its lemma: "is", "was", "are" are all "be".
        self._skip = optional | {self.lemma(w.lower()) for w in language.skip_words}
        self._describing = {self.lemma(w.lower()) for w in language.describing_words}
        self._sides = {fid for fid, f in kb.findings.items() if f.group == FindingGroup.laterality}
        self._other_reflexes = {self.lemma(w.lower()) for w in language.other_reflexes}
        self._neutral = {fid for fid, f in kb.findings.items() if f.neutral}  # "in the left lateral position"
        self._past = {fid for fid, f in kb.findings.items() if f.past}
        # A phrase may leave out its "is" or "are" as the message's are skipped ("pressure in the eyes
        # is high" meets "pressure in my eyes is high"); intensifiers stay ("very high calcium").
        droppable = optional | {"be"}
        turnable = {self.lemma(w.lower()) for w in [*language.predicative_words, *language.result_words]}
        # Phrases by their words' norms. A dict, not spaCy's PhraseMatcher: the matcher keeps a Doc
        # per phrase (about 5 kB each), which at 20,000 phrases held 110 MB in every web worker.
        self._patterns: dict[tuple[str, ...], str] = {}
        self._order: dict[str, int] = {}
        phrases: list[tuple[str, list[str]]] = []  # words, not Docs: a Doc costs about 5 kB
        turned: list[tuple[str, list[str]]] = []  # "the vomit was bloody" for "bloody vomit"
        # Shorter or reordered forms of a phrase ("since birth" of "since the birth") come after
        # every phrase as written: a phrase that another finding writes out wins.
        derived: list[tuple[str, list[str]]] = []
        seen: dict[tuple[str, ...], str] = {}
        # Phrases of two findings that read alike word by word ("crackling" and "crackles" are both
        # "crackle"): the later one can never be found. Lint cannot see it (it compares spellings).
        self.shadowed: list[tuple[str, str, str]] = []  # (phrase, its finding, the finding it reads as)
        for fid, f in kb.findings.items():
            self._order[fid] = len(self._order)
            for phrase in [f.label, *f.synonyms]:
                words = [t.lower_ for t in nlp.make_doc(phrase.lower().strip())]
                shorter = [w for w in words if w not in optional and self.lemma(w) not in droppable]
                derived += [(fid, shorter)] if 2 <= len(shorter) < len(words) else []  # "pitting of nails"
                derived += [(fid, pair) for pair in _swapped_pairs(words)]
                derived += [(fid, named) for named in _named_as_a_noun(words, nominal)]
                derived += [(fid, tested) for tested in _with_a_specimen(words)]
                if 2 <= len(words) <= 4 and self.lemma(words[0]) in turnable:
                    # "bloody vomit": "the vomit was bloody"; "high white cell count": "the white cell
                    # count is high"; "positive Coombs test": "Coombs test is positive"
                    turned.append((fid, [*words[1:], words[0]]))
                key = tuple(self.lemma(w) for w in words)
                if key and key not in seen:  # a phrase names the first finding that lists it
                    seen[key] = fid
                    phrases.append((fid, words))
                elif key and seen[key] != fid:
                    self.shadowed.append((phrase, fid, seen[key]))
        for fid, variant in derived + turned:  # after every phrase as written: one written so wins
            key = tuple(self.lemma(w) for w in variant)
            if key not in seen:
                seen[key] = fid
                phrases.append((fid, variant))
        self._vocabulary = {w for _, words in phrases for t in words if (w := self.lemma(t)).isalpha()}
        self._meaning: dict[str, set[str]] = {}  # a written word -> findings whose phrases use it
        for fid, words in phrases:
            for w in words:
                if w.isalpha():
                    self._meaning.setdefault(w, set()).add(fid)
        self._by_length: dict[int, list[str]] = {}
        for word in self._meaning:
            self._by_length.setdefault(len(word), []).append(word)
        for fid, words in phrases:
            self._patterns.setdefault(tuple(self.lemma(w) for w in words), fid)
        self._lengths = sorted({len(k) for k in self._patterns})
        self._norm_cache: dict[str, str] = {}
        # Only lemmas some phrase or word list can meet are kept, and only long words as known
        # English: the reader is unpickled by every cold start, and the whole English table
        # doubled its size for words whose lemma can never match anything. A lemma is compared as
        # ``lemma`` spells it, American: the table's British "centre" for "centres" is "center".
        words = [*language.exam_words, *language.skip_words, *language.optional_words, *language.describing_words]
        targets = {self.lemma(w) for _, ws in phrases for w in ws} | {self.lemma(w.lower()) for w in words}
        self._lemmas = {w: lemma for w, lemma in self._lemmas.items() if american(lemma) in targets}
        self._known = {w for w in self._known if len(w) >= _MIN_TYPO_LENGTH}

    def __call__(self, doc: Doc) -> tuple[Doc, set[str]]:
        """The doc with its phrase entities, and the sides said inside a longer phrase: "both"
        in "swelling of both legs", "both calves" (a side and a site at once)."""
        self._set_norms(doc, correct=True)
        found = [Span(doc, s, e, label=fid) for fid, s, e in self._match([t.norm_ for t in doc])]
        found = [s for s in found if not self._told_as_now(doc, s)]
        inserted = (
            self._with_inserted_words(doc)
            + self._with_a_describing_word(doc, found)
            + self._across_a_coordinated_word(doc, found)
        )
        inserted = [s for s in inserted if not self._told_as_now(doc, s)]
        spans = self._first_listed(
            [s for s in found if not self._of_another_reflex(doc, s)],
            [s for s in inserted if not self._of_another_reflex(doc, s)],
        )
        kept = filter_spans([s for s in spans if s.label_ not in self._sides])
        sides, beside = [], set()
        for span in filter_spans([s for s in spans if s.label_ in self._sides]):
            owners = [k for k in kept if self._owns(k, span, k in inserted)]
            if owners:  # part of another phrase's own words ("left-handed", "left bundle branch block")
                if _placed(doc, span) and not any(k.label_ in self._neutral for k in owners):
                    beside.add(span.label_)  # "a lump in the left breast": the phrase, and its side
                continue
            if any(k.start < span.end and span.start < k.end for k in kept):
                beside.add(span.label_)  # overlaps a phrase only where it was inserted, or wider
            else:
                sides.append(span)
        doc.ents = sorted(kept + sides, key=lambda span: span.start)
        return doc, beside

    def _told_as_now(self, doc: Doc, span: Span) -> bool:
        """A past finding's "had" phrase met by a present "has" ("he has a DVT" is no previous DVT),
        or by a "has had" that lasts until now ("he's had diarrhoea for four days")."""
        if span.label_ not in self._past:
            return False
        if doc[span.start].lower_ in _PRESENT_HAVE:
            return True
        perfect = span.start > 0 and doc[span.start - 1].lower_ in _PRESENT_HAVE
        return perfect and bool(_LASTING.search(span.sent.text[span.end_char - span.sent.start_char :]))

    def _of_another_reflex(self, doc: Doc, span: Span) -> bool:
        """Whether a phrase that begins with "reflex" follows the name of another reflex than the
        tendon reflexes it means ("corneal reflexes are brisk", "no gag reflex")."""
        return span.start > 0 and doc[span.start].norm_ == "reflex" and doc[span.start - 1].norm_ in self._other_reflexes

    def _owns(self, outer: Span, inner: Span, inserted: bool) -> bool:
        """Whether ``inner`` lies within ``outer``'s own words (not words inserted in it)."""
        if not (outer.start <= inner.start and inner.end <= outer.end):
            return False
        return not inserted or not any(t.norm_ in self._skip for t in inner)

    def _with_inserted_words(self, doc: Doc) -> list[Span]:
        """Matches that only the skip words inside them kept from matching."""
        kept = [i for i, t in enumerate(doc) if t.norm_ not in self._skip]
        if len(kept) == len(doc) or not kept:
            return []
        return [
            Span(doc, start, end, label=label)
            for label, start, end, matched in self._matches_of(doc, kept)
            if matched >= 2 and end - start > matched and self._inserted(doc, start, end, matched) <= _MAX_INSERTED
        ]

    def _inserted(self, doc: Doc, start: int, end: int, matched: int) -> int:
        """How many words a match skipped, less the articles and possessives among them."""
        return (end - start) - matched - sum(1 for t in doc[start:end] if t.norm_ in self._optional)

    def _across_a_coordinated_word(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Matches that a word coordinated with the phrase's own kept from matching: "enlarged
        submandibular and cervical lymph nodes" are enlarged cervical lymph nodes. Only a word that
        is no phrase itself: "eyes itchy and watering" keeps its itchy eyes."""
        spans: list[Span] = []
        for i in range(1, len(doc) - 1):
            if doc[i].norm_ not in _COORDINATORS or not doc[i - 1].is_alpha:
                continue
            if any(s.start <= i - 1 < s.end for s in found):
                continue
            near = range(
                max(0, i - 1 - self._lengths[-1]), min(len(doc), i + 1 + self._lengths[-1])
            )  # a match must cross the gap
            kept = [j for j in near if j not in (i - 1, i) and doc[j].norm_ not in self._skip]
            for label, start, end, matched in self._matches_of(doc, kept):
                if matched >= 2 and start < i - 1 and i < end and (end - start) - matched <= _MAX_INSERTED:
                    spans.append(Span(doc, start, end, label=label))
        return spans

    def _with_a_describing_word(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Matches that one describing word inside them kept from matching ("cold painful foot",
        "swollen tender calf"). The word's own findings are kept in ``doc.spans["described"]``
        (the reader gives them the phrase's negation and context), since entities cannot overlap."""
        spans: list[Span] = []
        inner: list[Span] = []
        for i in range(1, len(doc) - 1):
            own = [s for s in found if s.start == i and s.end == i + 1]
            if doc[i].norm_ not in self._describing or not own:
                continue
            kept = [j for j, t in enumerate(doc) if j != i and t.norm_ not in self._skip]
            for label, start, end, matched in self._matches_of(doc, kept):
                if matched >= 2 and start < i < end - 1 and (end - start) - matched <= _MAX_INSERTED:
                    spans.append(Span(doc, start, end, label=label))
                    inner += own
        doc.spans["described"] = filter_spans(inner)
        return spans

    def _matches_of(self, doc: Doc, kept: list[int]) -> Iterator[tuple[str, int, int, int]]:
        """Phrase matches in ``doc`` with only the tokens ``kept``: (finding id, start and end in
        ``doc``, how many kept tokens matched)."""
        for fid, s, e in self._match([doc[j].norm_ for j in kept]):
            yield fid, kept[s], kept[e - 1] + 1, e - s

    def _match(self, norms: list[str]) -> Iterator[tuple[str, int, int]]:
        """Every phrase in the words ``norms``, overlapping ones too: (finding id, start, end)."""
        for start in range(len(norms)):
            for length in self._lengths:
                if start + length > len(norms):
                    break
                fid = self._patterns.get(tuple(norms[start : start + length]))
                if fid is not None:
                    yield fid, start, start + length

    def _first_listed(self, found: list[Span], inserted: list[Span]) -> list[Span]:
        """One finding per span: a phrase met word for word before one met with words skipped
        inside it ("radiating to the right shoulder" is the right shoulder's phrase, not "radiating
        to the shoulder" with "right" skipped), then the first in the vocabulary's order."""
        best: dict[tuple[int, int], tuple[tuple[int, int], Span]] = {}
        for skipped, spans in enumerate((found, inserted)):
            for span in spans:
                key, rank = (span.start, span.end), (skipped, self._order[span.label_])
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, span)
        return [span for _, span in best.values()]

    def _set_norms(self, doc: Doc, correct: bool) -> None:
        for token in doc:
            token.norm_ = self._norm(token.lower_) if correct else self.lemma(token.lower_)

    def names(self, text: str) -> bool:
        """Whether the words of ``text`` are, as they stand, a phrase of the vocabulary."""
        return self.named(text) is not None

    def named(self, text: str) -> str | None:
        """The finding whose phrase the words of ``text`` are, as they stand."""
        return self._patterns.get(tuple(self._norm(w) for w in re.findall(r"[a-z0-9]+|[^\sa-z0-9]", text.lower())))

    def lemma(self, word: str) -> str:
        """The word's lemma (a possessive 's dropped), in American spelling: the knowledge's
        'haematuria' is the message's 'hematuria'."""
        if word.endswith("'s") and len(word) > 3:
            word = word[:-2]
        return lemma_in(self._lemmas, word)

    def _norm(self, word: str) -> str:
        cached = self._norm_cache.get(word)
        if cached is None:
            cached = self.lemma(word)
            if len(word) >= _MIN_TYPO_LENGTH and word.isalpha() and cached not in self._vocabulary and word not in self._known:
                cached = self.lemma(self._correct(word))
                if cached not in self._vocabulary:
                    cached = self._unglued(word) or cached
            if len(self._norm_cache) < 50_000:
                self._norm_cache[word] = cached
        return cached

    def _unglued(self, word: str) -> str | None:
        """The vocabulary word before a short word that a missing space glued to it ("swellingin")."""
        for short in self._glued:
            head = self.lemma(word[: -len(short)])
            if word.endswith(short) and len(word) - len(short) >= 4 and head in self._vocabulary:
                return head
        return None

    def _correct(self, word: str) -> str:
        """The vocabulary word one edit away; when several are, only if they mean the same
        findings (spelling variants such as "paresthesia" and "paraesthesia"), or if only one of
        them is the word with a letter dropped ("numbess" is "numbness", not "numbers") or, failing
        that, with a letter added ("feaver" is "fever", not "beaver")."""
        candidates = [w for n in (len(word) - 1, len(word), len(word) + 1) for w in self._by_length.get(n, [])]
        hits = process.extract(word, candidates, scorer=Levenshtein.distance, score_cutoff=1, limit=4)
        if not hits:
            return word
        if set.intersection(*(self._meaning[h[0]] for h in hits)):
            return hits[0][0]
        for length in (len(word) + 1, len(word) - 1):  # a dropped letter, the commonest slip; then one added
            slipped = [h[0] for h in hits if len(h[0]) == length]
            if slipped:
                return slipped[0] if len(slipped) == 1 else word
        return word
