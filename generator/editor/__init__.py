"""The content editor in the browser, offered by `assembly serve` at /admin/ (see editor.py)."""
