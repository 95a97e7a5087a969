package dev.latchkey.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that a test can cut, to put one instance out of Redis's reach while the
 * others still reach it. Cut, it forwards nothing: open connections go silent (as when packets are
 * dropped) and new ones are accepted but never answered, so the client meets its own timeouts.
 * Healed, it drops those connections (as their TCP sessions would have timed out) and forwards again.
 * Written by hand: Toxiproxy does this but needs its own server binary.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int targetPort;
    private volatile boolean cut = true;

    /** A proxy that forwards nothing until told where to ({@link #forwardTo}). */
    public TcpProxy() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    /** Forwards to this loopback port from now on (and heals). */
    public void forwardTo(int port) {
        targetPort = port;
        heal();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing passes, in either direction. */
    public void cut() {
        cut = true;
    }

    /** Connections made or silenced during the cut are closed; new ones pass again. */
    public void heal() {
        cut = false;
        // after the switch, so none accepted while cut is left open (one accepted since is merely reopened)
        List<Socket> silenced = List.copyOf(sockets);
        silenced.forEach(TcpProxy::closeQuietly);
        sockets.removeAll(silenced);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (cut) {
                    continue; // accepted, never answered
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                // closed, or Redis refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!cut) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll();
    }
}
