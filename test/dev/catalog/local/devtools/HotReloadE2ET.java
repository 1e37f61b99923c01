package dev.catalog.local.devtools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload on a running runtime: the test compiles a handler into a directory the runtime
 * watches, boots on it, then compiles a changed handler over it and sees the new behaviour, with
 * the data written before kept; a broken class leaves the last good code running.
 */
class HotReloadE2ET {
    private static final String HANDLER = "dev.catalog.hotreload.fixture.GreetingHandler";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;
    private static Path classes;
    private static LocalRuntime runtime;

    @BeforeAll
    static void boot() throws Exception {
        classes = Files.createDirectories(work.resolve("classes"));
        compile("v1");
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0)
                .withServerlessYml(Path.of("test/fixtures/hotreload/serverless.yml")).withHotReload(classes));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aRecompiledHandlerRunsWithinSecondsAndTheDataStays() throws Exception {
        assertEquals("v1 stored apple", send("POST", "apple"));
        assertEquals("v1 items=1", send("GET", null));
        assertEquals(1, runtime.hotReload().orElseThrow().generation());

        compile("v2");
        long compiledAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> send("GET", null).startsWith("v2"));
        long swapMillis = (System.nanoTime() - compiledAt) / 1_000_000;
        System.out.println("hot reload: new code answered " + swapMillis + " ms after the compile finished");
        assertTrue(swapMillis < 3000, "swapped in " + swapMillis + " ms");

        assertEquals("v2 items=1", send("GET", null), "the item written by v1 is still in the embedded DynamoDB");
        assertEquals("v2 stored pear", send("POST", "pear"));
        assertEquals("v2 items=2", send("GET", null));
        assertTrue(runtime.hotReload().orElseThrow().generation() >= 2);

        // A compile that breaks the class: the last good generation keeps answering and the failure is reported.
        int running = runtime.hotReload().orElseThrow().generation();
        Files.write(classes.resolve(HANDLER.replace('.', '/') + ".class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1, 2});
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.hotReload().orElseThrow().lastAttempt()
                .map(attempt -> !attempt.succeeded()).orElse(false));
        assertFalse(runtime.hotReload().orElseThrow().lastAttempt().orElseThrow().problem().isBlank());
        assertEquals(running, runtime.hotReload().orElseThrow().generation());
        assertEquals("v2 items=2", send("GET", null));

        compile("v3");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> send("GET", null).equals("v3 items=2"));
    }

    private static String send(String method, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + "/items")).header("content-type", "text/plain");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Compiles the fixture handler, answering with {@code version}, into the watched directory. */
    private static void compile(String version) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src-" + version + "/dev/catalog/hotreload/fixture"));
        Path source = sources.resolve("GreetingHandler.java");
        Files.writeString(source, """
                package dev.catalog.hotreload.fixture;

                import com.amazonaws.services.lambda.runtime.Context;
                import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
                import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
                import dev.catalog.config.FunctionEnvironment;
                import java.util.Map;
                import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
                import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

                public class GreetingHandler {
                    private static final String TABLE = "hotreload-dev-items";
                    private final DynamoDbClient dynamoDb;

                    private GreetingHandler(FunctionEnvironment environment) {
                        this.dynamoDb = environment.clients().dynamoDb();
                    }

                    /** How the local runtime builds it. */
                    public static GreetingHandler from(FunctionEnvironment environment) {
                        return new GreetingHandler(environment);
                    }

                    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
                        String answer;
                        if (event.getRequestContext().getHttp().getMethod().equals("POST")) {
                            dynamoDb.putItem(request -> request.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(event.getBody()))));
                            answer = "VERSION stored " + event.getBody();
                        } else {
                            answer = "VERSION items=" + dynamoDb.scan(request -> request.tableName(TABLE).select("COUNT")).count();
                        }
                        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(answer).build();
                    }
                }
                """.replace("VERSION", version));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // Compiled next to the watched directory and moved in, as a build tool's output appears.
        Path output = Files.createDirectories(work.resolve("out-" + version));
        int exit = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d", output.toString(),
                source.toString());
        assertEquals(0, exit, "the fixture handler compiles");
        Path compiled = output.resolve(HANDLER.replace('.', '/') + ".class");
        Path target = classes.resolve(HANDLER.replace('.', '/') + ".class");
        Files.createDirectories(target.getParent());
        Files.copy(compiled, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List.of(target).forEach(file -> file.toFile().setLastModified(System.currentTimeMillis()));
    }
}
