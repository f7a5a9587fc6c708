package io.gradtape.examples;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.sin;

/**
 * The seed notebook's examples drawn: each example's computation on a persistent tape (so that the drawing can
 * show the adjoints), after the example's gradient call, with its tensors named as in the notebook.
 *
 * <p>{@code main} regenerates the README's picture of the lecture's graph, {@code docs/images/lecture-graph.svg}
 * (Graphviz's {@code dot} must be installed), writes the same graph as a page to explore,
 * {@code docs/images/lecture-graph.html}, and prints the Mermaid text of the README:
 * <pre>
 * mvn -q -pl gradtape-examples -am compile exec:java -Dexec.mainClass=io.gradtape.examples.DrawTape
 * </pre>
 */
public final class DrawTape {
    private DrawTape() {
    }

    /** The examples by the notebook number of their cell. */
    public static Map<String, GradientTape> notebookTapes() {
        Map<String, GradientTape> tapes = new LinkedHashMap<>();
        tapes.put("2", firstExample());
        tapes.put("5", withoutWatch());
        tapes.put("7", variableIsWatched());
        tapes.put("10", persistentTape());
        tapes.put("15", intermediateSource());
        tapes.put("17", lecture());
        tapes.put("20", fineGrainedWatching());
        tapes.put("24", program(3));
        tapes.put("25", program(12));
        tapes.put("26", program(6));
        return tapes;
    }

    /** In [2]: y = x * x at x = 3, dy/dx. */
    static GradientTape firstExample() {
        Tensor x = constant(3.0f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x.mul(x).named("y");
        t.close();
        t.gradient(y, x);
        return t;
    }

    /** In [5]: x not watched, so nothing is recorded. */
    static GradientTape withoutWatch() {
        Tensor x = constant(3.0f).named("x");
        GradientTape t = new GradientTape(true);
        x.mul(x).named("y");
        t.close();
        return t;
    }

    /** In [7]: a trainable variable, watched when read. */
    static GradientTape variableIsWatched() {
        Variable x = new Variable(constant(3.0f)).named("x");
        GradientTape t = new GradientTape(true);
        Tensor y = x.mul(x).named("y");
        t.close();
        t.gradient(y, x);
        return t;
    }

    /** In [10]: z = (x^2)^2; the last call is dy/dx, so z gets no adjoint. */
    static GradientTape persistentTape() {
        Tensor x = constant(3.0f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x.mul(x).named("y");
        Tensor z = y.mul(y).named("z");
        t.close();
        t.gradient(z, x);
        t.gradient(y, x);
        return t;
    }

    /** In [15]: dz/dy, an intermediate source. */
    static GradientTape intermediateSource() {
        Tensor x = constant(3.0f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x.mul(x).named("y");
        Tensor z = y.mul(y).named("z");
        t.close();
        t.gradient(z, y);
        return t;
    }

    /** In [17]: the lecture's w3 = x1*x2, w4 = sin(x1), w5 = w3*w4 at (1, 2), both partial derivatives in one call. */
    public static GradientTape lecture() {
        Tensor x1 = constant(1.0f).named("x1");
        Tensor x2 = constant(2.0f).named("x2");
        GradientTape t = new GradientTape(true);
        t.watch(x1);
        t.watch(x2);
        Tensor w3 = x1.mul(x2).named("w3");
        Tensor w4 = sin(x1).named("w4");
        Tensor w5 = w3.mul(w4).named("w5");
        t.close();
        t.gradient(w5, List.of(x1, x2));
        return t;
    }

    /** In [20]: watchAccessedVariables=false; only variable_a is watched, so variable_b's computation is absent. */
    static GradientTape fineGrainedWatching() {
        Variable a = new Variable(constant(2.0f)).named("variable_a");
        Variable b = new Variable(constant(4.0f)).named("variable_b");
        GradientTape t = new GradientTape(true, false);
        t.watch(a);
        Tensor y = a.pow(2).named("y");
        b.pow(3).named("z");
        t.close();
        t.gradient(y, a);
        return t;
    }

    /** In [23]-[26]: foo(x, y) with its control flow, x = 2. */
    static GradientTape program(int y) {
        Tensor x = constant(2.0f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor out = SeedNotebook.foo(x, y).named("out");
        t.close();
        t.gradient(out, x);
        return t;
    }

    /**
     * Writes the README's picture and page of the lecture's graph and prints its Mermaid text.
     *
     * @param args the output directory (default: {@code docs/images} of the repository)
     * @throws Exception if a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : repositoryRoot().resolve("docs/images");
        Files.createDirectories(dir);
        GradientTape t = lecture();
        t.render(dir.resolve("lecture-graph.svg"));
        t.render(dir.resolve("lecture-graph.html"));
        System.out.println("wrote " + dir.resolve("lecture-graph.svg") + " and " + dir.resolve("lecture-graph.html"));
        System.out.println("```mermaid");
        System.out.print(t.toMermaid());
        System.out.println("```");
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("gradtape-core")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
