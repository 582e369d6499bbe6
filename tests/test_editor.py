"""The editor at /admin/: its configuration generated from the models, its write API, the merge
that keeps untouched bytes, and the vendored bundle (generator/editor/)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.editor.config import LEFT_TO_THE_TEXT_EDITOR, editor_config
from generator.editor.merge import merge_markdown, merge_yaml
from generator.editor.server import STATIC, Editor
from generator.model.records import ENTITY_MODELS, Assembly, Commitment, Speaker
from generator.model.site import SiteConfig
from generator.report.model import ChapterMeta, ReportMeta
from generator.serve import PreviewState, make_server

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = "riverside-town-centre"
BILINGUAL = REPO / "tests" / "fixtures" / "bilingual"


def _collections(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in config["collections"]}


def _field(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(f for f in fields if f["name"] == name)


# --- configuration ----------------------------------------------------------------------------

def test_every_entity_folder_and_both_files_have_a_collection() -> None:
    collections = _collections(editor_config(REPO, EXAMPLE))
    for kind in ENTITY_MODELS:
        collection = collections[f"{EXAMPLE}-{kind}"]
        assert collection["folder"] == f"content/{EXAMPLE}/{kind}" and collection["extension"] == "md"
        assert collection["fields"][-1]["name"] == "body" and collection["fields"][-1]["widget"] == "markdown"
    assert collections[f"{EXAMPLE}-assembly"]["files"][0]["file"] == f"content/{EXAMPLE}/assembly.yml"
    assert collections["site-settings"]["files"][0]["file"] == "site_config.yml"


def _model_fields(model: Any) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()
            if name not in {"id", "body", "source", "body_line"}}


def _covered(fields: list[dict[str, Any]], model: Any, seen: set[str]) -> None:
    """Every field of `model` has a widget, recursively through records and lists of records."""
    names = {f["name"] for f in fields}
    missing = _model_fields(model) - names
    assert not missing, f"{model.__name__}: no editor widget for {sorted(missing)}"
    for name, info in model.model_fields.items():
        written = info.alias or name
        if written not in names:
            continue
        field = _field(fields, written)
        nested = field.get("fields")
        inner = _inner_model(info.annotation)
        if inner is not None and f"{model.__name__}.{written}" not in LEFT_TO_THE_TEXT_EDITOR:
            assert nested is not None, f"{model.__name__}.{written} is a record: it needs its fields"
            seen.add(inner.__name__)
            _covered(nested, inner, seen)


def _inner_model(annotation: Any) -> Any:
    import typing

    from pydantic import BaseModel

    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for arg in typing.get_args(candidate):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None


def test_every_field_of_every_model_has_a_widget() -> None:
    collections = _collections(editor_config(REPO, EXAMPLE))
    seen: set[str] = set()
    for kind, model in ENTITY_MODELS.items():
        _covered(collections[f"{EXAMPLE}-{kind}"]["fields"], model, seen)
    _covered(collections[f"{EXAMPLE}-assembly"]["files"][0]["fields"], Assembly, seen)
    _covered(collections["site-settings"]["files"][0]["fields"], SiteConfig, seen)
    _covered(collections[f"{EXAMPLE}-report"]["files"][0]["fields"], ReportMeta, seen)
    _covered(collections[f"{EXAMPLE}-report-chapters"]["fields"], ChapterMeta, seen)
    assert collections[f"{EXAMPLE}-report-chapters"]["folder"] == f"content/{EXAMPLE}/report"
    assert {"Commitment", "ProgressUpdate", "Vote", "Video", "DecidedBy", "Document"} <= seen


def _translatable_names(model: Any) -> set[str]:
    from generator.model.translate import annotation_of
    from generator.validate.translations import translatable

    return {info.alias or name for name, info in model.model_fields.items()
            if name not in {"id", "body", "source", "body_line", "translations"} and translatable(annotation_of(info))}


def _translation_covered(fields: list[dict[str, Any]], model: Any) -> None:
    """A translation group has exactly the fields a translation may give, nested likewise."""
    assert {f["name"] for f in fields} == _translatable_names(model), model.__name__
    for field in fields:
        inner = _inner_model(model.model_fields[next(n for n, i in model.model_fields.items()
                                                     if (i.alias or n) == field["name"])].annotation)
        if inner is not None and "fields" in field:
            _translation_covered(field["fields"], inner)


def test_the_translations_of_assembly_yml_and_site_config_are_a_group_per_language() -> None:
    collections = _collections(editor_config(BILINGUAL, "aberwen-climate"))
    for fields, model in ((collections["aberwen-climate-assembly"]["files"][0]["fields"], Assembly),
                          (collections["site-settings"]["files"][0]["fields"], SiteConfig)):
        translations = _field(fields, "translations")
        assert translations["widget"] == "object" and [f["name"] for f in translations["fields"]] == ["cy"]
        assert translations["fields"][0]["label"] == "Welsh (cy)"
        _translation_covered(translations["fields"][0]["fields"], model)
    # One language: nothing to translate into, so the map is kept as written.
    single = _collections(editor_config(REPO, EXAMPLE))[f"{EXAMPLE}-assembly"]["files"][0]["fields"]
    assert _field(single, "translations")["widget"] == "hidden"


def test_a_photo_description_is_required_once_a_photo_is_chosen() -> None:
    speaker = _collections(editor_config(REPO, EXAMPLE))[f"{EXAMPLE}-speakers"]["fields"]
    alt = _field(speaker, "photo_alt")
    assert (alt["widget"], alt["image_field"], alt["label"]) == ("alt-text", "photo", "Photo description (alt text)")
    script = (STATIC / "alt-text.js").read_text(encoding="utf-8")
    assert 'registerWidget("alt-text"' in script and "isValid" in script
    bilingual = _collections(editor_config(BILINGUAL, "aberwen-climate"))["aberwen-climate-speakers"]["fields"]
    assert _field(bilingual, "photo_alt")["default_locale"] == "en"  # a translation may leave it out


def test_a_field_added_to_a_model_without_a_widget_fails_the_check() -> None:
    fields = _collections(editor_config(REPO, EXAMPLE))[f"{EXAMPLE}-speakers"]["fields"]
    with pytest.raises(AssertionError, match="no editor widget for \\['interests'\\]"):
        _covered([f for f in fields if f["name"] != "interests"], Speaker, set())


def test_vocabularies_are_selects_with_their_meanings() -> None:
    responses = _collections(editor_config(REPO, EXAMPLE))[f"{EXAMPLE}-responses"]["fields"]
    position = _field(responses, "position")
    assert position["widget"] == "select" and position["required"] is True
    assert [o["value"] for o in position["options"]] == ["accepted", "accepted-in-part", "under-consideration",
                                                         "not-accepted", "referred"]
    assert "the council passed it to another body to decide" in position["hint"]
    status = _field(_field(responses, "commitments")["fields"], "status")
    assert status["widget"] == "select" and "the council will not do it" in status["hint"]
    done_on = _field(_field(responses, "commitments")["fields"], "done_on")
    assert done_on["widget"] == "iso-date" and "(year-month-day)" not in done_on.get("hint", "")
    progress_status = _field(_field(responses, "progress")["fields"], "status")
    assert progress_status["widget"] == "select" and "completed" in [o["value"] for o in progress_status["options"]]
    assert _field(responses, "commitments")["widget"] == "list"
    assert {f["name"] for f in _field(responses, "commitments")["fields"]} == set(Commitment.model_fields)


def test_references_are_relations_by_id() -> None:
    collections = _collections(editor_config(REPO, EXAMPLE))
    recommendation = _field(collections[f"{EXAMPLE}-responses"]["fields"], "recommendation")
    assert recommendation["widget"] == "relation" and recommendation["value_field"] == "{{slug}}"
    assert recommendation["collection"] == f"{EXAMPLE}-recommendations"
    speakers = _field(collections[f"{EXAMPLE}-evidence"]["fields"], "speakers")
    assert speakers["widget"] == "relation" and speakers["multiple"] is True
    assert speakers["collection"] == f"{EXAMPLE}-speakers"


def test_pictures_go_to_images_documents_to_documents_and_help_comes_from_the_docs() -> None:
    collections = _collections(editor_config(REPO, EXAMPLE))
    speaker = collections[f"{EXAMPLE}-speakers"]["fields"]
    photo = _field(speaker, "photo")
    assert photo["widget"] == "image" and photo["public_folder"] == "images"
    assert photo["media_folder"] == f"/content/{EXAMPLE}/images"
    alt = _field(speaker, "photo_alt")
    assert "required with a photo" in alt["hint"]
    files = _field(collections[f"{EXAMPLE}-evidence"]["fields"], "files")
    file = _field(files["fields"], "file")
    assert file["widget"] == "file" and file["public_folder"] == "documents"
    assert _field(speaker, "interests")["hint"] == "Declared interests, or 'none declared'."
    vote = _field(collections[f"{EXAMPLE}-recommendations"]["fields"], "vote")
    assert _field(vote["fields"], "counts")["widget"] == "vote-counts"
    assert _field(vote["fields"], "no-response")["widget"] == "number"


def test_languages_map_to_the_editors_i18n() -> None:
    config = editor_config(BILINGUAL, "aberwen-climate")
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "cy"], "default_locale": "en"}
    updates = _collections(config)["aberwen-climate-updates"]
    assert updates["i18n"] is True
    assert _field(updates["fields"], "title")["i18n"] is True and "i18n" not in _field(updates["fields"], "date")
    assert "i18n" not in editor_config(REPO, EXAMPLE)


# --- merge ------------------------------------------------------------------------------------

RESPONSE = """---
# The council's decision of 12 March 2020
recommendation: better-lighting
position: accepted    # cabinet agreed in full
date: 2020-03-12
commitments:
  - {id: lights, action: "Improve lighting, in three places", due: 2020-12-31, status: in-progress}
