package io.claimmap.engine.docs;

import io.claimmap.engine.result.FindingCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/FINDINGS.md explains every finding code with the severity the engine gives it, and no code that does not exist. */
class FindingsDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (error|warning|info)\\b", Pattern.MULTILINE);

    @Test
    void findingsPageAndFindingCodeAgreeOnCodesAndSeverities() throws Exception {
        String page = Files.readString(Path.of("../docs/FINDINGS.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            String previous = documented.put(row.group(1), row.group(2));
            assertEquals(null, previous, row.group(1) + " is documented twice");
        }
        Map<String, String> engine = new TreeMap<>();
        Arrays.stream(FindingCode.values()).forEach(code -> engine.put(code.name(), code.severity().label()));
        assertEquals(engine, new TreeMap<>(documented));
    }
}
