"""Real-browser tests (pytest -m browser)."""
