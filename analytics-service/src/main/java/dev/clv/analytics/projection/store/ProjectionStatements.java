package dev.clv.analytics.projection.store;

import java.util.Map;
import java.util.stream.Collectors;

import dev.clv.contracts.event.CustomerEvent;

/**
 * The projection's SQL, one statement per data source. Raw rows go in with ON CONFLICT, and only the rows a
 * statement actually inserted (its RETURNING) feed the aggregates and rollups, so a redelivered, replayed or
 * resent row changes no number; sums, counts, minima and maxima do not care about arrival order, so late rows come
 * out as if they had arrived in order. Tenant-wide rows (rollups, watermarks), which concurrent batches share, are
 * written in key order, so two batches always lock them in the same order and cannot deadlock. A customer patch is
 * merged with the stored profile inside its statement (only the fields it names change, attributes merge key by
 * key), so the cohort cells move for it exactly as for a whole profile.
 */
final class ProjectionStatements {
    // a customer's cohort cell, from customer_metrics aliased m: registration month (UTC) and the filter dimensions
    private static final String CELL = "date_trunc('month', m.registration_date AT TIME ZONE 'UTC')::date AS cohort, "
            + "coalesce(m.country, '') AS country, coalesce(m.acquisition_source, '') AS source, "
            + "coalesce(m.segment, '') AS segment";

    static final String CUSTOMERS = SqlTemplate.fill(
            """
                    WITH input AS (
                      SELECT tenant_id, customer_id, registration_date, country, city, age, gender, acquisition_source,
                        segment, is_active, email, name, loyalty_tier, attributes::jsonb AS attributes, ingested_at,
                        string_to_array(patched, ',') AS patched
                      FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int[],
                        $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[],
                        $14::text[], $15::timestamptz[], $16::text[])
                      AS r(tenant_id, customer_id, registration_date, country, city, age, gender, acquisition_source,
                        segment, is_active, email, name, loyalty_tier, attributes, ingested_at, patched)
                    ), stored AS (
                      -- what a patch does not name keeps its stored value: read under a row lock, so the newest;
                      -- the uncorrelated EXISTS is a one-time filter, so a batch without patches never runs the join
                      SELECT c.* FROM analytics.customers c JOIN input i USING (tenant_id, customer_id)
                      WHERE i.patched IS NOT NULL AND EXISTS (SELECT 1 FROM input WHERE patched IS NOT NULL)
                      FOR UPDATE OF c
                    ), merged AS (
                      SELECT i.tenant_id, i.customer_id, {{patch_merge}},
                        CASE WHEN i.patched IS NULL THEN i.attributes WHEN i.attributes IS NULL THEN s.attributes
                          ELSE coalesce(s.attributes, '{}'::jsonb) || i.attributes END AS attributes, i.ingested_at
                      FROM input i LEFT JOIN stored s USING (tenant_id, customer_id)
                    ), upserted AS (
                      INSERT INTO analytics.customers AS c
                      SELECT tenant_id, customer_id, registration_date, country, city, age, gender, acquisition_source,
                        segment, is_active, email, name, loyalty_tier, attributes, ingested_at FROM merged
                      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET registration_date = excluded.registration_date,
                        country = excluded.country, city = excluded.city, age = excluded.age, gender = excluded.gender,
                        acquisition_source = excluded.acquisition_source, segment = excluded.segment,
                        is_active = excluded.is_active, email = excluded.email, name = excluded.name,
                        loyalty_tier = excluded.loyalty_tier, attributes = excluded.attributes,
                        ingested_at = excluded.ingested_at
                      WHERE excluded.ingested_at >= c.ingested_at
                      RETURNING tenant_id, customer_id, registration_date, country, segment, acquisition_source, is_active,
                        ingested_at
                    ), old AS (
                      SELECT m.tenant_id, m.customer_id, {{cohort_cell}}
                      FROM analytics.customer_metrics m JOIN upserted u USING (tenant_id, customer_id)
                    ), metrics AS (
                      INSERT INTO analytics.customer_metrics AS m (tenant_id, customer_id, registration_date, country, segment,
                        acquisition_source, is_active, first_seen_at, profiled)
                      SELECT *, true FROM upserted
                      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET registration_date = excluded.registration_date,
                        country = excluded.country, segment = excluded.segment,
                        acquisition_source = excluded.acquisition_source, is_active = excluded.is_active,
                        first_seen_at = least(m.first_seen_at, excluded.first_seen_at), profiled = true
                      RETURNING m.tenant_id, m.customer_id, {{cohort_cell}}
                    ), moved AS (
                      -- customers whose cohort cell changed (or who have one for the first time): their history moves
                      SELECT n.tenant_id, n.customer_id, o.cohort AS old_cohort, o.country AS old_country,
                        o.source AS old_source, o.segment AS old_segment, n.cohort, n.country, n.source, n.segment
                      FROM metrics n LEFT JOIN old o USING (tenant_id, customer_id)
                      WHERE (o.cohort, o.country, o.source, o.segment) IS DISTINCT FROM (n.cohort, n.country, n.source, n.segment)
                    ), contrib AS (
                      SELECT tenant_id, customer_id, old_cohort AS cohort, old_country AS country, old_source AS source,
                        old_segment AS segment, -1 AS sign FROM moved WHERE old_cohort IS NOT NULL
                      UNION ALL
                      SELECT tenant_id, customer_id, cohort, country, source, segment, 1 FROM moved WHERE cohort IS NOT NULL
                    )
                    -- the cohort cells are shared by every concurrent batch: only their deltas here, written last
                    -- (HOT_COHORT_SIZES, HOT_COHORT_MONTHS); rows laid out as CohortDeltas reads them
                    SELECT 'size' AS kind, tenant_id, cohort, country, source, segment, NULL::int AS k,
                      sum(sign)::bigint AS n, NULL::numeric AS net
                    FROM contrib GROUP BY tenant_id, cohort, country, source, segment
                    UNION ALL
                    SELECT 'month', x.tenant_id, x.cohort, x.country, x.source, x.segment, greatest(0, {{months_since_cohort}}),
                      sum(x.sign * CASE WHEN mo.purchases > 0 AND mo.month >= x.cohort THEN 1 ELSE 0 END),
                      sum(x.sign * mo.net_revenue)
                    FROM contrib x JOIN analytics.customer_months mo ON mo.tenant_id = x.tenant_id AND mo.customer_id = x.customer_id
                    GROUP BY 2, 3, 4, 5, 6, 7
                    UNION ALL
                    -- a moved customer's score goes with them (k: its horizon, -1 for none)
                    SELECT 'score', x.tenant_id, x.cohort, x.country, x.source, x.segment,
                      coalesce(sc.horizon_months, -1), sum(x.sign)::bigint, sum(x.sign * sc.predicted_clv)
                    FROM contrib x JOIN analytics.customer_scores sc ON sc.tenant_id = x.tenant_id
                      AND sc.customer_id = x.customer_id AND sc.predicted_clv IS NOT NULL
                    GROUP BY 2, 3, 4, 5, 6, 7
                    """,
            Map.of("cohort_cell", CELL, "months_since_cohort", monthsSince("x.cohort", "mo.month"),
                    "patch_merge", patchMerge()));

