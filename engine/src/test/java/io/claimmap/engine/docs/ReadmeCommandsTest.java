package io.claimmap.engine.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first commands, in this order: the main job on a bundled example, then the whole test suite; and
 * {@code .ci/run} runs exactly that test command, character for character.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmeOpensWithTheExampleThenTheTestCommandThatCiRuns() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int block = readme.indexOf("```sh\n");
        assertTrue(block >= 0, "the README has a shell block");
        List<String> commands = readme.substring(block + 6, readme.indexOf("```", block + 6)).lines().toList();
        assertTrue(commands.get(0).startsWith("./claimmap validate examples/"), commands.get(0));
        String test = commands.get(1);
        assertTrue(test.startsWith("./mvnw ") && test.endsWith(" verify"), test);
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .filter(line -> line.startsWith("./mvnw")).toList();
        assertEquals(List.of(test), ci, ".ci/run runs the README's test command");
    }
}
