package dev.latchkey.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Lookups that callers make one at a time but that run together: a caller that finds no batch
 * running runs its own lookup with every other one waiting at that moment, in one query; callers
 * that come while it runs wait for the next batch. Alone, a lookup is one query, as before; under
 * load, one round trip and one statement serve many callers, which is where a blocking driver
 * spends its time (the socket write that wakes the database's backend, the answer's read).
 * <p>
 * One batch runs at a time, which makes the batches largest. So that one slow batch (pages read
 * from disk, a stalled connection) does not hold up every caller behind it, a caller that has
 * waited longer than {@code patience} starts a batch beside it, up to {@code maxConcurrent}.
 * <p>
 * The caller's thread runs the batch, so there is no thread of its own to hand work to; callers
 * block, so they run on virtual or worker threads, never on an event loop. A caller's interrupt is
 * kept for it until its answer is in, not acted on: interrupting a virtual thread in the driver's
 * socket read would close the connection and fail every read of the batch. Hand-written:
 * DataLoader-style batching exists for GraphQL and for reactive clients, not for a blocking caller.
 *
 * @param <K> a lookup's key (callers asking for equal keys share one lookup and its answer)
 * @param <V> its answer; a key missing from the batch's answer finds nothing
 */
public final class BatchedLookup<K, V> {

    private final int maxConcurrent;
    private final Semaphore running;
    private final long patienceNanos;
    private final int maxBatch;
    private final Function<List<K>, Map<K, V>> lookup;
    private final ConcurrentLinkedQueue<Pending<K, V>> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param maxConcurrent how many batches may run at once (each holds one connection)
     * @param patience how long a caller waits for a running batch before it starts another
     * @param maxBatch the most lookups one batch takes
     * @param lookup runs one batch: every key's answer, keys without one left out
     */
    public BatchedLookup(int maxConcurrent, Duration patience, int maxBatch, Function<List<K>, Map<K, V>> lookup) {
        this.maxConcurrent = maxConcurrent;
        this.running = new Semaphore(maxConcurrent);
        this.patienceNanos = patience.toNanos();
        this.maxBatch = maxBatch;
        this.lookup = lookup;
    }

    /** The key's answer, or null; a failed batch's exception is rethrown to each of its callers. */
    public V find(K key) {
        Pending<K, V> mine = new Pending<>(key, Thread.currentThread());
        waiting.add(mine);
        long since = System.nanoTime();
        boolean interrupted = false;
        while (!mine.done) {
            // an interrupted thread's park returns at once: the flag is set aside while it waits,
            // else it would spin (on a virtual thread, keeping its carrier from the batch it waits
            // for), and while it runs a batch, else the driver's socket would fail everyone's reads
            interrupted |= Thread.interrupted();
            long waited = System.nanoTime() - since;
            boolean patient = waited < patienceNanos;
            if (mine.taken) {
                // in a batch another caller runs: woken when it is answered
                LockSupport.park(this);
            } else if ((!patient || running.availablePermits() == maxConcurrent) && running.tryAcquire()) {
                try {
                    runBatch();
                } finally {
                    running.release();
                    wakeOldest();
                }
            } else if (patient) {
                // woken when its batch is answered, when a batch ends, or when its patience runs out
                LockSupport.parkNanos(this, patienceNanos - waited);
            } else {
                LockSupport.park(this);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure instanceof Error error) {
            throw error;
        }
        if (mine.failure != null) {
            throw (RuntimeException) mine.failure;
        }
        return mine.answer;
    }

    private void runBatch() {
        List<Pending<K, V>> batch = new ArrayList<>();
        Pending<K, V> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            next.taken = true;
            batch.add(next);
        }
        try {
            // callers asking for the same key share one lookup
            Set<K> keys = new LinkedHashSet<>();
            for (Pending<K, V> pending : batch) {
                keys.add(pending.key);
            }
            if (!keys.isEmpty()) {
                Map<K, V> answers = lookup.apply(List.copyOf(keys));
                batch.forEach(pending -> pending.answer(answers.get(pending.key)));
            }
        } catch (RuntimeException | Error e) {
            // every caller of the batch is answered, or those not running it would wait forever
            batch.stream().filter(pending -> !pending.done).forEach(pending -> pending.fail(e));
        }
    }

    /**
     * After a batch: the oldest waiting caller may start the next. Whoever enqueued before this
     * look is woken here (or by a later batch's end); whoever enqueues after it finds this batch ended.
     */
    private void wakeOldest() {
        Pending<K, V> oldest = waiting.peek();
        if (oldest != null) {
            LockSupport.unpark(oldest.caller);
        }
    }

    private static final class Pending<K, V> {
        final K key;
        final Thread caller;
        V answer;
        /** A RuntimeException or an Error. */
        Throwable failure;
        /** In a batch that runs: its caller only waits for the answer. */
        volatile boolean taken;
        /** Written last, after the answer or the failure, which its volatile write publishes. */
        volatile boolean done;

        Pending(K key, Thread caller) {
            this.key = key;
            this.caller = caller;
        }

        void answer(V value) {
            answer = value;
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(Throwable e) {
            failure = e;
            done = true;
            LockSupport.unpark(caller);
        }
    }
}
