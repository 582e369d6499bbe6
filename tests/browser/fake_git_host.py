"""Just enough of GitHub's REST API (api.github.com) for Decap CMS's GitHub backend, answered inside
the test's request routing: a repository held in memory, whose files a save changes by a commit.
Every request it does not know is recorded, so a test sees what Decap asked that went unanswered."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

API = "https://api.github.com"


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - Git's own name for a blob


@dataclass
class Commit:
    message: str
    changed: dict[str, bytes | None]
    """Each path the commit writes, with its bytes (None: deleted)."""


@dataclass
class FakeGitHub:
    repo: str
    files: dict[str, bytes]
    branch: str = "main"
    commits: list[Commit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.blobs = {blob_sha(data): data for data in self.files.values()}
        self.trees: dict[str, dict[str, bytes | None]] = {}
        self.pending: dict[str, tuple[str, dict[str, bytes | None]]] = {}
        self.head = self._name("start")
        self.refs: dict[str, str] = {}
        self.branch_commits: dict[str, list[Commit]] = {}
        self.pulls: dict[int, dict[str, Any]] = {}

    @staticmethod
    def _name(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324

    def route(self, route: Any) -> None:
        """Answer one routed request to the API."""
        request = route.request
        status, body = self.answer(request.method, request.url, request.post_data)
        route.fulfill(status=status, body=json.dumps(body), content_type="application/json",
                      headers={"Access-Control-Allow-Origin": "*"})

    def answer(self, method: str, url: str, data: str | None) -> tuple[int, Any]:
        parts = urlsplit(url)
        path, query = unquote(parts.path), parse_qs(parts.query)
        sent = json.loads(data) if data else {}
        repo = f"/repos/{self.repo}"
        if path == "/user":
            return 200, {"login": "officer", "name": "An Officer", "avatar_url": ""}
        if path == repo:
            return 200, {"owner": {"login": self.repo.split("/")[0]}, "permissions": {"push": True},
                         "default_branch": self.branch}
        if path == f"{repo}/pulls" and method == "GET":
            head = (query.get("head") or [""])[0].split(":", 1)[-1]
            return 200, [pull for pull in self.pulls.values() if pull["state"] == "open"
                         and (not head or pull["head"]["ref"] == head)]
        if path == f"{repo}/pulls" and method == "POST":
            number, head = len(self.pulls) + 1, sent["head"].split(":")[-1]  # owner:branch
            pull = {"number": number, "state": "open", "title": sent.get("title", ""), "body": sent.get("body", ""),
                    "head": {"ref": head, "sha": self.refs[head]}, "base": {"ref": sent["base"]},
                    "labels": [], "user": {"login": "officer"}, "updated_at": "2026-12-01T09:00:00Z",
                    "merged_at": None}
            self.pulls[number] = pull
            return 201, pull
        found = re.fullmatch(re.escape(repo) + r"/issues/(\d+)/labels(?:/.*)?", path)
        if found:
            pull = self.pulls[int(found.group(1))]
            if method == "POST":
                pull["labels"] = [{"name": name} for name in sent.get("labels", [])]
            elif method == "DELETE":
                pull["labels"] = []
            return 200, pull["labels"]
        if path == f"{repo}/git/refs" and method == "POST":
            return self._move(sent["ref"].removeprefix("refs/heads/"), sent["sha"], 201)
        found = re.fullmatch(re.escape(repo) + r"/(?:git/refs/heads|branches)/(cms/.+)", path)
        if found:
            name = found.group(1)
            if method == "PATCH":
                return self._move(name, sent["sha"], 200)
            if method == "DELETE":
                self.refs.pop(name, None)
                return 204, {}
            if name not in self.refs:
                return 404, {"message": "Not Found"}
            return 200, {"name": name, "commit": {"sha": self.refs[name]}, "object": {"sha": self.refs[name]}}
        found = re.fullmatch(re.escape(repo) + r"/compare/([^.]+)\.\.\.(.+)", path)
        if found:
            changes = self._branch_changes(found.group(2).split(":")[-1])
            files = [{"filename": name, "status": "removed" if data is None else
                      "modified" if name in self.files else "added", "sha": blob_sha(data or b"")}
                     for name, data in changes.items()]
            return 200, {"files": files, "commits": [{"sha": self.refs.get(found.group(2).split(":")[-1]),
                                                      "commit": {"author": {"name": "An Officer",
                                                                            "date": "2026-12-01T09:00:00Z"}}}],
                         "merge_base_commit": {"sha": self.head}}
        found = re.fullmatch(re.escape(repo) + r"/pulls/(\d+)/merge", path)
        if found and method == "PUT":
            pull = self.pulls[int(found.group(1))]
            changes = self._branch_changes(pull["head"]["ref"])
            self._apply(f"Merge pull request #{pull['number']}", changes)
            pull["state"], pull["merged_at"] = "closed", "2026-12-01T10:00:00Z"
            return 200, {"merged": True, "sha": self.head}
        found = re.fullmatch(re.escape(repo) + r"/pulls/(\d+)", path)
        if found:
            pull = self.pulls[int(found.group(1))]
            if method == "PATCH":
                pull.update({key: value for key, value in sent.items() if key in ("state", "title", "body")})
            return 200, pull
        if path in (f"{repo}/branches/{self.branch}", f"{repo}/git/refs/heads/{self.branch}"):
            if method == "PATCH":
                return self._move_branch(sent["sha"])
            return 200, {"name": self.branch, "commit": {"sha": self.head}, "object": {"sha": self.head}}
        if path == f"{repo}/commits" and method == "GET":
            author = {"name": "An Officer", "date": "2026-12-01T09:00:00Z"}
            return 200, [{"sha": self.head, "commit": {"author": author}}]
        found = re.fullmatch(re.escape(repo) + r"/git/trees/([^:]+):(.*)", path)
        if found and method == "GET":
            return self._listing(found.group(2).strip("/"), "recursive" in query)
        found = re.fullmatch(re.escape(repo) + r"/git/blobs/(\w+)", path)
        if found and method == "GET":
            blob = self.blobs.get(found.group(1))
            if blob is None:
                return 404, {"message": "Not Found"}
            return 200, {"sha": found.group(1), "content": base64.b64encode(blob).decode(), "encoding": "base64",
                         "size": len(blob)}
        if path == f"{repo}/git/blobs" and method == "POST":
            blob = base64.b64decode(sent["content"]) if sent.get("encoding") == "base64" else sent["content"].encode()
            sha = blob_sha(blob)
            self.blobs[sha] = blob
            return 201, {"sha": sha}
        if path == f"{repo}/git/trees" and method == "POST":
            changed = {entry["path"]: (self.blobs[entry["sha"]] if entry.get("sha") else None)
                       for entry in sent["tree"]}
            sha = self._name(json.dumps(sent, sort_keys=True))
            self.trees[sha] = changed
            return 201, {"sha": sha, "tree": []}
        if path == f"{repo}/git/commits" and method == "POST":
            sha = self._name(json.dumps(sent, sort_keys=True))
            self.pending[sha] = (sent["message"], self.trees.get(sent["tree"], {}))
            return 201, {"sha": sha, "message": sent["message"], "parents": [{"sha": p} for p in sent["parents"]]}
        if path.startswith(f"{repo}/contents/") and method == "GET":
            name = path[len(f"{repo}/contents/"):]
            if name in self.files:
                return 200, {"type": "file", "path": name, "sha": blob_sha(self.files[name]),
                             "content": base64.b64encode(self.files[name]).decode(), "encoding": "base64"}
            return 404, {"message": "Not Found"}
        self.unknown.append(f"{method} {url}")
        return 404, {"message": "Not Found"}

    def _listing(self, folder: str, recursive: bool) -> tuple[int, Any]:
        entries = []
        for name, data in sorted(self.files.items()):
            rest = name[len(folder) + 1:] if name.startswith(folder + "/") else None
            if rest and (recursive or "/" not in rest):
                entries.append({"path": rest, "mode": "100644", "type": "blob", "sha": blob_sha(data),
                                "size": len(data)})
        if not entries:
            return 404, {"message": "Not Found"}
        return 200, {"sha": self._name(folder), "tree": entries, "truncated": False}

    def _move_branch(self, sha: str) -> tuple[int, Any]:
        message, changed = self.pending.pop(sha)
        self._apply(message, changed)
        self.head = sha
        return 200, {"object": {"sha": sha}}

    def _apply(self, message: str, changed: dict[str, bytes | None]) -> None:
        for name, data in changed.items():
            if data is None:
                self.files.pop(name, None)
            else:
                self.files[name] = data
        self.commits.append(Commit(message, changed))

    def _move(self, branch: str, sha: str, status: int) -> tuple[int, Any]:
        """A branch of the editorial workflow (cms/...) moved to a commit: its changes kept apart."""
        if sha in self.pending:
            message, changed = self.pending.pop(sha)
            self.branch_commits.setdefault(branch, []).append(Commit(message, changed))
        self.refs[branch] = sha
        return status, {"ref": f"refs/heads/{branch}", "object": {"sha": sha}}

    def _branch_changes(self, branch: str) -> dict[str, bytes | None]:
        changes: dict[str, bytes | None] = {}
        for commit in self.branch_commits.get(branch, []):
            changes.update(commit.changed)
        return changes


@dataclass
class FakeGitLab:
    """Just enough of GitLab's REST API (v4) for Decap CMS's GitLab backend."""

    repo: str
    files: dict[str, bytes]
    api: str = "https://gitlab.com/api/v4"
    branch: str = "main"
    commits: list[Commit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        request = route.request
        status, body, headers = self.answer(request.method, request.url, request.post_data)
        route.fulfill(status=status, body=body if isinstance(body, bytes) else json.dumps(body),
                      content_type="text/plain" if isinstance(body, bytes) else "application/json",
                      headers={"Access-Control-Allow-Origin": "*",
                               "Access-Control-Expose-Headers": "X-Page, X-Total-Pages, X-Total, Link",
                               **headers})

    def answer(self, method: str, url: str, data: str | None) -> tuple[int, Any, dict[str, str]]:
        parts = urlsplit(url)
        raw_path = parts.path[len(urlsplit(self.api).path):]
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        sent = json.loads(data) if data else {}
        project = "/projects/" + self.repo.replace("/", "%2F")
        if raw_path == "/user":
            return 200, {"id": 1, "username": "officer", "name": "An Officer", "avatar_url": None}, {}
        if raw_path == project:
            return 200, {"id": 7, "path_with_namespace": self.repo, "default_branch": self.branch,
                         "permissions": {"project_access": {"access_level": 30}, "group_access": None}}, {}
        if raw_path == f"{project}/repository/tree":
            folder = query.get("path", "").strip("/")
            entries = [{"id": blob_sha(data), "name": name.rsplit("/", 1)[-1], "type": "blob", "path": name,
                        "mode": "100644"}
                       for name, data in sorted(self.files.items())
                       if name.startswith(folder + "/") and (query.get("recursive") == "true"
                                                             or "/" not in name[len(folder) + 1:])]
            pages = {"X-Page": "1", "X-Total-Pages": "1", "X-Total": str(len(entries))}
            return 200, entries, pages
        if raw_path.startswith(f"{project}/repository/files/"):
            rest = raw_path[len(f"{project}/repository/files/"):]
            name = unquote(rest.removesuffix("/raw"))
            if name not in self.files:
                return 404, {"message": "404 File Not Found"}, {}
            if rest.endswith("/raw"):
                return 200, self.files[name], {}
            return 200, {"file_path": name, "blob_id": blob_sha(self.files[name]), "last_commit_id": "c",
                         "content": base64.b64encode(self.files[name]).decode(), "encoding": "base64"}, {}
        if raw_path == f"{project}/repository/commits" and method == "GET":
            return 200, [{"id": "c", "author_name": "An Officer", "authored_date": "2026-12-01T09:00:00Z"}], \
                {"X-Page": "1", "X-Total-Pages": "1"}
        if raw_path == f"{project}/repository/commits" and method == "POST":
            changed: dict[str, bytes | None] = {}
            for action in sent.get("actions", []):
                path = action["file_path"]
                if action["action"] == "delete":
                    changed[path] = None
                    self.files.pop(path, None)
                else:
                    content = action.get("content", "")
                    body = base64.b64decode(content) if action.get("encoding") == "base64" else content.encode()
                    changed[path] = self.files[path] = body
            self.commits.append(Commit(sent.get("commit_message", ""), changed))
            return 201, {"id": f"c{len(self.commits)}"}, {}
        if raw_path == f"{project}/repository/branches/{self.branch}":
            return 200, {"name": self.branch, "commit": {"id": "c"}}, {}
        self.unknown.append(f"{method} {url}")
        return 404, {"message": "404 Not Found"}, {}
