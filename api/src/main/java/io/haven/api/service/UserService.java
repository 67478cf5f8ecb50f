package io.haven.api.service;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegateDraft;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.User;
import io.haven.api.model.UserChange;
import io.haven.api.model.UserDeleted;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sign-in of Haven's users, their passwords and their API keys, and user management (guide 16.2). Root manages
 * every user; an independent user manages the managed users assigned to it; a managed user manages nobody
 * ({@link ForbiddenException}). A user the caller does not manage is reported as not found.
 */
@ProviderType
public interface UserService {

    /** Where a sign-in comes from, when the caller does not know. */
    String UNKNOWN_ADDRESS = "unknown";

    /** Checks a user name and password; empty when they do not match. Same as signing in from an unknown address. */
    Optional<User> authenticate(String username, char[] password);

    /**
     * Checks a user name and password coming from an address through a channel ({@code rest}, {@code shell}):
     * empty when they do not match.
     *
     * @throws TooManySignInsException when the user or the address failed too often lately; the
     *         credentials were not checked
     * @since 1.2
     */
    Optional<User> signIn(String username, char[] password, String address, String channel);

    /** Checks an API key; empty when it is unknown, revoked or expired. */
    Optional<User> authenticateApiKey(String apiKey);

    /** Checks an API key used from an address; empty when it is unknown, revoked or expired. @since 1.2 */
    Optional<User> authenticateApiKey(String apiKey, String address);

    /**
     * Checks an API key used from an address: its user and the key itself (whose rights bound the caller, see
     * {@link Caller#withKey}); empty when it is unknown, revoked or expired.
     *
     * @since 2.5
     */
    Optional<ApiKeySignIn> signInWithApiKey(String apiKey, String address);

    /** The user with this name. @since 1.2 */
    Optional<User> byUsername(String username);

    /**
     * Changes the user's own password. The current password is required; the new one must follow the
     * password rules (12 to 128 characters, not a known breached password).
     *
     * @throws ValidationException naming {@code currentPassword} or {@code newPassword}
     * @since 1.2
     */
    void changePassword(long userId, char[] currentPassword, char[] newPassword);

    /** Creates an API key that does not expire. The key is returned once and stored only as a hash. */
    String createApiKey(long userId, String name);

    /**
     * Creates an API key for a user, expiring at {@code expires} (null: never). The key is in the answer
     * once and stored only as a hash.
     *
     * @since 1.2
     */
    NewApiKey createApiKey(long userId, String name, Instant expires);

    /** The user's API keys, without their values. @since 1.2 */
    List<ApiKey> apiKeys(long userId);

    /** Revokes one of the user's keys at once. @throws NotFoundException when the user has no such key. @since 1.2 */
    void revokeApiKey(long userId, long keyId);

    /**
     * Creates an API key for the signed-in caller: a delegate's key is the delegate's (it acts as the delegate, in
     * its principal's world, with the delegate's permissions). A key made with a key has at most that key's rights
     * (a read-only key makes only read-only keys) and expires no later than it; a read-only caller may create only
     * read-only keys. The key is in the answer once and stored only as a hash; it is deleted with its user.
     *
     * @throws ValidationException naming {@code name} or {@code expires} (in the past, or later than the key
     *                             that creates it)
     * @throws ForbiddenException  when a read-only key asks for a key that is not read-only
     * @since 2.5
     */
    NewApiKey createApiKey(Caller caller, ApiKeyDraft draft);

    /** The signed-in caller's own API keys (a delegate's: the delegate's), without their values. @since 2.5 */
    List<ApiKey> apiKeys(Caller caller);

    /**
     * Revokes one of the signed-in caller's own keys at once, and every key that was made with it.
     *
     * @throws NotFoundException  when the caller has no such key
     * @throws ForbiddenException when the caller uses a read-only key
     * @since 2.5
     */
    void revokeApiKey(Caller caller, long keyId);

    /**
     * Changes the signed-in caller's own password, as {@link #changePassword(long, char[], char[])}.
     *
     * @throws ForbiddenException when the caller uses a read-only key
     * @since 2.5
     */
    void changePassword(Caller caller, char[] currentPassword, char[] newPassword);

    /** {@link #startSecondFactor(long)} for the signed-in caller; refused to a read-only key. @since 2.5 */
    TotpEnrollment startSecondFactor(Caller caller);

