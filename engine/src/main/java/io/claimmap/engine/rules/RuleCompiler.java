package io.claimmap.engine.rules;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles DRL to the Drools executable model (Java classes), never to the classic MVEL engine: loading the
 * generated classes later is ten times faster than compiling, and the two engines do not mix.
 */
public final class RuleCompiler {
    private static final String RESERVED_PACKAGE = "io.claimmap.rules.builtin";
    private static final String MODEL_FILE = "drools-model";

    private RuleCompiler() {
    }

    /** @param reservedPackagesAllowed true only when compiling the built-in packs */
    public static CompiledRules compile(List<RuleSource> sources, boolean reservedPackagesAllowed)
            throws RuleCompilationException {
        KieServices kie = KieServices.Factory.get();
        KieFileSystem files = kie.newKieFileSystem();
        Map<String, RuleSource> origins = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            RuleSource source = sources.get(i);
            if (!reservedPackagesAllowed && declaresReservedPackage(source.drl())) {
                problems.add(source.origin() + ":1:0: the package " + RESERVED_PACKAGE + " is reserved for the built-in packs");
                continue;
            }
            String resource = "src/main/resources/claimmap/r" + i + "/" + fileName(source.origin());
            origins.put(resource.substring("src/main/resources/".length()), source);
            files.write(resource, source.drl());
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        KieBuilder builder = kie.newKieBuilder(files).buildAll(ExecutableModelProject.class);
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(describe(message, origins));
        }
        if (!problems.isEmpty()) {
            throw new RuleCompilationException(problems);
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        for (String name : module.getFileNames()) {
            if (name.endsWith(".class")) {
                classes.put(name, module.getBytes(name));
            } else if (name.endsWith(MODEL_FILE)) {
                models.addAll(CompiledRules.readModelNames(new String(module.getBytes(name), StandardCharsets.UTF_8)));
            }
        }
        if (models.isEmpty()) {
            throw new RuleCompilationException(List.of("the rules compiled to no executable model"));
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

    private static String describe(Message message, Map<String, RuleSource> sources) {
        String path = message.getPath();
        RuleSource source = path == null ? null : sources.entrySet().stream()
                .filter(e -> e.getKey().endsWith(path) || path.endsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        String text = message.getText() == null ? "" : message.getText().strip().replaceAll("\\s*\\n\\s*", " ");
        int line = message.getLine();
        int column = message.getColumn();
        if (line <= 0 && source != null) {
            int[] found = locate(source.drl(), text);
            line = found[0];
            column = found[1];
        }
        String origin = source != null ? source.origin() : path != null ? path : "rules";
        return origin + ":" + Math.max(line, 0) + ":" + Math.max(column, 0) + ": " + text;
    }

    // The executable-model compiler reports some errors without a position but quotes the expression at fault
    // ("Unable to parse left part of expression: isuer == \"x\""); find that text in the source.
    private static int[] locate(String drl, String text) {
        int colon = text.lastIndexOf(": ");
        String quoted = colon < 0 ? "" : text.substring(colon + 2).strip();
        int at = quoted.length() < 3 ? -1 : drl.indexOf(quoted);
        if (at < 0) {
            return new int[]{0, 0};
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (drl.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[]{line, at - lineStart + 1};
    }
}
