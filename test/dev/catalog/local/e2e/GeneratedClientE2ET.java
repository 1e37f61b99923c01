package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.client.ApiClient;
import dev.catalog.client.ApiResponse;
import dev.catalog.client.api.AttachmentsApi;
import dev.catalog.client.api.ProductsApi;
import dev.catalog.client.model.AttachmentV1;
import dev.catalog.client.model.CommandAcceptedV1;
import dev.catalog.client.model.CommandStatusV1;
import dev.catalog.client.model.CreateProductRequestV1;
import dev.catalog.client.model.ProductV1;
import dev.catalog.client.model.UploadRequestV1;
import dev.catalog.client.model.UploadUrlV1;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java client generated from the combined OpenAPI document (openapi-generator, in the build)
 * drives the local runtime as a client team would: create a product, follow the status URL the 202
 * answers with, read the product, request an upload and send the file with the headers the answer
 * says to replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientE2ET {
    private LocalRuntime runtime;
    private ApiClient client;

    @BeforeAll
    void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)));
        client = new ApiClient();
        client.updateBaseUri(runtime.apiBaseUri().toString());
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + runtime.tokens().get("editor")));
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void createsFollowsReadsAndUploadsThroughTheGeneratedClient() throws Exception {
        ProductsApi products = new ProductsApi(client);
        ApiResponse<CommandAcceptedV1> created = products.createProductWithHttpInfo(
                new CreateProductRequestV1().name("Oak shelf").description("Oiled oak, 80 cm"), "generated-client-" + UUID.randomUUID(), null);
        assertEquals(202, created.getStatusCode());
        String location = created.getHeaders().get("location").get(0);
        UUID productId = created.getData().getProductId();

        CommandStatusV1 outcome = awaitValue(() -> follow(location), status -> status.getStatus() != CommandStatusV1.StatusEnum.ACCEPTED);
        assertEquals(CommandStatusV1.StatusEnum.SUCCEEDED, outcome.getStatus(), outcome.toString());
        assertEquals(created.getData().getCommandId(), outcome.getCommandId());
        assertEquals(Long.valueOf(1), outcome.getResult().getVersion());

        ApiResponse<ProductV1> product = awaitValue(() -> products.getProductWithHttpInfo(productId), response -> true);
        assertEquals("Oak shelf", product.getData().getName());
        assertEquals("\"1\"", product.getHeaders().get("etag").get(0));

        byte[] pdf = Arrays.copyOf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 2048);
        AttachmentsApi attachments = new AttachmentsApi(client);
        ApiResponse<UploadUrlV1> upload = attachments.requestAttachmentUploadWithHttpInfo(productId,
                new UploadRequestV1().fileName("assembly.pdf").contentType("application/pdf").sizeBytes((long) pdf.length), null);
        assertEquals(201, upload.getStatusCode());
        assertEquals("application/pdf", upload.getData().getHeaders().get("content-type"));
        assertEquals(200, put(upload.getData(), pdf).statusCode());

        AttachmentV1 stored = awaitValue(() -> attachments.getAttachment(productId, upload.getData().getAttachmentId()),
                attachment -> attachment.getStatus() == AttachmentV1.StatusEnum.STORED);
        assertEquals("assembly.pdf", stored.getFileName());
        assertNotNull(stored.getDownloadUrl());
    }

    /** GET the status URL of a 202, read as the document's command status. */
    private CommandStatusV1 follow(String location) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri()).resolve(location)).GET();
        client.getRequestInterceptor().accept(request);
        HttpResponse<String> response = client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return client.getObjectMapper().readValue(response.body(), CommandStatusV1.class);
    }

    /** The PUT the upload answer describes, with every header it says to send. */
    private HttpResponse<String> put(UploadUrlV1 upload, byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(upload.getUploadUrl());
        // The HTTP client sets content-length (and host) from the body and the URL itself.
        upload.getHeaders().forEach((name, value) -> {
            if (!Set.of("content-length", "host").contains(name)) {
                request.header(name, value);
            }
        });
        assertEquals(Long.toString(content.length), upload.getHeaders().get("content-length"));
        return client.getHttpClient().send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until {@code done} accepts the value (a 404 from a view not yet written counts as not yet). */
    private static <T> T awaitValue(java.util.concurrent.Callable<T> value, java.util.function.Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(dev.catalog.client.ApiException.class)
                .until(() -> {
                    last.set(value.call());
                    return done.test(last.get());
                });
        assertTrue(last.get() != null);
        return last.get();
    }
}
