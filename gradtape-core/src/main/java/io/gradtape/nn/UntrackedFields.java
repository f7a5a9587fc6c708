package io.gradtape.nn;

import io.gradtape.Variable;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check that keeps an unregistered variable from being left out of training in silence.
 *
 * <p><b>The trap.</b> TensorFlow's {@code tf.Module} and Keras's {@code Layer} track every variable and layer
 * assigned to an attribute. A Java class cannot see its fields being assigned, so {@link Module} lists only what
 * was registered ({@code addVariable}, {@code addModule}). A TensorFlow user writes
 * {@code Variable w = new Variable(...)} in a field, and {@code trainableVariables()} would leave {@code w} out:
 * the optimizer never updates it and a checkpoint never saves it, with no error. A sub-module kept in a field
 * without {@code addModule} would also miss {@code setTraining}, so its dropout would stay off in training.
 *
 * <p><b>The check.</b> Before a module tree is listed or its training flag set, each module's own fields (those
 * declared in its class and superclasses below {@code Module}; not static, not synthetic such as an inner class's
 * outer instance) are read. A field that holds a {@link Variable} that no module made with {@code addVariable}, or
 * a {@link Module} that no module registered and that does not contain the field's module (its owner), is an
 * {@link IllegalStateException} naming the class, the field and the call that fixes it. So a layer shared with a
 * parent, a weight tied to another module's variable and a reference back to the owner are all fine, asked from
 * any module; a layer registered only later (on its first call) is not: register it where it is assigned. A
 * field holding a {@code java.util.Collection}, a {@code Map} or an array is looked into while its elements (or
 * values) are variables or modules, and left at the first that is neither: a list of layers is checked, a list of
 * a million tensors costs one look. Other {@code Iterable}s (a {@code Dataset}) are not iterated, since iterating
 * them may do work. A field the JVM will not open (a class in a named module that does not open its package to
 * {@code io.gradtape}) is not checked.
 *
 * <p><b>Cost.</b> The fields of each class are found once ({@link ClassValue}); each check reads them. A check
 * runs in {@code namedVariables()} (so {@code variables()}, {@code trainableVariables()} and checkpoints) and in
 * {@code setTraining} (once in each {@code call(x, training)}, whose restore is not checked).
 */
final class UntrackedFields {
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Module.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && mayHold(f.getType())
                            && f.trySetAccessible()) {
                        out.add(f);
                    }
                }
            }
            return List.copyOf(out);
        }
    };

    private UntrackedFields() {
    }

    /** Whether a field of this declared type can hold a variable, a module or a container of them. */
    private static boolean mayHold(Class<?> type) {
        return type.isAssignableFrom(Variable.class) || type.isAssignableFrom(Module.class)
                || Module.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type) || (type.isArray() && !type.getComponentType().isPrimitive());
    }

    /**
     * Throws if a field of one of the tree's modules holds a variable not in {@code variables} or a module not in
     * {@code modules}.
     *
     * @param order     the tree's modules, in the order to check them
     * @param modules   the same modules, as an identity set
     * @param variables the tree's variables, as an identity set
     * @param call      the public method being called, for the message
     */
    static void check(List<Module> order, Set<Module> modules, Set<Variable> variables, String call) {
        for (Module m : order) {
            for (Field f : FIELDS.get(m.getClass())) {
                Object value;
                try {
                    value = f.get(m);
                } catch (IllegalAccessException e) {
                    continue;
                }
                checkValue(m, f, value, variables, modules, call);
            }
        }
    }

    private static void checkValue(Module m, Field f, Object value, Set<Variable> variables, Set<Module> modules,
            String call) {
        if (value instanceof Variable || value instanceof Module) {
            checkOne(m, f, value, variables, modules, call);
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                if (!checkOne(m, f, o, variables, modules, call)) {
                    return;
                }
            }
        } else if (value instanceof Map) {
            for (Object o : ((Map<?, ?>) value).values()) {
                if (!checkOne(m, f, o, variables, modules, call)) {
                    return;
                }
            }
        } else if (value instanceof Object[]) {
            for (Object o : (Object[]) value) {
                if (!checkOne(m, f, o, variables, modules, call)) {
                    return;
                }
            }
        }
    }

    /** Checks one value; returns whether it was a variable or a module (so a container's walk goes on). */
    private static boolean checkOne(Module m, Field f, Object o, Set<Variable> variables, Set<Module> modules,
            String call) {
        if (o instanceof Variable) {
            if (!variables.contains(o) && !Module.addedSomewhere((Variable) o)) {
                Variable v = (Variable) o;
                throw new IllegalStateException(call + ": field '" + f.getName() + "' of "
                        + m.getClass().getSimpleName() + " (module " + m.name() + ") holds a Variable of shape "
                        + v.shape() + " and dtype " + v.dtype() + " that no module registered, so it would be left"
                        + " out: optimizers would not train it and checkpoints would not save it. Create it with"
                        + " addVariable(\"" + f.getName() + "\", initialValue, " + v.trainable() + ") in place of new"
                        + " Variable(...) (TensorFlow's tf.Module tracks attributes by itself; a Java class must"
                        + " register them)");
            }
            return true;
        }
        if (o instanceof Module) {
            // fine: in this tree, registered in some module (a shared layer), or one that contains m (its owner)
            if (!modules.contains(o) && !((Module) o).registeredSomewhere() && !((Module) o).reaches(m)) {
                Module sub = (Module) o;
                throw new IllegalStateException(call + ": field '" + f.getName() + "' of "
                        + m.getClass().getSimpleName() + " (module " + m.name() + ") holds a "
                        + sub.getClass().getSimpleName() + " that was not registered, so its variables would be"
                        + " left out (never trained, never saved) and setTraining would not reach it. Register it"
                        + " with addModule(new " + sub.getClass().getSimpleName() + "(...)) where the field is"
                        + " assigned (TensorFlow's tf.Module tracks attributes by itself; a Java class must"
                        + " register them)");
            }
            return true;
        }
        return false;
    }
}
