package io.haven.api.model;

import java.time.Instant;

/**
 * What a new API key should be. Core bounds it by whoever creates it: a key made with a key has at most that key's
 * rights and expires no later than it.
 *
 * @param name     what the key is for
 * @param expires  when it stops working; null: never, or, when it is made with an expiring key, when that key expires
 * @param readOnly true for a key that only reads and monitors; null: read-only when it is made with a read-only key,
 *                 with every right of its user otherwise
 * @since model 1.11
 */
public record ApiKeyDraft(String name, Instant expires, Boolean readOnly) {
}
