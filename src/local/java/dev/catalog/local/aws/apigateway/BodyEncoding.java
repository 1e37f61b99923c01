package dev.catalog.local.aws.apigateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Which request bodies reach the handler as text and which as base64. */
final class BodyEncoding {
    private BodyEncoding() {}

    /**
     * A body that claims a text type but is not valid UTF-8 is passed on base64-encoded, as the
     * bytes it is, rather than silently repaired with replacement characters: the function can
     * then refuse it.
     */
    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/")
                || mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))
                || mediaType.equals("application/xml")
                || mediaType.equals("application/x-www-form-urlencoded");
    }
}
