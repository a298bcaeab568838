package io.claimmap.engine.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import io.claimmap.engine.result.Severity;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.ParserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rule files the way Drools does (its DRL parser; consequences and functions with JavaParser) and finds what
 * must not ship: DRL and Java syntax errors at their exact place, the reserved package, calls a rule has no business
 * making ({@code FORBIDDEN_CALL}), loops that cannot end ({@code UNBOUNDED_LOOP}), and rules of equal salience that
 * can write one mapping field ({@code WRITE_CONFLICT}). Rules map claims; they never exit, fork, reflect, or touch
 * files or the network. This is a guard against mistakes and obvious abuse, not a sandbox: the evaluation budget
 * bounds what it cannot see.
 */
public final class RuleLinter {
    /** What a problem says of code nested so deeply that parsing it overflows the stack: it is not compiled either. */
    static final String TOO_DEEP = "nests expressions too deeply";

    static final String RESERVED_PACKAGE = "io.claimmap.rules.builtin";

    /** Names (dotted, as written in the code) that a rule may not use, and why. A trailing '.' means a prefix. */
    private static final Map<String, String> FORBIDDEN = new LinkedHashMap<>();

    static {
        for (String name : List.of("System.exit", "Runtime", "ProcessBuilder", "ProcessHandle", "System.setProperty",
                "System.setProperties", "System.clearProperty", "System.getenv", "System.load", "System.loadLibrary",
                "System.setIn", "System.setOut", "System.setErr", "System.setSecurityManager", "System.console",
                "System.in")) {
            FORBIDDEN.put(name, "controls the process");
        }
        for (String name : List.of("Thread", "ThreadGroup", "Executors", "ExecutorService", "ForkJoinPool",
                "CompletableFuture", "Timer", "java.util.concurrent.", "parallelStream", "wait", "notify", "notifyAll")) {
            FORBIDDEN.put(name, "runs code on other threads");
        }
        for (String name : List.of("Class.forName", "getClass", "ClassLoader", "getClassLoader", "getMethod",
                "getDeclaredMethod", "getMethods", "getDeclaredMethods", "getField", "getDeclaredField",
                "getDeclaredConstructor", "getConstructor", "setAccessible", "newInstance", "MethodHandles",
                "MethodHandle", "java.lang.reflect.", "java.lang.invoke.", "Unsafe", "sun.", "jdk.internal.", "jdk.",
                "com.sun.", "java.beans.", "javax.script.", "javax.tools.", "javax.management.", "java.lang.management.",
                "ServiceLoader")) {
            FORBIDDEN.put(name, "uses reflection");
        }
        for (String name : List.of("java.io.", "java.nio.", "File", "Files", "Paths", "FileInputStream",
                "FileOutputStream", "FileReader", "FileWriter", "RandomAccessFile", "PrintWriter", "java.util.zip.",
                "java.util.jar.", "ZipFile", "JarFile", "java.util.logging.", "FileHandler", "java.util.prefs.", "Formatter",
                "javax.xml.", "getResource", "getResourceAsStream", "getResources")) {
            FORBIDDEN.put(name, "touches files");
        }
        for (String name : List.of("java.net.", "URL", "URI", "Socket", "ServerSocket", "DatagramSocket", "HttpClient",
                "HttpURLConnection", "InetAddress", "javax.naming.", "InitialContext", "javax.net.", "SocketFactory",
                "SSLSocketFactory", "java.rmi.", "java.sql.", "javax.sql.", "DriverManager")) {
            FORBIDDEN.put(name, "uses the network");
        }
    }

    private static final Pattern MAPPING_WRITE = Pattern.compile("\\b(\\w+)\\s*\\.\\s*(setExternalId|setAgentName|setDepartment)\\s*\\(");
    private static final Map<String, String> FIELDS = Map.of("setExternalId", "externalId", "setAgentName", "qm.agentName",
            "setDepartment", "qm.department");

    private RuleLinter() {
    }

    /** What one file is, once parsed: its package, and its problems. */
    record Parsed(RuleSource source, PackageDescr pkg, List<RuleProblem> problems, List<Write> writes) {
        boolean parses() {
            return pkg != null;
        }

