"""The interface in the reader's language: gettext catalogs read with Babel, and dates, numbers
and percentages written the way the language writes them (Babel's CLDR data).

Every message is written in English in the code and the templates; that English (the msgid) is
what English pages show. Other languages have a catalog, generator/locales/<language>/LC_MESSAGES/
messages.po, read when the language is first asked for: a message that is missing or marked fuzzy
there is shown in English, and tests/test_i18n.py fails until it is translated.

Every message is a format string, as with Jinja's newstyle gettext: values go in by name,
`%(count)s`, and a per cent sign is written `%%`.

    t = translator("cy")
    t.gettext("Recommendations")                              # 'Argymhellion'
    t.ngettext("%(num)s recommendation", "%(num)s recommendations", 2)  # '2 argymhelliad'
    t.long_date(dt.date(2019, 11, 2))                         # '2 Tachwedd 2019'
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
"""The language of the msgids; its pages use them as they are."""

# The languages Material for MkDocs has words for (theme.language), as of Material 9.8.
MATERIAL_LANGUAGES = frozenset(
    "af ar az be bg bn ca cs cy da de el en eo es et eu fa fi fr gl he hi hr hu hy id is it ja ka kn ko "
    "ku-IQ lb lt lv mk mn ms my nb nl nn pl pt pt-BR ro ru sa sh si sk sl sq sr sv ta te th tl tr uk ur "
    "uz vi zh zh-Hant zh-TW".split())


def N_(message: str) -> str:
    """Marks a message where it is defined (a label in a table); it is translated where it is shown."""
    return message


def parse_language(tag: str) -> Locale:
    """A BCP 47 tag (en, en-GB, cy, ur, zh-Hant-TW) as a Babel locale."""
    try:
        return Locale.parse(tag.strip().replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError) as error:
        raise ValueError(f"'{tag}' is not a language Babel knows; write a tag such as en, en-GB or cy") from error


def direction(tag: str) -> str:
    """'rtl' for languages written right to left (ar, ur, he...), else 'ltr'."""
    return "rtl" if parse_language(tag).text_direction == "rtl" else "ltr"


def catalog_path(name: str) -> Path:
    return LOCALES_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """The languages with a catalog, such as ['cy', 'en']."""
    return sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def catalog_for(tag: str) -> str | None:
    """The catalog a language tag uses: its own (en_GB), else its language's (en), else None."""
    locale = parse_language(tag)
    candidates = [str(locale)]
    if locale.territory:
        candidates.append(f"{locale.language}_{locale.territory}")
    if locale.script:
        candidates.append(f"{locale.language}_{locale.script}")
    candidates.append(locale.language)
    return next((name for name in candidates if catalog_path(name).is_file()), None)


