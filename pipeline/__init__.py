"""French news extraction pipeline: scraped pages -> records of data-protection incidents.

The public surface:

- :func:`extract_page` - one page (HTML or text dump) to a record, for notebooks and tests;
- :class:`~pipeline.process.Processor` - batches of documents to records, the spaCy pipeline loaded once;
- :func:`~pipeline.engine.local.run_local` - a whole batch run into sinks (what ``frincident run`` does).
"""

from __future__ import annotations

from pipeline.document import RawDocument
from pipeline.errors import ErrorRow
from pipeline.process import Processor
from pipeline.record import Record
from pipeline.settings import Options, load_options

__all__ = ["ErrorRow", "Options", "Processor", "RawDocument", "Record", "extract_page", "load_options"]

_PROCESSOR: Processor | None = None


def extract_page(content: str, kind: str = "html", doc_id: str = "page", url: str | None = None) -> Record | ErrorRow:
    """The record of one page (``kind`` is ``html`` or ``text``), or the error row saying why not."""
    global _PROCESSOR  # noqa: PLW0603 - the spaCy pipeline is loaded once per process
    if _PROCESSOR is None:
        _PROCESSOR = Processor(load_options())
    from pipeline.errors import PipelineError
    from pipeline.readers import make_document

    try:
        raw = make_document(doc_id, "<memory>", kind, content, url=url)  # type: ignore[arg-type]
    except PipelineError as error:
        return ErrorRow.from_error(doc_id, "<memory>", error)
    return _PROCESSOR.process_batch([raw])[0]
