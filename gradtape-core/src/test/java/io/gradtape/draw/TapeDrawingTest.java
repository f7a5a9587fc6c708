package io.gradtape.draw;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.LogCapture;
import io.gradtape.NN;
import io.gradtape.TapeDrawing;
import io.gradtape.Tensor;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.*;

/** The DOT and Mermaid text of drawn tapes: labels, adjoints, names, cut paths, nesting, folding of large tapes. */
@ExtendWith(LogCapture.class) // provokes library warnings on purpose: kept out of the output
class TapeDrawingTest {

    /** The lecture's graph: w3 = x1*x2, w4 = sin(x1), w5 = w3*w4 at (1, 2), after gradient on a persistent tape. */
    static GradientTape lecture() {
        Tensor x1 = constant(1.0f).named("x1");
        Tensor x2 = constant(2.0f).named("x2");
        GradientTape t = new GradientTape(true);
        t.watch(x1, x2);
        Tensor w3 = x1.mul(x2).named("w3");
        Tensor w4 = sin(x1).named("w4");
        Tensor w5 = w3.mul(w4).named("w5");
        t.close();
        List<Tensor> g = t.gradient(w5, List.of(x1, x2));
        assertEquals(2.7635465f, g.get(0).floatValue());
        assertEquals(0.84147096f, g.get(1).floatValue());
        return t;
    }

    @Test
    void lectureGraphAsDot() {
        assertEquals("""
                digraph tape {
                  rankdir=LR;
                  node [fontname="Helvetica", fontsize=11];
                  edge [color="#374151"];
                  n0 [label="x1\\nfloat32 ()\\nvalue 1.0\\ngrad 2.7635465", shape=ellipse, style=filled, fillcolor="#dbeafe", color="#1d4ed8"];
                  n1 [label="x2\\nfloat32 ()\\nvalue 2.0\\ngrad 0.84147096", shape=ellipse, style=filled, fillcolor="#dbeafe", color="#1d4ed8"];
                  n2 [label="w3 = mul\\nfloat32 ()\\nvalue 2.0\\ngrad 0.84147096", shape=box, style="rounded,filled", fillcolor="#ffffff"];
                  n3 [label="w4 = sin\\nfloat32 ()\\nvalue 0.84147096\\ngrad 2.0", shape=box, style="rounded,filled", fillcolor="#ffffff"];
                  n4 [label="w5 = mul\\nfloat32 ()\\nvalue 1.6829419\\ngrad 1.0", shape=box, style="rounded,filled", fillcolor="#ffffff"];
                  n0 -> n2;
                  n1 -> n2;
                  n0 -> n3;
                  n2 -> n4;
                  n3 -> n4;
                }
                """, lecture().toDot());
    }

    @Test
    void lectureGraphAsMermaid() {
        String m = lecture().toMermaid();
        assertTrue(m.startsWith("""
                flowchart LR
                  n0(["x1<br/>float32 ()<br/>value 1.0<br/>grad 2.7635465"])
                  n1(["x2<br/>float32 ()<br/>value 2.0<br/>grad 0.84147096"])
                  n2["w3 = mul<br/>float32 ()<br/>value 2.0<br/>grad 0.84147096"]
                  n3["w4 = sin<br/>float32 ()<br/>value 0.84147096<br/>grad 2.0"]
                  n4["w5 = mul<br/>float32 ()<br/>value 1.6829419<br/>grad 1.0"]
                  n0 --> n2
                  n1 --> n2
                  n0 --> n3
                  n2 --> n4
                  n3 --> n4
                """), m);
        assertTrue(m.endsWith("  classDef watched fill:#dbeafe,stroke:#1d4ed8\n  class n0,n1 watched\n  classDef op fill:#ffffff,stroke:#374151\n  class n2,n3,n4 op\n"), m);
    }