    /** {@link #confirmSecondFactor(long, String)} for the signed-in caller; refused to a read-only key. @since 2.5 */
    void confirmSecondFactor(Caller caller, String code);

    /** {@link #turnOffSecondFactor(long, String)} for the signed-in caller; refused to a read-only key. @since 2.5 */
    void turnOffSecondFactor(Caller caller, String code);

    /** The users the caller manages, by id; root sees every user, itself included. @since 2.0 */
    List<UserProfile> users(Caller caller);

    /** One user the caller manages, or itself. @throws NotFoundException otherwise. @since 2.0 */
    UserProfile user(Caller caller, long id);

    /**
     * Creates a user. The password follows the password rules; the user name is 1 to 100 letters, digits and
     * {@code . _ @ -}, and never changes.
     *
     * @throws ValidationException naming the field that is wrong
     * @throws ConflictException   when the user name is taken
     * @throws ForbiddenException  when the caller may not create such a user
     * @since 2.0
     */
    UserProfile createUser(Caller caller, UserDraft draft);

    /** Changes a user's email, type or manager. @since 2.0 */
    UserProfile updateUser(Caller caller, long id, UserChange change);

    /** Sets a user's password without the current one (a reset by its manager). @since 2.0 */
    void resetPassword(Caller caller, long id, char[] newPassword);

    /**
     * Deletes a user and all of its records. Its artifacts in AWS are left in place and listed in the answer.
     *
     * @throws ConflictException when the user still manages users or one of its backups or recoveries is in
     *                           progress
     * @since 2.0
     */
    UserDeleted deleteUser(Caller caller, long id);

    /**
     * Checks a user name, password and, for a user with a second factor, the current one-time code (console sign-in).
     * With a null {@code code} it is {@link #signIn(String, char[], String, String)}, where a user with a second factor
     * appends the code to the password (shell, HTTP Basic: they have no field for it).
     *
     * @throws SecondFactorRequiredException when the password is right, the user has a second factor and
     *                                       {@code code} is null
     * @throws TooManySignInsException       as {@link #signIn(String, char[], String, String)}
     * @since 2.2
     */
    Optional<User> signIn(String username, char[] password, String code, String address, String channel);

    /** Whether the user signs in with a second factor. @since 2.2 */
    SecondFactorState secondFactor(long userId);

    /**
     * Starts the user's own TOTP second factor: a new secret, pending until {@link #confirmSecondFactor} proves it.
     *
     * @throws ConflictException when the user's second factor is already on
     * @since 2.2
     */
    TotpEnrollment startSecondFactor(long userId);

    /**
     * Turns the pending second factor on, proved by a current code of it.
     *
     * @throws ValidationException naming {@code code} when it is not a current code, or nothing is pending
     * @since 2.2
     */
    void confirmSecondFactor(long userId, String code);

    /**
     * Turns the user's own second factor off, proved by a current code of it.
     *
     * @throws ValidationException naming {@code code} when it is not a current code
     * @since 2.2
     */
    void turnOffSecondFactor(long userId, String code);

    /**
     * Turns off the second factor of a user the caller manages, for a user who lost their authenticator app.
     *
     * @throws NotFoundException  when the caller does not manage the user
     * @throws ForbiddenException when the caller may not manage users
     * @since 2.2
     */
    void resetSecondFactor(Caller caller, long id);

    /**
     * The delegates of a user (guide 16.4). The caller is the user itself, or its manager.
     *
     * @throws NotFoundException  when the caller does not see the user
     * @throws ForbiddenException when a delegate asks
     * @since 2.2
     */
    List<Delegate> delegates(Caller caller, long userId);

    /**
     * Adds a delegate of a user: a new sign-in (its own user name, password and keys) that acts in that user's
     * world with the given permissions (null: view only). The user name follows the rules of {@link #createUser}.
     *
     * @throws ValidationException naming the field that is wrong
     * @throws ConflictException   when the user name is taken
     * @since 2.2
     */
    Delegate createDelegate(Caller caller, long userId, DelegateDraft draft);

    /** Sets what a delegate may change. @since 2.2 */
    Delegate updateDelegate(Caller caller, long delegateId, DelegatePermissions permissions);

    /** Sets a delegate's password without the current one (its principal or the principal's manager). @since 2.2 */
    void resetDelegatePassword(Caller caller, long delegateId, char[] newPassword);

    /** Removes a delegate; its sessions and API keys end at once. @since 2.2 */
    void deleteDelegate(Caller caller, long delegateId);
}
