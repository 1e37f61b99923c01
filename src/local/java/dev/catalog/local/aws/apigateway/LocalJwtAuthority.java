package dev.catalog.local.aws.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stands in for the identity provider and API Gateway's JWT authorizer: mints RS256 tokens with a
 * key made at start-up, and verifies bearer tokens the way the authorizer does (signature, issuer,
 * audience, expiry), handing the claims on as strings, array claims as {@code "[a b]"}.
 */
public final class LocalJwtAuthority {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Clock skew tolerated on exp and nbf, as identity libraries commonly allow. */
    private static final long LEEWAY_SECONDS = 30;

    private final String issuer;
    private final List<String> audiences;
    private final Clock clock;
    private final KeyPair keys;

    public LocalJwtAuthority(String issuer, List<String> audiences, Clock clock) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.clock = clock;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the local signing key", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** A token for {@code sub} with these roles, valid for {@code validity}. */
    public String mint(String sub, List<String> roles, Duration validity) {
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer)
                .put("sub", sub)
                .put("aud", audiences.get(0))
                .put("iat", now)
                .put("nbf", now)
                .put("exp", now + validity.toSeconds());
        roles.forEach(claims.putArray("roles")::add);
        return sign(claims);
    }

    /** Signs arbitrary claims: tests use it to make expired, foreign or malformed tokens. */
    public String sign(ObjectNode claims) {
        String header = encode(JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", "local").toString());
        String signingInput = header + "." + encode(claims.toString());
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The claims of a valid token, as API Gateway passes them to the function; empty when the
     * token is malformed, not signed by this authority, for another issuer or audience, or expired.
     */
    public Optional<Map<String, String>> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(DECODER.decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keys.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = JSON.readTree(DECODER.decode(parts[1]));
            long now = clock.instant().getEpochSecond();
            boolean valid = issuer.equals(claims.path("iss").asText())
                    && audienceMatches(claims.path("aud"))
                    && claims.path("exp").canConvertToLong() && claims.path("exp").asLong() + LEEWAY_SECONDS > now
                    && (!claims.has("nbf") || claims.path("nbf").asLong() - LEEWAY_SECONDS <= now)
                    && claims.path("sub").isTextual();
            return valid ? Optional.of(asAuthorizerClaims(claims)) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud.isTextual()) {
            return audiences.contains(aud.asText());
        }
        for (JsonNode value : aud) {
            if (audiences.contains(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> asAuthorizerClaims(JsonNode claims) {
        Map<String, String> flattened = new LinkedHashMap<>();
        claims.fields().forEachRemaining(claim -> {
            JsonNode value = claim.getValue();
            if (value.isArray()) {
                List<String> items = new java.util.ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                flattened.put(claim.getKey(), items.stream().collect(Collectors.joining(" ", "[", "]")));
            } else {
                flattened.put(claim.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return flattened;
    }

    private static String encode(String json) {
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