    // purchases, gross revenue, refunds and refunded amount of the inserted rows, and how a rollup row adds them
    private static final String SALES_SUMS = "count(*) FILTER (WHERE NOT is_refund), "
            + "coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0), count(*) FILTER (WHERE is_refund), "
            + "coalesce(sum(-net) FILTER (WHERE is_refund), 0)";
    private static final String SALES_UPDATE = "purchases = cc.purchases + excluded.purchases, "
            + "gross_revenue = cc.gross_revenue + excluded.gross_revenue, refunds = cc.refunds + excluded.refunds, "
            + "refund_total = cc.refund_total + excluded.refund_total";

    // the new rows hold an earlier first purchase than the customer's (ties broken by transaction id)
    private static final String FIRST_PURCHASE_IS_EARLIER = "excluded.first_purchase_at IS NOT NULL AND "
            + "(m.first_purchase_at IS NULL OR (excluded.first_purchase_at, excluded.first_purchase_id) < "
            + "(m.first_purchase_at, m.first_purchase_id))";

    static final String TRANSACTIONS = SqlTemplate.fill(
            """
                    WITH inserted AS (
                      INSERT INTO analytics.transactions
                      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[],
                        $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::timestamptz[])
                      ON CONFLICT (tenant_id, transaction_id) DO NOTHING
                      RETURNING tenant_id, customer_id, transaction_id, transaction_date, amount, is_refund, channel,
                        payment_method, coalesce(currency, '') AS currency, (transaction_date AT TIME ZONE 'UTC')::date AS day,
                        {{bucket}} AS bucket, product_id, coalesce(product_category, 'uncategorized') AS category,
                        CASE WHEN is_refund THEN -abs(amount) ELSE amount END AS net
                    ), delta AS (
                      SELECT tenant_id, customer_id, count(*) FILTER (WHERE NOT is_refund) AS purchases,
                        coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0) AS gross,
                        count(*) FILTER (WHERE is_refund) AS refunds, coalesce(sum(-net) FILTER (WHERE is_refund), 0) AS refunded,
                        sum(net) AS net, max(transaction_date) FILTER (WHERE NOT is_refund) AS last_at,
                        min(transaction_date) AS seen_at
                      FROM inserted GROUP BY tenant_id, customer_id
                    ), firsts AS (
                      SELECT DISTINCT ON (tenant_id, customer_id) tenant_id, customer_id, transaction_date, transaction_id,
                        channel, payment_method
                      FROM inserted WHERE NOT is_refund ORDER BY tenant_id, customer_id, transaction_date, transaction_id
                    ), metrics AS (
                      INSERT INTO analytics.customer_metrics AS m (tenant_id, customer_id, purchase_count, gross_revenue,
                        refund_count, refund_total, net_revenue, last_purchase_at, first_purchase_at, first_purchase_id,
                        first_channel, first_payment_method, first_seen_at)
                      SELECT d.tenant_id, d.customer_id, d.purchases, d.gross, d.refunds, d.refunded, d.net, d.last_at,
                        f.transaction_date, f.transaction_id, f.channel, f.payment_method, d.seen_at
                      FROM delta d LEFT JOIN firsts f USING (tenant_id, customer_id)
                      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
                        purchase_count = m.purchase_count + excluded.purchase_count,
                        gross_revenue = m.gross_revenue + excluded.gross_revenue,
                        refund_count = m.refund_count + excluded.refund_count,
                        refund_total = m.refund_total + excluded.refund_total,
                        net_revenue = m.net_revenue + excluded.net_revenue,
                        last_purchase_at = greatest(m.last_purchase_at, excluded.last_purchase_at),
                        first_seen_at = least(m.first_seen_at, excluded.first_seen_at),
                        first_purchase_at = CASE WHEN {{first_purchase_is_earlier}} THEN excluded.first_purchase_at ELSE m.first_purchase_at END,
                        first_purchase_id = CASE WHEN {{first_purchase_is_earlier}} THEN excluded.first_purchase_id ELSE m.first_purchase_id END,
                        first_channel = CASE WHEN {{first_purchase_is_earlier}} THEN excluded.first_channel ELSE m.first_channel END,
                        first_payment_method = CASE WHEN {{first_purchase_is_earlier}} THEN excluded.first_payment_method
                          ELSE m.first_payment_method END
                      RETURNING 1
                    ), day_delta AS (
                      SELECT tenant_id, customer_id, day, count(*) FILTER (WHERE NOT is_refund) AS purchases, sum(net) AS net,
                        max(transaction_date) FILTER (WHERE NOT is_refund) AS last_at
                      FROM inserted GROUP BY tenant_id, customer_id, day
                    ), days AS (
                      INSERT INTO analytics.customer_days AS d
                      SELECT tenant_id, customer_id, day, purchases, net, last_at FROM day_delta
                      ON CONFLICT (tenant_id, customer_id, day) DO UPDATE SET purchases = d.purchases + excluded.purchases,
                        net_revenue = d.net_revenue + excluded.net_revenue,
                        last_purchase_at = greatest(d.last_purchase_at, excluded.last_purchase_at)
                      RETURNING 1
                    ), buyer_day_deltas AS (
                      {{buyer_day_deltas}}
                    ), month_delta AS (
                      SELECT tenant_id, customer_id, date_trunc('month', day)::date AS month,
                        count(*) FILTER (WHERE NOT is_refund) AS purchases, sum(net) AS net,
                        coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0) AS gross,
                        coalesce(sum(-net) FILTER (WHERE is_refund), 0) AS refunded
                      FROM inserted GROUP BY 1, 2, 3
                    ), months AS (
                      INSERT INTO analytics.customer_months AS mo
                      SELECT tenant_id, customer_id, month, purchases, net, gross, refunded FROM month_delta
                      ON CONFLICT (tenant_id, customer_id, month) DO UPDATE SET purchases = mo.purchases + excluded.purchases,
                        net_revenue = mo.net_revenue + excluded.net_revenue,
                        gross_revenue = mo.gross_revenue + excluded.gross_revenue,
                        refund_total = mo.refund_total + excluded.refund_total
                      RETURNING mo.tenant_id, mo.customer_id, mo.month, mo.purchases
                    ), buyer_month_deltas AS (
                      {{buyer_month_deltas}}
                    ), cohorts AS (
                      -- customers with a registration add to their cohort cell; a month's buyer count changes only when its
                      -- purchases go from none to some (the month's purchases before this batch: now minus the delta)
                      SELECT m.tenant_id, cell.cohort, cell.country, cell.source, cell.segment,
                        greatest(0, {{months_since_cohort}}) AS k, sum(CASE WHEN d.month >= cell.cohort
                          THEN (mo.purchases > 0)::int - (mo.purchases - d.purchases > 0)::int ELSE 0 END) AS active,
                        sum(d.net) AS net
                      FROM months mo JOIN month_delta d USING (tenant_id, customer_id, month)
                      JOIN analytics.customer_metrics m ON m.tenant_id = d.tenant_id AND m.customer_id = d.customer_id
                      CROSS JOIN LATERAL (SELECT {{cohort_cell}}) cell
                      WHERE m.registration_date IS NOT NULL
                      GROUP BY 1, 2, 3, 4, 5, 6
                    ), categories AS (
                      INSERT INTO analytics.customer_categories AS cc
                      SELECT tenant_id, customer_id, category, {{sales_sums}} FROM inserted GROUP BY tenant_id, customer_id, category
                      ON CONFLICT (tenant_id, customer_id, category) DO UPDATE SET {{sales_update}}
                      RETURNING 1
                    ), product_buyers AS (
                      -- the customer's own rows per product and month, so that product buyers are exact distinct counts
                      INSERT INTO analytics.customer_product_months AS cc
                      SELECT tenant_id, product_id, customer_id, date_trunc('month', day)::date, {{sales_sums}} FROM inserted
                      WHERE product_id IS NOT NULL GROUP BY tenant_id, product_id, customer_id, 4
                      ON CONFLICT (tenant_id, product_id, customer_id, month) DO UPDATE SET {{sales_update}}
                      RETURNING 1
                    )
                    -- the tenant-wide rows every concurrent batch shares are written last, just before the commit
                    -- (HOT_SALES, HOT_PRODUCTS, HOT_PRODUCT_MONTHS, HOT_BUYER_DAYS, HOT_BUYER_MONTHS, HOT_COHORT_MONTHS):
                    -- here only their deltas, from the rows this statement really inserted; a day's or month's bucket is
                    -- its first instant (UTC); a buyer day or month has buyers and retained in the purchases and refunds
                    -- columns; a cohort row is laid out as CohortDeltas reads it, in the last nine columns
                    SELECT 'quarter' AS kind, tenant_id, currency AS key, NULL AS category, bucket, {{sales_sums}}, sum(net),
                      NULL AS cell_kind, NULL::text AS cell_tenant, NULL::date AS cohort, NULL::text AS country,
                      NULL::text AS source, NULL::text AS segment, NULL::int AS k, NULL::bigint AS n, NULL::numeric AS cell_net
                    FROM inserted GROUP BY tenant_id, bucket, currency
                    UNION ALL
                    SELECT 'product', tenant_id, product_id, category, NULL, {{sales_sums}}, NULL,
                      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM inserted
                    WHERE product_id IS NOT NULL GROUP BY tenant_id, product_id, category
                    UNION ALL
                    SELECT 'product_month', tenant_id, product_id, NULL, date_trunc('month', transaction_date, 'UTC'),
                      {{sales_sums}}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM inserted
                    WHERE product_id IS NOT NULL GROUP BY tenant_id, product_id, 5
                    UNION ALL
                    SELECT 'buyer_day', tenant_id, NULL, NULL, period::timestamp AT TIME ZONE 'UTC', sum(buyers), NULL,
                      sum(retained), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                    FROM buyer_day_deltas GROUP BY tenant_id, period
                    UNION ALL
                    SELECT 'buyer_month', tenant_id, NULL, NULL, period::timestamp AT TIME ZONE 'UTC', sum(buyers), NULL,
                      sum(retained), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                    FROM buyer_month_deltas GROUP BY tenant_id, period
                    UNION ALL
                    SELECT 'cohort', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                      'month', tenant_id, cohort, country, source, segment, k, active, net FROM cohorts
                    """,
            Map.of("first_purchase_is_earlier", FIRST_PURCHASE_IS_EARLIER, "bucket", bucket("transaction_date"),
                    "sales_sums", SALES_SUMS, "sales_update", SALES_UPDATE, "cohort_cell", CELL,
                    "months_since_cohort", monthsSince("cell.cohort", "d.month"),
                    "buyer_day_deltas", buyerDeltas("day_delta", "customer_days", "day", "1 day"),
                    "buyer_month_deltas", buyerDeltas("month_delta", "customer_months", "month", "1 month")));

