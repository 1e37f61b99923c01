package dev.catalog.local.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serverless.yml} as the Serverless Framework sees it after variable resolution: the
 * {@code ${...}} sources the project uses are resolved ({@code sls:stage}, {@code opt:stage},
 * {@code opt:region}, {@code param:}, {@code self:}, {@code file(...)}, {@code aws:accountId},
 * {@code aws:region}, quoted defaults), and the {@code functions} and {@code resources} lists that
 * include slice files are merged. Each function and resource remembers the file it came from, so
 * that an unsupported construct can be reported with its file and key. CloudFormation intrinsics
 * ({@code Ref}, {@code Fn::GetAtt}, ...) are left for the provisioner, which knows the ARNs.
 */
public final class ServerlessConfig {
    private static final Pattern FILE_INCLUDE = Pattern.compile("^\\$\\{file\\(([^)]+)\\)");

    private final Path serviceDirectory;
    private final String rootFile;
    private final Map<String, Object> raw;
    private final String stage;
    private final String region;
    private final String accountId;
    private final Map<String, Object> provider;
    private final Map<String, Located> functions = new LinkedHashMap<>();
    private final Map<String, Located> resources = new LinkedHashMap<>();

    /** A function or resource declaration and where it was declared. */
    public record Located(String file, String key, Map<String, Object> value) {
        public UnsupportedConfigurationException unsupported(String subKey, String problem) {
            return new UnsupportedConfigurationException(file, subKey.isEmpty() ? key : key + "." + subKey, problem);
        }
    }

    private ServerlessConfig(Path serverlessYml, Optional<String> stageOption, Optional<String> regionOption, String accountId) {
        this.serviceDirectory = serverlessYml.toAbsolutePath().getParent();
        this.rootFile = serverlessYml.getFileName().toString();
        this.raw = CloudFormationYaml.read(serverlessYml);
        this.accountId = accountId;
        Map<String, Object> rawProvider = map(raw.get("provider"), rootFile, "provider");
        Resolver bootstrap = new Resolver(stageOption, regionOption, "dev", "us-east-1");
        this.stage = String.valueOf(bootstrap.resolve(rawProvider.getOrDefault("stage", "${opt:stage, 'dev'}"), rootFile, "provider.stage"));
        this.region = String.valueOf(bootstrap.resolve(rawProvider.getOrDefault("region", "${opt:region, 'us-east-1'}"), rootFile, "provider.region"));
        Resolver resolver = new Resolver(stageOption, regionOption, stage, region);
        this.provider = map(resolver.resolve(rawProvider, rootFile, "provider"), rootFile, "provider");
        collect(resolver, "functions", raw.get("functions"), functions, false);
        collect(resolver, "resources", raw.get("resources"), resources, true);
    }

    /**
     * @param stageOption the {@code --stage} option, if given
     * @param regionOption the {@code --region} option, if given
     * @param accountId what {@code ${aws:accountId}} and {@code AWS::AccountId} stand for locally
     */
    public static ServerlessConfig load(Path serverlessYml, Optional<String> stageOption, Optional<String> regionOption, String accountId) {
        return new ServerlessConfig(serverlessYml, stageOption, regionOption, accountId);
    }

    /** The file name of serverless.yml itself, as error messages name it. */
    public String rootFile() {
        return rootFile;
    }

    public String service() {
        return String.valueOf(raw.get("service"));
    }

