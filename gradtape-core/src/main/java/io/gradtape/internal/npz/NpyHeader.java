package io.gradtape.internal.npz;

import io.gradtape.DType;
import io.gradtape.Shape;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of one {@code .npy} array: element type, byte order, memory order and shape.
 *
 * <p><b>Terms.</b> A {@code .npy} file is: the six magic bytes {@code \x93NUMPY}; a major and a minor version
 * byte; the header length (a little-endian {@code u2} in version 1.0, {@code u4} in 2.0 and 3.0); the header, a
 * Python dict literal in ASCII (UTF-8 in 3.0) such as {@code {'descr': '<f4', 'fortran_order': False, 'shape':
 * (2, 3), }}, padded with spaces and ended by a newline so that the data starts at a multiple of 64 bytes (16 in
 * files older than NumPy 1.9); then the raw elements. {@code descr} is a type string: a byte order ({@code <}
 * little-endian, {@code >} big-endian, {@code |} not applicable, {@code =} native) and a kind and size
 * ({@code f4}, {@code i8}, {@code b1}, ...). With {@code fortran_order} True the elements are stored
 * column-major (first axis fastest).
 *
 * <p><b>Read.</b> f4, f8, i4, i8 and b1 map to FLOAT32, FLOAT64, INT32, INT64 and BOOL; the narrower integers
 * u1, i1, i2 and u2 widen exactly to INT32, and u4 to INT64. Anything else (float16, u8, complex, strings,
 * structured or object arrays) is refused with the type string in the message: no type is narrowed.
 *
 * <p><b>Write.</b> Always version 1.0 (2.0 only if the header would not fit 65535 bytes), little-endian, C order,
 * header padded to 64 bytes, exactly as {@code numpy.save} writes it.
 */
public final class NpyHeader {
    /** The six magic bytes that open every .npy file. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    /** The gradtape dtype the elements are read into. */
    final DType dtype;
    /** The element type as stored: 'f', 'i', 'u' or 'b'. */
    final char kind;
    /** Bytes per stored element. */
    final int itemSize;
    /** Byte order of the stored elements. */
    final ByteOrder order;
    /** Whether the stored elements are column-major. */
    final boolean fortranOrder;
    /** The array's shape. */
    final Shape shape;

