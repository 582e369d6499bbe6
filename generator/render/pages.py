"""Render each planned page's body with Jinja (StrictUndefined, autoescaped)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.i18n import SOURCE_LANGUAGE, Translator, translator
from generator.links import (  # noqa: F401 - the links of the pages, also used from here
    ENTITY_FOLDERS,
    SHARED_FILES,
    SHARED_FOLDERS,
    body_link,
    is_shared_file,
    link_from,
    page_depth,
    relative_url,
)
from generator.model.corpus import POSITION_LABELS, AssemblyContent, Site, theme_slug
from generator.model.docs import COMMITMENT_COLUMN_DOCS, CSV_COLUMN_DOCS, FIELD_DOCS, PROGRESS_COLUMN_DOCS
from generator.model.figures import COMMITMENT_STATE_LABELS
from generator.model.images import image_set
from generator.model.records import Position, option_label, video_embed, vote_rows, vote_summary, vote_supported
from generator.model.translate import address_text, is_fallback, plain
from generator.plan.pages import PagePlan, navigation, progress_label
from generator.plan.urls import url_for
from generator.render.charts import Bar, bar_chart, progress_bar
from generator.render.markdown import render_inline, render_markdown
from generator.render.structured_data import script_tag, structured_data
from generator.themes import packaged_theme

THEME_DIR = packaged_theme()


@dataclass
class RenderedPage:
    path: str
    title: str
    html_title: str
    section: str
    body: str
    description: str = ""
    image: str = ""
    alternates: list[tuple[str, str, str, bool]] = field(default_factory=list)
    """The page in each language it exists in: (language tag, the language's name in itself, link
    from this page, whether it is this page), for the language links of theme/base.html."""



def long_date(value: dt.date | None, language: str = SOURCE_LANGUAGE) -> str:
    """'2 November 2019', the GOV.UK style, independent of the machine's locale; '2 Tachwedd 2019'."""
    return translator(language).long_date(value)


def month_year(value: dt.date | None, language: str = SOURCE_LANGUAGE) -> str:
    return translator(language).month_year(value)


@functools.lru_cache(maxsize=32)
def make_environment(theme_dir: Path = THEME_DIR, language: str = SOURCE_LANGUAGE,
                     overrides: Path | None = None) -> jinja2.Environment:
    """The page templates' environment, with the messages, dates and numbers of `language`: `_()`,
    `ngettext()` and `pgettext()` (Jinja's newstyle gettext), and `i18n`, the Translator.
    `overrides` is a project's own theme folder (generator.themes): its pages/ come first."""
    t = translator(language)
    search = ([str(overrides / "pages")] if overrides is not None else []) + [str(theme_dir / "pages")]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(t.translations, newstyle=True)  # type: ignore[attr-defined]
    @jinja2.pass_context
    def md(context: Any, text: str | None, shift: int = 0) -> Markup:
        path, files_from = context["plan"].path, context.get("files_from", "")
        html = render_markdown(text, lambda target: body_link(path, target, files_from), shift,
                               depth=page_depth(path, files_from))
        if is_fallback(text) and html:  # untranslated: shown in the default language, marked as such
            html = f'<div lang="{escape(text.lang)}">{html}</div>'  # type: ignore[union-attr]
        return Markup(html)

    @jinja2.pass_context
    def inline(context: Any, text: str | None) -> Markup:
        path, files_from = context["plan"].path, context.get("files_from", "")
        html = render_inline(text, lambda target: body_link(path, target, files_from),
                             depth=page_depth(path, files_from))
        if is_fallback(text) and html:
            html = f'<span lang="{escape(text.lang)}">{html}</span>'  # type: ignore[union-attr]
        return Markup(html)

    env.filters.update(
        md=md,
        inline=inline,
        long_date=t.long_date,
        month_year=t.month_year,
        number=t.number,
        percent=t.percent,
        option_label=functools.partial(option_label, t=t),
        # A translated message passed on as data (a caption, a heading) is plain text again, so it
        # is escaped like any text where it is printed.
        text=lambda value: value.unescape() if isinstance(value, Markup) else value,
    )
    env.globals.update(
        video_embed=video_embed, vote_rows=functools.partial(vote_rows, t=t),
        bar_chart=functools.partial(bar_chart, t=t), Bar=Bar, progress_bar=functools.partial(progress_bar, t=t),
        theme_slug=lambda theme: theme_slug(address_text(theme)),  # a translated theme keeps its address
        vote_summary=functools.partial(vote_summary, t=t), vote_supported=vote_supported,
        position_labels={position: t.gettext(label) for position, label in POSITION_LABELS.items()},
        commitment_state_labels={state: t.gettext(label) for state, label in COMMITMENT_STATE_LABELS.items()},
        Position=Position, url_for=url_for,
        i18n=t, lang=t.tag, direction=t.direction,
    )
    return env


