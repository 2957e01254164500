"""``company`` and ``companies``: the organisations whose handling of personal data is at issue.

Candidates come from two sources: the organisation lexicon (``orgs`` spans, with roles and canonical
names; products count for their company) and the statistical NER (ORG, and the MISC/LOC/PER labels
``fr_core_news_md`` gives to many brand names). Then:

1. names are repaired: a token glued before the entity joins it ("Coop’" + "Atlantique"), an
   organisation-type noun before it is read ("l'Institut Lamarque", "le centre hospitalier Sud-Loire":
   models/lexicons/org_types.tsv), phrases that are not names are dropped ("Vol d’un ordinateur");
2. mentions are grouped by folded name; aliases and nested names merge ("Cordelle" and "Atelier
   Cordelle"); a product or app hands its mentions to the company that publishes it ("Flirtéo, éditée
   par Amoria Interactive");
3. the press, authorities, security firms, NGOs and attacker groups are set aside, and the rest are
   ranked by salience: title, lead, frequency, incident sentences, subject position, evidence kind.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from pipeline.extract.context import DocContext, authority_heads, orth_mask
from pipeline.extract.fields import FieldResult, Page
from pipeline.normalize.names import legal_suffixes, name_key
from pipeline.normalize.text import fold
from pipeline.resources import lexicon, per_models_dir, tunables

TUNED = tunables("company")  # [tuning.company] of models/config.toml

EXCLUDED_ROLES = frozenset({"press", "authority", "security", "ngo", "attacker", "not_org", "place"})
NER_PRIORS = tunables("company_ner_priors")  # [tuning.company_ner_priors]: the NER's label as a prior
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z]{2,8})\)")
_ACRONYM = re.compile(r"[A-Z]{3,8}")  # spelt out on the page when its long form is found (2 letters are too short)
_WORD_PARTS = re.compile(r"[-'’]")
_DETERMINERS = re.compile(r"^(l['’]|la |le |les |du |de la |des |de l['’]|d['’]|au |aux )", re.I)
_EDGE_PUNCT = " \t\n\"'«»“”‘’.,;:!?()[]-–—•*|>"
_NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "de la", "la", "l'"})
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "d'", "l'", "et", "&", "of", "the", "and", "sur", "en",
                        "à", "aux", "au"})
_LINK_WORDS = frozenset(fold(w.rstrip("'’")) for w in _PARTICLES)  # skipped when spelling an acronym out


@dataclass(slots=True)
class Candidate:
    key: str
    names: Counter[str] = field(default_factory=Counter)
    spans: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    canonical: str | None = None
    typed: bool = False
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.canonical:
            return self.canonical
        most = max(self.names.values())
        name = min((n for n, c in self.names.items() if c == most), key=len)
        if _bare(name):  # "CPAS", "Département": the written-out "CPAS de Waremont" names it
            qualified = [n for n in self.names if fold(n).startswith(fold(name) + " ")
                         and fold(n).split()[len(fold(name).split())] in _NAME_PARTICLES]
            if qualified:
                return max(qualified, key=lambda n: (self.names[n], -len(n)))
        return name

    def absorb(self, other: Candidate) -> None:
        self.names.update(other.names)
        self.spans.extend(other.spans)
        self.roles |= other.roles
        self.labels |= other.labels
        self.typed = self.typed or other.typed
        self.canonical = self.canonical or other.canonical


@dataclass(slots=True)
class Scored:
    """An organisation the model scored (what training and ``--explain`` read)."""

    value: str
    span: Span
    features: dict[str, float]
    score: float


def extract_companies(page: Page) -> FieldResult:
    """The main organisation (``company``) and every one at issue (``companies``, main one first)."""
    ctx, model, publication_date = page.ctx, page.model("company_model"), page.record.date
    candidates = _candidates(ctx)
    ranked = [c for c in candidates.values() if not (c.roles & EXCLUDED_ROLES) or "company" in c.roles]
    for candidate in ranked:
        candidate.features = _features(ctx, candidate, publication_date)
        candidate.score = model.logit(candidate.features)
    _hand_products_to_owners(ctx, ranked)
    ranked = sorted((c for c in ranked if c.spans), key=lambda c: (-c.score, c.spans[0].start))
    scored = [Scored(c.name, c.spans[0], c.features, _probability(c.score)) for c in ranked]
    if not ranked or scored[0].score < model.threshold:
        return FieldResult(None, [], scored, {"companies": ([], [])})
    main = ranked[0]
    floor = max(model.threshold, TUNED.secondary_ratio * scored[0].score)
    others = [c for c in ranked[1:] if _probability(c.score) >= floor
              and _involved(ctx, c) and (c.typed or c.roles or c.labels & {"ORG", "MISC", "PRODUCT"})]
    chosen = [main, *others][:TUNED.max_companies]
    evidence = [ctx.evidence(s, main.name) for s in main.spans[:TUNED.evidence_spans]]
    companies_evidence = [ctx.evidence(c.spans[0], c.name) for c in chosen]
    return FieldResult(main.name, evidence, scored, {"companies": ([c.name for c in chosen], companies_evidence)})


def authorities(ctx: DocContext) -> list[str]:
    """The regulators and courts the page names (lexicon ``authority`` role), most named first."""
    return ctx.memo("authorities", lambda: [name for name, _ in Counter(
        span.id_ or span.text for span in ctx.spans("orgs") if span.label_ == "authority").most_common()])


def _probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))


# -- candidates -----------------------------------------------------------------------------------
def _candidates(ctx: DocContext) -> dict[str, Candidate]:
    candidates: dict[str, Candidate] = {}
    lexicon_tokens: set[int] = set()
    not_org: list[Span] = []
    for span in ctx.spans("orgs"):
        if span.label_ == "not_org":
            not_org.append(span)
            continue
        role = "company" if span.label_ == "PRODUCT" else span.label_
        canonical = span.id_ or span.text
        lexicon_tokens.update(range(span.start, span.end))
        candidate = candidates.setdefault(name_key(canonical), Candidate(name_key(canonical)))
        candidate.canonical = candidate.canonical or canonical
        candidate.names[canonical] += 1
        candidate.spans.append(span)
        candidate.roles.add(role)
        candidate.labels.add("PRODUCT" if span.label_ == "PRODUCT" else "ORG")
    money = [(s.start, s.end) for s in ctx.spans("money")]
    for ent in ctx.doc.ents:
        if ent.label_ not in NER_PRIORS.table() or any(i in lexicon_tokens for i in range(ent.start, ent.end)):
            continue
        if any(o.start <= ent.start and ent.end <= o.end for o in not_org):
            continue
        if any(start <= ent.start and ent.end <= end for start, end in money):  # "francs CFA"
            continue
        span = _extended(_glued(ent))
        name = clean_name(span.text)
        if not name:
            continue
        name = _with_type(ctx, span, name)
        key = name_key(name)
        candidate = candidates.setdefault(key, Candidate(key))
        candidate.names[name] += 1
        candidate.spans.append(span)
        candidate.labels.add(ent.label_)
    _count_unread_mentions(ctx, candidates)
    _spell_out_acronyms(ctx, candidates)
    _count_acronym_mentions(ctx, candidates)
    defined = _authority_acronyms(ctx)
    places = _places(ctx.models_dir)
    data_words = {name_key(span.text) for span in ctx.spans("data_acronyms")}
    for candidate in candidates.values():
        if not candidate.roles and (_authority_name(candidate.name) or candidate.key in defined):
            candidate.roles.add("authority")
        if not candidate.roles and candidate.key in places:
            candidate.roles.add("place")  # "Luxembourg", "Casablanca": where, not who
        if not candidate.roles and candidate.key in data_words:
            candidate.roles.add("not_org")  # "NAS", "IBAN": a kind of data written in capitals
        if not candidate.roles and any(_attacker_cue(ctx, span) for span in candidate.spans):
            candidate.roles.add("attacker")  # "le gang Korvax", "NoxLock revendique l'attaque"
    for candidate in candidates.values():
        candidate.typed = any(_type_before(ctx, s) is not None or _typed_name(s.text) for s in candidate.spans)
    _merge_nested(candidates)
    _merge_bare_institutions(candidates)
    return candidates


def _attacker_cue(ctx: DocContext, span: Span) -> bool:
    """A cue of models/lexicons/attacker_cues.tsv written just before or just after the name."""
    before, after = _attacker_cues()
    text = ctx.text
    preceding = " " + fold(text[max(span.start_char - TUNED.attacker_cue_chars, 0):span.start_char]).rstrip()
    following = fold(text[span.end_char:span.end_char + TUNED.attacker_cue_chars])
    return any(preceding.endswith(" " + cue) for cue in before) or any(following.startswith(cue) for cue in after)


@per_models_dir
def _attacker_cues() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = lexicon("attacker_cues.tsv")
    return (tuple(fold(p) for p, where in rows if where == "before"),
            tuple(fold(p) for p, where in rows if where == "after"))


def _authority_name(name: str) -> bool:
    """'Commission de protection des données personnelles', 'Tribunal de première instance': a regulator
    or a court, whatever the NER says."""
    words = fold(name).split()
    return bool(words) and (words[0] in authority_heads("company") or not authority_heads("anywhere").isdisjoint(words))


def _authority_acronyms(ctx: DocContext) -> set[str]:
    """Acronyms defined after an authority's name: 'la Commission de protection des données personnelles
    (CDP)', "l'Autorité de régulation des télécommunications (ARTCI)"."""
    found: set[str] = set()
    doc = ctx.doc
    for match in _ACRONYM_IN_PARENS.finditer(ctx.text):
        inner = doc.char_span(match.start(1), match.end(1))
        if inner is None or inner.start < 1:
            continue
        token = doc[inner.start - 1]  # the "("
        sentence = ctx.sentence(token.i)
        window = doc[max(token.i - TUNED.acronym_window, sentence.start):token.i]
        heads = [t for t in window if t.text[:1].isupper() and fold(t.text) in authority_heads("company")]
        if heads and not any(t.text in ("(", ")") for t in doc[heads[-1].i:token.i]):
            found.add(name_key(match.group(1)))
    return found


