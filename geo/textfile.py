r"""Reading text inputs safely: bytes to text, and a folder's files without leaving the folder.

:func:`decode_text` is the one decoder of articles and dataset CSV files. A file is
read as UTF-8 when it is UTF-8 (with or without a byte-order mark), as UTF-16 or
UTF-32 when a byte-order mark says so, and otherwise line by line, so that one stray
Windows byte spoils its own line and not every accent of the file:

>>> decode_text("a.txt", "Rāwah\n".encode() + "“Anah”\n".encode("cp1252"))
'Rāwah\n“Anah”\n'

:func:`folder_files` lists a folder as the build reads it: links are never followed
(a link could bring ``/etc/passwd`` into ``articles.csv``), each skipped one gets a
one-line note naming it and the reason.
"""

from __future__ import annotations

import codecs
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order on a line that is not UTF-8: cp1252 (Windows, the common case: curly quotes, dashes)
# leaves five bytes undefined, which Latin-1 reads (it reads every byte).
_LINE_FALLBACKS = ("cp1252", "latin-1")
_SAMPLE = 8192  # the binary test looks at the start of the file, as `file` does
_MAX_CONTROL_SHARE = 0.10
_TEXT_CONTROLS = frozenset("\t\n\x0c\r")


def decode_text(name: str, data: bytes, advice: str = "save it as UTF-8 text") -> str:
    """Bytes of a text file to text, or a one-line :class:`InputError` for binary data.

    Why not a detector such as charset-normalizer: it picks one encoding for the
    whole file, so a UTF-8 file with one cp1252 byte is still read wholly as cp1252
    and every correct accent becomes mojibake. Here only the line holding the stray
    byte is read another way, and nothing is guessed for files that are valid UTF-8.
    ``advice`` ends the binary message (what the user should do instead).

    >>> decode_text("a.txt", b"\\xef\\xbb\\xbfDeir ez-Zor")
    'Deir ez-Zor'
    >>> decode_text("a.txt", "Raqqa".encode("utf-16"))
    'Raqqa'
    >>> decode_text("x.txt", b"\\x00\\x01PK")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: x.txt: file is binary, not text (NUL bytes); save it as UTF-8 text
    """
    text = _by_bom(name, data)
    if text is None:
        if b"\x00" in data:
            raise InputError(name, f"file is binary, not text (NUL bytes); {advice}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    if "\x00" in text:
        raise InputError(name, f"file is binary, not text (NUL characters); {advice}")
    if control_share(text[:_SAMPLE]) > _MAX_CONTROL_SHARE:
        raise InputError(name, f"file is binary, not text (mostly control characters); {advice}")
    return text


def _by_bom(name: str, data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                if encoding == "utf-8-sig":  # a UTF-8 mark with a stray byte after it: read it as an unmarked file
                    return "".join(_decode_line(line) for line in data[len(bom) :].splitlines(keepends=True))
                raise InputError(name, f"file starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()}; save it as UTF-8") from None
    return None


def text_lines(name: str, handle, advice: str = "save it as UTF-8 text", progress=None) -> Iterator[str]:
    r"""The lines of a binary file handle as text, one at a time (memory bounded by the longest line).

    What :func:`decode_text` does for a whole file: a byte-order mark picks UTF-8, UTF-16 or
    UTF-32; otherwise each line is UTF-8, or cp1252 when that one line is not. NUL bytes mean a
    binary file (a one-line :class:`InputError`). ``progress(bytes_read)`` is told every 8 MB.

    >>> import io
    >>> list(text_lines("a.csv", io.BytesIO(b"\xef\xbb\xbfa,b\nR\xe2wah,1\n")))
    ['a,b\n', 'Râwah,1\n']
    """
    head = handle.read(4)
    for bom, encoding in _BOMS:
        if head.startswith(bom) and encoding != "utf-8-sig":
            wrapped = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, handle)), encoding=encoding, newline="")
            for line in wrapped:
                if "\x00" in line:
                    raise InputError(name, f"file is binary, not text (NUL characters); {advice}")
                yield line
            return
    first = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    done, reported = len(head), 0
    *complete, pending = first.split(b"\n")  # the bytes read ahead: whole lines, then the start of the next
    for raw in complete:
        yield _checked_line(name, raw + b"\n", advice)
    for raw in handle:
        raw = pending + raw if pending else raw
        pending = b""
        done += len(raw)
        if progress is not None and done - reported >= 8 << 20:
            progress(done)
            reported = done
        yield _checked_line(name, raw, advice)
    if pending:  # a file of fewer than five bytes and no line end
        yield _checked_line(name, pending, advice)


