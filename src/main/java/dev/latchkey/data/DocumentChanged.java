package dev.latchkey.data;

/**
 * Fired inside the transaction of every document write of the data API, so that observers act in
 * that same transaction (realtime sends its change event there: none for a write rolled back).
 *
 * @param op       {@code insert}, {@code update} or {@code delete}
 * @param rendered the document as the data API answers it; null for a delete
 */
public record DocumentChanged(Document document, String op, String rendered) {

    static DocumentChanged written(Document document, String op) {
        return new DocumentChanged(document, op, DocumentJson.render(document));
    }

    static DocumentChanged deleted(Document document) {
        return new DocumentChanged(document, "delete", null);
    }
}
