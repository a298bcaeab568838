package io.claimmap.engine.input;

/**
 * Text that came from unverified input ({@code kid}, {@code iss}, {@code sub}, claim values, and messages that quote
 * them), made safe to print and judged for emptiness. The one escaping function of every text printer: a token cannot
 * forge a line, move the cursor, clear the screen or reorder what a terminal shows.
 */
public final class UntrustedText {
    private UntrustedText() {
    }

    /**
     * The text with every character a terminal would act on, rather than show, written as {@code \n}, {@code \r},
     * {@code \t} or {@code \\u} and four hex digits ({@code \\U} and eight beyond the BMP): C0 and C1 controls (ESC included), line and paragraph separators,
     * format characters (bidirectional overrides, embeddings and isolates, zero-width characters, the byte-order mark)
     * and lone surrogates. Everything else, non-ASCII letters included, is kept.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !escaped(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!escaped(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp > 0xFFFF) {
                out.append(String.format("\\U%08x", cp));
            } else {
                out.append(String.format("\\u%04x", cp));
            }
        }
        return out.toString();
    }

    /**
     * True when nothing visible is left once whitespace, controls and invisible characters (zero-width characters,
     * the byte-order mark, bidirectional controls, fillers) are removed: such a {@code sub} identifies nobody.
     */
    public static boolean isBlank(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!invisible(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean escaped(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static boolean invisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT) {
            return true;
        }
        // Letters that render as nothing: Hangul fillers, the Mongolian vowel separator, the blank Braille pattern.
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x180E || cp == 0x2800;
    }
}
