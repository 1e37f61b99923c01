package dev.catalog.local.aws.sns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Signs notifications the way SNS does, with an RSA key generated at start, and offers a
 * self-signed X.509 certificate of that key for the {@code SigningCertURL}.
 *
 * <p>The certificate is DER-encoded here rather than with a library: the JDK can parse and
 * verify certificates but has no public API to build one, and the build carries no
 * certificate builder on the local runtime's classpath.
 */
public final class NotificationSigner {

    private static final String SHA256_WITH_RSA_OID = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME_OID = "2.5.4.3";
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Every envelope the local SNS delivers is signed, one per command on the journal alone, and an
     * RSA signature costs about four times as much at 2048 bits as at 1024. The certificate is
     * self-signed either way, so nothing that verifies envelopes locally depends on the key size.
     */
    private static final int KEY_BITS = 1024;

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    public NotificationSigner(Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            this.keyPair = generator.generateKeyPair();
            this.certificate = selfSignedCertificate(clock.instant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the local SNS signing key", e);
        }
    }

    /**
     * The string SNS signs for a Notification: each field name and value on its own line, in
     * the order Message, MessageId, Subject (only if present), Timestamp, TopicArn, Type.
     */
    public static String notificationStringToSign(String message, String messageId, String subject,
                                                  String timestamp, String topicArn) {
        StringBuilder canonical = new StringBuilder();
        appendField(canonical, "Message", message);
        appendField(canonical, "MessageId", messageId);
        if (subject != null) {
            appendField(canonical, "Subject", subject);
        }
        appendField(canonical, "Timestamp", timestamp);
        appendField(canonical, "TopicArn", topicArn);
        appendField(canonical, "Type", "Notification");
        return canonical.toString();
    }

    private static void appendField(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('\n').append(value).append('\n');
    }

    /** The JCA algorithm for an SNS {@code SignatureVersion}: 1 is SHA1withRSA, 2 is SHA256withRSA. */
    public static String algorithmFor(String signatureVersion) {
        return "2".equals(signatureVersion) ? "SHA256withRSA" : "SHA1withRSA";
    }

    /** Base64 signature of the string to sign, for the given signature version. */
    public String sign(String stringToSign, String signatureVersion) {
        try {
            Signature signature = Signature.getInstance(algorithmFor(signatureVersion));
            signature.initSign(keyPair.getPrivate());
            signature.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign notification", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        try {
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    private X509Certificate selfSignedCertificate(Instant now) throws GeneralSecurityException {
        byte[] algorithm = sequence(objectIdentifier(SHA256_WITH_RSA_OID), new byte[] {0x05, 0x00});
        byte[] name = sequence(set(sequence(objectIdentifier(COMMON_NAME_OID), utf8String("local-sns.catalog.local"))));
        byte[] validity = sequence(
                utcTime(now.minus(Duration.ofDays(1))),
                utcTime(now.plus(Duration.ofDays(3650))));
        byte[] version3 = tagged(0xA0, integer(BigInteger.TWO));
        byte[] tbs = sequence(
                version3,
                integer(BigInteger.valueOf(now.toEpochMilli())),
                algorithm,
                name,
                validity,
                name,
                keyPair.getPublic().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keyPair.getPrivate());
        signer.update(tbs);
        byte[] signatureValue = signer.sign();
        byte[] bitString = new byte[signatureValue.length + 1];
        System.arraycopy(signatureValue, 0, bitString, 1, signatureValue.length);
        byte[] der = sequence(tbs, algorithm, tagged(0x03, bitString));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        parsed.verify(keyPair.getPublic());
        return parsed;
    }

    // ---- minimal DER encoding, only the types a certificate needs ----------------------

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
            int start = lengthBytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (lengthBytes.length - start));
            out.write(lengthBytes, start, lengthBytes.length - start);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] sequence(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tagged(0x31, concat(parts));
    }

    private static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    private static byte[] utf8String(String value) {
        return tagged(0x0C, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utcTime(Instant instant) {
        return tagged(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] objectIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            byte[] base128 = new byte[10];
            int count = 0;
            do {
                base128[count++] = (byte) (arc & 0x7F);
                arc >>>= 7;
            } while (arc > 0);
            for (int j = count - 1; j >= 0; j--) {
                out.write(base128[j] | (j > 0 ? 0x80 : 0));
            }
        }
        return tagged(0x06, out.toByteArray());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
