package io.haven.selfbackup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a stream with a key derived from the operator's passphrase (decision 0042).
 *
 * <p>Key: PBKDF2-HMAC-SHA256 of the passphrase with a random 16-byte salt and {@link #ITERATIONS} iterations (both
 * written in the head, so that a later version may raise the count), 256 bits. Data: AES-256-GCM in segments of
 * {@link #SEGMENT} bytes, each with its own 12-byte nonce (a random 8-byte prefix from the head and the segment's
 * number) and the head plus the segment's number and a last-segment flag as associated data, so that segments can
 * be neither reordered, dropped nor cut off at the end, and neither side ever holds more than one segment in memory
 * (one GCM over a whole large archive would be buffered entirely by the JDK when decrypting).
 *
 * <p>Layout: {@code HAVEN-ARCHIVE-1} (15 bytes), iterations (int), salt (16), nonce prefix (8), then segments, each
 * its ciphertext length (int) and ciphertext with tag; the last segment has the flag set (and may be empty).
 */
public final class ArchiveCipher {

    static final String MAGIC = "HAVEN-ARCHIVE-1";
    static final int ITERATIONS = 600_000;
    static final int SEGMENT = 1 << 20;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ArchiveCipher() {
    }

    /** The passphrase was wrong, or the archive was changed or cut short. */
    public static final class WrongPassphraseException extends IOException {
        WrongPassphraseException(String message) {
            super(message);
        }
    }

    /** A stream that encrypts what is written to it into {@code out}; closing it writes the last segment. */
    public static OutputStream encrypting(OutputStream out, char[] passphrase) throws IOException {
        return encrypting(out, passphrase, ITERATIONS);
    }

    static OutputStream encrypting(OutputStream out, char[] passphrase, int iterations) throws IOException {
        byte[] salt = random(16);
        byte[] prefix = random(8);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        head.write(ByteBuffer.allocate(4).putInt(iterations).array());
        head.write(salt);
        head.write(prefix);
        byte[] headBytes = head.toByteArray();
        out.write(headBytes);
        SecretKeySpec key = derive(passphrase, salt, iterations);
        return new SegmentWriter(out, key, prefix, headBytes);
    }

    /** A stream of the plain bytes of an archive read from {@code in}; fails on a wrong passphrase or a changed archive. */
    public static InputStream decrypting(InputStream in, char[] passphrase) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        byte[] magic = new byte[MAGIC.length()];
        data.readFully(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IOException("Not a Haven backup archive (it does not start with " + MAGIC + ")");
        }
        int iterations = data.readInt();
        if (iterations < 10_000 || iterations > 100_000_000) {
            throw new IOException("Not a Haven backup archive (iteration count " + iterations + ")");
        }
        byte[] salt = new byte[16];
        data.readFully(salt);
        byte[] prefix = new byte[8];
        data.readFully(prefix);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(magic);
        head.write(ByteBuffer.allocate(4).putInt(iterations).array());
        head.write(salt);
        head.write(prefix);
        return new SegmentReader(data, derive(passphrase, salt, iterations), prefix, head.toByteArray());
    }

    static SecretKeySpec derive(char[] passphrase, byte[] salt, int iterations) throws IOException {
        try {
            KeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot derive the archive key: " + e.getMessage(), e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] nonce(byte[] prefix, long segment) {
        return ByteBuffer.allocate(12).put(prefix).putInt(Math.toIntExact(segment)).array();
    }

    private static byte[] associated(byte[] head, long segment, boolean last) {
        return ByteBuffer.allocate(head.length + 9).put(head).putLong(segment).put((byte) (last ? 1 : 0)).array();
    }

    private static final class SegmentWriter extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] head;
        private final byte[] buffer = new byte[SEGMENT];
        private int filled;
        private long segment;
        private boolean closed;

        SegmentWriter(OutputStream out, SecretKeySpec key, byte[] prefix, byte[] head) {
            super(out);
            this.key = key;
            this.prefix = prefix;
            this.head = head;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == SEGMENT) {
                    seal(false);
                }
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, segment)));
                cipher.updateAAD(associated(head, segment, last));
                byte[] sealed = cipher.doFinal(buffer, 0, filled);
                out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
                out.write(sealed);
                segment++;
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot encrypt the archive: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            seal(true);
            Arrays.fill(buffer, (byte) 0);
            super.close();
        }
    }

    private static final class SegmentReader extends InputStream {
        private final DataInputStream in;
        private final SecretKeySpec key;
        private final byte[] prefix;
        private final byte[] head;
        private byte[] plain = new byte[0];
        private int position;
        private long segment;
        private boolean ended;

        SegmentReader(DataInputStream in, SecretKeySpec key, byte[] prefix, byte[] head) {
            this.in = in;
            this.key = key;
            this.prefix = prefix;
            this.head = head;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void next() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                throw new WrongPassphraseException("The archive is cut short: its last segment is missing");
            }
            if (length < TAG_BITS / 8 || length > SEGMENT + TAG_BITS / 8) {
                throw new IOException("The archive is damaged (a segment of " + length + " bytes)");
            }
            byte[] sealed = new byte[length];
            in.readFully(sealed);
            // The last segment is the one that nothing follows; its flag is sealed in, so a cut is found.
            boolean last = peekEnd();
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, segment)));
                cipher.updateAAD(associated(head, segment, last));
                plain = cipher.doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw new WrongPassphraseException(segment == 0
                        ? "Cannot decrypt the archive: wrong passphrase, or the archive was changed or cut short"
                        : "The archive was changed or cut short at segment " + segment);
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot decrypt the archive: " + e.getMessage(), e);
            }
            ended = last;
            position = 0;
            segment++;
        }

        private boolean peekEnd() throws IOException {
            in.mark(1);
            int next = in.read();
            if (next >= 0) {
                in.reset();
            }
            return next < 0;
        }
    }
}