    static final String INTERACTIONS = SqlTemplate.fill("""
            WITH inserted AS (
              INSERT INTO analytics.interactions
              SELECT tenant_id, interaction_id, customer_id, interaction_date, interaction_type, channel,
                duration_seconds, satisfaction_score, attributes::jsonb, ingested_at
              FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::int[],
                $8::int[], $9::text[], $10::timestamptz[]) AS r(tenant_id, interaction_id, customer_id,
                interaction_date, interaction_type, channel, duration_seconds, satisfaction_score, attributes,
                ingested_at)
              ON CONFLICT (tenant_id, interaction_id) DO NOTHING
              RETURNING tenant_id, customer_id, interaction_date, interaction_type, channel, satisfaction_score,
                {{bucket}} AS bucket
            ), metrics AS (
            INSERT INTO analytics.customer_metrics AS m (tenant_id, customer_id, interaction_count,
              last_interaction_at, satisfaction_sum, satisfaction_count, support_contacts, app_interactions,
              web_interactions, first_seen_at)
            SELECT tenant_id, customer_id, count(*), max(interaction_date), coalesce(sum(satisfaction_score), 0),
              count(satisfaction_score), count(*) FILTER (WHERE interaction_type = 'support_contact'),
              count(*) FILTER (WHERE channel = 'app'), count(*) FILTER (WHERE channel = 'web'), min(interaction_date)
            FROM inserted GROUP BY tenant_id, customer_id
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
              interaction_count = m.interaction_count + excluded.interaction_count,
              first_seen_at = least(m.first_seen_at, excluded.first_seen_at),
              last_interaction_at = greatest(m.last_interaction_at, excluded.last_interaction_at),
              satisfaction_sum = m.satisfaction_sum + excluded.satisfaction_sum,
              satisfaction_count = m.satisfaction_count + excluded.satisfaction_count,
              support_contacts = m.support_contacts + excluded.support_contacts,
              app_interactions = m.app_interactions + excluded.app_interactions,
              web_interactions = m.web_interactions + excluded.web_interactions
              RETURNING 1
            )
            SELECT tenant_id, bucket, count(*), count(*) FILTER (WHERE channel = 'app'),
              count(*) FILTER (WHERE channel = 'web'), count(*) FILTER (WHERE interaction_type = 'support_contact'),
              coalesce(sum(satisfaction_score), 0), count(satisfaction_score), 0
            FROM inserted GROUP BY tenant_id, bucket
            """, Map.of("bucket", bucket("interaction_date")));

