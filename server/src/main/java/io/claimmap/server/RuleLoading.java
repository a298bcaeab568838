package io.claimmap.server;

import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleSet;

import java.io.IOException;

/** Loads the configured rule set afresh: at start, and on every edit of a watched rule file. */
@FunctionalInterface
public interface RuleLoading {
    RuleSet load() throws RuleCompilationException, IOException;
}
