"""The command line ends without Python's teardown, and owes nothing when it does.

:func:`benchlearn.cli.leave` runs the exit handlers and flushes the standard
streams, then ends the process with the command's code; where another thread
still runs or the code is a message, Python ends as usual. Each case runs in a
process of its own: the handlers of this one (pytest's) must not run here.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_the_exit_handlers_run_and_the_streams_are_flushed_before_the_process_ends() -> None:
    done = _run(
        "import atexit, sys\n"
        "from benchlearn.cli import leave\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "print('written', end=' ')\n"
        "print('to stderr', end='', file=sys.stderr)\n"
        "leave(SystemExit(4))\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (4, "written handler ran\n", "to stderr")


def test_no_code_is_success() -> None:
    done = _run("from benchlearn.cli import leave\nprint('x')\nleave(SystemExit(None))\n")
    assert (done.returncode, done.stdout) == (0, "x\n")


def test_a_message_as_the_code_is_printed_by_python_with_exit_code_1() -> None:
    done = _run("from benchlearn.cli import leave\nleave(SystemExit('stopped here'))\n")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "stopped here\n")


def test_a_thread_still_running_is_waited_for_as_python_waits() -> None:
    done = _run(
        "import threading, time\n"
        "from benchlearn.cli import leave\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "leave(SystemExit(5))\n"
    )
    assert (done.returncode, done.stdout) == (5, "thread done\n")


def test_a_command_ends_with_its_code_and_its_whole_output() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchlearn", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: benchlearn [OPTIONS] COMMAND [ARGS]...")
    assert done.stdout.endswith("\n") and done.stderr == ""
    usage = subprocess.run(
        [sys.executable, "-m", "benchlearn", "rank", "--bogus"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert usage.returncode == 2
    assert usage.stderr.endswith(
        "Error: No such option '--bogus'. (Did you mean one of: '--boundaries', '--out'?)\n"
    )
