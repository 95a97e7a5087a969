package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row per fault scenario, appended to target/reliability/figures.md (reliability/run puts
 * the rows of its run into docs/RELIABILITY.md) and printed.
 */
public final class ReliabilityFigures {

    private static final Path FILE = Path.of("target", "reliability", "figures.md");

    private ReliabilityFigures() {
    }

    /**
     * @param sent requests sent; {@code answered} of them got an HTTP answer
     * @param wronglyAccepted requests accepted that must have been refused (old or revoked keys)
     * @param lost acknowledged writes missing afterwards
     */
    public static void record(String scenario, long sent, long answered, long serverErrors, long wronglyAccepted, long lost,
            String notes) {
        String row = "| %s | %d | %d | %d | %d | %d | %s |%n".formatted(scenario, sent, answered, serverErrors, wronglyAccepted,
                lost, notes);
        System.out.print(row);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario whose traffic is key checks only. */
    public static void record(String scenario, CheckTraffic traffic, String notes) {
        record(scenario, traffic.sent.get(), traffic.checks.get(), traffic.serverErrors.get(), traffic.violations.get(), 0, notes);
    }
}
