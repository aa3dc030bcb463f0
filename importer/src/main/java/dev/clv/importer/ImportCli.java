package dev.clv.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code ./import --source NAME --file PATH [--preset cdnow | --mapping FILE] [--url URL] [--token TOKEN]
 * [--batch-size N] [--concurrency N]}: sends a file's rows through the public write API in NDJSON batches.
 */
public final class ImportCli {
    private static final Set<String> SOURCES = Set.of("customers", "transactions", "customer_interactions",
            "products", "events");

    private ImportCli() {
    }

    public static void main(String[] args) {
        try {
            Summary summary = run(parse(args), System.err);
            System.out.println(summary.describe());
            System.exit(summary.failedBatches() == 0 ? 0 : 1);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("import: " + e.getMessage());
            System.err.println("usage: ./import --source customers|transactions|customer_interactions|products|events "
                    + "--file PATH [--preset cdnow | --mapping FILE] [--url URL] [--token TOKEN] [--batch-size N] "
                    + "[--concurrency N]   (token and URL also from CLV_TOKEN and CLV_URL)");
            System.exit(2);
        }
    }

    /** Totals of one import. */
    public record Summary(long rows, long accepted, long quarantined, long duplicates, int batches, int failedBatches,
            double seconds, List<String> failures) {
        public String describe() {
            return String.format("Imported %,d rows in %.1f s (%,.0f rows/s): %,d accepted, %,d quarantined, "
                    + "%,d duplicates; %d batches, %d failed%s", rows, seconds, rows / Math.max(seconds, 1e-3),
                    accepted, quarantined, duplicates, batches, failedBatches,
                    failures.isEmpty() ? "" : System.lineSeparator() + "  first failure: " + failures.get(0));
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        options.putIfAbsent("url", System.getenv().getOrDefault("CLV_URL", "http://localhost:8080"));
        if (!options.containsKey("token") && System.getenv("CLV_TOKEN") != null) {
            options.put("token", System.getenv("CLV_TOKEN"));
        }
        for (String required : List.of("source", "file", "token")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        if (!SOURCES.contains(options.get("source"))) {
            throw new IllegalArgumentException("--source must be one of " + SOURCES);
        }
        return options;
    }

    /** Reads, maps, batches and sends the whole file; progress goes to {@code progressOut}. */
    public static Summary run(Map<String, String> options, PrintStream progressOut) throws IOException {
        Path file = Path.of(options.get("file"));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "5000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
        URI endpoint = URI.create(options.get("url") + "/v0/events?name=" + options.get("source"));
        RowReader reader;
        ColumnMapping mapping = null;
        if ("cdnow".equals(options.get("preset"))) {
            Presets.Preset preset = Presets.cdnow(file);
            reader = preset.reader();
            mapping = preset.mapping();
        } else {
            reader = RowReader.csv(file);
            if (options.containsKey("mapping")) {
                Properties spec = new Properties();
                try (Reader in = Files.newBufferedReader(Path.of(options.get("mapping")))) {
                    spec.load(in);
                }
                mapping = ColumnMapping.parse(spec);
            }
        }
        long total;
        try (Stream<String> lines = Files.lines(file)) {
            // CSV has a header line; the CDNOW files have data lines (starting with a digit) and maybe a header
            total = "cdnow".equals(options.get("preset"))
                    ? lines.filter(l -> !l.isBlank() && Character.isDigit(l.strip().charAt(0))).count()
                    : lines.filter(l -> !l.isBlank()).count() - 1;
        }
        String keyBase = fingerprint(file, options.get("source"), batchSize);
        BatchSender sender = new BatchSender(endpoint, options.get("token"), concurrency);
        Progress progress = new Progress(progressOut, total);
        List<CompletableFuture<BatchResult>> sent = new ArrayList<>();
        long[] done = {0};
        try (reader) {
            StringBuilder batch = new StringBuilder();
            int rows = 0;
            while (reader.hasNext()) {
                SourceRow row = reader.next();
                if (mapping == null) {
                    mapping = ColumnMapping.identity(row.columns().keySet());
                }
                batch.append(mapping.apply(row).toString()).append('\n');
                if (++rows == batchSize || !reader.hasNext()) {
                    int count = rows;
                    sent.add(sender.send(batch.toString().getBytes(StandardCharsets.UTF_8), count,
                            keyBase + "-" + sent.size()).whenComplete((r, e) -> {
                                synchronized (done) {
                                    done[0] += count;
                                    progress.update(done[0], false);
                                }
                            }));
                    batch.setLength(0);
                    rows = 0;
                }
            }
        }
        List<BatchResult> results = sent.stream().map(CompletableFuture::join).toList();
        progress.update(done[0], true);
        progressOut.println();
        List<String> failures = results.stream().filter(r -> r.failure() != null).map(BatchResult::failure).toList();
        return new Summary(results.stream().mapToLong(BatchResult::rows).sum(),
                results.stream().mapToLong(BatchResult::accepted).sum(),
                results.stream().mapToLong(BatchResult::quarantined).sum(),
                results.stream().mapToLong(BatchResult::duplicates).sum(), results.size(), failures.size(),
                progress.seconds(), failures);
    }

    // the same file, source and batch size give the same keys, so re-running an import is a safe retry
    private static String fingerprint(Path file, String source, int batchSize) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file) + "|"
                    + source + "|" + batchSize).getBytes(StandardCharsets.UTF_8));
            return "import-" + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
