package dev.clv.gateway.proxy;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.config.StreamsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The streams open through this replica: at most {@code gateway.streams.max-per-tenant} per tenant and
 * {@code gateway.streams.max-total} in all. A slot is taken before the stream is let in and given back when its
 * exchange ends, whichever side ends it. Replicas count apart; the service behind a stream caps them too.
 */
@ApplicationScoped
public class StreamSlots {
    /** Why a stream was refused, if it was. */
    enum Refusal {
        NONE, TENANT, TOTAL
    }

    private final int maxPerTenant;
    private final int maxTotal;
    private final Map<String, Integer> open = new HashMap<>();
    private int total;

    public StreamSlots(GatewayConfig config, MeterRegistry registry) {
        StreamsConfig streams = config.streams();
        this.maxPerTenant = streams.maxPerTenant();
        this.maxTotal = streams.maxTotal();
        Gauge.builder("gateway.streams.open", this, StreamSlots::total)
                .description("Streams (routes with streaming: true) open through this replica").register(registry);
    }

    /** Takes a slot for one of {@code tenant}'s streams, or says which limit refuses it (nothing taken then). */
    synchronized Refusal acquire(String tenant) {
        if (total >= maxTotal) {
            return Refusal.TOTAL;
        }
        int mine = open.getOrDefault(tenant, 0);
        if (maxPerTenant > 0 && mine >= maxPerTenant) {
            return Refusal.TENANT;
        }
        open.put(tenant, mine + 1);
        total++;
        return Refusal.NONE;
    }

    /** Gives back a slot {@link #acquire} took. */
    synchronized void release(String tenant) {
        Integer mine = open.get(tenant);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            open.remove(tenant);
        } else {
            open.put(tenant, mine - 1);
        }
        total--;
    }

    int maxPerTenant() {
        return maxPerTenant;
    }

    int maxTotal() {
        return maxTotal;
    }

    synchronized int total() {
        return total;
    }
}
