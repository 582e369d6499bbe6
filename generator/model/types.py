"""Value types shared by every record, each with a message that says how to write it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo

from generator.errors import UNPUBLISHABLE, character_problem

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are never silently coerced."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


def closest(word: str, choices: list[str]) -> str | None:
    """The choice nearest in spelling: right for ids, file names and field names, never for words
    that carry a decision (see generator.model.hints)."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: list[str]) -> str:
    close = closest(word, choices)
    return f" — did you mean '{close}'?" if close else ""


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not DATE_PATTERN.match(value.strip()):
        raise ValueError(f"dates are written year-month-day, for example 2019-11-02; found '{value}'")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a real date: check the day and month (year-month-day)") from None


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number such as 12")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        number = int(value)
    else:
        raise ValueError(f"must be a whole number of 0 or more, such as 12; found '{value}'")
    return number


def _percent(value: Any) -> int:
    number = _whole_number(value)
    if number > 100:
        raise ValueError(f"a percentage runs from 0 to 100; found {number}")
    return number


def _decimal(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
        return float(value)
    raise ValueError(f"must be a number such as 21.5; found '{value}'")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no"):
        return False
    raise ValueError(f"must be true or false; found '{value}'")


def _text(value: Any) -> str:
    if isinstance(value, str):
        unpublishable = UNPUBLISHABLE.search(value)
        if unpublishable:  # text from a file has lost these already (reported where they were)
            raise ValueError(character_problem(unpublishable.group()))
        return value
    if isinstance(value, list):
        raise ValueError("must be text, not a list: remove the '- ' lines or put the text on one line")
    if isinstance(value, dict):
        raise ValueError("must be text, not a set of fields: check the indentation below it")
    raise ValueError("must be text")


def _entity_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        fixed = re.sub(r"[^a-z0-9]+", "-", value.strip().lower()).strip("-")
        hint = f": write '{fixed}'" if fixed and fixed != value else ""
        raise ValueError(f"'{value}' is not an id: ids are file names without .md, in lower-case "
                         f"letters, digits and hyphens{hint}")
    return value


def _relative_file(value: str) -> str:
    cleaned = value.strip()
    value = value.replace("\x00", "\\0")  # never print a NUL character back to a terminal
    if "\x00" in cleaned or "\\" in cleaned or cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned):
        raise ValueError(f"'{value}' must be a path inside the assembly folder written with /, "
                         "such as documents/report.pdf")
    if any(part == ".." for part in cleaned.split("/")):
        raise ValueError(f"'{value}' leaves the assembly folder: files must be inside it, "
                         "such as documents/report.pdf")
    return cleaned


EMAIL_PATTERN = re.compile(r"^[\w.!#$%&'*+/=^`{|}~-]+@[\w-]+(\.[\w-]+)+$")
"""An email address as councils write them: no spaces, no ?, one @ and a domain with a dot."""
EMAIL_LINK_RECORDS = frozenset({"Link"})
"""Records whose `url` may also be an email address written as mailto:... (a speaker's links);
every other web address (the site's, the organisation's, partners', minutes, videos) is a page."""
_HOST = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$")
_NOT_IN_ADDRESS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\"<>\\`]")


def web_address_problem(value: str, email: bool = False) -> str | None:
    """Why `value` cannot be published as a web address (None: it can): it must be http:// or
    https:// with a website's name and no user name or password, or with `email`, mailto: and an
    email address; never a space, a control or invisible character, or " < > \\ `."""
    example = "such as https://www.example.gov.uk/page" + (" (or mailto: and an email address)" if email else "")
    scheme, colon, rest = value.partition(":")
    if not colon or scheme.lower() not in ("http", "https", "mailto") or (scheme.lower() == "mailto" and not email):
        if scheme.lower() == "file":
            return (f"'{value}' is a file on your own computer or network, which readers cannot open: publish it "
                    "on a website and write its full address, starting with https://")
        if scheme.lower() == "mailto" or (EMAIL_PATTERN.match(value) and not email):
            return f"'{value}' is an email address, but this must be the address of a web page, {example}"
        if EMAIL_PATTERN.match(value):
            return f"'{value}' is an email address: write it as mailto:{value}"
        if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value):
            return f"'{value}' must be a full web address: write https://{value}"
        return f"'{value}' must be a full web address starting with https://, {example}"
    odd = _NOT_IN_ADDRESS.search(value)
    if odd:
        char = odd.group()
        said = ("a space or a line break" if char.isspace() else f"the character {char}" if char.isprintable()
                else f"an invisible character (U+{ord(char):04X})")
        space = " (in a file's name, %20 stands for a space)" if char == " " else ""
        return (f"'{value}' has {said} in it, which a web address cannot have: copy the address again from the "
                f"browser's address bar{space}")
    if scheme.lower() == "mailto":
        if not EMAIL_PATTERN.match(rest):
            return f"'{value}' must be mailto: and one email address, such as mailto:engagement@example.gov.uk"
        return None
    if not rest.startswith("//"):
        return f"'{value}' must be a full web address starting with {scheme.lower()}://, {example}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (a port that is not a number raises ValueError)
    except ValueError:
        return f"'{value}' is not a web address that works: check the part after https://, {example}"
    if "@" in parts.netloc:
        return (f"'{value}' has a user name or password in it (the part before @): remove it; it must never be "
                "published, and it can disguise which website a link leads to")
    if not parts.hostname or not _HOST.match(parts.hostname):
        return f"'{value}' has no website name after {scheme}://: write the whole address, {example}"
    return None


