"""`assembly new` in an empty folder: the files of a whole project besides its first assembly
(a .gitignore and a README for the officers), and with `--ci github|gitlab` a pipeline that
checks, builds and publishes the site on every push and once a day."""

from __future__ import annotations

from pathlib import Path

from generator import __version__
from generator.errors import UsageError

SOURCE_URL = "https://github.com/assembly-site/assembly-site"
"""Where the tool's source and tagged releases are; pyproject.toml's [project.urls] says the same."""
INSTALL_PIN = f"assembly-site @ git+{SOURCE_URL}@v{__version__}"
"""What the pipelines install: this very version, from its release tag (see CI_NOTE)."""
CI_NOTE = """\
# The tool is installed at a pinned version. It is not on a package index (PyPI) yet, so it comes
# from the tagged release of its git repository. To upgrade, change the tag to a newer release
# (its CHANGELOG.md says what changed) and push; once it is on PyPI write "assembly-site==X.Y.Z"."""

GITIGNORE = """\
# Made by the tool: never edit or commit them.
site/
public/
archives/
.assembly-cache/
*-preservation.zip
*.warc.gz
check.json
gl-code-quality-report.json
"""

README = """\
# Our citizens' assemblies' website

The content of our citizens' assembly websites: plain text files that the `assembly` tool
turns into accessible websites.

- `site_config.yml`: settings for every assembly (organisation, contact, colour).
- `content/{slug}/`: one folder per assembly. Start with `assembly.yml`, then the folders of
  sessions, speakers, evidence, recommendations, responses and updates.
- `theme/` (optional): your own stylesheet (`theme/assets/stylesheets/extra.css`), logo
  (`theme/assets/images/logo.svg`) or page templates, which replace the tool's.

## Every day

```sh
assembly serve {slug}     # preview on this computer while you edit
assembly check            # find mistakes, each with its file and line
assembly build            # the website, in site/
assembly archive {slug}   # a preservation package for the records office
```

## Install or upgrade the tool

```sh
pipx install "{pin}"
pipx upgrade assembly-site      # or: pipx install --force "...@vX.Y.Z" for a given release
assembly --version
```

The guide for comms officers (getting started, every task, every field) comes with the tool's
source, in its docs/ folder: {source}/tree/v{version}/docs
"""

GITHUB_WORKFLOW = """\
# Check, build and publish the assemblies' website (made by `assembly new --ci github`).
# Runs on every push, once a day (so figures that depend on the date, such as overdue
# commitments, stay current) and by hand; a pull request is checked and built, never published.
# Publishing: Settings > Pages > Build and deployment > Source: GitHub Actions.
{note}
name: Publish the website

on:
  push:
  pull_request:
  schedule:
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages-${{{{ github.ref }}}}
  cancel-in-progress: false

env:
  ASSEMBLY_SITE: "{pin}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install the tool
        run: python -m pip install "$ASSEMBLY_SITE"
      - name: Check the content (mistakes are shown on their lines)
        run: |
          status=0
          assembly check --format json > check.json || status=$?
          python -m generator.annotations github check.json
          exit $status
      - name: Build the website (warnings count as errors)
        run: assembly build --strict
      - name: Make the preservation packages
        run: |
          mkdir -p archives
          for file in content/*/assembly.yml; do
            name=$(basename "$(dirname "$file")")
            assembly archive "$name" --out "archives/$name-preservation.zip"
          done
      - name: Keep the preservation packages
        uses: actions/upload-artifact@v4
        with:
          name: preservation-packages
          path: archives/
      - name: Hand the website to GitHub Pages
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        uses: actions/upload-pages-artifact@v3
        with:
          path: site/

  deploy:
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Publish on GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""

GITLAB_CI = """\
# Check, build and publish the assemblies' website (made by `assembly new --ci gitlab`).
# Runs on every push and for merge requests (checked and built, never published). To run it once
# a day as well (so figures that depend on the date stay current), add a schedule in
# Build > Pipeline schedules, for example "17 5 * * *" on the default branch.
{note}
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH

default:
  image: python:3.12

variables:
  ASSEMBLY_SITE: "{pin}"
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

stages:
  - check
  - build
  - deploy

check:
  stage: check
  cache:
    paths: [.cache/pip]
  script:
    - python -m pip install "$ASSEMBLY_SITE"
    - status=0
    - assembly check --format json > check.json || status=$?
    - python -m generator.annotations gitlab check.json > gl-code-quality-report.json
    - exit $status
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json

build:
  stage: build
  cache:
    paths: [.cache/pip]
  script:
    - python -m pip install "$ASSEMBLY_SITE"
    - assembly build --strict
    - mkdir -p archives
    - |
      for file in content/*/assembly.yml; do
        name=$(basename "$(dirname "$file")")
        assembly archive "$name" --out "archives/$name-preservation.zip"
      done
  artifacts:
    name: preservation-packages
    paths:
      - site/
      - archives/
    expire_in: 1 year

pages:
  stage: deploy
  needs: [build]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - rm -rf public
    - cp -r site public
  artifacts:
    paths:
      - public
"""

CI_FILES = {"github": (".github/workflows/publish.yml", GITHUB_WORKFLOW), "gitlab": (".gitlab-ci.yml", GITLAB_CI)}


def ci_text(host: str) -> str:
    path, template = CI_FILES[host]
    return template.format(note=CI_NOTE, pin=INSTALL_PIN)


def check_ci_target(root: Path, host: str) -> None:
    """Refuse, before anything is written, to replace a pipeline the project already has."""
    path = root / CI_FILES[host][0]
    if path.exists():
        raise UsageError(f"{CI_FILES[host][0]} already exists: remove it (or rename it) to write a new one")


def write_ci(root: Path, host: str) -> Path:
    path = root / CI_FILES[host][0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ci_text(host), encoding="utf-8")
    return path


def write_project_files(root: Path, slug: str) -> list[Path]:
    """The .gitignore and README.md of a new project; a file already there is kept."""
    written = []
    for name, text in ((".gitignore", GITIGNORE),
                       ("README.md", README.format(slug=slug, pin=INSTALL_PIN, source=SOURCE_URL,
                                                   version=__version__))):
        path = root / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