def environment_translator(env: jinja2.Environment) -> Translator:
    """The Translator an environment from make_environment() was made with."""
    found = env.globals.get("i18n")
    return found if isinstance(found, Translator) else translator(SOURCE_LANGUAGE)


class Renderer:
    """Renders page bodies in one language: `Renderer(site, language="cy")` (a BCP 47 tag; default:
    the site's language). Give plan_assembly() the same language, so titles match.

    `files_from` is the folder of the assembly the pages are written to, such as "cy/" for the
    Welsh pages: links to the files every language shares (documents, pictures, open data, feeds)
    then lead back out of it."""

    def __init__(self, site: Site, env: jinja2.Environment | None = None, language: str | None = None,
                 files_from: str = ""):
        self.site = site
        self.language = language or site.config.language
        self.env = env or make_environment(language=self.language, overrides=site.theme)
        self.t = environment_translator(self.env)
        self.files_from = files_from

    def context(self, content: AssemblyContent | None, plan: PagePlan) -> dict[str, Any]:
        def url(target: str) -> str:
            return link_from(plan.path, target, self.files_from)

        def download(path: str) -> Any:
            assert content is not None
            return content.files[path]

        def picture(path: str, alt: str, sizes: str = "100vw", css_class: str = "") -> Markup:
            """<picture> with WebP and JPEG/PNG sources at several widths, and the size reserved."""
            assert content is not None
            width, height = content.images[path]
            images = image_set(path, width, height)
            webp = ", ".join(f"{url(v.path)} {v.width}w" for v in images.variants if v.format == "WEBP")
            fallback = ", ".join(f"{url(v.path)} {v.width}w" for v in images.variants if v.format != "WEBP")
            return Markup(
                '<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
                '<img src="{src}" srcset="{fallback}" sizes="{sizes}" alt="{alt}" width="{w}" height="{h}"'
                '{cls} loading="lazy" decoding="async"></picture>'
            ).format(webp=webp, sizes=sizes, src=url(images.path), fallback=fallback, alt=plain(alt), w=images.width,
                     h=images.height, cls=Markup(f' class="{escape(css_class)}"') if css_class else "")

        ctx: dict[str, Any] = {
            "picture": picture, "field_docs": FIELD_DOCS, "csv_docs": CSV_COLUMN_DOCS,
            "progress_docs": PROGRESS_COLUMN_DOCS, "commitment_docs": COMMITMENT_COLUMN_DOCS,
            "site": self.site, "config": self.site.config, "content": content, "plan": plan, "url": url,
            "download": download, "status_label": self.site.config.status_label,
            "nav": navigation(content, self.t) if content else [],
            "figures": content.figures if content else None,
            "progress_label": lambda key: progress_label(self.site.config, key, self.t),
            "files_from": self.files_from,
        }
        ctx.update(plan.context)
        return ctx

    def render(self, content: AssemblyContent | None, plan: PagePlan) -> RenderedPage:
        template = self.env.get_template(plan.template)
        body = template.render(self.context(content, plan))
        if content is not None:
            data = structured_data(plan, content, self.site.config, self.t)
            if data:
                body += "\n" + script_tag(data)
        site_name = content.assembly.title if content else self.site.config.organisation.name
        html_title = plan.title if plan.path == "index.html" else f"{plan.title} – {site_name}"
        # Titles and descriptions go into <title> and attributes (description, og:title): plain text,
        # never the <span lang> that marks untranslated text in the page's body.
        return RenderedPage(plan.path, plain(plan.title), plain(html_title), plan.section, _unmarked_attributes(body),
                            plain(plan.description), plan.image)


_MARKED_ATTRIBUTE = re.compile(r'(\s[\w:-]+="[^"<>]*)<span lang="[^"<>]*">([^"<>]*)</span>')


def _unmarked_attributes(html: str) -> str:
    """A template that prints untranslated text inside an attribute (alt="{{ photo_alt }}",
    aria-label="Table: {{ theme }}") gets its plain words there: the <span lang> of a Fallback
    belongs in element content only. (From `="` to the span there is no quote or bracket, so
    this never matches text between elements.)"""
    while True:
        unmarked = _MARKED_ATTRIBUTE.sub(r"\1\2", html)
        if unmarked == html:
            return html
        html = unmarked
