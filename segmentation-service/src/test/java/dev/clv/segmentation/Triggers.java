package dev.clv.segmentation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.UUID;

import dev.clv.segmentation.announcement.AnnouncementRepository.Claimed;
import dev.clv.testsupport.PostgresResource;

/** Real, deterministic failures for one tenant (triggers), and what the tests read straight from the tables. */
final class Triggers {
    private Triggers() {
    }

    /** Every membership row of the tenant is refused: its evaluation statements fail at run time. */
    static String refuseMemberships(String tenant) throws Exception {
        return create("memberships", "BEFORE INSERT OR UPDATE", "NEW.tenant_id = '" + tenant + "'",
                "RAISE EXCEPTION 'memberships of this tenant are refused (test)'");
    }

    /** A row trigger on the tenant's announcement rows, for {@code event}, when {@code when} holds. */
    static String onAnnouncements(String tenant, String event, String when, String body) throws Exception {
        return create("membership_announcements", "BEFORE " + event, "OLD.tenant_id = '" + tenant + "' AND ("
                + when + ")", body);
    }

    private static String create(String table, String timing, String when, String body) throws Exception {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect()) {
            db.createStatement().execute("CREATE FUNCTION segmentation." + name + "() RETURNS trigger LANGUAGE "
                    + "plpgsql AS $$ BEGIN " + body + "; END $$");
            db.createStatement().execute("CREATE TRIGGER " + name + " " + timing + " ON segmentation." + table
                    + " FOR EACH ROW WHEN (" + when + ") EXECUTE FUNCTION segmentation." + name + "()");
        }
        return name;
    }

    static void drop(String name, String table) throws Exception {
        try (Connection db = connect()) {
            db.createStatement().execute("DROP TRIGGER " + name + " ON segmentation." + table);
            db.createStatement().execute("DROP FUNCTION segmentation." + name + "()");
        }
    }

    /** Rows of the tenant in a table of schema segmentation. */
    static long count(String table, String tenant) throws Exception {
        try (Connection db = connect();
                PreparedStatement q = db.prepareStatement("SELECT count(*) FROM "
                        + "segmentation." + table + " WHERE tenant_id = ?")) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The customer's queued announcement, as a relay claiming it would hold it. */
    static Claimed queued(String tenant, String customer) throws Exception {
        try (Connection db = connect();
                PreparedStatement q = db.prepareStatement("SELECT queued_at, revision FROM "
                        + "segmentation.membership_announcements WHERE tenant_id = ? AND customer_id = ?")) {
            q.setString(1, tenant);
            q.setString(2, customer);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no announcement queued for " + customer);
                }
                return new Claimed(tenant, customer, r.getObject(1, OffsetDateTime.class), r.getLong(2));
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }
}
