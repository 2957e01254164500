"""The sweep of the tunable numbers: which settings it tries (the full sweep runs by hand, its figures are
quoted in models/config.toml)."""

from __future__ import annotations

from pipeline.learn.sweep import NOT_SWEPT, NOT_SWEPT_PARTS, Setting, settings, steps, with_setting
from pipeline.settings import load_options


def test_a_step_is_a_quarter_of_the_value_and_at_least_one_for_whole_numbers() -> None:
    assert steps(12) == (9, 15) and steps(2) == (1, 3) and steps(1) == (0, 2)
    assert steps(0.6) == (0.45, 0.75)


def test_every_sweepable_number_is_moved_down_and_up_and_caps_are_left_alone() -> None:
    options = load_options()
    tried = list(settings(options, []))
    named = {(part, name) for part, table in options.tuning.sections.items() if part not in NOT_SWEPT_PARTS
             for name in table} - NOT_SWEPT
    assert {(s.part, s.name) for s in tried} == named
    assert len(tried) == 2 * len(named)
    assert not any(s.part == "is_incident_caps" for s in tried)
    assert {s.part for s in settings(options, ["dates"])} == {"dates"}


def test_a_setting_changes_one_number_only() -> None:
    options = load_options()
    moved = with_setting(options, Setting("dates", "role_window", 3))
    assert moved.tuning.value("dates", "role_window") == 3
    assert moved.tuning.value("dates", "act_window") == options.tuning.value("dates", "act_window")
    assert options.tuning.value("dates", "role_window") != 3
