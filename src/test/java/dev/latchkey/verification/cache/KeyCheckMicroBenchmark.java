package dev.latchkey.verification.cache;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.latchkey.caller.Branding;
import dev.latchkey.caller.PublicConfig;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.support.TestSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warm key check's own work, without HTTP: parse (shape + checksum), keyed hash, and the
 * in-process cache lookup, as {@code KeyCheck.fromMemory} does them. Run by bench/run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyCheckMicroBenchmark {

    private static final HexFormat HEX = HexFormat.of();

    private String key;
    private String garbage;
    private KeyHasher hasher;
    private LocalKeyCache cache;

    @Setup
    public void setUp() {
        key = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        garbage = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
        hasher = new KeyHasher(TestSettings.hash("zDRbnEAySfek4P/hCuXVG085yoYFaVlLmj0rEgJErS4=", 1, List.of()));
        cache = new LocalKeyCache(TestSettings.verification(16 << 20));
        cache.trustUntil(System.nanoTime() + Duration.ofHours(1).toNanos());
        PublicConfig app = new PublicConfig(UUID.randomUUID(), "tenant", "App", List.of("email_password"),
                new Branding(null, null, null), false, List.of(), List.of(), List.of(), "optional", List.of(), 0, List.of());
        CachedCheck check = new CachedCheck(new VerifiedKey(UUID.randomUUID(), KeyType.SECRET, Environment.LIVE,
                Permissions.unrestrictedSecret(), null, null, null, app, "bench", null, null, true, null, null), null);
        cache.put(HEX.formatHex(hasher.hash(key)), check, cache.epoch());
    }

    @Benchmark
    public ApiKeyFormat.ParsedKey parseAndChecksum() {
        return ApiKeyFormat.parse(key);
    }

    @Benchmark
    public byte[] keyedHash() {
        return hasher.hash(key);
    }

    @Benchmark
    public CachedCheck warmCheck() {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(key);
        return cache.get(HEX.formatHex(hasher.hash(parsed.value())));
    }

    @Benchmark
    public ApiKeyFormat.ParsedKey rejectGarbage() {
        return ApiKeyFormat.parse(garbage);
    }
}
