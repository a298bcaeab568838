package io.claimmap.examples;

import io.claimmap.genesys.testing.FakeGenesys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI ({@code cli/target/claimmap.jar}, built before this module's tests): the Genesys SDK lives in
 * {@code lib/genesys/}, off the launcher's class path, so a command without {@code --genesys} loads none of it, and
 * {@code --genesys} finds it through the engine's child class loader.
 */
class GenesysPackagingTest {
    static final Path JAR = Path.of("cli/target/claimmap.jar");

    record Result(int exit, String out) {
    }

    static Result java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GENESYSCLOUD_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }

    @Test
    void theSdkIsPackagedApartFromTheLaunchersClassPath() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run the build first: " + JAR);
        Path genesysLib = JAR.resolveSibling("lib").resolve("genesys");
        try (var jars = Files.list(genesysLib)) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().startsWith("platform-client-v2-")), genesysLib.toString());
        }
        try (var jars = Files.list(JAR.resolveSibling("lib"))) {
            assertFalse(jars.anyMatch(p -> p.getFileName().toString().startsWith("platform-client-v2-")));
        }
    }

    @Test
    void validateWithoutGenesysLoadsNothingOfTheSdk() throws Exception {
        Result run = java(Map.of(), "-verbose:class", "-jar", JAR.toString(), "validate", "examples/salesforce/token.jwt",
                "--jwks", "examples/salesforce/jwks.json", "--now", ExamplesTest.NOW);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("io.claimmap.cli.Main"), "class loading is logged");
        assertFalse(run.out().contains("lib/genesys/"), "a class came from lib/genesys");
        assertFalse(run.out().contains("com.mypurecloud"), "an SDK class was loaded");
    }

    @Test
    void doctorWithGenesysLoadsTheSdkFromLibGenesys() throws Exception {
        String pem = Files.readString(Path.of("examples/saml-okta/okta-saml-2025.cert.pem"));
        try (FakeGenesys genesys = new FakeGenesys("packaged", "packaged-secret")) {
            genesys.provider("okta", "Okta", ExamplesTest.OKTA_SAML_ISSUER, List.of(pem));
            Result run = java(Map.of("GENESYSCLOUD_OAUTHCLIENT_ID", "packaged", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "packaged-secret",
                            "GENESYSCLOUD_REGION", genesys.url()),
                    "-jar", JAR.toString(), "doctor", "--saml-metadata", "examples/saml-okta/metadata.xml", "--genesys",
                    "--now", ExamplesTest.NOW);
            assertEquals(0, run.exit(), run.out());
            assertTrue(run.out().contains("ok    Genesys Cloud provider: okta \"Okta\""), run.out());
            assertFalse(run.out().contains("packaged-secret"));
        }
    }
}
