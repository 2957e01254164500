"""Builds the spaCy pipeline once: ``fr_core_news_md``'s tokenizer and NER plus our rule components.

Pipeline order (data flows one way):

1. ``number_merger``    - "1 700" becomes one token
2. surface rulers       - organisations and one-word data phrases, on the words as written
3. ``line_sentencizer`` - sentences end at final punctuation and at line breaks
4. ``light_lemmatizer`` - folded stems for inflection-aware phrase matching
5. lemma rulers         - data types, causes, cues; then money, counts, dates (``doc.spans``)
6. ``salient_ner``      - the model's NER on the title, the lead and the cue-bearing sentences

The model's tagger, parser and lemmatizer are not loaded: no extractor reads them.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.components.rulers import add_lemma_rulers, add_surface_rulers
from pipeline.document import CleanDocument
from pipeline.settings import Options

log = logging.getLogger(__name__)

MODEL_NER = "ner_model"
SALIENT_NER = "salient_ner"  # the NER on the sentences that matter, run on incidents only (pipeline.process)
TITLE_SEPARATOR = "\n\n"


def build_nlp(options: Options) -> Language:
    """Load the model with NER only, add our components, and return the ready pipeline."""
    meta = spacy.util.load_meta(spacy.util.get_package_path(options.nlp.model) / "meta.json")
    components = meta.get("components", []) + meta.get("disabled", [])
    nlp = spacy.load(options.nlp.model, exclude=[name for name in components if name != "ner"])
    nlp.rename_pipe("ner", MODEL_NER)
    nlp.disable_pipe(MODEL_NER)
    nlp.add_pipe("number_merger", first=True)
    add_surface_rulers(nlp, options.models_dir)
    nlp.add_pipe("line_sentencizer")
    nlp.add_pipe("light_lemmatizer")
    add_lemma_rulers(nlp, options.models_dir)
    nlp.add_pipe("salient_ner", name=SALIENT_NER, last=True, config={
        "model_pipe": MODEL_NER,
        "lead_sentences": options.nlp.ner_lead_sentences,
        "max_sentences": options.nlp.ner_max_sentences,
        "max_chars": options.nlp.ner_max_chars,
    })
    log.debug("spaCy pipeline: %s", nlp.pipe_names)
    return nlp


def doc_text(document: CleanDocument) -> str:
    """The text the Doc of ``document`` is made of: the title, a separator, the body."""
    title = document.title.strip()
    return title + TITLE_SEPARATOR + document.text if title else document.text


def make_doc(nlp: Language, document: CleanDocument) -> Doc:
    """Tokenize the title and the body as one Doc; ``doc._.body_start`` marks where the body begins."""
    text = doc_text(document)
    doc = nlp.make_doc(text)
    doc._.body_start = len(text) - len(document.text)
    return doc
