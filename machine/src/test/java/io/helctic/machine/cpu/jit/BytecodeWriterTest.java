package io.helctic.machine.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helctic.machine.cpu.jit.BytecodeWriter.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/**
 * The translation tier's class-file writer: classes it writes load (HotSpot verifies them) and
 * compute what Java computes; misuse is refused with a clear exception; and a method the JVM's
 * verifier rejects is rejected (a defect in an emitter fails a translation, it does not reach the
 * JVM unverified).
 */
class BytecodeWriterTest {
    private static final String NAME = BytecodeWriterTest.class.getPackageName().replace('.', '/') + "/Written";
    private static final MethodTypeDesc INT_OF_INT = MethodTypeDesc.of(CD_int, CD_int);
    private static final int STATIC = BytecodeWriter.STATIC | BytecodeWriter.PUBLIC;

    private static MethodHandle define(BytecodeWriter w, String method, MethodType type) throws Exception {
        MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(w.classFile(NAME, CD_Object), true);
        return l.findStatic(l.lookupClass(), method, type);
    }

    /** acc = 0x123456789; for (i = 0; i < n; i++) acc = acc * 31 + i; return (int) (acc ^ acc >>> 32). */
    private static long javaLoop(int n) {
        long acc = 0x123456789L;
        for (int i = 0; i < n; i++) acc = acc * 31 + i;
        return (int) (acc ^ acc >>> 32);
    }

    @Test
    void aLoopWithLongsAndBackwardBranchesComputesWhatJavaDoes() throws Throwable {
        BytecodeWriter w = new BytecodeWriter();
        w.method(STATIC, "loop", INT_OF_INT, () -> {
            int acc = w.allocateLong(), i = w.allocateInt();
            w.loadConstant(0x123456789L).lstore(acc).iconst_0().istore(i);
            Label top = w.newLabel(), test = w.newLabel();
            w.goto_(test);
            w.labelBinding(top);
            w.lload(acc).loadConstant(31L).lmul().iload(i).i2l().ladd().lstore(acc);
            w.iinc(i, 1);
            w.labelBinding(test);
            w.iload(i).iload(0).if_icmplt(top);
            w.lload(acc).lload(acc).loadConstant(32).lushr().lxor().l2i().ireturn();
        });
        MethodHandle loop = define(w, "loop", MethodType.methodType(int.class, int.class));
        for (int n : new int[] {0, 1, 2, 7, 1000}) assertThat((int) loop.invokeExact(n)).isEqualTo((int) javaLoop(n));
    }

    @Test
    void constantsOfEveryWidthLoadAsJavaWrites() throws Throwable {
        int[] ints = new int[300]; // -1..5, bytes, shorts, then pool entries beyond 255 (ldc_w)
        for (int k = 0; k < ints.length; k++) ints[k] = k < 7 ? k - 1 : k < 20 ? -100 + k : k < 40 ? 1000 * k : 0x10000 * k + k;
        long[] longs = {0, 1, -1, 2, Long.MIN_VALUE, 0x7fff_ffff_ffffL};
        BytecodeWriter w = new BytecodeWriter();
        w.method(STATIC, "sum", MethodTypeDesc.of(CD_int), () -> {
            int acc = w.allocateLong();
            w.lconst_0().lstore(acc);
            for (int v : ints) w.lload(acc).loadConstant(v).i2l().ladd().lstore(acc);
            for (long v : longs) w.lload(acc).loadConstant(v).lxor().lstore(acc);
            w.lload(acc).l2i().ireturn();
        });
        long want = 0;
        for (int v : ints) want += v;
        for (long v : longs) want ^= v;
        assertThat((int) define(w, "sum", MethodType.methodType(int.class)).invokeExact()).isEqualTo((int) want);
    }

