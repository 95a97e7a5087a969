package dev.latchkey.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Callers on virtual threads, as the data API's reads run; the lookup records every batch it is given. */
class BatchedLookupTest {

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    /** Answers every even key with its square; odd keys are not found. */
    private Function<List<Integer>, Map<Integer, Integer>> squaresOfEvens(Duration each) {
        return keys -> {
            batches.add(keys);
            sleep(each);
            Map<Integer, Integer> found = new HashMap<>();
            keys.stream().filter(key -> key % 2 == 0).forEach(key -> found.put(key, key * key));
            return found;
        };
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswerFromSharedBatches() throws Exception {
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(4, Duration.ofSeconds(5), 64, squaresOfEvens(Duration.ofMillis(20)));
        int callers = 200;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int key = i;
                answers.add(threads.submit(() -> lookup.find(key)));
            }
            for (int i = 0; i < callers; i++) {
                assertEquals(i % 2 == 0 ? i * i : null, answers.get(i).get(10, TimeUnit.SECONDS), "key " + i);
            }
        }
        int looked = batches.stream().mapToInt(List::size).sum();
        assertEquals(callers, looked, "every key looked up once");
        // a 20 ms lookup and a patience longer than the test: one batch at a time, each taking all that waited
        assertTrue(batches.size() < callers / 4, batches.size() + " batches for " + callers + " callers");
        assertTrue(batches.stream().allMatch(batch -> batch.size() <= 64), "no batch above its limit");
    }

    @Test
    void callersAskingForTheSameKeyShareOneLookupAndItsAnswer() throws Exception {
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(1, Duration.ofSeconds(5), 64, squaresOfEvens(Duration.ofMillis(20)));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(threads.submit(() -> lookup.find(42)));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(1764, answer.get(10, TimeUnit.SECONDS));
            }
        }
        batches.forEach(batch -> assertEquals(batch.size(), new HashSet<>(batch).size(), "a batch names each key once: " + batch));
    }

    @Test
    void aLoneCallerRunsItsOwnLookupAtOnce() {
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(4, Duration.ofSeconds(5), 64, squaresOfEvens(Duration.ZERO));
        assertEquals(16, lookup.find(4));
        assertNull(lookup.find(3));
        assertEquals(List.of(List.of(4), List.of(3)), batches);
    }

    @Test
    void aFailedBatchFailsEachOfItsCallersAndTheNextBatchRuns() throws Exception {
        IllegalStateException broken = new IllegalStateException("the database went away");
        CountDownLatch failing = new CountDownLatch(1);
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(1, Duration.ofSeconds(5), 64, keys -> {
            if (failing.getCount() > 0) {
                sleep(Duration.ofMillis(50));
                failing.countDown();
                throw broken;
            }
            return Map.of(keys.getFirst(), 1);
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int key = i;
                answers.add(threads.submit(() -> lookup.find(key)));
            }
            int failed = 0;
            for (Future<Integer> answer : answers) {
                try {
                    answer.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertSame(broken, e.getCause());
                    failed++;
                }
            }
            assertTrue(failed >= 1, "the failed batch's callers see its exception");
        }
        assertEquals(1, lookup.find(7), "a later batch runs");
    }

    @Test
    void aSlowBatchHoldsUpOthersNoLongerThanThePatience() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuckBatchRuns = new CountDownLatch(1);
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(4, Duration.ofMillis(20), 64, identityStuckOnMinusOne(stuckBatchRuns, release));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> stuck = threads.submit(() -> lookup.find(-1));
            assertTrue(stuckBatchRuns.await(5, TimeUnit.SECONDS));
            Future<Integer> behind = threads.submit(() -> lookup.find(5));
            assertEquals(5, behind.get(5, TimeUnit.SECONDS), "answered by a second batch while the first is stuck");
            release.countDown();
            assertEquals(-1, stuck.get(5, TimeUnit.SECONDS));
        }
    }

    /**
     * Callers past their patience whose keys are already in a running batch wait for it. Were they
     * to loop (take a slot, find nothing to run, again), they would keep the virtual threads'
     * carriers busy and the sleeping batches would never resume: the time-out fails the test.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void impatientCallersWaitForTheBatchThatTookTheirKey() throws Exception {
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(16, Duration.ofMillis(1), 64, squaresOfEvens(Duration.ofMillis(30)));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int key = 2 * i;
                answers.add(threads.submit(() -> lookup.find(key)));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(4 * i * i, answers.get(i).get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** An interrupted caller waits like any other (parked, not spinning) and keeps its interrupt. */
    @Test
    void anInterruptedCallerWaitsParkedAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuckBatchRuns = new CountDownLatch(1);
        BatchedLookup<Integer, Integer> lookup = new BatchedLookup<>(1, Duration.ofSeconds(5), 16, identityStuckOnMinusOne(stuckBatchRuns, release));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                ExecutorService platform = Executors.newSingleThreadExecutor()) {
            Future<Integer> stuck = threads.submit(() -> lookup.find(-1));
            assertTrue(stuckBatchRuns.await(5, TimeUnit.SECONDS));
            AtomicLong callerThread = new AtomicLong();
            CountDownLatch started = new CountDownLatch(1);
            Future<Boolean> stillInterrupted = platform.submit(() -> {
                callerThread.set(Thread.currentThread().threadId());
                started.countDown();
                Thread.currentThread().interrupt();
                assertEquals(3, lookup.find(3));
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 500 && cpu.getThreadInfo(callerThread.get()).getThreadState() == Thread.State.RUNNABLE; i++) {
                sleep(Duration.ofMillis(10)); // until it waits (a spinning caller never does: measured below)
            }
            long before = cpu.getThreadCpuTime(callerThread.get());
            sleep(Duration.ofMillis(300));
            long spent = cpu.getThreadCpuTime(callerThread.get()) - before;
            release.countDown();
            assertEquals(-1, stuck.get(5, TimeUnit.SECONDS));
            assertTrue(stillInterrupted.get(5, TimeUnit.SECONDS), "the caller's interrupt is given back");
            assertTrue(spent < TimeUnit.MILLISECONDS.toNanos(100), "waiting for 300 ms used " + spent / 1_000_000 + " ms of CPU");
        }
    }

    /** Answers every key with itself; a batch holding -1 is stuck (as on its connection) until released. */
    private static Function<List<Integer>, Map<Integer, Integer>> identityStuckOnMinusOne(CountDownLatch runs, CountDownLatch release) {
        return keys -> {
            if (keys.contains(-1)) {
                runs.countDown();
                await(release);
            }
            Map<Integer, Integer> found = new HashMap<>();
            keys.forEach(key -> found.put(key, key));
            return found;
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
