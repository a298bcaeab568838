package io.claimmap.engine.rules;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.model.Model;
import org.drools.model.Rule;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Builds {@link RuleSet}s. The built-in packs were compiled to the executable model at build time and are loaded as
 * classes; user rules are compiled once and cached by content hash, so later runs load their classes directly.
 */
public final class RuleSetLoader {
    /** Where the build puts the built-in packs' model list (see the rules module). */
    public static final String BUILTIN_MODELS = "META-INF/claimmap/builtin-" + CompiledRules.MODELS_FILE;
    // Generated classes depend on the Drools version, on claimmap's version and on its fact model (the bytes of
    // the classes rules are compiled against): any change of them must not reuse old classes.
    // Computed on first use (hashing the fact model's class files reads them and starts the JCA): a validation with the
    // built-in packs alone never needs it, and a cold CLI run starts its built-in rules prefetch without waiting for it.
    static String cacheSalt() {
        return Salt.VALUE;
    }

    private static final class Salt {
        static final String VALUE = "claimmap-rules-2|" + droolsVersion() + "|" + engineVersion() + "|" + factModelHash();
    }
    /** Compiled files kept at most (about 100 KB each: 200 MB); the least recently used are deleted beyond it. */
    public static final int MAX_CACHE_ENTRIES = 2000;

    private static final AtomicReference<FutureTask<RuleSet>> PREFETCHED = new AtomicReference<>();

    private final Path cacheDir;
    private final int maxCacheEntries;

    /** @param cacheDir where compiled user rules are kept, e.g. {@code ~/.cache/claimmap/rules} */
    public RuleSetLoader(Path cacheDir) {
        this(cacheDir, MAX_CACHE_ENTRIES);
    }

    RuleSetLoader(Path cacheDir, int maxCacheEntries) {
        this.cacheDir = cacheDir;
        this.maxCacheEntries = maxCacheEntries;
    }

