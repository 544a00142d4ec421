"""Locks: a stuck holder makes the next writer fail with one line naming it; a dead one frees the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from support import ROOT

from geo.errors import BusyError
from geo.locks import locked

HOLD = """
import sys, time
from pathlib import Path
from geo.locks import locked
with locked(Path(sys.argv[1]), "a long rebuild"):
    print("holding", flush=True)
    time.sleep(60)
"""


def _holder(path):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_lock_held_too_long_fails_with_one_line_naming_the_holder(tmp_path):
    path = tmp_path / ".build.lock"
    process = _holder(path)
    try:
        started = time.monotonic()
        with pytest.raises(BusyError) as raised, locked(path, "a correction", timeout=0.5):
            pass
        assert time.monotonic() - started < 10
        message = str(raised.value)
        assert "\n" not in message and f"process {process.pid}" in message and "(a long rebuild)" in message
        assert message.startswith(f"{path}: held by") and "try again" in message
    finally:
        process.kill()
        process.wait()


def test_a_holder_killed_with_sigkill_frees_the_lock(tmp_path):
    path = tmp_path / ".build.lock"
    process = _holder(path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with locked(path, "the next build", timeout=2):
        assert (tmp_path / ".build.lock.holder").read_text(encoding="utf-8").startswith(f"process {os.getpid()} ")
    assert not (tmp_path / ".build.lock.holder").exists()


def test_a_reader_in_a_folder_it_cannot_write_reads_without_the_lock(tmp_path):
    from geo.locks import reading

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the lock's folder would be", encoding="utf-8")
    with reading(blocker / ".build.lock", "reading") as held:
        assert held is False
    with reading(tmp_path / ".build.lock", "reading") as held:
        assert held is True
