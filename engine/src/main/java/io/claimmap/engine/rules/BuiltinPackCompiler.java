package io.claimmap.engine.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Build step of the rules module: compiles the built-in {@code .drl} packs to executable-model classes, so that no
 * run of claimmap ever compiles them. Usage: {@code BuiltinPackCompiler <drl folder> <classes folder>}.
 */
public final class BuiltinPackCompiler {
    private BuiltinPackCompiler() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuiltinPackCompiler <drl folder> <classes folder>");
        }
        List<RuleSource> sources = RuleSource.read(Path.of(args[0]));
        CompiledRules compiled;
        try {
            compiled = RuleCompiler.compile(sources, true);
        } catch (RuleCompilationException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Path out = Path.of(args[1]);
        compiled.writeTo(out);
        Path index = out.resolve(RuleSetLoader.BUILTIN_MODELS);
        Files.createDirectories(index.getParent());
        Files.writeString(index, "# revision " + RuleSource.hash("builtin", sources).substring(0, 16) + "\n"
                + String.join("\n", compiled.modelClassNames()) + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve(RuleLinter.BUILTIN_WRITES), RuleLinter.builtinWritesText(sources), StandardCharsets.UTF_8);
        Files.delete(out.resolve(CompiledRules.MODELS_FILE));
        System.out.println("claimmap: compiled " + sources.size() + " built-in rule pack(s) to " + compiled.classFiles().size()
                + " classes");
    }
}