    /**
     * The default cache folder: system property {@code claimmap.cache.dir} (tests), else {@code $CLAIMMAP_CACHE_DIR},
     * else {@code $XDG_CACHE_HOME/claimmap}, else {@code ~/.cache/claimmap}.
     */
    public static Path defaultCacheDir() {
        String explicit = System.getProperty("claimmap.cache.dir", System.getenv("CLAIMMAP_CACHE_DIR"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("claimmap");
    }

    /**
     * Starts building the rule set of the built-in packs alone on a daemon thread; the next {@code load(true, [])} in
     * this JVM takes it instead of building its own. A cold CLI validation calls this first thing, so the KieBase (the
     * largest part of its start) is built on the second core while picocli parses the arguments and the keys are read.
     * When the prefetch fails, or the next load has user rules, the load builds its own as before (having warmed up
     * Drools' classes meanwhile).
     */
    public static void prefetchBuiltin() {
        FutureTask<RuleSet> task = new FutureTask<>(() -> new RuleSetLoader(null).build(true, List.of()));
        if (PREFETCHED.compareAndSet(null, task)) {
            Thread thread = new Thread(task, "claimmap-builtin-rules");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** For tests: whether a prefetched built-in rule set waits for its load. */
    public static boolean prefetchPending() {
        return PREFETCHED.get() != null;
    }

    public RuleSet load(boolean builtin, List<RuleSource> userRules) throws RuleCompilationException, IOException {
        if (builtin && userRules.isEmpty()) {
            FutureTask<RuleSet> prefetched = PREFETCHED.getAndSet(null);
            if (prefetched != null) {
                try {
                    return prefetched.get();
                } catch (ExecutionException e) {
                    // built again below, which reports the problem as usual
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return build(builtin, userRules);
    }

    private RuleSet build(boolean builtin, List<RuleSource> userRules) throws RuleCompilationException, IOException {
        List<Model> models = new ArrayList<>();
        StringBuilder revision = new StringBuilder();
        if (builtin) {
            BuiltinModels builtins = BuiltinModels.load();
            models.addAll(builtins.models());
            revision.append(builtins.revision());
        }
        if (!userRules.isEmpty()) {
            models.addAll(loadUserModels(userRules));
            revision.append('|').append(RuleSource.hash(cacheSalt(), userRules));
        }
        String id = RuleSource.hash("", List.of(new RuleSource("", revision.toString()))).substring(0, 12);
        KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models);
        declarationOrder(kieBase, models);
        return new RuleSet(kieBase, id, Instant.now(), userRules);
    }

    /**
     * Rules of equal salience fire in declaration order, files in the order given (built-in packs first): Drools
     * orders them by a load order it numbers per model, which would otherwise interleave files.
     */
    private static void declarationOrder(KieBase kieBase, List<Model> models) {
        int order = 0;
        for (Model model : models) {
            for (Rule rule : model.getRules()) {
                if (kieBase.getRule(rule.getPackage(), rule.getName()) instanceof RuleImpl impl) {
                    impl.setLoadOrder(order++);
                }
            }
        }
    }

    /** Each file's compiled classes, from the cache or compiled now (only the files not cached). */
    private List<Model> loadUserModels(List<RuleSource> sources) throws RuleCompilationException, IOException {
        Path root = cacheDir.resolve("rules");
        List<Path> entries = new ArrayList<>();
        List<RuleSource> missing = new ArrayList<>();
        for (RuleSource source : sources) {
            Path entry = root.resolve(RuleSource.hash(cacheSalt(), List.of(source)));
            entries.add(entry);
            if (!Files.isRegularFile(entry.resolve(CompiledRules.MODELS_FILE))) {
                missing.add(source);
            }
        }
        if (!missing.isEmpty()) {
            // The linter sees every file: a write conflict or a forbidden call may involve a cached one.
            List<RuleProblem> lint = RuleLinter.lint(sources, false);
            if (lint.stream().anyMatch(RuleProblem::isError)) {
                throw new RuleCompilationException(RuleCompiler.check(sources));
            }
            Map<RuleSource, CompiledRules> compiled = RuleCompiler.compileEach(missing);
            for (RuleSource source : missing) {
                int index = sources.indexOf(source);
                entries.set(index, storeSomewhere(compiled.get(source), entries.get(index)));
            }
            evict(root, entries, maxCacheEntries);
        }
        List<Model> models = new ArrayList<>();
        for (Path entry : entries) {
            touch(entry);
            List<String> names = CompiledRules.readModelNames(Files.readString(entry.resolve(CompiledRules.MODELS_FILE)));
            // The loader stays open for the rule set's lifetime: rules load their lambda classes lazily.
            URLClassLoader loader = new URLClassLoader(new URL[]{entry.toUri().toURL()}, RuleSetLoader.class.getClassLoader());
            try {
                models.addAll(instantiateUser(names, loader));
            } catch (IOException e) {
                RuleSource source = sources.get(entries.indexOf(entry));
                if (e.getCause() instanceof LoadTimeout timeout) {
                    throw new RuleCompilationException(List.of(RuleCompiler.loadProblem(names.get(0), timeout, List.of(source))));
                }
                // Stored by a claimmap that did not try its models before storing them, or damaged: compiled again,
                // which reports the file's problem at its line (or stores classes that load).
                loader.close();
                deleteTree(entry);
                store(RuleCompiler.compileEach(List.of(source)).get(source), entry);
                List<String> again = CompiledRules.readModelNames(Files.readString(entry.resolve(CompiledRules.MODELS_FILE)));
                models.addAll(instantiateUser(again, new URLClassLoader(new URL[]{entry.toUri().toURL()},
                        RuleSetLoader.class.getClassLoader())));
            }
        }
        // Files compiled on their own and cached apart were never linted together: two of one package may name a
        // rule alike, which Drools would resolve by dropping one. The same refusal as with an empty cache, then.
        Set<String> names = new HashSet<>();
        for (Model model : models) {
            for (Rule rule : model.getRules()) {
                if (!names.add(rule.getPackage() + "\u0000" + rule.getName())) {
                    throw new RuleCompilationException(RuleCompiler.check(sources));
                }
            }
        }
        return models;
    }

    /** Marks an entry as used now, for eviction by least recent use. */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a read-only cache still works; it just evicts by age of creation
        }
    }

    /** Deletes the least recently used entries beyond {@code maxCacheEntries}, never one of {@code inUse}. */
    private static void evict(Path root, List<Path> inUse, int maxCacheEntries) {
        try (Stream<Path> list = Files.list(root)) {
            List<Path> entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isDirectory)
                    .sorted(Comparator.comparing(RuleSetLoader::lastUsed)).toList();
            int excess = entries.size() - maxCacheEntries;
            for (Path entry : entries) {
                if (excess <= 0) {
                    break;
                }
                if (!inUse.contains(entry)) {
                    deleteTree(entry);
                    excess--;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // eviction is housekeeping: a failure leaves a larger cache, never a broken one
        }
    }

    private static FileTime lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * Stores in the cache, or, when the cache folder cannot be written (read-only, under a file, no home folder), in a
     * temporary folder of this process, deleted when it exits: an unusable cache costs a compilation, never the run.
     * Returns where the entry was stored.
     */
    private static Path storeSomewhere(CompiledRules compiled, Path entry) throws IOException {
        try {
            store(compiled, entry);
            return entry;
        } catch (IOException e) {
            Path temporary = temporaryCache().resolve(entry.getFileName().toString());
            store(compiled, temporary);
            return temporary;
        }
    }

    private static Path temporaryCache;

    private static synchronized Path temporaryCache() throws IOException {
        if (temporaryCache == null) {
            Path dir = Files.createTempDirectory("claimmap-rules-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    deleteTree(dir);
                } catch (IOException | UncheckedIOException e) {
                    // a temporary folder left behind is harmless
                }
            }, "claimmap-rules-cleanup"));
            temporaryCache = dir;
        }
        return temporaryCache;
    }

    private static void store(CompiledRules compiled, Path entry) throws IOException {
        Files.createDirectories(entry.getParent());
        Path staging = Files.createTempDirectory(entry.getParent(), ".staging-");
        try {
            compiled.writeTo(staging);
            Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteTree(staging); // another process stored the same rules first: theirs are identical
        } catch (IOException e) {
            deleteTree(staging);
            if (!Files.isRegularFile(entry.resolve(CompiledRules.MODELS_FILE))) {
                throw e;
            }
        }
    }

    /** How long user rules may take to load; a condition that names no fact (eval( f() )) is computed then. */
    static final long LOAD_TIMEOUT_MILLIS = 5_000;
    /** {@link #LOAD_TIMEOUT_MILLIS}, shorter in tests. */
    static volatile long loadTimeoutMillis = LOAD_TIMEOUT_MILLIS;

    /** Raised when user rules do not finish loading in time; its stack trace is where the loading thread was. */
    static final class LoadTimeout extends Exception {
        LoadTimeout(StackTraceElement[] where) {
            super("it was still running after " + loadTimeoutMillis / 1000.0 + " s of loading (a condition that names no "
                    + "fact, such as eval( f() ), is computed when the rules load): a rule must finish", null, false, true);
            setStackTrace(where);
        }
    }

    /**
     * Instantiates user models on a thread of their own, within {@link #LOAD_TIMEOUT_MILLIS}: a model's constructor runs
     * code of the rule file, which must not hang the caller. A thread that never returns is left behind (a daemon), as
     * for a consequence that never returns.
     */
    static List<Model> instantiateUser(List<String> names, ClassLoader loader) throws IOException {
        FutureTask<List<Model>> task = new FutureTask<>(() -> instantiate(names, loader));
        Thread thread = new Thread(task, "claimmap-rules-load");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(loadTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String name = names.isEmpty() ? "rules" : names.get(0);
            throw new IOException("compiled rules did not load (" + name + ")", new LoadTimeout(thread.getStackTrace()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("compiled rules are unusable (" + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the rules loaded");
        }
    }

    static List<Model> instantiate(List<String> names, ClassLoader loader) throws IOException {
        List<Model> models = new ArrayList<>();
        for (String name : names) {
            try {
                models.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IOException("compiled rules are unusable (" + name + ": " + e + "); delete the cache folder", e);
            }
        }
        return models;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String engineVersion() {
        String version = RuleSetLoader.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** A hash of the class files rules are compiled against: a changed fact model never reuses old classes. */
    private static String factModelHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Class<?> type : List.of(io.claimmap.engine.facts.Token.class, io.claimmap.engine.facts.Claim.class,
                    io.claimmap.engine.facts.MappingDraft.class, io.claimmap.engine.facts.Findings.class,
                    io.claimmap.engine.facts.Contacts.class, io.claimmap.engine.facts.Contact.class,
                    io.claimmap.engine.facts.Evaluation.class)) {
                try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                    if (in != null) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unknown";
        }
    }

    private static String droolsVersion() {
        String version = KieBaseBuilder.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /** The built-in packs, as the build compiled them. */
    record BuiltinModels(List<Model> models, String revision) {
        static BuiltinModels load() throws IOException {
            ClassLoader loader = RuleSetLoader.class.getClassLoader();
            try (InputStream in = loader.getResourceAsStream(BUILTIN_MODELS)) {
                if (in == null) {
                    throw new IOException("the built-in rule packs are not on the class path (" + BUILTIN_MODELS
                            + "); build the rules module, or pass --no-builtin-rules");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String revision = text.lines().filter(l -> l.startsWith("# revision ")).map(l -> l.substring(11).strip())
                        .findFirst().orElse("builtin");
                return new BuiltinModels(instantiate(CompiledRules.readModelNames(text), loader), revision);
            }
        }
    }
}
