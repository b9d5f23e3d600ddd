"""Files the tool reads, writes and shows: bounded reads, atomic writes, reproducible zips.

A killed command never leaves a half-written file behind, the same content gives the same zip
bytes, and a path in a message is relative to the working directory when it lies below it.
What the tool reads is a regular file of bounded size (never a device or a pipe, which can be
read without end), and what it reads or writes in the kommun's repository stays there: a
symbolic link that leads out of it is refused at the link, wherever the path is used
(`read_bounded`, `refuse_link_out`, and `tree_files`, which finds such links instead of passing
over them).
A write in progress is a hidden temporary file beside its target whose name holds the writer's
process id (`.rapport.yaml.4711.k3j9x0ab.tmp`): one that SIGKILL left behind is removed by the
next run that writes there (`remove_leftovers`), while a live writer's is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from uppdrag_docs.errors import UnsafeFileError, UppdragError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold: every entry gets it, so no clock reaches the bytes."""


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    For a path the tool chose: a link there is replaced, never written through (what a user
    names is written by `write_output`). With `exclusive`, an existing `path` is never replaced
    (the check and the rename are one step: `os.link` fails when the target exists).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX, dir=path.parent
    )
    try:
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(temp, path)
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_new(path: Path, data: bytes, *, exists: str) -> None:
    """Write a new file the tool names (`uppdrag new`), all of it or nothing: never over a file
    that is there (`exists` says so), and a folder that cannot be written or a full disk is a
    sentence naming the file."""
    missing = [folder for folder in path.parents if not folder.exists()]
    try:
        write_atomic(path, data, exclusive=True)
    except FileExistsError:
        raise UppdragError(exists) from None
    except OSError as exc:
        for folder in missing:  # the folders made for it go too, innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise UppdragError(f"'{path}' kan inte skrivas: {os_error_text(exc)}") from None


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user named (`-o`, `--out`) as a shell's `>` would, but atomically.

    A regular file is replaced by `write_atomic`. A symbolic link is written through: the file
    it points at is replaced and the link stays. What cannot be replaced is written into: a
    device such as `/dev/null` or `/dev/full` (whose full disk is then an `OSError` like any
    other), a named pipe, or the command's own standard out named `/dev/stdout`.
    """
    target = _through_links(path)
    if isinstance(target, Path):
        write_atomic(target, data)
    else:
        _write_into(path, target, data)


_MAX_LINKS = 40
"""Links followed in a row before giving up, as the kernel does (ELOOP)."""


def _through_links(path: Path) -> Path | int | None:
    """The regular file (existing or not) that writing `path` replaces, following links; for
    what cannot be replaced, the descriptor of this process that `path` names (`/dev/stdout`,
    `/dev/fd/1`: its writer expects the stream, not a new file where the stream goes), or None
    (a device, a pipe, another process's descriptor: written into)."""
    current = Path(os.path.realpath(path.parent)) / path.name
    for _ in range(_MAX_LINKS):
        descriptor = _DESCRIPTOR.match(str(current))
        if descriptor is not None:
            own = descriptor[1] in ("self", str(os.getpid()))
            return int(descriptor[2]) if own and descriptor[2].isdigit() else None
        if not current.is_symlink():
            break
        link = current.parent / os.readlink(current)
        current = Path(os.path.realpath(link.parent)) / link.name
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    try:
        mode = current.stat().st_mode
    except FileNotFoundError:
        return current
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    return current if stat.S_ISREG(mode) else None


_DESCRIPTOR = re.compile(r"^/proc/([^/]+)/fd/([^/]+)$")


def _write_into(path: Path, descriptor: int | None, data: bytes) -> None:
    """Write into what is already there: this process's own stream after what it has printed,
    or a device or pipe (appended, as `>>` would: a device has no end to append to)."""
    if descriptor is None:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND), "wb") as handle:
            handle.write(data)
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


