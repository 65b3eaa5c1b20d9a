"""Helctic against native and qemu-user in one run.

Each workload runs natively, under qemu-x86_64 and under ./helctic run, interleaved
(A B C A B C ...) so that machine noise hits all three alike, for several rounds. Every run's
output is checked (against an independent expectation or the native run's output): a wrong
answer is reported and never counts as a time. Prints medians and ratios to native.
"""
import argparse
import csv
import datetime
import gzip
import hashlib
import lzma
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "bench", "build")
BUSYBOX = "/bin/busybox"
LUA = "/usr/bin/lua5.4"
RUNNERS = ("native", "qemu", "helctic")
# Not run by default: Helctic with its translation tier off (-Dhelctic.jit=off), the interpreter alone.
EXTRA_RUNNERS = ("interp",)


class Workload:
    def __init__(self, name, argv, check, quick_argv=None, calls=None, stdin=None, client=None, helctic_opts=()):
        self.name = name
        self.argv = argv            # program and arguments (full size)
        self.quick_argv = quick_argv or argv
        self.check = check          # f(stdout bytes, native stdout bytes or None) -> error or None
        self.calls = calls          # (full, quick) syscall counts, for ns/call
        self.stdin = stdin
        self.client = client        # a server: f(port, quick) -> the native client's argv; the client's time counts
        self.helctic_opts = list(helctic_opts)  # options of ./helctic run for this workload alone (--root IMAGE)


def guest(name):
    return os.path.join(BUILD, "guests", name)


def same_as_native(out, ref):
    if ref is not None and out != ref:
        return "output differs from the native run: %r" % out[:200]
    return None


def expect_prefix(prefix):
    def check(out, ref):
        if not out.startswith(prefix):
            return "unexpected output %r" % out[:200]
        return same_as_native(out, ref)
    return check


def http_check(n):
    def check(out, ref):
        lines = out.split(b"\n")
        if len(lines) < 3 or not lines[0].startswith(b"httpd port ") \
                or lines[1] != b"httpd served %d requests" % n or not lines[2].startswith(b"httpload %d requests" % n):
            return "unexpected output %r" % out[:200]
    return check


def sha256_of(path):
    def check(out, ref):
        want = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if out.split()[:1] != [want.encode()]:
            return "wrong sha256: %r" % out[:100]
        return None
    return check


def decompresses_to(path, decompress, what):
    def check(out, ref):
        try:
            if decompress(out) != open(path, "rb").read():
                return "%s output does not decompress to the input" % what
        except Exception as e:  # noqa: BLE001 - any failure is a wrong answer
            return "%s output is not valid: %s" % (what, e)
        return None
    return check


def gunzips_to(path):
    return decompresses_to(path, gzip.decompress, "gzip")


def unxzs_to(path):
    return decompresses_to(path, lzma.decompress, "xz")


def equals(text):
    def check(out, ref):
        if out != text.encode():
            return "expected %r, got %r" % (text, out[:200])
        return None
    return check


