package io.haven.api.model;

/**
 * What an account is for (guide 3.2.1) (since 1.11).
 * <ul>
 *   <li>{@link #BACKUP}: backups are made and recovered in it (the default).</li>
 *   <li>{@link #DR}: a DR account, only a target of policies' cross-account disaster-recovery copies (guide 11); no
 *       policy backs up its resources.</li>
 * </ul>
 */
public enum AccountType {
    BACKUP, DR
}
