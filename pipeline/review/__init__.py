"""Review page that writes gold labels: ``python -m pipeline review RECORDS --gold GOLD``."""
