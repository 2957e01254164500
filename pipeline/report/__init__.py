"""Self-contained HTML evaluation report: ``evaluate --html report.html`` (see :func:`write_report`)."""

from pipeline.report.build import EvalSet, build_report, load_previous
from pipeline.report.render import write_report

__all__ = ["EvalSet", "build_report", "load_previous", "write_report"]