    @Test
    void adjointsAreThoseOfTheLastGradientCall() {
        Tensor x = constant(3.0f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x.mul(x).named("y");
        Tensor z = y.mul(y).named("z");
        t.close();
        assertFalse(t.toDot().contains("grad"), "no gradient call yet: no adjoints");
        assertEquals(108f, t.gradient(z, x).floatValue());
        String dot = t.toDot();
        assertTrue(dot.contains("z = mul\\nfloat32 ()\\nvalue 81.0\\ngrad 1.0"), dot);
        assertTrue(dot.contains("y = mul\\nfloat32 ()\\nvalue 9.0\\ngrad 18.0"), dot);
        assertTrue(dot.contains("x\\nfloat32 ()\\nvalue 3.0\\ngrad 108.0"), dot);
        assertEquals(6f, t.gradient(y, x).floatValue());
        dot = t.toDot();
        assertTrue(dot.contains("z = mul\\nfloat32 ()\\nvalue 81.0\","), "z is not upstream of y: " + dot);
        assertTrue(dot.contains("y = mul\\nfloat32 ()\\nvalue 9.0\\ngrad 1.0"), dot);
        assertTrue(dot.contains("x\\nfloat32 ()\\nvalue 3.0\\ngrad 6.0"), dot);
    }

    @Test
    void drawingInsideAPersistentTapesBlockRecordsNothing() {
        Tensor x = constant(2.0f);
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = sin(x);
        t.gradient(y, x); // recorded on t itself (persistent, inside its block)
        int before = t.toDot().split("->").length;
        t.toDot();
        t.toMermaid();
        assertEquals(before, t.toDot().split("->").length, "the replayed sweep must not be recorded");
        t.close();
    }

    @Test
    void oneShotTapeDrawsBeforeItsGradientAndRefusesAfter() {
        Tensor x = constant(3.0f);
        GradientTape t = new GradientTape();
        t.watch(x);
        Tensor y = x.mul(x);
        t.close();
        String dot = t.toDot();
        assertTrue(dot.contains("mul\\nfloat32 ()\\nvalue 9.0\""), dot);
        assertFalse(dot.contains("grad"));
        assertEquals(6f, t.gradient(y, x).floatValue());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toDot);
        assertTrue(e.getMessage().contains("released its record"), e.getMessage());
        assertTrue(e.getMessage().contains("new GradientTape(true)"), e.getMessage());
    }

    @Test
    void namesAreMetadataOnly() {
        Tensor x = constant(3.0f);
        assertNull(x.name());
        assertSame(x, x.named("x"));
        assertEquals("x", x.name());
        assertEquals("x again", x.named("x again").name());
        Variable v = new Variable(constant(2.0f)).named("v");
        assertEquals("v", v.name());
        assertThrows(IllegalArgumentException.class, () -> x.named(" "));
        assertThrows(NullPointerException.class, () -> x.named(null));

        // same value, same gradient as the unnamed computation, and nothing more recorded
        Tensor a = constant(1.5f);
        GradientTape plain = new GradientTape();
        plain.watch(a);
        Tensor ya = sin(a).mul(a);
        plain.close();
        Tensor b = constant(1.5f);
        GradientTape named = new GradientTape(true);
        named.watch(b.named("b"));
        Tensor yb = sin(b).named("s").mul(b.named("b")).named("y");
        named.close();
        assertEquals(ya.floatValue(), yb.floatValue());
        assertEquals(plain.gradient(ya, a).floatValue(), named.gradient(yb, b).floatValue());
        assertEquals(2, named.toDot().split("label=\"(s|y) = ").length - 1, "two ops recorded: sin, mul");
    }

