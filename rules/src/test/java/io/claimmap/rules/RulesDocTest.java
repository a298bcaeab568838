package io.claimmap.rules;

import io.claimmap.engine.rules.RuleCompiler;
import io.claimmap.engine.rules.RuleSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every complete rule file shown in docs/RULES.md compiles, so the documentation cannot drift from the engine. */
class RulesDocTest {
    private static final Pattern DRL_BLOCK = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyRuleFileInTheDocsCompiles() throws Exception {
        String doc = Files.readString(Path.of("../docs/RULES.md"));
        List<RuleSource> files = new ArrayList<>();
        Matcher block = DRL_BLOCK.matcher(doc);
        while (block.find()) {
            if (block.group(1).startsWith("package ")) {
                files.add(new RuleSource("docs/RULES.md#" + files.size(), block.group(1)));
            }
        }
        assertTrue(files.size() >= 4, "found " + files.size() + " rule files");
        for (RuleSource file : files) {
            assertDoesNotThrow(() -> RuleCompiler.compile(List.of(file), false), file.drl());
        }
    }
}