    private NpyHeader(DType dtype, char kind, int itemSize, ByteOrder order, boolean fortranOrder, Shape shape) {
        this.dtype = dtype;
        this.kind = kind;
        this.itemSize = itemSize;
        this.order = order;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** Number of data bytes that follow the header. */
    long dataBytes() {
        return (long) shape.size() * itemSize;
    }

    /** The type string gradtape writes for a dtype: little-endian, booleans as {@code |b1}. */
    static String descrOf(DType dtype) {
        switch (dtype) {
            case FLOAT32: return "<f4";
            case FLOAT64: return "<f8";
            case INT32: return "<i4";
            case INT64: return "<i8";
            case BOOL: return "|b1";
            default: throw new AssertionError(dtype);
        }
    }

    /** The full header block for writing (magic, version, length, dict, padding, newline). */
    static byte[] encode(DType dtype, Shape shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descrOf(dtype))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.rank(); i++) {
            dict.append(i == 0 ? "" : ", ").append(shape.dim(i));
        }
        dict.append(shape.rank() == 1 ? ",), }" : "), }");
        boolean v2 = 10 + dict.length() + 1 > 0xFFFF - ALIGN;
        int prefix = v2 ? 12 : 10;
        int total = ((prefix + dict.length() + 1 + ALIGN - 1) / ALIGN) * ALIGN;
        while (dict.length() + 1 < total - prefix) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) (v2 ? 2 : 1);
        out[7] = 0;
        int len = text.length;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        if (v2) {
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(text, 0, out, prefix, text.length);
        return out;
    }

    /**
     * Parses the dict text of a header.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (the caller adds file and key)
     */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new DictParser(text).parseDict();
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new IllegalArgumentException("unexpected header key '" + key + "' in " + excerpt(text));
            }
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String)) {
            throw new IllegalArgumentException(descr == null ? "header has no 'descr'"
                    : "structured or nested dtype " + excerpt(descr) + " is not supported (only plain numeric and bool arrays)");
        }
        if (!(fortran instanceof Boolean)) {
            throw new IllegalArgumentException("header's 'fortran_order' is missing or not True/False: " + excerpt(text));
        }
        if (!(shape instanceof List)) {
            throw new IllegalArgumentException("header's 'shape' is missing or not a tuple: " + excerpt(text));
        }
        List<?> dims = (List<?>) shape;
        int[] d = new int[dims.size()];
        long size = 1;
        for (int i = 0; i < d.length; i++) {
            Object o = dims.get(i);
            if (!(o instanceof Long) || (Long) o < 0 || (Long) o > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + excerpt(dims) + " has a dimension that is not an int from 0 to 2^31-1");
            }
            d[i] = (int) (long) (Long) o;
            size *= d[i];
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + excerpt(dims) + " has more than 2^31-1 elements");
            }
        }
        return ofDescr((String) descr, (Boolean) fortran, Shape.of(d));
    }

    private static NpyHeader ofDescr(String descr, boolean fortran, Shape shape) {
        if (descr.length() < 3) {
            throw new IllegalArgumentException("unsupported dtype '" + excerpt(descr) + "'"
                    + (descr.endsWith("O") ? " (an object array, stored with pickle: never read)" : ""));
        }
        char o = descr.charAt(0);
        ByteOrder order;
        switch (o) {
            case '<': order = ByteOrder.LITTLE_ENDIAN; break;
            case '>': order = ByteOrder.BIG_ENDIAN; break;
            case '=': order = ByteOrder.nativeOrder(); break;
            case '|': order = ByteOrder.LITTLE_ENDIAN; break;   // single bytes: no order
            default: throw new IllegalArgumentException("unsupported dtype '" + descr + "' (byte order must be <, >, | or =)");
        }
        String type = descr.substring(1);
        DType dtype;
        switch (type) {
            case "f4": dtype = DType.FLOAT32; break;
            case "f8": dtype = DType.FLOAT64; break;
            case "i4": dtype = DType.INT32; break;
            case "i8": dtype = DType.INT64; break;
            case "b1": dtype = DType.BOOL; break;
            case "u1": case "i1": case "i2": case "u2": dtype = DType.INT32; break;
            case "u4": dtype = DType.INT64; break;
            default:
                throw new IllegalArgumentException("unsupported dtype '" + descr + "' (gradtape reads f4 f8 i4 i8 b1, "
                        + "and u1 i1 i2 u2 into int32, u4 into int64; convert with astype first)");
        }
        int itemSize = Integer.parseInt(type.substring(1));
        if (o == '|' && itemSize != 1) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "' ('|' is only for one-byte types)");
        }
        return new NpyHeader(dtype, type.charAt(0), itemSize, order, fortran, shape);
    }

    /**
     * At most the first 200 characters of a header or a part of it, for a message: a structured dtype's header
     * can be megabytes long.
     */
    static String excerpt(Object o) {
        String t = String.valueOf(o).strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "... (" + t.length() + " characters)";
    }

    /** A recursive-descent parser for the Python literals numpy writes: dicts, tuples, lists, strings, ints, True/False. */
    private static final class DictParser {
        private final String s;
        private int pos;

        DictParser(String s) {
            this.s = s;
        }

        Map<String, Object> parseDict() {
            skipSpace();
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw error("text after the dict");
            }
            if (!(v instanceof Map)) {
                throw error("header is not a dict");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                while (true) {
                    skipSpace();
                    if (peek('}')) {
                        pos++;
                        return m;
                    }
                    Object k = value();
                    if (!(k instanceof String)) {
                        throw error("dict key is not a string");
                    }
                    skipSpace();
                    expect(':');
                    Object v = value();
                    if (m.put((String) k, v) != null) {
                        throw error("duplicate key '" + k + "'");
                    }
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                    } else if (!peek('}')) {
                        throw error("expected ',' or '}'");
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> list = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (peek(close)) {
                        pos++;
                        return list;
                    }
                    list.add(value());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                    } else if (!peek(close)) {
                        throw error("expected ',' or '" + close + "'");
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String str = s.substring(pos + 1, end);
                pos = end + 1;
                return str;
            }
            if (Character.isDigit(c) || c == '-') {
                int start = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos < s.length() && s.charAt(pos) == 'L') {   // Python 2 longs
                    pos++;
                    return parseLong(s.substring(start, pos - 1));
                }
                return parseLong(s.substring(start, pos));
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected '" + c + "'");
        }

        private Long parseLong(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("bad integer '" + digits + "'");
            }
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed header (" + what + " at character " + pos + "): " + excerpt(s));
        }
    }
}
