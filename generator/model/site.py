"""The schema of site_config.yml."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from generator.model.types import EMAIL_PATTERN, Code, Colour, IsoDate, Record, Text, WebAddress


def email_address(value: str) -> str:
    """An address residents write to (shown as a mailto: link): one email address, nothing else."""
    if not EMAIL_PATTERN.match(value.strip()):
        raise ValueError(f"'{value}' must be an email address such as engagement@example.gov.uk")
    return value.strip()


class Organisation(Record):
    name: Text
    url: WebAddress | None = None
    """The organisation's own website: http:// or https:// (checked by WebAddress)."""
    logo: Code | None = None


class AccessibilitySettings(Record):
    contact_email: Code | None = None
    last_reviewed: IsoDate | None = None
    """When the statement was last reviewed."""
    known_issues: list[Text] = Field(default_factory=list)
    """Known accessibility problems, listed in the statement (empty: fully compliant)."""

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return value if value is None else email_address(value)


class ThemeSettings(Record):
    primary_colour: Colour = "#1d4f91"


class ProgressStatus(Record):
    key: Code
    label: Text


DEFAULT_STATUSES = [
    ProgressStatus(key="not-started", label="Not started"),
    ProgressStatus(key="in-progress", label="In progress"),
    ProgressStatus(key="completed", label="Completed"),
    ProgressStatus(key="stalled", label="Stalled"),
    ProgressStatus(key="will-not-proceed", label="Will not proceed"),
]


class SiteConfig(Record):
    organisation: Organisation
    site_url: WebAddress | None = None
    language: Code = "en-GB"
    contact_email: Code
    accessibility: AccessibilitySettings = Field(default_factory=AccessibilitySettings)
    theme: ThemeSettings = Field(default_factory=ThemeSettings)
    time_zone: Code = "Europe/London"
    """The assembly's time zone (an IANA name such as Europe/London): it decides which day "today"
    is, for embargoes and for the figures that depend on the date."""
    progress_statuses: list[ProgressStatus] = Field(default_factory=lambda: list(DEFAULT_STATUSES))
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Language → field → translated text (nested like the field itself); checked in generator.validate."""

    @field_validator("site_url")
    @classmethod
    def _site_address(cls, value: str | None) -> str | None:
        """Where the sites are published: an https:// or http:// address (WebAddress refuses spaces,
        control characters, quotes and a user name or password) of a folder, without ?... or #...,
        since every published address is made by adding to it; ends in /."""
        if value is None:
            return value
        if "?" in value or "#" in value:
            base = value.split("?", 1)[0].split("#", 1)[0]
            raise ValueError(f"'{value}' must be the address of the folder the sites are published in, without "
                             f"the part from {'?' if '?' in value else '#'} on: write {base}")
        return value if value.endswith("/") else value + "/"

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from generator.dates import known_zone

        return known_zone(value)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        return email_address(value)

    def assembly_url(self, slug: str) -> str | None:
        """The full address of an assembly's folder, or None without site_url."""
        return f"{self.site_url}{slug}/" if self.site_url else None

    def status_label(self, key: str) -> str:
        return next((s.label for s in self.progress_statuses if s.key == key), key)
