"""Spreadsheet cells that a spreadsheet program shows as text and never runs.

Excel, LibreOffice and Google Sheets run a cell that starts with =, +, -, @ (or a tab or carriage
return before one) as a formula, which can fetch web addresses or run commands on a resident's
computer. Every CSV this tool writes for a spreadsheet (the site's data/*.csv and `assembly
export`) starts such a cell with a ' (the OWASP rule); `assembly import` takes it off again.
data/assembly.json keeps the exact text.
"""

from __future__ import annotations

import re

FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
"""A cell a spreadsheet would run as a formula (after any quotes already there)."""


def protect(value: object) -> object:
    """A text cell that a spreadsheet shows as text: a leading ' before =, +, -, @, tab or CR.
    Numbers stay numbers."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def unprotect(value: str) -> str:
    """The value of a cell as written: the ' that `protect` added is taken off again."""
    return value[1:] if value.startswith("'") and FORMULA_START.match(value[1:]) else value


def protected_row(values: list[object]) -> list[object]:
    return [protect(v) for v in values]
