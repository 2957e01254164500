"""``salient_ner``: the model's NER, run only on the sentences where an organisation can matter.

The statistical NER is the costliest step. The company extractor needs entities in the title, the
lead and the sentences that carry incident, penalty or data cues; the rest of an article (background,
quotes about other topics) only adds time. This component selects those sentences, runs the model's
``ner`` pipe on them in batches (across documents), and copies the entities back into the full Doc.

The model pipe stays in the pipeline, disabled, under ``model_pipe``; ``doc._.ner_sentences`` records
which sentences were read, so an extractor can tell "no entity" from "not looked at".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

if not Doc.has_extension("body_start"):
    Doc.set_extension("body_start", default=0)  # char offset where the body starts (after the title)
if not Doc.has_extension("ner_sentences"):
    Doc.set_extension("ner_sentences", default=None)  # list of (start_char, end_char) read by the NER


@Language.factory(
    "salient_ner",
    default_config={
        "model_pipe": "ner_model",
        "cue_keys": ["cues", "data_types", "data_words", "data_acronyms", "causes", "money", "counts", "orgs"],
        "known_keys": ["orgs"],
        "lead_sentences": 3,
        "max_sentences": 40,
        "max_chars": 6000,
        "batch_size": 256,
    },
)
def make_salient_ner(nlp: Language, name: str, model_pipe: str, cue_keys: list[str], known_keys: list[str],
                     lead_sentences: int, max_sentences: int, max_chars: int,
                     batch_size: int) -> SalientNer:
    return SalientNer(nlp, model_pipe, cue_keys, known_keys, lead_sentences, max_sentences, max_chars, batch_size)


def _may_name_something(sentence: Span, known: set[int]) -> bool:
    """A sentence can hold a name the rulers do not know only if a word in it, after its first word,
    starts with a capital and is not inside a known name (token indices ``known``: "Zoom", "Sud-Loire"),
    or if it is a one- or two-word line ("Médialis")."""
    words = [t for t in sentence if t.text[:1].isalpha()]
    return (any(t.text[0].isupper() and t.i not in known for t in words[1:])
            or (0 < len(words) <= 2 and words[0].text[0].isupper()))


def _joined(doc: Doc, sentences: list[Span]) -> tuple[Doc, list[int]]:
    """The selected sentences as one small Doc (words and spaces only: cheaper than ``Span.as_doc``,
    which copies every span group), and the index in ``doc`` of each of its tokens."""
    origin = [token.i for sentence in sentences for token in sentence]
    words = [doc[i].text for i in origin]
    spaces = [bool(doc[i].whitespace_) or (k + 1 < len(origin) and origin[k + 1] != i + 1)
              for k, i in enumerate(origin)]
    return Doc(doc.vocab, words=words, spaces=spaces), origin


class SalientNer:
    def __init__(self, nlp: Language, model_pipe: str, cue_keys: list[str], known_keys: list[str], lead_sentences: int,
                 max_sentences: int, max_chars: int, batch_size: int) -> None:
        self.nlp = nlp
        self.model_pipe = model_pipe
        self.cue_keys = cue_keys
        self.known_keys = known_keys  # spans of names the rulers already know (lexicons)
        self.lead_sentences = lead_sentences
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        ner = self.nlp.get_pipe(self.model_pipe)
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            selected = [self.select(doc) for doc in batch]
            joined = [_joined(doc, sents) for doc, sents in zip(batch, selected, strict=True)]
            annotated = ner.pipe((sub for sub, _ in joined), batch_size=max(len(joined), 1))
            for doc, sents, (_, origin), sub in zip(batch, selected, joined, annotated, strict=True):
                entities = [Span(doc, origin[ent.start], origin[ent.end - 1] + 1, label=ent.label)
                            for ent in sub.ents if origin[ent.end - 1] - origin[ent.start] == len(ent) - 1]
                doc.set_ents(filter_spans(entities), default="outside")
                doc._.ner_sentences = [(s.start_char, s.end_char) for s in sents]
                yield doc

    def select(self, doc: Doc) -> list[Span]:
        """Title and lead sentences first, then the sentences with the most cues, within budget."""
        known = {i for key in self.known_keys for span in doc.spans.get(key, []) for i in range(span.start, span.end)}
        body_start = doc._.body_start
        sentences = [s for s in doc.sents if _may_name_something(s, set() if s.start_char < body_start else known)]
        cue_count: dict[int, int] = {}
        starts = [s.start for s in sentences]
        for key in self.cue_keys:
            for span in doc.spans.get(key, []):
                index = bisect_right(starts, span.start) - 1
                if index >= 0 and span.start < sentences[index].end:
                    cue_count[index] = cue_count.get(index, 0) + 1
        chosen: list[int] = [i for i, s in enumerate(sentences) if s.start_char < body_start]
        body = [i for i in range(len(sentences)) if i not in chosen]
        chosen.extend(body[: self.lead_sentences])
        ranked = sorted((i for i in body[self.lead_sentences:] if cue_count.get(i)),
                        key=lambda i: (-cue_count[i], i))
        budget = self.max_chars - sum(len(sentences[i].text) for i in chosen)
        for i in ranked:
            if len(chosen) >= self.max_sentences:
                break
            length = len(sentences[i].text)
            if length <= budget:
                chosen.append(i)
                budget -= length
        return [sentences[i] for i in sorted(set(chosen))]
