package io.gradtape.internal.summary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files (TF's {@code tensorflow/core/lib/io/record_writer.cc}):
 * each record is {@code uint64 length}, {@code uint32 masked_crc32c(length bytes)}, {@code data},
 * {@code uint32 masked_crc32c(data)}, all little-endian. The mask ({@code tensorflow/core/lib/hash/crc32c.h}) rotates
 * the CRC right by 15 bits and adds the constant {@code 0xa282ead8}, so that CRCs of data that itself holds CRCs stay
 * well distributed.
 */
public final class TfRecord {
    /** Bytes of framing around a record's data: 8 (length) + 4 (its CRC) + 4 (the data's CRC). */
    public static final int OVERHEAD = 16;

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecord() {
    }

    /** CRC-32C (Castagnoli) of {@code bytes[off, off+len)}. */
    public static int crc32c(byte[] bytes, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(bytes, off, len);
        return (int) c.getValue();
    }

    /** {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, as 32-bit unsigned arithmetic. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** The inverse of {@link #mask}. */
    public static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }

    /** The masked CRC-32C of all of {@code bytes}. */
    public static int maskedCrc32c(byte[] bytes) {
        return mask(crc32c(bytes, 0, bytes.length));
    }

    /** One whole framed record holding {@code data}, ready to be written with a single write. */
    public static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length + OVERHEAD).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(mask(crc32c(b.array(), 0, 8)));
        b.put(data);
        b.putInt(maskedCrc32c(data));
        return b.array();
    }
}
