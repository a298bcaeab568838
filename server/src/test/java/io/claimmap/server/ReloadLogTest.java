package io.claimmap.server;

import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a rule reload writes to the log: the new revision and its time, or each problem at file:line:col. */
@Isolated("reads the JVM's one log: another test's server must not write in it")
class ReloadLogTest {
    @TempDir
    Path cache;
    @TempDir
    Path rules;

    @Test
    void reloadsAreLoggedWithTheRevisionOrWhereTheyFailed() throws Exception {
        Path drl = rules.resolve("acme.drl");
        Files.writeString(drl, RuleReloadTest.version("v1"));
        ValidationSettings settings = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(drl)).ruleCache(cache).build();
        try (LogCapture log = new LogCapture();
             ServerFixture hook = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            // Not watched: this test reloads on demand.
            hook.server.serve(settings.validator(), settings::loadRules, List.of(), () -> TestTokens.NOW);
            Files.writeString(drl, RuleReloadTest.version("v2"));
            assertTrue(hook.server.live().reload());
            String revision = hook.server.live().validator().config().rules().revision();
            assertTrue(log.text().matches("(?s).*\"message\":\"rules reloaded: revision " + revision
                    + " in \\d+ ms\",\"revision\":\"" + revision + "\",\"ms\":\\d+.*"), log.text());

            Files.writeString(drl, "package acme.reload;\nimport io.claimmap.engine.facts.*;\nrule \"broken\"\nwhen\n"
                    + "    Token( nosuchfield == 1 )\nthen\nend\n");
            assertFalse(hook.server.live().reload());
            String text = log.text();
            assertTrue(text.matches("(?s).*\"level\":\"error\",\"logger\":\"io.claimmap.server.LiveValidator\","
                    + "\"message\":\"rule reload failed at [^\"]*acme.drl:5:\\d+: [^\"]*nosuchfield[^\"]*"
                    + "\\(still serving revision " + revision + "\\)\".*"), text);
        }
    }
}