def _web_address(value: str, info: ValidationInfo) -> str:
    cleaned = value.strip()
    problem = web_address_problem(cleaned, (info.config or {}).get("title") in EMAIL_LINK_RECORDS)
    if problem:
        raise ValueError(problem)
    scheme, _, rest = cleaned.partition(":")
    return scheme.lower() + ":" + rest


def _colour(value: str) -> str:
    if not COLOUR_PATTERN.match(value.strip()):
        raise ValueError(f"'{value}' must be a colour written as # and six hex digits, such as \"#1d4f91\" "
                         "(in quotes)")
    return value.strip()


class Kind(Enum):
    """What a value is, for translations (generator.model.translate reads it from the annotation).

    Only TEXT and NAME can be translated. A translation leaves every other kind as the default
    language wrote it; FIXED text is shown in the default language, marked as such, in every
    language."""

    TEXT = "text"
    """Words in the default language: translated where a translation gives them, else shown marked."""
    NAME = "name"
    """A person's name: may be translated (another script); otherwise shown as written, unmarked."""
    FIXED = "fixed"
    """Words that group entities and make addresses (a recommendation's theme): written once."""
    SAME = "same"
    """The same in every language: labels such as "3a", keys, codes, email addresses."""
    DATE = "a date"
    NUMBER = "a number"
    YES_NO = "true or false"
    CHOICE = "one word from a fixed list"
    ID = "the id of another file"
    FILE = "a file"
    WEB_ADDRESS = "a web address"
    COLOUR = "a colour"

    def __repr__(self) -> str:  # kept short: it appears in the printed annotations
        return f"Kind.{self.name}"


def kind_of(annotation: Any) -> Kind | None:
    """The Kind marked on an annotation (looking inside `X | None`); None for lists, mappings, records."""
    for meta in getattr(annotation, "__metadata__", ()) or ():
        if isinstance(meta, Kind):
            return meta
    if getattr(annotation, "__origin__", None) in (list, dict):
        return None
    for arg in getattr(annotation, "__args__", ()) or ():
        if arg is not type(None) and (found := kind_of(arg)) is not None:
            return found
    return None


E = TypeVar("E", bound=Enum)


def choice(enum: type[E]) -> Any:
    """A closed vocabulary. A word not in it is an error whose hint keeps the meaning (the words
    officers write for each value, never a near spelling that means the opposite): see
    generator.model.hints."""

    def check(value: Any) -> E:
        allowed = [member.value for member in enum]
        if isinstance(value, enum):
            return value
        if isinstance(value, str) and value.strip() in allowed:
            return enum(value.strip())
        from generator.model.hints import choice_problem  # hints reads the vocabularies of records

        raise ValueError(choice_problem(value, enum))

    return Annotated[enum, BeforeValidator(check), Kind.CHOICE]


Text = Annotated[str, BeforeValidator(_text), Kind.TEXT]
Markdown = Text
Name = Annotated[str, BeforeValidator(_text), Kind.NAME]
SharedLabel = Annotated[str, BeforeValidator(_text), Kind.FIXED]
Code = Annotated[str, BeforeValidator(_text), Kind.SAME]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Kind.DATE]
WholeNumber = Annotated[int, BeforeValidator(_whole_number), Kind.NUMBER]
Percent = Annotated[int, BeforeValidator(_percent), Kind.NUMBER]
Decimal = Annotated[float, BeforeValidator(_decimal), Kind.NUMBER]
YesNo = Annotated[bool, BeforeValidator(_yes_no), Kind.YES_NO]
EntityId = Annotated[str, BeforeValidator(_text), AfterValidator(_entity_id), Kind.ID]
FilePath = Annotated[str, BeforeValidator(_text), AfterValidator(_relative_file), Kind.FILE]
WebAddress = Annotated[str, BeforeValidator(_text), AfterValidator(_web_address), Kind.WEB_ADDRESS]
Colour = Annotated[str, BeforeValidator(_text), AfterValidator(_colour), Kind.COLOUR]
