package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.NN;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import io.gradtape.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NN#depthwiseConv2d} and {@link NN#separableConv2d} (tf.nn.depthwise_conv2d / separable_conv2d,
 * tensorflow/python/ops/nn_impl.py) and the layers {@link DepthwiseConv2D}, {@link DepthwiseConv1D},
 * {@link SeparableConv2D}, {@link SeparableConv1D} (Keras 3, keras/src/layers/convolutional/base_depthwise_conv.py and
 * base_separable_conv.py). Values and gradients in float64 against PyTorch 1.13's grouped convolution
 * (scripts/fixtures/depthwise_reference.py prints the constants at the end of this class); then the refusals, the
 * variables' names, shapes and initial ranges, and a checkpoint round trip. The op table (NnOpCases) checks every
 * derivative of the two ops against finite differences.
 */
class DepthwiseSeparableTest {
    @TempDir
    Path dir;

    /** {@code scale * f(a i + b)} over the shape, row-major, f sin or cos: the fixture script's seq. */
    static Tensor seq(double a, double b, double scale, boolean cos, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (cos ? Math.cos(a * i + b) : Math.sin(a * i + b));
        }
        return Tensors.constant(v, shape);
    }

    static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-12);
    }

    @Test
    void depthwiseValuesAndGradientsMatchTorchGroupedConv() {
        // strides 2, SAME (one row of padding on each side, one column on the right only), multiplier 2
        Variable x = new Variable(seq(0.37, 0.1, 1, false, 1, 5, 6, 2));
        Variable k = new Variable(seq(0.53, 0, 0.5, true, 3, 3, 2, 2));
        GradientTape tape = new GradientTape();
        Tensor y;
        try (tape) {
            y = NN.depthwiseConv2d(x, k, new int[] {2}, "SAME");
        }
        assertEquals(Shape.of(1, 3, 3, 4), y.shape());
        close(DW1_Y, y);
        GradientTape t2 = new GradientTape();
        Tensor loss;
        try (t2) {
            Tensor z = NN.depthwiseConv2d(x, k, new int[] {1, 2, 2, 1}, "SAME");
            loss = z.mul(z).sum();
        }
        List<Tensor> g = t2.gradient(loss, List.of(k, x));
        close(DW1_DK, g.get(0));
        close(DW1_DX, g.get(1));
        // dilations (2, 1), SAME, multiplier 1 (the broadcast-product form)
        Tensor y2 = NN.depthwiseConv2d(seq(0.37, 0.1, 1, false, 1, 6, 5, 2), seq(0.53, 0, 0.5, true, 2, 3, 2, 1),
                new int[] {1}, "SAME", new int[] {2, 1});
        assertEquals(Shape.of(1, 6, 5, 2), y2.shape());
        close(DW2_Y, y2);
        // float32 agrees with float64 to float32's precision
        Tensor y32 = NN.depthwiseConv2d(Tensors.cast(x, DType.FLOAT32), Tensors.cast(k, DType.FLOAT32), new int[] {2}, "SAME");
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(DW1_Y, y32.toDoubleArray(), 1e-6);
    }

    @Test
    void tensorflowsDocExample() {
        // tf.nn.depthwise_conv2d's docstring (nn_impl.py): x (1, 3, 2, 1), kernel (2, 1, 1, 2), VALID
        Tensor x = Tensors.constant(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2, 1);
        Tensor w = Tensors.constant(new float[] {1, 2, 3, 4}, 2, 1, 1, 2);
        assertArrayEquals(new float[] {10, 14, 14, 20, 18, 26, 22, 32}, NN.depthwiseConv2d(x, w, new int[] {1}, "VALID").toFloatArray());
    }

    @Test
    void separableValuesMatchTorch() {
        Tensor y = NN.separableConv2d(seq(0.37, 0.1, 1, false, 2, 4, 4, 3), seq(0.53, 0, 0.5, true, 3, 3, 3, 2),
                seq(0.29, 0.3, 0.7, false, 1, 1, 6, 2), new int[] {1}, "VALID");
        assertEquals(Shape.of(2, 2, 2, 2), y.shape());
        close(SEP_Y, y);
    }

    @Test
    void refusalsNameTheOpAndTheShapes() {
        Tensor x = Tensors.zeros(DType.FLOAT32, 1, 5, 5, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NN.depthwiseConv2d(x, Tensors.zeros(DType.FLOAT32, 3, 3, 2, 1), new int[] {1}, "SAME"));
        assertTrue(e.getMessage().startsWith("depthwiseConv2d:") && e.getMessage().contains("(3, 3, 2, 1)")
                && e.getMessage().contains("(1, 5, 5, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.depthwiseConv2d(x, Tensors.zeros(DType.FLOAT32, 3, 3, 3), new int[] {1}, "SAME"));
        assertTrue(e.getMessage().startsWith("depthwiseConv2d:") && e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.depthwiseConv2d(x, Tensors.zeros(DType.FLOAT64, 3, 3, 3, 1), new int[] {1}, "SAME"));
        assertTrue(e.getMessage().startsWith("depthwiseConv2d:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.depthwiseConv2d(x, Tensors.zeros(DType.FLOAT32, 7, 7, 3, 1), new int[] {1}, "VALID"));
        assertTrue(e.getMessage().startsWith("depthwiseConv2d:") && e.getMessage().contains("VALID"), e.getMessage());
        Tensor dw = Tensors.zeros(DType.FLOAT32, 3, 3, 3, 2);
        // the pointwise filter must be (1, 1, C*M, O): checked before the depthwise step is recorded
        GradientTape tape = new GradientTape(true);
        Variable v = new Variable(x);
        try (tape) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> NN.separableConv2d(v, dw, Tensors.zeros(DType.FLOAT32, 1, 1, 3, 4), new int[] {1}, "SAME"));
        }
        assertTrue(e.getMessage().startsWith("separableConv2d:") && e.getMessage().contains("(1, 1, 3, 4)")
                && e.getMessage().contains("(1, 1, 6, out channels)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NN.separableConv2d(x, dw, Tensors.zeros(DType.FLOAT32, 3, 3, 6, 4), new int[] {1}, "SAME"));
        assertTrue(e.getMessage().startsWith("separableConv2d:"), e.getMessage());
        assertThrows(NullPointerException.class, () -> NN.depthwiseConv2d(null, dw, new int[] {1}, "SAME"));
    }

    @Test
    void layersMatchTorchAndTheOps() {
        // DepthwiseConv2D = depthwiseConv2d + bias, then the activation
        Tensor k = seq(0.53, 0, 0.5, true, 3, 3, 2, 2);
        DepthwiseConv2D dw = DepthwiseConv2D.builder(3).strides(2).padding("same").depthMultiplier(2).inputChannels(2)
                .dtype(DType.FLOAT64).depthwiseInitializer((s, d) -> k).biasInitializer(Initializers.constant(0.25)).build();
        Tensor x = seq(0.37, 0.1, 1, false, 1, 5, 6, 2);
        double[] expected = DW1_Y.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.25;
        }
        close(expected, dw.call(x));
        assertEquals(List.of("kernel", "bias"), List.copyOf(dw.namedVariables().keySet()));   // Keras 3 names it kernel
        assertEquals(Shape.of(4), dw.bias().shape());
        assertEquals("depthwise_conv2d", dw.name());

        // DepthwiseConv1D: (2, 7, 3) by (3, 3, 2), same, dilation 2
        Tensor k1 = seq(0.53, 0, 0.5, true, 3, 3, 2);
        DepthwiseConv1D d1 = DepthwiseConv1D.builder(3).padding("same").dilationRate(2).depthMultiplier(2).useBias(false)
                .depthwiseInitializer((s, d) -> k1).build();
        close(DW1D_Y, d1.call(seq(0.37, 0.1, 1, false, 2, 7, 3)));
        assertNull(d1.bias());
        assertEquals(Shape.of(3, 3, 2), d1.kernel().shape());
        assertEquals("depthwise_conv1d", d1.name());

        // SeparableConv2D: depthwise_kernel, pointwise_kernel, bias in Keras's order
        SeparableConv2D sep = SeparableConv2D.builder(2, 3).depthMultiplier(2).inputChannels(3).dtype(DType.FLOAT64)
                .depthwiseInitializer((s, d) -> seq(0.53, 0, 0.5, true, 3, 3, 3, 2))
                .pointwiseInitializer((s, d) -> seq(0.29, 0.3, 0.7, false, 1, 1, 6, 2)).build();
        close(SEP_Y, sep.call(seq(0.37, 0.1, 1, false, 2, 4, 4, 3)));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"), List.copyOf(sep.namedVariables().keySet()));
        assertEquals(Shape.of(2), sep.bias().shape());
        assertEquals("separable_conv2d", sep.name());

        // SeparableConv1D: stride 2, valid; the pointwise kernel (1, in * M, filters)
        SeparableConv1D s1 = SeparableConv1D.builder(3, 3).strides(2).useBias(false)
                .depthwiseInitializer((s, d) -> seq(0.53, 0, 0.5, true, 3, 2, 1))
                .pointwiseInitializer((s, d) -> seq(0.29, 0.3, 0.7, false, 1, 2, 3)).build();
        close(SEP1D_Y, s1.call(seq(0.37, 0.1, 1, false, 1, 8, 2)));
        assertEquals(Shape.of(1, 2, 3), s1.pointwiseKernel().shape());
        assertEquals("separable_conv1d", s1.name());
    }

    @Test
    void glorotDefaultsUseKerasFans() {
        // compute_fans of (3, 3, 4, 2): fan_in 3*3*4 = 36, fan_out 3*3*2 = 18: limit sqrt(6 / 54)
        Initializers.setDefaultSeed(3);
        DepthwiseConv2D dw = DepthwiseConv2D.builder(3).depthMultiplier(2).inputChannels(4).build();
        double limit = Math.sqrt(6.0 / 54);
        double max = 0;
        for (float f : dw.kernel().toFloatArray()) {
            max = Math.max(max, Math.abs(f));
        }
        assertTrue(max <= limit && max > 0.8 * limit, "max |kernel| " + max + " vs limit " + limit);
        assertArrayEquals(new float[8], dw.bias().toFloatArray());
        // the pointwise kernel (1, 1, 8, 5): fans 8 and 5
        SeparableConv2D sep = SeparableConv2D.builder(5, 3).depthMultiplier(2).inputChannels(4).build();
        double pl = Math.sqrt(6.0 / 13);
        max = 0;
        for (float f : sep.pointwiseKernel().toFloatArray()) {
            max = Math.max(max, Math.abs(f));
        }
        assertTrue(max <= pl && max > 0.5 * pl, "max |pointwise| " + max + " vs limit " + pl);
    }

    @Test
    void layerRefusals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.builder(3).depthMultiplier(0));
        assertEquals("DepthwiseConv2D: depthMultiplier must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DepthwiseConv1D.builder(0));
        assertEquals("DepthwiseConv1D: kernelSize must be positive, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeparableConv2D.builder(0, 3));
        assertEquals("SeparableConv2D: filters and kernelSize must be positive, got 0 and 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.builder(3).padding("causal"));
        assertTrue(e.getMessage().startsWith("DepthwiseConv2D: padding must be"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeparableConv1D.builder(4, 3).strides(2).dilationRate(2).build());
        assertTrue(e.getMessage().contains("strides > 1 is not supported together with dilationRate > 1"), e.getMessage());
        // Keras's constructors have no kernel_initializer/regularizer/constraint: the builders have no such setter
        for (Class<?> c : List.of(DepthwiseConv1D.Builder.class, DepthwiseConv2D.Builder.class,
                SeparableConv1D.Builder.class, SeparableConv2D.Builder.class)) {
            for (java.lang.reflect.Method m : c.getMethods()) {
                assertTrue(!m.getName().startsWith("kernel"), c.getName() + " has " + m);
            }
        }
        // the bias's and the activity's options apply (Keras's bias_regularizer: l2 * sum(b^2))
        DepthwiseConv2D reg = DepthwiseConv2D.builder(1).depthMultiplier(2).inputChannels(1).biasInitializer(Initializers.constant(2))
                .biasRegularizer(Regularizers.l2(0.5)).build();
        assertEquals(1, reg.losses().size());
        assertEquals(4.0, reg.losses().get(0).toDoubleArray()[0], 1e-6);   // 0.5 * (2^2 + 2^2)
        SeparableConv1D act = SeparableConv1D.builder(1, 1).activityRegularizer(Regularizers.l1(1)).useBias(false)
                .depthwiseInitializer(Initializers.ones()).pointwiseInitializer(Initializers.ones()).build();
        act.call(Tensors.constant(new float[] {1, -2, 3, 4}, 2, 2, 1));
        assertEquals(5.0, act.losses().get(0).toDoubleArray()[0], 1e-6);   // l1 of the outputs (10) / batch 2

        // a first call that fails leaves the layer unbuilt: too small for valid, wrong rank, integer input
        DepthwiseConv2D dw = new DepthwiseConv2D(3);
        e = assertThrows(IllegalArgumentException.class, () -> dw.call(Tensors.zeros(DType.FLOAT32, 1, 2, 5, 3)));
        assertTrue(e.getMessage().startsWith("depthwise_conv2d: an input of shape (1, 2, 5, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dw.call(Tensors.zeros(DType.FLOAT32, 1, 5, 3)));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dw.call(Tensors.zeros(DType.INT32, 1, 5, 5, 3)));
        assertNull(dw.kernel());
        dw.call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 3));
        e = assertThrows(IllegalArgumentException.class, () -> dw.call(Tensors.zeros(DType.FLOAT32, 1, 5, 5, 4)));
        assertTrue(e.getMessage().contains("(1, 5, 5, 4)") && e.getMessage().contains("3 input channels"), e.getMessage());
        SeparableConv1D s1 = new SeparableConv1D(2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> s1.call(Tensors.zeros(DType.FLOAT32, 1, 2, 3)));
        assertTrue(e.getMessage().startsWith("separable_conv1d: an input of shape (1, 2, 3)"), e.getMessage());
        assertNull(s1.depthwiseKernel());
    }

    @Test
    void checkpointRoundTrip() throws IOException {
        Initializers.setDefaultSeed(4);
        Sequential model = model();
        model.build(DType.FLOAT32, 6, 6, 3);
        Path file = dir.resolve("mobile.npz");
        new Checkpoint().module(model).save(file);
        assertEquals(List.of("depthwise_conv2d/kernel", "depthwise_conv2d/bias", "separable_conv2d/depthwise_kernel",
                "separable_conv2d/pointwise_kernel", "separable_conv2d/bias", "group_normalization/gamma",
                "group_normalization/beta", "dense/kernel", "dense/bias"), new Checkpoint().module(model).keys());
        Initializers.setDefaultSeed(8);
        Sequential fresh = model();
        fresh.build(DType.FLOAT32, 6, 6, 3);
        Tensor x = Tensors.cast(seq(0.37, 0.1, 1, false, 2, 6, 6, 3), DType.FLOAT32);
        assertTrue(!java.util.Arrays.equals(model.call(x).toFloatArray(), fresh.call(x).toFloatArray()));
        new Checkpoint().module(fresh).restore(file);
        assertArrayEquals(model.call(x).toFloatArray(), fresh.call(x).toFloatArray(), 0);
    }

    private static Sequential model() {
        return new Sequential(DepthwiseConv2D.builder(3).padding("same").depthMultiplier(2).activation("relu").build(),
                SeparableConv2D.builder(4, 3).strides(2).padding("same").build(), new GroupNormalization(2),
                new UnitNormalization(), new GlobalAveragePooling2D(), new Dense(1));
    }

    // ------------------------------------------------------------------------------------ PyTorch 1.13, float64

    private static final double[] DW1_Y = {
            -0.534554500733059, -0.244163950904395, 0.071914703119922, 0.393771647417454, -0.155569080684889,
            -0.137899140256118, -0.120640690918077, -0.163730619817973, 0.383948737673322, 0.240067577284709,
            0.183289752507436, -0.003201092727279, 0.188116100815576, 0.087751571547772, -0.042163577386425,
            -0.133873980077538, -0.059392860550885, -0.049043256965239, -0.011037107096631, 0.060156849138416,
            -0.086753174085941, -0.071915667292657, -0.074419976029631, -0.048653543444882, -0.483617199910935,
            -0.293433898232251, -0.0621925648172, 0.124701286265823, 0.266529143218442, 0.087834842934393,
            -0.102709502589478, -0.36856877788019, 0.283239176870412, 0.353792826759011, 0.39810583427583,
            0.361465388707572};
    private static final double[] DW1_DK = {
            -1.198818712214162, -1.03814389520263, -0.960045727698465, -0.52422689474305, -2.02262641414031,
            -1.599718709721758, -0.907250324068986, -0.079414606201185, -1.240368369372407, -0.671268021925168,
            0.093552785152774, 0.833993034282276, 1.591783888656321, 1.183836442695815, 0.278243457776369,
            -0.244199043753846, -0.528498745820534, -0.224435905711596, -0.454939179410503, -0.044238957496983,
            -1.312871734856325, -0.718813204694306, 0.049186396814468, 0.718012960907272, 2.160204187030733,
            1.154120906870856, 0.239634388141386, -0.930260488038716, 2.009446039902576, 1.040797496087609,
            0.075039516362557, -0.903983440652785, 0.332214118177535, 0.056278143078288, -0.242619711561894,
            -0.460891576677704};
    private static final double[] DW1_DX = {
            -0.733551230106888, -0.007512066493613, 0.536667953461272, -0.386048116460688, -0.095129042680434,
            0.375521812012841, 0.217357571500805, 0.250655997035837, 0.621489826851805, -0.149280372155114,
            -0.444675574067514, -0.179516844689079, -0.45372661007279, -0.060617404921431, 0.400320078913945,
            -0.211147037808982, -0.326569845771346, 0.260486296754641, 0.304894717922448, 0.201627713192802,
            0.460785727239789, -0.1607456214191, -0.365979511291868, -0.062149818534403, 0.259646546389971,
            -0.004894603648068, -0.190532266699333, 0.148844795429854, -0.160232964084762, -0.160910043578869,
            0.079684307039765, -0.037099369478463, -0.129260320149586, 0.022512447175152, 0.116648302378383,
            0.11279905764775, -0.482861016956776, -0.024517243399213, 0.306755746977402, 0.098909256558447,
            0.4082008005534, -0.136084222308675, -0.131904578100924, 0.37893738031513, 0.339120282193411,
            -0.168248119899304, -0.335827400771626, -0.592876030317287, -0.723237848517333, -0.038106367412739,
            0.551914768819469, -0.037851936575732, 0.484926575282427, 0.069771450670777, -0.236552468611482,
            0.396502481930405, 0.482101540811989, -0.273357934861744, -0.489749553944733, -0.684264755449602};
    private static final double[] DW2_Y = {
            -0.133876401567365, -0.465437613185767, 0.296117808984888, 0.066680096773271, 0.611944807922245,
            0.444068708232746, 0.607686191671901, 0.589181461117821, 0.025567927095115, -0.023355587704467,
            -0.126563522263291, -0.060908648918715, -0.589217418505158, -0.589879090405428, -0.215769321323447,
            -0.379549944861057, 0.270539699033583, 0.029307688910549, 0.727057535819712, 0.422688898064126,
            0.167856148349076, 0.302279268368054, 0.327356975396135, 0.456228318791112, -0.154792298870357,
            0.078626696127536, -0.5559754670946, -0.340101632857172, -0.621900110928689, -0.330844050722276,
            -0.158154087211985, -0.451817465257978, 0.033954496076987, -0.18397541286243, 0.478328028484401,
            0.246183337902963, 0.672505923512696, 0.547572722311309, 0.327809471778943, 0.138488801753398,
            0.100404824410155, 0.464093544857159, -0.384950593795344, -0.14416921182599, -0.656547733380838,
            -0.496202889491689, -0.584729123018508, -0.588691253454779, 0.065869664107303, 0.095939336405089,
            0.158973217096302, 0.12704823249072, 0.540536781315938, 0.566406274004368, 0.139495950062692,
            0.310955442667088, -0.334510034933116, -0.107144638853396, -0.698007372055181, -0.416238928495356};
    private static final double[] SEP_Y = {
            0.0388109025496, 0.018878973765038, 0.067381297228997, 0.097477230344176, -0.064338529786748,
            -0.100868077598153, -0.008612571587934, -0.052531866915612, -0.031639671405757, -0.079421120067329,
            0.039946769542139, 0.020908170207343, -0.049570141882434, -0.039089548694619, -0.063868706547956,
            -0.101022274085834};
    private static final double[] DW1D_Y = {
            0.31515622447945, 0.258684802399115, -0.01128501508394, -0.007880579871592, 0.182528532091628,
            0.297442696938681, -0.609256504986027, -0.511072966648839, -0.356136869007848, 0.058118040034562,
            0.50841071048291, 0.809520698958443, -0.807065359339712, -0.670125274552363, -0.194733975007732,
            0.055218018695107, 0.075257925111743, 0.094250648301871, 0.314930613707661, 0.280441376206766,
            0.328931548979913, -0.014745204757528, -0.511100099490032, -0.843274269335799, 1.087140408059001,
            0.919528249954828, 0.487260377954946, -0.068331268919406, -0.529791016003893, -0.844193879566093,
            0.153426747368544, 0.126634662323612, -0.090372349079233, -0.001615226004096, 0.253095645661487,
            0.425452863396351, -0.72189540212774, -0.61840200687681, -0.410121680822536, 0.030982804195025,
            0.480077004449926, 0.79332739079455, -0.807274038881948, -0.674844733223955, -0.39157059307059,
            0.067894430165369, 0.490628813497754, 0.778409615482371, -0.703115241900716, -0.583483634006955,
            -0.193496910418639, 0.042392842479145, 0.091088153243095, 0.137459245127256, 0.681913313425448,
            0.587287487785807, 0.445938669703096, -0.039088242381978, -0.599521623696861, -0.976871772383965,
            1.080080715180117, 0.907778630436517, 0.406955229233846, -0.069961909214836, -0.37943471418242,
            -0.592751773438655, 0.278627344605467, 0.220020957565415, -0.084024010748914, -0.023130494949251,
            0.26208159267124, 0.449723967126827, -0.866146351796667, -0.740002285992986, -0.419139610573649,
            0.03513229252747, 0.430117662658305, 0.707806717513947, -0.588359210451302, -0.498674077219359,
            -0.136745518013888, 0.019722811521547, -0.003811766650194, -0.014322643721263};
    private static final double[] SEP1D_Y = {
            -0.149794196216058, -0.166517941679544, -0.16933539933875, 0.472455374368422, 0.619256187302567,
            0.714341523343634, 0.235470788777815, 0.278815870604141, 0.298876412026503};
    @Test
    void regularizersConstraintsAndActivityReachTheVariables() {
        // keras/src/layers/convolutional/base_depthwise_conv.py and base_separable_conv.py build: add_weight with
        // depthwise_/pointwise_/bias_ regularizer and constraint; activity_regularizer through Layer.__call__.
        // DepthwiseConv2D, kernel (2, 2, 1, 1) ones, bias 0.5, input ones (2, 3, 3, 1) valid: y = 4 + 0.5 = 4.5 at
        // each of 2*2*2 outputs. l2(1) of the kernel: 4; l1(2) of the bias: 1; l1(0.1) of y / batch 2: 0.1*36/2 = 1.8
        DepthwiseConv2D dw = DepthwiseConv2D.builder(2).dtype(DType.FLOAT64).inputChannels(1)
                .depthwiseInitializer(Initializers.ones()).biasInitializer(Initializers.constant(0.5))
                .depthwiseRegularizer(Regularizers.l2(1.0)).biasRegularizer(Regularizers.l1(2.0))
                .activityRegularizer(Regularizers.l1(0.1)).build();
        assertArrayEquals(new double[] {1, 4}, sortedLosses(dw), 1e-12);   // the weights' penalties before a call
        dw.call(Tensors.ones(DType.FLOAT64, 2, 3, 3, 1));
        assertArrayEquals(new double[] {1, 1.8, 4}, sortedLosses(dw), 1e-12);

        // SeparableConv1D(2 filters, kernel 2) on 3 channels: depthwise_kernel (2, 3, 1) ones, l2(0.5): 3;
        // pointwise_kernel (1, 3, 2) all 0.5, l1(2): 6; no bias penalty
        SeparableConv1D sep = SeparableConv1D.builder(2, 2).dtype(DType.FLOAT64).inputChannels(3)
                .depthwiseInitializer(Initializers.ones()).pointwiseInitializer(Initializers.constant(0.5))
                .depthwiseRegularizer(Regularizers.l2(0.5)).pointwiseRegularizer(Regularizers.l1(2.0))
                .depthwiseConstraint(Constraints.nonNeg()).pointwiseConstraint(w -> Tensors.clipByValue(w, -1.0, 1.0))
                .biasConstraint(Constraints.nonNeg()).build();
        assertArrayEquals(new double[] {3, 6}, sortedLosses(sep), 1e-12);
        // one SGD(1) step with gradients 2, -1 and 1: depthwise 1 - 2 = -1 -> nonNeg 0; pointwise 0.5 + 1 = 1.5
        // -> clipped 1; bias 0 - 1 = -1 -> nonNeg 0 (keras/src/optimizers/base_optimizer.py apply)
        List<Variable> vars = List.of(sep.depthwiseKernel(), sep.pointwiseKernel(), sep.bias());
        new io.gradtape.optimizers.SGD(1.0).applyGradients(List.of(Tensors.ones(DType.FLOAT64, 2, 3, 1).mul(2.0),
                Tensors.ones(DType.FLOAT64, 1, 3, 2).mul(-1.0), Tensors.ones(DType.FLOAT64, 2)), vars);
        assertArrayEquals(new double[6], sep.depthwiseKernel().toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, sep.pointwiseKernel().toDoubleArray(), 0);
        assertArrayEquals(new double[2], sep.bias().toDoubleArray(), 0);

        // a constraint that changes the shape is refused when the layer is built, naming the variable
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeparableConv2D.builder(2, 3).inputChannels(2).pointwiseConstraint(w -> w.sum()).build());
        assertTrue(e.getMessage().contains("pointwise_kernel constraint"), e.getMessage());
    }

    private static double[] sortedLosses(Module m) {
        return m.losses().stream().mapToDouble(Tensor::doubleValue).sorted().toArray();
    }
}
