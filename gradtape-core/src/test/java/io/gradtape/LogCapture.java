package io.gradtape;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps what the library logs during a test out of the build's output. Several tests provoke the library's
 * warnings on purpose (watching an integer tensor, taking a gradient inside a persistent tape's block); those
 * warnings are part of the behaviour under test, not news, so a green build prints none of them.
 *
 * <p>A test class that provokes a library warning says {@code @ExtendWith(LogCapture.class)}. (JUnit's extension
 * auto-detection cannot register it for all: the tests run inside the module {@code io.gradtape}, where
 * {@code META-INF/services} files are not read.) It puts a filter on the console handlers
 * of {@code java.util.logging} (where {@code System.Logger} ends) that keeps, instead of printing, every record of
 * a logger under {@code io.gradtape}; when a test fails, the records of that test are printed beside the failure,
 * and {@link #messages()} lets a test look at them. The library logs each kind of warning only a few times per
 * JVM, so whether a given test sees one depends on the order the tests run in: tests do not assert it.
 *
 * <p>{@code java.util.logging} is reached by reflection: the tests run inside the module {@code io.gradtape}, which
 * does not read {@code java.logging} (and should not have to, for a test), and reflection needs no read edge.
 */
@SuppressWarnings("exports") // a test extension: JUnit's interfaces are not part of the module's API
public final class LogCapture implements BeforeEachCallback, TestWatcher {
    private static final ConcurrentLinkedQueue<String> RECORDS = new ConcurrentLinkedQueue<>();

    static {
        try {
            Class<?> logger = Class.forName("java.util.logging.Logger");
            Class<?> handler = Class.forName("java.util.logging.Handler");
            Class<?> filter = Class.forName("java.util.logging.Filter");
            Class<?> record = Class.forName("java.util.logging.LogRecord");
            Method loggerName = record.getMethod("getLoggerName");
            Method level = record.getMethod("getLevel");
            Method message = record.getMethod("getMessage");
            Object keepLibraryRecords = Proxy.newProxyInstance(LogCapture.class.getClassLoader(), new Class<?>[] {filter},
                    (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "isLoggable": {
                                Object name = loggerName.invoke(args[0]);
                                if (name != null && name.toString().startsWith("io.gradtape")) {
                                    RECORDS.add(level.invoke(args[0]) + ": " + message.invoke(args[0]));
                                    return false;
                                }
                                return true;
                            }
                            case "hashCode": return System.identityHashCode(proxy);
                            case "equals": return proxy == args[0];
                            default: return "LogCapture filter";
                        }
                    });
            Object root = logger.getMethod("getLogger", String.class).invoke(null, "");
            for (Object h : (Object[]) logger.getMethod("getHandlers").invoke(root)) {
                handler.getMethod("setFilter", filter).invoke(h, keepLibraryRecords);
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Made by JUnit for each test class that names it in {@code @ExtendWith}. */
    public LogCapture() {
    }

    /** The messages the library logged since the current test started, oldest first. */
    public static List<String> messages() {
        return new ArrayList<>(RECORDS);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RECORDS.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<String> m = messages();
        if (!m.isEmpty()) {
            System.err.println(context.getDisplayName() + " failed; the library logged during it:");
            m.forEach(s -> System.err.println("  " + s));
        }
    }
}
