"""The rendering engine: the only package that imports mkdocs or material.

Everything else hands it finished page bodies and a short navigation; it lays them out with
Material for MkDocs (and our overrides in theme/) and lists the theme's files. A move to another
engine touches this folder only.
"""

from generator.engine.mkdocs_engine import EngineSite, Layout, theme_files, warm_up  # noqa: F401
