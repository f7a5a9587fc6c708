package io.gradtape.data;

import java.io.IOException;

/**
 * A CSV file that {@link Csv} cannot read as numbers: a value that is not a number (or not an integer where the
 * column's dtype is one), a row with the wrong number of fields, or no data at all. The message names the file,
 * the line (counting from 1, as an editor does) and, for a bad value, the column (from 1) and the text found;
 * {@link #source()}, {@link #line()} and {@link #column()} give them to code.
 *
 * <pre>{@code
 * try {
 *     Csv.read(java.nio.file.Path.of("data.csv"));
 * } catch (CsvFormatException e) {
 *     System.err.println(e.getMessage());   // e.g. "data.csv line 12, column 3: "abc" is not a number"
 * } catch (java.io.IOException e) {
 *     System.err.println("cannot read: " + e);
 * }
 * }</pre>
 */
public class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    /**
     * A format error at {@code line} and {@code column} of {@code source}.
     *
     * <pre>{@code
     * new CsvFormatException("data.csv", 12, 3, "\"abc\" is not a number").getMessage();
     * // "data.csv line 12, column 3: "abc" is not a number"
     * }</pre>
     *
     * @param source  the file or resource name
     * @param line    the line, from 1, or 0 when the fault is in the file as a whole
     * @param column  the column, from 1, or 0 when the fault is in a whole line
     * @param message what is wrong
     */
    public CsvFormatException(String source, int line, int column, String message) {
        super(source + (line > 0 ? " line " + line : "") + (column > 0 ? ", column " + column : "") + ": " + message);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /**
     * The file or resource name.
     *
     * <pre>{@code
     * new CsvFormatException("data.csv", 2, 1, "empty value").source();   // "data.csv"
     * }</pre>
     *
     * @return the name as the reader was given it
     */
    public String source() {
        return source;
    }

    /**
     * The line at fault, counting from 1.
     *
     * <pre>{@code
     * new CsvFormatException("data.csv", 2, 1, "empty value").line();   // 2
     * }</pre>
     *
     * @return the line, or 0 when the fault is in the file as a whole
     */
    public int line() {
        return line;
    }

    /**
     * The column at fault, counting from 1.
     *
     * <pre>{@code
     * new CsvFormatException("data.csv", 2, 1, "empty value").column();   // 1
     * }</pre>
     *
     * @return the column, or 0 when the fault is in a whole line
     */
    public int column() {
        return column;
    }
}
