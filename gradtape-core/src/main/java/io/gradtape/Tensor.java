package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.TensorScopes;
import io.gradtape.internal.kernels.Convert;

/**
 * An immutable, eager, n-dimensional array: a {@link DType}, a {@link Shape} and row-major values.
 *
 * <p>Every op runs at once and returns a new tensor; nothing is ever modified in place. When a
 * {@link GradientTape} on the current thread is recording and one of an op's inputs is on it, the op is recorded
 * so that the tape can differentiate it later. {@link Variable} is the only mutable kind of tensor.
 *
 * <p>The fluent methods are shorthands for the static ops of {@link Tensors}; they broadcast by NumPy rules and
 * never promote dtypes: both operands must have the same dtype. A Java {@code double} operand takes this
 * tensor's dtype. Identity, not value, defines {@link #equals}: compare values with {@link Tensors#equal}.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(3.0f);
 * System.out.println(x.mul(x));   // Tensor(9.0, shape=(), dtype=float32)
 * }</pre>
 */
public class Tensor {
    static {
        TensorAccess.install(new TensorAccess.Bridge() {
            @Override
            public Tensor make(DType dtype, Shape shape, Object data) {
                return new Tensor(dtype, shape, data);
            }

            @Override
            public Object data(Tensor t) {
                return t.current().storage();
            }

            @Override
            public Object storageIdentity(Tensor t) {
                return t.current().data;
            }

            @Override
            public TensorScopes.Ticket ticket(Tensor t) {
                return t.ticket;
            }

            @Override
            public long id(Tensor t) {
                return t.id;
            }

            @Override
            public Tensor currentValue(Variable v) {
                return v.current();
            }

            @Override
            public Object origin(Tensor t) {
                return t.origin;
            }

            @Override
            public void setOrigin(Tensor t, Object origin) {
                t.origin = origin;
            }

            @Override
            public long idWatermark() {
                return TensorIds.watermark();
            }

            @Override
            public Tensor peekValue(Variable v) {
                return v.peek();
            }

            @Override
            public Object writableStorage(Variable v) {
                return v.writableStorage();
            }

            @Override
            public void setTrainable(Variable v, boolean trainable) {
                v.setTrainable(trainable);
            }

            @Override
            public void setConstraint(Variable v, java.util.function.UnaryOperator<Tensor> constraint) {
                v.constraint = constraint;
            }

            @Override
            public java.util.function.UnaryOperator<Tensor> constraint(Variable v) {
                return v.constraint;
            }
        });
    }

    final long id;
    private final DType dtype;
    private final Shape shape;
    /** float[], double[], int[], long[] or boolean[] of shape.size() elements; null in a Variable. */
    private final Object data;
    /** The mark of the tape that watched or recorded this tensor, for the other-thread check; see TapeStack. */
    private Object origin;
    /**
     * The {@link TensorScope} membership of a tensor made while one was open on its thread, else null. Final, so
     * that a thread handed this tensor sees it (and so the confinement check) as surely as it sees the data.
     */
    private final TensorScopes.Ticket ticket;

    Tensor(DType dtype, Shape shape, Object data) {
        this.id = TensorIds.next();
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.ticket = TensorScopes.anyOpen() ? TensorScopes.enter(this) : null;
    }

    /** A variable's handle, with the given id: it takes one in creation order (see {@link TensorIds}). */
    Tensor(DType dtype, Shape shape, Object data, long id) {
        this.id = id;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.ticket = null;
    }

    /**
     * The storage array, for every read of this tensor's values (the one way to {@link #data}): throws if a
     * {@link TensorScope} released the tensor, or if it belongs to one open on another thread.
     */
    private Object storage() {
        TensorScopes.Ticket k = ticket;
        if (k != null) {
            k.checkRead();
        }
        return data;
    }

    /** The plain tensor that holds the values: this one, or a variable's current value. */
    Tensor current() {
        return this;
    }

    /**
     * The element type.
     *
     * <pre>{@code
     * Tensors.constant(1.0).dtype();   // FLOAT64
     * }</pre>
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The dimensions.
     *
     * <pre>{@code
     * Tensors.zeros(DType.FLOAT32, 2, 3).shape();   // (2, 3)
     * }</pre>
     *
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The number of dimensions, {@code shape().rank()}.
     *
     * <pre>{@code
     * Tensors.constant(1.0f).rank();   // 0
     * }</pre>
     *
     * @return the rank
     */
    public int rank() {
        return shape.rank();
    }

