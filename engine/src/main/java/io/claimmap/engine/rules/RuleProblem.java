package io.claimmap.engine.rules;

/** One reason rules do not compile, located in the user's file when Drools allows. */
public record RuleProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
