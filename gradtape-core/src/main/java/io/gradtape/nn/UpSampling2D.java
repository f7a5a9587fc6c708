package io.gradtape.nn;

import io.gradtape.Tensor;
import io.gradtape.Tensors;

import java.util.Locale;
import java.util.Objects;

/**
 * Enlarges NHWC images {@code (batch, height, width, channels)} by integer factors (Keras's {@code UpSampling2D} with
 * {@code data_format="channels_last"}, keras/src/layers/reshaping/up_sampling2d.py, named {@code up_sampling2d}): the
 * output is {@code (batch, height * sizeH, width * sizeW, channels)}. Keras's defaults: factors {@code (2, 2)} and
 * {@code nearest} interpolation.
 * <ul>
 *   <li>{@code nearest} repeats each row {@code sizeH} times and each column {@code sizeW} times (Keras's
 *       {@code ops.repeat} on axes 1 and 2). Any dtype.</li>
 *   <li>{@code bilinear} interpolates as TensorFlow's {@code tf.image.resize(method="bilinear")}, which Keras's
 *       {@code ops.image.resize} calls (half-pixel centres, no antialiasing, which only shrinking would use): output
 *       row {@code o} samples the input at {@code (o + 0.5) / sizeH - 0.5}, between rows {@code max(floor, 0)} and
 *       {@code min(ceil, height - 1)}, so the edges repeat the border values. This is also PyTorch's
 *       {@code interpolate(mode="bilinear", align_corners=False)}. The width is interpolated first, then the height,
 *       each as {@code a + (b - a) * t} as TensorFlow's kernel does. Float32 or float64.</li>
 * </ul>
 * Keras's other methods ({@code bicubic}, {@code lanczos3}, {@code lanczos5}) are not supported. Both methods are
 * composed of gathers, products and sums, so gradients of every order come from those ops. It has no variables, and as
 * in Keras its output has no mask.
 *
 * <pre>{@code
 * Tensor x = Tensors.constant(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
 * new UpSampling2D().call(x);                       // shape (1, 4, 4, 1): each pixel as a 2x2 block
 * new UpSampling2D(2, 2, "bilinear").call(x);       // first row [1, 1.25, 1.75, 2]
 * }</pre>
 */
public class UpSampling2D extends Module {
    private final int sizeH;
    private final int sizeW;
    private final String interpolation;

    /**
     * Factors 2 and 2, nearest (Keras's defaults).
     *
     * <pre>{@code
     * UpSampling2D u = new UpSampling2D();
     * }</pre>
     */
    public UpSampling2D() {
        this(2);
    }

    /**
     * The factor {@code size} on both axes, nearest.
     *
     * <pre>{@code
     * UpSampling2D u = new UpSampling2D(3);
     * }</pre>
     *
     * @param size positive
     * @throws IllegalArgumentException if it is not positive
     */
    public UpSampling2D(int size) {
        this(size, size, "nearest");
    }

    /**
     * The factors {@code sizeH} (rows) and {@code sizeW} (columns) and an interpolation, {@code nearest} or
     * {@code bilinear} (in either case).
     *
     * <pre>{@code
     * UpSampling2D u = new UpSampling2D(2, 2, "bilinear");
     * }</pre>
     *
     * @param sizeH         the rows' factor, positive
     * @param sizeW         the columns' factor, positive
     * @param interpolation {@code nearest} or {@code bilinear}
     * @throws IllegalArgumentException if a factor is not positive or the interpolation is another string
     */
    public UpSampling2D(int sizeH, int sizeW, String interpolation) {
        super(null);
        ShapeLayers.positive("UpSampling2D", "size", sizeH);
        ShapeLayers.positive("UpSampling2D", "size", sizeW);
        Objects.requireNonNull(interpolation, "UpSampling2D: interpolation is null");
        String i = interpolation.toLowerCase(Locale.ROOT);
        if (!i.equals("nearest") && !i.equals("bilinear")) {
            throw new IllegalArgumentException("UpSampling2D: interpolation must be \"nearest\" or \"bilinear\", got \""
                    + interpolation + "\" (Keras's bicubic and lanczos methods are not supported)");
        }
        this.sizeH = sizeH;
        this.sizeW = sizeW;
        this.interpolation = i;
    }

    /**
     * The enlarged images.
     *
     * <pre>{@code
     * new UpSampling2D(2).call(Tensors.zeros(DType.FLOAT32, 8, 14, 14, 16));   // shape (8, 28, 28, 16)
     * }</pre>
     *
     * @throws IllegalArgumentException if the input is not of rank 4, a bilinear input is not float32 or float64, or
     *                                  an output dimension would exceed {@code Integer.MAX_VALUE}
     */
    @Override
    public Tensor call(Tensor x) {
        ShapeLayers.checkRank(this, "UpSampling2D", x, 4, "(batch, height, width, channels)");
        ShapeLayers.checkUpsampled(this, "UpSampling2D", x, 1, sizeH);
        ShapeLayers.checkUpsampled(this, "UpSampling2D", x, 2, sizeW);
        if (interpolation.equals("nearest")) {
            return ShapeLayers.repeat(ShapeLayers.repeat(x, 1, sizeH), 2, sizeW);
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": UpSampling2D's bilinear interpolation needs a floating input,"
                    + " got shape " + x.shape() + " and dtype " + x.dtype());
        }
        return linear(linear(x, 2, sizeW), 1, sizeH);
    }

    /**
     * Linear interpolation along {@code axis} to {@code size} times its length, with TensorFlow's half-pixel rule
     * ({@code compute_interpolation_weights} in tensorflow/core/kernels/image/resize_bilinear_op.cc).
     */
    private static Tensor linear(Tensor x, int axis, int size) {
        if (size == 1) {
            return x;
        }
        int n = x.shape().dim(axis);
        int out = n * size;
        int[] lower = new int[out];
        int[] upper = new int[out];
        double[] lerp = new double[out];
        for (int o = 0; o < out; o++) {
            double in = (o + 0.5) / size - 0.5;
            double f = Math.floor(in);
            lower[o] = Math.max((int) f, 0);
            upper[o] = Math.min((int) Math.ceil(in), n - 1);
            lerp[o] = in - f;
        }
        int[] weightShape = {1, 1, 1, 1};
        weightShape[axis] = out;
        Tensor t = Tensors.cast(Tensors.constant(lerp, weightShape), x.dtype());
        Tensor a = Tensors.gather(x, Tensors.constant(lower, out), axis);
        Tensor b = Tensors.gather(x, Tensors.constant(upper, out), axis);
        return a.add(b.sub(a).mul(t));
    }

    /**
     * The factors as {@code {sizeH, sizeW}}.
     *
     * <pre>{@code
     * new UpSampling2D().size();   // [2, 2]
     * }</pre>
     *
     * @return a new array
     */
    public int[] size() {
        return new int[] {sizeH, sizeW};
    }

    /**
     * The interpolation, {@code nearest} or {@code bilinear}, in lower case.
     *
     * <pre>{@code
     * new UpSampling2D(2, 2, "BILINEAR").interpolation();   // "bilinear"
     * }</pre>
     *
     * @return the name
     */
    public String interpolation() {
        return interpolation;
    }
}