    /**
     * The number of elements, {@code shape().size()}.
     *
     * <pre>{@code
     * Tensors.zeros(DType.FLOAT32, 2, 3).size();   // 6
     * }</pre>
     *
     * @return the size
     */
    public int size() {
        return shape.size();
    }

    private Object single(String what) {
        Tensor t = current();
        if (t.shape.size() != 1) {
            throw new IllegalStateException(what + ": needs a tensor with one element, got shape " + t.shape);
        }
        return t.storage();
    }

    /**
     * The value of a one-element tensor as a float (converted from any dtype and rounded once, as {@code cast} to
     * float32; true is 1).
     *
     * <pre>{@code
     * Tensors.constant(6.0f).floatValue();   // 6.0f
     * }</pre>
     *
     * @return the value
     * @throws IllegalStateException if the tensor has other than one element
     */
    public float floatValue() {
        return Convert.toFloat(single("floatValue"), 0);
    }

    /**
     * The value of a one-element tensor as a double (converted from any dtype; true is 1).
     *
     * <pre>{@code
     * Tensors.constant(0.5).doubleValue();   // 0.5
     * }</pre>
     *
     * @return the value
     * @throws IllegalStateException if the tensor has other than one element
     */
    public double doubleValue() {
        return Convert.toDouble(single("doubleValue"), 0);
    }

    /**
     * The value of a one-element tensor as an int: floating values truncate toward zero and saturate, as a Java cast
     * ({@code 3e9} gives {@link Integer#MAX_VALUE}, NaN gives 0), the same as {@link #toIntArray()}; an int64 value
     * keeps its low 32 bits, as {@code cast} to int32.
     *
     * <pre>{@code
     * Tensors.constant(7).intValue();   // 7
     * }</pre>
     *
     * @return the value
     * @throws IllegalStateException if the tensor has other than one element
     */
    public int intValue() {
        return Convert.toInt(single("intValue"), 0);
    }

    /**
     * The value of a one-element tensor as a long (floating values truncate toward zero).
     *
     * <pre>{@code
     * Tensors.constant(7L).longValue();   // 7L
     * }</pre>
     *
     * @return the value
     * @throws IllegalStateException if the tensor has other than one element
     */
    public long longValue() {
        return Convert.toLong(single("longValue"), 0);
    }

    /**
     * The value of a one-element tensor as a boolean (numbers: non-zero is true).
     *
     * <pre>{@code
     * Tensors.greater(Tensors.constant(2f), Tensors.constant(1f)).booleanValue();   // true
     * }</pre>
     *
     * @return the value
     * @throws IllegalStateException if the tensor has other than one element
     */
    public boolean booleanValue() {
        Object d = single("booleanValue");
        return d instanceof boolean[] ? ((boolean[]) d)[0] : Convert.toDouble(d, 0) != 0;
    }

    /**
     * A row-major copy of the values as floats, converting from any dtype.
     *
     * <pre>{@code
     * Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2).toFloatArray();   // {1, 2, 3, 4}
     * }</pre>
     *
     * @return a new array of {@link #size()} elements
     */
    public float[] toFloatArray() {
        Tensor t = current();
        return (float[]) Convert.array(t.storage(), DType.FLOAT32);
    }

    /**
     * A row-major copy of the values as doubles, converting from any dtype.
     *
     * <pre>{@code
     * Tensors.constant(new double[] {1, 2}, 2).toDoubleArray();   // {1.0, 2.0}
     * }</pre>
     *
     * @return a new array of {@link #size()} elements
     */
    public double[] toDoubleArray() {
        Tensor t = current();
        return (double[]) Convert.array(t.storage(), DType.FLOAT64);
    }

    /**
     * A row-major copy of the values as ints, converting from any dtype (floats truncate toward zero).
     *
     * <pre>{@code
     * Tensors.constant(new int[] {1, 2}, 2).toIntArray();   // {1, 2}
     * }</pre>
     *
     * @return a new array of {@link #size()} elements
     */
    public int[] toIntArray() {
        Tensor t = current();
        return (int[]) Convert.array(t.storage(), DType.INT32);
    }

    /**
     * A row-major copy of the values as longs, converting from any dtype (floating values truncate toward zero and
     * saturate, as a Java cast; true is 1): every int64 value exactly, where {@link #toIntArray()} keeps 32 bits
     * and {@link #toDoubleArray()} 53.
     *
     * <pre>{@code
     * Tensors.constant(new long[] {9007199254740993L, -1}, 2).toLongArray();   // {9007199254740993, -1}
     * }</pre>
     *
     * @return a new array of {@link #size()} elements
     */
    public long[] toLongArray() {
        Tensor t = current();
        return (long[]) Convert.array(t.storage(), DType.INT64);
    }