    static final String PRODUCTS = """
            INSERT INTO analytics.products AS p
            SELECT tenant_id, product_id, name, category, price, cost, currency, launched_at, status,
              attributes::jsonb, ingested_at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::text[],
              $8::timestamptz[], $9::text[], $10::text[], $11::timestamptz[]) AS r(tenant_id, product_id, name,
              category, price, cost, currency, launched_at, status, attributes, ingested_at)
            ON CONFLICT (tenant_id, product_id) DO UPDATE SET name = excluded.name, category = excluded.category,
              price = excluded.price, cost = excluded.cost, currency = excluded.currency,
              launched_at = excluded.launched_at, status = excluded.status, attributes = excluded.attributes,
              ingested_at = excluded.ingested_at
            WHERE excluded.ingested_at >= p.ingested_at
            """;

    static final String EVENTS = SqlTemplate.fill("""
            WITH inserted AS (
              INSERT INTO analytics.events
              SELECT tenant_id, event_id, customer_id, event_type, occurred_at, session_id, properties::jsonb,
                ingested_at
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
                $8::timestamptz[]) AS r(tenant_id, event_id, customer_id, event_type, occurred_at, session_id,
                properties, ingested_at)
              ON CONFLICT (tenant_id, event_id) DO NOTHING
              RETURNING tenant_id, customer_id, occurred_at, {{bucket}} AS bucket
            ), metrics AS (
            INSERT INTO analytics.customer_metrics AS m (tenant_id, customer_id, event_count, last_event_at,
              first_seen_at)
            SELECT tenant_id, customer_id, count(*), max(occurred_at), min(occurred_at) FROM inserted
            GROUP BY tenant_id, customer_id
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET event_count = m.event_count + excluded.event_count,
              last_event_at = greatest(m.last_event_at, excluded.last_event_at),
              first_seen_at = least(m.first_seen_at, excluded.first_seen_at)
              RETURNING 1
            )
            SELECT tenant_id, bucket, 0, 0, 0, 0, 0, 0, count(*) FROM inserted GROUP BY tenant_id, bucket
            """, Map.of("bucket", bucket("occurred_at")));

