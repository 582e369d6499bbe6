"""Rendering: Markdown (one configured factory, sanitised) and Jinja page bodies. Pure."""
