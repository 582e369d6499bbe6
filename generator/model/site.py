"""The schema of site_config.yml."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from generator.model.types import Code, Colour, IsoDate, Record, Text, WebAddress


class Organisation(Record):
    name: Text
    url: WebAddress | None = None
    logo: Code | None = None


class AccessibilitySettings(Record):
    contact_email: Code | None = None
    last_reviewed: IsoDate | None = None
    """When the statement was last reviewed."""
    known_issues: list[Text] = Field(default_factory=list)
    """Known accessibility problems, listed in the statement (empty: fully compliant)."""


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
    def _trailing_slash(cls, value: str | None) -> str | None:
        return value if value is None or value.endswith("/") else value + "/"

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from generator.dates import known_zone

        return known_zone(value)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if "@" not in value or " " in value.strip():
            raise ValueError(f"'{value}' must be an email address such as engagement@example.gov.uk")
        return value.strip()

    def status_label(self, key: str) -> str:
        return next((s.label for s in self.progress_statuses if s.key == key), key)
