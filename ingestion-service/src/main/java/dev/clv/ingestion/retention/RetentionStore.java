package dev.clv.ingestion.retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.contracts.problem.ProblemException;

/** The tenants' retention policies in {@code ingestion.retention_policies}: the source of truth of the topic. */
@ApplicationScoped
public class RetentionStore {
    private static final TypeReference<LinkedHashMap<String, Integer>> DAYS = new TypeReference<>() {
    };
    private final DataSource dataSource;
    private final ObjectMapper json;

    public RetentionStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Stores the tenant's policy, replacing any earlier one. */
    public void put(RetentionPolicy policy) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ingestion.retention_policies (tenant_id, days, updated_at) VALUES (?, ?::jsonb, ?) "
                                + "ON CONFLICT (tenant_id) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at")) {
            s.setString(1, policy.tenantId());
            // by hand: a kind kept for ever is a null that must be stored, not dropped as the mapper drops nulls
            com.fasterxml.jackson.databind.node.ObjectNode days = json.createObjectNode();
            policy.days().forEach((kind, d) -> {
                if (d == null) {
                    days.putNull(kind);
                } else {
                    days.put(kind, d);
                }
            });
            s.setString(2, json.writeValueAsString(days));
            s.setObject(3, OffsetDateTime.ofInstant(policy.updatedAt(), ZoneOffset.UTC));
            s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant's own policy, if it set one. */
    public Optional<RetentionPolicy> find(String tenant) {
        List<RetentionPolicy> found = query("WHERE tenant_id = ?", tenant);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every tenant's policy. */
    public List<RetentionPolicy> all() {
        return query("", null);
    }

    private List<RetentionPolicy> query(String where, String tenant) {
        List<RetentionPolicy> policies = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT tenant_id, days::text, updated_at FROM ingestion.retention_policies " + where)) {
            if (tenant != null) {
                s.setString(1, tenant);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Integer> days = json.readValue(rs.getString(2), DAYS);
                    policies.add(new RetentionPolicy(rs.getString(1), days,
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return policies;
    }

    private static ProblemException unavailable(SQLException e) {
        org.jboss.logging.Logger.getLogger(RetentionStore.class).warnf("retention policies: %s", e.toString());
        return ProblemException.unavailable("The database did not answer; nothing was changed. Try again.", 5);
    }
}
