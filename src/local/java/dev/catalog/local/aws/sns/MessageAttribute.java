package dev.catalog.local.aws.sns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * One SNS message attribute as published: a data type ({@code String}, {@code String.Array},
 * {@code Number} or {@code Binary}) and either a string value or binary value.
 */
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {

    public MessageAttribute {
        Objects.requireNonNull(dataType, "dataType");
        binaryValue = binaryValue == null ? null : binaryValue.clone();
    }

    public static MessageAttribute string(String value) {
        return new MessageAttribute("String", value, null);
    }

    public static MessageAttribute number(String value) {
        return new MessageAttribute("Number", value, null);
    }

    public static MessageAttribute stringArray(String jsonArray) {
        return new MessageAttribute("String.Array", jsonArray, null);
    }

    public static MessageAttribute binary(byte[] value) {
        return new MessageAttribute("Binary", null, value);
    }

    @Override
    public byte[] binaryValue() {
        return binaryValue == null ? null : binaryValue.clone();
    }

    public boolean isBinary() {
        return dataType.startsWith("Binary");
    }

    /** The value as SNS writes it into a JSON envelope: binary values are base64 encoded. */
    public String envelopeValue() {
        return isBinary() ? Base64.getEncoder().encodeToString(binaryValue == null ? new byte[0] : binaryValue) : stringValue;
    }

    /** Bytes this attribute adds to the 256 KiB message size limit (name, type and value). */
    int sizeInBytes(String name) {
        int valueBytes = isBinary()
                ? (binaryValue == null ? 0 : binaryValue.length)
                : (stringValue == null ? 0 : stringValue.getBytes(StandardCharsets.UTF_8).length);
        return name.getBytes(StandardCharsets.UTF_8).length
                + dataType.getBytes(StandardCharsets.UTF_8).length
                + valueBytes;
    }

    // Records compare arrays by identity; attribute equality must look at the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof MessageAttribute that
                && dataType.equals(that.dataType)
                && Objects.equals(stringValue, that.stringValue)
                && java.util.Arrays.equals(binaryValue, that.binaryValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataType, stringValue, java.util.Arrays.hashCode(binaryValue));
    }

    @Override
    public String toString() {
        return "MessageAttribute[" + dataType + "=" + envelopeValue() + "]";
    }
}
