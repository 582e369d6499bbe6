"""The assembly's report as a web publication: read from Markdown chapters or one Word file,
published as a contents page and one page per chapter, a one-page version and an EPUB, with a
lasting link for every paragraph.

A slice through the stages: load.py reads content/<assembly>/report/; validate.py, convert.py,
anchors.py and mentions.py build the records of model.py; plan.py and render.py make the pages;
outputs.py, plain (a template) and epub.py make the extra files written by the pipeline."""

from generator.parts import Part
from generator.report.load import load_report
from generator.report.plan import report_plans
from generator.report.validate import validate_report

PART = Part("report", read=load_report, check=validate_report, pages=report_plans)
"""How the report plugs into the stages (generator.parts)."""
