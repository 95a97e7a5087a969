package dev.latchkey.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The page writer's output is, byte for byte, what the service's Jackson writes for the same page. */
@QuarkusTest
class DocumentPageWriterTest {

    @Inject
    ObjectMapper jackson;

    @Test
    void writesEveryPageAsTheServicesJacksonDoes() throws JsonProcessingException {
        List<DocumentPage> pages = List.of(
                new DocumentPage(true, "[]", null, null, null),
                new DocumentPage(true, "[{\"_id\":\"a\",\"title\":\"caf\u00e9 \ud83d\ude00 \\\"q\\\"\"}]", "eyJr_-Ijo", 1L, false),
                new DocumentPage(true, "[{\"_id\":\"b\"},{\"_id\":\"c\"}]", "odd \"cursor\" \\ \u0001", 10_001L, true),
                new DocumentPage(true, "[{\"_id\":\"d\"}]", "next", null, null));
        for (DocumentPage page : pages) {
            assertEquals(jackson.writeValueAsString(page), DocumentPageWriter.json(page));
        }
    }
}
