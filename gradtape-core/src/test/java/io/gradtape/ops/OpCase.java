package io.gradtape.ops;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * One row of the op table: an op applied to inputs of fixed shapes, with an independent plain-Java reference and
 * everything a generic driver needs to check it (input domains, tolerances, which inputs are differentiated, the
 * highest derivative order worth checking).
 *
 * <h2>Writing cases: one line per op</h2>
 * <pre>{@code
 * unary("sin", Tensors::sin, Math::sin).domain(-3, 3)
 * binary("div", Tensors::div, (a, b) -> a / b).domainB(0.5, 2)          // every compatible broadcast pair
 * op("matmul", in -> matmul(in.get(0), in.get(1)),
 *         in -> NdArray.matmul(in.get(0), in.get(1), false, false))
 *     .shapes(s(3, 4), s(4, 2)).shapes(s(2, 3, 4), s(4, 5))               // one OpCase per shape set
 * }</pre>
 * A {@link Builder} describes one op (or one variant of an op, e.g. {@code reduceSum} over axis -1 with keepDims)
 * for one or more shape sets; {@link Builder#build()} turns it into one {@code OpCase} per shape set, and
 * {@link #expand(Collection)} flattens a whole table. Defaults: unary ops run on {@code ()}, {@code (3, 4)},
 * {@code (2, 3, 4)} and {@link #LARGE_UNARY} (600 elements: the kernels' fast paths start at 64 elements and
 * work in chunks of 512, so small shapes alone would leave them untested); binary ops on every ordered compatible
 * pair of {@link #BROADCAST_SHAPES}; the domain is {@code [-3, 3]} for every input. Any file may contribute cases: a {@code static List<OpCase> cases()} returning
 * {@code OpCase.expand(rows)} (see {@code ElementwiseOpCases}); {@link OpTable} concatenates such lists.
 *
 * <h2>What a case promises a driver</h2>
 * <ul>
 *   <li>{@link #apply(List)} runs the op through the public API only; the inputs are floating tensors of one dtype
 *       (float32 or float64) with {@link #shape(int) these shapes}. Any non-floating operand (a bool condition, an
 *       integer) is made inside the function, so every input a driver makes is a plain float tensor.</li>
 *   <li>{@link #reference(List)} computes the expected output in double precision from the same values.</li>
 *   <li>{@link #sample(Random)} draws a point from the domains at which the op is smooth (no ties, no kinks, as the
 *       case's generator and validity rule ensure), so central finite differences are meaningful there.</li>
 *   <li>{@link #outputDType(DType)} is the expected dtype of the result for inputs of a dtype (BOOL for
 *       comparisons, the other float dtype for a cast).</li>
 *   <li>If {@link #differentiable()}, every {@link #isDifferentiated(int) differentiated} input gets a non-null
 *       gradient of its own dtype and shape; otherwise (comparisons, stopGradient) the gradient of the output with
 *       respect to every input is null. Inputs that are not differentiated (a {@code where} condition) are never
 *       watched or perturbed.</li>
 *   <li>{@link #maxOrder()}: 0 for no gradient, 1 for first order only, 2 when the second derivative through nested
 *       tapes is checked too (a gradient that no longer depends on the input counts as a zero second
 *       derivative).</li>
 *   <li>Tolerances: {@code |actual - expected| <= abs + rel * |expected|}, NaN matching NaN and infinities matching
 *       exactly.</li>
 * </ul>
 */
public final class OpCase {

    /** The op under test, over the inputs in order. */
    @FunctionalInterface
    public interface Op {
        Tensor apply(List<Tensor> in);
    }

    /** The reference: expected output from the input values, in double precision. */
    @FunctionalInterface
    public interface Reference {
        NdArray apply(List<NdArray> in);
    }

    /** Draws raw input values (one array per input, row-major, sized by the case's shapes). */
    @FunctionalInterface
    public interface Generator {
        double[][] sample(Random r, OpCase c);
    }

    /** Whether a sampled point is acceptable (smooth, away from ties). */
    @FunctionalInterface
    public interface Validity {
        boolean test(double[][] x, OpCase c);
    }

    /** {@code |actual - expected| <= abs + rel * |expected|}; NaN matches NaN and an infinity itself. */
    public record Tolerance(double abs, double rel) {
        public boolean accepts(double actual, double expected) {
            if (Double.isNaN(expected) || Double.isInfinite(expected)) {
                return Double.compare(actual, expected) == 0;
            }
            return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
        }
    }

    /** The large default shape of a unary op: past the 64 elements where fast paths start, and one 512-chunk. */
    public static final int[] LARGE_UNARY = {2, 300};

    /** The shapes binary elementwise ops are checked over (every ordered compatible pair). */
    public static final List<int[]> BROADCAST_SHAPES =
            List.of(s(), s(3, 4), s(3, 1), s(1, 4), s(2, 3, 4), s(2, 1, 4));

    /** Shorthand for a shape literal. */
    public static int[] s(int... dims) {
        return dims;
    }

    /** Every ordered pair of {@link #BROADCAST_SHAPES} that broadcasts. */
    public static List<int[][]> broadcastPairs() {
        List<int[][]> out = new ArrayList<>();
        for (int[] a : BROADCAST_SHAPES) {
            for (int[] b : BROADCAST_SHAPES) {
                if (NdArray.broadcastShape(a, b) != null) {
                    out.add(new int[][] {a, b});
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------ the case

    private final String op;
    private final String variant;
    private final int[][] shapes;
    private final double[][] domains;
    private final Op fn;
    private final Reference ref;
    private final Generator generator;
    private final List<Validity> validity;
    private final List<double[]> exclusions;
    private final UnaryOperator<DType> outputDType;
    private final boolean differentiable;
    private final boolean[] differentiated;
    private final int maxOrder;
    private final Tolerance forward32;
    private final Tolerance forward64;
    private final Tolerance gradient;
    private final Tolerance gradient32;
    private final Tolerance secondOrder;
    private final double fdStep;

    private OpCase(Builder b, int[][] shapes) {
        this.op = b.op;
        this.variant = b.variant;
        this.shapes = shapes;
        this.domains = new double[shapes.length][];
        this.differentiated = new boolean[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            domains[i] = b.domains.getOrDefault(i, b.defaultDomain);
            differentiated[i] = !b.constantInputs.contains(i);
        }
        this.fn = b.fn;
        this.ref = b.ref;
        this.generator = b.generator;
        this.validity = List.copyOf(b.validity);
        this.exclusions = List.copyOf(b.exclusions);
        this.outputDType = b.outputDType;
        this.differentiable = b.differentiable;
        this.maxOrder = b.differentiable ? b.maxOrder : 0;
        this.forward32 = b.forward32;
        this.forward64 = b.forward64;
        this.gradient = b.gradient;
        this.gradient32 = b.gradient32;
        this.secondOrder = b.secondOrder;
        this.fdStep = b.fdStep;
    }

    /** The public name of the op, e.g. {@code reduceSum}. */
    public String op() {
        return op;
    }

    /** What distinguishes this row from others of the same op (axes, flags), or empty. */
    public String variant() {
        return variant;
    }

    /** A display name: op, variant and input shapes, e.g. {@code reduceSum axes=[-1] keepDims (2, 3, 4)}. */
    public String name() {
        StringBuilder b = new StringBuilder(op);
        if (!variant.isEmpty()) {
            b.append(' ').append(variant);
        }
        for (int i = 0; i < shapes.length; i++) {
            b.append(i == 0 ? " " : ", ").append(NdArray.format(shapes[i]));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name();
    }

    public int arity() {
        return shapes.length;
    }

    /** The shape of input {@code i}. */
    public int[] shape(int i) {
        return shapes[i].clone();
    }

    /** The number of elements of input {@code i}. */
    public int size(int i) {
        return NdArray.size(shapes[i]);
    }

    /** The sampling domain {@code {lo, hi}} of input {@code i}. */
    public double[] domain(int i) {
        return domains[i].clone();
    }

    public boolean differentiable() {
        return differentiable;
    }

    /** Whether input {@code i} is watched, perturbed and given a gradient (false for a where condition). */
    public boolean isDifferentiated(int i) {
        return differentiated[i];
    }

    /** The indices of the differentiated inputs. */
    public List<Integer> differentiatedInputs() {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            if (differentiated[i]) {
                r.add(i);
            }
        }
        return r;
    }

    /** 0: no gradient; 1: first order; 2: second order through nested tapes too. */
    public int maxOrder() {
        return maxOrder;
    }

    public DType outputDType(DType inputDType) {
        return outputDType.apply(inputDType);
    }

    public Tolerance forward32() {
        return forward32;
    }

    public Tolerance forward64() {
        return forward64;
    }

    /** Float64 reverse-mode gradient against central finite differences. */
    public Tolerance gradient() {
        return gradient;
    }

    /** Float32 gradient against the float64 gradient at the same (float32-rounded) point. */
    public Tolerance gradient32() {
        return gradient32;
    }

    /** Second derivative against finite differences of the first. */
    public Tolerance secondOrder() {
        return secondOrder;
    }

    /** The step {@code h} of central differences {@code (f(x+h) - f(x-h)) / 2h}. */
    public double fdStep() {
        return fdStep;
    }

    /** Runs the op on tensors. */
    public Tensor apply(List<Tensor> inputs) {
        return fn.apply(inputs);
    }

    /** The reference output for raw values {@code x} (one array per input). */
    public NdArray reference(double[][] x) {
        List<NdArray> in = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            in.add(new NdArray(shapes[i], x[i].clone()));
        }
        return ref.apply(in);
    }

    /** The inputs as tensors of {@code dtype} (values rounded to float for FLOAT32). */
    public List<Tensor> inputs(double[][] x, DType dtype) {
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            r.add(tensor(x[i], shapes[i], dtype));
        }
        return r;
    }

    /** A tensor of a floating dtype holding {@code data} with {@code shape} (a true scalar for {@code ()}). */
    public static Tensor tensor(double[] data, int[] shape, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return shape.length == 0 ? Tensors.constant(f[0]) : Tensors.constant(f, shape);
        }
        if (dtype == DType.FLOAT64) {
            return shape.length == 0 ? Tensors.constant(data[0]) : Tensors.constant(data.clone(), shape);
        }
        throw new IllegalArgumentException("tensor: floating dtypes only, got " + dtype);
    }

    /** {@code x} rounded to what a tensor of {@code dtype} holds. */
    public static double[][] round(double[][] x, DType dtype) {
        double[][] r = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i].clone();
            if (dtype == DType.FLOAT32) {
                for (int j = 0; j < r[i].length; j++) {
                    r[i][j] = (float) r[i][j];
                }
            }
        }
        return r;
    }

    /** A point from the domains at which the case is smooth; also smooth after rounding to float32. */
    public double[][] sample(Random r) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[][] x = generator != null ? generator.sample(r, this) : uniform(r, this);
            if (accepts(x) && accepts(round(x, DType.FLOAT32))) {
                return x;
            }
        }
        throw new IllegalStateException(name() + ": no valid sample in 10000 attempts; widen the domain");
    }

    /** Whether {@code x} passes every validity rule of this case. */
    public boolean accepts(double[][] x) {
        for (Validity v : validity) {
            if (!v.test(x, this)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Uniform values in each input's domain, each element drawn again while it (or its float32 rounding) falls in
     * a zone the case {@link Builder#avoid(double, double) avoids}: per element, so that large shapes need no luck.
     */
    public static double[][] uniform(Random r, OpCase c) {
        double[][] x = new double[c.arity()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[c.size(i)];
            double lo = c.domains[i][0];
            double hi = c.domains[i][1];
            for (int j = 0; j < x[i].length; j++) {
                double v;
                int attempts = 0;
                do {
                    v = lo + (hi - lo) * r.nextDouble();
                } while (c.excluded(v) && ++attempts < 1000);
                x[i][j] = v;
            }
        }
        return x;
    }

    private boolean excluded(double v) {
        for (double[] zone : exclusions) {
            if (Math.abs(v - zone[0]) < zone[1] || Math.abs((float) v - zone[0]) < zone[1]) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------ the builder

    /** An elementwise op of one input; ref is applied to each element. */
    public static Builder unary(String op, UnaryOperator<Tensor> f, DoubleUnaryOperator ref) {
        Objects.requireNonNull(f);
        return new Builder(op, in -> f.apply(in.get(0)), in -> NdArray.map(in.get(0), ref))
                .defaultShapes(List.of(new int[][] {s()}, new int[][] {s(3, 4)}, new int[][] {s(2, 3, 4)},
                        new int[][] {LARGE_UNARY}));
    }

    /** An elementwise op of two inputs with NumPy broadcasting, over every compatible pair of broadcast shapes. */
    public static Builder binary(String op, BinaryOperator<Tensor> f, DoubleBinaryOperator ref) {
        Objects.requireNonNull(f);
        return new Builder(op, in -> f.apply(in.get(0), in.get(1)), in -> NdArray.zip(in.get(0), in.get(1), ref))
                .defaultShapes(broadcastPairs());
    }

    /** Any op: a function of the input tensors and a reference over arrays; give the shapes with {@code shapes}. */
    public static Builder op(String op, Op f, Reference ref) {
        return new Builder(op, f, ref);
    }

    /** All cases of a table of builders, in order. */
    public static List<OpCase> expand(Collection<Builder> rows) {
        List<OpCase> out = new ArrayList<>();
        for (Builder b : rows) {
            out.addAll(b.build());
        }
        return out;
    }

    /** Describes one op (or one variant of it) over one or more shape sets. */
    public static final class Builder {
        private final String op;
        private final Op fn;
        private final Reference ref;
        private String variant = "";
        private List<int[][]> shapeSets = new ArrayList<>();
        private boolean defaultShapes;
        private double[] defaultDomain = {-3, 3};
        private final Map<Integer, double[]> domains = new HashMap<>();
        private Generator generator;
        private final List<Validity> validity = new ArrayList<>();
        private final List<double[]> exclusions = new ArrayList<>();
        private UnaryOperator<DType> outputDType = d -> d;
        private boolean differentiable = true;
        private final List<Integer> constantInputs = new ArrayList<>();
        private int maxOrder = 2;
        private Tolerance forward32 = new Tolerance(1e-5, 1e-5);
        private Tolerance forward64 = new Tolerance(1e-12, 1e-12);
        private Tolerance gradient = new Tolerance(1e-6, 1e-6);
        private Tolerance gradient32 = new Tolerance(1e-4, 1e-4);
        private Tolerance secondOrder = new Tolerance(1e-5, 1e-5);
        private double fdStep = 1e-5;

        private Builder(String op, Op fn, Reference ref) {
            this.op = Objects.requireNonNull(op);
            this.fn = Objects.requireNonNull(fn);
            this.ref = Objects.requireNonNull(ref);
        }

        private Builder defaultShapes(List<int[][]> sets) {
            shapeSets = new ArrayList<>(sets);
            defaultShapes = true;
            return this;
        }

        /** Names what distinguishes this row (axes, flags). */
        public Builder variant(String v) {
            this.variant = v;
            return this;
        }

        /** Adds a shape set, one shape per input; the first call replaces the defaults. */
        public Builder shapes(int[]... shapesOfInputs) {
            if (defaultShapes) {
                shapeSets = new ArrayList<>();
                defaultShapes = false;
            }
            shapeSets.add(shapesOfInputs.clone());
            return this;
        }

        /** The sampling interval of every input without its own. */
        public Builder domain(double lo, double hi) {
            defaultDomain = new double[] {lo, hi};
            return this;
        }

        /** The sampling interval of input {@code i}. */
        public Builder domain(int i, double lo, double hi) {
            domains.put(i, new double[] {lo, hi});
            return this;
        }

        public Builder domainA(double lo, double hi) {
            return domain(0, lo, hi);
        }

        public Builder domainB(double lo, double hi) {
            return domain(1, lo, hi);
        }

        /** No element within 0.01 of {@code point} (a kink: relu, abs, sign at 0). */
        public Builder avoid(double point) {
            return avoid(point, 0.01);
        }

        /**
         * No element within {@code gap} of {@code point}: the uniform sampler draws such elements again, and a
         * sample from another generator that has one is rejected.
         */
        public Builder avoid(double point, double gap) {
            exclusions.add(new double[] {point, gap});
            return validIf((x, c) -> {
                for (double[] xi : x) {
                    for (double v : xi) {
                        if (Math.abs(v - point) < gap) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }

        /** Rejects samples where two inputs, broadcast against each other, come within {@code gap} (max/min ties). */
        public Builder separated(double gap) {
            return validIf((x, c) -> {
                NdArray a = new NdArray(c.shape(0), x[0]);
                NdArray b = new NdArray(c.shape(1), x[1]);
                NdArray d = NdArray.zip(a, b, (p, q) -> Math.abs(p - q));
                for (double v : d.data()) {
                    if (v < gap) {
                        return false;
                    }
                }
                return true;
            });
        }

        /**
         * Samples each input as a shuffled grid over its domain, so that all its elements differ by at least 0.4 of
         * the grid spacing (no ties for reduceMax/reduceMin).
         */
        public Builder distinct() {
            return generator((r, c) -> {
                double[][] x = new double[c.arity()][];
                for (int i = 0; i < x.length; i++) {
                    int n = c.size(i);
                    double lo = c.domains[i][0];
                    double step = (c.domains[i][1] - lo) / n;
                    List<Integer> slots = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        slots.add(k);
                    }
                    java.util.Collections.shuffle(slots, r);
                    x[i] = new double[n];
                    for (int j = 0; j < n; j++) {
                        x[i][j] = lo + step * (slots.get(j) + 0.3 + 0.4 * r.nextDouble());
                    }
                }
                return x;
            });
        }

        /** Samples whole numbers in {@code [lo, hi]} (comparisons: makes ties likely). */
        public Builder integers(int lo, int hi) {
            return generator((r, c) -> {
                double[][] x = new double[c.arity()][];
                for (int i = 0; i < x.length; i++) {
                    x[i] = new double[c.size(i)];
                    for (int j = 0; j < x[i].length; j++) {
                        x[i][j] = lo + r.nextInt(hi - lo + 1);
                    }
                }
                return x;
            });
        }

        public Builder generator(Generator g) {
            this.generator = g;
            return this;
        }

        public Builder validIf(Validity v) {
            validity.add(v);
            return this;
        }

        /** The output dtype for an input dtype (default: the same). */
        public Builder outputDType(UnaryOperator<DType> f) {
            this.outputDType = f;
            return this;
        }

        /** The op has no gradient: the tape must give null for every input. */
        public Builder noGradient() {
            this.differentiable = false;
            this.maxOrder = 0;
            return this;
        }

        /** Input {@code i} is not differentiated (never watched nor perturbed). */
        public Builder constantInput(int i) {
            constantInputs.add(i);
            return this;
        }

        /** The highest derivative order checked (default 2). */
        public Builder maxOrder(int order) {
            this.maxOrder = order;
            return this;
        }

        public Builder tol32(double abs, double rel) {
            forward32 = new Tolerance(abs, rel);
            return this;
        }

        public Builder tol64(double abs, double rel) {
            forward64 = new Tolerance(abs, rel);
            return this;
        }

        public Builder gradTol(double abs, double rel) {
            gradient = new Tolerance(abs, rel);
            secondOrder = new Tolerance(Math.max(abs, secondOrder.abs()), Math.max(rel, secondOrder.rel()));
            return this;
        }

        public Builder fdStep(double h) {
            this.fdStep = h;
            return this;
        }

        /** One case per shape set. */
        public List<OpCase> build() {
            if (shapeSets.isEmpty()) {
                throw new IllegalStateException(op + " " + variant + ": no shapes given");
            }
            List<OpCase> out = new ArrayList<>();
            for (int[][] set : shapeSets) {
                out.add(new OpCase(this, Arrays.stream(set).map(int[]::clone).toArray(int[][]::new)));
            }
            return out;
        }
    }
}
