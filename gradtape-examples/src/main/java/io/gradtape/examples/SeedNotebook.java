package io.gradtape.examples;

import io.gradtape.GradientTape;
import io.gradtape.Tensor;
import io.gradtape.Variable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static io.gradtape.Tensors.constant;
import static io.gradtape.Tensors.sin;

/**
 * The seed lecture notebook on gradient tapes, cell by cell, in Java. Each cell is the code between its
 * {@code // In [n]} marker and {@code // end} below; {@link NotebookWalkthrough} prints that very source text (this
 * file is packaged as a resource) next to the value the cell returns, so the code shown is the code run.
 * Python's {@code with tf.GradientTape() as t:} is {@code try (t)} on a tape, {@code None} is {@code null}, and
 * {@code t.numpy()} is {@code t.floatValue()}.
 */
public final class SeedNotebook {
    private SeedNotebook() {
    }

    /** The cells in the notebook's order, by their notebook number. */
    public static Map<String, Supplier<Object>> cells() {
        Map<String, Supplier<Object>> cells = new LinkedHashMap<>();
        cells.put("3", SeedNotebook::firstExample);
        cells.put("4", () -> firstExample().floatValue());
        cells.put("6", SeedNotebook::withoutWatch);
        cells.put("8", SeedNotebook::variableIsWatched);
        cells.put("9", () -> variableIsWatched().floatValue());
        cells.put("11", () -> persistentTape()[0]);
        cells.put("12", () -> persistentTape()[1]);
        cells.put("16", SeedNotebook::intermediateSource);
        cells.put("18", () -> lectureFunction()[0]);
        cells.put("19", () -> lectureFunction()[1]);
        cells.put("21", () -> fineGrainedWatching()[0]);
        cells.put("22", () -> fineGrainedWatching()[1]);
        cells.put("24", () -> computeGradient(constant(2.0f), 3));
        cells.put("25", () -> computeGradient(constant(2.0f), 12));
        cells.put("26", () -> computeGradient(constant(2.0f), 6));
        return cells;
    }

    // In [2]: a first simple example
    static Tensor firstExample() {
        Tensor x = constant(3.0f);
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
            y = x.mul(x);
        }
        Tensor dy_dx = t.gradient(y, x); // Will compute to 6.0
        return dy_dx;
    }
    // end

    // In [5]: without watch, the tape has nothing to differentiate
    static Tensor withoutWatch() {
        Tensor x = constant(3.0f);
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            // t.watch(x);  // <-- we now omit this statement
            y = x.mul(x);
        }
        Tensor dy_dx = t.gradient(y, x); // null: x was never watched
        return dy_dx;
    }
    // end

    // In [7]: trainable variables are watched automatically
    static Tensor variableIsWatched() {
        Variable x = new Variable(constant(3.0f));
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            // t.watch(x);  // <-- not needed for a variable
            y = x.mul(x);
        }
        Tensor dy_dx = t.gradient(y, x); // Will compute to 6.0
        return dy_dx;
    }
    // end

    // In [10]: a persistent tape answers several gradient calls
    static Tensor[] persistentTape() {
        Tensor x = constant(3.0f);
        Tensor y, z;
        GradientTape t = new GradientTape(true);
        try (t) {
            t.watch(x);
            y = x.mul(x); // y=x^2
            z = y.mul(y); // z=y^2=(x^2)^2=x^4
        }
        Tensor dz_dx = t.gradient(z, x); // 108.0 (4*x^3 at x=3 --> 4*27=108)
        Tensor dy_dx = t.gradient(y, x); // 6.0 (2*x at x=3 --> 6)
        return new Tensor[] {dz_dx, dy_dx};
    }
    // end

    // In [15]: the derivative with respect to an intermediate tensor
    static Tensor intermediateSource() {
        Tensor x = constant(3.0f);
        Tensor y, z;
        GradientTape t = new GradientTape(true);
        try (t) {
            t.watch(x);
            y = x.mul(x); // y=x^2
            z = y.mul(y); // z=y^2=(x^2)^2=x^4
        }
        Tensor dz_dy = t.gradient(z, y); // 2*y at y=9 --> 18.0
        return dz_dy;
    }
    // end

    // In [17]: the function from the lecture, f(x1,x2) = x1*x2*sin(x1)
    static Tensor[] lectureFunction() {
        Tensor x1 = constant(1.0f);
        Tensor x2 = constant(2.0f);
        Tensor w5;
        GradientTape t = new GradientTape(true);
        try (t) {
            t.watch(x1);
            t.watch(x2);
            Tensor w3 = x1.mul(x2);
            Tensor w4 = sin(x1);
            w5 = w3.mul(w4);
        }
        Tensor dw5_dx1 = t.gradient(w5, x1);
        Tensor dw5_dx2 = t.gradient(w5, x2);
        return new Tensor[] {dw5_dx1, dw5_dx2};
    }
    // end

    // In [20]: fine-grained control over which variables are watched
    static Tensor[] fineGrainedWatching() {
        Variable variable_a = new Variable(constant(2.0f));
        Variable variable_b = new Variable(constant(4.0f));
        Tensor y, z;
        GradientTape t = new GradientTape(true, false); // persistent, watchAccessedVariables=false
        try (t) {
            t.watch(variable_a);
            y = variable_a.pow(2); // Gradients will be available for `variable_a`.
            z = variable_b.pow(3); // No gradients: `variable_b` is not being watched.
        }
        return new Tensor[] {t.gradient(y, variable_a), t.gradient(z, variable_b)};
    }
    // end

    // In [23]: automatic differentiation for programs with ordinary control flow
    static Tensor foo(Tensor x, int y) {
        if (y >= 7) {
            Tensor output = x.add(x).add(x);
            return output;
        }
        Tensor output = constant(1.0f);
        for (int i = 0; i < y; i++) {
            output = output.mul(x);
        }
        return output;
    }

    static Tensor computeGradient(Tensor x, int y) {
        Tensor out;
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
            out = foo(x, y);
        }
        return t.gradient(out, x);
    }
    // end
}
