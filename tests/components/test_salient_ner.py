"""``salient_ner``: which sentences the NER reads."""

from __future__ import annotations

from pipeline.components.salient_ner import _may_name_something


def test_a_sentence_with_a_capitalised_word_may_name_something(nlp) -> None:
    doc = nlp.make_doc("La société Ludexa a été piratée. Les pirates ont tout pris.")
    first, second = list(nlp.get_pipe("line_sentencizer")(nlp.get_pipe("number_merger")(doc)).sents)
    assert _may_name_something(first, set())
    assert not _may_name_something(second, set())


def test_names_the_lexicons_already_know_need_no_ner(nlp) -> None:
    doc = nlp.make_doc("Elle a prévenu la CNIL hier.")
    sentence = doc[:]
    known = {token.i for token in doc if token.text == "CNIL"}
    assert _may_name_something(sentence, set())
    assert not _may_name_something(sentence, known)


def test_the_ner_reads_the_title_the_lead_and_sentences_with_cues_within_budget(nlp, options) -> None:
    filler = " ".join(f"Phrase de remplissage numéro {i} sans Intérêt." for i in range(40))
    doc = nlp(f"La société Orélia a subi une fuite de données. {filler} Orélia a notifié la fuite à Paris.")
    read = doc._.ner_sentences
    assert read and sum(end - start for start, end in read) <= options.nlp.ner_max_chars + 200
    assert read[0][0] == 0
    assert any(doc.text[start:end].startswith("Orélia a notifié") for start, end in read)
