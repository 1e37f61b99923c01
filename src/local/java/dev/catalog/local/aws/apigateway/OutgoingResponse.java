package dev.catalog.local.aws.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A response ready for the wire: status, headers in order (names may repeat), body bytes. */
record OutgoingResponse(int statusCode, List<Header> headers, byte[] body) {
    record Header(String name, String value) {}

    /** Message framing belongs to the server; copying a handler's values could corrupt the exchange. */
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    OutgoingResponse {
        headers = List.copyOf(headers);
    }

    /** The JSON error bodies an HTTP API answers with, such as {@code {"message":"Not Found"}}. */
    static OutgoingResponse apiGatewayError(int statusCode, String message) {
        return new OutgoingResponse(statusCode, List.of(new Header("Content-Type", "application/json")),
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static OutgoingResponse fromLambda(APIGatewayV2HTTPResponse response) {
        if (response == null) {
            throw new InvalidLambdaResponseException("handler returned no response");
        }
        // The Java type cannot carry a missing statusCode, so 0 stands for it; HTTP APIs then infer
        // a 200 with a JSON body.
        boolean statusInferred = response.getStatusCode() == 0;
        int statusCode = statusInferred ? 200 : response.getStatusCode();
        if (statusCode < 100 || statusCode > 599) {
            throw new InvalidLambdaResponseException("invalid statusCode " + statusCode);
        }
        List<Header> headers = new ArrayList<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> addHeader(headers, name, value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null) {
                    values.forEach(value -> addHeader(headers, name, value));
                }
            });
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> addHeader(headers, "Set-Cookie", cookie));
        }
        if (statusInferred && headers.stream().noneMatch(header -> header.name().equalsIgnoreCase("content-type"))) {
            headers.add(new Header("Content-Type", "application/json"));
        }
        return new OutgoingResponse(statusCode, headers, bodyBytes(response));
    }

    private static void addHeader(List<Header> headers, String name, String value) {
        if (name == null || value == null || FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        headers.add(new Header(name, value));
    }

    private static byte[] bodyBytes(APIGatewayV2HTTPResponse response) {
        String body = response.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!response.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidLambdaResponseException("isBase64Encoded is true but the body is not base64", e);
        }
    }
}
