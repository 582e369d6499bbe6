"""Loading: the only stage that reads ``content/`` and ``site_config.yml``.

It turns files into located raw data (YAML values with their line and column, Markdown
bodies with the line they start on) and reports anything it cannot read.
"""