def make_inputs(quick):
    os.makedirs(os.path.join(BUILD, "data"), exist_ok=True)
    big = os.path.join(BUILD, "data", "random-64m.bin")
    if not os.path.exists(big) or os.path.getsize(big) != 64 << 20:
        with open(big + ".tmp", "wb") as f:  # deterministic: sha256 in counter mode
            for i in range((64 << 20) // 32):
                f.write(hashlib.sha256(i.to_bytes(8, "little")).digest())
        os.replace(big + ".tmp", big)
    small = os.path.join(BUILD, "data", "random-1m.bin")
    if not os.path.exists(small):
        with open(big, "rb") as f, open(small, "wb") as g:
            g.write(f.read(1 << 20))
    text = os.path.join(BUILD, "data", "text-4m.txt")
    if not os.path.exists(text):  # compressible: words from a small vocabulary
        words = ("kernel personality syscall machine guest frame page table block decode "
                 "interpreter register flag memory trap signal context process thread").split()
        state, out, size = 1, [], 0
        while size < (4 << 20):
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            w = words[(state >> 33) % len(words)]
            sep = "\n" if (state >> 20) % 11 == 0 else " "
            out.append(w + sep)
            size += len(w) + 1
        with open(text, "w") as f:
            f.write("".join(out))
    text_small = os.path.join(BUILD, "data", "text-256k.txt")
    if not os.path.exists(text_small):
        with open(text, "rb") as f, open(text_small, "wb") as g:
            g.write(f.read(256 << 10))
    return big, small, text, text_small


def make_tree():
    """A tree of 16 x 16 directories of 16 small files each (4,352 names), and a tar of it."""
    import tarfile
    tree = os.path.join(BUILD, "data", "tree")
    tarball = os.path.join(BUILD, "data", "tree.tar")
    if not os.path.exists(tarball):
        shutil.rmtree(tree, ignore_errors=True)
        for a in range(16):
            for b in range(16):
                d = os.path.join(tree, "dir%02d" % a, "sub%02d" % b)
                os.makedirs(d)
                for c in range(16):
                    with open(os.path.join(d, "file%02d.txt" % c), "w") as f:
                        f.write("%d %d %d\n" % (a, b, c))
        with tarfile.open(tarball + ".tmp", "w", format=tarfile.USTAR_FORMAT) as t:
            t.add(tree, arcname="tree")
        os.replace(tarball + ".tmp", tarball)
    return tree, tarball


def make_image(paths):
    """A btrfs image (mkfs.btrfs --rootdir) holding busybox at /bin/busybox and the given host files and
    trees at their own absolute paths, so that one command line runs on the host's root and on the
    image's: --root IMAGE against the host directory root, both under Helctic. None without mkfs.btrfs."""
    mkfs = shutil.which("mkfs.btrfs") or next((p for p in ("/usr/sbin/mkfs.btrfs", "/sbin/mkfs.btrfs")
                                               if os.path.exists(p)), None)
    if mkfs is None:
        return None
    image = os.path.join(BUILD, "data", "root.btrfs")
    if os.path.exists(image) and all(os.path.getmtime(p) <= os.path.getmtime(image) for p in paths):
        return image
    stage = os.path.join(BUILD, "btrfs-root")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(os.path.join(stage, "bin"))
    shutil.copy2(BUSYBOX, os.path.join(stage, "bin", "busybox"))
    for p in paths:
        dest = stage + p
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if os.path.isdir(p):
            shutil.copytree(p, dest)
        else:  # a copy: mkfs.btrfs 6.2 --rootdir gives a hard-linked file the host's link count, which btrfs check calls wrong
            shutil.copy2(p, dest)
    if os.path.exists(image):
        os.remove(image)
    with open(image + ".tmp", "wb") as f:  # room to write in (bb-tar-x-btrfs), sparse
        f.truncate(1 << 30)
    subprocess.run([mkfs, "-q", "-f", "--rootdir", stage, image + ".tmp"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.replace(image + ".tmp", image)
    shutil.rmtree(stage, ignore_errors=True)
    return image


def workloads(quick):
    big, small, text, text_small = make_inputs(quick)
    tree, tarball = make_tree()
    image = make_image([big, small, tree, tarball])
    image_rw = None
    if image is not None:  # a copy to write in: the tarball unpacked into the image
        image_rw = os.path.join(BUILD, "data", "root-rw.btrfs")
        shutil.copyfile(image, image_rw)
    untar = os.path.join(BUILD, "untar")
    # path resolution: a walk of every name (lstat, getdents, open), and the creation of every name
    tar_x = 'rm -rf %s && mkdir %s && tar xf %s -C %s && echo done' % (untar, untar, tarball, untar)
    sh_loop = 'i=0; s=0; while [ $i -lt %d ]; do s=$((s + i %% 7)); i=$((i + 1)); done; echo $s'
    subshells = 'i=0; while [ $i -lt %d ]; do x=$(echo $i); i=$((i + 1)); done; echo $x'
    awk_prog = 'BEGIN { s = 0; for (i = 0; i < %d; i++) { s += (i * i) %% 1000; a[i %% 100] += i } print s, a[42] }'

    def sh_expect(n):
        return "%d\n" % sum(i % 7 for i in range(n))

    def awk_expect(n):
        s = sum((i * i) % 1000 for i in range(n))
        a42 = sum(i for i in range(n) if i % 100 == 42)
        return "%d %d\n" % (s, a42)

    w = [
        Workload("hash", [guest("hash")], expect_prefix(b"hash "), [guest("hash"), "4"]),
        Workload("crc", [guest("crc")], expect_prefix(b"crc "), [guest("crc"), "2"]),
        Workload("interp", [guest("interp")], expect_prefix(b"interp "), [guest("interp"), "200000"]),
        Workload("fp", [guest("fp")], expect_prefix(b"fp "), [guest("fp"), "120"]),
        Workload("qsort", [guest("qsort")], expect_prefix(b"qsort "), [guest("qsort"), "50000"]),
        Workload("getppid", [guest("getppid")], expect_prefix(b"getppid "), [guest("getppid"), "20000"],
                 calls=(1000000, 20000)),
        Workload("hello", [guest("hello")], equals("hello, world\n")),
        # event round trips under epoll: two threads through eventfds, two processes through pipes
        Workload("evt-threads", [guest("pingpong"), "100000", "threads"], expect_prefix(b"pingpong threads 100000 "),
                 [guest("pingpong"), "5000", "threads"], calls=(100000, 5000)),
        Workload("evt-procs", [guest("pingpong"), "100000", "procs"], expect_prefix(b"pingpong procs 100000 "),
                 [guest("pingpong"), "5000", "procs"], calls=(100000, 5000)),
        Workload("net-unix", [guest("pingpong"), "100000", "unix"], expect_prefix(b"pingpong unix 100000 "),
                 [guest("pingpong"), "5000", "unix"], calls=(100000, 5000)),
        Workload("net-tcp", [guest("pingpong"), "100000", "tcp"], expect_prefix(b"pingpong tcp 100000 "),
                 [guest("pingpong"), "5000", "tcp"], calls=(100000, 5000)),
        # an HTTP server under the runner, loaded by the native client over 8 keep-alive connections
        Workload("http", [guest("httpd"), "100000"], http_check(100000), [guest("httpd"), "2000"],
                 client=lambda port, q: [guest("httpload"), str(port), "2000" if q else "100000", "8"]),
        Workload("bb-sha256sum", [BUSYBOX, "sha256sum", big], sha256_of(big),
                 [BUSYBOX, "sha256sum", small]),
        Workload("bb-sh", [BUSYBOX, "sh", "-c", sh_loop % 20000], equals(sh_expect(20000)),
                 [BUSYBOX, "sh", "-c", sh_loop % 1000]),
        Workload("bb-gzip", [BUSYBOX, "gzip", "-9", "-c", text], gunzips_to(text),
                 [BUSYBOX, "gzip", "-9", "-c", text_small]),
        Workload("bb-awk", [BUSYBOX, "awk", awk_prog % 300000], equals(awk_expect(300000)),
                 [BUSYBOX, "awk", awk_prog % 10000]),
        Workload("bb-find", [BUSYBOX, "find", tree, "-type", "f", "-name", "*7*"], same_as_native),
        Workload("bb-tar-x", [BUSYBOX, "sh", "-c", tar_x], equals("done\n")),
        # a fork for every $(...): the same shell code run again in each child (shared translations)
        Workload("bb-subshell", [BUSYBOX, "sh", "-c", subshells % 300], equals("299\n"),
                 [BUSYBOX, "sh", "-c", subshells % 30]),
    ]
    # dynamically linked host programs (issue 19): interpreters, a compiler and a compressor
    lua_prog = ('local s, t = 0, {} for i = 1, %d do s = s + (i * i) %% 1000; t[i %% 100] = (t[i %% 100] or 0) + i end '
                'local w = {} for i = 1, 200 do w[#w + 1] = tostring(i) end print(s, t[42], #table.concat(w, ","))')
    py_prog = ('s = 0\nd = {}\nfor i in range(%d):\n    s += (i * i) %% 1000\n    d[i %% 100] = d.get(i %% 100, 0) + i\n'
               'print(s, d[42], len(",".join(str(i) for i in range(200))))')

    def lua_expect(n):
        s = sum((i * i) % 1000 for i in range(1, n + 1))
        t42 = sum(i for i in range(1, n + 1) if i % 100 == 42)
        return "%d\t%d\t%d\n" % (s, t42, len(",".join(str(i) for i in range(1, 201))))

    def py_expect(n):
        s = sum((i * i) % 1000 for i in range(n))
        d42 = sum(i for i in range(n) if i % 100 == 42)
        return "%d %d %d\n" % (s, d42, len(",".join(str(i) for i in range(200))))

    c_source = os.path.join(ROOT, "guests", "bench", "interp.c")
    w += [
        Workload("lua", [LUA, "-e", lua_prog % 1000000], equals(lua_expect(1000000)), [LUA, "-e", lua_prog % 20000]),
        Workload("python", ["/usr/bin/python3", "-S", "-c", py_prog % 300000], equals(py_expect(300000)),
                 ["/usr/bin/python3", "-S", "-c", py_prog % 5000]),
        # gcc's compiler proper, run as `gcc -O2 -S` runs it (its arguments from `gcc -###`): a program
        # gcc execs would run natively under qemu-user (see command()), cc1 itself is emulated by all
        Workload("cc1-O2", cc1_command(["-O2", "-S", "-o", "-", "-I", os.path.join(ROOT, "guests", "bench"), c_source]),
                 same_as_native),
        Workload("xz-9", ["/usr/bin/xz", "-9", "-c", text], unxzs_to(text), ["/usr/bin/xz", "-9", "-c", text_small]),
        # start-up of dynamically linked programs (issue 19's target: within 3x qemu-user's)
        Workload("start-ls", ["/bin/ls", "-la", os.path.join(ROOT, "guests", "bench")], same_as_native),
        Workload("start-sed", ["/bin/sed", "-E", "s/(int|long) ([a-z]+)/\\2:\\1/g", c_source], same_as_native),
        Workload("start-py", ["/usr/bin/python3", "-c", "pass"], equals("")),
    ]
    if image is not None:  # the same reads with a btrfs image as the root (Helctic only; native and qemu read the host's)
        w += [
            Workload("bb-sha256sum-btrfs", [BUSYBOX, "sha256sum", big], sha256_of(big), [BUSYBOX, "sha256sum", small],
                     helctic_opts=["--root", image, "--read-only"]),
            Workload("bb-find-btrfs", [BUSYBOX, "find", tree, "-type", "f", "-name", "*7*"], same_as_native,
                     helctic_opts=["--root", image, "--read-only"]),
            Workload("bb-tar-x-btrfs", [BUSYBOX, "sh", "-c", tar_x], equals("done\n"),
                     helctic_opts=["--root", image_rw]),
        ]
    else:
        print("bench: mkfs.btrfs is missing (apt-get install btrfs-progs): no btrfs-root workloads", file=sys.stderr)
    if quick:  # the quick checks must finish quickly; quick sizes for the cross-check too
        for x in w:
            x.argv = x.quick_argv
            if x.name == "bb-sh":
                x.check = equals(sh_expect(1000))
            elif x.name == "bb-awk":
                x.check = equals(awk_expect(10000))
            elif x.name == "bb-subshell":
                x.check = equals("29\n")
            elif x.name.startswith("bb-sha256sum"):
                x.check = sha256_of(small)
            elif x.name == "bb-gzip":
                x.check = gunzips_to(text_small)
            elif x.name == "http":
                x.check = http_check(2000)
            elif x.name == "lua":
                x.check = equals(lua_expect(20000))
            elif x.name == "python":
                x.check = equals(py_expect(5000))
            elif x.name == "xz-9":
                x.check = unxzs_to(text_small)
            elif x.name.startswith("evt-") or x.name.startswith("net-"):
                x.check = expect_prefix(b"pingpong " + x.name[4:].encode() + b" 5000 ")
        w = [x for x in w if x.name in ("hash", "interp", "qsort", "getppid", "hello", "evt-threads", "evt-procs", "net-unix", "net-tcp", "http",
                                        "bb-sha256sum", "bb-sh", "bb-subshell", "bb-find", "bb-sha256sum-btrfs", "bb-find-btrfs", "lua",
                                        "python")]
    return w


# qemu-user emulates the program it starts and the processes it forks, but a program they exec
# runs natively (binfmt_misc has no entry for the host's own ISA): a workload that execs (bb-tar-x's
# applets) is partly native in the qemu column. (So the compiler workload runs cc1 itself.)
def cc1_command(gcc_args):
    """The cc1 command line `gcc GCC_ARGS` would run (gcc -### prints it; the first line naming cc1)."""
    r = subprocess.run(["gcc", "-###"] + gcc_args, capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if "cc1" not in line:
            continue  # (the other lines are gcc's notes, not commands shlex should read)
        words = shlex.split(line)
        if words and os.path.basename(words[0]) == "cc1":
            return words
    sys.exit("bench: `gcc -###` names no cc1 (is gcc installed?):\n" + r.stderr)


def command(runner, argv, helctic_opts):
    if runner == "native":
        return argv
    if runner == "qemu":
        return ["qemu-x86_64"] + argv
    return [os.path.join(ROOT, "helctic"), "run"] + helctic_opts + argv


def environment(runner):
    if runner == "interp":
        return dict(os.environ, JAVA_TOOL_OPTIONS="-Dhelctic.jit=off")
    return None


def apt_install(package, why):
    """Installs a Debian package (as root, with apt-get), or exits saying what is missing."""
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing " + package, file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)
    else:
        sys.exit("bench: %s (apt-get install %s)" % (why, package))


def need_matplotlib():
    """Makes sure --plot can draw: matplotlib, installed when missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        apt_install("python3-matplotlib", "--plot needs matplotlib")


def build(runners, plot):
    if plot:  # what the end of a long run needs is installed before it starts
        need_matplotlib()
    guests_out = os.path.join(BUILD, "guests")
    subprocess.run(["make", "-s", "-C", os.path.join(ROOT, "guests"), "bench", "BENCH_OUT=" + guests_out],
                   check=True)
    if not os.path.exists(LUA):
        apt_install("lua5.4", "the lua workload needs Debian's lua5.4")
    if shutil.which("xz") is None:
        apt_install("xz-utils", "the xz-9 workload needs xz")
    if "qemu" in runners and shutil.which("qemu-x86_64") is None:
        apt_install("qemu-user", "qemu-x86_64 is missing, or use --runners native,helctic")
    if "helctic" in runners or "interp" in runners:  # first use builds the project; keep that out of the timings
        r = subprocess.run([os.path.join(ROOT, "helctic"), "run", guest("hello")], capture_output=True)
        if r.returncode != 0:
            sys.exit("bench: ./helctic run failed:\n" + r.stderr.decode(errors="replace"))


def run_served(cmd, client, timeout, env=None):
    """A server under the runner, loaded by a native client once it prints "... port N": the client's
    wall time (its own requests only, not the server's start-up), the server's and the client's
    output, and the first failure's status."""
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    try:
        first = server.stdout.readline()
        words = first.split()
        if len(words) < 3 or words[-2] != b"port":
            server.kill()
            _, err = server.communicate()
            return None, first, err, server.returncode or -1
        t0 = time.perf_counter()
        try:
            r = subprocess.run(client(int(words[-1])), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
            return None, b"", b"client timeout", -1
        secs = time.perf_counter() - t0
        try:
            out, err = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
            return None, out, b"server did not end", -1
        if r.returncode != 0:
            return secs, r.stdout, r.stderr, r.returncode
        return secs, first + out + r.stdout, err, server.returncode
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


PEAK_RSS = {}  # (workload, runner, round) -> the run's peak resident set in KiB


def run_once(cmd, timeout, env=None):
    """Runs cmd: its wall time (None on a timeout), stdout, stderr, exit status; its peak resident set
    (wait4's ru_maxrss: the JVM's own for ./helctic, which execs it) goes to run_once.rss."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    got = {}
    drains = [threading.Thread(target=lambda k=k, f=f: got.__setitem__(k, f.read())) for k, f in (("out", p.stdout), ("err", p.stderr))]
    for t in drains:
        t.start()
    killer = threading.Timer(timeout, p.kill)
    killer.start()
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    killer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in drains:
        t.join()
    # The child was forked (vforked) from this process, and exec records the high-water mark of the
    # memory it left: a peak at or below this process's own says only "at most that much".
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run_once.rss = usage.ru_maxrss if usage.ru_maxrss > floor else -floor
    if secs >= timeout:
        return None, b"", b"timeout", -1
    return secs, got.get("out", b""), got.get("err", b""), p.returncode


def fmt_time(s):
    if s is None:
        return "-"
    return "%.3f s" % s if s >= 1 else "%.1f ms" % (s * 1000)


def fmt_ratio(x):
    if x is None:
        return "-"
    return "%.1f×" % x if x >= 10 else "%.2f×" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="reduced set and sizes, one round: a smoke check")
    ap.add_argument("--rounds", type=int, help="rounds per workload (default 5, quick 1)")
    ap.add_argument("--only", help="comma-separated workload names")
    ap.add_argument("--runners", default=",".join(RUNNERS), help="comma-separated subset of native,qemu,helctic (default), "
                    "or interp: Helctic with its translation tier off")
    ap.add_argument("--csv", help="write every run and the medians to this CSV file")
    ap.add_argument("--plot", help="write a bar chart of the ratios to native to this PNG file")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run counts as failed")
    ap.add_argument("--helctic-opt", action="append", default=[], help="extra option for ./helctic run")
    ap.add_argument("--replot", metavar="CSV", help="only draw --plot from the medians of an earlier run's CSV")
    args = ap.parse_args()
    if args.replot:
        if not args.plot:
            sys.exit("bench: --replot needs --plot FILE")
        need_matplotlib()
        replot(args.replot, args.plot)
        return
    runners = [r for r in args.runners.split(",") if r]
    for r in runners:
        if r not in RUNNERS + EXTRA_RUNNERS:
            sys.exit("bench: unknown runner " + r)
    rounds = args.rounds or (1 if args.quick else 5)

    build(runners, args.plot)
    ws = workloads(args.quick)
    if args.only:
        names = args.only.split(",")
        ws = [w for w in ws if w.name in names]
    raw = []      # (workload, runner, round, seconds or None, error)
    failures = 0
    for w in ws:
        ref = None
        for rnd in range(rounds):
            for runner in runners:
                cmd = command("helctic" if runner == "interp" else runner, w.argv, args.helctic_opt + w.helctic_opts)
                if w.client:
                    secs, out, err, rc = run_served(cmd, lambda port: w.client(port, args.quick), args.timeout,
                                                    environment(runner))
                else:
                    secs, out, err, rc = run_once(cmd, args.timeout, environment(runner))
                    PEAK_RSS[(w.name, runner, rnd + 1)] = run_once.rss
                problem = None
                if secs is None:
                    problem = "timed out"
                elif rc != 0:
                    problem = "exit status %d: %s" % (rc, err.decode(errors="replace").strip()[-300:])
                else:
                    problem = w.check(out, ref)
                if runner == "native" and problem is None and ref is None:
                    ref = out
                if problem:
                    failures += 1
                    print("bench: %s under %s, round %d: %s" % (w.name, runner, rnd + 1, problem), file=sys.stderr)
                    secs = None
                raw.append((w.name, runner, rnd + 1, secs, problem or ""))
                print("  %-13s %-8s round %d  %s" % (w.name, runner, rnd + 1, fmt_time(secs)),
                      file=sys.stderr, flush=True)

    med = {}
    for w in ws:
        for runner in runners:
            times = [s for (n, r, _, s, _) in raw if n == w.name and r == runner and s is not None]
            med[(w.name, runner)] = statistics.median(times) if times else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    header = ["workload"] + ["%s" % r for r in runners]
    if "native" in runners:
        header += ["%s/native" % r for r in runners if r != "native"]
    if "qemu" in runners and "helctic" in runners:
        header += ["helctic/qemu"]
    rows = []
    for w in ws:
        row = [w.name] + [fmt_time(med[(w.name, r)]) for r in runners]
        if "native" in runners:
            row += [fmt_ratio(ratio(med[(w.name, r)], med[(w.name, "native")])) for r in runners if r != "native"]
        if "qemu" in runners and "helctic" in runners:
            row += [fmt_ratio(ratio(med[(w.name, "helctic")], med[(w.name, "qemu")]))]
        rows.append(row)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print("| " + " | ".join(h.ljust(n) for h, n in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (n + 2) for n in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(x).rjust(n) if i else str(x).ljust(n)
                                for i, (x, n) in enumerate(zip(row, widths))) + " |")

    rss = {}  # (workload, runner) -> median peak resident set, KiB
    for w in ws:
        for runner in runners:
            kb = [PEAK_RSS[(w.name, runner, i)] for i in range(1, rounds + 1) if (w.name, runner, i) in PEAK_RSS]
            if kb:
                rss[(w.name, runner)] = statistics.median(kb)
    if rss:
        print("peak resident memory, MiB (wait4's ru_maxrss, median of the rounds; \u2264N: at most the benchmark's own N,"
              " which a child's exec counts; a server's is not measured):")
        mh = ["workload"] + runners

        def mib(kb):
            return "%.0f" % (kb / 1024) if kb > 0 else "\u2264%.0f" % (-kb / 1024)
        mrows = [[w.name] + [mib(rss[(w.name, r)]) if (w.name, r) in rss else "-" for r in runners]
                 for w in ws if any((w.name, r) in rss for r in runners)]
        mw = [max(len(str(x)) for x in col) for col in zip(mh, *mrows)]
        print("| " + " | ".join(h.ljust(n) for h, n in zip(mh, mw)) + " |")
        print("|" + "|".join("-" * (n + 2) for n in mw) + "|")
        for row in mrows:
            print("| " + " | ".join(str(x).rjust(n) if i else str(x).ljust(n) for i, (x, n) in enumerate(zip(row, mw))) + " |")

    derived = []
    calls = {w.name: w.calls for w in ws if w.calls}
    unit = {"getppid": "call"}
    if "hello" in [w.name for w in ws]:
        for name, counts in calls.items():
            n = counts[1 if args.quick else 0]
            for r in runners:
                g, h = med.get((name, r)), med.get(("hello", r))
                if g is not None and h is not None:
                    ns = (g - h) / n * 1e9
                    derived.append((name, r, ns))
                    print("%-11s under %-8s %.0f ns per %s (%s minus hello, / %d)"
                          % (name, r, ns, unit.get(name, "round trip"), name, n))
        for name in calls:
            nat = [ns for (w, r, ns) in derived if w == name and r == "native"]
            for (w, r, ns) in derived:
                if w == name and r != "native" and nat and nat[0] > 0:
                    print("%-11s under %-8s %.1fx native per %s" % (name, r, ns / nat[0], unit.get(name, "round trip")))

    rates = []
    for w in ws:
        if w.client:
            n = 2000 if args.quick else 100000
            for r in runners:
                m = med.get((w.name, r))
                if m:
                    rates.append((w.name, r, n / m))
                    print("%-11s under %-8s %.0f requests per second (%d requests / the client's time)" % (w.name, r, n / m, n))
            if "qemu" in runners and "helctic" in runners and med.get((w.name, "qemu")) and med.get((w.name, "helctic")):
                print("%-11s helctic/qemu requests per second: %.2f" % (w.name, med[(w.name, "qemu")] / med[(w.name, "helctic")]))

    for w in ws:  # a btrfs image as the root against the host directory, both under Helctic
        base = w.name[:-len("-btrfs")] if w.name.endswith("-btrfs") else None
        for r in ("helctic", "interp"):
            if base and med.get((w.name, r)) and med.get((base, r)):
                print("%-11s under %-8s %.2fx the host directory root (%s)" % (w.name, r, med[(w.name, r)] / med[(base, r)], base))

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(["kind", "workload", "runner", "round", "seconds", "ratio_to_native", "error"])
            for (n, r, rnd, s, e) in raw:
                out.writerow(["run", n, r, rnd, "" if s is None else "%.6f" % s, "", e])
            for w in ws:
                for r in runners:
                    m = med[(w.name, r)]
                    rn = ratio(m, med.get((w.name, "native")))
                    out.writerow(["median", w.name, r, "", "" if m is None else "%.6f" % m,
                                  "" if rn is None else "%.3f" % rn, ""])
            for (w, r, ns) in derived:
                out.writerow(["ns_per_op", w, r, "", "%.1f" % ns, "", ""])
            for (w, r, rate) in rates:
                out.writerow(["requests_per_second", w, r, "", "%.0f" % rate, "", ""])
            for (w, r), kb in rss.items():
                out.writerow(["peak_rss_kib", w, r, "", "%.0f" % kb if kb > 0 else "<=%.0f" % -kb, "", ""])
    if args.plot:
        plot(args.plot, ws, runners, med)
    if failures:
        print("bench: %d run(s) failed or gave a wrong answer" % failures, file=sys.stderr)
        sys.exit(1)


def replot(csv_path, path):
    """The chart of an earlier run, from the medians its CSV holds (workloads and runners in its order)."""
    med, names, runners = {}, [], []
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "median":
                continue
            n, r = row["workload"], row["runner"]
            if n not in names:
                names.append(n)
            if r not in runners:
                runners.append(r)
            med[(n, r)] = float(row["seconds"]) if row["seconds"] else None
    if not med:
        sys.exit("bench: no medians in " + csv_path)
    day = os.path.basename(csv_path)[:10]
    plot(path, [Workload(n, [], None) for n in names], runners, med, day)


def plot(path, ws, runners, med, day=None):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("bench: --plot needs matplotlib (apt-get install python3-matplotlib)")
    others = [r for r in runners if r != "native"]
    names = [w.name for w in ws]
    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.9), 4.5))
    width = 0.8 / max(1, len(others))
    for k, r in enumerate(others):
        vals = []
        for n in names:
            a, b = med.get((n, r)), med.get((n, "native"))
            vals.append(a / b if a is not None and b else 0)
        xs = [i + (k - (len(others) - 1) / 2) * width for i in range(len(names))]
        bars = ax.bar(xs, vals, width, label=r)
        for x, v in zip(xs, vals):
            if v:
                ax.text(x, v, "%.0f" % v if v >= 10 else "%.1f" % v, ha="center", va="bottom", fontsize=7)
    ax.set_yscale("log")
    ax.set_ylabel("time / native (log scale)")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.axhline(1, color="grey", linewidth=0.8)
    ax.legend()
    ax.set_title("Helctic and qemu-user against native (%s, median)" % (day or datetime.date.today().isoformat()))
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
