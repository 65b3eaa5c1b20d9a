package io.helctic.machine.cpu.jit;

import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * The class file of one translation: a final class with one superclass and a few methods,
 * written directly — the part of the JDK's class-file API the translation tier used, without its
 * cost at start-up.
 *
 * <p>Why: the class-file API is large code that HotSpot must compile while the guest starts. In a
 * {@code python3 -c pass} (about 280 translations) C2 spent 0.73 s on it (its stack-map generator
 * above all) in a 1.5 s run, on the core the guest's own compilations wait for, and building the
 * class files alone (not defining or running them) made the run ~200 ms slower than submitting
 * the same blocks and building nothing (medians of seven interleaved runs, 1.32 against 1.12 s);
 * part of that is the emitters' own code. Class files of version 49 need no StackMapTable
 * (HotSpot verifies them by type inference, still verifying every translation), so this writer
 * tracks only the operand-stack depth, for max_stack.
 *
 * <p>Code is emitted through CodeBuilder-like calls. A label is bound once; a branch uses a
 * 16-bit offset (a longer method fails to build: translations are far shorter, under HotSpot's
 * 8,000-byte HugeMethodLimit); code after goto, a return or athrow is unreachable until a label
 * some branch or exception range reaches, and a backward branch must go to a label bound in
 * reachable code (the stack depth there is then known). Misuse — a stack underflow, a depth
 * that differs between two paths to a label, an unbound label — throws IllegalStateException,
 * which the translation tier counts as a failed translation. Not thread-safe: one writer per
 * class file.
 */
public final class BytecodeWriter {
    /** A position in the code, bound once; branches to it before that are patched when it is. */
    public static final class Label {
        int pos = -1;
        /** The operand-stack depth at the label, from the first branch to it (or -1). */
        int depth = -1;
        /** Offsets of the branch instructions and of their 16-bit operands waiting for the position. */
        int[] fixups = new int[4];
        int nfixups;
    }

    private static final int CLASS_VERSION = 49;
    private static final int ACC_PUBLIC = 0x1, ACC_STATIC = 0x8, ACC_FINAL = 0x10, ACC_SUPER = 0x20, ACC_SYNTHETIC = 0x1000;

    // ---- the constant pool ----

    private final ByteBuf pool = new ByteBuf(1024);
    private int poolCount = 1;
    private final HashMap<Object, Integer> entries = new HashMap<>();

    /**
     * A constant-pool entry's identity. Not a record: a record's equals and hashCode are bound by
     * invokedynamic, whose first use spins method-handle classes (17 of them, on the translator
     * thread, in every run's first translation).
     */
    private static final class Key {
        final int tag;
        final Object a, b, c;

        Key(int tag, Object a, Object b, Object c) {
            this.tag = tag;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.tag == tag && java.util.Objects.equals(k.a, a) && java.util.Objects.equals(k.b, b)
                    && java.util.Objects.equals(k.c, c);
        }

        @Override
        public int hashCode() {
            return ((tag * 31 + java.util.Objects.hashCode(a)) * 31 + java.util.Objects.hashCode(b)) * 31 + java.util.Objects.hashCode(c);
        }
    }

    /** The index of the entry {@code key} names, or 0 when the pool has none yet. */
    private int existing(Object key) {
        Integer i = entries.get(key);
        return i == null ? 0 : i;
    }

    /** Records that the entry just written for {@code key} takes {@code slots} indices (a long two): its index. */
    private int added(Object key, int slots) {
        int at = poolCount;
        entries.put(key, at);
        poolCount += slots;
        return at;
    }

    private int utf8(String s) {
        int i = existing(s);
        if (i != 0) return i;
        pool.u1(1).utf(s);
        return added(s, 1);
    }

    private int classEntry(String internalName) {
        Key k = new Key(7, internalName, null, null);
        int i = existing(k);
        if (i != 0) return i;
        int name = utf8(internalName);
        pool.u1(7).u2(name);
        return added(k, 1);
    }

    private int classEntry(ClassDesc c) {
        String d = c.descriptorString();
        return classEntry(d.charAt(0) == 'L' ? d.substring(1, d.length() - 1) : d);
    }

    private int nameAndType(String name, String type) {
        Key k = new Key(12, name, type, null);
        int i = existing(k);
        if (i != 0) return i;
        int n = utf8(name), t = utf8(type);
        pool.u1(12).u2(n).u2(t);
        return added(k, 1);
    }

