package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The host side the SSE and MMX differential tests share: random cases for each form, written
 * as "form value..." lines and run through the compiled runner in {@code dir}, whose output
 * lines "form word..." are the host CPU's results; and the forms' code loaded into a
 * {@link TestMachine}, each followed by HLT.
 */
final class HostCases {
    final List<long[]> inputs = new ArrayList<>();
    final List<Integer> formOf = new ArrayList<>();
    final List<long[]> expected = new ArrayList<>();

    private HostCases() {}

    /** {@code casesOf(i)} cases of form i, each made by {@code input(i)}; {@code outWords + 1} words read back per case. */
    static HostCases run(Path dir, int forms, IntUnaryOperator casesOf, IntFunction<long[]> input, int outWords)
            throws IOException, InterruptedException {
        HostCases h = new HostCases();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < forms; i++) {
            for (int c = 0; c < casesOf.applyAsInt(i); c++) {
                long[] s = input.apply(i);
                h.inputs.add(s);
                h.formOf.add(i);
                in.append(i);
                for (long v : s) in.append(' ').append(Long.toHexString(v));
                in.append('\n');
            }
        }
        Path inFile = dir.resolve("cases.txt");
        Files.writeString(inFile, in);
        Process p = new ProcessBuilder(dir.resolve("runner").toString()).redirectInput(inFile.toFile())
                .redirectErrorStream(true).start();
        try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = br.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                long[] o = new long[outWords + 1];
                for (int k = 0; k <= outWords; k++) o[k] = Long.parseUnsignedLong(parts[k + 1], 16);
                h.expected.add(o);
            }
        }
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(h.expected).hasSize(h.inputs.size());
        return h;
    }

    /** Loads every form's code, each followed by HLT, at TestMachine.CODE; returns where each form starts. */
    static Map<Integer, Long> load(TestMachine m, int forms, IntFunction<byte[]> code) {
        Map<Integer, Long> at = new HashMap<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < forms; i++) {
            at.put(i, TestMachine.CODE + all.size());
            all.writeBytes(code.apply(i));
            all.write(0xF4);
        }
        m.load(TestMachine.CODE, all.toByteArray());
        return at;
    }
}
