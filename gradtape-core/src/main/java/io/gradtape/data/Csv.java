package io.gradtape.data;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.internal.TensorAccess;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A reader of numeric CSV files into a {@link Table} of features and labels: one row per line, one value per
 * field, every value a number. Files compressed with gzip ({@code .csv.gz}) are recognized by their first bytes
 * and decompressed on the fly.
 *
 * <p><b>Format.</b> Fields are separated by the {@linkplain Options#delimiter delimiter} (a comma by default);
 * spaces around a field and one pair of double quotes around it are ignored. Blank lines are skipped. A value is
 * a decimal number ({@code 3}, {@code -0.5}, {@code 1e-3}, {@code .5}) or {@code nan}, {@code inf},
 * {@code -inf} (any case) for floating columns; integer columns take integers, or numbers with no fractional part
 * such as {@code 2.0} or {@code 1e3}, read exactly (never rounded through double: {@code 9007199254740993.0} is
 * 2^53 + 1 in int64, {@code 0.99999999999999999} is not an integer), and a value outside the dtype's range is an
 * error. Anything else, an empty field, or a row whose number of fields differs from the first
 * row's is a {@link CsvFormatException} naming the file, the line and the column. Quoted delimiters and
 * multi-line fields (text data) are not supported.
 *
 * <p><b>Columns.</b> The {@linkplain Options#labelColumns label columns} (none by default) go to
 * {@link Table#labels()}, with {@linkplain Options#labelDtype their dtype} (int32 by default); all other columns,
 * in file order, go to {@link Table#features()} ({@linkplain Options#dtype float32} by default). Float32 values
 * are parsed directly to the nearest float ({@link Float#parseFloat}), not rounded twice through double.
 *
 * <pre>{@code
 * java.nio.file.Path file = java.nio.file.Files.createTempFile("iris", ".csv");
 * java.nio.file.Files.writeString(file, "sepal,petal,species\n5.1,1.4,0\n6.3,4.9,1\n");
 * Table t = Csv.read(file, Csv.options().header(true).labelColumns(-1));
 * t.features();   // float32 (2, 2): [[5.1, 1.4], [6.3, 4.9]]
 * t.labels();     // int32 (2,): [0, 1]
 * }</pre>
 */
public final class Csv {
    private Csv() {
    }

    /**
     * The default options: no header, comma-separated, no label columns, float32 features, int32 labels.
     *
     * <pre>{@code
     * Csv.Options o = Csv.options().header(true).delimiter(';').labelColumns(0);
     * }</pre>
     *
     * @return the default options
     */
    public static Options options() {
        return Options.DEFAULT;
    }

    /**
     * Reads a file with the default options: all columns are float32 features.
     *
     * <pre>{@code
     * java.nio.file.Path file = java.nio.file.Files.createTempFile("x", ".csv");
     * java.nio.file.Files.writeString(file, "1,2\n3,4\n");
     * Csv.read(file).features();   // float32 (2, 2)
     * }</pre>
     *
     * @param path a {@code .csv} or gzip-compressed {@code .csv.gz} file
     * @return the table (labels null)
     * @throws CsvFormatException if a value or row is malformed
     * @throws IOException        if the file cannot be read
     */
    public static Table read(Path path) throws IOException {
        return read(path, Options.DEFAULT);
    }

    /**
     * Reads a file.
     *
     * <pre>{@code
     * java.nio.file.Path file = java.nio.file.Files.createTempFile("x", ".csv");
     * java.nio.file.Files.writeString(file, "0.5;1\n0.25;0\n");
     * Table t = Csv.read(file, Csv.options().delimiter(';').labelColumns(1));
     * t.labels();   // int32 (2,): [1, 0]
     * }</pre>
     *
     * @param path    a {@code .csv} or gzip-compressed {@code .csv.gz} file
     * @param options how to read it
     * @return the table
     * @throws CsvFormatException if a value or row is malformed
     * @throws IOException        if the file cannot be read
     */
    public static Table read(Path path, Options options) throws IOException {
        Objects.requireNonNull(path, "Csv.read: path is null");
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), options);
        }
    }

    /**
     * Reads a resource or any URL, e.g. one your code finds with {@link Class#getResource}. Errors name the URL.
     * (A resource in a package of a named module is visible only to that module's own code: that is why this
     * method takes the URL your class found rather than a resource name.)
     *
     * <pre>{@code
     * java.net.URL url = ClassLoader.getSystemResource("data/train.csv.gz");   // a resource of your application
     * Table t = Csv.read(url, Csv.options().header(true).labelColumns(-1));
     * }</pre>
     *
     * @param url     where to read
     * @param options how to read it
     * @return the table
     * @throws CsvFormatException if a value or row is malformed
     * @throws IOException        if the URL cannot be read
     */
    public static Table read(URL url, Options options) throws IOException {
        Objects.requireNonNull(url, "Csv.read: url is null (a resource that does not exist?)");
        try (InputStream in = url.openStream()) {
            return read(in, url.toString(), options);
        }
    }

    /**
     * Reads a stream (plain or gzip-compressed) to its end; {@code name} stands for it in error messages. The
     * stream is not closed.
     *
     * <pre>{@code
     * java.io.InputStream in = new java.io.ByteArrayInputStream("1,0\n2,1\n".getBytes());
     * Table t = Csv.read(in, "inline", Csv.options().labelColumns(-1));
     * }</pre>
     *
     * @param in      the bytes, UTF-8 text or gzip of it
     * @param name    the name errors give
     * @param options how to read it
     * @return the table
     * @throws CsvFormatException if a value or row is malformed, or the gzip data is truncated or corrupt
     * @throws IOException        if the stream cannot be read
     */
    public static Table read(InputStream in, String name, Options options) throws IOException {
        Objects.requireNonNull(in, "Csv.read: stream is null");
        Objects.requireNonNull(name, "Csv.read: name is null");
        Objects.requireNonNull(options, "Csv.read: options is null");
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream text = buffered;
        if (gzip) {
            try {
                text = new GZIPInputStream(buffered, 1 << 16);
            } catch (IOException e) {
                throw withCause(new CsvFormatException(name, 0, 0, "not readable as gzip: " + e.getMessage()), e);
            }
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
        return new Parser(name, options, gzip).parse(reader);
    }

    private static CsvFormatException withCause(CsvFormatException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    /**
     * How to read a CSV file: an immutable value; each method returns a changed copy.
     *
     * <pre>{@code
     * Csv.Options o = Csv.options()
     *         .header(true)               // the first line names the columns
     *         .labelColumns(-1)           // the last column is the label
     *         .dtype(DType.FLOAT64);      // features in double precision
     * }</pre>
     */
    public static final class Options {
        static final Options DEFAULT = new Options(false, 0, ',', new int[0], DType.FLOAT32, DType.INT32);

        private final boolean header;
        private final int skipLines;
        private final char delimiter;
        private final int[] labelColumns;
        private final DType dtype;
        private final DType labelDtype;

        private Options(boolean header, int skipLines, char delimiter, int[] labelColumns, DType dtype,
                        DType labelDtype) {
            this.header = header;
            this.skipLines = skipLines;
            this.delimiter = delimiter;
            this.labelColumns = labelColumns;
            this.dtype = dtype;
            this.labelDtype = labelDtype;
        }

        /**
         * Whether the first line (after {@link #skipLines}) names the columns and is skipped; false by default.
         *
         * <pre>{@code
         * Csv.Options o = Csv.options().header(true);
         * }</pre>
         *
         * @param header true when there is a header line
         * @return changed options
         */
        public Options header(boolean header) {
            return new Options(header, skipLines, delimiter, labelColumns, dtype, labelDtype);
        }

        /**
         * Lines skipped before the header or the data (comments, a size line); 0 by default.
         *
         * <pre>{@code
         * Csv.Options o = Csv.options().skipLines(2);
         * }</pre>
         *
         * @param lines at least 0
         * @return changed options
         * @throws IllegalArgumentException if {@code lines < 0}
         */
        public Options skipLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("Csv.Options.skipLines: " + lines + " is negative");
            }
            return new Options(header, lines, delimiter, labelColumns, dtype, labelDtype);
        }

        /**
         * The field separator; a comma by default. Tab and semicolon are common.
         *
         * <pre>{@code
         * Csv.Options tsv = Csv.options().delimiter('\t');
         * }</pre>
         *
         * @param delimiter a character that cannot occur in a number, a quote or a line break
         * @return changed options
         * @throws IllegalArgumentException for a digit, sign, point, {@code e}, letter, quote or line break
         */
        public Options delimiter(char delimiter) {
            if (Character.isLetterOrDigit(delimiter) || "+-.\"\r\n".indexOf(delimiter) >= 0) {
                throw new IllegalArgumentException("Csv.Options.delimiter: '" + delimiter
                        + "' can occur in a number, a quoted field or a line break; choose another");
            }
            return new Options(header, skipLines, delimiter, labelColumns, dtype, labelDtype);
        }

        /**
         * The columns that hold labels, by 0-based index ({@code -1} is the last column, {@code -2} the one
         * before); none by default. Error messages count columns from 1, as editors do.
         *
         * <pre>{@code
         * Csv.Options o = Csv.options().labelColumns(-1);   // the last column is the label
         * }</pre>
         *
         * @param columns distinct column indices
         * @return changed options
         */
        public Options labelColumns(int... columns) {
            Objects.requireNonNull(columns, "Csv.Options.labelColumns: columns is null");
            return new Options(header, skipLines, delimiter, columns.clone(), dtype, labelDtype);
        }

        /**
         * The dtype of the features; float32 by default.
         *
         * <pre>{@code
         * Csv.Options o = Csv.options().dtype(DType.FLOAT64);
         * }</pre>
         *
         * @param dtype float32, float64, int32 or int64
         * @return changed options
         * @throws IllegalArgumentException for bool
         */
        public Options dtype(DType dtype) {
            return new Options(header, skipLines, delimiter, labelColumns, numeric("dtype", dtype), labelDtype);
        }

        /**
         * The dtype of the labels; int32 by default (class indices). Use a floating dtype for regression targets.
         *
         * <pre>{@code
         * Csv.Options o = Csv.options().labelColumns(-1).labelDtype(DType.FLOAT32);
         * }</pre>
         *
         * @param dtype float32, float64, int32 or int64
         * @return changed options
         * @throws IllegalArgumentException for bool
         */
        public Options labelDtype(DType dtype) {
            return new Options(header, skipLines, delimiter, labelColumns, this.dtype, numeric("labelDtype", dtype));
        }

        private static DType numeric(String what, DType d) {
            Objects.requireNonNull(d, () -> "Csv.Options." + what + ": dtype is null");
            if (d == DType.BOOL) {
                throw new IllegalArgumentException("Csv.Options." + what + ": bool is not a numeric dtype");
            }
            return d;
        }

        /**
         * The options, e.g. {@code Csv.Options(header=true, skipLines=0, delimiter=',', labelColumns=[-1],
         * dtype=float32, labelDtype=int32)}.
         *
         * <pre>{@code
         * Csv.options().toString();
         * }</pre>
         */
        @Override
        public String toString() {
            return "Csv.Options(header=" + header + ", skipLines=" + skipLines + ", delimiter='" + delimiter
                    + "', labelColumns=" + Arrays.toString(labelColumns) + ", dtype=" + dtype + ", labelDtype="
                    + labelDtype + ")";
        }
    }

    /** One read: the values of features and labels, grown as lines arrive. */
    private static final class Parser {
        private final String name;
        private final Options o;
        private final boolean gzip;
        private int line;
        private int columns = -1;
        private int firstDataLine;
        private boolean[] isLabel;
        private Values features;
        private Values labels;
        private int rows;

        Parser(String name, Options o, boolean gzip) {
            this.name = name;
            this.o = o;
            this.gzip = gzip;
        }

        Table parse(BufferedReader r) throws IOException {
            String s;
            int skip = o.skipLines + (o.header ? 1 : 0);
            String[] fields = new String[16];
            while ((s = readLine(r)) != null) {
                line++;
                if (line == 1 && s.startsWith("\uFEFF")) {
                    s = s.substring(1);   // a byte-order mark, as spreadsheet programs write
                }
                if (line <= skip) {
                    continue;
                }
                if (s.isBlank()) {
                    continue;
                }
                int n = split(s, fields);
                if (n > fields.length) {
                    fields = new String[n];
                    split(s, fields);
                }
                if (columns < 0) {
                    start(n);
                } else if (n != columns) {
                    throw new CsvFormatException(name, line, 0, n + " fields, but line " + firstDataLine
                            + " has " + columns + " (delimiter '" + o.delimiter + "')");
                }
                int f = 0;
                int l = 0;
                for (int c = 0; c < n; c++) {
                    if (isLabel[c]) {
                        labels.add(rows, l++, fields[c], c);
                    } else {
                        features.add(rows, f++, fields[c], c);
                    }
                }
                rows++;
            }
            if (columns < 0) {
                throw new CsvFormatException(name, 0, 0, "no data rows (" + line + " lines read, "
                        + skip + " skipped as header or by skipLines)");
            }
            Tensor x = features.tensor(rows, false);
            Tensor y = labels == null ? null : labels.tensor(rows, labels.width == 1);
            return new Table(x, y);
        }

        private String readLine(BufferedReader r) throws IOException {
            try {
                return r.readLine();
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                throw withCause(new CsvFormatException(name, 0, 0, (gzip ? "truncated or corrupt gzip data"
                        : "unreadable data") + " after line " + line + ": " + e.getMessage()), e);
            }
        }

        private void start(int n) throws CsvFormatException {
            columns = n;
            firstDataLine = line;
            isLabel = new boolean[n];
            for (int c : o.labelColumns) {
                int k = c < 0 ? c + n : c;
                if (k < 0 || k >= n) {
                    throw new CsvFormatException(name, line, 0, "label column " + c + " is out of range for "
                            + n + " columns (0-based indices, -1 is the last)");
                }
                if (isLabel[k]) {
                    throw new CsvFormatException(name, line, 0, "label column " + c + " is given twice");
                }
                isLabel[k] = true;
            }
            int nl = o.labelColumns.length;
            features = new Values(o.dtype, n - nl);
            labels = nl == 0 ? null : new Values(o.labelDtype, nl);
        }

        /** Splits at the delimiter into {@code out} (when it is large enough); returns the number of fields. */
        private int split(String s, String[] out) {
            int n = 0;
            int from = 0;
            char d = o.delimiter;
            while (true) {
                int to = s.indexOf(d, from);
                int end = to < 0 ? s.length() : to;
                if (n < out.length) {
                    out[n] = s.substring(from, end);
                }
                n++;
                if (to < 0) {
                    return n;
                }
                from = to + 1;
            }
        }

        /** The growing values of one group of columns, in double or long. */
        private final class Values {
            final DType dtype;
            final int width;
            double[] d;
            long[] l;

            Values(DType dtype, int width) {
                this.dtype = dtype;
                this.width = width;
                if (dtype.isFloating()) {
                    d = new double[Math.max(width, 1) * 256];
                } else {
                    l = new long[Math.max(width, 1) * 256];
                }
            }

            void add(int row, int k, String raw, int column) throws CsvFormatException {
                int at = row * width + k;
                String v = raw.strip();
                if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                    v = v.substring(1, v.length() - 1).strip();
                }
                if (v.isEmpty()) {
                    throw new CsvFormatException(name, line, column + 1, "empty value");
                }
                if (dtype.isFloating()) {
                    if (at >= d.length) {
                        d = Arrays.copyOf(d, d.length * 2);
                    }
                    d[at] = parseFloating(v, column);
                } else {
                    if (at >= l.length) {
                        l = Arrays.copyOf(l, l.length * 2);
                    }
                    l[at] = parseInteger(v, column);
                }
            }

            private double parseFloating(String v, int column) throws CsvFormatException {
                String word = v.toLowerCase(java.util.Locale.ROOT);
                if (word.startsWith("+") || word.startsWith("-")) {
                    word = word.substring(1);
                }
                if (word.equals("nan")) {
                    return Double.NaN;
                }
                if (word.equals("inf") || word.equals("infinity")) {
                    return v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                if (!isDecimal(v)) {
                    throw notNumber(v, column);
                }
                return dtype == DType.FLOAT32 ? Float.parseFloat(v) : Double.parseDouble(v);
            }

            /**
             * An integer column's value, exactly: a plain integer, or a decimal number whose value is a whole
             * number ({@code 2.0}, {@code 1e3}, {@code -9223372036854775808.0}), read as a BigDecimal and never
             * through double (which rounds above 2^53 and takes {@code 0.99999999999999999} for 1).
             */
            private long parseInteger(String v, int column) throws CsvFormatException {
                if (!isDecimal(v)) {
                    throw notNumber(v, column);
                }
                long min = dtype == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                long max = dtype == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                try {
                    long x = Long.parseLong(v);
                    if (x >= min && x <= max) {
                        return x;
                    }
                    throw outOfRange(v, column);
                } catch (NumberFormatException e) {
                    // not a plain long: "2.0", "1e3", or too many digits; exactly below
                }
                java.math.BigDecimal b;
                try {
                    b = new java.math.BigDecimal(v);
                } catch (NumberFormatException e) {
                    // only an exponent at or beyond int's range gets here (isDecimal checked the syntax): the
                    // value is 0 if every digit of the significand is, else far beyond long (a positive exponent)
                    // or a nonzero fraction of magnitude below 1 (a negative one)
                    int ePos = Math.max(v.indexOf('e'), v.indexOf('E'));
                    if (ePos < 0) {
                        throw notNumber(v, column);
                    }
                    if (v.substring(0, ePos).chars().noneMatch(ch -> ch >= '1' && ch <= '9')) {
                        return 0;
                    }
                    if (v.charAt(ePos + 1) == '-') {
                        throw notInteger(v, column);
                    }
                    throw outOfRange(v, column);
                }
                if (b.signum() == 0) {
                    return 0;
                }
                b = b.stripTrailingZeros();
                if (b.scale() > 0) {
                    throw notInteger(v, column);
                }
                // at most 19 digits before the point can fit a long; checked first, so that 1e999999999 is never
                // expanded
                if ((long) b.precision() - b.scale() > 19) {
                    throw outOfRange(v, column);
                }
                long x;
                try {
                    x = b.longValueExact();
                } catch (ArithmeticException e) {
                    throw outOfRange(v, column);
                }
                if (x < min || x > max) {
                    throw outOfRange(v, column);
                }
                return x;
            }

            private CsvFormatException notInteger(String v, int column) {
                return new CsvFormatException(name, line, column + 1, "\"" + v + "\" is not an integer (the "
                        + (labels == this ? "label" : "feature") + " dtype is " + dtype + ")");
            }

            private CsvFormatException outOfRange(String v, int column) {
                return new CsvFormatException(name, line, column + 1, "\"" + v + "\" is out of the range of "
                        + dtype);
            }

            private CsvFormatException notNumber(String v, int column) {
                String hint = line == firstDataLine && rows == 0 && !o.header
                        ? " (is line " + line + " a header? read with Csv.options().header(true))" : "";
                return new CsvFormatException(name, line, column + 1, "\"" + v + "\" is not a number" + hint);
            }

            Tensor tensor(int rows, boolean vector) {
                int n = rows * width;
                Object data;
                switch (dtype) {
                    case FLOAT32: {
                        float[] f = new float[n];
                        for (int i = 0; i < n; i++) {
                            f[i] = (float) d[i];
                        }
                        data = f;
                        break;
                    }
                    case FLOAT64:
                        data = Arrays.copyOf(d, n);
                        break;
                    case INT32: {
                        int[] a = new int[n];
                        for (int i = 0; i < n; i++) {
                            a[i] = (int) l[i];
                        }
                        data = a;
                        break;
                    }
                    default:
                        data = Arrays.copyOf(l, n);
                }
                return TensorAccess.make(dtype, vector ? Shape.of(rows) : Shape.of(rows, width), data);
            }
        }
    }

    /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }
}
