package dev.catalog.local.devtools.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /_local/api/}: the HTTP API's OpenAPI document ({@code openapi.json}, combined from the
 * slice files at each request, so an edit shows on reload) and a page that renders it with
 * Swagger UI, the static bundle of the {@code org.webjars:swagger-ui} jar. The document's first
 * server is this runtime, so "Try it out" calls it (with a dev token from the start-up output).
 */
public final class ApiPageHandler implements HttpHandler {
    public static final String PREFIX = "/_local/api/";
    private static final Logger LOG = LoggerFactory.getLogger(ApiPageHandler.class);
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Pattern BUNDLE_FILE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*\\.(js|css|png)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path projectDir;
    private final URI apiBaseUri;

    public ApiPageHandler(Path projectDir, URI apiBaseUri) {
        this.projectDir = projectDir;
        this.apiBaseUri = apiBaseUri;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                send(exchange, 403, "text/plain", bytes("local pages answer loopback callers only"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String rest = path.length() <= PREFIX.length() ? "" : path.substring(PREFIX.length());
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain", bytes("GET only"));
            } else if (!path.startsWith(PREFIX)) {
                exchange.getResponseHeaders().set("Location", PREFIX);
                send(exchange, 302, "text/plain", new byte[0]);
            } else if (rest.isEmpty() || rest.equals("index.html")) {
                send(exchange, 200, "text/html; charset=utf-8", resource(ApiPageHandler.class, "api.html"));
            } else if (rest.equals("openapi.json")) {
                send(exchange, 200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document()));
            } else if (rest.startsWith("swagger-ui/") && BUNDLE_FILE.matcher(rest.substring("swagger-ui/".length())).matches()) {
                String file = rest.substring("swagger-ui/".length());
                String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "image/png";
                send(exchange, 200, type, resource(null, WEBJAR + swaggerUiVersion() + "/" + file));
            } else {
                send(exchange, 404, "text/plain", bytes("no API page " + path + " (try GET " + PREFIX + ")"));
            }
        } catch (RuntimeException e) {
            LOG.error("API page {} failed", exchange.getRequestURI().getPath(), e);
            send(exchange, 500, "text/plain", bytes("failed: " + e.getMessage()));
        }
    }

    /** The combined document, with this runtime as its first server. */
    ObjectNode document() {
        ObjectNode document = OpenApiDocument.combine(projectDir);
        ArrayNode servers = JSON.createArrayNode();
        servers.addObject().put("url", apiBaseUri.toString()).put("description", "this make local");
        document.path("servers").forEach(server -> {
            if (!server.path("url").asText().startsWith("http://127.0.0.1")) {
                servers.add(server);
            }
        });
        document.set("servers", servers);
        return document;
    }

    private static String swaggerUiVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ApiPageHandler.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IOException("org.webjars:swagger-ui is not on the class path");
            }
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(Class<?> beside, String name) throws IOException {
        try (InputStream in = beside != null ? beside.getResourceAsStream(name) : ApiPageHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
