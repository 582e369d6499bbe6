"""The build's stages depend only on earlier ones (docs/architecture.md): load → validate → plan →
render → write. Checked on the import statements of generator/, wherever they stand in a module
(a function-level import is still an import), so no import cycle can hide behind one."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generator"

# Each stage's modules, earliest first. Modules named in no stage are shared helpers (errors,
# i18n, links...) that import no stage, or the commands that run the stages (pipeline, cli,
# serve) and the optional parts (generator.parts; the report), which may import any stage.
STAGES = {
    "load": ("generator.load",),
    "model": ("generator.model", "generator.dates"),
    "validate": ("generator.validate",),
    "plan": ("generator.plan",),
    # The encoders of non-HTML files (feeds, open data, cards, pictures) turn data into bytes for
    # the render stage; only the writer, the staging folder and the packages write files.
    "render": ("generator.render", "generator.engine", "generator.write.feeds", "generator.write.outputs",
               "generator.write.datapackage", "generator.write.register", "generator.write.cards",
               "generator.write.images", "generator.write.cells"),
    "write": ("generator.write.writer", "generator.write.staging", "generator.write.output_guard"),
}
SHARED = ("generator.errors", "generator.i18n", "generator.links", "generator.memo", "generator.parts",
          "generator.themes", "generator")
ORDER = list(STAGES)


def _module(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str | None:
    found = [(len(prefix), stage) for stage, prefixes in STAGES.items() for prefix in prefixes
             if module == prefix or module.startswith(prefix + ".")]
    return max(found)[1] if found else None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (GENERATOR.parent / f"{node.module}.{alias.name}".replace(".", "/")).is_dir()
                         or (GENERATOR.parent / (f"{node.module}.{alias.name}".replace(".", "/") + ".py")).is_file())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("generator"))
    return found


def test_no_stage_imports_a_later_stage() -> None:
    wrong = []
    for path in sorted(GENERATOR.rglob("*.py")):
        module = _module(path)
        stage = _stage(module)
        if stage is None:
            continue
        for imported in sorted(_imports(path)):
            other = _stage(imported)
            if other is not None and ORDER.index(other) > ORDER.index(stage):
                wrong.append(f"{module} ({stage}) imports {imported} ({other})")
    assert wrong == []


def test_shared_helpers_import_no_stage() -> None:
    wrong = [f"{_module(path)} imports {imported}"
             for path in sorted(GENERATOR.glob("*.py")) if _module(path) in SHARED
             for imported in sorted(_imports(path)) if _stage(imported) is not None]
    assert wrong == []


def test_the_stages_do_not_import_the_report() -> None:
    """The report plugs into the stages (generator.parts); no stage names it."""
    wrong = [f"{_module(path)} imports {imported}"
             for path in sorted(GENERATOR.rglob("*.py")) if _stage(_module(path)) in ("load", "validate", "plan")
             for imported in sorted(_imports(path)) if imported.startswith("generator.report")]
    assert wrong == []
