package io.gradtape.internal.npz;

import io.gradtape.DType;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.checkpoint.NpzFormatException;
import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.Convert;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@code .npz} archives: a zip of {@code .npy} arrays, one entry {@code <key>.npy} per array, as
 * {@code numpy.savez} (entries stored) and {@code numpy.savez_compressed} (entries deflated) write them.
 *
 * <p><b>Read</b>: first check that every entry's name in the central directory equals the one in its local header
 * ({@link ZipNames}; no checksum covers names), then, for each entry in the archive's order: check the name ends
 * with {@code .npy} and the key is new;
 * parse the header ({@link NpyHeader}); read exactly the data bytes the shape needs, decoding the byte order and
 * widening narrow integers; check nothing follows; check the CRC-32 of the whole entry against the one the archive
 * records ({@link ZipFile} does not check it for stored entries, so a flipped bit would otherwise pass); transpose
 * Fortran-ordered data to row-major. Any fault is an {@link NpzFormatException} naming the file and key; nothing
 * is returned unless every entry reads.
 *
 * <p><b>Write</b>: entries stored (uncompressed: weights compress poorly and loading stays a copy), in the map's
 * order, each {@code .npy} version 1.0, little-endian, C order. A stored zip entry needs its size and CRC before
 * its data, so each array is encoded twice in 64 KiB chunks: once for the CRC, once to write; no array is ever
 * copied whole. Entry times are fixed (1980-01-01), so the same tensors give the same bytes. The file is replaced
 * atomically ({@link AtomicFile}).
 */
public final class NpzIO {
    private static final int CHUNK = 1 << 16;
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private NpzIO() {
    }