    // the scores, and what they change in the cohort cells of their customers (the score replaced leaves its cell)
    static final String SCORES = SqlTemplate.fill("""
            WITH input AS (
              SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::float8[],
                $7::float8[], $8::int[], $9::timestamptz[]) AS r(tenant_id, customer_id, model_id, model_version,
                predicted_clv, p_alive, expected_purchases, horizon_months, scored_at)
            ), old AS (
              SELECT s.tenant_id, s.customer_id, s.predicted_clv, s.horizon_months
              FROM analytics.customer_scores s JOIN input i USING (tenant_id, customer_id)
            ), upserted AS (
              INSERT INTO analytics.customer_scores AS s SELECT * FROM input
              ON CONFLICT (tenant_id, customer_id) DO UPDATE SET model_id = excluded.model_id,
                model_version = excluded.model_version, predicted_clv = excluded.predicted_clv,
                p_alive = excluded.p_alive, expected_purchases = excluded.expected_purchases,
                horizon_months = excluded.horizon_months, scored_at = excluded.scored_at
              WHERE excluded.scored_at >= s.scored_at
              RETURNING s.tenant_id, s.customer_id, s.predicted_clv, s.horizon_months
            ), contrib AS (
              SELECT o.tenant_id, o.customer_id, o.predicted_clv, o.horizon_months, -1 AS sign
              FROM old o JOIN upserted u USING (tenant_id, customer_id) WHERE o.predicted_clv IS NOT NULL
              UNION ALL
              SELECT tenant_id, customer_id, predicted_clv, horizon_months, 1 FROM upserted
              WHERE predicted_clv IS NOT NULL
            )
            -- the cells are shared by every concurrent batch: only their deltas here, written last
            -- (HOT_COHORT_SCORES), laid out as CohortDeltas reads them
            SELECT 'score' AS kind, x.tenant_id, {{cohort_cell}}, coalesce(x.horizon_months, -1) AS k,
              sum(x.sign)::bigint AS n, sum(x.sign * x.predicted_clv) AS net
            FROM contrib x JOIN analytics.customer_metrics m ON m.tenant_id = x.tenant_id
              AND m.customer_id = x.customer_id AND m.registration_date IS NOT NULL
            GROUP BY 2, 3, 4, 5, 6, 7
            """, Map.of("cohort_cell", CELL));

