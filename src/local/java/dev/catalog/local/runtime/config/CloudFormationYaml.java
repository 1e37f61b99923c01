package dev.catalog.local.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML with CloudFormation's short-form tags ({@code !Ref X}, {@code !GetAtt X.Arn},
 * {@code !Join [...]}, ...) turned into their long form ({@code {Ref: X}},
 * {@code {Fn::GetAtt: [X, Arn]}}, {@code {Fn::Join: [...]}}), as CloudFormation itself reads them.
 */
final class CloudFormationYaml {
    private static final List<String> FUNCTIONS = List.of(
            "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
            "Transform", "And", "Equals", "If", "Not", "Or", "Condition");

    private CloudFormationYaml() {
    }

    static Map<String, Object> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new TagConstructor()).load(reader);
            if (document == null) {
                return new LinkedHashMap<>();
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new UnsupportedConfigurationException(file.toString(), "(document)", "expected a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) document;
            return map;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private static final class TagConstructor extends SafeConstructor {
        TagConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new ShortForm("Ref"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new ShortForm("Fn::" + function));
            }
        }

        private final class ShortForm extends AbstractConstruct {
            private final String longName;

            ShortForm(String longName) {
                this.longName = longName;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the one short form whose scalar is a list.
                    value = longName.equals("Fn::GetAtt") ? Arrays.asList(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(longName, value);
                return longForm;
            }
        }
    }
}
