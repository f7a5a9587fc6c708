package io.gradtape.internal.ops;

/**
 * The closed set of primitive operations. Every public op either is one of these or is composed of them in
 * {@code Tensors}. Each constant has three companions, found by a {@code switch} over this enum: a shape rule
 * ({@link ShapeRules}), a kernel ({@code internal.kernels}) and a derivative rule ({@code VjpRules}).
 * All primitives have exactly one output, which keeps the tape a flat list of single-output entries; an op with
 * several results (split, unstack, top-k) is composed of several primitives.
 */
public enum Primitive {
    // ---- elementwise, one input --------------------------------------------------------------
    NEG("neg"), ABS("abs"), SIGN("sign"), RELU("relu"),
    EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TAN("tan"), TANH("tanh"), SQRT("sqrt"), SIGMOID("sigmoid"),

    // ---- elementwise, two inputs, NumPy broadcasting ----------------------------------------
    ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), POW("pow"), MAXIMUM("maximum"), MINIMUM("minimum"),

    // ---- comparisons: BOOL result, not differentiable -----------------------------------------
    EQUAL("equal"), NOT_EQUAL("notEqual"), GREATER("greater"), GREATER_EQUAL("greaterEqual"), LESS("less"),
    LESS_EQUAL("lessEqual"),

    // ---- selection: where(cond, x, y), three-way broadcasting --------------------------------
    WHERE("where"),

    // ---- reductions over a set of axes (params: Params.Axes) ----------------------------------
    REDUCE_SUM("reduceSum"), REDUCE_MAX("reduceMax"), REDUCE_MIN("reduceMin"),

    // ---- linear algebra (params: Params.Matmul) ------------------------------------------------
    MATMUL("matmul"),

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

    /** Whether this is an elementwise op of one input. */
    public boolean isUnary() {
        return ordinal() <= SIGMOID.ordinal();
    }

    /** Whether this is an elementwise arithmetic op of two inputs. */
    public boolean isBinaryArithmetic() {
        return ordinal() >= ADD.ordinal() && ordinal() <= MINIMUM.ordinal();
    }

    /** Whether this is a comparison (BOOL result). */
    public boolean isComparison() {
        return ordinal() >= EQUAL.ordinal() && ordinal() <= LESS_EQUAL.ordinal();
    }

    /** Whether this is a reduction. */
    public boolean isReduction() {
        return this == REDUCE_SUM || this == REDUCE_MAX || this == REDUCE_MIN;
    }
}
