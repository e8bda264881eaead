package io.jobkit.client.workflow;

import java.util.List;

/** One page of a batch's members; pass {@code nextCursor} for the next page (null on the last). */
public record MemberPage(List<MemberResult> members, String nextCursor) {
    public MemberPage {
        members = List.copyOf(members);
    }
}
