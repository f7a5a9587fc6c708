package io.gradtape.internal.autodiff;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.internal.ops.Primitive;
import io.gradtape.ops.OpCase;
import io.gradtape.ops.OpTable;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The op table reaches every primitive, so every per-op check (forward, finite differences, second order, JVP
 * both ways, batched cotangents) runs on every primitive: each case runs once on a tape of its own, and the
 * primitives its entries name are collected. The exceptions: {@code READ_VARIABLE}, which only a variable makes
 * (the table's inputs are plain tensors, and variable reads are checked by the tape's tests), and
 * {@code TRUNCATE_DIV}, whose operands are integers only, which a tape never records (no gradient flows through
 * an integer); its rows still run the forward checks. And {@code CTC_GRADIENT}, which only ctcLoss's derivative rule makes
 * (so a forward run records none); its rule refuses, as ctcLoss has no second derivative ({@code CtcLossTest}).
 */
class OpTableCoverageTest {
    @Test
    void everyPrimitiveIsReachedByTheOpTable() {
        Set<Primitive> reached = EnumSet.noneOf(Primitive.class);
        for (OpCase c : OpTable.all()) {
            List<Tensor> xs = c.inputs(c.sample(new Random(1)), DType.FLOAT64);
            Tape tape = new Tape(false, true);
            TapeStack.Recorder recording = TapeStack.push(tape, tape);
            try {
                xs.forEach(tape::watch);
                c.apply(xs);
            } finally {
                TapeStack.pop(recording);
            }
            for (TapeEntry e : tape.entries) {
                reached.add(e.op());
            }
        }
        Set<Primitive> missing = EnumSet.complementOf(EnumSet.copyOf(reached));
        missing.remove(Primitive.READ_VARIABLE);
        missing.remove(Primitive.TRUNCATE_DIV);
        missing.remove(Primitive.CTC_GRADIENT);
        assertEquals(EnumSet.noneOf(Primitive.class), missing, "primitives no row of the op table reaches");
    }
}
