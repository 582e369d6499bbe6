"""Bar charts as inline SVG, always drawn beside a real table of the same numbers.

The SVG is a picture for sighted readers (role="img" with a title naming the table that holds
the data); screen readers, text-only browsers and print readers use the table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator.i18n import Translator, english

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH, VALUE_WIDTH = 22, 10, 210, 300, 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css_class: str = ""


def bar_chart(bars: list[Bar], title: str, table_id: str, total: int | None = None,
              t: Translator | None = None) -> Markup:
    """A horizontal bar chart; bars are scaled to `total` (or the largest value)."""
    t = t or english()
    title = title.unescape() if isinstance(title, Markup) else title  # a translated message from a template
    name = t.gettext("%(title)s: a bar chart of the numbers in the table that follows", title=title)
    scale_to = max([total or 0, *[b.value for b in bars], 1])
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH
    parts = [f'<svg class="bar-chart" role="img" aria-labelledby="{table_id}-chart-title" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{table_id}-chart-title">{escape(name)}</title>']
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(CHART_WIDTH * bar.value / scale_to) if bar.value else 0
        label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" '
                     f'class="bar-chart__label">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 2)}" height="{BAR_HEIGHT}" '
                     f'class="bar-chart__bar {escape(bar.css_class)}"></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + max(length, 2) + 6}" y="{y + BAR_HEIGHT - 6}" '
                     f'class="bar-chart__value">{t.number(bar.value)}</text>')
    parts.append("</svg>")
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
