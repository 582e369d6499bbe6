"""Where the theme is: the packaged one, and a project's own `theme/` folder that overrides it.

The packaged theme is the repository's top-level `theme/` folder. The wheel carries it as
`generator/theme/` (pyproject.toml maps it there), so an installed tool finds it beside its code
with importlib.resources; in a checkout (an editable install) it is found at the top level.

A project may hold its own `theme/` folder, as MkDocs' `custom_dir`: a file there with the same
path as a packaged one (`pages/home.html`, `partials/assembly-footer.html`, `base.html`,
`assets/stylesheets/assembly.css`) is used instead of it; `assets/stylesheets/extra.css` is added
after the packaged stylesheets and `assets/images/logo.svg` (or .png) is shown in the header. A
template there that overrides nothing is a located warning: a misspelt name would otherwise be
silently ignored.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
from pathlib import Path

from generator.errors import Problems, SourceLocation

PROJECT_THEME = "theme"
EXTRA_CSS = "assets/stylesheets/extra.css"
LOGOS = ("assets/images/logo.svg", "assets/images/logo.png")
REINSTALL = "pip install --force-reinstall assembly-site (or pipx reinstall assembly-site)"


class InstallationError(Exception):
    """A file the tool itself needs is missing: the installation is incomplete, not the content."""


@functools.lru_cache(maxsize=1)
def packaged_theme() -> Path:
    """The theme that comes with the tool: inside the installed package, else the checkout's."""
    installed = Path(str(importlib.resources.files("generator"))) / "theme"
    checkout = Path(__file__).resolve().parent.parent / "theme"
    for folder in (installed, checkout):
        if (folder / "pages").is_dir() and (folder / "base.html").is_file():
            return folder.resolve()
    raise InstallationError(f"the tool's theme is missing (looked in {installed} and {checkout}): the installation "
                            f"is incomplete. Reinstall it with: {REINSTALL}")


def project_theme(root: Path) -> Path | None:
    """The project's own theme folder, or None when it has none (or it is the packaged theme
    itself, as when this repository is built as a project)."""
    folder = root / PROJECT_THEME
    if not folder.is_dir():
        return None
    try:
        if folder.resolve() == packaged_theme():
            return None
    except InstallationError:
        pass
    return folder.resolve()


def _material_templates() -> Path | None:
    try:
        import material
    except ImportError:  # pragma: no cover - a dependency
        return None
    return Path(material.__file__).parent / "templates"


def overridable(rel: str) -> bool:
    """Whether a template path names one the build uses: ours or Material's."""
    if (packaged_theme() / rel).is_file():
        return True
    material = _material_templates()
    return material is not None and (material / rel).is_file()


def check_overrides(root: Path, problems: Problems) -> None:
    """A warning for each template in the project's theme/ that overrides none."""
    folder = project_theme(root)
    if folder is None:
        return
    known = sorted(p.relative_to(packaged_theme()).as_posix() for p in packaged_theme().rglob("*.html"))
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        if overridable(rel):
            continue
        near = difflib.get_close_matches(rel, known, n=1)
        hint = f" (did you mean {PROJECT_THEME}/{near[0]}?)" if near else \
            f"; the theme's templates are listed in {packaged_theme()}"
        problems.warning(SourceLocation(f"{PROJECT_THEME}/{rel}", 1, 1),
                         f"{PROJECT_THEME}/{rel} overrides no template of the theme, so it is not used: give it "
                         f"the name of the template it replaces{hint}")


def extra_css(folder: Path | None) -> list[str]:
    return [EXTRA_CSS] if folder is not None and (folder / EXTRA_CSS).is_file() else []


def logo(folder: Path | None) -> str | None:
    if folder is None:
        return None
    return next((name for name in LOGOS if (folder / name).is_file()), None)
