package dev.latchkey.verification.cache;

/** Redis stream entry ids ({@code <millis>-<sequence>}), ordered as Redis orders them. */
final class StreamId {

    static final String ZERO = "0-0";

    private StreamId() {
    }

    static boolean atLeast(String id, String wanted) {
        return compare(id, wanted) >= 0;
    }

    static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
        return byTime != 0 ? byTime
                : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
    }
}
