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
import org.drools.kiesession.session.StatefulKnowledgeSessionImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.KieRuntimeEventManager;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.Globals;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.StatelessKieSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A compiled, immutable rule set: the built-in packs and any user rules in one KieBase. Each evaluation runs in a
 * session of its own (a new stateless one, or for the built-in packs alone an idle one, reset), so a RuleSet is safe to
 * share between threads and to swap atomically on reload.
 */
public final class RuleSet {
    public static final String BUILTIN_PACKAGE_PREFIX = "io.claimmap.rules.builtin.";

    private final KieBase kieBase;
    private final String revision;
    private final Instant loadedAt;
    private final List<RulePack> packs;
    private final Set<String> globals;
    private final EvaluationBudget budget;
    /** Only the built-in packs: evaluated on the caller's thread (see {@link #run}). */
    private final boolean builtinOnly;
    private final MissExplainer misses;
    /** The user rules' DRL this set was compiled from (none for the built-in packs alone). */
    private final List<RuleSource> userSources;
    /** Which tokens need their claims inserted, for the built-in packs alone ({@link ClaimReaders}); else always. */
    private final ClaimReaders claimReaders;
    /** Each rule's pack and qualified name, made once (read-only after construction): every firing names its rule. */
    private final Map<Rule, RuleNames> ruleNames;
    /** Sessions of {@link #kieBase} between two evaluations, for {@link #runHere}; shared with {@link #withBudget}. */
    private final Queue<KieSession> idle;
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    RuleSet(KieBase kieBase, String revision, Instant loadedAt) {
        this(kieBase, revision, loadedAt, List.of());
    }

