package io.gradtape;

import org.junit.jupiter.api.Test;

import static io.gradtape.Tensors.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void squareHasDerivativeTwoX() {
        Tensor x = constant(3.0f);
        Tensor y;
        GradientTape t = new GradientTape();
        try (t) {
            t.watch(x);
            y = x.mul(x);
        }
        assertEquals(6.0f, t.gradient(y, x).floatValue());
    }
}
