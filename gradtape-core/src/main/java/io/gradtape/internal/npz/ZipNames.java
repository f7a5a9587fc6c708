package io.gradtape.internal.npz;

import io.gradtape.checkpoint.NpzFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Checks that each zip entry's name in the central directory equals the name in its local header.
 *
 * <p>A zip archive names every entry twice: in the local header before its data and in the central directory at
 * the end, which readers use to list the entries. No checksum covers either name. {@link java.util.zip.ZipFile}
 * reads only the central directory's, so a flipped bit there renames an array without any error (a key
 * {@code w} read back as {@code v}); Python's {@code zipfile}, and so {@code numpy.load}, compares the two names
 * when it opens an entry and refuses the file ("File name in directory ... and header ... differ"). This class
 * does the same comparison, byte for byte, before any entry is read.
 *
 * <p>Layout used (PKWARE APPNOTE 4.3): the end-of-central-directory record (signature {@code PK\5\6}, 22 bytes
 * plus a comment) gives the directory's size and offset, or defers to the ZIP64 end record (56 bytes, directly
 * before the 20-byte ZIP64 locator that precedes the end record, as {@code zipfile} reads it); each directory record ({@code PK\1\2}, 46 bytes, then name, extra field and comment)
 * gives the local header's offset (in the ZIP64 extra field {@code 0x0001} when it is {@code 0xFFFFFFFF}); a
 * local header ({@code PK\3\4}, 30 bytes, then name) has the name's length at byte 26. Offsets are relative to
 * the archive's start, which data prepended to the archive shifts; as in {@code zipfile}, the shift is where the
 * directory is found minus where the end record says it is.
 */
final class ZipNames {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int EOCD_LEN = 22;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_LOCATOR_LEN = 20;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int ZIP64_EOCD_LEN = 56;
    private static final int CEN_SIG = 0x02014b50;
    private static final int CEN_LEN = 46;
    private static final int LOC_SIG = 0x04034b50;
    private static final int LOC_LEN = 30;
    private static final long MAGIC32 = 0xFFFFFFFFL;

    private ZipNames() {
    }

    /**
     * Compares every entry's two names; called after {@link java.util.zip.ZipFile} accepted the archive.
     *
     * @throws NpzFormatException if a name differs, or a record the directory points to is not there
     */
    static void checkLocalHeaders(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLen = (int) Math.min(size, EOCD_LEN + 0xFFFF);
            ByteBuffer tail = read(ch, size - tailLen, tailLen, file);
            int end = -1;
            for (int i = tailLen - EOCD_LEN; i >= 0; i--) {
                if (tail.getInt(i) == EOCD_SIG && i + EOCD_LEN + (tail.getShort(i + 20) & 0xFFFF) <= tailLen) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw corrupt(file, "no end-of-central-directory record");
            }
            long endPos = size - tailLen + end;
            long count = tail.getShort(end + 10) & 0xFFFF;
            long cenSize = tail.getInt(end + 12) & MAGIC32;
            long cenOffset = tail.getInt(end + 16) & MAGIC32;
            long cenEnd = endPos;   // where the directory ends: the ZIP64 end record, if any, else the end record
            if (endPos >= ZIP64_LOCATOR_LEN + ZIP64_EOCD_LEN
                    && read(ch, endPos - ZIP64_LOCATOR_LEN, 4, file).getInt(0) == ZIP64_LOCATOR_SIG) {
                // as zipfile: the ZIP64 end record (its fixed 56 bytes) directly precedes the locator
                long at = endPos - ZIP64_LOCATOR_LEN - ZIP64_EOCD_LEN;
                ByteBuffer rec = read(ch, at, ZIP64_EOCD_LEN, file);
                if (rec.getInt(0) != ZIP64_EOCD_SIG) {
                    throw corrupt(file, "no ZIP64 end record before its locator");
                }
                cenEnd = at;
                count = rec.getLong(32);
                cenSize = rec.getLong(40);
                cenOffset = rec.getLong(48);
            }
            long base = cenEnd - cenSize - cenOffset;
            if (cenSize > Integer.MAX_VALUE || count < 0 || base < 0 || cenEnd - cenSize < 0) {
                throw corrupt(file, "the central directory's size or offset is out of range");
            }
            ByteBuffer cen = read(ch, cenEnd - cenSize, (int) cenSize, file);
            int p = 0;
            for (long n = 0; n < count; n++) {
                if (p + CEN_LEN > cen.limit() || cen.getInt(p) != CEN_SIG) {
                    throw corrupt(file, "central directory record " + n + " is malformed");
                }
                long compressed = cen.getInt(p + 20) & MAGIC32;
                long uncompressed = cen.getInt(p + 24) & MAGIC32;
                int nameLen = cen.getShort(p + 28) & 0xFFFF;
                int extraLen = cen.getShort(p + 30) & 0xFFFF;
                int commentLen = cen.getShort(p + 32) & 0xFFFF;
                long offset = cen.getInt(p + 42) & MAGIC32;
                if (p + CEN_LEN + nameLen + extraLen + commentLen > cen.limit()) {
                    throw corrupt(file, "central directory record " + n + " is malformed");
                }
                byte[] name = new byte[nameLen];
                cen.get(p + CEN_LEN, name);
                if (offset == MAGIC32) {
                    offset = zip64Offset(cen, p + CEN_LEN + nameLen, extraLen, uncompressed == MAGIC32, compressed == MAGIC32);
                }
                if (offset < 0) {
                    throw corrupt(file, "entry '" + text(name) + "' has no ZIP64 offset");
                }
                ByteBuffer loc = read(ch, base + offset, LOC_LEN, file);
                if (loc.getInt(0) != LOC_SIG) {
                    throw corrupt(file, "entry '" + text(name) + "' has no local header at its offset");
                }
                byte[] local = read(ch, base + offset + LOC_LEN, loc.getShort(26) & 0xFFFF, file).array();
                if (!Arrays.equals(name, local)) {
                    throw corrupt(file, "entry name '" + text(name) + "' in the central directory differs from '"
                            + text(local) + "' in its local header (no checksum covers names: the file is corrupt)");
                }
                p += CEN_LEN + nameLen + extraLen + commentLen;
            }
        }
    }

    /** The local header offset from a directory record's ZIP64 extra field, or -1 if it has none. */
    private static long zip64Offset(ByteBuffer cen, int at, int len, boolean hasUncompressed, boolean hasCompressed) {
        int end = at + len;
        while (at + 4 <= end) {
            int id = cen.getShort(at) & 0xFFFF;
            int size = cen.getShort(at + 2) & 0xFFFF;
            if (id == 0x0001) {
                int field = at + 4 + (hasUncompressed ? 8 : 0) + (hasCompressed ? 8 : 0);
                return field + 8 <= Math.min(end, at + 4 + size) ? cen.getLong(field) : -1;
            }
            at += 4 + size;
        }
        return -1;
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len, Path file) throws IOException {
        if (pos < 0 || pos + len > ch.size()) {
            throw corrupt(file, "a zip record points outside the file");
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw corrupt(file, "a zip record points outside the file");
            }
        }
        return b.flip();
    }

    private static String text(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    private static NpzFormatException corrupt(Path file, String what) {
        return new NpzFormatException(file, null, what, null);
    }
}
