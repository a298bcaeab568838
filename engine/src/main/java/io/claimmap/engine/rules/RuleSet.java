package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Evaluation;
import io.claimmap.engine.facts.Findings;
import io.claimmap.engine.facts.MappingDraft;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.RuleTrace;
import org.drools.base.InitialFact;
import org.drools.core.rule.consequence.InternalMatch;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.StatelessKieSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compiled, immutable rule set: the built-in packs and any user rules in one KieBase. Each evaluation runs in its
 * own stateless session, so a RuleSet is safe to share between threads and to swap atomically on reload.
 */
public final class RuleSet {
    public static final String BUILTIN_PACKAGE_PREFIX = "io.claimmap.rules.builtin.";

    private final KieBase kieBase;
    private final String revision;
    private final Instant loadedAt;
    private final List<RulePack> packs;
    private final Set<String> globals;
    private final EvaluationBudget budget;
    private final MissExplainer misses;
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    RuleSet(KieBase kieBase, String revision, Instant loadedAt) {
        this(kieBase, revision, loadedAt, List.of());
    }

    /** @param userSources the user rules' DRL, read again to explain the rules that did not fire */
    RuleSet(KieBase kieBase, String revision, Instant loadedAt, List<RuleSource> userSources) {
        this.misses = new MissExplainer(userSources);
        this.kieBase = kieBase;
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.packs = describePacks(kieBase);
        Set<String> names = new HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            pkg.getGlobalVariables().stream().map(Global::getName).forEach(names::add);
        }
        this.globals = Set.copyOf(names);
        this.budget = EvaluationBudget.DEFAULT;
    }

    private RuleSet(KieBase kieBase, String revision, Instant loadedAt, List<RulePack> packs, Set<String> globals,
                    MissExplainer misses, EvaluationBudget budget) {
        this.misses = misses;
        this.kieBase = kieBase;
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.packs = packs;
        this.globals = globals;
        this.budget = budget;
    }

    /** The content hash of the rule sources that make up this set. */
    public String revision() {
        return revision;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<RulePack> packs() {
        return packs;
    }

    /** The same rules with another evaluation budget. */
    public RuleSet withBudget(EvaluationBudget budget) {
        return new RuleSet(kieBase, revision, loadedAt, packs, globals, misses, budget);
    }

    public EvaluationBudget budget() {
        return budget;
    }

    /**
     * Runs the rules over one input's facts, within the {@linkplain #budget() budget}. Whatever the rules do (throw
     * an exception or an {@code Error}, fire or insert facts forever, never return), the answer comes within the
     * time budget: a {@code RULE_FAILED} finding names the rule that was running, and the trace marks where it stopped.
     */
    public RuleOutcome evaluate(Token token, List<Claim> claims, Contacts contacts) {
        Evaluation evaluation = new Evaluation();
        MappingDraft mapping = new MappingDraft(evaluation);
        Findings findings = new Findings(evaluation);
        StatelessKieSession session = kieBase.newStatelessKieSession();
        setGlobal(session, "mapping", mapping);
        setGlobal(session, "findings", findings);
        setGlobal(session, "contacts", contacts);
        Spending spending = new Spending(evaluation, budget);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                int salience = event.getMatch() instanceof InternalMatch match ? match.getSalience() : 0;
                // A rule made only of exists/not matches Drools' internal InitialFact, which means nothing to users.
                evaluation.ruleFiring(packName(rule.getPackageName()), rule.getName(), salience, event.getMatch()
                        .getObjects().stream().filter(o -> !(o instanceof InitialFact)).map(String::valueOf).toList());
                spending.spend();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                evaluation.ruleDone();
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getRule() != null) { // the facts of the input are free; what rules insert is not
                    spending.spend();
                }
            }
        });
        List<Object> facts = new ArrayList<>(claims.size() + 1);
        facts.add(token);
        facts.addAll(claims);
        String failure = run(session, facts, evaluation);
        List<Finding> raised = new ArrayList<>(findings.raised());
        Mapping result = mapping.toMapping();
        for (Evaluation.Conflict conflict : evaluation.conflicts()) {
            raised.add(FindingCode.MAPPING_CONFLICT.finding("the rules \"" + conflict.firstRule() + "\" and \""
                    + conflict.winningRule() + "\" have the same salience and wrote different values to "
                    + conflict.field() + " (" + quoted(conflict.firstValue()) + ", then " + quoted(conflict.winningValue())
                    + "); the later write wins: " + quoted(conflict.winningValue()),
                    "Give the rule that should win a higher salience, or make the rules' conditions exclusive.",
                    conflict.winningRule()));
        }
        if (failure != null) {
            String rule = evaluation.currentRule();
            if (rule.isEmpty()) { // stopped between firings, or before the first (a cold start on a busy machine)
                rule = "rules";
                failure += evaluation.trace().isEmpty() ? ", before any rule fired" : ", between rule firings";
            }
            raised.add(FindingCode.RULE_FAILED.finding(failure, "Fix the rule; run it with --explain to see where it "
                    + "stopped (see \"When a rule misbehaves\" in docs/RULES.md).", rule));
        }
        return new RuleOutcome(result, raised, evaluation.trace());
    }

    /** Runs the session on a rule thread, waiting at most the time budget; the failure to report, or null. */
    private String run(StatelessKieSession session, List<Object> facts, Evaluation evaluation) {
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<?> running;
        try {
            running = RuleGuard.EXECUTOR.submit(() -> {
                try {
                    session.execute(facts);
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        RuleGuard.runawayEnded();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            evaluation.abandon("not run");
            RuleGuard.countOverBudget();
            return "the rules were not run: " + RuleGuard.MAX_THREADS + " evaluations are running already, "
                    + RuleGuard.runaway() + " of them runaway rules (restart the process to end them)";
        }
        try {
            running.get(budget.timeout().toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (evaluation.abandoned()) {
                RuleGuard.countOverBudget();
                return evaluation.stopReason();
            }
            RuleGuard.countFailed();
            evaluation.abandon("the rule failed: " + rootMessage(cause));
            return "the rule failed while running: " + rootMessage(cause);
        } catch (TimeoutException e) {
            String why = "the evaluation exceeded its time budget of " + budget.timeout().toMillis() + " ms";
            evaluation.abandon(why);
            running.cancel(true);
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                RuleGuard.runawayStarted();
            }
            RuleGuard.countOverBudget();
            return why;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            evaluation.abandon("interrupted");
            running.cancel(true);
            return "the evaluation was interrupted";
        }
    }

    /** Counts firings and insertions against the budget, and watches the clock at each. */
    private static final class Spending {
        private final Evaluation evaluation;
        private final int maxFirings;
        private final long timeoutNanos;
        private final long deadline;
        private int spent;

        Spending(Evaluation evaluation, EvaluationBudget budget) {
            this.evaluation = evaluation;
            this.maxFirings = budget.maxFirings();
            this.timeoutNanos = budget.timeout().toNanos();
            this.deadline = System.nanoTime() + timeoutNanos;
        }

        void spend() {
            if (++spent > maxFirings) {
                evaluation.abandon("the evaluation exceeded its budget of " + maxFirings + " rule firings and inserted facts");
            } else if (System.nanoTime() - deadline > 0) {
                evaluation.abandon("the evaluation exceeded its time budget of " + timeoutNanos / 1_000_000 + " ms");
            }
            evaluation.check();
        }
    }

    /**
     * The trace {@code --explain} shows: the rules that fired, then each user rule that did not, with the first of its
     * conditions no fact satisfied and the nearest value.
     */
    public List<RuleTrace> explain(List<RuleTrace> fired, Token token, List<Claim> claims) {
        return misses.explain(fired, packs, token, claims);
    }

    private void setGlobal(StatelessKieSession session, String name, Object value) {
        if (globals.contains(name)) {
            session.setGlobal(name, value);
        }
    }

    static String qualifiedName(Rule rule) {
        return packName(rule.getPackageName()) + " » " + rule.getName();
    }

    static String packName(String packageName) {
        return packageName.startsWith(BUILTIN_PACKAGE_PREFIX) ? packageName.substring(BUILTIN_PACKAGE_PREFIX.length())
                : packageName;
    }

    private static List<RulePack> describePacks(KieBase kieBase) {
        List<RulePack> packs = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            if (pkg.getRules().isEmpty()) {
                continue;
            }
            List<String> rules = pkg.getRules().stream().map(Rule::getName).sorted().toList();
            packs.add(new RulePack(packName(pkg.getName()), pkg.getName().startsWith(BUILTIN_PACKAGE_PREFIX), rules));
        }
        packs.sort(Comparator.comparing(RulePack::builtin).reversed().thenComparing(RulePack::name));
        return List.copyOf(packs);
    }

    private static String quoted(String value) {
        return value == null ? "null" : '"' + value + '"';
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
