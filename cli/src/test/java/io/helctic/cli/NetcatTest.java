package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host's netcat (OpenBSD's, Debian's netcat-openbsd) both ways (issue 16): listening under
 * Helctic with a native nc sending to it, and connecting under Helctic to a server in this JVM
 * that answers. `./test` installs netcat-openbsd; in CI a missing one fails the test.
 */
class NetcatTest {
    static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LANG=C");

    record Run(String out, String err, int status) {}

    static Run helctic(byte[] stdin, String... argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            BootConfig c = BootConfig.of(Path.of(argv[0]), List.of(argv), ENV).withMemory(512L << 20)
                    .withConsole(new ByteArrayInputStream(stdin), o, e).withStrace(System.getenv("NC_STRACE") != null);
            int status = Kernel.run(c);
            return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void ncListensUnderHelcticForANativeNc() throws Exception {
        Path nc = RuntimesTest.tool("/usr/bin/nc", "/bin/nc.openbsd");
        int port = freePort();
        CompletableFuture<Run> listener = CompletableFuture.supplyAsync(() -> {
            try {
                return helctic(new byte[0], nc.toString(), "-l", "127.0.0.1", Integer.toString(port));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        String message = "hello from a native nc\nsecond line\n";
        int status = -1;
        for (int tries = 0; tries < 300 && status != 0; tries++) { // until the guest listens
            Process p = new ProcessBuilder(nc.toString(), "-N", "127.0.0.1", Integer.toString(port))
                    .redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(message.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException refused) {
                // it already gave up: the guest was not listening yet
            }
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            status = p.exitValue();
            if (status != 0) Thread.sleep(100);
        }
        assertThat(status).as("the native nc connected").isZero();
        Run r = listener.get(60, TimeUnit.SECONDS);
        assertThat(r.out()).isEqualTo(message);
        assertThat(r.status()).as("stderr: %s", r.err()).isZero();
    }

    @Test
    void ncConnectsUnderHelcticToANativeServer() throws Exception {
        Path nc = RuntimesTest.tool("/usr/bin/nc", "/bin/nc.openbsd");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    out.write("greetings from the JVM\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String got = new String(in.readAllBytes(), StandardCharsets.UTF_8); // until nc's -N shutdown
                    return got;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] data = "sent by nc under Helctic\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
            Run r = helctic(data, nc.toString(), "-N", "127.0.0.1", Integer.toString(server.getLocalPort()));
            assertThat(r.status()).as("stderr: %s", r.err()).isZero();
            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(new String(data, StandardCharsets.UTF_8));
            assertThat(r.out()).isEqualTo("greetings from the JVM\n");
            assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        }
    }

    /** A guest connects to a socket file a host program bound (the JDK's UNIX-domain channel in this JVM). */
    @Test
    void ncConnectsUnderHelcticToAHostProgramsUnixSocket(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path nc = RuntimesTest.tool("/usr/bin/nc", "/bin/nc.openbsd");
        Path sock = tmp.resolve("host.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (var c = server.accept()) {
                    c.write(java.nio.ByteBuffer.wrap("from the host program\n".getBytes(StandardCharsets.UTF_8)));
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
                    while (c.read(b.clear()) > 0) got.write(b.array(), 0, b.position());
                    return got.toString(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] data = "through a host socket file\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
            Run r = helctic(data, nc.toString(), "-N", "-U", sock.toString());
            assertThat(r.status()).as("stderr: %s", r.err()).isZero();
            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(new String(data, StandardCharsets.UTF_8));
            assertThat(r.out()).isEqualTo("from the host program\n");
            assertThat(r.status()).as("stderr: %s", r.err()).isZero();
        }
    }
}
