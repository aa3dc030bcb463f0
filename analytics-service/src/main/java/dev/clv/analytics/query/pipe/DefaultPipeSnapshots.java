package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AnswerParams;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.MultivaluedHashMap;

import dev.clv.analytics.query.snapshot.SnapshotSource;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import io.smallrye.mutiny.Uni;

/**
 * The default answers (no parameters) of the pipes that rank every customer, customer_segmentation (RFM over all
 * time) and ltv_forecast, snapshotted; with any parameter they are computed live.
 */
@ApplicationScoped
public class DefaultPipeSnapshots implements SnapshotSource {
    private static final Set<String> PIPES = Set.of("customer_segmentation", "ltv_forecast");
    private final Instance<Pipe> pipes;
    private final TenantSettingsResolver tenants;

    public DefaultPipeSnapshots(Instance<Pipe> pipes, TenantSettingsResolver tenants) {
        this.pipes = pipes;
        this.tenants = tenants;
    }

    /** The snapshot name of the pipe's default answer, or null when that pipe is always computed live. */
    public static String snapshotName(String pipe) {
        return PIPES.contains(pipe) ? "pipe:" + pipe + ":default" : null;
    }

    @Override
    public List<String> snapshotNames() {
        return PIPES.stream().sorted().map(DefaultPipeSnapshots::snapshotName).toList();
    }

    @Override
    public Uni<Object> snapshot(String tenant, String name) {
        String pipe = name.split(":")[1];
        return pipes.stream().filter(p -> p.name().equals(pipe)).findFirst().orElseThrow().run(tenant,
                new AnswerParams(new MultivaluedHashMap<>(), tenants.of(tenant).timeZone())).map(Object.class::cast);
    }
}