    /**
     * {@code this + other}, elementwise with broadcasting; see {@link Tensors#add}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y = Tensors.constant(3f);
     * x.add(y);   // [4. 5.]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the sum
     */
    public Tensor add(Tensor other) {
        return Tensors.add(this, other);
    }

    /**
     * {@code this + c}, where {@code c} takes this tensor's dtype; see {@link Tensors#add}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f);
     * x.add(1.0);   // 3.0
     * }</pre>
     *
     * @param c the scalar
     * @return the sum
     */
    public Tensor add(double c) {
        return Tensors.add(this, Tensors.scalarFor("add", this, c));
    }

    /**
     * {@code this + c} for a whole number, exact for an int64 tensor at every value (Java picks this overload for
     * an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32 tensor
     * takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#add}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(1L);
     * x.add(9007199254740993L);   // 9007199254740994, exact
     * }</pre>
     *
     * @param c the scalar
     * @return the sum
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor add(long c) {
        return Tensors.add(this, Tensors.scalarFor("add", this, c));
    }

    /**
     * {@code this - other}, elementwise with broadcasting; see {@link Tensors#sub}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y = Tensors.constant(3f);
     * x.sub(y);   // [-2. -1.]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the difference
     */
    public Tensor sub(Tensor other) {
        return Tensors.sub(this, other);
    }

    /**
     * {@code this - c}, where {@code c} takes this tensor's dtype; see {@link Tensors#sub}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f);
     * x.sub(1.0);   // 1.0
     * }</pre>
     *
     * @param c the scalar
     * @return the difference
     */
    public Tensor sub(double c) {
        return Tensors.sub(this, Tensors.scalarFor("sub", this, c));
    }

    /**
     * {@code this - c} for a whole number, exact for an int64 tensor at every value (Java picks this overload for
     * an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32 tensor
     * takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#sub}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(1L);
     * x.sub(Long.MAX_VALUE);   // -9223372036854775806
     * }</pre>
     *
     * @param c the scalar
     * @return the difference
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor sub(long c) {
        return Tensors.sub(this, Tensors.scalarFor("sub", this, c));
    }

    /**
     * {@code this * other}, elementwise with broadcasting; see {@link Tensors#mul}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * x.mul(x);   // 9.0
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the product
     */
    public Tensor mul(Tensor other) {
        return Tensors.mul(this, other);
    }

    /**
     * {@code this * c}, where {@code c} takes this tensor's dtype; see {@link Tensors#mul}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * x.mul(2.0);   // 6.0
     * }</pre>
     *
     * @param c the scalar
     * @return the product
     */
    public Tensor mul(double c) {
        return Tensors.mul(this, Tensors.scalarFor("mul", this, c));
    }

    /**
     * {@code this * c} for a whole number, exact for an int64 tensor at every value (Java picks this overload for
     * an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32 tensor
     * takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#mul}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(1L);
     * x.mul(3);   // 3, an int literal takes this overload
     * }</pre>
     *
     * @param c the scalar
     * @return the product
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor mul(long c) {
        return Tensors.mul(this, Tensors.scalarFor("mul", this, c));
    }

    /**
     * {@code this / other}, elementwise with broadcasting; see {@link Tensors#div}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2), y = Tensors.constant(4f);
     * x.div(y);   // [0.25 0.5]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the quotient
     */
    public Tensor div(Tensor other) {
        return Tensors.div(this, other);
    }

    /**
     * {@code this / c}, where {@code c} takes this tensor's dtype; see {@link Tensors#div}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * x.div(2.0);   // 1.5
     * }</pre>
     *
     * @param c the scalar
     * @return the quotient
     */
    public Tensor div(double c) {
        return Tensors.div(this, Tensors.scalarFor("div", this, c));
    }

    /**
     * {@code this // other}: division rounded toward negative infinity, elementwise with broadcasting (TensorFlow's
     * {@code floordiv}); see {@link Tensors#floorDiv}. No gradient.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new int[] {7, -7}, 2), y = Tensors.constant(2);
     * x.floorDiv(y);   // [ 3 -4]
     * }</pre>
     *
     * @param other the divisor, same dtype, broadcast-compatible shape
     * @return the floored quotient
     * @throws IllegalArgumentException on mixed dtypes, BOOL, shapes that do not broadcast, or a zero integer divisor
     */
    public Tensor floorDiv(Tensor other) {
        return Tensors.floorDiv(this, other);
    }

