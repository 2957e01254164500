"""``Processor``: the NER reads the incidents only; the other fields of non-incidents stay empty."""

from __future__ import annotations

from pipeline.components.salient_ner import SalientNer
from pipeline.extract.context import DocContext
from pipeline.nlp import make_doc
from pipeline.readers import iter_documents
from tests.conftest import RAW

INCIDENT = RAW / "text" / "d03_berthoud_precision_rancongiciel.txt"
ADVICE = RAW / "text" / "t16_conseils_apres_notification.txt"


def test_the_ner_reads_only_the_pages_that_report_an_incident(processor, options, monkeypatch):
    read: list[str] = []
    real = SalientNer.pipe

    def spy(self, docs, batch_size=None):
        for doc in real(self, docs, batch_size):
            read.append(doc.text)
            yield doc

    monkeypatch.setattr(SalientNer, "pipe", spy)
    items = list(iter_documents([INCIDENT, ADVICE], options.limits))
    incident, advice = processor.process_batch(items)
    assert incident.is_incident and incident.company
    assert advice.is_incident is False and advice.company is None
    assert len(read) == 1 and "Berthoud" in read[0]


def test_the_context_text_is_the_text_of_the_doc(processor, options):
    document = processor.clean(next(iter(iter_documents([INCIDENT], options.limits))))
    doc = processor.nlp(make_doc(processor.nlp, document))
    assert document.title
    assert DocContext(doc, document).text == doc.text
