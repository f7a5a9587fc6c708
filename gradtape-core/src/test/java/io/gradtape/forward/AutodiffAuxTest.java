package io.gradtape.forward;

import io.gradtape.Autodiff;
import io.gradtape.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gradtape.Tensors.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hasAux forms of {@link Autodiff} (JAX's {@code has_aux}) and {@code valueAndGrad} over several arguments. */
class AutodiffAuxTest {

    @Test
    void auxIsHandedBackAndNotDifferentiated() {
        // the aux depends on x too, but only the value is differentiated: d x^2 = 2x, not d (x^2 + x^3)
        var r = Autodiff.valueAndGradWithAux((Tensor x) -> Autodiff.WithAux.of(x.mul(x), x.mul(x).mul(x)))
                .apply(constant(3.0));
        assertEquals(9.0, r.value().doubleValue());
        assertEquals(6.0, r.grad().doubleValue());
        assertEquals(27.0, r.aux().doubleValue());
    }

    @Test
    void auxOfAnyTypeIsTheObjectTheFunctionMade() {
        Map<String, Integer> stats = Map.of("calls", 1);
        var r = Autodiff.gradWithAux((Tensor x) -> Autodiff.WithAux.of(sin(x), stats)).apply(constant(0.0));
        assertSame(stats, r.aux());
        assertEquals(1.0, r.grad().doubleValue(), 1e-15);
    }

    @Test
    void severalArgumentsWithAux() {
        var r = Autodiff.valueAndGradsWithAux((List<Tensor> xs) -> Autodiff.WithAux.of(xs.get(0).mul(xs.get(1)), xs.get(0).add(1.0)))
                .apply(List.of(constant(2.0), constant(5.0)));
        assertEquals(10.0, r.value().doubleValue());
        assertEquals(5.0, r.grad().get(0).doubleValue());
        assertEquals(2.0, r.grad().get(1).doubleValue());
        assertEquals(3.0, r.aux().doubleValue());
        var g = Autodiff.gradsWithAux((List<Tensor> xs) -> Autodiff.WithAux.of(xs.get(0), "unused second")).apply(List.of(constant(1.0), constant(2.0)));
        assertEquals(0.0, g.grad().get(1).doubleValue()); // unconnected: zeros, as the other Autodiff forms
    }

    @Test
    void nestsForSecondDerivatives() {
        // d/dx of (d/dx x^3) = 6x, with the inner function carrying aux
        var inner = Autodiff.gradWithAux((Tensor x) -> Autodiff.WithAux.of(x.mul(x).mul(x), x));
        Tensor second = Autodiff.grad((Tensor x) -> inner.apply(x).grad()).apply(constant(2.0));
        assertEquals(12.0, second.doubleValue(), 1e-12);
    }

    @Test
    void valueAndGradOverSeveralArgumentsReturnsOneRecord() {
        Autodiff.ValueAndGrad<List<Tensor>> r = Autodiff.valueAndGrad(xs -> reduceSum(mul(xs.get(0), xs.get(1))),
                constant(new double[] {1, 2}, 2), constant(new double[] {3, 4}, 2));
        assertEquals(11.0, r.value().doubleValue());
        assertArrayEquals(new double[] {3, 4}, r.grad().get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, r.grad().get(1).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Autodiff.valueAndGrad(xs -> xs.get(0), new Tensor[0]));
    }

    @Test
    void nullsNameTheTransformation() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Autodiff.valueAndGradWithAux((Tensor x) -> null).apply(constant(1.0)));
        assertEquals("valueAndGradWithAux: the function returned null", e.getMessage());
        assertThrows(NullPointerException.class,
                () -> Autodiff.valueAndGradWithAux((Tensor x) -> Autodiff.WithAux.of(null, 1)).apply(constant(1.0)));
    }
}
