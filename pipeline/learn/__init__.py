"""Learned scorers: linear models over the features the extractors compute, and their training."""
