// The seed notebook's cells, typed into JShell (scripts/jshell.sh). Each cell is a few lines; an expression on
// its own line shows its value, as a notebook's Out[n]. Python's `with tf.GradientTape() as t:` block is
// t.record(() -> { ... }): the tape records while the lambda runs (JShell's top-level variables can be assigned
// inside it). `try (t) { ... }` does not compile in JShell: a top-level variable is not effectively final.

// In [2]: a first simple example
Tensor x = constant(3.0f);
GradientTape t = new GradientTape();
Tensor y = t.record(() -> {
    t.watch(x);
    return x.mul(x);
});
Tensor dy_dx = t.gradient(y, x);   // will compute to 6.0

// In [3]
System.out.println(dy_dx);

// In [4]
dy_dx.floatValue()

// In [5]: without watch, the tape has recorded nothing to differentiate
x = constant(3.0f);
t = new GradientTape();
y = t.record(() -> {
    // t.watch(x);   // <-- we now omit this statement
    return x.mul(x);
});
dy_dx = t.gradient(y, x);

// In [6]
System.out.println(dy_dx);

// In [7]: trainable variables are watched automatically
Variable v = new Variable(constant(3.0f));
t = new GradientTape();
y = t.record(() -> v.mul(v));   // no watch: a trainable variable is watched when read
dy_dx = t.gradient(y, v);

// In [8]
System.out.println(dy_dx);

// In [9]
dy_dx.floatValue()

// In [10]: a persistent tape answers several gradient calls
x = constant(3.0f);
t = new GradientTape(true);
Tensor z = t.record(() -> {
    t.watch(x);
    y = x.mul(x);       // y = x^2
    return y.mul(y);    // z = y^2 = x^4
});
Tensor dz_dx = t.gradient(z, x);   // 108.0 (4*x^3 at x=3)
dy_dx = t.gradient(y, x);          // 6.0 (2*x at x=3)

// In [11]
dz_dx

// In [12]
dy_dx

// In [15]: the derivative with respect to an intermediate tensor
Tensor dz_dy = t.gradient(z, y);

// In [16]
System.out.println(dz_dy);

// In [17]: the function from the lecture, f(x1, x2) = x1*x2*sin(x1)
Tensor x1 = constant(1.0f).named("x1");
Tensor x2 = constant(2.0f).named("x2");
Tensor w3, w4;
t = new GradientTape(true);
Tensor w5 = t.record(() -> {
    t.watch(x1);
    t.watch(x2);
    w3 = x1.mul(x2).named("w3");
    w4 = sin(x1).named("w4");
    return w3.mul(w4).named("w5");
});
Tensor dw5_dx1 = t.gradient(w5, x1);
Tensor dw5_dx2 = t.gradient(w5, x2);

// In [18]
dw5_dx1

// In [19]
dw5_dx2

// Not in the notebook: the tape of In [17] drawn, after one gradient call for both sources, so that every node
// shows its adjoint. t.toDot() is the Graphviz text; t.render(java.nio.file.Path.of("tape.html")) writes a page.
t.gradient(w5, List.of(x1, x2));
t.toMermaid().lines().filter(l -> l.contains("[\"")).forEach(System.out::println);

// In [20]: fine-grained control over which variables are watched
Variable variable_a = new Variable(constant(2.0f));
Variable variable_b = new Variable(constant(4.0f));
t = new GradientTape(true, false);   // persistent, watchAccessedVariables=false
z = t.record(() -> {
    t.watch(variable_a);
    y = variable_a.pow(2);      // gradients will be available for variable_a
    return variable_b.pow(3);   // z: no gradients, variable_b is not watched
});

// In [21]
System.out.println(t.gradient(y, variable_a));

// In [22]
System.out.println(t.gradient(z, variable_b));

// In [23]: automatic differentiation for programs with ordinary control flow
Tensor foo(Tensor x, int y) {
    if (y >= 7) {
        return x.add(x).add(x);
    }
    Tensor output = constant(1.0f);
    for (int i = 0; i < y; i++) {
        output = output.mul(x);
    }
    return output;
}

Tensor computeGradient(Tensor x, int y) {
    GradientTape t = new GradientTape();
    Tensor out = t.record(x, v -> foo(v, y));   // watches x, then records foo
    return t.gradient(out, x);
}

x = constant(2.0f);

// In [24]
computeGradient(x, 3)    // x^3 derived is 3*x^2: 12 at x = 2

// In [25]
computeGradient(x, 12)   // foo(x, 12) = 3x: the derivative is 3

// In [26]
computeGradient(x, 6)    // 6*x^5: 192 at x = 2
