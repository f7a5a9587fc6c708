package io.gradtape.summary;

import io.gradtape.internal.summary.TfRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test-side reader of event files written independently of gradtape's encoder: parses the TFRecord framing (checking
 * both masked CRCs with {@link java.util.zip.CRC32C} and the mask written out here) and decodes the protobuf wire
 * format generically, then picks the fields by the numbers of TF's event.proto / summary.proto / tensor.proto.
 */
final class EventFileReader {
    /** The whole records of a file and whether bytes of an incomplete record follow them. */
    record Records(List<byte[]> data, boolean tornTail) {
    }

    /** One decoded Event. */
    record Event(double wallTime, long step, String fileVersion, String tag, String pluginName, byte[] pluginContent,
                 long dataClass, long dtype, long[] shape, byte[] tensorContent, List<String> strings) {
    }

    private EventFileReader() {
    }

    static int maskedCrc(byte[] b, int off, int len) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    static Records records(byte[] raw) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int start = b.position();
            if (b.remaining() < 12) {
                return new Records(out, true);
            }
            long len = b.getLong();
            if (b.getInt() != maskedCrc(raw, start, 8)) {
                throw new AssertionError("bad length CRC at byte " + start);
            }
            if (b.remaining() < len + 4) {
                return new Records(out, true);
            }
            byte[] data = new byte[(int) len];
            b.get(data);
            if (b.getInt() != maskedCrc(data, 0, data.length)) {
                throw new AssertionError("bad data CRC at byte " + start);
            }
            out.add(data);
        }
        return new Records(out, false);
    }

    static List<Event> read(Path file) throws IOException {
        Records r = records(Files.readAllBytes(file));
        if (r.tornTail()) {
            throw new AssertionError("torn record at the end of " + file);
        }
        List<Event> events = new ArrayList<>();
        for (byte[] d : r.data()) {
            events.add(decodeEvent(d));
        }
        return events;
    }

    static Event decodeEvent(byte[] d) {
        Fields e = Fields.parse(d);
        double wall = Double.longBitsToDouble(e.one(1, 0L));
        long step = e.one(2, 0L);
        String version = e.has(3) ? e.string(3) : null;
        if (!e.has(5)) {
            return new Event(wall, step, version, null, null, null, 0, 0, null, null, List.of());
        }
        Fields summary = Fields.parse(e.bytes(5));
        List<Object> values = summary.all(1);
        if (values.size() != 1) {
            throw new AssertionError("expected one Summary.Value, got " + values.size());
        }
        Fields v = Fields.parse((byte[]) values.get(0));
        Fields meta = Fields.parse(v.bytes(9));
        Fields plugin = Fields.parse(meta.bytes(1));
        Fields tensor = Fields.parse(v.bytes(8));
        Fields shapeProto = Fields.parse(tensor.bytes(2));
        List<Object> dims = shapeProto.all(2);
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Fields.parse((byte[]) dims.get(i)).one(1, 0L);
        }
        List<String> strings = new ArrayList<>();
        for (Object s : tensor.all(8)) {
            strings.add(new String((byte[]) s, StandardCharsets.UTF_8));
        }
        return new Event(wall, step, version, v.string(1), plugin.string(1),
                plugin.has(2) ? plugin.bytes(2) : new byte[0], meta.one(4, 0L), tensor.one(1, 0L), shape,
                tensor.has(4) ? tensor.bytes(4) : new byte[0], strings);
    }

    /** A generic protobuf message: field number to the values seen (Long for varint/fixed, byte[] for bytes). */
    static final class Fields {
        private final java.util.Map<Integer, List<Object>> map = new java.util.HashMap<>();

        static Fields parse(byte[] b) {
            Fields f = new Fields();
            int[] pos = {0};
            while (pos[0] < b.length) {
                long key = varint(b, pos);
                int field = (int) (key >>> 3);
                int wire = (int) (key & 7);
                Object value;
                switch (wire) {
                    case 0 -> value = varint(b, pos);
                    case 1 -> {
                        value = ByteBuffer.wrap(b, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                        pos[0] += 8;
                    }
                    case 2 -> {
                        int n = (int) varint(b, pos);
                        value = Arrays.copyOfRange(b, pos[0], pos[0] + n);
                        pos[0] += n;
                    }
                    case 5 -> {
                        value = (long) ByteBuffer.wrap(b, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                        pos[0] += 4;
                    }
                    default -> throw new AssertionError("wire type " + wire);
                }
                f.map.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
            }
            return f;
        }

        private static long varint(byte[] b, int[] pos) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = b[pos[0]++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
        }

        boolean has(int field) {
            return map.containsKey(field);
        }

        List<Object> all(int field) {
            return map.getOrDefault(field, List.of());
        }

        long one(int field, long dflt) {
            List<Object> l = all(field);
            return l.isEmpty() ? dflt : (Long) l.get(l.size() - 1);
        }

        byte[] bytes(int field) {
            List<Object> l = all(field);
            if (l.isEmpty()) {
                throw new AssertionError("field " + field + " missing");
            }
            return (byte[]) l.get(l.size() - 1);
        }

        String string(int field) {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }
    }

    /** The little-endian values of a tensor_content. */
    static double[] doubles(byte[] content) {
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[content.length / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    static float[] floats(byte[] content) {
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[content.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    static int overhead() {
        return TfRecord.OVERHEAD;
    }
}
