package io.gradtape.ops;

import io.gradtape.CustomGradient;
import io.gradtape.DType;

import java.util.ArrayList;
import java.util.List;

import static io.gradtape.Tensors.*;
import static io.gradtape.ops.OpCase.op;
import static io.gradtape.ops.OpCase.s;
import static io.gradtape.ops.OpCase.unary;

/**
 * Rows that are not one op: user-defined derivatives ({@code customGradient}, with correct rules, so finite
 * differences of the value agree with them) and chains of ops (a dense layer, a round trip through float32), where
 * the rules must compose. References are plain loops over {@link NdArray}.
 */
public final class CompositeOpCases {
    private CompositeOpCases() {
    }

    /** Every case. */
    public static List<OpCase> cases() {
        List<OpCase.Builder> t = new ArrayList<>();
        t.add(unary("customGradient", x -> customGradient(x, v -> CustomGradient.of(v.mul(v).mul(v),
                g -> g.mul(v.mul(v)).mul(3.0))), x -> x * x * x).variant("cube, rule 3 x^2 g").domain(-2, 2)
                .shapes(s(3)).shapes(s(2, 40)));
        t.add(op("customGradient", in -> customGradient(in, v -> CustomGradient.ofMany(v.get(0).mul(v.get(1)),
                g -> List.of(g.mul(v.get(1)), g.mul(v.get(0))))), in -> NdArray.zip(in.get(0), in.get(1), (a, b) -> a * b))
                .variant("product of two, one rule per input").shapes(s(2, 2), s(2, 2)).shapes(s(3, 4), s(3, 4)));
        t.add(op("dense layer", in -> reduceMean(square(tanh(add(matmul(in.get(0), in.get(1)), in.get(2))))),
                in -> denseLayer(in.get(0), in.get(1), in.get(2)))
                .variant("mean(tanh(x w + b)^2)").tol32(1e-4, 1e-5).shapes(s(4, 3), s(3, 2), s(2)));
        t.add(unary("cast", x -> mul(cast(cast(x, x.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32), x.dtype()), x),
                x -> x * x).variant("round trip through the other float, times x")
                // float64 -> float32 rounds (relative 2^-24): a large step, exact for this product up to that rounding
                .tol64(0, 1e-7).fdStep(1e-2).gradTol(1e-4, 1e-4).shapes(s(3)));
        return OpCase.expand(t);
    }

    /** {@code mean(tanh(x w + b)^2)} for x (n, k), w (k, m), b (m). */
    private static NdArray denseLayer(NdArray x, NdArray w, NdArray b) {
        NdArray y = NdArray.matmul(x, w, false, false);
        int m = w.shape()[1];
        double s = 0;
        for (int i = 0; i < y.data().length; i++) {
            double a = Math.tanh(y.data()[i] + b.data()[i % m]);
            s += a * a;
        }
        return new NdArray(new int[0], new double[] {s / y.data().length});
    }
}
