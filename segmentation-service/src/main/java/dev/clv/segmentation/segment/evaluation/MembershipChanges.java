package dev.clv.segmentation.segment.evaluation;

/**
 * What evaluating segments changed: customers who entered, who exited, webhook messages queued, and customers queued
 * for an announcement of their segments (segment-memberships.v1; counted per statement, so a customer changed by
 * several statements counts more than once).
 */
public record MembershipChanges(long entered, long exited, long queued, long announced) {
    public static final MembershipChanges NONE = new MembershipChanges(0, 0, 0, 0);

    public MembershipChanges plus(MembershipChanges other) {
        return new MembershipChanges(entered + other.entered, exited + other.exited, queued + other.queued,
                announced + other.announced);
    }
}