    /** @param userSources the user rules' DRL, read again to explain the rules that did not fire */
    RuleSet(KieBase kieBase, String revision, Instant loadedAt, List<RuleSource> userSources) {
        this.misses = new MissExplainer(userSources);
        this.userSources = List.copyOf(userSources);
        this.kieBase = kieBase;
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.packs = describePacks(kieBase);
        this.builtinOnly = packs.stream().allMatch(RulePack::builtin);
        Set<String> names = new HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            pkg.getGlobalVariables().stream().map(Global::getName).forEach(names::add);
        }
        this.globals = Set.copyOf(names);
        this.budget = EvaluationBudget.DEFAULT;
        this.idle = new ConcurrentLinkedQueue<>();
        this.claimReaders = builtinOnly ? ClaimReaders.of(kieBase) : ClaimReaders.ALWAYS;
        this.ruleNames = ruleNames(kieBase);
    }

    private RuleSet(KieBase kieBase, String revision, Instant loadedAt, List<RulePack> packs, Set<String> globals,
                    MissExplainer misses, List<RuleSource> userSources, EvaluationBudget budget, Queue<KieSession> idle,
                    ClaimReaders claimReaders, Map<Rule, RuleNames> ruleNames) {
        this.misses = misses;
        this.userSources = userSources;
        this.claimReaders = claimReaders;
        this.ruleNames = ruleNames;
        this.idle = idle;
        this.kieBase = kieBase;
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.packs = packs;
        this.builtinOnly = packs.stream().allMatch(RulePack::builtin);
        this.globals = globals;
        this.budget = budget;
    }

    /** The content hash of the rule sources that make up this set. */
    public String revision() {
        return revision;
    }

    /** The user rules' sources this set was compiled from, as they were read then (the files may have changed since). */
    public List<RuleSource> userSources() {
        return userSources;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<RulePack> packs() {
        return packs;
    }

    /** The same rules with another evaluation budget. */
    public RuleSet withBudget(EvaluationBudget budget) {
        return new RuleSet(kieBase, revision, loadedAt, packs, globals, misses, userSources, budget, idle, claimReaders,
                ruleNames);
    }

    public EvaluationBudget budget() {
        return budget;
    }

    /** For tests: the compiled rules. */
    KieBase kieBase() {
        return kieBase;
    }

    /** For tests: which tokens get their claims inserted. */
    ClaimReaders claimReaders() {
        return claimReaders;
    }

    /** For tests: how many sessions wait to be reused. */
    int idleSessions() {
        return idle.size();
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
        Spending spending = new Spending(evaluation, budget);
        String failure;
        if (builtinOnly) {
            // The claims only when a rule could match them (the built-in packs read them for purpose agent alone).
            List<Claim> inserted = claimReaders.needed(token) ? claims : List.of();
            failure = runHere(token, inserted, evaluation, session -> prepare(session, session.getGlobals(), mapping,
                    findings, contacts, evaluation, spending));
        } else {
            StatelessKieSession session = kieBase.newStatelessKieSession();
            prepare(session, session.getGlobals(), mapping, findings, contacts, evaluation, spending);
            List<Object> facts = new ArrayList<>(claims.size() + 1);
            facts.add(token);
            facts.addAll(claims);
            failure = run(session, facts, evaluation);
        }
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

    /** The globals, and the listeners that record the trace and spend the budget, for one evaluation. */
    private void prepare(KieRuntimeEventManager session, Globals sessionGlobals, MappingDraft mapping, Findings findings,
                         Contacts contacts, Evaluation evaluation, Spending spending) {
        setGlobal(sessionGlobals, "mapping", mapping);
        setGlobal(sessionGlobals, "findings", findings);
        setGlobal(sessionGlobals, "contacts", contacts);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                RuleNames names = ruleNames.get(rule);
                if (names == null) { // not a rule of this KieBase's packages as listed when it was loaded
                    names = new RuleNames(rule);
                }
                int salience = event.getMatch() instanceof InternalMatch match ? match.getSalience() : 0;
                List<Object> objects = event.getMatch().getObjects();
                List<String> matched = new ArrayList<>(objects.size()); // a loop: a stream cost more than the list
                for (Object object : objects) {
                    // A rule made only of exists/not matches Drools' internal InitialFact, which means nothing to users.
                    if (!(object instanceof InitialFact)) {
                        matched.add(String.valueOf(object));
                    }
                }
                evaluation.ruleFiring(names.pack(), rule.getName(), names.qualified(), salience, matched);
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
    }

    /**
     * The built-in packs alone, on the caller's thread (see {@link #run}): in a session of this KieBase used before:
     * creating a session's working memory for every evaluation cost about a third of the packs' time
     * (docs/PERFORMANCE.md, issue 14). After an evaluation that ran to its end, {@code reset()} empties the session
     * (facts, agenda, node memories, fact handle counters) and removes its globals and listeners, as Drools' own
     * session pool does, so the next evaluation starts from what a new session has and registers its own. A session
     * whose evaluation failed or was stopped is disposed of, never reused.
     */
    private String runHere(Token token, List<Claim> claims, Evaluation evaluation, Consumer<KieSession> prepare) {
        KieSession session = idle.poll();
        if (session == null) {
            session = kieBase.newKieSession();
        }
        try {
            prepare.accept(session);
            session.insert(token); // the token, then its claims: the order a stateless session is given them in
            for (Claim claim : claims) {
                session.insert(claim);
            }
            session.fireAllRules();
        } catch (RuntimeException | Error e) {
            disposeQuietly(session);
            return failed(e, evaluation);
        }
        try {
            ((StatefulKnowledgeSessionImpl) session).reset();
            idle.offer(session);
        } catch (RuntimeException e) {
            disposeQuietly(session); // the evaluation is done; a session that does not reset is only not reused
        }
        return null;
    }

    private static void disposeQuietly(KieSession session) {
        try {
            session.dispose();
        } catch (RuntimeException e) {
            // it is dropped either way
        }
    }

    /**
     * Runs the session, waiting at most the time budget; the failure to report, or null. Rule sets with user rules run
     * on a rule thread, so that a consequence that never returns cannot hold the caller. The built-in packs alone run
     * on the caller's thread ({@link #runHere}): their consequences are claimmap's own code, which returns, and the
     * firing and time budget is still checked at every firing and insertion ({@code Spending}); the hand-off to a rule
     * thread cost more than the packs themselves (docs/PERFORMANCE.md).
     */
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
            return failed(e.getCause(), evaluation);
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

    /** A rule threw, or the evaluation was stopped (which throws in the rule that was running). */
    private static String failed(Throwable cause, Evaluation evaluation) {
        if (evaluation.abandoned()) {
            RuleGuard.countOverBudget();
            return evaluation.stopReason();
        }
        RuleGuard.countFailed();
        evaluation.abandon("the rule failed: " + rootMessage(cause));
        return "the rule failed while running: " + rootMessage(cause);
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

    private void setGlobal(Globals sessionGlobals, String name, Object value) {
        if (globals.contains(name)) {
            sessionGlobals.set(name, value);
        }
    }

    /** A rule's pack name and {@code pack » rule}. */
    private record RuleNames(String pack, String qualified) {
        RuleNames(Rule rule) {
            this(packName(rule.getPackageName()), qualifiedName(rule));
        }
    }

    private static Map<Rule, RuleNames> ruleNames(KieBase kieBase) {
        Map<Rule, RuleNames> names = new IdentityHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                names.put(rule, new RuleNames(rule));
            }
        }
        return names;
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
