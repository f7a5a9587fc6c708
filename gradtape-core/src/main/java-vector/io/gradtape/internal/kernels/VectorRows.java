package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link KernelProvider#f32Row}: a row of {@code q} floats broadcast over the rows of a
 * full operand ({@code (M, N) + (N,)}, a bias add), one vector load of the row per vector of each output row.
 * The plain loop ({@link ScalarKernels#f32Row}) runs each output row as its own loop of q iterations, which C2
 * leaves scalar when q is small (a vectorized loop runs only from a few unrolled vectors' worth of iterations
 * on): the 32 x 16 bias add of a tiny MLP took 0.3 us there. One IEEE operation per element, in the operands'
 * order, so the same bits as the plain loop; rows shorter than a vector take the plain loop.
 */
final class VectorRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** F's vector class: every store goes through {@code FVC.cast} (see {@link VectorKernels#FVC}). */
    private static final Class<FloatVector> FVC = VectorKernels.FVC;

    private VectorRows() {
    }

    static void f32Row(Primitive p, float[] a, float[] row, boolean rowLeft, float[] o, int q) {
        if (q < F.length()) {
            ScalarKernels.INSTANCE.f32Row(p, a, row, rowLeft, o, q);
            return;
        }
        int bound = F.loopBound(q);
        int n = o.length;
        if (!rowLeft) {
            switch (p) {
                case ADD -> {
                    for (int base = 0; base < n; base += q) {
                        int j = 0;
                        for (; j < bound; j += F.length()) {
                            FVC.cast(FloatVector.fromArray(F, a, base + j).add(FloatVector.fromArray(F, row, j))).intoArray(o, base + j);
                        }
                        for (; j < q; j++) o[base + j] = a[base + j] + row[j];
                    }
                }
                case SUB -> {
                    for (int base = 0; base < n; base += q) {
                        int j = 0;
                        for (; j < bound; j += F.length()) {
                            FVC.cast(FloatVector.fromArray(F, a, base + j).sub(FloatVector.fromArray(F, row, j))).intoArray(o, base + j);
                        }
                        for (; j < q; j++) o[base + j] = a[base + j] - row[j];
                    }
                }
                case MUL -> {
                    for (int base = 0; base < n; base += q) {
                        int j = 0;
                        for (; j < bound; j += F.length()) {
                            FVC.cast(FloatVector.fromArray(F, a, base + j).mul(FloatVector.fromArray(F, row, j))).intoArray(o, base + j);
                        }
                        for (; j < q; j++) o[base + j] = a[base + j] * row[j];
                    }
                }
                case DIV -> {
                    for (int base = 0; base < n; base += q) {
                        int j = 0;
                        for (; j < bound; j += F.length()) {
                            FVC.cast(FloatVector.fromArray(F, a, base + j).div(FloatVector.fromArray(F, row, j))).intoArray(o, base + j);
                        }
                        for (; j < q; j++) o[base + j] = a[base + j] / row[j];
                    }
                }
                default -> throw ElementwiseKernels.noKernel("VectorRows", p);
            }
            return;
        }
        switch (p) {
            case ADD -> {
                for (int base = 0; base < n; base += q) {
                    int j = 0;
                    for (; j < bound; j += F.length()) {
                        FVC.cast(FloatVector.fromArray(F, row, j).add(FloatVector.fromArray(F, a, base + j))).intoArray(o, base + j);
                    }
                    for (; j < q; j++) o[base + j] = row[j] + a[base + j];
                }
            }
            case SUB -> {
                for (int base = 0; base < n; base += q) {
                    int j = 0;
                    for (; j < bound; j += F.length()) {
                        FVC.cast(FloatVector.fromArray(F, row, j).sub(FloatVector.fromArray(F, a, base + j))).intoArray(o, base + j);
                    }
                    for (; j < q; j++) o[base + j] = row[j] - a[base + j];
                }
            }
            case MUL -> {
                for (int base = 0; base < n; base += q) {
                    int j = 0;
                    for (; j < bound; j += F.length()) {
                        FVC.cast(FloatVector.fromArray(F, row, j).mul(FloatVector.fromArray(F, a, base + j))).intoArray(o, base + j);
                    }
                    for (; j < q; j++) o[base + j] = row[j] * a[base + j];
                }
            }
            case DIV -> {
                for (int base = 0; base < n; base += q) {
                    int j = 0;
                    for (; j < bound; j += F.length()) {
                        FVC.cast(FloatVector.fromArray(F, row, j).div(FloatVector.fromArray(F, a, base + j))).intoArray(o, base + j);
                    }
                    for (; j < q; j++) o[base + j] = row[j] / a[base + j];
                }
            }
            default -> throw ElementwiseKernels.noKernel("VectorRows", p);
        }
    }
}
