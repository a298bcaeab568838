package io.claimmap.engine.corpus;

import java.util.Map;

/** The shape of a decision-log record (contract §9), so that a log written with claim values replays as a corpus. */
public final class DecisionRecord {
    private DecisionRecord() {
    }

    /** A JSON object is a decision-log record when it has the members only such a record has together. */
    public static boolean isRecord(Map<String, Object> object) {
        return object.containsKey("revision") && object.containsKey("verdict") && object.containsKey("codes");
    }
}
