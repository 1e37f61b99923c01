package dev.catalog.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SDK clients of one function container, each built on first use and then reused for every
 * invocation. All of them share one HTTP client (the URL-connection one: the smallest cold start).
 */
public final class AwsClients implements AutoCloseable {
    private final ClientSettings settings;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    private final Lazy<S3Client> s3;
    private final Lazy<SnsClient> sns;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<S3Presigner> s3Presigner;
    private final Lazy<SecretsManagerClient> secretsManager;

    public AwsClients(ClientSettings settings) {
        this.settings = settings;
        this.s3 = new Lazy<>(() -> {
            var builder = S3Client.builder().httpClient(httpClient);
            settings.configure(builder);
            settings.configureS3(builder);
            return builder.build();
        });
        this.sns = new Lazy<>(() -> {
            var builder = SnsClient.builder().httpClient(httpClient);
            settings.configure(builder);
            return builder.build();
        });
        this.dynamoDb = new Lazy<>(() -> {
            var builder = DynamoDbClient.builder().httpClient(httpClient);
            settings.configure(builder);
            return builder.build();
        });
        this.secretsManager = new Lazy<>(() -> {
            var builder = SecretsManagerClient.builder().httpClient(httpClient);
            settings.configure(builder);
            return builder.build();
        });
        this.s3Presigner = new Lazy<>(() -> {
            var builder = S3Presigner.builder();
            settings.configurePresigner(builder);
            return builder.build();
        });
    }

    /** Clients as Lambda needs them: SDK defaults for region, credentials and endpoints. */
    public static AwsClients forLambda() {
        return new AwsClients(ClientSettings.lambdaDefaults());
    }

    /** The one HTTP client of the container, for the few calls made without an SDK client. */
    public SdkHttpClient httpClient() {
        return httpClient;
    }

    public ClientSettings settings() {
        return settings;
    }

    public S3Client s3() {
        return s3.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    /** Signs URLs locally (no request is sent), with the same credentials the S3 client uses. */
    public S3Presigner s3Presigner() {
        return s3Presigner.get();
    }

    @Override
    public void close() {
        s3Presigner.ifBuilt(S3Presigner::close);
        s3.ifBuilt(S3Client::close);
        sns.ifBuilt(SnsClient::close);
        dynamoDb.ifBuilt(DynamoDbClient::close);
        secretsManager.ifBuilt(SecretsManagerClient::close);
        httpClient.close();
    }

    /** Built at most once, on first use; a container that never needs a client never pays for it. */
    private static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = factory.get();
                        value = current;
                    }
                }
            }
            return current;
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T current = value;
            if (current != null) {
                action.accept(current);
            }
        }
    }
}
