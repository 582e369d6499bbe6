"""Content-Security-Policy for every page: only the site's own files may load, and the few inline
scripts and styles the layout needs are allowed by their hashes (computed from the finished page,
so a change to the layout can never be blocked or slip through).

A meta tag cannot carry `frame-ancestors` or reporting; docs/hosting-headers.md gives the
headers for common hosts."""

from __future__ import annotations

import base64
import hashlib
import re

VIDEO_PLAYERS = "https://www.youtube-nocookie.com https://player.vimeo.com"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_DATA_BLOCK = re.compile(r'\btype="application/(?:json|ld\+json)"', re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)


def inline_hash(text: str) -> str:
    """The policy's source expression allowing an inline script or style with exactly `text`."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(html: str) -> str:
    scripts = sorted({inline_hash(body) for attrs, body in _INLINE_SCRIPT.findall(html)
                      if not _DATA_BLOCK.search(attrs)})
    styles = sorted({inline_hash(body) for body in _INLINE_STYLE.findall(html)})
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(scripts) if scripts else "script-src 'self'",
        "style-src 'self' " + " ".join(styles) if styles else "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        f"frame-src 'self' {VIDEO_PLAYERS}",
        "worker-src 'none'",  # search runs in the page (theme/assets/javascripts/assembly-search.js)
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_policy(html: str) -> str:
    """The page with its policy as the first thing after the character set."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    found = _CHARSET.search(html)
    if not found:
        return html
    return html[: found.end()] + "\n    " + tag + html[found.end():]
