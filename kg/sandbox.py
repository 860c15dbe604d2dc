"""Take the network away from the process that runs the query engine (Linux seccomp, no dependency).

Why: Oxigraph runs a query's SERVICE calls over HTTP itself, and pyoxigraph has no switch
to turn that off nor a parse-only call to find them; kg's own reading of the query text
(``kg.query.uses_service``) is a courtesy that a spelling it did not foresee would slip past.
So the worker processes of ``kg.engine`` install, before they open the store, a seccomp
filter under which ``socket()`` and ``socketpair()`` fail (EACCES) for every family but
AF_UNIX, and ``connect()`` and ``io_uring_setup()`` fail for all: no TCP or UDP, hence no
HTTP and no DNS. Pipes and the worker's own AF_UNIX pair keep working. The filter holds for
the process and every thread and child it starts afterwards, and cannot be lifted.

The filter is a small classic-BPF program on ``struct seccomp_data`` (nr at offset 0, arch
at 4, args[0] at 16): it checks the architecture first (a 32-bit or x32 syscall is refused
too: their numbers differ), then the syscall number.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct
import sys

# audit architecture, syscall numbers of (socket, socketpair, connect, io_uring_setup)
_ARCH = {
    "x86_64": (0xC000003E, (41, 53, 42, 425)),
    "aarch64": (0xC00000B7, (198, 199, 203, 425)),
}
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06      # classic BPF opcodes
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000                          # SECCOMP_RET_*
_X32_BIT = 0x40000000
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 1, 38, 22, 2


def _program(arch: int, numbers: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jump if true, jump if false, k); jumps count the instructions skipped."""
    sock, pair, connect, uring = numbers
    deny = _ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, 4),           # 0  A = arch
        (_JEQ_K, 1, 0, arch),           # 1  native -> 3
        (_RET_K, 0, 0, deny),           # 2  another ABI: refused
        (_LD_W_ABS, 0, 0, 0),           # 3  A = syscall number
        (_JGE_K, 5, 0, _X32_BIT),       # 4  x32 -> 10
        (_JEQ_K, 5, 0, sock),           # 5  -> 11 (family)
        (_JEQ_K, 4, 0, pair),           # 6  -> 11 (family)
        (_JEQ_K, 2, 0, connect),        # 7  -> 10
        (_JEQ_K, 1, 0, uring),          # 8  -> 10
        (_RET_K, 0, 0, _ALLOW),         # 9  anything else
        (_RET_K, 0, 0, deny),           # 10
        (_LD_W_ABS, 0, 0, 16),          # 11 A = args[0] (low word): the address family
        (_JEQ_K, 0, 1, socket.AF_UNIX),  # 12 AF_UNIX -> 13, else 14
        (_RET_K, 0, 0, _ALLOW),         # 13
        (_RET_K, 0, 0, deny),           # 14
    ]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> str | None:
    """Forbid this process network sockets from now on; checked by trying to open one.

    Returns:
        None when the filter is in place, else why it could not be installed (not Linux,
        an unknown architecture, seccomp unavailable): then nothing was changed.
    """
    if not sys.platform.startswith("linux"):
        return f"seccomp is Linux only (this is {sys.platform})"
    machine = platform.machine()
    if machine not in _ARCH:
        return f"no seccomp filter for the {machine} architecture"
    code = _program(*_ARCH[machine])
    buf = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *ins) for ins in code))
    prog = _Prog(len(code), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"seccomp is unavailable: {errno.errorcode.get(ctypes.get_errno(), '?')}"
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return None
    return "the seccomp filter was installed but a network socket still opens"    # pragma: no cover


def die_with_parent() -> None:
    """Have the kernel kill this process when the process that started it dies (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        import signal

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
