package io.haven.core.backup;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.service.ValidationException;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.Position;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The cursor of the backup list (decision 0035): where the next page starts (the sort key and id of the last row
 * shown), bound to the listing it came from (sort, order and a fingerprint of the filters), with a check value,
 * as base64url without padding. Clients treat it as opaque; the check value makes a changed cursor a clear 400
 * rather than a silently different page. It is not a secret and grants nothing: the rows still pass the caller's
 * worlds, so a forged one could only start a listing elsewhere.
 */
final class BackupCursor {

    private static final Pattern FORM = Pattern.compile(BackupQuery.CURSOR_PATTERN);
    private static final byte VERSION = 1;
    private static final int CHECK_BYTES = 6;
    private static final byte LONG_KEY = 0;
    private static final byte TEXT_KEY = 1;
    private static final byte[] SALT = "haven backup cursor".getBytes(StandardCharsets.UTF_8);

    private BackupCursor() {
    }

    /** The cursor of the rows after this backup, in this (validated) listing. */
    static String after(BackupQuery query, Backup last) {
        Object key = BackupRepository.sortKey(query.sort(), last);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(query.sort());
            out.writeBoolean(query.descending());
            out.writeInt(filters(query));
            if (key instanceof String text) {
                out.writeByte(TEXT_KEY);
                out.writeUTF(text);
            } else {
                out.writeByte(LONG_KEY);
                out.writeLong((Long) key);
            }
            out.writeLong(last.id());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] payload = bytes.toByteArray();
        byte[] cursor = Arrays.copyOf(payload, payload.length + CHECK_BYTES);
        System.arraycopy(check(payload), 0, cursor, payload.length, CHECK_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor);
    }

    /**
     * The position a cursor names, for this (validated) listing.
     *
     * @throws ValidationException naming {@code cursor}: not of the cursor's form, changed or not Haven's, or made for
     *                             another sort, order or filters
     */
    static Position position(String cursor, BackupQuery query) {
        if (!FORM.matcher(cursor).matches()) {
            throw new ValidationException("cursor", "Not a cursor: give the 'next' value of an earlier page "
                    + "(16 to 512 letters, digits, '-' and '_')");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw changed();
        }
        if (bytes.length <= CHECK_BYTES) {
            throw changed();
        }
        byte[] payload = Arrays.copyOf(bytes, bytes.length - CHECK_BYTES);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, payload.length, bytes.length),
                Arrays.copyOf(check(payload), CHECK_BYTES))) {
            throw changed();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw changed();
            }
            String sort = in.readUTF();
            boolean descending = in.readBoolean();
            int filters = in.readInt();
            byte kind = in.readByte();
            Object key = switch (kind) {
                case LONG_KEY -> in.readLong();
                case TEXT_KEY -> in.readUTF();
                default -> throw changed();
            };
            long id = in.readLong();
            if (in.available() > 0 || (kind == TEXT_KEY) != "status".equals(sort)) {
                throw changed();
            }
            if (!sort.equals(query.sort()) || descending != query.descending() || filters != filters(query)) {
                throw new ValidationException("cursor", "This cursor belongs to a listing with other filters, sort or "
                        + "order: repeat those of the page it came from, or start again without a cursor");
            }
            return new Position(key, id);
        } catch (IOException e) {
            throw changed();
        }
    }

    private static ValidationException changed() {
        return new ValidationException("cursor", "This cursor was changed or was not made by Haven: give the 'next' "
                + "value of an earlier page as it was, or start again without a cursor");
    }

    /** A fingerprint of the filters, so that a cursor cannot continue a listing with other filters. */
    private static int filters(BackupQuery query) {
        String filters = query.policyId() + "\u0000" + query.status() + "\u0000" + query.frozen() + "\u0000"
                + (query.text() == null ? "" : query.text());
        return ByteBuffer.wrap(sha256(filters.getBytes(StandardCharsets.UTF_8))).getInt();
    }

    private static byte[] check(byte[] payload) {
        byte[] salted = Arrays.copyOf(SALT, SALT.length + payload.length);
        System.arraycopy(payload, 0, salted, SALT.length, payload.length);
        return sha256(salted);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java lacks SHA-256", e);
        }
    }
}
