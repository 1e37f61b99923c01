package dev.catalog.local.aws.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the event an HTTP API sends to Lambda with payload format 2.0. */
final class HttpApiEventFactory {
    static final String STAGE = "$default";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String apiId;
    private final String accountId;

    HttpApiEventFactory(String apiId, String accountId) {
        this.apiId = apiId;
        this.accountId = accountId;
    }

    /** @throws IllegalArgumentException when the query string has a malformed percent escape */
    APIGatewayV2HTTPEvent create(IncomingRequest request, RouteMatch<?> match, String requestId, Instant receivedAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            // Payload 2.0 moves cookies out of the headers into their own list.
            if (lowerName.equals("cookie")) {
                values.forEach(value -> cookies.addAll(splitCookies(value)));
            } else {
                headers.merge(lowerName, String.join(",", values), (first, second) -> first + "," + second);
            }
        });
        String host = headers.getOrDefault("host", "localhost");
        String routeKey = match.route().routeKey();

        RequestContext.Http http = RequestContext.Http.builder()
                .withMethod(request.method())
                .withPath(request.rawPath())
                .withProtocol("HTTP/1.1")
                .withSourceIp(request.sourceIp())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        RequestContext context = RequestContext.builder()
                .withAccountId(accountId)
                .withApiId(apiId)
                .withDomainName(host)
                .withDomainPrefix(domainPrefix(host))
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(routeKey)
                .withStage(STAGE)
                .withTime(REQUEST_TIME.format(receivedAt))
                .withTimeEpoch(receivedAt.toEpochMilli())
                .build();

        boolean hasBody = request.body().length > 0;
        boolean textBody = BodyEncoding.isText(headers.get("content-type")) && BodyEncoding.isUtf8(request.body());
        // API Gateway leaves out the fields a request does not have rather than sending empty ones.
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(request.rawQuery()))
                .withPathParameters(match.pathParameters().isEmpty() ? null : new LinkedHashMap<>(match.pathParameters()))
                .withRequestContext(context)
                .withBody(!hasBody ? null
                        : textBody ? new String(request.body(), StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(request.body()))
                .withIsBase64Encoded(hasBody && !textBody)
                .build();
    }

    private static List<String> splitCookies(String headerValue) {
        List<String> cookies = new ArrayList<>();
        for (String cookie : headerValue.split(";")) {
            String trimmed = cookie.trim();
            if (!trimmed.isEmpty()) {
                cookies.add(trimmed);
            }
        }
        return cookies;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decodeQueryComponent(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQueryComponent(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decodeQueryComponent(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** The first label of the host name, as in {@code abc123} for {@code abc123.execute-api...}. */
    private static String domainPrefix(String host) {
        String hostName = host.startsWith("[") ? host : host.split(":", 2)[0];
        int dot = hostName.indexOf('.');
        return dot < 0 ? hostName : hostName.substring(0, dot);
    }
}
