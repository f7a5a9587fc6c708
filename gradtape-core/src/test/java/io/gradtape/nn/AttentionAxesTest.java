package io.gradtape.nn;

import io.gradtape.DType;
import io.gradtape.GradientTape;
import io.gradtape.Shape;
import io.gradtape.Tensor;
import io.gradtape.Tensors;
import io.gradtape.Variable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * MultiHeadAttention over inputs of rank 4 (Keras 3's attention_axes, _build_attention_equation in
 * keras/src/layers/attention/multi_head_attention.py): values, scores and gradients against Keras's einsum equations
 * written out in float64 PyTorch 1.13 (scripts/fixtures/attention_axes_reference.py prints the constants at the end),
 * for one attention axis with an attention mask and for the default (every inner axis), then the errors.
 */
class AttentionAxesTest {
    private static final int B = 2;
    private static final int X = 2;
    private static final int Y = 3;
    private static final int Z = 2;
    private static final int DQ = 4;
    private static final int DV = 3;

    private static Tensor wave(double phase, double scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * Math.sin(0.7 * i + phase);
        }
        return Tensors.constant(v, shape);
    }

    private static void close(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-13);
    }

    /** Heads 2, key size 3, the script's weights: variable i (Keras's order) is wave(5.1 + 0.1 i, 0.5). */
    private static MultiHeadAttention layer(MultiHeadAttention.Builder b) {
        MultiHeadAttention mha = b.inputSizes(DQ, DV, DV).dtype(DType.FLOAT64).build();
        Map<String, Variable> vars = mha.namedVariables();
        List<String> names = List.of("query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel",
                "value/bias", "attention_output/kernel", "attention_output/bias");
        for (int i = 0; i < names.size(); i++) {
            Variable v = vars.get(names.get(i));
            v.assign(wave(5.1 + 0.1 * i, 0.5, v.shape().dims()));
        }
        return mha;
    }

    @Test
    void oneAttentionAxisWithAMaskMatchesKerasEquationsAndItsGradients() {
        // attention_axes=(2,) for (B, X, Y, DQ) over (B, X, Z, DV): each X row attends on its own; scores (B, X, N, Y, Z)
        MultiHeadAttention mha = layer(MultiHeadAttention.builder(2, 3).attentionAxes(-2));
        Tensor q = wave(0.6, 1, B, X, Y, DQ);
        Tensor v = wave(0.7, 1, B, X, Z, DV);
        // (Y, Z): query 2 sees no key (uniform weights); Keras inserts the batch and heads axes before it
        Tensor mask = Tensors.constant(new boolean[] {true, false, true, true, false, false}, Y, Z);
        GradientTape tape = new GradientTape();
        MultiHeadAttention.Output r;
        Tensor loss;
        try (tape) {
            tape.watch(q, v);
            r = mha.callWithScores(q, v, AttentionOptions.defaults().attentionMask(mask));
            loss = r.output().mul(wave(5.9, 1, B, X, Y, DQ)).sum();
        }
        assertEquals(Shape.of(B, X, Y, DQ), r.output().shape());
        assertEquals(Shape.of(B, X, 2, Y, Z), r.scores().shape());
        close(AXES2_OUT, r.output());
        close(AXES2_SCORES, r.scores());
        List<Tensor> g = tape.gradient(loss, List.of(q, v));
        close(AXES2_GQUERY, g.get(0));
        close(AXES2_GVALUE, g.get(1));
        // the same axis given as 2, and the mask with its heads axis (Y, Z) -> (1, 1, Y, Z)
        MultiHeadAttention same = layer(MultiHeadAttention.builder(2, 3).attentionAxes(2));
        close(AXES2_OUT, same.call(q, v, AttentionOptions.defaults().attentionMask(Tensors.reshape(mask, 1, 1, Y, Z))));
    }

    @Test
    void byDefaultEveryInnerAxisIsAttendedWithOneSoftmax() {
        MultiHeadAttention mha = layer(MultiHeadAttention.builder(2, 3));
        Tensor q = wave(0.6, 1, B, X, Y, DQ);
        Tensor v = wave(0.7, 1, B, X, Z, DV);
        MultiHeadAttention.Output r = mha.callWithScores(q, v, AttentionOptions.defaults());
        assertEquals(Shape.of(B, 2, X, Y, X, Z), r.scores().shape());
        close(AXES12_OUT, r.output());
        close(AXES12_SCORES, r.scores());
    }

    @Test
    void higherRanksRefusePaddingAndCausalMasksAndBadAxesNamingThem() {
        MultiHeadAttention mha = MultiHeadAttention.builder(2, 3).attentionAxes(2).name("mha").build();
        Tensor q = Tensors.ones(DType.FLOAT32, B, X, Y, DQ);
        Tensor v = Tensors.ones(DType.FLOAT32, B, X, Z, DV);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mha.call(q, v, AttentionOptions.defaults().useCausalMask(true)));
        assertEquals("mha: queryMask, valueMask, keyMask and useCausalMask need inputs of rank 3; for inputs of shapes"
                + " (2, 2, 3, 4) and (2, 2, 2, 3) give an attentionMask", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(q, Tensors.ones(DType.FLOAT32, B, 3, Z, DV)));
        assertEquals("mha: query, value and key must agree in the batch axis and the axes outside attentionAxes [2], and"
                + " value and key in all axes but the last, got shapes (2, 2, 3, 4), (2, 3, 2, 3) and (2, 3, 2, 3)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mha.call(q, v, AttentionOptions.defaults().attentionMask(Tensors.ones(DType.BOOL, Y, 3))));
        assertEquals("mha: attentionMask of shape (3, 3) does not broadcast to the attention scores (2, 2, 2, 3, 2) (batch"
                + " axes, heads, query attention axes, key attention axes; the heads axis may be left out)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(Tensors.ones(DType.FLOAT32, 2, 3, 4)));
        assertEquals("mha: attentionAxes [2] for inputs of rank 3 must lie in 1..1 (or -2..-2), got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> mha.call(q, Tensors.ones(DType.FLOAT32, B, Z, DV)));
        assertEquals("mha: MultiHeadAttention needs query, value and key of rank 3 (batch, sequence, features), or of one"
                + " rank above 3 (batch, ..., features), got shapes (2, 2, 3, 4), (2, 2, 3) and (2, 2, 3)", e.getMessage());
        assertEquals(0, mha.namedVariables().size());
        e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(2, 3).attentionAxes(1, 1));
        assertEquals("MultiHeadAttention: attentionAxes must be one or more distinct axes, got [1, 1]", e.getMessage());
        assertEquals(Shape.of(B, X, Y, DQ), mha.call(q, v).shape());
    }

    // ---- generated by scripts/fixtures/attention_axes_reference.py (PyTorch 1.13, float64)
    // AXES2_OUT (2, 2, 3, 4)
    static final double[] AXES2_OUT = {-0.19313212885727032, 0.09358502404668964, 0.3362876778351537, 0.4208289820978311, -0.13337987318055297, 0.10215955506230706, 0.2896517482722841, 0.3409161983363924, -0.1444256659863657, 0.0965732471449447, 0.2921522531453765, 0.3503274894866578, -0.28329933091168075, 0.027830192874949616, 0.32587074209373157, 0.47064918943502865, -0.23586907838562796, 0.06366817737933879, 0.33326129448008845, 0.446116417435483, -0.23730669696432044, 0.06105522573402751, 0.33070192175544394, 0.4448143366152076, -0.09661074357518837, 0.09891742230492467, 0.24792317884767368, 0.28032679047183134, -0.1618834708516955, 0.07904706952763843, 0.2828005379635922, 0.35354849451496917, -0.19041397943540303, 0.063351335409543, 0.2873215273194598, 0.37615991540832794, -0.1894957418458254, 0.094969686502316, 0.33476938734613276, 0.41712181440509266, -0.13329620239402973, 0.10179099165773031, 0.28900429180474185, 0.3402943576993561, -0.14351227287869725, 0.0966179715896471, 0.2913072743219306, 0.3489902141388885};
    // AXES2_SCORES (2, 2, 2, 3, 2)
    static final double[] AXES2_SCORES = {1.0, 0.0, 0.44767728495530074, 0.5523227150446993, 0.5, 0.5, 1.0, 0.0, 0.4049924046705601, 0.59500759532944, 0.5, 0.5, 1.0, 0.0, 0.5021461863390015, 0.49785381366099846, 0.5, 0.5, 1.0, 0.0, 0.46992257026636675, 0.5300774297336333, 0.5, 0.5, 1.0, 0.0, 0.6158351936925935, 0.3841648063074065, 0.5, 0.5, 1.0, 0.0, 0.6517864235831607, 0.3482135764168393, 0.5, 0.5, 1.0, 0.0, 0.4512100622031342, 0.5487899377968658, 0.5, 0.5, 1.0, 0.0, 0.40867698986504264, 0.5913230101349575, 0.5, 0.5};
    // AXES2_GQUERY (2, 2, 3, 4)
    static final double[] AXES2_GQUERY = {0.0, 0.0, 0.0, 0.0, 0.01851668858055438, -0.004842154347177225, -0.01376885144594328, 0.018342811184789705, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.007055458437693634, -0.0002225446122006903, 0.007273668246418547, -0.006909444525097169, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.012365778038008993, -0.028040290420563538, 0.015128333586425471, 0.01320663192136947, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.016677240022153934, -0.0041891498645489425, -0.012569687915527834, 0.016514000907474846, 0.0, 0.0, 0.0, 0.0};
    // AXES2_GVALUE (2, 2, 2, 3)
    static final double[] AXES2_GVALUE = {-0.22123584344262126, 0.11083452843801991, 0.1125601895527557, 0.0465500458206028, -0.05424205532992515, 0.006635463373910844, 0.08907000993526784, 0.1192301627284891, -0.2059777649509769, -0.05409634484600106, 0.03316344965805511, 0.021578864710302972, 0.11389322481123192, -0.21265360693629598, 0.09461823918406985, 0.02446971786332072, -0.002211413916175145, -0.02230137865758416, -0.22123763374006386, 0.12547028832098234, 0.09821130052786534, 0.04256335608861276, -0.05470996571706086, 0.011080949367322866};
    // AXES12_OUT (2, 2, 3, 4)
    static final double[] AXES12_OUT = {-0.17507507429494762, 0.08905280881944795, 0.311297764457536, 0.38713451730949866, -0.17627005193356143, 0.08781197927434095, 0.3105946645294961, 0.38729982588092243, -0.17617984525802555, 0.09007721022536377, 0.3139695462445299, 0.3901970987554053, -0.1752049979870875, 0.08704084844672878, 0.3083500238052753, 0.38463736486617295, -0.17720614260862907, 0.09047444494106074, 0.3156034873327714, 0.3922992781913576, -0.17447402221854597, 0.08701572342727008, 0.3075806146870572, 0.38348553677984243, -0.15000099577573298, 0.0943812338657164, 0.29437449447266045, 0.35591883060075385, -0.14664020970348837, 0.09063338683746425, 0.28528068536302387, 0.34575601992868177, -0.1497090045275845, 0.09291402070795202, 0.2918381301829177, 0.3535062069362841, -0.14722659883670033, 0.09225641900074233, 0.2883498014358251, 0.34882776666570636, -0.1487847055662359, 0.09114862893089345, 0.2882133390052102, 0.34972681228772784, -0.14831080524768792, 0.09390275694734801, 0.29195238527899536, 0.35269224493207285};
    // AXES12_SCORES (2, 2, 2, 3, 2, 2)
    static final double[] AXES12_SCORES = {0.24244270773234106, 0.3007469602364632, 0.21356184934346312, 0.2432484826877328, 0.24341768511048836, 0.3003170391893897, 0.2120248636760166, 0.2442404120241054, 0.24165720948160635, 0.28481053371259807, 0.23138801799262687, 0.24214423881316868, 0.24352316959532264, 0.31456304398241525, 0.19728699510344302, 0.2446267913188192, 0.24104420497788967, 0.2742292699868009, 0.2434035759638372, 0.24132294907147223, 0.2432106449706294, 0.3207127745743896, 0.19164920363115748, 0.2444273768238236, 0.22896923523488885, 0.3479702985783427, 0.19277683848161462, 0.23028362770515373, 0.23137824533060686, 0.33993677851242265, 0.19606936962525814, 0.23261560653171245, 0.2285907485584055, 0.3426861417297527, 0.19892416133344315, 0.2297989483783987, 0.23142697716437455, 0.3454850745080002, 0.1903197006583129, 0.23276824766931237, 0.22881200883312808, 0.33741658113730444, 0.2038389759091604, 0.22993243412040704, 0.23082200663969607, 0.3498059245052225, 0.18714648843109022, 0.23222558042399116, 0.2650456299465273, 0.2355717261313931, 0.23432336420868746, 0.26505927971339205, 0.29417850861931766, 0.18351180793339752, 0.2287588875738185, 0.2935507958734662, 0.27198941547042305, 0.22223687577702006, 0.2339193175986524, 0.2718543911539045, 0.2851120891521768, 0.1995958288055283, 0.23057845885029538, 0.28471362319199944, 0.28288954299305236, 0.20232112242338895, 0.23227812767895753, 0.2825112069046011, 0.2739885492649659, 0.21967536931501927, 0.2324981440054419, 0.273837937414573, 0.3026426790588076, 0.18517645380849854, 0.2099056479274512, 0.3022752192052427, 0.3128435573087069, 0.1671350767795368, 0.20783798692423291, 0.31218337898752346, 0.30339996512324174, 0.1826712136259606, 0.210951839043641, 0.30297698220715663, 0.3110577975211222, 0.17123062682910142, 0.20722850988549688, 0.31048306576427953, 0.30613443335202, 0.17703945237266028, 0.2112149406656842, 0.3056111736096356, 0.307790633374702, 0.17740561967335333, 0.2074799112499282, 0.3073238357020165};
}
