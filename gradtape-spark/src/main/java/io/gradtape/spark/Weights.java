package io.gradtape.spark;

import io.gradtape.DType;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A module's variables as plain arrays, the form in which the driver's weights travel to the workers (broadcast)
 * and never as serialized tensors. Values are copied bit for bit (float32 as {@code float[]}, float64 as
 * {@code double[]}), so a worker's model computes exactly what the driver's would.
 */
final class Weights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] shapes;
    private final Object[] values;

    private Weights(String[] names, int[][] shapes, Object[] values) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
    }

    /** Copies the current value of every variable, in the map's order. */
    static Weights of(Map<String, Variable> vars) {
        int n = vars.size();
        String[] names = new String[n];
        int[][] shapes = new int[n][];
        Object[] values = new Object[n];
        int i = 0;
        for (Map.Entry<String, Variable> e : vars.entrySet()) {
            Variable v = e.getValue();
            names[i] = e.getKey();
            shapes[i] = v.shape().dims();
            if (v.dtype() == DType.FLOAT32) {
                values[i] = v.toFloatArray();
            } else if (v.dtype() == DType.FLOAT64) {
                values[i] = v.toDoubleArray();
            } else {
                throw new IllegalArgumentException("SparkTrainer: variable '" + e.getKey() + "' is " + v.dtype()
                        + "; only float32 and float64 variables can be trained data-parallel");
            }
            i++;
        }
        return new Weights(names, shapes, values);
    }

    /** Overwrites every variable of a module built by the same recipe; names and shapes must match. */
    void assignTo(Map<String, Variable> vars) {
        if (vars.size() != names.length) {
            throw new IllegalStateException("SparkTrainer: the recipe built a model with variables " + vars.keySet()
                    + " on a worker but the driver's model has " + Arrays.toString(names)
                    + "; ModelRecipe.model() must build the same architecture every time");
        }
        Iterator<Map.Entry<String, Variable>> it = vars.entrySet().iterator();
        for (int i = 0; i < names.length; i++) {
            Map.Entry<String, Variable> e = it.next();
            if (!e.getKey().equals(names[i]) || !Arrays.equals(e.getValue().shape().dims(), shapes[i])) {
                throw new IllegalStateException("SparkTrainer: variable " + i + " is '" + e.getKey() + "' "
                        + e.getValue().shape() + " on a worker but '" + names[i] + "' " + Arrays.toString(shapes[i])
                        + " on the driver; ModelRecipe.model() must build the same architecture every time");
            }
            e.getValue().assign(tensor(i));
        }
    }

    private Tensor tensor(int i) {
        return values[i] instanceof float[] f ? Tensors.constant(f, shapes[i]) : Tensors.constant((double[]) values[i], shapes[i]);
    }
}