_TEMP_SUFFIX = ".tmp"
_TEMP = re.compile(r"\..+\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX))
"""A temporary file of `write_atomic`: the writer's process id, then mkstemp's eight letters."""


def remove_leftovers(folder: Path, *, below: bool = False) -> list[Path]:
    """Remove in `folder` (and with `below`, in its subfolders) the temporary files of
    `write_atomic` whose writer no longer runs (killed before it could remove them); return
    them."""
    removed = []
    pattern = f".*{_TEMP_SUFFIX}"
    for path in sorted(folder.rglob(pattern) if below else folder.glob(pattern)):
        found = _TEMP.fullmatch(path.name)
        if found is None or process_alive(int(found["pid"])) or not path.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def process_start(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (Linux), or None if unknown; with
    the pid, it tells a process from a later one that got the same id."""
    try:
        line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return line.rsplit(")", 1)[-1].split()[19]  # field 22; the name may hold spaces


def process_alive(pid: int, started: str | None = None) -> bool:
    """Whether process `pid` runs (and, when `started` is known, is the one that started then)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except OverflowError:
        return False  # no process has an id that large
    now = process_start(pid)
    return started is None or now is None or now == started


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def link_out(path: Path, root: Path) -> tuple[Path, Path] | None:
    """The first symbolic link on the way from `root` down to `path` that leads out of `root`,
    and where it leads; None when there is none (or `path` does not lie in `root` at all)."""
    here, top = os.path.abspath(path), os.path.abspath(root)  # strings: every file read is here
    if _within(here, top):
        return _first_link_out(here, top, top)
    real_top = os.path.realpath(top)
    return _first_link_out(here, real_top, top) if _within(here, real_top) else None


def _first_link_out(here: str, base: str, top: str) -> tuple[Path, Path] | None:
    """The first link below `base` on the way to `here` that leads out of `top`; `top` itself
    is resolved only for a link to judge (most files have none on the way)."""
    real_top = None
    for part in filter(None, here[len(base) :].split(os.sep)):
        base = os.path.join(base, part)
        if os.path.islink(base):
            real_top = real_top or os.path.realpath(top)
            target = os.path.realpath(base)
            if not _within(target, real_top):
                return Path(base), Path(target)
    return None


def _within(path: str, folder: str) -> bool:
    """Whether the absolute, normalised `path` is `folder` or lies in it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def refuse_link_out(path: Path, root: Path) -> None:
    """Raise UnsafeFileError, naming the link, when the way to `path` leaves the repository."""
    found = link_out(path, root)
    if found is None:
        return
    link, target = found
    raise UnsafeFileError(
        f"länken {display_path(link)} leder till {target}, utanför arkivet; uppdrag läser och "
        "skriver bara filer i arkivet"
    )


_KINDS = (
    (stat.S_ISDIR, "en mapp"),
    (stat.S_ISCHR, "en enhet"),
    (stat.S_ISBLK, "en enhet"),
    (stat.S_ISFIFO, "ett rör (fifo)"),
    (stat.S_ISSOCK, "ett uttag (socket)"),
)


def read_bounded(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Refused with UnsafeFileError: a way out of `root` through a symbolic link (when `root` is
    given), anything but a regular file (a device such as /dev/zero or a pipe would be read
    without end, and open() of a pipe waits for a writer: it is opened without waiting), and a
    file larger than `limit` (`size` says how large). An OSError is the system's own refusal.
    """
    if root is not None:
        refuse_link_out(path, root)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "ingen vanlig fil")
            raise UnsafeFileError(f"det är {kind}, inte en vanlig fil; bara vanliga filer läses")
        if info.st_size > limit:
            raise UnsafeFileError(_too_large(info.st_size, limit), size=info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while it was read
        raise UnsafeFileError(_too_large(len(data), limit), size=len(data))
    return data


def _too_large(size: int, limit: int) -> str:
    unit, scale = ("MB", 1024 * 1024) if limit >= 10 * 1024 * 1024 else ("kB", 1024)
    return f"filen är {-(-size // scale)} {unit}; gränsen är {limit // scale} {unit}"


def tree_files(folder: Path, root: Path, suffix: str = ".yaml") -> list[Path]:
    """Every file under `folder` whose name ends with `suffix`, in a stable order, and every
    symbolic link to a folder out of `root`: such a link is refused when it is read
    (`read_bounded`), never passed over unsaid. A link to a folder inside the repository is
    not followed, as `Path.rglob` does not follow it."""
    if link_out(folder, root) is not None:
        return [folder]
    found: list[Path] = []
    for here, folders, files in os.walk(folder):
        base = Path(here)
        for name in folders:
            path = base / name
            if name.endswith(suffix) or (path.is_symlink() and link_out(path, root)):
                found.append(path)
        found += [base / name for name in files if name.endswith(suffix)]
    return sorted(found)


def name_not_utf8(path: Path) -> str | None:
    """`path` as text with each byte that is not UTF-8 written `\\xNN`, when it has one; else
    None. A file name is bytes, and Python holds the bytes that are not UTF-8 as lone
    surrogates, which no message or file can be written with."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return None


def plain_name(name: object, *, nested: bool = True) -> bool:
    """Whether `name` names a file inside a folder and nothing else: relative, no `.` or `..`,
    no empty part, no backslash or control character; with `nested`, in a subfolder too
    (`uppfoljning/x.docx`). A name from a file the tool reads back (a manifest) is trusted
    only if it is plain."""
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return False
    parts = name.split("/")
    if len(parts) > 1 and not nested:
        return False
    return all(part not in ("", ".", "..") for part in parts)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def display_path(path: Path, base: Path | None = None) -> Path:
    """`path` relative to the working directory when it lies below it, as people typed it
    (below it as written, or once its links are followed)."""
    base = base or Path.cwd()
    for here, top in (
        (os.path.abspath(path), os.path.abspath(base)),
        (path.resolve(), base.resolve()),
    ):
        try:
            return Path(here).relative_to(top)
        except ValueError:
            continue
    return path


def normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


MB = 1024 * 1024


def unpacked_problem(
    archive: zipfile.ZipFile, *, total: int, part: int, what: str, part_word: str
) -> str | None:
    """Why a zip (an .xlsx form, a .docx template) is not to be unpacked, in Swedish, or None.

    Asked before anything parses it: the whole must unpack to at most `total` bytes and each
    XML part to at most `part` (parsed, XML takes about ten times its size in memory). The
    sizes are the zip's own, which are a bound: `zipfile` never unpacks more than a part says
    it holds, and a part that holds more fails its checksum. `what` names the file ("en
    blankett") and `part_word` one of its parts ("ett blad i en blankett").
    """
    infos = archive.infolist()
    if sum(info.file_size for info in infos) > total:
        return f"filen packas upp till mer än {total // MB} MB; {what} är mycket mindre"
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size > part:
            size = -(-info.file_size // MB)
            return (
                f"{info.filename} packas upp till {size} MB; {part_word} är högst {part // MB} MB"
            )
    return None


_OS_ERRORS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "lagringskvoten är slut",
    errno.EACCES: "åtkomst nekas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EEXIST: "det finns redan",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.EMFILE: "för många öppna filer",
    errno.ELOOP: "för många symboliska länkar i rad",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong with a file, in Swedish (the system's own words are English)."""
    known = _OS_ERRORS.get(exc.errno or -1)
    if known is not None:
        return known
    name = errno.errorcode.get(exc.errno or -1)
    return f"fel från operativsystemet ({name})" if name else "fel från operativsystemet"