def clean_name(text: str) -> str | None:
    """The name an entity span stands for, or None when the span cannot be an organisation name.

    >>> clean_name("la plateforme"), clean_name("Zoom"), clean_name("l’ICO"), clean_name("Société\\n • International")
    (None, 'Zoom', 'ICO', None)
    >>> clean_name("Vol d’un ordinateur portable"), clean_name("Banque de France"), clean_name("Coop’Atlantique")
    (None, 'Banque de France', 'Coop’Atlantique')
    >>> clean_name("Fédération française de randonnée cycliste"), clean_name("Vol de données bancaires")
    ('Fédération française de randonnée cycliste', None)
    >>> clean_name("hôpital du Val-d'Arnon"), clean_name("Centre hospitalier intercommunal du Val-d'Arnon")
    ("hôpital du Val-d'Arnon", "Centre hospitalier intercommunal du Val-d'Arnon")
    """
    name = _DETERMINERS.sub("", text.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
    if not name or "\n" in name or len(name) < 2 or len(name) > 60:
        return None
    words = name.replace("’", "' ").replace("'", "' ").split()
    typed = _type_prefix(words)  # "hôpital du Val-d'Arnon", "Centre hospitalier intercommunal du Val-d'Arnon"
    rest = words[typed:]
    if typed and any(w[:1].isupper() for w in rest) and len(words) <= 8:
        lowercase = [w for w in rest if w[0].islower() and w.lower() not in _PARTICLES
                     and not w.lower().startswith(("d'", "l'"))]
        return name if len(lowercase) <= TUNED.adjectives_between else None
    if not any(c.isupper() for c in name) or not (name[0].isupper() or name[0].isdigit()):
        return None
    typed_name = _typed_name(name)  # "Fédération française de randonnée cycliste": lower-case words are its own
    if len(words) > (TUNED.typed_name_words if typed_name else 6):
        return None
    lowercase_content = [w for w in words[1:] if w[0].islower() and w.lower() not in _PARTICLES
                         and not w.lower().startswith(("d'", "l'"))]
    if len(lowercase_content) > (TUNED.typed_name_lowercase if typed_name else 1):
        return None  # a phrase ("Vol d'un ordinateur portable"), not a name
    return name


def _type_prefix(words: list[str]) -> int:
    """How many first words form a place-named organisation-type noun ("centre hospitalier", "mairie de")."""
    types = _org_types()
    folded = tuple(fold(w) for w in words)
    return max((n for n in range(1, min(len(words), 4) + 1) if types.get(folded[:n]) == "place-named"), default=0)


def _glued(ent: Span) -> Span:
    """Extend an entity over a capitalised token glued before it ("Coop’" + "Atlantique")."""
    doc = ent.doc
    start = ent.start
    while start > 0:
        before = doc[start - 1]
        if before.whitespace_ or not before.text[:1].isupper() or not before.text.endswith(("'", "’", "-")):
            break
        start -= 1
    return doc[start:ent.end] if start != ent.start else ent


def _bare(name: str) -> bool:
    """An acronym ("CPAS") or an organisation-type noun alone ("Département")."""
    return (name.isupper() and len(name) <= 6) or tuple(fold(name).split()) in _org_types()


def _extended(span: Span) -> Span:
    """Extend a name cut before its place ("Conseil départemental du" + "Val-d’Arvène", "Département" +
    "du Val-d’Arvène"): when the span ends with a particle, or is only an organisation-type noun followed
    by one, it runs on over the particle and the capitalised words after it."""
    doc = span.doc
    end = span.end
    words = tuple(fold(t.text) for t in span)
    if words and words[-1] not in _NAME_PARTICLES and words not in _org_types():
        return span
    if words and words[-1] not in _NAME_PARTICLES:
        if end >= len(doc) or fold(doc[end].text) not in _NAME_PARTICLES:
            return span
        end += 1
    while end < len(doc) and fold(doc[end].text) in _NAME_PARTICLES:
        end += 1
    name_end = end
    while name_end < len(doc) and (doc[name_end].text[:1].isupper() or (
            name_end > end and not doc[name_end - 1].whitespace_ and doc[name_end].is_alpha)):
        name_end += 1
    return doc[span.start:name_end] if name_end > end else span


@lru_cache(maxsize=4)
def _places(models_dir: Path) -> frozenset[str]:
    return frozenset(name_key(row[0]) for row in lexicon("places.txt", models_dir))


@per_models_dir
def _org_types() -> dict[tuple[str, ...], str]:
    return {tuple(fold(noun).split()): kind for noun, kind in lexicon("org_types.tsv")}


@per_models_dir
def _type_last_words() -> frozenset[str]:
    """The last words of the organisation-type nouns, and the particles a place-named one ends with."""
    return frozenset(words[-1] for words in _org_types()) | {"de", "du", "d'"}


def _type_before(ctx: DocContext, span: Span) -> tuple[str, str, int] | None:
    """The organisation-type noun written just before a name, and its kind ("mutuelle", "generic").

    "le laboratoire de Montauban" names a place, not a laboratory: after "de", only place-named kinds
    ("mairie de", "université de") count.
    """
    return ctx.memo(("type_before", span.start), lambda: _find_type_before(ctx, span))


def _find_type_before(ctx: DocContext, span: Span) -> tuple[str, str, int] | None:
    types = _org_types()
    doc = ctx.doc
    longest = max((len(k) for k in types), default=0)
    end = span.start
    last_words = _type_last_words()
    for _ in range(TUNED.adjectives_between + 1):  # "le studio bordelais Ludexa", "l'opérateur mobile virtuel X"
        ends_a_type = end > 0 and fold(doc[end - 1].text) in last_words  # else only an adjective is stepped over
        for size in range(longest, 0, -1) if ends_a_type else ():
            start = end - size
            if start < 0:
                continue
            words = tuple(fold(t.text) for t in doc[start:end])
            kind = types.get(words)
            if kind is None and words and words[-1] in ("de", "du", "d'"):
                kind = types.get(words[:-1]) or types.get(_without_adjectives(doc[start:end - 1]))
                # "conseil départemental du", "centre hospitalier intercommunal du"
                if kind != "place-named":
                    continue
            if kind is not None:
                return doc[start:end].text, kind, doc[start].idx
        if end == 0 or not _adjective_like(doc[end - 1]):
            break
        end -= 1
    return None


def _without_adjectives(span: Span) -> tuple[str, ...]:
    """The folded words of ``span`` without up to TUNED.adjectives_between adjective-like words at its end."""
    tokens = list(span)
    for _ in range(TUNED.adjectives_between):
        if len(tokens) > 1 and _adjective_like(tokens[-1]):
            tokens.pop()
    return tuple(fold(t.text) for t in tokens)


def _adjective_like(token) -> bool:
    return token.is_alpha and token.is_lower and len(token) > 3 and not token.is_stop


def _typed_name(name: str) -> bool:
    """A name that starts with a capitalised organisation-type word ("Institut Lamarque", "Banque Orélia",
    "L'Université de Haute-Brenne": a determiner before it is no part of the name)."""
    name = _DETERMINERS.sub("", name)
    words = tuple(fold(name).split())
    types = _org_types()
    return name[:1].isupper() and any(words[:n] in types for n in range(1, min(len(words), 3)))


def _with_type(ctx: DocContext, span: Span, name: str) -> str:
    """The name, with the type noun written before it when that noun is part of the name (capitalised,
    "l'Atelier Cordelle") or when the organisation is named after a place ("centre hospitalier Sud-Loire")."""
    found = _type_before(ctx, span)
    if found is None:
        return name
    noun, kind, first_char = found
    if (noun[:1].isupper() or kind == "place-named") and not fold(name).startswith(fold(noun)):
        return ctx.text[first_char:span.start_char] + name  # as written: "hôpital d'Armentières", no added space
    return name


def _written_forms(span: Span) -> list[tuple[str, ...]]:
    """The words of a name as found, and without its legal form ("Berthoud Précision Sàrl" is written
    "Berthoud Précision" further on)."""
    words = tuple(t.text for t in span)
    forms = [words]
    suffixes = legal_suffixes()
    short = words
    while len(short) > 1 and fold(short[-1]) in suffixes:
        short = short[:-1]
    if short != words:
        forms.append(short)
    return forms


def _count_unread_mentions(ctx: DocContext, candidates: dict[str, Candidate]) -> None:
    """NER read only salient sentences: add the other mentions of names it found (exact matches)."""
    seen = {s.start for c in candidates.values() for s in c.spans}
    lookup: dict[str, list[tuple[tuple[str, ...], Candidate]]] = {}
    for candidate in candidates.values():
        if candidate.roles:  # lexicon names: the ruler already found every mention
            continue
        for span in {s.text: s for s in candidate.spans}.values():
            for tokens in _written_forms(span):
                lookup.setdefault(tokens[0], []).append((tokens, candidate))
    doc = ctx.doc
    if not lookup:
        return
    orths = doc.to_array(ORTH)
    firsts = numpy.array([doc.vocab.strings[word] for word in lookup], dtype=orths.dtype)
    for i in numpy.nonzero(numpy.isin(orths, firsts))[0].tolist():
        for tokens, candidate in lookup[doc[i].text]:
            end = i + len(tokens)
            if i in seen or end > len(doc):
                continue
            if tuple(t.text for t in doc[i:end]) == tokens:
                candidate.spans.append(doc[i:end])
                seen.add(i)


def _spell_out_acronyms(ctx: DocContext, candidates: dict[str, Candidate]) -> None:
    """An acronym the NER found ("FFRC", "UHB") and its long form written on the page, whose words' initials
    spell it ("Fédération française de randonnée cycliste", "Université de Haute-Brenne") are one organisation:
    the long form's mentions join the acronym's (and a candidate of the long form merges with it)."""
    for key, candidate in list(candidates.items()):
        if candidate.roles or key not in candidates or not _ACRONYM.fullmatch(candidate.name):
            continue
        spans = _long_forms(ctx.doc, candidate.name.lower())
        if not spans:
            continue
        for span in spans:
            candidate.names[span.text] += 1
            candidate.spans.append(span)
            other = candidates.get(name_key(span.text))
            if other is not None and other is not candidate and not other.roles:
                candidate.absorb(candidates.pop(name_key(span.text)))


def _count_acronym_mentions(ctx: DocContext, candidates: dict[str, Candidate]) -> None:
    """An acronym written on the page that spells the initials of a name found ("TED" for "Téranga Énergie
    Distribution SA", "ALE" for "Autobus Laurentides Express inc."), but that the NER did not read as a
    name: its mentions are the organisation's. The initials are read as :func:`_long_forms` reads them."""
    doc = ctx.doc
    written = numpy.nonzero(ctx.orth_mask(lambda text: bool(_ACRONYM.fullmatch(text))))[0].tolist()
    taken = {i for c in candidates.values() for s in c.spans for i in range(s.start, s.end)}
    acronyms: dict[str, list[int]] = {}
    for i in written:
        if i not in taken:
            acronyms.setdefault(doc[i].text.lower(), []).append(i)
    if not acronyms:
        return
    for candidate in candidates.values():
        if candidate.roles:
            continue
        letters = {initials for span in candidate.spans for initials in [_initials(span)] if len(initials) >= 3}
        for acronym in sorted(acronyms):
            if any(initials.startswith(acronym) for initials in letters):
                candidate.spans.extend(doc[i:i + 1] for i in acronyms.pop(acronym))
                break


def _initials(span: Span) -> str:
    """The initials of a name as :func:`_long_forms` spells them: one per word and per part of a hyphenated
    word, name particles skipped, up to the first word that is not written out (an acronym, a legal form
    in capitals, punctuation)."""
    letters = ""
    for token in span:
        initials = _word_initials(token.text)
        if initials == "":
            continue
        if initials is None:
            break
        if not letters and not token.text[:1].isupper():
            return ""
        letters += initials
    return letters


def _word_initials(word: str) -> str | None:
    """The initials a word gives an acronym: one per part of a hyphenated word, name particles left out ("Val-
    d'Arnon" gives "va"); "" for a particle alone ("de"); None for a word not written out (punctuation, an
    acronym or a legal form in capitals), which ends a long form."""
    parts = [p for p in _WORD_PARTS.split(word) if p and fold(p) not in _LINK_WORDS]
    if not parts:
        return "" if fold(word.rstrip("'’")) in _LINK_WORDS else None
    if not all(p.isalpha() and not (len(p) > 1 and p.isupper()) for p in parts):
        return None
    return "".join(fold(p[0]) for p in parts)


def _long_forms(doc: Doc, letters: str) -> list[Span]:
    """Spans whose words' initials spell ``letters``: a capitalised first word, then one initial per word and
    per part of a hyphenated word, name particles skipped ("du Val-d'Arnon" gives V, A)."""
    found: list[Span] = []
    resume = 0
    for i in numpy.nonzero(orth_mask(doc, lambda text: _opens_long_form(text, letters[0])))[0].tolist():
        if i < resume:
            continue
        position, j = 0, i
        while j < len(doc) and position < len(letters):
            initials = _word_initials(doc[j].text)
            if initials == "" and j > i:
                j += 1
                continue
            if not initials or initials != letters[position:position + len(initials)]:
                break  # a long form is written out: no punctuation, no acronym in it
            position += len(initials)
            j += 1
        if position == len(letters) and j - i > 1:
            found.append(doc[i:j])
            resume = j
    return found


def _opens_long_form(text: str, letter: str) -> bool:
    """A word that can open the long form of an acronym starting with ``letter``: capitalised, letters only."""
    return text[:1].isupper() and text[:1].lower() == letter and text.isalpha()


def _merge_nested(candidates: dict[str, Candidate]) -> None:
    """Names nested in one another are one organisation: 'toyota' and 'toyota motor corporation',
    'cordelle' and 'atelier cordelle'. The typed, longer name ('Atelier Cordelle') is kept as the name
    when the shorter one is its tail; the shorter one when it is the head ('Toyota')."""
    keys = sorted(candidates, key=len)
    for short in keys:
        if short not in candidates:
            continue
        for long in keys:
            if long == short or long not in candidates or short not in candidates:
                continue
            if long.startswith(short + " "):
                candidates[short].absorb(candidates.pop(long))
            elif long.endswith(" " + short) and not candidates[short].roles:
                candidates[long].absorb(candidates.pop(short))


def _merge_bare_institutions(candidates: dict[str, Candidate]) -> None:
    """'le Département', 'la Mairie' alone stand for the institution named in full elsewhere on the page
    ('Conseil départemental du Val-d’Arvène'): a bare place-named type noun joins it."""
    types = _org_types()
    named = [c for c in candidates.values() if not _bare(c.name) and _place_named_prefix(c.name, types)]
    if len(named) != 1:
        return
    full = named[0]
    for key, candidate in list(candidates.items()):
        if candidate is full or candidate.roles or types.get(tuple(fold(candidate.name).split())) != "place-named":
            continue
        name = full.name
        full.absorb(candidates.pop(key))
        full.canonical = full.canonical or name


def _place_named_prefix(name: str, types: dict[tuple[str, ...], str]) -> bool:
    words = tuple(fold(name).split())
    return any(types.get(words[:n]) == "place-named" for n in range(1, min(len(words), 4)))


# -- scoring --------------------------------------------------------------------------------------
def _features(ctx: DocContext, candidate: Candidate, publication_date: str | None) -> dict[str, float]:
    """What the model weighs about an organisation: where and how often it is named, in which sentences,
    how the NER labelled it, whether an organisation-type noun introduces it, and what speaks against it
    (named as a source, as a product of another, only about another incident)."""
    spans = sorted(candidate.spans, key=lambda s: s.start)
    candidate.spans = spans
    sentences = {ctx.sentence_index(s) for s in spans}
    incident_mentions = sum(1 for i in sentences if ctx.has_cue(i, "INCIDENT", "SANCTION", "EXPOSE"))
    sources = sum(1 for s in spans if _is_source(ctx, s))
    priors = NER_PRIORS.table()
    prior = max((priors.get(label, 0.0) for label in candidate.labels), default=0.0)
    if candidate.typed:
        prior = max(prior, 0.0) + TUNED.typed_prior
    return {
        "title": float(any(ctx.in_title(s) for s in spans)),
        "lead": float(any(ctx.sentence_index(s) in ctx.lead_indices for s in spans)),
        "mentions": float(min(len(spans), TUNED.mention_cap)),
        "incident_sentences": float(min(incident_mentions, TUNED.incident_cap)),
        "subject": float(any(s.start - ctx.sentence(s).start < TUNED.subject_tokens for s in spans)),
        "prior": prior,
        "lexicon_company": float("company" in candidate.roles),
        "source": float(bool(sources) and sources * 2 >= len(spans)),
        "owned_product": float(any(_after_cue(ctx, s, "OWNED") for s in spans)),
        "elsewhere": float(_only_elsewhere(ctx, candidate, publication_date)),
        "typed": float(candidate.typed),
        "ner_org": float("ORG" in candidate.labels), "ner_misc": float("MISC" in candidate.labels),
        "ner_loc": float(candidate.labels == {"LOC"}), "ner_per": float(candidate.labels == {"PER"}),
        "product": float("PRODUCT" in candidate.labels),
        "bare": float(_bare(candidate.name)),
        "first_position": spans[0].start / max(len(ctx.doc), 1) if spans else 1.0,
        "authority_like": float(_authority_name(candidate.name)),
        "title_near_event": float(any(ctx.in_title(s) and _near_event(ctx, s) for s in spans)),
        "near_event": float(min(sum(1 for s in spans if _near_event(ctx, s)), TUNED.incident_cap)),
    }


def _near_event(ctx: DocContext, span: Span) -> bool:
    """An incident or sanction word within a few tokens of the name ("Hälsokällan sanctionnée", "la fuite
    chez Orsane"): the organisation the event happened to, not one named beside it."""
    return ctx.nearest_cue(span, ("INCIDENT", "SANCTION", "EXPOSE"), window=TUNED.event_window) is not None


def _only_elsewhere(ctx: DocContext, candidate: Candidate, publication_date: str | None) -> bool:
    """Every mention sits in a sentence about another incident or an older one (a comparison)."""
    sentences = {ctx.sentence_index(s) for s in candidate.spans}
    return bool(sentences) and not any(ctx.in_title(s) for s in candidate.spans) and all(
        ctx.has_cue(i, "OTHER_INCIDENT") or ctx.has_old_date(i, publication_date) for i in sentences)


def _is_source(ctx: DocContext, span: Span) -> bool:
    """'selon Consumer Reports', "d'après ESET": the organisation is quoted as a source."""
    found = ctx.nearest_cue(span, ("SOURCE",), window=2)
    return found is not None and found[0].span.end <= span.start


def _hand_products_to_owners(ctx: DocContext, candidates: list[Candidate]) -> None:
    """'Flirtéo, éditée par Amoria Interactive' / 'Son éditeur, le studio Ludexa': the publisher of the
    product at issue answers for it. The owner takes over the best-scoring candidate it does not own
    (its score and its mentions)."""
    for candidate in list(candidates):
        if not (candidate.typed or candidate.roles or candidate.labels & {"ORG", "MISC"}):
            continue  # a place or a person does not publish an app
        cue_sentences = {ctx.sentence_index(s) for s in candidate.spans if _owner_named(ctx, s)}
        if not cue_sentences:
            continue
        near = {i for index in cue_sentences for i in (index, index - 1)}
        owned = max((c for c in candidates if c is not candidate and c.spans
                     and any(ctx.sentence_index(s) in near for s in c.spans)),
                    key=lambda c: c.score, default=None)
        if owned is None or owned.score < candidate.score or owned.roles - {"company"}:
            continue
        candidate.score = max(candidate.score, owned.score) + 0.1
        candidate.spans.extend(owned.spans)
        owned.spans = []


def _owner_named(ctx: DocContext, span: Span) -> bool:
    """The span is the first name after an ownership cue ("éditée par la société lyonnaise X")."""
    found = ctx.nearest_cue(span, ("OWNER",), window=TUNED.owner_window)
    if found is None or found[0].span.end > span.start:
        return False
    between = ctx.doc[found[0].span.end:span.start]
    return not any(ent.start >= between.start and ent.end <= span.start for ent in ctx.doc.ents)


def _after_cue(ctx: DocContext, span: Span, label: str) -> bool:
    found = ctx.nearest_cue(span, (label,), window=TUNED.owner_window)
    return found is not None and found[0].span.end <= span.start


def _involved(ctx: DocContext, candidate: Candidate) -> bool:
    return any(ctx.has_cue(ctx.sentence_index(s), "INCIDENT", "SANCTION", "EXPOSE") for s in candidate.spans)
