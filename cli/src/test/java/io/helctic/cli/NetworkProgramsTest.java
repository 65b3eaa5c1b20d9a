package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real programs on the host's network (issue 16): the host's CPython serving a directory with
 * http.server under Helctic to the host's own curl, the host's curl under Helctic fetching from
 * and posting to a server in this JVM, and the --net policies through the command line.
 */
class NetworkProgramsTest {
    @TempDir Path tmp;

    /** What a guest writes, kept as it comes, so a test can wait for a line. */
    static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits for {@code p} in what was written: its first group. */
        synchronized String await(Pattern p, long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (true) {
                Matcher m = p.matcher(text());
                if (m.find()) return m.group(1);
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new AssertionError("no " + p + " in: " + text());
                wait(left);
            }
        }
    }

    /** An input that gives nothing until released, then end of file. */
    static final class Gate extends InputStream {
        private final CountDownLatch open = new CountDownLatch(1);

        void release() { open.countDown(); }

        @Override
        public int read() throws IOException {
            try {
                open.await();
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : read();
        }
    }

    record Run(byte[] out, String err, int status) {
        String text() { return new String(out, StandardCharsets.UTF_8); }
    }

    /** A host program under Helctic, in {@code tmp}, with HostProgramsTest's environment. */
    Run helctic(String... argv) throws Exception {
        Sink out = new Sink(), err = new Sink();
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
            BootConfig c = BootConfig.of(Path.of(argv[0]), new ArrayList<>(List.of(argv)), HostProgramsTest.ENV)
                    .withMemory(1L << 30).withConsole(InputStream.nullInputStream(), o, e).withCwd(tmp);
            int status = Kernel.run(c);
            return new Run(out.bytes.toByteArray(), err.text(), status);
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * python3 -m http.server under Helctic (CPython's socketserver: bind to port 0, listen,
     * select, accept, recv, sendfile-less writes of 200 KB, shutdown, close) serves a native
     * curl: the files come out as they are on disk, a missing one is a 404, the listing lists
     * them, and the server logs each request.
     */
    @Test
    void pythonHttpServerUnderHelcticServesANativeCurl() throws Exception {
        byte[] data = randomBytes(200_000, 16);
        Files.write(tmp.resolve("data.bin"), data);
        Files.writeString(tmp.resolve("hello.txt"), "hello from a guest's web server\n");
        Path py = Path.of("/usr/bin/python3").toRealPath();
        assertThat(py).as("python3 (./test installs python3-minimal)").isExecutable();
        Sink out = new Sink(), err = new Sink();
        Gate stdin = new Gate();
        // the shell stops the server when its input ends (a background job's input is /dev/null)
        List<String> argv = List.of("/bin/sh", "-c", py + " -u -S -m http.server 0 --bind 127.0.0.1 & read line; kill $!; wait $!");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
                return Kernel.run(BootConfig.of(Path.of("/bin/sh"), argv, HostProgramsTest.ENV).withMemory(1L << 30)
                        .withConsole(stdin, o, e).withCwd(tmp));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try {
            String port = out.await(Pattern.compile("Serving HTTP on 127\\.0\\.0\\.1 port (\\d+) "), 120_000);
            String url = "http://127.0.0.1:" + port;
            HostProgramsTest.Run got = HostProgramsTest.natively(tmp, "/usr/bin/curl", "-sS", "--max-time", "60", "-o",
                    "got.bin", url + "/data.bin");
            assertThat(got.status()).as("curl's status").isZero();
            assertThat(Files.readAllBytes(tmp.resolve("got.bin"))).as("the file as served").isEqualTo(data);
            assertThat(HostProgramsTest.natively(tmp, "/usr/bin/curl", "-sS", "--max-time", "60", url + "/hello.txt").out())
                    .isEqualTo("hello from a guest's web server\n");
            assertThat(HostProgramsTest.natively(tmp, "/usr/bin/curl", "-s", "--max-time", "60", "-o", "/dev/null", "-w",
                    "%{http_code}", url + "/missing").out()).isEqualTo("404");
            assertThat(HostProgramsTest.natively(tmp, "/usr/bin/curl", "-sS", "--max-time", "60", url + "/").out())
                    .contains("<a href=\"data.bin\">data.bin</a>", "<a href=\"hello.txt\">hello.txt</a>");
        } finally {
            stdin.release();
        }
        assertThat(run.get(60, TimeUnit.SECONDS)).as("the shell's status: python's, killed by SIGTERM").isEqualTo(143);
        assertThat(err.text()).contains("\"GET /data.bin HTTP/1.1\" 200", "\"GET /missing HTTP/1.1\" 404");
    }

    /** A small HTTP/1.0-style server in this JVM: GET /data, POST /echo, 404 otherwise; one connection at a time. */
    static final class TinyServer implements AutoCloseable {
        final ServerSocket socket;
        private final Thread thread;
        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

        TinyServer(byte[] data) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        serve(s, data);
                    } catch (IOException e) {
                        // the next one
                    }
                }
            });
        }

        int port() { return socket.getLocalPort(); }

        private void serve(Socket s, byte[] data) throws IOException {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return;
                head.write(b);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            requests.add(h.substring(0, h.indexOf("\r\n")));
            Matcher len = Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
            byte[] body = len.find() ? in.readNBytes(Integer.parseInt(len.group(1))) : new byte[0];
            byte[] reply;
            String status = "200 OK";
            if (h.startsWith("GET /data ")) reply = data;
            else if (h.startsWith("POST /echo ")) reply = body;
            else {
                status = "404 Not Found";
                reply = "no such thing\n".getBytes(StandardCharsets.US_ASCII);
            }
            OutputStream o = s.getOutputStream();
            o.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + reply.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            o.write(reply);
            o.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }

    /**
     * The host's curl under Helctic (libcurl: a non-blocking connect polled to completion,
     * SO_ERROR, TCP_NODELAY and keepalive options, poll, send and recv) against a server in this
     * JVM: 300 KB come out byte for byte, a POST body goes and comes back, and a refused
     * connection is curl's status 7 exactly as natively.
     */
    @Test
    void hostCurlUnderHelcticFetchesFromANativeServer() throws Exception {
        byte[] data = randomBytes(300_000, 61);
        try (TinyServer server = new TinyServer(data)) {
            String url = "http://127.0.0.1:" + server.port();
            Run get = helctic("/usr/bin/curl", "-sS", "--max-time", "60", url + "/data");
            assertThat(get.status()).as("curl's status; stderr: %s", get.err()).isZero();
            assertThat(get.out()).as("the body").isEqualTo(data);
            Run post = helctic("/usr/bin/curl", "-sS", "--max-time", "60", "--data-binary", "posted by a guest", url + "/echo");
            assertThat(post.text()).isEqualTo("posted by a guest");
            Run missing = helctic("/usr/bin/curl", "-s", "--max-time", "60", "-o", "/dev/null", "-w", "%{http_code}",
                    url + "/nothing");
            assertThat(missing.text()).isEqualTo("404");
            assertThat(server.requests).contains("GET /data HTTP/1.1", "POST /echo HTTP/1.1", "GET /nothing HTTP/1.1");
        }
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        String[] refused = {"/usr/bin/curl", "-sS", "--max-time", "60", "http://127.0.0.1:" + dead + "/"};
        HostProgramsTest.Run nat = HostProgramsTest.natively(tmp, refused);
        Run emu = helctic(refused);
        assertThat(nat.status()).as("curl's status for a refused connection").isEqualTo(7);
        assertThat(emu.status()).isEqualTo(nat.status());
        assertThat(emu.err()).contains("Failed to connect to 127.0.0.1 port " + dead);
    }

    /** --net=loopback: only the loopback addresses (a wildcard bind lands on 127.0.0.1, shown as asked). */
    @Test
    void theLoopbackPolicyKeepsTheGuestOnThisHost() {
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--net=loopback", Guests.path("inet").toString(), "loopback");
        assertThat(r.out()).isEqualTo("""
                connect off the loopback: ENETUNREACH
                bind off the loopback: EADDRNOTAVAIL
                bind 0.0.0.0: 0
                name: family 2 len 16 0.0.0.0
                listen: 0
                connect to it on 127.0.0.1: 0
                sendto off the loopback: ENETUNREACH
                sendto off the loopback (v6): ENETUNREACH
                sendto ::1: 1
                unix sockets still work: 1
                """);
        assertThat(r.status()).isZero();
    }

    /** --net=none: no internet sockets at all; a policy the command does not know is a usage error. */
    @Test
    void theNonePolicyRefusesInternetSockets() {
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--net=none", Guests.path("inet").toString(), "none");
        assertThat(r.out()).isEqualTo("AF_INET: EACCES\nAF_INET6: EACCES\nAF_UNIX: 1\n");
        CommandLineTest.Result bad = CommandLineTest.helctic("run", "--net=everywhere", Guests.path("inet").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("helctic: --net must be host, loopback or none\n");
    }

    /**
     * glibc's DNS resolver under Helctic (it gives up when its UDP socket refuses IP_RECVERR, so
     * every name not in /etc/hosts once failed): the host's getent, with its libc, in a root of
     * its own whose resolv.conf names a DNS server this test runs on 127.0.0.1:53 (root: the
     * port is privileged; CI is root), resolves a name only that server knows.
     */
    @Test
    void glibcsResolverAsksADnsServer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(BtrfsRootTest.root(),
                "needs root to serve DNS on port 53 (CI runs as root)");
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (String f : List.of("/usr/bin/getent", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2")) {
            Path to = root.resolve(f.substring(1));
            Files.createDirectories(to.getParent());
            Files.copy(Path.of(f), to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 127.0.0.1\noptions attempts:1 timeout:5\n");
        Files.writeString(root.resolve("etc/nsswitch.conf"), "hosts: dns\n");
        Files.writeString(root.resolve("etc/hosts"), "");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.DatagramSocket dns = new java.net.DatagramSocket(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 53))) {
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                byte[] b = new byte[512];
                while (!dns.isClosed()) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(b, b.length);
                    try {
                        dns.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                    asked.incrementAndGet();
                    byte[] reply = dnsReply(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    try {
                        dns.send(new java.net.DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", root.toString(), "/usr/bin/getent", "ahostsv4",
                    "helctic.test");
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).isEqualTo("192.0.2.7       STREAM helctic.test\n192.0.2.7       DGRAM  \n192.0.2.7       RAW    \n");
            assertThat(r.status()).isZero();
            r = CommandLineTest.helctic("run", "--root", root.toString(), "/usr/bin/getent", "ahostsv4", "unknown.test");
            assertThat(r.status()).as("a name the server does not know").isEqualTo(2);
            assertThat(asked.get()).isGreaterThanOrEqualTo(2);
            server.interrupt();
        }
    }

    /** One A record (192.0.2.7) for helctic.test; NXDOMAIN for any other name or type. */
    private static byte[] dnsReply(byte[] q) {
        int end = 12;
        while (end < q.length && q[end] != 0) end += (q[end] & 0xff) + 1;
        int qtype = end + 2 < q.length ? ((q[end + 1] & 0xff) << 8) | (q[end + 2] & 0xff) : 0;
        String name = new String(q, 12, Math.max(0, end - 12), StandardCharsets.ISO_8859_1);
        boolean known = name.equals("\u0007helctic\u0004test") && qtype == 1;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81);
        out.write(known ? 0x80 : 0x83); // a response, recursion available; NOERROR or NXDOMAIN
        out.writeBytes(new byte[] {0, 1, 0, (byte) (known ? 1 : 0), 0, 0, 0, 0});
        out.write(q, 12, end + 5 - 12); // the question: name, type, class
        if (known) out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 7});
        return out.toByteArray();
    }
}
