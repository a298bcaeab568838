package io.claimmap.server;

import io.claimmap.engine.rules.RuleProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The log lines of a rule reload: the new revision and how long it took, or each problem at file:line:col. */
final class ReloadLog {
    private static final Logger LOG = LoggerFactory.getLogger(LiveValidator.class);

    private ReloadLog() {
    }

    static void success(String revision, long millis) {
        LOG.atInfo().addKeyValue("revision", revision).addKeyValue("ms", millis)
                .log("rules reloaded: revision {} in {} ms", revision, millis);
    }

    /** @param cause an unexpected failure (an Error such as OutOfMemoryError), logged with its stack trace; or null */
    static void failure(List<RuleProblem> problems, String serving, Throwable cause) {
        for (RuleProblem problem : problems) {
            String at = problem.file() + ":" + problem.line() + ":" + problem.column();
            LOG.atError().setCause(cause).addKeyValue("file", problem.file()).addKeyValue("line", problem.line())
                    .addKeyValue("column", problem.column()).addKeyValue("serving", serving)
                    .log("rule reload failed at {}: {} (still serving revision {})", at, problem.message(), serving);
        }
    }
}
