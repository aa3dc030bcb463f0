package dev.clv.contracts.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clv.contracts.event.EventJson;

/** Cuts a service's export into parts of at most {@link #PART_BYTES} of JSON, so no record nears Kafka's limit. */
final class ExportChunks {
    /** Well under the broker's default 1 MiB record limit, leaving room for the envelope. */
    static final int PART_BYTES = 256 * 1024;

    private ExportChunks() {
    }

    static List<PrivacyExportPart> split(PrivacyRequest request, String service,
            Map<String, List<Map<String, Object>>> export) {
        List<PrivacyExportPart> parts = new ArrayList<>();
        if (export == null || export.isEmpty()) {
            return parts;
        }
        Map<String, List<Map<String, Object>>> current = new LinkedHashMap<>();
        long size = 0;
        for (Map.Entry<String, List<Map<String, Object>>> section : export.entrySet()) {
            for (Map<String, Object> row : section.getValue()) {
                int rowBytes = EventJson.write(row).length;
                if (size > 0 && size + rowBytes > PART_BYTES) {
                    parts.add(new PrivacyExportPart(request.id(), request.tenantId(), service, parts.size(), current));
                    current = new LinkedHashMap<>();
                    size = 0;
                }
                current.computeIfAbsent(section.getKey(), k -> new ArrayList<>()).add(row);
                size += rowBytes;
            }
        }
        if (!current.isEmpty()) {
            parts.add(new PrivacyExportPart(request.id(), request.tenantId(), service, parts.size(), current));
        }
        return parts;
    }
}
