package dev.catalog.local.services;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The TLS certificate the embedded PostgreSQL serves, so functions connect to it as they connect to
 * Aurora: encrypted, with the server's certificate checked by those configured to check it. Made by
 * the JDK's own keytool (no library needed), for {@code 127.0.0.1} and {@code localhost}, and kept
 * in {@code directory} until it nears expiry.
 *
 * @param certificate PEM, the server's certificate and also the one root a client needs to trust
 * @param privateKey PEM (PKCS #8), readable by its owner only, as PostgreSQL requires
 */
public record LocalCertificate(Path certificate, Path privateKey) {
    /** Where the runtime and the tests keep it. */
    public static final Path DIRECTORY = Path.of("target", "local", "tls");
    private static final String ALIAS = "catalog-local";
    private static final char[] STORE_PASSWORD = "catalog-local".toCharArray();

    /** The certificate in {@code directory}, made now when it is missing or expires within a day. */
    public static synchronized LocalCertificate in(Path directory) {
        try {
            return madeIn(directory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LocalCertificate madeIn(Path directory) throws IOException {
        LocalCertificate existing = new LocalCertificate(directory.resolve("server.crt"), directory.resolve("server.key"));
        if (existing.validForADay()) {
            return existing;
        }
        Files.createDirectories(directory);
        Path store = Files.createTempFile(directory, "keystore-", ".p12");
        Files.delete(store);
        try {
            runKeytool(store);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD);
            }
            X509Certificate certificate = (X509Certificate) keys.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, STORE_PASSWORD);
            Path keyFile = Files.createTempFile(directory, "server-", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            Files.move(keyFile, existing.privateKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(existing.certificate(), pem("CERTIFICATE", certificate.getEncoded()));
            return existing;
        } catch (GeneralSecurityException e) {
            throw new IOException("reading the certificate keytool made failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(store);
        }
    }

    private boolean validForADay() {
        if (!Files.isRegularFile(certificate) || !Files.isRegularFile(privateKey)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate parsed = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            return parsed.getNotAfter().toInstant().isAfter(Instant.now().plus(1, ChronoUnit.DAYS));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static void runKeytool(Path store) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the PostgreSQL certificate: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made the PostgreSQL certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
