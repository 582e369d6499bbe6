"""Publish accessible, self-contained websites for citizens' assemblies."""

__version__ = "0.1.0"
