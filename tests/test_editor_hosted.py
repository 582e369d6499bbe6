"""The browser editor published with the site (`assembly build --editor`, generator.editor.hosted):
what is written and where, its configuration and Content-Security-Policy, the located errors, and
that nothing which lists, indexes or preserves the site holds it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

SLUG = "my-assembly"
GITHUB = "editor:\n  backend: github\n  repo: riverside-council/assemblies\n  base_url: https://auth.riverside.example.gov.uk\n"
GITLAB = ("editor:\n  backend: gitlab\n  repo: riverside/web/assemblies\n  branch: live\n  app_id: 4bd2c6f5e8a1\n"
          "  api_root: https://git.riverside.example.gov.uk/api/v4\n  base_url: https://git.riverside.example.gov.uk\n"
          "  folder: website\n  review: yes\n")
FILES = {"index.html", "config.yml", "editor-setup.js", "decap-cms.js", "wording.js", "entry-guard.js",
         "iso-date.js", "vote-counts.js", "alt-text.js", "commitment-picker.js", "editor-access.js",
         "editor-start.js"}


def _project(starter: Path, block: str = GITHUB, site_url: str | None = "https://assemblies.example.gov.uk/") -> Path:
    config = starter / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    if site_url:
        text = re.sub(r"(?m)^site_url:.*\n", "", text) + f"site_url: {site_url}\n"
    config.write_text(text + block, encoding="utf-8")
    return starter


def _build(root: Path, *extra: str) -> Path:
    out = root / "site"
    result = run_cli("--root", str(root), "build", "--out", str(out), *extra)
    assert result.code == 0, result.err
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def _page(out: Path) -> _Tags:
    tags = _Tags()
    tags.feed((out / SLUG / "admin" / "index.html").read_text(encoding="utf-8"))
    return tags


def _policy(tags: _Tags) -> dict[str, list[str]]:
    content = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") ==
                   "Content-Security-Policy")
    assert content is not None
    return {part.split()[0]: part.split()[1:] for part in content.split(";") if part.strip()}


def test_build_with_editor_publishes_the_editor_for_github(starter: Path) -> None:
    out = _build(_project(starter), "--editor")
    admin = out / SLUG / "admin"
    assert {p.name for p in admin.iterdir()} == FILES
    static = REPO / "generator" / "editor" / "static"
    assert (admin / "decap-cms.js").read_bytes() == (static / "decap-cms.js").read_bytes()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "riverside-council/assemblies"
    assert config["backend"]["branch"] == "main"
    assert config["backend"]["base_url"] == "https://auth.riverside.example.gov.uk"
    assert "proxy_url" not in config["backend"] and "load_config_file" not in config
    assert "publish_mode" not in config
    assert config["site_url"] == f"https://assemblies.example.gov.uk/{SLUG}/"
    names = [c["name"] for c in config["collections"]]
    assert f"{SLUG}-responses" in names and "site-settings" in names
    folders = {c["name"]: c.get("folder") for c in config["collections"]}
    assert folders[f"{SLUG}-responses"] == f"content/{SLUG}/responses"

    tags = _page(out)
    scripts = [a for t, a in tags.tags if t == "script"]
    assert [a["src"] for a in scripts] == ["editor-setup.js", "decap-cms.js", "wording.js", "entry-guard.js",
                                           "iso-date.js", "vote-counts.js", "alt-text.js", "commitment-picker.js",
                                           "editor-access.js", "editor-start.js"]
    assert tags.script_text == []  # no inline script, so none needs a hash or a nonce
    assert ("meta", {"name": "robots", "content": "noindex, nofollow"}) in tags.tags
    policy = _policy(tags)
    assert policy["script-src"] == ["'self'", "'unsafe-eval'"]
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", "blob:", "https://api.github.com", "https://auth.riverside.example.gov.uk",
                                     "https://www.githubstatus.com"]
    assert policy["img-src"] == ["'self'", "blob:", "data:", "https://avatars.githubusercontent.com"]
    others = {source for sources in policy.values() for source in sources if "://" in source}
    assert others == {"https://api.github.com", "https://auth.riverside.example.gov.uk",
                      "https://www.githubstatus.com", "https://avatars.githubusercontent.com"}


def test_gitlab_with_pkce_a_gitlab_of_its_own_a_folder_and_review(starter: Path) -> None:
    out = _build(_project(starter, GITLAB), "--editor")
    config = yaml.safe_load((out / SLUG / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "gitlab", "repo": "riverside/web/assemblies", "branch": "live",
        "api_root": "https://git.riverside.example.gov.uk/api/v4", "base_url": "https://git.riverside.example.gov.uk",
        "auth_type": "pkce", "app_id": "4bd2c6f5e8a1", "commit_messages": config["backend"]["commit_messages"]}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["media_folder"] == f"website/content/{SLUG}/images"
    folders = [c["folder"] for c in config["collections"] if "folder" in c]
    files = [f["file"] for c in config["collections"] for f in c.get("files", [])]
    assert folders and all(f.startswith(f"website/content/{SLUG}/") for f in folders)
    assert files == [f"website/content/{SLUG}/assembly.yml", "website/site_config.yml"]
    assert f"/website/content/{SLUG}/images" in (out / SLUG / "admin" / "config.yml").read_text(encoding="utf-8")
    policy = _policy(_page(out))
    assert policy["connect-src"] == ["'self'", "blob:", "https://git.riverside.example.gov.uk"]
    assert policy["img-src"] == ["'self'", "blob:", "data:", "https://git.riverside.example.gov.uk"]


def test_without_editor_there_is_no_admin_folder_and_publish_yes_publishes_it(starter: Path) -> None:
    root = _project(starter)
    out = _build(root)
    assert not (out / SLUG / "admin").exists()
    assert "Disallow" not in (out / "robots.txt").read_text(encoding="utf-8")
    # The last build is remembered: --editor must build again, not say nothing changed.
    out = _build(root, "--editor")
    assert (out / SLUG / "admin" / "index.html").is_file()
    out = _build(root)
    assert not (out / SLUG / "admin").exists()
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  publish: yes\n", encoding="utf-8")
    out = _build(root)
    assert (out / SLUG / "admin" / "index.html").is_file()


def test_editor_without_an_editor_block_is_a_located_error_with_the_lines_to_add(starter: Path) -> None:
    lines = len((starter / "site_config.yml").read_text(encoding="utf-8").splitlines())
    result = run_cli("--root", str(starter), "build", "--editor")
    assert result.code == 1
    assert [line for line in result.lines if "editor" in line] == [
        f"site_config.yml:{lines + 1}:1: error: --editor publishes the browser editor, which saves to your "
        "project's Git repository, and site_config.yml does not say which repository: add an editor: block at "
        "the end of site_config.yml, such as editor: {backend: github, repo: your-council/assemblies} (backend: "
        "gitlab for GitLab; docs/editor.md, \"For your IT team\", lists the sign-in settings)"]
    assert not (starter / "site").exists()


@pytest.mark.parametrize("block, expected", [
    ("editor:\n  backend: bitbucket\n  repo: a/b\n", "editor.backend"),
    ("editor:\n  backend: github\n  repo: https://github.com/riverside/assemblies.git\n", "write riverside/assemblies"),
    ("editor:\n  backend: github\n  repo: assemblies\n", "owner/name"),
    ("editor:\n  backend: github\n  repo: a/b\n  app_id: 123\n", "app_id is for GitLab"),
    ("editor:\n  backend: github\n  repo: a/b\n  folder: ../up\n", "a folder of the repository"),
    ("editor:\n  backend: github\n  repo: a/b\n  publsh: yes\n", "publsh"),
])
def test_a_wrong_editor_block_is_a_located_error(starter: Path, block: str, expected: str) -> None:
    root = _project(starter, block, site_url=None)
    first = len((root / "site_config.yml").read_text(encoding="utf-8").splitlines()) - block.count("\n") + 1
    result = run_cli("--root", str(root), "check")
    assert result.code == 1
    errors = [line for line in result.lines if ": error: " in line]
    assert len(errors) == 1 and expected in errors[0], result.err
    where = re.match(r"site_config\.yml:(\d+):", errors[0])
    assert where and first <= int(where.group(1)) <= first + block.count("\n"), errors[0]


def _outside_admin(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and "admin" not in p.relative_to(out).parts}


def test_nothing_that_lists_or_indexes_the_site_names_the_editor(starter: Path) -> None:
    out = _build(_project(starter), "--editor")
    files = _outside_admin(out)
    assert f"{SLUG}/sitemap.xml" in files and "sitemap.xml" in files
    assert f"{SLUG}/sitemap.html" in files
    search = [path for path in files if path.startswith(f"{SLUG}/search/")]
    assert search, sorted(files)
    naming = sorted(path for path, data in files.items() if b"admin" in data and path != "robots.txt")
    assert naming == []  # sitemaps, search index, feeds, open data, pages
    assert (out / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nDisallow: /{SLUG}/admin/\nAllow: /\nSitemap: https://assemblies.example.gov.uk/sitemap.xml\n")


def test_robots_txt_disallows_the_editor_below_site_url_path(starter: Path) -> None:
    out = _build(_project(starter, site_url="https://www.example.gov.uk/assemblies/"), "--editor")
    assert f"Disallow: /assemblies/{SLUG}/admin/\n" in (out / "robots.txt").read_text(encoding="utf-8")


def test_the_preservation_package_and_the_warc_leave_the_editor_out(starter: Path, tmp_path: Path) -> None:
    root = _project(starter, GITHUB + "  publish: yes\n")
    assert (_build(root) / SLUG / "admin" / "config.yml").is_file()  # every build publishes it
    package = tmp_path / "package.zip"
    result = run_cli("--root", str(root), "archive", SLUG, "--out", str(package), "--warc")
    assert result.code == 0, result.err
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert any(f"/site/{SLUG}/index.html" in name for name in names)
    assert [name for name in names if "/admin/" in name] == []
    from warcio.archiveiterator import ArchiveIterator

    with (tmp_path / "package.warc.gz").open("rb") as stream:
        uris = [r.rec_headers.get_header("WARC-Target-URI") or "" for r in ArchiveIterator(stream)]
    assert any(uri.endswith(f"/{SLUG}/index.html") for uri in uris)
    assert [uri for uri in uris if "/admin/" in uri] == []


def test_the_package_and_crawl_leave_out_an_editor_folder_even_when_built_with_one(tmp_path: Path,
                                                                                   starter: Path) -> None:
    """Behind the build without the editor: the package's copy and the crawl skip admin/ by name."""
    from generator.write.warc import crawl

    out = _build(_project(starter), "--editor")
    fetched, _ = crawl(out, SLUG)
    assert fetched and [url for url in fetched if "/admin/" in url] == []