progress:
  - {date: 2020-07-01, status: in-progress, percent: 30, note: "New lights: the bus station."}
---
## Our response

We accept this recommendation[^1].

[^1]: In full.
"""


def _reserialised(text: str, **changes: Any) -> str:
    """The file as the editor sends it back: YAML written anew (no comments), body escaped."""
    import yaml

    from generator.editor.merge import split_front_matter

    front, body = split_front_matter(text)
    data = yaml.safe_load(front)
    for key, value in changes.items():
        data[key] = value
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


def test_a_save_changes_only_the_edited_field() -> None:
    sent = _reserialised(RESPONSE, position="accepted-in-part", draft=False, publish_on="")
    merged = merge_markdown(RESPONSE, sent, "responses/better-lighting.md")
    assert merged == RESPONSE.replace("position: accepted    #", "position: accepted-in-part    #")


def test_a_commitment_marked_delivered_changes_only_that_item() -> None:
    import yaml

    from generator.editor.merge import split_front_matter

    data = yaml.safe_load(split_front_matter(RESPONSE)[0])
    data["commitments"][0].update(status="done", done_on="2020-11-27")
    sent = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + split_front_matter(RESPONSE)[1]
    merged = merge_markdown(RESPONSE, sent, "responses/better-lighting.md")
    assert merged == RESPONSE.replace("status: in-progress}", "status: done, done_on: 2020-11-27}", 1)


def test_an_empty_translation_group_is_not_written() -> None:
    old = "title: Aberwen\n# the English only\n"
    new = "title: Aberwen\ntranslations:\n  cy:\n    title: ''\n    partners: []\n    funding: {by: ''}\n"
    assert merge_yaml(old, new, "assembly.yml") == old
    written = merge_yaml(old, new.replace("title: ''", "title: Cynulliad"), "assembly.yml")
    assert written.startswith(old) and "translations:\n  cy:\n    title: Cynulliad\n" in written


def test_a_chapter_without_front_matter_stays_without_it() -> None:
    chapter = "# Introduction\n\nRiverside asked 50 residents.[^1]\n\n[^1]: By lot.\n"
    assert merge_markdown(chapter, "---\ntitle: ''\n---\n" + chapter, "01-introduction.md") == chapter
    changed = merge_markdown(chapter, "---\n---\n" + chapter.replace("50", "fifty"), "01-introduction.md")
    assert changed == chapter.replace("50", "fifty")
    titled = merge_markdown(chapter, "---\ntitle: Why\n---\n" + chapter, "01-introduction.md")
    assert titled == "---\ntitle: Why\n---\n" + chapter


def test_an_edited_body_keeps_the_front_matter_bytes() -> None:
    sent = _reserialised(RESPONSE).replace("We accept this", "We gladly accept this")
    merged = merge_markdown(RESPONSE, sent, "responses/better-lighting.md")
    assert merged == RESPONSE.replace("We accept this", "We gladly accept this")


def test_an_unchanged_save_is_byte_identical_even_without_the_last_line_break() -> None:
    sent = _reserialised(RESPONSE).rstrip("\n")
    assert merge_markdown(RESPONSE, sent, "responses/better-lighting.md") == RESPONSE


def test_assembly_yml_keeps_its_comments() -> None:
    old = (REPO / "content" / EXAMPLE / "assembly.yml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(old)
    data["members"]["completed"] = 41
    merged = merge_yaml(old, yaml.safe_dump(data, sort_keys=False), "assembly.yml")
    assert merged == old.replace("completed: 46}", "completed: 41}", 1)


# --- the API under `assembly serve` ------------------------------------------------------------

class Preview:
    def __init__(self, root: Path, slug: str) -> None:
        self.root = root
        self.state = PreviewState()
        self.state.editor = Editor(root, slug)
        self.server = make_server(root / "empty", self.state, 0)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def post(self, body: dict[str, Any], token: str | None = None, origin: str | None = "",
             path: str = "/api/v1") -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json", "Host": f"127.0.0.1:{self.port}"}
        if origin is not None:
            headers["Origin"] = origin or f"http://127.0.0.1:{self.port}"
        target = f"{path}?token={self.state.editor.token if token is None else token}"
        connection.request("POST", target, body=json.dumps(body).encode(), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, json.loads(data) if data else None

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    (root / "empty").mkdir()
    return root


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    running = Preview(project, EXAMPLE)
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_the_token_and_the_origin_are_required(preview: Preview) -> None:
    assert preview.post({"action": "info"})[0] == 200
    assert preview.post({"action": "info"}, token="guessed")[0] == 403
    assert preview.post({"action": "info"}, token="")[0] == 403
    assert preview.post({"action": "info"}, origin="http://evil.example")[0] == 403
    assert preview.post({"action": "info"}, origin=None)[0] == 403


def test_the_page_carries_the_token_and_loads_nothing_from_other_sites(preview: Preview) -> None:
    status, headers, body = preview.get("/admin/")
    assert status == 200
    assert preview.state.editor.token.encode() in body
    assert b'localStorage.setItem("cms.md-mode", "raw")' in body  # the body opens as written, in Markdown
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "http" not in policy
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", body)
    status, headers, bundle = preview.get("/admin/decap-cms.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and len(bundle) > 1_000_000


@pytest.mark.parametrize("path", ["content/../site_config.yml.bak", "/etc/passwd", "content/other-assembly/a.md",
                                  "theme/main.html", "content/riverside-town-centre/../../x.md", ".git/config"])
def test_paths_outside_the_assembly_are_refused(preview: Preview, path: str) -> None:
    status, answer = preview.post({"action": "persistEntry", "params": {
        "dataFiles": [{"path": path, "raw": "x", "slug": "x"}], "assets": [], "options": {}}})
    assert status == 403, answer
    assert not (preview.root / "x.md").exists()
    assert preview.post({"action": "getEntry", "params": {"path": path}})[0] == 403


def test_a_symbolic_link_is_not_followed(preview: Preview, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("secret", encoding="utf-8")
    (preview.root / "content" / EXAMPLE / "pages" / "link.md").symlink_to(outside)
    status, _ = preview.post({"action": "getEntry", "params": {"path": f"content/{EXAMPLE}/pages/link.md"}})
    assert status == 403


def test_entries_are_listed_and_a_save_changes_only_the_field(preview: Preview) -> None:
    folder = f"content/{EXAMPLE}/responses"
    status, entries = preview.post({"action": "entriesByFolder",
                                    "params": {"folder": folder, "extension": "md", "depth": 1}})
    assert status == 200
    paths = {e["file"]["path"] for e in entries}
    assert f"{folder}/better-lighting.md" in paths
    entry = next(e for e in entries if e["file"]["path"] == f"{folder}/better-lighting.md")
    target = preview.root / folder / "better-lighting.md"
    old = target.read_text(encoding="utf-8")
    assert entry["data"] == old and entry["file"]["id"] == hashlib.sha256(old.encode()).hexdigest()
    sent = _reserialised(old, position="accepted-in-part")
    status, answer = preview.post({"action": "persistEntry", "params": {
        "dataFiles": [{"path": f"{folder}/better-lighting.md", "raw": sent, "slug": "better-lighting"}],
        "assets": [], "options": {"newEntry": False}}})
    assert status == 200, answer
    assert target.read_text(encoding="utf-8") == old.replace("position: accepted\n", "position: accepted-in-part\n")
    assert not list(target.parent.glob(".editor-*"))


def test_a_new_entry_lands_at_the_contracts_file_name(preview: Preview) -> None:
    raw = "---\ntitle: Meeting dates for 2027\ndate: 2026-12-01\n---\nThe dates are set.\n"
    status, _ = preview.post({"action": "persistEntry", "params": {
        "dataFiles": [{"path": f"content/{EXAMPLE}/updates/meeting-dates.md", "raw": raw, "slug": "meeting-dates"}],
        "assets": [{"path": f"content/{EXAMPLE}/images/dates.png", "content": base64.b64encode(b"png").decode(),
                    "encoding": "base64"}], "options": {"newEntry": True}}})
    assert status == 200
    assert (preview.root / "content" / EXAMPLE / "updates" / "meeting-dates.md").read_text(encoding="utf-8") == raw
    assert (preview.root / "content" / EXAMPLE / "images" / "dates.png").read_bytes() == b"png"


def test_a_renamed_entry_is_refused_because_its_address_is_permanent(preview: Preview) -> None:
    folder = f"content/{EXAMPLE}/updates"
    name = sorted((preview.root / folder).glob("*.md"))[0].name
    status, answer = preview.post({"action": "persistEntry", "params": {
        "dataFiles": [{"path": f"{folder}/{name}", "newPath": f"{folder}/renamed.md", "raw": "---\n---\n"}],
        "assets": [], "options": {}}})
    assert status == 422 and "cannot change" in answer["error"]


@pytest.fixture
def bilingual(tmp_path: Path) -> Iterator[Preview]:
    root = tmp_path / "bilingual"
    shutil.copytree(BILINGUAL, root)
    (root / "empty").mkdir()
    running = Preview(root, "aberwen-climate")
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_languages_land_as_the_contract_names_them(bilingual: Preview) -> None:
    folder = "content/aberwen-climate/updates"
    _, entries = bilingual.post({"action": "entriesByFolder", "params": {"folder": folder, "extension": "md",
                                                                          "depth": 1}})
    paths = sorted(e["file"]["path"] for e in entries)
    assert f"{folder}/council-responds.en.md" in paths and f"{folder}/council-responds.cy.md" in paths
    assert f"{folder}/assembly-begins.en.md" in paths and f"{folder}/assembly-begins.cy.md" not in paths
    english = "---\ntitle: A new update\ndate: 2026-12-01\n---\nText.\n"
    welsh_untranslated = "---\n---\n"
    status, _ = bilingual.post({"action": "persistEntry", "params": {"dataFiles": [
        {"path": f"{folder}/new-update.en.md", "raw": english, "slug": "new-update"},
        {"path": f"{folder}/new-update.cy.md", "raw": welsh_untranslated, "slug": "new-update"}],
        "assets": [], "options": {"newEntry": True}}})
    assert status == 200
    updates = bilingual.root / folder
    assert (updates / "new-update.md").read_text(encoding="utf-8") == english
    assert not (updates / "new-update.en.md").exists() and not (updates / "new-update.cy.md").exists()
    welsh = "---\ntitle: Diweddariad newydd\n---\nTestun.\n"
    status, _ = bilingual.post({"action": "persistEntry", "params": {"dataFiles": [
        {"path": f"{folder}/new-update.en.md", "raw": english, "slug": "new-update"},
        {"path": f"{folder}/new-update.cy.md", "raw": welsh, "slug": "new-update"}], "assets": [], "options": {}}})
    assert status == 200
    assert (updates / "new-update.cy.md").read_text(encoding="utf-8") == welsh
    # The editor repeats the field that names a response in its Welsh file: that is no translation.
    responses = "content/aberwen-climate/responses"
    original = (bilingual.root / responses / "village-buses.md").read_text(encoding="utf-8")
    status, _ = bilingual.post({"action": "persistEntry", "params": {"dataFiles": [
        {"path": f"{responses}/village-buses.en.md", "raw": original, "slug": "village-buses"},
        {"path": f"{responses}/village-buses.cy.md", "raw": "---\nrecommendation: village-buses\n---\n",
         "slug": "village-buses"}], "assets": [], "options": {}}})
    assert status == 200 and not (bilingual.root / responses / "village-buses.cy.md").exists()


# --- the pinned bundle --------------------------------------------------------------------------

def test_the_vendored_bundle_is_the_pinned_npm_release() -> None:
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["decap-cms"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin decap-cms to an exact version in package.json"
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["version"] == pinned
    assert "MIT License" in (STATIC / "LICENSE.decap-cms.txt").read_text(encoding="utf-8")
    installed = REPO / "node_modules" / "decap-cms"
    if not installed.exists():
        pytest.skip("node_modules is missing: run npm ci --ignore-scripts")
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    assert (STATIC / "decap-cms.js").read_bytes() == (installed / "dist" / "decap-cms.js").read_bytes(), (
        "generator/editor/static/decap-cms.js differs from the pinned release: copy "
        "node_modules/decap-cms/dist/decap-cms.js over it")


RECOMMENDATION = """---
number: "3"
title: Safe routes
vote:
  question: Do you support this?  # as asked on the day
  counts: {strongly-support: 30, support: 18, oppose: 1}
