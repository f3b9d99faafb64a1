#!/usr/bin/env python3
"""fuzz-trace.py [--running ENV] RING.bin... - print the fuzzer's trace rings (struct
fz_ring in userland/fuzz/fuzz.h: head, phead, the worker's env id, then
40 own-thread and 16 PCT-handler records of 72 bytes) as the fuzzer
itself prints them, for rings dumped from a machine that stopped
(scripts/fuzz.sh --replay).  --running names the env that was running
on the hart that stopped: its last call is the one that stopped it.
System call names and argument counts come from kernel/syscalls.tbl,
recipe names from the recipe tables in userland/fuzz/calls*.c (in
the order calls.c numbers them)."""
import os
import re
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OWN, PCT, REC = 40, 16, struct.Struct("<IHBB7Qq")
PENDING, RESUMED, RECOVER = 2, 4, 8


def syscalls():
    names, nargs = {}, {}
    with open(os.path.join(ROOT, "kernel", "syscalls.tbl")) as f:
        for line in f:
            cols = line.split()
            if len(cols) == 4 and not line.startswith("#"):
                names[int(cols[0])] = cols[1]
                nargs[int(cols[0])] = int(cols[2]) + (cols[1] in ("pct_sync", "pct_async"))
    return names, nargs


def recipes():
    out = []
    for name in ("calls.c", "calls_sleep.c", "calls_mem.c"):
        with open(os.path.join(ROOT, "userland", "fuzz", name)) as f:
            out += re.findall(r'\{ "([a-z_]+)", SYS_', f.read())
    return out


def show(w, rec, names, nargs, recs):
    seq, nr, recipe, flags, *rest = REC.unpack(rec)
    args, ret = rest[:7], rest[7]
    n = nargs.get(nr, 6)
    text = ", ".join("%x" % a for a in args[:n])
    kind = "pct#" if flags & 1 else "#"
    rname = recs[recipe] if recipe < len(recs) else "?"
    if flags & PENDING:
        print("fuzz: w%d %s%d %s(%s) ... [%s]" % (w, kind, seq, names.get(nr, "?"), text, rname))
        return
    note = " (resumed)" if flags & RESUMED else " (faulted, recovered)" if flags & RECOVER else ""
    print("fuzz: w%d %s%d %s(%s) = %d%s [%s]" % (w, kind, seq, names.get(nr, "?"), text, ret,
                                              note, rname))


def main():
    names, nargs = syscalls()
    recs = recipes()
    args, running = sys.argv[1:], None
    if args[:1] == ["--running"]:
        running, args = int(args[1]), args[2:]
    for w, path in enumerate(args):
        data = open(path, "rb").read()
        head, phead, env = struct.unpack_from("<III", data)
        print("fuzz: w%d is env %d%s" % (w, env, " (it was running when the machine stopped)"
                                        if env == running else ""))
        for count, size, base, label in ((head, OWN, 16, "its last %d calls"),
                                         (phead, PCT, 16 + OWN * REC.size,
                                          "its PCT handler's last %d calls")):
            n = min(count, size)
            if not n:
                continue
            print("fuzz: w%d: %s (the last may not have returned):" % (w, label % n))
            for i in range(count - n, count):
                off = base + (i % size) * REC.size
                show(w, data[off:off + REC.size], names, nargs, recs)


if __name__ == "__main__":
    main()
