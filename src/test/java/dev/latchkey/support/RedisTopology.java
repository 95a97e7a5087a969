package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import org.awaitility.Awaitility;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * Highly available Redis for the tests, as production runs it, from the same Redis binary as the
 * other tests, on loopback ports below 55536 (a cluster node's bus port is its port + 10000):
 * either a primary with one replica watched by three Sentinels, or a Redis Cluster of three
 * primaries with a replica each. Nodes can be killed with SIGKILL, as a crashed machine would
 * stop them, and restarted.
 */
public final class RedisTopology implements AutoCloseable {

    /** The Sentinels' name for the primary they watch. */
    public static final String MASTER_NAME = "latchkey";
    private static final int SLOTS = 16384;
    private static final Vertx VERTX = Vertx.vertx();

    private final boolean cluster;
    private final Path dir;
    private final Map<Integer, RedisServer> nodes = new LinkedHashMap<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    private RedisTopology(boolean cluster) throws IOException {
        this.cluster = cluster;
        this.dir = Files.createTempDirectory("latchkey-redis-ha");
    }

    /** A primary and a replica, watched by three Sentinels (quorum 2, a primary is down after 1 s of silence). */
    public static RedisTopology sentinel() throws IOException {
        RedisTopology topology = new RedisTopology(false);
        return started(topology, topology::startSentinelGroup);
    }

    private void startSentinelGroup() throws IOException {
        int primary = startNode(freePort(), null);
        startNode(freePort(), primary);
        for (int i = 0; i < 3; i++) {
            int port = freePort();
            // Sentinels rewrite their configuration file as they learn the topology: each gets its own
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, String.join("\n", "bind 127.0.0.1", "port " + port,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 3000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
            RedisSentinel sentinel = RedisSentinel.newRedisSentinel().port(port).configFile(conf.toString())
                    .onShutdownForceStop(true).build();
            sentinel.start();
            sentinels.add(sentinel);
            sentinelPorts.add(port);
        }
        Awaitility.await("the Sentinels see the replica").atMost(Duration.ofSeconds(20))
                .until(() -> command(sentinelPorts.get(0), "SENTINEL", "replicas", MASTER_NAME).size() == 1);
    }

    /** Three primaries holding a third of the slots each, and a replica of each (failover after 1 s). */
    public static RedisTopology cluster() throws IOException {
        RedisTopology topology = new RedisTopology(true);
        return started(topology, topology::startCluster);
    }

    private interface Setup {
        void run() throws IOException;
    }

    /** The topology once {@code setup} has run; what it started is stopped again if it fails. */
    private static RedisTopology started(RedisTopology topology, Setup setup) throws IOException {
        try {
            setup.run();
            return topology;
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    private void startCluster() throws IOException {
        List<Integer> primaries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = startNode(freePort(), null);
            if (i < 3) {
                primaries.add(port);
            }
        }
        for (int port : nodes.keySet()) {
            command(port, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(primaries.get(0)));
        }
        for (int i = 0; i < 3; i++) {
            int from = i * SLOTS / 3;
            int to = (i + 1) * SLOTS / 3;
            List<String> arguments = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.range(from, to).forEach(slot -> arguments.add(String.valueOf(slot)));
            command(primaries.get(i), arguments.toArray(String[]::new));
        }
        List<Integer> replicas = nodes.keySet().stream().filter(port -> !primaries.contains(port)).toList();
        for (int i = 0; i < 3; i++) {
            int primary = primaries.get(i);
            int replica = replicas.get(i);
            Awaitility.await("node " + replica + " knows its primary").atMost(Duration.ofSeconds(20))
                    .until(() -> command(replica, "CLUSTER", "NODES").toString().contains(nodeId(primary)));
            command(replica, "CLUSTER", "REPLICATE", nodeId(primary));
        }
        Awaitility.await("the cluster is up with three replicas").atMost(Duration.ofSeconds(30)).until(() -> nodes.keySet()
                .stream().allMatch(port -> command(port, "CLUSTER", "INFO").toString().contains("cluster_state:ok"))
                && command(primaries.get(0), "CLUSTER", "NODES").toString().split("slave").length == 4);
    }

    /** The service's settings (environment variables) for this topology. */
    public Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("QUARKUS_REDIS_HOSTS", hosts());
        settings.put("QUARKUS_REDIS_CLIENT_TYPE", cluster ? "cluster" : "sentinel");
        if (!cluster) {
            settings.put("QUARKUS_REDIS_MASTER_NAME", MASTER_NAME);
        }
        return settings;
    }

    /** The Sentinels' addresses, or the cluster's primaries', as {@code quarkus.redis.hosts} takes them. */
    public String hosts() {
        List<Integer> ports = cluster ? primaries() : sentinelPorts;
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The port of the primary now serving {@code key} (Sentinel: the one primary). */
    public int primaryFor(String key) {
        if (!cluster) {
            Response address = command(sentinelPorts.get(0), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
            return Integer.parseInt(address.get(1).toString());
        }
        long slot = command(primaries().get(0), "CLUSTER", "KEYSLOT", key).toLong();
        for (Response range : command(primaries().get(0), "CLUSTER", "SLOTS")) {
            if (range.get(0).toLong() <= slot && slot <= range.get(1).toLong()) {
                return range.get(2).get(1).toInteger();
            }
        }
        throw new IllegalStateException("no node serves slot " + slot);
    }

    /**
     * Cuts the primary's replicas off for {@code seconds}: each replica stalls (DEBUG SLEEP) and
     * the primary drops their links, so that writes made meanwhile exist on the primary alone.
     * Killed then, it takes them along, as a primary dying before replication caught up does.
     */
    public void cutReplication(int primary, double seconds) throws IOException {
        for (String line : command(primary, "INFO", "replication").toString().split("\r\n")) {
            if (line.matches("slave\\d+:.*")) {
                int replica = Integer.parseInt(line.replaceAll(".*port=(\\d+).*", "$1"));
                EmbeddedServersResource.stallRedis(seconds, "redis://127.0.0.1:" + replica);
            }
        }
        // the stalls begin within milliseconds; a replica still awake would reconnect at once
        Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
        command(primary, "CLIENT", "KILL", "TYPE", "replica");
    }

    /** Kills a node with SIGKILL: no shutdown, no final save, connections reset. */
    public void kill(int port) {
        long pid = Long.parseLong(info(port, "server", "process_id"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Awaitility.await("node " + port + " gone").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        nodes.remove(port);
    }

    /** Waits until a primary other than {@code killed} serves {@code key}, and returns it. */
    public int awaitFailover(int killed, String key, Duration within) {
        Awaitility.await("a replica promoted in place of " + killed).atMost(within).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> primaryFor(key) != killed && isPrimary(primaryFor(key)));
        return primaryFor(key);
    }

    /** Starts a killed Sentinel-watched node again, as a replica of the current primary. */
    public void restartAsReplica(int port) throws IOException {
        int primary = primaryFor("any");
        startNode(port, primary);
        Awaitility.await("node " + port + " replicating").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "up".equals(info(port, "replication", "master_link_status")));
    }

    /** The value of one field of one INFO section of a node. */
    public static String info(int port, String section, String field) {
        for (String line : command(port, "INFO", section).toString().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new IllegalStateException("INFO " + section + " of " + port + " has no " + field);
    }

    /** One command to one node, waiting for its answer. */
    public static Response command(int port, String... arguments) {
        Redis client = Redis.createClient(VERTX, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port));
        try {
            Request request = Request.cmd(Command.create(arguments[0]));
            for (int i = 1; i < arguments.length; i++) {
                request.arg(arguments[i]);
            }
            return client.send(request).await().atMost(Duration.ofSeconds(5));
        } finally {
            client.close();
        }
    }

    private boolean isPrimary(int port) {
        return "master".equals(info(port, "replication", "role"));
    }

    private List<Integer> primaries() {
        return nodes.keySet().stream().filter(port -> {
            try {
                return isPrimary(port);
            } catch (RuntimeException e) {
                return false;
            }
        }).toList();
    }

    private static String nodeId(int port) {
        return command(port, "CLUSTER", "MYID").toString();
    }

    private int startNode(int port, Integer primary) throws IOException {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").onShutdownForceStop(true)
                .setting("save \"\"").setting("appendonly no")
                .setting("dir " + dir);
        if (cluster) {
            builder.setting("cluster-enabled yes").setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 1000").setting("cluster-replica-validity-factor 0");
        }
        if (primary != null) {
            builder.slaveOf("127.0.0.1", primary);
        }
        RedisServer server = builder.build();
        server.start();
        nodes.put(port, server);
        return port;
    }

    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            stopQuietly(sentinel);
        }
        for (RedisServer node : nodes.values()) {
            stopQuietly(node);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopQuietly(redis.embedded.Redis redis) {
        try {
            redis.stop();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    /** A free loopback port below 55536, so that a cluster node's bus port (+10000) is valid. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port < 55536 && portFree(port + 10000)) {
                    return port;
                }
            }
        }
        throw new IOException("no free port pair below 55536");
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
