"""Kernels for the runner, forked from a server that has already imported the heavy modules.

A fresh Python kernel spends most of a short notebook's time starting: importing ipykernel,
pandas, matplotlib and this package (about 4 s of 5 here). `serve` imports them once and then
forks one kernel per request, so every notebook still runs in a process of its own (its own
pid, working directory, environment and memory, nothing shared with the previous notebook) but
starts in milliseconds. Only imports happen before the fork: no data is read, no figure made,
no cache filled, so a forked kernel is in the state a fresh kernel is in after those imports.
What differs, and why it does not matter here: the preloaded modules are in every kernel's
`sys.modules`, so the cache counts them as imported by every notebook (more re-execution,
never less); environment variables read at import (CLAIMBOOK_ROOT, MPLBACKEND) come from the
server's environment, which is the runner's, as the kernels' is; the hash seed and numpy's
global random state are the server's (no page draws random numbers, and figures are checked
byte for byte against a fresh kernel's).

`launch` is the command jupyter_client starts in place of `python -m ipykernel_launcher`: it
hands the connection file, working directory, environment and standard streams to the server
and stands in for the forked kernel (signals forwarded, its exit status returned). When no
server can be reached it becomes the ordinary kernel (exec of the original command).

This module imports only the standard library at the top: `launch` runs once per notebook.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

# The environment variable naming the server's socket; set by `server()` for the runner.
ADDRESS = "CLAIMBOOK_KERNEL_SERVER"
# What the server imports once, before forking: all a notebook imports at its first cell.
PRELOAD = ("ipykernel.kernelapp", "pandas", "matplotlib.pyplot", "claimbook.pages")
# The kernel command the server can stand in for (anything else runs as it is).
IPYKERNEL = ["-m", "ipykernel_launcher"]
# Beside the socket when the server could not import what it preloads: clients start fresh.
FAILED = ".failed"
# The signals `launch` passes on to its kernel (jupyter_client interrupts and terminates).
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# How long `launch` waits for a server that is still importing, in seconds.
CONNECT_TIMEOUT = 60.0
# The server's working directory (sys.path[0] under `python -m`), dropped in its kernels.
_server_cwd = os.getcwd()


# --- the server ------------------------------------------------------------------------------


def preload() -> list[str]:
    """Import what every kernel needs, as a fresh kernel would (inline plots by default).

    Returns the project files opened for reading meanwhile (see `inputs.opened_input`): a module
    that reads data when imported reads it here, once, so every kernel records it as its own.
    """
    import importlib

    from claimbook import inputs

    opened: list[str] = []
    collecting = [True]

    def watch(event: str, args: tuple) -> None:
        path = inputs.opened_input(event, args) if collecting else None
        if path is not None:
            opened.append(str(path))

    sys.addaudithook(watch)
    # ipykernel sets this before any user code imports matplotlib; do the same before importing.
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for name in PRELOAD:
        importlib.import_module(name)
    collecting.clear()
    return sorted(set(opened))


def serve(address: str) -> None:
    """Import the heavy modules, then fork a kernel for every connection to `address`.

    A request is a JSON object (`argv`, `cwd`, `env`) with the client's stdin, stdout and stderr
    passed along as file descriptors. The reply is `pid <n>` at once and `exit <code>` when the
    kernel ends. A client that goes away kills its kernel; the server ends when its parent does
    or on SIGTERM, killing its kernels. If it cannot start or fails, it leaves `<address>.failed`
    so that clients start fresh kernels at once.
    """
    parent = os.getppid()
    try:
        preloaded = preload()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        partial = address + ".part"
        listener.bind(partial)
        listener.listen(16)
        os.rename(partial, address)  # clients connect only once the imports are done
        _serve(listener, address, parent, preloaded)
    except BaseException:  # noqa: BLE001 - kernels then start fresh and show any error in a cell
        traceback.print_exc()
        with open(address + FAILED, "w", encoding="utf-8"):
            pass
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)
        raise SystemExit(1) from None


def _serve(listener: socket.socket, address: str, parent: int, preloaded: list[str]) -> NoReturn:
    """The server's loop: accept requests, fork kernels, reap them, follow its parent."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    kernels: dict[int, socket.socket] = {}

    def stop(*_: object) -> NoReturn:
        for pid in kernels:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(address)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ)
    sel.register(wake_r, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                close = [listener, wake_r, wake_w, sel, *kernels.values()]
                pid = _fork_kernel(conn, close, preloaded)
                if pid:
                    kernels[pid] = conn
                    sel.register(conn, selectors.EVENT_READ)
            elif key.fileobj == wake_r:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 512)
            else:  # a client wrote or hung up: it is gone, so is its kernel
                conn = key.fileobj
                try:
                    alive = bool(conn.recv(64))
                except OSError:
                    alive = False
                if not alive:
                    sel.unregister(conn)
                    for pid, c in kernels.items():
                        if c is conn:
                            with contextlib.suppress(ProcessLookupError):
                                os.kill(pid, signal.SIGKILL)
        _reap(kernels, sel)
        if os.getppid() != parent:
            stop()