    /**
     * {@code this // c}, where {@code c} takes this tensor's dtype (TensorFlow's {@code x // 2.5}); see
     * {@link Tensors#floorDiv}. No gradient.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {7.5f, -7.5f}, 2);
     * x.floorDiv(2.5);   // [ 3. -3.]
     * }</pre>
     *
     * @param c the divisor
     * @return the floored quotient
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range), the tensor is bool, or an
     *                                  integer divisor is 0
     */
    public Tensor floorDiv(double c) {
        return Tensors.floorDiv(this, Tensors.scalarFor("floorDiv", this, c));
    }

    /**
     * {@code this // c} for a whole number (TensorFlow's {@code x // 2}), exact for an int64 tensor at every value;
     * an int32 tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#floorDiv}. No
     * gradient.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new int[] {7, -7}, 2);
     * x.floorDiv(2);   // [ 3 -4]
     * }</pre>
     *
     * @param c the divisor
     * @return the floored quotient
     * @throws IllegalArgumentException if {@code c} is 0 for an integer tensor or does not fit an int32 tensor, or
     *                                  the tensor is bool
     */
    public Tensor floorDiv(long c) {
        return Tensors.floorDiv(this, Tensors.scalarFor("floorDiv", this, c));
    }

    /**
     * {@code this % other}: the remainder with the divisor's sign, elementwise with broadcasting (TensorFlow's
     * {@code floormod}); see {@link Tensors#floorMod}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new int[] {7, -7}, 2), y = Tensors.constant(2);
     * x.floorMod(y);   // [1 1]
     * }</pre>
     *
     * @param other the divisor, same dtype, broadcast-compatible shape
     * @return the remainder
     * @throws IllegalArgumentException on mixed dtypes, BOOL, shapes that do not broadcast, or a zero integer divisor
     */
    public Tensor floorMod(Tensor other) {
        return Tensors.floorMod(this, other);
    }

    /**
     * {@code this % c}, the remainder with the sign of {@code c}, where {@code c} takes this tensor's dtype
     * (TensorFlow's {@code x % 1.5}); see {@link Tensors#floorMod}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {4f, -4f}, 2);
     * x.floorMod(1.5);   // [1.  0.5]
     * }</pre>
     *
     * @param c the divisor
     * @return the remainder
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range), the tensor is bool, or an
     *                                  integer divisor is 0
     */
    public Tensor floorMod(double c) {
        return Tensors.floorMod(this, Tensors.scalarFor("floorMod", this, c));
    }

    /**
     * {@code this % c} for a whole number (TensorFlow's {@code x % 2}), exact for an int64 tensor at every value;
     * an int32 tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#floorMod}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new int[] {7, -7}, 2);
     * x.floorMod(2);    // [1 1]
     * x.floorMod(-2);   // [-1 -1]
     * }</pre>
     *
     * @param c the divisor
     * @return the remainder
     * @throws IllegalArgumentException if {@code c} is 0 for an integer tensor or does not fit an int32 tensor, or
     *                                  the tensor is bool
     */
    public Tensor floorMod(long c) {
        return Tensors.floorMod(this, Tensors.scalarFor("floorMod", this, c));
    }

    /**
     * {@code this ** exponent}, elementwise with broadcasting; see {@link Tensors#pow(Tensor, Tensor)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(2f), y = Tensors.constant(3f);
     * x.pow(y);   // 8.0
     * }</pre>
     *
     * @param exponent same dtype, broadcast-compatible shape
     * @return the power
     */
    public Tensor pow(Tensor exponent) {
        return Tensors.pow(this, exponent);
    }

    /**
     * {@code this ** p}, where {@code p} takes this tensor's dtype; see {@link Tensors#pow(Tensor, double)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * x.pow(2);   // 9.0, x squared
     * }</pre>
     *
     * @param p the exponent
     * @return the power
     */
    public Tensor pow(double p) {
        return Tensors.pow(this, p);
    }

    /**
     * {@code this ** p} for a whole-number exponent, exact for an int64 tensor; see
     * {@link Tensors#pow(Tensor, long)}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3L);
     * x.pow(39);   // 4052555153018976267
     * }</pre>
     *
     * @param p the exponent
     * @return the power
     */
    public Tensor pow(long p) {
        return Tensors.pow(this, p);
    }

    /**
     * {@code -this}; see {@link Tensors#neg}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(3f);
     * x.neg();   // -3.0
     * }</pre>
     *
     * @return the negation
     */
    public Tensor neg() {
        return Tensors.neg(this);
    }

