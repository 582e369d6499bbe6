"""Turn `assembly check --format json` records into what a CI host shows on the offending lines.

    python -m generator.annotations github check.json   # ::error file=...,line=...,col=...::message
    python -m generator.annotations gitlab check.json   # a GitLab Code Quality report (JSON)

With no file (or `-`) the records are read from standard input. Exit status 0, or 2 when the
input is not a check's records. The pipelines `assembly new --ci` writes use it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(records: dict[str, Any]) -> str:
    """GitHub Actions workflow commands, one line per problem."""
    lines = []
    for p in records.get("problems", []):
        kind = "error" if p.get("severity") == "error" else "warning"
        lines.append(f"::{kind} file={_escape_property(str(p['path']))},line={int(p['line'])},"
                     f"col={int(p['column'])}::{_escape_data(str(p['message']))}")
    return "".join(line + "\n" for line in lines)


def gitlab(records: dict[str, Any]) -> str:
    """A GitLab Code Quality report (artifacts:reports:codequality)."""
    issues = []
    for p in records.get("problems", []):
        key = f"{p['path']}:{p['line']}:{p['column']}:{p['severity']}:{p['message']}"
        issues.append({
            "description": str(p["message"]),
            "check_name": f"assembly-{p['severity']}",
            "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
            "severity": "major" if p.get("severity") == "error" else "minor",
            "location": {"path": str(p["path"]), "lines": {"begin": int(p["line"])}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"github": github, "gitlab": gitlab}


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    if not args or args[0] not in FORMATS or len(args) > 2:
        print("usage: python -m generator.annotations github|gitlab [CHECK.json]", file=sys.stderr)
        return 2
    try:
        if len(args) == 2 and args[1] != "-":
            with open(args[1], encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = stdin.read()
        records = json.loads(text)
        if not isinstance(records, dict) or not isinstance(records.get("problems", []), list):
            raise ValueError("no list of problems")
        stdout.write(FORMATS[args[0]](records))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"generator.annotations: error: the input is not the output of 'assembly check --format json' "
              f"({exc})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
