package io.claimmap.engine.rules;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles DRL to the Drools executable model (Java classes), never to the classic MVEL engine: loading the
 * generated classes later is ten times faster than compiling, and the two engines do not mix.
 */
public final class RuleCompiler {
    private static final String MODEL_FILE = "drools-model";
    private static final String GENERATED_SOURCE = "Java source of ";
    private static final AtomicLong COMPILATIONS = new AtomicLong();
    /** Files compiled by {@link #compileEach} since the process started (tests check that edits recompile one). */
    static final AtomicLong FILES_COMPILED = new AtomicLong();

    private RuleCompiler() {
    }

    /** Files compiled together at most: bounds the compiler's memory, whatever the size of the policy. */
    static final int BATCH_FILES = 40;
    /** Rules compiled together at most (a file with more is compiled alone): ten files of 100 rules ran out of memory. */
    static final int BATCH_RULES = 250;
    /**
     * Extra compilations after a failed one at most, each without the rules (or files) already at fault, to find the
     * errors they hid: Drools stops at the first package that fails a phase, so a round may find a single problem.
     */
    private static final int DISCOVERY_ROUNDS = BATCH_FILES + 10;

    /**
     * Compiles files together into one unit (the built-in packs at build time).
     *
     * @param reservedPackagesAllowed true only when compiling the built-in packs
     */
    public static CompiledRules compile(List<RuleSource> sources, boolean reservedPackagesAllowed)
            throws RuleCompilationException {
        List<RuleProblem> errors = RuleLinter.lint(sources, reservedPackagesAllowed).stream().filter(RuleProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors);
        }
        Outcome outcome = buildWithDiscovery(sources);
        if (!outcome.problems().isEmpty()) {
            throw new RuleCompilationException(outcome.problems());
        }
        return outcome.compiled();
    }

    /**
     * Every problem of every file, as {@code claimmap check} reports them: the linter's, then the compiler's (files
     * compiled in bounded batches; a file the linter already refused is not compiled).
     */
    public static List<RuleProblem> check(List<RuleSource> sources) {
        List<RuleProblem> problems = new ArrayList<>(RuleLinter.lint(sources, false));
        // Everything that parses is compiled, refused files included (compiling runs nothing), so that every
        // problem shows at once; the compiler's echo of a Java syntax error the linter placed exactly is dropped.
        // Code nested too deeply to parse would overflow the compiler's parser too: it is not compiled.
        List<RuleSource> compilable = sources.stream().filter(source -> RuleLinter.parse(source, true).parses()
                && problems.stream().noneMatch(p -> p.file().equals(source.origin()) && p.message().contains(RuleLinter.TOO_DEEP)))
                .toList();
        for (List<RuleSource> batch : batches(compilable)) {
            for (RuleProblem problem : buildWithDiscovery(batch).problems()) {
                boolean echo = problem.message().startsWith("Unable to parse consequence") && problems.stream()
                        .anyMatch(p -> p.file().equals(problem.file()) && p.message().startsWith("Java syntax error"));
                if (!echo && !problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        problems.sort(Comparator.comparing((RuleProblem p) -> sources.indexOf(sources.stream()
                        .filter(s -> s.origin().equals(p.file())).findFirst().orElse(null)))
                .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column));
        return problems;
    }

    /**
     * Compiles each file into a unit of its own (its package's classes), so each can be cached and reused alone.
     * Files are built in batches of at most {@link #BATCH_FILES}, never two files of one package in a batch.
     *
     * @throws RuleCompilationException with every problem of every file, warnings included
     */
    public static Map<RuleSource, CompiledRules> compileEach(List<RuleSource> sources) throws RuleCompilationException {
        List<RuleProblem> lint = RuleLinter.lint(sources, false);
        if (lint.stream().anyMatch(RuleProblem::isError)) {
            throw new RuleCompilationException(check(sources));
        }
        Map<RuleSource, CompiledRules> units = new LinkedHashMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        FILES_COMPILED.addAndGet(sources.size());
        for (List<RuleSource> batch : batches(sources)) {
            Outcome outcome = buildWithDiscovery(batch);
            problems.addAll(outcome.problems());
            if (outcome.problems().isEmpty()) {
                units.putAll(split(batch, outcome.compiled()));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(check(sources));
        }
        return units;
    }

    static List<List<RuleSource>> batches(List<RuleSource> sources) {
        List<List<RuleSource>> batches = new ArrayList<>();
        List<Set<String>> packages = new ArrayList<>();
        List<Integer> rules = new ArrayList<>();
        for (RuleSource source : sources) {
            String pkg = packageOf(source);
            int count = ruleCount(source);
            int chosen = -1;
            for (int i = 0; i < batches.size() && chosen < 0; i++) {
                if (pkg != null && batches.get(i).size() < BATCH_FILES && rules.get(i) + count <= BATCH_RULES
                        && !packages.get(i).contains(pkg) && !packages.get(i).contains(null)) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                batches.add(new ArrayList<>());
                packages.add(new HashSet<>());
                rules.add(0);
                chosen = batches.size() - 1;
            }
            batches.get(chosen).add(source);
            packages.get(chosen).add(pkg);
            rules.set(chosen, rules.get(chosen) + count);
        }
        return batches;
    }

    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)");
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*rule\\b");

    static int ruleCount(RuleSource source) {
        return (int) RULE.matcher(RuleLinter.stripStringsAndComments(source.drl())).results().count();
    }

    /** The package a file declares, or null when it declares none (such a file is compiled alone). */
    static String packageOf(RuleSource source) {
        Matcher m = PACKAGE.matcher(RuleLinter.stripStringsAndComments(source.drl()));
        return m.find() ? m.group(1) : null;
    }

    /** The classes of one batch, each file's share: the classes in its package's folder (lambdas in P?? below it). */
    private static Map<RuleSource, CompiledRules> split(List<RuleSource> batch, CompiledRules compiled) {
        Map<RuleSource, CompiledRules> units = new LinkedHashMap<>();
        if (batch.size() == 1) {
            units.put(batch.get(0), compiled);
            return units;
        }
        for (RuleSource source : batch) {
            String pkg = packageOf(source);
            String folder = pkg.replace('.', '/') + "/";
            Map<String, byte[]> classes = new LinkedHashMap<>();
            compiled.classFiles().forEach((name, bytes) -> {
                if (name.startsWith(folder) && name.substring(folder.length()).matches("([^/]+|P[0-9A-F]{2}/[^/]+)")) {
                    classes.put(name, bytes);
                }
            });
            List<String> models = compiled.modelClassNames().stream()
                    .filter(n -> n.startsWith(pkg + ".") && n.indexOf('.', pkg.length() + 1) < 0).toList();
            units.put(source, new CompiledRules(classes, models));
        }
        return units;
    }

    private record Outcome(CompiledRules compiled, List<RuleProblem> problems) {
    }

    /** Builds; on errors, builds again without the rules at fault to find the errors a failed phase hid. */
    private static Outcome buildWithDiscovery(List<RuleSource> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleSource> current = sources;
        for (int round = 0; round <= DISCOVERY_ROUNDS; round++) {
            Outcome outcome = buildOnce(current);
            if (outcome.problems().isEmpty()) {
                return round == 0 ? outcome : new Outcome(null, problems);
            }
            int before = problems.size();
            for (RuleProblem problem : outcome.problems()) {
                if (!problems.contains(problem)) {
                    problems.add(problem);
                }
            }
            if (problems.size() == before) {
                break;
            }
            current = withoutFaultyRules(current, problems);
            if (current.isEmpty()) {
                break;
            }
        }
        return new Outcome(null, problems);
    }

    /** The sources with each rule that has a problem blanked out (lines kept, so positions stay true). */
    private static List<RuleSource> withoutFaultyRules(List<RuleSource> sources, List<RuleProblem> problems) {
        List<RuleSource> next = new ArrayList<>();
        for (RuleSource source : sources) {
            List<String> text = source.drl().lines().toList();
            // Problems on lines an earlier round blanked are dealt with already.
            List<RuleProblem> own = problems.stream().filter(p -> p.file().equals(source.origin()))
                    .filter(p -> p.line() > text.size() || !text.get(p.line() - 1).isBlank()).toList();
            if (own.isEmpty()) {
                next.add(source);
                continue;
            }
            RuleLinter.Parsed parsed = RuleLinter.parse(source, true);
            if (!parsed.parses()) {
                continue;
            }
            List<RuleDescr> rules = parsed.pkg().getRules();
            if (own.stream().anyMatch(p -> rules.stream().noneMatch(r -> p.line() >= r.getLine()
                    && p.line() <= Math.max(r.getEndLine(), r.getLine())))) {
                // A problem outside any rule (an import, a global, a declared type) fails every rule of the file, and
                // may stop the compiler before it gets to the other files: the file is left out.
                continue;
            }
            String[] lines = source.drl().split("\n", -1);
            for (RuleDescr rule : rules) {
                int first = rule.getLine();
                int last = Math.max(rule.getEndLine(), first);
                if (own.stream().anyMatch(p -> p.line() >= first && p.line() <= last)) {
                    for (int l = first; l <= last && l <= lines.length; l++) {
                        lines[l - 1] = "";
                    }
                }
            }
            next.add(new RuleSource(source.origin(), String.join("\n", lines)));
        }
        return next;
    }

    private static Outcome buildOnce(List<RuleSource> sources) {
        KieServices kie = KieServices.Factory.get();
        // A release id of its own per compilation, removed afterwards: KieBuilder registers every module it builds
        // in a global repository, which a long-running server reloading rules would otherwise grow forever.
        ReleaseId releaseId = kie.newReleaseId("io.claimmap.compiled", "r" + COMPILATIONS.incrementAndGet(), "1");
        KieFileSystem files = kie.newKieFileSystem().generateAndWritePomXML(releaseId);
        Map<String, RuleSource> origins = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            RuleSource source = sources.get(i);
            String resource = "src/main/resources/claimmap/r" + i + "/" + fileName(source.origin());
            origins.put(resource.substring("src/main/resources/".length()), source);
            files.write(resource, source.drl());
        }
        try {
            return new Outcome(build(kie, files, origins), List.of());
        } catch (RuleCompilationException e) {
            return new Outcome(null, e.problems());
        } catch (StackOverflowError e) { // the linter finds such code first where it can; this is the last guard
            return new Outcome(null, sources.stream().map(source -> new RuleProblem(source.origin(), 1, 1, "compiling this "
                    + "file, or one compiled with it, overflowed the stack: a rule " + RuleLinter.TOO_DEEP)).toList());
        } finally {
            kie.getRepository().removeKieModule(releaseId);
        }
    }

    private static CompiledRules build(KieServices kie, KieFileSystem files, Map<String, RuleSource> origins)
            throws RuleCompilationException {
        KieBuilder builder = kie.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        List<RuleProblem> problems = new ArrayList<>();
        // A declared type with an unknown field type fails its generated class many times over; the type is the news.
        boolean unknownTypes = errors.stream().anyMatch(m -> m.getPath() == null && String.valueOf(m.getText())
                .endsWith("cannot be resolved to a type"));
        for (Message message : errors) {
            String text = message.getText() == null ? "" : message.getText();
            boolean echo = unknownTypes && message.getPath() == null && !text.endsWith("cannot be resolved to a type");
            // Drools adds the whole generated source of a failing Java file, and a "null Package" echo of a
            // parse error; neither says anything the real error does not.
            if (!echo && !text.startsWith(GENERATED_SOURCE) && !text.contains("Parser returned a null Package")) {
                problems.add(describe(message, origins, errors));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        for (String name : module.getFileNames()) {
            // ProjectModel has one fixed name in every compilation and serves only KieContainers, which we never use.
            if (name.endsWith(".class") && !name.startsWith("org/drools/project/model/")) {
                classes.put(name, module.getBytes(name));
            } else if (name.endsWith(MODEL_FILE)) {
                models.addAll(CompiledRules.readModelNames(new String(module.getBytes(name), StandardCharsets.UTF_8)));
            }
        }
        if (models.isEmpty()) {
            String first = origins.values().stream().map(RuleSource::origin).findFirst().orElse("rules");
            throw new RuleCompilationException(List.of(new RuleProblem(first, 1, 1, "the rules compiled to no executable model (no rule?)")));
        }
        List<RuleProblem> unloadable = loadProblems(classes, models, origins.values());
        if (!unloadable.isEmpty()) {
            throw new RuleCompilationException(unloadable);
        }
        return new CompiledRules(classes, models);
    }

    /**
     * Loads the models as {@link RuleSetLoader} will: some DRL compiles to Java that fails only then (a {@code matches}
     * pattern that is not a regular expression, a salience that is not a number), and that is a problem of the file,
     * found by {@code check}, never a rule set that compiles but cannot be used.
     */
    private static List<RuleProblem> loadProblems(Map<String, byte[]> classes, List<String> models,
                                                  Collection<RuleSource> sources) {
        ClassLoader loader = new ClassLoader(RuleCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name.replace('.', '/') + ".class");
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        List<RuleProblem> problems = new ArrayList<>();
        for (String model : models) {
            try {
                RuleSetLoader.instantiateUser(List.of(model), loader);
            } catch (IOException e) {
                problems.add(loadProblem(model, e.getCause(), sources));
            }
        }
        return problems;
    }

    static RuleProblem loadProblem(String model, Throwable failure, Collection<RuleSource> sources) {
        Throwable cause = failure;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String pkg = model.lastIndexOf('.') < 0 ? null : model.substring(0, model.lastIndexOf('.'));
        RuleSource source = sources.stream().filter(s -> Objects.equals(packageOf(s), pkg)).findFirst()
                .orElse(sources.iterator().next());
        String detail = cause == null || cause.getMessage() == null ? String.valueOf(cause)
                : cause.getMessage().lines().findFirst().orElse("").strip();
        String needle = null;
        String message;
        if (cause instanceof PatternSyntaxException regex) {
            needle = regex.getPattern();
            message = "\"" + regex.getPattern() + "\" is not a regular expression: " + regex.getDescription();
        } else {
            Matcher quoted = Pattern.compile("\\[\\s*(.+?)\\s*]").matcher(detail);
            needle = quoted.find() ? quoted.group(1) : null;
            message = "the rule cannot be loaded: " + detail;
        }
        if (needle == null && cause != null) {
            // A function of the file that was running (a rule that does not finish loading): where the rule calls it.
            needle = Arrays.stream(cause.getStackTrace())
                    .filter(frame -> pkg != null && frame.getClassName().startsWith(pkg + "."))
                    .map(StackTraceElement::getMethodName)
                    .filter(method -> !method.startsWith("rule_") && !method.startsWith("<") && !method.startsWith("lambda$")
                            && !method.equals("getRulesList"))
                    .findFirst().map(method -> method + "(").orElse(null);
        }
        // The generated method of the rule at fault is rule_<its name, other characters as _<code>>.
        int[] at = null;
        RuleLinter.Parsed parsed = RuleLinter.parse(source, true);
        for (StackTraceElement frame : cause == null ? new StackTraceElement[0] : cause.getStackTrace()) {
            if (at == null && parsed.parses() && frame.getMethodName().startsWith("rule_")) {
                for (RuleDescr rule : parsed.pkg().getRules()) {
                    if (at == null && frame.getMethodName().equals("rule_" + methodId(rule.getName()))) {
                        at = locateInRule(source.drl(), rule, needle);
                    }
                }
            }
        }
        if (at == null && needle != null) {
            at = locate(source.drl(), "\"" + needle + "\"");
            at = at != null ? at : locate(source.drl(), needle);
        }
        return new RuleProblem(source.origin(), at == null ? 1 : at[0], at == null ? 1 : at[1], message);
    }

    private static String methodId(String name) {
        StringBuilder id = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isJavaIdentifierPart(c)) {
                id.append(c);
            } else {
                id.append('_').append((int) c);
            }
        }
        return id.toString();
    }

    /** The needle within the rule's lines, else the rule's own position. */
    private static int[] locateInRule(String drl, RuleDescr rule, String needle) {
        List<String> lines = drl.lines().toList();
        int first = Math.max(rule.getLine(), 1);
        int last = Math.min(Math.max(rule.getEndLine(), first), lines.size());
        for (String text : needle == null ? List.<String>of() : List.of("\"" + needle + "\"", needle)) {
            for (int n = first; n <= last; n++) {
                int column = lines.get(n - 1).indexOf(text);
                if (column >= 0) {
                    return new int[]{n, column + 1};
                }
            }
        }
        return new int[]{first, Math.max(rule.getColumn(), 0) + 1};
    }

    private static String fileName(String origin) {
        String name = origin.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.endsWith(".drl") ? name : name + ".drl";
    }

    private static RuleProblem describe(Message message, Map<String, RuleSource> sources, List<Message> all) {
        String path = message.getPath();
        String text = cleanMessage(message.getText());
        int line = message.getLine();
        int column = message.getColumn();
        RuleSource source = path == null ? null : sources.entrySet().stream()
                .filter(e -> e.getKey().endsWith(path) || path.endsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        // A message without a path is about Java Drools generated too (a declared type's class), its line that Java's.
        boolean generated = path == null || path.endsWith(".java");
        if (source == null && path != null && path.endsWith(".java")) {
            source = byPackage(sources.values(), path);
        }
        List<String> needles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (generated && line > 0) {
            // An error in a consequence points at generated Java: find that line of Java in the DRL instead, or
            // failing that, the name the error is about.
            String javaLine = path == null ? null : generatedLine(all, path, line);
            if (javaLine != null) {
                needles.add(javaLine.strip());
                if (column > 0 && column <= javaLine.length()) {
                    names.add(identifierAt(javaLine, column - 1));
                }
            }
            names.add(subjectOf(text));
        } else if (line <= 0) {
            // Some constraint errors have no position but quote the expression at fault.
            int at = text.indexOf("expression: ");
            if (at < 0) {
                names.add(subjectOf(text));
            } else {
                needles.add(text.substring(at + "expression: ".length()).strip());
            }
        }
        boolean located = !generated && line > 0;
        List<RuleSource> candidates = source != null ? List.of(source) : path == null ? declaringTypes(sources.values())
                : List.copyOf(sources.values());
        // The first place found wins: the generated line as written, then the name at fault, then the statement.
        List<Locator> locators = List.of(
                new Locator(needles, (drl, needle) -> needle.length() < 3 ? null : locate(drl, needle)),
                new Locator(names, RuleCompiler::locateName),
                new Locator(needles, RuleCompiler::locateStatement));
        search:
        for (Locator locator : located ? List.<Locator>of() : locators) {
            for (String term : locator.terms()) {
                for (RuleSource candidate : candidates) {
                    int[] found = term == null ? null : locator.find().apply(candidate.drl(), term);
                    if (found != null) {
                        source = candidate;
                        line = found[0];
                        column = found[1];
                        located = true;
                        break search;
                    }
                }
            }
        }
        if (source == null && sources.size() == 1) {
            source = sources.values().iterator().next();
        }
        if (!located) {
            line = Math.max(line, 1);
            column = Math.max(column, 1);
            if (generated) {
                line = 1;
                column = 1;
            }
        }
        String origin = source != null ? source.origin() : "rules";
        return new RuleProblem(origin, Math.max(line, 1), Math.max(column, 1), text + DidYouMean.suggest(text,
                source == null ? "" : source.drl()));
    }

    /** The files that declare types (the Java of which comes without a path), else all. */
    private static List<RuleSource> declaringTypes(Collection<RuleSource> sources) {
        List<RuleSource> declaring = sources.stream().filter(s -> {
            RuleLinter.Parsed parsed = RuleLinter.parse(s, true);
            return parsed.parses() && !parsed.pkg().getTypeDeclarations().isEmpty();
        }).toList();
        return declaring.isEmpty() ? List.copyOf(sources) : declaring;
    }

    /** The file whose package a generated Java file belongs to: src/main/java/acme/rules/P1A/Lambda....java is acme.rules. */
    private static RuleSource byPackage(Collection<RuleSource> sources, String javaPath) {
        int root = javaPath.indexOf("src/main/java/");
        String relative = root < 0 ? javaPath : javaPath.substring(root + "src/main/java/".length());
        List<String> folders = new ArrayList<>(List.of(relative.split("/")));
        folders.remove(folders.size() - 1);
        if (!folders.isEmpty() && folders.get(folders.size() - 1).matches("P[0-9A-F]{2}")) {
            folders.remove(folders.size() - 1);
        }
        String pkg = String.join(".", folders);
        return sources.stream().filter(s -> pkg.equals(packageOf(s))).findFirst().orElse(null);
    }

    /**
     * A statement of generated Java in the DRL, blanks aside: Drools writes {@code insert( $x );} as
     * {@code drools.insert($x);}.
     */
    private static int[] locateStatement(String drl, String javaLine) {
        String wanted = javaLine.replaceAll("\\s+", "").replaceFirst("^drools\\.", "");
        if (wanted.length() < 3) {
            return null;
        }
        List<String> lines = drl.lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.replaceAll("\\s+", "").contains(wanted)) {
                return new int[]{n + 1, line.length() - line.stripLeading().length() + 1};
            }
        }
        return null;
    }

    /** A name as a whole word in the code (outside strings and comments), where an error about it points. */
    private static int[] locateName(String drl, String name) {
        Matcher m = Pattern.compile("(?<![\\w$])" + Pattern.quote(name)
                + "(?![\\w$])").matcher(RuleLinter.stripStringsAndComments(drl));
        return m.find() ? RuleLinter.position(drl, m.start()) : null;
    }

    /** The message without the stack trace Drools appends to some, on one line. */
    static String cleanMessage(String raw) {
        String text = raw == null ? "" : raw;
        int cut = text.indexOf("Problem stacktrace");
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        text = text.replaceAll("(?m)^\\s*at [\\w.$]+\\(.*\\)\\s*$", "");
        text = text.strip().replaceAll("\\s*\\n\\s*", " ");
        // A path to generated Java says nothing to the rule's author.
        return text.replaceAll("\\S*src/main/java/\\S*\\.java\\S*", "the consequence");
    }

    private static String identifierAt(String line, int index) {
        int from = index;
        while (from > 0 && Character.isJavaIdentifierPart(line.charAt(from - 1))) {
            from--;
        }
        int to = index;
        while (to < line.length() && Character.isJavaIdentifierPart(line.charAt(to))) {
            to++;
        }
        return from < to ? line.substring(from, to) : null;
    }

    /** The name a message is about: "The method setExternalID(String) ..." is about setExternalID. */
    private static String subjectOf(String text) {
        Matcher m = Pattern.compile(
                "(?:The method |The field |The constructor |^)([A-Za-z_$][\\w$]*)(?:\\(| cannot be resolved| is undefined)").matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        Matcher type = Pattern.compile("Unable to find class:? '?([\\w$.]+)").matcher(text);
        return type.find() ? type.group(1) : null;
    }

    private static String generatedLine(List<Message> all, String javaPath, int line) {
        for (Message m : all) {
            String text = m.getText();
            if (text != null && text.startsWith(GENERATED_SOURCE) && text.contains(javaPath)) {
                List<String> lines = text.lines().skip(1).toList();
                return line <= lines.size() ? lines.get(line - 1).strip() : null;
            }
        }
        return null;
    }

    private static int[] locate(String drl, String needle) {
        List<String> lines = drl.lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            int column = lines.get(n).indexOf(needle);
            if (column >= 0) {
                return new int[]{n + 1, column + 1};
            }
        }
        return null;
    }

    /** Where to look for a problem in a DRL: the terms to look for, and how one is found (line and column, or null). */
    private record Locator(List<String> terms, BiFunction<String, String, int[]> find) {
    }
}