    /** Reads every array of {@code file}, in the archive's order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            // EOFException: a length field of the end record (e.g. the comment's) points past the end of the file
            throw new NpzFormatException(file, null, notAZip(file)
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        try (zip) {
            ZipNames.checkLocalHeaders(file);
            Map<String, Tensor> out = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".npy")) {
                    throw new NpzFormatException(file, null, "entry '" + name + "' is not a .npy array", null);
                }
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) {
                    throw new NpzFormatException(file, key, "appears twice in the archive", null);
                }
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, readNpy(in, e, file, key));
                } catch (NpzFormatException ex) {
                    throw ex;
                } catch (EOFException ex) {
                    throw new NpzFormatException(file, key, "truncated: the entry ends before its data", ex);
                } catch (ZipException ex) {
                    throw new NpzFormatException(file, key, "corrupt zip entry (" + ex.getMessage() + ")", ex);
                } catch (IllegalArgumentException ex) {
                    throw new NpzFormatException(file, key, ex.getMessage(), ex);
                }
            }
            return out;
        }
    }

    /** Why a file is no zip archive: a single {@code .npy} array (what {@code numpy.save} writes) is told apart. */
    private static String notAZip(Path file) {
        byte[] head = new byte[NpyHeader.MAGIC.length];
        int n = 0;
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            // unreadable now: fall through to the general message
        }
        if (n == head.length && java.util.Arrays.equals(head, NpyHeader.MAGIC)) {
            return "this is a single .npy array (what numpy.save writes), not a .npz archive; write it with "
                    + "numpy.savez(path, name=array) to read it here";
        }
        return "not a zip archive, or truncated";
    }

    private static Tensor readNpy(InputStream raw, ZipEntry entry, Path file, String key) throws IOException {
        CRC32 crc = new CRC32();
        InputStream in = new java.util.zip.CheckedInputStream(raw, crc);
        byte[] pre = readFully(in, 8);
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (pre[i] != NpyHeader.MAGIC[i]) {
                throw new NpzFormatException(file, key, "not a .npy array (bad magic bytes)", null);
            }
        }
        int major = pre[6] & 0xFF;
        int headerLen;
        if (major == 1) {
            byte[] l = readFully(in, 2);
            headerLen = (l[0] & 0xFF) | (l[1] & 0xFF) << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = readFully(in, 4);
            long len = (l[0] & 0xFFL) | (l[1] & 0xFFL) << 8 | (l[2] & 0xFFL) << 16 | (l[3] & 0xFFL) << 24;
            if (len > 1 << 20) {
                throw new NpzFormatException(file, key, "header length " + len + " is implausible (corrupt file)", null);
            }
            headerLen = (int) len;
        } else {
            throw new NpzFormatException(file, key, "unsupported .npy version " + major + "." + (pre[7] & 0xFF), null);
        }
        String text = new String(readFully(in, headerLen), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(text);
        long expected = (major == 1 ? 10 : 12) + headerLen + h.dataBytes();
        if (entry.getSize() >= 0 && entry.getSize() != expected) {
            throw new NpzFormatException(file, key, "entry holds " + entry.getSize() + " bytes but its header "
                    + "(dtype " + h.dtype + ", shape " + h.shape + ") needs " + expected, null);
        }
        Object data = decode(in, h);
        if (in.read() != -1) {
            throw new NpzFormatException(file, key, "bytes follow the array's data", null);
        }
        if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw new NpzFormatException(file, key, String.format("CRC-32 mismatch (archive says %08x, data gives %08x): "
                    + "the file is corrupt", entry.getCrc(), crc.getValue()), null);
        }
        if (h.fortranOrder && h.shape.rank() > 1) {
            data = fortranToC(data, h.shape);
        }
        return TensorAccess.make(h.dtype, h.shape, data);
    }

    private static Object decode(InputStream in, NpyHeader h) throws IOException {
        int n = h.shape.size();
        Object out = Convert.allocate(h.dtype, n);
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
        int per = CHUNK / h.itemSize;
        for (int start = 0; start < n; start += per) {
            int count = Math.min(per, n - start);
            readFully(in, buf, count * h.itemSize);
            bb.clear();
            for (int i = start; i < start + count; i++) {
                decodeOne(bb, h, out, i);
            }
        }
        return out;
    }

    private static void decodeOne(ByteBuffer bb, NpyHeader h, Object out, int i) {
        switch (h.kind) {
            case 'f':
                if (h.itemSize == 4) {
                    ((float[]) out)[i] = bb.getFloat();
                } else {
                    ((double[]) out)[i] = bb.getDouble();
                }
                return;
            case 'b':
                ((boolean[]) out)[i] = bb.get() != 0;
                return;
            case 'i':
                switch (h.itemSize) {
                    case 1: ((int[]) out)[i] = bb.get(); return;
                    case 2: ((int[]) out)[i] = bb.getShort(); return;
                    case 4: ((int[]) out)[i] = bb.getInt(); return;
                    default: ((long[]) out)[i] = bb.getLong(); return;
                }
            case 'u':
                switch (h.itemSize) {
                    case 1: ((int[]) out)[i] = bb.get() & 0xFF; return;
                    case 2: ((int[]) out)[i] = bb.getShort() & 0xFFFF; return;
                    default: ((long[]) out)[i] = bb.getInt() & 0xFFFFFFFFL; return;
                }
            default:
                throw new AssertionError(h.kind);
        }
    }

    /** Reorders column-major (first axis fastest) elements into row-major order. */
    private static Object fortranToC(Object f, Shape shape) {
        int n = shape.size();
        int rank = shape.rank();
        int[] dims = shape.dims();
        int[] fStride = new int[rank];
        int s = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = s;
            s *= dims[k];
        }
        Object c = Convert.allocate(dtypeOf(f), n);
        int[] idx = new int[rank];
        int fi = 0;
        for (int ci = 0; ci < n; ci++) {
            Convert.copy(f, fi, c, ci);
            for (int k = rank - 1; k >= 0; k--) {   // advance the row-major multi-index, last axis fastest
                idx[k]++;
                fi += fStride[k];
                if (idx[k] < dims[k]) {
                    break;
                }
                fi -= fStride[k] * dims[k];
                idx[k] = 0;
            }
        }
        return c;
    }

    private static DType dtypeOf(Object a) {
        if (a instanceof float[]) return DType.FLOAT32;
        if (a instanceof double[]) return DType.FLOAT64;
        if (a instanceof int[]) return DType.INT32;
        if (a instanceof long[]) return DType.INT64;
        return DType.BOOL;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        readFully(in, b, n);
        return b;
    }

    private static void readFully(InputStream in, byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("expected " + n + " bytes, got " + off);
            }
            off += r;
        }
    }

    /** Writes {@code arrays} to {@code file} atomically; keys are checked by the caller. */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        AtomicFile.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Tensor> a : arrays.entrySet()) {
                Tensor t = a.getValue();
                Object data = TensorAccess.data(t);
                byte[] header = NpyHeader.encode(t.dtype(), t.shape());
                long size = header.length + (long) t.size() * t.dtype().byteSize();
                CRC32 crc = new CRC32();
                crc.update(header);
                encode(data, t.dtype(), t.size(), crc::update);
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setSize(size);
                e.setCompressedSize(size);
                e.setCrc(crc.getValue());
                e.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(e);
                zip.write(header);
                encode(data, t.dtype(), t.size(), zip::write);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }

    private interface Sink {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    private static void encode(Object data, DType dtype, int n, Sink sink) throws IOException {
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int per = CHUNK / dtype.byteSize();
        for (int start = 0; start < n; start += per) {
            int end = Math.min(n, start + per);
            bb.clear();
            switch (dtype) {
                case FLOAT32: { float[] d = (float[]) data; for (int i = start; i < end; i++) bb.putFloat(d[i]); break; }
                case FLOAT64: { double[] d = (double[]) data; for (int i = start; i < end; i++) bb.putDouble(d[i]); break; }
                case INT32: { int[] d = (int[]) data; for (int i = start; i < end; i++) bb.putInt(d[i]); break; }
                case INT64: { long[] d = (long[]) data; for (int i = start; i < end; i++) bb.putLong(d[i]); break; }
                case BOOL: { boolean[] d = (boolean[]) data; for (int i = start; i < end; i++) bb.put((byte) (d[i] ? 1 : 0)); break; }
                default: throw new AssertionError(dtype);
            }
            sink.accept(buf, 0, bb.position());
        }
    }
}
