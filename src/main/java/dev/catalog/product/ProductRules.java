package dev.catalog.product;

import dev.catalog.queue.MessageText;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The rules for a product's fields, the only copy: the API and bulk imports check requests with
 * them and the worker checks commands with them again, so a command the API accepted is never
 * failed by the worker for its name. Lengths are counted in code points (what a person counts as
 * characters far more often than UTF-16 units: "📦" is one), after NFC normalisation.
 */
public final class ProductRules {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 4000;
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private ProductRules() {
    }

    /**
     * NFC, so "Café" typed with a precomposed é and with e + U+0301 is one name, stored, compared
     * and listed alike.
     */
    public static String normalized(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** The name as it is stored: NFC, with surrounding white space (NBSP and U+3000 included) removed. */
    public static String normalizedName(String name) {
        String text = normalized(name);
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** Why a name already passed through {@link #normalizedName} cannot be a product's name; empty when it can. */
    public static Optional<String> nameProblem(String normalizedName) {
        Optional<String> unsendable = MessageText.problem(normalizedName);
        if (unsendable.isPresent()) {
            return unsendable;
        }
        if (normalizedName.codePoints().noneMatch(ProductRules::isVisible)) {
            return Optional.of("must not be blank (white space, invisible characters and lone combining marks do not count)");
        }
        if (normalizedName.codePointCount(0, normalizedName.length()) > MAX_NAME_LENGTH) {
            return Optional.of("must be at most " + MAX_NAME_LENGTH + " characters after trimming");
        }
        if (normalizedName.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        // Bidi overrides make a name read differently from how it sorts and compares (U+202E turns
        // "exe.txt" around); zero-width and tag characters hide text inside an innocent-looking name.
        Optional<Integer> invisible = normalizedName.codePoints().filter(ProductRules::isHiddenFormat).boxed().findFirst();
        if (invisible.isPresent()) {
            return Optional.of(String.format("must not contain invisible formatting characters (U+%04X)", invisible.get()));
        }
        return Optional.empty();
    }

    /** Why a description cannot be a product's description; empty when it can. Line breaks and tabs are fine. */
    public static Optional<String> descriptionProblem(String description) {
        Optional<String> unsendable = MessageText.problem(description);
        if (unsendable.isPresent()) {
            return unsendable;
        }
        if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
            return Optional.of("must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return Optional.empty();
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /**
     * Format characters are invisible; the two joiners are kept because Persian, the Indic scripts
     * and emoji sequences ("👩‍💻") need them, and alone they still make no visible name.
     */
    private static boolean isHiddenFormat(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT && codePoint != ZERO_WIDTH_NON_JOINER && codePoint != ZERO_WIDTH_JOINER;
    }

    /** Something that shows on its own: not white space, not a control or format character, not a combining mark. */
    private static boolean isVisible(int codePoint) {
        int type = Character.getType(codePoint);
        return !isSpace(codePoint) && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.COMBINING_SPACING_MARK
                && !isBlankLetter(codePoint);
    }

    /** Letters that draw nothing (Hangul fillers, the blank Braille pattern): a name of them looks empty. */
    private static boolean isBlankLetter(int codePoint) {
        return codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0 || codePoint == 0x2800;
    }
}
