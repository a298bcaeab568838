package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.rules.EvaluationBudget;
import io.claimmap.engine.testing.Runaway;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve against misbehaving rules: answers within the budget, counts runaways, survives any reload failure. */
class RuleSafetyServerTest {
    @TempDir
    Path cache;
    @TempDir
    Path rules;

    @Test
    void aRuleThatRunsPastItsBudgetIsAnsweredInTimeAndCounted() throws Exception {
        // A consequence that never returns until the test is done: the threads it keeps after the deadline end then.
        Files.writeString(rules.resolve("slow.drl"), heldRule("never returns", "Token( )", "RuleSafetyServerTest"));
        EvaluationBudget budget = new EvaluationBudget(1000, Duration.ofMillis(200));
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(rules)).ruleCache(cache).budget(budget).build();
        try (ServerFixture hook = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            hook.server.serve(validation.validator(), validation::loadRules, List.of(), () -> TestTokens.NOW);
            String token = TestTokens.sign(claims().build());
            long start = System.nanoTime();
            JsonNode result = hook.validate(token);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "answered near the budget");
            JsonNode failed = result.at("/findings").findParents("code").stream()
                    .filter(f -> f.get("code").asText().equals("RULE_FAILED")).findFirst().orElseThrow();
            assertEquals("acme.slow » never returns", failed.get("rule").asText());
            assertEquals(200, hook.validate(token) != null ? 200 : 0, "the next request is answered too");
            String metrics = hook.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*\nclaimmap_rule_budget_exceeded_total [1-9].*"), metrics);
            assertTrue(metrics.contains("# TYPE claimmap_rule_failures_total counter"), metrics);
            assertTrue(metrics.contains("# TYPE claimmap_rule_evaluations_runaway gauge"), metrics);
            assertEquals(200, hook.get("/readyz").statusCode());
            hook.server.live().reload();
            assertEquals(budget, hook.server.live().validator().config().rules().budget(), "a reload keeps the budget");
        } finally {
            Runaway.release("RuleSafetyServerTest");
        }
    }

    @Test
    void aDrainThatRunsOutCutsTheRequestWithOneWarningLine() throws Exception {
        // A request held by a rule past the drain timeout: the stop ends at the timeout, and says so in one line
        // (Javalin alone logged a stack trace, and the stopping thread died with another).
        Files.writeString(rules.resolve("slow.drl"), heldRule("never returns", "Token( )", "RuleSafetyServerTest.drain"));
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(rules)).ruleCache(cache).budget(new EvaluationBudget(1000, Duration.ofMinutes(1))).build();
        ServerFixture hook = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0)
                .withDrainTimeout(Duration.ofMillis(300)));
        try (LogCapture log = new LogCapture()) {
            hook.server.serve(validation.validator(), validation::loadRules, List.of(), () -> TestTokens.NOW);
            String token = TestTokens.sign(claims().build());
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    hook.validate(token);
                } catch (Exception cut) {
                    // the stop closes its connection
                }
            });
            while (!Runaway.spinning("RuleSafetyServerTest.drain")) {
                Thread.sleep(10); // until the request is in flight, held by the rule
            }
            hook.close();
            String text = log.text();
            assertTrue(text.contains("requests still in flight after the drain timeout (300 ms) were cut"), text);
            assertTrue(!text.contains("failed to stop") && !text.contains("TimeoutException"), text);
            // The stop's interrupt reached the rule's evaluation on the validation thread: no request thread stuck.
            assertTrue(!text.contains("Couldn't stop"), text);
        } finally {
            Runaway.release("RuleSafetyServerTest.drain");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aValidationWaitsForTheValidationThreadThatARuleHolds() throws Exception {
        // One validation thread (--validation-threads 1), held by a request whose rule does not return: the next
        // request waits for it (or, after the longest wait, runs on its request thread and is counted).
        Files.writeString(rules.resolve("slow.drl"),
                heldRule("holds the first", "Token( subject == \"first\" )", "RuleSafetyServerTest.thread"));
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(rules)).ruleCache(cache).budget(new EvaluationBudget(1000, Duration.ofMinutes(1))).build();
        ServerSettings defaults = ServerSettings.defaults("127.0.0.1", 0);
        ServerSettings oneThread = new ServerSettings(defaults.host(), 0, null, defaults.maxBodyBytes(), defaults.maxThreads(),
                1, defaults.idleTimeout(), defaults.bodyTimeout(), Duration.ZERO, false);
        try (ServerFixture hook = ServerFixture.started(oneThread)) {
            hook.server.serve(validation.validator(), validation::loadRules, List.of(), () -> TestTokens.NOW);
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> validate(hook, "first"));
            while (!Runaway.spinning("RuleSafetyServerTest.thread")) {
                Thread.sleep(10); // until the first request holds the validation thread
            }
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> validate(hook, "second"));
            String metrics = hook.get("/metrics").body();
            while (!metrics.contains("\nclaimmap_validations_waiting 1")
                    && !metrics.matches("(?s).*\nclaimmap_validations_on_request_thread_total [1-9].*")) {
                Thread.sleep(10); // until the second request waits (or has waited its longest)
                metrics = hook.get("/metrics").body();
            }
            assertTrue(metrics.contains("\nclaimmap_validation_threads 1.0"), metrics);
            Runaway.release("RuleSafetyServerTest.thread");
            assertEquals("pass", second.get().get("verdict").asText());
            assertEquals("pass", first.get().get("verdict").asText(), "the held rule returned within its budget");
        } finally {
            Runaway.release("RuleSafetyServerTest.thread");
        }
    }

    /** A rule whose consequence holds its thread until the test calls {@code Runaway.release(runaway)}. */
    private static String heldRule(String name, String when, String runaway) {
        return """
                package acme.slow;
                import io.claimmap.engine.facts.*;
                global MappingDraft mapping;
                rule "%s"
                when
                    %s
                then
                    long spins = io.claimmap.engine.testing.Runaway.spin( "%s" );
                    mapping.setDepartment( "" + spins );
                end
                """.formatted(name, when, runaway);
    }

    private static JsonNode validate(ServerFixture hook, String subject) {
        try {
            return hook.validate(TestTokens.sign(claims().subject(subject).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReloadThatFailsWithAnErrorIsRecordedAndTheLastGoodRulesServe() throws Exception {
        Files.writeString(rules.resolve("acme.drl"), RuleReloadTest.version("v1"));
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(rules)).ruleCache(cache).build();
        AtomicInteger loads = new AtomicInteger();
        RuleLoading loading = () -> {
            if (loads.incrementAndGet() > 1) {
                throw new OutOfMemoryError("Java heap space"); // what 1,000 rules did to a 128 MB heap
            }
            return validation.loadRules();
        };
        try (ServerFixture hook = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            hook.server.serve(new Validator(validation.config(loading.load())), loading, List.of(rules), () -> TestTokens.NOW);
            RuleReloadTest.edit(rules.resolve("acme.drl"), RuleReloadTest.version("v2"));
            JsonNode error = awaitReloadError(hook);
            assertTrue(error.at("/problems/0/message").asText().contains("OutOfMemoryError: Java heap space"), error.toString());
            String token = TestTokens.sign(claims().build());
            assertEquals("v1", hook.validate(token).at("/mapping/externalId").asText(), "the last good rules serve");
            assertTrue(hook.get("/metrics").body().contains("claimmap_rule_reloads_total{result=\"failure\"} 1"));
        }
    }

    @Test
    void aHotReloadedRuleCallingSystemExitIsRefusedAndTheServerServesOn() throws Exception {
        Files.writeString(rules.resolve("acme.drl"), RuleReloadTest.version("v1"));
        try (ServerFixture hook = ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0),
                List.of(ServerFixture.trustedKeys()), cache, List.of(rules))) {
            RuleReloadTest.edit(rules.resolve("acme.drl"), RuleReloadTest.version("v2")
                    .replace("mapping.setDepartment( \"v2\" );", "System.exit( 3 );"));
            JsonNode error = awaitReloadError(hook);
            assertEquals("FORBIDDEN_CALL", error.at("/problems/0/code").asText(), error.toString());
            assertEquals(9, error.at("/problems/0/line").asInt(), error.toString());
            String token = TestTokens.sign(claims().build());
            assertEquals("v1", hook.validate(token).at("/mapping/externalId").asText(), "still serving, the last good rules");
        }
    }

    @Test
    void filesOtherThanRulesDoNotTriggerReloads() throws Exception {
        Files.writeString(rules.resolve("acme.drl"), RuleReloadTest.version("v1"));
        AtomicInteger reloads = new AtomicInteger();
        try (RuleWatcher watcher = new RuleWatcher(List.of(rules), reloads::incrementAndGet, Duration.ofMillis(20))) {
            Files.writeString(rules.resolve("notes.txt"), "not a rule");
            Files.writeString(rules.resolve("acme.drl~"), "an editor backup");
            Files.createDirectory(rules.resolve(".git"));
            Files.writeString(rules.resolve(".git/acme.drl"), "hidden");
            Thread.sleep(300); // fifteen polls
            assertEquals(0, reloads.get(), "only .drl content counts");
            RuleReloadTest.edit(rules.resolve("acme.drl"), RuleReloadTest.version("v2"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reloads.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, reloads.get(), "a .drl edit reloads once");
        }
    }

    @Test
    void aSteadyStreamOfEditsCannotPostponeAReload() throws Exception {
        Files.writeString(rules.resolve("acme.drl"), RuleReloadTest.version("v1"));
        AtomicInteger reloads = new AtomicInteger();
        try (RuleWatcher watcher = new RuleWatcher(List.of(rules), reloads::incrementAndGet, Duration.ofMillis(100))) {
            // An edit every 10 ms for a second: a settle-then-reload watcher would never reload during it.
            for (int i = 0; i < 100; i++) {
                Files.writeString(rules.resolve("acme.drl"), RuleReloadTest.version("v" + i));
                Thread.sleep(10);
            }
            assertTrue(reloads.get() >= 3, "reloaded while the edits went on: " + reloads.get());
        }
    }

    private static JsonNode awaitReloadError(ServerFixture hook) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rules = ServerFixture.JSON.readTree(hook.get("/v1/rules").body());
            if (!rules.get("lastReloadError").isNull()) {
                return rules.get("lastReloadError");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reload error recorded");
    }
}
