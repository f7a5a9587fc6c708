package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.Generator;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A variable or layer kept in a field without being registered is an error, not a variable that silently never
 * trains (TensorFlow's {@code tf.Module} tracks attributes; see {@code UntrackedFields}).
 */
class UntrackedFieldsTest {
    /** A TensorFlow user's first custom layer: the variables made with {@code new Variable}. */
    static final class NewVariableDense extends io.gradtape.nn.Module {
        final Variable w = new Variable(Tensors.ones(DType.FLOAT32, 3, 2));
        final Variable b = addVariable("b", Tensors.zeros(DType.FLOAT32, 2), true);

        @Override
        public Tensor call(Tensor x) {
            return Tensors.matmul(x, w).add(b);
        }
    }

    @Test
    void aVariableMadeWithNewVariableInAFieldIsAnErrorNamingTheFieldAndTheFix(@TempDir Path dir) {
        NewVariableDense layer = new NewVariableDense();
        for (Runnable listing : List.<Runnable>of(layer::trainableVariables, layer::variables, layer::namedVariables,
                layer::countParams)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, listing::run);
            assertTrue(e.getMessage().contains("field 'w' of NewVariableDense") && e.getMessage().contains("(3, 2)")
                    && e.getMessage().contains("addVariable(\"w\", initialValue, true)"), e.getMessage());
        }
        // inside a model too, and for a checkpoint, which lists the same variables
        Sequential model = new Sequential(layer, new Dense(2, 1, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, model::trainableVariables);
        assertTrue(e.getMessage().startsWith("trainableVariables: field 'w'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new Checkpoint().module(model).save(dir.resolve("model.npz")));
        assertFalse(java.nio.file.Files.exists(dir.resolve("model.npz")));
        // printing the model never throws: it is what a user looks at to find the mistake
        assertTrue(model.toString().contains("b (2,)"), model.toString());
    }

    /** A sub-layer kept in a field without addModule: its dropout would miss setTraining. */
    static final class UnregisteredDropout extends io.gradtape.nn.Module {
        final Dense dense = addModule(new Dense(2, 2, null));
        final Dropout dropout = new Dropout(0.5, Generator.fromSeed(1));

        @Override
        public Tensor call(Tensor x) {
            return dropout.call(dense.call(x));
        }
    }

    @Test
    void aModuleKeptWithoutAddModuleIsAnErrorAndSetTrainingChangesNothing() {
        UnregisteredDropout m = new UnregisteredDropout();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.call(Tensors.ones(DType.FLOAT32, 1, 2), true));
        assertTrue(e.getMessage().contains("field 'dropout' of UnregisteredDropout") && e.getMessage().contains("addModule(new Dropout(...))"),
                e.getMessage());
        assertFalse(m.training());
        assertFalse(m.dense.training());
        assertThrows(IllegalStateException.class, () -> m.setTraining(true));
        assertFalse(m.training(), "a failed setTraining changes no flag");
        assertFalse(m.dense.training());
    }

    /** Containers of layers, tied weights, a parent reference and plain data in fields. */
    static final class Tower extends io.gradtape.nn.Module {
        final List<Dense> blocks = new ArrayList<>();
        final Map<String, Dense> heads;
        final Module[] extra;
        final List<Tensor> data = new ArrayList<>();
        Variable tied;

        Tower(boolean registerBlocks) {
            for (int i = 0; i < 3; i++) {
                Dense d = new Dense(2, 2, null);
                blocks.add(registerBlocks ? addModule(d) : d);
            }
            heads = Map.of("out", addModule(new Dense(2, 1, null)));
            extra = new Module[] {blocks.get(0)};
            for (int i = 0; i < 1000; i++) {
                data.add(Tensors.constant((float) i));
            }
        }

        @Override
        public Tensor call(Tensor x) {
            for (Dense d : blocks) {
                x = d.call(x);
            }
            return heads.get("out").call(x);
        }
    }

    /** A child that refers back to its parent and to a variable of its sibling (weight tying). */
    static final class Child extends io.gradtape.nn.Module {
        Tower parent;
        Variable sibling;

        @Override
        public Tensor call(Tensor x) {
            return x;
        }
    }

    @Test
    void containersAreLookedIntoAndReferencesToTheTreeAreFine() {
        Tower ok = new Tower(true);
        assertEquals(8, ok.trainableVariables().size());
        ok.tied = ok.blocks.get(1).kernel();
        Child child = ok.addModule(new Child());
        child.parent = ok;
        child.sibling = ok.blocks.get(2).bias();
        assertEquals(8, ok.trainableVariables().size());
        ok.setTraining(true);
        assertTrue(child.training());

        Tower bad = new Tower(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::trainableVariables);
        assertTrue(e.getMessage().contains("field 'blocks' of Tower") && e.getMessage().contains("holds a Dense"), e.getMessage());

        ok.tied = new Variable(Tensors.zeros(DType.FLOAT32, 2));
        e = assertThrows(IllegalStateException.class, ok::variables);
        assertTrue(e.getMessage().contains("field 'tied' of Tower"), e.getMessage());
    }

    @Test
    void aCheckpointOfAWellRegisteredCustomLayerStillSaves(@TempDir Path dir) throws Exception {
        Tower ok = new Tower(true);
        ok.build(DType.FLOAT32, 2);
        Path file = dir.resolve("tower.npz");
        new Checkpoint().module(ok).save(file);
        assertTrue(java.nio.file.Files.size(file) > 0);
    }

    /** A decoder that uses an embedding its parent registered (weight sharing) and refers back to its owner. */
    static final class Decoder extends io.gradtape.nn.Module {
        Embedding shared;
        io.gradtape.nn.Module owner;
        Variable tied;

        @Override
        public Tensor call(Tensor x) {
            return x.mul(tied);
        }
    }

    static final class Seq2Seq extends io.gradtape.nn.Module {
        final Embedding embedding = addModule(new Embedding(5, 2));
        final Decoder decoder = addModule(new Decoder());

        Seq2Seq() {
            embedding.call(Tensors.constant(new int[] {0}, 1));   // builds its table
            decoder.shared = embedding;
            decoder.owner = this;
            decoder.tied = embedding.variables().get(0);
        }

        @Override
        public Tensor call(Tensor x) {
            return decoder.call(x, training());
        }
    }

    /**
     * What was registered somewhere is fine in a field anywhere, asked from any module: a layer shared with the
     * parent, a variable tied to another module's, a reference back to the owner (each threw when the decoder was
     * asked on its own, though nothing was left out).
     */
    @Test
    void sharedLayersTiedWeightsAndOwnersAreFineFromAnyModule() {
        Seq2Seq m = new Seq2Seq();
        Tensor y = m.call(Tensors.ones(DType.FLOAT32, 5, 2), true);
        assertEquals(io.gradtape.Shape.of(5, 2), y.shape());
        assertEquals(1, m.trainableVariables().size());
        assertEquals(0, m.decoder.trainableVariables().size());
        m.decoder.setTraining(true);
        assertTrue(m.decoder.training());
    }

    @Test
    void aFailingCallKeepsItsOwnExceptionAndRestoresTheFlag() {
        Dense d = new Dense(2, 2, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.call(Tensors.ones(DType.FLOAT32, 1, 3), true));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
        assertFalse(d.training());
    }
}
