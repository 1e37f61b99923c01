package dev.catalog.local.runtime.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import dev.catalog.local.aws.cloudwatch.AlarmDefinition;
import dev.catalog.local.aws.cloudformation.CustomResource;
import dev.catalog.local.runtime.config.YamlValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, on the embedded services, every resource the {@code resources} sections declare, in
 * dependency order (a reference to another resource creates that one first). Resources with no
 * local behaviour are skipped by an explicit list; any other type, or an unknown property of a
 * supported type, stops start-up naming its file and key.
 */
public final class ResourceProvisioner {
    /** Types that change nothing locally: permissions, policies, logs, alarms (until the runtime evaluates them). */
    public static final Set<String> SKIPPED_TYPES = Set.of(
            "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy",
            "AWS::Logs::LogGroup", "AWS::Lambda::Permission",
            "AWS::KMS::Key", "AWS::KMS::Alias",
            // Networking and instance sizing: the embedded PostgreSQL answers on loopback.
            "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup", "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerlessConfig config;
    private final SqsClient sqs;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final TopicRegistry topics;
    private final DatabaseHost databases;
    private final Intrinsics intrinsics;
    private final Map<String, ProvisionedResource> provisioned = new LinkedHashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();
    private final List<BucketNotification> bucketNotifications = new ArrayList<>();
    private final List<AlarmDefinition> alarms = new ArrayList<>();
    private final List<CustomResource> customResources = new ArrayList<>();
    /** Function ARN → serverless.yml name, for the functions the resources refer to. */
    private final Map<String, String> functionsByArn = new LinkedHashMap<>();

    public ResourceProvisioner(ServerlessConfig config, SqsClient sqs, S3Client s3, DynamoDbClient dynamoDb, TopicRegistry topics,
                               DatabaseHost databases) {
        this.config = config;
        this.sqs = sqs;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.topics = topics;
        this.databases = databases;
        this.intrinsics = new Intrinsics(config.region(), config.accountId(), stackName(), this::provision);
    }

    /** Creates everything; returns the created resources by logical id. */
    public Map<String, ProvisionedResource> provisionAll() {
        config.resources().keySet().forEach(this::provision);
        return Map.copyOf(provisioned);
    }

    public Map<String, List<String>> skipped() {
        return skipped;
    }

    public List<BucketNotification> bucketNotifications() {
        return List.copyOf(bucketNotifications);
    }

    /** The CloudWatch alarms declared, for the runtime to evaluate what it can. */
    public List<AlarmDefinition> alarms() {
        return List.copyOf(alarms);
    }

    /**
     * The custom resources declared, in the order they were provisioned: the runtime creates them
     * through their functions once those are loaded.
     */
    public List<CustomResource> customResources() {
        return List.copyOf(customResources);
    }

    /** Evaluates intrinsics in a function's settings (environment values, event ARNs). */
    public Object evaluate(Object value, Located where, String key) {
        return intrinsics.evaluate(value, where, key);
    }

    public String text(Object value, Located where, String key) {
        return intrinsics.text(value, where, key);
    }

    private ProvisionedResource provision(String logicalId) {
        ProvisionedResource done = provisioned.get(logicalId);
        if (done != null) {
            return done;
        }
        Located declaration = config.resources().get(logicalId);
        if (declaration == null) {
            return function(logicalId);
        }
        if (!inProgress.add(logicalId)) {
            throw declaration.unsupported("", "circular reference through " + logicalId);
        }
        String type = String.valueOf(declaration.value().get("Type"));
        Map<String, Object> properties = YamlValues.properties(declaration);
        ProvisionedResource created = switch (type) {
            case "AWS::SQS::Queue" -> queue(logicalId, declaration, properties);
            case "AWS::SNS::Topic" -> topic(logicalId, declaration, properties);
            case "AWS::SNS::Subscription" -> subscription(logicalId, declaration, properties);
            case "AWS::S3::Bucket" -> bucket(logicalId, declaration, properties);
            case "AWS::DynamoDB::Table" -> table(logicalId, declaration, properties);
            case "AWS::RDS::DBCluster" -> databaseCluster(logicalId, declaration, properties);
            case "AWS::CloudWatch::Alarm" -> alarm(logicalId, declaration, properties);
            case "AWS::CloudFormation::CustomResource" -> customResource(logicalId, type, declaration, properties);
            default -> {
                if (type.startsWith("Custom::")) {
                    yield customResource(logicalId, type, declaration, properties);
                }
                if (!SKIPPED_TYPES.contains(type)) {
                    throw declaration.unsupported("Type", "resource type " + type + " cannot be emulated by the local runtime");
                }
                skipped.computeIfAbsent(type, ignored -> new ArrayList<>()).add(logicalId);
                yield new ProvisionedResource(logicalId, type, logicalId, Map.of());
            }
        };
        inProgress.remove(logicalId);
        provisioned.put(logicalId, created);
        return created;
    }

    /**
     * The {@code <Name>LambdaFunction} resource the framework makes of function {@code name}, which
     * the {@code resources} sections may refer to (a custom resource's {@code ServiceToken}); null
     * when no function has that name.
     */
    private ProvisionedResource function(String logicalId) {
        String suffix = "LambdaFunction";
        if (!logicalId.endsWith(suffix) || logicalId.length() == suffix.length()) {
            return null;
        }
        String capitalised = logicalId.substring(0, logicalId.length() - suffix.length());
        String name = Character.toLowerCase(capitalised.charAt(0)) + capitalised.substring(1);
        Located function = config.functions().get(name);
        if (function == null) {
            return null;
        }
        String deployedName = function.value().containsKey("name") ? String.valueOf(function.value().get("name"))
                : config.service() + "-" + config.stage() + "-" + name;
        String arn = "arn:aws:lambda:" + config.region() + ":" + config.accountId() + ":function:" + deployedName;
        functionsByArn.put(arn, name);
        return new ProvisionedResource(logicalId, "AWS::Lambda::Function", deployedName, Map.of("Arn", arn));
    }

    /**
     * Custom resources run a function of this service; what else a ServiceToken can name (an SNS
     * topic, another account's function) has nothing locally to answer it.
     */
    private ProvisionedResource customResource(String logicalId, String type, Located where, Map<String, Object> properties) {
        Object serviceToken = properties.get("ServiceToken");
        if (serviceToken == null) {
            throw where.unsupported("Properties.ServiceToken", "is required");
        }
        String arn = intrinsics.text(serviceToken, where, "Properties.ServiceToken");
        String functionName = functionsByArn.get(arn);
        if (functionName == null) {
            throw where.unsupported("Properties.ServiceToken", "must be the Arn of a function of this service (!GetAtt <Name>LambdaFunction.Arn)"
                    + " for the local runtime to create the custom resource, not " + arn);
        }
        Map<String, Object> evaluated = new LinkedHashMap<>();
        evaluated.put("ServiceToken", arn);
        properties.forEach((name, value) -> {
            if (!name.equals("ServiceToken")) {
                evaluated.put(name, intrinsics.evaluate(value, where, "Properties." + name));
            }
        });
        customResources.add(new CustomResource(logicalId, type, functionName, arn, evaluated));
        // Its physical id and Data attributes exist only once the function has answered.
        return new ProvisionedResource(logicalId, type, logicalId, Map.of());
    }

    private ProvisionedResource queue(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("SqsManagedSseEnabled", "KmsMasterKeyId",
                "KmsDataKeyReusePeriodSeconds", "Tags", "FifoThroughputLimit", "RedriveAllowPolicy"));
        boolean fifo = Boolean.parseBoolean(props.text("FifoQueue", "false"));
        String name = props.text("QueueName", generatedName(logicalId) + (fifo ? ".fifo" : ""));
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        props.copy("ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, attributes);
        String deduplicationScope = props.text("DeduplicationScope", "queue");
        if (!deduplicationScope.equals("queue") && !deduplicationScope.equals("messageGroup")) {
            throw where.unsupported("Properties.DeduplicationScope", "must be queue or messageGroup, not '" + deduplicationScope + "'");
        }
        props.copy("VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attributes);
        props.copy("MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attributes);
        props.copy("DelaySeconds", QueueAttributeName.DELAY_SECONDS, attributes);
        props.copy("MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE, attributes);
        props.copy("ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, attributes);
        Object redrive = props.evaluated("RedrivePolicy");
        if (redrive != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive instanceof String text ? text : toJson(redrive));
        }
        props.rejectUnknown();
        String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
        String arn = "arn:aws:sqs:" + config.region() + ":" + config.accountId() + ":" + name;
        if (deduplicationScope.equals("messageGroup")) {
            topics.queueDeduplicatesPerMessageGroup(arn);
        }
        return new ProvisionedResource(logicalId, "AWS::SQS::Queue", url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private ProvisionedResource topic(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("KmsMasterKeyId", "Tags", "TracingConfig", "DisplayName",
                "DataProtectionPolicy", "ArchivePolicy", "DeliveryStatusLogging"));
        boolean fifo = Boolean.parseBoolean(props.text("FifoTopic", "false"));
        String name = props.text("TopicName", generatedName(logicalId) + (fifo ? ".fifo" : ""));
        Map<String, String> attributes = new LinkedHashMap<>();
        if (fifo) {
            attributes.put("FifoTopic", "true");
        }
        String contentBased = props.text("ContentBasedDeduplication", null);
        if (contentBased != null) {
            attributes.put("ContentBasedDeduplication", contentBased);
        }
        String throughputScope = props.text("FifoThroughputScope", null);
        if (throughputScope != null) {
            attributes.put("FifoThroughputScope", throughputScope);
        }
        String signatureVersion = props.text("SignatureVersion", null);
        if (signatureVersion != null) {
            attributes.put("SignatureVersion", signatureVersion);
        }
        Object inline = props.evaluated("Subscription");
        props.rejectUnknown();
        String arn = topics.createTopic(name, attributes);
        if (inline instanceof List<?> subscriptions) {
            for (Object subscription : subscriptions) {
                Map<?, ?> entry = (Map<?, ?>) subscription;
                topics.subscribe(arn, String.valueOf(entry.get("Protocol")), String.valueOf(entry.get("Endpoint")), Map.of());
            }
        }
        return new ProvisionedResource(logicalId, "AWS::SNS::Topic", arn, Map.of("TopicArn", arn, "TopicName", name));
    }

    private ProvisionedResource subscription(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("Region", "RedrivePolicy", "DeliveryPolicy", "SubscriptionRoleArn"));
        String topicArn = props.required("TopicArn");
        String protocol = props.required("Protocol");
        String endpoint = props.required("Endpoint");
        Map<String, String> attributes = new LinkedHashMap<>();
        String raw = props.text("RawMessageDelivery", null);
        if (raw != null) {
            attributes.put("RawMessageDelivery", raw);
        }
        Object filterPolicy = props.evaluated("FilterPolicy");
        if (filterPolicy != null) {
            attributes.put("FilterPolicy", filterPolicy instanceof String text ? text : toJson(filterPolicy));
        }
        String scope = props.text("FilterPolicyScope", null);
        if (scope != null) {
            attributes.put("FilterPolicyScope", scope);
        }
        props.rejectUnknown();
        String arn = topics.subscribe(topicArn, protocol, endpoint, attributes);
        return new ProvisionedResource(logicalId, "AWS::SNS::Subscription", arn, Map.of());
    }

    private ProvisionedResource bucket(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("BucketEncryption", "PublicAccessBlockConfiguration",
                "OwnershipControls", "LifecycleConfiguration", "VersioningConfiguration", "Tags", "CorsConfiguration",
                "LoggingConfiguration", "IntelligentTieringConfigurations", "MetricsConfigurations"));
        String name = props.text("BucketName", generatedName(logicalId).toLowerCase(java.util.Locale.ROOT));
        Object notifications = props.evaluated("NotificationConfiguration");
        props.rejectUnknown();
        // As on AWS, a bucket outside us-east-1 names its region (LocalStack refuses it otherwise).
        s3.createBucket(request -> request.bucket(name).createBucketConfiguration(config.region().equals("us-east-1")
                ? null : CreateBucketConfiguration.builder().locationConstraint(config.region()).build()));
        if (notifications instanceof Map<?, ?> configuration) {
            readNotifications(name, where, configuration);
        }
        return new ProvisionedResource(logicalId, "AWS::S3::Bucket", name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + config.region() + ".amazonaws.com"));
    }

    private void readNotifications(String bucket, Located where, Map<?, ?> configuration) {
        Map<String, String> kinds = Map.of("QueueConfigurations", "Queue", "TopicConfigurations", "Topic", "LambdaConfigurations", "Function");
        for (Map.Entry<?, ?> section : configuration.entrySet()) {
            String kind = kinds.get(String.valueOf(section.getKey()));
            if (kind == null) {
                throw where.unsupported("Properties.NotificationConfiguration." + section.getKey(), "is not supported by the local runtime");
            }
            int index = 0;
            for (Object rule : (List<?>) section.getValue()) {
                Map<?, ?> entry = (Map<?, ?>) rule;
                String prefix = "";
                String suffix = "";
                Object rules = YamlValues.path(entry, "Filter", "S3Key", "Rules");
                if (rules instanceof List<?> filters) {
                    for (Object filter : filters) {
                        Map<?, ?> filterRule = (Map<?, ?>) filter;
                        String ruleName = String.valueOf(filterRule.get("Name")).toLowerCase(java.util.Locale.ROOT);
                        if (ruleName.equals("prefix")) {
                            prefix = String.valueOf(filterRule.get("Value"));
                        } else {
                            suffix = String.valueOf(filterRule.get("Value"));
                        }
                    }
                }
                String configurationId = entry.get("Id") == null ? bucket + "-" + kind.toLowerCase(java.util.Locale.ROOT) + "-" + index : String.valueOf(entry.get("Id"));
                bucketNotifications.add(new BucketNotification(bucket, configurationId, String.valueOf(entry.get("Event")),
                        prefix, suffix, kind.toLowerCase(java.util.Locale.ROOT), String.valueOf(entry.get(kind))));
                index++;
            }
        }
    }

    private ProvisionedResource table(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("SSESpecification", "PointInTimeRecoverySpecification",
                "Tags", "DeletionProtectionEnabled", "ContributorInsightsSpecification", "TableClass"));
        String name = props.text("TableName", generatedName(logicalId));
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name);
        request.keySchema(keySchema(props.evaluated("KeySchema")));
        List<AttributeDefinition> definitions = new ArrayList<>();
        for (Object definition : (List<?>) props.evaluated("AttributeDefinitions")) {
            Map<?, ?> entry = (Map<?, ?>) definition;
            definitions.add(AttributeDefinition.builder().attributeName(String.valueOf(entry.get("AttributeName")))
                    .attributeType(String.valueOf(entry.get("AttributeType"))).build());
        }
        request.attributeDefinitions(definitions);
        String billing = props.text("BillingMode", "PROVISIONED");
        request.billingMode(BillingMode.fromValue(billing));
        Object throughput = props.evaluated("ProvisionedThroughput");
        boolean provisionedCapacity = !billing.equals("PAY_PER_REQUEST");
        if (provisionedCapacity) {
            request.provisionedThroughput(throughput(throughput));
        }
        Object globalIndexes = props.evaluated("GlobalSecondaryIndexes");
        if (globalIndexes instanceof List<?> indexes) {
            List<GlobalSecondaryIndex> gsis = new ArrayList<>();
            for (Object index : indexes) {
                Map<?, ?> entry = (Map<?, ?>) index;
                GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder()
                        .indexName(String.valueOf(entry.get("IndexName")))
                        .keySchema(keySchema(entry.get("KeySchema")))
                        .projection(projection(entry.get("Projection")));
                if (provisionedCapacity) {
                    gsi.provisionedThroughput(throughput(entry.get("ProvisionedThroughput")));
                }
                gsis.add(gsi.build());
            }
            request.globalSecondaryIndexes(gsis);
        }
        Object localIndexes = props.evaluated("LocalSecondaryIndexes");
        if (localIndexes instanceof List<?> indexes) {
            List<LocalSecondaryIndex> lsis = new ArrayList<>();
            for (Object index : indexes) {
                Map<?, ?> entry = (Map<?, ?>) index;
                lsis.add(LocalSecondaryIndex.builder().indexName(String.valueOf(entry.get("IndexName")))
                        .keySchema(keySchema(entry.get("KeySchema"))).projection(projection(entry.get("Projection"))).build());
            }
            request.localSecondaryIndexes(lsis);
        }
        Object stream = props.evaluated("StreamSpecification");
        if (stream instanceof Map<?, ?> specification) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(String.valueOf(specification.get("StreamViewType"))).build());
        }
        Object ttl = props.evaluated("TimeToLiveSpecification");
        props.rejectUnknown();
        TableDescription table = dynamoDb.createTable(request.build()).tableDescription();
        if (ttl instanceof Map<?, ?> specification && Boolean.parseBoolean(String.valueOf(specification.get("Enabled")))) {
            dynamoDb.updateTimeToLive(update -> update.tableName(name).timeToLiveSpecification(spec -> spec
                    .enabled(true).attributeName(String.valueOf(specification.get("AttributeName")))));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Arn", table.tableArn());
        if (table.latestStreamArn() != null) {
            attributes.put("StreamArn", table.latestStreamArn());
        }
        return new ProvisionedResource(logicalId, "AWS::DynamoDB::Table", name, attributes);
    }

    private ProvisionedResource alarm(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("TreatMissingData", "DatapointsToAlarm", "Unit",
                "ActionsEnabled", "InsufficientDataActions", "Tags"));
        String name = props.text("AlarmName", generatedName(logicalId));
        List<String> alarmActions = texts(props.evaluated("AlarmActions"));
        List<String> okActions = texts(props.evaluated("OKActions"));
        Map<String, String> dimensions = new LinkedHashMap<>();
        Object declaredDimensions = props.evaluated("Dimensions");
        if (declaredDimensions instanceof List<?> list) {
            for (Object dimension : list) {
                Map<?, ?> entry = (Map<?, ?>) dimension;
                dimensions.put(String.valueOf(entry.get("Name")), String.valueOf(entry.get("Value")));
            }
        }
        String comparison = props.required("ComparisonOperator");
        if (!Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold")
                .contains(comparison)) {
            throw where.unsupported("Properties.ComparisonOperator", comparison + " is not supported by the local runtime");
        }
        AlarmDefinition alarm = new AlarmDefinition(logicalId, name, props.text("AlarmDescription", ""),
                props.required("Namespace"), props.required("MetricName"), dimensions, props.text("Statistic", "Maximum"),
                Integer.parseInt(props.text("Period", "60")), Integer.parseInt(props.text("EvaluationPeriods", "1")),
                Double.parseDouble(props.required("Threshold")), comparison, alarmActions, okActions);
        props.rejectUnknown();
        alarms.add(alarm);
        return new ProvisionedResource(logicalId, "AWS::CloudWatch::Alarm", name, Map.of(
                "Arn", "arn:aws:cloudwatch:" + config.region() + ":" + config.accountId() + ":alarm:" + name));
    }

    private static List<String> texts(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private ProvisionedResource databaseCluster(String logicalId, Located where, Map<String, Object> properties) {
        Properties props = new Properties(where, properties, Set.of("Engine", "EngineVersion", "EngineMode", "MasterUsername",
                "ManageMasterUserPassword", "MasterUserSecret", "EnableIAMDatabaseAuthentication", "StorageEncrypted",
                "KmsKeyId", "DeletionProtection", "BackupRetentionPeriod", "PreferredBackupWindow", "PreferredMaintenanceWindow",
                "ServerlessV2ScalingConfiguration", "DBSubnetGroupName", "VpcSecurityGroupIds", "DBClusterParameterGroupName",
                "CopyTagsToSnapshot", "EnableHttpEndpoint", "Tags", "Port"));
        String engine = props.text("Engine", "");
        if (!engine.equals("aurora-postgresql")) {
            throw where.unsupported("Properties.Engine", "only aurora-postgresql clusters run locally, not '" + engine + "'");
        }
        String database = props.text("DatabaseName", "postgres");
        props.rejectUnknown();
        String clusterId = logicalId.toLowerCase(java.util.Locale.ROOT);
        // RDS names a managed secret rds!cluster-<id>; Secrets Manager adds six random characters.
        String secretArn = "arn:aws:secretsmanager:" + config.region() + ":" + config.accountId() + ":secret:rds!cluster-local-"
                + clusterId + "-a1b2c3";
        String port = Integer.toString(databases.createDatabase(database, secretArn));
        return new ProvisionedResource(logicalId, "AWS::RDS::DBCluster", clusterId, Map.of(
                "MasterUserSecret.SecretArn", secretArn,
                "Endpoint.Address", "127.0.0.1",
                "Endpoint.Port", port,
                "ReadEndpoint.Address", "127.0.0.1",
                "DBClusterResourceId", "cluster-local-" + logicalId.toLowerCase(java.util.Locale.ROOT),
                "DBClusterArn", "arn:aws:rds:" + config.region() + ":" + config.accountId() + ":cluster:" + logicalId.toLowerCase(java.util.Locale.ROOT)));
    }

    private static List<KeySchemaElement> keySchema(Object declared) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object element : (List<?>) declared) {
            Map<?, ?> entry = (Map<?, ?>) element;
            keys.add(KeySchemaElement.builder().attributeName(String.valueOf(entry.get("AttributeName")))
                    .keyType(String.valueOf(entry.get("KeyType"))).build());
        }
        return keys;
    }

    private static Projection projection(Object declared) {
        Map<?, ?> entry = declared instanceof Map<?, ?> map ? map : Map.of("ProjectionType", "ALL");
        Projection.Builder projection = Projection.builder().projectionType(String.valueOf(entry.get("ProjectionType")));
        if (entry.get("NonKeyAttributes") instanceof List<?> attributes) {
            projection.nonKeyAttributes(attributes.stream().map(String::valueOf).toList());
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(Object declared) {
        Map<?, ?> entry = declared instanceof Map<?, ?> map ? map : Map.of("ReadCapacityUnits", 5, "WriteCapacityUnits", 5);
        return ProvisionedThroughput.builder()
                .readCapacityUnits(Long.parseLong(String.valueOf(entry.get("ReadCapacityUnits"))))
                .writeCapacityUnits(Long.parseLong(String.valueOf(entry.get("WriteCapacityUnits")))).build();
    }

    private String stackName() {
        return config.service() + "-" + config.stage();
    }

    private String generatedName(String logicalId) {
        return stackName() + "-" + logicalId;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A resource's properties: evaluated on read, with every property accounted for. */
    private final class Properties {
        private final Located where;
        private final Map<String, Object> declared;
        private final Set<String> used = new HashSet<>();

        Properties(Located where, Map<String, Object> declared, Set<String> withoutLocalEffect) {
            this.where = where;
            this.declared = declared;
            this.used.addAll(withoutLocalEffect);
        }

        Object evaluated(String name) {
            used.add(name);
            Object value = declared.get(name);
            return value == null ? null : intrinsics.evaluate(value, where, "Properties." + name);
        }

        String text(String name, String fallback) {
            used.add(name);
            Object value = declared.get(name);
            return value == null ? fallback : intrinsics.text(value, where, "Properties." + name);
        }

        String required(String name) {
            String value = text(name, null);
            if (value == null) {
                throw where.unsupported("Properties." + name, "is required");
            }
            return value;
        }

        void copy(String name, QueueAttributeName attribute, Map<QueueAttributeName, String> into) {
            String value = text(name, null);
            if (value != null) {
                into.put(attribute, value);
            }
        }

        void rejectUnknown() {
            for (String name : declared.keySet()) {
                if (!used.contains(name)) {
                    throw where.unsupported("Properties." + name, "property is not supported by the local runtime");
                }
            }
        }
    }
}
