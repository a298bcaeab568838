package io.claimmap.cli;

import io.claimmap.cli.testing.Chromium;
import io.claimmap.server.ClaimmapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playground in a real browser: Debian's headless Chromium over the DevTools protocol, against
 * {@code claimmap serve --ui} on an ephemeral loopback port with the Salesforce keys and the Okta SAML metadata. Skipped,
 * with a message saying so, where Chromium is not installed ({@code .ci/run} installs it).
 *
 * <p>{@code -Dclaimmap.playground.screenshot=docs/playground.png} also saves the screenshot the README shows.
 */
class PlaygroundBrowserTest {
    private static final String ROOT = "../";
    private static ClaimmapServer server;
    private static Chromium browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Chromium.executable();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): "
                + "the playground's browser tests are skipped");
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--ui", "--port", "0", "--no-access-log", "--drain-timeout", "0",
                "--jwks", ROOT + "examples/salesforce/jwks.json",
                "--saml-metadata", ROOT + "examples/saml-okta/metadata.xml",
                "--now", "2026-11-21T12:00:00Z");
        server = ServeRunner.start(serve, new PrintWriter(new StringWriter()));
        base = "http://127.0.0.1:" + server.port() + "/";
        browser = Chromium.launch(chromium);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void openThePage() throws Exception {
        browser.size(1280, 800);
        browser.open(base);
        browser.waitFor("document.querySelector('[data-testid=revision]').textContent !== '…'");
    }

    /** Nothing leaves the machine: every request the page made went to the server that served it. */
    @AfterEach
    void everyRequestStayedOnTheServer() throws Exception {
        List<String> requests = browser.requests();
        assertTrue(requests.stream().anyMatch(u -> u.startsWith(base)), "the page was loaded: " + requests);
        for (String url : requests) {
            assertTrue(url.startsWith(base), "a request off 127.0.0.1: " + url);
        }
        assertEquals(List.of(), browser.blocked(), "nothing the policy had to block");
        assertEquals(List.of(), browser.consoleErrors(), "no script error, no CSP violation");
        browser.clearRequests();
    }

    private static String example(String path) throws Exception {
        return Files.readString(Path.of(ROOT + path), StandardCharsets.UTF_8).strip();
    }

    private void run(String input) throws Exception {
        browser.fill("input", input);
        browser.click("run");
        awaitVerdict();
    }

    private void awaitVerdict() throws Exception {
        browser.waitFor("!document.querySelector('[data-testid=run]').disabled "
                + "&& document.querySelector('[data-testid=status]').textContent.startsWith('Done')");
    }

    private List<String> findingCodes() throws Exception {
        return List.of(browser.eval("[...document.querySelectorAll('[data-testid=findings] [data-code]')]"
                + ".map(e => e.dataset.code).join(' ')").asText().split(" "));
    }

    @Test
    void theSalesforceTokenWarnsThatSubIsAUrlAndMapsTheUserId() throws Exception {
        run(example("examples/salesforce/token.jwt"));

        assertEquals("warn", browser.text("verdict"));
        assertEquals(List.of("SUB_IS_URL"), findingCodes());
        assertTrue(browser.text("findings").contains("Fix: Either send \"0055g00000ABcdeAAD\" as sub"), "the remedy is shown");
        assertEquals("0055g00000ABcdeAAD", browser.text("externalId"));
        assertTrue(browser.text("genesys").startsWith("looks up \"https://login.salesforce.com/id/00D5g000004SxyzEAC/"
                + "0055g00000ABcdeAAD\" (the literal sub)"), browser.text("genesys"));
        assertTrue(browser.text("claims").contains("emailada.lovelace@example.com"), "the claims table: " + browser.text("claims"));
        assertTrue(browser.text("token-facts").contains("subjectUrltrue"), browser.text("token-facts"));
        assertTrue(browser.text("trace").contains("identity URL: externalId is the 18-character user id"), browser.text("trace"));

        Path screenshot = System.getProperty("claimmap.playground.screenshot") == null ? null
                : Path.of(System.getProperty("claimmap.playground.screenshot"));
        if (screenshot != null) {
            Files.write(screenshot, browser.fullPageScreenshot(1280));
        }
    }

    @Test
    void aTamperedTokenFails() throws Exception {
        String[] parts = example("examples/salesforce/token.jwt").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("0055g00000ABcdeAAD", "0055g00000ZZZZZZZZ");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        run(tampered);

        assertEquals("fail", browser.text("verdict"));
        assertTrue(findingCodes().contains("SIGNATURE_INVALID"), findingCodes().toString());
        assertTrue(browser.text("claims-verified").contains("NOT verified"), "unverified claims say so");
    }

    @Test
    void aSamlResponseShowsTheAgentMapping() throws Exception {
        run(example("examples/saml-okta/response.xml"));

        assertEquals("pass", browser.text("verdict"));
        assertEquals("grace.hopper@example.com", browser.text("externalId"));
        assertEquals("Billing", browser.text("department"));
        assertTrue(browser.text("claims").contains("departmentBillingBilling"), browser.text("claims"));
    }

    @Test
    void theUrlEncodedFormFieldOfASamlResponseWorksToo() throws Exception {
        String base64 = Base64.getEncoder().encodeToString(example("examples/saml-okta/response.xml")
                .getBytes(StandardCharsets.UTF_8));
        run("SAMLResponse=" + java.net.URLEncoder.encode(base64, StandardCharsets.UTF_8) + "&RelayState=abc");

        assertEquals("pass", browser.text("verdict"));
        assertEquals("grace.hopper@example.com", browser.text("externalId"));
    }

    @Test
    void aScratchRuleChangesTheMappingForThisRunOnly() throws Exception {
        browser.fill("input", example("examples/salesforce/token.jwt"));
        browser.click("scratch-run"); // the example scratch rule maps the email address
        awaitVerdict();

        assertEquals("ada.lovelace@example.com", browser.text("externalId"));
        assertTrue(browser.text("trace").contains("scratch: externalId is the email address"), browser.text("trace"));

        browser.eval("document.querySelector('[data-testid=use-scratch]').checked = false");
        browser.click("run");
        awaitVerdict();
        assertEquals("0055g00000ABcdeAAD", browser.text("externalId"), "the active rules are untouched");
    }

    @Test
    void aScratchRuleThatDoesNotCompileShowsItsErrorAtItsLine() throws Exception {
        browser.fill("input", example("examples/salesforce/token.jwt"));
        String broken = browser.eval("document.querySelector('[data-testid=scratch]').value").asText()
                .replace("when\n", "whenn\n");
        int line = List.of(broken.split("\n")).indexOf("whenn") + 1;
        browser.fill("scratch", broken);
        browser.click("scratch-run");
        browser.waitFor("document.querySelector('[data-testid=status]').textContent.includes('does not compile')");

        assertTrue(browser.text("scratch-problems").startsWith("line " + line + ", column"), browser.text("scratch-problems"));
        assertTrue(browser.eval("document.querySelector('#gutter [data-line=\"" + line + "\"]').classList.contains('bad')")
                .asBoolean(), "the gutter marks line " + line);
        assertEquals("", browser.text("verdict"), "no verdict from rules that do not compile");

        browser.eval("document.querySelector('#scratch-problems button').click()");
        assertEquals(line, browser.eval("(() => { const a = document.querySelector('[data-testid=scratch]'); "
                + "return a.value.slice(0, a.selectionStart).split('\\n').length; })()").asInt(), "the error link goes to the line");
    }

    @Test
    void ctrlEnterRunsFromTheKeyboard() throws Exception {
        browser.fill("input", example("examples/salesforce/token.jwt"));
        browser.press("input", "Enter", 2);
        awaitVerdict();
        assertEquals("warn", browser.text("verdict"));
    }

    /** The trace as issue 10's {@code --explain} gives it: records with fired and not-fired rules, and why not. */
    @Test
    void aTraceOfRecordsShowsRulesThatDidNotFireAndWhy() throws Exception {
        browser.eval("renderTrace([{rule: 'identity URL', pack: 'salesforce', status: 'fired', matched: ['Token(kind=jwt)'], "
                + "writes: {externalId: '0055g00000ABcdeAAD'}}, {rule: 'NameID', pack: 'saml', status: 'not-fired', "
                + "matched: [], unmatched: 'Token( kind == \"saml\" )'}])");
        String trace = browser.text("trace");
        assertTrue(trace.contains("fired identity URL (salesforce)matched: Token(kind=jwt)writes: externalId = 0055g00000ABcdeAAD"), trace);
        assertTrue(trace.contains("not-fired NameID (saml)not fired because: Token( kind == \"saml\" )"), trace);
    }

    @Test
    void untrustedTextIsShownWithItsInvisibleCharactersEscaped() throws Exception {
        assertEquals("a\\u202eb\\nc\\u200bd", browser.eval("show('a\\u202eb\\nc\\u200bd')").asText());
    }

    /** The Content-Security-Policy holds: the browser itself refuses anything from elsewhere, and inline script. */
    @Test
    void theBrowserRefusesAnythingFromElsewhere() throws Exception {
        browser.eval("document.body.append(Object.assign(document.createElement('img'), {src: 'http://203.0.113.9/x.png'}))");
        browser.eval("document.body.append(Object.assign(document.createElement('script'), {textContent: 'window.pwned = 1'}))");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((browser.blocked().isEmpty() || browser.consoleErrors().stream()
                .noneMatch(e -> e.contains("Content Security Policy") && e.contains("inline"))) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of("http://203.0.113.9/x.png csp"), browser.blocked(), "blocked by the policy, never sent");
        assertTrue(browser.eval("window.pwned === undefined").asBoolean(), "inline script did not run");
        browser.clearRequests();
        browser.open(base);
    }

    @Test
    void theRulesPaneListsTheActivePacks() throws Exception {
        String packs = browser.text("packs");
        assertTrue(packs.contains("salesforce (built in"), packs);
        assertTrue(packs.contains("identity URL: externalId is the 18-character user id"), packs);
    }

    @Test
    void aNarrowWindowNeedsNoSidewaysScrolling() throws Exception {
        for (int width : new int[]{1280, 400}) {
            browser.size(width, 800);
            run(example("examples/salesforce/token.jwt"));
            assertTrue(browser.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth").asBoolean(),
                    "no horizontal scroll at " + width + " px: " + browser.eval("[...document.querySelectorAll('*')]"
                            + ".filter(e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'visible')"
                            + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
                            + ".slice(0, 12).join('; ') + ' iw=' + window.innerWidth + ' cw=' + document.documentElement.clientWidth"));
        }
    }
}
