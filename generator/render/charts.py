"""Bar charts, always drawn beside a real table of the same numbers.

The chart is a picture for sighted readers (role="img" named after the table that holds the
data); screen readers, text-only browsers and print readers use the table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator.i18n import Translator, english


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css_class: str = ""


def bar_chart(bars: list[Bar], title: str, table_id: str, total: int | None = None,
              t: Translator | None = None) -> Markup:
    """A horizontal bar chart; bars are scaled to `total` (or the largest value).

    Labels and values are HTML text in the page's own font size, so they never shrink on a narrow
    screen; only each bar is a small SVG stretched to its share of the row (an attribute, not an
    inline style, so the site's CSP holds). Each bar has its label beside it: no bar is told from
    another by its colour alone."""
    t = t or english()
    title = title.unescape() if isinstance(title, Markup) else title  # a translated message from a template
    name = t.gettext("%(title)s: a bar chart of the numbers in the table that follows", title=title)
    scale_to = max([total or 0, *[b.value for b in bars], 1])
    parts = [f'<div class="bar-chart" role="img" aria-labelledby="{table_id}-chart-title">',
             f'<p class="visually-hidden" id="{table_id}-chart-title">{escape(name)}</p>']
    for bar in bars:
        share = round(100 * bar.value / scale_to, 1) if bar.value else 0
        parts.append(
            f'<div class="bar-chart__row"><span class="bar-chart__label">{escape(bar.label)}</span>'
            '<span class="bar-chart__track"><svg class="bar-chart__svg" aria-hidden="true" focusable="false" '
            'viewBox="0 0 100 10" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
            f'<rect x="0" y="0" width="{max(share, 0.5):g}" height="10" '
            f'class="bar-chart__bar {escape(bar.css_class)}"></rect></svg>'
            f'<span class="bar-chart__value">{t.number(bar.value)}</span></span></div>')
    parts.append("</div>")
    return Markup("".join(parts))


def progress_bar(percent: int | None, label: str, t: Translator | None = None) -> Markup:
    """A progress bar whose number is also written as text beside it."""
    t = t or english()
    value = max(0, min(100, percent or 0))
    text = t.gettext("%(status)s: %(percent)s done", status=label, percent=t.percent(value))
    return Markup(
        '<div class="progress-bar"><svg class="progress-bar__track" aria-hidden="true" focusable="false" '
        'viewBox="0 0 100 8" width="200" height="16" preserveAspectRatio="none" '
        'xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="100" height="8" class="progress-bar__empty">'
        f'</rect><rect x="0" y="0" width="{value}" height="8" class="progress-bar__done"></rect></svg>'
        f'<span class="progress-bar__text">{escape(text)}</span></div>')
