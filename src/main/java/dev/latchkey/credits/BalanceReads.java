package dev.latchkey.credits;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Coalesces reads of one key's balance: a caller joins the next read to start, never one already
 * under way (that one may have read before the caller's own spend), so every answer comes from a
 * read made after its request spent, and a key spent by many requests at once costs one query per
 * round, not one per request. Entries live only while a read is running or waiting.
 */
final class BalanceReads<T> {

    private final Map<UUID, Round<T>> rounds = new HashMap<>();

    /**
     * A read under way, and the one that waits for it to finish (null: nobody waits yet) with the
     * newest joiner's read: it knows the key's newest settings (a credits change read by the
     * first caller of a busy key would otherwise be applied never).
     */
    private static final class Round<T> {
        CompletableFuture<T> running;
        CompletableFuture<T> next;
        Supplier<T> nextRead;
    }

    CompletableFuture<T> join(UUID keyId, Supplier<T> read) {
        synchronized (rounds) {
            Round<T> round = rounds.get(keyId);
            if (round == null) {
                round = new Round<>();
                round.running = new CompletableFuture<>();
                rounds.put(keyId, round);
                start(keyId, round.running, read);
                return round.running;
            }
            if (round.next == null) {
                round.next = new CompletableFuture<>();
            }
            round.nextRead = read;
            return round.next;
        }
    }

    private void start(UUID keyId, CompletableFuture<T> result, Supplier<T> read) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                result.complete(read.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            synchronized (rounds) {
                Round<T> round = rounds.get(keyId);
                if (round.next == null) {
                    rounds.remove(keyId);
                } else {
                    round.running = round.next;
                    round.next = null;
                    start(keyId, round.running, round.nextRead);
                }
            }
        });
    }
}
