package io.claimmap.engine.rules;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles DRL to the Drools executable model (Java classes), never to the classic MVEL engine: loading the
 * generated classes later is ten times faster than compiling, and the two engines do not mix.
 */
public final class RuleCompiler {
    private static final String RESERVED_PACKAGE = "io.claimmap.rules.builtin";
    private static final String MODEL_FILE = "drools-model";
    private static final String GENERATED_SOURCE = "Java source of ";
    private static final AtomicLong COMPILATIONS = new AtomicLong();

    private RuleCompiler() {
    }

    /** @param reservedPackagesAllowed true only when compiling the built-in packs */
    public static CompiledRules compile(List<RuleSource> sources, boolean reservedPackagesAllowed)
            throws RuleCompilationException {
        KieServices kie = KieServices.Factory.get();
        // A release id of its own per compilation, removed afterwards: KieBuilder registers every module it builds
        // in a global repository, which a long-running server reloading rules would otherwise grow forever.
        ReleaseId releaseId = kie.newReleaseId("io.claimmap.compiled", "r" + COMPILATIONS.incrementAndGet(), "1");
        KieFileSystem files = kie.newKieFileSystem().generateAndWritePomXML(releaseId);
        Map<String, RuleSource> origins = new LinkedHashMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            RuleSource source = sources.get(i);
            if (!reservedPackagesAllowed && declaresReservedPackage(source.drl())) {
                problems.add(new RuleProblem(source.origin(), 1, 0, "the package " + RESERVED_PACKAGE + " is reserved for the built-in packs"));
                continue;
            }
            String resource = "src/main/resources/claimmap/r" + i + "/" + fileName(source.origin());
            origins.put(resource.substring("src/main/resources/".length()), source);
            files.write(resource, source.drl());
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        try {
            return build(kie, files, origins);
        } finally {
            kie.getRepository().removeKieModule(releaseId);
        }
    }

    private static CompiledRules build(KieServices kie, KieFileSystem files, Map<String, RuleSource> origins)
            throws RuleCompilationException {
        KieBuilder builder = kie.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        List<RuleProblem> problems = new ArrayList<>();
        for (Message message : errors) {
            String text = message.getText() == null ? "" : message.getText();
            // Drools adds the whole generated source of a failing Java file, and a "null Package" echo of a
            // parse error; neither says anything the real error does not.
            if (!text.startsWith(GENERATED_SOURCE) && !text.contains("Parser returned a null Package")) {
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
            throw new RuleCompilationException(List.of(new RuleProblem("rules", 0, 0, "the rules compiled to no executable model")));
        }
        return new CompiledRules(classes, models);
    }

    private static boolean declaresReservedPackage(String drl) {
        return drl.lines().map(String::strip).anyMatch(line -> line.startsWith("package " + RESERVED_PACKAGE));
    }

    private static String fileName(String origin) {
        String name = origin.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.endsWith(".drl") ? name : name + ".drl";
    }

    private static RuleProblem describe(Message message, Map<String, RuleSource> sources, List<Message> all) {
        String path = message.getPath();
        String text = message.getText().strip().replaceAll("\\s*\\n\\s*", " ");
        int line = message.getLine();
        int column = message.getColumn();
        RuleSource source = path == null ? null : sources.entrySet().stream()
                .filter(e -> e.getKey().endsWith(path) || path.endsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        String needle = null;
        if (path != null && path.endsWith(".java") && line > 0) {
            // An error in a consequence points at generated Java: find that line of Java in the DRL instead.
            needle = generatedLine(all, path, line);
        } else if (line <= 0) {
            // Some constraint errors have no position but quote the expression at fault.
            int at = text.indexOf("expression: ");
            needle = at < 0 ? null : text.substring(at + "expression: ".length()).strip();
        }
        if (needle != null && needle.length() >= 3) {
            for (RuleSource candidate : source == null ? sources.values() : List.of(source)) {
                int[] found = locate(candidate.drl(), needle);
                if (found != null) {
                    source = candidate;
                    line = found[0];
                    column = found[1];
                    break;
                }
            }
        }
        String origin = source != null ? source.origin() : path != null ? path : "rules";
        return new RuleProblem(origin, Math.max(line, 0), Math.max(column, 0), text);
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
}
