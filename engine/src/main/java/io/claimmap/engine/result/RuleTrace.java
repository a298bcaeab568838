package io.claimmap.engine.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the rule trace ({@code --explain}): a rule that fired, with the facts it matched and what it wrote, or
 * a user rule that did not fire, with the first of its conditions that no fact satisfied.
 *
 * @param rule      the rule's name
 * @param pack      its pack: the DRL package, without the built-in prefix
 * @param matched   the facts the rule matched (for a miss: those its conditions before the unmatched one matched)
 * @param writes    mapping fields the rule wrote, in order ({@code externalId}, {@code qm.agentName}, ...); values may be null
 * @param raised    finding codes the rule raised
 * @param unmatched for a miss, the first condition no fact satisfied and the nearest value; null when fired or when
 *                  no single condition can be blamed
 * @param stopped   why the evaluation stopped in this firing or right after it (a budget exceeded, the rule failed);
 *                  null when it went on
 */
public record RuleTrace(String rule, String pack, Status status, List<String> matched, Map<String, String> writes,
                        List<String> raised, String unmatched, String stopped) {
    public enum Status {
        FIRED("fired"), NOT_FIRED("not-fired");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public RuleTrace {
        matched = List.copyOf(matched);
        writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
        raised = List.copyOf(raised);
    }

    public static RuleTrace fired(String rule, String pack, List<String> matched, Map<String, String> writes,
                                  List<String> raised) {
        return new RuleTrace(rule, pack, Status.FIRED, matched, writes, raised, null, null);
    }

    public static RuleTrace notFired(String rule, String pack, List<String> matched, String unmatched) {
        return new RuleTrace(rule, pack, Status.NOT_FIRED, matched, Map.of(), List.of(), unmatched, null);
    }

    /** This entry, marked as where the evaluation stopped, and why. */
    public RuleTrace withStopped(String why) {
        return new RuleTrace(rule, pack, status, matched, writes, raised, unmatched, why);
    }

    public boolean fired() {
        return status == Status.FIRED;
    }

    /** {@code pack » rule}, as findings name the rule that raised them. */
    public String qualifiedName() {
        return pack + " » " + rule;
    }
}
