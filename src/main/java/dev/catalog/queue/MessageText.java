package dev.catalog.queue;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The characters an SQS message body can carry: {@code #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD
 * #x10000–#x10FFFF}. SNS accepts more, so text outside this set is published and then fails every
 * delivery to a queue — nothing answers the command, nothing reaches a dead-letter queue. Text a
 * client sends therefore has to be refused at the edge with this check.
 */
public final class MessageText {
    private MessageText() {
    }

    /** The first code point SQS refuses (a lone surrogate counts as itself), or empty. */
    public static OptionalInt firstRefused(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!isCarried(codePoint)) {
                return OptionalInt.of(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return OptionalInt.empty();
    }

    /** Why {@code text} cannot travel in a message, in words for a problem or a rejected row; empty when it can. */
    public static Optional<String> problem(String text) {
        OptionalInt refused = firstRefused(text);
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        int codePoint = refused.getAsInt();
        String what = Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF ? " (an unpaired surrogate)" : "";
        return Optional.of(String.format("must not contain U+%04X%s: messages cannot carry it", codePoint, what));
    }

    /** Whether SQS carries this code point; an unpaired surrogate ({@code codePointAt} returns it as itself) is not. */
    public static boolean isCarried(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }
}
