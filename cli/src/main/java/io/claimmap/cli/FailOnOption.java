package io.claimmap.cli;

import io.claimmap.engine.result.Verdict;
import picocli.CommandLine.Option;

/** {@code --fail-on warning|error}: which verdicts exit 1, so that CI can gate on warnings too. */
public final class FailOnOption {
    public enum Level { warning, error }

    @Option(names = "--fail-on", paramLabel = "warning|error", defaultValue = "error",
            description = "Exit 1 on verdict fail (error, the default), or on warn too (warning): for CI gates.")
    Level level = Level.error;

    public int exitCode(Verdict verdict) {
        boolean failing = verdict == Verdict.FAIL || (level == Level.warning && verdict == Verdict.WARN);
        return failing ? ExitCodes.FAIL : ExitCodes.OK;
    }
}
