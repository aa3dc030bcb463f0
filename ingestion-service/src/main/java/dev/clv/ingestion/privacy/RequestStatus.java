package dev.clv.ingestion.privacy;

import java.util.List;
import java.util.Map;

import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;

/**
 * A request's status from its services' parts: {@code failed} once a configured service failed it,
 * {@code completed} once every configured one completed it (an export: with as many parts stored as the service
 * said it published), {@code running} once any service answered, {@code pending} before.
 */
final class RequestStatus {
    static final String PENDING = "pending";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final List<String> ALL = List.of(PENDING, RUNNING, COMPLETED, FAILED);

    private RequestStatus() {
    }

    static String of(String type, List<String> services, Map<String, ServiceProgress> progress,
            Map<String, Integer> storedParts) {
        boolean all = true;
        for (String service : services) {
            ServiceProgress p = progress.get(service);
            if (p != null && PrivacyResult.FAILED.equals(p.status())) {
                return FAILED;
            }
            boolean done = p != null && PrivacyResult.COMPLETED.equals(p.status())
                    && (!PrivacyRequest.EXPORT.equals(type)
                            || storedParts.getOrDefault(service, 0) == p.exportParts());
            all &= done;
        }
        if (all) {
            return COMPLETED;
        }
        return progress.isEmpty() ? PENDING : RUNNING;
    }
}
