package io.gradtape.internal.summary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written protobuf encoding of the few TensorFlow messages an event file needs. Field numbers (all proto3) from
 * TensorFlow's {@code tensorflow/core/util/event.proto} ({@code Event}), {@code tensorflow/core/framework/summary.proto}
 * ({@code Summary}, {@code Summary.Value}, {@code SummaryMetadata}, {@code PluginData}, {@code DataClass}),
 * {@code tensor.proto} ({@code TensorProto}), {@code tensor_shape.proto} ({@code TensorShapeProto}) and
 * {@code types.proto} ({@code DataType}); the copies under {@code tensorboard/compat/proto/} carry the same numbers.
 * The wire format: a key is {@code (field << 3) | wireType} as a varint; wire type 0 is a varint, 1 a little-endian
 * 64-bit value, 2 a varint length followed by that many bytes, 5 a little-endian 32-bit value.
 */
public final class EventProto {
    // Event
    private static final int EVENT_WALL_TIME = 1;      // double
    private static final int EVENT_STEP = 2;           // int64
    private static final int EVENT_FILE_VERSION = 3;   // string (oneof what)
    private static final int EVENT_SUMMARY = 5;        // Summary (oneof what)
    // Summary
    private static final int SUMMARY_VALUE = 1;        // repeated Value
    // Summary.Value
    private static final int VALUE_TAG = 1;            // string
    private static final int VALUE_TENSOR = 8;         // TensorProto (oneof value)
    private static final int VALUE_METADATA = 9;       // SummaryMetadata
    // SummaryMetadata
    private static final int METADATA_PLUGIN_DATA = 1; // PluginData
    private static final int METADATA_DATA_CLASS = 4;  // DataClass enum
    // SummaryMetadata.PluginData
    private static final int PLUGIN_NAME = 1;          // string
    private static final int PLUGIN_CONTENT = 2;       // bytes
    // TensorProto
    private static final int TENSOR_DTYPE = 1;         // DataType enum
    private static final int TENSOR_SHAPE = 2;         // TensorShapeProto
    private static final int TENSOR_CONTENT = 4;       // bytes, little-endian values in row-major order
    private static final int TENSOR_STRING_VAL = 8;    // repeated bytes
    // TensorShapeProto
    private static final int SHAPE_DIM = 2;            // repeated Dim
    private static final int DIM_SIZE = 1;             // int64

    /** {@code DataType.DT_FLOAT}. */
    public static final int DT_FLOAT = 1;
    /** {@code DataType.DT_DOUBLE}. */
    public static final int DT_DOUBLE = 2;
    /** {@code DataType.DT_STRING}. */
    public static final int DT_STRING = 7;
    /** {@code DataClass.DATA_CLASS_SCALAR}: a rank-0 DT_FLOAT tensor per value. */
    public static final int DATA_CLASS_SCALAR = 1;
    /** {@code DataClass.DATA_CLASS_TENSOR}: a small tensor of any dtype and shape per value. */
    public static final int DATA_CLASS_TENSOR = 2;

    private EventProto() {
    }

    /** The first event of a file: {@code wall_time} and {@code file_version}. */
    public static byte[] fileVersionEvent(double wallTime, String fileVersion) {
        Out e = new Out();
        e.fixed64(EVENT_WALL_TIME, Double.doubleToRawLongBits(wallTime));
        e.bytes(EVENT_FILE_VERSION, utf8(fileVersion));
        return e.toByteArray();
    }

    /** An event holding a summary of one value: {@code tag}, {@code metadata} and {@code tensor}. */
    public static byte[] summaryEvent(double wallTime, long step, String tag, byte[] metadata, byte[] tensor) {
        Out value = new Out();
        value.bytes(VALUE_TAG, utf8(tag));
        value.bytes(VALUE_TENSOR, tensor);
        value.bytes(VALUE_METADATA, metadata);
        Out summary = new Out();
        summary.bytes(SUMMARY_VALUE, value.toByteArray());
        Out e = new Out();
        e.fixed64(EVENT_WALL_TIME, Double.doubleToRawLongBits(wallTime));
        if (step != 0) {
            e.varint(EVENT_STEP, step);
        }
        e.bytes(EVENT_SUMMARY, summary.toByteArray());
        return e.toByteArray();
    }

    /** A {@code SummaryMetadata} naming a plugin (with empty content: the plugins' version-0 data) and a data class. */
    public static byte[] metadata(String pluginName, int dataClass) {
        Out plugin = new Out();
        plugin.bytes(PLUGIN_NAME, utf8(pluginName));
        Out m = new Out();
        m.bytes(METADATA_PLUGIN_DATA, plugin.toByteArray());
        m.varint(METADATA_DATA_CLASS, dataClass);
        return m.toByteArray();
    }

    /** A numeric {@code TensorProto} with its values as {@code tensor_content} (what TF's WriteSummary op writes). */
    public static byte[] numericTensor(int dtype, long[] shape, byte[] littleEndianContent) {
        Out t = new Out();
        t.varint(TENSOR_DTYPE, dtype);
        t.bytes(TENSOR_SHAPE, shape(shape));
        if (littleEndianContent.length > 0) {
            t.bytes(TENSOR_CONTENT, littleEndianContent);
        }
        return t.toByteArray();
    }

    /** A rank-0 DT_STRING {@code TensorProto} with one {@code string_val}. */
    public static byte[] scalarStringTensor(String s) {
        Out t = new Out();
        t.varint(TENSOR_DTYPE, DT_STRING);
        t.bytes(TENSOR_SHAPE, new byte[0]);
        t.bytes(TENSOR_STRING_VAL, utf8(s));
        return t.toByteArray();
    }

    private static byte[] shape(long[] dims) {
        Out s = new Out();
        for (long d : dims) {
            Out dim = new Out();
            if (d != 0) {
                dim.varint(DIM_SIZE, d);
            }
            s.bytes(SHAPE_DIM, dim.toByteArray());
        }
        return s.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A protobuf wire-format writer. */
    private static final class Out extends ByteArrayOutputStream {
        void rawVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void varint(int field, long v) {
            rawVarint(((long) field << 3));
            rawVarint(v);
        }

        void fixed64(int field, long bits) {
            rawVarint(((long) field << 3) | 1);
            for (int i = 0; i < 8; i++) {
                write((int) (bits >>> (8 * i)));
            }
        }

        void bytes(int field, byte[] b) {
            rawVarint(((long) field << 3) | 2);
            rawVarint(b.length);
            write(b, 0, b.length);
        }
    }
}