        boolean hasErrors() {
            return problems.stream().anyMatch(RuleProblem::isError);
        }
    }

    /** A rule's write of a mapping field, for WRITE_CONFLICT; a built-in pack's has line 0 and its pack as file. */
    record Write(String file, String rule, int salience, String field, int line, int column) {
        boolean builtin() {
            return line == 0;
        }

        String where() {
            return builtin() ? "built-in pack " + file : file + ":" + line;
        }
    }

    /** The lines of {@link #BUILTIN_WRITES} for the built-in packs' sources: salience, field, pack and rule. */
    static String builtinWritesText(List<RuleSource> sources) {
        StringBuilder text = new StringBuilder();
        for (RuleSource source : sources) {
            Parsed parsed = parse(source, true);
            String pkg = parsed.parses() && parsed.pkg().getName() != null ? parsed.pkg().getName() : "";
            for (Write write : parsed.writes()) {
                text.append(write.salience()).append('\t').append(write.field()).append('\t')
                        .append(pkg.substring(pkg.lastIndexOf('.') + 1)).append('\t').append(write.rule()).append('\n');
            }
        }
        return text.toString();
    }

    private static List<Write> builtinWrites() {
        List<Write> writes = new ArrayList<>();
        try (InputStream in = RuleLinter.class.getClassLoader().getResourceAsStream(BUILTIN_WRITES)) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                    String[] fields = line.split("\t", 4);
                    if (fields.length == 4) {
                        writes.add(new Write(fields[2], fields[3], Integer.parseInt(fields[0]), fields[1], 0, 0));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // without the list, conflicts with the built-in packs go unseen here; MAPPING_CONFLICT still shows them
        }
        return writes;
    }

    /** Where the build lists the built-in packs' writes of mapping fields (see {@link BuiltinPackCompiler}). */
    static final String BUILTIN_WRITES = "META-INF/claimmap/builtin-writes.txt";

    /**
     * Every problem of every file: syntax, reserved package, forbidden calls, unbounded loops, then write conflicts
     * (user files also against the built-in packs, which run with them unless {@code --no-builtin-rules}).
     */
    public static List<RuleProblem> lint(List<RuleSource> sources, boolean reservedPackagesAllowed) {
        List<RuleProblem> problems = new ArrayList<>();
        List<Write> writes = new ArrayList<>(reservedPackagesAllowed ? List.of() : builtinWrites());
        Map<String, String> declared = new HashMap<>();
        for (RuleSource source : sources) {
            Parsed parsed = parse(source, reservedPackagesAllowed);
            problems.addAll(parsed.problems());
            writes.addAll(parsed.writes());
            if (parsed.parses()) {
                // Each file compiles on its own, so Drools cannot see a rule name used twice in one package.
                for (RuleDescr rule : parsed.pkg().getRules()) {
                    String key = parsed.pkg().getName() + "\u0000" + rule.getName();
                    String where = source.origin() + ":" + rule.getLine();
                    String first = declared.putIfAbsent(key, where);
                    if (first != null) {
                        problems.add(new RuleProblem(source.origin(), Math.max(rule.getLine(), 1), Math.max(rule.getColumn(), 0) + 1,
                                "the package " + parsed.pkg().getName() + " already has a rule named \"" + rule.getName()
                                        + "\" (" + first + "); rule names are unique in a package"));
                    }
                }
            }
        }
        problems.addAll(writeConflicts(writes));
        return problems;
    }

