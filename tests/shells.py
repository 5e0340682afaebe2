"""Shells driven as a user drives them, for the completion tests: a terminal, keys typed, Tab, Enter.

``openai-kb`` on their PATH is a stand-in that writes each call's arguments to a log (one JSON list
a line) and then runs this worktree's ``python -m openai_kb.cli``: a test sees how often the
completion script ran the command, with what, and which arguments a command line typed with Tab
gave the program.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson

__all__ = ["Shell", "calls", "install_stand_in"]

ROOT = Path(__file__).resolve().parents[1]
READY = "READY"  # printed as R, EADY joined, so the echo of the typed command never shows it
_TIMEOUT = 30.0
# Run by a new Python in a new session: make standard input its controlling terminal (fish needs
# one), then become the shell. No fork of the test process itself, which may have threads.
_TAKE_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); os.execv(sys.argv[1], sys.argv[1:])"
)


def install_stand_in(folder: Path) -> Path:
    """A bin folder in ``folder`` holding the ``openai-kb`` stand-in; its calls go to ``folder/calls.log``."""
    bin_folder = folder / "bin"
    bin_folder.mkdir()
    stand_in = bin_folder / "openai-kb"
    stand_in.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"with open({str(folder / 'calls.log')!r}, 'a', encoding='utf-8') as log:\n"
        "    log.write(__import__('json').dumps(sys.argv[1:]) + '\\n')\n"
        f"os.environ['PYTHONPATH'] = {str(ROOT)!r}\n"
        f"os.execv(sys.executable, [sys.executable, '-m', 'openai_kb.cli', *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    stand_in.chmod(0o755)
    return bin_folder


def calls(folder: Path) -> list[list[str]]:
    """The arguments of every call of the stand-in so far, in order."""
    log = folder / "calls.log"
    if not log.exists():
        return []
    return [orjson.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


class Shell:
    """An interactive bash, zsh or fish on a pseudo-terminal in ``folder``, with the stand-in first on PATH."""

    def __init__(self, name: str, folder: Path) -> None:
        program = shutil.which(name)
        assert program is not None, name
        self.folder = folder
        bin_folder = install_stand_in(folder)
        home = folder / "home"
        home.mkdir()
        env = {
            "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(home),
            "TERM": "dumb",
            "LANG": "C.UTF-8",
            "INPUTRC": "/dev/null",
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        argv = {
            "bash": [program, "--norc", "--noprofile", "-i"],
            "zsh": [program, "-f", "-i"],
            "fish": [program, "--no-config", "-i"],
        }[name]
        self.fd, terminal = pty.openpty()
        self.process = subprocess.Popen(  # in a new session whose controlling terminal it makes the pty, then the shell
            [sys.executable, "-c", _TAKE_TERMINAL, *argv],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            cwd=folder,
            env=env,
            start_new_session=True,
        )
        os.close(terminal)
        self.output = b""

    def send(self, keys: str) -> None:
        """Type ``keys`` (``\\t`` is Tab, ``\\n`` Enter)."""
        os.write(self.fd, keys.encode("utf-8"))

    def read(self, seconds: float) -> None:
        """Read what the shell prints for ``seconds``."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the shell has exited
                    return
                if not chunk:
                    return
                self.output += chunk

    def run(self, command: str) -> None:
        """Type ``command`` and Enter, and wait until the shell has run it (it prints READY after it)."""
        before = len(self.output)
        self.send(f"{command}; printf 'R%s\\n' EADY\n")
        end = time.monotonic() + _TIMEOUT
        while READY.encode() not in self.output[before:] and time.monotonic() < end:
            self.read(0.1)
        assert READY.encode() in self.output[before:], self.output.decode("utf-8", "replace")

    def quiet(self, seconds: float = 0.3) -> None:
        """Read until the shell has printed nothing for ``seconds``."""
        end = time.monotonic() + _TIMEOUT
        while time.monotonic() < end:
            before = len(self.output)
            self.read(seconds)
            if len(self.output) == before:
                return

    def tab_then_enter(self, line: str) -> tuple[list[list[str]], list[str]]:
        """Type ``line``, Tab, then Enter: the calls the completion made, and the arguments the command got."""
        count = len(calls(self.folder))
        self.send(line + "\t")
        end = time.monotonic() + _TIMEOUT
        while len(calls(self.folder)) == count and time.monotonic() < end:
            self.read(0.1)
        self.quiet()  # the completion's call has ended and the shell has put the word on the line
        completing = calls(self.folder)[count:]
        self.send("\n")
        while len(calls(self.folder)) == count + len(completing) and time.monotonic() < end:
            self.read(0.1)
        self.quiet()
        ran = calls(self.folder)[count + len(completing) :]
        assert len(ran) == 1, self.output.decode("utf-8", "replace")
        return completing, ran[0]

    def close(self) -> None:
        """Leave the shell and wait for it."""
        self.send("exit\n")
        self.read(1.0)
        os.close(self.fd)
        try:
            self.process.wait(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
