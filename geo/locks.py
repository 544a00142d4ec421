"""Locks between processes and threads, with a timeout and a message naming the holder.

Built on ``filelock`` (portable: ``fcntl`` on POSIX, ``msvcrt`` on Windows). The kernel
releases a lock when its process dies, so a build killed with ``kill -9`` never blocks
the next one; a holder that is alive but stuck (stopped, hung) makes the next writer
wait :data:`LOCK_TIMEOUT_S` seconds and then fail with one line saying who holds it.

>>> import tempfile, pathlib
>>> with locked(pathlib.Path(tempfile.mkdtemp()) / ".demo.lock", "a demo"):
...     pass
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import BusyError

LOCK_TIMEOUT_S = float(os.environ.get("CONFLICT_MAP_LOCK_TIMEOUT", "120"))


def _holder_path(path: Path) -> Path:
    return path.with_name(path.name + ".holder")


@contextmanager
def locked(path: Path, what: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock file ``path`` while the block runs; ``what`` says what for, to whoever waits.

    Raises :class:`~geo.errors.BusyError` after ``timeout`` seconds (default
    :data:`LOCK_TIMEOUT_S`, ``$CONFLICT_MAP_LOCK_TIMEOUT``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = LOCK_TIMEOUT_S if timeout is None else timeout
    lock = FileLock(str(path), timeout=wait, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = _holder_path(path).read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            holder = "another process"
        raise BusyError(f"{path}: held by {holder} for over {wait:.0f} s; wait for it, or stop that process and try again") from None
    try:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with suppress(OSError):  # a read-only folder still locks; only the holder's name is lost
            _holder_path(path).write_text(f"process {os.getpid()} on {socket.gethostname()} since {stamp} ({what})", encoding="utf-8")
        yield
    finally:
        _holder_path(path).unlink(missing_ok=True)
        lock.release()


@contextmanager
def reading(path: Path, what: str, timeout: float | None = None) -> Iterator[bool]:
    """Like :func:`locked`, for a reader: in a folder it may not write (a read-only deployment) it
    reads without the lock rather than not at all. Yields whether the lock is held."""
    with ExitStack() as stack:
        try:
            stack.enter_context(locked(path, what, timeout))
            held = True
        except OSError:  # the folder cannot hold a lock file; a stuck writer still raises BusyError
            held = False
        yield held
