package dev.catalog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * PUTs the answer to the presigned URL with the JDK's HTTP client (no library for one request). The
 * URL was signed without a content type, so none is sent: S3 would refuse the signature otherwise.
 */
final class HttpCustomResourceResponses implements CustomResourceResponses {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ObjectMapper json;

    public HttpCustomResourceResponses(ObjectMapper json) {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), json);
    }

    public HttpCustomResourceResponses(HttpClient http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public void send(String responseUrl, CustomResourceResponse response) {
        try {
            byte[] body = json.writeValueAsBytes(response.body());
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(responseUrl)).timeout(TIMEOUT)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new CustomResourceResponseFailed("the response URL answered " + answer.statusCode(), null);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new CustomResourceResponseFailed("the response URL could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CustomResourceResponseFailed("interrupted while answering CloudFormation", e);
        }
    }
}
