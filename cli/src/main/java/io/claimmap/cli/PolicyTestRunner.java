package io.claimmap.cli;

import io.claimmap.engine.ClaimsRequest;
import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.RuleTrace;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.EvaluationBudget;
import io.claimmap.engine.rules.RulePack;
import io.claimmap.engine.rules.RuleSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs policy test cases. Each distinct rule set is compiled once and each distinct set of keys and contacts opened
 * once, then shared by every case and file that uses it: thousands of claims cases cost little more than one run.
 */
final class PolicyTestRunner {
    private final List<Path> defaultRules;
    private final boolean builtinRules;
    private final Instant now;
    private final boolean coverage;
    private final EvaluationBudget budget;
    private final Map<RulesKey, RuleSet> ruleSets = new HashMap<>();
    private final Map<ValidatorKey, Validator> validators = new HashMap<>();
    /** Fired counts per rule, user and built-in, keyed "pack » rule", for every rule of every rule set used. */
    private final Map<String, Coverage> counts = new LinkedHashMap<>();

    record RulesKey(List<Path> rules, boolean builtin) {
    }

    private record ValidatorKey(RulesKey rules, Path contacts, List<KeySourceSpec> keys) {
    }

    /** A case's outcome; {@code trace} is the explained trace, given for failing cases. */
    record Outcome(PolicyTestFile file, PolicyTestFile.Case testCase, List<String> failures, List<RuleTrace> trace,
                   long nanos) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    /** How often a rule fired over the whole run. */
    record Coverage(String pack, String rule, boolean builtin, int fired) {
    }

    PolicyTestRunner(List<Path> defaultRules, boolean builtinRules, Instant now, boolean coverage) {
        this(defaultRules, builtinRules, now, coverage, EvaluationBudget.DEFAULT);
    }

    /** @param budget what each case's rule evaluation may spend */
    PolicyTestRunner(List<Path> defaultRules, boolean builtinRules, Instant now, boolean coverage, EvaluationBudget budget) {
        this.budget = budget;
        this.defaultRules = defaultRules.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.builtinRules = builtinRules;
        this.now = now;
        this.coverage = coverage;
    }

    /** Compiles every rule set the files need before any case runs: a compile error stops everything (exit 2). */
    void prepare(List<PolicyTestFile> files) {
        for (PolicyTestFile file : files) {
            ruleSet(file);
        }
    }

    List<Outcome> run(List<PolicyTestFile> files, Predicate<String> selected) {
        List<Outcome> outcomes = new ArrayList<>();
        for (PolicyTestFile file : files) {
            for (PolicyTestFile.Case testCase : file.cases()) {
                if (selected.test(testCase.name())) {
                    outcomes.add(run(file, testCase));
                }
            }
        }
        return outcomes;
    }

    /** How many rule sets were compiled: one per distinct set of rule files, however many files and cases use it. */
    int ruleSetsCompiled() {
        return ruleSets.size();
    }

    List<Coverage> coverage() {
        return List.copyOf(counts.values());
    }

    private Outcome run(PolicyTestFile file, PolicyTestFile.Case testCase) {
        long start = System.nanoTime();
        Validator validator = validator(file, testCase);
        ValidationResult result = evaluate(validator, testCase, coverage);
        List<String> failures = check(testCase.expect(), result);
        if (coverage) {
            for (RuleTrace entry : result.trace()) {
                if (entry.fired()) {
                    counts.computeIfPresent(entry.qualifiedName(),
                            (k, c) -> new Coverage(c.pack(), c.rule(), c.builtin(), c.fired() + 1));
                }
            }
        }
        List<RuleTrace> trace = List.of();
        if (!failures.isEmpty()) {
            trace = (coverage ? result : evaluate(validator, testCase, true)).trace();
        }
        return new Outcome(file, testCase, failures, trace, System.nanoTime() - start);
    }

    private ValidationResult evaluate(Validator validator, PolicyTestFile.Case testCase, boolean explain) {
        if (testCase.claims() != null) {
            return validator.evaluate(new ClaimsRequest(testCase.claims(), testCase.kind(), testCase.purpose(), explain));
        }
        byte[] input;
        try {
            input = Files.readAllBytes(testCase.input());
        } catch (IOException e) {
            throw new UsageException(testCase.input() + ": cannot be read (" + ValidationOptions.describe(e) + ")");
        }
        Instant at = testCase.now() != null ? testCase.now() : now;
        return validator.validate(new ValidationRequest(input, testCase.purpose(), at, explain));
    }

    static List<String> check(PolicyTestFile.Expect expect, ValidationResult result) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> field : expect.fields().entrySet()) {
            String actual = switch (field.getKey()) {
                case "externalId" -> result.mapping().externalId();
                case "agentName" -> result.mapping().qm().agentName();
                default -> result.mapping().qm().department();
            };
            if (!java.util.Objects.equals(field.getValue(), actual)) {
                failures.add(field.getKey() + ": expected " + show(field.getValue()) + ", got " + show(actual));
            }
        }
        if (expect.verdict() != null && !expect.verdict().equals(result.verdict().label())) {
            failures.add("verdict: expected " + expect.verdict() + ", got " + result.verdict().label() + raised(result));
        }
        for (String code : expect.findings()) {
            if (!result.hasFinding(code)) {
                failures.add("findings: expected " + code + ", not raised" + raised(result));
            }
        }
        for (String code : expect.notFindings()) {
            result.findings().stream().filter(f -> f.code().equals(code)).findFirst().ifPresent(f ->
                    failures.add("notFindings: " + code + " was raised" + (f.rule().isEmpty() ? "" : " by " + f.rule())
                            + ": " + f.message()));
        }
        return failures;
    }

    private static String raised(ValidationResult result) {
        List<String> codes = result.findings().stream().map(Finding::code).toList();
        return codes.isEmpty() ? " (no finding raised)" : " (raised: " + String.join(", ", codes) + ")";
    }

    private static String show(String value) {
        return value == null ? "null" : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private RulesKey rulesKey(PolicyTestFile file) {
        return new RulesKey(file.rules() != null ? file.rules() : defaultRules, builtinRules);
    }

    private RuleSet ruleSet(PolicyTestFile file) {
        RulesKey key = rulesKey(file);
        RuleSet rules = ruleSets.get(key);
        if (rules == null) {
            try {
                rules = settings(key).build().compileRules();
            } catch (SettingsException e) {
                throw new UsageException(file.display() + ": " + e.getMessage());
            }
            ruleSets.put(key, rules);
            for (RulePack pack : rules.packs()) {
                for (String rule : pack.rules()) {
                    counts.putIfAbsent(pack.name() + " » " + rule, new Coverage(pack.name(), rule, pack.builtin(), 0));
                }
            }
        }
        return rules;
    }

    private Validator validator(PolicyTestFile file, PolicyTestFile.Case testCase) {
        RulesKey rules = rulesKey(file);
        ValidatorKey key = new ValidatorKey(rules, testCase.contacts(), testCase.keys());
        Validator validator = validators.get(key);
        if (validator == null) {
            try {
                validator = new Validator(settings(rules).contacts(testCase.contacts()).keySources(testCase.keys())
                        .build().config(ruleSet(file)));
            } catch (SettingsException e) {
                throw new UsageException(file.display() + ":" + testCase.line() + ": " + e.getMessage());
            }
            validators.put(key, validator);
        }
        return validator;
    }

    private ValidationSettings.Builder settings(RulesKey key) {
        return ValidationSettings.builder().rules(key.rules()).builtinRules(key.builtin()).budget(budget);
    }
}
