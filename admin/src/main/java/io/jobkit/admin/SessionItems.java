package io.jobkit.admin;

import io.jobkit.client.topology.JobTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sign-in state every console process shares, as items in the jobs table (TTL'd, so nothing needs cleaning up):
 * <ul>
 *   <li>{@code SESSION#<session id>}/{@code REVOKED}: a signed-out session, kept until the session would have
 *       expired. One partition per session (not one {@code SESSION#revoked} partition) so the read every
 *       cookie-authenticated call makes never concentrates on one hot key.</li>
 *   <li>{@code OIDC#STATE#<sha256(state)>}/{@code USED} and {@code OIDC#CODE#<sha256(code)>}/{@code USED}: a state
 *       and an authorization code already spent, written with {@code attribute_not_exists}, so whichever process
 *       sees a second use refuses it. Hashes, not the values: the table never holds a usable secret.</li>
 * </ul>
 * A "not revoked" answer is cached for {@link #REVOCATION_CACHE} per session id: a console page polls every few
 * seconds, and one consistent read per call per process is what the cache saves. So a sign-out on one process is
 * refused on another at most that long after; on the process that signed out it is refused at once.
 */
final class SessionItems implements Sessions.Revocations {
    static final Duration REVOCATION_CACHE = Duration.ofSeconds(5);
    static final String SESSION_PREFIX = "SESSION#";
    static final String OIDC_PREFIX = "OIDC#";
    private static final int MAX_CACHED = 10_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    /** Session id to the instant its "not revoked" answer stops being trusted. */
    private final Map<String, Instant> notRevokedUntil = new ConcurrentHashMap<>();
    /** Revoked here: refused at once, without a read. */
    private final Map<String, Instant> revokedHere = new ConcurrentHashMap<>();

    SessionItems(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void revoke(Session s) {
        Instant now = clock.instant();
        revokedHere.values().removeIf(until -> !now.isBefore(until));
        revokedHere.put(s.id(), s.expiresAt());
        notRevokedUntil.remove(s.id());
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                JobTable.PARTITION_KEY, AttributeValue.fromS(SESSION_PREFIX + s.id()),
                JobTable.SORT_KEY, AttributeValue.fromS("REVOKED"),
                "revokedAt", AttributeValue.fromS(now.toString()),
                JobTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(s.expiresAt().getEpochSecond())))));
    }

    @Override
    public boolean revoked(Session s) {
        if (revokedHere.containsKey(s.id())) return true;
        Instant now = clock.instant();
        Instant until = notRevokedUntil.get(s.id());
        if (until != null && now.isBefore(until)) return false;
        boolean revoked = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .projectionExpression("#pk").expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY))
                .key(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS(SESSION_PREFIX + s.id()),
                        JobTable.SORT_KEY, AttributeValue.fromS("REVOKED")))).hasItem();
        if (revoked) {
            revokedHere.put(s.id(), s.expiresAt());
            notRevokedUntil.remove(s.id());
        } else {
            if (notRevokedUntil.size() >= MAX_CACHED) notRevokedUntil.values().removeIf(u -> !now.isBefore(u));
            if (notRevokedUntil.size() < MAX_CACHED) notRevokedUntil.put(s.id(), now.plus(REVOCATION_CACHE));
        }
        return revoked;
    }

    /**
     * Spends a one-time value: true the first time {@code hash} of {@code kind} ({@code STATE}, {@code CODE}) is
     * spent on any process, false ever after (until {@code keepUntil}, past which the value is refused anyway).
     */
    boolean spend(String kind, String hash, Instant keepUntil) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            JobTable.PARTITION_KEY, AttributeValue.fromS(OIDC_PREFIX + kind + "#" + hash),
                            JobTable.SORT_KEY, AttributeValue.fromS("USED"),
                            "usedAt", AttributeValue.fromS(clock.instant().toString()),
                            JobTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", JobTable.PARTITION_KEY)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