def test_the_preview_leaves_the_editor_to_its_own_admin_page(starter: Path) -> None:
    """`assembly serve` answers /admin/ itself (generator.editor.server); its plan of the assembly
    is the build's less the published editor, even with publish: yes."""
    import datetime as dt

    from generator.serve import LivePages

    root = _project(starter, GITHUB + "  publish: yes\n")
    out = _build(root, "--as-of", "2030-01-01")
    pages = LivePages(root, SLUG, drafts=False, as_of=dt.date(2030, 1, 1))
    assert pages.refresh() == []
    built = {p.relative_to(out / SLUG).as_posix() for p in (out / SLUG).rglob("*") if p.is_file()}
    assert {path for path in built if path.startswith("admin/")} == {f"admin/{name}" for name in FILES}
    assert set(pages.outputs) == {path for path in built if not path.startswith("admin/")}


def test_a_page_cannot_take_the_editors_folder(starter: Path) -> None:
    from generator.errors import Problems
    from generator.plan.site import Output, SitePlan, collisions

    plan = SitePlan.__new__(SitePlan)
    plan.outputs = [Output("admin/index.html", "editor", "", "index.html"), Output("admin/index.html", "page")]
    plan.content = type("Content", (), {"slug": SLUG})()  # type: ignore[assignment]
    problems = Problems()
    collisions(plan, problems)
    assert "a file of the browser editor and a page" in problems.errors[0].message


