package dev.clv.segmentation.segment.evaluation;

/** What evaluating segments changed: customers who entered, who exited, and webhook messages queued. */
public record MembershipChanges(long entered, long exited, long queued) {
    public static final MembershipChanges NONE = new MembershipChanges(0, 0, 0);

    public MembershipChanges plus(MembershipChanges other) {
        return new MembershipChanges(entered + other.entered, exited + other.exited, queued + other.queued);
    }
}