    private int member(int tag, ClassDesc owner, String name, String type) {
        // keyed by descriptor strings: a primitive ClassDesc's own hashCode is costly
        Key k = new Key(tag, owner.descriptorString(), name, type);
        int i = existing(k);
        if (i != 0) return i;
        int o = classEntry(owner);
        int nt = nameAndType(name, type);
        pool.u1(tag).u2(o).u2(nt);
        return added(k, 1);
    }

    private int intEntry(int v) {
        Key k = new Key(3, v, null, null);
        int i = existing(k);
        if (i != 0) return i;
        pool.u1(3).u4(v);
        return added(k, 1);
    }

    private int longEntry(long v) {
        Key k = new Key(5, v, null, null);
        int i = existing(k);
        if (i != 0) return i;
        pool.u1(5).u4((int) (v >>> 32)).u4((int) v);
        return added(k, 2); // a long takes two indices
    }

    // ---- the method being written ----

    private final ByteBuf code = new ByteBuf(4096);
    private int depth, maxDepth, maxLocals;
    /** After goto, a return or athrow: nothing falls through to the next instruction. */
    private boolean dead;
    private final ArrayList<int[]> handlers = new ArrayList<>();
    private final ByteBuf methods = new ByteBuf(8192);
    private int methodCount;

    /** Starts a method whose parameters (the receiver included) take {@code parameterSlots} local slots. */
    private void begin(int parameterSlots) {
        code.reset();
        handlers.clear();
        depth = 0;
        maxDepth = 0;
        maxLocals = parameterSlots;
        dead = false;
    }

    /**
     * Writes one method: {@code body} emits its code into this writer. Its parameters (after
     * the receiver, unless {@code access} has {@link #STATIC}) are the first locals.
     */
    public void method(int access, String name, MethodTypeDesc type, Runnable body) {
        int parameterSlots = (access & ACC_STATIC) != 0 ? 0 : 1;
        for (int p = 0; p < type.parameterCount(); p++) parameterSlots += slots(type.parameterType(p));
        begin(parameterSlots);
        body.run();
        resolveHandlers();
        methods.u2(access).u2(utf8(name)).u2(utf8(type.descriptorString())).u2(1);
        methods.u2(utf8("Code"));
        int length = 2 + 2 + 4 + code.size + 2 + 8 * handlers.size() + 2;
        methods.u4(length).u2(maxDepth).u2(maxLocals).u4(code.size).bytes(code.buf, code.size);
        methods.u2(handlers.size());
        for (int[] h : handlers) methods.u2(h[0]).u2(h[1]).u2(h[2]).u2(0);
        methods.u2(0);
        methodCount++;
    }

    /** The class file: {@code thisClass} (an internal name) extending {@code superClass}, with the methods written. */
    public byte[] classFile(String thisClass, ClassDesc superClass) {
        int self = classEntry(thisClass), sup = classEntry(superClass);
        ByteBuf out = new ByteBuf(pool.size + methods.size + 64);
        out.u4(0xCAFEBABE).u2(0).u2(CLASS_VERSION);
        out.u2(poolCount).bytes(pool.buf, pool.size);
        out.u2(ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC).u2(self).u2(sup);
        out.u2(0).u2(0); // interfaces, fields
        out.u2(methodCount).bytes(methods.buf, methods.size);
        out.u2(0); // attributes
        return java.util.Arrays.copyOf(out.buf, out.size);
    }

    /** Access flags for {@link #method}. */
    public static final int PUBLIC = ACC_PUBLIC, STATIC = ACC_STATIC, FINAL = ACC_FINAL;

    // ---- locals ----

    public int allocateInt() {
        return maxLocals++;
    }

    public int allocateReference() {
        return maxLocals++;
    }

    public int allocateLong() {
        int at = maxLocals;
        maxLocals += 2;
        return at;
    }

    // ---- emission ----

    /**
     * The operand stack after an instruction. Unreachable code (after goto, a return or athrow,
     * until a label some branch or handler reaches) is written but not counted.
     */
    private void stack(int pops, int pushes) {
        if (dead) return;
        if (depth < pops) throw new IllegalStateException("operand stack underflow at " + code.size);
        depth += pushes - pops;
        if (depth > maxDepth) maxDepth = depth;
    }

