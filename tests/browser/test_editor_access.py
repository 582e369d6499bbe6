"""The editor at /admin/ measured with axe-core (the rules of WCAG 2.0, 2.1 and 2.2 A and AA, and
best practices) on every screen an officer uses, and its save path walked with the keyboard alone.

Decap CMS leaves out names, landmarks, focus styles and contrast that generator/editor/static/
editor-access.js adds from outside its bundle; tests/browser/test_editor.py drives the same
editor for what it saves. axe runs inside the editor's page under its own Content-Security-Policy
(the test serves axe from the editor's address), so the fixes are measured as officers get them.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import AXE_JS, INCOMPLETE, OVERFLOW_SCRIPT, describe_violations, run_axe
from .test_editor import SLUG, _serve, _wait_for

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
AXE_PATH = "admin/__axe-core-for-tests.js"

KNOWN: dict[str, dict[str, str]] = {}
"""Screen → {axe rule id: why it cannot be fixed from outside Decap's bundle}. Empty: every screen
has no violation; a new one fails the test."""


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One `assembly serve` for the module, on a copy of the example content."""
    root = tmp_path_factory.mktemp("editor-access") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    yield from _serve(root, SLUG)


def _context(chromium: Any, base: str, width: int = 1280, height: int = 900) -> Any:
    """A context whose pages get axe-core from the editor's own address (its page only runs
    scripts from there) and nothing from any other site."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    axe = AXE_JS.read_text(encoding="utf-8")

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url == base + AXE_PATH:
            request_route.fulfill(body=axe, content_type="text/javascript")
        elif url.startswith(base):
            request_route.continue_()
        else:
            request_route.abort()

    context.route("**/*", route)
    return context


def _logged_in(page: Any, base: str, where: str) -> None:
    page.goto(f"{base}admin/#{where}")
    page.get_by_role("button", name="Login").click()


def _entry(page: Any, base: str, collection: str, entry: str) -> None:
    _logged_in(page, base, f"/collections/{SLUG}-{collection}/entries/{entry}")
    page.get_by_text("Writing in").wait_for()
    page.locator("#preview-pane").wait_for(state="attached")


def _login(page: Any, base: str) -> None:
    page.goto(f"{base}admin/")
    page.get_by_role("button", name="Login").wait_for()


def _collection(page: Any, base: str) -> None:
    _logged_in(page, base, f"/collections/{SLUG}-responses")
    page.get_by_text("fair-rents: not-accepted").wait_for()


def _response(page: Any, base: str) -> None:
    _entry(page, base, "responses", "riverside-path")
    page.get_by_text("Bring the three landowners together").first.wait_for()


def _response_choosing(page: Any, base: str) -> None:
    """A response with the relation picker's list of recommendations open."""
    _response(page, base)
    field = page.locator("label", has_text="Recommendation").first.get_attribute("for")
    page.locator(f"[id='{field}']").click()
    page.get_by_role("option").first.wait_for()


def _response_invalid(page: Any, base: str) -> None:
    """A response whose required date was cleared and saved: Decap's error messages show."""
    _response(page, base)
    field = page.locator("label", has_text="Date").first.get_attribute("for")
    page.locator(f"[id='{field}']").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").click()
    page.locator("[role=alert]").first.wait_for()


def _recommendation(page: Any, base: str) -> None:
    _entry(page, base, "recommendations", "better-lighting")
    page.get_by_label("Answer 1", exact=True).wait_for()


def _speaker(page: Any, base: str) -> None:
    _entry(page, base, "speakers", "amira-hussain")
    page.get_by_role("button", name="Choose different image").wait_for()


def _media_library(page: Any, base: str) -> None:
    _speaker(page, base)
    page.get_by_role("button", name="Choose different image").click()
    page.get_by_role("dialog").get_by_text("amira-hussain.jpg").wait_for()


def _publish_menu(page: Any, base: str) -> None:
    _response(page, base)
    field = page.locator("label", has_text="Reasons").first.get_attribute("for")
    page.locator(f"[id='{field}']").fill("The landowners have agreed to meet.")
    page.get_by_text("Unsaved changes").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").wait_for()


def _response_saved(page: Any, base: str) -> None:
    """A response saved with a date after today: valid to the form, so the editor says after
    saving what the preview found in the file (editor-problems.js)."""
    _entry(page, base, "responses", "safe-cycle-routes")
    field = page.locator("label", has_text="Date").first.get_attribute("for")
    page.locator(f"[id='{field}']").fill("2099-01-01")
    page.get_by_text("Unsaved changes").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").click()
    page.locator("#assembly-save-problems").get_by_text("Saved", exact=False).first.wait_for()


SCREENS = {
    "login": (_login, 1280),
    "collection": (_collection, 1280),
    "response": (_response, 1280),
    "response-choosing": (_response_choosing, 1280),
    "response-invalid": (_response_invalid, 1280),
    "publish-menu": (_publish_menu, 1280),
    "response-saved": (_response_saved, 1280),
    "recommendation": (_recommendation, 1280),
    "speaker": (_speaker, 1280),
    "media-library": (_media_library, 1280),
    "login-320": (_login, 320),
    "collection-320": (_collection, 320),
    "response-320": (_response, 320),
    "recommendation-320": (_recommendation, 320),
    "speaker-320": (_speaker, 320),
    "media-library-320": (_media_library, 320),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_no_violations_in_the_editor_and_it_reflows(chromium: Any, editor: tuple[str, Path], axe_url: str,
                                               screen: str) -> None:
    base, _root = editor
    show, width = SCREENS[screen]
    context = _context(chromium, base, width, 900 if width > 400 else 640)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        show(page, base)
        page.wait_for_function("() => !!document.getElementById('editor-access-style')")
        page.wait_for_timeout(500)  # Decap's last renders (the preview, lazy images) settle
        if width <= 320:  # reflow (WCAG 1.4.10): nothing scrolls sideways or is cut off
            # The media library's hidden file field (behind Upload) is 0 px wide, and Chromium's own
            # stylesheet gives a file field's text an ellipsis that no page can override.
            overflow = [problem for problem in page.evaluate(OVERFLOW_SCRIPT)
                        if problem != 'input "" is truncated with an ellipsis']
            assert overflow == [], f"at 320 px the editor's {screen} screen does not reflow:\n" + "\n".join(overflow)
        result = run_axe(page, base + AXE_PATH)
        for item in result["incomplete"]:
            INCOMPLETE.append((f"editor/{screen}", item))
        found = {v["id"] for v in result["violations"]}
        known = KNOWN.get(screen, {})
        assert found == set(known), (f"axe on the editor's {screen} screen found "
                                     f"{sorted(found - set(known)) or 'no'} new violations, and "
                                     f"{sorted(set(known) - found) or 'none'} of the known ones are gone:\n"
                                     + describe_violations(result["violations"]))
    finally:
        context.close()


@pytest.fixture(scope="module")
def bilingual_editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`assembly serve` of the English and Welsh assembly: each entry has a column per language."""
    root = tmp_path_factory.mktemp("editor-access-bilingual") / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "bilingual", root)
    yield from _serve(root, "aberwen-climate")


@pytest.mark.parametrize("collection, entry, width", [("responses", "village-buses", 1280),
                                                      ("updates", "assembly-begins", 1280),
                                                      ("updates", "assembly-begins", 320)])
def test_axe_finds_no_violations_with_two_languages(chromium: Any, bilingual_editor: tuple[str, Path],
                                                    axe_url: str, collection: str, entry: str, width: int) -> None:
    """The Welsh column keeps invisible copies of the fields that are not translated: they must
    not take focus or be read; at 320 px the Welsh column comes under the English one."""
    base, _root = bilingual_editor
    context = _context(chromium, base, width, 900 if width > 400 else 640)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base}admin/#/collections/aberwen-climate-{collection}/entries/{entry}")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Writing in CY").wait_for()
        page.wait_for_function("() => !!document.getElementById('editor-access-style')")
        page.wait_for_timeout(500)
        titles = page.locator("label", has_text="Title")
        if collection == "updates":
            assert titles.count() == 2 and titles.nth(1).is_visible()  # the Welsh title, also at 320 px
        if width <= 320:
            overflow = page.evaluate(OVERFLOW_SCRIPT)
            assert overflow == [], "with two languages at 320 px the editor does not reflow:\n" + "\n".join(overflow)
        result = run_axe(page, base + AXE_PATH)
        assert not result["violations"], describe_violations(result["violations"])
    finally:
        context.close()


# The focused element: its name, and whether it (or the box it sits in) shows a focus outline.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let shown = false;
  for (let e = el, up = 0; e && up < 4 && !shown; e = e.parentElement, up++) {
    const s = getComputedStyle(e);
    shown = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  }
  const name = (el.getAttribute('aria-label') || el.textContent || el.title || '').replace(/\\s+/g, ' ').trim();
  return {tag: el.tagName.toLowerCase(), role: el.getAttribute('role') || '', id: el.id, name: name.slice(0, 80),
          shown, inDate: el.matches('input[type=date]:not(:focus)')};
}"""


@pytest.mark.parametrize("screen", ["response", "recommendation", "speaker"])
def test_every_stop_of_the_tab_order_shows_focus(chromium: Any, editor: tuple[str, Path], screen: str) -> None:
    """Tab once round an entry screen: every stop shows a focus outline (WCAG 2.4.7)."""
    base, _root = editor
    context = _context(chromium, base)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        SCREENS[screen][0](page, base)
        page.wait_for_function("() => !!document.getElementById('editor-access-style')")
        hidden: list[str] = []
        stops: list[str] = []
        for _ in range(400):
            page.keyboard.press("Tab")
            now = page.evaluate(FOCUSED)
            if now is None:
                if stops:
                    break
                continue
            stop = f"{now['tag']}#{now['id']} {now['role']} \"{now['name']}\""
            if stops and stop == stops[0]:
                break
            stops.append(stop)
            # A date field's calendar button sits inside the field (the browser's own part): focus
            # there leaves the field unfocused, and `::-webkit-calendar-picker-indicator` outlines it.
            # In the preview frame, focus is on the links of the site's own page, whose focus
            # styles tests/browser/test_keyboard.py checks.
            if not now["shown"] and not now["inDate"] and now["tag"] != "iframe":
                hidden.append(stop)
        assert len(stops) > 20, stops
        assert not hidden, f"no visible focus on: {hidden}"
    finally:
        context.close()


def _tab_to(page: Any, wanted: Any, back: bool = False, limit: int = 200) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until `wanted(focused)`; every stop on the way must show focus."""
    hidden: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        if not now["shown"]:
            hidden.append(f"{now['tag']}#{now['id']} {now['role']} \"{now['name']}\"")
        if wanted(now):
            assert not hidden, f"focus was not visible on: {hidden}"
            return dict(now)
    pytest.fail(f"the keyboard never reached it in {limit} presses of Tab")


def test_an_officer_saves_a_response_with_the_keyboard_alone(chromium: Any, editor: tuple[str, Path]) -> None:
    base, root = editor
    response = root / "content" / SLUG / "responses" / "fair-rents.md"
    before = response.read_text(encoding="utf-8")
    assert "\nposition: not-accepted\n" in before
    context = _context(chromium, base)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base}admin/")
        _tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "Login")
        page.keyboard.press("Enter")
        page.get_by_role("link", name="Council responses", exact=True).wait_for()
        _tab_to(page, lambda f: f["tag"] == "a" and f["name"] == "Council responses")
        page.keyboard.press("Enter")
        page.get_by_text("fair-rents: not-accepted").wait_for()
        _tab_to(page, lambda f: f["tag"] == "a" and "fair-rents: not-accepted" in f["name"])
        page.keyboard.press("Enter")
        page.get_by_text("Writing in").wait_for()
        _tab_to(page, lambda f: f["id"].startswith("position-field"))
        page.keyboard.press("ArrowDown")  # opens the list of positions
        page.keyboard.type("Referred")
        page.keyboard.press("Enter")
        page.get_by_text("Unsaved changes").wait_for()
        _tab_to(page, lambda f: f["role"] == "button" and f["name"] == "Save", back=True)
        page.keyboard.press("Enter")
        for _ in range(5):
            if page.evaluate(FOCUSED)["name"] == "Save now":
                break
            page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
        assert focused["name"] == "Save now" and focused["shown"], focused
        page.keyboard.press("Enter")
        expected = before.replace("\nposition: not-accepted\n", "\nposition: referred\n")
        assert _wait_for(page, response, expected) == expected
    finally:
        context.close()


ACTIVE = """() => { const el = document.activeElement;
  return {id: el.id, label: el.getAttribute('aria-label') || el.textContent}; }"""


def test_the_vote_counts_widget_names_its_problems_and_keeps_focus(chromium: Any, editor: tuple[str, Path]) -> None:
    """Our own widget: a wrong number is tied to its field and announced; after Up, Down, Remove
    and Add the focus stays with the answer the officer is working on."""
    base, _root = editor
    context = _context(chromium, base)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        _recommendation(page, base)
        members = page.get_by_label("Members who chose answer 2")
        members.fill("13a")
        assert members.get_attribute("aria-invalid") == "true"
        problem = page.locator(f"[id='{members.get_attribute('aria-describedby')}']")
        assert "whole number" in problem.inner_text()
        assert problem.locator("xpath=ancestor::*[@role='alert']").count() == 1
        members.fill("13")
        assert members.get_attribute("aria-invalid") is None
        assert page.get_by_role("alert").filter(has_text="whole number").count() == 0

        page.get_by_role("button", name="Move answer 2 down").focus()
        page.keyboard.press("Enter")
        active = page.evaluate(ACTIVE)
        assert active["label"] == "Move answer 3 down", active
        assert page.get_by_label("Answer 3", exact=True).input_value() == "support"
        page.get_by_role("button", name="Move answer 2 up").focus()
        page.keyboard.press("Enter")  # to the top: Up is off there, so Down takes the focus
        assert page.evaluate(ACTIVE)["label"] == "Move answer 1 down"

        page.get_by_role("button", name="Remove answer 5").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(ACTIVE)["label"] == "Answer 4"  # the last answer now
        page.get_by_role("button", name="Add an answer").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(ACTIVE)["label"] == "Answer 5"
        assert page.get_by_label("Answer 5", exact=True).input_value() == ""
    finally:
        context.close()


def test_an_officer_chooses_a_picture_in_the_media_library_with_the_keyboard(chromium: Any,
                                                                              editor: tuple[str, Path]) -> None:
    base, _root = editor
    context = _context(chromium, base)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        _speaker(page, base)
        page.get_by_role("button", name="Choose different image").focus()
        page.keyboard.press("Enter")
        card = page.get_by_role("button", name="amira-hussain.jpg")
        assert card.get_attribute("aria-pressed") == "false"
        _tab_to(page, lambda f: f["role"] == "button" and f["name"] == "amira-hussain.jpg", limit=20)
        page.keyboard.press(" ")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-pressed') === 'true'")
        _tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "Choose selected", back=True, limit=20)
        page.keyboard.press("Enter")
        page.get_by_role("dialog").wait_for(state="detached")
    finally:
        context.close()


def test_an_officer_moves_a_commitment_with_the_arrow_keys(chromium: Any, editor: tuple[str, Path]) -> None:
    """Decap's lists reorder by dragging; the item's handle also moves it with the arrow keys."""
    base, root = editor
    response = root / "content" / SLUG / "responses" / "town-centre-hosts.md"
    before = response.read_text(encoding="utf-8")
    context = _context(chromium, base)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        _entry(page, base, "responses", "town-centre-hosts")
        handles = page.locator("[aria-roledescription=sortable]")
        first = handles.first.get_attribute("aria-label")
        second = handles.nth(1).get_attribute("aria-label")
        assert first and second and first.startswith("Move ")
        help_id = handles.first.get_attribute("aria-describedby")
        assert "arrow key" in page.locator(f"[id='{help_id}']").text_content()
        handles.first.focus()
        page.keyboard.press("ArrowDown")
        page.get_by_text("Unsaved changes").wait_for()
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == first
        assert handles.nth(1).get_attribute("aria-label") == first
        assert handles.first.get_attribute("aria-label") == second
        assert "moved to 2" in page.locator("[role=status]").filter(has_text="moved to").text_content()
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Save now").click()
        deadline = time.monotonic() + 60
        while response.read_text(encoding="utf-8") == before and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        after = response.read_text(encoding="utf-8")
        moved, stayed = first.removeprefix("Move "), second.removeprefix("Move ")
        assert after.index(stayed[:30]) < after.index(moved[:30]), after
    finally:
        context.close()
