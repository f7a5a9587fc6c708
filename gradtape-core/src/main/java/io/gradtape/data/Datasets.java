package io.gradtape.data;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.TensorScopes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Small real data sets shipped with gradtape, for examples, tests and demos. Both come from the UCI Machine
 * Learning Repository under the Creative Commons Attribution 4.0 licence (CC BY 4.0); credit them where results
 * on them are shown:
 * <ul>
 *   <li><b>digits</b>: Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (1998),
 *       https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits: its test part, 1797
 *       images of 8x8 pixels;</li>
 *   <li><b>iris</b>: Iris, R. A. Fisher (1936), "The use of multiple measurements in taxonomic problems", Annals
 *       of Eugenics 7(2), 179-188; https://archive.ics.uci.edu/dataset/53/iris: 150 flowers, 4 measurements,
 *       3 species.</li>
 * </ul>
 * The files are resources of this package ({@code io/gradtape/data/digits.csv.gz} and {@code iris.csv}, with a
 * README giving the same attribution). Each is read once, on first use, and the same immutable tensors are
 * returned afterwards.
 *
 * <pre>{@code
 * Table digits = Datasets.digits();
 * Dataset.Split s = digits.dataset().trainTestSplit(0.2, 0);
 * for (Batch b : s.train().shuffle(1).batch(64)) {
 *     b.x();   // float32 (64, 64), pixels in [0, 1]
 *     b.y();   // int32 (64,), digits 0..9
 * }
 * }</pre>
 */
public final class Datasets {
    /** The iris species, in the order of their class indices 0, 1, 2. */
    public static final List<String> IRIS_CLASSES = List.of("setosa", "versicolor", "virginica");

    private Datasets() {
    }

    private static final class Digits {
        static final Table TABLE = TensorScopes.outside(Digits::load); // loaded once, for every later scope

        private static Table load() {
            Table raw = resource("digits.csv.gz", Csv.options().labelColumns(-1));
            float[] x = (float[]) TensorAccess.data(raw.features());
            for (int i = 0; i < x.length; i++) {
                x[i] *= 0.0625f;   // / 16, exact: the 17 levels 0..16 become k/16
            }
            return raw;
        }
    }

    private static final class Iris {
        static final Table TABLE = TensorScopes.outside(
                () -> resource("iris.csv", Csv.options().header(true).labelColumns(-1)));
    }

    private static Table resource(String name, Csv.Options options) {
        try (InputStream in = Datasets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Datasets: resource io/gradtape/data/" + name + " is missing");
            }
            return Csv.read(in, "io/gradtape/data/" + name, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Datasets: cannot read io/gradtape/data/" + name, e);
        }
    }

    /**
     * The handwritten digits (Alpaydin and Kaynak, 1998; UCI, CC BY 4.0): features float32 {@code [1797, 64]},
     * the 8x8 pixels of each image in row-major order <em>scaled to [0, 1]</em> (the published counts 0..16
     * divided by 16, exactly: multiply by 16 to get them back); labels int32 {@code [1797]}, the digit 0..9.
     * This is the writer-independent test part of the data set, the same rows as scikit-learn's
     * {@code load_digits}.
     *
     * <pre>{@code
     * Table d = Datasets.digits();
     * d.features().shape();   // (1797, 64)
     * d.labels().shape();     // (1797,)
     * }</pre>
     *
     * @return the table (the same immutable tensors on every call)
     */
    public static Table digits() {
        return Digits.TABLE;
    }

    /**
     * Fisher's iris flowers (1936; UCI, CC BY 4.0): features float32 {@code [150, 4]}, sepal length, sepal width,
     * petal length and petal width in centimetres, unscaled; labels int32 {@code [150]}, the species index into
     * {@link #IRIS_CLASSES} (50 of each, in blocks of 50).
     *
     * <pre>{@code
     * Table iris = Datasets.iris();
     * iris.features().shape();              // (150, 4)
     * Datasets.IRIS_CLASSES.get(2);         // "virginica"
     * }</pre>
     *
     * @return the table (the same immutable tensors on every call)
     */
    public static Table iris() {
        return Iris.TABLE;
    }
}