---
The council should build safe routes.
"""


def test_a_vote_count_changes_in_place_and_a_new_order_is_kept() -> None:
    import yaml

    from generator.editor.merge import split_front_matter

    data = yaml.safe_load(split_front_matter(RECOMMENDATION)[0])
    data["vote"]["counts"]["support"] = 19
    sent = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + split_front_matter(RECOMMENDATION)[1]
    assert merge_markdown(RECOMMENDATION, sent, "r.md") == RECOMMENDATION.replace("support: 18", "support: 19")
    data["vote"]["counts"] = {"oppose": 1, "strongly-support": 30, "support": 18}
    sent = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + split_front_matter(RECOMMENDATION)[1]
    merged = merge_markdown(RECOMMENDATION, sent, "r.md")
    front, body = split_front_matter(merged)
    assert list(yaml.safe_load(front)["vote"]["counts"]) == ["oppose", "strongly-support", "support"]
    assert "    oppose: 1\n" in front and "# as asked on the day" not in front
    assert front.startswith('number: "3"\ntitle: Safe routes\n') and body == split_front_matter(RECOMMENDATION)[1]


def test_select_defaults_are_the_models() -> None:
    recommendations = _collections(editor_config(REPO, EXAMPLE))[f"{EXAMPLE}-recommendations"]["fields"]
    assert _field(recommendations, "outcome")["default"] == "put-to-council"


def test_the_vote_widget_is_served_beside_the_bundle(preview: Preview) -> None:
    _, _, page = preview.get("/admin/")
    assert b'<script src="/admin/vote-counts.js"></script>' in page
    status, _, script = preview.get("/admin/vote-counts.js")
    assert status == 200 and b'registerWidget("vote-counts"' in script
    assert preview.get("/admin/../site_config.yml")[0] in (400, 404)
    assert preview.get("/admin/server.py")[0] == 404


def test_the_wheel_carries_the_editors_files() -> None:
    import tomllib

    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "generator.editor" in setuptools["packages"]
    assert setuptools["package-data"]["generator.editor"] == ["static/*"]
    assert {"decap-cms.js", "vote-counts.js", "LICENSE.decap-cms.txt"} <= {p.name for p in STATIC.iterdir()}


def test_the_preview_beside_the_form_uses_the_sites_own_stylesheets(preview: Preview) -> None:
    from generator.serve import LivePages

    pages = LivePages(preview.root, EXAMPLE, drafts=False, as_of=None)
    assert pages.refresh() == []
    preview.state.pages = pages  # as under `assembly serve`: the site's files come from the preview
    _status, _headers, body = preview.get("/admin/")
    sheets = re.findall(rb'CMS\.registerPreviewStyle\("([^"]+)"\)', body)
    assert sheets and sheets[0].rsplit(b"/", 1)[-1].startswith(b"main.")  # Material's first, then ours
    assert any(sheet.endswith(b"/assets/stylesheets/assembly.css") for sheet in sheets)
    for sheet in sheets:  # each is a file of the assembly's published site, served by the preview
        status, headers, css = preview.get(sheet.decode())
        assert status == 200 and headers["Content-Type"].startswith("text/css") and len(css) > 1000


def test_the_preview_of_an_unsaved_change_is_the_built_page_with_the_change(project: Path) -> None:
    from generator.serve import LivePages

    pages = LivePages(project, EXAMPLE, False, None)
    assert pages.refresh() == []
    running = Preview(project, EXAMPLE)
    running.state.editor = Editor(project, EXAMPLE, pages)
    try:
        path = f"content/{EXAMPLE}/responses/fair-rents.md"
        on_disk = (project / path).read_bytes()
        import yaml

        from generator.editor.merge import split_front_matter

        front, body = split_front_matter(on_disk.decode("utf-8"))
        data = json.loads(json.dumps({**yaml.safe_load(front), "body": body}, default=str))  # as the form sends
        status, answer = running.post({"action": "previewEntry", "params": {"path": path, "data": {
            **data, "position": "referred"}}})
        assert status == 200 and answer["page"] == "recommendations/fair-rents.html"
        assert '<base href="/riverside-town-centre/recommendations/">' in answer["html"]
        assert "<script" not in answer["html"] and "Referred" in answer["html"]
        built = pages.file((EXAMPLE, "recommendations", "fair-rents.html"))
        assert built is not None and b"Referred" not in built  # the preview's page is still the saved one
        # A mistake the form cannot see: the problems, located in the file as it would be saved.
        status, answer = running.post({"action": "previewEntry", "params": {"path": path, "data": {
            **data, "recommendation": "no-such-recommendation"}}})
        assert status == 200 and answer["html"] is None
        assert any(p["file"] == path and p["severity"] == "error" and "no-such-recommendation" in p["message"]
                   for p in answer["problems"]), answer["problems"]
        assert (project / path).read_bytes() == on_disk  # a preview never writes
        status, answer = running.post({"action": "previewEntry", "params": {
            "path": f"content/{EXAMPLE}/updates/not-saved-yet.md", "data": {"title": "New"}}})
        assert status == 200 and answer["why"] == "new"
    finally:
        running.server.shutdown()
        running.server.server_close()


def test_a_form_of_another_entry_is_never_saved_into_a_file(preview: Preview) -> None:
    """The editor can keep showing one entry after the address changes to another; a save then
    sends that entry's fields for the other file. Fields the file's kind does not have (and the
    file does not already hold) refuse the save with what to do, and the file stays as it was."""
    path = f"content/{EXAMPLE}/responses/fair-rents.md"
    before = (preview.root / path).read_bytes()
    raw = before.decode("utf-8").replace("---\n", "---\ntitle: Two years on\n", 1)
    status, answer = preview.post({"action": "persistEntry", "params": {"dataFiles": [
        {"path": path, "raw": raw, "slug": "fair-rents"}], "assets": [], "options": {}}})
    assert status == 409 and "(title)" in answer["error"] and "Reload the page" in answer["error"]
    assert (preview.root / path).read_bytes() == before
    # A field the file already holds (even one the format does not know) is the officer's own.
    odd = before.decode("utf-8").replace("---\n", "---\nnote_to_self: check\n", 1)
    (preview.root / path).write_text(odd, encoding="utf-8")
    status, _ = preview.post({"action": "persistEntry", "params": {"dataFiles": [
        {"path": path, "raw": odd.replace("position: not-accepted", "position: referred"), "slug": "fair-rents"}],
        "assets": [], "options": {}}})
    assert status == 200
    assert (preview.root / path).read_text(encoding="utf-8") == odd.replace("position: not-accepted",
                                                                         "position: referred")


def test_a_progress_update_added_in_the_form_is_one_new_line() -> None:
    """Adding an item to a list (a progress update, a commitment) adds its line; the items already
    there, their comments and their one-line form stay as written."""
    import yaml

    data = yaml.safe_load(RESPONSE.split("---\n")[1])
    sent = json.loads(json.dumps(data, default=str))  # as the form sends it: text, dates as text
    sent["progress"].append({"date": "2020-10-01", "status": "in-progress", "percent": "60",
                             "note": "Two of three places lit", "commitment": ""})
    merged = merge_markdown(RESPONSE, "---\n" + yaml.safe_dump(sent, sort_keys=False) + "---\n"
                            + RESPONSE.split("---\n", 2)[2], "responses/better-lighting.md")
    line = '  - {date: 2020-07-01, status: in-progress, percent: 30, note: "New lights: the bus station."}\n'
    assert merged == RESPONSE.replace(line, line + "  - {date: 2020-10-01, status: in-progress, percent: 60, "
                                                   "note: \"Two of three places lit\"}\n")


def test_a_list_written_anew_keeps_dates_as_dates() -> None:
    """When a list must be written anew (an item removed), its dates are not put in quotes."""
    import yaml

    data = yaml.safe_load(RESPONSE.split("---\n")[1])
    sent = json.loads(json.dumps(data, default=str))
    sent["commitments"] = []
    sent["progress"] = []
    merged = merge_markdown(RESPONSE, "---\n" + yaml.safe_dump(sent, sort_keys=False) + "---\n", "r.md")
    assert "'20" not in merged
    sent = json.loads(json.dumps(data, default=str))
    sent["progress"] = sent["progress"] + sent["progress"]
    sent["progress"][1] = {"date": "2020-08-01", "status": "in-progress", "note": "A", "extra": [1]}
    merged = merge_markdown(RESPONSE, "---\n" + yaml.safe_dump(sent, sort_keys=False) + "---\n", "r.md")
    assert "date: 2020-08-01" in merged and "'2020" not in merged


def test_help_under_the_fields_speaks_of_the_form_not_the_file() -> None:
    """Advice for writing the file by hand (quotes, year-month-day, --drafts, ids of relations)
    is not shown under the form's fields, where it means nothing."""
    hints: list[str] = []

    def collect(fields: list[dict[str, Any]]) -> None:
        for field in fields:
            hints.append(field.get("hint", ""))
            collect(field.get("fields", []))

    for config in (editor_config(REPO, EXAMPLE), editor_config(BILINGUAL, "aberwen-climate")):
        for collection in config["collections"]:
            for fields in [collection.get("fields", [])] + [f["fields"] for f in collection.get("files", [])]:
                collect(fields)
    assert len(hints) > 100
    for words in ("in quotes if", "(year-month-day)", "--drafts", "The id of", "progress_statuses",
                  "accepted-in-part:"):
        assert not [hint for hint in hints if words in hint], words


def test_the_form_shows_pictures_of_images_only(preview: Preview) -> None:
    status, headers, body = preview.get("/admin/pictures/amira-hussain.jpg")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert body == (preview.root / "content" / EXAMPLE / "images" / "amira-hussain.jpg").read_bytes()
    for refused in ("/admin/pictures/..%2Fassembly.yml", "/admin/pictures/assembly.yml",
                    "/admin/pictures/%2E%2E%2F%2E%2E%2Fsite_config.yml", "/admin/pictures/missing.jpg"):
        assert preview.get(refused)[0] in (400, 404), refused
