package dev.catalog.local.aws.apigateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyEncodingTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "text/plain", "text/html; charset=utf-8", "TEXT/CSV", "application/json",
            "application/json;charset=UTF-8", "application/problem+json", "application/vnd.api+json",
            "application/xml", "application/x-www-form-urlencoded"})
    void textMediaTypesPassAsText(String contentType) {
        assertTrue(BodyEncoding.isText(contentType));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "application/octet-stream", "image/png", "application/pdf", "multipart/form-data; boundary=x",
            "application/jsonl", "application/zip"})
    void everythingElseIsBase64Encoded(String contentType) {
        assertFalse(BodyEncoding.isText(contentType));
    }
}
