"""Robustness: bad input, faults and hostile pages. Nothing crashes, nothing is lost (README, "Guarantees")."""