    /**
     * {@code this == other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code tf.math.equal}); see {@link Tensors#equal}. Shapes that do not broadcast are an
     * {@link IllegalArgumentException}, as {@code tf.math.equal} raises; TensorFlow's {@code Tensor.__eq__} (the
     * {@code ==} operator) instead returns a scalar {@code False} for them ({@code incompatible_shape_error=False}).
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2);
     * x.equal(Tensors.constant(2f));   // [False  True]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor equal(Tensor other) {
        return Tensors.equal(this, other);
    }

    /**
     * {@code this == c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x == 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#equal}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2);
     * x.equal(2.0);   // [False  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor equal(double c) {
        return Tensors.equal(this, Tensors.scalarFor("equal", this, c));
    }

    /**
     * {@code this == c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#equal}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new long[] {3, 9007199254740993L}, 2);
     * k.equal(9007199254740993L);   // [False  True], exact in int64
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor equal(long c) {
        return Tensors.equal(this, Tensors.scalarFor("equal", this, c));
    }

    /**
     * {@code this != other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code tf.math.not_equal}); see {@link Tensors#notEqual}. Shapes that do not broadcast are an
     * {@link IllegalArgumentException}, as {@code tf.math.not_equal} raises; TensorFlow's {@code Tensor.__ne__} (the
     * {@code !=} operator) instead returns a scalar {@code True} for them ({@code incompatible_shape_error=False}).
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2);
     * x.notEqual(Tensors.constant(2f));   // [ True False]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor notEqual(Tensor other) {
        return Tensors.notEqual(this, other);
    }

    /**
     * {@code this != c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x != 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#notEqual}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2}, 2);
     * x.notEqual(2.0);   // [ True False]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor notEqual(double c) {
        return Tensors.notEqual(this, Tensors.scalarFor("notEqual", this, c));
    }

    /**
     * {@code this != c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#notEqual}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new int[] {0, 1, 2}, 3);
     * k.notEqual(0);   // [False  True  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor notEqual(long c) {
        return Tensors.notEqual(this, Tensors.scalarFor("notEqual", this, c));
    }

    /**
     * {@code this > other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code Tensor.__gt__}); see {@link Tensors#greater}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.7f}, 2);
     * x.greater(Tensors.constant(0.5f));   // [False  True]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor greater(Tensor other) {
        return Tensors.greater(this, other);
    }

    /**
     * {@code this > c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x > 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#greater}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.7f}, 2);
     * x.greater(0.5);   // [False  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor greater(double c) {
        return Tensors.greater(this, Tensors.scalarFor("greater", this, c));
    }

    /**
     * {@code this > c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#greater}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new int[] {-1, 0, 1}, 3);
     * k.greater(0);   // [False False  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor greater(long c) {
        return Tensors.greater(this, Tensors.scalarFor("greater", this, c));
    }

    /**
     * {@code this >= other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code Tensor.__ge__}); see {@link Tensors#greaterEqual}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.5f}, 2);
     * x.greaterEqual(Tensors.constant(0.5f));   // [False  True]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor greaterEqual(Tensor other) {
        return Tensors.greaterEqual(this, other);
    }

    /**
     * {@code this >= c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x >= 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#greaterEqual}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.5f}, 2);
     * x.greaterEqual(0.5);   // [False  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor greaterEqual(double c) {
        return Tensors.greaterEqual(this, Tensors.scalarFor("greaterEqual", this, c));
    }

    /**
     * {@code this >= c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#greaterEqual}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new int[] {-1, 0, 1}, 3);
     * k.greaterEqual(0);   // [False  True  True]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor greaterEqual(long c) {
        return Tensors.greaterEqual(this, Tensors.scalarFor("greaterEqual", this, c));
    }

    /**
     * {@code this < other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code Tensor.__lt__}); see {@link Tensors#less}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.7f}, 2);
     * x.less(Tensors.constant(0.5f));   // [ True False]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor less(Tensor other) {
        return Tensors.less(this, other);
    }

    /**
     * {@code this < c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x < 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#less}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.2f, 0.7f}, 2);
     * x.less(0.5);   // [ True False]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor less(double c) {
        return Tensors.less(this, Tensors.scalarFor("less", this, c));
    }

    /**
     * {@code this < c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#less}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new int[] {-1, 0, 1}, 3);
     * k.less(0);   // [ True False False]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor less(long c) {
        return Tensors.less(this, Tensors.scalarFor("less", this, c));
    }

    /**
     * {@code this <= other} elementwise with broadcasting, a BOOL tensor with no gradient (TensorFlow's
     * {@code Tensor.__le__}); see {@link Tensors#lessEqual}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.5f, 0.7f}, 2);
     * x.lessEqual(Tensors.constant(0.5f));   // [ True False]
     * }</pre>
     *
     * @param other same dtype, broadcast-compatible shape
     * @return the comparison
     */
    public Tensor lessEqual(Tensor other) {
        return Tensors.lessEqual(this, other);
    }