    // The tenant-wide rollup rows of the batch's new rows, summed per key in Java (HotRollups), written last:
    // every concurrent batch updates the current 15-minute bucket and popular products, and a row lock taken
    // mid-transaction would make the other consumers wait for this one's whole batch.
    static final String HOT_SALES = """
            INSERT INTO analytics.tenant_sales_quarters AS q
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::numeric[], $6::bigint[],
              $7::numeric[], $8::numeric[]) ORDER BY 1, 2, 3
            ON CONFLICT (tenant_id, bucket, currency) DO UPDATE SET orders = q.orders + excluded.orders,
              gross_revenue = q.gross_revenue + excluded.gross_revenue, refunds = q.refunds + excluded.refunds,
              refund_total = q.refund_total + excluded.refund_total, net_revenue = q.net_revenue + excluded.net_revenue
            """;

    static final String HOT_PRODUCTS = SqlTemplate.fill("""
            INSERT INTO analytics.product_sales AS cc
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::numeric[], $6::bigint[],
              $7::numeric[]) ORDER BY 1, 2, 3
            ON CONFLICT (tenant_id, product_id, category) DO UPDATE SET {{sales_update}}
            """, Map.of("sales_update", SALES_UPDATE));

    static final String HOT_PRODUCT_MONTHS = SqlTemplate.fill("""
            INSERT INTO analytics.product_months AS cc
            SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::numeric[], $6::bigint[],
              $7::numeric[]) ORDER BY 1, 2, 3
            ON CONFLICT (tenant_id, product_id, month) DO UPDATE SET {{sales_update}}
            """, Map.of("sales_update", SALES_UPDATE));

    /**
     * The purchase-month chains of the batch's (tenant, product, customer) pairs with a purchase ($1..$3), each
     * row's link recomputed from the rows as they are now and compared with the link it counted as; changed rows
     * keep their new link, and product_buyer_spans moves by the difference (V19). It runs after the batch's
     * per-customer writes, among the shared rows at the end, in key order: the batch's customers are locked by then
     * (customer_metrics), so a customer's chain is never recomputed by two transactions at once, and this
     * statement's snapshot sees every batch committed before.
     */
    static final String PRODUCT_SPANS = """
            WITH pairs AS (
              SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[]) AS p(tenant_id, product_id, customer_id)
            ), live AS (
              SELECT c.tenant_id, c.product_id, c.customer_id, c.month, coalesce(lag(c.month) OVER w, '-infinity'::date)
                AS prev, coalesce(lead(c.month) OVER w, 'infinity'::date) AS next, c.purchases = 1 AS single
              FROM analytics.customer_product_months c JOIN pairs p USING (tenant_id, product_id, customer_id)
              WHERE c.purchases > 0
              WINDOW w AS (PARTITION BY c.tenant_id, c.product_id, c.customer_id ORDER BY c.month)
            ), counted AS (
              SELECT c.tenant_id, c.product_id, c.customer_id, c.month, c.span_prev AS prev, c.span_next AS next,
                c.span_single AS single
              FROM analytics.customer_product_months c JOIN pairs p USING (tenant_id, product_id, customer_id)
              WHERE c.span_prev IS NOT NULL
            ), changed AS (
              SELECT tenant_id, product_id, customer_id, month, l.prev AS new_prev, l.next AS new_next,
                l.single AS new_single, o.prev AS old_prev, o.next AS old_next, o.single AS old_single
              FROM live l FULL JOIN counted o USING (tenant_id, product_id, customer_id, month)
              WHERE (l.prev, l.next, l.single) IS DISTINCT FROM (o.prev, o.next, o.single)
            ), kept AS (
              UPDATE analytics.customer_product_months c
              SET span_prev = ch.new_prev, span_next = ch.new_next, span_single = ch.new_single
              FROM changed ch WHERE c.tenant_id = ch.tenant_id AND c.product_id = ch.product_id
                AND c.customer_id = ch.customer_id AND c.month = ch.month
              RETURNING 1
            )
            INSERT INTO analytics.product_buyer_spans AS s
            SELECT tenant_id, product_id, month, prev, next, single, sum(n) FROM (
              SELECT tenant_id, product_id, month, new_prev AS prev, new_next AS next, new_single AS single, 1 AS n
              FROM changed WHERE new_prev IS NOT NULL
              UNION ALL
              SELECT tenant_id, product_id, month, old_prev, old_next, old_single, -1 FROM changed
              WHERE old_prev IS NOT NULL
            ) d GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (tenant_id, product_id, month, prev_month, next_month, single)
            DO UPDATE SET customers = s.customers + excluded.customers
            """;

