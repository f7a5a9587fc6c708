package io.gradtape.tape;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Tensor;
import io.gradtape.TestTensors;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.internal.kernels.RecycledArrays;
import io.gradtape.optimizers.Optimizer;
import io.gradtape.optimizers.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GradientTape#gradient}'s reuse of its sweep's dead arrays ({@link RecycledArrays}) on random programs of
 * 128 x 128 tensors (the smallest recycled length) whose cotangents share arrays in the ways the rules make them
 * share: an input read twice, reshapes and identities (a rule that hands its cotangent on unchanged), transposes,
 * broadcasts, slices and concatenations, fused dense layers, several uses of one variable. Each program trains for
 * three SGD steps twice from one seed: once as the TensorFlow loop writes it, once under an outer tape that records
 * everything (so nothing may be reused there). The variables, the losses and the gradients must have the same bits,
 * and every tensor the program kept (activations, losses, gradients of every step) must still hold its values after
 * the later steps.
 */
class GradientReuseFuzzTest {
    private static final int N = 128;

    private static Tensor random(SplittableRandom r, int... shape) {
        return TestTensors.uniform(r, DType.FLOAT32, 0.3, shape);
    }

    /** One random program: a list of op codes applied to a running value, with the variables it reads. */
    private static final class Program {
        final int[] ops;
        final Variable w1;
        final Variable w2;
        final Variable v;
        final Variable b;
        final Tensor x;
        final List<Variable> vars;
        final List<Tensor> kept = new ArrayList<>();

        Program(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            ops = new int[2 + r.nextInt(7)];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = r.nextInt(12);
            }
            w1 = new Variable(random(r, N, N));
            w2 = new Variable(random(r, N, N));
            v = new Variable(random(r, N * N));
            b = new Variable(random(r, N));
            x = random(r, N, N);
            vars = List.of(w1, w2, v, b);
        }

        Tensor loss() {
            Tensor h = x;
            for (int op : ops) {
                h = switch (op) {
                    case 0 -> Tensors.matmul(h, w1);
                    case 1 -> NN.linear(h, w2, b, "relu");
                    case 2 -> Tensors.add(h, h); // one input read twice: the rule hands g to both
                    case 3 -> Tensors.reshape(Tensors.add(Tensors.reshape(h, N * N), v), N, N);
                    case 4 -> Tensors.identity(Tensors.mul(h, Tensors.reshape(v, N, N)));
                    case 5 -> Tensors.transpose(Tensors.relu(h), 1, 0);
                    case 6 -> Tensors.add(h, b); // a broadcast bias: its gradient sums the rows
                    case 7 -> Tensors.concat(List.of(Tensors.slice(h, new int[] {0, 0}, new int[] {64, N}),
                            Tensors.slice(Tensors.tanh(h), new int[] {64, 0}, new int[] {64, N})), 0);
                    case 8 -> Tensors.add(Tensors.matmul(h, w1, false, true), Tensors.reshape(v, N, N));
                    case 9 -> Tensors.sigmoid(Tensors.sub(h, Tensors.matmul(x, w2)));
                    case 10 -> Tensors.broadcastTo(Tensors.reduceSum(h, true, 0), N, N);
                    default -> Tensors.mul(Tensors.stopGradient(h), h);
                };
                kept.add(h);
            }
            return Tensors.reduceMean(Tensors.mul(h, h));
        }

        /** One step; returns the loss and the gradients (null for an unconnected variable). */
        List<Tensor> step(Optimizer opt) {
            GradientTape tape = new GradientTape();
            Tensor loss;
            try (tape) {
                loss = loss();
            }
            List<Tensor> g = tape.gradient(loss, vars);
            List<Tensor> connected = new ArrayList<>();
            List<Variable> with = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                if (g.get(i) != null) {
                    connected.add(g.get(i));
                    with.add(vars.get(i));
                }
            }
            if (!with.isEmpty()) { // a program of ops that read no variable
                opt.applyGradients(connected, with);
            }
            List<Tensor> out = new ArrayList<>();
            out.add(loss);
            out.addAll(connected);
            return out;
        }
    }

    @Test
    void randomProgramsTrainToTheSameBitsAndKeepWhatTheyKept() {
        long donated = RecycledArrays.donatedOnThisThread();
        for (long seed = 0; seed < 40; seed++) {
            Program a = new Program(seed);
            Program b = new Program(seed);
            Optimizer oa = new SGD(0.05);
            Optimizer ob = new SGD(0.05);
            List<Tensor> keptA = new ArrayList<>();
            List<float[]> copies = new ArrayList<>();
            List<List<Tensor>> resultsB = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                List<Tensor> ra = a.step(oa);
                for (Tensor t : ra) {
                    keptA.add(t);
                    copies.add(t.toFloatArray());
                }
                try (GradientTape outer = new GradientTape(true)) {
                    resultsB.add(b.step(ob));
                }
            }
            for (Tensor t : a.kept) {
                keptA.add(t);
                copies.add(t.toFloatArray()); // read after the last step: compared below with b's
            }
            String what = "program " + seed + " " + java.util.Arrays.toString(a.ops);
            for (int i = 0; i < keptA.size(); i++) {
                assertArrayEquals(copies.get(i), keptA.get(i).toFloatArray(), what + ", kept tensor " + i);
            }
            int k = 0;
            for (List<Tensor> rb : resultsB) {
                for (Tensor t : rb) {
                    assertArrayEquals(t.toFloatArray(), copies.get(k++), what + ", result " + (k - 1));
                }
            }
            for (int i = 0; i < a.kept.size(); i++) {
                assertArrayEquals(b.kept.get(i).toFloatArray(), a.kept.get(i).toFloatArray(), what + ", activation " + i);
            }
            for (int i = 0; i < a.vars.size(); i++) {
                assertArrayEquals(b.vars.get(i).toFloatArray(), a.vars.get(i).toFloatArray(), what + ", variable " + i);
            }
        }
        assertTrue(RecycledArrays.donatedOnThisThread() > donated, "the programs' sweeps donated arrays");
    }
}
