"""Engines: who runs the per-document pipeline. ``local`` (processes on this machine) and ``dask``."""
