package io.haven.rest.json;

/**
 * Input that is not valid UTF-8 or holds a lone surrogate, in a body, a query or a path: refused with 400
 * naming where it was found, before anything reads its meaning.
 */
public class MalformedTextException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedTextException(String field) {
        super("Not valid UTF-8 text: malformed or overlong byte sequences and lone surrogates are refused");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