def _reap(kernels: dict[int, socket.socket], sel: selectors.BaseSelector) -> None:
    """Collect ended kernels and tell each one's client its exit status."""
    while kernels:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = kernels.pop(pid, None)
        if conn is None:
            continue
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
        with contextlib.suppress(KeyError, ValueError):
            sel.unregister(conn)
        conn.close()


def _fork_kernel(conn: socket.socket, close: list, preloaded: list[str]) -> int:
    """Read one request and fork its kernel; returns the kernel's pid (0 if none was started)."""
    fds: list[int] = []
    try:
        head, fds, _, _ = socket.recv_fds(conn, 16, 3)
        while 0 < len(head) < 16:
            more = conn.recv(16 - len(head))
            if not more:
                break
            head += more
        size = int(head.decode())
        body = b""
        while len(body) < size:
            chunk = conn.recv(size - len(body))
            if not chunk:
                raise ValueError("request cut short")
            body += chunk
        request = json.loads(body)
    except (OSError, ValueError) as e:
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError):
            conn.sendall(f"error {e}\n".encode())
        conn.close()
        return 0
    pid = os.fork()
    if pid == 0:  # the kernel: whatever happens, it never returns into the server's loop
        try:
            signal.set_wakeup_fd(-1)
            for thing in [*close, conn]:
                with contextlib.suppress(OSError):
                    thing.close() if hasattr(thing, "close") else os.close(thing)
            _run_kernel(request, fds, preloaded)
        finally:
            os._exit(1)
    for fd in fds:
        os.close(fd)
    try:
        conn.sendall(f"pid {pid}\n".encode())
    except OSError:  # the client is gone already: so is its kernel
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return pid


def _run_kernel(request: dict, fds: list[int], preloaded: list[str]) -> NoReturn:
    """In the forked child: become the client's kernel; never returns.

    Once the kernel has answered its shutdown request, every output has been sent: the process
    then ends at once (os._exit), without the interpreter's atexit handlers and finalisers,
    which take a second or more here and sometimes outlast jupyter_client's patience (it sends
    SIGTERM after 2.5 s). Nothing a run leaves waits for them: `inputs` records after each cell.
    """
    try:
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        # ipykernel read JPY_PARENT_PID when the server imported it: name the parent again, so
        # that the kernel ends with the server and prints no "connect to this kernel" banner.
        sys.argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        # What the server read while importing, this kernel has read too (for the cache).
        from claimbook import inputs

        listing = os.environ.get(inputs.ENV)
        if listing and preloaded:
            with open(listing, "a", encoding="utf-8") as f:
                f.writelines(f"{path}\n" for path in preloaded)
        # As ipykernel_launcher: the server's working directory is not on the kernel's path.
        if sys.path and sys.path[0] in ("", _server_cwd):
            del sys.path[0]
    except BaseException:  # noqa: BLE001 - a kernel that cannot be set up says why and ends
        traceback.print_exc()
        os._exit(1)
    from ipykernel import kernelapp

    code = 0
    try:
        kernelapp.launch_new_instance()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr like any kernel's
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(BaseException):
            stream.flush()
    os._exit(code)