def test_a_bilingual_assembly_maps_the_default_languages_file_names(tmp_path: Path) -> None:
    source = REPO / "tests" / "fixtures" / "bilingual"
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    (root / "site_config.yml").write_text((source / "site_config.yml").read_text(encoding="utf-8") + GITHUB,
                                          encoding="utf-8")
    out = _build(root, "--editor")
    slug = "aberwen-climate"
    config = yaml.safe_load((out / slug / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "cy"], "default_locale": "en"}
    tags = _Tags()
    tags.feed((out / slug / "admin" / "index.html").read_text(encoding="utf-8"))
    start = next(a for t, a in tags.tags if t == "script" and a.get("src") == "editor-start.js")
    assert start["data-language"] == "en"
    folders = json.loads(start["data-folders"] or "[]")
    assert f"content/{slug}/responses" in folders and f"content/{slug}/sessions" in folders
    assert all(not f.endswith(("images", "documents", "report")) for f in folders)
    responses = next(c for c in config["collections"] if c["name"] == f"{slug}-responses")
    fields = {f["name"]: f.get("i18n") for f in responses["fields"]}
    assert fields["position"] == fields["date"] == fields["recommendation"] == "duplicate"
    assert fields["body"] is True and fields["reasons"] is True
    assert not (out / slug / "cy" / "admin").exists()


