"""Shared pieces of the browser suite: where things are, which pages to visit, and the
in-page scripts that measure them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import make_stress

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

EXAMPLE_SLUG = "riverside-town-centre"
_A = EXAMPLE_SLUG
EXAMPLE_KINDS = {
    "portal": "index.html",
    "home": f"{_A}/index.html",
    "recommendations": f"{_A}/recommendations/index.html",
    "recommendations-filtered": f"{_A}/recommendations/by-response/accepted.html",
    "recommendation-responded": f"{_A}/recommendations/safe-cycle-routes.html",
    "recommendation-history": f"{_A}/recommendations/shop-front-grants.html",
    "recommendation-overdue": f"{_A}/recommendations/riverside-path.html",
    "recommendation-not-put": f"{_A}/recommendations/parking-charges.html",
    "responses": f"{_A}/responses/index.html",
    "sessions": f"{_A}/sessions/index.html",
    "session-recording": f"{_A}/sessions/weekend-1.html",
    "speakers": f"{_A}/speakers/index.html",
    "speaker-photo": f"{_A}/speakers/amira-hussain.html",
    "evidence": f"{_A}/evidence/index.html",
    "evidence-video": f"{_A}/evidence/market-traders-view.html",
    "updates": f"{_A}/updates/index.html",
    "update": f"{_A}/updates/two-years-on.html",
    "page": f"{_A}/about.html",
    "accessibility": f"{_A}/accessibility.html",
    "not-found": f"{_A}/404.html",
    "sitemap": f"{_A}/sitemap.html",
    "data": f"{_A}/data.html",
    "report": f"{_A}/report/index.html",
    "report-chapter": f"{_A}/report/the-recommendations.html",
    "report-plain": f"{_A}/report/plain.html",
    "recommendations-by-theme": f"{_A}/recommendations/by-theme/getting-around.html",
    "recommendations-by-progress": f"{_A}/recommendations/by-progress/in-progress.html",
    "evidence-by-type": f"{_A}/evidence/by-type/presentation.html",
    "evidence-external-video": f"{_A}/evidence/getting-around-town.html",
}
STRESS_KINDS = dict(make_stress.PAGE_KINDS)

BILINGUAL_ROOT = REPO / "tests" / "fixtures" / "bilingual"
_B = "aberwen-climate/cy"
# The Welsh pages of a bilingual assembly (some of their text untranslated), and two English ones.
BILINGUAL_KINDS = {
    "portal": "index.html",
    "en-home": "aberwen-climate/index.html",
    "en-recommendation": "aberwen-climate/recommendations/warm-homes.html",
    "cy-home": f"{_B}/index.html",
    "cy-recommendations": f"{_B}/recommendations/index.html",
    "cy-recommendation-translated": f"{_B}/recommendations/warm-homes.html",
    "cy-recommendation-untranslated": f"{_B}/recommendations/village-buses.html",
    "cy-recommendations-by-response": f"{_B}/recommendations/by-response/accepted.html",
    "cy-recommendations-by-theme": f"{_B}/recommendations/by-theme/homes.html",
    "cy-recommendations-by-progress": f"{_B}/recommendations/by-progress/in-progress.html",
    "cy-responses": f"{_B}/responses/index.html",
    "cy-sessions": f"{_B}/sessions/index.html",
    "cy-session": f"{_B}/sessions/first-saturday.html",
    "cy-speakers": f"{_B}/speakers/index.html",
    "cy-speaker": f"{_B}/speakers/rhian-morgan.html",
    "cy-evidence": f"{_B}/evidence/index.html",
    "cy-evidence-item": f"{_B}/evidence/heating-our-homes.html",
    "cy-evidence-by-type": f"{_B}/evidence/by-type/presentation.html",
    "cy-updates": f"{_B}/updates/index.html",
    "cy-update": f"{_B}/updates/council-responds.html",
    "cy-page": f"{_B}/about.html",
    "cy-accessibility": f"{_B}/accessibility.html",
    "cy-sitemap": f"{_B}/sitemap.html",
    "cy-data": f"{_B}/data.html",
    "cy-not-found": f"{_B}/404.html",
}

# (site, kind) pairs for parametrised tests, named "example/home", "stress/recommendations"...
EXAMPLE_PAGES = [("example", kind) for kind in EXAMPLE_KINDS]
STRESS_PAGES = [("stress", kind) for kind in STRESS_KINDS]
BILINGUAL_PAGES = [("bilingual", kind) for kind in BILINGUAL_KINDS]
ALL_PAGES = EXAMPLE_PAGES + STRESS_PAGES + BILINGUAL_PAGES


def page_id(value: Any) -> str:
    return "/".join(value) if isinstance(value, tuple) else str(value)


# Every axe "incomplete" result seen in this session: (page id, result), printed at the end.
INCOMPLETE: list[tuple[str, dict[str, Any]]] = []


@dataclass
class Site:
    name: str
    folder: Path
    kinds: dict[str, str]

    def path(self, kind: str) -> Path:
        return self.folder / self.kinds[kind]

    def file_url(self, kind: str) -> str:
        return self.path(kind).as_uri()

    def http_url(self, base: str, kind: str) -> str:
        return f"{base}{self.name}/{self.kinds[kind]}"


# The rules whose outcome depends on the colour scheme or the width of the screen.
AXE_LAYOUT_RULES = ["color-contrast", "link-in-text-block", "target-size", "scrollable-region-focusable",
                    "css-orientation-lock", "meta-viewport"]


def run_axe(page: Any, axe_url: str, rules: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Load axe-core into the page (from the test server, so the browser caches and compiles it
    once) and run the WCAG 2.0-2.2 A/AA rules and best practices, or only `rules`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=axe_url)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(
        """async (only) => {
          const result = await axe.run(document, {runOnly: only, resultTypes: ['violations', 'incomplete']});
          const slim = (items) => items.map(r => ({id: r.id, impact: r.impact, help: r.help,
            nodes: r.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
              message: (n.failureSummary || [...n.any, ...n.all, ...n.none].map(c => c.message).join('; '))
                       .slice(0, 400)}))}));
          return {violations: slim(result.violations), incomplete: slim(result.incomplete)};
        }""",
        only,
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['message']}")
            lines.append(f"        {node['html']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


# Focusable things a keyboard user can reach, and the parts of their style that can show focus.
FOCUS_SCRIPT = """
(() => {
  const SELECTOR = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, ' +
                   'iframe, video[controls], audio[controls], [contenteditable=""], [contenteditable=true], ' +
                   '[tabindex]:not([tabindex="-1"])';
  const style = (el) => {
    const s = getComputedStyle(el);
    return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
            outlineColor: s.outlineColor, boxShadow: s.boxShadow, backgroundColor: s.backgroundColor,
            color: s.color, borderColor: s.borderTopColor + ' ' + s.borderBottomColor,
            textDecoration: s.textDecorationLine + ' ' + s.textDecorationThickness};
  };
  const label = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('href') || '').trim();
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
           (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
           ' "' + text.replace(/\\s+/g, ' ').slice(0, 60) + '"';
  };
  window.__focus = {
    snapshot(blur = true) {
      if (blur && document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      // Chromium also puts a scrolling box with nothing focusable inside in the Tab order.
      const scrollers = [...document.body.querySelectorAll('*')].filter(el => {
        const s = getComputedStyle(el);
        const scrolls = (v) => v === 'auto' || v === 'scroll';
        return ((scrolls(s.overflowX) && el.scrollWidth > el.clientWidth) ||
                (scrolls(s.overflowY) && el.scrollHeight > el.clientHeight)) && !el.querySelector(SELECTOR);
      });
      const all = [...new Set([...document.querySelectorAll(SELECTOR), ...scrollers])].filter(el =>
        !el.disabled && el.checkVisibility({visibilityProperty: true, opacityProperty: true}) &&
        !el.closest('[inert]'));
      all.sort((a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
      this.items = all;
      return all.map(el => ({label: label(el), style: style(el)}));
    },
    current() {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const r = [...el.getClientRects()].find(c => c.width > 0 && c.height > 0) || el.getBoundingClientRect();
      const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth &&
                     r.width > 0 && r.height > 0;
      let topmost = true;
      if (inView) {
        const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
        const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
        const hit = document.elementFromPoint(x, y);
        topmost = !!hit && (el === hit || el.contains(hit) || hit.contains(el));
      }
      return {index: this.items.indexOf(el), label: label(el), style: style(el), inView, topmost,
              focusVisible: el.matches(':focus-visible')};
    },
  };
})();
"""


def _alpha(colour: str) -> float:
    if colour.startswith("rgba("):
        return float(colour.rstrip(")").split(",")[-1])
    return 0.0 if colour == "transparent" else 1.0


def focus_indicator_problem(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """None when the focused style is visibly different from the unfocused one; else why not."""
    outline = (after["outlineStyle"] != "none" and after["outlineWidth"] >= 2 and _alpha(after["outlineColor"]) > 0)
    if outline and (before["outlineStyle"], before["outlineWidth"], before["outlineColor"]) != (
            after["outlineStyle"], after["outlineWidth"], after["outlineColor"]):
        return None
    if after["boxShadow"] not in ("none", before["boxShadow"]):
        return None
    if after["backgroundColor"] != before["backgroundColor"] and _alpha(after["backgroundColor"]) > 0:
        return None
    return (f"no visible focus indicator: outline {after['outlineStyle']} {after['outlineWidth']}px "
            f"{after['outlineColor']}, box-shadow {after['boxShadow']}, background {after['backgroundColor']} "
            f"(unfocused: {before['backgroundColor']})")


# Content that does not fit: the page scrolls sideways, or something is cut off at the right edge.
OVERFLOW_SCRIPT = """
() => {
  const doc = document.scrollingElement;
  const width = doc.clientWidth;
  const problems = [];
  if (doc.scrollWidth > width) {
    problems.push(`page scrolls sideways: scrollWidth ${doc.scrollWidth} > clientWidth ${width}`);
  }
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return true;
    return false;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility() || el.closest('.visually-hidden') || inScroller(el)) continue;
    const field = el.matches('input, textarea, select');  // a text field scrolls its own text
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) {
      problems.push(`${describe(el)} ends at ${Math.round(r.right)}px, past the ${width}px viewport`);
    }
    const clips = s.overflowX === 'hidden' || s.overflowX === 'clip';
    if (clips && !field && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1 && !el.matches('.skip-link')) {
      problems.push(`${describe(el)} cuts off its content (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
    if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} is truncated with an ellipsis`);
    }
  }
  // Text that runs out of its box (a long word or address) does not move any element's edges.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || !parent.checkVisibility() || parent.closest('.visually-hidden') ||
        parent.closest('.skip-link') || inScroller(parent) || parent.matches('.skip-link')) continue;
    range.selectNodeContents(node);
    const right = Math.max(0, ...[...range.getClientRects()].map(c => c.right));
    if (right > width + 1) {
      const text = node.textContent.trim().slice(0, 50);
      problems.push(`text "${text}" in ${describe(parent)} runs to ${Math.round(right)}px`);
    }
  }
  return problems.slice(0, 15);
}
"""
