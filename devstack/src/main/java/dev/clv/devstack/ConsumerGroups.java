package dev.clv.devstack;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Watches a consumer group rebalance: a rebalance is over when the group is STABLE with the members expected, which
 * is when every partition has its consumer again (what the scale-out drill and the replica tests time).
 */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** The group as the coordinator describes it now. */
    public static ConsumerGroupDescription describe(Admin admin, String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
    }

    /**
     * Waits until {@code group} is stable with {@code members} members (any number when negative) and answers when
     * it saw that (System.nanoTime); throws if it is not within {@code seconds}.
     */
    public static long awaitStable(Admin admin, String group, int members, int seconds)
            throws InterruptedException, ExecutionException, TimeoutException {
        return awaitStable(admin, group, g -> members < 0 || g.members().size() == members, seconds,
                "stable with " + members + " members");
    }

    /** Waits until {@code group} is stable and {@code condition} holds; answers when (System.nanoTime). */
    public static long awaitStable(Admin admin, String group, Predicate<ConsumerGroupDescription> condition,
            int seconds, String what) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            ConsumerGroupDescription g = describe(admin, group);
            if (g.groupState() == GroupState.STABLE && condition.test(g)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + ": " + g.groupState() + " with " + g.members().size()
                        + " members after " + seconds + " s, not " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The ids of the group's members now (a member keeps its id through rebalances while it lives). */
    public static Set<String> memberIds(Admin admin, String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        return describe(admin, group).members().stream().map(MemberDescription::consumerId)
                .collect(Collectors.toSet());
    }
}