def load_translations(name: str) -> Translations:
    """A catalog as gettext translations, compiled in memory from the .po file (fuzzy entries are
    left out, so a guess is never shown as a translation)."""
    with catalog_path(name).open("rb") as po:
        catalog = read_po(po, locale=name, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


class Translator:
    """Messages, dates and numbers in one language. Get one with `translator(tag)`."""

    def __init__(self, tag: str):
        requested = parse_language(tag)
        self.tag = tag
        """The tag as given, for lang="" attributes."""
        self.catalog = catalog_for(tag)
        """The catalog used ('cy', 'en'); None when the language has none, and English is shown."""
        self.translations: NullTranslations
        if self.catalog is None or requested.language == SOURCE_LANGUAGE:
            self.locale = requested if requested.language == SOURCE_LANGUAGE else Locale.parse(SOURCE_LANGUAGE)
            self.translations = NullTranslations()
        else:
            self.locale = requested
            self.translations = load_translations(self.catalog)
        self.language = self.locale.language
        """The language the interface is shown in ('en' when the requested one has no catalog)."""

    def __repr__(self) -> str:
        return f"translator({self.tag!r})"

    @property
    def is_english(self) -> bool:
        return self.language == SOURCE_LANGUAGE

    @property
    def direction(self) -> str:
        """The page's writing direction: its language's, even while its interface falls back to English."""
        return direction(self.tag)

    # Messages ----------------------------------------------------------------------------------
    def gettext(self, message: str, **values: Any) -> str:
        return self.translations.gettext(message) % values

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form for `count` (Welsh has six); `%(num)s` is the count written for this language."""
        values.setdefault("num", self.number(count))
        return self.translations.ngettext(singular, plural, count) % values

    def pgettext(self, context: str, message: str, **values: Any) -> str:
        return str(self.translations.pgettext(context, message)) % values

    def npgettext(self, context: str, singular: str, plural: str, count: int, **values: Any) -> str:
        values.setdefault("num", self.number(count))
        return str(self.translations.npgettext(context, singular, plural, count)) % values

    def raw(self, message: str) -> str:
        """The translation itself, not formatted: for templates that format it themselves."""
        return self.translations.gettext(message)

    def language_name(self, tag: str) -> str:
        """The name of a language in this one: 'English', 'Saesneg'."""
        name = parse_language(tag).get_language_name(self.locale) or tag
        return name[:1].upper() + name[1:] if self.is_english else name

    # Dates, numbers, percentages --------------------------------------------------------------
    def long_date(self, value: dt.date | None) -> str:
        """'2 November 2019' (the GOV.UK style in English, whatever the region), '2 Tachwedd 2019'."""
        if value is None:
            return ""
        if self.is_english:
            return format_date(value, "d MMMM y", locale=self.locale)
        return format_date(value, "long", locale=self.locale)

    def month_year(self, value: dt.date | None) -> str:
        """'November 2019', 'Tachwedd 2019'."""
        if value is None:
            return ""
        if self.is_english:
            return format_date(value, "MMMM y", locale=self.locale)
        return format_skeleton("yMMMM", value, locale=self.locale)

    def number(self, value: int | float) -> str:
        """A count or a value as written in the content (21.5), with this language's decimal sign.
        Thousands are not grouped (2000), as the pages have always written them."""
        text = str(value)
        return text.replace(".", get_decimal_symbol(self.locale)) if "." in text else text

    def decimal(self, value: float, places: int = 1) -> str:
        """A measured value rounded to `places` decimals: '2.3' (a file size in MB)."""
        text = f"{value:.{places}f}"
        return text.replace(".", get_decimal_symbol(self.locale)) if "." in text else text

    def percent(self, value: int | float) -> str:
        """A number of per cent (48 → '48%'), with this language's sign in its place."""
        return self._percent_pattern[0] + self.number(value) + self._percent_pattern[1]

    @functools.cached_property
    def _percent_pattern(self) -> tuple[str, str]:
        pattern = self.locale.percent_formats[None].pattern.split(";")[0].replace("'", "")
        before, _, after = re.split(r"([#0,.@]+)", pattern, maxsplit=1)
        sign = self.locale.number_symbols["latn"].get("percentSign", "%")
        return before.replace("%", sign), after.replace("%", sign)


@functools.cache
def translator(tag: str) -> Translator:
    """The translator for a language tag, made once per tag."""
    return Translator(tag)


def english() -> Translator:
    return translator(SOURCE_LANGUAGE)


def layout_language(t: Translator) -> dict[str, Any]:
    """What theme/base.html and its partials need to speak the page's language (MkDocs renders
    them, not our environment): `gettext`, which they use as `_`, and the writing direction. Add it
    to the layout of EngineSite; without it they show the English."""
    return {"gettext": t.raw, "direction": t.direction}


def endonym(tag: str) -> str:
    """A language's name in itself, for links to it: English, Cymraeg, اردو."""
    locale = parse_language(tag)
    own = Locale(locale.language)  # "English", not "English (United Kingdom)"
    name = own.get_display_name(own) or tag
    return name[:1].upper() + name[1:]


def material_language(tag: str) -> str:
    """The value for Material's `theme.language` closest to a tag ('cy', 'pt-BR'), else 'en'.
    Our base.html supplies every word Material's script shows, so this only names the language."""
    locale = parse_language(tag)
    for candidate in (f"{locale.language}-{locale.territory}" if locale.territory else "",
                      f"{locale.language}-{locale.script}" if locale.script else "", locale.language):
        if candidate in MATERIAL_LANGUAGES:
            return candidate
    return SOURCE_LANGUAGE


__all__ = ["N_", "Translator", "available_languages", "catalog_for", "direction", "endonym", "english",
           "layout_language", "material_language", "parse_language", "translator"]