    @Test
    void anExceptionRangeCatchesWhatItsCodeThrows() throws Throwable {
        ClassDesc math = ClassDesc.of("java.lang.Math");
        BytecodeWriter w = new BytecodeWriter();
        w.method(STATIC, "div", INT_OF_INT, () -> {
            int t = w.allocateReference();
            Label from = w.newLabel(), to = w.newLabel(), handler = w.newLabel();
            w.labelBinding(from);
            w.loadConstant(100).iload(0).invokestatic(math, "floorDiv", MethodTypeDesc.of(CD_int, CD_int, CD_int)).ireturn();
            w.labelBinding(to);
            w.exceptionCatchAll(from, to, handler);
            w.labelBinding(handler);
            w.astore(t).iconst_m1().ireturn();
        });
        MethodHandle div = define(w, "div", MethodType.methodType(int.class, int.class));
        assertThat((int) div.invokeExact(7)).isEqualTo(14);
        assertThat((int) div.invokeExact(0)).isEqualTo(-1);
    }

    @Test
    void maxStackCoversTheDeepestExpression() throws Throwable {
        // six longs on the stack at once: a max_stack below 12 would fail verification
        BytecodeWriter w = new BytecodeWriter();
        w.method(STATIC, "deep", INT_OF_INT, () -> {
            for (int k = 0; k < 6; k++) w.iload(0).i2l().loadConstant((long) k << 40).lor();
            for (int k = 0; k < 5; k++) w.ladd();
            w.loadConstant(40).lushr().l2i().ireturn();
        });
        assertThat((int) define(w, "deep", MethodType.methodType(int.class, int.class)).invokeExact(3)).isEqualTo(15);
    }

    @Test
    void misuseIsRefused() {
        BytecodeWriter w = new BytecodeWriter();
        assertThatThrownBy(() -> w.method(STATIC, "under", INT_OF_INT, () -> w.iload(0).iadd()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("underflow");
        BytecodeWriter twice = new BytecodeWriter();
        assertThatThrownBy(() -> twice.method(STATIC, "twice", INT_OF_INT, () -> {
            Label l = twice.newLabel();
            twice.labelBinding(l).labelBinding(l);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        BytecodeWriter depths = new BytecodeWriter();
        assertThatThrownBy(() -> depths.method(STATIC, "depths", INT_OF_INT, () -> {
            Label join = depths.newLabel();
            depths.iload(0).ifeq(join); // reaches join with an empty stack
            depths.iconst_1();
            depths.labelBinding(join); // falls into it with one int
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("depth");
        BytecodeWriter far = new BytecodeWriter();
        assertThatThrownBy(() -> far.method(STATIC, "far", INT_OF_INT, () -> {
            Label end = far.newLabel();
            far.iload(0).ifeq(end);
            for (int k = 0; k < 40_000; k++) far.nop();
            far.labelBinding(end);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("too long");
        BytecodeWriter unbound = new BytecodeWriter();
        assertThatThrownBy(() -> unbound.method(STATIC, "unbound", INT_OF_INT, () -> {
            Label a = unbound.newLabel(), b = unbound.newLabel(), h = unbound.newLabel();
            unbound.labelBinding(a).iconst_0().ireturn();
            unbound.exceptionCatchAll(a, b, h);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("never bound");
    }

    @Test
    void theJvmStillVerifiesWhatItWrites() {
        // an int method that returns nothing: well-formed for the writer, refused by the verifier
        BytecodeWriter w = new BytecodeWriter();
        w.method(STATIC, "bad", INT_OF_INT, () -> w.return_());
        assertThatThrownBy(() -> define(w, "bad", MethodType.methodType(int.class, int.class))).isInstanceOf(VerifyError.class);
        // and a long used as an int
        BytecodeWriter v = new BytecodeWriter();
        v.method(STATIC, "bad", MethodTypeDesc.of(CD_void, CD_long), () -> v.iload(0).ireturn());
        assertThatThrownBy(() -> define(v, "bad", MethodType.methodType(void.class, long.class))).isInstanceOf(VerifyError.class);
    }
}