    static final String HOT_BUYER_DAYS = hotBuyers("buyer_days", "day");
    static final String HOT_BUYER_MONTHS = hotBuyers("buyer_months", "month");

    static final String HOT_COHORT_SIZES = """
            INSERT INTO analytics.cohort_sizes AS z
            SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::bigint[])
            ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (tenant_id, cohort, country, acquisition_source, segment)
            DO UPDATE SET customers = z.customers + excluded.customers
            """;

    static final String HOT_COHORT_SCORES = """
            INSERT INTO analytics.cohort_scores AS c
            SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[],
              $8::numeric[]) ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (tenant_id, cohort, country, acquisition_source, segment, horizon_months)
            DO UPDATE SET customers = c.customers + excluded.customers,
              predicted_clv = c.predicted_clv + excluded.predicted_clv
            """;

    static final String HOT_COHORT_MONTHS = """
            INSERT INTO analytics.cohort_months AS c
            SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[], $7::numeric[],
              $8::bigint[]) ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (tenant_id, cohort, country, acquisition_source, segment, k)
            DO UPDATE SET net_revenue = c.net_revenue + excluded.net_revenue, active = c.active + excluded.active
            """;

    static final String HOT_ACTIVITY = """
            INSERT INTO analytics.tenant_activity_quarters AS a
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
              $7::bigint[], $8::bigint[], $9::bigint[]) ORDER BY 1, 2
            ON CONFLICT (tenant_id, bucket) DO UPDATE SET interactions = a.interactions + excluded.interactions,
              app_interactions = a.app_interactions + excluded.app_interactions,
              web_interactions = a.web_interactions + excluded.web_interactions,
              support_contacts = a.support_contacts + excluded.support_contacts,
              satisfaction_sum = a.satisfaction_sum + excluded.satisfaction_sum,
              satisfaction_count = a.satisfaction_count + excluded.satisfaction_count,
              events = a.events + excluded.events
            """;

    static final String WATERMARKS = """
            INSERT INTO analytics.projection_watermarks AS w
            SELECT tenant_id, watermark, now() FROM unnest($1::text[], $2::timestamptz[]) AS r(tenant_id, watermark)
            ORDER BY tenant_id
            ON CONFLICT (tenant_id) DO UPDATE SET watermark = greatest(w.watermark, excluded.watermark),
              updated_at = excluded.updated_at, version = w.version + 1
            """;

    // a customer's whole current membership list: the newest changed_at wins (equal ones: the later write), so a
    // redelivered or late record changes nothing; memberships are not ingested rows and move no watermark
    static final String MEMBERSHIPS = """
            INSERT INTO analytics.customer_segments AS s
            SELECT tenant_id, customer_id, ARRAY(SELECT jsonb_array_elements_text(ids::jsonb)), changed_at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS r(tenant_id, customer_id, ids,
              changed_at)
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET segment_ids = excluded.segment_ids,
              changed_at = excluded.changed_at
            WHERE excluded.changed_at >= s.changed_at
            """;

    // scores move no watermark, but the tenant's data did change: its snapshots are due again
    static final String SCORED = """
            UPDATE analytics.projection_watermarks SET updated_at = now(), version = version + 1
            WHERE tenant_id = ANY($1::text[])
            """;

