package dev.latchkey.data;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queries an index serves run {@code LATCHKEY_DATA_QUERY_CONCURRENCY} (default 4) at a time on
 * each instance; the others wait for a slot, in the order they came, as long as a query's time
 * limit at most. A burst of listings is answered sooner a few at a time than all at once, each on
 * its own PostgreSQL backend competing for the same cores: at 32 connections on 2 cores, a page's
 * p99 was 23-51 ms with the connection pool's 20 at once, 13-17 ms with 4 (bench/run --queries). Queries
 * no index serves have their own turns ({@link UnindexedQueries}), so a slow one never holds a slot.
 */
@ApplicationScoped
@Startup
public class QuerySlots {

    @ConfigProperty(name = "latchkey.data.query-concurrency", defaultValue = "4")
    int concurrency;

    private Semaphore slots;

    @PostConstruct
    void create() {
        if (concurrency < 1) {
            throw new IllegalStateException("latchkey.data.query-concurrency (LATCHKEY_DATA_QUERY_CONCURRENCY) must be at least 1, not " + concurrency);
        }
        slots = new Semaphore(concurrency, true);
    }

    /** Waits for a slot until {@code deadline} ({@link System#nanoTime}); false when none came by then. */
    public boolean take(long deadline) throws InterruptedException {
        return slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    public void give() {
        slots.release();
    }
}
