package dev.latchkey.data.query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.key.Environment;

/**
 * One listing of a collection (CONTRACT section 16), compiled: the collection's scope and the
 * reader's row-level security first, then {@code where}, the keyset cursor, {@code sort} and the
 * page size. The application, environment and collection are written into the SQL as literals
 * (all three are checked): a declared index is partial to them, and PostgreSQL uses a partial
 * index only when the query's own text implies its predicate.
 */
public final class DocumentQuery {

    /** Counts are exact up to here; beyond it they are the planner's estimate. */
    public static final int EXACT_COUNT_LIMIT = 10_000;
    private static final Pattern COLLECTION = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    private final String scope;
    private final SqlFragment filters = new SqlFragment();
    private final SqlFragment whileCondition = new SqlFragment();
    private final WhereClause where;
    private final SortOrder sort;
    private final FieldSelection fields;
    private final String digest;
    private List<String> after;

    public DocumentQuery(UUID applicationId, Environment environment, String collection, UUID owner,
            WhereClause where, SortOrder sort, FieldSelection fields) {
        if (!COLLECTION.matcher(collection).matches()) {
            throw new IllegalArgumentException("not a collection name");
        }
        this.where = where;
        this.sort = sort;
        this.fields = fields;
        scope = "d.application_id = '" + applicationId + "'::uuid and d.environment = '" + environment.name()
                + "' and d.collection = '" + collection + "'";
        filters.append(scope);
        if (owner != null) {
            filters.append(" and d.owner_id = ").bind(owner.toString(), "uuid");
        }
        if (where != null) {
            filters.append(" and (").append(where.sql()).append(")");
        }
        digest = QueryCursors.digest(applicationId + "|" + environment + "|" + collection + "|" + owner + "|"
                + (where == null ? "" : where.canonical()) + "|" + sort.canonical());
    }

    /** Continue after the row this cursor (from an earlier page of this very query) names. */
    public DocumentQuery after(QueryCursors cursors, String cursor) {
        after = cursor == null ? null : cursors.decode(cursor, digest, sort.keys().size());
        return this;
    }

    /**
     * The page and its count are read only while {@code condition} holds (a condition on no
     * document, such as the reader's session being live; a {@code ?} in it for each of
     * {@code values}), each in its own statement: read while it does not hold, the page is empty
     * and the count 0, at the cost of one lookup (PostgreSQL plans it as a one-time filter).
     */
    public DocumentQuery onlyWhile(String condition, List<String> values) {
        whileCondition.append(" and ").appendBound(condition, values);
        return this;
    }

    public FieldSelection fields() {
        return fields;
    }

    /**
     * {@code limit} rows: id, owner, body (projected to {@code fields}), created, updated, then
     * each sort key as text, which {@link #cursor} turns into the next page's cursor. After a
     * cursor of a mixed-direction sort, the page is merged from one limited scan per range of
     * {@link SortOrder#rangesAfter}, so a deep page reads at most a page per range.
     */
    public SqlFragment select(int limit) {
        List<SqlFragment> ranges = after == null ? List.of(new SqlFragment()) : sort.rangesAfter(after);
        if (ranges.size() == 1) {
            return scan(ranges.getFirst(), false).append(" limit " + limit);
        }
        SqlFragment merged = new SqlFragment().append("select * from (");
        for (int i = 0; i < ranges.size(); i++) {
            merged.append(i == 0 ? "(" : " union all (").append(scan(ranges.get(i), true)).append(" limit " + limit + ")");
        }
        return merged.append(") page").append(sort.orderByColumns()).append(" limit " + limit);
    }

    /** The rows in {@code range} (none: all), in sort order; with the sort keys as their own columns when merged. */
    private SqlFragment scan(SqlFragment range, boolean keyColumns) {
        SqlFragment select = new SqlFragment().append("select d.id, d.owner_id, ")
                .append(fields == null || fields.body().isEmpty() ? new SqlFragment().append(fields == null ? "d.body" : "'{}'::jsonb") : fields.projection())
                .append("::text, d.created_at, d.updated_at").append(sort.selectKeys())
                .append(keyColumns ? sort.selectKeyColumns() : "")
                .append(" from document d where ").append(filters).append(whileCondition);
        if (!range.isEmpty()) {
            select.append(" and ").append(range);
        }
        return select.append(sort.orderBy());
    }

    /** How many rows match, read up to one past the exact limit. */
    public SqlFragment count() {
        return new SqlFragment().append("select count(*) from (select 1 from document d where ").append(filters).append(whileCondition)
                .append(" limit " + (EXACT_COUNT_LIMIT + 1) + ") c");
    }

    /** The planner's estimate of the matching rows, for counts past the exact limit. */
    public SqlFragment estimate() {
        return new SqlFragment().append("explain (format json) select 1 from document d where ").append(filters).append(whileCondition);
    }

    /** The cursor after a row of {@link #select}, from the values of its sort-key columns. */
    public String cursor(QueryCursors cursors, List<String> keyValues) {
        return cursors.encode(digest, new ArrayList<>(keyValues));
    }

    /** What identifies this query whatever its page: its scope, reader, conditions and sort, as the cursors' digest. */
    public String shape() {
        return digest;
    }

    public int sortKeys() {
        return sort.keys().size();
    }

    /**
     * Whether an index serves this query (CONTRACT section 16): without conditions in {@code _id}
     * order, the primary key; else a declared index of the fields {@link #suggestedIndex} names,
     * its sort fields in the query's directions or all reversed (a backward scan).
     */
    public boolean servedBy(List<List<String>> declared) {
        if (where == null && sort.keys().size() == 1) {
            return true;
        }
        List<String> suggested = suggestedIndex();
        int equalities = where == null ? 0 : (int) where.equalities().stream().filter(name -> !name.equals("_id")).count();
        return !suggested.isEmpty() && declared.stream().anyMatch(index -> index.size() == suggested.size()
                && (sameFields(index, suggested, equalities, false) || sameFields(index, suggested, equalities, true)));
    }

    /** Field by field the same, directions compared after the equality fields only, all reversed when {@code reversed}. */
    private static boolean sameFields(List<String> index, List<String> suggested, int equalities, boolean reversed) {
        for (int i = 0; i < index.size(); i++) {
            String declaredField = index.get(i);
            String wanted = suggested.get(i);
            if (!declaredField.replaceFirst("^-", "").equals(wanted.replaceFirst("^-", ""))) {
                return false;
            }
            if (i >= equalities && (declaredField.startsWith("-") == wanted.startsWith("-")) == reversed) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index that would serve this query, as settings declare it: the fields compared for
     * equality, then the sort (or, without one, the first range), at most 3.
     */
    public List<String> suggestedIndex() {
        List<String> fieldsOfIndex = new ArrayList<>();
        if (where != null) {
            where.equalities().stream().filter(name -> !name.equals("_id")).forEach(fieldsOfIndex::add);
        }
        List<SortOrder.Key> keys = sort.keys().stream().filter(key -> !key.field().isId()).toList();
        keys.forEach(key -> fieldsOfIndex.add(key.wire()));
        if (keys.isEmpty() && where != null) {
            where.ranges().stream().filter(name -> !fieldsOfIndex.contains(name)).findFirst().ifPresent(fieldsOfIndex::add);
        }
        return fieldsOfIndex.stream().distinct().limit(SortOrder.MAX_FIELDS).toList();
    }
}
