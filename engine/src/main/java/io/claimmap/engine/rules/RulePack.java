package io.claimmap.engine.rules;

import java.util.List;

/** A DRL package in the active rule set: its name, whether it is built in, and its rules in declaration order. */
public record RulePack(String name, boolean builtin, List<String> rules) {
    public RulePack {
        rules = List.copyOf(rules);
    }
}