    /**
     * {@code this <= c}, where {@code c} takes this tensor's dtype as TensorFlow converts a Python number
     * beside a tensor ({@code x <= 0.5} compares with float32 0.5 for a float32 {@code x}); see {@link Tensors#lessEqual}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {0.5f, 0.7f}, 2);
     * x.lessEqual(0.5);   // [ True False]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit this tensor's dtype (a fraction for an integer
     *                                  tensor, a finite value past float32's range) or the tensor is bool
     */
    public Tensor lessEqual(double c) {
        return Tensors.lessEqual(this, Tensors.scalarFor("lessEqual", this, c));
    }

    /**
     * {@code this <= c} for a whole number, exact for an int64 tensor at every value (Java picks this overload
     * for an {@code int} or {@code long} argument; a {@code double} would round a long above 2^53). An int32
     * tensor takes {@code c} if it fits, a float tensor rounds it once; see {@link Tensors#lessEqual}.
     *
     * <pre>{@code
     * Tensor k = Tensors.constant(new int[] {-1, 0, 1}, 3);
     * k.lessEqual(0);   // [ True  True False]
     * }</pre>
     *
     * @param c the scalar
     * @return the comparison, BOOL, of this tensor's shape
     * @throws IllegalArgumentException if {@code c} does not fit an int32 tensor, or the tensor is bool
     */
    public Tensor lessEqual(long c) {
        return Tensors.lessEqual(this, Tensors.scalarFor("lessEqual", this, c));
    }

    /**
     * The matrix product {@code this @ other}; see {@link Tensors#matmul}.
     *
     * <pre>{@code
     * Tensor a = Tensors.ones(DType.FLOAT32, 2, 3), b = Tensors.ones(DType.FLOAT32, 3, 4);
     * a.matmul(b).shape();   // (2, 4)
     * }</pre>
     *
     * @param other a matrix or batch of matrices of the same dtype
     * @return the product
     */
    public Tensor matmul(Tensor other) {
        return Tensors.matmul(this, other);
    }

    /**
     * The sum of all elements, a scalar; see {@link Tensors#reduceSum}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2, 3}, 3);
     * x.sum();   // 6.0
     * }</pre>
     *
     * @return the sum
     */
    public Tensor sum() {
        return Tensors.reduceSum(this);
    }

    /**
     * The sum over the given axes, which are removed; see {@link Tensors#reduceSum}.
     *
     * <pre>{@code
     * Tensor m = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * m.sum(0);   // [5. 7. 9.]
     * }</pre>
     *
     * @param axes the axes (negative counts from the end), at least one: an empty array is an
     *             {@link IllegalArgumentException}, as TensorFlow's {@code axis=[]} reduces nothing; {@link #sum()}
     *             sums every element
     * @return the sum
     */
    public Tensor sum(int... axes) {
        return Tensors.reduceSum(this, axes);
    }

    /**
     * The mean of all elements, a scalar; see {@link Tensors#reduceMean}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2, 3}, 3);
     * x.mean();   // 2.0
     * }</pre>
     *
     * @return the mean
     */
    public Tensor mean() {
        return Tensors.reduceMean(this);
    }

    /**
     * The mean over the given axes, which are removed; see {@link Tensors#reduceMean}.
     *
     * <pre>{@code
     * Tensor m = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * m.mean(-1);   // [2. 5.]
     * }</pre>
     *
     * @param axes the axes (negative counts from the end), at least one: an empty array is an
     *             {@link IllegalArgumentException}, as TensorFlow's {@code axis=[]} reduces nothing; {@link #mean()}
     *             averages every element
     * @return the mean
     */
    public Tensor mean(int... axes) {
        return Tensors.reduceMean(this, axes);
    }

    /**
     * The same values in a new shape; see {@link Tensors#reshape}.
     *
     * <pre>{@code
     * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 6);
     * x.reshape(2, -1).shape();   // (2, 3)
     * }</pre>
     *
     * @param shape the new dimensions; one may be -1
     * @return the reshaped tensor
     */
    public Tensor reshape(int... shape) {
        return Tensors.reshape(this, shape);
    }

