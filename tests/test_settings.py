"""Options: a ``--config`` with another models directory is honoured by every loader, never mixed with the
default one; the tunable numbers of the rules are read from ``[tuning]`` and a config may change them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.normalize.money import parse_money
from pipeline.normalize.names import name_key
from pipeline.normalize.number import parse_number
from pipeline.resources import tunables, use_options
from pipeline.settings import DEFAULT_MODELS_DIR, load_options

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def restore_options():
    yield
    use_options(load_options())


@pytest.fixture()
def other_models(tmp_path: Path) -> Path:
    """A copy of models/ where 'SAS' is no legal suffix, 'zorglub' is a currency and 'myriade' a number."""
    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    suffixes = models / "lexicons" / "legal_suffixes.txt"
    suffixes.write_text("".join(line for line in suffixes.read_text(encoding="utf-8").splitlines(keepends=True)
                                if line.strip() != "sas"), encoding="utf-8")
    with open(models / "lexicons" / "currencies.tsv", "a", encoding="utf-8") as handle:
        handle.write("zorglubs\tZRG\nzorglub\tZRG\n")
    with open(models / "lexicons" / "numbers.tsv", "a", encoding="utf-8") as handle:
        handle.write("myriade\t10000\tunit\n")
    return models


# BUGS_CAUGHT: company.py, victims.py, normalize/money.py, number.py and names.py read the default models
# directory directly, so a config naming another directory mixed two sets of lexicons.
def test_another_models_directory_is_read_by_every_loader(other_models: Path, restore_options) -> None:
    assert name_key("Hexavia SAS") == "hexavia" and parse_money("5 000 zorglubs") is None
    use_options(load_options(models_dir=other_models))
    assert name_key("Hexavia SAS") == "hexavia sas"
    money = parse_money("5 000 zorglubs")
    assert money is not None and money.currency == "ZRG"
    assert parse_number("myriade") == 10000
    use_options(load_options())
    assert name_key("Hexavia SAS") == "hexavia" and parse_money("5 000 zorglubs") is None


def test_a_config_changes_a_tunable(tmp_path: Path, restore_options) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[tuning.company]\nmax_companies = 1\n", encoding="utf-8")
    default = tunables("company").max_companies
    use_options(load_options(config=config))
    assert tunables("company").max_companies == 1 != default
    assert tunables("company").event_window == load_options().tuning.value("company", "event_window")


@pytest.mark.parametrize("text", [
    "[tuning.company]\nmax_company = 1\n",  # a misspelt name
    "[tuning.companies]\nmax_companies = 1\n",  # an unknown part
    "[tuning.company]\nmax_companies = \"one\"\n",  # not a number
])
def test_a_config_cannot_invent_a_tunable(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="tuning"):
        load_options(config=config)


def test_every_tunable_the_code_reads_is_named_in_the_config_and_every_named_one_is_read() -> None:
    """``NAME = tunables("part")`` then ``NAME.number`` in the code, ``[tuning.part] number`` in the config."""
    sections = load_options().tuning.sections
    read: set[tuple[str, str]] = set()
    tables: set[str] = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for variable, part in re.findall(r"^(\w+) = tunables\(\"(\w+)\"\)", source, re.M):
            if f"{variable}.table()" in source:
                tables.add(part)
            read |= {(part, name) for name in re.findall(rf"\b{variable}\.(\w+)\b", source) if name != "table"}
    named = {(part, name) for part, table in sections.items() if part not in tables for name in table}
    assert read - named == set(), "read in the code but not in models/config.toml"
    assert named - read == set(), "in models/config.toml but read by nothing"
    assert tables <= set(sections)


# BUGS_CAUGHT: pytest's doctest collection unwraps module attributes (``__wrapped__``): a tunables object
# that raised KeyError for it broke the collection of every module holding one.
def test_a_missing_tunable_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="no_such_number"):
        _ = tunables("company").no_such_number
    assert not hasattr(tunables("company"), "__wrapped__")
