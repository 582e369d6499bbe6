"""`assembly archive --verify`: checksums are checked by reading the zip as a stream, and entries
that unpacking could turn against the archivist's computer are refused by name."""

from __future__ import annotations

import hashlib
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import replace_starter_text, run_cli

SLUG = "my-assembly"
BAG = "my-assembly"


@pytest.fixture(scope="module")
def good_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.starter import create_assembly

    root = tmp_path_factory.mktemp("project")
    create_assembly(root, SLUG)
    replace_starter_text(root)
    out = root / "package.zip"
    result = run_cli("--root", str(root), "archive", SLUG, "--out", str(out))
    assert result.code == 0, result.err
    return out


@pytest.fixture
def no_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verifying must never write the package's files to disk."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the package was unpacked to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)


def copy_with(source: Path, target: Path, extra: list[tuple[zipfile.ZipInfo, bytes]] | None = None,
              change: dict[str, bytes] | None = None) -> Path:
    """The good package, with some entries' bytes changed and some entries added."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, (change or {}).get(info.filename, original.read(info)))
        for info, data in extra or []:
            out.writestr(info, data)
    return target


def entry(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def errors(package: Path) -> tuple[int, list[str]]:
    result = run_cli("archive", "--verify", str(package))
    prefix = f"{package}: error: "
    return result.code, [line.removeprefix(prefix) for line in result.err.splitlines() if line.startswith(prefix)]


def test_a_package_made_by_archive_verifies_without_unpacking(good_package: Path, no_unpacking: None) -> None:
    result = run_cli("archive", "--verify", str(good_package))
    assert result.code == 0, result.err
    with zipfile.ZipFile(good_package) as archive:
        payload = [n for n in archive.namelist() if n.startswith(f"{BAG}/data/")]
    assert result.out.strip() == f"The package is valid: every checksum of its {len(payload)} files matches."


def test_a_symbolic_link_is_refused(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    link = entry(f"{BAG}/data/site/{SLUG}/passwords.txt", stat.S_IFLNK | 0o777)
    package = copy_with(good_package, tmp_path / "link.zip", [(link, b"/etc/passwd")])
    code, lines = errors(package)
    assert code == 1
    assert lines == [f"{BAG}/data/site/{SLUG}/passwords.txt: refused: a symbolic link (unpacking it would make a "
                     "link that can point anywhere on the computer)"]


def test_an_absolute_path_is_refused(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    package = copy_with(good_package, tmp_path / "absolute.zip", [(entry("/tmp/planted.txt"), b"x")])
    code, lines = errors(package)
    assert code == 1
    assert lines == ["/tmp/planted.txt: refused: an absolute path (unpacking it would write outside the folder it "
                     "is unpacked into)"]


def test_a_path_leaving_the_folder_is_refused(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    extra = [(entry("../escape"), b"x"), (entry(f"{BAG}/data/../../escape-too"), b"x"),
             (entry(f"{BAG}\\data\\windows.txt"), b"x")]
    package = copy_with(good_package, tmp_path / "escape.zip", extra)
    code, lines = errors(package)
    assert code == 1
    assert lines == ["../escape: refused: a path with '..' that leads out of the folder it is unpacked into",
                     f"{BAG}/data/../../escape-too: refused: a path with '..' that leads out of the folder it is "
                     "unpacked into",
                     f"{BAG}\\data\\windows.txt: refused: a backslash in the path (Windows reads it as a folder "
                     "separator)"]


def test_an_entry_that_unpacks_to_far_more_than_it_takes_is_refused(good_package: Path, tmp_path: Path,
                                                                     no_unpacking: None) -> None:
    name = f"{BAG}/data/site/{SLUG}/zeros.bin"
    package = copy_with(good_package, tmp_path / "bomb.zip", [(entry(name), bytes(8 * 1024 * 1024))])
    with zipfile.ZipFile(package) as archive:
        stored = archive.getinfo(name).compress_size
    assert stored < 100_000
    code, lines = errors(package)
    assert code == 1
    assert lines == [f"{name}: refused: it would unpack to 8,388,608 bytes from {stored:,} bytes (more than 100 "
                     "times smaller: a zip bomb)"]


def test_a_size_that_lies_is_refused_before_reading(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    from generator.write.archive import MAX_ENTRY_BYTES, refused_entries

    huge = entry(f"{BAG}/data/huge.bin")
    huge.file_size, huge.compress_size = MAX_ENTRY_BYTES + 1, MAX_ENTRY_BYTES + 1
    assert refused_entries([huge]) == [f"{BAG}/data/huge.bin: refused: it would unpack to {MAX_ENTRY_BYTES + 1:,} "
                                       f"bytes, more than the limit of {MAX_ENTRY_BYTES:,} bytes"]


def test_small_files_that_compress_well_are_fine(good_package: Path, tmp_path: Path) -> None:
    from generator.write.archive import refused_entries

    with zipfile.ZipFile(good_package) as archive:
        assert refused_entries(archive.infolist()) == []
    small = entry(f"{BAG}/data/blank.txt")
    small.file_size, small.compress_size = 500_000, 600
    assert refused_entries([small]) == []


def test_a_tampered_checksum_is_named(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    target = f"{BAG}/data/source/site_config.yml"
    with zipfile.ZipFile(good_package) as archive:
        original = archive.read(target)
        manifest = archive.read(f"{BAG}/manifest-sha256.txt").decode()
    changed = original.replace(b"name:", b"nome:", 1)
    assert len(changed) == len(original) and changed != original
    package = copy_with(good_package, tmp_path / "tampered.zip", change={target: changed})
    code, lines = errors(package)
    assert code == 1
    expected = next(line.split()[0] for line in manifest.splitlines() if line.endswith(" data/source/site_config.yml"))
    found = hashlib.sha256(changed).hexdigest()
    found512 = hashlib.sha512(changed).hexdigest()
    expected512 = hashlib.sha512(original).hexdigest()
    assert lines == [f"{target}: its sha256 checksum does not match manifest-sha256.txt (expected {expected}, "
                     f"found {found})",
                     f"{target}: its sha512 checksum does not match manifest-sha512.txt (expected {expected512}, "
                     f"found {found512})"]


def test_a_file_added_or_removed_is_named(good_package: Path, tmp_path: Path, no_unpacking: None) -> None:
    added = entry(f"{BAG}/data/site/{SLUG}/added.html")
    with zipfile.ZipFile(good_package) as archive:
        names = archive.namelist()
    removed = next(n for n in names if n.endswith("/sitemap.html"))
    package = tmp_path / "changed.zip"
    with zipfile.ZipFile(good_package) as original, zipfile.ZipFile(package, "w") as out:
        for info in original.infolist():
            if info.filename != removed:
                out.writestr(info, original.read(info))
        out.writestr(added, b"<p>new</p>")
    code, lines = errors(package)
    assert code == 1
    assert f"{removed}: listed in manifest-sha256.txt but not in the package" in lines
    assert f"{added.filename}: in the package but not listed in manifest-sha256.txt" in lines
    assert any(line.startswith(f"{BAG}/bag-info.txt: Payload-Oxum says ") for line in lines), lines


def test_damaged_zip_data_is_named(good_package: Path, tmp_path: Path) -> None:
    target = f"{BAG}/data/source/site_config.yml"
    data = bytearray(good_package.read_bytes())
    with zipfile.ZipFile(good_package) as archive:
        info = archive.getinfo(target)
    # Corrupt a byte inside the stored (compressed) data of one entry; its CRC no longer matches.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    package = tmp_path / "damaged.zip"
    package.write_bytes(bytes(data))
    code, lines = errors(package)
    assert code == 1
    assert f"{target}: the zip data is damaged (its CRC does not match)" in lines, lines
