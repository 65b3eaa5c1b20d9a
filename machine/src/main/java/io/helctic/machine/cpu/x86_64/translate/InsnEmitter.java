package io.helctic.machine.cpu.x86_64.translate;

import static io.helctic.machine.cpu.x86_64.translate.Translator.*;
import static java.lang.constant.ConstantDescs.CD_Integer;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import io.helctic.machine.cpu.x86_64.core.Core;
import io.helctic.machine.cpu.x86_64.core.Exit;
import io.helctic.machine.cpu.x86_64.decode.Fast;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;
import io.helctic.machine.cpu.jit.BytecodeWriter;
import io.helctic.machine.cpu.jit.BytecodeWriter.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * The translation of each instruction for {@link BlockEmitter}: inline bytecode for the forms
 * that have one, the interpreter for the rest ({@link BlockEmitter#generic}).
 */
final class InsnEmitter extends BlockEmitter {
    private static final int RAX = 0, RCX = 1, RDX = 2, RSP = 4;

    InsnEmitter(BytecodeWriter b, Insn[] insns) {
        super(b, insns);
    }

    @Override
    boolean insn(int k, Insn d) {
        long fm = d.fmask;
        switch (d.fast) {
            case Fast.F_MOV_RR64 -> { regRef(d.fdst); reg(d.fsrc); b.lastore(); }
            case Fast.F_MOV_RR32 -> { regRef(d.fdst); reg(d.fsrc); mask(M32); b.lastore(); }
            case Fast.F_MOV_RI64 -> { regRef(d.fdst); b.loadConstant(d.imm).lastore(); }
            case Fast.F_MOV_RI32 -> { regRef(d.fdst); b.loadConstant(d.imm & M32).lastore(); }
            case Fast.F_LEA64 -> { regRef(d.fdst); ea(d, true); b.lastore(); }
            case Fast.F_LEA32 -> { regRef(d.fdst); ea(d, true); mask(M32); b.lastore(); }
            case Fast.F_LOAD64 -> { regRef(d.fdst); read(d, 8); b.lastore(); }
            case Fast.F_LOAD32 -> { regRef(d.fdst); read(d, 4); b.lastore(); }
            case Fast.F_MOVZX_B_M -> { regRef(d.fdst); read(d, 1); b.lastore(); }
            case Fast.F_MOVZX_W_M -> { regRef(d.fdst); read(d, 2); b.lastore(); }
            case Fast.F_MOVZX_B_R -> { regRef(d.fdst); reg(d.fsrc); mask(0xff); b.lastore(); }
            case Fast.F_MOVZX_BH_R -> { regRef(d.fdst); reg(d.fsrc); b.loadConstant(8).lushr(); mask(0xff); b.lastore(); }
            case Fast.F_MOVZX_W_R -> { regRef(d.fdst); reg(d.fsrc); mask(0xffff); b.lastore(); }
            case Fast.F_MOVSX_B_R -> { regRef(d.fdst); reg(d.fsrc); b.l2i().i2b().i2l(); mask(fm); b.lastore(); }
            case Fast.F_MOVSX_B_M -> { regRef(d.fdst); read(d, 1); b.l2i().i2b().i2l(); mask(fm); b.lastore(); }
            case Fast.F_MOVSXD_R -> { regRef(d.fdst); reg(d.fsrc); b.l2i().i2l().lastore(); }
            case Fast.F_MOVSXD_M -> { regRef(d.fdst); read(d, 4); b.l2i().i2l().lastore(); }
            case Fast.F_LOAD8, Fast.F_LOAD16 -> {
                long keep = d.fast == Fast.F_LOAD8 ? ~0xffL : ~0xffffL;
                regRef(d.fdst);
                reg(d.fdst);
                b.loadConstant(keep).land();
                read(d, d.fast == Fast.F_LOAD8 ? 1 : 2);
                b.lor().lastore();
            }
            case Fast.F_MOV_RR8 -> {
                regRef(d.fdst);
                reg(d.fdst);
                b.loadConstant(~0xffL).land();
                reg(d.fsrc);
                mask(0xff);
                b.lor().lastore();
            }
            case Fast.F_STORE64, Fast.F_STORE32, Fast.F_STORE16, Fast.F_STORE8 -> {
                int size = switch (d.fast) {
                    case Fast.F_STORE64 -> 8;
                    case Fast.F_STORE32 -> 4;
                    case Fast.F_STORE16 -> 2;
                    default -> 1;
                };
                b.aload(m);
                ea(d, false);
                reg(d.fsrc);
                writeEnd(size);
                afterStore(k, d);
            }
            case Fast.F_MOV_MI64, Fast.F_MOV_MI32, Fast.F_MOV_MI8 -> {
                int size = d.fast == Fast.F_MOV_MI64 ? 8 : d.fast == Fast.F_MOV_MI32 ? 4 : 1;
                b.aload(m);
                ea(d, false);
                b.loadConstant(d.imm);
                writeEnd(size);
                afterStore(k, d);
            }
            case Fast.F_ALU_RR64, Fast.F_ALU_RR32, Fast.F_ALU_RR8 -> {
                reg(d.fdst); mask(fm); b.lstore(t1);
                reg(d.fsrc); mask(fm); b.lstore(t2);
                alu(d, d.opSize);
            }
            case Fast.F_ALU_RI64, Fast.F_ALU_RI32, Fast.F_ALU_RI8 -> {
                reg(d.fdst); mask(fm); b.lstore(t1);
                b.loadConstant(d.fast == Fast.F_ALU_RI8 ? d.imm & 0xff : d.imm).lstore(t2);
                alu(d, d.opSize);
            }
            case Fast.F_ALU_RM64, Fast.F_ALU_RM32, Fast.F_ALU_RM8 -> {
                read(d, d.opSize);
                b.lstore(t2);
                reg(d.fdst); mask(fm); b.lstore(t1);
                alu(d, d.opSize);
            }
            case Fast.F_ALU_MR, Fast.F_ALU_MI, Fast.F_INC_M, Fast.F_DEC_M -> {
                return aluMem(k, d);
            }
            case Fast.F_ALU_RI8H -> { // AH..BH: bits 8..15 of register fdst (ADC and SBB are not classified here)
                reg(d.fdst); b.loadConstant(8).lushr(); mask(0xff); b.lstore(t1);
                b.loadConstant(d.imm & 0xff).lstore(t2);
                aluFlags(d.sub, 1);
                if (d.sub != Op.CMP) {
                    regRef(d.fdst);
                    b.lload(res);
                    mask(0xff);
                    b.loadConstant(8).lshl();
                    reg(d.fdst);
                    b.loadConstant(~0xff00L).land().lor().lastore();
                }
            }
            case Fast.F_TEST_RI8H -> {
                reg(d.fdst); b.loadConstant(8).lushr(); mask(0xff); b.lstore(t1);
                b.loadConstant(d.imm & 0xff).lstore(t2);
                test(1);
            }
            case Fast.F_TEST_RR64, Fast.F_TEST_RR32, Fast.F_TEST_RR8, Fast.F_TEST_RR16 -> {
                reg(d.fdst); mask(fm); b.lstore(t1);
                reg(d.fsrc); mask(fm); b.lstore(t2);
                test(d.opSize);
            }
            case Fast.F_TEST_RI, Fast.F_TEST_RI8 -> {
                reg(d.fdst); mask(fm); b.lstore(t1);
                b.loadConstant(d.imm & fm).lstore(t2);
                test(d.opSize);
            }
            case Fast.F_TEST_MI8 -> {
                read(d, 1);
                b.lstore(t1);
                b.loadConstant(d.imm & 0xff).lstore(t2);
                test(1);
            }
            case Fast.F_SHIFT_RI -> {
                if (flagsDead(k)) { // the value alone
                    regRef(d.fdst);
                    reg(d.fdst);
                    int count = d.fsrc;
                    switch (d.reg & 7) {
                        case 5 -> { mask(fm); b.loadConstant(count).lushr(); }
                        case 7 -> {
                            if (d.opSize == 4) b.l2i().loadConstant(count).ishr().i2l();
                            else b.loadConstant(count).lshr();
                            mask(fm);
                        }
                        default -> { b.loadConstant(count).lshl(); mask(fm); }
                    }
                    b.lastore();
                } else {
                    shiftOrRotate(d);
                }
            }
            case Fast.F_ROT_RI -> shiftOrRotate(d);
            case Fast.F_SHIFT_RCL, Fast.F_ROT_RCL -> {
                coreFlags(); // a count of zero leaves the flags (and a rotate keeps some)
                Label zero = b.newLabel(), done = b.newLabel();
                reg(RCX);
                b.l2i().loadConstant(d.opSize == 8 ? 63 : 31).iand().istore(e);
                b.iload(e).ifeq(zero);
                regRef(d.fdst);
                b.aload(C).loadConstant(d.fsrc).loadConstant(d.opSize);
                reg(d.fdst);
                b.iload(e);
                b.invokestatic(CD_ALU, d.fast == Fast.F_SHIFT_RCL ? "shiftLazy" : "rotateLazy",
                        MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_int));
                b.lastore().goto_(done);
                b.labelBinding(zero);
                if (d.opSize == 4) { // a 32-bit destination is written (zero-extended) anyway
                    regRef(d.fdst);
                    reg(d.fdst);
                    mask(M32);
                    b.lastore();
                }
                b.labelBinding(done);
            }
            case Fast.F_BT_RI, Fast.F_BT_MI -> {
                if (d.fast == Fast.F_BT_RI) reg(d.fdst);
                else read(d, d.opSize);
                b.lstore(x);
                coreFlags();
                b.aload(C).aload(C).invokevirtual(CD_CORE, "flags", MethodTypeDesc.of(CD_long)).loadConstant(~Core.CF).land();
                b.lload(x).loadConstant(d.fsrc).lushr().loadConstant(1L).land().lor();
                b.invokevirtual(CD_CORE, "setArith", MethodTypeDesc.of(CD_void, CD_long));
            }
            case Fast.F_INC_R, Fast.F_DEC_R, Fast.F_NEG_R -> {
                if (flagsDead(k)) { // the value alone
                    regRef(d.fdst);
                    reg(d.fdst);
                    if (d.fast == Fast.F_NEG_R) b.lneg();
                    else b.loadConstant(d.fast == Fast.F_INC_R ? 1L : -1L).ladd();
                    mask(fm);
                    b.lastore();
                    break;
                }
                coreFlags(); // INC and DEC keep CF
                regRef(d.fdst);
                b.aload(C).loadConstant(d.opSize);
                reg(d.fdst);
                mask(fm);
                String name = d.fast == Fast.F_INC_R ? "inc" : d.fast == Fast.F_DEC_R ? "dec" : "neg";
                b.invokestatic(CD_ALU, name, MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long));
                b.lastore();
            }
            case Fast.F_NOT_R -> {
                regRef(d.fdst);
                reg(d.fdst);
                b.loadConstant(-1L).lxor();
                mask(fm);
                b.lastore();
            }
            case Fast.F_IMUL_RR -> {
                reg(d.fsrc);
                mask(fm);
                b.lstore(x);
                imul(d.fdst, d.opSize);
            }
            case Fast.F_PUSH64 -> {
                reg(RSP);
                b.loadConstant(8L).lsub().lstore(x);
                b.aload(m).lload(x);
                reg(d.fsrc);
                writeEnd(8);
                regRef(RSP);
                b.lload(x).lastore();
                afterStore(k, d);
            }
            case Fast.F_POP64 -> {
                b.aload(m);
                reg(RSP);
                b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long)).lstore(x);
                regRef(RSP);
                reg(RSP);
                b.loadConstant(8L).ladd().lastore();
                regRef(d.fdst);
                b.lload(x).lastore();
            }
            case Fast.F_CALL_REL -> {
                if (!canonical(d.imm)) return generic(k, d);
                reg(RSP);
                b.loadConstant(8L).lsub().lstore(x);
                b.aload(m).lload(x).loadConstant(d.next);
                writeEnd(8);
                regRef(RSP);
                b.lload(x).lastore();
                if (continues(k, d.imm)) { // a region goes on with the callee
                    leaveIfCodeStored(k, d.imm);
                    return false;
                }
                setRip(d.imm);
                chainExit(k, 0, (k << 4) | Exit.BRANCH);
                return true;
            }
            case Fast.F_JMP_REL -> {
                if (!canonical(d.imm)) return generic(k, d);
                if (continues(k, d.imm)) { // a region goes on at the target
                    b.nop(); // (an instruction's exception range must not be empty)
                    return false;
                }
                branchTo(k, d.imm);
                return true;
            }
            case Fast.F_MOVSD_LOAD -> {
                xmmRef(d.fdst);
                read(d, 8);
                b.lastore();
                xmmRef(d.fdst + 1);
                b.lconst_0().lastore();
            }
            case Fast.F_MOVSD_STORE -> {
                b.aload(m);
                ea(d, false);
                xmmRef(d.fsrc);
                b.laload();
                writeEnd(8);
                afterStore(k, d);
            }
            case Fast.F_SD_RR, Fast.F_SD_RM -> {
                // the common case inline; anything else (exceptions, odd operands) as the interpreter does it
                b.aload(C).loadConstant(d.fdst);
                if (d.fast == Fast.F_SD_RR) {
                    xmmRef(d.fsrc);
                    b.laload();
                } else {
                    read(d, 8);
                }
                if (d.opcode == 0x5C) b.loadConstant(Long.MIN_VALUE).lxor();
                String op = switch (d.opcode) {
                    case 0x58, 0x5C -> "sdAdd";
                    case 0x59 -> "sdMul";
                    default -> "sdDiv";
                };
                b.invokestatic(CD_INTERP, op, MethodTypeDesc.of(CD_boolean, CD_CORE, CD_int, CD_long));
                Label done = b.newLabel();
                b.ifne(done);
                // SSE arithmetic leaves RFLAGS alone: the interpreter's path needs no flag record
                int kind = flagKind, size = flagSize;
                boolean wasPending = pending, wasCarried = carried;
                boolean ended = generic(k, d);
                // the inline path's read may fault before the record is written
                pendingKind[k] = wasPending ? kind : wasCarried ? CARRIED : 0;
                b.labelBinding(done);
                // the interpreter's path wrote the record, the inline one did not: the locals
                // still describe the flags on both, so the record stays pending
                flagKind = kind;
                flagSize = size;
                pending = wasPending;
                carried = wasCarried;
                if (ended) {
                    setRip(d.next);
                    exit((k + 1) << 4);
                    return true;
                }
            }
            case Fast.F_JMP_R, Fast.F_JMP_M, Fast.F_CALL_R, Fast.F_CALL_M -> {
                if (d.fast == Fast.F_JMP_R || d.fast == Fast.F_CALL_R) reg(d.fdst);
                else read(d, 8);
                b.lstore(x);
                Label gp = b.newLabel();
                canonicalOr(x, gp);
                if (d.fast == Fast.F_CALL_R || d.fast == Fast.F_CALL_M) {
                    b.aload(m);
                    reg(RSP);
                    b.loadConstant(8L).lsub().loadConstant(d.next);
                    writeEnd(8);
                    regRef(RSP);
                    reg(RSP);
                    b.loadConstant(8L).lsub().lastore();
                }
                jumpIndirect(k, d, gp);
                return true;
            }
            case Fast.F_RET -> {
                b.aload(m);
                reg(RSP);
                b.invokevirtual(CD_MMU, "read64", MethodTypeDesc.of(CD_long, CD_long)).lstore(x);
                Label gp = b.newLabel();
                canonicalOr(x, gp);
                regRef(RSP);
                reg(RSP);
                b.loadConstant(8 + (d.sub == 1 ? d.imm : 0)).ladd().lastore();
                if (k < insns.length - 1) {
                    // a region put the return site of its call next: go on inline when the
                    // return goes there, else leave as any RET
                    Label inline = b.newLabel();
                    b.lload(x).loadConstant(insns[k + 1].rip).lcmp().ifeq(inline);
                    jumpIndirect(k, d, gp);
                    b.labelBinding(inline);
                    return false;
                }
                jumpIndirect(k, d, gp);
                return true;
            }
            case Fast.F_JCC -> {
                if (!canonical(d.imm)) return generic(k, d);
                cond(d.sub);
                Label notTaken = b.newLabel();
                b.ifeq(notTaken);
                branchTo(k, d.imm);
                b.labelBinding(notTaken);
                if (continues(k, d.next)) return false; // a region goes on with the fall-through
                setRip(d.next);
                chainExit(k, 1, (k << 4) | Exit.BRANCH);
                return true;
            }
            default -> { return other(k, d); }
        }
        return false;
    }

    /** Instructions without a fast form translated inline (SETcc, CMOVcc, 128-bit moves), else the interpreter. */
    boolean other(int k, Insn d) {
        if (d.op == Op.TEST_EG && plain(d) && d.opSize != 1 || d.op == Op.TEST_EG && plain(d) && d.regB < 16) {
            int size = d.opSize;
            read(d, size);
            b.lstore(t1);
            reg(size == 1 ? d.regB : d.reg);
            mask(Core.mask(size));
            b.lstore(t2);
            test(size);
        } else if ((d.op == Op.SSE_LOGIC || d.op == Op.PCMPEQB) && (d.mod == 3 || plain(d))) {
            int g = d.reg * 2;
            if (!sseSource(k, d)) return false;
            for (int h = 0; h < 2; h++) { // x[g + h] op= source half
                xmmRef(g + h);
                if (d.op == Op.PCMPEQB) {
                    xmmRef(g + h);
                    b.laload().lload(h == 0 ? t1 : t2)
                            .invokestatic(CD_SSE_OPS, "cmpeqb", MethodTypeDesc.of(CD_long, CD_long, CD_long));
                } else {
                    xmmRef(g + h);
                    b.laload();
                    switch (d.sub) {
                        case 0 -> b.lload(h == 0 ? t1 : t2).lxor();
                        case 1 -> b.lload(h == 0 ? t1 : t2).land();
                        case 2 -> b.loadConstant(-1L).lxor().lload(h == 0 ? t1 : t2).land();
                        default -> b.lload(h == 0 ? t1 : t2).lor();
                    }
                }
                b.lastore();
            }
        } else if (d.op == Op.PMOVMSKB && d.mod == 3) {
            regRef(d.reg);
            xmmRef(d.rm * 2);
            b.laload();
            xmmRef(d.rm * 2 + 1);
            b.laload();
            b.invokestatic(CD_SSE_OPS, "movmskb", MethodTypeDesc.of(CD_long, CD_long, CD_long));
            b.lastore();
        } else if ((d.op == Op.MUL || d.op == Op.IMUL1 || d.op == Op.DIV || d.op == Op.IDIV)
                && (d.opSize == 8 || d.opSize == 4) && (d.mod == 3 || plain(d))) {
            // one-operand multiply and divide: the operand (register or memory) to Alu, as exec does
            operandToX(d);
            coreFlags();
            b.aload(C).loadConstant(d.opSize).lload(x).loadConstant(d.op == Op.IMUL1 || d.op == Op.IDIV ? 1 : 0);
            if (d.op == Op.MUL || d.op == Op.IMUL1) {
                b.invokestatic(CD_ALU, "mul1", MethodTypeDesc.of(CD_void, CD_CORE, CD_int, CD_long, CD_boolean));
            } else {
                b.invokestatic(CD_ALU, "div", MethodTypeDesc.of(CD_boolean, CD_CORE, CD_int, CD_long, CD_boolean));
                Label ok = b.newLabel();
                b.ifne(ok);
                setRip(d.next);
                exit((k << 4) | Exit.DE);
                b.labelBinding(ok);
            }
        } else if (d.op == Op.IMUL_GE && (d.opSize == 8 || d.opSize == 4) && plain(d)) {
            read(d, d.opSize);
            b.lstore(x);
            imul(d.reg, d.opSize);
        } else if (d.op == Op.IMUL_GEI && (d.opSize == 8 || d.opSize == 4) && (d.mod == 3 || plain(d))) {
            // r = r/m * imm, as exec: Alu.imul of the operand and the immediate
            operandToX(d);
            imulTo(d.reg, d.opSize, () -> b.lload(x).loadConstant(d.imm));
        } else if (d.op == Op.BSWAP && (d.opSize == 8 || d.opSize == 4)) { // no flags
            regRef(d.rm);
            reg(d.rm);
            if (d.opSize == 8) {
                b.invokestatic(CD_LONG_BOX, "reverseBytes", MethodTypeDesc.of(CD_long, CD_long));
            } else {
                b.l2i().invokestatic(CD_Integer, "reverseBytes", MethodTypeDesc.of(CD_int, CD_int)).i2l();
                mask(M32);
            }
            b.lastore();
        } else if (d.op == Op.CBW && (d.opSize == 8 || d.opSize == 4)) { // CDQE, CWDE
            regRef(RAX);
            reg(RAX);
            if (d.opSize == 8) {
                b.l2i().i2l();
            } else {
                b.l2i().i2s().i2l();
                mask(M32);
            }
            b.lastore();
        } else if (d.op == Op.MOVD_TO_XMM && d.mod == 3 && (d.opSize == 8 || d.opSize == 4)) {
            xmmRef(d.reg * 2);
            reg(d.rm);
            mask(Core.mask(d.opSize));
            b.lastore();
            xmmRef(d.reg * 2 + 1);
            b.lconst_0().lastore();
        } else if (d.op == Op.MOVD_FROM_XMM && d.mod == 3 && (d.opSize == 8 || d.opSize == 4)) {
            regRef(d.rm);
            xmmRef(d.reg * 2);
            b.laload();
            mask(Core.mask(d.opSize));
            b.lastore();
        } else if ((d.op == Op.BSF || d.op == Op.BSR) && d.mod == 3 && (d.opSize == 8 || d.opSize == 4) && flagsDead(k)) {
            // the index alone (BSF and BSR write ZF only, which nothing reads here); a zero
            // source leaves the destination whole, as the interpreter does
            reg(d.rm);
            mask(Core.mask(d.opSize));
            b.lstore(x);
            Label zero = b.newLabel();
            b.lload(x).lconst_0().lcmp().ifeq(zero);
            regRef(d.reg);
            if (d.op == Op.BSF) {
                b.lload(x).invokestatic(CD_LONG_BOX, "numberOfTrailingZeros", MethodTypeDesc.of(CD_int, CD_long)).i2l();
            } else {
                b.loadConstant(63).lload(x).invokestatic(CD_LONG_BOX, "numberOfLeadingZeros", MethodTypeDesc.of(CD_int, CD_long))
                        .isub().i2l();
            }
            b.lastore();
            b.labelBinding(zero);
        } else if (d.op == Op.NOP) {
            // nothing, as exec (a memory operand is never accessed)
        } else if (d.op == Op.CWD && (d.opSize == 8 || d.opSize == 4)) { // CDQ, CQO
            regRef(RDX);
            reg(RAX);
            if (d.opSize == 8) {
                b.loadConstant(63).lshr();
            } else {
                b.l2i().loadConstant(31).ishr().i2l().loadConstant(M32).land();
            }
            b.lastore();
        } else if (d.op == Op.SETCC && d.mod == 3 && d.rmB < 16) {
            regRef(d.rmB);
            reg(d.rmB);
            b.loadConstant(~0xffL).land();
            cond(d.sub);
            b.i2l().lor().lastore();
        } else if (d.op == Op.CMOVCC && (d.opSize == 8 || d.opSize == 4) && (d.mod == 3 || plain(d))) {
            // the source is read (and may fault) whether or not it moves; 32 bits always zero-extend
            if (d.mod == 3) reg(d.rm);
            else read(d, d.opSize);
            b.lstore(x);
            Label keep = b.newLabel(), done = b.newLabel();
            cond(d.sub);
            b.ifeq(keep);
            regRef(d.reg);
            b.lload(x);
            mask(d.opSize == 8 ? -1L : M32);
            b.lastore().goto_(done);
            b.labelBinding(keep);
            if (d.opSize == 4) {
                regRef(d.reg);
                reg(d.reg);
                mask(M32);
                b.lastore();
            }
            b.labelBinding(done);
        } else if ((d.op == Op.SSE_MOV_LOAD || d.op == Op.SSE_MOV_STORE) && d.map == 1
                && (d.mod == 3 || plain(d)) && !(d.op == Op.SSE_MOV_STORE && d.mod == 3 && d.sub == 2)) {
            int g = d.reg * 2, rm = d.rm * 2;
            if (d.mod == 3) { // register to register
                int to = d.op == Op.SSE_MOV_LOAD ? g : rm, from = d.op == Op.SSE_MOV_LOAD ? rm : g;
                xmmRef(to);
                xmmRef(from);
                b.laload().lastore();
                xmmRef(to + 1);
                xmmRef(from + 1);
                b.laload().lastore();
                return false;
            }
            address128(k, d, d.sub != 0); // the aligned forms: #GP on a misaligned address
            if (d.op == Op.SSE_MOV_LOAD) {
                read128();
                xmmRef(g);
                b.lload(t1).lastore();
                xmmRef(g + 1);
                b.lload(t2).lastore();
            } else {
                b.aload(m).lload(x).loadConstant(16)
                        .invokevirtual(CD_MMU, "checkWrite", MethodTypeDesc.of(CD_void, CD_long, CD_int));
                b.aload(m).lload(x);
                xmmRef(g);
                b.laload();
                writeEnd(8);
                b.aload(m).lload(x).loadConstant(8L).ladd();
                xmmRef(g + 1);
                b.laload();
                writeEnd(8);
                afterStore(k, d);
            }
        } else {
            return generic(k, d);
        }
        return false;
    }

    /**
     * The 128-bit source of a two-operand SSE instruction into t1 (low) and t2 (high): a
     * register, or an aligned memory operand (#GP, returned, when misaligned).
     */
    boolean sseSource(int k, Insn d) {
        if (d.mod == 3) {
            xmmRef(d.rm * 2);
            b.laload().lstore(t1);
            xmmRef(d.rm * 2 + 1);
            b.laload().lstore(t2);
            return true;
        }
        address128(k, d, true);
        read128();
        return true;
    }

    /** The address of a 128-bit memory operand into x; when {@code aligned}, #GP (returned) unless 16-byte aligned. */
    void address128(int k, Insn d, boolean aligned) {
        ea(d, false);
        b.lstore(x);
        if (!aligned) return;
        Label ok = b.newLabel();
        b.lload(x).loadConstant(15L).land().lconst_0().lcmp().ifeq(ok);
        setRip(d.next);
        exit((k << 4) | Exit.GP);
        b.labelBinding(ok);
    }

    /** Reads the 16 bytes at x into t1 (low) and t2 (high). */
    void read128() {
        b.aload(m).lload(x);
        readAt(8);
        b.lstore(t1);
        b.aload(m).lload(x).loadConstant(8L).ladd();
        readAt(8);
        b.lstore(t2);
    }

    /** SHL, SHR, SAR, ROL or ROR of a register by a nonzero immediate count, flags as the interpreter's. */
    private void shiftOrRotate(Insn d) {
        coreFlags(); // a rotate keeps the other flags from Core's record
        regRef(d.fdst);
        b.aload(C).loadConstant(d.reg & 7).loadConstant(d.opSize);
        reg(d.fdst);
        b.loadConstant(d.fsrc);
        b.invokestatic(CD_ALU, d.fast == Fast.F_SHIFT_RI ? "shiftLazy" : "rotateLazy",
                MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_int));
        b.lastore();
    }

    /** The r/m operand (a register, or a plain memory operand: it may fault) into x, zero-extended from its size. */
    private void operandToX(Insn d) {
        if (d.mod == 3) {
            reg(d.rm);
            mask(Core.mask(d.opSize));
        } else {
            read(d, d.opSize);
        }
        b.lstore(x);
    }

    /** Two-operand IMUL: r[dst] = Alu.imul(r[dst], x) at {@code size} (x already zero-extended to it). */
    private void imul(int dst, int size) {
        imulTo(dst, size, () -> {
            reg(dst);
            mask(Core.mask(size));
            b.lload(x);
        });
    }

    /** r[dst] = Alu.imul(a, b) at {@code size}, the two operands pushed by {@code operands}. */
    private void imulTo(int dst, int size, Runnable operands) {
        if (flagsDead(at)) { // the product alone: its low bits are the same signed or not
            regRef(dst);
            operands.run();
            b.lmul();
            mask(Core.mask(size));
            b.lastore();
            return;
        }
        coreFlags();
        regRef(dst);
        b.aload(C).loadConstant(size);
        operands.run();
        b.invokestatic(CD_ALU, "imul", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long, CD_long));
        mask(Core.mask(size));
        b.lastore();
    }

    /**
     * ALU operation, INC or DEC on a memory operand: read, compute, write (which may fault:
     * nothing is changed before it), then the flags. CMP only reads.
     */
    boolean aluMem(int k, Insn d) {
        int size = d.opSize;
        int kind = switch (d.fast) {
            case Fast.F_INC_M -> -1;
            case Fast.F_DEC_M -> -2;
            default -> d.sub;
        };
        if (kind == Op.ADC || kind == Op.SBB) return generic(k, d);
        ea(d, false);
        b.lstore(x);
        if (kind != Op.CMP) { // checked for writing first, as the interpreter does (the fault says "write")
            b.aload(m).lload(x).loadConstant(size).invokevirtual(CD_MMU, "checkWrite", MethodTypeDesc.of(CD_void, CD_long, CD_int));
        }
        b.aload(m).lload(x);
        readAt(size);
        b.lstore(t1);
        if (kind < 0) {
            coreFlags(); // INC and DEC keep CF: Alu sets the record after the write
            b.aload(m).lload(x).lload(t1).loadConstant(kind == -1 ? 1L : -1L).ladd();
            writeEnd(size);
            b.aload(C).loadConstant(size).lload(t1)
                    .invokestatic(CD_ALU, kind == -1 ? "inc" : "dec", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_long))
                    .pop2();
            afterStore(k, d);
            return false;
        }
        if (d.fast == Fast.F_ALU_MR) reg(d.fsrc);
        else b.loadConstant(d.imm);
        b.lstore(t2);
        if (kind == Op.CMP) {
            alu(d, size);
            return false;
        }
        b.aload(m).lload(x).lload(t1).lload(t2);
        switch (kind) {
            case Op.ADD -> b.ladd();
            case Op.OR -> b.lor();
            case Op.AND -> b.land();
            case Op.XOR -> b.lxor();
            default -> b.lsub();
        }
        writeEnd(size);
        aluFlags(kind, size);
        afterStore(k, d);
        return false;
    }

    /** ALU kind d.sub on t1, t2 (operand-size values; t2 may be a sign-extended immediate); writes r[fdst] unless CMP. */
    void alu(Insn d, int size) {
        int kind = d.sub;
        if (kind == Op.ADC || kind == Op.SBB) {
            coreFlags(); // they read CF
            b.aload(C).loadConstant(kind).loadConstant(size).lload(t1).lload(t2)
                    .invokestatic(CD_ALU, "alu", MethodTypeDesc.of(CD_long, CD_CORE, CD_int, CD_int, CD_long, CD_long))
                    .lstore(x);
            regRef(d.fdst);
            b.lload(x);
            if (size == 1) byteMerge(d.fdst);
            b.lastore();
            return;
        }
        aluFlags(kind, size);
        if (kind != Op.CMP && d.fast != Fast.F_ALU_MR && d.fast != Fast.F_ALU_MI) {
            regRef(d.fdst);
            b.lload(res);
            mask(Core.mask(size));
            if (size == 1) byteMerge(d.fdst);
            b.lastore();
        }
    }

    /** Replaces the low byte of r[reg] with the byte value on the stack. */
    void byteMerge(int reg) {
        reg(reg);
        b.loadConstant(~0xffL).land().lor();
    }

    /** The flag record of ALU kind on t1, t2 becomes pending: a, bb, res take the operands and result. */
    void aluFlags(int kind, int size) {
        b.lload(t1).lstore(a).lload(t2).lstore(bb);
        b.lload(a).lload(bb);
        switch (kind) {
            case Op.ADD -> b.ladd();
            case Op.OR -> b.lor();
            case Op.AND -> b.land();
            case Op.XOR -> b.lxor();
            default -> b.lsub(); // SUB, CMP
        }
        b.lstore(res);
        flagKind = switch (kind) {
            case Op.ADD -> Core.L_ADD;
            case Op.SUB, Op.CMP -> Core.L_SUB;
            default -> Core.L_LOGIC;
        };
        flagSize = size;
        pending = true;
        carried = false; // a new record (a, bb, res hold it now): the carried one is gone
        unlessObserved();
    }

    /**
     * After an instruction set the flag locals: when its flags are dead (an instruction that
     * writes them all comes first), nothing is pending — Core's record is stale until then,
     * which nothing can see.
     */
    private void unlessObserved() {
        if (flagsDead(at)) {
            pending = false;
            flagKind = 0;
        }
    }

    void test(int size) {
        b.lload(t1).lstore(a).lload(t2).lstore(bb);
        b.lload(a).lload(bb).land().lstore(res);
        flagKind = Core.L_LOGIC;
        flagSize = size;
        pending = true;
        carried = false; // a new record (a, bb, res hold it now): the carried one is gone
        unlessObserved();
    }

}
