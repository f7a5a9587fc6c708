package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gradtape.nn.DepthwiseSeparableTest.close;
import static io.gradtape.nn.DepthwiseSeparableTest.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GroupNormalization} (keras/src/layers/normalization/group_normalization.py) and {@link UnitNormalization}
 * (unit_normalization.py): values and gradients in float64 against PyTorch 1.13's {@code F.group_norm} and
 * {@code F.normalize} (scripts/fixtures/depthwise_reference.py prints the constants at the end of this class), then
 * instance normalization, channels-first, masks, the refusals and the variables.
 */
class GroupUnitNormalizationTest {
    @Test
    void groupNormMatchesTorch() {
        Tensor g = seq(0.7, 0.5, 1, true, 6);
        Tensor b = seq(0.3, 0.1, 0.5, false, 6);
        GroupNormalization gn = GroupNormalization.builder().groups(3).channels(6).dtype(DType.FLOAT64)
                .gammaInitializer((s, d) -> g).betaInitializer((s, d) -> b).build();
        Variable x = new Variable(seq(0.41, 0.2, 2, false, 2, 2, 3, 6));
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor loss;
        try (tape) {
            y = gn.call(x);
            loss = y.mul(seq(0.13, 0, 1, false, 2, 2, 3, 6)).sum();
        }
        close(GN_Y, y);
        close(GN_DX, tape.gradient(loss, x));
        assertEquals(List.of("gamma", "beta"), List.copyOf(gn.namedVariables().keySet()));
        assertEquals("group_normalization", gn.name());

        // channels first (axis 1): the same numbers, transposed
        GroupNormalization first = GroupNormalization.builder().groups(3).axis(1).dtype(DType.FLOAT64)
                .gammaInitializer((s, d) -> g).betaInitializer((s, d) -> b).build();
        Tensor yf = first.call(Tensors.transpose(x, 0, 3, 1, 2));
        close(GN_Y, Tensors.transpose(yf, 0, 2, 3, 1));
    }

    @Test
    void instanceNormAndOneGroup() {
        Tensor x = Tensors.constant(new double[] {1, 10, 3, 30, 5, 50}, 1, 3, 2);   // (batch, steps, channels)
        // groups = -1: one per channel, each normalized over the steps: [1, 3, 5] and [10, 30, 50] -> same z-scores
        GroupNormalization inst = GroupNormalization.builder().groups(-1).epsilon(1e-12).build();
        double z = Math.sqrt(1.5);   // (5 - 3) / sqrt(8 / 3)
        assertArrayEquals(new double[] {-z, -z, 0, 0, z, z}, inst.call(x).toDoubleArray(), 1e-9);
        assertEquals(Shape.of(2), inst.gamma().shape());
        // one group over (steps, channels): LayerNormalization over both axes
        GroupNormalization one = GroupNormalization.builder().groups(1).center(false).scale(false).build();
        LayerNormalization ln = LayerNormalization.builder().axis(1, 2).center(false).scale(false).build();
        assertArrayEquals(ln.call(x).toDoubleArray(), one.call(x).toDoubleArray(), 1e-12);
        assertNull(one.gamma());
        assertNull(one.beta());
        assertTrue(one.namedVariables().isEmpty());
    }

