"""The schema of site_config.yml."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from generator.model.types import EMAIL_PATTERN, Code, Colour, IsoDate, Record, Text, WebAddress, YesNo


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


class GitHost(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"


class EditorSettings(Record):
    """`editor:` in site_config.yml: the browser editor published with the site (`assembly build
    --editor`, or every build with `publish: yes`), saving to the project's Git repository
    (generator.editor.hosted makes it). `assembly serve` needs none of this: its editor saves to
    this computer."""

    backend: GitHost
    """The Git host that keeps the project: github (GitHub or GitHub Enterprise) or gitlab."""
    repo: Code
    """The repository, as owner/name (GitLab: group/subgroup/name)."""
    branch: Code = "main"
    """The branch the pipeline publishes from; each save is a commit to it."""
    folder: Code | None = None
    """The repository's folder that holds site_config.yml, when it is not at the top."""
    api_root: WebAddress | None = None
    """The Git host's API, for GitHub Enterprise or a council's own GitLab."""
    app_id: Code | None = None
    """GitLab only: the Application ID of the GitLab application (sign-in with PKCE, no secret)."""
    base_url: WebAddress | None = None
    """The sign-in service (GitHub: the OAuth service holding the app's secret; GitLab: the GitLab
    address when it is not gitlab.com)."""
    auth_endpoint: Code | None = None
    """The path of the sign-in service's start page, when it is not auth (GitHub) or
    oauth/authorize (GitLab)."""
    review: YesNo = False
    """Decap's editorial workflow: a save goes to a branch and a pull or merge request, published
    when approved."""
    publish: YesNo = False
    """Publish the editor with every build, not only `assembly build --editor`."""

    @field_validator("repo")
    @classmethod
    def _repository(cls, value: str) -> str:
        import re

        written = value.strip()
        if "://" in written or written.startswith(("github.com/", "gitlab.com/")):
            path = written.split("://", 1)[-1].split("/", 1)[-1].removesuffix(".git").strip("/")
            raise ValueError(f"'{value}' must be the repository's owner/name, not its address: write {path}")
        if not re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+", written) or written.endswith(".git"):
            raise ValueError(f"'{value}' must be the repository as owner/name, such as riverside-council/assemblies")
        return written

    @field_validator("folder")
    @classmethod
    def _folder(cls, value: str | None) -> str | None:
        import re

        if value is None:
            return None
        written = value.strip().strip("/")
        if not written or not re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", written) or any(
                part in (".", "..") for part in written.split("/")):
            raise ValueError(f"'{value}' must be a folder of the repository, such as website or sites/assemblies")
        return written

    @field_validator("auth_endpoint")
    @classmethod
    def _endpoint(cls, value: str | None) -> str | None:
        if value is not None and ("://" in value or " " in value.strip()):
            raise ValueError(f"'{value}' must be a path on the sign-in service (base_url), such as auth")
        return value.strip().strip("/") if value is not None else None

    @model_validator(mode="after")
    def _backend_settings(self) -> EditorSettings:
        if self.app_id and self.backend is not GitHost.GITLAB:
            raise ValueError("app_id is for GitLab's sign-in: with backend: github, set base_url to the address "
                             "of the service that holds the GitHub OAuth app's secret instead")
        return self


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
    editor: EditorSettings | None = None
    """The browser editor published with the site, for a hosted workflow (docs/editor.md)."""

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
