package dev.latchkey.data;

import java.util.List;
import java.util.UUID;

import dev.latchkey.data.query.DocumentQuery;
import dev.latchkey.data.query.FieldSelection;
import dev.latchkey.data.query.QueryCursors;
import dev.latchkey.data.query.SortOrder;
import dev.latchkey.data.query.WhereClause;
import dev.latchkey.common.Timestamps;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.quota.StorageQuotas;
import dev.latchkey.quota.StorageQuotas.Quota;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The data API's rules (CONTRACT, publishable-key table). Secret keys act with their permissions
 * and bypass row-level security. Publishable keys read (only their user's documents when the
 * collection reads as {@code owner}) and write only through RLS: with a user token, on
 * documents that user owns. Writes that grow what the application stores are held to its quotas
 * ({@link StorageQuotas}).
 */
@ApplicationScoped
@Transactional
public class DocumentService {

    private static final Runnable NO_SESSION = () -> { };

    @Inject
    DocumentRepository documents;

    @Inject
    CollectionRepository collections;

    @Inject
    CollectionRules rules;

    @Inject
    StorageQuotas quotas;

    @Inject
    DocumentQueries queries;

    @Inject
    QueryCursors cursors;

    @Inject
    Event<DocumentChanged> changes;

    /**
     * A page of a query (CONTRACT section 16). Row-level security comes first: an owner-read
     * collection's query is bound to the caller's own documents before any condition of theirs.
     * Outside any transaction: {@link DocumentQueries} reads in autocommit, under the time limit.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public DocumentQueries.Result list(DataCaller caller, String collection, ListingRequest request) {
        DataScope scope = caller.scope(collection);
        if (!readsOwnOnly(caller, scope)) {
            return query(scope, null, request, NO_SESSION);
        }
        // the token is judged now; its session's liveness with the query (DocumentQueries.run)
        DataCaller.Reader reader = caller.readerWithSessionReadLater();
        return query(scope, reader, request, reader.requireLiveSession());
    }

    /** A query of every document of the scope, as a secret key sees them (the console's view). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public DocumentQueries.Result listAll(DataScope scope, ListingRequest request) {
        return query(scope, null, request, NO_SESSION);
    }

    /** {@code reader}: the reader whose documents alone it may see, while their session is live, or null. */
    private DocumentQueries.Result query(DataScope scope, DataCaller.Reader reader, ListingRequest request, Runnable requireLiveSession) {
        DocumentQuery query = new DocumentQuery(scope.applicationId(), scope.environment(), scope.collection(),
                reader == null ? null : reader.userId(),
                WhereClause.parse(request.where()), SortOrder.parse(request.sort()), FieldSelection.parse(request.fields()))
                .after(cursors, request.after());
        if (reader != null) {
            query.onlyWhile(Sessions.liveSessionCondition(), List.of(reader.sessionId().toString(), reader.userId().toString()));
        }
        return queries.run(scope, query, requireLiveSession, request.limit(), request.count(), query.servedBy(rules.of(scope).indexes()));
    }

    /**
     * Another user's document in an owner-read collection answers 404, as if it did not exist.
     * Outside any transaction: the read may be batched with other callers' reads.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Document get(DataCaller caller, String collection, UUID id) {
        DataScope scope = caller.scope(collection);
        UUID owner = readsOwnOnly(caller, scope) ? caller.user() : null;
        return documents.find(scope, id)
                .filter(found -> owner == null || owner.equals(found.ownerId))
                .orElseThrow(DocumentService::notFound);
    }

    public Document create(DataCaller caller, String collection, byte[] body) {
        DataScope scope = caller.scope(collection);
        UUID owner = writer(caller, scope);
        String fields = DocumentJson.parse(body);
        boolean newCollection = !caller.publishable() && collections.ensure(scope);
        Document document = new Document();
        document.applicationId = scope.applicationId();
        document.environment = scope.environment();
        document.collection = scope.collection();
        document.ownerId = owner;
        document.body = fields;
        document.createdAt = Timestamps.now();
        document.updatedAt = document.createdAt;
        documents.persistAndFlush(document);
        changes.fire(DocumentChanged.written(document, "insert"));
        if (newCollection) {
            quotas.check(scope.applicationId(), scope.environment(), Quota.DOCUMENTS, Quota.DOCUMENT_BYTES, Quota.COLLECTIONS);
        } else {
            quotas.check(scope.applicationId(), scope.environment(), Quota.DOCUMENTS, Quota.DOCUMENT_BYTES);
        }
        return document;
    }

    public Document replace(DataCaller caller, String collection, UUID id, byte[] body) {
        DataScope scope = caller.scope(collection);
        UUID writer = writer(caller, scope);
        String fields = DocumentJson.parse(body);
        Document document = writable(scope, id, writer);
        boolean grew = fields.length() > document.body.length();
        document.body = fields;
        return saved(document, grew);
    }

    public Document merge(DataCaller caller, String collection, UUID id, byte[] patch) {
        DataScope scope = caller.scope(collection);
        UUID writer = writer(caller, scope);
        String fields = DocumentJson.parse(patch);
        Document document = writable(scope, id, writer);
        String merged = DocumentJson.merge(document.body, fields);
        boolean grew = merged.length() > document.body.length();
        document.body = merged;
        return saved(document, grew);
    }

    public void delete(DataCaller caller, String collection, UUID id) {
        DataScope scope = caller.scope(collection);
        UUID writer = writer(caller, scope);
        Document document = writable(scope, id, writer);
        documents.delete(document);
        changes.fire(DocumentChanged.deleted(document));
    }

    /**
     * May the caller write here, and as whom: null for a secret key with {@code data:write}; the
     * end user for a publishable key on a collection with RLS. Checked in the contract's order:
     * RLS off is 403 whatever the token, then a missing or bad token is 401.
     */
    private UUID writer(DataCaller caller, DataScope scope) {
        if (!caller.publishable()) {
            return null; // the endpoint declared data:write, which a secret key holds or was refused
        }
        if (!rules.of(scope).rlsEnabled()) {
            throw new ApiException(403, "write_blocked", "Write blocked for publishable key", null);
        }
        return caller.user();
    }

    /** The document to change, locked; a publishable key's user must own it. */
    private Document writable(DataScope scope, UUID id, UUID writer) {
        Document document = documents.findForUpdate(scope, id).orElseThrow(DocumentService::notFound);
        if (writer != null && !writer.equals(document.ownerId)) {
            throw new ApiException(403, "owner_mismatch", "The document belongs to another user", null);
        }
        return document;
    }

    /** {@code grew}: the new body is longer, so the write may pass the bytes quota (a shrinking one never is refused). */
    private Document saved(Document document, boolean grew) {
        document.updatedAt = Timestamps.now();
        documents.flush();
        changes.fire(DocumentChanged.written(document, "update"));
        if (grew) {
            quotas.check(document.applicationId, document.environment, Quota.DOCUMENT_BYTES);
        }
        return document;
    }

    private boolean readsOwnOnly(DataCaller caller, DataScope scope) {
        return caller.publishable() && rules.of(scope).readAccess() == ReadAccess.OWNER;
    }

    private static ApiException notFound() {
        return ApiException.notFound("Document");
    }
}
