/**
 * Drawing a tape: {@code TapeGraph} turns a tape's entries into a graph (nodes for ops and watched tensors,
 * values, adjoints replayed from the last gradient call, cut paths, folded repeats, a node cap), and
 * {@code DotWriter}, {@code MermaidWriter} and {@code HtmlPage} write it; {@code Graphviz} runs {@code dot} for SVG
 * and PNG. The public entry points are {@link io.gradtape.GradientTape#toDot()} and {@link io.gradtape.TapeDrawing}.
 */
package io.gradtape.internal.draw;
