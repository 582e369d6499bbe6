"""python -m generator.i18n update | init LANGUAGE | check: look after the interface's catalogs."""

from __future__ import annotations

import argparse
import sys

from generator.i18n import available_languages
from generator.i18n.catalogs import ROOT, extract, gaps, init, update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.i18n",
                                     description="Extract the interface's messages and keep the catalogs current.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="write generator/locales/messages.pot and merge it into every catalog")
    start = commands.add_parser("init", help="start the catalog of a new language")
    start.add_argument("language", help="a language code such as cy, ur or pt_BR")
    commands.add_parser("check", help="list the messages each language has not translated yet")
    args = parser.parse_args(argv)
    if args.command == "update":
        written = update()
        for path in written:
            print(f"wrote {path.relative_to(ROOT)}")
        if not written:
            print("the catalogs are current")
    elif args.command == "init":
        print(f"wrote {init(args.language).relative_to(ROOT)}: translate every msgstr, then run the tests")
    else:
        template = extract()
        missing = [gap for language in available_languages() for gap in gaps(language, template)]
        for gap in missing:
            print(gap)
        print(f"{len(missing)} messages to translate" if missing else "every language is complete")
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