    @Test
    void groupNormRefusalsLeaveTheLayerUnbuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNormalization(0));
        assertTrue(e.getMessage().startsWith("GroupNormalization: groups must be positive"), e.getMessage());
        GroupNormalization gn = new GroupNormalization(4);
        e = assertThrows(IllegalArgumentException.class, () -> gn.call(Tensors.zeros(DType.FLOAT32, 2, 6)));
        assertTrue(e.getMessage().contains("4 groups") && e.getMessage().contains("got 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gn.call(Tensors.zeros(DType.FLOAT32, 2, 2)));   // fewer channels
        assertTrue(e.getMessage().contains("got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gn.call(Tensors.zeros(DType.FLOAT32, 8)));
        assertTrue(e.getMessage().contains("non-batch axis") && e.getMessage().contains("(8,)"), e.getMessage());
        assertNull(gn.gamma());
        assertEquals(Shape.of(2, 8), gn.call(Tensors.zeros(DType.FLOAT32, 2, 8)).shape());
        e = assertThrows(IllegalArgumentException.class, () -> gn.call(Tensors.zeros(DType.FLOAT32, 2, 12)));
        assertTrue(e.getMessage().contains("built for 8 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupNormalization.builder().axis(0).build().call(Tensors.zeros(DType.FLOAT32, 32, 2)));
    }

    @Test
    void masksPassThrough() {
        Tensor m = Tensors.constant(new boolean[] {true, false}, 1, 2);
        Tensor x = Tensors.ones(DType.FLOAT32, 1, 2, 4);
        assertSame(m, new GroupNormalization(2).computeMask(x, m));
        assertSame(m, new UnitNormalization().computeMask(x, m));
    }

    @Test
    void unitNormMatchesTorch() {
        Tensor x = seq(0.41, 0.2, 2, false, 2, 3, 4);
        close(UN_Y, new UnitNormalization().call(x));
        close(UN12_Y, new UnitNormalization(1, 2).call(x));
        assertEquals("unit_normalization", new UnitNormalization().name());
        // a zero vector stays zero, with a finite gradient: rsqrt(max(0, 1e-24)) = 1e12
        Variable z = new Variable(Tensors.constant(new double[] {0, 0, 3, 4}, 2, 2));
        GradientTape tape = new GradientTape();
        Tensor y;
        Tensor sum;
        try (tape) {
            y = new UnitNormalization().call(z);
            sum = y.sum();
        }
        assertArrayEquals(new double[] {0, 0, 0.6, 0.8}, y.toDoubleArray(), 1e-15);
        double[] g = tape.gradient(sum, z).toDoubleArray();
        assertEquals(1e12, g[0], 1);
        // d/dx of sum(x / |x|) at (3, 4): (|x|^2 - x_i (3 + 4)) / |x|^3 = (25 - 21) / 125, (25 - 28) / 125
        assertArrayEquals(new double[] {4.0 / 125, -3.0 / 125}, java.util.Arrays.copyOfRange(g, 2, 4), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UnitNormalization(2).call(x.sum(2)));
        assertTrue(e.getMessage().startsWith("unit_normalization: axis [2] is outside the input of shape (2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UnitNormalization(1, -2).call(x));
        assertThrows(IllegalArgumentException.class, () -> new UnitNormalization().call(Tensors.ones(DType.INT32, 2)));
    }

    // ------------------------------------------------------------------------------------ PyTorch 1.13, float64

    private static final double[] GN_Y = {
            0.264419689247005, 0.493959823981065, 0.006859944454718, -0.576019965118878, -0.602908608547205,
            -0.055182668667758, 0.625111871697285, 0.211697142995505, 0.528646268514066, 1.375199349316057,
            1.887758380236241, 1.503957535302229, -1.258324800652372, -0.213663814724975, 0.530630650000927,
            0.502432486252025, 0.066115683985839, -0.052543056860044, 1.306224918224498, 0.729244225342557,
            0.005762302553799, -0.093257207566715, 0.404715865449446, 0.805780951520358, -0.79344461407272,
            -0.309863544979093, 0.818972243856272, 1.704699484350676, 1.700464883852613, 1.02918370657983,
            -0.096912404905057, 0.361108846594038, 0.080811241924693, -0.492090297876323, -0.65061566282966,
            -0.176116183477876, 0.797479520732419, 0.319059095025851, 0.347444565339249, 1.014996049165712,
            1.375521314610597, 1.259969882265592, -1.341418147188879, -0.306719639008274, 0.601624624918019,
            0.657834043478165, 0.021856557792423, -0.142736437717286, 1.024638565244851, 0.66802650647398,
            -0.177201041387824, -0.647387758545263, -0.314097382076948, 0.329479478450845, -0.511282430894874,
            -0.220112540632171, 0.778244636045675, 1.736967176884624, 1.561351067418197, 0.998768102618487,
            -0.491837936414676, 0.184546097141999, 0.073128861101135, -0.661049397593536, -1.015530061065471,
            -0.512947126820591, 1.013883026541749, 0.444193398107182, 0.212827098212594, 0.679052489296658,
            1.111280106595691, 1.165670497705969};
    private static final double[] GN_DX = {
            -0.138234444515494, -0.101234289128647, -0.016134776689828, -0.191823609972896, -0.323803313878402,
            -0.238413609836139, 0.341606512656575, 0.083846974381625, -0.061096912103696, -0.382776620730421,
            -0.414342335654612, -0.200472979663601, 0.541994642505202, 0.140083008033315, -0.084271147509362,
            -0.443362875953989, -0.514307291179311, -0.324604210864109, 0.352636108363207, 0.038003586853249,
            -0.073259032634936, -0.172573151639894, -0.090326091912047, 0.074854535136499, -0.12456481071471,
            -0.170119279257775, 0.230142384078677, 0.386315545092102, 0.524068686281832, 0.428419247229465,
            -0.607499387668803, -0.356518621507745, 0.240600703948299, 0.568239494115944, 0.635370275923161,
            0.443557088417263, -0.698995703188937, -0.318783354740458, 0.336553432320458, 0.681737600099981,
            0.645754626999083, 0.380916644030921, -0.512455562558789, -0.213177408245299, 0.176338801874934,
            0.359480220681112, 0.399606072127603, 0.331542601160877, -0.088370524440185, -0.039095499035503,
            0.134492760832459, -0.057987069455827, -0.081298480305015, -0.087042638313153, 0.381092965364923,
            0.155721052853667, -0.206079879641559, -0.608315670515089, -0.633236149616431, -0.390061646627765,
            0.590080781391217, 0.210427401619421, -0.107105359823511, -0.463612511834518, -0.298887662019393,
            -0.058240612653791, 0.418197616798251, 0.115358234181693, -0.025332834618226, -0.220169489920215,
            -0.148461451068465, -0.060591303714472};
    private static final double[] UN_Y = {
            0.137950119668387, 0.397782256369038, 0.591678660857648, 0.687499384208549, 0.727804050593394,
            0.587442752220109, 0.34970790995412, 0.054006060025087, -0.213734692171484, -0.438093626613497,
            -0.589834882449477, -0.643806078822503, -0.768173801859339, -0.572292367625586, -0.281548692317543,
            0.055864030903179, 0.278292210162115, 0.469971194049048, 0.583748526210615, 0.600764663303471,
            0.798345321560818, 0.538811057183857, 0.18996435865347, -0.19037051935566};
    private static final double[] UN12_Y = {
            0.079525156396241, 0.229312567654457, 0.341089505062647, 0.39632800741987, 0.385871831477706,
            0.311454175753299, 0.185410388395359, 0.028633280174498, -0.132890033448211, -0.272385713814797,
            -0.366731186506419, -0.400287901227757, -0.399010221611124, -0.297264113772073, -0.14624399562186,
            0.029017286578656, 0.199468711107704, 0.336856530335875, 0.418407565437865, 0.430604051038259,
            0.371424317754878, 0.250677900788642, 0.088379527511558, -0.088568490805556};
}
