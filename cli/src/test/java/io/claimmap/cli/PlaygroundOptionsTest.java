package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code serve --ui} refuses, as usage errors, every way of putting the playground where it should not be. */
class PlaygroundOptionsTest {
    private static final String JWKS = "../examples/salesforce/jwks.json";

    private static String usageError(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        return run.err();
    }

    @Test
    void uiOnANonLoopbackHostNeedsUiAllowRemote() {
        assertEquals("claimmap: --ui serves the playground on loopback only: use --host 127.0.0.1, or add "
                + "--ui-allow-remote (with an API key) to serve it on 0.0.0.0\n",
                usageError("serve", "--ui", "--host", "0.0.0.0", "--port", "0", "--jwks", JWKS));
    }

    @Test
    void uiAllowRemoteNeedsAnApiKey() {
        assertEquals("claimmap: --ui-allow-remote needs an API key (--api-key or CLAIMMAP_API_KEY)\n",
                usageError("serve", "--ui", "--ui-allow-remote", "--host", "0.0.0.0", "--port", "0", "--jwks", JWKS));
    }

    @Test
    void uiAllowRemoteNeedsUi() {
        assertEquals("claimmap: --ui-allow-remote needs --ui\n",
                usageError("serve", "--ui-allow-remote", "--api-key", "0123456789abcdef0123", "--port", "0", "--jwks", JWKS));
    }
}
