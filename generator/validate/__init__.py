"""Validation: raw located data → typed records, then whole-corpus checks. No I/O."""