    @Test
    void stoppedPathsAreDashedAndSaySo() {
        Tensor x = constant(2.0f).named("x");
        Tensor c = constant(10.0f).named("c");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor s = stopGradient(x.mul(x)).named("s");
        Tensor i = cast(x, DType.INT32).named("i");
        Tensor back = cast(i, DType.FLOAT32); // not recorded: its only input is an integer
        Tensor y = x.mul(c).add(s).add(back).named("y");
        t.close();
        assertEquals(10f, t.gradient(y, x).floatValue());
        String dot = t.toDot();
        assertTrue(dot.contains("c\\nfloat32 ()\\nvalue 10.0\\nnot watched\", shape=ellipse, style=dashed"), dot);
        // the gradient flows into s and stops there
        assertTrue(dot.contains("s = stopGradient\\nfloat32 ()\\nvalue 4.0\\ngrad 1.0\\ngradient stopped\", shape=box, style=\"rounded,filled,dashed\""), dot);
        assertTrue(dot.contains("i = cast\\nint32 ()\\nvalue 2\\nno gradient (int32)\""), dot);
        // the unrecorded cast back to float32 is a constant to the tape
        assertTrue(dot.contains("constant\\nfloat32 ()\\nvalue 2.0\\nnot watched\""), dot);
        // the edges that carry no gradient: from c, from s, from the unrecorded cast's result
        int cut = count(dot, "[style=dashed, color=\"#9ca3af\"]");
        assertEquals(3, cut, dot); // c -> mul, s -> add, constant (the unrecorded cast's result) -> add
        String m = t.toMermaid();
        assertEquals(3, count(m, " -.-> "), m);
        String nograd = m.lines().filter(l -> l.startsWith("  class ") && l.endsWith(" nograd")).findFirst().orElseThrow();
        assertTrue(List.of(nograd.split(" ")[3].split(",")).contains(nodeOf(dot, "s = stopGradient")), m);
        assertTrue(List.of(nograd.split(" ")[3].split(",")).contains(nodeOf(dot, "i = cast")), m);
    }

    @Test
    void variablesFoldTheirReads() {
        Variable a = new Variable(constant(2.0f)).named("a");
        Variable b = new Variable(constant(4.0f)).named("b");
        GradientTape t = new GradientTape(true, false);
        t.watch(a);
        Tensor y = a.pow(2).named("y");
        Tensor z = b.pow(3).named("z");
        t.close();
        assertEquals(4f, t.gradient(y, a).floatValue());
        String dot = t.toDot();
        assertTrue(dot.contains("a\\nfloat32 ()\\nvalue 2.0\\ngrad 4.0\", shape=ellipse, style=filled, fillcolor=\"#fef3c7\""), dot);
        assertTrue(dot.contains("y = pow"), dot);
        assertFalse(dot.contains("z = pow"), "b is not watched: z is not on the tape");
        assertFalse(dot.contains("readVariable"), dot);
    }

    @Test
    void nestedTapesAreNestedClusters() {
        Tensor x = constant(3.0f).named("x");
        GradientTape outer = new GradientTape(true);
        outer.watch(x);
        GradientTape inner = new GradientTape(true);
        inner.watch(x);
        Tensor y = x.mul(x).mul(x).named("y");
        inner.close();
        Tensor dy = inner.gradient(y, x).named("dy/dx"); // recorded by the outer tape only
        outer.close();
        assertEquals(27f, dy.floatValue());
        assertEquals(18f, outer.gradient(dy, x).floatValue());
        String dot = TapeDrawing.of(outer, inner).toDot();
        int clusterOuter = dot.indexOf("subgraph cluster_tape1");
        int clusterInner = dot.indexOf("subgraph cluster_tape2");
        int yNode = dot.indexOf("y = mul");
        int dyNode = dot.indexOf("dy/dx = ");
        assertTrue(clusterOuter >= 0 && clusterOuter < clusterInner && clusterInner < yNode, dot);
        assertTrue(dyNode > clusterOuter && dyNode < clusterInner, "dy/dx is on the outer tape only: " + dot);
        assertTrue(dot.contains("grad (tape 1) 18.0"), dot);
        assertTrue(dot.contains("grad (tape 2) 27.0"), dot);
        String m = TapeDrawing.of(outer, inner).toMermaid();
        assertTrue(m.contains("subgraph tape1 [\"tape 1 (outermost)\"]") && m.contains("subgraph tape2 [\"tape 2 (innermost)\"]"), m);
        assertEquals(2, count(m, "\n  end\n") + count(m, "\n    end\n"), m);
    }

