package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Token;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * One DRL constraint ({@code issuer == "https://acme.okta.com"}, {@code $id : value}, {@code name in ("a", "b")},
 * {@code values contains "staff"}) parsed for {@link MissExplainer}: evaluated on one fact with the variables bound so
 * far, in three values (true, false, or unknown for what it does not model, such as static calls), and, when false,
 * saying which property had which value. Only getters and methods of the fact model and of plain values are called.
 */
final class Condition {
    /** What a constraint evaluates to: TRUE, FALSE, or UNKNOWN (counted as satisfied: no blame without proof). */
    enum Result { TRUE, FALSE, UNKNOWN }

    /** A value that cannot be computed (a static call, an unbound variable, a parse failure). */
    static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "?";
        }
    };

    private final String text;
    private final String binding;
    private final Node node;

    private Condition(String text, String binding, Node node) {
        this.text = text;
        this.binding = binding;
        this.node = node;
    }

    static Condition parse(String text) {
        try {
            Parser parser = new Parser(tokenize(text));
            String binding = null;
            if (parser.peekIs(0, Kind.IDENT) && parser.peek(0).text.startsWith("$") && parser.peekIs(1, Kind.OP)
                    && parser.peek(1).text.equals(":")) {
                binding = parser.next().text;
                parser.next();
            }
            Node node = parser.expression();
            if (!parser.atEnd()) {
                return new Condition(text, binding, new Opaque());
            }
            return new Condition(text, binding, node);
        } catch (IllegalArgumentException e) {
            return new Condition(text, null, new Opaque());
        }
    }

    String text() {
        return text;
    }

    /** Evaluates on a fact; on TRUE or UNKNOWN the binding (if any) is added to {@code bindings}. */
    Evaluated evaluate(Object fact, Map<String, Object> bindings) {
        Scope scope = new Scope(fact, bindings);
        Object value = node.value(scope);
        Result result = value == UNKNOWN ? Result.UNKNOWN
                : value instanceof Boolean b ? (b ? Result.TRUE : Result.FALSE)
                : Result.TRUE; // a bare binding such as "$id : value"
        if (binding != null && result != Result.FALSE) {
            Object bound = node instanceof Relation r && r.op == null ? value : scope.firstRead;
            bindings.put(binding, bound == null ? UNKNOWN : bound);
        }
        return new Evaluated(result, scope.blamedPath, scope.blamedValue, scope.expected);
    }

    /** The outcome on one fact: the property read that decided it, its value, and the value it was compared with. */
    record Evaluated(Result result, String path, Object actual, Object expected) {
    }

    private static final class Scope {
        final Object fact;
        final Map<String, Object> bindings;
        Object firstRead = UNKNOWN;
        String blamedPath;
        Object blamedValue;
        Object expected;

        Scope(Object fact, Map<String, Object> bindings) {
            this.fact = fact;
            this.bindings = bindings;
        }
    }

    // ---- the expression tree

    private interface Node {
        Object value(Scope scope);
    }

    private static final class Opaque implements Node {
        @Override
        public Object value(Scope scope) {
            return UNKNOWN;
        }
    }

    private record Literal(Object value) implements Node {
        @Override
        public Object value(Scope scope) {
            return value;
        }
    }

    private record Variable(String name) implements Node {
        @Override
        public Object value(Scope scope) {
            return scope.bindings.getOrDefault(name, UNKNOWN);
        }
    }

    /** A property path from the fact: {@code issuer}, {@code claim("email")}, {@code value.length()}. */
    private record Path(String text, Node base, List<Step> steps) implements Node {
        @Override
        public Object value(Scope scope) {
            Object current = base == null ? scope.fact : base.value(scope);
            for (Step step : steps) {
                if (current == UNKNOWN || current == null) {
                    return current;
                }
                List<Object> args = new ArrayList<>();
                for (Node arg : step.args) {
                    Object v = arg.value(scope);
                    if (v == UNKNOWN) {
                        return UNKNOWN;
                    }
                    args.add(v);
                }
                current = step.call ? invoke(current, step.name, args) : property(current, step);
            }
            if (scope.firstRead == UNKNOWN) {
                scope.firstRead = current;
            }
            return current;
        }
    }

    /** One step of a path; {@code getter} and {@code isGetter} are the JavaBean names of a property step. */
    private record Step(String name, boolean call, List<Node> args, String getter, String isGetter) {
        Step(String name, boolean call, List<Node> args) {
            this(name, call, args, "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    "is" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
    }

    private record Not(Node inner) implements Node {
        @Override
        public Object value(Scope scope) {
            Object v = inner.value(scope);
            if (v instanceof Boolean b) {
                if (b && scope.blamedPath == null && inner instanceof Path p) {
                    scope.blamedPath = p.text;
                    scope.blamedValue = true;
                    scope.expected = false;
                }
                return !b;
            }
            return UNKNOWN;
        }
    }

    private record Logical(boolean and, Node left, Node right) implements Node {
        @Override
        public Object value(Scope scope) {
            Object l = left.value(scope);
            if (l instanceof Boolean b && b != and) {
                return b;
            }
            Object r = right.value(scope);
            if (r instanceof Boolean b && b != and) {
                return b;
            }
            if (l == UNKNOWN || r == UNKNOWN || !(l instanceof Boolean) || !(r instanceof Boolean)) {
                return UNKNOWN;
            }
            return and;
        }
    }

    private record Relation(Node left, String op, boolean negated, List<Node> right) implements Node {
        @Override
        public Object value(Scope scope) {
            Object l = left.value(scope);
            if (op == null) {
                if (l instanceof Boolean b) {
                    if (!b) {
                        blame(scope, l, true);
                    }
                    return b;
                }
                return l == UNKNOWN ? UNKNOWN : l;
            }
            List<Object> values = new ArrayList<>();
            for (Node r : right) {
                Object v = r.value(scope);
                if (v == UNKNOWN) {
                    return UNKNOWN;
                }
                values.add(v);
            }
            if (l == UNKNOWN) {
                return UNKNOWN;
            }
            Boolean outcome = compare(l, op, values);
            if (outcome == null) {
                return UNKNOWN;
            }
            boolean result = negated != outcome;
            if (!result) {
                blame(scope, l, values.size() == 1 ? values.get(0) : values);
            }
            return result;
        }

        private void blame(Scope scope, Object actual, Object expected) {
            if (scope.blamedPath == null) {
                scope.blamedPath = left instanceof Path p ? p.text : null;
                scope.blamedValue = actual;
                scope.expected = (op == null || op.equals("==") || op.equals("in")) && !negated ? expected : null;
            }
        }
    }

    private static Boolean compare(Object l, String op, List<Object> values) {
        Object r = values.isEmpty() ? null : values.get(0);
        switch (op) {
            case "==":
                return equal(l, r);
            case "!=":
                return !equal(l, r);
            case "in":
                return values.stream().anyMatch(v -> equal(l, v));
            case "matches":
                if (l == null || r == null) {
                    return false;
                }
                try {
                    return String.valueOf(l).matches(String.valueOf(r));
                } catch (PatternSyntaxException e) {
                    return null;
                }
            case "contains":
                return contains(l, r);
            case "memberOf":
                return contains(r, l);
            case "startsWith":
                return l != null && r != null && String.valueOf(l).startsWith(String.valueOf(r));
            case "endsWith":
                return l != null && r != null && String.valueOf(l).endsWith(String.valueOf(r));
            case "<", "<=", ">", ">=":
                Integer c = order(l, r);
                if (c == null) {
                    return l == null || r == null ? false : null;
                }
                return switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            default:
                return null;
        }
    }

    private static boolean equal(Object l, Object r) {
        if (l == null || r == null) {
            return l == r;
        }
        if (l instanceof Number a && r instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (l instanceof String || r instanceof String) {
            return String.valueOf(l).equals(String.valueOf(r));
        }
        return Objects.equals(l, r);
    }

    private static Boolean contains(Object container, Object item) {
        if (container instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> equal(e, item));
        }
        if (container instanceof String s && item != null) {
            return s.contains(String.valueOf(item));
        }
        return container == null ? false : null;
    }

    private static Integer order(Object l, Object r) {
        if (l instanceof Number a && r instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (l instanceof String a && r instanceof String b) {
            return a.compareTo(b);
        }
        return null;
    }

    // ---- reading facts: getters and methods of the fact model and plain values only

    private static boolean readable(Object target) {
        return target instanceof Token || target instanceof Claim || target instanceof String
                || target instanceof Collection || target instanceof Map || target instanceof Number
                || target instanceof Boolean;
    }

    private static Object property(Object target, Step step) {
        if (step.name.equals("this")) {
            return target;
        }
        if (target instanceof Map<?, ?> map) {
            return map.get(step.name);
        }
        Object value = invoke(target, step.getter, List.of());
        return value == UNKNOWN ? invoke(target, step.isGetter, List.of()) : value;
    }

    /** Getters by class and name (null value: no such getter), so that a walk over many rules stays cheap. */
    private static final ClassValue<Map<String, java.util.Optional<Method>>> GETTERS = new ClassValue<>() {
        @Override
        protected Map<String, java.util.Optional<Method>> computeValue(Class<?> type) {
            return new java.util.concurrent.ConcurrentHashMap<>();
        }
    };

    private static Object invoke(Object target, String name, List<Object> args) {
        if (!readable(target)) {
            return UNKNOWN;
        }
        if (args.isEmpty()) {
            java.util.Optional<Method> getter = GETTERS.get(target.getClass()).computeIfAbsent(name, k -> {
                for (Method method : target.getClass().getMethods()) {
                    if (method.getName().equals(name) && method.getParameterCount() == 0
                            && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                        try {
                            method.setAccessible(true);
                        } catch (RuntimeException e) {
                            return java.util.Optional.empty();
                        }
                        return java.util.Optional.of(method);
                    }
                }
                return java.util.Optional.empty();
            });
            if (getter.isEmpty()) {
                return UNKNOWN;
            }
            try {
                return getter.get().invoke(target);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return UNKNOWN;
            }
        }
        for (Method method : target.getClass().getMethods()) {
            if (!method.getName().equals(name) || method.getParameterCount() != args.size()
                    || Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class
                    && !name.equals("toString") && !name.equals("equals")) {
                continue;
            }
            Class<?>[] types = method.getParameterTypes();
            Object[] actual = new Object[args.size()];
            boolean fits = true;
            for (int i = 0; i < types.length && fits; i++) {
                Object arg = args.get(i);
                if (types[i] == int.class && arg instanceof Number n) {
                    actual[i] = n.intValue();
                } else if (types[i] == String.class && arg != null && !(arg instanceof String)) {
                    fits = false;
                } else if (types[i].isPrimitive() || arg != null && !types[i].isInstance(arg)) {
                    fits = false;
                } else {
                    actual[i] = arg;
                }
            }
            if (!fits) {
                continue;
            }
            try {
                method.setAccessible(true);
                return method.invoke(target, actual);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    // ---- tokens and parser

    private enum Kind { STRING, NUMBER, IDENT, OP }

    private record Tok(Kind kind, String text, int start) {
    }

    private static List<Tok> tokenize(String text) {
        List<Tok> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                int start = i++;
                while (i < text.length() && text.charAt(i) != c) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < text.length()) {
                        char e = text.charAt(i++);
                        switch (e) {
                            case 'n' -> s.append('\n');
                            case 't' -> s.append('\t');
                            case 'r' -> s.append('\r');
                            case 'u' -> {
                                if (i + 4 > text.length()) {
                                    throw new IllegalArgumentException("bad escape");
                                }
                                s.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                                i += 4;
                            }
                            default -> s.append(e);
                        }
                    } else {
                        s.append(d);
                    }
                }
                if (i >= text.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                i++;
                tokens.add(new Tok(Kind.STRING, s.toString(), start));
            } else if (Character.isDigit(c) || c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))
                    && (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind == Kind.OP)) {
                int start = i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                if (i < text.length() && "LlDdFfBI".indexOf(text.charAt(i)) >= 0) {
                    i++;
                }
                tokens.add(new Tok(Kind.NUMBER, text.substring(start, i), start));
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i++;
                while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Tok(Kind.IDENT, text.substring(start, i), start));
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "&&", "||").contains(two)) {
                    tokens.add(new Tok(Kind.OP, two, i));
                    i += 2;
                } else if ("<>!():,.[]".indexOf(c) >= 0) {
                    tokens.add(new Tok(Kind.OP, String.valueOf(c), i));
                    i++;
                } else {
                    throw new IllegalArgumentException("unexpected " + c);
                }
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<Tok> tokens;
        private int at;

        Parser(List<Tok> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return at >= tokens.size();
        }

        Tok peek(int ahead) {
            return at + ahead < tokens.size() ? tokens.get(at + ahead) : null;
        }

        boolean peekIs(int ahead, Kind kind) {
            Tok t = peek(ahead);
            return t != null && t.kind == kind;
        }

        boolean peekText(String text) {
            Tok t = peek(0);
            return t != null && t.kind != Kind.STRING && t.text.equals(text);
        }

        Tok next() {
            if (atEnd()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return tokens.get(at++);
        }

        void expect(String text) {
            if (!peekText(text)) {
                throw new IllegalArgumentException("expected " + text);
            }
            at++;
        }

        Node expression() {
            Node left = and();
            while (peekText("||")) {
                at++;
                left = new Logical(false, left, and());
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (peekText("&&")) {
                at++;
                left = new Logical(true, left, unary());
            }
            return left;
        }

        Node unary() {
            if (peekText("!")) {
                at++;
                return new Not(unary());
            }
            return relation();
        }

        Node relation() {
            Node left = primary();
            Tok t = peek(0);
            if (t == null || t.kind == Kind.STRING || t.kind == Kind.NUMBER) {
                return new Relation(left, null, false, List.of());
            }
            boolean negated = false;
            if (t.text.equals("not")) {
                negated = true;
                at++;
                t = peek(0);
                if (t == null) {
                    throw new IllegalArgumentException("dangling not");
                }
            }
            switch (t.text) {
                case "==", "!=", "<", "<=", ">", ">=", "matches", "contains", "memberOf" -> {
                    at++;
                    return new Relation(left, t.text, negated, List.of(primary()));
                }
                case "in" -> {
                    at++;
                    expect("(");
                    List<Node> items = new ArrayList<>();
                    items.add(primary());
                    while (peekText(",")) {
                        at++;
                        items.add(primary());
                    }
                    expect(")");
                    return new Relation(left, "in", negated, items);
                }
                case "str" -> {
                    at++;
                    expect("[");
                    String op = next().text;
                    expect("]");
                    if (!op.equals("startsWith") && !op.equals("endsWith")) {
                        throw new IllegalArgumentException("str[" + op + "]");
                    }
                    return new Relation(left, op, negated, List.of(primary()));
                }
                default -> {
                    if (negated) {
                        throw new IllegalArgumentException("not " + t.text);
                    }
                    return new Relation(left, null, false, List.of());
                }
            }
        }

        Node primary() {
            Tok t = next();
            switch (t.kind) {
                case STRING:
                    return new Literal(t.text);
                case NUMBER:
                    return new Literal(number(t.text));
                case OP:
                    if (t.text.equals("(")) {
                        Node inner = expression();
                        expect(")");
                        return inner;
                    }
                    throw new IllegalArgumentException("unexpected " + t.text);
                default:
                    break;
            }
            switch (t.text) {
                case "true":
                    return new Literal(Boolean.TRUE);
                case "false":
                    return new Literal(Boolean.FALSE);
                case "null":
                    return new Literal(null);
                default:
                    break;
            }
            int start = t.start;
            Node base = null;
            List<Step> steps = new ArrayList<>();
            if (t.text.startsWith("$")) {
                base = new Variable(t.text);
            } else if (Character.isUpperCase(t.text.charAt(0)) && peekText(".")) {
                // A static call or constant (SalesforceIds.isIdentityUrl(subject)): not modelled.
                skipPath();
                return new Opaque();
            } else {
                steps.add(step(t.text));
            }
            while (peekText(".")) {
                at++;
                steps.add(step(next().text));
            }
            Tok last = tokens.get(at - 1);
            String text = sourceOf(start, last);
            return new Path(text, base, steps);
        }

        private String sourceOf(int start, Tok last) {
            StringBuilder s = new StringBuilder();
            for (Tok tok : tokens) {
                if (tok.start >= start && tok.start <= last.start) {
                    s.append(tok.kind == Kind.STRING ? '"' + tok.text + '"' : tok.text);
                    if (tok.text.equals(",")) {
                        s.append(' ');
                    }
                }
            }
            return s.toString();
        }

        private Step step(String name) {
            if (!peekText("(")) {
                return new Step(name, false, List.of());
            }
            at++;
            List<Node> args = new ArrayList<>();
            if (!peekText(")")) {
                args.add(expression());
                while (peekText(",")) {
                    at++;
                    args.add(expression());
                }
            }
            expect(")");
            return new Step(name, true, args);
        }

        private void skipPath() {
            int depth = 0;
            while (!atEnd()) {
                Tok t = peek(0);
                if (t.kind == Kind.OP && t.text.equals("(")) {
                    depth++;
                } else if (t.kind == Kind.OP && t.text.equals(")")) {
                    if (depth == 0) {
                        return;
                    }
                    depth--;
                } else if (depth == 0 && t.kind == Kind.OP && !t.text.equals(".")) {
                    return;
                } else if (depth == 0 && t.kind == Kind.IDENT && at > 0 && tokens.get(at - 1).kind != Kind.OP) {
                    return;
                }
                at++;
            }
        }

        private static Object number(String text) {
            String digits = text.replaceAll("[LlDdFfBI]$", "");
            return digits.contains(".") ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits);
        }
    }
}
