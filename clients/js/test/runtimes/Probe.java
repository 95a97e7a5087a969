// GET <url> with the key, through Java's own java.net.http.HttpClient; prints the status.
// Run as a single-file program: java Probe.java <url> <key>
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Probe {
    public static void main(String[] args) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(args[0])).header("x-api-key", args[1]).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(answer.statusCode());
    }
}
