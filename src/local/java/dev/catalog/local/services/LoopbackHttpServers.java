package dev.catalog.local.services;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the runtime's JDK HTTP servers (the HTTP API and the SNS endpoint) with Nagle's
 * algorithm off on every connection they accept.
 *
 * <p>The JDK server leaves Nagle on unless {@value #NO_DELAY_PROPERTY} is true. It writes a
 * response's headers and body separately, so the body waited for the client's delayed ACK:
 * every SNS Publish took about 48 ms on an idle machine instead of about 5 ms. The property
 * is read once, when the first server of the JVM is created, hence it is set here, before any.
 */
public final class LoopbackHttpServers {
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        System.setProperty(NO_DELAY_PROPERTY, "true");
    }

    private LoopbackHttpServers() {
    }

    /** An unstarted server bound to {@code address}; port 0 picks a free one. */
    public static HttpServer create(InetSocketAddress address) throws IOException {
        return HttpServer.create(address, 0);
    }
}
