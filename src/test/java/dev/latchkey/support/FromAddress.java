package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.restassured.RestAssured;

/**
 * Calls the service under test over a real connection from another loopback address (Linux
 * routes all of 127.0.0.0/8 to the loopback interface), so a test has several client addresses
 * without any proxy: 127.0.0.2 is the test profile's trusted proxy, the others plain clients.
 */
public final class FromAddress {

    private final HttpClient client;

    private FromAddress(String local) {
        try {
            client = HttpClient.newBuilder().localAddress(InetAddress.getByName(local)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FromAddress of(String local) {
        return new FromAddress(local);
    }

    /** A request to the service under test, e.g. {@code request("/api/v1/keys/self").header("x-api-key", key)}. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET path} with {@code x-api-key}. */
    public HttpResponse<String> getWithKey(String path, String key) {
        return send(request(path).header("x-api-key", key));
    }
}