    public String stage() {
        return stage;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Map<String, Object> provider() {
        return provider;
    }

    /** Functions by name, in declaration order. */
    public Map<String, Located> functions() {
        return functions;
    }

    /** CloudFormation resources by logical id, in declaration order. */
    public Map<String, Located> resources() {
        return resources;
    }

    private void collect(Resolver resolver, String section, Object declared, Map<String, Located> into, boolean cloudFormation) {
        if (declared == null) {
            return;
        }
        List<Object> parts = declared instanceof List<?> list ? new ArrayList<>(list) : List.of(declared);
        for (int index = 0; index < parts.size(); index++) {
            Object part = parts.get(index);
            String file = rootFile;
            String key = declared instanceof List<?> ? section + "[" + index + "]" : section;
            if (part instanceof String include) {
                Matcher matcher = FILE_INCLUDE.matcher(include);
                if (matcher.find()) {
                    file = matcher.group(1).trim();
                    key = section;
                }
            }
            Map<String, Object> resolved = map(resolver.resolve(part, file, key), file, key);
            Map<String, Object> entries = resolved;
            String entryPrefix = key;
            if (cloudFormation) {
                entries = map(resolved.getOrDefault("Resources", Map.of()), file, key + ".Resources");
                entryPrefix = key + ".Resources";
            }
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                String entryKey = entryPrefix + "." + entry.getKey();
                if (into.containsKey(entry.getKey())) {
                    throw new UnsupportedConfigurationException(file, entryKey, "declared twice (also in " + into.get(entry.getKey()).file() + ")");
                }
                into.put(entry.getKey(), new Located(file, entryKey, map(entry.getValue(), file, entryKey)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String file, String key) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new UnsupportedConfigurationException(file, key, "expected a mapping, found " + value);
    }

    /** Resolves {@code ${...}} variables; one per configuration, as stage and region are fixed. */
    private final class Resolver {
        private final Optional<String> stageOption;
        private final Optional<String> regionOption;
        private final String resolvedStage;
        private final String resolvedRegion;

        Resolver(Optional<String> stageOption, Optional<String> regionOption, String resolvedStage, String resolvedRegion) {
            this.stageOption = stageOption;
            this.regionOption = regionOption;
            this.resolvedStage = resolvedStage;
            this.resolvedRegion = resolvedRegion;
        }

        Object resolve(Object node, String file, String key) {
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> resolved = new LinkedHashMap<>();
                map.forEach((name, value) -> resolved.put(String.valueOf(name), resolve(value, file, key + "." + name)));
                return resolved;
            }
            if (node instanceof List<?> list) {
                List<Object> resolved = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    resolved.add(resolve(list.get(i), file, key + "[" + i + "]"));
                }
                return resolved;
            }
            if (node instanceof String text && text.contains("${")) {
                return resolveText(text, file, key);
            }
            return node;
        }

        private Object resolveText(String text, String file, String key) {
            int start = text.indexOf("${");
            int end = matchingBrace(text, start, file, key);
            Object value = resolveExpression(text.substring(start + 2, end), file, key);
            if (start == 0 && end == text.length() - 1) {
                return value; // the whole value is one variable: keep its type (map, list, number)
            }
            String rest = text.substring(end + 1);
            Object tail = rest.contains("${") ? resolveText(rest, file, key) : rest;
            return text.substring(0, start) + value + tail;
        }

        private int matchingBrace(String text, int start, String file, String key) {
            int depth = 0;
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            throw new UnsupportedConfigurationException(file, key, "unclosed variable in '" + text + "'");
        }

        private Object resolveExpression(String expression, String file, String key) {
            for (String alternative : splitAlternatives(expression)) {
                String source = alternative.trim();
                if (source.contains("${")) {
                    source = String.valueOf(resolveText(source, file, key));
                }
                Object value = resolveSource(source, file, key);
                if (value != null) {
                    return value;
                }
            }
            throw new UnsupportedConfigurationException(file, key, "variable ${" + expression + "} has no value locally");
        }

        private Object resolveSource(String source, String file, String key) {
            if ((source.startsWith("'") && source.endsWith("'")) || (source.startsWith("\"") && source.endsWith("\""))) {
                return source.substring(1, source.length() - 1);
            }
            if (source.matches("-?\\d+(\\.\\d+)?")) {
                return source.contains(".") ? Double.valueOf(source) : Integer.valueOf(source);
            }
            switch (source) {
                case "sls:stage":
                    return resolvedStage;
                case "opt:stage":
                    return stageOption.orElse(null);
                case "opt:region":
                    return regionOption.orElse(null);
                case "aws:accountId":
                    return accountId;
                case "aws:region":
                    return resolvedRegion;
                default:
                    break;
            }
            if (source.startsWith("param:")) {
                return param(source.substring("param:".length()), file, key);
            }
            if (source.startsWith("self:")) {
                Object value = path(raw, source.substring("self:".length()));
                return value == null ? null : resolve(value, rootFile, source);
            }
            if (source.startsWith("file(")) {
                int close = source.indexOf(')');
                String included = source.substring("file(".length(), close).trim();
                Object value = CloudFormationYaml.read(serviceDirectory.resolve(included));
                if (close + 1 < source.length() && source.charAt(close + 1) == ':') {
                    value = path(value, source.substring(close + 2).trim());
                }
                return value == null ? null : resolve(value, included, key);
            }
            throw new UnsupportedConfigurationException(file, key, "variable source '" + source + "' is not supported by the local runtime");
        }

        private Object param(String name, String file, String key) {
            Map<String, Object> params = map(raw.get("params"), rootFile, "params");
            for (String scope : List.of(resolvedStage, "default")) {
                Object value = map(params.get(scope), rootFile, "params." + scope).get(name);
                if (value != null) {
                    return resolve(value, rootFile, "params." + scope + "." + name);
                }
            }
            return null;
        }

        private List<String> splitAlternatives(String expression) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int from = 0;
            for (int i = 0; i < expression.length(); i++) {
                char c = expression.charAt(i);
                if (c == '{' || c == '(') {
                    depth++;
                } else if (c == '}' || c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    parts.add(expression.substring(from, i));
                    from = i + 1;
                }
            }
            parts.add(expression.substring(from));
            return parts;
        }
    }

    private static Object path(Object root, String dotted) {
        Object current = root;
        for (String segment : dotted.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }
}
