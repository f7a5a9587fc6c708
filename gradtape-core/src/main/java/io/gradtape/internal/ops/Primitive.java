package io.gradtape.internal.ops;

/**
 * The closed set of primitive operations. Every public op either is one of these or is composed of them in
 * {@code Tensors}. Each constant has four companions, each a case of a {@code switch} expression over this enum
 * with no {@code default}: a shape rule ({@link ShapeRules#infer}), the routing to its kernel
 * ({@code KernelTable}), a derivative rule ({@code VjpRules.vjp}, and {@code VjpRules.hasGradient}) and a
 * forward rule ({@code JvpRules.jvp}, where naming the op in the transposition case is enough). A constant added
 * here without those cases does not compile.
 * All primitives have exactly one output, which keeps the tape a flat list of single-output entries; an op with
 * several results (split, unstack, top-k) is composed of several primitives.
 *
 * <p>The set is kept small on purpose: everything else (activations, losses, convolution, pooling, einsum,
 * strided slices, ...) is composed of these in {@code Tensors} and {@code NN}, so it needs no derivative rule of
 * its own. A constant here needs a reason why composing would not do; it is given in a comment beside it.
 */
public enum Primitive {
    // ---- elementwise, one input --------------------------------------------------------------
    NEG("neg"), ABS("abs"), SIGN("sign"), RELU("relu"),
    EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TAN("tan"), TANH("tanh"), SQRT("sqrt"), SIGMOID("sigmoid"),
    /** Primitives for accuracy: {@code log(1 + x)} and {@code e^x - 1} lose all digits near 0 when composed. */
    LOG1P("log1p"), EXPM1("expm1"),
    /** The error function; Java has none, so it cannot be composed (see ElementwiseKernels.erf). */
    ERF("erf"),
    /** Rounding to an integral value (ROUND: half to even, as TensorFlow); no gradient, as TensorFlow. */
    FLOOR("floor"), CEIL("ceil"), ROUND("round"),

