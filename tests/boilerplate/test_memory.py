from pipeline.boilerplate.memory import LineMemory
from pipeline.normalize.text import fold


def test_lines_are_counted_once_per_document():
    memory = LineMemory(width=1 << 12)
    memory.add_document("Menu\nMenu\nUn article sur la fuite")
    memory.add_document("Menu\nUn autre article")
    assert memory.documents_with(fold("Menu")) == 2
    assert memory.other_documents(fold("Menu")) == 1
    assert memory.documents_with(fold("jamais vu")) == 0


def test_merging_memories_adds_counts():
    a, b = LineMemory(width=1 << 12), LineMemory(width=1 << 12)
    a.add_document("• Partager")
    b.add_document("Partager")
    a.merge(b)
    assert a.documents_with(fold("Partager")) == 2 and a.documents == 2