def _checked_line(name: str, raw: bytes, advice: str) -> str:
    if b"\x00" in raw:
        raise InputError(name, f"file is binary, not text (NUL bytes); {advice}")
    return _decode_line(raw)


class _Prefixed(io.RawIOBase):
    """A raw stream that gives ``prefix`` first, then the rest of ``handle`` (the bytes read to look for a mark)."""

    def __init__(self, prefix: bytes, handle):
        self._prefix, self._handle = prefix, handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            size = min(len(buffer), len(self._prefix))
            buffer[:size], self._prefix = self._prefix[:size], self._prefix[size:]
            return size
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _LINE_FALLBACKS:
        try:
            return line.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def control_share(text: str) -> float:
    """The share of control characters other than tab, newline, form feed and carriage return.

    >>> control_share("ab\\x01\\x02")
    0.5
    """
    control = sum(1 for char in text if char < " " and char not in _TEXT_CONTROLS)
    return control / max(1, len(text))


def folder_files(folder: Path, suffixes: tuple[str, ...], within: Path | None = None) -> tuple[list[Path], list[str]]:
    """The regular files of ``folder`` with one of ``suffixes``, by name, and a note per skipped link.

    Hidden files and other suffixes are passed over silently, as before. A link (to a
    file or to a folder, inside the folder or not) is never followed, and neither is
    anything whose real path is outside ``within`` (default: the folder itself); each
    gets one line: ``"<file>: skipped: a link to outside the folder; ..."``. A folder
    that is itself a link out of ``within`` is not listed at all.
    """
    folder = Path(folder)
    root = Path(within if within is not None else folder).resolve()
    if not folder.is_dir():
        return [], []
    if within is not None and (folder.is_symlink() or not folder.resolve().is_relative_to(root)):
        return [], [str(InputError(str(folder), f"skipped: {_link_reason(folder, root)}; links are not followed, put the files themselves there"))]
    files: list[Path] = []
    notes: list[str] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_symlink() or not child.resolve().is_relative_to(root):
            notes.append(str(InputError(str(child), f"skipped: {_link_reason(child, root)}; links are not followed, copy the file itself in")))
            continue
        if child.suffix.lower() in suffixes and child.is_file():
            files.append(child)
    return files, notes


def _link_reason(path: Path, root: Path) -> str:
    if not path.exists():
        return "a broken link"
    if path.is_dir():
        return "a link to a folder"
    if not path.resolve().is_relative_to(root):
        return "a link to outside the folder"
    return "a link"


def escaped(text: str) -> str:
    r"""``text`` on one line for a terminal: control, format and line-separator characters as ``\n``-style escapes.

    A file name may hold a newline or an escape sequence; printed as it is, it would
    forge lines in the CLI's output.

    >>> print(escaped("x.txt\nrejected: all fine"))
    x.txt\nrejected: all fine
    >>> escaped("Rāwah, “Anah”\t\x1b[31m")
    'Rāwah, “Anah”\\t\\x1b[31m'
    """
    return "".join(char if char.isprintable() or unicodedata.category(char) == "Zs" else _escape(char) for char in text)


def _escape(char: str) -> str:
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")
