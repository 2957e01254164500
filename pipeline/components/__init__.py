"""spaCy components of the pipeline. Importing this package registers their factories."""

from pipeline.components import light_lemmatizer, number_merger, salient_ner, sentences

__all__ = ["light_lemmatizer", "number_merger", "salient_ner", "sentences"]
