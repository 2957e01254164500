"""Pure functions that turn messy French strings into typed values (doctested)."""
