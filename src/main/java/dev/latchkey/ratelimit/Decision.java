package dev.latchkey.ratelimit;

/**
 * A limiter's answer and what the RateLimit headers say about it: the budget, what is left of it,
 * and the seconds until the window resets (or, when refused, until a retry can succeed).
 */
public record Decision(boolean allowed, int limit, long remaining, long resetSeconds) {
}
