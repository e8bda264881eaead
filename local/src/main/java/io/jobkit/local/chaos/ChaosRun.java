package io.jobkit.local.chaos;

import io.jobkit.client.Backoff;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.ReconcileOptions;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.queues.RedriveResult;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.workflow.BatchStatus;
import io.jobkit.client.workflow.MemberPage;
import io.jobkit.local.LocalCloud;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One chaos run: real worker processes, SIGKILLs, injected faults and a DynamoDB outage against a private local
 * cloud on free ports, then the {@link InvariantChecker}.
 *
 * <ol>
 *   <li>Start the local cloud (a topology with a FIFO queue), a {@link FaultProxy} in front of SQS and one in front
 *       of DynamoDB, and {@code workers} {@code jobkit worker} processes pointed at the proxies.</li>
 *   <li>Enqueue the mix through a client that bypasses the proxies (enqueue faults are another test's subject):
 *       short jobs, long jobs that outlive the lease, FIFO groups, jobs that fail then succeed, permanent failures,
 *       and jobs that fail until a DLQ redrive. Then one batch of {@code batchMembers} (short members, a few failing
 *       once) with an onSuccess and an onComplete callback; its member ids join the expected jobs.</li>
 *   <li>Every {@code killInterval}: SIGKILL a random worker and restart it. Halfway through the kills, switch the
 *       DynamoDB proxy to an outage for {@code outage}. Once every redrive job is FAILED, redrive the DLQ.</li>
 *   <li>Wait until no job is unfinished and the batch's callbacks are enqueued and terminal (or the settle timeout);
 *       the callback job ids join the expected jobs.</li>
 *   <li>Plant {@link #STALE_RECORDS} stale records ({@link StalePlanter}: QUEUED and RETRYING with no message), run
 *       {@link JobClient#reconcile} once with the smallest threshold, and wait until the planted jobs are terminal
 *       too. The workers run with their own reconciler off, so this run is the one whose report is checked.</li>
 *   <li>Stop the workers with SIGTERM, and check, the reconciler's report included.</li>
 * </ol>
 */
public final class ChaosRun {
    static final String FIFO_QUEUE = "ordered";
    /** Stale records planted for the reconciler at the end of every run: half QUEUED, half RETRYING, none with a message. */
    public static final int STALE_RECORDS = 6;
    private static final List<JobStatus> UNFINISHED =
            List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING, JobStatus.SCHEDULED);

    private final ChaosOptions o;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();

    public ChaosRun(ChaosOptions options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    /** The topology of a chaos run: the four priority queues plus a FIFO queue for the ordered groups. */
    public static Topology topology() {
        return Topology.builder().prefix("chaos").queue(QueueDef.fifo(FIFO_QUEUE)).route("chaos.fifo.*", FIFO_QUEUE).build();
    }

    public ChaosResult run() throws InterruptedException {
        Topology topology = topology();
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).topology(topology).start();
             FaultProxy sqsProxy = FaultProxy.start(FaultProxy.Service.SQS, cloud.sqsEndpoint(), o.faultRate(), o.hang(), o.seed());
             FaultProxy dynamoProxy = FaultProxy.start(FaultProxy.Service.DYNAMODB, cloud.dynamoDbEndpoint(), o.faultRate(),
                     o.hang(), o.seed() * 31 + 7);
             SqsClient directSqs = cloud.sqsClient();
             JobClient client = JobClient.builder().sqsClient(directSqs).dynamoDbClient(cloud.dynamoDbClient())
                     .schedulerClient(cloud.schedulerClient()).topology(topology).build();
             StalePlanter planter = new StalePlanter(cloud, topology, cloud.dynamoDbClient(), cloud.schedulerClient())) {
            Map<String, String> env = new LinkedHashMap<>(cloud.clientEnvironment());
            env.put("AWS_ENDPOINT_URL_SQS", sqsProxy.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoProxy.endpoint().toString());
            env.put(ChaosHandlers.DIRECT_SQS_ENV, cloud.sqsEndpoint().toString());
            env.put(ChaosHandlers.DIRECT_DYNAMODB_ENV, cloud.dynamoDbEndpoint().toString());
            env.put(ChaosHandlers.LEDGER_ENV, o.runDir().resolve("ledger").toString());
            out.printf("# chaos: local cloud up in %d ms (SQS %s, DynamoDB %s); fault proxies %s, %s; run dir %s%n",
                    cloud.startupTime().toMillis(), cloud.sqsEndpoint(), cloud.dynamoDbEndpoint(), sqsProxy.endpoint(),
                    dynamoProxy.endpoint(), o.runDir());
            try (WorkerFleet fleet = new WorkerFleet(o.javaBin(), o.workerClasspath(), o.concurrency(), env, o.runDir(),
                    o.workers(), clock)) {
                fleet.startAll();
                return drive(client, directSqs, fleet, sqsProxy, dynamoProxy, planter);
            }
        }
    }

    /** Whether every main queue holds nothing: no visible, in-flight or delayed message. */
    private static boolean mainQueuesEmpty(JobClient client, SqsClient sqs) {
        io.jobkit.client.topology.Topology topology = client.topology();
        for (io.jobkit.client.topology.QueueDef q : topology.queues()) {
            String url = sqs.getQueueUrl(r -> r.queueName(topology.sqsName(q))).queueUrl();
            Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> attrs = sqs.getQueueAttributes(r -> r
                    .queueUrl(url).attributeNames(
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes();
            for (String v : attrs.values()) {
                if (v != null && !v.isBlank() && Long.parseLong(v.trim()) > 0) return false;
            }
        }
        return true;
    }

    private ChaosResult drive(JobClient client, SqsClient directSqs, WorkerFleet fleet, FaultProxy sqsProxy,
                              FaultProxy dynamoProxy, StalePlanter planter) throws InterruptedException {
        Random random = new Random(o.seed());
        Instant begin = clock.instant();
        Map<String, String> expected = new LinkedHashMap<>(); // job id -> SUCCEEDED or FAILED, by type
        List<String> redriveJobs = new ArrayList<>();
        enqueue(client, plan(random), expected, redriveJobs);
        Instant batchBegin = clock.instant();
        BatchExpectation batch = o.batchMembers() == 0 ? null : startBatch(client, expected);
        out.printf("# chaos: %d jobs enqueued in %d ms%s; %d workers started%n", expected.size(),
                Duration.between(begin, clock.instant()).toMillis(), batch == null ? "" : " (" + batch.members()
                        + " of them in batch " + batch.batchId() + ", started in "
                        + Duration.between(batchBegin, clock.instant()).toMillis() + " ms)", fleet.size());

        Instant start = clock.instant();
        int killed = 0;
        Instant outageStart = o.outage().isZero() ? null : start.plus(o.killInterval().multipliedBy(Math.max(1, o.kills() / 2)));
        Instant outageEnd = outageStart == null ? null : outageStart.plus(o.outage());
        boolean outageOn = false;
        boolean batchDone = false;
        long redriven = -1;
        Instant lastDisturbance = start;
        Instant nextCheck = start;
        Instant settledAt = null;
        while (true) {
            Instant now = clock.instant();
            if (killed < o.kills() && !now.isBefore(start.plus(o.killInterval().multipliedBy(killed + 1L)))) {
                String name = fleet.killAndRestart(random.nextInt(fleet.size()));
                killed++;
                lastDisturbance = clock.instant();
                out.printf("# chaos: SIGKILL %d/%d: %s%n", killed, o.kills(), name);
            }
            if (outageStart != null && !outageOn && now.isAfter(outageStart) && now.isBefore(outageEnd)) {
                dynamoProxy.outage(true);
                outageOn = true;
                out.printf("# chaos: DynamoDB outage for %d s%n", o.outage().toSeconds());
            }
            if (outageOn && !now.isBefore(outageEnd)) {
                dynamoProxy.outage(false);
                outageOn = false;
                outageStart = null;
                lastDisturbance = clock.instant();
                out.println("# chaos: DynamoDB outage over");
            }
            boolean disturbing = killed < o.kills() || outageOn || outageStart != null;
            if (!now.isBefore(nextCheck)) {
                nextCheck = now.plusSeconds(2);
                if (redriven < 0 && allFinished(client, redriveJobs)) redriven = redrive(client);
                long unfinished = unfinished(client);
                if (!batchDone && callbacksFinished(client, batch)) {
                    batchDone = true;
                    if (batch != null) {
                        out.printf("# chaos: batch complete and its callbacks finished %d s after the enqueue;"
                                + " %d job(s) unfinished%n", Duration.between(start, clock.instant()).toSeconds(), unfinished);
                    }
                }
                // settled once every job is finished and the main queues are empty too: a late duplicate copy of a
                // finished job (a retried send whose first response was lost, a re-send) is the workers' to drop, and
                // stopping them first would leave it behind; a copy that never goes away still fails the stray check
                if (unfinished == 0 && !disturbing && redriven >= 0 && batchDone && mainQueuesEmpty(client, directSqs)) {
                    settledAt = clock.instant();
                    break;
                }
                if (!disturbing && now.isAfter(lastDisturbance.plus(o.settleTimeout()))) {
                    out.printf("# chaos: %d jobs still unfinished %d s after the last disturbance; checking anyway%n",
                            unfinished, o.settleTimeout().toSeconds());
                    break;
                }
            }
            Thread.sleep(200);
        }
        if (batch != null) {
            // the callbacks the batch fired are jobs of the run like any other; one it never fired is the checker's
            client.batchStatus(batch.batchId()).ifPresent(s -> s.callbackJobs().values()
                    .forEach(id -> expected.put(id, "SUCCEEDED")));
        }
        ReconcilerEvidence reconciled = reconcilePlanted(client, planter, expected);
        out.println("# chaos: stopping the workers (SIGTERM)");
        fleet.stop(30);
        InvariantReport report = new InvariantChecker(client, directSqs, Duration.ofSeconds(60))
                .check(expected.keySet(), Ledger.readAll(o.runDir().resolve("ledger")), fleet.killedAt(), reconciled,
                        batch == null ? List.of() : List.of(batch));
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        sqsProxy.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
        dynamoProxy.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
        long unexpected = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String actual = client.get(e.getKey()).map(j -> j.status().name()).orElse("MISSING");
            if (!actual.equals(e.getValue())) unexpected++;
        }
        Instant end = clock.instant();
        return new ChaosResult(o, killed, faults, sqsProxy.requests(), dynamoProxy.requests(), Math.max(0, redriven),
                unexpected, settledAt != null, settledAt == null ? Duration.ZERO : Duration.between(lastDisturbance, settledAt),
                Duration.between(begin, end), report);
    }

    /**
     * Plants the stale records, reconciles with the smallest threshold (1 min: every real record of the run is
     * terminal by now or younger than that; the planted ones are an hour old) and waits up to the settle timeout for
     * the planted jobs to finish. The planted ids join {@code expected} as SUCCEEDED, so every other check covers
     * them too.
     */
    private ReconcilerEvidence reconcilePlanted(JobClient client, StalePlanter planter, Map<String, String> expected)
            throws InterruptedException {
        List<String> planted = planter.plant(STALE_RECORDS, o.seed());
        planted.forEach(id -> expected.put(id, "SUCCEEDED"));
        // no cap: a run that did not settle still has real jobs waiting, and the planted records must not be crowded
        // out of the reconciler's default 1,000 repairs by them (a 10,000-job run on a loaded machine was)
        ReconcileOptions options = ReconcileOptions.of(b -> b.olderThan(ReconcileOptions.MIN_OLDER_THAN).limit(100_000)
                .owner("chaos-driver"));
        ReconcileReport report = client.reconcile(options);
        for (int i = 0; i < 30 && !report.ran(); i++) { // a lease left by a worker killed mid-run; wait it out briefly
            Thread.sleep(1000);
            report = client.reconcile(options);
        }
        out.printf("# chaos: planted %d stale record(s); reconciler ran=%s, examined %d, repaired %s%n", planted.size(),
                report.ran(), report.examined(), report.repairedByKind());
        Instant until = clock.instant().plus(o.settleTimeout());
        while (!allFinished(client, planted) && clock.instant().isBefore(until)) Thread.sleep(500);
        Set<String> repaired = report.repairs().stream().map(ReconcileReport.Repair::jobId).collect(Collectors.toSet());
        return new ReconcilerEvidence(Set.copyOf(planted), repaired);
    }

    /** One planned job: type, payload, options, and the status it should end in. */
    private record Planned(String type, Map<String, Object> payload, JobOptions options, String expected) {
    }

    /**
     * The mix: 1 % long (at least 2, at most 25: they hold a worker slot for {@code longJob}), 10 % in FIFO groups of
     * ten, 10 % failing once or twice before they succeed, 2 % failing permanently, 1 % (at least 2) failing until
     * redriven, the rest short (10–100 ms). Five attempts each, fixed 1 s backoff, so faults rarely exhaust them.
     */
    private List<Planned> plan(Random random) {
        int n = o.jobs();
        int longJobs = Math.min(25, Math.max(2, n / 100));
        int fifo = (n / 10) / 10 * 10;
        int flaky = n / 10;
        int fatal = Math.max(1, n / 50);
        int redrive = Math.max(2, n / 100);
        JobOptions base = JobOptions.of(b -> b.maxAttempts(5).backoff(Backoff.fixed(Duration.ofSeconds(1))));
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < longJobs; i++) {
            plan.add(new Planned(ChaosHandlers.LONG, Map.of("ms", o.longJob().toMillis()), base, "SUCCEEDED"));
        }
        for (int i = 0; i < flaky; i++) {
            plan.add(new Planned(ChaosHandlers.FLAKY, Map.of("failures", 1 + random.nextInt(2)), base, "SUCCEEDED"));
        }
        for (int i = 0; i < fatal; i++) plan.add(new Planned(ChaosHandlers.FATAL, Map.of(), base, "FAILED"));
        for (int i = 0; i < redrive; i++) plan.add(new Planned(ChaosHandlers.REDRIVE, Map.of(), base, "SUCCEEDED"));
        int shortJobs = n - plan.size() - fifo;
        for (int i = 0; i < shortJobs; i++) {
            plan.add(new Planned(ChaosHandlers.SHORT, Map.of("ms", 10 + random.nextInt(91)), base, "SUCCEEDED"));
        }
        java.util.Collections.shuffle(plan, random);
        for (int g = 0; g < fifo / 10; g++) {
            String group = "group-" + g;
            JobOptions grouped = base.toBuilder().groupKey(group).build();
            for (int step = 0; step < 10; step++) {
                plan.add(new Planned(ChaosHandlers.FIFO, Map.of("ms", 10 + random.nextInt(41), "step", step), grouped, "SUCCEEDED"));
            }
        }
        return plan;
    }

    private void enqueue(JobClient client, List<Planned> plan, Map<String, String> expected, List<String> redriveJobs) {
        for (int from = 0; from < plan.size(); from += 500) {
            List<Planned> chunk = plan.subList(from, Math.min(plan.size(), from + 500));
            List<EnqueueRequest> requests = chunk.stream().map(p -> EnqueueRequest.of(p.type(), p.payload(), p.options())).toList();
            List<EnqueueResult> results = client.enqueueAll(requests);
            for (int i = 0; i < results.size(); i++) {
                EnqueueResult r = results.get(i);
                if (!r.succeeded()) {
                    throw new IllegalStateException("the fault-free driver could not enqueue: " + r.error().getMessage(), r.error());
                }
                expected.put(r.jobId(), chunk.get(i).expected());
                if (chunk.get(i).type().equals(ChaosHandlers.REDRIVE)) redriveJobs.add(r.jobId());
            }
        }
    }

    /**
     * Starts the batch: {@code batchMembers} short members, {@link #flakyMembers} of them failing once first (so
     * retries happen inside the batch), with an onSuccess and an onComplete callback. Its own random, so the rest of
     * the mix and the kill order are those of the same seed without a batch. The members, listed back from the batch,
     * join {@code expected} as SUCCEEDED.
     */
    private BatchExpectation startBatch(JobClient client, Map<String, String> expected) {
        Random random = new Random(o.seed() * 17 + 3);
        JobOptions base = JobOptions.of(b -> b.maxAttempts(5).backoff(Backoff.fixed(Duration.ofSeconds(1))));
        int flaky = flakyMembers(o.batchMembers());
        List<EnqueueRequest> members = new ArrayList<>();
        for (int i = 0; i < o.batchMembers(); i++) {
            members.add(i < flaky ? EnqueueRequest.of(ChaosHandlers.FLAKY, Map.of("failures", 1), base)
                    : EnqueueRequest.of(ChaosHandlers.SHORT, Map.of("ms", 10 + random.nextInt(91)), base));
        }
        java.util.Collections.shuffle(members, random);
        String id = client.batch(members, b -> b
                .onSuccess(EnqueueRequest.of(ChaosHandlers.BATCH_CALLBACK, Map.of("ms", 20), base))
                .onComplete(EnqueueRequest.of(ChaosHandlers.BATCH_CALLBACK, Map.of("ms", 20), base)));
        String cursor = null;
        do {
            MemberPage page = client.batchMembers(id, cursor, 1000);
            page.members().forEach(m -> expected.put(m.id(), "SUCCEEDED"));
            cursor = page.nextCursor();
        } while (cursor != null);
        return new BatchExpectation(id, o.batchMembers(), Set.of("onSuccess", "onComplete"));
    }

    /** Members of a batch of {@code members} that fail once before they succeed: 5 %, at least one. */
    static int flakyMembers(int members) {
        return members == 0 ? 0 : Math.max(1, members / 20);
    }

    /**
     * True when there is no batch, or it is complete, has fired the expected callbacks its outcome makes due (a batch
     * with a failed member fires no onSuccess: waiting for one would only wait out the settle timeout) and those
     * jobs are terminal.
     */
    private static boolean callbacksFinished(JobClient client, BatchExpectation batch) {
        if (batch == null) return true;
        BatchStatus s = client.batchStatus(batch.batchId()).orElse(null);
        if (s == null || !s.complete()) return false;
        Set<String> due = new java.util.HashSet<>(batch.callbacks());
        if (!"SUCCEEDED".equals(s.outcome())) due.remove("onSuccess");
        if (!s.callbackJobs().keySet().containsAll(due)) return false;
        return allFinished(client, List.copyOf(s.callbackJobs().values()));
    }

    /** True once every job of {@code ids} is terminal (the redrive jobs: FAILED, their DLQ copy waiting). */
    private static boolean allFinished(JobClient client, List<String> ids) {
        for (String id : ids) {
            JobStatus s = client.get(id).map(Job::status).orElse(null);
            if (s == null || !s.isTerminal()) return false;
        }
        return true;
    }

    private long redrive(JobClient client) {
        RedriveResult r = client.redrive("normal", b -> b.watchTimeout(Duration.ofMinutes(2)));
        out.printf("# chaos: DLQ redrive of 'normal' moved %d message(s) (%s, %s)%n", r.moved(), r.method(), r.status());
        return r.moved();
    }

    /** Jobs of this run not yet in a terminal state, counted through the status index. */
    private static long unfinished(JobClient client) {
        long n = 0;
        for (JobStatus s : UNFINISHED) {
            String cursor = null;
            do {
                JobFilter f = JobFilter.status(s).withLimit(JobFilter.MAX_LIMIT);
                if (cursor != null) f = f.withCursor(cursor);
                JobPage page = client.list(f);
                n += page.jobs().size();
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return n;
    }

}
