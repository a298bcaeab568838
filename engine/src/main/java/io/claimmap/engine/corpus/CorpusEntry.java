package io.claimmap.engine.corpus;

/**
 * One entry of a corpus, named by where it came from ({@code file} or {@code file:line}, relative to the corpus
 * argument). The reader only splits; parsing and evaluation happen on the worker threads.
 */
public sealed interface CorpusEntry {
    String source();

    /** A file holding a compact JWS, a token response or a SAML message (XML or base64): validated as {@code validate} does. */
    record Input(String source, byte[] content) implements CorpusEntry {
    }

    /**
     * A JSON object: a {@code *.json} file or one line of a {@code *.jsonl} file. Plain claims, a decision-log record
     * with claim values, or a token response.
     */
    record Json(String source, byte[] content) implements CorpusEntry {
    }

    /** A file or line that could not be read at all (permissions, size): a {@code fail} with {@code MALFORMED_INPUT}. */
    record Unreadable(String source, String message) implements CorpusEntry {
    }
}
