#!/usr/bin/env python3
"""term.py - drive the exos console as a person at a terminal would.

    term.py [--log FILE] [--timeout SEC] [qemu-run.sh options] KERNEL -- SCRIPT

Boots KERNEL with scripts/qemu-run.sh (all options but --log and
--timeout pass through) and runs SCRIPT, one step a line:

    expect REGEX      wait until the screen (everything printed since the
                      last expect matched) matches the Python regex
    send TEXT         type TEXT (Python string escapes: \\r is Enter,
                      \\x03 Ctrl-C, \\x1b[A the up arrow), a key every 20 ms
    sendraw TEXT      the same, all at once (a flood)
    sleep SEC         wait
    # ...             a comment

An expect that times out prints the screen and fails the run.  The exit
status is QEMU's (from qemu-run.sh) when every step passed, 99 if one
failed.  Every byte QEMU printed goes to --log.
"""
import codecs
import os
import re
import subprocess
import sys
import time


class Screen:
    """QEMU's console output, read as it comes, with what is unmatched."""

    def __init__(self, proc, log):
        self.proc, self.log, self.buf, self.pending = proc, log, b"", b""
        os.set_blocking(proc.stdout.fileno(), False)

    def pump(self, wait):
        end = time.time() + wait
        while True:
            try:
                data = self.proc.stdout.read()
            except BlockingIOError:
                data = None
            if data:
                self.log.write(data)
                self.log.flush()
                self.buf += data
                self.pending += data
            if time.time() >= end or self.proc.poll() is not None:
                return
            time.sleep(0.01)

    def expect(self, regex, timeout):
        pat = re.compile(regex.encode(), re.S | re.M)
        end = time.time() + timeout
        while time.time() < end:
            self.pump(0.05)
            m = pat.search(self.pending)
            if m:
                self.pending = self.pending[m.end():]
                return True
            if self.proc.poll() is not None:
                self.pump(0)
                m = pat.search(self.pending)
                if m:
                    self.pending = self.pending[m.end():]
                    return True
                return False
        return False


def main():
    args = sys.argv[1:]
    log_path, timeout, step_timeout = "/dev/null", 120, 30
    run = []
    while args and args[0] != "--":
        if args[0] == "--log":
            log_path = args[1]
            args = args[2:]
        elif args[0] == "--timeout":
            timeout = int(args[1])
            args = args[2:]
        else:
            run.append(args.pop(0))
    script = args[1] if len(args) > 1 else ""
    here = os.path.dirname(os.path.abspath(__file__))
    qemu_run = os.path.join(here, "..", "..", "scripts", "qemu-run.sh")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([qemu_run, "--timeout", str(timeout), "--keyboard"] + run,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        scr = Screen(proc, log)
        ok = True
        for n, line in enumerate(script.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "expect":
                if not scr.expect(rest, step_timeout):
                    print("term.py: step %d: no match for %r; screen since the last match:\n%s"
                          % (n, rest, scr.pending.decode("utf-8", "replace")[-2000:]))
                    ok = False
                    break
            elif word in ("send", "sendraw"):
                keys = codecs.decode(rest, "unicode_escape").encode("latin-1")
                for i in range(0, len(keys), 1 if word == "send" else len(keys) or 1):
                    chunk = keys[i:i + (1 if word == "send" else len(keys))]
                    proc.stdin.write(chunk)
                    proc.stdin.flush()
                    if word == "send":
                        scr.pump(0.02)
            elif word == "sleep":
                scr.pump(float(rest))
            elif word == "timeout":
                step_timeout = float(rest)
            else:
                print("term.py: step %d: unknown word %r" % (n, word))
                ok = False
                break
        if not ok:
            proc.kill()
            proc.wait()
            return 99
        proc.stdin.close()
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = 124
        scr.pump(0)
        return rc


if __name__ == "__main__":
    sys.exit(main())