    /**
     * The axes reversed (a matrix transpose for rank 2); see {@link Tensors#transpose}.
     *
     * <pre>{@code
     * Tensor m = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
     * m.transpose().shape();   // (3, 2)
     * }</pre>
     *
     * @return the transposed tensor
     */
    public Tensor transpose() {
        return Tensors.transpose(this);
    }

    /**
     * This tensor with a name, for drawings of the tape ({@link GradientTape#toDot()} and the others label it by
     * its name). A name is metadata held beside the tensor: it changes no value, no gradient and nothing recorded.
     * This returns the same tensor (not a copy, and no op is recorded), so {@code t.gradient(y, x.named("x1"))}
     * is {@code t.gradient(y, x)}; naming it again replaces the name. Names are held weakly: they cost nothing
     * for unnamed tensors and go with the tensor.
     *
     * <pre>{@code
     * Tensor x1 = Tensors.constant(1.0f).named("x1");
     * x1.name();   // "x1"
     * }</pre>
     *
     * @param name the name, not blank
     * @return this tensor
     * @throws IllegalArgumentException if the name is blank
     */
    public Tensor named(String name) {
        io.gradtape.internal.draw.Names.put(this, checkName(name));
        return this;
    }

    /**
     * The name given by {@link #named}, or null.
     *
     * <pre>{@code
     * Tensors.constant(2.0f).named("x2").name();   // "x2"
     * }</pre>
     *
     * @return the name or null
     */
    public String name() {
        return io.gradtape.internal.draw.Names.get(this);
    }

    static String checkName(String name) {
        java.util.Objects.requireNonNull(name, "named: name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("named: the name is blank");
        }
        return name;
    }

    /**
     * TensorFlow's rendering, {@code Tensor(6.0, shape=(), dtype=float32)}; larger tensors print NumPy's nested
     * brackets, rows wrapped at 75 characters, summarized with {@code ...} beyond 1000 elements, and values of
     * several lines start on a new line, as TensorFlow prints them: {@code Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2),
     * dtype=float32)}.
     *
     * <pre>{@code
     * Tensors.constant(6.0f).toString();   // "Tensor(6.0, shape=(), dtype=float32)"
     * }</pre>
     */
    @Override
    public String toString() {
        return describe("Tensor", "");
    }

    // ------------------------------------------------------------------------------------ element access and nested read-back