    /** An instruction that pops and pushes that many stack slots. */
    private BytecodeWriter op(int opcode, int pops, int pushes) {
        code.u1(opcode);
        stack(pops, pushes);
        return this;
    }

    private BytecodeWriter local(int opcode, int slot, int pops, int pushes) {
        if (slot > 255) {
            code.u1(0xc4).u1(opcode).u2(slot); // wide
        } else {
            code.u1(opcode).u1(slot);
        }
        stack(pops, pushes);
        return this;
    }

    public BytecodeWriter aload(int slot) { return slot <= 3 ? op(0x2a + slot, 0, 1) : local(0x19, slot, 0, 1); }
    public BytecodeWriter iload(int slot) { return slot <= 3 ? op(0x1a + slot, 0, 1) : local(0x15, slot, 0, 1); }
    public BytecodeWriter lload(int slot) { return slot <= 3 ? op(0x1e + slot, 0, 2) : local(0x16, slot, 0, 2); }
    public BytecodeWriter astore(int slot) { return slot <= 3 ? op(0x4b + slot, 1, 0) : local(0x3a, slot, 1, 0); }
    public BytecodeWriter istore(int slot) { return slot <= 3 ? op(0x3b + slot, 1, 0) : local(0x36, slot, 1, 0); }
    public BytecodeWriter lstore(int slot) { return slot <= 3 ? op(0x3f + slot, 2, 0) : local(0x37, slot, 2, 0); }

    public BytecodeWriter iinc(int slot, int by) {
        if (slot > 255 || by < -128 || by > 127) {
            code.u1(0xc4).u1(0x84).u2(slot).u2(by);
        } else {
            code.u1(0x84).u1(slot).u1(by);
        }
        return this;
    }

    public BytecodeWriter aconst_null() { return op(0x01, 0, 1); }
    public BytecodeWriter iconst_m1() { return op(0x02, 0, 1); }
    public BytecodeWriter iconst_0() { return op(0x03, 0, 1); }
    public BytecodeWriter iconst_1() { return op(0x04, 0, 1); }
    public BytecodeWriter lconst_0() { return op(0x09, 0, 2); }

