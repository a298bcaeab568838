package io.claimmap.cli;

import io.claimmap.cli.audit.Progress;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.corpus.CorpusEvaluator;
import io.claimmap.engine.corpus.CorpusReader;
import io.claimmap.engine.corpus.ParallelRun;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What {@code audit} and {@code diff} share: the corpus, how to read its claims, and how many threads evaluate it. */
public final class CorpusOptions {
    public enum Kind { jwt, saml }

    @Parameters(paramLabel = "CORPUS", arity = "1..*", description = "Files and folders (recursively): compact JWS, "
            + "SAML messages (XML or base64), claims objects (*.json), JSON Lines (*.jsonl: claims objects or "
            + "decision-log records with claim values).")
    List<Path> corpus = new ArrayList<>();

    @Option(names = "--purpose", paramLabel = "messaging|agent", description = "Evaluate every entry for this purpose "
            + "(default: messaging for JWT and claims, agent for SAML, or what a decision-log record names).")
    Purpose purpose;

    @Option(names = "--kind", paramLabel = "jwt|saml", defaultValue = "jwt", description = "What plain claims objects "
            + "are: an ID token's payload (jwt, the default) or SAML (iss the Issuer, sub the NameID, other members "
            + "attributes).")
    Kind kind;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).",
            defaultValue = "0")
    int threads;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    int threads() {
        if (threads < 0) {
            throw new UsageException("--threads must be at least 1, not " + threads);
        }
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** Usage errors before any work: a corpus argument that does not exist. */
    void check() {
        Path missing = CorpusReader.firstMissing(corpus);
        if (missing != null) {
            throw new UsageException(missing + ": no such file or folder");
        }
        threads();
    }

    /** @param explain keep the rule trace (audit counts the rules that fired) */
    CorpusEvaluator evaluator(Validator validator, Instant now, boolean explain) {
        return new CorpusEvaluator(validator, now, purpose, kind.name(), explain);
    }

    /** A folder of the corpus that is not read (audit's --out), or null. */
    private Path excluded;

    void exclude(Path folder) {
        excluded = folder;
    }

    /** The progress line on stderr when it is a terminal, else nothing. */
    Progress progress() {
        if (!Progress.stderrIsTerminal()) {
            return Progress.none();
        }
        PrintWriter err = spec.commandLine().getErr();
        return new Progress(err, System::nanoTime, CorpusReader.size(corpus));
    }

    /** Reads and evaluates the corpus on the worker threads; {@code consumer} gets each result in corpus order. */
    <R> void run(Progress progress, Function<io.claimmap.engine.corpus.CorpusEntry, R> work,
                 ParallelRun.Consumer<R> consumer) throws Exception {
        new ParallelRun<>(threads(), work).run(new CorpusReader(progress::read, excluded), corpus, result -> {
            consumer.accept(result);
            progress.entry();
        });
        progress.finish();
    }

    /** The corpus arguments as the report names them. */
    String label() {
        return String.join(" ", corpus.stream().map(Path::toString).toList());
    }
}