    @Test
    void largeTensorsAreSummarised() {
        Tensor x = constant(new float[] {1, -2, 3, 4, 5, 6}, 2, 3).named("x");
        GradientTape t = new GradientTape();
        t.watch(x);
        x.mul(2.0).named("y");
        t.close();
        String dot = t.toDot();
        assertTrue(dot.contains("x\\nfloat32 (2, 3)\\nvalue in [-2, 6]"), dot);
        assertTrue(dot.contains("y = mul\\nfloat32 (2, 3)\\nvalue in [-4, 12]"), dot);
    }

    @Test
    void aTenThousandOpChainFolds() {
        Tensor x = constant(1.0001f).named("x");
        GradientTape t = new GradientTape(true);
        t.watch(x);
        Tensor y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(x);
        }
        y.named("y");
        t.close();
        t.gradient(y, x);
        String dot = t.toDot();
        assertEquals(4, count(dot, "shape=box"), "the first mul, the first of the repeat, the fold, the last: " + dot);
        assertTrue(dot.contains("mul \u00d79997 (folded)\\n9997 ops between the first and the last\", shape=box3d"), dot);
        assertTrue(dot.contains("y = mul"), dot);
        assertTrue(dot.length() < 5000, "a few boxes, not ten thousand");
        assertTrue(t.toMermaid().contains("[[\"mul \u00d79997 (folded)<br/>9997 ops between the first and the last\"]]"));
    }

    @Test
    void theCapLeavesOutTheEarliestOpsAndSaysWhat() {
        Tensor x = constant(0.5f).named("x");
        GradientTape t = new GradientTape();
        t.watch(x);
        Tensor y = x;
        java.util.Random r = new java.util.Random(7);
        int adds = 0;
        for (int i = 0; i < 300; i++) { // no repeating pattern: a random mix of three ops
            int k = r.nextInt(3);
            y = k == 0 ? sin(y) : k == 1 ? cos(y) : y.add(x);
        }
        t.close();
        String dot = TapeDrawing.of(t).maxNodes(20).toDot();
        assertEquals(20, count(dot, "shape=box") + count(dot, "shape=note"), dot);
        Matcher m = Pattern.compile("(\\d+) earlier ops left out \\(([^)]*)\\)").matcher(dot);
        assertTrue(m.find(), dot);
        assertEquals(281, Integer.parseInt(m.group(1)));
        int total = 0;
        for (String part : m.group(2).split(", ")) {
            total += Integer.parseInt(part.substring(part.indexOf('\u00d7') + 1));
        }
        assertEquals(281, total, m.group(2));
    }

    @Test
    void anMlpTrainingStepIsAHandfulOfBoxes() {
        Mlp mlp = new Mlp(4, 8, 3, 2);
        GradientTape t = new GradientTape(true);
        Tensor loss = mlp.loss(t);
        t.close();
        t.gradient(loss, mlp.params());
        String dot = t.toDot();
        int ops = count(dot, "shape=box");
        assertTrue(ops <= 30, ops + " op boxes: " + dot);
        assertEquals(4, count(dot, "fillcolor=\"#fef3c7\""), "two weights and two biases: " + dot);
        assertTrue(dot.contains("loss = div\\nfloat32 ()\\nvalue 1."), dot);
        assertTrue(Pattern.compile("w0\\\\nfloat32 \\(4, 8\\)\\\\nvalue in \\[[^]]*\\]\\\\ngrad in \\[").matcher(dot).find(), dot);
    }

    @Test
    void aKerasStyleModelsTrainingStepWithItsVariablesNamed() {
        io.gradtape.nn.Sequential model = new io.gradtape.nn.Sequential(
                new io.gradtape.nn.Dense(4, 8, "relu"), new io.gradtape.nn.Dense(8, 3, null));
        Tensor x = constant(new float[20], 5, 4).named("x");
        Tensor labels = constant(new float[15], 5, 3).named("labels");
        GradientTape t = new GradientTape(true);
        Tensor loss = reduceMean(NN.softmaxCrossEntropyWithLogits(labels, model.call(x))).named("loss");
        t.close();
        t.gradient(loss, model.trainableVariables());
        String dot = TapeDrawing.of(t).names(model.namedVariables()).toDot();
        for (String name : List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias")) {
            assertTrue(dot.contains("label=\"" + name + "\\nfloat32 "), name + " in " + dot);
        }
        assertTrue(count(dot, "shape=box") <= 30, dot);
        assertFalse(t.toDot().contains("dense/kernel"), "the names are for that drawing only");
        assertThrows(IllegalArgumentException.class, () -> TapeDrawing.of(t).names(java.util.Map.of(" ", x)));
    }

    @Test
    void aDeepStackOfEqualLayersFolds() {
        Mlp mlp = new Mlp(8, 8, 8, 60);
        GradientTape t = new GradientTape(true);
        Tensor loss = mlp.loss(t);
        t.close();
        t.gradient(loss, mlp.params());
        String dot = t.toDot();
        Matcher m = Pattern.compile("\\((\\w+) \u2192 (\\w+) \u2192 (\\w+)\\) \u00d7(\\d+) \\(folded\\)\\\\n(\\d+) ops").matcher(dot);
        assertTrue(m.find(), dot);
        assertEquals(java.util.Set.of("matmul", "add", "relu"), java.util.Set.of(m.group(1), m.group(2), m.group(3)));
        assertEquals(3 * Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        assertTrue(count(dot, "shape=box") < 40, dot);
    }

    /** An MLP: {@code layers} hidden layers of equal width, relu, softmax cross-entropy. */
    static final class Mlp {
        final List<Variable> weights = new ArrayList<>();
        final int in;
        final int classes;

        Mlp(int in, int hidden, int classes, int layers) {
            this.in = in;
            this.classes = classes;
            java.util.Random r = new java.util.Random(1);
            int width = in;
            for (int l = 0; l < layers; l++) {
                int out = l == layers - 1 ? classes : hidden;
                weights.add(new Variable(constant(random(r, width * out), width, out)).named("w" + l));
                weights.add(new Variable(constant(new float[out], out)).named("b" + l));
                width = out;
            }
        }

        List<Variable> params() {
            return weights;
        }

        Tensor loss(GradientTape t) {
            java.util.Random r = new java.util.Random(2);
            Tensor x = constant(random(r, 5 * in), 5, in).named("x");
            float[] labels = new float[5 * classes];
            for (int i = 0; i < 5; i++) {
                labels[i * classes + i % classes] = 1;
            }
            Tensor h = x;
            for (int l = 0; l < weights.size() / 2; l++) {
                h = matmul(h, weights.get(2 * l)).add(weights.get(2 * l + 1));
                if (l < weights.size() / 2 - 1) {
                    h = relu(h);
                }
            }
            return reduceMean(NN.softmaxCrossEntropyWithLogits(constant(labels, 5, classes), h)).named("loss");
        }

        private static float[] random(java.util.Random r, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) r.nextGaussian() * 0.3f;
            }
            return a;
        }
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** The id ({@code nK}) of the DOT node whose label starts with {@code title}. */
    static String nodeOf(String dot, String title) {
        Matcher m = Pattern.compile("(n\\d+) \\[label=\"" + Pattern.quote(title)).matcher(dot);
        assertTrue(m.find(), title + " in " + dot);
        return m.group(1);
    }
}