    // ---- elementwise, two inputs, NumPy broadcasting ----------------------------------------
    ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), POW("pow"), MAXIMUM("maximum"), MINIMUM("minimum"),
    /**
     * Division rounded toward negative infinity and its remainder, which takes the divisor's sign (TensorFlow's
     * FloorDiv and FloorMod). Not composed: on integers neither can be built from the ops above (div is floating
     * only), and on floats floorMod is TensorFlow's fmod-based remainder, not {@code a - b floor(a / b)}.
     */
    FLOOR_DIV("floorDiv"), FLOOR_MOD("floorMod"),
    /**
     * Division rounded toward zero and its remainder, which takes the dividend's sign (TensorFlow's TruncateDiv
     * and TruncateMod, C's {@code /} and {@code %} / {@code fmod}). Not composed, for floorDiv's reason: integer
     * division cannot be built from the ops above.
     */
    TRUNCATE_DIV("truncateDiv"), TRUNCATE_MOD("truncateMod"),
    /** The angle of the point (b, a), TensorFlow's Atan2; no arctangent above to compose it from. */
    ATAN2("atan2"),

    // ---- comparisons: BOOL result, not differentiable -----------------------------------------
    EQUAL("equal"), NOT_EQUAL("notEqual"), GREATER("greater"), GREATER_EQUAL("greaterEqual"), LESS("less"),
    LESS_EQUAL("lessEqual"),

    // ---- selection: where(cond, x, y), three-way broadcasting --------------------------------
    WHERE("where"),

    // ---- reductions over a set of axes (params: Params.Axes) ----------------------------------
    REDUCE_SUM("reduceSum"), REDUCE_MAX("reduceMax"), REDUCE_MIN("reduceMin"),

    // ---- index of the extreme along one axis (params: Params.Axis); INT64 result, no gradient -------
    // A primitive rather than a where/reduceMin composite so that a tie goes to the first index in one pass and a
    // NaN is found (it is the maximum, as NumPy).
    ARG_MAX("argmax"), ARG_MIN("argmin"),

    // ---- the stable sorting permutation along one axis (params: Params.Sort); INT32, no gradient ------------
    // Needed by topK and sort, which gather with it: there is no way to compose a sort from the other primitives.
    ARGSORT("argsort"),

    // ---- scan along one axis (params: Params.Scan): h[k] = a[k] h[k-1] + b[k], h[-1] = 0 ------------------------
    // One primitive gives cumsum (a = 1), cumprod (a = x) and, reversed, the derivative of both: the gradient of a
    // linear recurrence is the reverse recurrence, which is exact also where x has zeros (no division by x).
    SCAN("scan"),

    // ---- log-softmax along one axis (params: Params.Axis), as TensorFlow's LogSoftmax op -----------------------
    // Composed it was seven ops (max, stopGradient, sub, exp, sum, log, sub) forward and as many rules backward. On
    // the MNIST MLP's 128x10 logits (one thread, 2026-12-03): 9.3 -> 5.8 us forward, 20.0 -> 12.1 us with the
    // gradient; the rule dx = g - exp(out) sum(g) is four recorded ops, so it is differentiable again.
    LOG_SOFTMAX("logSoftmax"),

    // ---- indexing along one axis: a linear map and its transpose --------------------------------------------
    /** {@code out[.., i.., ..] = params[.., indices[i..], ..]} (params: Params.Axis); any dtype. */
    GATHER("gather"),
    /** The transpose of GATHER: rows added into {@code numSegments} slots (params: Params.Segments). */
    SCATTER_ADD("unsortedSegmentSum"),

    // ---- linear algebra (params: Params.Matmul) ------------------------------------------------
    MATMUL("matmul"),
    /**
     * {@code x @ kernel + bias} for a matrix x, and optionally relu of it (params: Params.Linear): the affine map
     * of a dense layer (PyTorch's addmm; TensorFlow fuses the same ops as _FusedMatMul). Only rank 2 x rank 2 +
     * rank 1. Composed, the bias add and the relu are ops with new outputs of their own; here both are applied in
     * one pass over the product's new output while it is in the cache. Each new 128x256 float32 output cost
     * about 17 us on one thread, most of it first writes to memory new to the cache.
     */
    LINEAR("linear"),

    // ---- linear algebra with kernels of their own (internal.linalg; rules in autodiff.LinalgRules) ------------
    // Factorizations cannot be composed of the ops above. The ones with several results (qr, eigh, svd) output them
    // packed into one tensor (see LinalgKernels), which io.gradtape.Linalg slices apart.
    /** The Cholesky factor of a symmetric positive-definite matrix (lower triangle read). */
    CHOLESKY("cholesky"),
    /** {@code op(T) X = B} for a triangular T (params: Params.TriangularSolve). */
    TRIANGULAR_SOLVE("triangularSolve"),
    /** {@code op(A) X = B} by LU with partial pivoting (params: Params.Adjoint). */
    SOLVE("solve"),
    /** {@code log|det A|} by LU (the sign, not differentiable, is computed apart). */
    LOG_ABS_DET("logAbsDet"),
    /** Reduced QR, packed {@code [Q; R^T]}. */
    QR("qr"),
    /** Symmetric eigendecomposition, packed {@code [w; V]}. */
    EIGH("eigh"),
    /** Reduced SVD, packed {@code [s; U; V]}. */
    SVD("svd"),

    // ---- connectionist temporal classification (params: Params.Ctc; kernels in kernels.CtcKernels) ----------
    // The forward-backward recursion runs over time and label states; composed of the ops above it would be one
    // logSumExp per frame and state group, recorded on the tape frame by frame.
    /** The per-example CTC losses of logits {@code (batch, time, classes)} (NN.ctcLoss). */
    CTC_LOSS("ctcLoss"),
    /**
     * The gradient of each example's CTC loss with respect to its logits, for CTC_LOSS's rule. Its own rule
     * refuses: no second derivative, as TensorFlow's prevent_gradient on ctc_loss's gradient.
     */
    CTC_GRADIENT("ctcLossGradient"),

    // ---- movement: the same values rearranged -------------------------------------------------
    RESHAPE("reshape"), TRANSPOSE("transpose"), BROADCAST_TO("broadcastTo"), CONCAT("concat"), SLICE("slice"),
    PAD("pad"),

    // ---- dtype and plumbing -------------------------------------------------------------------
    CAST("cast"),
    /** The gradient passes through unchanged; used to snapshot a value. */
    IDENTITY("identity"),
    /** The value passes; the gradient is cut (no gradient, as TensorFlow's NotDifferentiable StopGradient). */
    STOP_GRADIENT("stopGradient"),
    /** A read of a variable: input is the variable (its handle), output the value read. */
    READ_VARIABLE("readVariable"),
    /** A user's function with a user's derivative rule (params: Params.Custom); see CustomGradient. */
    CUSTOM("customGradient");

    private final String opName;

    Primitive(String opName) {
        this.opName = opName;
    }

    /** The public name of the op, used in error messages. */
    public String opName() {
        return opName;
    }

    /**
     * A table by ordinal that is true for {@code ps} and false for every other primitive: the form the kernels and
     * rules test a property in (one array load, no hashing and no call that C2 might not inline).
     */
    public static boolean[] flags(Primitive... ps) {
        boolean[] f = new boolean[values().length];
        for (Primitive q : ps) {
            f[q.ordinal()] = true;
        }
        return f;
    }

    /** Whether this is a comparison (BOOL result). */
    public boolean isComparison() {
        return this == EQUAL || this == NOT_EQUAL || this == GREATER || this == GREATER_EQUAL || this == LESS
                || this == LESS_EQUAL;
    }
}
