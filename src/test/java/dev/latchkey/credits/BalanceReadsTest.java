package dev.latchkey.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Coalesced balance reads: the waiting round runs the newest joiner's read, which knows the key's newest settings. */
class BalanceReadsTest {

    @Test
    void theNextRoundRunsTheNewestJoinersRead() throws Exception {
        BalanceReads<String> reads = new BalanceReads<>();
        UUID key = UUID.randomUUID();
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        CompletableFuture<String> first = reads.join(key, () -> {
            await(firstMayFinish);
            return "first";
        });
        CompletableFuture<String> second = reads.join(key, () -> "second, old settings");
        CompletableFuture<String> third = reads.join(key, () -> "third, new settings");
        firstMayFinish.countDown();

        assertEquals("first", first.get(5, TimeUnit.SECONDS));
        assertEquals("third, new settings", second.get(5, TimeUnit.SECONDS), "joiners of one round share its answer");
        assertEquals("third, new settings", third.get(5, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