    static Parsed parse(RuleSource source, boolean reservedPackagesAllowed) {
        String drl = source.drl();
        String file = source.origin();
        List<RuleProblem> problems = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(null, drl);
        } catch (Exception | StackOverflowError e) {
            problems.add(new RuleProblem(file, 1, 1, "the file cannot be parsed: " + (e instanceof StackOverflowError
                    ? "it " + TOO_DEEP : e.getMessage())));
            return new Parsed(source, null, problems, writes);
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError error : parser.getErrors()) {
                int line = error instanceof ParserError p ? Math.max(p.getRow(), 1) : 1;
                int column = error instanceof ParserError p ? Math.max(p.getCol(), 0) + 1 : 1;
                problems.add(new RuleProblem(file, line, column, parserMessage(error.getMessage())));
            }
            if (problems.isEmpty()) {
                problems.add(new RuleProblem(file, 1, 1, "the file cannot be parsed as DRL"));
            }
            return new Parsed(source, null, problems, writes);
        }
        // Forbidden names anywhere in the code: imports, conditions, consequences, functions.
        problems.addAll(forbiddenNames(file, drl));
        String name = pkg.getName() == null ? "" : pkg.getName();
        if (!reservedPackagesAllowed && (name.equals(RESERVED_PACKAGE) || name.startsWith(RESERVED_PACKAGE + "."))) {
            int[] at = position(drl, indexOfKeyword(drl, "package", 0));
            problems.add(new RuleProblem(file, at[0], at[1], Severity.ERROR, RuleProblem.RESERVED_PACKAGE,
                    "the package " + RESERVED_PACKAGE + " is reserved for the built-in packs; name yours after your team"));
        }
        for (FunctionDescr function : pkg.getFunctions()) {
            int start = locate(drl, function.getBody(), lineStart(drl, function.getLine()));
            problems.addAll(java(file, drl, function.getBody(), start, "function " + function.getName()));
        }
        List<String> mappingGlobals = new ArrayList<>();
        for (GlobalDescr global : pkg.getGlobals()) {
            if (global.getType().equals("MappingDraft") || global.getType().endsWith(".MappingDraft")) {
                mappingGlobals.add(global.getIdentifier());
            }
        }
        for (RuleDescr rule : pkg.getRules()) {
            String consequence = rule.getConsequence() instanceof String text ? text : "";
            int from = indexOfKeyword(drl, "then", lineStart(drl, Math.max(rule.getConsequenceLine(), 1)));
            int start = locate(drl, consequence, from < 0 ? lineStart(drl, rule.getConsequenceLine()) : from + 4);
            problems.addAll(java(file, drl, consequence, start, "rule \"" + rule.getName() + "\""));
            Optional<Integer> salience = salience(rule);
            if (salience.isPresent() && start >= 0) {
                Matcher m = MAPPING_WRITE.matcher(stripStringsAndComments(consequence));
                while (m.find()) {
                    if (mappingGlobals.contains(m.group(1))) {
                        int[] at = position(drl, start + m.start());
                        writes.add(new Write(file, rule.getName(), salience.get(), FIELDS.get(m.group(2)), at[0], at[1]));
                    }
                }
            }
        }
        return new Parsed(source, pkg, problems, writes);
    }

    private static String parserMessage(String message) {
        String text = message == null ? "syntax error" : message.strip();
        // "[ERR 102] Line 6:26 mismatched input 'end' in rule "x"": the position is said once, in front.
        text = text.replaceFirst("^\\[ERR \\d+\\]\\s*", "").replaceFirst("^Line \\d+:\\d+\\s*", "");
        return text.replaceAll("\\s*\\n\\s*", " ");
    }

    private static Optional<Integer> salience(RuleDescr rule) {
        AttributeDescr attribute = rule.getAttributes().get("salience");
        if (attribute == null) {
            return Optional.of(0);
        }
        try {
            return Optional.of(Integer.parseInt(attribute.getValue().strip()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // a dynamic salience: nothing can be said before it runs
        }
    }

    /** Java syntax errors and unbounded loops in a consequence or function body that starts at {@code start}. */
    private static List<RuleProblem> java(String file, String drl, String code, int start, String where) {
        List<RuleProblem> problems = new ArrayList<>();
        if (code.isBlank() || start < 0) {
            return problems;
        }
        String block = "{" + code + "\n}";
        try {
            return parseJava(file, drl, block, code, start, where);
        } catch (StackOverflowError e) {
            int[] at = position(drl, start);
            problems.add(new RuleProblem(file, at[0], at[1], "the " + (where.startsWith("function") ? "body" : "consequence")
                    + " of " + where + " " + TOO_DEEP + " to be compiled"));
            return problems;
        }
    }

    private static List<RuleProblem> parseJava(String file, String drl, String block, String code, int start, String where) {
        List<RuleProblem> problems = new ArrayList<>();
        ParseResult<BlockStmt> result = new JavaParser().parseBlock(block);
        if (!result.isSuccessful()) {
            if (looksLikeDrlConsequence(code)) {
                return problems; // modify( $x ) { ... } and friends are not Java: Drools rewrites them
            }
            Problem problem = result.getProblems().get(0);
            int offset = problemOffset(block, problem);
            int[] at = position(drl, start + Math.max(offset - 1, 0));
            problems.add(new RuleProblem(file, at[0], at[1], "Java syntax error in the consequence of " + where + ": "
                    + javaMessage(problem)));
            return problems;
        }
        BlockStmt body = result.getResult().orElseThrow();
        for (Node loop : body.findAll(Node.class, n -> n instanceof WhileStmt || n instanceof DoStmt || n instanceof ForStmt)) {
            Optional<Expression> condition = loop instanceof WhileStmt w ? Optional.of(w.getCondition())
                    : loop instanceof DoStmt d ? Optional.of(d.getCondition()) : ((ForStmt) loop).getCompare();
            boolean endless = condition.isEmpty() || (condition.get() instanceof BooleanLiteralExpr literal && literal.getValue());
            if (endless && loop.getBegin().isPresent()) {
                int offset = offsetOf(block, loop.getBegin().get().line, loop.getBegin().get().column);
                int[] at = position(drl, start + offset - 1);
                problems.add(new RuleProblem(file, at[0], at[1], Severity.ERROR, RuleProblem.UNBOUNDED_LOOP,
                        "a loop without an end condition in " + where + ": a rule must finish; loop over a claim's values instead"));
            }
        }
        return problems;
    }

    private static boolean looksLikeDrlConsequence(String code) {
        return Pattern.compile("\\b(modify|update|retract|delete|insertLogical)\\s*\\(").matcher(code).find()
                && Pattern.compile("\\bmodify\\s*\\([^)]*\\)\\s*\\{").matcher(code).find();
    }

    private static String javaMessage(Problem problem) {
        String message = problem.getMessage();
        int cut = message.indexOf("Problem stacktrace");
        message = (cut < 0 ? message : message.substring(0, cut)).strip();
        Matcher found = Pattern.compile("Found\\s+(\"[^\"]*\"|<EOF>)").matcher(message);
        if (found.find()) {
            String token = found.group(1);
            return token.equals("<EOF>") || token.equals("\"}\"") ? "the consequence ends too early (a missing ')' or '}'?)"
                    : "unexpected " + token + " (a missing ';' or ')' before it?)";
        }
        return message.replaceAll("\\s*\\n\\s*", " ");
    }

    /** The offset in {@code block} of the token a JavaParser problem is about: the first real token after its place. */
    private static int problemOffset(String block, Problem problem) {
        Optional<JavaToken> token = problem.getLocation().map(range -> range.getBegin());
        JavaToken at = token.orElse(null);
        if (at != null && problem.getMessage().contains("Found")) {
            JavaToken next = at.getNextToken().orElse(null);
            while (next != null && (next.getCategory().isWhitespaceOrComment())) {
                next = next.getNextToken().orElse(null);
            }
            if (next != null && next.getRange().isPresent()) {
                at = next;
            }
        }
        if (at == null || at.getRange().isEmpty()) {
            return 1;
        }
        return offsetOf(block, at.getRange().get().begin.line, at.getRange().get().begin.column);
    }

    private static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', offset);
            if (next < 0) {
                return offset;
            }
            offset = next + 1;
        }
        return Math.min(offset + column - 1, text.length());
    }

    /** Where {@code text} (as Drools hands it over, leading blanks stripped) starts in the DRL, from {@code from}. */
    static int locate(String drl, String text, int from) {
        if (from < 0) {
            return -1;
        }
        String first = text.strip().lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            return -1;
        }
        int at = drl.indexOf(first, from);
        if (at < 0) {
            return -1;
        }
        // The text Drools keeps starts at its first non-blank character, which is where its first line is found.
        return Math.max(at - text.indexOf(first), 0);
    }

    private static int lineStart(String drl, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = drl.indexOf('\n', offset);
            if (next < 0) {
                return offset;
            }
            offset = next + 1;
        }
        return offset;
    }

    private static int indexOfKeyword(String drl, String keyword, int from) {
        Matcher m = Pattern.compile("\\b" + keyword + "\\b").matcher(stripStringsAndComments(drl));
        return m.find(Math.max(from, 0)) ? m.start() : -1;
    }

    /** 1-based line and column of an offset. */
    static int[] position(String drl, int offset) {
        if (offset < 0) {
            return new int[]{1, 1};
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, drl.length()); i++) {
            if (drl.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[]{line, offset - lineStart + 1};
    }

    /** The text with string literals and comments blanked (same length, line breaks kept), so offsets still match. */
    static String stripStringsAndComments(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                blank(out, i + 1, Math.min(j, text.length()));
                i = j + 1;
            } else if (text.startsWith("//", i) || text.startsWith("#", i) && (i == 0 || text.charAt(i - 1) == '\n')) {
                int j = text.indexOf('\n', i);
                j = j < 0 ? text.length() : j;
                blank(out, i, j);
                i = j;
            } else if (text.startsWith("/*", i)) {
                int j = text.indexOf("*/", i + 2);
                j = j < 0 ? text.length() : j + 2;
                blank(out, i, j);
                i = j;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to && k < out.length(); k++) {
            if (out.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }

    private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\s*\\.\\s*[A-Za-z_$][\\w$]*)*\\s*\\.?");

    /** Forbidden names in the code of a file, outside strings and comments: one problem per occurrence. */
    static List<RuleProblem> forbiddenNames(String file, String drl) {
        List<RuleProblem> problems = new ArrayList<>();
        String code = stripStringsAndComments(drl);
        Matcher m = DOTTED_NAME.matcher(code);
        while (m.find()) {
            if (m.start() > 0 && (code.charAt(m.start() - 1) == '$')) {
                continue;
            }
            String name = m.group().replaceAll("\\s+", "");
            String[] parts = name.split("\\.", -1);
            // Every run of consecutive parts is a candidate: java.lang.System.exit matches System.exit.
            outer:
            for (int from = 0; from < parts.length; from++) {
                StringBuilder candidate = new StringBuilder();
                for (int to = from; to < parts.length; to++) {
                    if (to > from) {
                        candidate.append('.');
                    }
                    candidate.append(parts[to]);
                    String key = candidate.toString();
                    boolean byPrefix = !FORBIDDEN.containsKey(key) && from == 0 && to + 1 < parts.length
                            && FORBIDDEN.containsKey(key + ".");
                    String reason = FORBIDDEN.containsKey(key) ? FORBIDDEN.get(key) : byPrefix ? FORBIDDEN.get(key + ".") : null;
                    if (reason != null) {
                        int offset = m.start() + offsetOfPart(m.group(), from);
                        int[] at = position(drl, offset);
                        problems.add(new RuleProblem(file, at[0], at[1], Severity.ERROR, RuleProblem.FORBIDDEN_CALL,
                                (byPrefix ? key + ".*" : key) + " " + reason + ": rules map claims, nothing else"));
                        break outer;
                    }
                }
            }
        }
        return problems;
    }

    private static int offsetOfPart(String dotted, int part) {
        int offset = 0;
        for (int i = 0; i < part; i++) {
            offset = dotted.indexOf('.', offset) + 1;
        }
        while (offset < dotted.length() && Character.isWhitespace(dotted.charAt(offset))) {
            offset++;
        }
        return offset;
    }

    private static List<RuleProblem> writeConflicts(List<Write> writes) {
        List<RuleProblem> problems = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            Write later = writes.get(i);
            for (int j = 0; j < i; j++) {
                Write earlier = writes.get(j);
                if (!later.builtin() && earlier.field().equals(later.field()) && earlier.salience() == later.salience()
                        && !(earlier.file().equals(later.file()) && earlier.rule().equals(later.rule()))) {
                    problems.add(new RuleProblem(later.file(), later.line(), later.column(), Severity.WARNING,
                            RuleProblem.WRITE_CONFLICT, "the rules \"" + earlier.rule() + "\" (" + earlier.where()
                            + ") and \"" + later.rule() + "\" both write " + later.field()
                            + " with salience " + later.salience() + ": when both fire, the one declared later wins; give "
                            + "the one that should win a higher salience, or make their conditions exclusive"));
                    break;
                }
            }
        }
        return problems;
    }
}
