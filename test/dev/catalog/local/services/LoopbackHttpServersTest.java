package dev.catalog.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoopbackHttpServersTest {

    @Test
    void serversAreCreatedWithNaglesAlgorithmOffAndServe() throws Exception {
        HttpServer server = LoopbackHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // The JDK reads the switch when its first server is created: it must be on by then.
        assertEquals("true", System.getProperty(LoopbackHttpServers.NO_DELAY_PROPERTY));
        server.createContext("/", exchange -> {
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("pong", response.body());
        } finally {
            server.stop(0);
        }
    }
}