    public BytecodeWriter loadConstant(int v) {
        if (v >= -1 && v <= 5) return op(0x03 + v, 0, 1);
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            op(0x10, 0, 1);
            code.u1(v);
            return this;
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            op(0x11, 0, 1);
            code.u2(v);
            return this;
        }
        int i = intEntry(v);
        if (i <= 255) {
            op(0x12, 0, 1);
            code.u1(i);
        } else {
            op(0x13, 0, 1);
            code.u2(i);
        }
        return this;
    }

    public BytecodeWriter loadConstant(long v) {
        if (v == 0 || v == 1) return op(0x09 + (int) v, 0, 2);
        int i = longEntry(v);
        op(0x14, 0, 2);
        code.u2(i);
        return this;
    }

    public BytecodeWriter laload() { return op(0x2f, 2, 2); }
    public BytecodeWriter aaload() { return op(0x32, 2, 1); }
    public BytecodeWriter lastore() { return op(0x50, 4, 0); }
    public BytecodeWriter pop2() { return op(0x58, 2, 0); }
    public BytecodeWriter iadd() { return op(0x60, 2, 1); }
    public BytecodeWriter ladd() { return op(0x61, 4, 2); }
    public BytecodeWriter isub() { return op(0x64, 2, 1); }
    public BytecodeWriter lsub() { return op(0x65, 4, 2); }
    public BytecodeWriter imul() { return op(0x68, 2, 1); }
    public BytecodeWriter lmul() { return op(0x69, 4, 2); }
    public BytecodeWriter lneg() { return op(0x75, 2, 2); }
    public BytecodeWriter ishl() { return op(0x78, 2, 1); }
    public BytecodeWriter lshl() { return op(0x79, 3, 2); }
    public BytecodeWriter ishr() { return op(0x7a, 2, 1); }
    public BytecodeWriter lshr() { return op(0x7b, 3, 2); }
    public BytecodeWriter iushr() { return op(0x7c, 2, 1); }
    public BytecodeWriter lushr() { return op(0x7d, 3, 2); }
    public BytecodeWriter iand() { return op(0x7e, 2, 1); }
    public BytecodeWriter land() { return op(0x7f, 4, 2); }
    public BytecodeWriter ior() { return op(0x80, 2, 1); }
    public BytecodeWriter lor() { return op(0x81, 4, 2); }
    public BytecodeWriter ixor() { return op(0x82, 2, 1); }
    public BytecodeWriter lxor() { return op(0x83, 4, 2); }
    public BytecodeWriter i2l() { return op(0x85, 1, 2); }
    public BytecodeWriter l2i() { return op(0x88, 2, 1); }
    public BytecodeWriter i2b() { return op(0x91, 1, 1); }
    public BytecodeWriter i2s() { return op(0x93, 1, 1); }
    public BytecodeWriter lcmp() { return op(0x94, 4, 1); }
    public BytecodeWriter nop() { return op(0x00, 0, 0); }

    public BytecodeWriter ireturn() { op(0xac, 1, 0); return end(); }
    public BytecodeWriter return_() { op(0xb1, 0, 0); return end(); }
    public BytecodeWriter athrow() { op(0xbf, 1, 0); return end(); }

    /** Nothing falls through: the operand stack at the next label is that label's. */
    private BytecodeWriter end() {
        dead = true;
        depth = 0;
        return this;
    }

    public BytecodeWriter getfield(ClassDesc owner, String name, ClassDesc type) {
        int i = member(9, owner, name, type.descriptorString());
        op(0xb4, 1, slots(type));
        code.u2(i);
        return this;
    }

    public BytecodeWriter putfield(ClassDesc owner, String name, ClassDesc type) {
        int i = member(9, owner, name, type.descriptorString());
        op(0xb5, 1 + slots(type), 0);
        code.u2(i);
        return this;
    }

    public BytecodeWriter invokevirtual(ClassDesc owner, String name, MethodTypeDesc type) {
        return invoke(0xb6, owner, name, type, 1);
    }

    public BytecodeWriter invokespecial(ClassDesc owner, String name, MethodTypeDesc type) {
        return invoke(0xb7, owner, name, type, 1);
    }

    public BytecodeWriter invokestatic(ClassDesc owner, String name, MethodTypeDesc type) {
        return invoke(0xb8, owner, name, type, 0);
    }

    private BytecodeWriter invoke(int opcode, ClassDesc owner, String name, MethodTypeDesc type, int receiver) {
        int i = member(10, owner, name, type.descriptorString());
        int args = receiver;
        for (int p = 0; p < type.parameterCount(); p++) args += slots(type.parameterType(p));
        op(opcode, args, slots(type.returnType()));
        code.u2(i);
        return this;
    }

    private static int slots(ClassDesc type) {
        String d = type.descriptorString();
        if (d.length() != 1) return 1;
        return switch (d.charAt(0)) {
            case 'J', 'D' -> 2;
            case 'V' -> 0;
            default -> 1;
        };
    }

    // ---- labels and branches ----

    public Label newLabel() {
        return new Label();
    }

    public BytecodeWriter labelBinding(Label l) {
        if (l.pos >= 0) throw new IllegalStateException("label bound twice");
        l.pos = code.size;
        if (dead) {
            // reachable again only through a branch or handler seen so far (a backward branch
            // to a label bound in unreachable code is not supported: none is emitted)
            if (l.depth >= 0) {
                depth = l.depth;
                dead = false;
            }
        } else if (l.depth < 0) {
            l.depth = depth;
        } else if (l.depth != depth) {
            throw new IllegalStateException("operand stack depth " + depth + " at a label reached with " + l.depth);
        }
        for (int f = 0; f < l.nfixups; f += 2) {
            int offset = l.pos - l.fixups[f];
            if (offset > Short.MAX_VALUE) throw new IllegalStateException("branch too long: " + offset);
            code.patch2(l.fixups[f + 1], offset);
        }
        l.nfixups = 0;
        return this;
    }

    private BytecodeWriter branch(int opcode, int pops, Label l) {
        int at = code.size;
        op(opcode, pops, 0);
        if (!dead) {
            if (l.depth < 0) l.depth = depth;
            else if (l.depth != depth) throw new IllegalStateException("operand stack depth " + depth + " at a branch to a label reached with " + l.depth);
        }
        if (l.pos >= 0) {
            int offset = l.pos - at;
            if (offset < Short.MIN_VALUE) throw new IllegalStateException("branch too long: " + offset);
            code.u2(offset);
        } else {
            if (l.nfixups + 2 > l.fixups.length) l.fixups = java.util.Arrays.copyOf(l.fixups, l.fixups.length * 2);
            l.fixups[l.nfixups++] = at;
            l.fixups[l.nfixups++] = code.size;
            code.u2(0);
        }
        return this;
    }

    public BytecodeWriter ifeq(Label l) { return branch(0x99, 1, l); }
    public BytecodeWriter ifne(Label l) { return branch(0x9a, 1, l); }
    public BytecodeWriter iflt(Label l) { return branch(0x9b, 1, l); }
    public BytecodeWriter ifge(Label l) { return branch(0x9c, 1, l); }
    public BytecodeWriter ifgt(Label l) { return branch(0x9d, 1, l); }
    public BytecodeWriter ifle(Label l) { return branch(0x9e, 1, l); }
    public BytecodeWriter if_icmpeq(Label l) { return branch(0x9f, 2, l); }
    public BytecodeWriter if_icmpne(Label l) { return branch(0xa0, 2, l); }
    public BytecodeWriter if_icmplt(Label l) { return branch(0xa1, 2, l); }
    public BytecodeWriter if_icmpge(Label l) { return branch(0xa2, 2, l); }
    public BytecodeWriter if_icmpgt(Label l) { return branch(0xa3, 2, l); }
    public BytecodeWriter if_icmple(Label l) { return branch(0xa4, 2, l); }
    public BytecodeWriter ifnull(Label l) { return branch(0xc6, 1, l); }
    public BytecodeWriter ifnonnull(Label l) { return branch(0xc7, 1, l); }

    public BytecodeWriter goto_(Label l) {
        branch(0xa7, 0, l);
        return end();
    }

    /**
     * Code from {@code start} (inclusive) to {@code end} (exclusive) is handled by {@code handler}
     * for any throwable (entries are searched in the order they were added). Both ends must be
     * bound before the method is written.
     */
    public BytecodeWriter exceptionCatchAll(Label start, Label end, Label handler) {
        handler.depth = 1; // the throwable
        handlers.add(null);
        int at = handlers.size() - 1;
        pendingHandlers.add(new Label[] {start, end, handler});
        pendingAt.add(at);
        return this;
    }

    private final ArrayList<Label[]> pendingHandlers = new ArrayList<>();
    private final ArrayList<Integer> pendingAt = new ArrayList<>();

    /** Resolves the exception table once the method's labels are bound (called by {@link #method}). */
    private void resolveHandlers() {
        for (int i = 0; i < pendingHandlers.size(); i++) {
            Label[] h = pendingHandlers.get(i);
            if (h[0].pos < 0 || h[1].pos < 0 || h[2].pos < 0) throw new IllegalStateException("an exception range's label was never bound");
            handlers.set(pendingAt.get(i), new int[] {h[0].pos, h[1].pos, h[2].pos});
        }
        pendingHandlers.clear();
        pendingAt.clear();
    }

    // ---- bytes ----

    /** A growable big-endian byte buffer. */
    private static final class ByteBuf {
        byte[] buf;
        int size;

        ByteBuf(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        private void room(int n) {
            if (size + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }

        ByteBuf u1(int v) {
            room(1);
            buf[size++] = (byte) v;
            return this;
        }

        ByteBuf u2(int v) {
            room(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
            return this;
        }

        ByteBuf u4(int v) {
            room(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
            return this;
        }

        ByteBuf bytes(byte[] b, int n) {
            room(n);
            System.arraycopy(b, 0, buf, size, n);
            size += n;
            return this;
        }

        void patch2(int at, int v) {
            buf[at] = (byte) (v >>> 8);
            buf[at + 1] = (byte) v;
        }

        /** Modified UTF-8 with its length, as CONSTANT_Utf8 stores it (ASCII names and descriptors here). */
        void utf(String s) {
            int n = s.length();
            room(2 + 3 * n);
            int lenAt = size;
            size += 2;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c != 0 && c < 0x80) {
                    buf[size++] = (byte) c;
                } else if (c < 0x800) {
                    buf[size++] = (byte) (0xc0 | c >> 6);
                    buf[size++] = (byte) (0x80 | c & 0x3f);
                } else {
                    buf[size++] = (byte) (0xe0 | c >> 12);
                    buf[size++] = (byte) (0x80 | c >> 6 & 0x3f);
                    buf[size++] = (byte) (0x80 | c & 0x3f);
                }
            }
            patch2(lenAt, size - lenAt - 2);
        }
    }
}
