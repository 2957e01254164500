"""The named example lists of the extractor tests, as pytest parameters.

Every ``test_<field>.py`` holds four lists of short French cases written for the test:
``DEVELOPMENT`` (what the extractor must do), ``NEGATIVES`` (what it must not extract), ``BUGS_CAUGHT``
(one case per bug fixed) and ``XFAIL`` (known failures with their reason, run as strict xfail: a case
that starts passing fails the suite until it is moved to ``BUGS_CAUGHT``). A case has an ``id`` (kebab
case, unique in its file) and, in ``XFAIL``, a ``reason``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest

KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def examples(development: Sequence[Any], negatives: Sequence[Any], bugs_caught: Sequence[Any],
             xfail: Sequence[Any]) -> list:
    """One parameter per case, named ``<list>/<id>``; the XFAIL cases marked strict xfail."""
    found = []
    for name, cases in (("development", development), ("negatives", negatives), ("bugs-caught", bugs_caught)):
        found += [pytest.param(case, id=f"{name}/{case.id}") for case in cases]
    found += [pytest.param(case, id=f"xfail/{case.id}", marks=pytest.mark.xfail(strict=True, reason=case.reason))
              for case in xfail]
    return found


def development(cases: Sequence[Any]) -> list:
    return [pytest.param(case, id=case.id) for case in cases]


def assert_well_named(development: Sequence[Any], negatives: Sequence[Any], bugs_caught: Sequence[Any],
                      xfail: Sequence[Any]) -> None:
    """Ids are unique kebab case, and every XFAIL case says why it fails."""
    ids = [case.id for case in [*development, *negatives, *bugs_caught, *xfail]]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(KEBAB.fullmatch(i) for i in ids), [i for i in ids if not KEBAB.fullmatch(i)]
    assert all(case.reason for case in xfail)
