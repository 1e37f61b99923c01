package dev.catalog.local.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One generation of the handler code: loads the classes found in a compile output directory
 * itself (child first), so that a new generation sees freshly compiled code, and everything else
 * from its parent. Classes of the shared packages always come from the parent: they cross the
 * boundary between the runtime and the handlers (the {@code FunctionEnvironment} a handler's
 * from(FunctionEnvironment) factory takes, the SDK clients in it, the metrics sink its settings name and the in-memory
 * metrics the runtime reports) and must be the same class on both sides.
 */
public final class GenerationClassLoader extends URLClassLoader {
    /** Packages whose classes the runtime hands to the handlers: never reloaded. */
    public static final List<String> SHARED_PACKAGES = List.of("dev.catalog.config.", "dev.catalog.aws.", "dev.catalog.metrics.",
            "dev.catalog.local.");

    static {
        registerAsParallelCapable();
    }

    private final Path classes;
    private final int generation;

    public GenerationClassLoader(Path classes, int generation, ClassLoader parent) {
        super("handlers-generation-" + generation, new URL[] {url(classes)}, parent);
        this.classes = classes;
        this.generation = generation;
    }

    public int generation() {
        return generation;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!reloadable(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private boolean reloadable(String name) {
        if (SHARED_PACKAGES.stream().anyMatch(name::startsWith)) {
            return false;
        }
        String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        return Files.isRegularFile(classes.resolve(outer.replace('.', '/') + ".class"))
                || Files.isRegularFile(classes.resolve(name.replace('.', '/') + ".class"));
    }

    private static URL url(Path directory) {
        try {
            return directory.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("not a usable directory: " + directory, e));
        }
    }
}