    /** Each statement's name in the projection's metrics. */
    static final Map<String, String> NAMES = Map.ofEntries(Map.entry(CUSTOMERS, "customers"),
            Map.entry(TRANSACTIONS, "transactions"), Map.entry(INTERACTIONS, "interactions"),
            Map.entry(PRODUCTS, "products"), Map.entry(EVENTS, "events"), Map.entry(SCORES, "scores"),
            Map.entry(MEMBERSHIPS, "memberships"), Map.entry(HOT_SALES, "hot_sales"),
            Map.entry(HOT_PRODUCTS, "hot_products"), Map.entry(HOT_PRODUCT_MONTHS, "product_months"),
            Map.entry(PRODUCT_SPANS, "product_spans"), Map.entry(HOT_BUYER_DAYS, "buyer_days"),
            Map.entry(HOT_BUYER_MONTHS, "buyer_months"),
            Map.entry(HOT_ACTIVITY, "hot_activity"),
            Map.entry(HOT_COHORT_SIZES, "cohort_sizes"), Map.entry(HOT_COHORT_MONTHS, "cohort_months"),
            Map.entry(HOT_COHORT_SCORES, "cohort_scores"),
            Map.entry(WATERMARKS, "watermarks"), Map.entry(SCORED, "scored"));

    private ProjectionStatements() {
    }

    /**
     * Each profile field of a merged customer row: the sent value, unless the row is a patch that does not name the
     * field; then the stored one (null for a customer not stored yet).
     */
    private static String patchMerge() {
        return CustomerEvent.PROFILE_FIELDS.stream().map(f -> "CASE WHEN i.patched IS NULL OR '" + f
                + "' = ANY(i.patched) THEN i." + f + " ELSE s." + f + " END AS " + f)
                .collect(Collectors.joining(", "));
    }

    /**
     * A batch's changes to the buyers per UTC period (buyer_days, buyer_months) from its per-customer period deltas
     * ({@code delta}): a period whose purchases go from none (the rollup as it was before the statement) to some is a
     * buyer, retained when the period before has purchases (before this batch, or in it), and it makes the period
     * after retained when that one had purchases before (one new in this batch counts from its own side). Every
     * look-up is a primary-key probe of the per-customer rollup and the batch's own neighbour comes from a window over
     * its sorted deltas: an earlier version joined the statement's CTEs with each other, which the planner ran as
     * nested loops and which halved the bulk projection's rate. The window also keeps the sub-query from being
     * flattened, so the probes stay per-row look-ups.
     */
    private static String buyerDeltas(String delta, String table, String column, String step) {
        return """
                SELECT x.tenant_id, v.period, v.buyers, v.retained
                FROM (
                  SELECT tenant_id, customer_id, %3$s AS period, purchases,
                    coalesce(lag(%3$s) OVER w = (%3$s - interval '%4$s')::date AND lag(purchases) OVER w > 0, false)
                      AS before_in_batch,
                    EXISTS (SELECT 1 FROM analytics.%2$s b WHERE b.tenant_id = z.tenant_id
                      AND b.customer_id = z.customer_id AND b.%3$s = z.%3$s AND b.purchases > 0) AS was_buyer,
                    EXISTS (SELECT 1 FROM analytics.%2$s p WHERE p.tenant_id = z.tenant_id
                      AND p.customer_id = z.customer_id AND p.%3$s = (z.%3$s - interval '%4$s')::date
                      AND p.purchases > 0) AS before_earlier,
                    EXISTS (SELECT 1 FROM analytics.%2$s q WHERE q.tenant_id = z.tenant_id
                      AND q.customer_id = z.customer_id AND q.%3$s = (z.%3$s + interval '%4$s')::date
                      AND q.purchases > 0) AS after_earlier
                  FROM %1$s z WINDOW w AS (PARTITION BY tenant_id, customer_id ORDER BY %3$s)
                ) x CROSS JOIN LATERAL (VALUES (x.period, 1, (x.before_in_batch OR x.before_earlier)::int),
                  ((x.period + interval '%4$s')::date, 0, x.after_earlier::int)) v (period, buyers, retained)
                WHERE x.purchases > 0 AND NOT x.was_buyer AND (v.buyers = 1 OR v.retained = 1)
                """.formatted(delta, table, column, step).strip();
    }

    /** Adds the summed deltas to a buyers-per-period table, in key order. */
    private static String hotBuyers(String table, String column) {
        return """
                INSERT INTO analytics.%1$s AS b
                SELECT * FROM unnest($1::text[], $2::date[], $3::bigint[], $4::bigint[]) ORDER BY 1, 2
                ON CONFLICT (tenant_id, %2$s) DO UPDATE SET buyers = b.buyers + excluded.buyers,
                  retained = b.retained + excluded.retained
                """.formatted(table, column);
    }

    /** Whole calendar months from month {@code from} to month {@code to} (both first days of a month). */
    private static String monthsSince(String from, String to) {
        return "((date_part('year', " + to + ") - date_part('year', " + from + ")) * 12 + date_part('month', " + to
                + ") - date_part('month', " + from + "))::int";
    }

    /** The 15-minute UTC bucket of a timestamp column, as the report rollups key it. */
    private static String bucket(String column) {
        return "date_bin('15 minutes', " + column + ", TIMESTAMPTZ '2000-01-01 00:00:00+00')";
    }
}
