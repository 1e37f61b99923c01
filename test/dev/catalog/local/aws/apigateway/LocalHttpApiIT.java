package dev.catalog.local.aws.apigateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalHttpApiIT {
    private static final Instant NOW = Instant.parse("2026-03-12T19:03:58.123Z");
    private static final int MIB = 1024 * 1024;

    private final List<APIGatewayV2HTTPEvent> received = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private LocalHttpApi api;

    /** Answers 200 with the request body echoed back unchanged, so both directions can be checked. */
    private final RouteHandler echo = event -> {
        received.add(event);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                .withBody(event.getBody())
                .withIsBase64Encoded(event.getIsBase64Encoded())
                .build();
    };

    @BeforeEach
    void start() throws IOException {
        LocalHttpApiConfig config = LocalHttpApiConfig.defaults()
                .withIdentity("api123", "111122223333")
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        api = LocalHttpApi.start(config, RouteTable.<RouteBinding>builder()
                .add("GET /v1/products/{id}/attachments/{aid}", RouteBinding.of(echo))
                .add("ANY /echo", RouteBinding.of(echo))
                .add("POST /echo/{rest+}", RouteBinding.of(echo))
                .build());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.baseUri().resolve(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private APIGatewayV2HTTPEvent onlyEvent() {
        assertEquals(1, received.size(), "events received");
        return received.get(0);
    }

    @Test
    void drainAnswers503ToNewRequestsAndWaitsForTheOnesInFlight() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        api.replaceRoutes(RouteTable.<RouteBinding>builder()
                .add("GET /slow", RouteBinding.of(event -> {
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(202).withBody("done").build();
                }))
                .add("ANY /echo", RouteBinding.of(echo))
                .build());
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(api.baseUri().resolve("/slow")).GET().build(), BodyHandlers.ofString());
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the slow request reached its handler");

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> api.drain(Duration.ofSeconds(10)));
        HttpResponse<String> refused = null;
        for (int attempt = 0; attempt < 50 && refused == null; attempt++) {
            HttpResponse<String> response = get("/echo");
            if (response.statusCode() == 503) {
                refused = response;
            } else {
                Thread.sleep(20);
            }
        }

        assertNotNull(refused, "a request during the drain was answered 503");
        assertEquals("{\"message\":\"Service Unavailable\"}", refused.body());
        assertFalse(drained.isDone(), "drain returned while a request was still running");
        release.countDown();
        assertEquals(202, inFlight.get(5, TimeUnit.SECONDS).statusCode(), "the request in flight finished normally");
        assertTrue(drained.get(5, TimeUnit.SECONDS), "drain saw every request finish");
        assertTrue(received.isEmpty(), "no request reached a handler after the drain began");
    }

    @Test
    void handlerReceivesAPayloadV2EventWithRouteAndDecodedPathParameters() throws Exception {
        HttpResponse<String> response = get("/v1/products/blue%20shoe/attachments/a%2B1", "User-Agent", "catalog-test/1.0");

        assertEquals(200, response.statusCode());
        APIGatewayV2HTTPEvent event = onlyEvent();
        assertEquals("2.0", event.getVersion());
        assertEquals("GET /v1/products/{id}/attachments/{aid}", event.getRouteKey());
        assertEquals("/v1/products/blue%20shoe/attachments/a%2B1", event.getRawPath());
        assertEquals(Map.of("id", "blue shoe", "aid", "a+1"), event.getPathParameters());
        assertEquals("", event.getRawQueryString());
        assertNull(event.getQueryStringParameters());
        assertNull(event.getCookies());
        assertNull(event.getBody());
        assertFalse(event.getIsBase64Encoded());

        RequestContext context = event.getRequestContext();
        assertEquals("111122223333", context.getAccountId());
        assertEquals("api123", context.getApiId());
        assertEquals("127.0.0.1:" + api.port(), context.getDomainName());
        assertEquals("127", context.getDomainPrefix());
        assertEquals("GET /v1/products/{id}/attachments/{aid}", context.getRouteKey());
        assertEquals("$default", context.getStage());
        assertEquals("12/Mar/2026:19:03:58 +0000", context.getTime());
        assertEquals(NOW.toEpochMilli(), context.getTimeEpoch());
        assertEquals("GET", context.getHttp().getMethod());
        assertEquals("/v1/products/blue%20shoe/attachments/a%2B1", context.getHttp().getPath());
        assertEquals("HTTP/1.1", context.getHttp().getProtocol());
        assertEquals("127.0.0.1", context.getHttp().getSourceIp());
        assertEquals("catalog-test/1.0", context.getHttp().getUserAgent());
        assertEquals(context.getRequestId(), response.headers().firstValue("apigw-requestid").orElseThrow());
    }

    @Test
    void queryStringArrivesRawAndDecodedWithRepeatedKeysJoined() throws Exception {
        get("/echo?q=blue%20shoe%2Bsock&tag=a&tag=b%2Cc&flag&empty=&caf%C3%A9=cr%C3%A8me");

        APIGatewayV2HTTPEvent event = onlyEvent();
        assertEquals("q=blue%20shoe%2Bsock&tag=a&tag=b%2Cc&flag&empty=&caf%C3%A9=cr%C3%A8me", event.getRawQueryString());
        assertEquals(Map.of("q", "blue shoe+sock", "tag", "a,b,c", "flag", "", "empty", "", "café", "crème"),
                event.getQueryStringParameters());
    }

    @Test
    void headersAreLowerCasedWithRepeatedValuesJoinedByComma() throws Exception {
        get("/echo", "X-Tag", "first", "X-Tag", "second", "X-Single", "Only");

        Map<String, String> headers = onlyEvent().getHeaders();
        assertEquals("first,second", headers.get("x-tag"));
        assertEquals("Only", headers.get("x-single"));
        assertEquals("127.0.0.1:" + api.port(), headers.get("host"));
        assertTrue(headers.keySet().stream().allMatch(name -> name.equals(name.toLowerCase())), headers.toString());
    }

    @Test
    void cookiesMoveFromTheCookieHeadersIntoTheCookieList() throws Exception {
        get("/echo", "Cookie", "session=abc; theme=dark", "Cookie", "lang=en");

        APIGatewayV2HTTPEvent event = onlyEvent();
        assertEquals(List.of("session=abc", "theme=dark", "lang=en"), event.getCookies());
        assertFalse(event.getHeaders().containsKey("cookie"));
    }

    @Test
    void binaryBodyTravelsAsBase64InBothDirections() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo"))
                .header("Content-Type", "image/png")
                .POST(BodyPublishers.ofByteArray(payload))
                .build(), BodyHandlers.ofByteArray());

        APIGatewayV2HTTPEvent event = onlyEvent();
        assertTrue(event.getIsBase64Encoded());
        assertEquals(Base64.getEncoder().encodeToString(payload), event.getBody());
        assertEquals(200, response.statusCode());
        assertArrayEquals(payload, response.body());
    }

    @Test
    void bodyWithoutContentTypeIsTreatedAsBinary() throws Exception {
        client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo"))
                .POST(BodyPublishers.ofString("plain")).build(), BodyHandlers.discarding());

        APIGatewayV2HTTPEvent event = onlyEvent();
        assertTrue(event.getIsBase64Encoded());
        assertEquals("plain", new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8));
    }

    @Test
    void textContentTypesArriveAsUtf8Text() throws Exception {
        List<String> textTypes = List.of("application/json", "application/json; charset=utf-8",
                "application/problem+json", "text/plain", "text/csv", "application/xml",
                "application/x-www-form-urlencoded");
        for (String contentType : textTypes) {
            client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo/" + contentType.length()))
                    .header("Content-Type", contentType)
                    .POST(BodyPublishers.ofString("{\"name\":\"crème brûlée\"}", StandardCharsets.UTF_8))
                    .build(), BodyHandlers.discarding());
        }

        assertEquals(textTypes.size(), received.size());
        for (APIGatewayV2HTTPEvent event : received) {
            assertFalse(event.getIsBase64Encoded(), event.getHeaders().get("content-type"));
            assertEquals("{\"name\":\"crème brûlée\"}", event.getBody());
        }
    }

    @Test
    void everyRequestGetsItsOwnRequestIdAlsoInTheResponseHeader() throws Exception {
        List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(api.baseUri().resolve("/echo")).build(),
                    BodyHandlers.discarding()));
        }
        Set<String> headerIds = new HashSet<>();
        for (CompletableFuture<HttpResponse<Void>> response : responses) {
            headerIds.add(response.get(5, TimeUnit.SECONDS).headers().firstValue("apigw-requestid").orElseThrow());
        }

        Set<String> eventIds = new HashSet<>();
        received.forEach(event -> eventIds.add(event.getRequestContext().getRequestId()));
        assertEquals(20, headerIds.size());
        assertEquals(headerIds, eventIds);
    }

    @Test
    void requestIdsComeFromTheInjectedSupplier() throws Exception {
        api.close();
        AtomicInteger next = new AtomicInteger();
        api = LocalHttpApi.start(LocalHttpApiConfig.defaults().withRequestIds(() -> "req-" + next.incrementAndGet()),
                RouteTable.<RouteBinding>builder().add("GET /echo", RouteBinding.of(echo)).build());

        get("/echo");
        HttpResponse<String> second = get("/echo");

        assertEquals("req-2", second.headers().firstValue("apigw-requestid").orElseThrow());
        assertEquals("req-2", received.get(1).getRequestContext().getRequestId());
    }

    @Test
    void servesRequestsConcurrently() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("GET /slow", RouteBinding.of(event -> {
            bothInside.countDown();
            try {
                // Only returns if a second request reaches a handler while this one is still running.
                return APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(bothInside.await(5, TimeUnit.SECONDS) ? 200 : 503).build();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })).build());

        var first = client.sendAsync(HttpRequest.newBuilder(api.baseUri().resolve("/slow")).build(),
                BodyHandlers.discarding());
        var second = client.sendAsync(HttpRequest.newBuilder(api.baseUri().resolve("/slow")).build(),
                BodyHandlers.discarding());

        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void unknownRouteAnswers404LikeApiGateway() throws Exception {
        HttpResponse<String> wrongPath = get("/nowhere");
        HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(
                api.baseUri().resolve("/v1/products/p/attachments/a")).DELETE().build(), BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(wrongPath, wrongMethod)) {
            assertEquals(404, response.statusCode());
            assertEquals("{\"message\":\"Not Found\"}", response.body());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
            assertTrue(response.headers().firstValue("apigw-requestid").isPresent());
        }
        assertTrue(received.isEmpty());
    }

    @Test
    void failingHandlerAnswers500WithoutRevealingTheError() throws Exception {
        api.replaceRoutes(RouteTable.<RouteBinding>builder()
                .add("GET /boom", RouteBinding.of(event -> {
                    throw new IllegalStateException("secret database password is hunter2");
                }))
                .add("GET /null", RouteBinding.of(event -> null))
                .add("GET /bad-base64", RouteBinding.of(event -> APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(200).withBody("not base64!").withIsBase64Encoded(true).build()))
                .build());

        for (String path : List.of("/boom", "/null", "/bad-base64")) {
            HttpResponse<String> response = get(path);
            assertEquals(500, response.statusCode(), path);
            assertEquals("{\"message\":\"Internal Server Error\"}", response.body(), path);
        }
    }

    @Test
    void bodyDeclaredLargerThan10MiBIsRefusedWith413BeforeItIsSent() throws Exception {
        try (Socket socket = new Socket(api.address().getAddress(), api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (10 * MIB + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            RawResponse response = RawResponse.read(socket.getInputStream());

            assertEquals(413, response.statusCode());
            assertEquals("{\"message\":\"Request Entity Too Large\"}", response.body());
        }
        assertTrue(received.isEmpty());
    }

    @Test
    void chunkedBodyGrowingPast10MiBIsRefusedWith413() throws Exception {
        try (Socket socket = new Socket(api.address().getAddress(), api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            byte[] chunkHeader = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent <= 10 * MIB; sent += chunk.length) {
                out.write(chunkHeader);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            RawResponse response = RawResponse.read(socket.getInputStream());

            assertEquals(413, response.statusCode());
            assertEquals("{\"message\":\"Request Entity Too Large\"}", response.body());
        }
        assertTrue(received.isEmpty());
    }

    @Test
    void bodyOfExactly10MiBIsAccepted() throws Exception {
        byte[] payload = new byte[10 * MIB];

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo"))
                .POST(BodyPublishers.ofByteArray(payload)).build(), BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(payload.length, response.body().length);
    }

    @Test
    void responseCarriesStatusHeadersMultiValueHeadersAndCookies() throws Exception {
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("POST /v1/products", RouteBinding.of(event ->
                APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(202)
                        .withHeaders(Map.of("Location", "/v1/commands/c-1", "Content-Type", "application/json",
                                "Content-Length", "999"))
                        .withMultiValueHeaders(Map.of("X-Trace", List.of("one", "two")))
                        .withCookies(List.of("session=abc; HttpOnly", "theme=dark"))
                        .withBody("{\"commandId\":\"c-1\"}")
                        .build())).build());

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/v1/products"))
                .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());

        assertEquals(202, response.statusCode());
        assertEquals("{\"commandId\":\"c-1\"}", response.body());
        assertEquals("/v1/commands/c-1", response.headers().firstValue("location").orElseThrow());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("one", "two"), response.headers().allValues("x-trace"));
        assertEquals(List.of("session=abc; HttpOnly", "theme=dark"), response.headers().allValues("set-cookie"));
    }

    @Test
    void missingStatusCodeIsInferredAs200Json() throws Exception {
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("GET /inferred", RouteBinding.of(event ->
                APIGatewayV2HTTPResponse.builder().withBody("{\"ok\":true}").build())).build());

        HttpResponse<String> response = get("/inferred");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"ok\":true}", response.body());
    }

    @Test
    void headRequestGetsHeadersButNoBody() throws Exception {
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("HEAD /echo", RouteBinding.of(event ->
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("ETag", "\"v1\""))
                        .withBody("ignored for HEAD").build())).build());

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo"))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("\"v1\"", response.headers().firstValue("etag").orElseThrow());
        assertEquals("", response.body());
    }

    @Test
    void optionsIsRoutedLikeAnyOtherMethod() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.baseUri().resolve("/echo"))
                .method("OPTIONS", BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("ANY /echo", onlyEvent().getRouteKey());
        assertEquals("OPTIONS", onlyEvent().getRequestContext().getHttp().getMethod());
    }

    @Test
    void interceptorAnswerReplacesTheHandler() throws Exception {
        RouteInterceptor denyAll = event -> Optional.of(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(401).withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"message\":\"Unauthorized\"}").build());
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("GET /secure", RouteBinding.of(denyAll, echo)).build());

        HttpResponse<String> response = get("/secure");

        assertEquals(401, response.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", response.body());
        assertTrue(received.isEmpty());
    }

    @Test
    void interceptorCanEnrichTheEventBeforeTheHandlerRuns() throws Exception {
        RouteInterceptor addClaims = event -> {
            RequestContext.Authorizer authorizer = new RequestContext.Authorizer();
            RequestContext.Authorizer.JWT jwt = new RequestContext.Authorizer.JWT();
            jwt.setClaims(Map.of("sub", "user-1"));
            authorizer.setJwt(jwt);
            event.getRequestContext().setAuthorizer(authorizer);
            return Optional.empty();
        };
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("GET /secure", RouteBinding.of(addClaims, echo)).build());

        assertEquals(200, get("/secure").statusCode());
        assertEquals("user-1", onlyEvent().getRequestContext().getAuthorizer().getJwt().getClaims().get("sub"));
    }

    @Test
    void localHandlerServesItsPrefixAheadOfGreedyRoutes() throws Exception {
        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("ANY /{proxy+}", RouteBinding.of(echo)).build());
        api.addLocalHandler("/_local/", exchange -> {
            byte[] page = ("status page for " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });

        assertEquals("status page for /_local/topology", get("/_local/topology").body());
        assertEquals("status page for /_local", get("/_local").body());
        assertEquals(200, get("/_localish").statusCode());
        assertEquals(1, received.size(), "only /_localish reached the API routes");
    }

    @Test
    void replacedRoutesTakeEffectWithoutRestart() throws Exception {
        assertEquals(404, get("/v2/fresh").statusCode());

        api.replaceRoutes(RouteTable.<RouteBinding>builder().add("GET /v2/fresh", RouteBinding.of(echo)).build());

        assertEquals(200, get("/v2/fresh").statusCode());
        assertEquals(404, get("/echo").statusCode());
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        assertEquals("127.0.0.1", api.address().getAddress().getHostAddress());
        assertEquals(URI.create("http://127.0.0.1:" + api.port()), api.baseUri());
        assertTrue(api.port() > 0);

        Optional<InetAddress> otherAddress = nonLoopbackAddress();
        Assumptions.assumeTrue(otherAddress.isPresent(), "machine has no non-loopback IPv4 address");
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress(otherAddress.get(), api.port()), 2_000));
        }
    }

    @Test
    void closeStopsListeningPromptly() throws Exception {
        int port = api.port();
        long started = System.nanoTime();

        api.close();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1_000));
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!networkInterface.isUp() || networkInterface.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    /** Just enough HTTP/1.1 to read one response with a Content-Length from a raw socket. */
    private record RawResponse(int statusCode, Map<String, String> headers, String body) {
        static RawResponse read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("connection closed before the response head ended: " + head);
                }
                head.write(next);
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            int statusCode = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] nameAndValue = lines[i].split(":", 2);
                headers.put(nameAndValue[0].trim().toLowerCase(), nameAndValue[1].trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            assertNotNull(body);
            return new RawResponse(statusCode, headers, body);
        }
    }
}
