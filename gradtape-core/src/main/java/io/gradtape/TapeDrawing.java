package io.gradtape;

import io.gradtape.internal.TensorAccess;
import io.gradtape.internal.kernels.TensorScopes;
import io.gradtape.internal.autodiff.Backprop;
import io.gradtape.internal.autodiff.Tape;
import io.gradtape.internal.draw.DotWriter;
import io.gradtape.internal.draw.Graphviz;
import io.gradtape.internal.draw.HtmlPage;
import io.gradtape.internal.draw.MermaidWriter;
import io.gradtape.internal.draw.TapeGraph;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A drawing of one tape, or of nested tapes together, with options; {@link GradientTape#toDot()},
 * {@link GradientTape#toMermaid()} and {@link GradientTape#render} are this with the defaults.
 *
 * <p><b>What is drawn.</b> One node per recorded op and per watched tensor or variable (a variable's reads fold
 * into it), plus the unwatched constants the ops read; edges in data-flow order, one per use. Each node shows the
 * tensor's name ({@link Tensor#named}), dtype and shape, its value (in full up to 4 elements, else its range)
 * and, when the tape is persistent and {@code gradient} was called on it, the gradient that flowed into it
 * during the last call (its adjoint). Where no gradient can pass, the drawing says so: unwatched constants,
 * {@code stopGradient}, integer and bool results and ops without gradient are grey and dashed, and so are the edges
 * leaving them. Tapes drawn together are nested boxes, outermost first; a node sits in the innermost tape that
 * recorded it, so the ops an outer tape recorded of an inner tape's gradient computation stand outside the inner
 * box.
 *
 * <p><b>Adjoints.</b> Nothing is kept for drawings on the normal path: a persistent tape remembers only the
 * arguments of its last {@code gradient} call (targets, sources and output gradients, until the next call), and a
 * drawing replays that backward sweep (on a private thread, so no tape records it) collecting every cotangent. The
 * replay runs the derivative rules again, including a {@link Tensors#customGradient} rule's code. A one-shot tape
 * releases its record in its {@code gradient} call: draw it before, or make it persistent. A tape is not
 * thread-safe: draw it on the thread that records on it, or after it stopped recording.
 *
 * <p><b>Large tapes.</b> When a tape has more ops than {@link #maxNodes} (100 by default), repeated structure is
 * folded: a run of at least three identical iterations of up to 32 ops (a loop body, a stack of equal layers)
 * keeps its first and last iteration and one box for the iterations between. If still too many remain, the
 * earliest ops are left out, and one box says how many, by op.
 *
 * <pre>{@code
 * Tensor x1 = constant(1.0f).named("x1"), x2 = constant(2.0f).named("x2");
 * GradientTape t = new GradientTape(true);
 * t.watch(x1, x2);
 * Tensor w5 = x1.mul(x2).named("w3").mul(sin(x1).named("w4")).named("w5");
 * t.close();
 * t.gradient(w5, List.of(x1, x2));
 * String dot = TapeDrawing.of(t).toDot();   // ... "w5 = mul\nfloat32 ()\n1.682942\ngrad 1.0" ...
 * }</pre>
 */
public final class TapeDrawing {
    /** A persistent tape's last gradient call: what a drawing replays to find the adjoints. */
    record GradientCall(Tape tape, Tensor[] targets, Tensor[] sources, Tensor[] seeds) {
    }

    private final List<GradientTape> tapes;
    private final int maxNodes;
    /** Names for this drawing only, by tensor identity. */
    private final IdentityHashMap<Tensor, String> names;

    private TapeDrawing(List<GradientTape> tapes, int maxNodes, IdentityHashMap<Tensor, String> names) {
        this.tapes = tapes;
        this.maxNodes = maxNodes;
        this.names = names;
    }

    /**
     * A drawing of the given tapes, outermost first (one tape, or nested tapes in one picture).
     *
     * <pre>{@code
     * GradientTape outer = new GradientTape(true), inner = new GradientTape(true);
     * TapeDrawing d = TapeDrawing.of(outer, inner);
     * }</pre>
     *
     * @param tapes at least one tape
     * @return the drawing, with at most 100 op boxes
     * @throws IllegalArgumentException if no tape is given
     */
    public static TapeDrawing of(GradientTape... tapes) {
        Objects.requireNonNull(tapes, "TapeDrawing.of: tapes is null");
        if (tapes.length == 0) {
            throw new IllegalArgumentException("TapeDrawing.of: give at least one tape");
        }
        if (tapes.length > 16) {
            throw new IllegalArgumentException("TapeDrawing.of: at most 16 tapes in one drawing, got " + tapes.length);
        }
        for (GradientTape t : tapes) {
            Objects.requireNonNull(t, "TapeDrawing.of: a tape is null");
        }
        return new TapeDrawing(List.of(tapes), 100, new IdentityHashMap<>());
    }

    /**
     * The same drawing with another cap on the number of op boxes; see the class comment for what happens above
     * it.
     *
     * <pre>{@code
     * TapeDrawing.of(new GradientTape()).maxNodes(30).toDot();
     * }</pre>
     *
     * @param maxNodes at least 3
     * @return a new drawing
     * @throws IllegalArgumentException if {@code maxNodes < 3}
     */
    public TapeDrawing maxNodes(int maxNodes) {
        if (maxNodes < 3) {
            throw new IllegalArgumentException("TapeDrawing.maxNodes: need at least 3, got " + maxNodes);
        }
        return new TapeDrawing(tapes, maxNodes, names);
    }

    /**
     * The same drawing with names for some tensors, for this drawing only (they take precedence over
     * {@link Tensor#named}): for example a model's variables by their path names.
     *
     * <pre>{@code
     * Variable w = new Variable(constant(new float[] {1, 2}, 2));
     * GradientTape t = new GradientTape();
     * Tensor loss = reduceSum(w.mul(w));
     * t.close();
     * TapeDrawing.of(t).names(Map.of("dense/kernel", w)).toDot();   // ... "dense/kernel\nfloat32 (2,)..."
     * }</pre>
     *
     * @param names name to tensor (a {@code Map<String, Variable>} such as {@code Module.namedVariables()} fits)
     * @return a new drawing
     */
    public TapeDrawing names(Map<String, ? extends Tensor> names) {
        Objects.requireNonNull(names, "TapeDrawing.names: names is null");
        IdentityHashMap<Tensor, String> all = new IdentityHashMap<>(this.names);
        names.forEach((name, t) -> all.put(Objects.requireNonNull(t, () -> "TapeDrawing.names: " + name + " is null"),
                Tensor.checkName(name)));
        return new TapeDrawing(tapes, maxNodes, all);
    }

    /**
     * The cap on op boxes.
     *
     * <pre>{@code
     * TapeDrawing.of(new GradientTape()).maxNodes();   // 100
     * }</pre>
     *
     * @return the cap
     */
    public int maxNodes() {
        return maxNodes;
    }

    /**
     * Graphviz DOT text; see {@link GradientTape#toDot()}.
     *
     * <pre>{@code
     * String dot = TapeDrawing.of(new GradientTape()).toDot();   // starts with "digraph tape"
     * }</pre>
     *
     * @return the DOT text
     * @throws IllegalStateException if a one-shot tape released its record in a gradient call
     */
    public String toDot() {
        return DotWriter.write(graph("toDot"));
    }

    /**
     * A Mermaid flowchart; see {@link GradientTape#toMermaid()}.
     *
     * <pre>{@code
     * String md = TapeDrawing.of(new GradientTape()).toMermaid();   // "flowchart LR\n..."
     * }</pre>
     *
     * @return the Mermaid text
     * @throws IllegalStateException if a one-shot tape released its record in a gradient call
     */
    public String toMermaid() {
        return MermaidWriter.write(graph("toMermaid"));
    }

    /**
     * A self-contained HTML page (inline script, style and drawing; nothing loaded from the network): the graph,
     * and a panel that shows a clicked node's full value, its gradient and the rule of the op that made it.
     *
     * <pre>{@code
     * String html = TapeDrawing.of(new GradientTape()).toHtml();   // "<!DOCTYPE html>..."
     * }</pre>
     *
     * @return the page
     * @throws IllegalStateException if a one-shot tape released its record in a gradient call
     */
    public String toHtml() {
        return HtmlPage.write(graph("toHtml"));
    }

    /**
     * Writes the drawing to a file; the extension picks the format: {@code .dot}, {@code .mmd}, {@code .html},
     * or {@code .svg} and {@code .png} by Graphviz's {@code dot} program (found on the {@code PATH}, or at the path
     * in the system property {@code gradtape.dot}). The file is written to a temporary file, synced and renamed, so
     * it is whole or absent.
     *
     * <pre>{@code
     * GradientTape t = new GradientTape();
     * TapeDrawing.of(t).render(java.nio.file.Path.of("tape.dot"));
     * }</pre>
     *
     * @param file the file to write
     * @throws IllegalArgumentException if the extension is none of the above
     * @throws IllegalStateException    if Graphviz is needed and missing (the message says how to install it), or
     *                                  a one-shot tape released its record
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void render(Path file) {
        Objects.requireNonNull(file, "render: file is null");
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1);
        switch (ext) {
            case "dot", "gv" -> Graphviz.writeAtomically(file, toDot().getBytes(StandardCharsets.UTF_8));
            case "mmd", "mermaid" -> Graphviz.writeAtomically(file, toMermaid().getBytes(StandardCharsets.UTF_8));
            case "html", "htm" -> Graphviz.writeAtomically(file, toHtml().getBytes(StandardCharsets.UTF_8));
            case "svg", "png" -> Graphviz.render(toDot(), ext, file);
            default -> throw new IllegalArgumentException("render: cannot tell the format of " + file
                    + " from its extension; use .svg, .png (Graphviz), .html, .dot or .mmd");
        }
    }

    private TapeGraph graph(String op) {
        List<Tape> records = new ArrayList<>();
        List<Map<Long, Tensor>> adjoints = new ArrayList<>();
        for (GradientTape t : tapes) {
            Tape record = t.drawRecord();
            if (record == null) {
                throw new IllegalStateException(op + ": this one-shot GradientTape released its record in its gradient "
                        + "call; draw it before calling gradient, or make it persistent (new GradientTape(true))");
            }
            records.add(record);
            GradientCall call = t.drawGradient();
            adjoints.add(call != null && call.tape() == record ? replay(call) : null);
        }
        return TapeGraph.build(records, adjoints, maxNodes,
                v -> TensorFormat.values(v.dtype(), v.shape(), TensorAccess.data(v)), names);
    }

    /** Runs the last backward sweep again on a thread where nothing records, collecting every cotangent. */
    private static Map<Long, Tensor> replay(GradientCall c) {
        Map<Long, Tensor> sink = new HashMap<>();
        RuntimeException[] failure = new RuntimeException[1];
        Thread caller = Thread.currentThread();
        // the caller waits for the worker, so the worker may read the tensors of the caller's open TensorScopes
        Thread worker = new Thread(() -> TensorScopes.lend(caller, () -> {
            try {
                Backprop.gradient(c.tape(), c.targets(), c.sources(), c.seeds(), false, false, sink);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }), "gradtape-draw-adjoints");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drawing: interrupted while computing the adjoints", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return sink;
    }
}
