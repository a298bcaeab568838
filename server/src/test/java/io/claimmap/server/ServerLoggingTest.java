package io.claimmap.server;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text log as {@code serve} writes it to stderr: one line per event, whatever the message holds. */
class ServerLoggingTest {
    @Test
    void aMultiLineMessageIsOneLine() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ServerLogging.apply(context, ServerLogging.Format.TEXT);
            // As Drools logs a rule set that does not build: a message of several lines, ending in blank ones.
            context.getLogger("org.kie.KieProject").error("Unable to build KieBaseModel:defaultKieBase\n"
                    + "InvalidExpressionErrorResult: Unable to find class: Nope\n\n");
            context.getLogger("io.claimmap.server.Routes").error("500 on POST /v1/validate", new IllegalStateException("boom"));
        } finally {
            context.stop();
            System.setErr(err);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\r?\n");
        assertEquals(2, lines.length, captured.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].endsWith("ERROR KieProject: Unable to build KieBaseModel:defaultKieBase | "
                + "InvalidExpressionErrorResult: Unable to find class: Nope | "), lines[0]);
        assertTrue(lines[1].contains("500 on POST /v1/validate") && lines[1].contains("IllegalStateException: boom | at "),
                lines[1]);
    }
}
