package io.gradtape.internal.autodiff;

import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.internal.ops.Dispatch;
import io.gradtape.internal.ops.Params;
import io.gradtape.internal.ops.Primitive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batched-cotangent convention for the op library's derivative rules: a rule given {@code g} with a leading
 * batch of two cotangents must return, after {@link Unbroadcast#sumTo} with batch rank 1, exactly the two
 * results of the rule applied to each cotangent alone. (Jacobians sweep all rows at once that way.)
 */
class BatchedLibraryVjpTest {
    private static Tensor rand(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Tensors.constant(v, shape);
    }

    private static void check(Primitive p, Params params, Tensor... inputs) {
        Tensor out = Dispatch.execute(p, params, inputs.clone());
        TapeEntry e = new TapeEntry(p, params, inputs, out);
        boolean[] needed = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needed[i] = inputs[i].dtype().isFloating();
        }
        Tensor g1 = rand(1, out.shape().dims());
        Tensor g2 = rand(2, out.shape().dims());
        Tensor gb = Tensors.stack(List.of(g1, g2), 0);
        Tensor[] rb = VjpRules.vjp(e, gb, needed);
        Tensor[] r1 = VjpRules.vjp(e, g1, needed);
        Tensor[] r2 = VjpRules.vjp(e, g2, needed);
        for (int i = 0; i < inputs.length; i++) {
            if (!needed[i]) {
                continue;
            }
            Tensor batched = Unbroadcast.sumTo(rb[i], inputs[i].shape(), 1);
            Tensor one = Unbroadcast.sumTo(r1[i], inputs[i].shape(), 0);
            Tensor two = Unbroadcast.sumTo(r2[i], inputs[i].shape(), 0);
            Tensor want = Tensors.stack(List.of(one, two), 0);
            assertEquals(want.shape(), batched.shape(), p + " input " + i);
            assertArrayEquals(want.toDoubleArray(), batched.toDoubleArray(), 1e-12, p + " input " + i);
        }
    }

    @Test
    void elementwiseRules() {
        Tensor x = rand(3, 2, 3);
        check(Primitive.LOG1P, null, Tensors.add(Tensors.abs(x), Tensors.constant(0.1)));
        check(Primitive.EXPM1, null, x);
        check(Primitive.ERF, null, x);
    }

    @Test
    void scanRules() {
        check(Primitive.SCAN, new Params.Scan(1, false), rand(4, 2, 3), rand(5, 2, 3));
        check(Primitive.SCAN, new Params.Scan(0, true), Tensors.constant(0.7), rand(6, 3, 2));
        check(Primitive.SCAN, new Params.Scan(0, false), rand(7, 3, 1), rand(8, 3, 2));
        check(Primitive.SCAN, new Params.Scan(1, true), rand(9, 4), rand(10, 2, 4));
    }

    @Test
    void gatherAndScatterRules() {
        check(Primitive.GATHER, new Params.Axis(1), rand(11, 3, 4), Tensors.constant(new int[] {3, 0, 3}, 3));
        check(Primitive.GATHER, new Params.Axis(0), rand(12, 3, 2), Tensors.constant(new int[] {2, 2, 0, 1}, 2, 2));
        check(Primitive.SCATTER_ADD, new Params.Segments(1, 4), rand(13, 2, 3, 2), Tensors.constant(new int[] {3, 0, 3}, 3));
        check(Primitive.SCATTER_ADD, new Params.Segments(0, 3), rand(14, 2, 2), Tensors.constant(new int[] {1, 1, 0, 2}, 2, 2));
    }
}
