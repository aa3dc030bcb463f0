package dev.clv.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code ./stack up [--demo] | down [--purge] | status | token [--tenant NAME]}: the local platform's CLI. */
public final class StackCli {
    private StackCli() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Path repo = Path.of(System.getProperty("clv.repo.root", "."));
        Stack stack = new Stack(repo, Path.of(System.getProperty("clv.stack.home", repo.resolve(".stack").toString())),
                repo.resolve("devstack/target/keycloak.tar.gz"), System.getenv());
        List<String> rest = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        try {
            switch (args.length == 0 ? "help" : args[0]) {
                case "up" -> up(stack, out, rest.contains("--demo"));
                case "down" -> {
                    stack.down(out, rest.contains("--purge"));
                    out.println("The platform is stopped.");
                }
                case "status" -> {
                    List<String> lines = stack.status();
                    out.println(lines.isEmpty() ? "The platform is not running." : String.join("\n", lines));
                }
                case "token" -> out.println(stack.token(rest.size() >= 2 && rest.get(0).equals("--tenant")
                        ? rest.get(1)
                        : "demo"));
                default -> {
                    out.println("usage: ./stack up [--demo] | down [--purge] | status | token [--tenant NAME]");
                    System.exit(args.length == 0 ? 0 : 2);
                }
            }
        } catch (Stack.StackException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(Stack stack, PrintStream out, boolean demo) {
        long began = System.nanoTime();
        out.println("Starting the CLV platform (state, data and logs in " + stack.home() + ")");
        stack.up(out);
        String gateway = stack.url("gateway");
        if (demo) {
            out.print("  loading demo data through the gateway ... ");
            int[] counts = DemoData.load(gateway, stack.token("demo"));
            out.printf("%d customers, %d transactions, %d new segments%n", counts[0], counts[1],
                    DemoData.segments(gateway, stack.token("demo")));
            // predicted CLV and P(alive) on the console: a model trained in the background, scoring when done
            DemoData.model(gateway, stack.token("demo"));
        }
        out.printf("%nThe CLV platform is up (%.0f s).%n", (System.nanoTime() - began) / 1e9);
        out.println("  Gateway     " + gateway);
        out.println("  Console     " + gateway + "/app/  (users viewer/viewer, analyst/analyst, admin/admin: tenant "
                + "demo)");
        out.println("  Swagger UI  " + gateway + "/docs  (OpenAPI: " + gateway + "/openapi)");
        out.println("  Keycloak    " + stack.url("keycloak") + "  (admin console: admin/admin; realm 'clv', "
                + "users viewer, analyst and admin, each with their name as password)");
        out.println("  Logs        " + stack.home().resolve("logs"));
        out.println("  Token       export TOKEN=$(./stack token)          # demo tenant, every scope");
        out.println(
                "  Try         curl -H \"Authorization: Bearer $TOKEN\" " + gateway + "/v0/pipes/customer_ltv.json");
        out.println("  Stop        ./stack down");
    }
}