NODE_CHECK = r"""
const paths = require(process.argv[1]);
const folders = ["content/a/responses"];
const seen = [];
const fake = {
  entriesByFolder: async () => [{file: {path: "content/a/responses/x.md"}, data: "x"},
                                {file: {path: "content/a/responses/x.cy.md"}, data: "y"}],
  getEntry: async (path) => { seen.push(["get", path]); return {file: {path: path}, data: "z"}; },
  persistEntry: async (entry, options) => { seen.push(["persist", entry.dataFiles.map(f => f.path)]); },
  deleteFiles: async (paths) => { seen.push(["delete", paths]); },
  other: function () { return this.name; }, name: "github"
};
(async () => {
  const wrapped = paths.wrap(fake, "en", folders);
  const listed = (await wrapped.entriesByFolder("content/a/responses", "md", 1)).map(e => e.file.path);
  const got = await wrapped.getEntry("content/a/responses/x.en.md");
  await wrapped.persistEntry({dataFiles: [
    {path: "content/a/responses/new.en.md", raw: "---\nposition: accepted\nreasons: Why\n---\nText\n"},
    {path: "content/a/responses/new.cy.md", raw: "---\nposition: accepted\nreasons: ''\n---\n"}], assets: []},
    {newEntry: true});
  await wrapped.persistEntry({dataFiles: [
    {path: "content/a/responses/two.en.md", raw: "---\nposition: accepted\n---\nText\n"},
    {path: "content/a/responses/two.cy.md", raw: "---\nposition: accepted\n---\nTestun\n"}], assets: []},
    {newEntry: true});
  await wrapped.persistEntry({dataFiles: [
    {path: "content/a/responses/x.en.md", raw: "---\nposition: accepted\n---\n"},
    {path: "content/a/responses/x.cy.md", raw: "---\nposition: accepted\n---\n"}], assets: []}, {newEntry: false});
  await wrapped.deleteFiles(["content/a/responses/x.en.md", "content/a/responses/x.cy.md", "site_config.yml"]);
  const nulls = paths.withoutNulls("---\nposition: accepted\ndraft: null\nprogress:\n  - note: null\n---\nText\n");
  console.log(JSON.stringify({listed, got: got.file.path, seen, other: wrapped.other(), nulls,
                              untouched: paths.toRepository("content/a/other/x.en.md", "en", folders)}));
})();
"""


