"""Fixtures of the report tests: the shared browser."""

from tests.review.browser import browser, page  # noqa: F401  (fixtures)
