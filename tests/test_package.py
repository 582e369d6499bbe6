"""The tool as a package (issue 18): a project made by `assembly new` in an empty folder, theme
overrides per project, the CI pipelines `assembly new --ci` writes, honest operating-system
errors, the version and the package's metadata; and (marked `package`) the wheel built,
installed in a fresh virtual environment outside the checkout and used from an empty folder."""

from __future__ import annotations

import errno
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import REPO, run_cli

from generator import __version__
from generator.annotations import github, gitlab
from generator.annotations import main as annotations_main
from generator.cli import make_parser, os_error_message
from generator.project import CI_FILES, INSTALL_PIN
from generator.themes import InstallationError, packaged_theme

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


# ---- version, metadata, package list ------------------------------------------------------------

def test_version_from_one_place() -> None:
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "generator.__version__"}
    with pytest.raises(SystemExit) as stopped:
        make_parser().parse_args(["--version"])
    assert stopped.value.code == 0
    assert f"v{__version__}" in INSTALL_PIN


def test_version_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"assembly-site {__version__}"


def test_every_package_is_in_the_wheel_list() -> None:
    """pyproject.toml lists the packages (to map theme/ into generator/theme): none forgotten."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "generator").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["generator.theme"] == "theme"


def test_metadata_is_complete() -> None:
    project = PYPROJECT["project"]
    assert project["readme"] == "README.md" and project["license-files"] == ["LICENSE"]
    assert len(project["classifiers"]) >= 5 and set(project["urls"]) >= {"Source", "Changelog", "Documentation"}
    assert {"check-jsonschema", "build"} <= {dep.split(">")[0].split("=")[0] for dep in
                                             project["optional-dependencies"]["test"]}
    assert (REPO / "CHANGELOG.md").is_file() and f"## {__version__}" in (REPO / "CHANGELOG.md").read_text()


def test_readme_names_only_files_a_reader_has() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "content-format.md" not in readme
    for target in ("docs/index.md", "docs/reference.md", "CHANGELOG.md", "docs/theme.md"):
        assert f"({target})" in readme and (REPO / target).is_file()


def test_theme_found_in_the_checkout() -> None:
    assert packaged_theme() == (REPO / "theme").resolve()


# ---- assembly new in an empty folder ------------------------------------------------------------

def test_new_in_an_empty_folder_makes_a_whole_project(tmp_path: Path) -> None:
    result = run_cli("--root", str(tmp_path), "new", "my-assembly")
    assert result.code == 0, result.err
    for name in ("site_config.yml", ".gitignore", "README.md", "content/my-assembly/assembly.yml"):
        assert (tmp_path / name).is_file(), name
    assert "site/" in (tmp_path / ".gitignore").read_text()
    assert "assembly serve my-assembly" in (tmp_path / "README.md").read_text()
    build = run_cli("--root", str(tmp_path), "build")
    assert build.code == 0, build.err
    assert (tmp_path / "site" / "my-assembly" / "index.html").is_file()


def test_new_in_an_existing_project_adds_an_assembly_only(starter: Path) -> None:
    (starter / "README.md").unlink(missing_ok=True)
    result = run_cli("--root", str(starter), "new", "second-assembly")
    assert result.code == 0, result.err
    assert (starter / "content" / "second-assembly" / "assembly.yml").is_file()
    assert not (starter / "README.md").exists() and "Created a project" not in result.out


# ---- theme overrides ----------------------------------------------------------------------------

def test_project_theme_overrides_templates_and_adds_styles_and_a_logo(starter: Path) -> None:
    theme = starter / "theme"
    (theme / "pages").mkdir(parents=True)
    home = (REPO / "theme" / "pages" / "home.html").read_text(encoding="utf-8")
    assert "</h1>" in home
    (theme / "pages" / "home.html").write_text(home.replace("</h1>", "</h1><p id=\"our-home\">Ours</p>", 1))
    (theme / "partials").mkdir()
    footer = (REPO / "theme" / "partials" / "assembly-footer.html").read_text(encoding="utf-8")
    (theme / "partials" / "assembly-footer.html").write_text("<!-- our footer -->\n" + footer)
    (theme / "assets" / "stylesheets").mkdir(parents=True)
    (theme / "assets" / "stylesheets" / "extra.css").write_text(".assembly-header{border-bottom:4px solid #000}\n")
    (theme / "assets" / "images").mkdir(parents=True)
    (theme / "assets" / "images" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" '
                                                          'height="8"/>\n')
    result = run_cli("--root", str(starter), "build")
    assert result.code == 0, result.err
    assert [line for line in result.lines if "theme/" in line] == []
    site = starter / "site" / "my-assembly"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="our-home"' in index and "<!-- our footer -->" in index
    assert 'href="assets/stylesheets/extra.css"' in index and 'src="assets/images/logo.svg"' in index
    assert (site / "assets" / "stylesheets" / "extra.css").is_file()
    assert (site / "assets" / "images" / "logo.svg").is_file()
    # A page that is not overridden keeps the packaged template, with the override's layout.
    sessions = (site / "sessions" / "index.html").read_text(encoding="utf-8")
    assert 'id="our-home"' not in sessions and "<!-- our footer -->" in sessions
    # The build cache sees a change in the project's theme.
    (theme / "assets" / "stylesheets" / "extra.css").write_text("body{margin:0}\n")
    again = run_cli("--root", str(starter), "build")
    assert again.code == 0 and "Nothing has changed" not in again.out


def test_an_override_of_no_template_is_a_located_warning(starter: Path) -> None:
    (starter / "theme" / "pages").mkdir(parents=True)
    (starter / "theme" / "pages" / "hom.html").write_text("{% extends 'home.html' %}\n")
    (starter / "theme" / "partials").mkdir()
    (starter / "theme" / "partials" / "header.html").write_text("<p>Material's own partial: allowed</p>\n")
    result = run_cli("--root", str(starter), "check")
    assert result.code == 0
    assert [line for line in result.lines if "theme/" in line] == [
        "theme/pages/hom.html:1:1: warning: theme/pages/hom.html overrides no template of the theme, so it is "
        "not used: give it the name of the template it replaces (did you mean theme/pages/home.html?)"]
    assert run_cli("--root", str(starter), "build", "--strict").code == 1


def test_this_repository_is_not_its_own_override(example: Path) -> None:
    from generator.themes import project_theme

    assert project_theme(REPO) is None
    assert project_theme(example) is None or (example / "theme").resolve() != packaged_theme()


# ---- CI pipelines --------------------------------------------------------------------------------

def _check_jsonschema() -> list[str]:
    found = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or \
        shutil.which("check-jsonschema")
    if found is None:
        pytest.fail("check-jsonschema is missing: pip install -e '.[test]'")
    return [found]


def _commands(host: str, text: str) -> list[str]:
    """Every `assembly` command line of a pipeline's scripts."""
    data = yaml.safe_load(text)
    scripts: list[str] = []
    if host == "github":
        for job in data["jobs"].values():
            scripts += [step["run"] for step in job.get("steps", []) if "run" in step]
    else:
        for job in data.values():
            if isinstance(job, dict) and "script" in job:
                scripts += job["script"]
    lines: list[str] = []
    for script in scripts:
        for line in script.replace(";", "\n").splitlines():
            line = line.strip()
            if line.startswith("assembly "):
                lines.append(line.split(" || ")[0].split(" > ")[0])
    return lines


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_ci_pipeline_is_valid_and_its_commands_parse(tmp_path: Path, host: str) -> None:
    result = run_cli("--root", str(tmp_path), "new", "my-assembly", "--ci", host)
    assert result.code == 0, result.err
    path = tmp_path / CI_FILES[host][0]
    text = path.read_text(encoding="utf-8")
    schema = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}[host]
    checked = subprocess.run([*_check_jsonschema(), "--builtin-schema", schema, str(path)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert INSTALL_PIN in text and "not on a package index" in text
    commands = _commands(host, text)
    assert any(c.startswith("assembly check --format json") for c in commands)
    assert "assembly build --strict" in commands
    assert any(c.startswith("assembly archive") for c in commands)
    parser = make_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])
        assert args.command in {"check", "build", "archive"}
    data = yaml.safe_load(text)
    if host == "github":
        triggers = data[True]  # YAML 1.1 reads the key `on` as true
        assert {"push", "pull_request", "schedule"} <= set(triggers)
        assert "deploy-pages" in text and "upload-artifact" in text
        assert "pull_request" in data["jobs"]["deploy"]["if"]
    else:
        assert data["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
        assert data["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
        assert "archives/" in data["build"]["artifacts"]["paths"]
    # Not written twice over a pipeline the project already has.
    again = run_cli("--root", str(tmp_path), "new", "another", "--ci", host)
    assert again.code == 2 and "already exists" in again.err
    assert not (tmp_path / "content" / "another").exists()


def _scripts(host: str, text: str) -> list[str]:
    """The shell scripts of the jobs that check and build, in order, less the tool's installation."""
    data = yaml.safe_load(text)
    if host == "github":
        scripts = [step["run"] for step in data["jobs"]["build"]["steps"] if "run" in step]
    else:
        scripts = ["\n".join(data[job]["script"]) for job in ("check", "build")]
    return ["\n".join(line for line in script.splitlines() if "pip install" not in line) for script in scripts]


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_ci_pipeline_scripts_run(example: Path, host: str) -> None:
    """The pipeline's own shell lines, run with this tool on the example content: the check gives
    annotations, the strict build publishes, every assembly gets a preservation package."""
    from generator.project import ci_text

    (example / "content" / "_shared").mkdir(exist_ok=True)  # a folder that is not an assembly
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    for script in _scripts(host, ci_text(host)):
        result = subprocess.run(["bash", "-e", "-c", script], cwd=example, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    assert (example / "site" / "riverside-town-centre" / "index.html").is_file()
    assert (example / "archives" / "riverside-town-centre-preservation.zip").is_file()
    if host == "gitlab":
        assert json.loads((example / "gl-code-quality-report.json").read_text()) == []


def _records(starter: Path) -> dict[str, object]:
    session = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    session.write_text(session.read_text().replace("kind: evidence", "kind: evidense"))
    result = run_cli("--root", str(starter), "check", "--format", "json")
    assert result.code == 1
    return json.loads(result.out)


def test_annotations_for_github(starter: Path) -> None:
    lines = github(_records(starter)).splitlines()
    assert ("::error file=content/my-assembly/sessions/session-1.md,line=5,col=7::kind must be one of evidence, "
            "deliberation, ballot, other; found 'evidense' — did you mean 'evidence'?") in lines
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    odd = github({"problems": [{"path": "a,b:c.md", "line": 1, "column": 2, "severity": "warning",
                                "message": "100%\nsure"}]})
    assert odd == "::warning file=a%2Cb%3Ac.md,line=1,col=2::100%25%0Asure\n"


def test_annotations_for_gitlab(starter: Path) -> None:
    report = json.loads(gitlab(_records(starter)))
    error = next(issue for issue in report if issue["severity"] == "major")
    assert error["location"] == {"path": "content/my-assembly/sessions/session-1.md", "lines": {"begin": 5}}
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(error)


def test_annotations_command(tmp_path: Path) -> None:
    records = {"errors": 1, "warnings": 0, "problems": [{"path": "content/a/x.md", "line": 3, "column": 1,
                                                          "severity": "error", "message": "bad"}]}
    (tmp_path / "check.json").write_text(json.dumps(records))
    out = io.StringIO()
    assert annotations_main(["github", str(tmp_path / "check.json")], stdout=out) == 0
    assert out.getvalue() == "::error file=content/a/x.md,line=3,col=1::bad\n"
    out = io.StringIO()
    assert annotations_main(["gitlab"], stdin=io.StringIO(json.dumps(records)), stdout=out) == 0
    assert json.loads(out.getvalue())[0]["location"]["lines"] == {"begin": 3}
    assert annotations_main(["gitlab"], stdin=io.StringIO("not json"), stdout=io.StringIO()) == 2
    assert annotations_main(["bitbucket"]) == 2


# ---- honest errors --------------------------------------------------------------------------------

def test_a_full_disk_is_a_full_disk() -> None:
    message = os_error_message(OSError(errno.ENOSPC, "No space left on device", "/srv/site/index.html"))
    assert message.startswith("the disk is full (writing /srv/site/index.html)") and "Free some space" in message


def test_permission_names_the_folder() -> None:
    message = os_error_message(PermissionError(errno.EACCES, "Permission denied", "/srv/site/index.html"))
    assert "permission denied for /srv/site/index.html" in message and "the folder /srv/site" in message
    assert "space" not in message


def test_a_missing_file_of_the_tool_is_an_installation_fault() -> None:
    missing = REPO / "generator" / "write" / "fonts" / "Gone.ttf"
    message = os_error_message(FileNotFoundError(errno.ENOENT, "No such file or directory", str(missing)))
    assert "the installation is incomplete" in message and "pip install --force-reinstall" in message
    assert "space" not in message


def test_a_missing_template_is_not_a_full_disk() -> None:
    message = os_error_message(jinja2.TemplateNotFound("nowhere.html"))
    assert "nowhere.html does not exist" in message and "reinstall" in message and "space" not in message
    message = os_error_message(InstallationError("the tool's theme is missing"))
    assert message.startswith("the tool's theme is missing")


def test_other_errors_say_what_they_are() -> None:
    message = os_error_message(OSError(errno.EIO, "Input/output error", "/mnt/usb/site"))
    assert message == "Input/output error (/mnt/usb/site). Nothing was published."


def test_no_message_guesses_at_free_space() -> None:
    hits = [(path, line) for path in (REPO / "generator").rglob("*.py")
            for line in path.read_text(encoding="utf-8").splitlines() if "free some space" in line.lower()]
    assert [Path(path).name for path, _line in hits] == ["cli.py"]
    assert all("disk is full" in line or "Free some space on that disk" in line for _path, line in hits)


def test_a_build_with_a_template_missing_names_the_installation(starter: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """What the issue saw: a build whose theme lacks a page template is a fault in the
    installation, with how to reinstall, never a disk that is full."""
    broken = tmp_path / "broken-theme"
    shutil.copytree(packaged_theme(), broken)
    (broken / "pages" / "home.html").unlink()
    import generator.render.pages as pages

    pages.make_environment.cache_clear()
    defaults = list(pages.make_environment.__wrapped__.__defaults__ or ())
    monkeypatch.setattr(pages.make_environment.__wrapped__, "__defaults__", (broken, *defaults[1:]))
    try:
        result = run_cli("--root", str(starter), "build", "--jobs", "1")
    finally:
        pages.make_environment.cache_clear()
    assert result.code == 1
    assert "home.html" in result.err and "reinstall" in result.err and "space" not in result.err


# ---- the wheel, installed outside the checkout ---------------------------------------------------

def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.package
def test_the_wheel_installed_outside_the_checkout_builds_sites(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = tmp_path / "dist"
    # sdist first, then the wheel from the sdist: a file missing from either fails below.
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)], tmp_path, env)
    wheel = next(dist.glob("assembly_site-*.whl"))
    with tarfile.open(next(dist.glob("assembly_site-*.tar.gz"))) as sdist:
        in_sdist = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"CHANGELOG.md", "LICENSE", "README.md", "docs/index.md", "docs/reference.md", "theme/base.html",
            "schemas/site_config.schema.json"} <= in_sdist
    assert wheel.name == f"assembly_site-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"assembly_site-{__version__}.dist-info/METADATA").decode()
    theme_files = [p.relative_to(REPO / "theme").as_posix() for p in (REPO / "theme").rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts]
    assert [f for f in theme_files if f"generator/theme/{f}" not in names] == []
    assert "generator/write/fonts/DejaVuSans.ttf" in names and "generator/locales/cy/LC_MESSAGES/messages.po" in names
    assert f"assembly_site-{__version__}.dist-info/licenses/LICENSE" in names
    for field in ("License-Expression: MIT", "Project-URL: Source", "Classifier: ", "Description-Content-Type"):
        assert field in metadata

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path, env, timeout=900)
    assembly = str(bin_dir / "assembly")
    where = _run([str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(venv)

    project = tmp_path / "empty"
    project.mkdir()
    assert _run([assembly, "--version"], project, env).stdout.strip() == f"assembly-site {__version__}"
    _run([assembly, "new", "my-assembly", "--ci", "github"], project, env)
    _run([assembly, "build"], project, env)
    assert (project / "site" / "my-assembly" / "index.html").is_file()
    assert (project / "site" / "my-assembly" / "assets" / "stylesheets" / "assembly.css").is_file()
    _run([assembly, "check"], project, env)
    checked = _run([assembly, "check", "--format", "json"], project, env)
    assert json.loads(checked.stdout)["errors"] == 0
    (project / "check.json").write_text(checked.stdout, encoding="utf-8")
    annotated = _run([str(bin_dir / "python"), "-m", "generator.annotations", "github", "check.json"], project, env)
    assert annotated.stdout.startswith("::warning file=")  # the example text left in is a warning
    _run([assembly, "archive", "my-assembly"], project, env)
    _run([assembly, "archive", "--verify", "my-assembly-preservation.zip"], project, env)

    example = tmp_path / "example"
    example.mkdir()
    shutil.copytree(REPO / "content", example / "content")
    shutil.copyfile(REPO / "site_config.yml", example / "site_config.yml")
    built = _run([assembly, "build"], example, env)
    assert "Built " in built.stdout
    assert (example / "site" / "riverside-town-centre" / "index.html").is_file()
