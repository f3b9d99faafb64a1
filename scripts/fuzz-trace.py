#!/usr/bin/env python3
"""fuzz-trace.py [--running ENV] RING.bin... - print the fuzzer's trace rings (struct
fz_ring in userland/fuzz/fuzz.h: head, phead, the worker's env id, then
40 own-thread and 16 PCT-handler records of 72 bytes) as the fuzzer
itself prints them, for rings dumped from a machine that stopped
(scripts/fuzz.sh --replay).  --running names the env that was running
on the hart that stopped: its last call is the one that stopped it.
System call names and argument counts come from kernel/syscalls.tbl,
recipe names from the recipe tables in userland/fuzz/calls*.c (in
the order calls.c numbers them, the generic ones last)."""
import os
import re
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OWN, PCT, REC = 40, 16, struct.Struct("<IHBB7Qq")
PENDING, RESUMED, RECOVER = 2, 4, 8


def syscalls():
    """Names and argument counts of kernel/syscalls.tbl's rows
    (number name lock return (arguments) | = name)."""
    names, nargs = {}, {}
    with open(os.path.join(ROOT, "kernel", "syscalls.tbl")) as f:
        for line in f:
            m = re.match(r"\s*(\d+)\s+(\w+)\s+\w+\s+\w+\s+(.*)$", line)
            if not m or line.lstrip().startswith("#"):
                continue
            nr, name, args = int(m.group(1)), m.group(2), m.group(3).strip()
            names[nr] = name
            if args.startswith("="):
                nargs[nr] = nargs[[k for k, v in names.items() if v == args[1:].strip()][0]]
            else:
                inner = args.strip("()").strip()
                nargs[nr] = 0 if inner in ("", "void") else inner.count(",") + 1
    return names, nargs


def recipes(names):
    """The recipe names in calls.c's numbering: the tables, then a generic
    recipe (named as its call) for every row no table names."""
    out, named = [], set()
    for name in ("calls.c", "calls_sleep.c", "calls_mem.c", "calls_swr.c"):
        with open(os.path.join(ROOT, "userland", "fuzz", name)) as f:
            for recipe, call in re.findall(r'\{ "([a-z_]+)", SYS_([a-z_]+),', f.read()):
                out.append(recipe)
                named.add(call)
    return out + [names[nr] for nr in sorted(names) if names[nr] not in named]


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
    recs = recipes(names)
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
