package io.haven.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code field} names the offending input (a JSON path, a query or path
 * parameter); {@code errorId} lets an operator find the logged cause of a 500.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://haven.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public Problem withField(String value) {
        return new Problem(type, title, status, detail, value, errorId);
    }

    public Problem withErrorId(String value) {
        return new Problem(type, title, status, detail, field, value);
    }
}
