package dev.latchkey.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open streams of one application and environment, indexed so that an event meets only the
 * streams that may want it rather than every stream of the scope: a change, those subscribed to
 * its collection; a message, those with a filter naming its very topic, and those with a wildcard
 * filter (which each judge it). {@link RealtimeStream#wants} still decides.
 */
final class ScopeStreams {

    private final Set<RealtimeStream> all = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<RealtimeStream>> byCollection = new ConcurrentHashMap<>();
    private final Map<String, Set<RealtimeStream>> byTopic = new ConcurrentHashMap<>();
    /** Streams with a filter of + or #: every message of the scope is theirs to judge. */
    private final Set<RealtimeStream> byPattern = ConcurrentHashMap.newKeySet();

    void add(RealtimeStream stream) {
        all.add(stream);
        RealtimeStream.Subscription subscription = stream.subscription;
        subscription.collections().forEach(collection -> index(byCollection, collection, stream));
        if (wildcards(subscription.filters())) {
            byPattern.add(stream);
        } else {
            subscription.filters().forEach(filter -> index(byTopic, String.join("/", filter), stream));
        }
    }

    void remove(RealtimeStream stream) {
        all.remove(stream);
        RealtimeStream.Subscription subscription = stream.subscription;
        subscription.collections().forEach(collection -> forget(byCollection, collection, stream));
        byPattern.remove(stream);
        subscription.filters().forEach(filter -> forget(byTopic, String.join("/", filter), stream));
    }

    Set<RealtimeStream> all() {
        return all;
    }

    /** Every stream that may want the event, each once (a stream is under its topics or among the patterns, never both). */
    void forEachCandidate(RealtimeEvent event, Consumer<RealtimeStream> action) {
        if (RealtimeEvent.CHANGE.equals(event.name())) {
            byCollection.getOrDefault(event.collection(), Set.of()).forEach(action);
            return;
        }
        if (event.topic() == null) {
            return;
        }
        byTopic.getOrDefault(String.join("/", event.topic()), Set.of()).forEach(action);
        byPattern.forEach(action);
    }

    private static boolean wildcards(List<List<String>> filters) {
        for (List<String> filter : filters) {
            if (filter.contains(Topics.ONE_LEVEL) || filter.contains(Topics.THE_REST)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the stream under the key; atomic with {@link #forget} dropping that key's set once empty. */
    private static void index(Map<String, Set<RealtimeStream>> index, String key, RealtimeStream stream) {
        index.compute(key, (k, streams) -> {
            Set<RealtimeStream> kept = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            kept.add(stream);
            return kept;
        });
    }

    /** Drops the stream from its key's set, and the set once empty (topics come and go with their users). */
    private static void forget(Map<String, Set<RealtimeStream>> index, String key, RealtimeStream stream) {
        index.computeIfPresent(key, (k, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }
}