@contextlib.contextmanager
def server(log: Path | None = None) -> Iterator[str]:
    """Run a kernel server for the duration of the block; yields its socket address.

    Sets CLAIMBOOK_KERNEL_SERVER for this process (and the workers it starts) meanwhile. The
    server's own output (a failed import, say) goes to `log`, or is discarded.
    """
    # A short folder: a socket's path must stay under 108 bytes, whatever TMPDIR is.
    folder = tempfile.mkdtemp(prefix="claimbook-", dir="/tmp" if os.path.isdir("/tmp") else None)
    address = os.path.join(folder, "socket")
    with open(log or os.devnull, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimbook.kernels", "serve", address],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
        )
    before = os.environ.get(ADDRESS)
    os.environ[ADDRESS] = address
    try:
        yield address
    finally:
        if before is None:
            os.environ.pop(ADDRESS, None)
        else:
            os.environ[ADDRESS] = before
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for name in ("socket", "socket.part", "socket" + FAILED):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


# --- the client ------------------------------------------------------------------------------


def launch(command: list[str]) -> int:
    """Stand in for the kernel `command`: have the server fork it, or exec the command itself.

    Only `<this Python> -m ipykernel_launcher ...` is forked: a kernel spec naming another
    interpreter runs as it is. Signals are forwarded to the kernel (those arriving before its
    pid is known, once it is); a kernel killed by a signal ends this process with that signal.
    """
    address = os.environ.get(ADDRESS)
    same_python = os.path.realpath(command[0]) == os.path.realpath(sys.executable)
    if not address or not same_python or command[1:3] != IPYKERNEL:
        os.execv(command[0], command)
    conn = _connect(address)
    if conn is None:
        print(
            f"claimbook.kernels: no kernel server at {address}; starting a fresh kernel",
            file=sys.stderr,
        )
        os.execv(command[0], command)
    kernel: list[int] = []  # the kernel's pid, once known
    pending: list[int] = []  # signals that arrived before it was

    def forward(signum: int, _: object) -> None:
        if not kernel:
            pending.append(signum)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(kernel[0], signum)

    for sig in FORWARDED:
        signal.signal(sig, forward)
    request = json.dumps(
        {"argv": command[2:], "cwd": os.getcwd(), "env": dict(os.environ)}
    ).encode()
    socket.send_fds(conn, [f"{len(request):<16}".encode()], [0, 1, 2])
    conn.sendall(request)
    stream = conn.makefile("r")
    reply = stream.readline().split()
    if len(reply) != 2 or reply[0] != "pid":
        print(f"claimbook.kernels: the server refused: {' '.join(reply)}", file=sys.stderr)
        return 1
    kernel.append(int(reply[1]))
    for signum in pending:
        forward(signum, None)
    reply = stream.readline().split()
    code = int(reply[1]) if len(reply) == 2 and reply[0] == "exit" else 1
    if code < 0:  # killed by a signal: end the same way, as the kernel process itself would
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


def _connect(address: str) -> socket.socket | None:
    """Connect to the server, waiting while it imports (its socket appears when it is ready)."""
    deadline = time.monotonic() + CONNECT_TIMEOUT
    folder = os.path.dirname(address)
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(address)
            return conn
        except ConnectionRefusedError:  # the socket is there but nobody listens: server gone
            conn.close()
            return None
        except FileNotFoundError:  # still importing, or failed
            conn.close()
            gone = not os.path.isdir(folder) or os.path.exists(address + FAILED)
            if gone or time.monotonic() > deadline:
                return None
            time.sleep(0.02)


def manager_class():  # noqa: ANN201 - jupyter_client is imported only when asked for
    """A KernelManager that starts `python -m ipykernel_launcher` kernels through `launch`."""
    from jupyter_client.manager import KernelManager

    class ForkingKernelManager(KernelManager):
        """Starts the kernel through `claimbook.kernels launch` (see the module docstring)."""

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            cmd = super().format_kernel_cmd(extra_arguments)
            return [sys.executable, "-m", "claimbook.kernels", "launch", *cmd]

    return ForkingKernelManager


def main(argv: list[str]) -> int:
    """`python -m claimbook.kernels serve ADDRESS` or `launch COMMAND...`."""
    if len(argv) == 2 and argv[0] == "serve":
        serve(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "launch":
        return launch(argv[1:])
    print("usage: python -m claimbook.kernels serve ADDRESS | launch COMMAND...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
