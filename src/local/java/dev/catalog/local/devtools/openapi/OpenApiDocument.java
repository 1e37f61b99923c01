package dev.catalog.local.devtools.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP API's one OpenAPI document, combined from the shared {@code openapi.yml} and every
 * slice's {@code handlers/*.openapi.yml}: paths and components are merged (a method or component
 * described twice, differently, is an error), and the JSON Schemas the slices {@code $ref} in
 * {@code schemas/} become {@code components/schemas} so that the result stands alone (generators,
 * validators and the API page read one file).
 *
 * <p>Refs into a schema's {@code $defs} become components of their own ({@code ProductFieldsV1_name});
 * each schema's {@code $id} is dropped, as its refs now point into the document.
 *
 * <p>The build runs this file as a program before the test sources are generated (so it uses nothing
 * but the JDK and Jackson): {@code java OpenApiDocument.java <project dir> <output .json>}. The local
 * runtime calls {@link #combine} on every request for the document, so an edit shows at once.
 */
public final class OpenApiDocument {
    /** The shared part, beside serverless.yml. */
    public static final String ROOT_FILE = "openapi.yml";
    /** Where the build writes the combined document. */
    public static final String COMBINED_FILE = "target/openapi/catalog-api.json";
    private static final String SLICE_SUFFIX = ".openapi.yml";
    private static final Pattern DEFS_POINTER = Pattern.compile("^/\\$defs/([A-Za-z0-9_.-]+)$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path projectDir;
    private final ObjectNode document;
    /** Schema component name → where its content comes from (file, and a $defs pointer or ""). */
    private final Map<String, SchemaSource> schemaSources = new LinkedHashMap<>();
    private final Deque<String> schemasToImport = new ArrayDeque<>();

    private record SchemaSource(Path file, String pointer) {
    }

    private OpenApiDocument(Path projectDir) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.document = JSON.createObjectNode();
    }

    /** The combined document of the project in {@code projectDir}. */
    public static ObjectNode combine(Path projectDir) {
        OpenApiDocument combined = new OpenApiDocument(projectDir);
        combined.build();
        return combined.document;
    }

    /** The slice files, in name order. */
    public static List<Path> sliceFiles(Path projectDir) {
        try (Stream<Path> files = Files.list(projectDir.resolve("handlers"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(SLICE_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the slices' OpenAPI files in " + projectDir.resolve("handlers"), e);
        }
    }

    private void build() {
        Path rootFile = projectDir.resolve(ROOT_FILE);
        ObjectNode root = read(rootFile);
        rewriteRefs(root, rootFile, false);
        document.setAll(root);
        ObjectNode paths = document.putObject("paths");
        Map<String, ObjectNode> pathItems = new TreeMap<>();
        Map<String, Path> describedBy = new LinkedHashMap<>();
        for (Path slice : sliceFiles(projectDir)) {
            ObjectNode sliceDocument = read(slice);
            if (!root.path("openapi").equals(sliceDocument.path("openapi"))) {
                throw new InvalidApiDocumentException(name(slice) + " says openapi " + sliceDocument.path("openapi")
                        + ", " + ROOT_FILE + " says " + root.path("openapi"));
            }
            rewriteRefs(sliceDocument, slice, false);
            sliceDocument.path("paths").properties().forEach(path -> {
                ObjectNode item = pathItems.computeIfAbsent(path.getKey(), key -> JSON.createObjectNode());
                path.getValue().properties().forEach(field -> {
                    String where = field.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    Path earlier = describedBy.putIfAbsent(where, slice);
                    if (earlier != null && !field.getValue().equals(item.get(field.getKey()))) {
                        throw new InvalidApiDocumentException(where + " is described by both " + name(earlier) + " and " + name(slice));
                    }
                    item.set(field.getKey(), field.getValue());
                });
            });
            mergeComponents(sliceDocument.path("components"), slice);
        }
        pathItems.forEach(paths::set);
        importSchemas();
    }

    private void mergeComponents(JsonNode components, Path from) {
        ObjectNode merged = document.has("components") ? (ObjectNode) document.get("components") : document.putObject("components");
        components.properties().forEach(section -> {
            ObjectNode target = merged.has(section.getKey()) ? (ObjectNode) merged.get(section.getKey()) : merged.putObject(section.getKey());
            section.getValue().properties().forEach(component -> {
                JsonNode existing = target.get(component.getKey());
                if (existing != null && !existing.equals(component.getValue())) {
                    throw new InvalidApiDocumentException("components/" + section.getKey() + "/" + component.getKey()
                            + " of " + name(from) + " differs from the one already described");
                }
                target.set(component.getKey(), component.getValue());
            });
        });
    }

    private void importSchemas() {
        ObjectNode components = document.has("components") ? (ObjectNode) document.get("components") : document.putObject("components");
        Map<String, JsonNode> imported = new TreeMap<>();
        if (components.has("schemas")) {
            components.get("schemas").properties().forEach(schema -> imported.put(schema.getKey(), schema.getValue()));
        }
        while (!schemasToImport.isEmpty()) {
            String component = schemasToImport.pop();
            SchemaSource source = schemaSources.get(component);
            ObjectNode file = read(source.file());
            JsonNode content = source.pointer().isEmpty() ? file : file.at(source.pointer());
            if (!content.isObject()) {
                throw new InvalidApiDocumentException(name(source.file()) + "#" + source.pointer() + " is not a schema");
            }
            ObjectNode schema = ((ObjectNode) content).deepCopy();
            schema.remove(List.of("$id", "$schema", "$defs"));
            rewriteRefs(schema, source.file(), true);
            imported.put(component, schema);
        }
        ObjectNode schemas = components.putObject("schemas");
        imported.forEach(schemas::set);
    }

    /** Points every {@code $ref} of {@code node}, read from {@code file}, into the combined document. */
    private void rewriteRefs(JsonNode node, Path file, boolean insideSchemaFile) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                object.put("$ref", rewrite(ref.asText(), file, insideSchemaFile));
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                rewriteRefs(children.next(), file, insideSchemaFile);
            }
        } else if (node.isArray()) {
            node.forEach(child -> rewriteRefs(child, file, insideSchemaFile));
        }
    }

    private String rewrite(String ref, Path file, boolean insideSchemaFile) {
        int hash = ref.indexOf('#');
        String target = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        Path targetFile = target.isEmpty() ? file : file.getParent().resolve(target).normalize();
        if (!target.isEmpty() && !Files.isRegularFile(targetFile)) {
            throw new InvalidApiDocumentException(name(file) + " refers to " + ref + ", which does not exist");
        }
        boolean schemaFile = target.isEmpty() ? insideSchemaFile : !isOpenApiFile(targetFile);
        if (!schemaFile) {
            if (!pointer.startsWith("/components/")) {
                throw new InvalidApiDocumentException(name(file) + " refers to " + ref + ": only components can be shared between the files");
            }
            return "#" + pointer;
        }
        return "#/components/schemas/" + schemaComponent(targetFile, pointer, ref, file);
    }

    private String schemaComponent(Path schemaFile, String pointer, String ref, Path from) {
        String base = componentName(schemaFile);
        String component;
        if (pointer.isEmpty() || pointer.equals("/")) {
            component = base;
            pointer = "";
        } else {
            Matcher definition = DEFS_POINTER.matcher(pointer);
            if (!definition.matches()) {
                throw new InvalidApiDocumentException(name(from) + " refers to " + ref + ": refer to a whole schema or one of its $defs");
            }
            component = base + "_" + definition.group(1);
        }
        SchemaSource source = new SchemaSource(schemaFile, pointer);
        SchemaSource known = schemaSources.putIfAbsent(component, source);
        if (known == null) {
            schemasToImport.push(component);
        } else if (!known.equals(source)) {
            throw new InvalidApiDocumentException(name(schemaFile) + " and " + name(known.file()) + " both make component " + component);
        }
        return component;
    }

    private boolean isOpenApiFile(Path file) {
        return file.equals(projectDir.resolve(ROOT_FILE)) || file.getFileName().toString().endsWith(SLICE_SUFFIX);
    }

    /** {@code create-product-request.v1.json} → {@code CreateProductRequestV1}. */
    static String componentName(Path schemaFile) {
        String stem = schemaFile.getFileName().toString().replaceFirst("\\.json$", "");
        StringBuilder name = new StringBuilder();
        for (String word : stem.split("[-._]+")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    private String name(Path file) {
        return projectDir.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static ObjectNode read(Path file) {
        try {
            JsonNode node = (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidApiDocumentException(file + " is not a JSON or YAML object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A slice file that cannot be combined: the message names the file and what is wrong. */
    public static final class InvalidApiDocumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidApiDocumentException(String message) {
            super(message);
        }
    }

    /** Writes the combined document: {@code <project dir> <output file>}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java OpenApiDocument.java <project dir> <output .json>");
            System.exit(2);
        }
        Path output = Path.of(args[1]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        ObjectNode combined = combine(Path.of(args[0]));
        Files.writeString(output, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(combined) + System.lineSeparator());
        System.out.println("OpenAPI document " + output + ": " + combined.path("paths").size() + " paths, "
                + combined.path("components").path("schemas").size() + " schemas");
    }
}
