package io.haven.rest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;

/**
 * Caps request bodies at {@link #MAX_BYTES} before anything parses them: a declared Content-Length above
 * the cap is refused at once, and a body without one (chunked) is refused when its reader gets past the
 * cap, so no more than the cap is ever read into memory. Bodies are small JSON objects; 1 MiB leaves
 * ample room.
 */
@PreMatching
public class BodyLimit implements ContainerRequestFilter {

    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared.trim())) {
            throw new BodyTooLargeException(MAX_BYTES);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Capped(request.getEntityStream(), MAX_BYTES));
        }
    }

    private static boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Fails the read that would go past the cap. */
    static final class Capped extends FilterInputStream {
        private final long max;
        private long read;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > max) {
                throw new BodyTooLargeException(max);
            }
        }
    }
}
