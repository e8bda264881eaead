package io.jobkit.local.chaos;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one checker of jobkit's fault model (DESIGN.md "Fault model"), for every scenario that ends with the workers
 * stopped: the chaos run, and any other issue's test that wants to prove nothing was lost or run twice.
 *
 * <ol>
 *   <li><b>accounted</b>: every enqueued job has a record that is terminal, or waiting (QUEUED, RETRYING, RUNNING,
 *       SCHEDULED) with a message behind it — one seen in its queue, or covered by the messages the queue holds that
 *       the scan could not receive (in flight, delayed, or FIFO messages behind their group's head) — or, for
 *       SCHEDULED, a future run time.</li>
 *   <li><b>at most one success per (job, cycle)</b>, from the ledger. A second success whose first run's worker was
 *       SIGKILLed before the second run started is a crash rerun (the handler returned, the process died before the
 *       outcome was written: SQS's at-least-once) and is counted apart; any other is a violation.</li>
 *   <li><b>success recorded</b>: every job whose handler succeeded in a cycle is SUCCEEDED (or in a later cycle).</li>
 *   <li><b>no stray messages</b>: no message in a main queue belongs to a terminal job or carries no job id.</li>
 *   <li><b>DLQ matches FAILED</b>: the DLQs hold exactly one copy per FAILED job, and nothing else.</li>
 *   <li><b>reconciler repaired what it was given</b>: every stale record in the {@link ReconcilerEvidence} is
 *       reported repaired and is no longer stale, and nothing else was repaired. PENDING when no evidence is given.</li>
 *   <li><b>batches complete with exact counts</b>: every {@link BatchExpectation}'s batch is complete and SUCCEEDED
 *       with total = succeeded = its members, none failed or cancelled. Its members are ordinary enqueued jobs: the
 *       scenario passes their ids in {@code enqueued}, so the checks above cover them too.</li>
 *   <li><b>batch callbacks ran to success exactly once</b>: each expected callback, from the ledger entries of the job
 *       the batch status names for it, with the batch id its context gave; a crash rerun counts as in 2; no other
 *       callback fired. Both batch checks are left out when no batch is expected.</li>
 * </ol>
 * Scanning receives every visible message with a {@code scanVisibility} timeout and does not delete it: run the
 * checker once the workers are stopped, and expect the queues to look empty for that long afterwards.
 */
public final class InvariantChecker {
    private static final Pattern BODY_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final String ID_ATTRIBUTE = "jobkit-id";

    private final JobClient client;
    private final SqsClient sqs;
    private final Duration scanVisibility;

    /** Checks through {@code client}'s table and {@code sqs}; both should bypass any fault injection. */
    public InvariantChecker(JobClient client, SqsClient sqs, Duration scanVisibility) {
        this.client = client;
        this.sqs = sqs;
        this.scanVisibility = scanVisibility;
    }

    /**
     * @param enqueued   every job id the scenario's enqueue calls acknowledged
     * @param ledger     every handler execution (see {@link Ledger#readAll})
     * @param killedAt   when each SIGKILLed worker incarnation died, by the name it writes in the ledger
     * @param reconciler what a reconciler pass reported, or null while there is no reconciler (check PENDING)
     */
    public InvariantReport check(Collection<String> enqueued, List<LedgerEntry> ledger, Map<String, Instant> killedAt,
                                 ReconcilerEvidence reconciler) {
        return check(enqueued, ledger, killedAt, reconciler, List.of());
    }

    /**
     * As {@link #check(Collection, List, Map, ReconcilerEvidence)}, and each batch of {@code batches} against what
     * is expected of it; {@code enqueued} includes the batches' member and callback job ids.
     */
    public InvariantReport check(Collection<String> enqueued, List<LedgerEntry> ledger, Map<String, Instant> killedAt,
                                 ReconcilerEvidence reconciler, List<BatchExpectation> batches) {
        Map<String, Job> records = records(enqueued);
        Scan main = scan(false);
        Scan dlq = scan(true);

        List<String> unaccounted = new ArrayList<>();
        Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        Map<String, List<String>> waitingUnseen = new TreeMap<>();
        for (String id : enqueued) {
            Job job = records.get(id);
            if (job == null) {
                unaccounted.add(id + " has no record");
                continue;
            }
            byStatus.merge(job.status(), 1L, Long::sum);
            if (job.status().isTerminal() || main.ids.containsKey(id)) continue;
            if (job.status() == JobStatus.SCHEDULED && job.runAt() != null) continue;
            waitingUnseen.computeIfAbsent(job.queue(), k -> new ArrayList<>()).add(id);
        }
        // Waiting jobs whose message the scan could not receive (in flight, delayed, behind a FIFO head) may own those.
        for (Map.Entry<String, List<String>> e : waitingUnseen.entrySet()) {
            long unseen = main.hidden.getOrDefault(e.getKey(), 0L);
            if (e.getValue().size() <= unseen) continue;
            for (String id : e.getValue()) {
                unaccounted.add(id + " is " + records.get(id).status() + " in " + e.getKey() + " with no message behind"
                        + " it (" + e.getValue().size() + " such jobs, " + unseen + " unseen messages)");
            }
        }

        SuccessTally tally = SuccessTally.of(ledger, killedAt);
        List<String> doubles = tally.doubles();

        List<String> unrecorded = new ArrayList<>();
        for (String key : tally.succeeded()) {
            String id = key.substring(0, key.lastIndexOf('/'));
            int cycle = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
            Job job = records.get(id);
            if (job == null) {
                unrecorded.add(id + " succeeded in cycle " + cycle + " but has no record");
            } else if (job.status() != JobStatus.SUCCEEDED && job.cycle() <= cycle) {
                unrecorded.add(id + " succeeded in cycle " + cycle + " but is " + job.status() + " (cycle " + job.cycle() + ")");
            }
        }

        List<String> strays = new ArrayList<>(main.unidentified);
        for (Map.Entry<String, Integer> e : main.ids.entrySet()) {
            Job job = records.get(e.getKey());
            if (job != null && job.status().isTerminal()) {
                strays.add(e.getKey() + " is " + job.status() + " but " + e.getValue() + " message(s) remain in its queue");
            }
        }

        List<String> dlqMismatch = new ArrayList<>(dlq.unidentified);
        Set<String> failed = new LinkedHashSet<>();
        records.forEach((id, job) -> {
            if (job.status() == JobStatus.FAILED) failed.add(id);
        });
        // At least one copy per FAILED job, none for any other job. A second copy of a FAILED job is counted, not
        // failed: the processor deliberately re-dead-letters a copy it cannot prove is a duplicate (a worker can die
        // between recording FAILED and deleting the original), because a lost message is worse than a repeated one;
        // a redrive runs each (job, cycle) once (the move loop drops same-cycle copies, claimRedriven the rest).
        long duplicateCopies = 0;
        for (String id : failed) {
            int copies = dlq.ids.getOrDefault(id, 0);
            if (copies == 0) dlqMismatch.add(id + " is FAILED with no DLQ copy");
            else duplicateCopies += copies - 1;
        }
        for (Map.Entry<String, Integer> e : dlq.ids.entrySet()) {
            if (failed.contains(e.getKey())) continue;
            Job job = records.get(e.getKey());
            dlqMismatch.add(e.getKey() + " is in a DLQ (" + e.getValue() + "x) but is "
                    + (job == null ? "not a job of this run" : job.status().toString()));
        }
        long dlqHidden = dlq.hidden.values().stream().mapToLong(Long::longValue).sum();
        if (dlqHidden > 0) dlqMismatch.add(dlqHidden + " DLQ message(s) were in flight and could not be checked");

        List<InvariantReport.Check> checks = new ArrayList<>();
        checks.add(InvariantReport.Check.of("every job terminal or waiting with a message behind it", unaccounted));
        checks.add(InvariantReport.Check.of("handler successes per (job, cycle) <= 1", doubles));
        checks.add(InvariantReport.Check.of("every job whose handler succeeded is SUCCEEDED", unrecorded));
        checks.add(InvariantReport.Check.of("no stray messages in the queues", strays));
        checks.add(InvariantReport.Check.of("DLQ contents match the FAILED records (every FAILED job, no other)", dlqMismatch));
        long repairs = -1;
        if (reconciler == null) {
            checks.add(new InvariantReport.Check("every stale record given to the reconciler was repaired (pending:"
                    + " no reconciler yet)", InvariantReport.Status.PENDING, 0, List.of()));
        } else {
            List<String> unrepaired = new ArrayList<>();
            for (String id : reconciler.staleGiven()) {
                Job job = records.containsKey(id) ? records.get(id) : client.get(id).orElse(null);
                boolean stillStale = job == null || (!job.status().isTerminal() && !main.ids.containsKey(id));
                if (!reconciler.repaired().contains(id) || stillStale) {
                    unrepaired.add(id + (reconciler.repaired().contains(id) ? " reported repaired but is still stale"
                            : " was given to the reconciler and not repaired"));
                }
            }
            for (String id : reconciler.repaired()) {
                // repaired == given: a repair of something else means the run itself left a stale record behind
                if (!reconciler.staleGiven().contains(id)) unrepaired.add(id + " was repaired but not given as stale");
            }
            repairs = reconciler.repaired().size();
            checks.add(InvariantReport.Check.of("every stale record given to the reconciler was repaired", unrepaired));
        }
        List<InvariantReport.BatchFigures> batchFigures = new ArrayList<>();
        if (!batches.isEmpty()) {
            List<String> inexact = new ArrayList<>();
            List<String> callbacks = new ArrayList<>();
            for (BatchExpectation b : batches) {
                BatchTally t = BatchTally.of(b, client.batchStatus(b.batchId()).orElse(null), ledger, killedAt);
                inexact.addAll(t.countViolations());
                callbacks.addAll(t.callbackViolations());
                batchFigures.add(t.figures());
            }
            checks.add(InvariantReport.Check.of("every batch complete with exact counts (total = succeeded = members,"
                    + " failed = 0)", inexact));
            checks.add(InvariantReport.Check.of("every batch callback ran to success exactly once, no other fired",
                    callbacks));
        }
        long executions = ledger.stream().filter(e -> e.outcome() == LedgerEntry.Outcome.START).count();
        return new InvariantReport(checks, enqueued.size(), byStatus, unaccounted.size(), executions, doubles.size(),
                tally.crashReruns(), strays.size(), repairs, duplicateCopies, batchFigures);
    }

    /** Every enqueued job's record: one pass over the status index, then a get for any it did not list. */
    private Map<String, Job> records(Collection<String> enqueued) {
        Set<String> wanted = new java.util.HashSet<>(enqueued);
        Map<String, Job> records = new HashMap<>();
        String cursor = null;
        do {
            JobFilter filter = JobFilter.all().withLimit(JobFilter.MAX_LIMIT);
            if (cursor != null) filter = filter.withCursor(cursor);
            JobPage page = client.list(filter);
            for (Job j : page.jobs()) if (wanted.contains(j.id())) records.put(j.id(), j);
            cursor = page.nextCursor();
        } while (cursor != null);
        for (String id : enqueued) {
            if (!records.containsKey(id)) client.get(id).ifPresent(j -> records.put(id, j));
        }
        return records;
    }

    /** Visible messages by job id, messages without one, and the in-flight + delayed count per logical queue. */
    private record Scan(Map<String, Integer> ids, List<String> unidentified, Map<String, Long> hidden) {
    }

    private Scan scan(boolean deadLetters) {
        Topology topology = client.topology();
        Map<String, Integer> ids = new HashMap<>();
        List<String> unidentified = new ArrayList<>();
        Map<String, Long> hidden = new HashMap<>();
        for (QueueDef q : topology.queues()) {
            String name = deadLetters ? topology.dlqSqsName(q) : topology.sqsName(q);
            String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            // Everything the queue holds; what the scan cannot receive (in flight, delayed, or FIFO messages blocked
            // behind their group's head) is the difference, and may be the message of a waiting job.
            long held = count(attrs, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + count(attrs, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                    + count(attrs, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
            long received = 0;
            int empty = 0;
            while (empty < 2) {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout((int) scanVisibility.toSeconds()).messageAttributeNames("All")).messages();
                if (batch.isEmpty()) {
                    empty++;
                    continue;
                }
                empty = 0;
                for (Message m : batch) {
                    received++;
                    String id = jobId(m);
                    if (id == null) unidentified.add("message " + m.messageId() + " in " + name + " has no job id");
                    else ids.merge(id, 1, Integer::sum);
                }
            }
            hidden.put(q.name(), Math.max(0, held - received));
        }
        return new Scan(ids, unidentified, hidden);
    }

    private static long count(Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        return Long.parseLong(attrs.getOrDefault(name, "0"));
    }

    private static String jobId(Message m) {
        MessageAttributeValue attr = m.messageAttributes().get(ID_ATTRIBUTE);
        if (attr != null && attr.stringValue() != null) return attr.stringValue();
        Matcher matcher = BODY_ID.matcher(m.body());
        return matcher.find() ? matcher.group(1) : null;
    }
}
