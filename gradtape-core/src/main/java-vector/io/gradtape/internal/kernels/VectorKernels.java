package io.gradtape.internal.kernels;

import io.gradtape.internal.ops.Primitive;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The {@link KernelProvider} written with the Vector API ({@code jdk.incubator.vector}, JDK 16+), loaded by
 * {@link Vectorization} only when that module is in the JVM. Vectors are of the preferred species the JDK reports
 * for this CPU (512 bits with AVX-512, 256 with AVX2, 128 with SSE or NEON); each loop runs whole vectors over
 * {@code [lo, lo + loopBound)} and finishes the tail with the scalar loop, so every size is handled.
 *
 * <ul>
 *   <li>{@code + - * /} and relu: one IEEE operation per element, the same bits as {@link ScalarKernels};</li>
 *   <li>sums: one double accumulator per lane (float32 lanes widened to double), the lanes then added in lane
 *       order in scalar code (not {@code reduceLanes}, whose order is unspecified), then the tail: a fixed
 *       grouping that depends on the vector width only, so the same bits on every run and thread count;</li>
 *   <li>max: lanewise {@code max} (NaN-propagating like the scalar fold); when the result is zero or NaN the
 *       scalar loop recomputes it, so that the sign of a zero and the NaN are exactly the scalar path's;</li>
 *   <li>float32 exp, log, log1p, expm1, sin, cos, tanh, sigmoid, erf and pow: {@link VectorMath} (double lanes, at most 1 ulp from the
 *       correctly rounded result, the same bits on every run and thread count; not the scalar path's bits);</li>
 *   <li>float64 exp, log, log1p, expm1, sin, cos, tanh, sigmoid, erf and pow: {@link VectorMath64} (within 1 ulp of the
 *       correctly rounded result, the same bits on every run and thread count; not {@link Math}'s bits);</li>
 *   <li>the float64 matrix product: {@link VectorDgemm}, the same kernel in doubles;</li>
 *   <li>the float32 matrix product: up to 2^14 multiply-adds (k up to 256) {@link VectorSmallGemm}, with the
 *       bits of the kernel below that the product would otherwise have; above, {@link VectorGemm}, an 8 x 2-vector
 *       register tile (6 x 2 with vectors narrower than 512 bits; products below 16^3 multiply-adds, and those
 *       with fewer than 16 columns unless they have 16 rows and k up to 256, are declined: {@link BlockedGemm}
 *       does those at least as well, and computes the narrow ones as C^T).</li>
 * </ul>
 * C2 compiles these loops into SIMD instructions only when the operator is a constant at the call, hence one
 * loop per operator instead of {@code lanewise(op, ...)} with a variable op. Every vector store here (and in
 * {@link VectorRows} and {@link VectorSmallGemm}) takes its vector through {@link #FVC} or {@link #DVC}, as
 * {@link VectorGemm}'s do: the store intrinsic then no longer depends on the store's shared type profile, which
 * other vector shapes (VectorMath's 256-bit floats) make bimorphic; warmcold saw where32Scalar's blend store fail
 * to intrinsify that way. Same bits (a cast); no measurable change in the cases tried on 2026-12-02 (Tensors.mul
 * of 1,024 floats, a (64,16)+(16,) row add, a 64x16 by 16x16 product, each with and without 30,000 float32 sin
 * calls first: 236-500 ns per call either way, load 8-11), so it is insurance, not a measured speed-up.
 */
final class VectorKernels implements KernelProvider {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /**
     * The concrete classes of F's and D's vectors. Every store takes its vector through {@code FVC.cast} or
     * {@code DVC.cast}, so that C2 intrinsifies it whatever the shared type profile of the Vector API's store says
     * (see "Exact vector types" in {@link VectorGemm}'s class comment).
     */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> FVC = (Class<FloatVector>) F.vectorType();
    @SuppressWarnings("unchecked")
    static final Class<DoubleVector> DVC = (Class<DoubleVector>) D.vectorType();
    /** Floats that widen into one preferred double vector (half its bits). */
    private static final VectorSpecies<Float> HALF_F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(64, D.vectorBitSize() / 2)));
    /** The concrete class of HALF_F's vectors, for its stores (as FVC). */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> HFVC = (Class<FloatVector>) HALF_F.vectorType();
    static final long GEMM_MIN_MACS = 16L * 16 * 16;
    static final int GEMM_MIN_COLUMNS = 16;

    private final String why;

    VectorKernels() {
        String vm = System.getProperty("java.vm.info", "");
        if (F.vectorBitSize() < 128) {
            why = "the preferred vector is " + F.vectorBitSize() + " bits (no SIMD unit the JDK uses)";
        } else if (vm.contains("interpreted")) {
            why = "the JVM runs interpreted (-Xint): Vector API code would be far slower than scalar loops";
        } else {
            why = null;
        }
    }

    @Override
    public String name() {
        return why == null ? "Vector API " + F.vectorBitSize() + "-bit (jdk.incubator.vector)" : why;
    }

    @Override
    public boolean vectorized() {
        return why == null;
    }

    @Override
    public boolean sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                         float[] c, int co) {
        if (VectorSmallGemm.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co)) {
            return true; // small products: the same bits as the kernels below, without their packing
        }
        // Declined: few columns (n < 16) with few rows (m < 16) or a deep sum (k > VectorGemm.KB); BlockedGemm
        // computes those as C^T. The tests are bits (x >>> 31 is 1 for x < 0, all sizes being >= 0), not
        // branches: C2 compiles a branch no call has taken as a trap, and a JVM's first narrow product (the
        // MNIST MLP's 10-wide ones after other work) would make this method and every method that inlined it
        // not entrant.
        int narrow = (n - GEMM_MIN_COLUMNS) >>> 31;
        int declined = narrow & (((m - GEMM_MIN_COLUMNS) >>> 31) | ((VectorGemm.KB - k) >>> 31));
        if (declined != 0 || (long) m * n * k < GEMM_MIN_MACS) {
            return false;
        }
        // A product with fewer than 16 columns, at least 16 rows and k <= KB runs here in one edge panel (16-31
        // of its lanes wasted) rather than in BlockedGemm: each element is one chain of fused multiply-adds over p
        // in order from +0 in both kernels up to one slab, so C has BlockedGemm's bits (NarrowGemmBitsTest). The
        // reason is warm-up, not speed: in WarmCold mixed 2 the MNIST MLP's 10-wide products (128x128 @ 128x10
        // and its weight gradient) were the JVM's first BlockedGemm calls; BlockedGemm ran in the interpreter and
        // C1 through the MLP's first steps and then cost C2 37-41 KB of compiled code, while this kernel is
        // compiled already. The same holds for a kernel of their own: a vector kernel for fewer columns than a
        // vector in VectorSmallGemm (op(B) padded to one vector per row, eight rows of C per register tile, A read
        // in place) ran 128x128 @ 128x10 in 8.3-8.5 us against 14.3-14.9 here (as of 270fc49) and
        // (128x128)^T @ 128x10 in 7.1-8.2 against 13.9-14.5 (Tensors.matmul, one thread, 2026-12-03 16:16-16:20
        // UTC, load 1.8-2.5, 2-core Intel Xeon), but in WarmCold mixed 2 (16:32-16:36, load 2.9-4.0, five alternated pairs) it raised the main
        // thread's CPU over the MLP's first 100 steps from 1.97-2.32 to 2.66-3.63 ms per step (steady 1.41-1.63
        // either way; JIT CPU 1.1-2.8 -> 2.1-4.3 ms per step): it ran in C1 until C2 compiled it, against about
        // 13 us saved per steady step. Landed as 52b29d6 and reverted.
        VectorGemm.sgemm(ta, tb, m, n, k, a, ao, b, bo, c, co);
        return true;
    }

    @Override
    public boolean dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo,
                         double[] c, int co) {
        if (n < GEMM_MIN_COLUMNS / 2 || (long) m * n * k < GEMM_MIN_MACS) {
            return false;
        }
        VectorDgemm.dgemm(ta, tb, m, n, k, a, ao, b, bo, c, co);
        return true;
    }

    @Override
    public boolean unary32(Primitive p, float[] a, float[] o, int lo, int hi) {
        if (!VectorMath.has(p)) {
            return false;
        }
        VectorMath.unary32(p, a, o, lo, hi);
        return true;
    }

    @Override
    public boolean unary64(Primitive p, double[] a, double[] o, int lo, int hi) {
        if (!VectorMath64.has(p)) {
            return false;
        }
        VectorMath64.unary64(p, a, o, lo, hi);
        return true;
    }

    @Override
    public boolean pow64(double[] a, double[] b, double[] o, int lo, int hi) {
        VectorMath64.pow64(a, b, o, lo, hi);
        return true;
    }

    @Override
    public void f32(Primitive p, float[] a, float[] b, float[] o, int lo, int hi) {
        Loop32 k = F32[p.ordinal()];
        if (k == null) {
            throw ElementwiseKernels.noKernel("VectorKernels", p);
        }
        k.run(a, b, o, lo, hi);
    }

    /**
     * One operator's float32 loop {@code o[i] = a[i] op b[i]}, called through {@link #F32} (a virtual call) so
     * that C2 compiles each operator's loop on its own instead of all four inside {@code f32}'s switch. There, the
     * loops no call had entered yet were compiled as traps: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03)
     * the MNIST MLP's first division of more than one vector's worth of floats (the other workloads divided
     * scalars only) made {@code f32} not entrant, and every float32 add, subtract and multiply of the MLP's first
     * 100 steps ran C1's code, which runs the Vector API's allocating Java fallback, for the 2.1 s until C2
     * compiled {@code f32} again. Now such a trap costs only that operator's loop.
     */
    private abstract static class Loop32 {
        abstract void run(float[] a, float[] b, float[] o, int lo, int hi);
    }

    /** {@link Loop32} by primitive ordinal: ADD, SUB, MUL and DIV; null for the others. */
    private static final Loop32[] F32 = new Loop32[Primitive.values().length];

    static {
        F32[Primitive.ADD.ordinal()] = new Loop32() {
            @Override
            void run(float[] a, float[] b, float[] o, int lo, int hi) {
                int i = lo;
                int bound = lo + F.loopBound(hi - lo);
                for (; i < bound; i += F.length()) {
                    FVC.cast(FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] + b[i];
            }
        };
        F32[Primitive.SUB.ordinal()] = new Loop32() {
            @Override
            void run(float[] a, float[] b, float[] o, int lo, int hi) {
                int i = lo;
                int bound = lo + F.loopBound(hi - lo);
                for (; i < bound; i += F.length()) {
                    FVC.cast(FloatVector.fromArray(F, a, i).sub(FloatVector.fromArray(F, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] - b[i];
            }
        };
        F32[Primitive.MUL.ordinal()] = new Loop32() {
            @Override
            void run(float[] a, float[] b, float[] o, int lo, int hi) {
                int i = lo;
                int bound = lo + F.loopBound(hi - lo);
                for (; i < bound; i += F.length()) {
                    FVC.cast(FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] * b[i];
            }
        };
        F32[Primitive.DIV.ordinal()] = new Loop32() {
            @Override
            void run(float[] a, float[] b, float[] o, int lo, int hi) {
                int i = lo;
                int bound = lo + F.loopBound(hi - lo);
                for (; i < bound; i += F.length()) {
                    FVC.cast(FloatVector.fromArray(F, a, i).div(FloatVector.fromArray(F, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] / b[i];
            }
        };
    }

    @Override
    public void f32Right(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        try {
            RIGHT32[p.ordinal()].invokeExact(p, a, c, o, lo, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    @Override
    public void f32Row(Primitive p, float[] a, float[] row, boolean rowLeft, float[] o, int q) {
        // rows shorter than a vector go to the scalar loop, longer ones to VectorRows.f32Row, through a handle
        // chosen by a bit: a branch here (or in VectorRows.f32Row) was compiled as a trap in a JVM whose rows had
        // all been a vector or longer (the tiny MLP's 16 floats), and the first short row (the MNIST MLP's 10-wide
        // bias in WarmCold mixed 2, 2026-12-03, -XX:+LogCompilation: f32Row@10 inlined in FastLoops.binary) made
        // FastLoops.binary not entrant, its bias adds then running C1's code. A handle that is not a constant is
        // not inlined and has no profile, so a short row deoptimizes nothing.
        try {
            ROW32[(q - F.length()) >>> 31].invokeExact(p, a, row, rowLeft, o, q);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** {@link #f32Row}'s kernels by {@code q < F.length()}: the vector rows, the scalar loop. */
    private static final MethodHandle[] ROW32 = {rowHandle(VectorRows.class, "f32Row"),
        rowHandle(VectorKernels.class, "f32RowScalar")};

    private static void f32RowScalar(Primitive p, float[] a, float[] row, boolean rowLeft, float[] o, int q) {
        ScalarKernels.INSTANCE.f32Row(p, a, row, rowLeft, o, q);
    }

    private static MethodHandle rowHandle(Class<?> where, String name) {
        MethodType type = MethodType.methodType(void.class, Primitive.class, float[].class, float[].class,
                boolean.class, float[].class, int.class);
        return KernelHandles.find(MethodHandles.lookup(), where, name, type);
    }

    @Override
    public void f32Left(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        try {
            LEFT32[p.ordinal()].invokeExact(p, c, b, o, lo, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    private static void rightAdd(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(FloatVector.fromArray(F, a, i).add(vc)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = a[i] + c;
    }

    private static void rightSub(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(FloatVector.fromArray(F, a, i).sub(vc)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = a[i] - c;
    }

    private static void rightMul(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(FloatVector.fromArray(F, a, i).mul(vc)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = a[i] * c;
    }

    private static void rightDiv(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(FloatVector.fromArray(F, a, i).div(vc)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = a[i] / c;
    }

    private static void leftAdd(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(vc.add(FloatVector.fromArray(F, b, i))).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = c + b[i];
    }

    private static void leftSub(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(vc.sub(FloatVector.fromArray(F, b, i))).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = c - b[i];
    }

    private static void leftMul(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(vc.mul(FloatVector.fromArray(F, b, i))).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = c * b[i];
    }

    private static void leftDiv(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vc = FloatVector.broadcast(F, c);
        for (; i < bound; i += F.length()) {
            FVC.cast(vc.div(FloatVector.fromArray(F, b, i))).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = c / b[i];
    }

    private static void rightNone(Primitive p, float[] a, float c, float[] o, int lo, int hi) {
        throw ElementwiseKernels.noKernel("VectorKernels", p);
    }

    private static void leftNone(Primitive p, float c, float[] b, float[] o, int lo, int hi) {
        throw ElementwiseKernels.noKernel("VectorKernels", p);
    }

    /**
     * {@link #f32Right}'s and {@link #f32Left}'s loops by the primitive's ordinal (the same loops as the
     * {@code switch} they replace, so the same bits), as handles read from arrays: not constants, so not inlined,
     * and an op new to the JVM compiles its own loop and deoptimizes nothing. C2 had compiled the switch with the
     * cases no call had reached cut off: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-13:56 UTC, 7 of
     * 8 runs of base 1389e5e), the MNIST MLP's first array-by-scalar op of a kind new to the JVM trapped at
     * f32Right@39 and C2 compiled f32Right again (2.9-3.1 KB); in the 6 logged runs with this table, no trap here.
     */
    private static final MethodHandle[] RIGHT32 = opTable("right",
            MethodType.methodType(void.class, Primitive.class, float[].class, float.class, float[].class, int.class,
                    int.class));
    private static final MethodHandle[] LEFT32 = opTable("left",
            MethodType.methodType(void.class, Primitive.class, float.class, float[].class, float[].class, int.class,
                    int.class));

    /** {@code prefix + Add/Sub/Mul/Div} for the four arithmetic ops, {@code prefix + None} (throws) for the rest. */
    private static MethodHandle[] opTable(String prefix, MethodType type) {
        return KernelHandles.byPrimitive(MethodHandles.lookup(), VectorKernels.class, type, q -> prefix + switch (q) {
            case ADD -> "Add";
            case SUB -> "Sub";
            case MUL -> "Mul";
            case DIV -> "Div";
            default -> "None";
        });
    }

    @Override
    public boolean pow32(float[] a, int as, float[] b, int bs, float[] o, int lo, int hi) {
        if (!VectorMath.hasPow()) {
            return false;
        }
        VectorMath.pow32(a, as, b, bs, o, lo, hi);
        return true;
    }

    @Override
    public void f64(Primitive p, double[] a, double[] b, double[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        switch (p) {
            case ADD -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).add(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] + b[i];
            }
            case SUB -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).sub(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] - b[i];
            }
            case MUL -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).mul(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] * b[i];
            }
            case DIV -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).div(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] / b[i];
            }
            default -> throw ElementwiseKernels.noKernel("VectorKernels", p);
        }
    }

    @Override
    public void f64Right(Primitive p, double[] a, double c, double[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        DoubleVector vc = DoubleVector.broadcast(D, c);
        switch (p) {
            case ADD -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).add(vc)).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] + c;
            }
            case SUB -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).sub(vc)).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] - c;
            }
            case MUL -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).mul(vc)).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] * c;
            }
            case DIV -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(DoubleVector.fromArray(D, a, i).div(vc)).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] / c;
            }
            default -> throw ElementwiseKernels.noKernel("VectorKernels", p);
        }
    }

    @Override
    public void f64Left(Primitive p, double c, double[] b, double[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        DoubleVector vc = DoubleVector.broadcast(D, c);
        switch (p) {
            case ADD -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(vc.add(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = c + b[i];
            }
            case SUB -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(vc.sub(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = c - b[i];
            }
            case MUL -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(vc.mul(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = c * b[i];
            }
            case DIV -> {
                for (; i < bound; i += D.length()) {
                    DVC.cast(vc.div(DoubleVector.fromArray(D, b, i))).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = c / b[i];
            }
            default -> throw ElementwiseKernels.noKernel("VectorKernels", p);
        }
    }

    // where and compare: a mask of F's lanes read from or written to the boolean[] (AVX-512: a k register), one
    // blend per vector instead of a branch per element; a relu gradient's where(out > 0, g, 0) over random signs
    // mispredicted half its branches (MLP step, 128 x 256: about 30 us of scalar where, 5 us blended)

    @Override
    public void where32(boolean[] c, float[] a, float[] b, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        for (; i < bound; i += F.length()) {
            VectorMask<Float> m = VectorMask.fromArray(F, c, i);
            FVC.cast(FloatVector.fromArray(F, b, i).blend(FloatVector.fromArray(F, a, i), m)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = c[i] ? a[i] : b[i];
    }

    @Override
    public void reluGrad32(float[] y, float[] g, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector zero = FloatVector.zero(F);
        for (; i < bound; i += F.length()) {
            VectorMask<Float> on = FloatVector.fromArray(F, y, i).compare(VectorOperators.GT, 0f);
            FVC.cast(zero.blend(FloatVector.fromArray(F, g, i), on)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = y[i] > 0f ? g[i] : 0f;
    }

    @Override
    public void where32Scalar(boolean[] c, float[] a, float z, boolean fullWhenTrue, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector vz = FloatVector.broadcast(F, z);
        if (fullWhenTrue) {
            for (; i < bound; i += F.length()) {
                FVC.cast(vz.blend(FloatVector.fromArray(F, a, i), VectorMask.fromArray(F, c, i))).intoArray(o, i);
            }
            for (; i < hi; i++) o[i] = c[i] ? a[i] : z;
        } else {
            for (; i < bound; i += F.length()) {
                FVC.cast(FloatVector.fromArray(F, a, i).blend(vz, VectorMask.fromArray(F, c, i))).intoArray(o, i);
            }
            for (; i < hi; i++) o[i] = c[i] ? z : a[i];
        }
    }

    @Override
    public void compare32Right(Primitive p, float[] a, float z, boolean[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        switch (p) { // GT and LT are ordered comparisons: false for NaN, as Java's > and <
            case GREATER -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, i).compare(VectorOperators.GT, z).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] > z;
            }
            case LESS -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, i).compare(VectorOperators.LT, z).intoArray(o, i);
                }
                for (; i < hi; i++) o[i] = a[i] < z;
            }
            default -> throw ElementwiseKernels.noKernel("VectorKernels", p);
        }
    }

    @Override
    public void relu32(float[] a, float[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector zero = FloatVector.zero(F);
        for (; i < bound; i += F.length()) {
            FVC.cast(FloatVector.fromArray(F, a, i).max(zero)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = Math.max(a[i], 0f);
    }

    /**
     * One pass: each row's vectors of F lanes get the bias's vector added and, if asked, the max with zero (the
     * lanewise MAX is {@code Math.max}: NaN stays NaN, -0 becomes +0), so each element sees the same two roundings
     * as in {@link ScalarKernels#biasRelu32}; a row's last {@code n mod 16} columns run the scalar loop. Measured
     * on the MNIST MLP's step (784-256-128-10, batch 128, one thread, 2026-12-05): the scalar bias loop and the
     * relu pass after it were 1.6% and 0.4% of the step's JFR samples (about 28 us of 1.4 ms); see
     * {@code MatmulKernels.linear}.
     */
    @Override
    public void biasRelu32(float[] c, float[] bias, int n, int rowLo, int rowHi, boolean relu) {
        int bound = F.loopBound(n);
        FloatVector zero = FloatVector.zero(F);
        for (int row = rowLo * n, end = rowHi * n; row < end; row += n) {
            int j = 0;
            for (; j < bound; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, c, row + j).add(FloatVector.fromArray(F, bias, j));
                if (relu) {
                    v = v.max(zero);
                }
                FVC.cast(v).intoArray(c, row + j);
            }
            for (; j < n; j++) {
                float v = c[row + j] + bias[j];
                c[row + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * Widened to double lanes: HALF_F floats, converted exactly, {@code w - g * lr} in double vectors, narrowed with
     * round-to-nearest, as the scalar cast. The scalar loop's float-double conversions are merging scalar
     * instructions (vcvtss2sd, vcvtsd2ss) whose speed on this machine flipped between about 0.5 and 3 ns per
     * element from one JVM to the next (the MlpBench step's update: 130 or 700 us); this loop does the 235,146
     * floats of the 784-256-128-10 MLP in about 25 us.
     */
    @Override
    public void descend32(float[] w, float[] g, double lr, int lo, int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) { // always, for a preferred double vector of 128 bits or more
            DoubleVector l = DoubleVector.broadcast(D, lr);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector x = wide(w, i).sub(wide(g, i).mul(l));
                HFVC.cast(DVC.cast(x).convertShape(VectorOperators.D2F, HALF_F, 0)).intoArray(w, i);
            }
        }
        for (; i < hi; i++) w[i] = (float) (w[i] - g[i] * lr);
    }

    /**
     * Adam in double lanes: HALF_F floats widened exactly, each line of the formula in double vectors, narrowed
     * with round-to-nearest into its array as the scalar cast, and widened back (exactly) for the lines after it,
     * so every later use reads the stored float, as the scalar loop does. +, -, *, / and sqrt are correctly
     * rounded in lanes as in scalar code, and nothing is fused, so the same bits; AMSGrad's max is {@link #max}
     * (Math.max's NaN and zero rules, not the lanewise MAX's). The tail is the scalar loop.
     */
    @Override
    public void adam32(float[] w, float[] g, float[] m, float[] v, float[] vhat, double c1, double c2, double alpha,
                       double epsilon, int lo, int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) { // always, for a preferred double vector of 128 bits or more
            DoubleVector c1v = DoubleVector.broadcast(D, c1), c2v = DoubleVector.broadcast(D, c2);
            DoubleVector av = DoubleVector.broadcast(D, alpha), ev = DoubleVector.broadcast(D, epsilon);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector gi = wide(g, i), mi = wide(m, i), vi = wide(v, i);
                mi = store(mi.add(gi.sub(mi).mul(c1v)), m, i);
                vi = store(vi.add(gi.mul(gi).sub(vi).mul(c2v)), v, i);
                if (vhat != null) {
                    vi = store(max(wide(vhat, i), vi), vhat, i);
                }
                store(wide(w, i).sub(mi.mul(av).div(vi.sqrt().add(ev))), w, i);
            }
        }
        ScalarKernels.INSTANCE.adam32(w, g, m, v, vhat, c1, c2, alpha, epsilon, i, hi);
    }

    /** RMSprop in double lanes, as {@link #adam32}. */
    @Override
    public void rmsprop32(float[] w, float[] g, float[] ms, float[] mg, float[] mom, double rho, double c,
                          double momentum, double epsilon, double lr, int lo, int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) {
            DoubleVector rv = DoubleVector.broadcast(D, rho), cv = DoubleVector.broadcast(D, c);
            DoubleVector muv = DoubleVector.broadcast(D, momentum), ev = DoubleVector.broadcast(D, epsilon);
            DoubleVector lrv = DoubleVector.broadcast(D, lr);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector gi = wide(g, i);
                DoubleVector den = store(rv.mul(wide(ms, i)).add(cv.mul(gi.mul(gi))), ms, i);
                if (mg != null) {
                    DoubleVector a = store(rv.mul(wide(mg, i)).add(cv.mul(gi)), mg, i);
                    den = den.sub(a.mul(a));
                }
                DoubleVector inc = lrv.mul(gi).div(den.add(ev).sqrt());
                if (mom != null) {
                    inc = store(muv.mul(wide(mom, i)).add(inc), mom, i);
                }
                store(wide(w, i).sub(inc), w, i);
            }
        }
        ScalarKernels.INSTANCE.rmsprop32(w, g, ms, mg, mom, rho, c, momentum, epsilon, lr, i, hi);
    }

    /** Adagrad in double lanes, as {@link #adam32}. */
    @Override
    public void adagrad32(float[] w, float[] g, float[] acc, double lr, double epsilon, int lo, int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) {
            DoubleVector lrv = DoubleVector.broadcast(D, lr), ev = DoubleVector.broadcast(D, epsilon);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector gi = wide(g, i);
                DoubleVector a = store(wide(acc, i).add(gi.mul(gi)), acc, i);
                store(wide(w, i).sub(lrv.mul(gi).div(a.add(ev).sqrt())), w, i);
            }
        }
        ScalarKernels.INSTANCE.adagrad32(w, g, acc, lr, epsilon, i, hi);
    }

    /**
     * Lion in double lanes, as {@link #adam32}; {@code Math.signum} by its definition: a zero or NaN stays itself,
     * else +-1.
     */
    @Override
    public void lion32(float[] w, float[] g, float[] m, double beta1, double c1, double beta2, double c2, double lr,
                       int lo, int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) {
            DoubleVector b1 = DoubleVector.broadcast(D, beta1), c1v = DoubleVector.broadcast(D, c1);
            DoubleVector b2 = DoubleVector.broadcast(D, beta2), c2v = DoubleVector.broadcast(D, c2);
            DoubleVector lrv = DoubleVector.broadcast(D, lr);
            DoubleVector one = DoubleVector.broadcast(D, 1), minusOne = DoubleVector.broadcast(D, -1);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector gi = wide(g, i), mi = wide(m, i);
                DoubleVector u = mi.mul(b1).add(gi.mul(c1v));
                DoubleVector sign = one.blend(minusOne, u.lt(0))
                        .blend(u, u.compare(VectorOperators.EQ, 0).or(u.compare(VectorOperators.NE, u)));
                store(wide(w, i).sub(lrv.mul(sign)), w, i);
                store(mi.mul(b2).add(gi.mul(c2v)), m, i);
            }
        }
        ScalarKernels.INSTANCE.lion32(w, g, m, beta1, c1, beta2, c2, lr, i, hi);
    }

    /** SGD with momentum in double lanes, as {@link #adam32}. */
    @Override
    public void momentum32(float[] w, float[] g, float[] m, double momentum, double lr, boolean nesterov, int lo,
                           int hi) {
        int i = lo;
        if (HALF_F.length() == D.length()) {
            DoubleVector muv = DoubleVector.broadcast(D, momentum), lrv = DoubleVector.broadcast(D, lr);
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                DoubleVector gl = wide(g, i).mul(lrv);
                DoubleVector mi = store(wide(m, i).mul(muv).sub(gl), m, i);
                store(wide(w, i).add(nesterov ? mi.mul(muv).sub(gl) : mi), w, i);
            }
        }
        ScalarKernels.INSTANCE.momentum32(w, g, m, momentum, lr, nesterov, i, hi);
    }

    /** {@code a[i, i + D.length())} widened to doubles (exactly), of D's exact vector class. */
    private static DoubleVector wide(float[] a, int i) {
        return DVC.cast(FloatVector.fromArray(HALF_F, a, i).convertShape(VectorOperators.F2D, D, 0));
    }

    /**
     * Stores {@code x} rounded to float (round-to-nearest, as {@code (float)}) into {@code a[i, i + D.length())}
     * and returns the stored floats widened back: what a later read of the array gives.
     */
    private static DoubleVector store(DoubleVector x, float[] a, int i) {
        FloatVector f = HFVC.cast(DVC.cast(x).convertShape(VectorOperators.D2F, HALF_F, 0));
        f.intoArray(a, i);
        return DVC.cast(f.convertShape(VectorOperators.F2D, D, 0));
    }

    /**
     * {@code Math.max(a, b)} lane by lane, by its definition: a NaN {@code a} gives {@code a}, else a NaN {@code b}
     * gives {@code b}; two zeros give {@code a + b} (+0 unless both are -0); else the larger. Written out so
     * that the bits do not rest on how each platform's MAX intrinsic fixes up NaN and signed zeros (x86's
     * {@code maxpd} alone returns its second operand for a NaN and for two zeros); a few compares and blends per
     * vector, for AMSGrad only.
     */
    private static DoubleVector max(DoubleVector a, DoubleVector b) {
        DoubleVector r = a.blend(b, a.lt(b).or(b.compare(VectorOperators.NE, b)));
        r = r.blend(a.add(b), a.compare(VectorOperators.EQ, 0).and(b.compare(VectorOperators.EQ, 0)));
        return r.blend(a, a.compare(VectorOperators.NE, a));
    }

    @Override
    public void relu64(double[] a, double[] o, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        DoubleVector zero = DoubleVector.zero(D);
        for (; i < bound; i += D.length()) {
            DVC.cast(DoubleVector.fromArray(D, a, i).max(zero)).intoArray(o, i);
        }
        for (; i < hi; i++) o[i] = Math.max(a[i], 0d);
    }

    /** The type of sum32's methods: (a, lo, hi) to the sum. */
    private static final MethodType SUM_RANGE32 = MethodType.methodType(double.class, float[].class, int.class,
            int.class);

    @Override
    public double sum32(float[] a, int lo, int hi) {
        try {
            return (double) SUM32[Math.min((hi - lo) / (2 * HALF_F.length()), 1)].invokeExact(a, lo, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * sum32 by length, chosen by {@code Math.min} (not a branch) and called through handles: fewer than two
     * vectors of floats ({@link #shortSum32}) or more ({@link #vectorSum32}). Below two vectors the vector loop
     * runs at most once, and {@code lanes(0 + x)} then adds the floats one by one from 0 in order, as
     * shortSum32 does: the same bits. The short sums are the rows of a classifier's logits (the MNIST MLP's loss
     * sums 128 rows of 10, twice per step): in a JVM that had not summed short rows before, the vector loop ran
     * in C1 over the MLP's first steps, where each vector operation is the Vector API's allocating Java fallback,
     * hot enough that C2 compiled the fallback's own methods ({@code DoubleVector.broadcast}'s lambda, {@code
     * rvOp}: 5-14 ms of the one C2 thread within the first 100 steps, 4 logged runs of WarmCold mixed 2,
     * -XX:+LogCompilation, 2026-12-05; none in 3 runs after this change) besides vectorSum32 itself (6-9 ms).
     */
    private static final MethodHandle[] SUM32 = {
        KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, "shortSum32", SUM_RANGE32),
        KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, "vectorSum32", SUM_RANGE32)};

    /** {@code a[lo] + ... + a[hi - 1]} in double, left to right from 0: the tail loop from the start. */
    private static double shortSum32(float[] a, int lo, int hi) {
        return sumTail32(0, a, lo, hi);
    }

    /** The sum in double lanes: lane j adds the floats at j, j + L, ...; then the lanes in order, then the tail. */
    private static double vectorSum32(float[] a, int lo, int hi) {
        int i = lo;
        DoubleVector acc = DoubleVector.zero(D);
        if (HALF_F.length() == D.length()) { // always, for a preferred double vector of 128 bits or more
            int bound = lo + HALF_F.loopBound(hi - lo);
            for (; i < bound; i += HALF_F.length()) {
                acc = acc.add(wide(a, i));
            }
        }
        try {
            return (double) SUM_TAIL32[Math.min(hi - i, 1)].invokeExact(lanes(acc), a, i, hi);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * {@code s + a[i] + ... + a[hi - 1]}, left to right: sum32's scalar tail, called through a handle read from an
     * array so that C2 compiles it on its own. Inline, a JVM whose sums had all been of multiples of 8 floats
     * compiled the tail loop as a trap, and the first sum with a remainder made sum32 not entrant; its vector loop
     * then ran C1's code (the Vector API's allocating Java fallback) until C2 compiled it again (WarmCold mixed 2,
     * -XX:+LogCompilation, 2026-12-05: sum32@91 during the MNIST MLP's first steps, 1 of 2 runs). Same additions
     * in the same order, so the same bits. Entry 0 of {@link #SUM_TAIL32} is for no tail, entry 1 for a tail of at
     * least one float (chosen by {@code Math.min}, not a branch): the tail loop's entry was itself compiled as a
     * trap in a JVM whose sums had had no tail, and the MNIST MLP's rows of 10 took it (sumTail32@3, 2026-12-05).
     */
    private static double sumTail32(double s, float[] a, int i, int hi) {
        for (; i < hi; i++) s += a[i];
        return s;
    }

    /** No tail: {@code s}. */
    private static double noTail32(double s, float[] a, int i, int hi) {
        return s;
    }

    private static final MethodType SUM_TAIL = MethodType.methodType(double.class, double.class, float[].class,
            int.class, int.class);
    private static final MethodHandle[] SUM_TAIL32 = {
        KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, "noTail32", SUM_TAIL),
        KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, "sumTail32", SUM_TAIL)};

    @Override
    public double sum64(double[] a, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        DoubleVector acc = DoubleVector.zero(D);
        for (; i < bound; i += D.length()) {
            acc = acc.add(DoubleVector.fromArray(D, a, i));
        }
        double s = lanes(acc);
        for (; i < hi; i++) s += a[i];
        return s;
    }

    /** The lanes of {@code v} added in lane order (a fixed order, unlike {@code reduceLanes}). */
    private static double lanes(DoubleVector v) {
        double[] t = v.toArray();
        double s = 0;
        for (double x : t) s += x;
        return s;
    }

    // addRows32: strips of two, then one double vector of columns, each strip summed down all rows in registers,
    // each width its own method (see STRIPS). Row by row (load acc, add, store, for every row) chained every add
    // through a store and a load of acc. CPU ns per call (AVX-512, one JVM, load 5-7), row by row / strips of two /
    // strips of eight then two: 32x16 151 / 28 / 27 (the tiny MLP's bias gradient), 128x256 3844 / 2539 / 1495,
    // 128x128 2990 / 1262 / 752 (the MNIST MLP's). The strips of eight (5fe4274) were dropped on 2026-12-03: a JVM
    // whose models had narrow rows (the tiny MLP's 16) had compiled their loop as a trap, and the MNIST MLP's first
    // wide row made it not entrant; its bias gradients then ran C1's code, with the Vector API's allocating Java
    // fallback, until C2 compiled it again: 108 of 315 main-thread JFR samples over its first 100 steps in
    // WarmCold mixed 2 (one run, load 3-4), against the 1-1.5 us per step the eight-vector strips save.

    @Override
    public void addRows32(double[] acc, float[] a, int rows, int len) {
        int j = 0;
        try {
            // which loops run is chosen by counts clamped to 0 or 1 (Math.min, a conditional move), never a branch:
            // see STRIPS; handles that are not constants are called, not inlined
            if (HALF_F.length() == D.length()) { // constants: folded where the method is compiled
                int vl = D.length();
                int twos = len / (2 * vl);
                int ones = (len - twos * 2 * vl) / vl; // 0 or 1
                j = (int) STRIPS[Math.min(twos, 1)].invokeExact(acc, a, rows, len, 0, twos);
                j = (int) STRIPS[2 + ones].invokeExact(acc, a, rows, len, j, ones);
            }
            COLUMNS[Math.min(len - j, 1)].invokeExact(acc, a, rows, len, j);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** The type of a strip width's method: (acc, a, rows, len, j, count) to the column after its strips. */
    private static final MethodType STRIP = MethodType.methodType(int.class, double[].class, float[].class,
            int.class, int.class, int.class, int.class);

    /**
     * addRows32's loops, called through handles read from arrays, which C2 neither treats as constants nor inlines,
     * so each loop is compiled on its own: entries 0 and 1 are none and {@code count} strips of two vectors of
     * columns from {@code j}, entries 2 and 3 none and one strip of one vector; {@link #COLUMNS} the same for the
     * columns left over, one at a time. A loop is called only when it has something to do, so no compiled loop
     * has an entry that no call took. C2 compiles a branch that no call had taken as a trap, and the first call
     * that takes it makes the compiled method not entrant: after the tiny MLP (columns of 16 and 1), the MNIST
     * MLP's first 10-wide bias gradient entered the one-vector strip and the column loop for the first time
     * (oneVectorStrips@14 and addRows32@98 in WarmCold mixed 2, -XX:+LogCompilation, 2026-12-05, every logged run),
     * and until C2 had compiled both again they ran in C1, where each vector operation is the Vector API's
     * allocating Java fallback, hot enough that C2 compiled the fallback's own methods ({@code DoubleVector.stOp}
     * and the lambda of its {@code store}, about 7 ms in one logged run) in the MLP's first 100 steps. Until
     * 2026-12-03 one method held all the loops, and the first call to enter a new one threw away the code of the
     * others too. Same loops and order of additions as before either change, so the same bits.
     */
    private static final MethodHandle[] STRIPS = {stripHandle("noStrips"), stripHandle("twoVectorStrips"),
        stripHandle("noStrips"), stripHandle("oneVectorStrip")};

    /** The columns left after the strips, each summed down the rows on its own: none, or those from {@code j}. */
    private static final MethodHandle[] COLUMNS = {columnsHandle("noColumns"), columnsHandle("columns")};

    private static MethodHandle stripHandle(String name) {
        return KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, name, STRIP);
    }

    private static MethodHandle columnsHandle(String name) {
        return KernelHandles.find(MethodHandles.lookup(), VectorKernels.class, name, MethodType.methodType(
                void.class, double[].class, float[].class, int.class, int.class, int.class));
    }

    /** No strips: {@code j} unchanged. */
    private static int noStrips(double[] acc, float[] a, int rows, int len, int j, int count) {
        return j;
    }

    /** {@code count} (at least 1) strips of two vectors of columns from {@code j}. */
    private static int twoVectorStrips(double[] acc, float[] a, int rows, int len, int j, int count) {
        int vl = D.length();
        for (int t = 0; t < count; t++, j += 2 * vl) {
            DoubleVector s0 = DoubleVector.fromArray(D, acc, j), s1 = DoubleVector.fromArray(D, acc, j + vl);
            for (int r = 0, base = j; r < rows; r++, base += len) {
                s0 = s0.add(wide(a, base));
                s1 = s1.add(wide(a, base + vl));
            }
            DVC.cast(s0).intoArray(acc, j);
            DVC.cast(s1).intoArray(acc, j + vl);
        }
        return j;
    }

    /** One strip of one vector of columns at {@code j} ({@code count} is 1). */
    private static int oneVectorStrip(double[] acc, float[] a, int rows, int len, int j, int count) {
        DoubleVector s0 = DoubleVector.fromArray(D, acc, j);
        for (int r = 0, base = j; r < rows; r++, base += len) {
            s0 = s0.add(wide(a, base));
        }
        DVC.cast(s0).intoArray(acc, j);
        return j + D.length();
    }

    /** No columns left. */
    private static void noColumns(double[] acc, float[] a, int rows, int len, int j) {
    }

    /** Columns {@code [j, len)} (at least one), each summed down the rows in double. */
    private static void columns(double[] acc, float[] a, int rows, int len, int j) {
        for (; j < len; j++) {
            double s = acc[j];
            for (int r = 0, i = j; r < rows; r++, i += len) s += a[i];
            acc[j] = s;
        }
    }

    @Override
    public double max32(float[] a, int lo, int hi) {
        int i = lo;
        int bound = lo + F.loopBound(hi - lo);
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, a, i));
        }
        float m = Float.NEGATIVE_INFINITY;
        for (float x : acc.toArray()) m = Math.max(m, x);
        for (; i < hi; i++) m = Math.max(m, a[i]);
        if (m == 0f || m != m) {
            return ScalarKernels.INSTANCE.max32(a, lo, hi); // the scalar path's zero sign and NaN, exactly
        }
        return m;
    }

    @Override
    public double max64(double[] a, int lo, int hi) {
        int i = lo;
        int bound = lo + D.loopBound(hi - lo);
        DoubleVector acc = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        for (; i < bound; i += D.length()) {
            acc = acc.max(DoubleVector.fromArray(D, a, i));
        }
        double m = Double.NEGATIVE_INFINITY;
        for (double x : acc.toArray()) m = Math.max(m, x);
        for (; i < hi; i++) m = Math.max(m, a[i]);
        if (m == 0d || m != m) {
            return ScalarKernels.INSTANCE.max64(a, lo, hi);
        }
        return m;
    }
}
