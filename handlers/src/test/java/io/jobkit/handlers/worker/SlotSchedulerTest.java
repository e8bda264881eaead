package io.jobkit.handlers.worker;

import io.jobkit.client.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class SlotSchedulerTest {
    private final TestClock clock = TestClock.startingNow();
    private final SlotScheduler slots = new SlotScheduler(List.of("critical", "high", "low"), 4, Map.of("high", 2),
            Duration.ofSeconds(20), Duration.ofSeconds(10), clock);

    /** Every queue probed once and found empty: the steady state of an idle worker. */
    private void allIdle() throws InterruptedException {
        for (String q : List.of("critical", "high", "low")) slots.admit(slots.awaitTurn(q), 0);
    }

    @Test
    void atStart_queuesAreProbedInPriorityOrder_withShortReservedPolls() throws Exception {
        SlotScheduler.Turn critical = slots.awaitTurn("critical");
        assertThat(critical.reserved()).isTrue();
        assertThat(critical.pollWait()).isEqualTo(Duration.ofSeconds(1));
        CompletableFuture<SlotScheduler.Turn> low = async("low");
        Thread.sleep(200);
        assertThat(low).as("low waits until the queues before it are known").isNotDone();
        slots.admit(critical, 0);
        slots.admit(slots.awaitTurn("high"), 0);
        assertThat(low.get(5, TimeUnit.SECONDS).queue()).isEqualTo("low");
    }

    @Test
    void aQueueWhoseReceiveIsAnAttempt_reservesItsSlotsForTheLongPoll_andStartsEverythingItReceives() throws Exception {
        SlotScheduler none = new SlotScheduler(List.of("critical", "bulk"), 4, Map.of(), Duration.ofSeconds(20),
                Duration.ofSeconds(10), clock, java.util.Set.of("bulk"));
        for (String q : List.of("critical", "bulk")) none.admit(none.awaitTurn(q), 0);
        SlotScheduler.Turn idle = none.awaitTurn("bulk");
        assertThat(idle.pollWait()).as("an idle queue long-polls").isEqualTo(Duration.ofSeconds(20));
        assertThat(idle.reserved()).as("but holds a slot while it waits").isTrue();
        assertThat(idle.maxMessages()).as("one: an idle queue must not pin the others' slots").isEqualTo(1);
        // critical turns hungry while bulk's poll is out: bulk still starts all it received, since handing a message
        // back would cost it an attempt
        SlotScheduler.Turn critical = none.awaitTurn("critical");
        assertThat(critical.maxMessages()).isEqualTo(3);
        assertThat(none.admit(critical, 3)).isEqualTo(3);
        assertThat(none.admit(idle, 1)).isEqualTo(1);
        assertThat(none.inUse()).isEqualTo(4);
        // having received, bulk is hungry: its next turn waits for free slots and is a short reserved poll
        for (int i = 0; i < 3; i++) none.release("critical");
        none.release("bulk");
        none.admit(none.awaitTurn("critical"), 0); // critical drained
        SlotScheduler.Turn backlog = none.awaitTurn("bulk");
        assertThat(backlog.reserved()).isTrue();
        assertThat(backlog.pollWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void messagesFromAnIdlePoll_areHandedBack_whenAHigherQueueBecameHungryMeanwhile() throws Exception {
        allIdle();
        SlotScheduler.Turn low = slots.awaitTurn("low");
        SlotScheduler.Turn critical = slots.awaitTurn("critical");
        slots.admit(critical, 4); // critical's poll filled its batch: hungry
        slots.release("critical");
        assertThat(slots.admit(low, 1)).as("low's message goes back, critical has a backlog").isZero();
    }

    @Test
    void idleQueue_longPollsWithoutReservingSlots_andTakesSlotsOnlyForWhatArrives() throws Exception {
        allIdle();
        SlotScheduler.Turn turn = slots.awaitTurn("low");
        assertThat(turn.reserved()).isFalse();
        assertThat(turn.pollWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(turn.maxMessages()).isEqualTo(4);
        assertThat(slots.inUse()).isZero();

        assertThat(slots.admit(turn, 3)).isEqualTo(3);
        assertThat(slots.inUse()).isEqualTo(3);
    }

    @Test
    void neverAdmitsMoreThanTheConcurrency_theSurplusIsReturned() throws Exception {
        allIdle();
        SlotScheduler.Turn a = slots.awaitTurn("low");
        SlotScheduler.Turn b = slots.awaitTurn("critical");
        assertThat(slots.admit(a, 4)).isEqualTo(4);
        assertThat(slots.admit(b, 2)).as("no slot left for critical's messages").isZero();
        assertThat(slots.inUse()).isEqualTo(4);
    }

    @Test
    void hungryHigherQueue_holdsBackLowerQueues_untilItIsServed() throws Exception {
        allIdle();
        SlotScheduler.Turn critical = slots.awaitTurn("critical"); // critical starts an idle long poll
        fill("low", 4);                                            // meanwhile low takes every slot
        assertThat(slots.admit(critical, 1)).as("critical's message finds no slot").isZero();
        CompletableFuture<SlotScheduler.Turn> lowTurn = async("low");
        CompletableFuture<SlotScheduler.Turn> criticalTurn = async("critical");

        slots.release("low");

        SlotScheduler.Turn next = criticalTurn.get(5, TimeUnit.SECONDS);
        assertThat(next.reserved()).as("a hungry queue reserves before a short poll").isTrue();
        assertThat(next.pollWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowTurn).isNotDone();
        slots.admit(next, 0); // critical turned out empty: no longer hungry
        slots.release("low");
        assertThat(lowTurn.get(5, TimeUnit.SECONDS).queue()).isEqualTo("low");
    }

    @Test
    void starvationGuard_letsAHeldBackQueueReceive_afterTheInterval() throws Exception {
        allIdle();
        SlotScheduler.Turn critical = slots.awaitTurn("critical");
        slots.admit(critical, 4); // full batch: critical stays hungry and busy
        slots.release("critical");
        slots.release("critical"); // two slots free, critical still hungry
        CompletableFuture<SlotScheduler.Turn> lowTurn = async("low");
        Thread.sleep(300);
        assertThat(lowTurn).as("held back by hungry critical").isNotDone();

        clock.advance(Duration.ofSeconds(11));
        assertThat(lowTurn.get(5, TimeUnit.SECONDS).queue()).isEqualTo("low");
    }

    @Test
    void hungryQueueAtItsOwnLimit_doesNotHoldBackOthers() throws Exception {
        allIdle();
        SlotScheduler.Turn high = slots.awaitTurn("high");
        assertThat(high.maxMessages()).as("high's own limit is 2").isEqualTo(2);
        slots.admit(high, 2); // full batch, hungry, but at its limit
        assertThat(turn("low").maxMessages()).isEqualTo(2);
    }

    @Test
    void close_wakesWaitingPollers() throws Exception {
        allIdle();
        fill("low", 4);
        CompletableFuture<SlotScheduler.Turn> waiting = async("low");
        Thread.sleep(100);
        slots.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
    }

    private void fill(String queue, int n) throws InterruptedException {
        SlotScheduler.Turn t = slots.awaitTurn(queue);
        assertThat(slots.admit(t, n)).isEqualTo(n);
    }

    /** On its own thread: the common pool may have a single thread on a small machine. */
    private CompletableFuture<SlotScheduler.Turn> async(String queue) {
        CompletableFuture<SlotScheduler.Turn> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(turn(queue)));
        t.setDaemon(true);
        t.start();
        return f;
    }

    private SlotScheduler.Turn turn(String queue) {
        try {
            return slots.awaitTurn(queue);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
