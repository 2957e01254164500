import pytest

from pipeline.normalize.names import name_key

SAME = [
    ("Toyota Motor Corporation", "toyota motor"),
    ("Groupe Hexavia SAS", "hexavia"),
    ("Zoom Video Communications, Inc.", "zoom video communications"),
    ("Société Générale", "societe generale"),
    ("  AMAZON.com  ", "amazon.com"),
    ("Banque Orélia", "banque orelia"),
]


@pytest.mark.parametrize(("name", "key"), SAME)
def test_name_keys(name, key):
    assert name_key(name) == key


def test_a_legal_suffix_alone_is_kept():
    assert name_key("SA") == "sa"