    /** The row-major position of {@code index} in the current value, checked against the shape. */
    private int flatIndex(String op, int[] index) {
        Shape s = current().shape;
        if (index == null || index.length != s.rank()) {
            throw new IllegalArgumentException(op + ": needs " + s.rank() + " indices for shape " + s + ", got "
                    + (index == null ? "null" : java.util.Arrays.toString(index)));
        }
        int flat = 0;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + s.dim(d) : index[d];
            if (i < 0 || i >= s.dim(d)) {
                throw new IllegalArgumentException(op + ": index " + java.util.Arrays.toString(index) + " is out of range for shape "
                        + s + " (axis " + d + ")");
            }
            flat = flat * s.dim(d) + i;
        }
        return flat;
    }

    /**
     * One element as a float (converted from any dtype; true is 1). Negative indices count from the end, as in
     * Python; a scalar takes no index.
     *
     * <pre>{@code
     * Tensors.constant(new float[][] {{1, 2}, {3, 4}}).getFloat(1, 0);   // 3.0f
     * }</pre>
     *
     * @param index one index per axis
     * @return the element
     * @throws IllegalArgumentException if the number of indices differs from the rank or one is out of range
     */
    public float getFloat(int... index) {
        return Convert.toFloat(current().storage(), flatIndex("getFloat", index));
    }

    /**
     * One element as a double (converted from any dtype); see {@link #getFloat}.
     *
     * <pre>{@code
     * Tensors.constant(new double[] {0.5, 1.5}, 2).getDouble(-1);   // 1.5
     * }</pre>
     *
     * @param index one index per axis
     * @return the element
     */
    public double getDouble(int... index) {
        return Convert.toDouble(current().storage(), flatIndex("getDouble", index));
    }

    /**
     * One element as an int (floating values truncate toward zero); see {@link #getFloat}.
     *
     * <pre>{@code
     * Tensors.range(5).getInt(3);   // 3
     * }</pre>
     *
     * @param index one index per axis
     * @return the element
     */
    public int getInt(int... index) {
        return Convert.toInt(current().storage(), flatIndex("getInt", index));
    }

    /**
     * One element as a long (floating values truncate toward zero); see {@link #getFloat}.
     *
     * <pre>{@code
     * Tensors.constant(new long[] {7L, 8L}).getLong(0);   // 7L
     * }</pre>
     *
     * @param index one index per axis
     * @return the element
     */
    public long getLong(int... index) {
        return Convert.toLong(current().storage(), flatIndex("getLong", index));
    }

    /**
     * One element as a boolean (numbers: non-zero is true); see {@link #getFloat}.
     *
     * <pre>{@code
     * Tensors.constant(new boolean[] {true, false}).getBoolean(1);   // false
     * }</pre>
     *
     * @param index one index per axis
     * @return the element
     */
    public boolean getBoolean(int... index) {
        Object d = current().storage();
        int i = flatIndex("getBoolean", index);
        return d instanceof boolean[] ? ((boolean[]) d)[i] : Convert.toDouble(d, i) != 0;
    }

    private Object nested(String op, int rank, DType as) {
        Tensor t = current();
        if (rank >= 0 && t.shape.rank() != rank) {
            throw new IllegalStateException(op + ": needs a tensor of rank " + rank + ", got shape " + t.shape);
        }
        return io.gradtape.internal.ops.NestedArrays.nest(t.storage(), t.shape.dims(), as);
    }

    /**
     * A copy of a matrix's values as rows of floats, converting from any dtype.
     *
     * <pre>{@code
     * Tensors.constant(new float[] {1, 2, 3, 4}, 2, 2).toFloatArray2D();   // {{1, 2}, {3, 4}}
     * }</pre>
     *
     * @return {@code shape(0)} rows of {@code shape(1)} elements
     * @throws IllegalStateException if the rank is not 2
     */
    public float[][] toFloatArray2D() {
        return (float[][]) nested("toFloatArray2D", 2, DType.FLOAT32);
    }

    /**
     * A copy of a matrix's values as rows of doubles, converting from any dtype.
     *
     * <pre>{@code
     * Tensors.eye(2, DType.FLOAT64).toDoubleArray2D();   // {{1, 0}, {0, 1}}
     * }</pre>
     *
     * @return {@code shape(0)} rows of {@code shape(1)} elements
     * @throws IllegalStateException if the rank is not 2
     */
    public double[][] toDoubleArray2D() {
        return (double[][]) nested("toDoubleArray2D", 2, DType.FLOAT64);
    }

    /**
     * A copy of a matrix's values as rows of ints, converting from any dtype (floats truncate toward zero).
     *
     * <pre>{@code
     * Tensors.constant(new int[][] {{1, 2}, {3, 4}}).toIntArray2D();   // {{1, 2}, {3, 4}}
     * }</pre>
     *
     * @return {@code shape(0)} rows of {@code shape(1)} elements
     * @throws IllegalStateException if the rank is not 2
     */
    public int[][] toIntArray2D() {
        return (int[][]) nested("toIntArray2D", 2, DType.INT32);
    }

    /**
     * A copy of the values as a nested Java array of the dtype's primitive type ({@code float[][][]} for a float32
     * tensor of rank 3, {@code boolean[]} for a bool vector), or the boxed value for a scalar ({@code Float},
     * {@code Double}, {@code Integer}, {@code Long}, {@code Boolean}). The inverse of {@link Tensors#constant(Object)},
     * except that a Java array cannot record sizes below an empty level: shape {@code (3, 0, 2)} gives three empty
     * {@code float[][]} and reads back as {@code (3, 0, 0)} (no elements either way).
     *
     * <pre>{@code
     * double[][][] a = (double[][][]) Tensors.zeros(DType.FLOAT64, 2, 3, 4).toNestedArray();
     * }</pre>
     *
     * @return a nested array, or a boxed scalar
     */
    public Object toNestedArray() {
        Tensor t = current();
        if (t.shape.rank() == 0) {
            return java.lang.reflect.Array.get(t.storage(), 0);
        }
        return nested("toNestedArray", -1, t.dtype);
    }

    /** {@code kind(values, shape=..., dtype=...extra)} for the current value. */
    String describe(String kind, String extra) {
        Tensor t = current();
        String unreadable = t.ticket == null ? null : t.ticket.unreadableHere();
        String values = unreadable != null ? "<" + unreadable + ">" : TensorFormat.values(t.dtype, t.shape, t.storage());
        String open = values.indexOf('\n') >= 0 ? "(\n" : "("; // several lines start on a new one, as in TensorFlow
        return kind + open + values + ", shape=" + t.shape + ", dtype=" + t.dtype + extra + ")";
    }
}
