"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules, and best practices) on every kind of page,
and again in the dark colour scheme on a 320 px phone for the rules that depend on either."""

from __future__ import annotations

from typing import Any

import pytest

from .browser_support import (
    ALL_PAGES,
    AXE_LAYOUT_RULES,
    INCOMPLETE,
    describe_violations,
    page_id,
    run_axe,
)

pytestmark = pytest.mark.browser


def _check(page: Any, url: str, axe_url: str, label: str, rules: list[str] | None = None) -> None:
    page.goto(url)
    result = run_axe(page, axe_url, rules)
    for item in result["incomplete"]:
        INCOMPLETE.append((label, item))
        print(f"\n[axe incomplete] {label}: {item['id']}: {item['help']} "
              f"({len(item['nodes'])}: {', '.join(n['target'] for n in item['nodes'][:3])})")
    assert not result["violations"], f"axe violations on {label}:\n" + describe_violations(result["violations"])


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_axe_finds_no_violations(page: Any, sites: dict, server: str, axe_url: str, site_name: str,
                                 kind: str) -> None:
    _check(page, sites[site_name].http_url(server, kind), axe_url, f"{site_name}/{kind}")


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_axe_finds_no_violations_in_dark_mode_on_a_phone(phone_dark_page: Any, sites: dict, server: str, axe_url: str,
                                                         site_name: str, kind: str) -> None:
    """A reader whose phone asks for a dark scheme: colours still meet 4.5:1 and 3:1, targets
    are still big enough, and what scrolls can be scrolled from the keyboard."""
    _check(phone_dark_page, sites[site_name].http_url(server, kind), axe_url, f"{site_name}/{kind} (dark, 320px)",
           AXE_LAYOUT_RULES)
