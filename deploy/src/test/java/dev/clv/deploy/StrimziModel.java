package dev.clv.deploy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Reads Strimzi manifests into Strimzi's own typed model and lists every field the model does not know. Strimzi's
 * classes keep unknown fields instead of failing on them (the operator ignores such fields, so a misspelt one is
 * silently without effect): the check walks the model and reports each one with its path.
 */
final class StrimziModel {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> KINDS = Map.of("Kafka", Kafka.class, "KafkaNodePool",
            KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    private StrimziModel() {
    }

    /** Every document of the file, read into its kind's class (an unknown kind fails). */
    static List<Object> read(Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(file))) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(read(doc, file.toString()));
                }
            }
        }
        return out;
    }

    /** One object read into its kind's class (an unknown kind fails); {@code source} names it in the failure. */
    static Object read(JsonNode doc, String source) throws IOException {
        String apiVersion = doc.path("apiVersion").asText();
        if (!"kafka.strimzi.io/v1".equals(apiVersion)) {
            throw new IllegalArgumentException(source + ": " + apiVersion + " is not kafka.strimzi.io/v1");
        }
        Class<?> type = KINDS.get(doc.path("kind").asText());
        if (type == null) {
            throw new IllegalArgumentException(source + ": no Strimzi kind " + doc.path("kind"));
        }
        return YAML.treeToValue(doc, type);
    }

    /** The paths of the fields Strimzi's model did not recognise in {@code resource}; empty when all are known. */
    static List<String> unknownFields(Object resource) {
        List<String> out = new ArrayList<>();
        walk(resource, resource.getClass().getSimpleName(), out, new IdentityHashMap<>());
        return out;
    }

    private static void walk(Object value, String path, List<String> out, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", out, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.strimzi.")) {
            return; // plain values, maps of free-form config, and Kubernetes' own types (metadata, resources)
        }
        if (value instanceof UnknownPropertyPreserving preserving && preserving.getAdditionalProperties() != null) {
            preserving.getAdditionalProperties().keySet().forEach(k -> out.add(path + "." + k));
        }
        for (Method getter : value.getClass().getMethods()) {
            boolean bean = getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
                    && (getter.getName().startsWith("get") || getter.getName().startsWith("is"))
                    && !getter.getName().equals("getClass") && !getter.getName().equals("getAdditionalProperties");
            if (bean) {
                try {
                    walk(getter.invoke(value), path + "." + getter.getName().replaceFirst("^(get|is)", ""), out,
                            seen);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(path + "." + getter.getName(), e);
                }
            }
        }
    }
}
