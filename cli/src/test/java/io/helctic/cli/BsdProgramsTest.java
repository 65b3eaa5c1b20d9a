package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real FreeBSD and NetBSD programs (issue 18): esbuild's FreeBSD and NetBSD builds, statically
 * linked Go programs from the npm registry (fetched at test time, never committed), run under
 * Helctic's FreeBSD and NetBSD personalities, must do what its Linux build does natively: the
 * same version line, and the same bundle of a TypeScript project, byte for byte, with the same
 * exit status.
 */
class BsdProgramsTest {
    @TempDir Path tmp;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"freebsd-x64", "netbsd-x64"})
    void esbuildsBsdBuildPrintsItsVersionAsTheLinuxOneNatively(String platform) throws Exception {
        Path linux = RuntimesTest.esbuild(), bsd = RuntimesTest.esbuild(platform);
        RuntimesTest.Run n = RuntimesTest.natively(tmp, List.of(linux.toString(), "--version"));
        RuntimesTest.Run h = RuntimesTest.helctic(tmp, List.of(bsd.toString(), "--version"));
        assertThat(n.out()).isEqualTo(RuntimesTest.ESBUILD + "\n");
        assertThat(h.out()).isEqualTo(n.out());
        assertThat(h.status()).isEqualTo(n.status()).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"freebsd-x64", "netbsd-x64"})
    void esbuildsBsdBuildBundlesATypeScriptProjectAsTheLinuxOneNatively(String platform) throws Exception {
        Path linux = RuntimesTest.esbuild(), bsd = RuntimesTest.esbuild(platform);
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("lib.ts"), """
                export type Shape = { kind: "circle"; r: number } | { kind: "square"; side: number };
                export function greet(name: string): string { return `hello, ${name}`; }
                export function area(s: Shape): number {
                  switch (s.kind) { case "circle": return Math.PI * s.r ** 2; case "square": return s.side * s.side; }
                }
                export enum Colour { Red = "red", Green = "green" }
                export class Counter { private n = 0; inc(): number { return ++this.n; } }
                """);
        Files.writeString(src.resolve("main.ts"), """
                import { greet, Shape, area, Colour, Counter } from "./lib";
                const shapes: Shape[] = [{ kind: "circle", r: 2 }, { kind: "square", side: 3 }];
                for (const s of shapes) console.log(greet(s.kind), area(s).toFixed(2), Colour.Green);
                const c = new Counter(); c.inc();
                export default { shapes, n: c.inc() };
                """);
        List<String> args = List.of("src/main.ts", "--bundle", "--minify", "--sourcemap", "--format=esm", "--log-level=warning");
        RuntimesTest.Run n = RuntimesTest.natively(tmp, cmd(linux, args, "out-linux/main.js"));
        RuntimesTest.Run h = RuntimesTest.helctic(tmp, cmd(bsd, args, "out-bsd/main.js"));
        assertThat(n.status()).as("native: %s", n.out()).isZero();
        assertThat(h.out()).isEqualTo(n.out());
        assertThat(h.status()).isEqualTo(n.status());
        byte[] js = Files.readAllBytes(tmp.resolve("out-linux/main.js"));
        assertThat(new String(js)).contains("hello, ");
        assertThat(Files.readAllBytes(tmp.resolve("out-bsd/main.js"))).isEqualTo(js);
        assertThat(Files.readAllBytes(tmp.resolve("out-bsd/main.js.map")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("out-linux/main.js.map")));
    }

    private static List<String> cmd(Path exe, List<String> args, String out) {
        List<String> c = new java.util.ArrayList<>();
        c.add(exe.toString());
        c.addAll(args);
        c.add("--outfile=" + out);
        return c;
    }
}
