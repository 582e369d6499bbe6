"""Which day "today" is for an assembly: one definition for the build, the check and the preview.

"Today" decides embargoes (publish_on) and every figure that depends on the date (overdue
commitments). It is the date in the assembly's own time zone (site_config.yml `time_zone`,
default Europe/London), so two builds at the same instant publish the same bytes wherever the
machine is and whatever its TZ setting says.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIME_ZONE = "Europe/London"


def known_zone(name: str) -> str:
    """`name` if it is an IANA time zone such as Europe/London; otherwise a message with the fix."""
    cleaned = name.strip()
    try:
        if cleaned and "/" in cleaned or cleaned == "UTC":
            ZoneInfo(cleaned)
            return cleaned
    except (ZoneInfoNotFoundError, ValueError):
        pass
    from generator.model.types import closest

    close = closest(cleaned, sorted(available_timezones())) if cleaned else None
    hint = f" — did you mean '{close}'?" if close else ""
    raise ValueError(f"'{name}' is not a time zone: write a name such as Europe/London or Europe/Dublin "
                     f"(the IANA time zone names){hint}")


def epoch_instant() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as an instant (UTC), when it is set to a whole number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return None


def today(as_of: dt.date | None = None, time_zone: str = DEFAULT_TIME_ZONE) -> dt.date:
    """--as-of, else SOURCE_DATE_EPOCH read as an instant and dated in `time_zone`, else the clock
    in `time_zone`; never the machine's own zone."""
    if as_of:
        return as_of
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIME_ZONE)  # the config's own error is reported where it is checked
    instant = epoch_instant() or dt.datetime.now(dt.UTC)
    return instant.astimezone(zone).date()


def project_time_zone(root: Path) -> str:
    """The `time_zone` of site_config.yml in `root`, read before the full check (which reports a
    wrong one with its line); the default when the file or the setting is missing or unreadable."""
    import yaml

    try:
        data = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT_TIME_ZONE
    zone = data.get("time_zone") if isinstance(data, dict) else None
    if isinstance(zone, str):
        try:
            return known_zone(zone)
        except ValueError:
            pass
    return DEFAULT_TIME_ZONE
