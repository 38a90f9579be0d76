"""Files given with -o: symlinks written through, devices and folders refused, every
write on disk before its rename, and temporary files left by killed writes cleaned up."""

from __future__ import annotations

import errno
import os
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from studytool.cli import cli
from studytool.fileio import STALE_AFTER_SECONDS, NotAFileError, replacing, write_text_atomic


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "schemas" / "deck.schema.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("schemas") / "deck.schema.json")  # relative, as people make them
    result = CliRunner().invoke(cli, ["schema", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("schemas") / "deck.schema.json")
    assert real.read_text(encoding="utf-8").startswith("{")
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["deck.schema.json"]


def test_a_chain_of_symlinks_leads_to_the_file_replaced_in_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "elsewhere" / "deck.yaml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    middle = tmp_path / "middle.yaml"
    middle.symlink_to(real)
    first = tmp_path / "first.yaml"
    first.symlink_to(middle)
    renames: list[tuple[Path, Path]] = []
    replace = os.replace

    def recording_replace(source: str | Path, destination: str | Path) -> None:
        renames.append((Path(source), Path(destination)))
        replace(source, destination)

    monkeypatch.setattr(os, "replace", recording_replace)
    write_text_atomic(first, "new")
    ((source, destination),) = renames
    assert destination == real.resolve()
    assert source.parent == real.parent.resolve()  # atomic there: beside the file
    assert (first.is_symlink(), middle.is_symlink()) == (True, True)
    assert first.read_text(encoding="utf-8") == "new"


def test_a_dangling_symlink_gets_the_file_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "new.yaml"
    link.symlink_to(tmp_path / "decks" / "mine.yaml")
    (tmp_path / "decks").mkdir()
    result = CliRunner().invoke(cli, ["new-deck", "mine", "-o", str(link), "--force"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (tmp_path / "decks" / "mine.yaml").read_text(encoding="utf-8").startswith("#")


def test_a_dangling_symlink_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    link = tmp_path / "new.yaml"
    link.symlink_to(tmp_path / "missing" / "mine.yaml")
    with pytest.raises(FileNotFoundError) as caught:
        write_text_atomic(link, "text")
    assert caught.value.filename == str(link)
    assert "missing" in str(caught.value.strerror)
    assert link.is_symlink()
    assert not (tmp_path / "missing").exists()


def test_a_symlink_loop_is_an_error(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.symlink_to(two)
    two.symlink_to(one)
    with pytest.raises(OSError, match="symbolic links") as caught:
        write_text_atomic(one, "text")
    assert caught.value.errno == errno.ELOOP
    assert one.is_symlink()
    assert two.is_symlink()


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("making a device node needs privileges")
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        yield path


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (_fifo, "a FIFO (named pipe)"),
        (_device, "a device"),
        (lambda path: (path.mkdir(), path)[1], "a folder"),
    ],
    ids=["fifo", "device", "folder"],
)
def test_devices_fifos_and_folders_are_refused(
    tmp_path: Path, make: Callable[[Path], Path], what: str
) -> None:
    target = make(tmp_path / "target")
    kind = stat.S_IFMT(target.lstat().st_mode)
    with pytest.raises(NotAFileError) as caught:
        write_text_atomic(target, "text")
    error = caught.value
    assert isinstance(error, OSError)
    assert error.strerror == f"it is {what}, not a file"
    assert error.filename == str(target)
    assert stat.S_IFMT(target.lstat().st_mode) == kind
    assert [p.name for p in tmp_path.iterdir()] == ["target"]


def test_a_socket_is_refused(unix_socket: Path) -> None:
    with pytest.raises(NotAFileError, match="it is a socket, not a file"):
        write_text_atomic(unix_socket, "text")
    assert stat.S_ISSOCK(unix_socket.lstat().st_mode)


def test_a_symlink_to_a_device_is_refused_and_both_are_kept(tmp_path: Path) -> None:
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    with pytest.raises(NotAFileError) as caught:
        write_text_atomic(link, "text")
    assert caught.value.filename == str(link)
    assert link.is_symlink()
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_the_command_says_why_it_will_not_write_a_device(tmp_path: Path) -> None:
    target = _device(tmp_path / "full")
    result = CliRunner().invoke(cli, ["new-deck", "mine", "-o", str(target), "--force"])
    assert result.exit_code == 1
    assert f"cannot write {target}: it is a device, not a file" in result.stderr
    assert stat.S_ISCHR(target.lstat().st_mode)


def test_the_command_says_why_it_will_not_write_a_fifo(tmp_path: Path) -> None:
    target = _fifo(tmp_path / "pipe")
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 1
    assert f"cannot write {target}: it is a FIFO (named pipe), not a file" in result.stderr
    assert stat.S_ISFIFO(target.lstat().st_mode)


class DiskEvents:
    """What reached the disk, in order: fsyncs (of a file or a folder, by inode) and
    renames (by the renamed file's inode)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, int]] = []
        fsync, replace = os.fsync, os.replace

        def recording_fsync(fd: int) -> None:
            info = os.fstat(fd)
            kind = "fsync folder" if stat.S_ISDIR(info.st_mode) else "fsync file"
            self.events.append((kind, info.st_ino))
            fsync(fd)

        def recording_replace(source: str | Path, destination: str | Path) -> None:
            self.events.append(("replace", os.stat(source).st_ino))
            replace(source, destination)

        monkeypatch.setattr(os, "fsync", recording_fsync)
        monkeypatch.setattr(os, "replace", recording_replace)

    def assert_flushed_around_the_rename(self, target: Path) -> None:
        file = target.stat().st_ino
        folder = target.parent.stat().st_ino
        rename = self.events.index(("replace", file))
        assert ("fsync file", file) in self.events[:rename]
        assert ("fsync folder", folder) in self.events[rename:]


def test_the_written_file_and_its_folder_are_flushed_around_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = DiskEvents(monkeypatch)
    target = tmp_path / "deck.schema.json"
    write_text_atomic(target, "new")
    disk.assert_flushed_around_the_rename(target)


def test_a_file_written_by_another_library_is_flushed_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = DiskEvents(monkeypatch)
    target = tmp_path / "out.bin"
    with replacing(target) as temporary:
        temporary.write_bytes(b"written by path, never flushed")  # as genanki does
    disk.assert_flushed_around_the_rename(target)


def test_an_anki_package_is_flushed_before_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sample_decks import seven_muscle_deck

    from studytool.anki.notes import plan_export
    from studytool.anki.package import write_package
    from studytool.core.deck_loading import load_deck

    deck = tmp_path / "test-deck.yaml"
    deck.write_text(seven_muscle_deck(), encoding="utf-8")
    plan = plan_export([load_deck(deck)])
    disk = DiskEvents(monkeypatch)
    write_package(plan, tmp_path / "out.apkg", 1e9)
    disk.assert_flushed_around_the_rename(tmp_path / "out.apkg")


def _aged(path: Path, seconds: float) -> Path:
    path.write_text("left behind", encoding="utf-8")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_temporaries_left_by_a_killed_write_are_removed_by_the_next(tmp_path: Path) -> None:
    old = STALE_AFTER_SECONDS + 60
    stale = [
        _aged(tmp_path / ".deck.yaml.abcd1234.tmp", old),  # ours
        _aged(tmp_path / ".deck.yaml.k3_x9qzp.tmp", old),  # an older studytool's (mkstemp)
    ]
    kept = [
        _aged(tmp_path / ".deck.yaml.0123abcd.tmp", 5),  # a write that may still be running
        _aged(tmp_path / ".deck.yaml.abc.tmp", old),  # not our pattern
        _aged(tmp_path / ".deck.yaml.abcd1234.tmp.keep", old),
        _aged(tmp_path / "x.deck.yaml.abcd1234.tmp", old),
        _aged(tmp_path / ".other.yaml.abcd1234.tmp", old),  # another target's
    ]
    (tmp_path / ".deck.yaml.dir12345.tmp").mkdir()  # not a file
    os.utime(tmp_path / ".deck.yaml.dir12345.tmp", (0, 0))
    write_text_atomic(tmp_path / "deck.yaml", "new")
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)
    assert (tmp_path / ".deck.yaml.dir12345.tmp").is_dir()
    assert (tmp_path / "deck.yaml").read_text(encoding="utf-8") == "new"


def test_an_existing_files_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "private.yaml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_text_atomic(target, "new")
    assert target.stat().st_mode & 0o7777 == 0o600
    assert target.read_text(encoding="utf-8") == "new"
