package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot reload: edits of watched rules are compiled off the request path and swapped in whole. */
class RuleReloadTest {
    @TempDir
    Path cache;
    @TempDir
    Path rules;

    static String version(String label) {
        // Two fields written by one rule: a response mixing versions would show two different labels.
        return """
                package acme.reload;
                import io.claimmap.engine.facts.*;
                global MappingDraft mapping;
                rule "version %s"
                when
                    Token( subject != null )
                then
                    mapping.setExternalId( "%s" );
                    mapping.setDepartment( "%s" );
                end
                """.formatted(label, label, label);
    }

    /**
     * Replaces a rule file in one step, as an editor saving through a temporary file does: the watcher polls often
     * here, and an edit written in place could be read between the truncation and the write.
     */
    static void edit(Path drl, String text) throws Exception {
        Path next = drl.resolveSibling(drl.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, drl, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode awaitRules(ServerFixture hook, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rules = ServerFixture.JSON.readTree(hook.get("/v1/rules").body());
            if (condition.test(rules)) {
                return rules;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the rules did not reload in time");
    }

    private ServerFixture serve() throws Exception {
        return ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0), List.of(ServerFixture.trustedKeys()),
                cache, List.of(rules));
    }

    @Test
    void aValidEditIsSwappedInAndABrokenOneKeepsTheLastGoodRules() throws Exception {
        Path drl = rules.resolve("acme.drl");
        Files.writeString(drl, version("v1"));
        String token = TestTokens.sign(claims().build());
        try (ServerFixture hook = serve()) {
            assertEquals("v1", hook.validate(token).at("/mapping/externalId").asText());
            String first = ServerFixture.JSON.readTree(hook.get("/v1/rules").body()).get("revision").asText();

            edit(drl, version("v2"));
            awaitRules(hook, r -> !r.get("revision").asText().equals(first));
            assertEquals("v2", hook.validate(token).at("/mapping/externalId").asText());

            edit(drl, "package acme.reload;\nimport io.claimmap.engine.facts.*;\nrule \"broken\"\nwhen\n"
                    + "    Token( nosuchfield == 1 )\nthen\nend\n");
            JsonNode broken = awaitRules(hook, r -> !r.get("lastReloadError").isNull());
            JsonNode problem = broken.at("/lastReloadError/problems/0");
            assertTrue(problem.get("file").asText().endsWith("acme.drl"), problem.toString());
            assertEquals(5, problem.get("line").asInt(), problem.toString());
            assertTrue(problem.get("message").asText().contains("nosuchfield"), problem.toString());
            assertEquals("v2", hook.validate(token).at("/mapping/externalId").asText(), "the last good rules serve");
            assertEquals(200, hook.get("/readyz").statusCode());
            assertTrue(hook.get("/metrics").body().contains("claimmap_rule_reloads_total{result=\"failure\"} 1"));
        }
    }

    @Test
    void underConcurrentLoadNoRequestFailsAndEachSeesWholeRules() throws Exception {
        Path drl = rules.resolve("acme.drl");
        Files.writeString(drl, version("v1"));
        String token = TestTokens.sign(claims().build());
        try (ServerFixture hook = serve()) {
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Integer>> workers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(clients.submit(() -> {
                    int requests = 0;
                    while (running.get() && requests < 20_000) {
                        JsonNode result = hook.validate(token);
                        String id = result.at("/mapping/externalId").asText();
                        String department = result.at("/mapping/qm/department").asText();
                        if (!id.equals(department)) {
                            throw new AssertionError("mixed rules: " + id + " / " + department);
                        }
                        seen.add(id);
                        requests++;
                    }
                    return requests;
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.contains("v1") && System.nanoTime() < deadline) {
                Thread.sleep(10); // the first rules are seen before any edit
            }
            for (int edit = 2; edit <= 4; edit++) {
                String label = "v" + edit;
                edit(drl, version(label));
                awaitRules(hook, r -> r.at("/packs").toString().contains("version " + label));
                Thread.sleep(100);
            }
            running.set(false);
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get(30, TimeUnit.SECONDS); // rethrows any failed request or mixed answer
            }
            clients.shutdown();
            assertTrue(total > 0);
            assertTrue(seen.contains("v1") && seen.contains("v4"), "requests saw the old and the new rules");
        }
    }

    @Test
    void aKubernetesConfigMapUpdateIsReloaded() throws Exception {
        // The layout kubelet writes: visible names are symlinks through ..data to a hidden timestamped folder,
        // and an update swaps ..data atomically.
        Path first = Files.createDirectory(rules.resolve("..2026_11_21_12_00_00.1"));
        Files.writeString(first.resolve("acme.drl"), version("v1"));
        Files.createSymbolicLink(rules.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(rules.resolve("acme.drl"), Path.of("..data/acme.drl"));
        String token = TestTokens.sign(claims().build());
        try (ServerFixture hook = serve()) {
            assertEquals("v1", hook.validate(token).at("/mapping/externalId").asText(), "each rule loaded once");
            Path second = Files.createDirectory(rules.resolve("..2026_11_21_12_05_00.2"));
            Files.writeString(second.resolve("acme.drl"), version("v2"));
            Path swap = Files.createSymbolicLink(rules.resolve("..data_tmp"), second.getFileName());
            Files.move(swap, rules.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            awaitRules(hook, r -> r.at("/packs").toString().contains("version v2"));
            assertEquals("v2", hook.validate(token).at("/mapping/externalId").asText());
        }
    }
}