def test_the_file_names_are_mapped_in_the_browser_as_the_preview_maps_them(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is missing (npm's; .ci/run installs it)")
    script = REPO / "generator" / "editor" / "static" / "editor-start.js"
    result = subprocess.run([node, "-e", NODE_CHECK, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "listed": ["content/a/responses/x.en.md", "content/a/responses/x.cy.md"],
        "got": "content/a/responses/x.en.md",
        "seen": [["get", "content/a/responses/x.md"],
                 ["persist", ["content/a/responses/new.md"]],
                 ["persist", ["content/a/responses/two.md", "content/a/responses/two.cy.md"]],
                 ["persist", ["content/a/responses/x.md", "content/a/responses/x.cy.md"]],
                 ["delete", ["content/a/responses/x.md", "content/a/responses/x.cy.md", "site_config.yml"]]],
        "other": "github",
        "nulls": "---\nposition: accepted\nprogress:\n  - note: null\n---\nText\n",
        "untouched": "content/a/other/x.en.md"}


def test_the_editors_own_settings_are_left_to_the_text_editor() -> None:
    """In the editor's form the editor: block is kept as written: a mistake there would lock
    everyone out of the published editor, and its required fields must not stop a save of
    site_config.yml that has no such block."""
    from generator.editor.config import editor_config

    config = editor_config(REPO, "riverside-town-centre")
    settings = next(c for c in config["collections"] if c["name"] == "site-settings")["files"][0]["fields"]
    assert next(f for f in settings if f["name"] == "editor")["widget"] == "hidden"


def test_no_published_script_talks_to_the_preview() -> None:
    """The preview's own scripts that ask `assembly serve` (/__status, /api/v1) stay out of the
    published editor; every other script of the preview's editor is published."""
    from generator.editor.hosted import HOSTED_SCRIPTS, PREVIEW_ONLY, editor_files, static_file
    from generator.editor.server import BUNDLE, SCRIPTS

    assert set(SCRIPTS) == set(HOSTED_SCRIPTS) | set(PREVIEW_ONLY)
    for name in editor_files():
        if name.endswith(".js") and name != BUNDLE:  # Decap's own proxy backend names /api/v1
            text = static_file(name).read_text(encoding="utf-8")
            assert "/__status" not in text and "/api/v1" not in text, name
            assert "fetch(" not in text and "XMLHttpRequest" not in text, name  # Decap alone talks to the host


def test_the_policy_the_guide_shows_is_the_one_written() -> None:
    from generator.editor.hosted import policy
    from generator.model.site import EditorSettings

    guide = (REPO / "docs" / "editor.md").read_text(encoding="utf-8")
    shown = guide.split("For example, on github.com:\n\n```text\n", 1)[1].split("\n```", 1)[0]
    settings = EditorSettings.model_validate({"backend": "github", "repo": "riverside-council/assemblies",
                                              "base_url": "https://auth.riverside.example.gov.uk"})
    assert " ".join(shown.split()) == policy(settings)


@pytest.mark.parametrize("settings, address", [
    ({"backend": "github", "repo": "riverside-council/assemblies"},
     "https://github.com/riverside-council/assemblies/actions"),
    ({"backend": "github", "repo": "web/assemblies", "api_root": "https://github.riverside.example.gov.uk/api/v3"},
     "https://github.riverside.example.gov.uk/web/assemblies/actions"),
    ({"backend": "gitlab", "repo": "riverside/web/assemblies"}, "https://gitlab.com/riverside/web/assemblies/-/pipelines"),
    ({"backend": "gitlab", "repo": "web/assemblies", "api_root": "https://git.riverside.example.gov.uk/api/v4"},
     "https://git.riverside.example.gov.uk/web/assemblies/-/pipelines"),
])
def test_after_a_save_the_page_says_where_the_pipeline_is(settings: dict[str, str], address: str) -> None:
    from generator.editor.hosted import after_save
    from generator.model.site import EditorSettings

    said = after_save(EditorSettings.model_validate(settings))
    assert said["link"] == address
    assert said["text"].startswith("Saved as a commit to main. The pipeline now checks it")
    reviewed = after_save(EditorSettings.model_validate({**settings, "review": True}))
    request = "pull request" if settings["backend"] == "github" else "merge request"
    assert reviewed["text"].startswith(f"Saved for review, on a branch of its own with a {request}.")
