package dev.clv.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.zjsonpatch.JsonPatch;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the fields this repository's kustomizations use:
 * {@code resources} (files and kustomization folders), {@code namespace}, {@code labels} (pairs, no selectors),
 * {@code images}, {@code replicas}, {@code secretGenerator} (literals) and {@code configMapGenerator} (files), both
 * without a name hash and with their labels, and {@code patches} (strategic
 * merge, with {@code $patch: delete}, or JSON 6902 with a target). Written by hand because kustomize is a Go program
 * with no Java port and no Debian package recent enough; {@code OverlaysTest} compares the two where kubectl is
 * installed. A field it does not know fails the render rather than being ignored.
 */
final class Kustomize {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images",
            "replicas", "patches", "secretGenerator", "configMapGenerator");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "ClusterIssuer", "PriorityClass", "StorageClass");
    // strategic merge keys of the built-in kinds' lists that overlays patch; every other list is replaced
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath");

    private Kustomize() {
    }

    /** The objects {@code folder}'s kustomization.yaml renders to, in the order of its resources. */
    static List<ObjectNode> render(Path folder) throws IOException {
        JsonNode k = YAML.readTree(folder.resolve("kustomization.yaml").toFile());
        k.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(folder + ": kustomization field " + f + " is not rendered here");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = folder.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : read(path));
        }
        for (JsonNode generator : k.path("secretGenerator")) {
            objects.add(secret(generator));
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            objects.add(configMap(generator, folder));
        }
        for (JsonNode patch : k.path("patches")) {
            patch(objects, patch, folder);
        }
        for (ObjectNode o : objects) {
            if (k.has("namespace") && !CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                o.with("metadata").put("namespace", k.path("namespace").asText());
            }
            for (JsonNode labels : k.path("labels")) {
                if (labels.has("includeSelectors") || labels.has("includeTemplates")) {
                    throw new IllegalArgumentException("labels with selectors or templates are not rendered here");
                }
                labels.path("pairs").fields().forEachRemaining(e -> o.with("metadata").with("labels").set(e.getKey(),
                        e.getValue()));
            }
            for (JsonNode replicas : k.path("replicas")) {
                if (o.path("kind").asText().matches("Deployment|StatefulSet|ReplicaSet")
                        && o.path("metadata").path("name").asText().equals(replicas.path("name").asText())) {
                    o.with("spec").put("replicas", replicas.path("count").asInt());
                }
            }
            k.path("images").forEach(image -> retag(o, image));
        }
        return objects;
    }

    private static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode doc : CrdSchemas.documents(file)) {
            out.add((ObjectNode) doc);
        }
        return out;
    }

    private static ObjectNode generated(JsonNode generator, String kind) {
        if (!generator.path("options").path("disableNameSuffixHash").asBoolean()) {
            throw new IllegalArgumentException("a generator without disableNameSuffixHash is not rendered here");
        }
        ObjectNode object = YAML.createObjectNode().put("apiVersion", "v1").put("kind", kind);
        object.with("metadata").put("name", generator.path("name").asText());
        if (generator.path("options").has("labels")) {
            object.with("metadata").set("labels", generator.path("options").path("labels").deepCopy());
        }
        return object;
    }

    private static ObjectNode configMap(JsonNode generator, Path folder) throws IOException {
        ObjectNode map = generated(generator, "ConfigMap");
        for (JsonNode file : generator.path("files")) {
            Path path = folder.resolve(file.asText());
            map.with("data").put(path.getFileName().toString(), Files.readString(path));
        }
        return map;
    }

    private static ObjectNode secret(JsonNode generator) {
        ObjectNode secret = generated(generator, "Secret");
        secret.put("type", generator.path("type").asText("Opaque"));
        ObjectNode data = secret.with("data");
        for (JsonNode literal : generator.path("literals")) {
            String[] kv = literal.asText().split("=", 2);
            data.put(kv[0], Base64.getEncoder().encodeToString(kv[1].getBytes(StandardCharsets.UTF_8)));
        }
        return secret;
    }

    private static void patch(List<ObjectNode> objects, JsonNode entry, Path folder) throws IOException {
        String text = entry.has("path")
                ? Files.readString(folder.resolve(entry.path("path").asText()))
                : entry.path("patch").asText();
        List<JsonNode> docs = YAML.readValues(YAML.getFactory().createParser(text), JsonNode.class).readAll();
        JsonNode target = entry.path("target");
        if (docs.size() == 1 && docs.get(0).isArray()) { // JSON 6902: applies to every target
            for (int i = 0; i < objects.size(); i++) {
                if (matches(objects.get(i), target)) {
                    objects.set(i, (ObjectNode) JsonPatch.apply(docs.get(0), objects.get(i)));
                }
            }
            return;
        }
        for (JsonNode smp : docs) {
            if (smp == null || smp.isNull()) {
                continue;
            }
            boolean delete = "delete".equals(smp.path("$patch").asText());
            Iterator<ObjectNode> it = objects.iterator();
            boolean found = false;
            while (it.hasNext()) {
                ObjectNode o = it.next();
                boolean hit = target.isMissingNode() ? sameObject(o, smp) : matches(o, target);
                if (hit) {
                    found = true;
                    if (delete) {
                        it.remove();
                    } else if (target.isMissingNode()) {
                        merge(o, smp, builtIn(o));
                    } else { // a targeted patch's own name is a placeholder
                        ObjectNode copy = smp.deepCopy();
                        ((ObjectNode) copy.path("metadata")).remove("name");
                        merge(o, copy, builtIn(o));
                    }
                }
            }
            if (!found) {
                throw new IllegalArgumentException("the patch of " + smp.path("kind") + " " + smp.path("metadata")
                        .path("name") + " matches no object");
            }
        }
    }

    private static boolean sameObject(JsonNode o, JsonNode patch) {
        return o.path("kind").equals(patch.path("kind")) && o.path("apiVersion").equals(patch.path("apiVersion"))
                && o.path("metadata").path("name").equals(patch.path("metadata").path("name"));
    }

    private static boolean matches(JsonNode o, JsonNode target) {
        if (target.has("labelSelector") || target.has("annotationSelector") || target.has("namespace")) {
            throw new IllegalArgumentException("targets by selector or namespace are not rendered here");
        }
        String[] apiVersion = o.path("apiVersion").asText().split("/");
        String group = apiVersion.length == 2 ? apiVersion[0] : "";
        return (!target.has("kind") || target.path("kind").asText().equals(o.path("kind").asText()))
                && (!target.has("name") || o.path("metadata").path("name").asText().matches(target.path("name")
                        .asText()))
                && (!target.has("group") || target.path("group").asText().equals(group))
                && (!target.has("version") || target.path("version").asText().equals(apiVersion[apiVersion.length
                        - 1]));
    }

    private static boolean builtIn(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        return !apiVersion.contains(".") || apiVersion.contains(".k8s.io/");
    }

    /** A strategic merge: maps merge, null deletes, keyed lists of built-in kinds merge by key, other lists replace. */
    private static void merge(ObjectNode into, JsonNode patch, boolean keyedLists) {
        patch.fields().forEachRemaining(e -> {
            String field = e.getKey();
            JsonNode value = e.getValue();
            JsonNode current = into.get(field);
            if (field.startsWith("$")) {
                throw new IllegalArgumentException("directive " + field + " is not rendered here");
            } else if (value.isNull()) {
                into.remove(field);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value, keyedLists);
            } else if (value.isArray() && current != null && current.isArray() && keyedLists
                    && MERGE_KEYS.containsKey(field)) {
                String key = MERGE_KEYS.get(field);
                for (JsonNode item : value) {
                    ObjectNode same = null;
                    for (JsonNode c : current) {
                        same = c.path(key).equals(item.path(key)) ? (ObjectNode) c : same;
                    }
                    if (same == null) {
                        ((ArrayNode) current).add(item.deepCopy());
                    } else {
                        merge(same, item, true);
                    }
                }
            } else {
                into.set(field, value.deepCopy());
            }
        });
    }

    /** kustomize's image transformer: every container's image named {@code name}, with or without a tag. */
    private static void retag(JsonNode node, JsonNode image) {
        node.fields().forEachRemaining(e -> {
            if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                for (JsonNode c : e.getValue()) {
                    String current = c.path("image").asText();
                    String name = current.replaceFirst(":[^:/]*$", "");
                    if (name.equals(image.path("name").asText())) {
                        String tag = current.equals(name) ? "" : current.substring(name.length() + 1);
                        ((ObjectNode) c).put("image", image.path("newName").asText(name) + ":"
                                + image.path("newTag").asText(tag));
                    }
                }
            } else if (e.getValue().isContainerNode()) {
                retag(e.getValue(), image);
            }
        });
        if (node.isArray()) {
            node.forEach(n -> retag(n, image));
        }
    }
}
