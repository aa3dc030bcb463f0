package dev.clv.datagen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Seeded customers, transactions and interactions. Purchases follow the BG/NBD story with Gamma-Gamma spend, at
 * parameters near the published CDNOW fit, so a model trained on the output has a known truth to recover: each
 * customer buys at a Poisson rate lambda ~ Gamma(r, alpha) per week until, after any repeat purchase, they drop out
 * with probability p ~ Beta(a, b); a purchase's value is Gamma(p_s, nu) with nu ~ Gamma(q, gamma).
 */
public final class CustomerDataGenerator {
    /** BG/NBD and Gamma-Gamma parameters (weeks); the defaults are CDNOW's published estimates. */
    public record Truth(double r, double alpha, double a, double b, double spendShape, double q, double gamma) {
        public static final Truth CDNOW = new Truth(0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44);
    }

    /** What to generate: how many customers, from which seed, registering between {@code from} and {@code to}. */
    public record Spec(int customers, long seed, Instant from, Instant to, Truth truth, String idPrefix) {
        public static Spec of(int customers, long seed) {
            return new Spec(customers, seed, Instant.parse("2023-01-01T00:00:00Z"),
                    Instant.parse("2024-12-31T00:00:00Z"), Truth.CDNOW, "cust-");
        }
    }

    private static final Weighted COUNTRIES = Weighted.of("US:30,DE:12,GB:12,FR:9,BR:8,IN:8,JP:7,ES:6,CA:5,AU:3");
    private static final Weighted SOURCES = Weighted.of("organic:35,paid_search:25,social:18,referral:12,email:10");
    private static final Weighted SEGMENTS = Weighted.of("consumer:70,smb:22,enterprise:8");
    private static final Weighted GENDERS = Weighted.of("female:48,male:48,other:4");
    private static final Weighted TIERS = Weighted.of("none:55,bronze:25,silver:13,gold:7");
    private static final Weighted CATEGORIES = Weighted.of("books:30,music:25,electronics:15,home:15,apparel:15");
    private static final Weighted PAYMENTS = Weighted.of("card:60,paypal:25,bank_transfer:10,gift_card:5");
    private static final Weighted CHANNELS = Weighted.of("web:55,app:35,store:10");
    private static final Weighted INTERACTIONS = Weighted.of("login:40,page_view:30,feature_usage:15,"
            + "support_contact:15");
    private static final Weighted SATISFACTION = Weighted.of("1:5,2:10,3:20,4:35,5:30");
    private static final double REFUND_RATE = 0.03;
    private static final double NEVER_BUYS = 0.15;

    private CustomerDataGenerator() {
    }

    /** Where generated rows go, in generation order: a customer, then their transactions and interactions. */
    public interface Sink {
        void customer(GeneratedCustomer customer);

        void transaction(GeneratedTransaction transaction);

        void interaction(GeneratedInteraction interaction);
    }

    /** The whole data set in memory. */
    public static Dataset generate(Spec spec) {
        List<GeneratedCustomer> customers = new ArrayList<>(spec.customers());
        List<GeneratedTransaction> transactions = new ArrayList<>(spec.customers() * 4);
        List<GeneratedInteraction> interactions = new ArrayList<>(spec.customers() * 5);
        Instant end = generate(spec, new Sink() {
            @Override
            public void customer(GeneratedCustomer customer) {
                customers.add(customer);
            }

            @Override
            public void transaction(GeneratedTransaction transaction) {
                transactions.add(transaction);
            }

            @Override
            public void interaction(GeneratedInteraction interaction) {
                interactions.add(interaction);
            }
        });
        return new Dataset(customers, transactions, interactions, end);
    }

    /** Streams the rows to {@code sink} (for data sets too big to hold); answers the observation end. */
    public static Instant generate(Spec spec, Sink sink) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(spec.seed()));
        Truth truth = spec.truth();
        double spanSeconds = Duration.between(spec.from(), spec.to()).toSeconds();
        Instant end = spec.to();
        for (int c = 1; c <= spec.customers(); c++) {
            String id = spec.idPrefix() + c;
            Instant registered = spec.from().plusSeconds((long) (random.nextDouble() * spanSeconds * 0.95));
            String country = COUNTRIES.pick(random);
            double lambda = random.nextGamma(truth.r(), 1 / truth.alpha());
            double dropout = random.nextBeta(truth.a(), truth.b());
            double nu = random.nextGamma(truth.q(), 1 / truth.gamma());
            GeneratedCustomer customer = new GeneratedCustomer(id, registered, country,
                    country + "-city-" + (1 + random.nextInt(5)), (int) Math.max(18, Math.min(90,
                            Math.round(random.nextNormal(40, 13)))),
                    GENDERS.pick(random), SOURCES.pick(random),
                    SEGMENTS.pick(random), random.nextDouble() > 0.1, TIERS.pick(random), lambda, dropout,
                    truth.spendShape() / nu);
            sink.customer(customer);
            String channel = CHANNELS.pick(random);
            String payment = PAYMENTS.pick(random);
            if (random.nextDouble() >= NEVER_BUYS) {
                Instant at = registered.plusSeconds(60 + random.nextInt(72 * 3600));
                int n = 0;
                while (at.isBefore(end)) {
                    n++;
                    purchase(random, sink, id, n, at, truth.spendShape(), nu,
                            random.nextDouble() < 0.8 ? channel : CHANNELS.pick(random),
                            random.nextDouble() < 0.9 ? payment : PAYMENTS.pick(random), end);
                    // BG/NBD: the first purchase starts the relationship; dropout can follow repeat purchases only
                    if ((n > 1 && random.nextDouble() < dropout) || lambda <= 0) {
                        break;
                    }
                    double wait = random.nextExponential(1 / lambda) * 7 * 86400;
                    if (wait >= Duration.between(at, end).toSeconds()) {
                        break;
                    }
                    at = at.plusSeconds((long) wait);
                }
            }
            int touches = random.nextPoisson(1 + 40 * Math.min(lambda, 1));
            for (int i = 1; i <= touches; i++) {
                Instant at = registered.plusSeconds((long) (random.nextDouble()
                        * Duration.between(registered, end).toSeconds()));
                String type = INTERACTIONS.pick(random);
                sink.interaction(new GeneratedInteraction(id + "-i" + i, id, at, type,
                        random.nextDouble() < 0.6 ? "web" : "app", 5 + random.nextInt(900),
                        "support_contact".equals(type) ? Integer.valueOf(SATISFACTION.pick(random)) : null));
            }
        }
        return end;
    }

    private static void purchase(RandomDataGenerator random, Sink out, String customer, int n,
            Instant at, double shape, double nu, String channel, String payment, Instant end) {
        BigDecimal amount = BigDecimal.valueOf(Math.max(0.5, random.nextGamma(shape, 1 / nu)))
                .setScale(2, RoundingMode.HALF_EVEN);
        String category = CATEGORIES.pick(random);
        String product = "p-" + category + "-" + (1 + random.nextInt(20));
        String id = customer + "-t" + n;
        out.transaction(
                new GeneratedTransaction(id, customer, at, amount, "USD", product, category, "purchase", payment,
                        false, channel));
        if (random.nextDouble() < REFUND_RATE) {
            Instant refundAt = at.plusSeconds(86400L * (1 + random.nextInt(10)));
            if (refundAt.isBefore(end)) {
                out.transaction(new GeneratedTransaction(id + "-r", customer, refundAt, amount.negate(), "USD", product,
                        category, "refund", payment, true, channel));
            }
        }
    }
}
